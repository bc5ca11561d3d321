package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/say"
)

// auditLine is one line's result in audit --json: the check schema plus
// the line number.
type auditLine struct {
	Line int `json:"line"`
	analyze.Result
}

// auditSummary tallies an audit for the human report.
type auditSummary struct {
	messages  int
	skipped   int
	verdicts  map[analyze.Verdict]int
	rules     map[string]int
	worst     []worstLine
	worstKeep int
}

type worstLine struct {
	line     int
	verdict  analyze.Verdict
	findings int
	text     string
}

func (w worstLine) worse(o worstLine) bool {
	if rv, ro := w.verdict.Rank(), o.verdict.Rank(); rv != ro {
		return rv > ro
	}
	if w.findings != o.findings {
		return w.findings > o.findings
	}
	return w.line < o.line
}

func (s *auditSummary) add(line int, text string, res *analyze.Result) {
	s.messages++
	s.verdicts[res.Verdict]++
	for i := range res.Findings {
		s.rules[res.Findings[i].Rule]++
	}
	if res.Verdict == analyze.VerdictSend {
		return
	}
	wl := worstLine{line: line, verdict: res.Verdict, findings: len(res.Findings)}
	if len(s.worst) == s.worstKeep && !wl.worse(s.worst[len(s.worst)-1]) {
		return
	}
	wl.text = text
	if len(text) > 200 {
		wl.text = text[:200]
	}
	s.worst = append(s.worst, wl)
	sort.SliceStable(s.worst, func(i, j int) bool { return s.worst[i].worse(s.worst[j]) })
	if len(s.worst) > s.worstKeep {
		s.worst = s.worst[:s.worstKeep]
	}
}

