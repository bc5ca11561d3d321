package datadir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// LooseError is the error of Private for a data folder that other users
// may open.
type LooseError struct {
	Dir  string
	Mode fs.FileMode
}

func (e *LooseError) Error() string {
	return fmt.Sprintf("the data folder %s is open to other users (mode %04o), and it holds private conversations: make it yours alone",
		e.Dir, e.Mode.Perm())
}

// Fix is the command that makes the folder private.
func (e *LooseError) Fix() string { return "chmod 700 " + shellQuote(e.Dir) }

// Private makes sure that the data folder dir and steady's files in it are
// the user's alone, before steady reads or writes them. A folder that
// other users may open is refused with a *LooseError, which says the
// command that fixes it: the folder may be one the user chose (--data),
// whose mode is theirs to decide. steady's own files in it (names, and
// what matches them as a glob pattern) that others may read or write are
// made private (0600), and described in tightened, for the caller to tell
// the user. A folder that does not exist yet is fine: steady creates it
// private. On Windows, whose permissions are not modes, it does nothing.
func Private(dir string, names ...string) (tightened []string, err error) {
	if runtime.GOOS == "windows" {
		return nil, nil
	}
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, &LooseError{Dir: dir, Mode: st.Mode()}
	}
	for _, pattern := range names {
		paths, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return tightened, fmt.Errorf("data folder: %w", err)
		}
		for _, p := range paths {
			st, err := os.Stat(p)
			if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o077 == 0 {
				continue // gone meanwhile, or not a file of steady's, or private
			}
			if err := os.Chmod(p, 0o600); err != nil {
				return tightened, fmt.Errorf("%s is open to other users (mode %04o) and could not be made private: %w; try: chmod 600 %s",
					p, st.Mode().Perm(), err, shellQuote(p))
			}
			tightened = append(tightened, fmt.Sprintf("%s was open to other users (mode %04o); it is now yours alone (0600)", p, st.Mode().Perm()))
		}
	}
	return tightened, nil
}

// shellQuote quotes a path for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
