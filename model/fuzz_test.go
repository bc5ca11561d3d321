package model_test

import (
	"testing"
	"unicode/utf8"
)

// Score and Explain must take any bytes: no panic, probabilities in 0..1,
// the same answer twice, spans inside the text.
func FuzzScore(f *testing.F) {
	for _, s := range []string{"", "I’m NOT angry!!!", "you never listen?!", "😡😡 ♥ xoxo", "don't\x00\xff", "ALL CAPS sooo mad", "'''’’’"} {
		f.Add(s)
	}
	m := load(f)
	f.Fuzz(func(t *testing.T, text string) {
		a := m.Score(text)
		if a != m.Score(text) {
			t.Fatal("Score is not deterministic")
		}
		for _, p := range a {
			if !(p >= 0 && p <= 1) {
				t.Fatalf("probability %v", p)
			}
		}
		for _, c := range m.Explain(text, "hostile", 5) {
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
				t.Fatalf("span %d..%d of %d bytes", c.Start, c.End, len(text))
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[c.Start]) || (c.End < len(text) && !utf8.RuneStart(text[c.End]))) {
				t.Fatalf("span %d..%d cuts a rune in %q", c.Start, c.End, text)
			}
		}
	})
}
