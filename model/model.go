package model

import (
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

// Model is a loaded set of heads. Its numbers never change after Load, and
// it is safe for concurrent use; the word memo (vocab.go) is built inside
// it once it has scored memoAfter texts.
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
	vocab          []byte // the vocabulary, "\n"-ended words (the memo's)
	vocabSize      int
	memo           *lazyMemo // nil: never memoize
}

// Load reads the embedded default weights in place: the table is the
// embedded bytes themselves, so loading costs neither a copy nor a read of
// the whole file.
func Load() (*Model, error) {
	f, err := parse(embedded, true)
	if err != nil {
		return nil, fmt.Errorf("model: embedded weights: %w", err)
	}
	return fromFile(f)
}

// LoadFrom parses weights in the format Encode writes.
func LoadFrom(r io.Reader) (*Model, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	f, err := parse(data, false)
	if err != nil {
		return nil, err
	}
	return fromFile(f)
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
	if p.Features&^FeatAll != 0 || p.Features&^FeatSqrtNorm == 0 {
		return nil, fmt.Errorf("model: feature set %#x selects no known features", p.Features)
	}
	f := file{Params: p, table: make([]byte, len(p.Table)), vocabSize: len(p.Vocab)}
	for i, v := range p.Table {
		f.table[i] = byte(int(v) + 128)
	}
	for _, w := range p.Vocab {
		f.vocab = append(append(f.vocab, w...), '\n')
	}
	return fromFile(f)
}

func fromFile(f file) (*Model, error) {
	for h := range NumHeads {
		for _, v := range []float32{f.Bias[h], f.Scale[h], f.Threshold[h]} {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("model: head %s has a non-finite parameter", Head(h))
			}
		}
	}
	m := &Model{bits: f.Bits, features: f.Features, mask: 1<<f.Bits - 1, tbl: f.table, bias: f.Bias, scale: f.Scale, threshold: f.Threshold,
		vocab: f.vocab, vocabSize: f.vocabSize, memo: &lazyMemo{}}
	for h, t := range f.Threshold {
		m.logitThreshold[h] = logit(t)
	}
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
