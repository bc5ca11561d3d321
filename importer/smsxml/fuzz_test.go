package smsxml_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/steadyhq/steady/importer/internal/fuzzseed"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/smsxml"
)

// FuzzParse: any input parses or fails with a located *parse.Error, and
// the thread index of every message is in range.
func FuzzParse(f *testing.F) {
	fuzzseed.Shared(f, "sms-backup-restore", ".xml")
	fuzzseed.Dir(f, "testdata", ".xml")
	f.Add([]byte(`<smses><sms address="1" date="1" type="1" body="&#55357;&#56396;&#xD83C;&#xDF0D;&#55357;" /></smses>`))
	f.Add([]byte(`<smses><!-- <sms data="x"> --><mms date="1" msg_box="1"><parts><part ct="image/png" data = 'AAA"A' /></parts></mms></smses>`))
	f.Add([]byte("<smses>" + strings.Repeat("<a>", 70) + strings.Repeat("</a>", 70) + "</smses>"))
	f.Add([]byte("<smses>" + strings.Repeat("<a>", 70)))
	f.Add([]byte(`<smses><sms ` + strings.Repeat(`a="1" `, 300) + `/></smses>`))
	f.Add([]byte(`<smses><` + strings.Repeat("x", 300) + ` /></smses>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := smsxml.Format{}.Parse(bytes.NewReader(data), parse.Input{Name: "fuzz.xml"})
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *parse.Error", err)
			}
			return
		}
		if len(b.ThreadOf) != len(b.Messages) {
			t.Fatalf("%d thread indexes for %d messages", len(b.ThreadOf), len(b.Messages))
		}
		for _, i := range b.ThreadOf {
			if i < 0 || i >= len(b.Threads) {
				t.Fatalf("thread index %d of %d", i, len(b.Threads))
			}
		}
	})
}
