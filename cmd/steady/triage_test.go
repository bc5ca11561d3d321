package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// issue14 is the message of issue 14: hostile, with a request and a
// question in it.
const issue14 = "You were late AGAIN on Sunday and the kids were crying at the door. You still have my bike and I want it back. Are you taking them Saturday or not?\n"

func TestTriageOutput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "theirs.txt")
	if err := os.WriteFile(file, []byte("I'm picking the kids up at 4 on Friday. You never listen.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"triage_issue14.txt", issue14, []string{"triage"}},
		{"triage_issue14.json", issue14, []string{"triage", "--json", "-"}},
		{"triage_no_reply.txt", "", []string{"triage", file}},
		{"triage_late.txt", "Can you take Sam on Friday at 5pm?", []string{"triage", "--at", "2026-11-25T23:40:00+01:00"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, c.stdin, nil, c.args...)
			if code != exitOK {
				t.Fatalf("exit %d, want 0; stderr: %s", code, errOut)
			}
			golden(t, c.name, out)
		})
	}
}

func TestTriageJSON(t *testing.T) {
	out, _, _ := run(t, issue14, nil, "triage", "--json")
	var v struct {
		Items []struct {
			Kind  string `json:"kind"`
			Start int    `json:"start"`
			End   int    `json:"end"`
			Text  string `json:"text"`
		} `json:"items"`
		SetAside []struct {
			Kind string `json:"kind"`
			Why  string `json:"why"`
		} `json:"set_aside"`
		NeedsReply bool     `json:"needs_reply"`
		Reply      string   `json:"reply"`
		Fill       []string `json:"fill"`
		Check      struct {
			Verdict string `json:"verdict"`
		} `json:"check"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Items) != 2 || v.Items[0].Kind != "request" || issue14[v.Items[0].Start:v.Items[0].End] != v.Items[0].Text {
		t.Errorf("items %+v", v.Items)
	}
	if len(v.SetAside) != 1 || !strings.HasPrefix(v.SetAside[0].Why, "Blame:") {
		t.Errorf("set aside %+v", v.SetAside)
	}
	if !v.NeedsReply || len(v.Fill) == 0 || v.Check.Verdict == "send" {
		t.Errorf("a reply with [brackets] must not be send: %+v", v)
	}
}

func TestTriageBadInput(t *testing.T) {
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"an empty message", "  \n", []string{"triage"}, "empty"},
		{"a missing file", "", []string{"triage", "nope.txt"}, "nope.txt"},
		{"a bad time", "Can you take him?", []string{"triage", "--at", "tomorrow"}, `--at "tomorrow"`},
		{"two files", "", []string{"triage", "a", "b"}, "Try: steady triage"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := run(t, c.stdin, nil, c.args...)
			if code != exitUsage || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, c.want)
			}
		})
	}
}

func TestEvalTriage(t *testing.T) {
	fixture := filepath.Join("testdata", "eval-triage.txt")
	out, errOut, code := run(t, "", nil, "eval", "triage", fixture)
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, errOut)
	}
	golden(t, "eval_triage.txt", out)

	out, _, _ = run(t, "", nil, "eval", "--json", "triage", fixture)
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	for _, k := range []string{"recall", "precision", "accusations", "answered", "replies"} {
		if _, ok := v[k]; !ok {
			t.Errorf("key %q missing from %s", k, out)
		}
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("=== x01 plain\n> Can you take him Friday?\nrequest: take her\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = run(t, "", nil, "eval", "triage", bad)
	if code != exitUsage || !strings.Contains(errOut, "bad.txt:3:") || !strings.Contains(errOut, `"take her" is not in message x01`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
