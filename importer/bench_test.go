package importer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/importer"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/whatsapp"
	"github.com/steadyhq/steady/internal/chatgen"
)

func generated(b *testing.B, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := chatgen.Write(&buf, chatgen.Options{Messages: n}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkParseWhatsApp is the whole import path short of the store:
// detection, parsing, instants, sort check, keys and senders.
func BenchmarkParseWhatsApp(b *testing.B) {
	data := generated(b, 100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := importer.Parse(context.Background(), bytes.NewReader(data), importer.Options{Location: time.UTC})
		if err != nil {
			b.Fatal(err)
		}
		if len(c.Messages) < 100_000 {
			b.Fatal(len(c.Messages))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100_000, "ns/msg")
}

// BenchmarkParseWhatsAppLines is the WhatsApp parser alone.
func BenchmarkParseWhatsAppLines(b *testing.B) {
	data := generated(b, 100_000)
	s := string(data)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (whatsapp.Format{}).Parse(strings.NewReader(s), parse.Input{Location: time.UTC, SizeHint: int64(len(s))}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssign16000Senders is issue 13's repro: a file of 16,000
// senders, --contact S1 and no --me (which ends in the group-chat error
// after matching every sender).
func BenchmarkAssign16000Senders(b *testing.B) {
	c := manySenders(b, 16_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := importer.Assign(c, "", "S1"); err == nil {
			b.Fatal("a chat of 16,000 senders is a group chat")
		}
	}
}
