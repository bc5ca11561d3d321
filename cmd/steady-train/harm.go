package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/harm"
)

// harmConfig is a run of the harm heads' training.
type harmConfig struct {
	corpus string // the corpus folder (corpus/)
	sms    string // the SMS Spam Collection file; "" uses none
	out    string // weights file; "" writes none
	train  harm.TrainConfig
}

// harmExample turns a corpus message into a training example.
func harmExample(m eval.ExMessage) harm.Example {
	e := harm.Example{Text: m.Text, Mode: harm.ModeReply}
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
	var train, dev []harm.Example
	for _, m := range corpus.Messages {
		switch eval.SplitOf(m) {
		case eval.SplitTrain:
			train = append(train, harmExample(m))
		case eval.SplitDev:
			dev = append(dev, harmExample(m))
		}
	}
	fmt.Fprintf(stderr, "harm: %d train and %d dev messages from %s\n", len(train), len(dev), c.corpus)
	if c.sms != "" {
		neg, err := smsNegatives(c.sms)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "harm: %d ordinary SMS (train part) as examples of no harm\n", len(neg))
		train = append(train, neg...)
	}
	w := harm.Train(train, c.train)
	m, err := encodeHarm(w)
	if err != nil {
		return err
	}
	scores := make([]harm.Scores, len(dev))
	for i, e := range dev {
		scores[i] = m.Score(e.Text, e.Mode)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "label\tthreshold\tdev n+\tprecision\trecall\tF1\n")
	for l := range harm.Label(harm.NumLabels) {
		t, p, r, f1, pos := bestThreshold(scores, dev, l)
		w.Threshold[l], w.Sentence[l] = t, t
		fmt.Fprintf(tw, "%s\t%.2f\t%d\t%.3f\t%.3f\t%.3f\n", l, t, pos, p, r, f1)
	}
	if err := tw.Flush(); err != nil {
		return err
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

// bestThreshold picks the threshold with the best F1 of label l on dev,
// from a grid of 0.05 steps (coarse on purpose: a handful of numbers).
func bestThreshold(scores []harm.Scores, dev []harm.Example, l harm.Label) (t float32, p, r, f1 float64, pos int) {
	for _, e := range dev {
		if e.Labels[l] {
			pos++
		}
	}
	t = 0.5
	for _, cand := range thresholdGrid() {
		tp, fp := 0, 0
		for i, e := range dev {
			if scores[i][l] >= cand {
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
		cp, cr := float64(tp)/float64(tp+fp), float64(tp)/float64(max(1, pos))
		if cf := 2 * cp * cr / (cp + cr); cf > f1 {
			t, p, r, f1 = cand, cp, cr, cf
		}
	}
	return t, p, r, f1, pos
}

func thresholdGrid() []float32 {
	var g []float32
	for k := 1; k < 20; k++ {
		g = append(g, float32(k)*0.05)
	}
	return slices.Clip(g)
}

// smsNegatives are the ordinary ham messages of the SMS Spam Collection's
// train part (eval.OrdinarySMS, not eval.InDev): everyday texts that carry
// none of the harms, so the heads learn that most words are ordinary. They
// say nothing about logistics.
func smsNegatives(path string) ([]harm.Example, error) {
	rows, err := eval.ReadSMS(path)
	if err != nil {
		return nil, err
	}
	var out []harm.Example
	for _, r := range rows {
		if r.Spam || eval.InDev(r.Text) || !eval.OrdinarySMS(r.Text) {
			continue
		}
		e := harm.Example{Text: r.Text, Mode: harm.ModeReply}
		e.Unknown[harm.Logistics] = true
		out = append(out, e)
	}
	return out, nil
}
