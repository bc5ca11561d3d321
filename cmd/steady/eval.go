package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
)

// evalAt is the moment every eval text is checked at: a weekday afternoon,
// so that the late-night rule never decides a verdict, and fixed, so that
// the same file always scores the same (eval must not read the clock).
var evalAt = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

const evalHint = "steady eval goemotions-emotional ../shared/data/goemotions/dev.tsv"

func (a *app) evalCmd() *cobra.Command {
	var asJSON, inContext, misses bool
	var split, rulesDir string
	cmd := &cobra.Command{
		Use:   "eval TASK FILE",
		Short: "Score the analyzer on a labeled corpus: precision, recall, F1",
		Long: `Score the analyzer on a labeled file, read in its corpus's own format, and
print precision, recall, F1, macro-F1, accuracy and the base rate (the share
of gold positives). Every text is checked as a reply on a weekday afternoon,
and scored from the analyzer's own output: signals.emotional,
signals.hostile or the verdict.

Tasks:
` + taskList() + `  exes                  messages to an ex or co-parent, labelled by the method
                        (a JSONL file as ../shared/data/exes-dev, or the corpus
                        folder): fine sent, harmful held, each label's
                        precision and recall (docs/ACCURACY.md)
  triage                their messages with the requests, questions and
                        accusations marked (corpus/triage): recall of the
                        requests, precision, accusations answered

The single-file corpora (OLID training file, Davidson, politeness, SMS)
were trained on except for one row in five: score our dev split of them
with --split dev. docs/ACCURACY.md has the numbers and the commands.

Exit status: 0 when the file was scored, 2 for bad usage or a file that is
missing or not in the task's format (the message names file and line).`,
		Example: `  steady eval goemotions-emotional ../shared/data/goemotions/dev.tsv
  steady eval sms-ordinary --split dev ../shared/data/sms-spam-collection/SMSSpamCollection.tsv
  steady eval olid-offensive --json testset-levela.tsv`,
		Args: usageArgs(cobra.ExactArgs(2), evalHint),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] == "triage" {
				return a.evalTriage(args[1], rulesDir, asJSON, misses)
			}
			if args[0] == "exes" {
				mode := eval.ModeReply
				if inContext {
					mode = eval.ModeContext
				}
				return a.evalExes(args[1], split, rulesDir, mode, asJSON, misses)
			}
			task, err := eval.LookupTask(args[0])
			if err != nil {
				return usagef(evalHint, "%s", strings.TrimPrefix(err.Error(), "eval: "))
			}
			var sp eval.Split
			switch split {
			case "all":
				sp = eval.All
			case "dev":
				sp = eval.Dev
			default:
				return usagef("steady eval --split dev "+task.Name+" FILE", "--split %q: want dev or all", split)
			}
			f := checkFlags{rulesDir: rulesDir}
			an, err := f.analyzer()
			if err != nil {
				return err
			}
			ex, err := task.Load(args[1])
			if err != nil {
				return err
			}
			ex = eval.SplitExamples(ex, sp)
			rep, err := eval.Score(task, args[1], ex, analyzerPredictor(an))
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, rep, true)
			}
			return writeEvalReport(a.stdout, task, args[1], split, rep)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object: task, n, precision, recall, f1, macro_f1, accuracy, base_rate")
	cmd.Flags().StringVar(&split, "split", "all", "rows to score: all, or dev (our dev split of a single-file corpus, docs/ACCURACY.md); for exes on the corpus also train or test")
	cmd.Flags().BoolVar(&inContext, "context", false, "exes: check each message with the context its line gives (initiates: not a reply; dumped), not as a reply")
	cmd.Flags().BoolVar(&misses, "misses", false, "exes, triage: list the messages judged otherwise than their labels")
	cmd.Flags().StringVar(&rulesDir, "rules", "", "a folder of rule files laid over the built-in ones (docs/RULES.md)")
	return cmd
}

