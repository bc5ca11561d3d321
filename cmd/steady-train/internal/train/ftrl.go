package train

import (
	"math"
	"math/rand/v2"
)

// Hyper are the FTRL-Proximal settings of one head (McMahan et al. 2013):
// per-coordinate learning rates suit hashed n-gram features, where a few
// buckets are hot and most are rare, and the L1 term leaves most weights at
// exactly zero, which is what makes the weights file small.
type Hyper struct {
	Alpha, Beta float64 // learning rate alpha / (beta + sqrt(sum g^2))
	L1, L2      float64
	Epochs      int
	// PosWeight multiplies the loss of positive examples; > 1 helps the
	// rare heads (anxiety is 1.6% of GoEmotions) learn before L1 zeroes them.
	PosWeight float64
	// NB scales every feature by its naive-Bayes log-count ratio for the
	// head before training (Wang & Manning 2012, "NBSVM"); the ratio is
	// folded back into the weights afterwards, so scoring is unchanged.
	// NB is the smoothing count; 0 turns the scaling off.
	NB float64
}

// nbRatios returns, per bucket, log((p_i/|p|)/(q_i/|q|)) over the examples
// labeling head: p counts the feature's presence in positives, q in
// negatives, each smoothed by alpha.
func nbRatios(ex []example, head int, dim int, alpha float64) []float64 {
	p := make([]float64, dim)
	q := make([]float64, dim)
	for i := range ex {
		e := &ex[i]
		switch e.y[head] {
		case 1:
			for _, id := range e.ids {
				p[id]++
			}
		case 0:
			for _, id := range e.ids {
				q[id]++
			}
		}
	}
	var sp, sq float64
	for i := range p {
		p[i] += alpha
		q[i] += alpha
		sp += p[i]
		sq += q[i]
	}
	r := make([]float64, dim)
	for i := range r {
		r[i] = math.Log((p[i] / sp) / (q[i] / sq))
	}
	return r
}

// ftrl trains one head: logistic loss over the examples that label it.
// The order is a fixed-seed shuffle per epoch, so a run is reproducible.
func ftrl(ex []example, head int, dim int, hp Hyper, seed uint64) (w []float64, bias float64) {
	z := make([]float64, dim+1) // the last coordinate is the bias
	n := make([]float64, dim+1)
	weight := func(i int) float64 {
		zi := z[i]
		if i == dim { // the bias is not regularised
			return -zi / ((hp.Beta + math.Sqrt(n[i])) / hp.Alpha)
		}
		if math.Abs(zi) <= hp.L1 {
			return 0
		}
		return -(zi - math.Copysign(hp.L1, zi)) / ((hp.Beta+math.Sqrt(n[i]))/hp.Alpha + hp.L2)
	}
	var idx []int
	for i := range ex {
		if ex[i].y[head] != unlabeled {
			idx = append(idx, i)
		}
	}
	var r []float64
	val := func(e *example, j int) float64 { return float64(e.vals[j]) }
	if hp.NB > 0 {
		r = nbRatios(ex, head, dim, hp.NB)
		val = func(e *example, j int) float64 { return float64(e.vals[j]) * r[e.ids[j]] }
	}
	rng := rand.New(rand.NewPCG(seed, uint64(head)))
	var ws []float64
	for range hp.Epochs {
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		for _, k := range idx {
			e := &ex[k]
			ws = ws[:0]
			s := weight(dim)
			for j, id := range e.ids {
				wi := weight(int(id))
				ws = append(ws, wi)
				s += wi * val(e, j)
			}
			p := 1 / (1 + math.Exp(-s))
			y := float64(e.y[head])
			g := (p - y) * float64(e.weight[head])
			if y == 1 {
				g *= hp.PosWeight
			}
			update := func(i int, gi, wi float64) {
				sigma := (math.Sqrt(n[i]+gi*gi) - math.Sqrt(n[i])) / hp.Alpha
				z[i] += gi - sigma*wi
				n[i] += gi * gi
			}
			for j, id := range e.ids {
				update(int(id), g*val(e, j), ws[j])
			}
			update(dim, g, weight(dim))
		}
	}
	w = make([]float64, dim)
	for i := range w {
		w[i] = weight(i)
		if r != nil {
			w[i] *= r[i] // fold the scaling in: scoring reads raw features
		}
	}
	return w, weight(dim)
}
