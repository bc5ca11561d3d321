package history_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/steadyhq/steady"
)

// genParams describe a generated history: two people taking turns in
// conversations separated by silences, every duration and length drawn
// from a log-normal distribution around a median, as chat timings are.
type genParams struct {
	n                   int // messages, at least
	seed                uint64
	start               time.Time
	theirDelay, myDelay time.Duration // median reply delays
	sigma               float64       // log-normal spread of reply delays
	silence             time.Duration // median silence between conversations
	pMeStarts           float64
	turnsPerConv        float64 // mean turns per conversation
	theirWords, myWords float64 // median words per message
	pQuestion           float64 // a turn the other side answers ends with a question
	pEndQuestion        float64 // the last turn of a conversation does
}

// truth is what the generator drew, to measure the estimates against.
type truth struct {
	delays [2][]float64 // seconds; 0 = mine, 1 = theirs
	inits  [2]int
}

// coParent is a slow, sparse co-parent: answers after hours, writes every
// couple of days, short messages.
func coParent(n int) genParams {
	return genParams{
		n: n, seed: 1, start: time.Date(2018, 1, 1, 8, 0, 0, 0, time.UTC),
		theirDelay: 3 * time.Hour, myDelay: 20 * time.Minute, sigma: 1.2,
		silence: 40 * time.Hour, pMeStarts: 0.7, turnsPerConv: 4,
		theirWords: 6, myWords: 14, pQuestion: 0.5, pEndQuestion: 0.1,
	}
}

// distant is an ex who answers the next day, if at all soon, and rarely
// writes: the contact the mirror rule is most about.
func distant(n int) genParams {
	p := coParent(n)
	p.seed, p.theirDelay, p.silence, p.turnsPerConv = 3, 10*time.Hour, 5*24*time.Hour, 3
	return p
}

// chatty is a fast texter who writes most days.
func chatty(n int) genParams {
	return genParams{
		n: n, seed: 2, start: time.Date(2018, 1, 1, 8, 0, 0, 0, time.UTC),
		theirDelay: 4 * time.Minute, myDelay: 2 * time.Minute, sigma: 1.5,
		silence: 20 * time.Hour, pMeStarts: 0.5, turnsPerConv: 12,
		theirWords: 8, myWords: 9, pQuestion: 0.3, pEndQuestion: 0.1,
	}
}

var vocabulary = strings.Fields(`I you the a to and is it can we on at for
	kids school pick up Saturday tomorrow ok thanks will be there with them
	not sure what time 5 pm that works fine need money bill car doctor
	Monday please let me know don't have 👍 soon was just they all some`)

func generate(p genParams) ([]steady.Message, truth) {
	r := rand.New(rand.NewPCG(p.seed, 0x5eed))
	logn := func(median time.Duration, sigma float64) time.Duration {
		return time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
	}
	geometric := func(mean float64) int { // number of failures, mean given
		if mean <= 0 {
			return 0
		}
		q := mean / (1 + mean)
		k := 0
		for r.Float64() < q {
			k++
		}
		return k
	}
	msgs := make([]steady.Message, 0, p.n+64)
	var tr truth
	var b strings.Builder
	t := p.start
	side := steady.SideMe
	for len(msgs) < p.n {
		t = t.Add(logn(p.silence, 1.0))
		side = steady.SideThem
		if r.Float64() < p.pMeStarts {
			side = steady.SideMe
		}
		tr.inits[idx(side)]++
		turns := 1 + geometric(p.turnsPerConv-1)
		for k := range turns {
			if k > 0 {
				d := logn(p.myDelay, p.sigma)
				if side == steady.SideThem {
					d = logn(p.theirDelay, p.sigma)
				}
				tr.delays[idx(side)] = append(tr.delays[idx(side)], d.Seconds())
				t = t.Add(d)
			}
			nm := 1 + geometric(0.6)
			for j := range nm {
				if j > 0 {
					t = t.Add(time.Duration(r.ExpFloat64() * float64(40*time.Second)))
				}
				med := p.myWords
				if side == steady.SideThem {
					med = p.theirWords
				}
				words := max(1, int(med*math.Exp(0.8*r.NormFloat64())))
				b.Reset()
				for w := range words {
					if w > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(vocabulary[r.IntN(len(vocabulary))])
				}
				lastOfTurn := j == nm-1
				if lastOfTurn && ((k < turns-1 && r.Float64() < p.pQuestion) || (k == turns-1 && r.Float64() < p.pEndQuestion)) {
					b.WriteByte('?')
				}
				m := steady.Message{ID: int64(len(msgs) + 1), Side: side, At: t, Kind: steady.KindText, Text: b.String()}
				if r.IntN(40) == 0 {
					m.Kind, m.Text = steady.KindMedia, ""
				}
				msgs = append(msgs, m)
				if r.IntN(300) == 0 {
					msgs = append(msgs, steady.Message{ID: int64(len(msgs) + 1), Side: steady.SideUnknown,
						At: t, Kind: steady.KindSystem, Text: "Messages and calls are end-to-end encrypted."})
				}
			}
			side = other(side)
		}
	}
	return msgs, tr
}

func idx(s steady.Side) int {
	if s == steady.SideMe {
		return 0
	}
	return 1
}

func other(s steady.Side) steady.Side {
	if s == steady.SideMe {
		return steady.SideThem
	}
	return steady.SideMe
}

// heavy is a chat of a couple who text all day, long conversations a few
// hours apart: a million messages span 17 years (2018–2035).
func heavy(n int) genParams {
	p := chatty(n)
	p.seed, p.silence, p.turnsPerConv = 4, 3*time.Hour, 60
	return p
}

// million is the benchmarks' history, generated once per test binary.
var million = sync.OnceValue(func() []steady.Message {
	msgs, _ := generate(heavy(1_000_000))
	return msgs
})
