package model

import (
	"math"
	"strings"
	"testing"
)

// feed reads a text split on spaces into d: words (negated after "not"),
// with "!"/"?" runs and emoji as their own tokens, as a tokenizer would.
func feed(d *Doc, text string) {
	neg := 0
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], ' ')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		w := text[start:end]
		switch {
		case w == "":
		case w == "!!" || w == "?!":
			d.Punct(strings.Count(w, "!"), strings.Count(w, "?"), false, start, end)
		case w == "😡":
			d.Emoji(text, start, end)
		case w == "5pm":
			d.Class(ClassTime, start, end)
		default:
			d.Word(text, start, end, 0, 0, strings.ToUpper(w) == w && len(w) > 1, neg > 0)
			if neg > 0 {
				neg--
			}
			if w == "not" {
				neg = 3
			}
		}
		start = end + 1
	}
}

// The fast path (word memo, SWAR sums) must give the logits that summing
// the table row of every feature bucket gives, feature by feature.
func TestLogitsAreTheSumOfTheFeatureWeights(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"I MISS YOU so much 😡 😡", "you never listen !! not ok at all", "See you at 5pm", "hello", ""} {
		var d Doc
		d.Start(m)
		feed(&d, text)
		got := d.Logits()
		var r Doc
		r.StartRaw(m.bits, m.features)
		feed(&r, text)
		raw := r.Buckets()
		for h := range NumHeads {
			sum := 0
			for _, b := range raw {
				sum += int(m.tbl[int(b)*NumHeads+h]) - 128
			}
			want := m.bias[h] + m.scale[h]*float32(sum)*m.norm(len(raw))
			if math.Abs(float64(got[h]-want)) > 1e-4 {
				t.Errorf("%q head %s: logit %.5f, features sum to %.5f", text, Head(h), got[h], want)
			}
		}
	}
}

// Explain's weights are the per-token share of the logit: the strongest
// token's weight is what removing it would take off the head's sum.
func TestExplainWeighsTokens(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	text := "thanks for the update you pathetic liar !!"
	var d Doc
	d.StartExplain(m, Hostile)
	feed(&d, text)
	cs := d.Explain(3)
	if len(cs) == 0 {
		t.Fatal("no contributions")
	}
	for i, c := range cs {
		if c.Weight <= 0 || (i > 0 && c.Weight > cs[i-1].Weight) {
			t.Fatalf("weights not positive and descending: %+v", cs)
		}
	}
	if top := text[cs[0].Start:cs[0].End]; top != "pathetic" && top != "liar" {
		t.Errorf("strongest hostile token %q, want the insult", top)
	}
}
