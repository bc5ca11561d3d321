// Package train fits steady's model (package model) from the train splits
// of the corpora in ../shared/data and chooses each head's threshold on the
// dev splits. It is deterministic: fixed seeds, files read in a fixed
// order, heads trained independently (in parallel, each on its own
// sequence), so the same data and Config give the same weights file.
package train

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"sync"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/model"
)

// Config is everything a training run depends on besides the data.
type Config struct {
	DataDir string // ../shared/data
	Bits    int    // hash bits: the table has 1<<Bits rows
	// Features are the feature groups to use.
	Features model.FeatureSet
	Seed     uint64
	Hyper    [model.NumHeads]Hyper
	// HostileExtra is the weight of OLID and Davidson examples in the
	// hostile head's loss (0 leaves them out of it).
	HostileExtra float32
	// SMSNegatives adds the ham messages of the SMS train part as
	// negatives for hostile, offensive and anger.
	SMSNegatives bool
	// MELD adds MELD train to the emotion heads, each example weighing
	// MELDWeight in the loss.
	MELD       bool
	MELDWeight float32
	// MixedEmotional trains the emotional head on the GoEmotions rows
	// labeled neutral and an emotion at once, as emotional; false leaves
	// them out of that head (on dev: macro-F1 0.714 → 0.718, split-half
	// 0.708/0.711 → 0.715/0.716; docs/ACCURACY.md).
	MixedEmotional bool
	// MinHostilePrecision is the lowest dev precision the hostile
	// threshold may give (issue 4 asks for more than 0.45 on test).
	MinHostilePrecision float64
	// VocabMinCount is how often a word must occur in the training texts
	// to be memoized by the shipped model (model/vocab.go): it trades the
	// weights file's size for speed on rare words, never for accuracy.
	VocabMinCount int
	// VocabSize, when positive, keeps only that many of the most frequent
	// words in the memo: a smaller memo stays in cache.
	VocabSize int
	Workers   int
	Log       io.Writer
}

// DefaultConfig is the configuration the committed weights were trained
// with; docs/ACCURACY.md says how each choice was made on dev. Issue 4's
// choices, GoEmotions dev emotional macro-F1 of the model: word bigrams
// 0.705 → 0.714; the rows labeled neutral and an emotion left out of the
// emotional head (MixedEmotional false) → 0.719; MELD weight 0.5 instead
// of 0.3, 0.718 and MELD dev 0.664 → 0.691; the hostile threshold held to
// precision ≥ 0.53 (0.50 fell to 0.45 on one split half of dev).
func DefaultConfig(dataDir string) Config {
	c := Config{
		DataDir:             dataDir,
		Bits:                16,
		Features:            model.FeatWords | model.FeatNeg | model.FeatBigrams | model.FeatChar4 | model.FeatSignals | model.FeatSqrtNorm,
		Seed:                20240611,
		HostileExtra:        0,
		SMSNegatives:        true,
		MELD:                true,
		MELDWeight:          0.5,
		MinHostilePrecision: 0.53,
		VocabMinCount:       2,
		Workers:             2,
	}
	for h := range c.Hyper {
		c.Hyper[h] = Hyper{Alpha: 0.3, Beta: 1, L1: 1e-4, L2: 1e-3, Epochs: 15, PosWeight: 1}
	}
	// Naive-Bayes scaling raised hostile precision on dev (0.507 → 0.537
	// at the same F1) and cut its false alarms on SMS ham; it did nothing
	// for the emotion heads and cost MELD dev 0.02 on emotional.
	for _, h := range []model.Head{model.Hostile, model.Anger, model.Offensive} {
		c.Hyper[h].NB = 1
	}
	return c
}

// Row is one line of the dev report.
type Row struct {
	Head   string
	Data   string // what it was measured on
	Metric string // the metric the threshold maximised, if this row chose it
	Report eval.Report
	// FireRate rows hold texts that should not fire the head at all
	// (ordinary SMS): 1 - Report.Accuracy is the false-positive rate.
	FireRate bool
}

// Result is a trained model with its dev report.
type Result struct {
	Params model.Params
	Model  *model.Model
	Dev    []Row
	// NonZero counts non-zero weights per head after quantisation.
	NonZero [model.NumHeads]int
}

type data struct {
	vocab                                   []string
	train                                   []example
	geDev, meldDev, olidDev, davDev, smsDev []example
	polDev                                  []example
}

func (c Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format, args...)
	}
}

