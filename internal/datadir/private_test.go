package datadir_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/steadyhq/steady/internal/datadir"
)

func TestPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows permissions are not modes")
	}
	mode := func(t *testing.T, p string) os.FileMode {
		t.Helper()
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return st.Mode().Perm()
	}
	t.Run("a folder other users may open is refused with the command that fixes it", func(t *testing.T) {
		for _, m := range []os.FileMode{0o755, 0o750, 0o701, 0o777} {
			dir := filepath.Join(t.TempDir(), "my data")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			os.Chmod(dir, m)
			_, err := datadir.Private(dir, "steady.db*")
			var le *datadir.LooseError
			if !errors.As(err, &le) {
				t.Fatalf("mode %04o: error %v, want a LooseError", m, err)
			}
			if want := "chmod 700 '" + dir + "'"; le.Fix() != want {
				t.Errorf("fix %q, want %q", le.Fix(), want)
			}
			if mode(t, dir) != m {
				t.Errorf("the folder's mode changed to %04o; it is the user's to change", mode(t, dir))
			}
		}
	})
	t.Run("steady's files that others may read or write are made private", func(t *testing.T) {
		dir := t.TempDir()
		os.Chmod(dir, 0o700)
		for name, m := range map[string]os.FileMode{"steady.db": 0o666, "steady.db-wal": 0o644, "steady.db-shm": 0o600, "web-password": 0o640, "notes.txt": 0o644} {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			os.Chmod(p, m)
		}
		told, err := datadir.Private(dir, "steady.db*", "web-password")
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"steady.db", "steady.db-wal", "steady.db-shm", "web-password"} {
			if m := mode(t, filepath.Join(dir, name)); m != 0o600 {
				t.Errorf("%s is %04o, want 0600", name, m)
			}
		}
		if m := mode(t, filepath.Join(dir, "notes.txt")); m != 0o644 {
			t.Errorf("notes.txt, not steady's, is now %04o", m)
		}
		if len(told) != 3 || !strings.Contains(strings.Join(told, "\n"), "steady.db was open to other users (mode 0666)") {
			t.Errorf("told %q, want the three files that changed", told)
		}
	})
	t.Run("a folder not made yet is fine", func(t *testing.T) {
		if _, err := datadir.Private(filepath.Join(t.TempDir(), "new"), "steady.db*"); err != nil {
			t.Error(err)
		}
	})
}