// analyzerPredictor scores a text with the analyzer's own Result, so that
// eval measures exactly the values the rules act on.
func analyzerPredictor(an *analyze.Analyzer) eval.Predictor {
	return func(q eval.Query) (eval.Prediction, error) {
		res, err := an.Check(q.Text, analyze.Context{Reply: q.Reply, At: evalAt})
		if err != nil {
			return eval.Prediction{}, err
		}
		return eval.Prediction{
			Emotional: res.Signals.Emotional,
			Hostile:   res.Signals.Hostile,
			Verdict:   string(res.Verdict),
		}, nil
	}
}

func taskList() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, t := range eval.Tasks() {
		fmt.Fprintf(tw, "  %s\t%s (from %s)\n", t.Name, t.About, t.Target)
	}
	tw.Flush()
	return b.String()
}

// writeEvalReport prints the report for a person: what was scored, then
// one metric per line with the task's headline metric marked.
func writeEvalReport(w io.Writer, t eval.Task, file, split string, r eval.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s on %s (%s rows)\n", t.Name, file, split)
	fmt.Fprintf(tw, "positive: %s; predicted: %s\n\n", t.About, t.Target)
	line := func(key, label string, v float64) {
		mark := ""
		if key == t.Headline {
			mark = "\t← headline"
		}
		fmt.Fprintf(tw, "  %s\t%.3f%s\n", label, v, mark)
	}
	fmt.Fprintf(tw, "  n\t%d\n", r.N)
	line("precision", "precision", r.Precision)
	line("recall", "recall", r.Recall)
	line("f1", "F1", r.F1)
	line("macro_f1", "macro-F1", r.MacroF1)
	line("accuracy", "accuracy", r.Accuracy)
	line("base_rate", "base rate", r.BaseRate)
	c := r.Confusion
	fmt.Fprintf(tw, "\n  confusion\tTP %d  FP %d  FN %d  TN %d\n", c.TP, c.FP, c.FN, c.TN)
	if r.Skipped > 0 {
		fmt.Fprintf(tw, "  skipped\t%d blank rows\n", r.Skipped)
	}
	return tw.Flush()
}

// evalExes scores the analyzer on messages to exes: the verdicts, and for
// each problem label whether a finding of its rule is present.
func (a *app) evalExes(path, split, rulesDir string, mode eval.ExMode, asJSON, misses bool) error {
	f := checkFlags{rulesDir: rulesDir}
	an, err := f.analyzer()
	if err != nil {
		return err
	}
	ms, err := eval.ReadExes(path)
	if err != nil {
		return err
	}
	if split != "all" {
		want := eval.CorpusSplit(split)
		if want != eval.SplitTrain && want != eval.SplitDev && want != eval.SplitTest {
			return usagef("steady eval exes --split dev corpus", "--split %q: want all, train, dev or test", split)
		}
		kept := ms[:0]
		for _, m := range ms {
			if m.Group != "" && eval.SplitOf(m) == want {
				kept = append(kept, m)
			}
		}
		ms = kept
	}
	rep, err := eval.ScoreExes(path, ms, mode, func(q eval.ExQuery) (eval.ExPrediction, error) {
		res, err := an.Check(q.Text, analyze.Context{Reply: q.Reply, Dumped: q.Dumped, At: evalAt})
		if err != nil {
			return eval.ExPrediction{}, err
		}
		p := eval.ExPrediction{Verdict: string(res.Verdict), Rewrite: res.Rewrite}
		if res.Rewrite != "" {
			rr, err := an.Check(res.Rewrite, analyze.Context{Reply: q.Reply, Dumped: q.Dumped, At: evalAt})
			if err != nil {
				return eval.ExPrediction{}, err
			}
			p.RewriteVerdict = string(rr.Verdict)
		}
		for _, f := range res.Findings {
			for _, r := range append([]string{f.Rule}, f.Also...) {
				if !slices.Contains(p.Rules, r) {
					p.Rules = append(p.Rules, r)
				}
			}
		}
		return p, nil
	})
	if err != nil {
		return err
	}
	if !misses {
		rep.Misses = nil
		rep.Rewrites.Samples = nil
		rep.Rewrites.Unwritten = nil
	}
	if asJSON {
		return writeJSON(a.stdout, rep, true)
	}
	return writeExesReport(a.stdout, rep, split)
}

