package history

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/internal/say"
)

// Stats is the report of `steady stats CONTACT`: what the history holds and
// the rhythm learned from it. Its JSON keys are part of steady's documented
// schema; fields are added, never renamed. Instants are in Options.Location.
type Stats struct {
	Messages MessageCounts `json:"messages"`
	// FirstMessage and LastMessage bound the counted messages; null when
	// there are none.
	FirstMessage  *time.Time `json:"first_message"`
	LastMessage   *time.Time `json:"last_message"`
	Turns         int        `json:"turns"`
	Conversations int        `json:"conversations"`
	// LongestSilenceS is the longest silence between two counted messages.
	LongestSilenceS float64 `json:"longest_silence_s"`

	// The window the following medians are taken over.
	Window            Window `json:"window"`
	TheirReplyDelay   Delay  `json:"their_reply_delay"`
	MyReplyDelay      Delay  `json:"my_reply_delay"`
	TheirWordsPerTurn Length `json:"their_words_per_turn"`
	MyWordsPerTurn    Length `json:"my_words_per_turn"`
	InitiationShare   Share  `json:"initiation_share"`
	// PerWeek is the counted messages per week over the window (a window
	// shorter than a week counts as one week).
	PerWeek PerWeek `json:"messages_per_week"`

	// Over the whole history.
	Initiations Initiations `json:"initiations"`
	DoubleTexts DoubleTexts `json:"double_texts"`
	// BusiestHours lists each side's three busiest hours of the day
	// (0–23 in Zone), busiest first.
	BusiestHours BusiestHours `json:"busiest_hours"`

	// Where the conversation stands at its last message.
	Now Now `json:"now"`
}

// MessageCounts counts the messages given. Mine and Theirs are the counted
// ones (text and media); media is a part of them; Skipped are system lines,
// deletions and other participants' messages.
type MessageCounts struct {
	Mine        int `json:"mine"`
	Theirs      int `json:"theirs"`
	MediaMine   int `json:"media_mine"`
	MediaTheirs int `json:"media_theirs"`
	Skipped     int `json:"skipped"`
	Total       int `json:"total"`
}

// Window says which recent stretch the medians describe.
type Window struct {
	Start *time.Time `json:"start"`
	End   *time.Time `json:"end"`
	// By is "days" when the WindowDays rule chose it, "turns" when the
	// WindowTurns rule did, "all" when the window is the whole history.
	By            string `json:"by"`
	Days          int    `json:"days"`
	Turns         int    `json:"turns"`
	Conversations int    `json:"conversations"`
}

// Delay summarises reply delays, in seconds. Beyond counts the turn changes
// of the window slower than ReplyWithin, left out as returns after a
// silence rather than replies.
type Delay struct {
	N       int     `json:"n"`
	MedianS float64 `json:"median_s"`
	P90S    float64 `json:"p90_s"`
	Beyond  int     `json:"beyond"`
}

// Length summarises words per turn.
type Length struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
}

// Share is each side's fraction of the initiations it rests on (N). Scope
// is "window", or "all" when the window held none.
type Share struct {
	Mine   float64 `json:"mine"`
	Theirs float64 `json:"theirs"`
	N      int     `json:"n"`
	Scope  string  `json:"scope"`
}

// PerWeek is a rate of messages for each side.
type PerWeek struct {
	Mine   float64 `json:"mine"`
	Theirs float64 `json:"theirs"`
}

// Initiations counts conversation starts over the whole history; Continued
// are conversations that opened with a reply, started by nobody (doc.go).
type Initiations struct {
	Mine      int `json:"mine"`
	Theirs    int `json:"theirs"`
	Continued int `json:"continued"`
}

// DoubleTexts counts each side's double texts over the whole history.
type DoubleTexts struct {
	Mine   DoubleText `json:"mine"`
	Theirs DoubleText `json:"theirs"`
}

// DoubleText counts episodes (turns with at least one double text) and the
// double-text messages themselves.
type DoubleText struct {
	Episodes int `json:"episodes"`
	Messages int `json:"messages"`
}

