package telegram_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/importer/internal/fuzzseed"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/telegram"
)

// FuzzParse: any input parses or fails with a located *parse.Error.
func FuzzParse(f *testing.F) {
	fuzzseed.Shared(f, "telegram", ".json")
	fuzzseed.Dir(f, "testdata", ".json")
	f.Add([]byte(`{"messages": [{"type": "message", "date_unixtime": "1", "from": null, "text": ["a", {"type": "bold", "text": "b"}]}]}`))
	f.Add([]byte(`{"chats": {"list": [{"type": "personal_chat", "messages": [{"date": "2019-07-05T16:55:32", "text": ""}]}]}}`))
	f.Add([]byte(`{"x": ` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `, "messages": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		exp, err := telegram.Format{}.Parse(bytes.NewReader(data), parse.Input{Location: time.UTC, Name: "fuzz.json"})
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *parse.Error", err)
			}
			return
		}
		if exp == nil {
			t.Fatal("no error and no export")
		}
		if exp.Threads != nil && len(exp.ThreadOf) != len(exp.Messages) {
			t.Fatalf("%d thread indexes for %d messages", len(exp.ThreadOf), len(exp.Messages))
		}
	})
}
