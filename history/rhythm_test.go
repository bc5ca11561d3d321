package history_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/history"
)

// day0 is the morning the hand-built histories start.
var day0 = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

// at is a moment of day0 given as "15:04", optionally days later.
func at(hhmm string, days ...int) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		panic(err)
	}
	d := day0.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
	for _, n := range days {
		d = d.AddDate(0, 0, n)
	}
	return d
}

func mine(t time.Time, text string) steady.Message {
	return steady.Message{Side: steady.SideMe, At: t, Kind: steady.KindText, Text: text}
}

func theirs(t time.Time, text string) steady.Message {
	return steady.Message{Side: steady.SideThem, At: t, Kind: steady.KindText, Text: text}
}

func withKind(m steady.Message, k steady.Kind) steady.Message {
	m.Kind = k
	return m
}

func withSide(m steady.Message, s steady.Side) steady.Message {
	m.Side = s
	return m
}

// sixMessages is the worked example the expectations are computed from by
// hand: five turns in one conversation.
//
//	10:00 me   "Can you take the kids on Saturday?"  7 words  turn 1 (me)
//	10:30 them "Yes"                                  1 word   turn 2 (them), their delay 30 min
//	10:32 them "what time?"                           2 words    … 3 words in the turn
//	11:00 me   "At 9 please"                          3 words  turn 3 (me), my delay 28 min
//	13:00 them "ok"                                   1 word   turn 4 (them), their delay 2 h
//	13:10 me   "Thanks 👍"                            2 words  turn 5 (me), my delay 10 min
var sixMessages = []steady.Message{
	mine(at("10:00"), "Can you take the kids on Saturday?"),
	theirs(at("10:30"), "Yes"),
	theirs(at("10:32"), "what time?"),
	mine(at("11:00"), "At 9 please"),
	theirs(at("13:00"), "ok"),
	mine(at("13:10"), "Thanks 👍"),
}

