package model

import (
	"math"
	"testing"
)

// Explain's weights use the same formula as Score: summing every feature's
// contribution (what Explain aggregates per span, before it drops the
// negative ones) plus the bias gives back Score's logit.
func TestContributionsAddUpToTheLogit(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"I MISS YOU so much 😢😢", "you never listen!!! not ok", "See you at 5pm."} {
		var raw []uint32
		var spans []span
		s := sink{mask: m.mask, raw: &raw, spans: &spans, fs: m.features}
		walk(text, &s)
		if len(raw) != len(spans) {
			t.Fatalf("%d features, %d spans", len(raw), len(spans))
		}
		sc := m.Score(text)
		for h := range NumHeads {
			z := float64(m.bias[h])
			for _, b := range raw {
				z += float64(int(m.tbl[int(b)*NumHeads+h])-128) * float64(m.scale[h]*m.norm(len(raw)))
			}
			p := 1 / (1 + math.Exp(-z))
			if math.Abs(p-float64(sc[h])) > 1e-4 {
				t.Errorf("%q head %s: contributions give %.5f, Score %.5f", text, Head(h), p, sc[h])
			}
		}
	}
}
