package history

import (
	"math"
	"slices"
	"time"

	"github.com/steadyhq/steady"
)

// Side indices of the per-side arrays below.
const (
	me   = 0
	them = 1
)

// sideIndex maps a counted message's side to me or them.
func sideIndex(s steady.Side) int {
	if s == steady.SideMe {
		return me
	}
	return them
}

// limitSec bounds the instants the pass computes with, in seconds from the
// Unix epoch: 4e9 s, about 1843 to 2096. time.Time.UnixNano wraps around
// outside 1678–2262, which would make a corrupt timestamp look out of
// order even after sorting; clamping keeps the order and keeps the
// difference of any two instants inside an int64.
const limitSec = 4_000_000_000

// nanos is t in Unix nanoseconds, clamped to ±limitSec seconds.
// Clamped instants drop their nanoseconds, which would break the order.
func nanos(t time.Time) int64 {
	sec := t.Unix()
	if sec < -limitSec || sec > limitSec {
		return min(max(sec, -limitSec), limitSec) * 1e9
	}
	return sec*1e9 + int64(t.Nanosecond())
}

// sortedCopy returns msgs sorted by At in a new slice, stably, so that
// messages with the same instant keep their order.
func sortedCopy(msgs []steady.Message) []steady.Message {
	c := slices.Clone(msgs)
	slices.SortStableFunc(c, func(a, b steady.Message) int { return a.At.Compare(b.At) })
	return c
}

// inOrder reports whether the counted messages of msgs are in order of At.
func inOrder(msgs []steady.Message) bool {
	prev := int64(math.MinInt64)
	for i := range msgs {
		if m := &msgs[i]; m.Counts() {
			ns := nanos(m.At)
			if ns < prev {
				return false
			}
			prev = ns
		}
	}
	return true
}

// analyze makes the forward pass, again on a sorted copy when the pass
// finds msgs out of order. Checking order inside the pass rather than
// before it saves a walk over the whole history.
func analyze(msgs []steady.Message, o *opts, hours bool) (*scan, []steady.Message) {
	if sc := run(msgs, o, hours, true); sc != nil {
		return sc, msgs
	}
	msgs = sortedCopy(msgs)
	return run(msgs, o, hours, false), msgs
}

// step describes one counted message in the light of the ones before it.
// It is kept to four words, so that it travels in registers: the pass
// builds a million of them.
type step struct {
	ns    int64 // At in Unix nanoseconds (see nanos)
	gap   int64 // since the previous counted message; 0 for the first
	side  int   // me or them
	flags uint8
}

// Flags of a step.
const (
	first      uint8 = 1 << iota // the first counted message of the history
	newTurn                      // the side changed (or first)
	reply                        // newTurn, not first, and gap <= ReplyWithin
	newConv                      // first, or gap > Gap
	initiation                   // newConv and not a reply: side initiates
	double                       // a double text
	episode                      // the first double text of its turn
)

func (s step) is(f uint8) bool { return s.flags&f != 0 }

// walker applies the definitions of doc.go to counted messages, one at a
// time and in order. Both the rhythm scan and the series use it, so the
// numbers of `steady stats` and of the charts cannot disagree.
type walker struct {
	o        *opts
	started  bool
	prevNs   int64
	prevSide int
	doubled  bool
	// unsorted is set when a counted message comes before the previous
	// one; the steps taken are then meaningless.
	unsorted bool
}

// step advances over m, which must be counted.
func (w *walker) step(m *steady.Message) step {
	s := step{side: sideIndex(m.Side), ns: nanos(m.At)}
	if !w.started {
		w.started = true
		s.flags = first | newTurn | newConv | initiation
	} else {
		s.gap = s.ns - w.prevNs
		if s.gap < 0 {
			w.unsorted = true
		}
		if s.side != w.prevSide {
			w.doubled = false
			s.flags |= newTurn
			if s.gap <= w.o.replyWithin {
				s.flags |= reply
			}
		} else if s.gap > w.o.doubleAfter {
			s.flags |= double
			if !w.doubled {
				s.flags |= episode
			}
			w.doubled = true
		}
		if s.gap > w.o.gap {
			s.flags |= newConv
			if s.flags&reply == 0 {
				s.flags |= initiation
			}
		}
	}
	w.prevNs, w.prevSide = s.ns, s.side
	return s
}

// window finds the recent window: the index of the first message of its
// first turn, the number of turns in it, and whether the days rule (rather
// than the turns rule) set it. It walks backwards from the end and stops at
// the first turn outside both rules, so its cost is the window's, not the
// history's. start is len(msgs) when nothing counts.
func window(msgs []steady.Message, o *opts) (start, turns int, byDays bool) {
	start = len(msgs)
	last := -1
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Counts() {
			last = i
			break
		}
	}
	if last < 0 {
		return start, 0, false
	}
	// Instants lie within ±limitSec, so a window of twice that reaches
	// back past every message and the subtraction cannot overflow.
	cutoff := nanos(msgs[last].At) - min(o.window, 2*limitSec*1e9)
	daysTurns := 0
	// take decides about the turn that begins at msgs[first].
	take := func(first int) bool {
		inDays := nanos(msgs[first].At) >= cutoff
		if turns >= o.windowTurns && !inDays {
			return false
		}
		turns++
		if inDays {
			daysTurns++
		}
		start = first
		return true
	}
	first, side := -1, steady.SideUnknown
	for i := last; i >= 0; i-- {
		m := &msgs[i]
		if !m.Counts() {
			continue
		}
		if m.Side != side {
			if first >= 0 && !take(first) {
				return start, turns, daysTurns > o.windowTurns
			}
			side = m.Side
		}
		first = i
	}
	take(first)
	return start, turns, daysTurns > o.windowTurns
}

