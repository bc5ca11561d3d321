// Package sharedtest finds the shared data folder (labeled corpora and real
// chat-export fixtures) that lives beside the repository, for tests.
//
// The folder is $STEADY_SHARED_DIR when set, else ../shared from the module
// root. When it is absent a test is skipped with a message saying so — unless
// STEADY_REQUIRE_SHARED=1 (set by .ci/run, since CI always has it), which
// turns the skip into a failure so a missing folder can never pass silently.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder, or skips (or fails) t when it is missing.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := find()
	if err == nil {
		return dir
	}
	msg := "shared data folder not found (" + err.Error() + "); set STEADY_SHARED_DIR or place it at ../shared beside the repository"
	if os.Getenv("STEADY_REQUIRE_SHARED") == "1" {
		t.Fatal(msg + " — STEADY_REQUIRE_SHARED=1 makes this a failure")
	}
	t.Skip(msg)
	return ""
}

// Path returns a path inside the shared folder (skipping or failing t as Dir
// does), and fails t when that file itself is missing.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Dir(t)}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("shared file missing: %v", err)
	}
	return p
}

func find() (string, error) {
	if d := os.Getenv("STEADY_SHARED_DIR"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", err
		}
		return d, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	d := filepath.Join(filepath.Dir(root), "shared")
	if _, err := os.Stat(d); err != nil {
		return "", err
	}
	return d, nil
}

// moduleRoot walks up from the working directory (a package folder, in
// tests) to the folder holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
