package history_test

import (
	"io"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/history"
)

func TestBoundaries(t *testing.T) {
	t.Run("a silence of exactly the gap does not start a conversation; one second more does", func(t *testing.T) {
		exact := []steady.Message{mine(at("09:00"), "a"), theirs(at("15:00"), "b")}
		more := []steady.Message{mine(at("09:00"), "a"), theirs(at("15:00").Add(time.Second), "b")}
		if c := history.Compute(exact, history.Options{}).Conversations; c != 1 {
			t.Errorf("exactly 6 h: %d conversations, want 1", c)
		}
		if c := history.Compute(more, history.Options{}).Conversations; c != 2 {
			t.Errorf("6 h 1 s: %d conversations, want 2", c)
		}
	})
	t.Run("a pause of 59 minutes is the same turn, one of 61 a double text", func(t *testing.T) {
		msgs := []steady.Message{
			mine(at("09:00"), "a"), mine(at("09:59"), "b"), // same turn
			mine(at("11:00"), "c"), // 61 min: double text
			mine(at("12:30"), "d"), // another in the same episode
			theirs(at("12:40"), "e"),
			theirs(at("14:00"), "f"), // 80 min: their double text
		}
		st := history.ComputeStats(msgs, history.Options{})
		if st.DoubleTexts.Mine != (history.DoubleText{Episodes: 1, Messages: 2}) || st.DoubleTexts.Theirs != (history.DoubleText{Episodes: 1, Messages: 1}) {
			t.Errorf("DoubleTexts = %+v", st.DoubleTexts)
		}
	})
	t.Run("a reply window shorter than the gap is raised to the gap", func(t *testing.T) {
		msgs := []steady.Message{mine(at("09:00"), "a"), theirs(at("14:00"), "b")}
		r := history.Compute(msgs, history.Options{ReplyWithin: time.Hour})
		if r.TheirReplyDelay.N != 1 {
			t.Errorf("TheirReplyDelay = %+v, want the 5 h reply inside the conversation", r.TheirReplyDelay)
		}
	})
	t.Run("messages at the extremes of time do not overflow the window", func(t *testing.T) {
		msgs := []steady.Message{
			mine(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "a"),
			theirs(time.Date(1, 1, 1, 0, 5, 0, 0, time.UTC), "b"),
		}
		r := history.Compute(msgs, history.Options{WindowDays: math.MaxInt})
		if r.Turns != 2 || !r.WindowStart.Equal(msgs[0].At) {
			t.Errorf("rhythm = %+v", r)
		}
	})
}

// TestInvariants checks what must hold on any history, on generated ones
// of each kind and several window sizes.
func TestInvariants(t *testing.T) {
	for _, p := range []genParams{coParent(5000), distant(5000), chatty(5000)} {
		msgs, _ := generate(p)
		for _, opts := range []history.Options{{}, {WindowTurns: 1}, {WindowDays: 1}, {WindowTurns: 1 << 30}} {
			r := history.Compute(msgs, opts)
			st := history.ComputeStats(msgs, opts)
			for _, s := range []steady.Stat{r.TheirReplyDelay, r.MyReplyDelay, r.TheirWordsPerTurn, r.MyWordsPerTurn} {
				if s.N < 0 || s.Median < 0 || s.P90 < s.Median {
					t.Errorf("opts %+v: stat %+v", opts, s)
				}
			}
			if r.InitiationShareMine < 0 || r.InitiationShareMine > 1 {
				t.Errorf("share %v", r.InitiationShareMine)
			}
			if n := r.TheirReplyDelay.N + r.MyReplyDelay.N + st.TheirReplyDelay.Beyond + st.MyReplyDelay.Beyond; n > st.Window.Turns {
				t.Errorf("opts %+v: %d turn changes in a window of %d turns", opts, n, st.Window.Turns)
			}
			if st.Window.Turns < min(max(opts.WindowTurns, 0), st.Turns) && opts.WindowTurns > 0 {
				t.Errorf("opts %+v: window of %d turns", opts, st.Window.Turns)
			}
			if st.Window.Turns != r.Turns || st.Window.Conversations != r.Conversations || st.Turns < r.Turns ||
				st.TheirReplyDelay.N != r.TheirReplyDelay.N || st.Messages.Mine+st.Messages.Theirs+st.Messages.Skipped != len(msgs) {
				t.Errorf("opts %+v: stats and rhythm disagree", opts)
			}
		}
	}
}

func FuzzStyleProfile(f *testing.F) {
	for _, s := range []string{"", "I don’t know!!! 😡", "👨‍👩‍👧🇫🇷", "STOP", "\xff'", "l'été", "Hi Alex,\nThanks!"} {
		f.Add(s, "The kids are fine, I can take them on Saturday. Thanks")
	}
	f.Fuzz(func(t *testing.T, mineText, theirsText string) {
		msgs := []steady.Message{
			{Side: steady.SideMe, Kind: steady.KindText, Text: mineText},
			{Side: steady.SideThem, Kind: steady.KindText, Text: theirsText},
		}
		p := history.StyleProfile(msgs, history.Options{})
		for i, s := range []history.Style{p.Mine, p.Theirs} {
			text := msgs[i].Text
			e, h := s.Energy, s.Habits
			for _, v := range []float64{e.Exclamations, e.Questions, e.Emoji, e.Caps} {
				if v < 0 || math.IsNaN(v) || v > float64(len(text)) {
					t.Errorf("%q: energy %+v out of 0..%d", text, e, len(text))
				}
			}
			if h.Turns > 1 || h.Openers > h.Turns || h.Greeted > h.Turns || h.GreetedOpeners > h.Greeted ||
				h.SignedOff > h.Turns || h.Starts > s.Messages || h.Lower > h.Starts {
				t.Errorf("%q: habits %+v of %d messages", text, h, s.Messages)
			}
		}
	})
}

func TestCorruptTimestamps(t *testing.T) {
	// Years a corrupt export can produce: UnixNano wraps around outside
	// 1678–2262, which must neither panic nor loop.
	msgs := []steady.Message{
		mine(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "zero"),
		theirs(time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), "old"),
		mine(at("09:00"), "now"),
		theirs(at("09:05"), "yes"),
		mine(time.Date(9999, 12, 31, 0, 0, 0, 900, time.UTC), "far"),
		theirs(time.Date(9999, 12, 31, 0, 0, 1, 100, time.UTC), "farther"),
	}
	for _, order := range []string{"sorted", "reversed"} {
		t.Run("messages from year 1 to 9999, "+order+", give a rhythm, stats and series", func(t *testing.T) {
			in := slices.Clone(msgs)
			if order == "reversed" {
				slices.Reverse(in)
			}
			r := history.Compute(in, history.Options{})
			if r.Turns != 6 || r.LastSide != steady.SideThem {
				t.Errorf("rhythm = %+v", r)
			}
			st := history.ComputeStats(in, history.Options{})
			if err := st.WriteText(io.Discard, time.Now()); err != nil {
				t.Error(err)
			}
			for _, p := range []history.Period{history.Week, history.Month} {
				ts := history.Series(in, history.Options{}, p, nil)
				if len(ts.T) == 0 || len(ts.T) > 5200 {
					t.Errorf("%v: %d buckets", p, len(ts.T))
				}
			}
		})
	}
}
