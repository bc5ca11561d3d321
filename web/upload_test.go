package web_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/web"
)

// chatZip is a WhatsApp export archive holding the fixture chat.
func chatZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("_chat.txt")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(fixture(t))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// listDir is the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestZipUploadsLeaveNothingBehind(t *testing.T) {
	tmp := t.TempDir()
	a := newApp(t, func(c *web.Config) { c.TempDir = tmp })

	t.Run("a zip is imported and its spooled copy is gone", func(t *testing.T) {
		st, b := upload(t, a, map[string]string{"contact": "Elon"}, "WhatsApp Chat with Elon.zip", chatZip(t))
		if st != http.StatusCreated {
			t.Fatalf("import: %d %s", st, b)
		}
		if names := listDir(t, tmp); len(names) != 0 {
			t.Errorf("the temporary folder holds %v after the upload", names)
		}
	})

	t.Run("while a zip is being received, its file has no name in the folder", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("finds the server's open file through /proc")
		}
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		done := make(chan int)
		go func() {
			req, _ := http.NewRequest("POST", a.srv.URL+"/api/v1/imports", pr)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			res, err := a.client.Do(req)
			if err != nil {
				done <- 0
				return
			}
			res.Body.Close()
			done <- res.StatusCode
		}()
		mw.WriteField("contact", "Elon")
		fw, _ := mw.CreateFormFile("file", "chat.zip")
		z := chatZip(t)
		fw.Write(z[:len(z)/2])
		// The server holds the spooled file open once its descriptor
		// points into the folder; the folder must not list it.
		open := spooled(t, tmp)
		if !strings.HasSuffix(open, " (deleted)") {
			t.Errorf("the server reads the upload from %q, a file with a name", open)
		}
		if names := listDir(t, tmp); len(names) != 0 {
			t.Errorf("while the upload is read, the temporary folder holds %v", names)
		}
		pw.CloseWithError(errors.New("the client went away"))
		<-done
		if names := listDir(t, tmp); len(names) != 0 {
			t.Errorf("after a broken-off upload the temporary folder holds %v", names)
		}
	})

	t.Run("forget everything removes what an upload cut short by a crash left", func(t *testing.T) {
		for _, via := range []string{"api", "form"} {
			left := filepath.Join(tmp, "steady-upload-12345.zip")
			other := filepath.Join(tmp, "notes.txt")
			for _, p := range []string{left, other} {
				if err := os.WriteFile(p, []byte("PK\x03\x04 half a chat"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if via == "api" {
				if st, b := a.api("POST", "/api/v1/forget", map[string]string{"confirm": "delete everything"}); st != http.StatusNoContent {
					t.Fatalf("forget: %d %s", st, b)
				}
			} else {
				if st, b, _ := a.form("/privacy/forget-all", url.Values{"confirm": {"delete everything"}}); st != http.StatusSeeOther {
					t.Fatalf("forget form: %d %s", st, b)
				}
			}
			if names := listDir(t, tmp); !slices.Equal(names, []string{"notes.txt"}) {
				t.Errorf("after forget through the %s the temporary folder holds %v, want only the file that is not an upload", via, names)
			}
			os.Remove(other)
		}
	})
}

// spooled waits for this process to hold a file open in dir and returns
// where its descriptor points ("… (deleted)" once unlinked).
func spooled(t *testing.T, dir string) string {
	t.Helper()
	// The server unlinks the file just after creating it: a look between
	// the two sees its name, so wait (within the deadline) for the unlink.
	seen := ""
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		fds, _ := os.ReadDir("/proc/self/fd")
		for _, fd := range fds {
			target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
			if err == nil && strings.HasPrefix(target, filepath.Join(dir, "steady-upload-")) {
				if strings.HasSuffix(target, " (deleted)") {
					return target
				}
				seen = target
			}
		}
		time.Sleep(time.Millisecond)
	}
	if seen == "" {
		t.Fatal("the server never opened a file for the upload")
	}
	return seen
}
