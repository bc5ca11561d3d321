//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMStopsAnImportWhileItReads sends SIGTERM to an import that is
// reading an export of thousands of senders through a FIFO, then feeds it
// one more block without ever ending the file: an import that stops on
// the signal exits; one that goes on reading waits for the rest forever.
func TestSIGTERMStopsAnImportWhileItReads(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildSteady(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "chat.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	var out strings.Builder
	cmd := exec.Command(bin, "import", "--data", filepath.Join(dir, "data"), "--contact", "S1", "--me", "S0", "--tz", "UTC", fifo)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		cmd.Process.Kill()
		t.Fatal(err)
	}
	defer w.Close()
	block := func(from int) []byte {
		var b strings.Builder
		for i := from; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, "1/1/21, 12:%02d - S%d: hi\n", i%60, i)
		}
		return []byte(b.String())
	}
	// A FIFO holds 64 KiB: once a megabyte is written, the import is
	// reading it.
	if _, err := w.Write(block(0)); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go w.Write(block(50_000)) // wakes a reader that did not stop
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitVerdict {
			t.Fatalf("exit: %v, want status %d; output:\n%s", err, exitVerdict, out.String())
		}
		if !strings.Contains(out.String(), "import stopped: no messages were added") {
			t.Errorf("output %q does not say the import stopped", out.String())
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("the import did not stop on SIGTERM; output:\n%s", out.String())
	}
}
