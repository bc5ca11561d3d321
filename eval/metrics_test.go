package eval_test

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steadyhq/steady/eval"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// Each row's expectations were worked out by hand from the four counts.
func TestMetricsFromHandComputedConfusions(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		c                          eval.Confusion
		p, r, f1, macro, acc, base float64
	}{
		// P = 8/10, R = 8/12, F1 = 16/22; negF1 = 2*78/(156+2+4) = 156/162.
		{"a typical confusion", eval.Confusion{TP: 8, FP: 2, FN: 4, TN: 78}, 0.8, 8.0 / 12, 16.0 / 22, (16.0/22 + 156.0/162) / 2, 86.0 / 92, 12.0 / 92},
		// Flagging everything when 70% are positive: F1 = 140/170 looks good,
		// negF1 = 0, so macro-F1 halves it.
		{"flagging everything", eval.Confusion{TP: 70, FP: 30}, 0.7, 1, 140.0 / 170, 70.0 / 170, 0.7, 0.7},
		// Nothing predicted positive: precision and F1 are 0, not NaN.
		{"flagging nothing", eval.Confusion{FN: 5, TN: 95}, 0, 0, 0, (0 + 190.0/195) / 2, 0.95, 0.05},
		// Gold positives only (sms-ordinary): macro-F1 is the positive F1.
		{"one gold class", eval.Confusion{TP: 96, FN: 4}, 1, 0.96, 192.0 / 196, 192.0 / 196, 0.96, 1},
		{"no examples", eval.Confusion{}, 0, 0, 0, 0, 0, 0},
		// Perfect prediction.
		{"perfect", eval.Confusion{TP: 3, TN: 7}, 1, 1, 1, 1, 1, 0.3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := eval.NewReport("x", tc.c)
			got := []float64{r.Precision, r.Recall, r.F1, r.MacroF1, r.Accuracy, r.BaseRate}
			want := []float64{tc.p, tc.r, tc.f1, tc.macro, tc.acc, tc.base}
			names := []string{"precision", "recall", "f1", "macro_f1", "accuracy", "base_rate"}
			for i := range got {
				if !near(got[i], want[i]) {
					t.Errorf("%s = %v, want %v", names[i], got[i], want[i])
				}
			}
			if r.N != tc.c.TP+tc.c.FP+tc.c.FN+tc.c.TN {
				t.Errorf("n = %d", r.N)
			}
		})
	}
}

func TestConfusionAdd(t *testing.T) {
	var c eval.Confusion
	for _, p := range [][2]bool{{true, true}, {true, false}, {false, true}, {false, false}, {false, false}} {
		c.Add(p[0], p[1])
	}
	if c != (eval.Confusion{TP: 1, FN: 1, FP: 1, TN: 2}) {
		t.Errorf("c = %+v", c)
	}
}

func TestReportJSONKeys(t *testing.T) {
	b, err := json.Marshal(eval.NewReport("olid-offensive", eval.Confusion{TP: 1, TN: 1}))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"task", "n", "precision", "recall", "f1", "macro_f1", "accuracy", "base_rate"}
	if len(m) != len(want) {
		t.Errorf("keys %v, want exactly %v", m, want)
	}
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing from %s", k, b)
		}
	}
}

// Run must score the field its task names, pass every text as a reply,
// and skip nothing but blank rows.
func TestRunScoresTheTaskTarget(t *testing.T) {
	hostileWords := func(q eval.Query) (eval.Prediction, error) {
		if !q.Reply {
			t.Errorf("%q was not checked as a reply", q.Text)
		}
		h := strings.Contains(q.Text, "clown")
		return eval.Prediction{Hostile: h, Emotional: !h, Verdict: map[bool]string{true: "revise", false: "send"}[h]}, nil
	}
	r, err := eval.RunSplit("olid-offensive", filepath.Join("testdata", "olidtest", "testset-levela.tsv"), eval.All, hostileWords)
	if err != nil {
		t.Fatal(err)
	}
	if r.Confusion != (eval.Confusion{TP: 1, TN: 1}) || r.N != 2 || r.Task != "olid-offensive" {
		t.Errorf("report %+v", r)
	}
	r, err = eval.RunSplit("sms-ordinary", filepath.Join("testdata", "sms-label.tsv"), eval.All, hostileWords)
	if err == nil {
		t.Errorf("bad file scored: %+v", r)
	}
	r, err = eval.RunSplit("meld-emotional", filepath.Join("testdata", "meld-good.csv"), eval.All, hostileWords)
	if err != nil {
		t.Fatal(err)
	}
	// Both lines predicted emotional; line 1 is neutral, line 2 joy.
	if r.Confusion != (eval.Confusion{TP: 1, FP: 1}) {
		t.Errorf("report %+v", r)
	}
}

func TestUnknownTaskListsTheTasks(t *testing.T) {
	_, err := eval.RunSplit("vibes", "x", eval.All, nil)
	if err == nil || !strings.Contains(err.Error(), "goemotions-emotional") {
		t.Errorf("err = %v", err)
	}
}

func TestInDevIsStableAndAboutOneInFive(t *testing.T) {
	if eval.InDev("See you at  5") != eval.InDev("see you at 5") {
		t.Error("case and spacing changed the split")
	}
	n := 0
	for i := range 10000 {
		if eval.InDev(strings.Repeat("x", i%37) + string(rune('a'+i%26)) + strings.Repeat("y", i/37)) {
			n++
		}
	}
	if n < 1800 || n > 2200 {
		t.Errorf("%d of 10000 in dev, want about 2000", n)
	}
}
