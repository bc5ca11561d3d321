package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
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

// killChildEnv, when set to a database path, makes TestKilledImport the
// child: it imports into that database until it is killed.
const killChildEnv = "STEADY_SQLITE_KILL_CHILD"

// TestKilledImport kills a process in the middle of an import, with rows
// of the import already written to the WAL, and checks that the database
// holds nothing of it afterwards and is intact.
func TestKilledImport(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		killChild(path)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "steady.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c := createContact(t, db, "Alex")
	before := importAll(t, db, c.ID, "old.txt", genMessages(1000, epoch.Add(-1000*time.Hour), time.Minute))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledImport$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// Wait until the child says its import has rows in the WAL.
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(2 * time.Minute)
wait:
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("the child ended before it started writing")
			}
			if strings.HasPrefix(line, "writing") {
				t.Logf("child: %s", line)
				break wait
			}
		case <-deadline:
			t.Fatal("the child did not start writing within two minutes")
		}
	}
	fi, err := os.Stat(path + "-wal")
	if err != nil || fi.Size() < 1<<20 {
		t.Fatalf("the WAL holds no uncommitted import to lose (%v, err %v): the test would prove nothing", fi, err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		t.Fatal("the child exited cleanly: it was not killed mid-import")
	}

	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatalf("opening the database after the kill: %v", err)
	}
	defer db.Close()
	raw := rawDB(t, db)
	var check string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q (err %v)", check, err)
	}
	rows, err := raw.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("foreign_key_check found broken references")
	}
	rows.Close()
	if n := countRows(t, db, "messages"); n != before.Added {
		t.Errorf("%d messages after the kill, want the %d of the earlier import", n, before.Added)
	}
	imps, err := sqlite.NewMessageService(db).Imports(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(imps) != 1 || imps[0].FileName != "old.txt" {
		t.Errorf("imports after the kill: %+v, want old.txt alone", imps)
	}
	if n := countRows(t, db, "message_labels"); n != 3 {
		t.Errorf("%d message labels, want the 3 of the earlier import", n)
	}
	// The store takes the same import again, whole.
	again := importAll(t, db, c.ID, "new.txt", killChildMessages(0))
	if again.Added != len(killChildMessages(0)) {
		t.Errorf("the import after the kill added %d, want %d", again.Added, len(killChildMessages(0)))
	}
}

// killChildMessages is batch i of the child's import: 2,000 messages of
// 2 KB each, so that a few batches overflow the page cache and reach the
// WAL before the commit.
func killChildMessages(i int) []steady.Message {
	msgs := genMessages(2000, epoch.Add(time.Duration(i)*2000*time.Minute), time.Minute)
	pad := strings.Repeat("x", 2000)
	for j := range msgs {
		msgs[j].Text += pad
		msgs[j].Sender = "Killed Sender"
		msgs[j].Key = fmt.Sprintf("kill-%d-%d", i, j)
	}
	return msgs
}

// killChild imports into the database at path, batch after batch, and
// says "writing" once the WAL holds 8 MB of its uncommitted rows. It
// never commits: the parent kills it.
func killChild(path string) {
	// Should the parent fail to kill it, do not run forever.
	time.AfterFunc(3*time.Minute, func() { os.Exit(3) })
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c, err := sqlite.NewContactService(db).FindContact(ctx, "Alex")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	mi, err := sqlite.NewMessageService(db).BeginImport(ctx, c.ID, &steady.Import{FileName: "new.txt"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	said := false
	for i := 1; ; i++ {
		if err := mi.Add(ctx, killChildMessages(i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 8<<20 && !said {
			fmt.Printf("writing: %d messages added, WAL %d bytes\n", i*2000, fi.Size())
			said = true
		}
		if i > 500 {
			// Enough: wait for the kill with the transaction open.
			select {}
		}
	}
}
