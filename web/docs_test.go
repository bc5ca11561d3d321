package web_test

import (
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestAPIDocsSayTheBodyLimit holds docs/API.md to the server: the size it
// gives for a check's draft is what POST /api/v1/check takes, and a byte
// more is a 413.
func TestAPIDocsSayTheBodyLimit(t *testing.T) {
	doc, err := os.ReadFile("../docs/API.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `text` \\| string \\| the draft .*$").Find(doc)
	if row == nil {
		t.Fatal("docs/API.md has no row for the check's text")
	}
	m := regexp.MustCompile(`(?:up to|at most) (\d+) MiB`).FindSubmatch(row)
	if m == nil {
		t.Fatalf("the row for the check's text gives no size: %s", row)
	}
	mib, _ := strconv.Atoi(string(m[1]))
	limit := mib << 20
	a := newApp(t, nil)
	body := func(n int) string {
		const head, tail = `{"reply": true, "text": "`, `"}`
		// A short draft padded with spaces: the size is the body's, and
		// the check has little to read.
		return head + "Ok, 5pm works." + strings.Repeat(" ", n-len(head)-len(tail)-14) + tail
	}
	if st, b := a.api("POST", "/api/v1/check", body(limit)); st != http.StatusOK {
		t.Errorf("a body of the %d MiB docs/API.md gives: %d %.200s", mib, st, b)
	}
	if st, _ := a.api("POST", "/api/v1/check", body(limit+1)); st != http.StatusRequestEntityTooLarge {
		t.Errorf("a body a byte over %d MiB: %d, want 413", mib, st)
	}
}
