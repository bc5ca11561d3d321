package web_test

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/internal/say"
	"github.com/steadyhq/steady/web"
)

// wordsChatFile is cmd/steady's (its words_test.go): a month of a WhatsApp
// chat with Alex holding a system line, media without text and a
// deletion. One file, so the two tests hold the CLI and the pages to the
// same data.
const wordsChatFile = "../cmd/steady/testdata/words_chat.txt"

// TestOneSetOfNumbersAndWords reads the pages for what cmd/steady's test
// of the same name holds the CLI to, with the same data: the streak
// counted as `steady nocontact status` counts it, counts in the singular,
// the verdict and the zone in words, dates in the CLI's format, what an
// import does not count, and the charts by month only over more than one.
func TestOneSetOfNumbersAndWords(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.Local = time.Local })
	chat, err := os.ReadFile(wordsChatFile)
	if err != nil {
		t.Fatal(err)
	}
	st, b := upload(t, a, map[string]string{"contact": "Alex", "me": "Sam"}, "WhatsApp Chat with Alex.txt", chat)
	if st != http.StatusCreated {
		t.Fatalf("import: %d %s", st, b)
	}
	t.Run("the import answers the CLI's summary, with what does not count", func(t *testing.T) {
		r := decode[struct {
			Summary string   `json:"summary"`
			Notes   []string `json:"notes"`
		}](t, b)
		if r.Summary != "Imported WhatsApp Chat with Alex.txt (whatsapp) for Alex: 7 messages read, 7 new, 0 already here" ||
			len(r.Notes) == 0 || !strings.HasPrefix(r.Notes[0], "4 of the 7 count for the rhythm; kept but not counted: 1 media without text, 1 deleted message, 1 system line") {
			t.Errorf("summary %q, notes %q", r.Summary, r.Notes)
		}
	})
	cid := contactID(t, a, "Alex")

	// Started 17½ days before the clock, as in the CLI's test.
	if st, b := a.api("POST", fmt.Sprintf("/api/v1/contacts/%d/nocontact", cid), map[string]any{"planned_days": 30, "start": "2026-11-08T02:00:00Z"}); st != http.StatusCreated {
		t.Fatalf("start: %d %s", st, b)
	}
	t.Run("the streak is counted as the CLI counts it", func(t *testing.T) {
		_, body := a.page("/nocontact")
		for _, want := range []string{`<span class="big">17</span> days kept`, "13 of 30 to go", "0 slips.", "Since Sun 8 Nov, for 30 days"} {
			if !strings.Contains(body, want) {
				t.Errorf("the No contact page does not say %q", want)
			}
		}
	})
	asProgram(a)
	if st, b := a.api("POST", fmt.Sprintf("/api/v1/contacts/%d/nocontact/slips", cid), map[string]any{"at": "2026-11-20T20:15:00Z", "note": "texted on her birthday"}); st != http.StatusCreated {
		t.Fatalf("slip: %d %s", st, b)
	}
	t.Run("one slip is a slip, written with the CLI's date", func(t *testing.T) {
		_, body := a.page("/nocontact")
		for _, want := range []string{`<span class="big">4</span> days kept`, "13 of 30 to go", "1 slip.", "Fri 20 Nov, 20:15"} {
			if !strings.Contains(body, want) {
				t.Errorf("the No contact page does not say %q", want)
			}
		}
	})
	t.Run("the journal says the verdict in words", func(t *testing.T) {
		asProgram(a)
		if st, b := a.api("POST", "/api/v1/journal", map[string]any{"text": "I miss you", "verdict": "dont_send"}); st != http.StatusCreated {
			t.Fatalf("journal: %d %s", st, b)
		}
		_, body := a.page("/journal")
		if !strings.Contains(body, "steady said: Don&#39;t send") || strings.Contains(body, "dont_send") {
			t.Errorf("journal page:\n%s", body)
		}
	})
	t.Run("settings name the zone in use", func(t *testing.T) {
		_, body := a.page("/settings")
		want := "Now in use: " + say.Zone(time.Local, fixedNow) + "."
		if !strings.Contains(body, want) || strings.Contains(body, "Now in use: Local") {
			t.Errorf("settings do not say %q", want)
		}
	})
	t.Run("the contacts page counts in words", func(t *testing.T) {
		_, body := a.page("/contacts")
		if !strings.Contains(body, ">7 messages<") {
			t.Errorf("contacts page:\n%s", body)
		}
	})
	t.Run("a month of history has no charts by month", func(t *testing.T) {
		_, body := a.page(fmt.Sprintf("/contacts/%d", cid))
		if strings.Contains(body, "Over time, by month") || !strings.Contains(body, "once the history spans more than one month") {
			t.Errorf("contact page:\n%s", body)
		}
		more := "05/12/2026, 09:00 - Alex: Can we swap weekends?\n05/12/2026, 09:05 - Sam: Yes\n"
		asProgram(a)
		if st, b := upload(t, a, map[string]string{"contact": "Alex", "me": "Sam"}, "more.txt", []byte(more)); st != http.StatusCreated {
			t.Fatalf("import: %d %s", st, b)
		}
		_, body = a.page(fmt.Sprintf("/contacts/%d", cid))
		if !strings.Contains(body, "Over time, by month") {
			t.Error("two months of history have no charts by month")
		}
	})
}

// asProgram drops the session the pages gave, so that the API is called
// as a program calls it, without a CSRF token.
func asProgram(a *testApp) {
	jar, _ := cookiejar.New(nil)
	a.client.Jar = jar
}

// contactID finds a contact's id by name through the API.
func contactID(t *testing.T, a *testApp, name string) int64 {
	t.Helper()
	_, b := a.api("GET", "/api/v1/contacts", nil)
	for _, c := range decode[[]struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}](t, b) {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no contact %q: %s", name, b)
	return 0
}
