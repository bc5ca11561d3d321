package model

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
)

//go:embed weights.bin
var embedded []byte

// Scores holds one probability (0..1) per head, indexed by Head.
type Scores [NumHeads]float32

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
	return &Model{bits: p.Bits, features: p.Features, mask: 1<<p.Bits - 1, tbl: tbl, bias: p.Bias, scale: p.Scale, threshold: p.Threshold}, nil
}

// Score returns every head's probability for text. It does not allocate
// and costs one table row per feature (about 3 features per byte of text).
func (m *Model) Score(text string) Scores {
	s := sink{tbl: m.tbl, mask: m.mask, fs: m.features}
	walk(text, &s)
	inv := m.norm(s.n)
	var out Scores
	for h := range NumHeads {
		z := m.bias[h] + m.scale[h]*float32(s.acc[h])*inv
		out[h] = float32(1 / (1 + math.Exp(-float64(z))))
	}
	return out
}

// norm is the value of one occurrence of a feature in a text of n features.
func (m *Model) norm(n int) float32 {
	if m.features&FeatSqrtNorm == 0 || n == 0 {
		return 1
	}
	return float32(1 / math.Sqrt(float64(n)))
}

// Features is the set of feature groups the model was trained on.
func (m *Model) Features() FeatureSet { return m.features }

// Threshold is the probability at or above which head h fires, chosen on
// the dev splits by the trainer.
func (m *Model) Threshold(h Head) float32 { return m.threshold[h] }

// Fires reports whether head h's score reaches its threshold.
func (m *Model) Fires(s Scores, h Head) bool { return s[h] >= m.threshold[h] }

// Bits is the number of hash bits: the table has 1<<Bits rows.
func (m *Model) Bits() int { return m.bits }

// Contribution is a span of the text and how much it pushed a head's
// logit up: the sum of the weights of the features drawn from exactly that
// span (a word's unigram, its negation-marked form, its character n-grams
// and its caps or elongation marks; a two-word phrase's bigram; a "!!").
type Contribution struct {
	Start, End int // byte offsets into the text
	Weight     float32
}

// Explain returns the k spans of text that raised head's score most,
// strongest first; only spans with a positive weight are returned, so a
// text that reads calm gives none. An unknown head gives nil. Explain
// allocates; it is for the few texts a finding is about, not the hot path.
func (m *Model) Explain(text string, head string, k int) []Contribution {
	h, err := ParseHead(head)
	if err != nil || k <= 0 {
		return nil
	}
	var raw []uint32
	var spans []span
	s := sink{mask: m.mask, raw: &raw, spans: &spans, fs: m.features}
	walk(text, &s)
	if len(raw) == 0 {
		return nil
	}
	inv := m.scale[h] * m.norm(len(raw))
	type item struct {
		sp span
		w  float32
	}
	items := make([]item, 0, len(raw))
	for i, b := range raw {
		if spans[i].start == spans[i].end {
			continue // a whole-text feature points at nothing
		}
		items = append(items, item{spans[i], float32(int(m.tbl[int(b)*NumHeads+int(h)])-128) * inv})
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].sp.start != items[j].sp.start {
			return items[i].sp.start < items[j].sp.start
		}
		return items[i].sp.end < items[j].sp.end
	})
	var out []Contribution
	for i := 0; i < len(items); {
		j, sum := i, float32(0)
		for j < len(items) && items[j].sp == items[i].sp {
			sum += items[j].w
			j++
		}
		if sum > 0 {
			out = append(out, Contribution{Start: int(items[i].sp.start), End: int(items[i].sp.end), Weight: sum})
		}
		i = j
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Weight > out[j].Weight })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// Features appends to dst the bucket (0..1<<bits-1) of every feature of
// text, in order, with repeats: exactly what Score looks up. It is the
// trainer's view of the featurizer, so training and inference cannot drift.
func Features(text string, bits int, fs FeatureSet, dst []uint32) []uint32 {
	s := sink{mask: 1<<bits - 1, raw: &dst, fs: fs}
	walk(text, &s)
	return dst
}
