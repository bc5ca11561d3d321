package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/steadyhq/steady/web"
)

// FuzzCheckAPI sends any body to POST /api/v1/check: the answer is never a
// server error, always JSON, and a 4xx always says what is wrong. Seeds are
// in testdata/fuzz/FuzzCheckAPI.
func FuzzCheckAPI(f *testing.F) {
	a := newApp(f, func(c *web.Config) { c.MaxBody = 64 << 10 })
	for _, seed := range []string{
		`{"text": "Can you have Sam ready at 5pm on Friday?", "goal": "kids", "reply": true}`,
		`{"text": "You ALWAYS do this!!!", "mood": "angry", "at": "2026-11-25T23:40:00+01:00"}`,
		`{"text": "hi", "contact": "nobody", "no_contact": true, "dumped": false}`,
		`{"text": 1}`, `{"text": "a", "at": "x"}`, `[]`, `null`, `{"text": "\u0000"}`, `{"text": "é", "goal": "revenge"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		st, b, h := a.doT(t, "POST", "/api/v1/check", "application/json", strings.NewReader(body), nil)
		if st >= 500 {
			t.Fatalf("status %d for %q: %s", st, body, b)
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !json.Valid(b) {
			t.Fatalf("not JSON for %q: %s", body, b)
		}
		var v map[string]any
		json.Unmarshal(b, &v)
		switch {
		case st == http.StatusOK:
			if _, ok := v["verdict"]; !ok {
				t.Fatalf("200 without a verdict for %q: %s", body, b)
			}
		case st >= 400:
			if msg, _ := v["error"].(string); msg == "" {
				t.Fatalf("%d without an error message for %q: %s", st, body, b)
			}
		}
	})
}
