package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// oneMonth is a WhatsApp chat of one month in which Alex answers within
// minutes, with a system line, media and a deletion that count for nothing.
const oneMonth = `01/11/2026, 08:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
01/11/2026, 08:01 - Sam: Hi, can you take the kids on Saturday?
01/11/2026, 08:03 - Alex: Yes. What time?
01/11/2026, 08:05 - Sam: Around 9
01/11/2026, 08:06 - Sam: <Media omitted>
01/11/2026, 08:08 - Alex: This message was deleted
01/11/2026, 08:09 - Alex: ok
`

// months is a chat over three months with replies of a few minutes.
func months() string {
	var b strings.Builder
	for _, d := range []string{"03/08/2026", "10/08/2026", "05/09/2026", "12/09/2026", "02/10/2026", "20/10/2026"} {
		fmt.Fprintf(&b, "%s, 09:00 - Sam: Can you bring the school bag on Friday?\n", d)
		fmt.Fprintf(&b, "%s, 09:02 - Kim: Yes, I'll bring it\n", d)
		fmt.Fprintf(&b, "%s, 09:06 - Sam: Thanks\n", d)
		fmt.Fprintf(&b, "%s, 09:09 - Kim: No problem\n", d)
	}
	return b.String()
}

// postJSON calls the app's JSON API as a program does (no session).
func postJSON(t *testing.T, url string, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		t.Fatalf("POST %s: %d %s", url, res.StatusCode, body)
	}
	return body
}

