//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoosePermissionsOnTheDataFolder covers a data folder, or steady's
// files in it, that other users may open: steady must not use them as
// they are without a word.
func TestLoosePermissionsOnTheDataFolder(t *testing.T) {
	mode := func(t *testing.T, p string) os.FileMode {
		t.Helper()
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return st.Mode().Perm()
	}
	setup := func(t *testing.T) (map[string]string, string) {
		t.Helper()
		env, export := testEnv(t)
		if out, errOut, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", export); code != 0 {
			t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
		}
		return env, env["STEADY_DATA_DIR"]
	}

	t.Run("a folder others may open is refused, with the command that fixes it", func(t *testing.T) {
		env, data := setup(t)
		if err := os.Chmod(data, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"stats", "Alex"},
			{"check", "--contact", "Alex"},
			{"check"}, // reads the profile of the store that is there
			{"forget", "--all", "--yes"},
			// A network address, which needs a password first, so that a
			// serve that fails to refuse the folder ends all the same.
			{"serve", "--addr", "0.0.0.0:0"},
		} {
			out, errOut, code := run(t, "Ok, 9 works.", env, args...)
			if code != exitUsage || !strings.Contains(errOut, "open to other users (mode 0755)") || !strings.Contains(errOut, "Try: chmod 700 "+data+"\n") {
				t.Errorf("%v: exit %d, want %d and the fix\n%s%s", args, code, exitUsage, out, errOut)
			}
		}
		if m := mode(t, data); m != 0o755 {
			t.Errorf("the folder is now %04o: its mode is the user's to change", m)
		}
		if err := os.Chmod(data, 0o700); err != nil {
			t.Fatal(err)
		}
		if out, errOut, code := run(t, "", env, "stats", "Alex"); code != 0 {
			t.Errorf("after chmod 700, stats: exit %d\n%s%s", code, out, errOut)
		}
	})

	t.Run("steady's files that others may read are made private, and it says so", func(t *testing.T) {
		env, data := setup(t)
		db := filepath.Join(data, dbFile)
		if err := os.Chmod(db, 0o666); err != nil {
			t.Fatal(err)
		}
		out, errOut, code := run(t, "", env, "stats", "Alex")
		if code != 0 {
			t.Fatalf("stats: exit %d\n%s%s", code, out, errOut)
		}
		if m := mode(t, db); m != 0o600 {
			t.Errorf("steady.db is %04o after stats, want 0600", m)
		}
		if want := "steady: " + db + " was open to other users (mode 0666); it is now yours alone (0600).\n"; !strings.Contains(errOut, want) {
			t.Errorf("stderr %q does not say %q", errOut, want)
		}
		for _, p := range []string{db, db + "-kept", db + "-kept.lock"} {
			if st, err := os.Stat(p); err == nil && st.Mode().Perm() != 0o600 {
				t.Errorf("%s is %04o", p, st.Mode().Perm())
			}
		}
	})
}
