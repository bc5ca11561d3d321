package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
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
	// testdata holds a file of each encoding the importer converts.
	fuzzseed.Dir(f, "testdata", ".txt", ".json", ".xml", ".csv")
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

// FuzzParseFile drives the file path, .zip archives included: any file
// gives a chat or an error with a code; never a panic.
func FuzzParseFile(f *testing.F) {
	pack := func(name string, data []byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.Create(name)
		if err != nil {
			f.Fatal(err)
		}
		w.Write(data)
		if err := zw.Close(); err != nil {
			f.Fatal(err)
		}
		return buf.Bytes()
	}
	f.Add(pack("_chat.txt", []byte("[3/27/22, 21:41:35] Sam: hi\r\n[3/27/22, 21:42:00] Alex: \u200e<attached: 00000001-PHOTO.jpg>\r\n")))
	f.Add(pack("WhatsApp Chat with Alex.txt", []byte("18/03/2022, 14:56 - Sam: hi\n18/03/2022, 14:99 - Alex: ho\n")))
	// Unpacks 1,100 KiB from about one: past the ratio of any chat.
	f.Add(pack("_chat.txt", bytes.Repeat([]byte("1/1/21, 12:00 - A: hi\n"), 51_200)))
	f.Add([]byte("18/03/2022, 14:56 - Sam: hi\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.zip")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := importer.ParseFile(context.Background(), p, importer.Options{Location: time.UTC})
		if err != nil {
			if code := steady.ErrorCode(err); code != steady.EInvalid {
				t.Fatalf("error %v has code %q", err, code)
			}
			return
		}
		if len(c.Messages) == 0 {
			t.Fatal("no error and no message")
		}
	})
}
