package whatsapp_test

import (
	"bytes"
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/steadyhq/steady/importer/internal/fuzzseed"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/whatsapp"
)

// FuzzParse: any input either parses into sane messages or fails with a
// located *parse.Error; never a panic. Read in a zone with DST so that the
// gap and repeat paths are exercised too.
func FuzzParse(f *testing.F) {
	fuzzseed.Shared(f, "whatsapp", ".txt")
	fuzzseed.Dir(f, "testdata", ".txt")
	for _, s := range []string{
		"18/03/2022, 14:56 - Sam: hi\n",
		"[29.10.23, 02:10:00] A: x\n[29.10.23, 02:05:00] B: y\n",
		"[26.03.23, 02:30:00] A: gap\n",
		"3/6/18, 1:55\u202fPM - a: m\n",
		"\u200e[3/6/18 1:55:00 p. m.] a: m\r\ncontinued\r\n",
		"[\u0662\u0667/\u0663/\u0662\u0660\u0662\u0662\u060c \u0669:\u0664\u0661:\u0663\u0665\u00a0\u0645] a: m",
		"13. 6. 2018. 21:25:15 a: m\n",
		"[3/18/R4, 14:56:01] a: m\n[1/7/2566 BE, 23:32:30] b: n\n",
		"1/29/18, 11:58 PM - a: m\n1/29/18, 23:59 PM - b: n\n1/30/18, 8:15 - a: o\n1/30/18, 25:10 AM - b: p\nmore\n2/30/18, 9:05 AM - a: q\n",
		"[29.01.18, 23:49:03] a: \u200em\n\u200e[29.01.18, 23:50:12] b: x \u200ey\ufeffz\n",
	} {
		f.Add([]byte(s))
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		exp, err := (whatsapp.Format{}).Parse(bytes.NewReader(data), parse.Input{Location: berlin, Name: "fuzz.txt"})
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *parse.Error", err)
			}
			return
		}
		msgs := exp.Messages
		if len(msgs) == 0 {
			t.Fatal("no error and no message")
		}
		for i, u := range exp.Unread {
			if u.Line < 1 || u.Last < u.Line || (i > 0 && u.Line <= exp.Unread[i-1].Last) {
				t.Fatalf("unread %d %+v out of place", i, u)
			}
		}
		for _, m := range msgs {
			if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Sender) {
				t.Fatalf("invalid UTF-8 in %+v", m)
			}
			if y := m.At.Year(); y < 1969 || y > 2201 {
				t.Fatalf("instant %s out of range", m.At)
			}
			if m.ID != 0 || m.ContactID != 0 {
				t.Fatalf("scratch fields left set: %+v", m)
			}
		}
	})
}
