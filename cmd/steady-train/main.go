// Command steady-train trains steady's emotion and hostility model from the
// train splits of the corpora in ../shared/data, chooses the thresholds on
// their dev splits, writes the weights file and prints the dev metrics.
//
//	go run ./cmd/steady-train -data ../shared/data -out model/weights.bin
//
// The run is reproducible: the same data and flags write the same bytes.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/steadyhq/steady/cmd/steady-train/internal/train"
	"github.com/steadyhq/steady/harm"
	"github.com/steadyhq/steady/model"
)

func main() {
	if err := Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "steady-train:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// Main parses args and runs one training.
func Main(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("steady-train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := train.DefaultConfig("")
	dataDir := fs.String("data", "../shared/data", "folder of the corpora (one sub-folder per corpus, as in ../shared/data)")
	out := fs.String("out", "model/weights.bin", "weights file to write (\"\" to write none)")
	bits := fs.Int("bits", def.Bits, "hash bits: the weight table has 2^bits rows")
	epochs := fs.Int("epochs", def.Hyper[0].Epochs, "passes over the training data")
	alpha := fs.Float64("alpha", def.Hyper[0].Alpha, "FTRL learning rate")
	l1 := fs.Float64("l1", def.Hyper[0].L1, "L1 regularisation")
	l2 := fs.Float64("l2", def.Hyper[0].L2, "L2 regularisation")
	posWeight := fs.Float64("posweight", def.Hyper[0].PosWeight, "loss weight of positive examples")
	hostileExtra := fs.Float64("hostile-extra", float64(def.HostileExtra), "weight of OLID and Davidson examples in the hostile head (0: not used)")
	sms := fs.Bool("sms-negatives", def.SMSNegatives, "use SMS ham (train part) as negatives for hostile, offensive and anger")
	meld := fs.Bool("meld", def.MELD, "train the emotion heads on MELD train as well")
	meldWeight := fs.Float64("meld-weight", float64(def.MELDWeight), "loss weight of a MELD example")
	mixed := fs.Bool("mixed-emotional", def.MixedEmotional, "train the emotional head on GoEmotions rows labeled neutral and an emotion at once (false: leave them out of it)")
	nb := fs.Float64("nb", def.Hyper[model.Hostile].NB, "naive-Bayes feature scaling: smoothing count (0: off; default on for hostile, anger and offensive only)")
	minPrec := fs.Float64("min-hostile-precision", def.MinHostilePrecision, "lowest dev precision the hostile threshold may give")
	features := fs.String("features", def.Features.String(), "feature groups, comma-separated: "+strings.Join(model.FeatureNames(), ",")+", or all (all,-name drops one)")
	vocab := fs.Int("vocab", def.VocabSize, "words memoized by the model, most frequent first (0: every word seen twice)")
	workers := fs.Int("workers", def.Workers, "heads trained at once")
	hd := harm.DefaultTrainConfig()
	harmCorpus := fs.String("harm", "", "train the harm heads instead, from this corpus folder (corpus/); -out defaults to harm/weights.bin")
	harmEpochs := fs.Int("harm-epochs", hd.Epochs, "harm heads: passes over the corpus")
	harmRate := fs.Float64("harm-rate", hd.Rate, "harm heads: AdaGrad learning rate")
	harmL2 := fs.Float64("harm-l2", 1e-4, "harm heads: L2 penalty")
	harmMin := fs.Int("harm-min-count", hd.MinCount, "harm heads: messages a feature must occur in")
	harmExes := fs.String("harm-exes", "", "harm heads: the real-message dev set on which one shift of every threshold is chosen (e.g. ../shared/data/exes-dev/real-drafts.jsonl)")
	harmSMS := fs.Float64("harm-sms-weight", 3, "harm heads: loss weight of an ordinary SMS (an example of no harm)")
	harmNB := fs.Float64("harm-nb", 0, "harm heads: naive-Bayes feature scaling, its smoothing (0: off)")
	harmPrec := fs.Float64("harm-min-precision", 0.75, "harm heads: lowest corpus-dev precision a label's thresholds may give")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q; Try: steady-train -data ../shared/data -out model/weights.bin", errUsage, fs.Arg(0))
	}
	if *harmCorpus != "" {
		hout := *out
		if !isFlagSet(fs, "out") {
			hout = "harm/weights.bin"
		}
		hc := harmConfig{corpus: *harmCorpus, sms: filepath.Join(*dataDir, "sms-spam-collection", "SMSSpamCollection.tsv"), olid: filepath.Join(*dataDir, "olid", "olid-training-v1.0.tsv"), smsWeight: *harmSMS, out: hout, exes: *harmExes, minPrecision: *harmPrec, train: harm.TrainConfig{Epochs: *harmEpochs, Rate: *harmRate, L2: *harmL2, MinCount: *harmMin, NB: *harmNB, Seed: hd.Seed}}
		return trainHarm(hc, stdout, stderr)
	}
	c := train.DefaultConfig(*dataDir)
	fset, err := model.ParseFeatureSet(*features)
	if err != nil {
		return fmt.Errorf("%w: -features: %v", errUsage, err)
	}
	c.Features = fset
	c.Bits, c.HostileExtra, c.SMSNegatives, c.MELD, c.MELDWeight = *bits, float32(*hostileExtra), *sms, *meld, float32(*meldWeight)
	c.MixedEmotional = *mixed
	c.MinHostilePrecision, c.Workers, c.Log, c.VocabSize = *minPrec, *workers, stderr, *vocab
	// A flag given on the command line sets that setting for every head;
	// the ones not given keep their per-head defaults.
	fs.Visit(func(f *flag.Flag) {
		for h := range c.Hyper {
			hp := &c.Hyper[h]
			switch f.Name {
			case "epochs":
				hp.Epochs = *epochs
			case "alpha":
				hp.Alpha = *alpha
			case "l1":
				hp.L1 = *l1
			case "l2":
				hp.L2 = *l2
			case "posweight":
				hp.PosWeight = *posWeight
			case "nb":
				hp.NB = *nb
			}
		}
	})

	start := time.Now()
	res, err := train.Train(c)
	if err != nil {
		return fmt.Errorf("training: %w", err)
	}
	var buf bytes.Buffer
	if err := model.Encode(&buf, res.Params); err != nil {
		return err
	}
	if *out != "" {
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing weights: %w", err)
		}
	}
	fmt.Fprintf(stdout, "trained in %s; weights %d bytes (%d hash bits, features %s) -> %s\n", time.Since(start).Round(time.Second), buf.Len(), c.Bits, c.Features, *out)
	fmt.Fprint(stdout, "non-zero weights per head:")
	for h := range model.NumHeads {
		fmt.Fprintf(stdout, " %s=%d", model.Head(h), res.NonZero[h])
	}
	fmt.Fprintln(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "head\tdev data\tthreshold\tn\tprecision\trecall\tf1\tmacro_f1\taccuracy\tbase_rate\tthreshold chosen for")
	var fires []train.Row
	for _, r := range res.Dev {
		if r.FireRate {
			fires = append(fires, r)
			continue
		}
		h, _ := model.ParseHead(r.Head)
		rep := r.Report
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s\n", r.Head, r.Data, res.Model.Threshold(h),
			rep.N, rep.Precision, rep.Recall, rep.F1, rep.MacroF1, rep.Accuracy, rep.BaseRate, r.Metric)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, r := range fires {
		if i == 0 {
			fmt.Fprintf(stdout, "\nshare of %s that each head fires on (false-positive rate):\n", r.Data)
		}
		fmt.Fprintf(tw, "%s\t%.3f\t(%d of %d)\n", r.Head, 1-r.Report.Accuracy, r.Report.Confusion.FP, r.Report.N)
	}
	return tw.Flush()
}

func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
