package main

import (
	"path/filepath"
	"testing"
)

// TestCheckRewriteInTheirStyle imports a chat in which the user opens
// with "Hi Alex," and closes with "Thanks", and checks a draft with and
// without the contact: only with it does the rewrite greet and sign off.
func TestCheckRewriteInTheirStyle(t *testing.T) {
	env := map[string]string{"STEADY_DATA_DIR": filepath.Join(t.TempDir(), "data")}
	if _, errOut, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", filepath.Join("testdata", "style_chat.txt")); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	const draft = "You never show up on time and you always make me look bad in front of the kids. Be there at 5 on Friday.\n"
	cases := []struct {
		name, golden string
		args         []string
	}{
		{"with the contact the rewrite greets and signs off as the user does", "check_contact_style.txt",
			[]string{"check", "--contact", "Alex", "--goal", "kids", "--at", "2026-11-25T14:00:00Z"}},
		{"without a contact the rewrite adds neither", "check_no_contact_style.txt",
			[]string{"check", "--goal", "kids", "--at", "2026-11-25T14:00:00Z"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, draft, env, c.args...)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr: %s", code, errOut)
			}
			golden(t, c.golden, out)
		})
	}
}
