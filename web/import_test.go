package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/steadyhq/steady"
)

func TestImportNotes(t *testing.T) {
	a := newApp(t, nil)
	chat := "18/03/2022, 14:56 - Sam: Can you take them on Saturday?\n" +
		"18/03/2022, 14:99 - Alex: this minute does not exist\n" +
		"18/03/2022, 15:02 - Alex: Yes\n"
	st, b := upload(t, a, map[string]string{"contact": "Alex", "me": "Sam"}, "chat.txt", []byte(chat))
	if st != http.StatusCreated {
		t.Fatalf("import: %d %s", st, b)
	}
	type resp struct {
		Import steady.Import `json:"import"`
		Notes  []string      `json:"notes"`
	}
	r := decode[resp](t, b)
	t.Run("the answer says which lines could not be read and counts them as skipped", func(t *testing.T) {
		if want := []string{"1 line could not be read: line 2"}; !slices.Equal(r.Notes, want) || r.Import.Skipped != 1 || r.Import.Added != 2 {
			t.Errorf("notes %q, record %+v", r.Notes, r.Import)
		}
	})
}

func TestImportWithoutContactListsTheChoices(t *testing.T) {
	a := newApp(t, nil)
	chat := "18/03/2022, 14:56 - Sam: Can you take them on Saturday?\n18/03/2022, 15:02 - Alex: Yes\n"
	st, b := upload(t, a, nil, "chat.txt", []byte(chat))
	t.Run("the answer lists the senders to choose from", func(t *testing.T) {
		if st != http.StatusBadRequest || !strings.Contains(string(b), `2 senders: \"Alex\" (1 message), \"Sam\" (1 message)`) {
			t.Errorf("status %d: %s", st, b)
		}
	})
}
