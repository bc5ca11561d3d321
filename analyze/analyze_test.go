package analyze_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
)

func TestVerdict(t *testing.T) {
	a := newAnalyzer(t)
	night := time.Date(2026, 11, 25, 23, 40, 0, 0, time.UTC)
	cases := []struct {
		name      string
		text      string
		ctx       analyze.Context
		want      analyze.Verdict
		notBefore time.Time // zero: no not_before
	}{
		{"a calm practical reply is sent", "Yes, 5pm on Friday works. I'll bring the forms.",
			analyze.Context{Reply: true, At: afternoon}, analyze.VerdictSend, time.Time{}},
		{"an accusation asks for a revision", "You never send the forms on time. Please send them by Friday.",
			analyze.Context{Reply: true, At: afternoon, Goal: analyze.GoalKids}, analyze.VerdictRevise, time.Time{}},
		{"late at night waits for the morning", "Yes, 5pm on Friday works.",
			analyze.Context{Reply: true, At: night}, analyze.VerdictWait, time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)},
		{"an angry writer waits out the cool-down", "Yes, 5pm on Friday works.",
			analyze.Context{Reply: true, At: afternoon, Mood: analyze.MoodAngry}, analyze.VerdictWait, time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)},
		{"longing is not sent, even at night", "I miss you so much, I can't stop thinking about you.",
			analyze.Context{At: night}, analyze.VerdictDontSend, time.Time{}},
		{"no goal when starting contact is not sent", "Hey, how are you?",
			analyze.Context{At: afternoon, Goal: analyze.GoalNone}, analyze.VerdictDontSend, time.Time{}},
		{"a no-contact period stops non-practical contact", "I need closure.",
			analyze.Context{At: afternoon, Goal: analyze.GoalClosure, NoContact: true}, analyze.VerdictDontSend, time.Time{}},
		// The method in context (docs/RULES.md, precedence).
		{"an insult is not sent, in any mode", "You ALWAYS forget, you are useless!!!",
			analyze.Context{Reply: true, At: afternoon}, analyze.VerdictDontSend, time.Time{}},
		{"an insult with a practical point is not sent either", "You're a pathetic loser. Bring the kids at 5.",
			analyze.Context{Reply: true, At: afternoon.Add(-6 * time.Hour)}, analyze.VerdictDontSend, time.Time{}},
		{"no-contact holds for a reply", "Saw this and thought of you",
			analyze.Context{Reply: true, At: afternoon, NoContact: true}, analyze.VerdictDontSend, time.Time{}},
		{"no-contact holds for a birthday reply", "Happy birthday, hope you're well",
			analyze.Context{Reply: true, At: afternoon, NoContact: true}, analyze.VerdictDontSend, time.Time{}},
		{"no-contact lets necessary logistics through, reply or not", "Sam's passport renewal form needs your signature by Friday the 12th.",
			analyze.Context{Reply: true, At: afternoon, NoContact: true, Goal: analyze.GoalKids}, analyze.VerdictSend, time.Time{}},
		{"dumped, pleading for the relationship, is not sent even as a reply", "Come back?",
			analyze.Context{Reply: true, At: afternoon, Dumped: true, Goal: analyze.GoalRelationship}, analyze.VerdictDontSend, time.Time{}},
		{"dumped, hinting at getting back together, is not sent", "Maybe one day we can try again x",
			analyze.Context{Reply: true, At: afternoon, Dumped: true, Goal: analyze.GoalClosure}, analyze.VerdictDontSend, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := a.Run(c.text, c.ctx)
			if res.Verdict != c.want {
				t.Fatalf("verdict %s, want %s: %s", res.Verdict, c.want, summary(res))
			}
			if len(res.Reasons) == 0 {
				t.Error("no reasons given")
			}
			switch {
			case c.want != analyze.VerdictWait && res.NotBefore != nil:
				t.Errorf("not_before %v set for %s", res.NotBefore, res.Verdict)
			case c.want == analyze.VerdictWait && res.NotBefore == nil:
				t.Error("wait without not_before")
			case c.want == analyze.VerdictWait && !c.notBefore.IsZero() && !res.NotBefore.Equal(c.notBefore):
				t.Errorf("not_before %v, want %v", res.NotBefore, c.notBefore)
			}
		})
	}
}

