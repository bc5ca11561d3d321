package history_test

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/history"
)

// TestReplyWithinPolicy measures the choice behind Options.ReplyWithin on
// generated histories whose true reply delays are known: a slow co-parent
// (median 3 h, conversations ~40 h apart), a distant ex (median 10 h, ~5
// days apart) and a fast texter (median 4 min, ~20 h apart). It compares the median and p90 of their reply delay, taken
// over the whole history, under each policy, from "only inside a
// conversation" (ReplyWithin = Gap) to "every turn change". Run with -v to
// see the table; the test holds the default to a worst-case median error
// no larger than either extreme's.
func TestReplyWithinPolicy(t *testing.T) {
	policies := []struct {
		name   string
		within time.Duration
	}{
		{"inside a conversation (6 h)", 6 * time.Hour},
		{"24 h", 24 * time.Hour},
		{"48 h (default)", 48 * time.Hour},
		{"72 h", 72 * time.Hour},
		{"every turn change", 100 * 365 * 24 * time.Hour},
	}
	worst := map[string]float64{} // each policy's largest median error over the histories
	for _, c := range []struct {
		name string
		p    genParams
	}{{"slow co-parent", coParent(20000)}, {"distant ex", distant(8000)}, {"fast texter", chatty(20000)}} {
		t.Run(c.name, func(t *testing.T) {
			msgs, tr := generate(c.p)
			trueTheirs := slices.Clone(tr.delays[1])
			slices.Sort(trueTheirs)
			tm, tp := q(trueTheirs, 0.5), q(trueTheirs, 0.9)
			t.Logf("true: median %s, p90 %s over %d replies", hm(tm), hm(tp), len(trueTheirs))
			errs := map[string]float64{}
			for _, p := range policies {
				r := history.Compute(msgs, history.Options{ReplyWithin: p.within, WindowTurns: math.MaxInt32})
				d := r.TheirReplyDelay
				errs[p.name] = math.Abs(math.Log(d.Median / tm))
				t.Logf("%-28s median %-8s p90 %-8s n %6d  median off by %+.0f%%", p.name, hm(d.Median), hm(d.P90), d.N, 100*(d.Median/tm-1))
			}
			for name, e := range errs {
				worst[name] = max(worst[name], e)
			}
			// Initiation share: the rule of doc.go against DESIGN.md's bare
			// one (whoever writes first after 6 h of silence).
			trueShare := float64(tr.inits[0]) / float64(tr.inits[0]+tr.inits[1])
			st := history.ComputeStats(msgs, history.Options{WindowTurns: math.MaxInt32})
			gapShare := plainGapShare(msgs, 6*time.Hour)
			t.Logf("initiation share mine: true %.2f over %d; doc.go's rule %.2f over %d; plain gap rule %.2f",
				trueShare, tr.inits[0]+tr.inits[1], st.InitiationShare.Mine, st.InitiationShare.N, gapShare)
			if math.Abs(st.InitiationShare.Mine-trueShare) > 0.1 {
				t.Errorf("initiation share %.2f, true %.2f", st.InitiationShare.Mine, trueShare)
			}
		})
	}
	// The default must beat both extremes in the worst case, and keep
	// the median within 15% everywhere.
	def := worst["48 h (default)"]
	t.Logf("worst median error (log ratio): %v", worst)
	if def > worst["inside a conversation (6 h)"] || def > worst["every turn change"] || def > math.Log(1.15) {
		t.Errorf("the default's worst median error %.3f is not the best of the extremes: %v", def, worst)
	}
}

// plainGapShare is the initiation share by DESIGN.md's bare definition.
func plainGapShare(msgs []steady.Message, gap time.Duration) float64 {
	var n [2]int
	var prev time.Time
	for i := range msgs {
		m := &msgs[i]
		if !m.Counts() {
			continue
		}
		if prev.IsZero() || m.At.Sub(prev) > gap {
			n[idx(m.Side)]++
		}
		prev = m.At
	}
	return float64(n[0]) / float64(n[0]+n[1])
}

func q(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(h)
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func hm(s float64) string {
	d := time.Duration(s * float64(time.Second)).Round(time.Minute)
	if d < time.Minute {
		return fmt.Sprintf("%.0fs", s)
	}
	return fmt.Sprint(d)
}
