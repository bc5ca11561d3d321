package history_test

import (
	"slices"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/history"
)

func TestStyleEnergy(t *testing.T) {
	energy := func(text string) history.Energy {
		p := history.StyleProfile([]steady.Message{theirs(at("09:00"), text)}, history.Options{})
		return p.Theirs.Energy
	}
	for _, c := range []struct {
		name, text string
		want       history.Energy
	}{
		{"marks, emoji clusters and shouted words are counted", "STOP it!!! 😡😡 🇫🇷 👨‍👩‍👧 OK? I said NO",
			history.Energy{Exclamations: 3, Questions: 1, Emoji: 4, Caps: 1}},
		{"a shouted word keeps its apostrophe, straight or curly", "DON'T. WON’T. DON", history.Energy{Caps: 3}},
		{"capitals of other scripts shout too, digits neither shout nor stop it", "ÉTÉ ÇA 4EVER",
			history.Energy{Caps: 2}},
		{"full-width and Spanish marks are marks", "¿Qué？ ¡Sí！", history.Energy{Exclamations: 1, Questions: 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := energy(c.text); got != c.want {
				t.Errorf("Energy(%q) = %+v, want %+v", c.text, got, c.want)
			}
		})
	}
}

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
		if p.Mine.Messages != 1 || p.Mine.Energy != (history.Energy{Exclamations: 2}) || p.Mine.Habits.Turns != 1 {
			t.Errorf("Mine = %+v", p.Mine)
		}
		// The caption-less photo is a message of the turn but not of the style.
		if p.Theirs.Messages != 1 || p.Theirs.Energy != (history.Energy{}) || p.Theirs.Habits.Turns != 1 {
			t.Errorf("Theirs = %+v", p.Theirs)
		}
	})
	t.Run("energy is per message", func(t *testing.T) {
		p := history.StyleProfile([]steady.Message{mine(at("09:00"), "yes!"), mine(at("09:01"), "ok")}, history.Options{})
		if p.Mine.Messages != 2 || p.Mine.Energy != (history.Energy{Exclamations: 0.5}) {
			t.Errorf("Mine = %+v", p.Mine)
		}
	})
	t.Run("no messages give an empty profile", func(t *testing.T) {
		if p := history.StyleProfile(nil, history.Options{}); *p != (history.Profile{}) {
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
