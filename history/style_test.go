package history_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/history"
)

// lsmCategory is the per-category formula, written out for expectations.
func lsmCategory(p1, p2 float64) float64 { return 1 - math.Abs(p1-p2)/(p1+p2+0.0001) }

func TestMatchStyle(t *testing.T) {
	profile := func(theirs ...string) *history.Profile {
		var msgs []steady.Message
		for _, s := range theirs {
			msgs = append(msgs, theirs1(s))
		}
		return history.StyleProfile(msgs, history.Options{})
	}
	t.Run("articles alone differ: eight matching categories and one computed by hand", func(t *testing.T) {
		// Draft: 100% articles. Theirs: "a dog", 50% articles. Every
		// other category is 0 on both sides and scores 1.
		m := history.MatchStyle("the the", profile("a dog"))
		want := (8 + lsmCategory(100, 50)) / 9
		if !near(m.LSM, want) || !near(m.Categories.Articles, lsmCategory(100, 50)) || m.Categories.Negations != 1 {
			t.Errorf("LSM = %v (categories %+v), want %v", m.LSM, m.Categories, want)
		}
	})
	t.Run("a draft written like their messages matches fully", func(t *testing.T) {
		text := "I can't do it on Saturday but I will take them to the park on Sunday if that is ok with you"
		m := history.MatchStyle(text, profile(text, text, text))
		if !near(m.LSM, 1) {
			t.Errorf("LSM = %v, want 1", m.LSM)
		}
	})
	t.Run("a pronoun-heavy emotional draft matches terse logistics less than a terse one", func(t *testing.T) {
		p := profile("Pickup at 5 at the school.", "The bill is paid.", "Bring the blue bag on Monday.",
			"Dentist on the 12th at 4.", "Car is at the garage until Friday.")
		emotional := history.MatchStyle("I just feel like you never really listen to me and I don't know what I did", p)
		terse := history.MatchStyle("Pickup at 6 at the school on Friday.", p)
		if emotional.LSM >= terse.LSM {
			t.Errorf("emotional %.3f >= terse %.3f", emotional.LSM, terse.LSM)
		}
	})
	t.Run("a contraction counts as an auxiliary verb and a negation", func(t *testing.T) {
		m := history.MatchStyle("don’t", nil) // curly apostrophe
		fw := m.Draft.FunctionWords
		if fw.AuxiliaryVerbs != 100 || fw.Negations != 100 || fw.PersonalPronouns != 0 {
			t.Errorf("function words = %+v", fw)
		}
	})
	t.Run("energy counts marks, emoji clusters and shouted words", func(t *testing.T) {
		m := history.MatchStyle("STOP it!!! 😡😡 🇫🇷 👨‍👩‍👧 OK? I said NO", nil)
		want := history.Energy{Exclamations: 3, Questions: 1, Emoji: 4, Caps: 1}
		if m.Draft.Energy != want {
			t.Errorf("Energy = %+v, want %+v", m.Draft.Energy, want)
		}
	})
	t.Run("too little text, or text that is not English, is not reliable", func(t *testing.T) {
		english := profile("I will take the kids to school on Monday and you can get them on Friday if that works for you.",
			"It is fine, I can do it. The car is at the garage so I will be a bit late but not by much.",
			"We need to talk about the bill because it was not paid and they sent a letter to the house.")
		for _, c := range []struct {
			draft string
			p     *history.Profile
			want  bool
		}{
			{"Can you take them on Saturday at ten?", english, true},
			{"ok", english, false},
			{"Can you take them on Saturday at ten?", profile("ok"), false},
			{"Kannst du sie am Samstag um zehn Uhr nehmen?", english, false},
		} {
			if got := history.MatchStyle(c.draft, c.p).Reliable; got != c.want {
				t.Errorf("MatchStyle(%q).Reliable = %v, want %v", c.draft, got, c.want)
			}
		}
	})
}

func theirs1(text string) steady.Message { return theirs(at("09:00"), text) }

