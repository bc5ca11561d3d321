package chatgen_test

import (
	"bytes"
	"testing"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer"
	"github.com/steadyhq/steady/importer/whatsapp"
	"github.com/steadyhq/steady/internal/chatgen"
)

func TestWrite(t *testing.T) {
	var a, b bytes.Buffer
	if err := chatgen.Write(&a, chatgen.Options{Messages: 5000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := chatgen.Write(&b, chatgen.Options{Messages: 5000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	t.Run("the same seed gives the same export", func(t *testing.T) {
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Error("outputs differ")
		}
	})
	exp, err := whatsapp.Format{}.Parse(bytes.NewReader(a.Bytes()), importer.Input{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	msgs := exp.Messages
	t.Run("the export parses into the asked number of messages and the encryption notice", func(t *testing.T) {
		if len(msgs) != 5001 {
			t.Errorf("%d messages, want 5001", len(msgs))
		}
	})
	t.Run("both people write, with media, deletions and multi-line texts", func(t *testing.T) {
		senders := map[string]int{}
		kinds := map[steady.Kind]int{}
		multi := 0
		for i, m := range msgs {
			senders[m.Sender]++
			kinds[m.Kind]++
			if bytes.ContainsRune([]byte(m.Text), '\n') {
				multi++
			}
			if i > 0 && m.At.Before(msgs[i-1].At) {
				t.Fatalf("message %d goes back in time", i)
			}
		}
		if senders["Sam Doe"] < 1500 || senders["Alex Roe"] < 1500 {
			t.Errorf("senders %v", senders)
		}
		if kinds[steady.KindMedia] == 0 || kinds[steady.KindDeleted] == 0 || kinds[steady.KindSystem] < 2 || multi == 0 {
			t.Errorf("kinds %v, %d multi-line", kinds, multi)
		}
	})
}
