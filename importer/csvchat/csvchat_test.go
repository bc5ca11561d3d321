package csvchat_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/csvchat"
	"github.com/steadyhq/steady/importer/internal/parse"
)

// parseCSV is the format's Parse, for tests that look at the messages.
func parseCSV(r io.Reader, in parse.Input) ([]steady.Message, error) {
	exp, err := csvchat.Format{}.Parse(r, in)
	if err != nil {
		return nil, err
	}
	return exp.Messages, nil
}

func parseFile(t *testing.T, name string, opts parse.Input) ([]steady.Message, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts.Name = name
	return parseCSV(f, opts)
}

func TestParse(t *testing.T) {
	msgs, err := parseFile(t, "chat.csv", parse.Input{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("RFC 3339 times keep their offset", func(t *testing.T) {
		if _, off := msgs[0].At.Zone(); off != 3600 || msgs[0].At.Unix() != 1709312520 {
			t.Errorf("got %s", msgs[0].At)
		}
	})
	t.Run("quoted fields hold commas, line breaks and quotes", func(t *testing.T) {
		if msgs[1].Text != "Yes, 10am at the station.\nI'll bring the bags." || msgs[2].Text != `She said "ok"` {
			t.Errorf("texts %q %q", msgs[1].Text, msgs[2].Text)
		}
	})
}

func TestParseLayoutAndKinds(t *testing.T) {
	msgs, err := parseFile(t, "kinds.csv", parse.Input{Values: map[string]string{"csv-layout": "2006-01-02 15:04"}, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("columns in any order, a kind column and a stated layout are read", func(t *testing.T) {
		if len(msgs) != 2 || msgs[0].Kind != steady.KindMedia || msgs[1].Text != "fine" || msgs[1].At != time.Date(2024, 3, 1, 18, 5, 0, 0, time.UTC) {
			t.Errorf("got %+v", msgs)
		}
	})
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, contains string
		line                 int
	}{
		{"a time that does not match the layout names its line", "bad_time.csv", "layout", 3},
		{"an unterminated quote names its line", "bad_quote.csv", "quote", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFile(t, tc.file, parse.Input{})
			var pe *parse.Error
			if !errors.As(err, &pe) || pe.Line != tc.line || !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("error %v, want line %d and %q", err, tc.line, tc.contains)
			}
		})
	}
	t.Run("a file without the header row is refused", func(t *testing.T) {
		_, err := parseCSV(strings.NewReader("a,b,c\n"), parse.Input{Name: "x.csv"})
		if err == nil || !strings.Contains(err.Error(), "time, sender and text") {
			t.Errorf("error %v", err)
		}
	})
}