func stat(n int, median, p90 float64) steady.Stat {
	return steady.Stat{N: n, Median: median, P90: p90}
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name string
		msgs []steady.Message
		opts history.Options
		want steady.Rhythm
	}{{
		name: "six messages in one conversation give the delays and lengths computed by hand",
		msgs: sixMessages,
		want: steady.Rhythm{
			WindowStart: at("10:00"), WindowEnd: at("13:10"),
			Turns: 5, Conversations: 1,
			// Their delays 1800 s and 7200 s: median 4500, p90 1800 + 0.9×5400.
			TheirReplyDelay: stat(2, 4500, 6660),
			// My delays 1680 s and 600 s: median 1140, p90 600 + 0.9×1080.
			MyReplyDelay: stat(2, 1140, 1572),
			// Their turns 3 and 1 words; mine 7, 3 and 2.
			TheirWordsPerTurn:   stat(2, 2, 2.8),
			MyWordsPerTurn:      stat(3, 3, 6.2),
			InitiationShareMine: 1,
			LastSide:            steady.SideMe, LastTheirAt: at("13:00"), LastMineAt: at("13:10"),
			UnansweredMine: 1,
		},
	}, {
		name: "no messages give the zero rhythm",
		msgs: nil,
		want: steady.Rhythm{},
	}, {
		name: "only system lines and deletions give the zero rhythm",
		msgs: []steady.Message{
			withKind(mine(at("09:00"), "Messages are end-to-end encrypted"), steady.KindSystem),
			withKind(theirs(at("09:05"), ""), steady.KindDeleted),
		},
		want: steady.Rhythm{},
	}, {
		name: "only my messages make one unanswered turn",
		msgs: []steady.Message{
			mine(at("09:00"), "Hi"),
			mine(at("09:01"), "are you there"),
			mine(at("09:30"), "please answer"),
		},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("09:30"),
			Turns: 1, Conversations: 1,
			MyWordsPerTurn:      stat(1, 6, 6),
			InitiationShareMine: 1,
			LastSide:            steady.SideMe, LastMineAt: at("09:30"),
			UnansweredMine: 3,
		},
	}, {
		name: "bare media stays out of rhythm statistics, a captioned photo counts",
		msgs: []steady.Message{
			withKind(mine(at("09:00"), ""), steady.KindMedia),
			withKind(theirs(at("09:10"), ""), steady.KindMedia),
			withKind(theirs(at("09:11"), "cute"), steady.KindMedia),
			withKind(mine(at("09:20"), ""), steady.KindMedia),
		},
		want: steady.Rhythm{
			WindowStart: at("09:11"), WindowEnd: at("09:11"),
			Turns: 1, Conversations: 1,
			TheirWordsPerTurn:   stat(1, 1, 1),
			InitiationShareMine: 0,
			LastSide:            steady.SideThem, LastTheirAt: at("09:11"),
		},
	}, {
		name: "identical timestamps make a zero delay",
		msgs: []steady.Message{
			mine(at("09:00"), "here"),
			theirs(at("09:00"), "me too"),
		},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("09:00"),
			Turns: 2, Conversations: 1,
			TheirReplyDelay:     stat(1, 0, 0),
			MyWordsPerTurn:      stat(1, 1, 1),
			TheirWordsPerTurn:   stat(1, 2, 2),
			InitiationShareMine: 1,
			LastSide:            steady.SideThem, LastTheirAt: at("09:00"), LastMineAt: at("09:00"),
		},
	}, {
		name: "a group chat's other participants and system lines neither break a turn nor answer",
		msgs: []steady.Message{
			mine(at("09:00"), "who brings the cake"),
			withSide(mine(at("09:05"), "I can"), steady.SideOther),
			withKind(theirs(at("09:06"), "Grandma joined"), steady.KindSystem),
			mine(at("09:07"), "thanks"),
			theirs(at("09:30"), "I will"),
		},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("09:30"),
			Turns: 2, Conversations: 1,
			TheirReplyDelay:     stat(1, 23*60, 23*60),
			MyWordsPerTurn:      stat(1, 5, 5),
			TheirWordsPerTurn:   stat(1, 2, 2),
			InitiationShareMine: 1,
			LastSide:            steady.SideThem, LastTheirAt: at("09:30"), LastMineAt: at("09:07"),
		},
	}, {
		name: "an answer after a silence over the gap is a slow reply that continues, not an initiation",
		msgs: []steady.Message{
			mine(at("09:00"), "pickup at 5"),
			theirs(at("09:10"), "fine"),
			mine(at("09:20"), "thanks"),
			// 7 h later: a new conversation by the gap, but it opens
			// with their turn within ReplyWithin.
			theirs(at("16:20"), "school called"),
		},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("16:20"),
			Turns: 4, Conversations: 2,
			// 600 s and 25200 s: median 12900, p90 600 + 0.9×24600.
			TheirReplyDelay:     stat(2, 12900, 22740),
			MyReplyDelay:        stat(1, 600, 600),
			MyWordsPerTurn:      stat(2, 2, 2.8),
			TheirWordsPerTurn:   stat(2, 1.5, 1.9),
			InitiationShareMine: 1,
			LastSide:            steady.SideThem, LastTheirAt: at("16:20"), LastMineAt: at("09:20"),
		},
	}, {
		name: "writing again into a silence over the gap initiates, as a double text",
		msgs: []steady.Message{
			theirs(at("09:00"), "Can you take them Saturday?"),
			mine(at("09:30"), "yes"),
			mine(at("20:00"), "also Sunday?"),
			theirs(at("20:10"), "no"),
		},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("20:10"),
			Turns: 3, Conversations: 2,
			TheirReplyDelay:     stat(1, 600, 600),
			MyReplyDelay:        stat(1, 1800, 1800),
			MyWordsPerTurn:      stat(1, 3, 3),
			TheirWordsPerTurn:   stat(2, 3, 4.6),
			InitiationShareMine: 0.5,
			LastSide:            steady.SideThem, LastTheirAt: at("20:10"), LastMineAt: at("20:00"),
		},
	}, {
		name: "a return after more than ReplyWithin is not a reply delay",
		msgs: []steady.Message{
			mine(at("09:00"), "Can you take them Saturday?"),
			theirs(at("09:00", 3), "no"),
		},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("09:00", 3),
			Turns: 2, Conversations: 2,
			MyWordsPerTurn:      stat(1, 5, 5),
			TheirWordsPerTurn:   stat(1, 1, 1),
			InitiationShareMine: 0.5,
			LastSide:            steady.SideThem, LastTheirAt: at("09:00", 3), LastMineAt: at("09:00"),
		},
	}, {
		name: "my messages after their last one are unanswered, bare media left out",
		msgs: []steady.Message{
			theirs(at("09:00"), "ok"),
			mine(at("09:05"), "and the shoes"),
			withKind(mine(at("09:06"), ""), steady.KindMedia),
			mine(at("12:00"), "hello?"),
		},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("12:00"),
			Turns: 2, Conversations: 1,
			MyReplyDelay:        stat(1, 300, 300),
			TheirWordsPerTurn:   stat(1, 1, 1),
			MyWordsPerTurn:      stat(1, 4, 4),
			InitiationShareMine: 0,
			LastSide:            steady.SideMe, LastTheirAt: at("09:00"), LastMineAt: at("12:00"),
			UnansweredMine: 2,
		},
	}, {
		name: "a longer gap option merges what the default splits",
		msgs: []steady.Message{
			mine(at("09:00"), "pickup at 5"),
			theirs(at("16:20"), "school called"),
		},
		opts: history.Options{Gap: 8 * time.Hour},
		want: steady.Rhythm{
			WindowStart: at("09:00"), WindowEnd: at("16:20"),
			Turns: 2, Conversations: 1,
			TheirReplyDelay:     stat(1, 26400, 26400),
			MyWordsPerTurn:      stat(1, 3, 3),
			TheirWordsPerTurn:   stat(1, 2, 2),
			InitiationShareMine: 1,
			LastSide:            steady.SideThem, LastTheirAt: at("16:20"), LastMineAt: at("09:00"),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := history.Compute(tt.msgs, tt.opts)
			assertRhythm(t, got, &tt.want)
			if got.Known() != (tt.want.Turns > 0) {
				t.Errorf("Known() = %v", got.Known())
			}
		})
	}
}

