package history_test

import (
	"math"
	"testing"

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
		return history.StyleProfile(msgs)
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
		p := history.StyleProfile(msgs)
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
		p := history.StyleProfile(nil)
		if p.Mine.Words != 0 || p.Theirs.Words != 0 || history.MatchStyle("I can take them", p).Reliable {
			t.Errorf("profile = %+v", p)
		}
	})
}
