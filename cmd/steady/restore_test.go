package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRestore: steady restore brings back what steady export wrote. The
// round trip export → forget → restore → export gives the same document;
// restoring into a store that holds it adds nothing; a backup of a newer
// steady, a chat export given to restore and a backup given to import
// each say what they are. What a person reads is in testdata/restore.txt.
func TestRestore(t *testing.T) {
	s := newTranscript(t)
	export := s.file("WhatsApp Chat with Alex.txt", wordsChat(t))
	s.must("", "import", "--contact", "Alex", "--me", "Sam", export)
	s.must("", "profile", "--tz", "Europe/Berlin", "--dumped")
	s.must("", "nocontact", "start", "Alex", "--days", "30", "--at", "2026-11-08T02:00:00Z")
	s.must("I wish things were different.", "journal", "add", "--contact", "Alex")
	backup := filepath.Join(s.dir, "backup.json")
	s.must("", "export", "-o", backup)
	before, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	s.must("", "forget", "--all", "--yes")
	s.must("", "restore", backup)
	after := s.must("", "export")
	t.Run("export, forget, restore, export gives the same document", func(t *testing.T) {
		if after != string(before) {
			t.Errorf("the export after the restore differs:\n%s\n--- the backup ---\n%s", after, before)
		}
	})
	t.Run("a second restore adds nothing", func(t *testing.T) {
		out := s.must("", "restore", backup)
		if !strings.HasPrefix(out, "Nothing to add: everything in the backup is here already") {
			t.Errorf("restore again: %s", out)
		}
	})
	t.Run("a backup of a newer steady is refused", func(t *testing.T) {
		var doc map[string]any
		if err := json.Unmarshal(before, &doc); err != nil {
			t.Fatal(err)
		}
		doc["version"] = 2
		b, _ := json.Marshal(doc)
		newer := s.file("newer.json", string(b))
		_, errOut, code := s.run("", "restore", newer)
		if code != exitUsage || !strings.Contains(errOut, "newer.json: this backup was written by a newer steady") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
	t.Run("a chat export is not a backup", func(t *testing.T) {
		_, errOut, code := s.run("", "restore", export)
		if code != exitUsage || !strings.Contains(errOut, "not a steady backup") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
	t.Run("a backup given to import says to restore it", func(t *testing.T) {
		_, errOut, code := s.run("", "import", "--contact", "Alex", backup)
		if code != exitUsage || !strings.Contains(errOut, "this is a steady backup, not a chat export: bring it back with steady restore FILE") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
	t.Run("a restore from standard input, as JSON", func(t *testing.T) {
		out := s.must(string(before), "restore", "--json", "-")
		var r struct {
			Merged   bool
			Messages struct {
				Already int `json:"already_here"`
			} `json:"messages"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || !r.Merged || r.Messages.Already != 7 {
			t.Errorf("%+v %v\n%s", r, err, out)
		}
	})
	// The export, which the test compares, is not part of the golden file.
	s.hide(after, "(the same document as backup.json)\n")
	s.hide(string(before), "(backup.json)\n")
	s.golden("restore.txt")
}
