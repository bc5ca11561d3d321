package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/harm"
	"github.com/steadyhq/steady/model"
)

// harmConfig is a run of the harm heads' training.
type harmConfig struct {
	corpus string // the corpus folder (corpus/)
	sms    string // the SMS Spam Collection file; "" uses none
	// smsWeight is the loss weight of an ordinary SMS.
	smsWeight float64
	olid      string // the OLID training file; "" uses none
	// exes is the real-message dev set: one number, a shift of every harm
	// threshold, is chosen on it (and on the corpus dev split) with the
	// whole analyzer; "" keeps the corpus-dev thresholds.
	exes string
	out  string // weights file; "" writes none
	// minPrecision is the lowest dev precision a label's thresholds may give.
	minPrecision float64
	train        harm.TrainConfig
}

// denser reads the emotion model's logits of a text, the harm heads'
// dense inputs, as the analyzer does.
type denser struct {
	f *analyze.Featurizer
	m *model.Model
}

func newDenser() (*denser, error) {
	f, err := analyze.NewFeaturizer()
	if err != nil {
		return nil, err
	}
	m, err := model.Load()
	if err != nil {
		return nil, err
	}
	return &denser{f, m}, nil
}

func (d *denser) of(text string) harm.Dense { return harm.Dense(d.f.Logits(d.m, text)) }

// harmExample turns a corpus message into a training example.
func harmExample(m eval.ExMessage, d *denser) harm.Example {
	e := harm.Example{Text: m.Text, Mode: harm.ModeReply, Dense: d.of(m.Text)}
	if m.Initiates != nil && *m.Initiates {
		e.Mode = harm.ModeStart
	}
	for _, l := range m.Labels {
		if hl, ok := harm.ParseLabel(l); ok {
			e.Labels[hl] = true
		}
	}
	return e
}

// trainHarm trains the heads on the corpus's train split, chooses each
// label's threshold on its dev split, prints the dev scores and writes the
// weights.
func trainHarm(c harmConfig, stdout, stderr io.Writer) error {
	corpus, err := eval.ReadCorpus(c.corpus)
	if err != nil {
		return err
	}
	dn, err := newDenser()
	if err != nil {
		return err
	}
	var train, dev []harm.Example
	var devMessages []eval.ExMessage
	for _, m := range corpus.Messages {
		switch eval.SplitOf(m) {
		case eval.SplitTrain:
			train = append(train, harmExample(m, dn))
		case eval.SplitDev:
			dev = append(dev, harmExample(m, dn))
			devMessages = append(devMessages, m)
		}
	}
	fmt.Fprintf(stderr, "harm: %d train and %d dev messages from %s\n", len(train), len(dev), c.corpus)
	if c.sms != "" {
		neg, err := smsNegatives(c.sms, dn, c.smsWeight)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "harm: %d ordinary SMS (train part) as examples of no harm\n", len(neg))
		train = append(train, neg...)
	}
	if c.olid != "" {
		ex, err := olidExamples(c.olid, dn)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "harm: %d OLID tweets (train part) for the insult head\n", len(ex))
		train = append(train, ex...)
	}
	w := harm.Train(train, c.train)
	m, err := encodeHarm(w)
	if err != nil {
		return err
	}
	devScores := make([]scored, len(dev))
	for i, e := range dev {
		devScores[i] = scoreExample(m, e)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "label\tmessage threshold\tsentence threshold\tdev n+\tprecision\trecall\tF1\n")
	for l := range harm.Label(harm.NumLabels) {
		t := bestThresholds(devScores, dev, l, c.minPrecision)
		w.Threshold[l], w.Sentence[l] = t.message, t.sentence
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%d\t%.3f\t%.3f\t%.3f\n", l, t.message, t.sentence, t.pos, t.p, t.r, t.f1)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if c.exes != "" {
		if err := shiftThresholds(w, c.exes, c.sms, devMessages, stdout); err != nil {
			return err
		}
	}
	if c.out == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := harm.Encode(&buf, w); err != nil {
		return err
	}
	return os.WriteFile(c.out, buf.Bytes(), 0o644)
}

func encodeHarm(w *harm.Weights) (*harm.Model, error) {
	var buf bytes.Buffer
	if err := harm.Encode(&buf, w); err != nil {
		return nil, err
	}
	return harm.LoadFrom(&buf)
}

// scored is a message's scores: the whole message's and, for each of its
// sentences, the sentence's own.
type scored struct {
	whole harm.Scores
	sents []harm.Scores
}

func scoreExample(m *harm.Model, e harm.Example) scored {
	spans := harm.Sentences(e.Text)
	if len(spans) < 2 {
		return scored{whole: m.Score(e.Text, e.Mode, e.Dense)}
	}
	sc := scored{sents: make([]harm.Scores, len(spans))}
	sc.whole = m.ScoreSpans(e.Text, e.Mode, e.Dense, spans, sc.sents)
	return sc
}