func load(c Config) (*data, error) {
	d := &data{}
	dir := c.DataDir
	fz, err := analyze.NewFeaturizer()
	if err != nil {
		return nil, err
	}
	f := feat{bits: c.Bits, set: c.Features, fz: fz, counts: map[string]int{}}
	ge, err := goEmotionsExamples(filepath.Join(dir, "goemotions", "train.tsv"), f, c.MixedEmotional)
	if err != nil {
		return nil, err
	}
	d.train = append(d.train, ge...)
	if c.MELD {
		m, err := meldExamples(filepath.Join(dir, "meld", "train_sent_emo.csv"), f, c.MELDWeight)
		if err != nil {
			return nil, err
		}
		d.train = append(d.train, m...)
	}
	olid, dav, err := offensiveExamples(dir, f, false, c.HostileExtra)
	if err != nil {
		return nil, err
	}
	d.train = append(d.train, olid...)
	d.train = append(d.train, dav...)
	if c.SMSNegatives {
		sms, err := smsExamples(dir, f, false)
		if err != nil {
			return nil, err
		}
		for i := range sms {
			sms[i].y[model.Hostile], sms[i].y[model.Offensive], sms[i].y[model.Anger] = 0, 0, 0
		}
		d.train = append(d.train, sms...)
	}
	for w, n := range f.counts {
		if n >= c.VocabMinCount {
			d.vocab = append(d.vocab, w)
		}
	}
	if c.VocabSize > 0 && len(d.vocab) > c.VocabSize {
		// The most frequent words, ties broken by the word, so the cut is
		// reproducible.
		sort.Slice(d.vocab, func(i, j int) bool {
			a, b := f.counts[d.vocab[i]], f.counts[d.vocab[j]]
			return a > b || (a == b && d.vocab[i] < d.vocab[j])
		})
		d.vocab = d.vocab[:c.VocabSize]
	}
	sort.Strings(d.vocab)
	f.counts = nil // dev texts are not part of the vocabulary

	if d.geDev, err = goEmotionsExamples(filepath.Join(dir, "goemotions", "dev.tsv"), f, true); err != nil {
		return nil, err
	}
	if d.meldDev, err = meldExamples(filepath.Join(dir, "meld", "dev_sent_emo.csv"), f, 1); err != nil {
		return nil, err
	}
	if d.olidDev, d.davDev, err = offensiveExamples(dir, f, true, 1); err != nil {
		return nil, err
	}
	if d.smsDev, err = smsExamples(dir, f, true); err != nil {
		return nil, err
	}
	for _, file := range []string{"wikipedia.annotated.csv", "stack-exchange.annotated.csv"} {
		rows, err := eval.ReadPoliteness(filepath.Join(dir, "stanford-politeness", file))
		if err != nil {
			return nil, err
		}
		var buf []uint32
		for _, r := range rows {
			if !eval.InDev(r.Text) {
				continue
			}
			var e example
			e, buf = newExample(r.Text, "politeness", f, buf)
			e.y[model.Hostile] = b2i(r.Impolite)
			d.polDev = append(d.polDev, e)
		}
	}
	return d, nil
}

