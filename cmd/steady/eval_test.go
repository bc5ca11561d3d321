package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalOutput(t *testing.T) {
	fixture := filepath.Join("testdata", "eval-goemotions.tsv")
	out, errOut, code := run(t, "", nil, "eval", "goemotions-emotional", fixture)
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, errOut)
	}
	golden(t, "eval_goemotions_emotional.txt", out)

	out, errOut, code = run(t, "", nil, "eval", "--json", "goemotions-hostile", fixture)
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, errOut)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("--json output is not one JSON object: %v\n%s", err, out)
	}
	want := []string{"task", "n", "precision", "recall", "f1", "macro_f1", "accuracy", "base_rate"}
	if len(v) != len(want) {
		t.Errorf("keys %v, want exactly %v", v, want)
	}
	for _, k := range want {
		if _, ok := v[k]; !ok {
			t.Errorf("key %q missing from %s", k, out)
		}
	}
	if v["task"] != "goemotions-hostile" || v["n"] != float64(10) || v["base_rate"] != 0.2 {
		t.Errorf("task, n or base rate wrong: %s", out)
	}
}

func TestEvalBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fixture := filepath.Join("testdata", "eval-goemotions.tsv")
	twoFields := write("two.tsv", "fine text\t27\tid1\nbroken line\t27\n")
	badLabel := write("label.tsv", "fine text\t27\tid1\nsome text\t99\tid2\n")
	olidAsGo := write("olid.tsv", "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n1\thi\tNOT\tNULL\tNULL\n")
	empty := write("empty.tsv", "")
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"a missing file names it", []string{"eval", "goemotions-emotional", filepath.Join(dir, "nope.tsv")}, []string{"nope.tsv", "no such file"}},
		{"a short line names file and line", []string{"eval", "goemotions-emotional", twoFields}, []string{"two.tsv:2", "expected 3 tab-separated fields"}},
		{"a bad label names file and line", []string{"eval", "goemotions-hostile", badLabel}, []string{"label.tsv:2", "emotion ids 0..27"}},
		{"another corpus's file is the wrong shape", []string{"eval", "goemotions-emotional", olidAsGo}, []string{"olid.tsv:1", "expected 3 tab-separated fields"}},
		{"an empty file", []string{"eval", "goemotions-emotional", empty}, []string{"empty.tsv", "no rows"}},
		{"an unknown task lists the tasks", []string{"eval", "sentiment", fixture}, []string{`unknown task "sentiment"`, "sms-ordinary", "Try: steady eval"}},
		{"a bad split", []string{"eval", "--split", "test", "goemotions-emotional", fixture}, []string{`--split "test"`, "dev or all"}},
		{"a missing argument", []string{"eval", "goemotions-emotional"}, []string{"accepts 2 arg(s)", "Try: steady eval"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, "", nil, c.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stdout %q)", code, exitUsage, out)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not contain %q", errOut, w)
				}
			}
		})
	}
}

// The single-file corpora score their dev split with --split dev: a
// subset of the rows, the same each run.
func TestEvalSplitDev(t *testing.T) {
	fixture := filepath.Join("testdata", "eval-goemotions.tsv")
	all, _, _ := run(t, "", nil, "eval", "--json", "goemotions-emotional", fixture)
	dev, _, code := run(t, "", nil, "eval", "--json", "--split", "dev", "goemotions-emotional", fixture)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var a, d struct{ N int }
	if json.Unmarshal([]byte(all), &a) != nil || json.Unmarshal([]byte(dev), &d) != nil {
		t.Fatal("bad JSON")
	}
	if d.N >= a.N {
		t.Errorf("dev split has %d rows of %d", d.N, a.N)
	}
}