func TestCoolDownEndingAtNightMovesToMorning(t *testing.T) {
	a := newAnalyzer(t)
	// Anxious at 21:00: a 3 h cool-down ends at midnight, inside the night
	// window, so the advice is the next morning.
	res := a.Run("Yes, 5pm works.", analyze.Context{Reply: true, Mood: analyze.MoodAnxious, At: time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)})
	want := time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	if res.NotBefore == nil || !res.NotBefore.Equal(want) {
		t.Fatalf("not_before %v, want %v", res.NotBefore, want)
	}
}

func TestRewrite(t *testing.T) {
	a := newAnalyzer(t)
	cases := []struct {
		name, in, want string
		ctx            analyze.Context
	}{
		{"keeps the practical request and drops the longing",
			"I miss you so much. Can you bring Sam's coat on Friday at 5pm? ❤️",
			"Can you bring Sam's coat on Friday at 5pm?", analyze.Context{Reply: true, At: afternoon}},
		{"cuts the blame and keeps the request, rather than wrap the blame in an I-statement",
			"You never answered my texts. Please confirm Friday.",
			"Please confirm Friday.", analyze.Context{Reply: true, At: afternoon}},
		{"the coach's rewrite: blame cut, a bare order made a request",
			"You never show up on time and you always make me look bad in front of the kids. Be there at 5 on Friday.",
			"Please be there at 5 on Friday.", analyze.Context{Goal: analyze.GoalKids, At: afternoon}},
		{"a connective left dangling goes with what it connected to",
			"I miss you so much. Anyway can you drop off my blue jacket this weekend?",
			"Can you drop off my blue jacket this weekend?", analyze.Context{Goal: analyze.GoalKids, At: afternoon}},
		{"unshouts and calms the punctuation",
			"WHERE ARE THE FORMS???",
			"Where are the forms?", analyze.Context{Reply: true, At: afternoon}},
		{"cuts an angry clause from a practical sentence",
			"Can you pick up Sam at 5pm, I'm so angry about last week.",
			"Can you pick up Sam at 5pm.", analyze.Context{Reply: true, At: afternoon}},
		{"leaves a blame adverb out of the practical sentence it keeps",
			"Typical of you. Send the school form by Thursday, for once.",
			"Please send the school form by Thursday.", analyze.Context{Reply: true, At: afternoon}},
		{"offers nothing when nothing practical is left",
			"I miss you. I still love you.", "", analyze.Context{At: afternoon}},
		{"offers nothing for a clean draft",
			"Yes, Friday at 5pm works.", "", analyze.Context{Reply: true, At: afternoon}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := a.Run(c.in, c.ctx)
			if res.Rewrite != c.want {
				t.Errorf("rewrite of %q\n got: %q\nwant: %q", c.in, res.Rewrite, c.want)
			}
		})
	}
}

func TestSameInputSameOutput(t *testing.T) {
	a := newAnalyzer(t)
	c := analyze.Context{Goal: analyze.GoalKids, At: afternoon}
	first := a.Run(draft100, c)
	for i := 0; i < 20; i++ {
		if got := a.Run(draft100, c); !reflect.DeepEqual(got, first) {
			t.Fatalf("run %d differs:\n%+v\n%+v", i, got, first)
		}
	}
}

func TestSignals(t *testing.T) {
	a := newAnalyzer(t)
	res := a.Run("I'm so angry. You always lie!!! Fuck this.", analyze.Context{Reply: true, At: afternoon})
	s := res.Signals
	if s.Words != 8 || s.Sentences != 3 {
		t.Errorf("words %d sentences %d, want 8 and 3", s.Words, s.Sentences)
	}
	if !s.Emotional || s.Emotion.Intensity < 0.7 || len(s.Emotion.Labels) == 0 || s.Emotion.Labels[0] != "anger" {
		t.Errorf("emotion %+v, want strong anger", s.Emotion)
	}
	calm := a.Run("Sure, see you at 5.", analyze.Context{Reply: true, At: afternoon}).Signals
	if calm.Emotional || calm.Hostile || calm.Emotion.Intensity != 0 {
		t.Errorf("calm draft read as %+v", calm)
	}
}

