// Package fuzzseed seeds the importers' fuzz tests with real exports: the
// shared fixtures beside the repository (when present) and each package's
// own testdata files.
package fuzzseed

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steadyhq/steady/internal/sharedtest"
)

// maxSeed keeps seeds small enough for the fuzzer to mutate usefully.
const maxSeed = 64 << 10

// Shared adds the files under fixtures/chats/<sub> of the shared folder
// whose names end in one of exts. A missing shared folder only logs (the
// fuzz test still runs on its own seeds) unless STEADY_REQUIRE_SHARED=1,
// which makes it fail as sharedtest does.
func Shared(f *testing.F, sub string, exts ...string) {
	f.Helper()
	if !sharedPresent() && os.Getenv("STEADY_REQUIRE_SHARED") != "1" {
		f.Log("shared fixtures not found: fuzzing with the package's own seeds only")
		return
	}
	Dir(f, filepath.Join(sharedtest.Dir(f), "fixtures", "chats", sub), exts...)
}

// Dir adds the files under dir (recursively) whose names end in one of exts.
func Dir(f *testing.F, dir string, exts ...string) {
	f.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, string(filepath.Separator)+"fuzz"+string(filepath.Separator)) {
			return err
		}
		for _, ext := range exts {
			if strings.HasSuffix(p, ext) {
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if len(b) <= maxSeed {
					f.Add(b)
					n++
				}
				break
			}
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Logf("%d seeds from %s", n, dir)
}

// sharedPresent mirrors sharedtest's lookup without skipping.
func sharedPresent() bool {
	if d := os.Getenv("STEADY_SHARED_DIR"); d != "" {
		_, err := os.Stat(d)
		return err == nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			_, err := os.Stat(filepath.Join(filepath.Dir(dir), "shared"))
			return err == nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}
