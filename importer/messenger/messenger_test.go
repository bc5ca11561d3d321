package messenger_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/messenger"
)

func parseFile(t *testing.T, name string) (*parse.Export, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return messenger.Format{}.Parse(f, parse.Input{Name: name})
}

func TestParseMojibake(t *testing.T) {
	exp, err := parseFile(t, "mojibake.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a thread file is one conversation", func(t *testing.T) {
		if exp.Threads != nil || exp.ThreadOf != nil || exp.Owner != "" {
			t.Errorf("threads %+v, owner %q", exp.Threads, exp.Owner)
		}
	})
	msgs := exp.Messages
	if len(msgs) != 7 {
		t.Fatalf("%d messages, want 7", len(msgs))
	}
	for _, tc := range []struct {
		name   string
		i      int
		sender string
		kind   steady.Kind
		text   string
	}{
		{"a string that is not valid UTF-8 as bytes is kept as it is", 0, "Sam", steady.KindText, "Plain latin-1 looking text: naïve café"},
		{"a generated group notice is a system line", 1, "Sam", steady.KindSystem, "Sam named the group Kids."},
		{"an unsent message is a deletion", 2, "Sam", steady.KindDeleted, ""},
		{"a reaction notice is a system line, repaired", 3, "Zoë Ünal", steady.KindSystem, "Reacted ❤️ to your message"},
		{"a photo with content is media with a caption", 4, "Sam", steady.KindMedia, "the form"},
		{"'sent an attachment' with a share is media without text", 5, "Sam", steady.KindMedia, ""},
		{"content and sender with mojibake are repaired", 6, "Zoë Ünal", steady.KindText, "Café at 5? 😊"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := msgs[tc.i]
			if m.Sender != tc.sender || m.Kind != tc.kind || m.Text != tc.text {
				t.Errorf("got %q %s %q, want %q %s %q", m.Sender, m.Kind, m.Text, tc.sender, tc.kind, tc.text)
			}
		})
	}
	t.Run("a newest-first file is returned oldest first", func(t *testing.T) {
		for i := 1; i < len(msgs); i++ {
			if msgs[i].At.Before(msgs[i-1].At) {
				t.Fatalf("message %d before message %d", i, i-1)
			}
		}
	})
}

func TestParseE2EE(t *testing.T) {
	exp, err := parseFile(t, "e2ee.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the camelCase download of encrypted chats is read", func(t *testing.T) {
		if len(exp.Messages) != 3 {
			t.Fatalf("%+v", exp)
		}
		want := []steady.Kind{steady.KindText, steady.KindMedia, steady.KindDeleted}
		for i, m := range exp.Messages {
			if m.Kind != want[i] {
				t.Errorf("message %d is %s, want %s", i, m.Kind, want[i])
			}
		}
		if exp.Messages[0].Text != "hello" || exp.Messages[0].Sender != "Alex" {
			t.Errorf("first message %+v", exp.Messages[0])
		}
	})
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, path, contains string
	}{
		{"a truncated file names where it stops", "truncated.json", "messages", "truncated"},
		{"a message without a timestamp names its index", "no_timestamp.json", "messages[0]", "timestamp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFile(t, tc.file)
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want *parse.Error", err)
			}
			if !strings.HasPrefix(pe.Path, tc.path) || !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q (path %q), want path %q… and %q", err, pe.Path, tc.path, tc.contains)
			}
		})
	}
}

func TestParseChecksTitleAndParticipants(t *testing.T) {
	for _, tc := range []struct{ name, in, path, contains string }{
		{"a participant that is neither a name nor an object names its index", `{"participants": [{"name": "Sam"}, 7], "messages": []}`, "participants[1]", "neither a name"},
		{"a title that is no string names its key", `{"title": 7, "messages": []}`, "title", "title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := messenger.Format{}.Parse(strings.NewReader(tc.in), parse.Input{Name: "m.json"})
			var pe *parse.Error
			if !errors.As(err, &pe) || pe.Path != tc.path || !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("error %v, want path %q and %q", err, tc.path, tc.contains)
			}
		})
	}
}

func TestRepairMojibake(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"UTF-8 bytes as code points are decoded", "J\u00e2\u009d\u00a4\u00ef\u00b8\u008fhn", "J❤️hn"},
		{"proper Unicode above U+00FF is left alone", "so\u00f1\u00e9 🌎", "so\u00f1\u00e9 🌎"},
		{"Latin-1 text that is no UTF-8 is left alone", "na\u00efve", "na\u00efve"},
		{"ASCII is left alone", "hello", "hello"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parse.RepairMojibake(tc.in); got != tc.want {
				t.Errorf("RepairMojibake(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