// BusiestHours lists hours of the day in Zone, busiest first.
type BusiestHours struct {
	Zone   string `json:"zone"`
	Mine   []int  `json:"mine"`
	Theirs []int  `json:"theirs"`
}

// Now is where the conversation stands at its last message.
type Now struct {
	// LastSide is "me", "them" or "" with no messages.
	LastSide    string     `json:"last_side"`
	LastMineAt  *time.Time `json:"last_mine_at"`
	LastTheirAt *time.Time `json:"last_their_at"`
	// UnansweredMine counts the user's messages after the contact's last.
	UnansweredMine int `json:"unanswered_mine"`
}

// ComputeStats builds the stats report from the messages exchanged with a
// contact, sorted by At. Its window statistics are the same numbers Compute
// puts in the rhythm.
func ComputeStats(msgs []steady.Message, opts Options) *Stats {
	o := opts.norm()
	sc, msgs := analyze(msgs, &o, true)
	r := sc.rhythm(msgs)

	st := &Stats{
		Messages: MessageCounts{
			Mine: sc.counted[me], Theirs: sc.counted[them],
			MediaMine: sc.media[me], MediaTheirs: sc.media[them],
			Skipped: sc.skipped, Total: sc.total,
		},
		Turns:             sc.turns,
		Conversations:     sc.convs,
		LongestSilenceS:   float64(sc.longestSilence) / 1e9,
		TheirReplyDelay:   delay(r.TheirReplyDelay, sc.beyond[them]),
		MyReplyDelay:      delay(r.MyReplyDelay, sc.beyond[me]),
		TheirWordsPerTurn: length(r.TheirWordsPerTurn),
		MyWordsPerTurn:    length(r.MyWordsPerTurn),
		Initiations:       Initiations{Mine: sc.inits[me], Theirs: sc.inits[them], Continued: sc.continued},
		DoubleTexts: DoubleTexts{
			Mine:   DoubleText{Episodes: sc.dtEpisodes[me], Messages: sc.dtMessages[me]},
			Theirs: DoubleText{Episodes: sc.dtEpisodes[them], Messages: sc.dtMessages[them]},
		},
		BusiestHours: BusiestHours{Zone: o.loc.String(), Mine: busiest(&sc.hours[me]), Theirs: busiest(&sc.hours[them])},
		Window:       Window{Days: o.windowDays, Turns: sc.wTurns, Conversations: sc.wConvs},
	}
	if sc.last < 0 {
		return st
	}
	at := func(t time.Time) *time.Time {
		t = t.In(o.loc)
		return &t
	}
	st.FirstMessage = at(msgs[sc.first].At)
	st.LastMessage = at(msgs[sc.last].At)
	// A zone Go calls "Local" is named by its offset then.
	st.BusiestHours.Zone = say.Zone(o.loc, *st.LastMessage)
	st.Window.Start, st.Window.End = at(r.WindowStart), at(r.WindowEnd)
	switch {
	case sc.wTurns == sc.turns:
		st.Window.By = "all"
	case sc.wByDays:
		st.Window.By = "days"
	default:
		st.Window.By = "turns"
	}
	share, n := sc.initiationShare()
	st.InitiationShare = Share{Mine: share, Theirs: 1 - share, N: n, Scope: "window"}
	if sc.wInits[me]+sc.wInits[them] == 0 {
		st.InitiationShare.Scope = "all"
	}
	if n == 0 {
		st.InitiationShare.Theirs = 0
	}
	weeks := max(r.WindowEnd.Sub(r.WindowStart).Hours()/(24*7), 1)
	st.PerWeek = PerWeek{Mine: roundTo(float64(sc.wCounted[me])/weeks, 100), Theirs: roundTo(float64(sc.wCounted[them])/weeks, 100)}
	st.Now = Now{LastSide: r.LastSide.String(), UnansweredMine: r.UnansweredMine}
	if sc.lastOf[me] >= 0 {
		st.Now.LastMineAt = at(r.LastMineAt)
	}
	if sc.lastOf[them] >= 0 {
		st.Now.LastTheirAt = at(r.LastTheirAt)
	}
	return st
}

