package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded assets under URLs that carry their
// checksum (/static/<sum>/app.css), as miniflux does: a new build changes
// the URL, so browsers may keep each file for a year. Each file is also
// gzipped once at start-up.
type staticFiles struct {
	files map[string]*asset
}

type asset struct {
	name  string
	sum   string
	ctype string
	body  []byte
	gz    []byte // nil when gzip does not help
}

func newStaticFiles() (*staticFiles, error) {
	sf := &staticFiles{files: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		a := &asset{name: name, sum: hex.EncodeToString(sum[:6]), body: body}
		a.ctype = mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".js":
			a.ctype = "text/javascript; charset=utf-8"
		case ".css":
			a.ctype = "text/css; charset=utf-8"
		case ".svg":
			a.ctype = "image/svg+xml"
		case ".txt":
			a.ctype = "text/plain; charset=utf-8"
		}
		if a.ctype == "" {
			a.ctype = "application/octet-stream"
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		if err := zw.Close(); err != nil {
			return err
		}
		if buf.Len() < len(body)*9/10 {
			a.gz = buf.Bytes()
		}
		sf.files[name] = a
		return nil
	})
	return sf, err
}

// url returns the checksummed URL of an asset; templates call it, and an
// unknown name fails the template at start-up.
func (sf *staticFiles) url(name string) (string, error) {
	a, ok := sf.files[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return "/static/" + a.sum + "/" + a.name, nil
}

// serve answers GET /static/{sum}/{name}. A stale checksum (a page from an
// older build) redirects to the current URL instead of failing.
func (sf *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	a, ok := sf.files[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.PathValue("sum") != a.sum {
		u, _ := sf.url(a.name)
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, u, http.StatusFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+a.sum+`"`)
	h.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == `"`+a.sum+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}
