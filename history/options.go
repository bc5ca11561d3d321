package history

import (
	"math"
	"time"
)

// Options tune the definitions. The zero value of each field means its
// default (see DefaultOptions), so Options{} is a valid argument.
type Options struct {
	// Gap is the silence after which a new conversation starts.
	Gap time.Duration

	// ReplyWithin is the longest turn change still taken for a reply.
	//
	// Two wrong answers frame it. Counting only turn changes inside a
	// conversation (ReplyWithin = Gap) drops exactly the slow replies that
	// the method's "mirror their response time" is about: a contact who
	// answers the next morning would look like one who answers in minutes,
	// and the user would be told they may answer at once. Counting every
	// turn change mixes in returns after days of silence — "thanks" on
	// Monday, a new question on Thursday — and for a contact who answers in
	// minutes but writes weekly, "their typical delay" becomes days, which
	// would hold even logistics back for days. 48 h keeps next-day and
	// most over-the-weekend answers and drops most returns. Measured on
	// generated histories with known delays (TestReplyWithinPolicy: a
	// co-parent answering in ~3 h, a distant ex in ~10 h, a fast texter
	// in ~4 min), the worst error of their median delay is −65% when only
	// turn changes within the 6 h gap count, −27% at 24 h, −10% at 48 h,
	// +10% at 72 h and +27% when every turn change counts. 48 h and 72 h
	// tie; the shorter one lets fewer returns into the 90th percentile.
	// Values below Gap are raised to Gap, since a turn change inside a
	// conversation is always a reply.
	ReplyWithin time.Duration

	// DoubleTextAfter is the pause after one's own message, with no reply
	// in between, after which another message is a double text rather
	// than the rest of a turn typed in several bubbles.
	DoubleTextAfter time.Duration

	// WindowTurns and WindowDays bound the recent window the medians are
	// taken over: the last WindowTurns turns or the last WindowDays days,
	// whichever holds more turns.
	WindowTurns int
	WindowDays  int

	// Location is the zone of calendar buckets (Series) and hours of the
	// day (Stats.BusiestHours): the user's profile zone. Nil means UTC.
	Location *time.Location
}

// DefaultOptions returns the defaults of DESIGN.md §4 and of this package.
func DefaultOptions() Options {
	return Options{
		Gap:             6 * time.Hour,
		ReplyWithin:     48 * time.Hour,
		DoubleTextAfter: time.Hour,
		WindowTurns:     30,
		WindowDays:      60,
		Location:        time.UTC,
	}
}

// opts is Options with defaults applied and durations in nanoseconds, the
// unit the scan compares in.
type opts struct {
	gap, replyWithin, doubleAfter int64
	windowTurns                   int
	windowDays                    int
	window                        int64
	loc                           *time.Location
}

func (o Options) norm() opts {
	d := DefaultOptions()
	if o.Gap <= 0 {
		o.Gap = d.Gap
	}
	if o.ReplyWithin <= 0 {
		o.ReplyWithin = d.ReplyWithin
	}
	o.ReplyWithin = max(o.ReplyWithin, o.Gap)
	if o.DoubleTextAfter <= 0 {
		o.DoubleTextAfter = d.DoubleTextAfter
	}
	if o.WindowTurns <= 0 {
		o.WindowTurns = d.WindowTurns
	}
	if o.WindowDays <= 0 {
		o.WindowDays = d.WindowDays
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	window := int64(math.MaxInt64)
	if o.WindowDays < math.MaxInt64/int(24*time.Hour) {
		window = int64(o.WindowDays) * int64(24*time.Hour)
	}
	return opts{
		gap:         int64(o.Gap),
		replyWithin: int64(o.ReplyWithin),
		doubleAfter: int64(o.DoubleTextAfter),
		windowTurns: o.WindowTurns,
		windowDays:  o.WindowDays,
		window:      window,
		loc:         o.Location,
	}
}
