package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/eval"
)

func (a *app) triageCmd() *cobra.Command {
	var asJSON bool
	var at, rulesDir string
	cmd := &cobra.Command{
		Use:   "triage [FILE | -]",
		Short: "Read a message they sent: what needs an answer, what to leave alone, a reply",
		Long: `Read a message they sent (from FILE, or standard input with - or no
argument): the questions and requests in it that need an answer, the parts
to leave alone (blame, insults, threats, bait) and why, whether to reply at
all, and a short reply that answers only the practical points, with
[brackets] where you must decide. The reply is checked as a reply; with a
bracket left in, its check says to fill it in first.

Exit status: 0 when it was read (whether or not it needs a reply), 2 for
bad usage or an unreadable or empty message.`,
		Example: `  steady triage their-message.txt
  pbpaste | steady triage
  steady triage --json their-message.txt`,
		Args: usageArgs(cobra.MaximumNArgs(1), "steady triage [FILE | -]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := a.readDraft(args)
			if err != nil {
				return err
			}
			when := a.now()
			if at != "" {
				t, err := time.Parse(time.RFC3339, at)
				if err != nil {
					return usagef("steady triage --at 2026-11-25T21:30:00+01:00 their-message.txt", "--at %q is not an RFC3339 time", at)
				}
				when = t
			}
			f := checkFlags{rulesDir: rulesDir}
			an, err := f.analyzer()
			if err != nil {
				return err
			}
			tr := an.Triage(text, when)
			if asJSON {
				return writeJSON(a.stdout, &tr, true)
			}
			return a.renderer().triage(a.stdout, text, &tr)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (schema in docs/JSON.md)")
	cmd.Flags().StringVar(&at, "at", "", "when you read it, RFC3339: the reply is checked as written then (default: now)")
	cmd.Flags().StringVar(&rulesDir, "rules", "", "a folder of rule files that add to or override the built-in ones (docs/RULES.md)")
	return cmd
}

// triage writes a triage for a person: whether to reply, what to answer,
// what to leave alone and why, and the reply.
func (r renderer) triage(w io.Writer, text string, tr *analyze.Triage) error {
	bw := bufio.NewWriter(w)
	head := "NO REPLY NEEDED"
	if tr.NeedsReply {
		head = "NEEDS A REPLY"
	}
	fmt.Fprintf(bw, "%s — %s\n", r.paint(ansiBold, head), tr.Why)
	if len(tr.Items) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "To answer"))
		for _, it := range tr.Items {
			l, c := lineCol(text, it.Start)
			fmt.Fprintf(bw, "  %-7s %-9s %q\n", fmt.Sprintf("%d:%d", l, c), it.Kind, oneLine(it.Text))
		}
	}
	if len(tr.Facts) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "To note"))
		for _, it := range tr.Facts {
			l, c := lineCol(text, it.Start)
			fmt.Fprintf(bw, "  %-7s %q\n", fmt.Sprintf("%d:%d", l, c), oneLine(it.Text))
		}
	}
	if len(tr.SetAside) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "Leave alone"))
		for _, s := range tr.SetAside {
			l, c := lineCol(text, s.Start)
			fmt.Fprintf(bw, "  %-7s %q\n", fmt.Sprintf("%d:%d", l, c), oneLine(s.Text))
			fmt.Fprintf(bw, "          %s\n", s.Why)
		}
	}
	if tr.Reply != "" {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "A reply"))
		for _, l := range strings.Split(tr.Reply, "\n") {
			fmt.Fprintf(bw, "  %s\n", l)
		}
		if c := tr.Check; c != nil {
			fmt.Fprintf(bw, "\n%s — %s\n", r.paint(ansiBold+verdictColor(c.Verdict), strings.ToUpper(c.Headline.Word)), c.Headline.Line)
			for _, reason := range c.Reasons {
				fmt.Fprintf(bw, "  • %s\n", reason)
			}
		}
	}
	return bw.Flush()
}