// fires is how the analyzer decides (analyze/heads.go): the whole message
// reaches its threshold, or one of its sentences reaches the sentence one.
func (s scored) fires(l harm.Label, message, sentence float32) bool {
	if s.whole[l] >= message {
		return true
	}
	for _, ss := range s.sents {
		if ss[l] >= sentence {
			return true
		}
	}
	return false
}

type thresholds struct {
	message, sentence float32
	p, r, f1          float64
	pos               int
}

// bestThresholds picks the pair of thresholds with the best F1 of label l
// on dev among those whose precision is at least minPrecision (the best
// F1 at all when none is), from a grid of 0.05 steps: coarse on purpose,
// a handful of numbers.
func bestThresholds(scores []scored, dev []harm.Example, l harm.Label, minPrecision float64) thresholds {
	best, bestAny := thresholds{message: 0.5, sentence: 0.95}, thresholds{message: 0.5, sentence: 0.95}
	for _, e := range dev {
		if e.Labels[l] {
			best.pos++
		}
	}
	bestAny.pos = best.pos
	grid := thresholdGrid()
	for _, mt := range grid {
		for _, st := range grid {
			if st < mt {
				continue // a sentence says less than a message: it must be surer
			}
			tp, fp := 0, 0
			for i, e := range dev {
				if scores[i].fires(l, mt, st) {
					if e.Labels[l] {
						tp++
					} else {
						fp++
					}
				}
			}
			if tp == 0 {
				continue
			}
			p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(max(1, best.pos))
			f1 := 2 * p * r / (p + r)
			cand := thresholds{message: mt, sentence: st, p: p, r: r, f1: f1, pos: best.pos}
			if f1 > bestAny.f1 {
				bestAny = cand
			}
			if p >= minPrecision && f1 > best.f1 {
				best = cand
			}
		}
	}
	if best.f1 == 0 {
		return bestAny
	}
	return best
}

func thresholdGrid() []float32 {
	var g []float32
	for k := 1; k <= 20; k++ {
		g = append(g, float32(k)/20)
	}
	return g
}

// smsNegatives are the ordinary ham messages of the SMS Spam Collection's
// train part (eval.OrdinarySMS, not eval.InDev): everyday texts that carry
// none of the harms, so the heads learn that most words are ordinary. They
// say nothing about logistics.
func smsNegatives(path string, d *denser, smsWeight float64) ([]harm.Example, error) {
	rows, err := eval.ReadSMS(path)
	if err != nil {
		return nil, err
	}
	var out []harm.Example
	for _, r := range rows {
		if r.Spam || eval.InDev(r.Text) || !eval.OrdinarySMS(r.Text) {
			continue
		}
		e := harm.Example{Text: r.Text, Mode: harm.ModeReply, Dense: d.of(r.Text), Weight: smsWeight}
		e.Unknown[harm.Logistics] = true
		out = append(out, e)
	}
	return out, nil
}

// olidExamples are the OLID tweets of its train part (not eval.InDev) for
// the insult head: an insult aimed at a person (OFF, TIN, IND) is an
// insult, an inoffensive tweet (NOT) is neither insult nor threat. They say
// nothing about the other labels. Real insults are worded in more ways than
// our writers found: on the real-message dev set the insult head's average
// precision rose from 0.42 to 0.64 with them (docs/ACCURACY.md).
func olidExamples(path string, d *denser) ([]harm.Example, error) {
	rows, err := eval.ReadOLID(path)
	if err != nil {
		return nil, err
	}
	var out []harm.Example
	for _, r := range rows {
		insult := r.A == "OFF" && r.B == "TIN" && r.C == "IND"
		if eval.InDev(r.Text) || (!insult && r.A != "NOT") {
			continue
		}
		text := strings.Join(strings.Fields(strings.NewReplacer("@USER", "", "URL", "").Replace(r.Text)), " ")
		e := harm.Example{Text: text, Mode: harm.ModeReply, Dense: d.of(text)}
		for l := range harm.Label(harm.NumLabels) {
			e.Unknown[l] = l != harm.Insult && (l != harm.Threat || insult)
		}
		e.Labels[harm.Insult] = insult
		out = append(out, e)
	}
	return out, nil
}

