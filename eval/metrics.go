package eval

// Confusion counts binary outcomes: gold positive/negative × predicted.
type Confusion struct {
	TP, FP, FN, TN int
}

// Add counts one example.
func (c *Confusion) Add(gold, predicted bool) {
	switch {
	case gold && predicted:
		c.TP++
	case gold:
		c.FN++
	case predicted:
		c.FP++
	default:
		c.TN++
	}
}

// N is the number of examples counted.
func (c Confusion) N() int { return c.TP + c.FP + c.FN + c.TN }

// Precision of the positive class; 0 when nothing was predicted positive.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall of the positive class; 0 when there is no gold positive.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 of the positive class: 2TP / (2TP + FP + FN).
func (c Confusion) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

// NegF1 is F1 with the classes swapped.
func (c Confusion) NegF1() float64 { return ratio(2*c.TN, 2*c.TN+c.FP+c.FN) }

// MacroF1 is the mean F1 over the classes that occur in the gold labels.
// Over both classes when both occur (the usual binary macro-F1, which does
// not reward flagging everything when most rows are positive); over the one
// class when a task has gold positives only, as sms-ordinary does (every
// ham message is ordinary), where a class with no gold rows has no F1.
func (c Confusion) MacroF1() float64 {
	pos, neg := c.TP+c.FN > 0, c.TN+c.FP > 0
	switch {
	case pos && neg:
		return (c.F1() + c.NegF1()) / 2
	case pos:
		return c.F1()
	case neg:
		return c.NegF1()
	}
	return 0
}

// Accuracy is the share of examples predicted correctly.
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.N()) }

// BaseRate is the share of gold positives.
func (c Confusion) BaseRate() float64 { return ratio(c.TP+c.FN, c.N()) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Report is the score of one task on one file. The JSON keys are the
// stable schema of `steady eval --json`.
type Report struct {
	Task      string  `json:"task"`
	N         int     `json:"n"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	MacroF1   float64 `json:"macro_f1"`
	Accuracy  float64 `json:"accuracy"`
	BaseRate  float64 `json:"base_rate"`
	// Confusion holds the counts behind the rates, for human output.
	Confusion Confusion `json:"-"`
	// Skipped counts rows with no text to check (blank after trimming).
	Skipped int `json:"-"`
}

// NewReport fills a Report from counts.
func NewReport(task string, c Confusion) Report {
	return Report{
		Task:      task,
		N:         c.N(),
		Precision: c.Precision(),
		Recall:    c.Recall(),
		F1:        c.F1(),
		MacroF1:   c.MacroF1(),
		Accuracy:  c.Accuracy(),
		BaseRate:  c.BaseRate(),
		Confusion: c,
	}
}
