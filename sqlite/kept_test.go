//go:build unix

package sqlite_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

// keptHolderEnv, when set to a database path, makes TestKeptHolderDies
// the child that takes the kept values and waits to be killed holding
// them.
const keptHolderEnv = "STEADY_SQLITE_KEPT_HOLDER"

// write makes a write to the store, of the kind every command makes.
func write(db *sqlite.DB) error {
	tz := "Europe/Paris"
	_, err := sqlite.NewProfileService(db).UpdateProfile(context.Background(), steady.ProfileUpdate{TimeZone: &tz})
	return err
}

// mustOpenKept takes the kept values, failing if they cannot be had.
func mustOpenKept(t *testing.T, db *sqlite.DB) *sqlite.Kept {
	t.Helper()
	k, err := sqlite.OpenKept(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	if k == nil {
		t.Fatal("no kept values: a write is under way?")
	}
	return k
}

func keep(t *testing.T, db *sqlite.DB, key, value string) {
	t.Helper()
	k := mustOpenKept(t, db)
	k.Keep(key, []byte(value))
	if err := k.Close(); err != nil {
		t.Fatal(err)
	}
}

func keptValue(t *testing.T, db *sqlite.DB, key string) (string, bool) {
	t.Helper()
	k := mustOpenKept(t, db)
	defer k.Close()
	v, ok := k.Value(key)
	return string(v), ok
}

func TestKept(t *testing.T) {

	t.Run("a value kept is there for the next process, until any write", func(t *testing.T) {
		db := openDB(t)
		keep(t, db, "a", `{"n":1}`)
		if v, ok := keptValue(t, db, "a"); !ok || v != `{"n":1}` {
			t.Fatalf("kept %q (%v), want {\"n\":1}", v, ok)
		}
		if err := write(db); err != nil {
			t.Fatal(err)
		}
		if v, ok := keptValue(t, db, "a"); ok {
			t.Errorf("after a write, still kept: %q", v)
		}
	})

	t.Run("an import deletes kept values too", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		keep(t, db, "a", `1`)
		importAll(t, db, c.ID, "a.txt", genMessages(10, epoch, time.Minute))
		if _, ok := keptValue(t, db, "a"); ok {
			t.Error("after an import, still kept")
		}
	})

	t.Run("a write by the holder gives the values up and does not wait for itself", func(t *testing.T) {
		db := openDB(t)
		keep(t, db, "a", `1`)
		k := mustOpenKept(t, db)
		db.Kept = k
		done := make(chan error, 1)
		go func() {
			err := write(db)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the write waited for its own process's kept values")
		}
		if _, ok := k.Value("a"); ok {
			t.Error("the holder still hands out a value after writing")
		}
		k.Keep("b", []byte(`2`))
		if err := k.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(db.Path + "-kept"); !os.IsNotExist(err) {
			t.Errorf("values were written back after the holder wrote (stat: %v)", err)
		}
	})

	t.Run("a writer of another process waits for the holder, then deletes what it kept", func(t *testing.T) {
		db := openDB(t)
		other := openAt(t, db.Path, sqlite.Options{})
		k := mustOpenKept(t, db)
		k.Keep("a", []byte(`1`))
		done := make(chan error, 1)
		go func() {
			err := write(other)
			done <- err
		}()
		select {
		case err := <-done:
			t.Fatalf("the write did not wait for the holder (err %v)", err)
		case <-time.After(100 * time.Millisecond):
		}
		if err := k.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if v, ok := keptValue(t, db, "a"); ok {
			t.Errorf("what was kept before the write is still there: %q", v)
		}
	})

	t.Run("while a write is under way no values are handed out", func(t *testing.T) {
		db := openDB(t)
		lock, err := os.OpenFile(db.Path+"-kept.lock", os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer lock.Close()
		// What a writer holds for the length of its transaction.
		if err := flockShared(lock); err != nil {
			t.Fatal(err)
		}
		k, err := sqlite.OpenKept(db.Path)
		if err != nil || k != nil {
			t.Errorf("OpenKept during a write = %v, %v; want nil, nil", k, err)
		}
	})

	t.Run("values taken from another state of the database file are not used", func(t *testing.T) {
		db := openDB(t)
		keep(t, db, "a", `1`)
		if _, ok := keptValue(t, db, "a"); !ok {
			t.Fatal("not kept")
		}
		// What a program other than steady would do: change the file
		// without the lock (here only its time).
		later := time.Now().Add(time.Hour)
		if err := os.Chtimes(db.Path, later, later); err != nil {
			t.Fatal(err)
		}
		if v, ok := keptValue(t, db, "a"); ok {
			t.Errorf("kept %q after the database changed behind the lock", v)
		}
	})

	t.Run("a lock file replaced while held locks nobody out for long", func(t *testing.T) {
		db := openDB(t)
		k := mustOpenKept(t, db)
		if err := os.Remove(db.Path + "-kept.lock"); err != nil {
			t.Fatal(err)
		}
		// A write takes the lock file that is there now, and goes ahead.
		if err := write(db); err != nil {
			t.Fatal(err)
		}
		k.Keep("a", []byte("1"))
		if err := k.Close(); err != nil {
			t.Fatal(err)
		}
		// What k kept was read before that write: its state says so.
		if v, ok := keptValue(t, db, "a"); ok {
			t.Errorf("kept %q from before a write", v)
		}
	})

	t.Run("a kept file that does not decode is as good as none", func(t *testing.T) {
		db := openDB(t)
		for _, junk := range []string{"", "{", `{"format":1,"values":{"a":1}}`, "\x00\xff", "steady kept values 2\n\x00\x01a\x011\x00\x00\x00\x00"} {
			if err := os.WriteFile(db.Path+"-kept", []byte(junk), 0o600); err != nil {
				t.Fatal(err)
			}
			if v, ok := keptValue(t, db, "a"); ok {
				t.Errorf("from %q: kept %q", junk, v)
			}
		}
		keep(t, db, "a", `1`)
		if v, ok := keptValue(t, db, "a"); !ok || v != "1" {
			t.Errorf("after junk, a kept value is not kept: %q %v", v, ok)
		}
	})

	t.Run("the files are private", func(t *testing.T) {
		db := openDB(t)
		keep(t, db, "a", `1`)
		for _, name := range []string{db.Path + "-kept", db.Path + "-kept.lock"} {
			st, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			if m := st.Mode().Perm(); m != 0o600 {
				t.Errorf("%s: mode %v, want 0600", filepath.Base(name), m)
			}
		}
	})

	t.Run("no database, no kept values", func(t *testing.T) {
		k, err := sqlite.OpenKept(filepath.Join(t.TempDir(), "none.db"))
		if k != nil || err != nil {
			t.Errorf("OpenKept of no database = %v, %v", k, err)
		}
	})
}

// TestKeptHolderDies kills a process that holds the kept values and
// checks that a write goes ahead at once: the lock dies with its holder.
func TestKeptHolderDies(t *testing.T) {
	if path := os.Getenv(keptHolderEnv); path != "" {
		k, err := sqlite.OpenKept(path)
		if err != nil || k == nil {
			t.Fatalf("no kept values: %v", err)
		}
		os.Stdout.WriteString("holding\n")
		time.Sleep(time.Minute)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	db := openDB(t)
	child := exec.Command(os.Args[0], "-test.run=^TestKeptHolderDies$", "-test.count=1")
	child.Env = append(os.Environ(), keptHolderEnv+"="+db.Path)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "holding" {
		child.Process.Kill()
		child.Wait()
		t.Fatalf("child said %q", line)
	}
	if k, _ := sqlite.OpenKept(db.Path); k != nil {
		k.Close()
		t.Error("two processes held the kept values at once")
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	start := time.Now()
	if err := write(db); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the write waited %v for a dead holder", d)
	}
}

// flockShared takes f's lock shared, as a writer does.
func flockShared(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
}
