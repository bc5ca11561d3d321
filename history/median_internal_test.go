package history

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestMedianAgreesWithSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name string
		gen  func() float64
	}{
		{"continuous values", func() float64 { return r.NormFloat64() }},
		{"small integers with many ties", func() float64 { return float64(r.IntN(5)) }},
		{"all equal", func() float64 { return 7 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			for n := 1; n < 300; n++ {
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = c.gen()
				}
				sorted := slices.Clone(xs)
				slices.Sort(sorted)
				if got, want := median(xs), quantile(sorted, 0.5); got != want {
					t.Fatalf("n=%d: median %v, sorting gives %v", n, got, want)
				}
			}
		})
	}
	t.Run("sorted and reversed inputs", func(t *testing.T) {
		for n := 1; n < 2000; n += 97 {
			up := make([]float64, n)
			for i := range up {
				up[i] = float64(i)
			}
			down := slices.Clone(up)
			slices.Reverse(down)
			want := float64(n-1) / 2
			if median(up) != want || median(down) != want {
				t.Fatalf("n=%d: want %v", n, want)
			}
		}
	})
}