func delay(s steady.Stat, beyond int) Delay {
	return Delay{N: s.N, MedianS: roundTo(s.Median, 1e3), P90S: roundTo(s.P90, 1e3), Beyond: beyond}
}

func length(s steady.Stat) Length {
	return Length{N: s.N, Median: roundTo(s.Median, 100), P90: roundTo(s.P90, 100)}
}

// roundTo rounds to 1/per: the report shows measures, not float noise
// (34740.00000000001 s).
func roundTo(x, per float64) float64 { return math.Round(x*per) / per }

// busiest returns up to three hours with messages, busiest first, earlier
// hours first among equals.
func busiest(h *[24]int) []int {
	hours := make([]int, 0, 24)
	for i, n := range h {
		if n > 0 {
			hours = append(hours, i)
		}
	}
	slices.SortStableFunc(hours, func(a, b int) int { return cmp.Compare(h[b], h[a]) })
	return hours[:min(3, len(hours))]
}

// WriteText writes the report for people: a few short plain lines, the
// typical value first and the spread in brackets. Dates are written as
// every surface writes them (package say): with their year when it is not
// the year of now.
func (st *Stats) WriteText(w io.Writer, now time.Time) error {
	day := func(t time.Time) string { return say.Day(t, now) }
	stamp := func(t time.Time) string { return say.Time(t, now) }
	var b strings.Builder
	if st.LastMessage == nil {
		b.WriteString("No messages with this contact yet.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	span := "on " + day(*st.FirstMessage)
	if day(*st.FirstMessage) != day(*st.LastMessage) {
		span = "between " + day(*st.FirstMessage) + " and " + day(*st.LastMessage)
	}
	fmt.Fprintf(&b, "Messages: %s from you and %s from them %s, in %s.\n",
		say.Number(st.Messages.Mine), say.Number(st.Messages.Theirs), span, say.Count(st.Conversations, "conversation"))

	recent := "recent "
	switch st.Window.By {
	case "all":
		recent = ""
		fmt.Fprintf(&b, "Habits below: from the whole history (%s).\n", say.Count(st.Window.Turns, "turn"))
	case "days":
		fmt.Fprintf(&b, "Habits below: from the last %d days (%s since %s).\n",
			st.Window.Days, say.Count(st.Window.Turns, "turn"), day(*st.Window.Start))
	default:
		fmt.Fprintf(&b, "Habits below: from the last %s (since %s).\n",
			say.Count(st.Window.Turns, "turn"), day(*st.Window.Start))
	}

	their, my := st.TheirReplyDelay, st.MyReplyDelay
	switch {
	case their.N > 0 && my.N > 0:
		fmt.Fprintf(&b, "Reply time: they usually reply after %s (90%% within %s); you after %s (90%% within %s).\n",
			about(their.MedianS), duration(their.P90S), about(my.MedianS), duration(my.P90S))
	case their.N > 0:
		fmt.Fprintf(&b, "Reply time: they usually reply after %s (90%% within %s).\n",
			about(their.MedianS), duration(their.P90S))
	case my.N > 0:
		fmt.Fprintf(&b, "Reply time: you usually reply after %s; they have not replied yet.\n", about(my.MedianS))
	default:
		b.WriteString("Reply time: not enough back and forth yet.\n")
	}

	tl, ml := st.TheirWordsPerTurn, st.MyWordsPerTurn
	switch {
	case tl.N > 0 && ml.N > 0:
		fmt.Fprintf(&b, "Length: they usually write %s per turn (90%% at most %s); you %s (90%% at most %s).\n",
			words(tl.Median), round(tl.P90), words(ml.Median), round(ml.P90))
	case tl.N > 0:
		fmt.Fprintf(&b, "Length: they usually write %s per turn (90%% at most %s).\n", words(tl.Median), round(tl.P90))
	case ml.N > 0:
		fmt.Fprintf(&b, "Length: you usually write %s per turn (90%% at most %s).\n", words(ml.Median), round(ml.P90))
	}

	fmt.Fprintf(&b, "Frequency: %s a week from you, %s from them.\n",
		rate(st.PerWeek.Mine, "message"), rate(st.PerWeek.Theirs, ""))

	if sh := st.InitiationShare; sh.N > 0 {
		if sh.Scope == "all" {
			recent = ""
		}
		mine := int(math.Round(sh.Mine * float64(sh.N)))
		fmt.Fprintf(&b, "Who starts: you started %d of %s (%s).\n",
			mine, say.Count(sh.N, recent+"conversation"), percent(sh.Mine))
	}

	if d := st.DoubleTexts; d.Mine.Episodes+d.Theirs.Episodes > 0 {
		fmt.Fprintf(&b, "Double texts: you wrote again before a reply %s, they %s.\n",
			times(d.Mine.Episodes), times(d.Theirs.Episodes))
	}

	switch h := st.BusiestHours; {
	case len(h.Mine) > 0 && len(h.Theirs) > 0:
		fmt.Fprintf(&b, "Busiest hours (%s): you %s; they %s.\n", h.Zone, hours(h.Mine), hours(h.Theirs))
	case len(h.Mine) > 0:
		fmt.Fprintf(&b, "Busiest hours (%s): you %s.\n", h.Zone, hours(h.Mine))
	case len(h.Theirs) > 0:
		fmt.Fprintf(&b, "Busiest hours (%s): they %s.\n", h.Zone, hours(h.Theirs))
	}

	switch n := st.Now; {
	case n.LastSide == "me" && n.LastTheirAt == nil:
		fmt.Fprintf(&b, "Now: you wrote last (%s); they have not written yet.\n", stamp(*n.LastMineAt))
	case n.LastSide == "me":
		fmt.Fprintf(&b, "Now: you wrote last (%s), %s since their last one (%s).\n",
			stamp(*n.LastMineAt), say.Count(n.UnansweredMine, "message"), stamp(*n.LastTheirAt))
	case n.LastSide == "them":
		fmt.Fprintf(&b, "Now: they wrote last (%s).\n", stamp(*n.LastTheirAt))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// duration renders seconds the way one says a delay: "a minute", "4 min",
// "3 h", "1.5 days".
func duration(s float64) string {
	switch {
	case s < 90:
		return "a minute"
	case s < 3570:
		return strconv.Itoa(int(math.Round(s/60))) + " min"
	case s < 36*3600:
		return roughly(s/3600) + " h"
	}
	return roughly(s/86400) + " days"
}

// about is duration for a typical value: "about 3 h", "under a minute".
func about(s float64) string {
	if s < 60 {
		return "under a minute"
	}
	return "about " + duration(s)
}

// roughly keeps one decimal below 10 (rounded to a half) and none above.
func roughly(x float64) string {
	if x < 9.75 {
		return strconv.FormatFloat(math.Round(x*2)/2, 'f', -1, 64)
	}
	return strconv.Itoa(int(math.Round(x)))
}

func words(x float64) string { return say.Count(int(math.Round(x)), "word") }

func round(x float64) string { return strconv.Itoa(int(math.Round(x))) }

// rate renders a rate: "about 12 messages", "about 1 message", "under
// one", "none"; with no noun, the number alone ("about 12").
func rate(x float64, noun string) string {
	switch {
	case x == 0:
		return "none"
	case x < 0.95:
		return "under one"
	}
	n := int(math.Round(x))
	if noun == "" {
		return "about " + say.Number(n)
	}
	return "about " + say.Count(n, noun)
}

func times(n int) string {
	switch n {
	case 0:
		return "never"
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return say.Number(n) + " times"
}

func percent(x float64) string { return strconv.Itoa(int(math.Round(100*x))) + "%" }

func hours(h []int) string {
	parts := make([]string, len(h))
	for i, x := range h {
		parts[i] = fmt.Sprintf("%d:00", x)
	}
	return strings.Join(parts, ", ")
}
