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
	for i, e := range ex {
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
				z += w[f] * float64(x.val[k])
			}
			for d, v := range dense {
				z += dw[d] * float64(v)
			}
			y := 0.0
			if ex[i].Labels[l] {
				y = 1
			}
			g := 1/(1+math.Exp(-z)) - y
			for k, f := range x.idx {
				gr := g*float64(x.val[k]) + c.L2*w[f]
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
	return w, dw, b
}
