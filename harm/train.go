package harm

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// Example is one labelled training message.
type Example struct {
	Text   string
	Mode   Mode
	Dense  Dense
	Labels [NumLabels]bool
	// Weight scales the example's loss (0 counts as 1).
	Weight float64
	// Unknown marks the labels this example says nothing about: their
	// heads do not train on it (an ordinary SMS is no harm, but may or may
	// not be logistics).
	Unknown [NumLabels]bool
}

// TrainConfig sets a training run. The same examples and config always
// give the same weights.
type TrainConfig struct {
	Epochs   int     // passes over the examples
	Rate     float64 // AdaGrad learning rate
	L2       float64 // L2 penalty, applied to the weights an example touches
	MinCount int     // a feature must occur in this many examples to get a weight
	Seed     uint64  // the order of the examples in each pass
	// NB, when above zero, scales each feature by its naive-Bayes log-count
	// ratio for the label (smoothed by NB), as NBSVM does; the scale is
	// folded into the weight, so scoring does not change.
	NB float64
}

// DefaultTrainConfig is the configuration the embedded weights were
// trained with (docs/ACCURACY.md).
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Epochs: 12, Rate: 0.3, L2: 1e-5, MinCount: 2, Seed: 1}
}

// sparse is an example as feature indexes and values.
type sparse struct {
	idx []int32
	val []float32
}

// Train fits one logistic-regression head per label. Heads train side by
// side; each is deterministic on its own, so the result does not depend
// on scheduling.
func Train(ex []Example, c TrainConfig) *Weights {
	docs := make([][]uint32, len(ex))
	df := map[uint32]int{}
	words := wordCounter{}
	for i, e := range ex {
		featurize(e.Text, e.Mode, words)
		fs := Features(nil, e.Text, e.Mode)
		docs[i] = fs
		u := slices.Compact(slices.Sorted(slices.Values(fs)))
		for _, h := range u {
			df[h]++
		}
	}
	var vocab []uint32
	for h, n := range df {
		if n >= c.MinCount {
			vocab = append(vocab, h)
		}
	}
	slices.Sort(vocab)
	index := make(map[uint32]int32, len(vocab))
	for i, h := range vocab {
		index[h] = int32(i)
	}
	xs := make([]sparse, len(ex))
	for i, fs := range docs {
		norm := float32(1 / math.Sqrt(float64(max(1, len(fs)))))
		counts := map[int32]float32{}
		for _, h := range fs {
			if k, ok := index[h]; ok {
				counts[k] += norm
			}
		}
		s := sparse{}
		for _, k := range slices.Sorted(maps.Keys(counts)) {
			s.idx = append(s.idx, k)
			s.val = append(s.val, counts[k])
		}
		xs[i] = s
	}
	w := &Weights{Features: vocab, W: make([][NumLabels]float64, len(vocab))}
	for word, n := range words {
		if n >= c.MinCount {
			w.Words = append(w.Words, word)
		}
	}
	slices.Sort(w.Words)
	var wg sync.WaitGroup
	for l := range NumLabels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws, dw, b := trainHead(xs, ex, Label(l), len(vocab), c)
			for k, v := range ws {
				w.W[k][l] = v
			}
			w.Dense[l], w.Bias[l] = dw, b
		}()
	}
	wg.Wait()
	for l := range NumLabels {
		w.Threshold[l], w.Sentence[l] = 0.5, 0.5
	}
	return w
}

// trainHead runs AdaGrad on the logistic loss of one label.
func trainHead(xs []sparse, ex []Example, l Label, n int, c TrainConfig) ([]float64, [NumDense]float64, float64) {
	w := make([]float64, n)
	g2 := make([]float64, n)
	var b, bg2 float64
	var dw, dg2 [NumDense]float64
	r := nbRatios(xs, ex, l, n, c.NB)
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(c.Seed, uint64(l)+1))
	for range c.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			if ex[i].Unknown[l] {
				continue
			}
			x := xs[i]
			dense := ex[i].Dense.scaled()
			z := b
			for k, f := range x.idx {
				z += w[f] * float64(x.val[k]) * r[f]
			}
			for d, v := range dense {
				z += dw[d] * float64(v)
			}
			y := 0.0
			if ex[i].Labels[l] {
				y = 1
			}
			g := 1/(1+math.Exp(-z)) - y
			if wt := ex[i].Weight; wt > 0 {
				g *= wt
			}
			for k, f := range x.idx {
				gr := g*float64(x.val[k])*r[f] + c.L2*w[f]
				g2[f] += gr * gr
				w[f] -= c.Rate * gr / math.Sqrt(g2[f]+1e-8)
			}
			for d, v := range dense {
				gr := g*float64(v) + c.L2*dw[d]
				dg2[d] += gr * gr
				dw[d] -= c.Rate * gr / math.Sqrt(dg2[d]+1e-8)
			}
			bg2 += g * g
			b -= c.Rate * g / math.Sqrt(bg2+1e-8)
		}
	}
	for f := range w {
		w[f] *= r[f]
	}
	return w, dw, b
}

// nbRatios is each feature's naive-Bayes log-count ratio for label l
// (presence counts, smoothed by alpha), or all ones when alpha is 0.
func nbRatios(xs []sparse, ex []Example, l Label, n int, alpha float64) []float64 {
	r := make([]float64, n)
	if alpha <= 0 {
		for f := range r {
			r[f] = 1
		}
		return r
	}
	pos, neg := make([]float64, n), make([]float64, n)
	var np, nn float64
	for i, x := range xs {
		if ex[i].Unknown[l] {
			continue
		}
		cnt := neg
		if ex[i].Labels[l] {
			cnt = pos
			np++
		} else {
			nn++
		}
		for _, f := range x.idx {
			cnt[f]++
		}
	}
	for f := range r {
		r[f] = math.Log(((pos[f] + alpha) / (np + alpha)) / ((neg[f] + alpha) / (nn + alpha)))
	}
	return r
}

// wordCounter counts the words of the texts it is sent (the memo's words).
type wordCounter map[string]int

func (c wordCounter) at(int)     {}
func (c wordCounter) add(uint32) {}
func (c wordCounter) word(w []byte) bool {
	c[string(w)]++
	return false
}
