//go:build linux

package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"mime/multipart"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/internal/chatgen"
)

// TestAKilledUploadLeavesNoChatBehind kills `steady serve` with SIGKILL
// while it receives a WhatsApp .zip, then runs `steady forget --all` and
// lists the data folder: no copy of the chat may be in it. It also plants
// what an older steady's crash would have left, and checks that serve
// removes it at start-up. Linux only: it finds the server's open upload
// through /proc.
func TestAKilledUploadLeavesNoChatBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs the server; skipped with -short")
	}
	bin := buildSteady(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(data, "steady-upload-1234.zip")
	if err := os.WriteFile(old, []byte("PK\x03\x04 a chat an older steady left"), 0o600); err != nil {
		t.Fatal(err)
	}

	serve := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	serve.Stderr = &logs
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Process.Kill()
	var addr string
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "steady is running at "); ok {
			u, err := url.Parse(rest)
			if err != nil {
				t.Fatal(err)
			}
			addr = u.Host
			break
		}
	}
	if addr == "" {
		t.Fatal("serve never said where it runs")
	}
	if _, err := os.Stat(old); err == nil {
		t.Errorf("serve started with %s still in the data folder", filepath.Base(old))
	}

	// Half of an upload of a real chat's .zip: the server spools it
	// while it waits for the rest.
	var chat bytes.Buffer
	zw := zip.NewWriter(&chat)
	w, _ := zw.Create("_chat.txt")
	if err := chatgen.Write(w, chatgen.Options{Messages: 20_000, Me: "Sam", Them: "Alex"}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("contact", "Alex")
	fw, _ := mw.CreateFormFile("file", "WhatsApp Chat with Alex.zip")
	fw.Write(chat.Bytes())
	mw.Close()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/imports HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", addr, mw.FormDataContentType(), body.Len())
	if _, err := conn.Write(body.Bytes()[:body.Len()*3/4]); err != nil {
		t.Fatal(err)
	}
	waitForUpload(t, serve.Process.Pid, data)
	if err := serve.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	serve.Wait()

	if out, err := exec.Command(bin, "forget", "--all", "--yes", "--data", data).CombinedOutput(); err != nil {
		t.Fatalf("forget --all: %v\n%s", err, out)
	}
	es, err := os.ReadDir(data)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
		if !strings.HasPrefix(e.Name(), "steady.db") {
			t.Errorf("after a killed upload and forget --all the data folder holds %s", e.Name())
		}
	}
	t.Logf("the data folder holds %v", names)
	if t.Failed() {
		t.Logf("the server's log:\n%s", logs.String())
	}
}

// waitForUpload waits until the process pid holds a file open whose path
// is an upload's in dir, deleted or not.
func waitForUpload(t *testing.T, pid int, dir string) {
	t.Helper()
	fdDir := fmt.Sprintf("/proc/%d/fd", pid)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		fds, _ := os.ReadDir(fdDir)
		for _, fd := range fds {
			target, err := os.Readlink(filepath.Join(fdDir, fd.Name()))
			if err == nil && strings.HasPrefix(target, filepath.Join(dir, "steady-upload-")) {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the server never opened a file for the upload")
}
