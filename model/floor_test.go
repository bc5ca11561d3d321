package model_test

import (
	"testing"

	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/internal/sharedtest"
	"github.com/steadyhq/steady/model"
)

// Floors on the dev splits, a little below what the committed weights
// reach (docs/ACCURACY.md), so that a retrain or a featurizer change
// cannot lose accuracy silently. The predictor is the model alone; the
// analyzer's own floors (phase 2) sit on top of these.
func TestDevFloors(t *testing.T) {
	m := load(t)
	predict := func(q eval.Query) (eval.Prediction, error) {
		s := m.Score(q.Text)
		return eval.Prediction{Emotional: m.Fires(s, model.Emotional), Hostile: m.Fires(s, model.Hostile)}, nil
	}
	for _, tc := range []struct {
		task, corpus, file string
		split              eval.Split
		metric             string
		floor              float64
		minPrecision       float64
	}{
		{"goemotions-emotional", "goemotions", "dev.tsv", eval.All, "macro_f1", 0.70, 0},
		{"goemotions-hostile", "goemotions", "dev.tsv", eval.All, "f1", 0.54, 0.48},
		{"meld-emotional", "meld", "dev_sent_emo.csv", eval.All, "macro_f1", 0.68, 0},
		{"olid-offensive", "olid", "olid-training-v1.0.tsv", eval.Dev, "f1", 0.49, 0},
	} {
		t.Run(tc.task, func(t *testing.T) {
			r, err := eval.RunSplit(tc.task, sharedtest.Path(t, "data", tc.corpus, tc.file), tc.split, predict)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{"f1": r.F1, "macro_f1": r.MacroF1}[tc.metric]
			if got < tc.floor {
				t.Errorf("%s %s = %.3f, below the floor %.2f (%+v)", tc.task, tc.metric, got, tc.floor, r)
			}
			if r.Precision < tc.minPrecision {
				t.Errorf("%s precision = %.3f, below %.2f", tc.task, r.Precision, tc.minPrecision)
			}
		})
	}
}
