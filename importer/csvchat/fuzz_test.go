package csvchat_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/steadyhq/steady/importer/internal/fuzzseed"
	"github.com/steadyhq/steady/importer/internal/parse"
)

// FuzzParse: any input parses or fails with a located *parse.Error.
func FuzzParse(f *testing.F) {
	fuzzseed.Dir(f, "testdata", ".csv")
	f.Add([]byte("time,sender,text,kind\n2024-01-01T00:00:00Z,a,\"b\nc\",media\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		msgs, err := parseCSV(bytes.NewReader(data), parse.Input{Name: "fuzz.csv", Location: time.UTC})
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *parse.Error", err)
			}
			return
		}
		for _, m := range msgs {
			if m.Sender == "" {
				t.Fatalf("message without sender: %+v", m)
			}
		}
	})
}
