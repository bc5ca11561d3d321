package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Run("prints one line of quartiles per command, in order", func(t *testing.T) {
		var out strings.Builder
		if err := run(&out, 3, []string{"true", "sh|-c|exit 1"}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(lines) != 2 || !strings.HasSuffix(lines[0], "ms  true") || !strings.HasSuffix(lines[1], "ms  sh|-c|exit 1") {
			t.Errorf("output:\n%s", out.String())
		}
	})
	t.Run("a command that fails is an error naming it, with its stderr", func(t *testing.T) {
		var out strings.Builder
		err := run(&out, 1, []string{"sh|-c|echo broken >&2; exit 3"})
		if err == nil || !strings.Contains(err.Error(), "exit 3") || !strings.Contains(err.Error(), "broken") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("an empty command is an error", func(t *testing.T) {
		if err := run(new(strings.Builder), 1, []string{"  "}); err == nil {
			t.Error("no error")
		}
	})
}
