package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/internal/chatgen"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixedNow is the clock of every in-process test: a Wednesday afternoon.
var fixedNow = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

// run drives Main in-process with the given standard input, a fixed clock
// and no terminal, returning stdout, stderr and the exit code.
func run(t *testing.T, stdin string, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{
		stdin:      strings.NewReader(stdin),
		stdout:     &out,
		stderr:     &errb,
		getenv:     func(k string) string { return env[k] },
		now:        func() time.Time { return fixedNow },
		isTerminal: func(io.Writer) bool { return env["TEST_TERMINAL"] == "1" },
	}
	code := a.Main(context.Background(), args)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

const accusatory = "You ALWAYS change the pickup time at the last minute and I'm sick of it!!!\n" +
	"Can you have Sam ready at 5pm on Friday, with his school bag?\n" +
	"After everything I did for you, it's not too much to ask.\n"

func TestCheckOutput(t *testing.T) {
	cases := []struct {
		name  string
		stdin string
		env   map[string]string
		args  []string
		code  int
	}{
		{"check_accusatory.txt", accusatory, nil, []string{"check", "--goal", "kids"}, 1},
		{"check_accusatory_color.txt", accusatory, map[string]string{"TEST_TERMINAL": "1"}, []string{"check", "--goal", "kids"}, 1},
		{"check_accusatory_no_color.txt", accusatory, map[string]string{"TEST_TERMINAL": "1", "NO_COLOR": "1"}, []string{"check", "--goal", "kids"}, 1},
		{"check_accusatory.json", accusatory, nil, []string{"check", "--goal", "kids", "--json"}, 1},
		{"check_send.txt", "Yes, Friday at 5pm works. I'll bring his coat.", nil, []string{"check", "--reply"}, 0},
		{"check_send.json", "Yes, Friday at 5pm works. I'll bring his coat.", nil, []string{"check", "--reply", "--json"}, 0},
		{"check_longing.txt", "I miss you so much. Do you ever think about us? ❤️", nil, []string{"check", "--at", "2026-11-25T23:40:00+01:00"}, 1},
		{"check_angry_wait.json", "Fine. 5pm then.", nil, []string{"check", "--reply", "--mood", "angry", "--json", "--at", "2026-11-25T09:00:00+01:00"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, c.stdin, c.env, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, errOut)
			}
			golden(t, c.name, out)
		})
	}
}

func TestCheckJSONSchema(t *testing.T) {
	out, _, _ := run(t, accusatory, nil, "check", "--goal", "kids", "--json")
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"verdict", "not_before", "reasons", "findings", "rewrite", "signals"} {
		if _, ok := v[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	f := v["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"rule", "severity", "start", "end", "text", "message", "suggestion"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding key %q missing", k)
		}
	}
	s := v["signals"].(map[string]any)
	for _, k := range []string{"words", "sentences", "emotion", "emotional", "hostile"} {
		if _, ok := s[k]; !ok {
			t.Errorf("signals key %q missing", k)
		}
	}
	send, _, _ := run(t, "Ok, see you at 5pm.", nil, "check", "--reply", "--json")
	if strings.Contains(send, "not_before") {
		t.Error("not_before present for a send verdict")
	}
}

