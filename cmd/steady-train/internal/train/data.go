package train

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/model"
)

// feat is how texts are featurized: hash bits and feature groups, read
// through the analyzer's tokenizer (analyze.Featurizer) exactly as a check
// reads a draft. counts, when not nil, counts every word read (the
// training vocabulary).
type feat struct {
	bits   int
	set    model.FeatureSet
	fz     *analyze.Featurizer
	counts map[string]int
}

// unlabeled marks a head an example says nothing about (MELD has no
// "longing", OLID no emotions): it is left out of that head's loss.
const unlabeled = -1

// example is one featurized training or dev text.
type example struct {
	text   string
	ids    []uint32  // distinct buckets, ascending
	vals   []float32 // count / sqrt(total features), per bucket
	y      [model.NumHeads]int8
	weight [model.NumHeads]float32
	source string
}

func newExample(text, source string, f feat, buf []uint32) (example, []uint32) {
	var onWord func([]byte, bool)
	if f.counts != nil {
		onWord = func(w []byte, negated bool) {
			if negated {
				f.counts[model.NegatedPrefix+string(w)]++
			} else {
				f.counts[string(w)]++
			}
		}
	}
	buf = append(buf[:0], f.fz.Buckets(text, f.bits, f.set, onWord)...)
	e := example{text: text, source: source}
	for h := range e.y {
		e.y[h] = unlabeled
		e.weight[h] = 1
	}
	if len(buf) == 0 {
		return e, buf
	}
	sorted := slices.Clone(buf)
	slices.Sort(sorted)
	inv := float32(1)
	if f.set&model.FeatSqrtNorm != 0 {
		inv = float32(1 / math.Sqrt(float64(len(sorted))))
	}
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		e.ids = append(e.ids, sorted[i])
		e.vals = append(e.vals, float32(j-i)*inv)
		i = j
	}
	return e, buf
}

func b2i(b bool) int8 {
	if b {
		return 1
	}
	return 0
}

// GoEmotions label groups behind the heads (see model.Head), as label sets.
const (
	geHostile  = 1<<eval.GEAnger | 1<<eval.GEAnnoyance | 1<<eval.GEDisgust | 1<<eval.GEDisapproval
	geAnger    = 1<<eval.GEAnger | 1<<eval.GEAnnoyance
	geHurt     = 1<<eval.GESadness | 1<<eval.GEDisappointment | 1<<eval.GEGrief
	geLonging  = 1<<eval.GELove | 1<<eval.GEDesire | 1<<eval.GECaring
	geAnxiety  = 1<<eval.GEFear | 1<<eval.GENervousness
	gePositive = 1<<eval.GEJoy | 1<<eval.GEAmusement | 1<<eval.GEGratitude | 1<<eval.GEAdmiration | 1<<eval.GEApproval |
		1<<eval.GEExcitement | 1<<eval.GEOptimism | 1<<eval.GERelief | 1<<eval.GEPride
)

func anyOf(l eval.LabelSet, set eval.LabelSet) int8 { return b2i(l&set != 0) }

// goEmotionsExamples reads a GoEmotions file. With mixed false, a row
// labeled neutral together with an emotion (its raters disagreed on
// whether it carries any) is left out of the emotional head: counted as
// emotional it taught the head that neutral-reading comments are charged.
// Dev rows keep every label (mixed true), as the eval task scores them.
func goEmotionsExamples(path string, f feat, mixed bool) ([]example, error) {
	rows, err := eval.ReadGoEmotions(path)
	if err != nil {
		return nil, err
	}
	out := make([]example, 0, len(rows))
	var buf []uint32
	for _, r := range rows {
		var e example
		e, buf = newExample(r.Text, "goemotions", f, buf)
		l := r.Labels
		e.y[model.Emotional] = b2i(l != 1<<eval.GENeutral)
		if !mixed && l.Has(eval.GENeutral) && l != 1<<eval.GENeutral {
			e.y[model.Emotional] = unlabeled
		}
		e.y[model.Hostile] = anyOf(l, geHostile)
		e.y[model.Anger] = anyOf(l, geAnger)
		e.y[model.Hurt] = anyOf(l, geHurt)
		e.y[model.Longing] = anyOf(l, geLonging)
		e.y[model.Anxiety] = anyOf(l, geAnxiety)
		e.y[model.Positive] = anyOf(l, gePositive)
		out = append(out, e)
	}
	return out, nil
}

func meldExamples(path string, f feat, weight float32) ([]example, error) {
	rows, err := eval.ReadMELD(path)
	if err != nil {
		return nil, err
	}
	out := make([]example, 0, len(rows))
	var buf []uint32
	for _, r := range rows {
		var e example
		e, buf = newExample(r.Text, "meld", f, buf)
		e.y[model.Emotional] = b2i(r.Emotion != "neutral")
		e.y[model.Anger] = b2i(r.Emotion == "anger")
		e.y[model.Hurt] = b2i(r.Emotion == "sadness")
		e.y[model.Anxiety] = b2i(r.Emotion == "fear")
		e.y[model.Positive] = b2i(r.Emotion == "joy")
		for h := range e.weight {
			e.weight[h] = weight
		}
		out = append(out, e)
	}
	return out, nil
}

// offensiveExamples reads OLID and Davidson, keeping the rows of one side
// of our dev split (eval.InDev), for the offensive head — and, with
// weight hostileWeight > 0, for the hostile head too.
func offensiveExamples(dataDir string, f feat, dev bool, hostileWeight float32) (olid, davidson []example, err error) {
	var buf []uint32
	orows, err := eval.ReadOLID(filepath.Join(dataDir, "olid", "olid-training-v1.0.tsv"))
	if err != nil {
		return nil, nil, err
	}
	for _, r := range orows {
		if eval.InDev(r.Text) != dev {
			continue
		}
		var e example
		e, buf = newExample(r.Text, "olid", f, buf)
		e.y[model.Offensive] = b2i(r.A == "OFF")
		if hostileWeight > 0 {
			e.y[model.Hostile] = e.y[model.Offensive]
			e.weight[model.Hostile] = hostileWeight
		}
		olid = append(olid, e)
	}
	drows, err := eval.ReadDavidson(filepath.Join(dataDir, "davidson-offensive", "labeled_data.csv"))
	if err != nil {
		return nil, nil, err
	}
	for _, r := range drows {
		if eval.InDev(r.Text) != dev {
			continue
		}
		var e example
		e, buf = newExample(r.Text, "davidson", f, buf)
		e.y[model.Offensive] = b2i(r.Class != eval.DavidsonNeither)
		if hostileWeight > 0 {
			e.y[model.Hostile] = e.y[model.Offensive]
			e.weight[model.Hostile] = hostileWeight
		}
		davidson = append(davidson, e)
	}
	return olid, davidson, nil
}

// smsExamples reads the ham messages of one side of our SMS split. As
// training data they are negatives for the heads an ordinary text message
// must not trip — hostile, offensive and anger — and unlabeled for the
// rest (many hams are warm or emotional: "love you", "miss u").
func smsExamples(dataDir string, f feat, dev bool) ([]example, error) {
	rows, err := eval.ReadSMS(filepath.Join(dataDir, "sms-spam-collection", "SMSSpamCollection.tsv"))
	if err != nil {
		return nil, err
	}
	var out []example
	var buf []uint32
	for _, r := range rows {
		if r.Spam || eval.InDev(r.Text) != dev {
			continue
		}
		var e example
		e, buf = newExample(r.Text, "sms", f, buf)
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("train: no ham messages in the SMS corpus")
	}
	return out, nil
}