func writeExesReport(w io.Writer, r eval.ExReport, split string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "exes on %s (%s rows, checked as: %s)\n\n", r.File, split, r.Mode)
	fmt.Fprintf(tw, "  fine messages sent\t%d/%d\t%.2f\n", r.FineSent, r.Fine, r.FineSentShare())
	fmt.Fprintf(tw, "  harmful messages held\t%d/%d\t%.2f\n", r.HarmfulHeld, r.Harmful, r.HarmfulHeldShare())
	fmt.Fprintf(tw, "\n  label\trule\tgold\tfound\tprecision\trecall\tF1\n")
	for _, l := range r.Labels {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%.2f\t%.2f\t%.2f\n", l.Label, l.Rule, l.Gold, l.Found, l.Precision, l.Recall, l.F1)
	}
	fmt.Fprintf(tw, "  macro-F1\t\t\t\t\t\t%.2f\n", r.MacroF1)
	rw := r.Rewrites
	fmt.Fprintf(tw, "\n  rewrites of held harmful messages with a practical ask\t%d/%d\t%.2f\n", rw.Rewritten, rw.WithAsk, share(rw.Rewritten, rw.WithAsk))
	fmt.Fprintf(tw, "    that check as send\t%d/%d\t%.2f\n", rw.Passing, rw.Rewritten, share(rw.Passing, rw.Rewritten))
	fmt.Fprintf(tw, "    that keep the ask's key terms\t%d/%d\t%.2f\n", rw.KeptTerms, rw.Rewritten, share(rw.KeptTerms, rw.Rewritten))
	fmt.Fprintf(tw, "  no rewrite for held harmful messages without one\t%d/%d\t%.2f\n", rw.NoRewrite, rw.WithoutAsk, share(rw.NoRewrite, rw.WithoutAsk))
	fmt.Fprintf(tw, "  every rewrite offered that checks as send\t%d/%d\t%.2f\n", rw.AllPassing, rw.AllRewrites, share(rw.AllPassing, rw.AllRewrites))
	fmt.Fprintf(tw, "\n  verdicts\tsend\trevise\twait\tdont_send\n")
	for _, k := range []string{"fine", "harmful"} {
		v := r.Verdicts[k]
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\n", k, v["send"], v["revise"], v["wait"], v["dont_send"])
	}
	if len(r.Misses) > 0 {
		fmt.Fprintf(tw, "\n%d messages judged otherwise than their labels:\n", len(r.Misses))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.Rewrites.Samples {
		fmt.Fprintf(w, "\nrewrite %s (%s)\n  %s\n→ %s\n", s.ID, s.Verdict, s.Text, s.Rewrite)
	}
	for _, s := range r.Rewrites.Unwritten {
		fmt.Fprintf(w, "\nno rewrite %s (%s)\n  %s\n", s.ID, s.Verdict, s.Text)
	}
	for _, m := range r.Misses {
		fmt.Fprintf(w, "\n%s  %s  gold=%s rules=%s", m.ID, m.Verdict, strings.Join(m.Labels, ","), strings.Join(m.Rules, ","))
		if len(m.Missed) > 0 {
			fmt.Fprintf(w, " missed=%s", strings.Join(m.Missed, ","))
		}
		if len(m.Extra) > 0 {
			fmt.Fprintf(w, " extra=%s", strings.Join(m.Extra, ","))
		}
		fmt.Fprintf(w, "\n  %s\n", m.Text)
	}
	return nil
}

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
