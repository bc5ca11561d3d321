package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/steadyhq/steady/web"
)

// syncBuffer is a log that handlers on several goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A client that hangs up has not met a server error: the log must not say
// level=ERROR for it, whatever the request was doing when it went.
func TestClientsThatHangUpAreNotErrors(t *testing.T) {
	var logs syncBuffer
	a := newApp(t, func(c *web.Config) { c.Log = slog.New(slog.NewTextHandler(&logs, nil)) })
	handler := a.srv.Config.Handler
	importFixture(t, a, "Elon")

	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		method, path, ctype, body string
	}{
		{"GET", "/api/v1/contacts", "", ""},
		{"GET", "/api/v1/contacts/1/stats", "", ""},
		{"POST", "/api/v1/check", "application/json", `{"text": "Ok, 5pm works.", "contact": "Elon"}`},
		{"GET", "/contacts", "", ""},
	} {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body)).WithContext(gone)
		req.Host = "127.0.0.1"
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		handler.ServeHTTP(httptest.NewRecorder(), req)
	}

	t.Run("an upload the client breaks off is its error, not the server's", func(t *testing.T) {
		for _, name := range []string{"chat.txt", "chat.zip"} {
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				mw.WriteField("contact", "Elon")
				fw, _ := mw.CreateFormFile("file", name)
				if strings.HasSuffix(name, ".zip") {
					fw.Write([]byte("PK\x03\x04"))
				}
				fw.Write(bytes.Repeat([]byte("12/03/2021, 10:00 - Elon: hi\n"), 2000))
				pw.CloseWithError(io.ErrUnexpectedEOF) // the connection dropped
			}()
			req := httptest.NewRequest("POST", "/api/v1/imports", pr)
			req.Host = "127.0.0.1"
			req.Header.Set("Content-Type", mw.FormDataContentType())
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Errorf("%s broken off: status %d %s, want a 4xx", name, rec.Code, rec.Body)
			}
		}
	})
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("the log holds errors for clients that went away:\n%s", logs.String())
	}
}