// scan is everything one forward pass learns: totals over the whole
// history and samples over the window.
type scan struct {
	total, skipped  int
	counted, media  [2]int
	first, last     int    // indices of the first and last counted message, -1 if none
	lastOf          [2]int // index of each side's last counted message, -1 if none
	turns, convs    int
	inits           [2]int
	continued       int
	dtMessages      [2]int
	dtEpisodes      [2]int
	unanswered      int
	hours           [2][24]int // messages per hour of the day, when asked for
	longestSilence  int64
	wStart, wTurns  int
	wByDays         bool
	wConvs          int
	wInits          [2]int
	wCounted        [2]int
	delays, lengths [2][]float64 // delays in seconds, lengths in words
	beyond          [2]int       // window turn changes longer than ReplyWithin
}

// run makes the forward pass or, when check is set, returns nil as soon as
// it finds msgs out of order. Words are counted only inside the window and
// hours only when asked for: those are the per-message costs.
func run(msgs []steady.Message, o *opts, hours, check bool) *scan {
	sc := &scan{total: len(msgs), first: -1, last: -1, lastOf: [2]int{-1, -1}}
	sc.wStart, sc.wTurns, sc.wByDays = window(msgs, o)
	// One allocation for the four samples: a window of k turns holds at
	// most k delays and k lengths in all, so each gets capacity k and
	// never grows.
	if k := sc.wTurns; k > 0 {
		buf := make([]float64, 4*k)
		sc.delays[me], sc.delays[them] = buf[0:0:k], buf[k:k:2*k]
		sc.lengths[me], sc.lengths[them] = buf[2*k:2*k:3*k], buf[3*k:3*k:4*k]
	}

	zc := zoneCache{loc: o.loc}
	w := walker{o: o}
	turnWords, turnText := 0, false
	for i := range msgs {
		m := &msgs[i]
		if !m.Counts() {
			sc.skipped++
			continue
		}
		st := w.step(m)
		if check && w.unsorted {
			return nil
		}
		s := st.side
		inWin := i >= sc.wStart
		sc.counted[s]++
		if m.Kind == steady.KindMedia {
			sc.media[s]++
		}
		if hours {
			sc.hours[s][zc.hour(st.ns)]++
		}
		if st.is(newTurn) {
			if !st.is(first) && inWin && turnText {
				sc.lengths[1-s] = append(sc.lengths[1-s], float64(turnWords))
			}
			turnWords, turnText = 0, false
			sc.turns++
			if inWin && !st.is(first) {
				if st.is(reply) {
					sc.delays[s] = append(sc.delays[s], float64(st.gap)/1e9)
				} else {
					sc.beyond[s]++
				}
			}
		}
		if st.is(double) {
			sc.dtMessages[s]++
			if st.is(episode) {
				sc.dtEpisodes[s]++
			}
		}
		if st.is(newConv) {
			sc.convs++
			if inWin {
				sc.wConvs++
			}
			if st.is(initiation) {
				sc.inits[s]++
				if inWin {
					sc.wInits[s]++
				}
			} else {
				sc.continued++
			}
		}
		sc.longestSilence = max(sc.longestSilence, st.gap)
		if inWin {
			sc.wCounted[s]++
			if n := Words(m.Text); n > 0 || m.Kind == steady.KindText {
				turnWords += n
				turnText = true
			}
		}
		if s == me {
			sc.unanswered++
		} else {
			sc.unanswered = 0
		}
		if sc.first < 0 {
			sc.first = i
		}
		sc.last = i
		sc.lastOf[s] = i
	}
	if sc.last >= 0 && turnText {
		s := sideIndex(msgs[sc.last].Side)
		sc.lengths[s] = append(sc.lengths[s], float64(turnWords))
	}
	return sc
}

// initiationShare is the user's share of the window's initiations, or of
// the whole history's when the window holds none (a window made of one
// long conversation), and the number of initiations it rests on.
func (sc *scan) initiationShare() (share float64, n int) {
	in := sc.wInits
	if in[me]+in[them] == 0 {
		in = sc.inits
	}
	n = in[me] + in[them]
	if n == 0 {
		return 0, 0
	}
	return float64(in[me]) / float64(n), n
}

// zoneCache turns Unix times into hours of the day in a zone. Looking the
// offset up costs far more than the arithmetic, so it is looked up once
// per stretch of constant offset (between two DST changes).
type zoneCache struct {
	loc      *time.Location
	lo, hi   int64 // the stretch [lo, hi) in Unix seconds
	off      int64
	resolved bool
}

func (z *zoneCache) offset(sec int64) int64 {
	if !z.resolved || sec < z.lo || sec >= z.hi {
		t := time.Unix(sec, 0).In(z.loc)
		_, off := t.Zone()
		start, end := t.ZoneBounds()
		z.lo, z.hi, z.off, z.resolved = math.MinInt64, math.MaxInt64, int64(off), true
		if !start.IsZero() {
			z.lo = start.Unix()
		}
		if !end.IsZero() {
			z.hi = end.Unix()
		}
	}
	return z.off
}

func (z *zoneCache) hour(ns int64) int {
	sec := floorDiv(ns, 1e9)
	local := sec + z.offset(sec)
	return int(floorMod(local, 86400) / 3600)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// quantile returns the q-quantile of the sorted sample xs, interpolating
// linearly between closest ranks (R type 7); 0 for an empty sample.
func quantile(xs []float64, q float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	h := q * float64(n-1)
	lo := int(h)
	if lo >= n-1 {
		return xs[n-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

// summarize sorts xs in place and returns its size, median and p90.
func summarize(xs []float64) steady.Stat {
	slices.Sort(xs)
	return steady.Stat{N: len(xs), Median: quantile(xs, 0.5), P90: quantile(xs, 0.9)}
}
