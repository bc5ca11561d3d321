package messenger_test

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/steadyhq/steady/importer/internal/fuzzseed"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/messenger"
)

// FuzzParse: any input parses or fails with a located *parse.Error.
func FuzzParse(f *testing.F) {
	fuzzseed.Shared(f, "messenger", ".json")
	fuzzseed.Dir(f, "testdata", ".json")
	f.Add([]byte("\ufeff{\"messages\": [{\"sender_name\": \"J\\u00e2\\u009d\\u00a4\", \"timestamp_ms\": 1, \"content\": \"Reacted \\u00f0\\u009f\\u0098\\u0082 to your message\"}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exp, err := messenger.Format{}.Parse(bytes.NewReader(data), parse.Input{Name: "fuzz.json"})
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *parse.Error", err)
			}
			return
		}
		for _, m := range exp.Messages {
			if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Sender) {
				t.Fatalf("invalid UTF-8 in %+v", m)
			}
		}
	})
}
