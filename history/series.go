package history

import (
	"math"
	"strconv"
	"time"

	"github.com/steadyhq/steady"
)

// Period is the width of a series bucket.
type Period uint8

const (
	Week  Period = iota // Monday 00:00 to the next Monday, in Options.Location
	Month               // the 1st 00:00 to the next 1st
)

func (p Period) String() string {
	if p == Month {
		return "month"
	}
	return "week"
}

// Value is a number that may be missing — a median of an empty bucket. It
// is NaN when missing and encodes as JSON null, so a chart draws a gap
// rather than a false zero.
type Value float64

// None is the missing Value.
var None = Value(math.NaN())

// Valid reports whether v holds a number.
func (v Value) Valid() bool { return !math.IsNaN(float64(v)) }

// MarshalJSON writes null for a missing value.
func (v Value) MarshalJSON() ([]byte, error) {
	if !v.Valid() {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(v), 'g', -1, 64), nil
}

// TimeSeries holds the Contact page's charts, one column per measure and
// one row per bucket, in the column layout chart libraries take (uPlot's
// data is exactly [T, col, col…]). Buckets run without holes from the
// first message's bucket to the last's; empty buckets hold zeros and
// missing Values.
type TimeSeries struct {
	Period string `json:"period"`
	Zone   string `json:"zone"`
	// T is each bucket's start, in Unix seconds.
	T []int64 `json:"t"`

	MessagesMine   []int `json:"messages_mine"`
	MessagesTheirs []int `json:"messages_theirs"`
	// Initiations by the definition of doc.go, in the bucket where the
	// conversation started.
	InitiationsMine   []int `json:"initiations_mine"`
	InitiationsTheirs []int `json:"initiations_theirs"`
	// Median reply delay in seconds of the replies sent in the bucket.
	ReplyDelayMine   []Value `json:"reply_delay_mine_s"`
	ReplyDelayTheirs []Value `json:"reply_delay_theirs_s"`
	// Median words per message of the messages with typed text.
	WordsMine   []Value `json:"words_mine"`
	WordsTheirs []Value `json:"words_theirs"`
	// TemperatureMine is the mean score of the user's text messages, when
	// Series was given a scorer; absent otherwise.
	TemperatureMine []Value `json:"temperature_mine,omitempty"`
}

// maxBuckets bounds a series, so one message with a wild timestamp cannot
// make a chart of millions of empty weeks: only the latest buckets are
// kept (a century of weeks).
const maxBuckets = 5200

// Series buckets the history by week or month for charts: messages,
// initiations, median reply delays and median words per message for both
// sides. score, when not nil, rates the user's own text messages (the
// analyzer's emotional intensity, 0..1, is meant) and the series then
// carries its mean per bucket — a mean rather than a median so that a few
// charged messages in a calm month still show. score is called once per
// text message of the user, in order.
func Series(msgs []steady.Message, opts Options, period Period, score func(text string) float64) *TimeSeries {
	o := opts.norm()
	// Order is checked before the pass rather than during it, as Compute
	// does, so that score is never called twice for a message.
	if !inOrder(msgs) {
		msgs = sortedCopy(msgs)
	}
	return series(msgs, &o, period, score)
}

func series(msgs []steady.Message, o *opts, period Period, score func(text string) float64) *TimeSeries {
	ts := &TimeSeries{Period: period.String(), Zone: o.loc.String()}

	first, last := -1, -1
	for i := range msgs {
		if msgs[i].Counts() {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return ts
	}
	start := bucketStart(msgs[first].At.In(o.loc), period)
	end := bucketStart(msgs[last].At.In(o.loc), period)
	if n := buckets(start, end, period); n > maxBuckets {
		start = advance(end, period, -(maxBuckets - 1))
	}

	var b bucket
	b.reset(start, period)
	started := false
	w := walker{o: o}
	for i := first; i <= last; i++ {
		m := &msgs[i]
		if !m.Counts() {
			continue
		}
		st := w.step(m)
		sec := m.At.Unix()
		if sec < b.from {
			continue // before the kept buckets
		}
		for sec >= b.to {
			b.flush(ts, score != nil)
			b.reset(time.Unix(b.to, 0).In(o.loc), period)
		}
		started = true
		s := st.side
		b.messages[s]++
		if st.is(reply) {
			b.delays[s] = append(b.delays[s], float64(st.gap)/1e9)
		}
		if st.is(initiation) {
			b.inits[s]++
		}
		if n := Words(m.Text); n > 0 || m.Kind == steady.KindText {
			b.words[s] = append(b.words[s], float64(n))
		}
		if score != nil && s == me && m.Kind == steady.KindText && m.Text != "" {
			b.score += score(m.Text)
			b.scored++
		}
	}
	if started {
		b.flush(ts, score != nil)
	}
	return ts
}

// bucket gathers one period; its sample slices are reused from bucket to
// bucket, so a series allocates per bucket only its output rows.
type bucket struct {
	start         time.Time
	from, to      int64 // [from, to) in Unix nanoseconds
	period        Period
	messages      [2]int
	inits         [2]int
	delays, words [2][]float64
	score         float64
	scored        int
}

func (b *bucket) reset(start time.Time, p Period) {
	b.start, b.period = start, p
	b.from = start.Unix()
	b.to = advance(start, p, 1).Unix()
	b.messages, b.inits = [2]int{}, [2]int{}
	for s := range 2 {
		b.delays[s], b.words[s] = b.delays[s][:0], b.words[s][:0]
	}
	b.score, b.scored = 0, 0
}

func (b *bucket) flush(ts *TimeSeries, scored bool) {
	ts.T = append(ts.T, b.start.Unix())
	ts.MessagesMine = append(ts.MessagesMine, b.messages[me])
	ts.MessagesTheirs = append(ts.MessagesTheirs, b.messages[them])
	ts.InitiationsMine = append(ts.InitiationsMine, b.inits[me])
	ts.InitiationsTheirs = append(ts.InitiationsTheirs, b.inits[them])
	ts.ReplyDelayMine = append(ts.ReplyDelayMine, medianValue(b.delays[me]))
	ts.ReplyDelayTheirs = append(ts.ReplyDelayTheirs, medianValue(b.delays[them]))
	ts.WordsMine = append(ts.WordsMine, medianValue(b.words[me]))
	ts.WordsTheirs = append(ts.WordsTheirs, medianValue(b.words[them]))
	if scored {
		v := None
		if b.scored > 0 {
			v = Value(b.score / float64(b.scored))
		}
		ts.TemperatureMine = append(ts.TemperatureMine, v)
	}
}

// medianValue is the median of xs, None when xs is empty.
func medianValue(xs []float64) Value {
	if len(xs) == 0 {
		return None
	}
	return Value(median(xs))
}

// bucketStart returns the start of the period holding t, in t's zone.
func bucketStart(t time.Time, p Period) time.Time {
	y, m, d := t.Date()
	if p == Month {
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	}
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, m, d-back, 0, 0, 0, 0, t.Location())
}

// advance moves a bucket start by n periods; time.Date normalises, so a
// week is always seven calendar days whatever DST does to its hours.
func advance(t time.Time, p Period, n int) time.Time {
	y, m, d := t.Date()
	if p == Month {
		return time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d+7*n, 0, 0, 0, 0, t.Location())
}

// buckets counts the periods from start to end, both included.
func buckets(start, end time.Time, p Period) int {
	if p == Month {
		return (end.Year()-start.Year())*12 + int(end.Month()-start.Month()) + 1
	}
	return int(math.Round(end.Sub(start).Hours()/(24*7))) + 1
}
