// Package chatgen generates realistic synthetic chat exports for
// benchmarks and load tests: a two-person WhatsApp Android export with
// conversations separated by silences, turns of one to a few messages,
// reply delays and message lengths drawn from skewed (log-normal)
// distributions, multi-line messages, media, deletions and system lines.
// The output is deterministic for a seed.
package chatgen

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Options shape a generated chat. Zero values take the defaults.
type Options struct {
	Messages int       // how many message lines (default 1000)
	Seed     uint64    // random seed (default 1)
	Me, Them string    // sender names (default "Sam Doe", "Alex Roe")
	Start    time.Time // first message (default 2012-03-14 08:00 UTC)
	// Location is the zone whose wall-clock time the export shows
	// (default UTC). In a zone with DST the export has the gaps and the
	// repeated hours a real phone writes.
	Location *time.Location
}

func (o *Options) defaults() {
	if o.Messages <= 0 {
		o.Messages = 1000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Me == "" {
		o.Me = "Sam Doe"
	}
	if o.Them == "" {
		o.Them = "Alex Roe"
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2012, 3, 14, 8, 0, 0, 0, time.UTC)
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
}

// words is a small vocabulary of co-parenting logistics and small talk.
var words = [...]string{
	"the", "kids", "pick", "up", "at", "school", "tomorrow", "ok", "yes", "no", "can", "you",
	"I", "will", "be", "there", "around", "5", "6pm", "Saturday", "Sunday", "weekend", "swap",
	"please", "thanks", "sure", "doctor", "appointment", "is", "on", "Monday", "bring", "her",
	"his", "jacket", "shoes", "homework", "money", "for", "the", "trip", "paid", "half", "bill",
	"sent", "it", "already", "running", "late", "sorry", "traffic", "10", "minutes", "fine",
	"call", "me", "when", "you", "arrive", "not", "sure", "yet", "let", "me", "check", "work",
	"schedule", "holiday", "plans", "summer", "Christmas", "grandma", "birthday", "party",
	"present", "gift", "soccer", "practice", "swimming", "lesson", "dentist", "note", "teacher",
	"meeting", "parents", "evening", "form", "signed", "back", "bag", "lunch", "box", "forgot",
	"again", "good", "great", "perfect", "noted", "agreed", "that", "works", "doesn't", "what",
	"time", "where", "how", "about", "next", "week", "Friday", "drop", "off", "station", "car",
}

var emoji = [...]string{"🙂", "👍", "🙏", "😅", "👌", "❤️", "😂"}

// Write writes a WhatsApp Android export ("dd/mm/yyyy, HH:MM - Name:
// text") of opts.Messages message lines to w.
func Write(w io.Writer, opts Options) error {
	opts.defaults()
	g := gen{
		r:    rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		bw:   bufio.NewWriterSize(w, 256<<10),
		loc:  opts.Location,
		name: [2]string{opts.Me, opts.Them},
		t:    opts.Start,
	}
	g.header(opts.Start, "")
	g.buf = append(g.buf, "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"...)
	for n := 0; n < opts.Messages; {
		n += g.conversation(opts.Messages - n)
		if len(g.buf) > 128<<10 {
			if _, err := g.bw.Write(g.buf); err != nil {
				return err
			}
			g.buf = g.buf[:0]
		}
	}
	if _, err := g.bw.Write(g.buf); err != nil {
		return err
	}
	return g.bw.Flush()
}

type gen struct {
	r    *rand.Rand
	bw   *bufio.Writer
	buf  []byte
	loc  *time.Location
	name [2]string
	t    time.Time
}

// logNormal draws from a log-normal distribution with the given median and
// spread (sigma of the underlying normal).
func (g *gen) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.r.NormFloat64())
}

func (g *gen) advance(seconds float64) {
	g.t = g.t.Add(time.Duration(seconds * float64(time.Second)))
}

// conversation writes one conversation of at most left messages and
// returns how many it wrote.
func (g *gen) conversation(left int) int {
	// A silence of an hour or a few before it (a million messages is a
	// decade of a busy chat); the user starts 60% of them.
	g.advance(g.logNormal(3600, 1.0))
	side := 0
	if g.r.Float64() < 0.4 {
		side = 1
	}
	turns := 1 + int(g.r.ExpFloat64()*24)
	n := 0
	for t := 0; t < turns && n < left; t++ {
		if t > 0 {
			// Their replies are slower than the user's.
			median := 120.0
			if side == 1 {
				median = 600
			}
			g.advance(g.logNormal(median, 1.2))
		}
		msgs := 1 + int(g.r.ExpFloat64()*0.8)
		for k := 0; k < msgs && n < left; k++ {
			if k > 0 {
				g.advance(g.logNormal(25, 0.8))
			}
			g.message(side)
			n++
		}
		side = 1 - side
	}
	return n
}

func (g *gen) header(t time.Time, sender string) {
	t = t.In(g.loc)
	y, mo, d := t.Date()
	b := g.buf
	b = append2(b, d)
	b = append(b, '/')
	b = append2(b, int(mo))
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, ", "...)
	b = append2(b, t.Hour())
	b = append(b, ':')
	b = append2(b, t.Minute())
	b = append(b, " - "...)
	if sender != "" {
		b = append(b, sender...)
		b = append(b, ": "...)
	}
	g.buf = b
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

func (g *gen) message(side int) {
	p := g.r.Float64()
	switch {
	case p < 0.003:
		g.header(g.t, g.name[side])
		g.buf = append(g.buf, "Missed voice call\n"...)
		return
	case p < 0.008:
		g.header(g.t, g.name[side])
		g.buf = append(g.buf, "This message was deleted\n"...)
		return
	case p < 0.05:
		g.header(g.t, g.name[side])
		g.buf = append(g.buf, "<Media omitted>\n"...)
		if g.r.Float64() < 0.3 {
			g.words(3)
			g.buf = append(g.buf, '\n')
		}
		return
	}
	g.header(g.t, g.name[side])
	g.words(6)
	if g.r.Float64() < 0.03 { // a message of several lines
		for l := 1 + g.r.IntN(3); l > 0; l-- {
			g.buf = append(g.buf, '\n')
			g.words(5)
		}
	}
	g.buf = append(g.buf, '\n')
}

// words writes a sentence of about median words.
func (g *gen) words(median float64) {
	n := max(1, min(80, int(g.logNormal(median, 0.7))))
	for i := 0; i < n; i++ {
		if i > 0 {
			g.buf = append(g.buf, ' ')
		}
		w := words[g.r.IntN(len(words))]
		if i == 0 && w[0] >= 'a' && w[0] <= 'z' {
			g.buf = append(g.buf, w[0]-'a'+'A')
			g.buf = append(g.buf, w[1:]...)
			continue
		}
		g.buf = append(g.buf, w...)
	}
	switch p := g.r.Float64(); {
	case p < 0.08:
		g.buf = append(g.buf, ' ')
		g.buf = append(g.buf, emoji[g.r.IntN(len(emoji))]...)
	case p < 0.25:
		g.buf = append(g.buf, '?')
	case p < 0.6:
		g.buf = append(g.buf, '.')
	}
}
