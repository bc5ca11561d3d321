package eval_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/eval"
)

func TestParseTriage(t *testing.T) {
	in := "# a comment\n\n=== a01 textspeak\n> u took the dog?? bring him back by 6\n>\n> thx\naccuse: u took the dog??\nrequest: bring him back by 6\n=== a02 plain\n> Keys?\nquestion: Keys?\n"
	ms, err := eval.ParseTriage(strings.NewReader(in), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Text != "u took the dog?? bring him back by 6\n\nthx" || ms[0].Line != 3 || ms[1].Style != "plain" {
		t.Fatalf("%+v", ms)
	}
	a := ms[0].Asks[0]
	if a.Kind != eval.SpanRequest || ms[0].Text[a.Start:a.End] != "bring him back by 6" || a.Line != 8 {
		t.Errorf("ask %+v", a)
	}
	if c := ms[0].Accusations[0]; ms[0].Text[c.Start:c.End] != "u took the dog??" {
		t.Errorf("accusation %+v", c)
	}
}

// A malformed triage file is an error that names the file, the line and
// what was expected, coded as bad input.
func TestParseTriageErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"a label before any header", "request: hi\n", []string{"x.txt:1:", "expected a header"}},
		{"an unknown style", "=== a01 shouty\n> hi\n", []string{"x.txt:1:", `unknown style "shouty"`}},
		{"a header without a style", "=== a01\n> hi\n", []string{"x.txt:1:", `expected a header "=== ID STYLE"`}},
		{"a repeated id", "=== a01 plain\n> hi\n=== a01 plain\n> ho\n", []string{"x.txt:3:", "id a01 repeats line 1"}},
		{"a quote not in the message", "=== a01 plain\n> Can you take him?\nrequest: take her\n", []string{"x.txt:3:", `"take her" is not in message a01`}},
		{"a quote that repeats", "=== a01 plain\n> take it, take it\nrequest: take it\n", []string{"x.txt:3:", "occurs 2 times", "quote more of it"}},
		{"an unknown label", "=== a01 plain\n> hi there\nask: hi\n", []string{"x.txt:3:", `a label "request:", "question:" or "accuse:"`}},
		{"an empty quote", "=== a01 plain\n> hi there\naccuse: ?!\n", []string{"x.txt:3:", "quote the part"}},
		{"a message line after its labels", "=== a01 plain\n> hi there\naccuse: hi\n> more\n", []string{"x.txt:4:", "message's lines come first"}},
		{"a message without text", "=== a01 plain\naccuse: hi\n", []string{"x.txt:1:", "has no text"}},
		{"no messages", "# nothing\n", []string{"x.txt:", "no messages"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval.ParseTriage(strings.NewReader(tc.in), "x.txt")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if steady.ErrorCode(err) != steady.EInvalid {
				t.Errorf("code %q", steady.ErrorCode(err))
			}
		})
	}
}

func TestScoreTriage(t *testing.T) {
	ms, err := eval.ParseTriage(strings.NewReader(`=== a01 plain
> You were late again on Sunday. You still have my bike and I want it back. Are you taking them Saturday or not?
accuse: You were late again on Sunday.
request: You still have my bike and I want it back.
question: Are you taking them Saturday or not?
=== a02 plain
> You never listen.
accuse: You never listen.
`), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := ms[0].Text
	span := func(s string) eval.TriageSpan {
		i := strings.Index(text, s)
		return eval.TriageSpan{Start: i, End: i + len(s)}
	}
	rep, err := eval.ScoreTriage("x.txt", ms, func(s string) (eval.TriagePrediction, error) {
		if s != text {
			// Lists the accusation, and a reply that takes it up.
			return eval.TriagePrediction{Items: []eval.TriageSpan{{Start: 0, End: len(s)}}, NeedsReply: true, Reply: "I do not never listen."}, nil
		}
		// The request by a part of it (half the shorter span), a date that
		// is no ask, and a reply that quotes their question back with a
		// placeholder and checks as send.
		return eval.TriagePrediction{
			Items:      []eval.TriageSpan{span("I want it back"), span("Saturday")},
			NeedsReply: true,
			Reply:      "About \"Are you taking them Saturday or not?\": [your answer]. I'll get back to you by Thursday.",
			ReplySends: true,
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Asks != 2 || rep.Found != 1 || rep.Items != 3 || rep.Right != 1 {
		t.Errorf("asks %d found %d items %d right %d", rep.Asks, rep.Found, rep.Items, rep.Right)
	}
	if rep.Accusations != 2 || rep.Answered != 1 {
		t.Errorf("accusations %d answered %d", rep.Accusations, rep.Answered)
	}
	if rep.PlaceholderSend != 1 || rep.Quoting != 1 || rep.Promising != 1 {
		t.Errorf("replies: placeholder send %d, quoting %d, promising %d", rep.PlaceholderSend, rep.Quoting, rep.Promising)
	}
	if rep.NeedsReplyCorrect != 1 || len(rep.Misses) != 2 {
		t.Errorf("needs reply right %d, misses %d", rep.NeedsReplyCorrect, len(rep.Misses))
	}
}

// The labelled files of corpus/triage read, and hold what the README says.
func TestTriageCorpusReads(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "corpus", "triage", "*.txt"))
	if err != nil || len(files) != 3 {
		t.Fatalf("files %v, %v", files, err)
	}
	total := 0
	for _, f := range files {
		ms, err := eval.ReadTriage(f)
		if err != nil {
			t.Fatal(err)
		}
		total += len(ms)
	}
	if total < 200 {
		t.Errorf("%d messages, want at least 200", total)
	}
}

func FuzzParseTriage(f *testing.F) {
	f.Add("=== a01 plain\n> hi there\naccuse: hi\n")
	f.Add("=== a01 textspeak\n> u took it?? bring it back\n>\nrequest: bring it back\nquestion: u took it??\n")
	f.Fuzz(func(t *testing.T, in string) {
		ms, err := eval.ParseTriage(strings.NewReader(in), "f.txt")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, m := range ms {
			for _, s := range append(m.Asks, m.Accusations...) {
				if s.Start < 0 || s.End > len(m.Text) || s.Start >= s.End {
					t.Fatalf("span %+v outside %q", s, m.Text)
				}
			}
		}
	})
}
