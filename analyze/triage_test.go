package analyze_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
)

// issue14 is the message of issue 14: hostile, with a request, a
// question, and a date inside an accusation.
const issue14 = "You were late AGAIN on Sunday and the kids were crying at the door. You still have my bike and I want it back. Are you taking them Saturday or not?"

func TestTriage(t *testing.T) {
	a := newAnalyzer(t)
	cases := []struct {
		name  string
		in    string
		items []string // "kind:text"
		aside []string // "kind:text"
		reply string
	}{
		{
			name:  "the request and the question are items; the accusation, its date with it, is set aside",
			in:    issue14,
			items: []string{"request:You still have my bike and I want it back.", "question:Are you taking them Saturday or not?"},
			aside: []string{"blame:You were late AGAIN on Sunday and the kids were crying at the door."},
			reply: "[Yes, I'll / No, I can't] give your bike back. [Yes, I am / No, I'm not] taking them Saturday.",
		},
		{
			name:  "a question of theirs is answered with the reader's own statement",
			in:    "You're useless as always. Can you take Sam on Friday at 5pm?",
			items: []string{"question:Can you take Sam on Friday at 5pm?"},
			aside: []string{"insult:You're useless as always."},
			reply: "[Yes, I can / No, I can't] take Sam on Friday at 5pm.",
		},
		{
			name:  "a question for a fact leaves the fact to fill in",
			in:    "what is wrong with you. what time are you dropping her off",
			items: []string{"question:what time are you dropping her off"},
			aside: []string{"insult:what is wrong with you."},
			reply: "I'm dropping her off at [time].",
		},
		{
			name:  "a choice is left to the reader",
			in:    "Can you take him on the 12th or shall I?",
			items: []string{"question:Can you take him on the 12th or shall I?"},
			reply: "[I can take him on the 12th / Please take him on the 12th].",
		},
		{
			name:  "a threat after a request is set aside, the request kept",
			in:    "bring the dog back by 6 or im calling the police",
			items: []string{"request:bring the dog back by 6"},
			aside: []string{"threat:or im calling the police"},
			reply: "[Yes, I'll / No, I can't] bring the dog back by 6.",
		},
		{
			name:  "a question that only blames is no question",
			in:    "u took the dog without even asking?? Why are you always late?",
			aside: []string{"blame:u took the dog without even asking??", "blame:Why are you always late?"},
		},
		{
			name: "a plain announcement asks nothing",
			in:   "I'll be at the school at 3.",
		},
		{
			name:  "a question without a question mark is still a question",
			in:    "can u keep them an extra night tuesday",
			items: []string{"question:can u keep them an extra night tuesday"},
			reply: "[Yes, I can / No, I can't] keep them an extra night tuesday.",
		},
		{
			name:  "'let me know by Friday' is answered by the answer before it",
			in:    "Can we swap weekends this month? Let me know by Friday.",
			items: []string{"question:Can we swap weekends this month?", "request:Let me know by Friday."},
			reply: "[Yes, we can / No, we can't] swap weekends this month.",
		},
		{
			name:  "what they need is given back, on a day to fill in",
			in:    "WHERE IS MY CAR KEY. YOU HAD IT LAST. I NEED IT BACK TODAY",
			items: []string{"question:WHERE IS MY CAR KEY.", "request:I NEED IT BACK TODAY"},
			aside: []string{"blame:YOU HAD IT LAST."},
			reply: "Your car key is [where]. [Yes, I'll / No, I can't] give it back today.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := a.Triage(c.in, afternoon)
			var items, aside []string
			for _, it := range tr.Items {
				items = append(items, it.Kind+":"+it.Text)
			}
			for _, s := range tr.SetAside {
				aside = append(aside, s.Kind+":"+s.Text)
			}
			if !slices.Equal(items, c.items) {
				t.Errorf("items\n got: %q\nwant: %q", items, c.items)
			}
			if !slices.Equal(aside, c.aside) {
				t.Errorf("set aside\n got: %q\nwant: %q", aside, c.aside)
			}
			if tr.Reply != c.reply {
				t.Errorf("reply\n got: %q\nwant: %q", tr.Reply, c.reply)
			}
			if tr.NeedsReply != (len(c.items) > 0) {
				t.Errorf("needs_reply %v with %d items (%s)", tr.NeedsReply, len(c.items), tr.Why)
			}
			checkTriage(t, c.in, &tr)
		})
	}
}

