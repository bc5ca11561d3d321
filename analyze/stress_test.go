package analyze_test

import (
	"strings"
	"testing"

	"github.com/steadyhq/steady/analyze"
)

// TestHostileInputs feeds the analyzer inputs built to hurt it: huge,
// repetitive, pathological. Each must give a result with valid spans.
// Speed on them is measured by BenchmarkHostileInputs, not asserted here.
func TestHostileInputs(t *testing.T) {
	a := newAnalyzer(t)
	for _, in := range hostileInputs() {
		t.Run(in.name, func(t *testing.T) {
			res := a.Run(in.text, analyze.Context{At: afternoon})
			for _, f := range res.Findings {
				if f.Start < 0 || f.End > len(in.text) || f.Start > f.End {
					t.Fatalf("span [%d,%d) outside %d bytes", f.Start, f.End, len(in.text))
				}
			}
			if res.Verdict == "" {
				t.Fatal("no verdict")
			}
		})
	}
}

type hostileInput struct{ name, text string }

func hostileInputs() []hostileInput {
	return []hostileInput{
		{"a 5 MB draft", strings.Repeat("You always forget the bag and I'm sick of it. Can you bring it at 5pm? ", 5<<20/72)},
		{"100,000 emoji", strings.Repeat("❤️😘", 50000)},
		{"a million exclamation marks", strings.Repeat("!", 1<<20)},
		{"alternating punctuation", strings.Repeat("?!.,", 1<<18)},
		{"one endless word", strings.Repeat("a", 1<<20)},
		{"endless you", strings.Repeat("you ", 1<<18)},
		{"endless negation", strings.Repeat("not never no ", 1<<17)},
		{"endless thank you", strings.Repeat("thank you ", 1<<17)},
		{"invalid UTF-8", strings.Repeat("\xff\xfe\xc3", 1<<18)},
		{"NUL bytes", strings.Repeat("a\x00", 1<<18)},
		{"endless ZWJ", "❤" + strings.Repeat("\u200d❤", 1<<16)},
		{"endless brackets", strings.Repeat("[", 1<<18)},
		{"endless digits and colons", strings.Repeat("1:", 1<<18)},
		{"endless line breaks", strings.Repeat("\n", 1<<20)},
	}
}

// BenchmarkHostileInputs shows the time per byte stays flat as inputs grow
// (linear time): compare ns/op against the input size.
func BenchmarkHostileInputs(b *testing.B) {
	a := newAnalyzer(b)
	for _, in := range hostileInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			for b.Loop() {
				a.Run(in.text, analyze.Context{At: afternoon})
			}
		})
	}
}