func (a *app) auditCmd() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "audit [FILE | -]",
		Short: "Check many messages, one per line, and summarise",
		Long: `Check every line of FILE (or standard input) as a message, with the same
flags as check. Prints a summary: messages per verdict, findings per rule and
the worst lines. With --json, prints one JSON object per line instead (the
check schema plus "line").

With --contact and no FILE, audits your own past messages to that contact,
from the imported history, each checked as it was sent.

Exit status: 0 when every message may be sent, 1 otherwise, 2 for bad usage
or unreadable input.`,
		Example: `  steady audit --reply sent-messages.txt
  steady audit --json drafts.txt | jq .verdict`,
		Args: usageArgs(cobra.MaximumNArgs(1), "steady audit [FILE | -]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := f.request("")
			if err != nil {
				return err
			}
			an, err := f.analyzer()
			if err != nil {
				return err
			}
			sv, err := f.services(cmd.Context(), a, false)
			if err != nil {
				return err
			}
			if sv != nil {
				defer sv.db.Close()
			}
			c, contact, err := a.adviser(an, sv).Context(cmd.Context(), req)
			if err != nil {
				return err
			}
			sum := &auditSummary{verdicts: map[analyze.Verdict]int{}, rules: map[string]int{}, worstKeep: 5}
			out := bufio.NewWriterSize(a.stdout, 64<<10)
			each := func(line int, text string, c analyze.Context) error {
				res := an.Run(text, c)
				if f.json {
					if err := writeJSON(out, auditLine{Line: line, Result: res}, false); err != nil {
						return err
					}
				}
				sum.add(line, text, &res)
				return nil
			}
			if contact != nil && len(args) == 0 {
				err = a.auditHistory(cmd.Context(), sv, contact, c, each)
			} else {
				err = a.auditLines(cmd.Context(), args, c, sum, each)
			}
			if err != nil {
				return err
			}
			if !f.json {
				a.renderer().audit(out, sum)
			}
			if err := out.Flush(); err != nil {
				return err
			}
			if sum.messages-sum.verdicts[analyze.VerdictSend] > 0 || sum.skipped > 0 {
				a.code = exitVerdict
			}
			return nil
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// auditLines checks every non-empty line of the file named in args, or of
// standard input.
func (a *app) auditLines(ctx context.Context, args []string, c analyze.Context, sum *auditSummary, each func(int, string, analyze.Context) error) error {
	name := "standard input"
	var r io.Reader = a.stdin
	if len(args) == 1 && args[0] != "-" {
		name = args[0]
		fh, err := os.Open(args[0])
		if err != nil {
			return steady.Errorf(steady.EInvalid, "audit: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), analyze.MaxDraftBytes)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if err := analyze.ValidateDraft(text); err != nil {
			fmt.Fprintf(a.stderr, "steady: %s line %d: %s; skipped\n", name, line, strings.TrimPrefix(err.Error(), "line 1: "))
			sum.skipped++
			continue
		}
		if err := each(line, text, c); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return steady.Errorf(steady.EInvalid, "%s line %d: %w", name, line+1, err)
	}
	return nil
}

// auditHistory checks the user's own past messages to a contact, each as
// it was sent: a reply when their message came just before, at its own
// time. "line" numbers the user's messages in order.
func (a *app) auditHistory(ctx context.Context, sv *services, contact *steady.Contact, base analyze.Context, each func(int, string, analyze.Context) error) error {
	msgs, err := sv.messages.MessagesBetween(ctx, contact.ID, time.Time{}, time.Time{})
	if err != nil {
		return fmt.Errorf("audit %s: %w", contact.Name, err)
	}
	n := 0
	lastSide := steady.SideUnknown
	for i := range msgs {
		m := &msgs[i]
		if !m.Counts() {
			continue
		}
		if m.Side == steady.SideMe && strings.TrimSpace(m.Text) != "" {
			n++
			c := base
			c.Rhythm = nil // the rhythm as known then is not kept
			c.At = m.At
			c.Reply = lastSide == steady.SideThem
			if err := each(n, m.Text, c); err != nil {
				return err
			}
		}
		lastSide = m.Side
	}
	return nil
}

// audit writes the human summary of an audit.
func (r renderer) audit(w io.Writer, s *auditSummary) {
	fmt.Fprintf(w, "%s checked", r.paint(ansiBold, say.Count(s.messages, "message")))
	if s.skipped > 0 {
		fmt.Fprintf(w, " (%s skipped)", say.Count(s.skipped, "line"))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.paint(ansiBold, "Verdicts"))
	for _, v := range []analyze.Verdict{analyze.VerdictSend, analyze.VerdictRevise, analyze.VerdictWait, analyze.VerdictDontSend} {
		n := s.verdicts[v]
		pct := 0.0
		if s.messages > 0 {
			pct = 100 * float64(n) / float64(s.messages)
		}
		// The verdict as every surface says it ("Don't send"), padded
		// before it is painted so that the columns line up in colour too.
		fmt.Fprintf(w, "  %s %4d  %5.1f%%\n", r.paint(verdictColor(v), fmt.Sprintf("%-16s", v.Word())), n, pct)
	}
	if len(s.rules) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, r.paint(ansiBold, "Findings per rule"))
		ids := make([]string, 0, len(s.rules))
		for id := range s.rules {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			if s.rules[ids[i]] != s.rules[ids[j]] {
				return s.rules[ids[i]] > s.rules[ids[j]]
			}
			return ids[i] < ids[j]
		})
		for _, id := range ids {
			fmt.Fprintf(w, "  %-28s %7d\n", id, s.rules[id])
		}
	}
	if len(s.worst) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, r.paint(ansiBold, "Worst lines"))
		for _, wl := range s.worst {
			text := oneLine(wl.text)
			if len([]rune(text)) > 70 {
				text = string([]rune(text)[:69]) + "…"
			}
			fmt.Fprintf(w, "  line %-6d %-16s %-11s %s\n", wl.line, wl.verdict.Word(), say.Count(wl.findings, "finding"), text)
		}
	}
}