// checkTriage checks what every triage must hold: spans that are their
// text, set-aside parts explained in words about their message, a reply
// that quotes no question back and promises nothing, and a reply with a
// placeholder that is never "send".
func checkTriage(t *testing.T, text string, tr *analyze.Triage) {
	t.Helper()
	span := func(what string, start, end int, got string) {
		if start < 0 || end > len(text) || start > end || !boundary(text, start) || !boundary(text, end) {
			t.Fatalf("%s [%d,%d) outside or inside a rune of %q", what, start, end, text)
		}
		if got != text[start:end] {
			t.Fatalf("%s text %q is not its span %q", what, got, text[start:end])
		}
	}
	for _, it := range append(slices.Clone(tr.Items), tr.Facts...) {
		span("item", it.Start, it.End, it.Text)
		for _, d := range it.Details {
			span("detail", d.Start, d.End, d.Text)
			if d.Start < it.Start || d.End > it.End {
				t.Errorf("detail %q outside its item %q", d.Text, it.Text)
			}
		}
	}
	for _, s := range tr.SetAside {
		span("set aside", s.Start, s.End, s.Text)
		for _, it := range tr.Items {
			if it.Start < s.End && s.Start < it.End {
				t.Errorf("item %q overlaps what is set aside, %q", it.Text, s.Text)
			}
		}
		// About their message, for the reader; not the rules' advice to
		// a writer ("Say what you need instead").
		if s.Why == "" || strings.Contains(s.Why, "Say what you need") || strings.Contains(s.Why, "instead") {
			t.Errorf("set aside %q: why %q", s.Text, s.Why)
		}
	}
	if tr.Why == "" {
		t.Error("no why")
	}
	if (tr.Reply != "") != (len(tr.Items) > 0) {
		t.Errorf("reply %q for %d items", tr.Reply, len(tr.Items))
	}
	if tr.Reply == "" {
		return
	}
	if strings.Contains(strings.ToLower(tr.Reply), "get back to you") || strings.Contains(tr.Reply, "\"") {
		t.Errorf("reply %q promises or quotes", tr.Reply)
	}
	for _, it := range tr.Items {
		if q := strings.TrimSpace(it.Text); strings.HasSuffix(q, "?") && len(strings.Fields(q)) >= 3 && strings.Contains(tr.Reply, strings.TrimSuffix(q, "?")) {
			t.Errorf("reply %q quotes their question %q", tr.Reply, q)
		}
	}
	if tr.Check == nil {
		t.Fatalf("reply %q has no check", tr.Reply)
	}
	if strings.Contains(tr.Reply, "[") {
		if tr.Check.Verdict == analyze.VerdictSend || len(tr.Fill) == 0 || !strings.Contains(tr.Check.Headline.Line, "Fill in") {
			t.Errorf("reply %q with a placeholder: fill %q, check %s %q", tr.Reply, tr.Fill, tr.Check.Verdict, tr.Check.Headline.Line)
		}
	}
}

func TestTriageReplyWithoutPlaceholderIsChecked(t *testing.T) {
	a := newAnalyzer(t)
	tr := a.Triage("Can you confirm you got the form?", afternoon)
	if tr.Reply == "" || tr.Check == nil {
		t.Fatalf("no reply: %+v", tr)
	}
	if !strings.Contains(tr.Reply, "[") {
		t.Fatalf("a yes-or-no question is the reader's to decide: %q", tr.Reply)
	}
	if f := find(*tr.Check, analyze.RulePlaceholder); f == nil || !strings.HasPrefix(f.Text, "[") {
		t.Errorf("the check does not flag the brackets: %+v", tr.Check.Findings)
	}
}

// The labelled messages of corpus/triage: requests found, no accusation
// listed as something to answer, and every reply whole. Floors, so the
// numbers of docs/ACCURACY.md cannot silently fall.
func TestTriageCorpusFloors(t *testing.T) {
	a := newAnalyzer(t)
	floors := map[string]struct {
		recall, precision float64
		answered          int
	}{
		"dev.txt":     {0.96, 0.93, 0},
		"test.txt":    {0.95, 0.93, 1},
		"holdout.txt": {0.93, 0.95, 0},
	}
	for name, f := range floors {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "corpus", "triage", name)
			ms, err := eval.ReadTriage(path)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := eval.ScoreTriage(path, ms, func(text string) (eval.TriagePrediction, error) {
				tr := a.Triage(text, afternoon)
				checkTriage(t, text, &tr)
				p := eval.TriagePrediction{NeedsReply: tr.NeedsReply, Reply: tr.Reply, ReplySends: tr.Check != nil && tr.Check.Verdict == analyze.VerdictSend}
				for _, it := range tr.Items {
					p.Items = append(p.Items, eval.TriageSpan{Kind: it.Kind, Start: it.Start, End: it.End})
				}
				return p, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Recall < f.recall || rep.Precision < f.precision || rep.Answered > f.answered {
				t.Errorf("recall %.2f (floor %.2f), precision %.2f (floor %.2f), accusations answered %d (at most %d)",
					rep.Recall, f.recall, rep.Precision, f.precision, rep.Answered, f.answered)
			}
			if rep.PlaceholderSend+rep.Quoting+rep.Promising > 0 {
				t.Errorf("replies: %d with a placeholder that check as send, %d quoting, %d promising", rep.PlaceholderSend, rep.Quoting, rep.Promising)
			}
		})
	}
}

// FuzzTriage checks that any text gives a triage whose spans are its own
// and whose reply, with a placeholder, is never "send".
func FuzzTriage(f *testing.F) {
	for _, s := range []string{issue14, "", "?", "or", "Can you or shall I?", "u owe me", "what", "is possible you", "Tell me which.", "(attached) send it", "you're coming or not??", "DON'T.", "either you or I", "I need you to", "WHERE IS MY CAR KEY", "do you want me to"} {
		f.Add(s)
	}
	a := newAnalyzer(f)
	f.Fuzz(func(t *testing.T, text string) {
		tr := a.Triage(text, afternoon)
		checkTriage(t, text, &tr)
	})
}
