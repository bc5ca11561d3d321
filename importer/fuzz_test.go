package importer_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer"
	"github.com/steadyhq/steady/importer/internal/fuzzseed"
)

// FuzzParse drives detection, every parser, sorting, keys and Assign: any
// input gives a sorted, keyed chat or an EInvalid error; never a panic.
func FuzzParse(f *testing.F) {
	for _, sub := range []string{"whatsapp", "telegram", "messenger", "sms-backup-restore"} {
		fuzzseed.Shared(f, sub, ".txt", ".json", ".xml")
	}
	fuzzseed.Dir(f, "testdata", ".txt", ".json", ".xml")
	f.Add([]byte("time,sender,text\n2024-01-01T00:00:00Z,a,b\n2024-01-01T00:00:00Z,a,b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := importer.Parse(context.Background(), bytes.NewReader(data), importer.Options{Location: time.UTC, Name: "fuzz"})
		if err != nil {
			if steady.ErrorCode(err) != steady.EInvalid {
				t.Fatalf("error %v has code %q", err, steady.ErrorCode(err))
			}
			var pe *importer.ParseError
			if !errors.As(err, &pe) && !errors.Is(err, importer.ErrFormatNotDetected) {
				t.Fatalf("error %v is neither a ParseError nor ErrFormatNotDetected", err)
			}
			return
		}
		keys := make(map[string]bool, len(c.Messages))
		for i, m := range c.Messages {
			if i > 0 && m.At.Before(c.Messages[i-1].At) {
				t.Fatal("messages out of order")
			}
			if keys[m.Key] {
				t.Fatalf("duplicate key %q", m.Key)
			}
			keys[m.Key] = true
		}
		me, contact := "", ""
		if len(c.Senders) >= 2 {
			me, contact = c.Senders[0].Name, c.Senders[1].Name
		}
		if err := importer.Assign(c, me, contact); err != nil && steady.ErrorCode(err) != steady.EInvalid {
			t.Fatalf("Assign error %v has code %q", err, steady.ErrorCode(err))
		}
	})
}
