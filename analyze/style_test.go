package analyze_test

import (
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
)

// TestRewriteInTheirStyle holds the rewrite to the user's own way of
// writing to a contact (Context.Style) and to the length of what the
// contact sends (their words per turn).
func TestRewriteInTheirStyle(t *testing.T) {
	a := newAnalyzer(t)
	const blame = "You never show up on time and you always make me look bad in front of the kids. Be there at 5 on Friday."
	// A contact who writes a dozen words a turn, so a greeting fits, and one
	// who answers in two or three.
	chatty := func(c *analyze.Context) { c.Rhythm = wordsPerTurn(12) }
	terse := func(c *analyze.Context) { c.Rhythm = wordsPerTurn(2) }
	greets := analyze.Style{Greeting: "Hi Alex, ", SignOff: " Thanks"}
	cases := []struct {
		name, in, want string
		style          analyze.Style
		rhythm         func(*analyze.Context)
	}{
		{"without a contact the rewrite adds no greeting and no sign-off",
			blame, "Please be there at 5 on Friday.", analyze.Style{}, nil},
		{"a user who starts with \"Hi Alex,\" and ends with \"Thanks\" gets both",
			blame, "Hi Alex, please be there at 5 on Friday. Thanks", greets, chatty},
		{"a greeting on a line of its own stays on its own line",
			blame, "Hi Alex,\nPlease be there at 5 on Friday.\nThanks", analyze.Style{Greeting: "Hi Alex,\n", SignOff: "\nThanks"}, chatty},
		{"a history in lower case without greetings gets a lower-case rewrite and nothing added",
			blame, "please be there at 5 on Friday.", analyze.Style{Lowercase: true}, chatty},
		{"lower case leaves I and names in capitals",
			"You always forget everything. Sam needs his coat on Friday. I can bring it at 5.",
			"Sam needs his coat on Friday. I can bring it at 5.", analyze.Style{Lowercase: true}, nil},
		{"a contact who answers in a few words gets no greeting and no sign-off",
			blame, "Please be there at 5 on Friday.", greets, terse},
		{"a draft with a greeting of its own gets no second one",
			"Hi Alex, you never show up on time and you always make me look bad. Be there at 5 on Friday.",
			"Hi Alex, please be there at 5 on Friday. Thanks", greets, chatty},
		{"a user who sends no emoji gets a rewrite without the draft's",
			"I miss you so much. Can you bring Sam's coat 🧥 on Friday at 5pm?",
			"Can you bring Sam's coat on Friday at 5pm?", analyze.Style{NoEmoji: true}, nil},
		{"a user who sends emoji keeps the draft's",
			"I miss you so much. Can you bring Sam's coat 🧥 on Friday at 5pm?",
			"Can you bring Sam's coat 🧥 on Friday at 5pm?", analyze.Style{}, nil},
		{"a contact who writes short messages gets only the practical sentences",
			"You never listen to me. I have had a lot on my plate. Be there at 5 on Friday.",
			"Please be there at 5 on Friday.", analyze.Style{}, terse},
		{"a contact who writes longer messages gets them as well",
			"You never listen to me. I have had a lot on my plate. Be there at 5 on Friday.",
			"I have had a lot on my plate. Please be there at 5 on Friday.", analyze.Style{}, chatty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := analyze.Context{Goal: analyze.GoalKids, At: afternoon, Style: c.style}
			if c.rhythm != nil {
				c.rhythm(&ctx)
			}
			res := a.Run(c.in, ctx)
			if res.Rewrite != c.want {
				t.Fatalf("rewrite of %q\n got: %q\nwant: %q", c.in, res.Rewrite, c.want)
			}
			if c.want == "" {
				return
			}
			if v := a.Run(res.Rewrite, ctx).Verdict; v != analyze.VerdictSend {
				t.Errorf("the rewrite checks as %s in the same context, want send", v)
			}
			for _, key := range []string{"5", "Friday"} {
				if strings.Contains(c.in, key) && !strings.Contains(res.Rewrite, key) {
					t.Errorf("the rewrite lost the key term %q", key)
				}
			}
		})
	}
}

// wordsPerTurn is a contact who writes about n words a turn, replies in
// about two hours and wrote last the day before "afternoon".
func wordsPerTurn(n float64) *steady.Rhythm {
	return &steady.Rhythm{
		Turns: 40, Conversations: 12,
		TheirReplyDelay:     steady.Stat{N: 20, Median: 2 * 3600, P90: 6 * 3600},
		MyReplyDelay:        steady.Stat{N: 20, Median: 2 * 3600, P90: 6 * 3600},
		TheirWordsPerTurn:   steady.Stat{N: 20, Median: n, P90: 2 * n},
		MyWordsPerTurn:      steady.Stat{N: 20, Median: n, P90: 2 * n},
		InitiationShareMine: 0.5,
		LastSide:            steady.SideThem,
		LastTheirAt:         afternoon.Add(-24 * time.Hour),
		LastMineAt:          afternoon.Add(-26 * time.Hour),
	}
}
