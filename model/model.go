package model

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
)

//go:embed weights.bin
var embedded []byte

// Scores holds one probability (0..1) per head, indexed by Head.
type Scores [NumHeads]float32

// Logits holds one logit (log-odds) per head, indexed by Head.
type Logits [NumHeads]float32

// Model is a loaded set of heads. It is immutable after Load and safe for
// concurrent use.
type Model struct {
	bits      int
	features  FeatureSet
	mask      uint32
	tbl       []byte // (1<<bits) rows of NumHeads weights, each stored +128 (see sink.flush)
	bias      [NumHeads]float32
	scale     [NumHeads]float32 // weight = int8 × scale
	threshold [NumHeads]float32 // probability at or above which a head fires
	// logitThreshold is threshold as a logit, so Fires needs no exp.
	logitThreshold [NumHeads]float32
	vocab          memo
	vocabSize      int
}

// Load parses the embedded default weights.
func Load() (*Model, error) {
	m, err := LoadFrom(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("model: embedded weights: %w", err)
	}
	return m, nil
}

// LoadFrom parses weights in the format Encode writes.
func LoadFrom(r io.Reader) (*Model, error) {
	p, err := Decode(r)
	if err != nil {
		return nil, err
	}
	return New(p)
}

// New builds a model from parameters (the trainer's path; Load is the
// usual one). The table is copied.
func New(p Params) (*Model, error) {
	if p.Bits < MinBits || p.Bits > MaxBits {
		return nil, fmt.Errorf("model: %d hash bits, want %d..%d", p.Bits, MinBits, MaxBits)
	}
	if len(p.Table) != NumHeads<<p.Bits {
		return nil, fmt.Errorf("model: table of %d weights, want %d for %d bits", len(p.Table), NumHeads<<p.Bits, p.Bits)
	}
	for h := range NumHeads {
		for _, v := range []float32{p.Bias[h], p.Scale[h], p.Threshold[h]} {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("model: head %s has a non-finite parameter", Head(h))
			}
		}
	}
	if p.Features&^FeatAll != 0 || p.Features&^FeatSqrtNorm == 0 {
		return nil, fmt.Errorf("model: feature set %#x selects no known features", p.Features)
	}
	tbl := make([]byte, len(p.Table))
	for i, v := range p.Table {
		tbl[i] = byte(int(v) + 128)
	}
	m := &Model{bits: p.Bits, features: p.Features, mask: 1<<p.Bits - 1, tbl: tbl, bias: p.Bias, scale: p.Scale, threshold: p.Threshold}
	for h, t := range p.Threshold {
		m.logitThreshold[h] = logit(t)
	}
	m.vocab = buildMemo(m, p.Vocab)
	m.vocabSize = len(p.Vocab)
	return m, nil
}

// logit is the inverse of Prob, saturating outside (0, 1).
func logit(p float32) float32 {
	switch {
	case p <= 0:
		return float32(math.Inf(-1))
	case p >= 1:
		return float32(math.Inf(1))
	}
	return float32(math.Log(float64(p) / (1 - float64(p))))
}

// norm is the value of one occurrence of a feature in a text of n features.
func (m *Model) norm(n int) float32 {
	if m.features&FeatSqrtNorm == 0 || n == 0 {
		return 1
	}
	return float32(1 / math.Sqrt(float64(n)))
}

// Prob turns a logit into a probability (0..1).
func Prob(z float32) float32 { return float32(1 / (1 + math.Exp(-float64(z)))) }

// Probs turns every head's logit into a probability.
func Probs(z Logits) Scores {
	var s Scores
	for h := range z {
		s[h] = Prob(z[h])
	}
	return s
}

// Features is the set of feature groups the model was trained on.
func (m *Model) Features() FeatureSet { return m.features }

// Threshold is the probability at or above which head h fires, chosen on
// the dev splits by the trainer.
func (m *Model) Threshold(h Head) float32 { return m.threshold[h] }

// Fires reports whether head h's logit reaches its threshold: the same
// test as Prob(z[h]) >= Threshold(h), without the exponential. For the
// hostile head the logit tested is Hostility(z).
func (m *Model) Fires(z Logits, h Head) bool {
	if h == Hostile {
		return Hostility(z) >= m.logitThreshold[h]
	}
	return z[h] >= m.logitThreshold[h]
}

// offensiveInHostile is how much of a positive offensive logit joins the
// hostile one. The offensive head learned insults and profanity from OLID
// and Davidson, which the hostile head (GoEmotions anger, annoyance,
// disgust, disapproval) sees little of: on dev, 0.6 lifted OLID F1 from
// 0.48 to 0.52 and Davidson from 0.67 to 0.94 at the same GoEmotions F1,
// and cut the SMS ham it reads as hostile from 4.8% to 3.4%
// (docs/ACCURACY.md).
const offensiveInHostile = 0.6

// Hostility is the logit that the hostile threshold applies to: the
// hostile head's, plus offensiveInHostile times the offensive head's when
// that is positive.
func Hostility(z Logits) float32 { return z[Hostile] + offensiveInHostile*max(0, z[Offensive]) }

// LogitThreshold is Threshold(h) as a logit.
func (m *Model) LogitThreshold(h Head) float32 { return m.logitThreshold[h] }

// VocabularySize is the number of words the model memoizes (vocab.go).
func (m *Model) VocabularySize() int { return m.vocabSize }

// Bits is the number of hash bits: the table has 1<<Bits rows.
func (m *Model) Bits() int { return m.bits }

// Contribution is a token of the text and how much it raised a head's
// logit: the sum of the weights of the features drawn from it (a word's
// unigram and character n-grams, or their negated copies, and its caps or
// elongation marks; an emoji; a run of "!" or "?").
type Contribution struct {
	Start, End int // byte offsets into the text
	Weight     float32
}

// Explain returns up to k tokens of the text read since StartExplain that
// raised the head's logit most, strongest first; only tokens with a
// positive weight are returned, so a text that reads calm gives none. It
// finishes the text: call it once, after the last token.
func (d *Doc) Explain(k int) []Contribution {
	m := d.m
	if m == nil || !d.explain || k <= 0 {
		return nil
	}
	d.finish()
	inv := m.scale[d.head] * m.norm(d.s.n)
	out := make([]Contribution, 0, min(k, d.ntop))
	for _, t := range d.top[:min(k, d.ntop)] {
		out = append(out, Contribution{Start: int(t.start), End: int(t.end), Weight: float32(t.sum) * inv})
	}
	return out
}

// Strongest is Explain(1) without the slice: the token that raised the
// head's logit most, and false when none raised it.
func (d *Doc) Strongest() (Contribution, bool) {
	if d.m == nil || !d.explain {
		return Contribution{}, false
	}
	d.finish()
	if d.ntop == 0 {
		return Contribution{}, false
	}
	t := d.top[0]
	return Contribution{Start: int(t.start), End: int(t.end), Weight: float32(t.sum) * d.m.scale[d.head] * d.m.norm(d.s.n)}, true
}