func TestAuditOutput(t *testing.T) {
	lines := "Yes, 5pm works.\n\nYou never listen!!!\nI miss you so much.\nThanks, see you Friday.\n"
	out, errOut, code := run(t, lines, nil, "audit", "--reply")
	if code != 1 {
		t.Fatalf("exit %d, want 1; %s", code, errOut)
	}
	golden(t, "audit.txt", out)
	out, _, _ = run(t, lines, nil, "audit", "--reply", "--json")
	golden(t, "audit.jsonl", out)
	var first struct {
		Line    int    `json:"line"`
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first); err != nil || first.Line != 1 || first.Verdict != "send" {
		t.Errorf("first JSON line = %+v, %v", first, err)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("ok\nnot \xff utf8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	brokenRules := filepath.Join(dir, "rules")
	if err := os.MkdirAll(filepath.Join(brokenRules, "lists"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(brokenRules, "lists", "mine.yml"), []byte("rule: tone.insult\nphrases:\n  - (oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"an empty draft", "  \n", []string{"check"}, "empty"},
		{"an unknown goal", "hi", []string{"check", "--goal", "fun"}, `unknown goal "fun"`},
		{"an unknown mood", "hi", []string{"check", "--mood", "meh"}, `unknown mood "meh"`},
		{"a bad time", "hi", []string{"check", "--at", "tomorrow"}, "RFC3339"},
		{"an unknown flag", "hi", []string{"check", "--loud"}, "unknown flag"},
		{"a missing file", "", []string{"check", filepath.Join(dir, "nope.txt")}, "no such file"},
		{"invalid UTF-8 names file and line", "", []string{"check", bad}, "bad.txt: line 2: invalid UTF-8"},
		{"a broken rules file names file and line", "hi", []string{"check", "--rules", brokenRules}, "lists/mine.yml line 3"},
		{"two files", "", []string{"check", "a", "b"}, "accepts at most 1 arg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := run(t, c.stdin, nil, c.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr %q does not contain %q", errOut, c.want)
			}
		})
	}
}

// TestEachCommandBuiltAloneActsAsInTheWholeTree checks the shortcut that
// builds only the command a run names: its help and its usage errors are
// those of the same command in the whole tree (which "help NAME" builds).
func TestEachCommandBuiltAloneActsAsInTheWholeTree(t *testing.T) {
	a := &app{}
	for name := range a.commands() {
		t.Run(name+" --help reads as help "+name, func(t *testing.T) {
			alone, _, code := run(t, "", nil, name, "--help")
			if code != exitOK {
				t.Fatalf("%s --help: exit %d", name, code)
			}
			whole, _, _ := run(t, "", nil, "help", name)
			if alone != whole {
				t.Errorf("%s --help differs from help %s\n--- alone ---\n%s\n--- whole tree ---\n%s", name, name, alone, whole)
			}
			if !strings.Contains(alone, "steady "+name) {
				t.Errorf("%s --help does not show its usage:\n%s", name, alone)
			}
		})
	}
	t.Run("an unknown command still gets the whole tree's suggestion", func(t *testing.T) {
		_, errOut, code := run(t, "", nil, "chek")
		if code != exitUsage {
			t.Errorf("exit %d, want %d (bad usage)", code, exitUsage)
		}
		if !strings.Contains(errOut, "check") {
			t.Errorf("stderr %q does not suggest check", errOut)
		}
	})
	t.Run("help lists every command", func(t *testing.T) {
		out, _, _ := run(t, "", nil, "help")
		for name := range a.commands() {
			if !strings.Contains(out, "  "+name+" ") {
				t.Errorf("help does not list %s:\n%s", name, out)
			}
		}
	})
}

// buildSteady builds the real binary into the test's temp folder.
func buildSteady(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "steady")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBinaryExitCodes builds the real binary and checks its exit codes.
func TestBinaryExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildSteady(t)
	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
	}{
		{"send exits 0", "Yes, 5pm on Friday works.", []string{"check", "--reply", "--at", "2026-11-25T14:00:00Z"}, 0},
		{"revise exits 1", "You never listen.", []string{"check", "--reply", "--at", "2026-11-25T14:00:00Z"}, 1},
		{"dont_send exits 1", "I miss you.", []string{"check", "--at", "2026-11-25T14:00:00Z"}, 1},
		{"stdin with - works", "Yes, 5pm works.", []string{"check", "--reply", "-", "--at", "2026-11-25T14:00:00Z"}, 0},
		{"an empty draft exits 2", "", []string{"check"}, 2},
		{"bad usage exits 2", "", []string{"check", "--goal"}, 2},
		{"an audit of sendable lines exits 0", "Yes.\nOk, 5pm.\n", []string{"audit", "--reply", "--at", "2026-11-25T14:00:00Z"}, 0},
		{"help exits 0", "", []string{"help"}, 0},
		{"an unknown command exits 2", "", []string{"chek"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			cmd.Stdin = strings.NewReader(c.stdin)
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			out, err := cmd.CombinedOutput()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s", code, c.code, out)
			}
		})
	}
}

// TestCtrlCDuringImportAddsNothing interrupts a real import while it
// writes, as Ctrl-C would, and checks that it says so and adds nothing.
func TestCtrlCDuringImportAddsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 600,000 messages; skipped with -short")
	}
	bin := buildSteady(t)
	dir := t.TempDir()
	export := filepath.Join(dir, "chat.txt")
	f, err := os.Create(export)
	if err != nil {
		t.Fatal(err)
	}
	if err := chatgen.Write(f, chatgen.Options{Messages: 600_000, Me: "Sam", Them: "Alex"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	var out strings.Builder
	cmd := exec.Command(bin, "import", "--data", data, "--contact", "Alex", "--me", "Sam", "--tz", "UTC", export)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The import is writing once its log holds a few MB of messages.
	wal := filepath.Join(data, "steady.db-wal")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if st, err := os.Stat(wal); err == nil && st.Size() > 4<<20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the import never started writing:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitVerdict {
		t.Fatalf("exit: %v, want status %d; output:\n%s", err, exitVerdict, out.String())
	}
	if !strings.Contains(out.String(), "import stopped: no messages were added") {
		t.Errorf("output %q does not say the import stopped", out.String())
	}
	stats := exec.Command(bin, "stats", "--data", data, "Alex")
	msg, err := stats.CombinedOutput()
	if err == nil || !strings.Contains(string(msg), "no messages") && !strings.Contains(string(msg), "no contact") {
		t.Errorf("after the interrupted import, stats says (err %v):\n%s", err, msg)
	}
}
