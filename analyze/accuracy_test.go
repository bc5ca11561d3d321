package analyze_test

import (
	"path/filepath"
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
	{"sms-ordinary", "sms-spam-collection", "SMSSpamCollection.tsv", eval.Dev, "accuracy", 0.945, 0},
	{"sms-ham", "sms-spam-collection", "SMSSpamCollection.tsv", eval.Dev, "accuracy", 0.86, 0},
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

// TestJudgmentFloors holds the analyzer's judgment of messages to exes a
// little below what it reaches (docs/ACCURACY.md): on the real-message
// dev set, checked as replies, the share of fine messages sent and of
// harmful ones held, and that every rewrite steady offers checks as send;
// on the corpus's test split, the macro-F1 of the problem labels.
func TestJudgmentFloors(t *testing.T) {
	a, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	predict := func(q eval.ExQuery) (eval.ExPrediction, error) {
		c := analyze.Context{Reply: q.Reply, Dumped: q.Dumped, At: at}
		res, err := a.Check(q.Text, c)
		if err != nil {
			return eval.ExPrediction{}, err
		}
		p := eval.ExPrediction{Verdict: string(res.Verdict), Rewrite: res.Rewrite}
		for _, f := range res.Findings {
			p.Rules = append(append(p.Rules, f.Rule), f.Also...)
		}
		if res.Rewrite != "" {
			p.RewriteVerdict = string(a.Run(res.Rewrite, c).Verdict)
		}
		return p, nil
	}
	t.Run("real messages to exes, checked as replies", func(t *testing.T) {
		path := sharedtest.Path(t, "data", "exes-dev", "real-drafts.jsonl")
		ms, err := eval.ReadExes(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := eval.ScoreExes(path, ms, eval.ModeReply, predict)
		if err != nil {
			t.Fatal(err)
		}
		// One fine message of the 40 is 0.025: the floors leave one.
		if got := r.FineSentShare(); got < 0.825 {
			t.Errorf("fine messages sent %.3f, below the floor 0.825", got)
		}
		if got := r.HarmfulHeldShare(); got < 0.66 {
			t.Errorf("harmful messages held %.3f, below the floor 0.66", got)
		}
		if rw := r.Rewrites; rw.AllPassing != rw.AllRewrites {
			t.Errorf("%d of %d rewrites do not check as send", rw.AllRewrites-rw.AllPassing, rw.AllRewrites)
		}
		t.Logf("fine sent %.3f, harmful held %.3f, macro-F1 %.3f", r.FineSentShare(), r.HarmfulHeldShare(), r.MacroF1)
	})
	t.Run("the corpus's test split", func(t *testing.T) {
		ms, err := eval.ReadExes(filepath.Join("..", "corpus"))
		if err != nil {
			t.Fatal(err)
		}
		var test []eval.ExMessage
		for _, m := range ms {
			if eval.SplitOf(m) == eval.SplitTest {
				test = append(test, m)
			}
		}
		r, err := eval.ScoreExes("corpus test", test, eval.ModeReply, predict)
		if err != nil {
			t.Fatal(err)
		}
		if r.MacroF1 < 0.71 {
			t.Errorf("macro-F1 %.3f, below the floor 0.71", r.MacroF1)
		}
		if rw := r.Rewrites; rw.AllPassing != rw.AllRewrites {
			t.Errorf("%d of %d rewrites do not check as send", rw.AllRewrites-rw.AllPassing, rw.AllRewrites)
		}
		t.Logf("fine sent %.3f, harmful held %.3f, macro-F1 %.3f", r.FineSentShare(), r.HarmfulHeldShare(), r.MacroF1)
	})
}
