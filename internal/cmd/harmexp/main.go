// Command harmexp compares training settings of the harm heads on the
// corpus's dev split: average precision per label (threshold-free), so
// the settings are chosen without the real-message dev set.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/harm"
	"github.com/steadyhq/steady/model"
)

func main() {
	corpus := flag.String("corpus", "corpus", "corpus folder")
	data := flag.String("data", "../shared/data", "shared data")
	epochs := flag.Int("epochs", 12, "")
	rate := flag.Float64("rate", 0.3, "")
	l2 := flag.Float64("l2", 1e-5, "")
	minc := flag.Int("min", 2, "")
	sms := flag.Bool("sms", true, "")
	exes := flag.String("exes", "", "also report AP on this exes JSONL (read only)")
	useDense := flag.Bool("dense", true, "emotion model logits as dense inputs")
	olid := flag.Float64("olid", 0, "use OLID train part: targeted insults (OFF TIN IND) as insult positives, NOT as negatives for insult and threat; this share of them")
	flag.Parse()
	fz, _ := analyze.NewFeaturizer()
	em, _ := model.Load()
	denseOf := func(text string) harm.Dense {
		var d harm.Dense
		if *useDense {
			z := fz.Logits(em, text)
			for i := range d {
				d[i] = z[i]
			}
		}
		return d
	}
	c, err := eval.ReadCorpus(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var train, dev []harm.Example
	for _, m := range c.Messages {
		e := ex(m)
		e.Dense = denseOf(m.Text)
		switch eval.SplitOf(m) {
		case eval.SplitTrain:
			train = append(train, e)
		case eval.SplitDev:
			dev = append(dev, e)
		}
	}
	if *sms {
		rows, _ := eval.ReadSMS(filepath.Join(*data, "sms-spam-collection", "SMSSpamCollection.tsv"))
		for _, r := range rows {
			if r.Spam || eval.InDev(r.Text) || !eval.OrdinarySMS(r.Text) {
				continue
			}
			e := harm.Example{Text: r.Text, Mode: harm.ModeReply, Dense: denseOf(r.Text)}
			e.Unknown[harm.Logistics] = true
			train = append(train, e)
		}
	}
	if *olid > 0 {
		rows, err := eval.ReadOLID(filepath.Join(*data, "olid", "olid-training-v1.0.tsv"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		k := 0
		for _, r := range rows {
			if eval.InDev(r.Text) {
				continue
			}
			pos := r.A == "OFF" && r.B == "TIN" && r.C == "IND"
			if !pos && r.A != "NOT" {
				continue
			}
			k++
			if float64(k%100) >= *olid*100 {
				continue
			}
			text := strings.ReplaceAll(strings.ReplaceAll(r.Text, "@USER", ""), "URL", "")
			e := harm.Example{Text: text, Mode: harm.ModeReply, Dense: denseOf(text)}
			for l := range harm.Label(harm.NumLabels) {
				e.Unknown[l] = l != harm.Insult && l != harm.Threat
			}
			e.Unknown[harm.Threat] = pos
			e.Labels[harm.Insult] = pos
			train = append(train, e)
		}
	}
	w := harm.Train(train, harm.TrainConfig{Epochs: *epochs, Rate: *rate, L2: *l2, MinCount: *minc, Seed: 1})
	var buf bytes.Buffer
	harm.Encode(&buf, w)
	m, _ := harm.LoadFrom(&buf)
	fmt.Printf("features %d  ", len(w.Features))
	report("corpus-dev", m, dev)
	held := func(name string, xs []harm.Example, score func(e harm.Example) float32) {
		type sc struct {
			s float32
			y bool
		}
		var v []sc
		for _, e := range xs {
			v = append(v, sc{score(e), harmful(e)})
		}
		// fine sent vs harmful held at thresholds that send 85%, 90%, 95% of fine
		var fine []float32
		for _, x := range v {
			if !x.y {
				fine = append(fine, x.s)
			}
		}
		sort.Slice(fine, func(i, j int) bool { return fine[i] < fine[j] })
		fmt.Printf("%s harmful held at fine sent 0.85/0.90/0.95:", name)
		for _, q := range []float64{0.85, 0.90, 0.95} {
			t := fine[int(q*float64(len(fine)-1))]
			h, n := 0, 0
			for _, x := range v {
				if x.y {
					n++
					if x.s > t {
						h++
					}
				}
			}
			fmt.Printf(" %.2f", float64(h)/float64(n))
		}
		fmt.Println()
	}
	maxScore := func(e harm.Example) float32 {
		s := m.Score(e.Text, e.Mode, e.Dense)
		best := float32(0)
		for l := range harm.Label(harm.Logistics) {
			best = max(best, s[l])
		}
		return best
	}
	// a head for "any harm" (label slot 0 reused)
	var anyTrain []harm.Example
	for _, e := range train {
		a := e
		a.Labels = [harm.NumLabels]bool{}
		a.Labels[0] = harmful(e)
		anyTrain = append(anyTrain, a)
	}
	wa := harm.Train(anyTrain, harm.TrainConfig{Epochs: *epochs, Rate: *rate, L2: *l2, MinCount: *minc, Seed: 1})
	buf.Reset()
	harm.Encode(&buf, wa)
	ma, _ := harm.LoadFrom(&buf)
	anyScore := func(e harm.Example) float32 { return ma.Score(e.Text, e.Mode, e.Dense)[0] }
	held("corpus-dev max", dev, maxScore)
	held("corpus-dev any", dev, anyScore)
	if *exes != "" {
		ms, err := eval.ReadExes(*exes)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var xs []harm.Example
		for _, x := range ms {
			e := ex(x)
			e.Mode = harm.ModeReply
			e.Dense = denseOf(x.Text)
			xs = append(xs, e)
		}
		report("exes", m, xs)
		held("exes max", xs, maxScore)
		held("exes any", xs, anyScore)
	}
}

func ex(m eval.ExMessage) harm.Example {
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

func report(name string, m *harm.Model, xs []harm.Example) {
	fmt.Printf("%s AP:", name)
	sum := 0.0
	for l := range harm.Label(harm.NumLabels) {
		type sc struct {
			s float32
			y bool
		}
		var v []sc
		pos := 0
		for _, e := range xs {
			v = append(v, sc{m.Score(e.Text, e.Mode, e.Dense)[l], e.Labels[l]})
			if e.Labels[l] {
				pos++
			}
		}
		sort.SliceStable(v, func(i, j int) bool { return v[i].s > v[j].s })
		ap, tp := 0.0, 0
		for i, x := range v {
			if x.y {
				tp++
				ap += float64(tp) / float64(i+1)
			}
		}
		if pos > 0 {
			ap /= float64(pos)
		}
		sum += ap
		fmt.Printf(" %s=%.2f", l, ap)
	}
	fmt.Printf("  mean=%.3f\n", sum/harm.NumLabels)
}

func harmful(e harm.Example) bool {
	for l := range harm.Label(harm.Logistics) {
		if e.Labels[l] {
			return true
		}
	}
	return e.Labels[harm.Logistics] && false
}