func TestCheckRejectsBadDrafts(t *testing.T) {
	a := newAnalyzer(t)
	cases := []struct{ name, text, want string }{
		{"empty", "   \n ", "empty"},
		{"invalid UTF-8 names the line", "ok\nbad \xff here", "line 2: invalid UTF-8"},
		{"NUL bytes", "a\x00b", "NUL"},
		{"too large", strings.Repeat("a", analyze.MaxDraftBytes+1), "limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := a.Check(c.text, analyze.Context{At: afternoon})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if steady.ErrorCode(err) != steady.EInvalid {
				t.Errorf("code %q, want invalid", steady.ErrorCode(err))
			}
		})
	}
}

func TestUserRulesOverlay(t *testing.T) {
	overlay := fstest.MapFS{
		"lists/needy.yml": {Data: []byte("rule: damage.needy\nphrases:\n  - i pine for you\nremove:\n  - please talk to me\n")},
		"catalog.yml":     {Data: []byte("rules:\n  tone.shouting:\n    enabled: false\n  tone.absolute:\n    severity: error\n")},
		"words.yml":       {Data: []byte("classes:\n  insult_noun: [muppet]\n")},
	}
	a, err := analyze.New(overlay)
	if err != nil {
		t.Fatal(err)
	}
	c := analyze.Context{Reply: true, At: afternoon}
	t.Run("a new phrase fires its rule", func(t *testing.T) {
		if find(a.Run("I pine for you.", c), analyze.RuleDamageNeedy) == nil {
			t.Error("added phrase did not fire")
		}
	})
	t.Run("a removed phrase no longer fires", func(t *testing.T) {
		if f := find(a.Run("Please talk to me.", c), analyze.RuleDamageNeedy); f != nil {
			t.Errorf("removed phrase fired: %+v", f)
		}
	})
	t.Run("a disabled rule is silent", func(t *testing.T) {
		if f := find(a.Run("WHERE ARE YOU???", c), analyze.RuleToneShouting); f != nil {
			t.Errorf("disabled rule fired: %+v", f)
		}
	})
	t.Run("a changed severity applies", func(t *testing.T) {
		f := find(a.Run("You always forget.", c), analyze.RuleToneAbsolute)
		if f == nil || f.Severity != analyze.SeverityError {
			t.Errorf("finding %+v, want severity error", f)
		}
	})
	t.Run("a word added to a class is used by its patterns", func(t *testing.T) {
		if find(a.Run("You're a muppet.", c), analyze.RuleToneInsult) == nil {
			t.Error("class word did not fire")
		}
	})
	t.Run("the defaults are untouched by another analyzer's overlay", func(t *testing.T) {
		d := newAnalyzer(t)
		if find(d.Run("WHERE ARE YOU???", c), analyze.RuleToneShouting) == nil {
			t.Error("default analyzer lost tone.shouting")
		}
	})
}

