package history_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zones whatever the machine has

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/history"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// weekOfLogistics is a hand-built week between co-parents, the golden
// files' history: slow short answers from them, quicker longer ones from
// the user, one double text, one question answered the next morning.
func weekOfLogistics() []steady.Message {
	return []steady.Message{
		mine(at("08:00"), "Hi, can you take the kids on Saturday? I have a work thing until 3."),
		theirs(at("11:00"), "Yes. What time?"),
		mine(at("11:05"), "Around 9 would be great, I'll pack their bags the night before."),
		theirs(at("12:30"), "ok"),
		withKind(mine(at("12:31"), ""), steady.KindMedia),
		mine(at("19:00"), "Also, the school trip form is due Friday, can you sign it?"),
		// Next morning: an answer within ReplyWithin, so it continues.
		theirs(at("07:30", 1), "Signed. Left it in Emma's bag"),
		mine(at("07:40", 1), "Thank you!"),
		withKind(theirs(at("07:41", 1), "Messages and calls are end-to-end encrypted."), steady.KindSystem),
		// Three days of silence, then they write.
		theirs(at("18:00", 4), "Emma has a fever, keeping her home tomorrow"),
		mine(at("18:20", 4), "Ok, thanks for letting me know. Does she need anything?"),
		theirs(at("21:00", 4), "No"),
		mine(at("21:02", 4), "ok"),
		mine(at("23:30", 4), "Let me know how she is tomorrow please"),
	}
}

// statsNow is when the golden reports are read: later in the year of
// their messages, whose dates are then written without the year.
var statsNow = day0.AddDate(0, 1, 0)

func TestStatsGolden(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatalf("zone data: %v", err)
	}
	tests := []struct {
		name, file string
		msgs       []steady.Message
		opts       history.Options
	}{
		{"a week of logistics renders as in the golden file", "stats_week", weekOfLogistics(), history.Options{Location: paris}},
		{"no messages render as one plain line", "stats_empty", nil, history.Options{}},
		{"a history of only my messages says they have not replied", "stats_mine_only",
			[]steady.Message{mine(at("09:00"), "Hi"), mine(at("09:01"), "are you there")}, history.Options{}},
		{"one message a side is said in the singular", "stats_one_each",
			[]steady.Message{mine(at("09:00"), "Hi"), theirs(at("10:00"), "Hello")}, history.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := history.ComputeStats(tt.msgs, tt.opts)
			var text bytes.Buffer
			if err := st.WriteText(&text, statsNow); err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(st, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file+".txt", text.Bytes())
			golden(t, tt.file+".json", append(js, '\n'))
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./history -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test ./history -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestStats(t *testing.T) {
	st := history.ComputeStats(weekOfLogistics(), history.Options{})
	t.Run("the JSON holds the keys the CLI documents", func(t *testing.T) {
		js, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(js, &doc); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{
			"messages.mine", "messages.theirs",
			"their_reply_delay.median_s", "their_reply_delay.p90_s",
			"my_reply_delay.median_s",
			"their_words_per_turn.median", "my_words_per_turn.median",
			"initiation_share.mine",
			"first_message", "last_message", "conversations", "double_texts.mine.episodes",
			"busiest_hours.mine", "window.by", "messages_per_week.theirs", "now.unanswered_mine",
		} {
			var v any = doc
			for _, part := range strings.Split(key, ".") {
				m, ok := v.(map[string]any)
				if !ok {
					v = nil
					break
				}
				v = m[part]
			}
			if v == nil {
				t.Errorf("key %s missing from %s", key, js)
			}
		}
	})
	t.Run("the counts of the golden week are the ones worked out by hand", func(t *testing.T) {
		// The photo at 12:31 has no caption: like the system line, it stays
		// out of the counts.
		want := history.MessageCounts{Mine: 7, Theirs: 5, Skipped: 2, Total: 14}
		if st.Messages != want {
			t.Errorf("Messages = %+v, want %+v", st.Messages, want)
		}
		// Conversations: 08:00; 19:00 (after 6.5 h, my answer to their
		// "ok": continued); 07:30 next day (a reply, continued); day 4
		// 18:00 (after 3.5 days, theirs).
		if st.Conversations != 4 || st.Initiations != (history.Initiations{Mine: 1, Theirs: 1, Continued: 2}) {
			t.Errorf("conversations %d, initiations %+v; want 4 and 1 mine, 1 theirs, 2 continued", st.Conversations, st.Initiations)
		}
		if st.InitiationShare.N != 2 || !near(st.InitiationShare.Mine, 1.0/2) {
			t.Errorf("InitiationShare = %+v, want 1 of 2", st.InitiationShare)
		}
		// 21:02 then 23:30: a double text, in its own turn.
		if st.DoubleTexts.Mine != (history.DoubleText{Episodes: 1, Messages: 1}) || st.DoubleTexts.Theirs != (history.DoubleText{}) {
			t.Errorf("DoubleTexts = %+v", st.DoubleTexts)
		}
		// Their delays: 3 h, 1 h 25 min, 12 h 30 min, 2 h 40 min; the
		// return after 3 days is beyond ReplyWithin.
		if d := st.TheirReplyDelay; d.N != 4 || d.Beyond != 1 || !near(d.MedianS, (3*3600+9600)/2.0) {
			t.Errorf("TheirReplyDelay = %+v, want 4 replies, median 2 h 50 min, 1 beyond", d)
		}
		if st.Now.LastSide != "me" || st.Now.UnansweredMine != 2 {
			t.Errorf("Now = %+v, want me last with 2 unanswered", st.Now)
		}
	})
}