// shiftThresholds chooses a handful of numbers on the real-message dev
// set: a shift, in log-odds, of every harm label's thresholds, then one
// more per label where it helps. The whole analyzer checks each message as
// a reply; a setting is kept when it holds the most harmful messages (the
// lower share of the real dev set and the corpus dev split) while sending
// at least minFineSent of the fine ones on both and minSMSSent of ordinary
// SMS (when none does, the one that sends the most).
func shiftThresholds(w *harm.Weights, exesPath, smsPath string, corpusDev []eval.ExMessage, stdout io.Writer) error {
	exes, err := eval.ReadExes(exesPath)
	if err != nil {
		return err
	}
	var ordinary []string // the ordinary SMS of our dev split
	if smsPath != "" {
		rows, err := eval.ReadSMS(smsPath)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if !r.Spam && eval.InDev(r.Text) && eval.OrdinarySMS(r.Text) {
				ordinary = append(ordinary, r.Text)
			}
		}
	}
	base := *w
	type run struct {
		shifts           [harm.NumLabels]float64
		exes, corpus     eval.ExReport
		smsSent          float64
		feasible         bool
		fineMin, heldMin float64
	}
	try := func(shifts [harm.NumLabels]float64) (*run, error) {
		r := &run{shifts: shifts}
		shifted := base
		for l := range harm.Label(harm.Logistics) {
			shifted.Threshold[l] = harm.Shift(base.Threshold[l], shifts[l])
			shifted.Sentence[l] = harm.Shift(base.Sentence[l], shifts[l])
		}
		m, err := encodeHarm(&shifted)
		if err != nil {
			return nil, err
		}
		an, err := analyze.NewWithHarm(m)
		if err != nil {
			return nil, err
		}
		if r.exes, err = eval.ScoreExes(exesPath, exes, eval.ModeReply, exPredictor(an)); err != nil {
			return nil, err
		}
		if r.corpus, err = eval.ScoreExes("corpus dev", corpusDev, eval.ModeReply, exPredictor(an)); err != nil {
			return nil, err
		}
		sent := 0
		for _, t := range ordinary {
			if res := an.Run(t, analyze.Context{Reply: true, At: evalAt}); res.Verdict == analyze.VerdictSend {
				sent++
			}
		}
		r.smsSent = float64(sent) / float64(max(1, len(ordinary)))
		r.fineMin = min(r.exes.FineSentShare(), r.corpus.FineSentShare())
		r.heldMin = min(r.exes.HarmfulHeldShare(), r.corpus.HarmfulHeldShare())
		r.feasible = r.fineMin >= minFineSent && (len(ordinary) == 0 || r.smsSent >= minSMSSent)
		return r, nil
	}
	better := func(r, best *run) bool {
		switch {
		case best == nil:
			return true
		case r.feasible && (!best.feasible || r.heldMin > best.heldMin):
			return true
		case !r.feasible && !best.feasible && r.fineMin > best.fineMin:
			return true
		}
		return false
	}
	row := func(tw io.Writer, label string, r *run) {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\n", label, r.exes.FineSentShare(), r.exes.HarmfulHeldShare(), r.corpus.FineSentShare(), r.corpus.HarmfulHeldShare(), r.smsSent)
	}
	var best *run
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\nshift\texes fine sent\texes harmful held\tcorpus-dev fine sent\tcorpus-dev harmful held\tordinary SMS sent\n")
	for k := -8; k <= 8; k++ {
		var shifts [harm.NumLabels]float64
		for l := range harm.Label(harm.Logistics) {
			shifts[l] = float64(k) / 4
		}
		r, err := try(shifts)
		if err != nil {
			return err
		}
		row(tw, fmt.Sprintf("%+.2f", shifts[0]), r)
		if better(r, best) {
			best = r
		}
	}
	// One pass over the labels: each may move on its own, from the shift
	// kept, when that holds more (or sends more, while nothing is feasible).
	for l := range harm.Label(harm.Logistics) {
		for _, d := range []float64{-1, -0.5, 0.5, 1} {
			shifts := best.shifts
			shifts[l] += d
			r, err := try(shifts)
			if err != nil {
				return err
			}
			row(tw, fmt.Sprintf("%s %+.2f", l, shifts[l]), r)
			if better(r, best) {
				best = r
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprint(stdout, "kept shifts:")
	for l := range harm.Label(harm.Logistics) {
		fmt.Fprintf(stdout, " %s %+.2f", l, best.shifts[l])
		w.Threshold[l] = harm.Shift(base.Threshold[l], best.shifts[l])
		w.Sentence[l] = harm.Shift(base.Sentence[l], best.shifts[l])
	}
	fmt.Fprintln(stdout)
	row(stdout, "kept:", best)
	return nil
}

// minFineSent is the share of fine messages the thresholds must send,
// minSMSSent the share of ordinary SMS (the sms-ordinary eval).
const (
	minFineSent = 0.85
	minSMSSent  = 0.95
)

// evalAt is when every message is checked: a weekday afternoon, as
// steady eval does.
var evalAt = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

// exPredictor checks a message with the analyzer as steady eval exes does.
func exPredictor(an *analyze.Analyzer) eval.ExPredictor {
	return func(q eval.ExQuery) (eval.ExPrediction, error) {
		res, err := an.Check(q.Text, analyze.Context{Reply: q.Reply, Dumped: q.Dumped, At: evalAt})
		if err != nil {
			return eval.ExPrediction{}, err
		}
		p := eval.ExPrediction{Verdict: string(res.Verdict), Rewrite: res.Rewrite}
		for _, f := range res.Findings {
			for _, r := range append([]string{f.Rule}, f.Also...) {
				if !slices.Contains(p.Rules, r) {
					p.Rules = append(p.Rules, r)
				}
			}
		}
		return p, nil
	}
}
