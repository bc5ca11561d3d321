package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// importEnv writes an export named name into a fresh folder and returns
// the environment of a data folder beside it and the export's path.
func importEnv(t *testing.T, name, content string) (map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"STEADY_DATA_DIR": filepath.Join(dir, "data"), "HOME": dir}, p
}

func TestImportSummarySaysWhatItLeftOut(t *testing.T) {
	env, export := importEnv(t, "chat.txt", "18/03/2022, 14:56 - Sam: Can you take them on Saturday?\n"+
		"18/03/2022, 14:99 - Alex: this minute does not exist\n"+
		"18/03/2022, 15:02 - Alex: Yes\n"+
		"35/03/2022, 15:03 - Sam: nor does this day\n"+
		"18/03/2022, 15:04 - Sam: Thanks\n")
	out, errOut, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", export)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	t.Run("the summary names the lines that could not be read", func(t *testing.T) {
		if !strings.Contains(out, "3 messages read, 3 new") || !strings.Contains(out, "\n2 lines could not be read: lines 2, 4.\n") {
			t.Errorf("summary:\n%s", out)
		}
	})
	t.Run("the import record counts them as skipped", func(t *testing.T) {
		out, _, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", "--json", export)
		if code != 0 || !strings.Contains(out, `"skipped": 2`) {
			t.Errorf("exit %d, record:\n%s", code, out)
		}
	})
}
