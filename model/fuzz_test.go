package model_test

import (
	"testing"
	"unicode/utf8"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/model"
)

// Scoring and Explain must take any text: no panic, probabilities in
// 0..1, the same answer twice, spans inside the text on rune boundaries.
func FuzzScore(f *testing.F) {
	for _, s := range []string{"", "I’m NOT angry!!!", "you never listen?!", "😡😡 ♥ xoxo", "don't\x00\xff", "ALL CAPS sooo mad", "'''’’’"} {
		f.Add(s)
	}
	m := load(f)
	fz := featurizer(f)
	a, err := analyze.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		z := fz.Logits(m, text)
		if z != fz.Logits(m, text) {
			t.Fatal("scoring is not deterministic")
		}
		for _, l := range z {
			if p := model.Prob(l); !(p >= 0 && p <= 1) {
				t.Fatalf("probability %v", p)
			}
		}
		for _, c := range a.Explain(text, model.Hostile, 5) {
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
				t.Fatalf("span %d..%d of %d bytes", c.Start, c.End, len(text))
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[c.Start]) || (c.End < len(text) && !utf8.RuneStart(text[c.End]))) {
				t.Fatalf("span %d..%d cuts a rune in %q", c.Start, c.End, text)
			}
		}
	})
}
