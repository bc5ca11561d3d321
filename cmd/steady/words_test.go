package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/internal/say"
)

// wordsChatFile is a WhatsApp export with Alex that holds what an import
// keeps but does not count for the rhythm: a system line, media without
// text and a deleted message. web's TestOneSetOfNumbersAndWords reads the
// same file.
const wordsChatFile = "testdata/words_chat.txt"

func wordsChat(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(wordsChatFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOneSetOfNumbersAndWords follows a user through the CLI and keeps
// what they read in testdata/words.txt: counts in the singular when there
// is one, the time zone by name, dates in one format (the web app's, see
// web's TestOneSetOfNumbersAndWords), the verdict in words, the no-contact
// streak as the web app counts it, what an import does not count, and
// confirmations on standard error ("2> ") with results on standard output.
func TestOneSetOfNumbersAndWords(t *testing.T) {
	s := newTranscript(t)
	export := s.file("WhatsApp Chat with Alex.txt", wordsChat(t))
	out := s.must("", "import", "--contact", "Alex", "--me", "Sam", export)
	t.Run("the import says which messages do not count", func(t *testing.T) {
		if !strings.Contains(out, "4 of the 7 count for the rhythm; kept but not counted: 1 media without text, 1 deleted message, 1 system line") {
			t.Errorf("summary:\n%s", out)
		}
	})
	out = s.must("", "profile")
	t.Run("the machine's zone is named", func(t *testing.T) {
		if !strings.Contains(out, "this machine's (Europe/London)") {
			t.Errorf("profile:\n%s", out)
		}
	})
	out = s.must("", "stats", "Alex")
	t.Run("stats name the zone and write dates as everywhere", func(t *testing.T) {
		if !strings.Contains(out, "Busiest hours (Europe/London)") || !strings.Contains(out, "Sun 1 Nov, 12:01") {
			t.Errorf("stats:\n%s", out)
		}
	})
	// 17½ days before the tests' clock (Wed 25 Nov 2026, 14:00 UTC).
	s.must("", "nocontact", "start", "Alex", "--days", "30", "--at", "2026-11-08T02:00:00Z")
	out = s.must("", "nocontact", "status")
	t.Run("the streak is counted as the web app counts it", func(t *testing.T) {
		if !strings.Contains(out, "17 days kept, 13 of 30 to go; 0 slips.") {
			t.Errorf("status:\n%s", out)
		}
	})
	s.must("", "nocontact", "slip", "Alex", "--at", "2026-11-20T20:15:00Z", "--note", "texted on her birthday")
	out = s.must("", "nocontact", "status", "Alex")
	t.Run("one slip is a slip", func(t *testing.T) {
		if !strings.Contains(out, "4 days kept, 13 of 30 to go; 1 slip.") || !strings.Contains(out, "slip Fri 20 Nov, 20:15") {
			t.Errorf("status:\n%s", out)
		}
	})
	out, errOut, _ := s.run("Fine. 5pm then.", "check", "--reply", "--mood", "angry", "--json", "--hold", "--at", "2026-11-25T09:00:00Z")
	t.Run("a hold is confirmed on standard error, the result alone on standard output", func(t *testing.T) {
		var v map[string]any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("standard output is not the JSON result alone: %v\n%s", err, out)
		}
		if !strings.HasPrefix(errOut, "Held as #1 until Wed 25 Nov, ") {
			t.Errorf("standard error %q", errOut)
		}
	})
	s.must("", "holds")
	s.run("I miss you so much. Do you ever think about us?", "check", "--journal", "--at", "2026-11-25T15:00:00Z")
	out = s.must("", "journal")
	t.Run("the journal says the verdict in words", func(t *testing.T) {
		if !strings.Contains(out, "(steady said: Don't send)") || strings.Contains(out, "dont_send") {
			t.Errorf("journal:\n%s", out)
		}
	})
	s.must("", "export", "-o", s.dir+"/backup.json")
	s.must("", "journal", "delete", "1")
	s.golden("words.txt")
}

func TestLocalZoneIsNamed(t *testing.T) {
	for _, c := range []struct {
		name, tz, want string
	}{
		{"$TZ names it", "Asia/Kolkata", "Asia/Kolkata"},
		{"a $TZ with a colon, as POSIX allows", ":Europe/Berlin", "Europe/Berlin"},
		{"a $TZ Go cannot load means UTC, as it does for Go", "Nowhere/Atall", "UTC"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := &app{getenv: func(k string) string { return map[string]string{"TZ": c.tz}[k] }}
			if got := a.localZone().String(); got != c.want {
				t.Errorf("localZone = %q, want %q", got, c.want)
			}
		})
	}
	t.Run("without $TZ the system's zone is named, never \"Local\"", func(t *testing.T) {
		a := &app{getenv: func(string) string { return "" }}
		got := say.Zone(a.localZone(), time.Now())
		if got == "Local" || got == "" {
			t.Errorf("the zone is shown as %q", got)
		}
		t.Logf("this machine's zone: %s", got)
	})
}
