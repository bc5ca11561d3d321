package importer

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strings"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

// Key returns the dedupe key of a message: a hash of its sender, its
// instant (UTC, at the resolution the export has: minutes for WhatsApp on
// Android, seconds, milliseconds…), its text, and its occurrence index
// among messages with the same sender, instant and text in file order (two
// "ok" sent in one minute are two messages).
//
// The same message in two overlapping exports of one chat gets the same
// key, so a re-import adds only what is new. It changes when what the key
// is made of changes: a contact renamed on the phone, or a WhatsApp export
// read in another zone.
func Key(sender string, at time.Time, text string, occurrence int) string {
	var buf [64]byte
	b := buf[:0]
	var out [keyLen]byte
	keyInto(&b, &out, sender, at, text, occurrence)
	return string(out[:])
}

// keyLen is the length of a key: 128 bits in unpadded base64url.
const keyLen = 22

// keyInto is Key with reusable buffers, so that a million keys cost no
// allocation but the arena's.
func keyInto(b *[]byte, out *[keyLen]byte, sender string, at time.Time, text string, occurrence int) {
	buf := (*b)[:0]
	buf = append(buf, "steady/1\x00"...)
	buf = append(buf, sender...)
	buf = append(buf, 0)
	buf = binary.BigEndian.AppendUint64(buf, uint64(at.UnixNano()))
	buf = append(buf, text...)
	buf = append(buf, 0)
	buf = binary.BigEndian.AppendUint32(buf, uint32(occurrence))
	*b = buf
	sum := sha256.Sum256(buf)
	// 128 bits: collisions are out of reach for any chat history.
	base64.RawURLEncoding.Encode(out[:], sum[:16])
}

// finish sorts the messages, fills Source and Key, and counts senders.
func finish(c *Chat, source string) error {
	c.sortMessages()
	var buf []byte
	var out [keyLen]byte
	keys := parse.NewArena(1 << 20)
	key := func(m *steady.Message, occ int) {
		keyInto(&buf, &out, m.Sender, m.At, m.Text, occ)
		m.Key = keys.String(out[:])
		m.Source = source
	}
	msgs := c.Messages
	for start := 0; start < len(msgs); {
		end := start + 1
		for end < len(msgs) && msgs[end].At.Equal(msgs[start].At) {
			end++
		}
		run := msgs[start:end]
		if len(run) <= 16 {
			for i := range run {
				occ := 0
				for k := 0; k < i; k++ {
					if run[k].Sender == run[i].Sender && run[k].Text == run[i].Text {
						occ++
					}
				}
				key(&run[i], occ)
			}
		} else {
			// A long run of one instant (a hostile or synthetic file):
			// count with a map instead of quadratic scans.
			seen := make(map[[2]string]int, len(run))
			for i := range run {
				k := [2]string{run[i].Sender, run[i].Text}
				occ := seen[k]
				seen[k] = occ + 1
				key(&run[i], occ)
			}
		}
		start = end
	}
	c.count()
	return nil
}

// sortMessages sorts by instant, stable so that file order breaks ties. The
// per-message thread index travels in the ID field during the sort (the
// store sets IDs later), which spares a second copy of a million messages.
func (c *Chat) sortMessages() {
	less := func(a, b steady.Message) int { return a.At.Compare(b.At) }
	if slices.IsSortedFunc(c.Messages, less) {
		return
	}
	if c.thread != nil {
		for i := range c.Messages {
			c.Messages[i].ID = int64(c.thread[i])
		}
	}
	slices.SortStableFunc(c.Messages, less)
	if c.thread != nil {
		for i := range c.Messages {
			c.thread[i] = int(c.Messages[i].ID)
			c.Messages[i].ID = 0
		}
	}
}

// count fills Senders and the threads' message counts.
func (c *Chat) count() {
	counts := make(map[string]int)
	for i := range c.Messages {
		m := &c.Messages[i]
		if m.Kind != steady.KindSystem && m.Sender != "" {
			counts[m.Sender]++
		}
	}
	c.Senders = c.Senders[:0]
	for name, n := range counts {
		c.Senders = append(c.Senders, SenderCount{Name: name, Count: n})
	}
	slices.SortFunc(c.Senders, func(a, b SenderCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Name, b.Name)
	})
	for i := range c.Threads {
		c.Threads[i].Messages = 0
	}
	for _, t := range c.thread {
		if t >= 0 && t < len(c.Threads) {
			c.Threads[t].Messages++
		}
	}
}
