package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/steadyhq/steady"
)

// TestRestore goes through the JSON API as the Privacy page does: a
// backup downloaded, everything forgotten, the backup restored, and
// downloaded again is the same document; restored again it adds nothing;
// a backup of a newer steady, or a file that is none, is refused with
// words that say so; an upload of a backup as a chat says where it goes.
func TestRestore(t *testing.T) {
	a := newApp(t, nil)
	importFixture(t, a, "Elon")
	if st, b := a.api("POST", "/api/v1/journal", map[string]any{"text": "I miss you", "verdict": "dont_send", "contact": "Elon"}); st != http.StatusCreated {
		t.Fatalf("journal: %d %s", st, b)
	}
	st, backup := a.api("GET", "/api/v1/export", nil)
	if st != http.StatusOK {
		t.Fatalf("export: %d %s", st, backup)
	}
	restore := func(body []byte) (int, []byte) {
		t.Helper()
		st, b, _ := a.do("POST", "/api/v1/restore", "application/json", bytes.NewReader(body), nil)
		return st, b
	}
	type answer struct {
		Restored steady.Restored `json:"restored"`
		Summary  string          `json:"summary"`
	}
	t.Run("export, forget, restore, export gives the same document", func(t *testing.T) {
		if st, b := a.api("POST", "/api/v1/forget", map[string]string{"confirm": "delete everything"}); st != http.StatusNoContent {
			t.Fatalf("forget: %d %s", st, b)
		}
		st, b := restore(backup)
		if st != http.StatusOK {
			t.Fatalf("restore: %d %s", st, b)
		}
		r := decode[answer](t, b)
		if r.Restored.Merged || r.Restored.Contacts.Added != 1 || r.Restored.Journal.Added != 1 || !strings.HasPrefix(r.Summary, "Restored 1 contact, ") {
			t.Errorf("answer %+v", r)
		}
		_, again := a.api("GET", "/api/v1/export", nil)
		if !bytes.Equal(again, backup) {
			t.Errorf("the export after the restore differs from the backup:\n%.600s\n---\n%.600s", again, backup)
		}
	})
	t.Run("restored again, it adds nothing", func(t *testing.T) {
		st, b := restore(backup)
		r := decode[answer](t, b)
		if st != http.StatusOK || !r.Restored.Merged || r.Restored.Messages.Added != 0 || !strings.HasPrefix(r.Summary, "Nothing to add: everything in the backup is here already") {
			t.Errorf("%d %+v", st, r)
		}
	})
	t.Run("a backup of a newer steady is refused", func(t *testing.T) {
		doc := decode[map[string]any](t, backup)
		doc["version"] = steady.ExportVersion + 1
		newer, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		st, b := restore(newer)
		if st != http.StatusBadRequest || !strings.Contains(string(b), "written by a newer steady") {
			t.Errorf("%d %s", st, b)
		}
	})
	t.Run("a chat export is not a backup", func(t *testing.T) {
		st, b := restore(fixture(t))
		if st != http.StatusBadRequest || !strings.Contains(string(b), "not a steady backup") {
			t.Errorf("%d %s", st, b)
		}
	})
	t.Run("a backup uploaded as a chat says where it goes", func(t *testing.T) {
		st, b := upload(t, a, map[string]string{"contact": "Elon"}, "steady-export.json", backup)
		if st != http.StatusBadRequest || !strings.Contains(string(b), `this is a steady backup, not a chat export: bring it back with \"Restore from a backup\" on the Privacy page`) {
			t.Errorf("%d %s", st, b)
		}
	})
}
