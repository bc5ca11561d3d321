package history_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zones whatever the machine has

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/history"
)

// threeWeeks spans the weeks of Monday 26 February, 4 March (empty) and
// 11 March 2024.
var threeWeeks = []steady.Message{
	mine(at("09:00"), "hello there"),             // Fri 1 Mar: I start
	theirs(at("09:30"), "hi"),                    // their delay 30 min
	mine(at("10:00"), "ok thanks"),               // my delay 30 min
	theirs(at("10:00", 12), "school trip money"), // Wed 13 Mar: after 12 days, they start
	mine(at("10:20", 12), "sent"),                // my delay 20 min
}

func values(vs []history.Value) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = float64(v)
		if !v.Valid() {
			out[i] = -1 // stands for missing in the expectations
		}
	}
	return out
}

func TestSeries(t *testing.T) {
	score := func(text string) float64 { return float64(len(text)) / 10 }
	t.Run("weekly buckets hold the counts and medians worked out by hand, with a gap week", func(t *testing.T) {
		ts := history.Series(threeWeeks, history.Options{}, history.Week, score)
		monday := time.Date(2024, 2, 26, 0, 0, 0, 0, time.UTC)
		wantT := []int64{monday.Unix(), monday.AddDate(0, 0, 7).Unix(), monday.AddDate(0, 0, 14).Unix()}
		checks := []struct {
			name      string
			got, want any
		}{
			{"T", ts.T, wantT},
			{"MessagesMine", ts.MessagesMine, []int{2, 0, 1}},
			{"MessagesTheirs", ts.MessagesTheirs, []int{1, 0, 1}},
			{"InitiationsMine", ts.InitiationsMine, []int{1, 0, 0}},
			{"InitiationsTheirs", ts.InitiationsTheirs, []int{0, 0, 1}},
			{"ReplyDelayMine", values(ts.ReplyDelayMine), []float64{1800, -1, 1200}},
			// The 12-day return is no reply.
			{"ReplyDelayTheirs", values(ts.ReplyDelayTheirs), []float64{1800, -1, -1}},
			{"WordsMine", values(ts.WordsMine), []float64{2, -1, 1}},
			{"WordsTheirs", values(ts.WordsTheirs), []float64{1, -1, 3}},
			// Means of len/10: (1.1 + 0.9)/2, none, 0.4.
			{"TemperatureMine", values(ts.TemperatureMine), []float64{1, -1, 0.4}},
		}
		for _, c := range checks {
			if !equalJSON(c.got, c.want) {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		if ts.Period != "week" || ts.Zone != "UTC" {
			t.Errorf("period %q zone %q", ts.Period, ts.Zone)
		}
	})
	t.Run("missing values encode as JSON null and the scorer's column is absent without a scorer", func(t *testing.T) {
		js, err := json.Marshal(history.Series(threeWeeks, history.Options{}, history.Week, nil))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(js), `"reply_delay_theirs_s":[1800,null,null]`) {
			t.Errorf("JSON lacks the nulls: %s", js)
		}
		if strings.Contains(string(js), "temperature") {
			t.Errorf("JSON has a temperature column without a scorer: %s", js)
		}
	})
	t.Run("monthly buckets start on the 1st and gather the whole month", func(t *testing.T) {
		ts := history.Series(threeWeeks, history.Options{}, history.Month, nil)
		if len(ts.T) != 1 || ts.T[0] != time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).Unix() {
			t.Fatalf("T = %v, want March 2024 alone", ts.T)
		}
		if ts.InitiationsMine[0] != 1 || ts.InitiationsTheirs[0] != 1 || ts.MessagesMine[0] != 3 {
			t.Errorf("March: %+v", ts)
		}
	})
	t.Run("weeks start on Monday midnight in the zone given, across a DST change", func(t *testing.T) {
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			t.Fatal(err)
		}
		msgs := []steady.Message{
			mine(time.Date(2024, 3, 25, 0, 30, 0, 0, paris), "a"),
			mine(time.Date(2024, 4, 1, 0, 30, 0, 0, paris), "b"), // the week after the change of 31 March
		}
		ts := history.Series(msgs, history.Options{Location: paris}, history.Week, nil)
		want := []int64{time.Date(2024, 3, 25, 0, 0, 0, 0, paris).Unix(), time.Date(2024, 4, 1, 0, 0, 0, 0, paris).Unix()}
		if !slices.Equal(ts.T, want) || !slices.Equal(ts.MessagesMine, []int{1, 1}) {
			t.Errorf("T = %v messages %v, want %v and one each", ts.T, ts.MessagesMine, want)
		}
	})
	t.Run("no counted messages give an empty series", func(t *testing.T) {
		ts := history.Series([]steady.Message{withKind(mine(at("09:00"), "x"), steady.KindSystem)}, history.Options{}, history.Week, score)
		if len(ts.T) != 0 || len(ts.TemperatureMine) != 0 {
			t.Errorf("series = %+v", ts)
		}
	})
	t.Run("a wild old timestamp cannot make the series longer than a century of weeks", func(t *testing.T) {
		msgs := []steady.Message{
			mine(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), "ancient"),
			theirs(at("09:00"), "now"),
		}
		ts := history.Series(msgs, history.Options{}, history.Week, nil)
		if len(ts.T) != 5200 || ts.MessagesTheirs[len(ts.T)-1] != 1 || slices.Contains(ts.MessagesMine, 1) {
			t.Errorf("%d buckets, last theirs %d", len(ts.T), ts.MessagesTheirs[len(ts.T)-1])
		}
	})
	t.Run("out-of-order messages give the series of the sorted ones", func(t *testing.T) {
		rev := slices.Clone(threeWeeks)
		slices.Reverse(rev)
		calls := 0
		counting := func(text string) float64 { calls++; return score(text) }
		a, _ := json.Marshal(history.Series(rev, history.Options{}, history.Week, counting))
		b, _ := json.Marshal(history.Series(threeWeeks, history.Options{}, history.Week, score))
		if string(a) != string(b) {
			t.Errorf("reversed: %s\nsorted:   %s", a, b)
		}
		if calls != 3 {
			t.Errorf("the scorer was called %d times for my 3 text messages", calls)
		}
	})
	t.Run("the series adds up to the stats' whole-history counts", func(t *testing.T) {
		msgs, _ := generate(coParent(5000))
		ts := history.Series(msgs, history.Options{}, history.Month, nil)
		st := history.ComputeStats(msgs, history.Options{})
		var got history.Initiations
		var mineN, theirsN int
		for i := range ts.T {
			mineN += ts.MessagesMine[i]
			theirsN += ts.MessagesTheirs[i]
			got.Mine += ts.InitiationsMine[i]
			got.Theirs += ts.InitiationsTheirs[i]
		}
		if mineN != st.Messages.Mine || theirsN != st.Messages.Theirs || got.Mine != st.Initiations.Mine || got.Theirs != st.Initiations.Theirs {
			t.Errorf("series: %d/%d messages, %+v initiations; stats: %+v, %+v", mineN, theirsN, got, st.Messages, st.Initiations)
		}
	})
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