func TestStyleProfile(t *testing.T) {
	t.Run("each side is profiled apart, others and system lines ignored", func(t *testing.T) {
		msgs := []steady.Message{
			mine(at("09:00"), "I miss you!!"),
			theirs(at("09:05"), "The kids are fine."),
			withSide(theirs(at("09:06"), "WHAT!!! 😀"), steady.SideOther),
			withKind(theirs(at("09:07"), "Call ended!"), steady.KindSystem),
			withKind(theirs(at("09:08"), ""), steady.KindMedia),
		}
		p := history.StyleProfile(msgs, history.Options{})
		if p.Mine.Messages != 1 || p.Mine.Words != 3 || p.Mine.Energy.Exclamations != 2 {
			t.Errorf("Mine = %+v", p.Mine)
		}
		// "The kids are fine.": an article and an auxiliary verb of 4 words.
		if p.Theirs.Messages != 1 || p.Theirs.Words != 4 || p.Theirs.FunctionWords.Articles != 25 ||
			p.Theirs.FunctionWords.AuxiliaryVerbs != 25 || p.Theirs.Energy != (history.Energy{}) {
			t.Errorf("Theirs = %+v", p.Theirs)
		}
		if !near(p.Theirs.Function, 0.5) {
			t.Errorf("Theirs.Function = %v, want 0.5", p.Theirs.Function)
		}
	})
	t.Run("no messages give an empty profile that matches nothing reliably", func(t *testing.T) {
		p := history.StyleProfile(nil, history.Options{})
		if p.Mine.Words != 0 || p.Theirs.Words != 0 || history.MatchStyle("I can take them", p).Reliable {
			t.Errorf("profile = %+v", p)
		}
	})
}

func TestStyleHabits(t *testing.T) {
	// Each conversation is a day apart: the user's turn, their answer.
	day := func(d int, mineText ...string) []steady.Message {
		var ms []steady.Message
		for i, s := range mineText {
			ms = append(ms, mine(at("09:00", d).Add(time.Duration(i)*time.Minute), s))
		}
		return append(ms, theirs(at("11:00", d), "ok"))
	}
	cases := []struct {
		name string
		msgs [][]steady.Message
		want history.Habits
	}{
		{"a user who starts with \"Hi Alex,\" and ends with \"Thanks\" has both habits",
			[][]steady.Message{
				day(0, "Hi Alex, can you take the kids on Saturday? Thanks"),
				day(1, "Hi Alex, the school trip is on Friday. Thanks"),
				day(2, "Hey, is 5 ok? Cheers"),
			},
			history.Habits{Turns: 3, Openers: 3, Greeted: 3, GreetedOpeners: 3, Greeting: "Hi Alex, ",
				SignedOff: 3, SignOff: " Thanks", Starts: 3}},
		{"a greeting and a sign-off on lines of their own keep their lines",
			[][]steady.Message{
				day(0, "Hi Alex,\nCan you take the kids on Saturday?\nThanks!"),
				day(1, "Hi Alex,\nThe trip is on Friday.\nThanks!"),
			},
			history.Habits{Turns: 2, Openers: 2, Greeted: 2, GreetedOpeners: 2, Greeting: "Hi Alex,\n",
				SignedOff: 2, SignOff: "\nThanks!", Starts: 2}},
		{"a turn typed in bubbles opens in its first and closes in its last",
			[][]steady.Message{day(0, "Hi", "can you take them Saturday?", "thanks")},
			history.Habits{Turns: 1, Openers: 1, Greeted: 1, GreetedOpeners: 1, Greeting: "Hi\n",
				SignedOff: 1, SignOff: "\nthanks", Starts: 3, Lower: 2}},
		{"a history in lower case without greetings has neither",
			[][]steady.Message{day(0, "can you take them saturday"), day(1, "school trip is friday"), day(2, "5 works")},
			history.Habits{Turns: 3, Openers: 3, Starts: 2, Lower: 2}},
		{"a thank-you that is the whole message is no sign-off, and a hello alone no greeting",
			[][]steady.Message{day(0, "Thank you!"), day(1, "Hello!")},
			history.Habits{Turns: 2, Openers: 2, Starts: 2}},
		{"love is no sign-off",
			[][]steady.Message{day(0, "Can you take them Saturday? Love you xx")},
			history.Habits{Turns: 1, Openers: 1, Starts: 1}},
		{"a reply inside a conversation is a turn but no opener",
			[][]steady.Message{{theirs(at("08:00"), "Can you take them?"), mine(at("08:30"), "Hi Alex, yes. Thanks")}},
			history.Habits{Turns: 1, Greeted: 1, Greeting: "Hi Alex, ", SignedOff: 1, SignOff: " Thanks", Starts: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := history.StyleProfile(slices.Concat(c.msgs...), history.Options{})
			if p.Mine.Habits != c.want {
				t.Errorf("habits\n got %+v\nwant %+v", p.Mine.Habits, c.want)
			}
		})
	}
}