// Train fits every head, quantises the weights, chooses thresholds on dev
// and measures the shipped (quantised) model on every dev set.
func Train(c Config) (*Result, error) {
	d, err := load(c)
	if err != nil {
		return nil, err
	}
	c.logf("train: %d examples, %d GoEmotions dev, %d MELD dev, %d OLID dev, %d Davidson dev, %d SMS ham dev, %d politeness dev\n",
		len(d.train), len(d.geDev), len(d.meldDev), len(d.olidDev), len(d.davDev), len(d.smsDev), len(d.polDev))

	dim := 1 << c.Bits
	weights := make([][]float64, model.NumHeads)
	biases := make([]float64, model.NumHeads)
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, c.Workers))
	for h := range model.NumHeads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			weights[h], biases[h] = ftrl(d.train, h, dim, c.Hyper[h], c.Seed)
		}()
	}
	wg.Wait()

	p := model.Params{Bits: c.Bits, Features: c.Features, Table: make([]int8, model.NumHeads*dim)}
	res := &Result{}
	for h := range model.NumHeads {
		maxAbs := 0.0
		for _, w := range weights[h] {
			maxAbs = math.Max(maxAbs, math.Abs(w))
		}
		scale := maxAbs / 127
		if scale == 0 {
			scale = 1
		}
		p.Scale[h] = float32(scale)
		p.Bias[h] = float32(biases[h])
		for i, w := range weights[h] {
			q := int8(math.Round(w / scale))
			p.Table[i*model.NumHeads+h] = q
			if q != 0 {
				res.NonZero[h]++
			}
		}
		p.Threshold[h] = 0.5
	}
	m, err := model.New(p)
	if err != nil {
		return nil, err
	}
	fz, err := analyze.NewFeaturizer()
	if err != nil {
		return nil, err
	}
	score := func(ex []example) []model.Logits {
		out := make([]model.Logits, len(ex))
		for i := range ex {
			out[i] = fz.Logits(m, ex[i].text)
		}
		return out
	}
	ge, geS := d.geDev, score(d.geDev)
	off := append(append([]example{}, d.olidDev...), d.davDev...)
	offS := score(off)

	p.Threshold[model.Emotional] = choose(ge, geS, model.Emotional, macroF1, 0)
	p.Threshold[model.Hostile] = choose(ge, geS, model.Hostile, f1, c.MinHostilePrecision)
	for _, h := range []model.Head{model.Anger, model.Hurt, model.Longing, model.Anxiety, model.Positive} {
		p.Threshold[h] = choose(ge, geS, h, f1, 0)
	}
	p.Threshold[model.Offensive] = choose(off, offS, model.Offensive, f1, 0)

	p.Vocab = d.vocab
	// Round-trip through the file format, so the numbers below are those of
	// the bytes that ship (and score through the word memo).
	var buf bytes.Buffer
	if err := model.Encode(&buf, p); err != nil {
		return nil, err
	}
	if m, err = model.LoadFrom(&buf); err != nil {
		return nil, err
	}
	res.Params, res.Model = p, m

	add := func(h model.Head, name string, ex []example, metric string) {
		var conf eval.Confusion
		for i := range ex {
			if ex[i].y[h] == unlabeled {
				continue
			}
			conf.Add(ex[i].y[h] == 1, m.Fires(fz.Logits(m, ex[i].text), h))
		}
		res.Dev = append(res.Dev, Row{Head: h.String(), Data: name, Metric: metric, Report: eval.NewReport(h.String(), conf)})
	}
	add(model.Emotional, "goemotions dev", d.geDev, "macro_f1")
	add(model.Emotional, "meld dev", d.meldDev, "")
	add(model.Hostile, "goemotions dev", d.geDev, fmt.Sprintf("f1 (precision ≥ %.2f)", c.MinHostilePrecision))
	add(model.Hostile, "olid dev (our split)", d.olidDev, "")
	add(model.Hostile, "davidson dev (our split)", d.davDev, "")
	add(model.Hostile, "politeness dev (our split)", d.polDev, "")
	for _, h := range []model.Head{model.Anger, model.Hurt, model.Longing, model.Anxiety, model.Positive} {
		add(h, "goemotions dev", d.geDev, "f1")
	}
	for _, h := range []model.Head{model.Anger, model.Hurt, model.Anxiety, model.Positive} {
		add(h, "meld dev", d.meldDev, "")
	}
	add(model.Offensive, "olid+davidson dev (our split)", off, "f1")
	add(model.Offensive, "olid dev (our split)", d.olidDev, "")
	add(model.Offensive, "davidson dev (our split)", d.davDev, "")
	// On ordinary text messages every head should stay quiet: label them
	// all negative and report the false-positive rate (1 - accuracy).
	for h := range model.NumHeads {
		sms := make([]example, len(d.smsDev))
		copy(sms, d.smsDev)
		for i := range sms {
			sms[i].y[h] = 0
		}
		add(model.Head(h), "SMS ham (our dev split)", sms, "")
		res.Dev[len(res.Dev)-1].FireRate = true
	}
	return res, nil
}

type metricFunc func(eval.Confusion) float64

func macroF1(c eval.Confusion) float64 { return c.MacroF1() }
func f1(c eval.Confusion) float64      { return c.F1() }

// choose returns the threshold (a probability) on head h's score that
// maximises metric on the labeled examples, among thresholds whose
// precision is at least minPrec. Candidates are midpoints between
// consecutive distinct logits, so the choice does not sit on one dev
// example's exact score.
func choose(ex []example, scores []model.Logits, h model.Head, metric metricFunc, minPrec float64) float32 {
	type pt struct {
		s float32
		y bool
	}
	var pts []pt
	pos := 0
	for i := range ex {
		if ex[i].y[h] == unlabeled {
			continue
		}
		v := scores[i][h]
		if h == model.Hostile {
			v = model.Hostility(scores[i])
		}
		pts = append(pts, pt{v, ex[i].y[h] == 1})
		if ex[i].y[h] == 1 {
			pos++
		}
	}
	sort.Slice(pts, func(a, b int) bool { return pts[a].s > pts[b].s })
	// Walk down the scores: everything above the cut is predicted positive.
	c := eval.Confusion{FN: pos, TN: len(pts) - pos}
	best, bestT := metric(c), float32(math.Inf(1))
	for i := 0; i < len(pts); i++ {
		if pts[i].y {
			c.TP, c.FN = c.TP+1, c.FN-1
		} else {
			c.FP, c.TN = c.FP+1, c.TN-1
		}
		if i+1 < len(pts) && pts[i+1].s == pts[i].s {
			continue
		}
		if c.Precision() < minPrec {
			continue
		}
		if v := metric(c); v > best {
			best = v
			if i+1 < len(pts) {
				bestT = (pts[i].s + pts[i+1].s) / 2
			} else {
				bestT = pts[i].s
			}
		}
	}
	return model.Prob(bestT)
}