func assertRhythm(t *testing.T, got, want *steady.Rhythm) {
	t.Helper()
	g, w := *got, *want
	for _, p := range []struct {
		name string
		g, w *steady.Stat
	}{
		{"TheirReplyDelay", &g.TheirReplyDelay, &w.TheirReplyDelay},
		{"MyReplyDelay", &g.MyReplyDelay, &w.MyReplyDelay},
		{"TheirWordsPerTurn", &g.TheirWordsPerTurn, &w.TheirWordsPerTurn},
		{"MyWordsPerTurn", &g.MyWordsPerTurn, &w.MyWordsPerTurn},
	} {
		if p.g.N != p.w.N || !near(p.g.Median, p.w.Median) || !near(p.g.P90, p.w.P90) {
			t.Errorf("%s = %+v, want %+v", p.name, *p.g, *p.w)
		}
		*p.g, *p.w = steady.Stat{}, steady.Stat{}
	}
	if !near(g.InitiationShareMine, w.InitiationShareMine) {
		t.Errorf("InitiationShareMine = %v, want %v", g.InitiationShareMine, w.InitiationShareMine)
	}
	g.InitiationShareMine, w.InitiationShareMine = 0, 0
	if !g.WindowStart.Equal(w.WindowStart) || !g.WindowEnd.Equal(w.WindowEnd) ||
		!g.LastTheirAt.Equal(w.LastTheirAt) || !g.LastMineAt.Equal(w.LastMineAt) {
		t.Errorf("times: window %v..%v, last theirs %v, last mine %v; want %v..%v, %v, %v",
			g.WindowStart, g.WindowEnd, g.LastTheirAt, g.LastMineAt,
			w.WindowStart, w.WindowEnd, w.LastTheirAt, w.LastMineAt)
	}
	g.WindowStart, g.WindowEnd, g.LastTheirAt, g.LastMineAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	w.WindowStart, w.WindowEnd, w.LastTheirAt, w.LastMineAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if g != w {
		t.Errorf("rhythm = %+v, want %+v", g, w)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9*max(1, math.Abs(b)) }

func TestComputeOrder(t *testing.T) {
	t.Run("messages out of order give the rhythm of the sorted ones and stay as they were", func(t *testing.T) {
		msgs, _ := generate(coParent(3000))
		want := history.Compute(msgs, history.Options{})
		shuffled := slices.Clone(msgs)
		rand.New(rand.NewPCG(7, 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		before := slices.Clone(shuffled)
		got := history.Compute(shuffled, history.Options{})
		assertRhythm(t, got, want)
		if !slices.EqualFunc(before, shuffled, func(a, b steady.Message) bool { return a == b }) {
			t.Error("Compute modified its input")
		}
	})
	t.Run("messages with the same instant keep their given order when the rest is sorted", func(t *testing.T) {
		msgs := []steady.Message{
			theirs(at("10:00"), "late"),
			mine(at("09:00"), "a"),
			theirs(at("09:00"), "b"),
		}
		got := history.Compute(msgs, history.Options{})
		// Sorted stably: me 09:00, them 09:00, them 10:00 — two turns.
		if got.Turns != 2 || got.TheirReplyDelay != stat(1, 0, 0) {
			t.Errorf("turns %d, their delay %+v; want 2 turns and a zero delay", got.Turns, got.TheirReplyDelay)
		}
	})
}

// alternate builds n turns of one message each, me first, the i-th at
// when(i), with their reply delays set by the spacing.
func alternate(n int, when func(i int) time.Time, text func(i int) string) []steady.Message {
	msgs := make([]steady.Message, n)
	for i := range msgs {
		side := steady.SideMe
		if i%2 == 1 {
			side = steady.SideThem
		}
		msgs[i] = steady.Message{Side: side, At: when(i), Kind: steady.KindText, Text: text(i)}
	}
	return msgs
}

func TestWindow(t *testing.T) {
	words := func(n int) string {
		s := "w"
		for range n - 1 {
			s += " w"
		}
		return s
	}
	t.Run("the last 30 turns win when 60 days hold fewer", func(t *testing.T) {
		// 100 turns three days apart: 60 days hold 21 turns.
		msgs := alternate(100, func(i int) time.Time { return day0.AddDate(0, 0, 3*i) },
			func(i int) string { return words(1 + i/70) }) // 1 word, 2 words from turn 70 on
		r := history.Compute(msgs, history.Options{})
		if !r.WindowStart.Equal(msgs[70].At) {
			t.Errorf("WindowStart = %v, want the 71st turn's %v", r.WindowStart, msgs[70].At)
		}
		// Delays of 3 days are beyond ReplyWithin: all left out.
		if r.TheirReplyDelay.N != 0 || r.MyReplyDelay.N != 0 {
			t.Errorf("delays %+v %+v, want none", r.TheirReplyDelay, r.MyReplyDelay)
		}
		if r.TheirWordsPerTurn != stat(15, 2, 2) || r.MyWordsPerTurn != stat(15, 2, 2) {
			t.Errorf("lengths %+v %+v, want 15 turns of 2 words each side", r.TheirWordsPerTurn, r.MyWordsPerTurn)
		}
		if r.Turns != 30 || r.Conversations != 30 {
			t.Errorf("Turns %d, Conversations %d; want the window's 30 and 30", r.Turns, r.Conversations)
		}
	})
	t.Run("60 days win when they hold more than 30 turns", func(t *testing.T) {
		// 100 turns ten days apart, then 100 turns an hour apart: the 60
		// days before the last message reach back to the sparse turns of
		// days 950 to 990.
		msgs := alternate(200, func(i int) time.Time {
			if i < 100 {
				return day0.AddDate(0, 0, 10*i)
			}
			return day0.AddDate(0, 0, 1000).Add(time.Duration(i-100) * time.Hour)
		}, func(int) string { return "w" })
		r := history.Compute(msgs, history.Options{})
		if want := day0.AddDate(0, 0, 950); !r.WindowStart.Equal(want) {
			t.Errorf("WindowStart = %v, want %v", r.WindowStart, want)
		}
		st := history.ComputeStats(msgs, history.Options{})
		if st.Window.By != "days" || st.Window.Turns != 105 {
			t.Errorf("window by %q with %d turns, want days with 105", st.Window.By, st.Window.Turns)
		}
		if n := r.TheirWordsPerTurn.N + r.MyWordsPerTurn.N; n != 105 {
			t.Errorf("lengths over %d turns, want 105", n)
		}
	})
	t.Run("old habits fade: the window's 5-minute replies beat 50 older 1-hour ones", func(t *testing.T) {
		// 130 turns: they reply after 1 h until turn 100, after 5 min
		// since; conversations four weeks apart keep 60 days to 30 turns.
		var msgs []steady.Message
		tm := day0
		for i := range 130 {
			side, delay := steady.SideMe, 10*time.Minute
			if i%2 == 1 {
				side, delay = steady.SideThem, time.Hour
				if i >= 100 {
					delay = 5 * time.Minute
				}
			} else if i%10 == 0 {
				delay = 28 * 24 * time.Hour
			}
			tm = tm.Add(delay)
			msgs = append(msgs, steady.Message{Side: side, At: tm, Kind: steady.KindText, Text: "ok"})
		}
		r := history.Compute(msgs, history.Options{})
		if r.TheirReplyDelay != stat(15, 300, 300) {
			t.Errorf("TheirReplyDelay = %+v, want 15 replies of 300 s", r.TheirReplyDelay)
		}
	})
	t.Run("a window wider than the history takes all of it", func(t *testing.T) {
		st := history.ComputeStats(sixMessages, history.Options{})
		if st.Window.By != "all" || st.Window.Turns != 5 {
			t.Errorf("window by %q with %d turns, want all 5", st.Window.By, st.Window.Turns)
		}
	})
}
