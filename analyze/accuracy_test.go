package analyze_test

import (
	"testing"
	"time"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/internal/sharedtest"
)

// accuracyFloors are a little below what the analyzer reaches on the dev
// splits (docs/ACCURACY.md has the numbers and the commands), so that a
// change to the rules, the word lists or the model cannot lose accuracy
// silently. They are checked on every dev row, with and without -race:
// the whole set is about 16,000 checks.
var accuracyFloors = []struct {
	task, corpus, file string
	split              eval.Split
	metric             string
	floor              float64
	minPrecision       float64
}{
	{"goemotions-emotional", "goemotions", "dev.tsv", eval.All, "macro_f1", 0.71, 0},
	{"goemotions-hostile", "goemotions", "dev.tsv", eval.All, "f1", 0.55, 0.51},
	{"olid-offensive", "olid", "olid-training-v1.0.tsv", eval.Dev, "f1", 0.51, 0.65},
	{"davidson-offensive", "davidson-offensive", "labeled_data.csv", eval.Dev, "f1", 0.92, 0.95},
	{"politeness-impolite", "stanford-politeness", "wikipedia.annotated.csv", eval.Dev, "accuracy", 0.72, 0},
	{"politeness-impolite", "stanford-politeness", "stack-exchange.annotated.csv", eval.Dev, "accuracy", 0.72, 0},
	{"meld-emotional", "meld", "dev_sent_emo.csv", eval.All, "macro_f1", 0.68, 0},
	{"sms-ordinary", "sms-spam-collection", "SMSSpamCollection.tsv", eval.Dev, "accuracy", 0.89, 0},
}

// TestAccuracyFloors scores the analyzer's own output — signals.emotional,
// signals.hostile and the verdict, the values its rules act on — exactly
// as `steady eval` does: every text checked as a reply on a weekday
// afternoon.
func TestAccuracyFloors(t *testing.T) {
	a, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	predict := func(q eval.Query) (eval.Prediction, error) {
		res, err := a.Check(q.Text, analyze.Context{Reply: q.Reply, At: at})
		if err != nil {
			return eval.Prediction{}, err
		}
		return eval.Prediction{Emotional: res.Signals.Emotional, Hostile: res.Signals.Hostile, Verdict: string(res.Verdict)}, nil
	}
	for _, tc := range accuracyFloors {
		t.Run(tc.task+"/"+tc.file, func(t *testing.T) {
			r, err := eval.RunSplit(tc.task, sharedtest.Path(t, "data", tc.corpus, tc.file), tc.split, predict)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{"f1": r.F1, "macro_f1": r.MacroF1, "accuracy": r.Accuracy}[tc.metric]
			if got < tc.floor {
				t.Errorf("%s %s = %.3f, below the floor %.2f (%+v)", tc.task, tc.metric, got, tc.floor, r)
			}
			if r.Precision < tc.minPrecision {
				t.Errorf("%s precision = %.3f, below %.2f (%+v)", tc.task, r.Precision, tc.minPrecision, r)
			}
			t.Logf("%s on %s: n %d, %s %.3f, precision %.3f, recall %.3f", tc.task, tc.file, r.N, tc.metric, got, r.Precision, r.Recall)
		})
	}
}
