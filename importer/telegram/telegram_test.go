package telegram_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zones whatever the machine has

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/telegram"
)

func parseFile(t *testing.T, name string, loc *time.Location) (*parse.Export, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return telegram.Format{}.Parse(f, parse.Input{Name: name, Location: loc})
}

func TestParseTextForms(t *testing.T) {
	exp, err := parseFile(t, "text_forms.json", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if exp.Threads != nil || exp.ThreadOf != nil || len(exp.Messages) != 6 {
		t.Fatalf("a single-chat export is one conversation: threads %+v, %d messages", exp.Threads, len(exp.Messages))
	}
	if exp.Owner != "" {
		t.Errorf("a single-chat export names no owner, got %q", exp.Owner)
	}
	msgs := exp.Messages
	for _, tc := range []struct {
		name   string
		i      int
		sender string
		kind   steady.Kind
		text   string
	}{
		{"a service message is a system line named by its action", 0, "Alex", steady.KindSystem, "phone call"},
		{"text as an array of strings and entities is joined", 1, "Alex", steady.KindText, "Pick-up at 5 pmhttps://example.org\u2028ok?"},
		{"date_unixtime as a number is accepted and emoji pairs decode", 2, "Sam", steady.KindText, "fine 👍"},
		{"a null from is a deleted account named by its id", 3, "Deleted Account user99", steady.KindText, "from a deleted account"},
		{"a photo with text is media with a caption", 4, "Sam", steady.KindMedia, "the form"},
		{"a sticker is media", 5, "Alex", steady.KindMedia, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := msgs[tc.i]
			if m.Sender != tc.sender || m.Kind != tc.kind || m.Text != tc.text {
				t.Errorf("got %q %s %q, want %q %s %q", m.Sender, m.Kind, m.Text, tc.sender, tc.kind, tc.text)
			}
		})
	}
	t.Run("date and date_unixtime together give the exporting computer's offset", func(t *testing.T) {
		// 2024-03-01T10:05:00 local is 1709283900 = 09:05 UTC: UTC+1.
		if _, off := msgs[1].At.Zone(); off != 3600 {
			t.Errorf("offset %d, want 3600", off)
		}
		if msgs[1].At.Unix() != 1709283900 {
			t.Errorf("instant %d, want 1709283900", msgs[1].At.Unix())
		}
	})
}

func TestParseOldDates(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal("zone database:", err)
	}
	exp, err := parseFile(t, "old_dates.json", ny)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("an export with only date is read in the given zone", func(t *testing.T) {
		want := time.Date(2019, 7, 5, 16, 55, 32, 0, ny)
		if got := exp.Messages[0].At; !got.Equal(want) {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

func TestParseFullExport(t *testing.T) {
	exp, err := parseFile(t, "full_export.json", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the owner is the name the exporting user's messages carry", func(t *testing.T) {
		if exp.Owner != "Sam D." {
			t.Errorf("owner %q, want %q", exp.Owner, "Sam D.")
		}
	})
	t.Run("only the personal chats are kept, as threads named and numbered by the chat", func(t *testing.T) {
		var names []string
		for _, c := range exp.Threads {
			names = append(names, c.Name+" "+c.Address)
		}
		if strings.Join(names, ",") != "Alex 42,Kim 43" {
			t.Errorf("threads %v, want Alex 42,Kim 43", names)
		}
	})
	t.Run("each message belongs to its chat's thread", func(t *testing.T) {
		if fmt.Sprint(exp.ThreadOf) != "[0 0 1 1]" || len(exp.Messages) != 4 {
			t.Errorf("thread of each message %v for %d messages, want [0 0 1 1]", exp.ThreadOf, len(exp.Messages))
		}
	})
	t.Run("the group is skipped and counted with its message; the empty saved messages are not", func(t *testing.T) {
		if exp.SkippedChats != 1 || exp.SkippedChatMessages != 1 {
			t.Errorf("skipped %d chats, %d messages; want 1 and 1", exp.SkippedChats, exp.SkippedChatMessages)
		}
	})
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, path, contains string
	}{
		{"a truncated file names the message being read", "truncated.json", "messages[1]", "truncated"},
		{"a text of the wrong type names its JSON path", "wrong_type.json", "messages[1]", "text"},
		{"a date that is no number names its field", "bad_date.json", "messages[0].date_unixtime", "Unix time"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFile(t, tc.file, time.UTC)
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want *parse.Error", err)
			}
			if !strings.HasPrefix(pe.Path, tc.path) || !strings.Contains(err.Error(), tc.contains) || pe.File != tc.file {
				t.Errorf("error %q (path %q), want path %q… and %q", err, pe.Path, tc.path, tc.contains)
			}
		})
	}
	t.Run("a JSON file that is no Telegram export is refused", func(t *testing.T) {
		_, err := telegram.Format{}.Parse(strings.NewReader(`{"foo": 1}`), parse.Input{Name: "x.json"})
		if err == nil || !strings.Contains(err.Error(), "not a Telegram export") {
			t.Errorf("error %v", err)
		}
	})
}

func TestParseDeepNesting(t *testing.T) {
	const depth = 1_000_000
	in := `{"name": "Alex", "type": "personal_chat", "unknown": ` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `, "messages": []}`
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := telegram.Format{}.Parse(strings.NewReader(in), parse.Input{Name: "deep.json"})
	runtime.ReadMemStats(&after)
	t.Run("a value nested a million deep stops at the depth limit, naming its key", func(t *testing.T) {
		var pe *parse.Error
		if !errors.As(err, &pe) || pe.Path != "unknown" || !strings.Contains(err.Error(), "nested more than 64 deep") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("in little memory", func(t *testing.T) {
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("allocated %.1f MiB", float64(alloc)/(1<<20))
		if alloc > 4<<20 {
			t.Errorf("allocated %d MiB", alloc>>20)
		}
	})
}
