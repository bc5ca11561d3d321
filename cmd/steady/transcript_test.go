package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// transcript runs steady commands one after another on one data folder
// and records what a person would see, for a golden file: each command as
// typed, its standard output as it is, each line of its standard error
// after "2> ", and its exit status when not 0. Files named in the
// arguments are looked up in the transcript's folder and shown by name.
type transcript struct {
	t   *testing.T
	dir string
	env map[string]string
	b   strings.Builder
}

func newTranscript(t *testing.T) *transcript {
	t.Helper()
	dir := t.TempDir()
	// TZ: the machine's zone, named as steady finds it, is the same on every machine.
	return &transcript{t: t, dir: dir, env: map[string]string{"STEADY_DATA_DIR": filepath.Join(dir, "data"), "HOME": dir, "TZ": "Europe/London"}}
}

// file puts a file into the transcript's folder and returns its path.
func (s *transcript) file(name, content string) string {
	s.t.Helper()
	p := filepath.Join(s.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		s.t.Fatal(err)
	}
	return p
}

// testdata copies testdata/name into the transcript's folder.
func (s *transcript) testdata(name string) string {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		s.t.Fatal(err)
	}
	return s.file(name, string(b))
}

// run runs one command and returns its standard output, standard error
// and exit status.
func (s *transcript) run(stdin string, args ...string) (string, string, int) {
	s.t.Helper()
	shown := make([]string, len(args))
	for i, a := range args {
		a = strings.ReplaceAll(a, s.dir+string(filepath.Separator), "")
		if a == "" || strings.ContainsAny(a, " \"'<>~;&|") {
			a = fmt.Sprintf("%q", a)
		}
		shown[i] = a
	}
	fmt.Fprintf(&s.b, "$ steady %s\n", strings.Join(shown, " "))
	out, errOut, code := run(s.t, stdin, s.env, args...)
	s.b.WriteString(strings.ReplaceAll(out, s.dir+string(filepath.Separator), ""))
	for _, l := range strings.SplitAfter(strings.ReplaceAll(errOut, s.dir+string(filepath.Separator), ""), "\n") {
		if l != "" {
			s.b.WriteString("2> " + l)
		}
	}
	if code != 0 {
		fmt.Fprintf(&s.b, "[exit %d]\n", code)
	}
	s.b.WriteString("\n")
	return out, errOut, code
}

// must runs a command that must succeed.
func (s *transcript) must(stdin string, args ...string) string {
	s.t.Helper()
	out, errOut, code := s.run(stdin, args...)
	if code != 0 {
		s.t.Fatalf("steady %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// hide replaces text in what is recorded so far: output a test checks
// otherwise and that would only make the golden file long.
func (s *transcript) hide(text, with string) {
	r := strings.ReplaceAll(s.b.String(), text, with)
	s.b.Reset()
	s.b.WriteString(r)
}

// golden compares the transcript with testdata/name (-update rewrites it).
func (s *transcript) golden(name string) {
	s.t.Helper()
	golden(s.t, name, s.b.String())
}