// evalTriage scores triage on a labelled file of their messages
// (corpus/triage/README.md).
func (a *app) evalTriage(path, rulesDir string, asJSON, misses bool) error {
	f := checkFlags{rulesDir: rulesDir}
	an, err := f.analyzer()
	if err != nil {
		return err
	}
	ms, err := eval.ReadTriage(path)
	if err != nil {
		return err
	}
	rep, err := eval.ScoreTriage(path, ms, func(text string) (eval.TriagePrediction, error) {
		if err := analyze.ValidateDraft(text); err != nil {
			return eval.TriagePrediction{}, err
		}
		tr := an.Triage(text, evalAt)
		p := eval.TriagePrediction{NeedsReply: tr.NeedsReply, Reply: tr.Reply}
		for _, it := range tr.Items {
			p.Items = append(p.Items, eval.TriageSpan{Kind: it.Kind, Start: it.Start, End: it.End})
		}
		if c := tr.Check; c != nil {
			p.ReplySends = c.Verdict == analyze.VerdictSend
			for _, f := range c.Findings {
				if f.Rule != analyze.RulePlaceholder { // the brackets are meant
					p.ReplyFlags = append(p.ReplyFlags, f.Rule)
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
	}
	if asJSON {
		return writeJSON(a.stdout, rep, true)
	}
	return writeTriageReport(a.stdout, rep)
}

func writeTriageReport(w io.Writer, r eval.TriageReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "triage on %s (%d messages)\n\n", r.File, r.Messages)
	fmt.Fprintf(tw, "  requests and questions found (recall)\t%d/%d\t%.2f\n", r.Found, r.Asks, r.Recall)
	for _, k := range []string{eval.SpanRequest, eval.SpanQuestion} {
		if c := r.ByKind[k]; c != nil {
			fmt.Fprintf(tw, "    %ss\t%d/%d\t%.2f\n", k, c.Found, c.Asks, c.Recall)
		}
	}
	fmt.Fprintf(tw, "  items that are a marked ask (precision)\t%d/%d\t%.2f\n", r.Right, r.Items, r.Precision)
	fmt.Fprintf(tw, "  accusations answered\t%d/%d\n", r.Answered, r.Accusations)
	fmt.Fprintf(tw, "  needs a reply, said right\t%d/%d\t%.2f\n", r.NeedsReplyCorrect, r.Messages, share(r.NeedsReplyCorrect, r.Messages))
	fmt.Fprintf(tw, "\n  reply drafts\t%d\n", r.Replies)
	fmt.Fprintf(tw, "    with a [placeholder] left in that check as send\t%d\n", r.PlaceholderSend)
	fmt.Fprintf(tw, "    that quote a sentence of theirs back\t%d\n", r.Quoting)
	fmt.Fprintf(tw, "    that promise to get back to them\t%d\n", r.Promising)
	fmt.Fprintf(tw, "    that their own check flags\t%d\n", r.Flagged)
	fmt.Fprintf(tw, "\n  recall by style\n")
	for _, s := range slices.Sorted(maps.Keys(r.ByStyle)) {
		c := r.ByStyle[s]
		if c.Asks == 0 {
			fmt.Fprintf(tw, "    %s\t0/0\t—\n", s)
			continue
		}
		fmt.Fprintf(tw, "    %s\t%d/%d\t%.2f\n", s, c.Found, c.Asks, c.Recall)
	}
	if len(r.Misses) > 0 {
		fmt.Fprintf(tw, "\n%d messages read otherwise than their labels:\n", len(r.Misses))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, m := range r.Misses {
		fmt.Fprintf(w, "\n%s (line %d)\n  %s\n", m.ID, m.Line, strings.ReplaceAll(m.Text, "\n", "\n  "))
		for _, s := range m.Missed {
			fmt.Fprintf(w, "  missed:   %q\n", s)
		}
		for _, s := range m.Extra {
			fmt.Fprintf(w, "  extra:    %q\n", s)
		}
		for _, s := range m.Answered {
			fmt.Fprintf(w, "  answered: %q\n", s)
		}
		for _, s := range m.Problem {
			fmt.Fprintf(w, "  reply:    %s\n", s)
		}
		if m.Reply != "" {
			fmt.Fprintf(w, "  → %s\n", strings.ReplaceAll(m.Reply, "\n", "\n    "))
		}
	}
	return nil
}