// momentRe is how a moment is written everywhere (Go's internal/say).
var momentRe = regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?, \d\d:\d\d`)

// TestWhatAPersonReads goes through the pages of issue 14 in Chromium: an
// import says what it does not count; one month of history has no charts
// by month, several have them, with reply times in the unit of the data;
// the streak and the dates are written as the CLI writes them; the zone is
// named; a backup is restored from the Privacy page. Each state is
// checked at 1280 and 390 px (check: screenshots, axe-core, nothing wider
// than the screen).
func TestWhatAPersonReads(t *testing.T) {
	s := newSession(t)
	ts := app(t)
	u := ts.URL
	t.Logf("screenshots: %s", s.shots)
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	upload := func(t *testing.T, contact, path string) {
		t.Helper()
		s.do(t, "upload "+filepath.Base(path),
			chromedp.Navigate(u+"/contacts"),
			chromedp.SendKeys(css("#imp-contact"), contact),
			chromedp.SendKeys(css("#imp-me"), "Sam"),
			chromedp.SetUploadFiles(css("#imp-file"), []string{path}),
			chromedp.Click(css(`form[data-import] button[type="submit"]`)),
			until(`/^\/contacts\/\d+$/.test(location.pathname) && document.readyState === "complete"`),
			chromedp.WaitVisible(css("h1")),
		)
	}

	var alexURL string
	t.Run("an import says what it does not count, and one month has no charts by month", func(t *testing.T) {
		upload(t, "Alex", file("WhatsApp Chat with Alex.txt", oneMonth))
		s.do(t, "the summary", textHas(".import-summary", "count for the rhythm"))
		summary := get(t, s, chromedp.Text(css(".import-summary")))
		for _, want := range []string{"Imported WhatsApp Chat with Alex.txt (whatsapp) for Alex: 7 messages read, 7 new, 0 already here.",
			"4 of the 7 count for the rhythm; kept but not counted: 1 media without text, 1 deleted message, 1 system line"} {
			if !strings.Contains(summary, want) {
				t.Errorf("the summary does not say %q:\n%s", want, summary)
			}
		}
		if n := get(t, s, chromedp.Evaluate[int](`document.querySelectorAll("[data-series-url]").length`)); n != 0 {
			t.Error("a month of history is charted by month")
		}
		alexURL = get(t, s, chromedp.Location())
		s.check(t, "contact-imported-one-month")
		s.do(t, "reload", chromedp.Navigate(alexURL), chromedp.WaitVisible(css("h1")))
		if n := get(t, s, chromedp.Evaluate[int](`document.querySelectorAll(".import-summary").length`)); n != 0 {
			t.Error("the import's summary is shown again on a later visit")
		}
	})

	t.Run("replies of minutes are charted in minutes, over months", func(t *testing.T) {
		upload(t, "Kim", file("WhatsApp Chat with Kim.txt", months()))
		s.do(t, "charts", until(`document.querySelectorAll('.chart[data-drawn="1"] canvas').length >= 3`))
		caption := get(t, s, chromedp.Text(css(`[data-figure="delay"] figcaption`)))
		if caption != "Typical reply time (minutes)" {
			t.Errorf("the reply-time chart is captioned %q", caption)
		}
		text := get(t, s, chromedp.Text(css(`[data-figure="delay"] .chart-text`)))
		if !strings.Contains(text, "Oct 2026") || !strings.Contains(text, " min") {
			t.Errorf("the reply-time chart's text: %q", text)
		}
		s.check(t, "contact-charts-minutes")
	})

	t.Run("the streak and its dates as the CLI writes them", func(t *testing.T) {
		id := strings.TrimPrefix(alexURL, u+"/contacts/")
		postJSON(t, u+"/api/v1/contacts/"+id+"/nocontact", map[string]any{"planned_days": 30, "start": "2026-11-08T02:00:00Z"})
		postJSON(t, u+"/api/v1/contacts/"+id+"/nocontact/slips", map[string]any{"at": "2026-11-20T20:15:00Z", "note": "texted on her birthday"})
		s.do(t, "no contact", chromedp.Navigate(u+"/nocontact"), chromedp.WaitVisible(css(".period")))
		text := get(t, s, chromedp.Text(css(".period")))
		for _, want := range []string{"4 days kept", "Since Sun 8 Nov, for 30 days — 13 of 30 to go. 1 slip.", "Fri 20 Nov, 20:15 — texted on her birthday"} {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
				t.Errorf("the No contact page does not say %q:\n%s", want, text)
			}
		}
		s.check(t, "nocontact-streak")
	})

	t.Run("a held draft's time is written as the verdict's", func(t *testing.T) {
		s.do(t, "hold",
			chromedp.Navigate(u+"/"),
			chromedp.SetValue(css("#goal"), "kids"),
			chromedp.SetValue(css("#mood"), "angry"),
			chromedp.SendKeys(css("#draft"), "Fine. Pick him up at 5 then."),
			textHas("#verdict-word", "Wait"),
			chromedp.Click(css("#hold")),
			textHas("#action-status", "Held until"),
		)
		line := get(t, s, chromedp.Text(css("#verdict-line")))
		held := get(t, s, chromedp.Text(css("#action-status")))
		inLine, inHeld := momentRe.FindString(line), momentRe.FindString(held)
		if inLine == "" || inLine != inHeld {
			t.Errorf("the verdict says %q (%q), the hold %q (%q): one moment, one way", inLine, line, inHeld, held)
		}
		s.check(t, "write-held")
		s.do(t, "holds", chromedp.Navigate(u+"/holds"), textHas("main", "Fine. Pick him up"))
		if got := momentRe.FindString(get(t, s, chromedp.Text(css(".hold .hint")))); got != inLine {
			t.Errorf("the Holds page says %q, the verdict %q", got, inLine)
		}
	})

	t.Run("settings name the zone", func(t *testing.T) {
		s.do(t, "settings", chromedp.Navigate(u+"/settings"), chromedp.WaitVisible(css("#tz")))
		hint := get(t, s, chromedp.Text(css("#tz-hint")))
		if strings.Contains(hint, "Local") || !strings.Contains(hint, "Now in use: UTC.") {
			t.Errorf("settings: %q", hint)
		}
	})

	t.Run("a backup is restored from the Privacy page", func(t *testing.T) {
		res, err := http.Get(u + "/api/v1/export")
		if err != nil {
			t.Fatal(err)
		}
		backup, _ := io.ReadAll(res.Body)
		res.Body.Close()
		path := file("steady-export.json", string(backup))
		s.do(t, "forget everything",
			chromedp.Navigate(u+"/privacy"),
			chromedp.SendKeys(css("#fa-confirm"), "delete everything"),
			chromedp.Submit(css("#fa-confirm")),
			textHas("main", "Everything is deleted."),
		)
		s.do(t, "restore",
			chromedp.SetUploadFiles(css("#restore-file"), []string{path}),
			chromedp.Click(css(`form[data-restore] button[type="submit"]`)),
			textHas(".restore-status", "Restored 2 contacts, 31 messages"),
		)
		s.check(t, "privacy-restored")
		s.do(t, "restore again",
			chromedp.SetUploadFiles(css("#restore-file"), []string{path}),
			chromedp.Click(css(`form[data-restore] button[type="submit"]`)),
			textHas(".restore-status", "Nothing to add"),
		)
		res, err = http.Get(u + "/api/v1/export")
		if err != nil {
			t.Fatal(err)
		}
		again, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Equal(again, backup) {
			t.Error("the export after the restore is not the backup")
		}
		s.do(t, "a backup of a newer steady",
			chromedp.SetUploadFiles(css("#restore-file"), []string{file("newer.json", strings.Replace(string(backup), `"version": 1`, `"version": 2`, 1))}),
			chromedp.Click(css(`form[data-restore] button[type="submit"]`)),
			textHas(".restore-status.error", "written by a newer steady"),
		)
		s.check(t, "privacy-restore-newer")
	})
}
