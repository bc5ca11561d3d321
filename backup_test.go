package steady_test

import (
	"strings"
	"testing"

	"github.com/steadyhq/steady"
)

func TestDecodeExport(t *testing.T) {
	for _, c := range []struct {
		name, doc, err string
	}{
		{"a backup of this version is read", `{"version": 1, "exported_at": "2026-11-25T14:00:00Z", "contacts": [{"id": 1, "name": "Alex"}]}`, ""},
		{"a newer backup is refused before its shape is read", `{"version": 2, "exported_at": "2026-11-25T14:00:00Z", "contacts": {"by_id": {}}}`, "written by a newer steady (backup version 2; this one reads version 1): update steady"},
		{"a newer backup whose version comes last is refused too", `{"exported_at": "2026-11-25T14:00:00Z", "version": 3}`, "newer steady"},
		{"another JSON file is not a backup", `{"name": "Alex", "type": "personal_chat", "messages": []}`, "not a steady backup: it has no version"},
		{"a chat export is not a backup", "18/03/2022, 14:56 - Sam: hi\n", "not a steady backup: the file holds a JSON number"},
		{"a file that is not JSON says where it breaks", "{\"version\": 1, oops}", "not a steady backup: the JSON breaks off or is damaged at byte 16"},
		{"a truncated backup says so", `{"version": 1, "contacts": [`, "not a steady backup: the file is empty or breaks off"},
		{"a field of the wrong type is named", `{"version": 1, "contacts": "Alex"}`, "not a steady backup: contacts at byte"},
		{"an empty file is not a backup", ``, "not a steady backup: the file is empty"},
		{"two documents are not one backup", `{"version": 1} {"version": 1}`, "more follows the document"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, err := steady.DecodeExport(strings.NewReader(c.doc))
			if c.err == "" {
				if err != nil || e.Version != 1 {
					t.Fatalf("%+v, %v", e, err)
				}
				return
			}
			if steady.ErrorCode(err) != steady.EInvalid || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("error %v, want EInvalid with %q", err, c.err)
			}
		})
	}
}
