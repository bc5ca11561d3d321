package history

// median returns the median of xs (the mean of the two middle values for
// an even count), reordering xs. It selects rather than sorts — O(n) on
// average — because a series takes a median of every bucket of a whole
// history: a million words-per-message values for one chart.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	k := n / 2
	selectNth(xs, k)
	if n%2 == 1 {
		return xs[k]
	}
	// The other middle value is the largest of the lower half.
	lower := xs[0]
	for _, x := range xs[1:k] {
		lower = max(lower, x)
	}
	return (lower + xs[k]) / 2
}

// selectNth reorders xs so that xs[k] is the value a sort would put there,
// with no larger value before it and no smaller one after: Hoare's
// quickselect with a median-of-three pivot, which also splits runs of
// equal values (word counts are small integers) evenly.
func selectNth(xs []float64, k int) {
	lo, hi := 0, len(xs)-1
	for hi-lo > 12 {
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		p := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < p {
				i++
			}
			for xs[j] > p {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // j < k < i: xs[k] equals the pivot, in place
		}
	}
	// Insertion sort of the short remaining range.
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}