func TestRuleDataErrorsNameFileAndLine(t *testing.T) {
	cases := []struct {
		name string
		fs   fstest.MapFS
		want string
	}{
		{"broken YAML", fstest.MapFS{"lists/x.yml": {Data: []byte("phrases:\n  - ok\n  - 'unclosed\n")}}, "lists/x.yml line 3"},
		{"unknown key", fstest.MapFS{"lists/x.yml": {Data: []byte("rule: tone.insult\nphrazes:\n  - a\n")}}, "lists/x.yml line 2"},
		{"unknown rule", fstest.MapFS{"lists/x.yml": {Data: []byte("rule: tone.rude\nphrases: [a]\n")}}, `unknown rule "tone.rude"`},
		{"unknown emotion", fstest.MapFS{"lists/x.yml": {Data: []byte("phrases:\n  - ok\n  - {phrase: grr, emotion: rage}\n")}}, "lists/x.yml line 3: unknown emotion"},
		{"unknown class", fstest.MapFS{"lists/x.yml": {Data: []byte("phrases:\n  - you @nonsense\n")}}, "lists/x.yml line 2: unknown word class"},
		{"bad pattern", fstest.MapFS{"lists/x.yml": {Data: []byte("phrases:\n  - (a|b\n")}}, "lists/x.yml line 2: unclosed"},
		{"bad severity", fstest.MapFS{"catalog.yml": {Data: []byte("rules:\n  tone.insult:\n    severity: loud\n")}}, "catalog.yml"},
		{"a rule added without a message", fstest.MapFS{"catalog.yml": {Data: []byte("rules:\n  tone.rude:\n    severity: info\n")}}, `rule tone.rude has no message`},
		{"a rule added with a bad severity", fstest.MapFS{"catalog.yml": {Data: []byte("rules:\n  tone.rude:\n    severity: loud\n    message: Rude.\n")}}, `tone.rude`},
		{"bad setting", fstest.MapFS{"catalog.yml": {Data: []byte("settings:\n  late_night:\n    start: 25:99\n")}}, "catalog.yml line 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := analyze.New(c.fs)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			var de *analyze.DataError
			if !errors.As(err, &de) {
				t.Errorf("error %T is not a *DataError", err)
			}
		})
	}
}

// FuzzRun checks that any input gives a result: no panic, spans inside the
// text and on rune boundaries, and the same output for the same input.
func FuzzRun(f *testing.F) {
	for _, s := range []string{
		draft100, "", "a", "\xff\xfe", "you're", "YOU ALWAYS!!!???", "❤️😘<3:(", "5:30p.m. $50 12/3/2026 the 5th",
		"[NAME] [", "http://x.org/a.", "a@b.co", "I don't miss you but ok", strings.Repeat("!?", 100),
		"\u200d\u200d❤\u200d", "you never\n\n", "it's 3 am", "i feel like you", ":'( :-)",
	} {
		f.Add(s, false, uint8(0))
	}
	a, err := analyze.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, reply bool, goal uint8) {
		goals := []analyze.Goal{analyze.GoalUnset, analyze.GoalKids, analyze.GoalNone, analyze.GoalRelationship}
		c := analyze.Context{Reply: reply, Goal: goals[int(goal)%len(goals)], At: afternoon, Dumped: goal%2 == 1, NoContact: goal%3 == 1}
		res := a.Run(text, c)
		for _, fd := range res.Findings {
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
				t.Fatalf("span [%d,%d) outside text of %d bytes", fd.Start, fd.End, len(text))
			}
			if !boundary(text, fd.Start) || !boundary(text, fd.End) {
				t.Fatalf("span [%d,%d) not on rune boundaries of %q", fd.Start, fd.End, text)
			}
			if fd.Text != text[fd.Start:fd.End] {
				t.Fatalf("finding text %q is not the span %q", fd.Text, text[fd.Start:fd.End])
			}
		}
		switch res.Verdict {
		case analyze.VerdictSend, analyze.VerdictRevise, analyze.VerdictWait, analyze.VerdictDontSend:
		default:
			t.Fatalf("unknown verdict %q", res.Verdict)
		}
		if again := a.Run(text, c); !reflect.DeepEqual(again, res) {
			t.Fatalf("second run differs for %q", text)
		}
		tr := a.Triage(text, afternoon)
		for _, it := range tr.Items {
			if it.Start < 0 || it.End > len(text) || it.Start > it.End || !boundary(text, it.Start) || !boundary(text, it.End) {
				t.Fatalf("triage item %+v outside or inside a rune of %q", it, text)
			}
		}
	})
}

// boundary reports whether i starts a rune of s as a range loop reads it
// (an invalid byte is a rune of its own), or is the end of s.
func boundary(s string, i int) bool {
	if i == len(s) {
		return true
	}
	for k := range s {
		if k == i {
			return true
		}
		if k > i {
			break
		}
	}
	return false
}

// FuzzRulesOverlay feeds New a --rules folder with one fuzzed data file:
// a *DataError naming that file, or an analyzer that checks a draft; never
// a panic.
func FuzzRulesOverlay(f *testing.F) {
	for _, seed := range []struct {
		file, data string
	}{
		{"lists/x.yml", "rule: tone.insult\nphrases:\n  - total (moron|clown)\n  - {phrase: \"you ... [utter] joke\", suggestion: \"\"}\n"},
		{"lists/x.yml", "emotion: hurt\nweight: 0.5\ngroups:\n  - phrases: [\"@intensifier sad\", \"#time alone\", \"* * lonely\"]\n"},
		{"lists/absolute.yml", "remove:\n  - you never\n"},
		{"words.yml", "contractions:\n  gonna: going to\nclasses:\n  intensifier: [mega]\n  topic_pets: {add: [dog, cat]}\n"},
		{"catalog.yml", "rules:\n  tone.shouting:\n    severity: error\n    enabled: false\nsettings:\n  budget:\n    kids: 40\n"},
		{"lists/x.yml", "phrases:\n  - 'unclosed\n"},
		{"lists/x.yml", "phrases:\n  - (a|b|(c|d)|[e])\\\\(\n"},
	} {
		f.Add(seed.file, []byte(seed.data))
	}
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		switch file {
		case "words.yml", "catalog.yml", "lists/x.yml", "lists/absolute.yml":
		default:
			return
		}
		a, err := analyze.New(fstest.MapFS{file: {Data: data}})
		if err != nil {
			var de *analyze.DataError
			if !errors.As(err, &de) {
				t.Fatalf("error %T is not a *DataError: %v", err, err)
			}
			return
		}
		a.Run("You ALWAYS do this!!! I miss you. Pick up Sam at 5pm?", analyze.Context{At: afternoon})
	})
}

// A rule can be added as data alone: a catalogue entry, with a phrase
// list or a head behind it, and no Go change.
func TestARuleAddedAsData(t *testing.T) {
	overlay := fstest.MapFS{
		"catalog.yml": {Data: []byte(`rules:
  custom.nickname:
    severity: warning
    verdicts: {warning: revise}
    message: An old pet name pulls them back into the relationship.
    reason: It uses an old pet name.
  custom.longing:
    severity: info
    verdicts: {info: send}
    message: A note that this reads as longing.
    head: needy
    head_message: This sentence reads as longing (a note).
`)},
		"lists/nickname.yml": {Data: []byte("rule: custom.nickname\nphrases:\n  - (pumpkin|snugglebug)\n")},
	}
	a, err := analyze.New(overlay)
	if err != nil {
		t.Fatal(err)
	}
	c := analyze.Context{Reply: true, At: afternoon}
	t.Run("a phrase rule added as data fires and decides the verdict", func(t *testing.T) {
		res := a.Run("Hi pumpkin, can you take Sam at 5 on Friday?", c)
		if find(res, "custom.nickname") == nil || res.Verdict != analyze.VerdictRevise {
			t.Errorf("want custom.nickname and revise: %s", summary(res))
		}
	})
	t.Run("a rule backed by a head fires on what the head reads", func(t *testing.T) {
		res := a.Run("I miss you so much, I can't stop thinking about you and us.", c)
		if find(res, "custom.longing") == nil {
			t.Errorf("want custom.longing: %s", summary(res))
		}
	})
	t.Run("a rule added without a message is refused, naming it", func(t *testing.T) {
		bad := fstest.MapFS{"catalog.yml": {Data: []byte("rules:\n  custom.empty:\n    severity: warning\n")}}
		if _, err := analyze.New(bad); err == nil || !strings.Contains(err.Error(), "custom.empty") {
			t.Errorf("err %v, want one naming custom.empty", err)
		}
	})
}
