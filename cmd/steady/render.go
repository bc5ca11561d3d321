package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/steadyhq/steady/analyze"
)

// renderer writes human output, with colour only on a terminal and never
// when NO_COLOR is set (https://no-color.org).
type renderer struct {
	color bool
}

func (a *app) renderer() renderer {
	color := a.isTerminal(a.stdout) && a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb"
	return renderer{color: color}
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiUnder  = "\x1b[4m"
)

func (r renderer) paint(code, s string) string {
	if !r.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func sevColor(s analyze.Severity) string {
	switch s {
	case analyze.SeverityError:
		return ansiRed
	case analyze.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

func verdictColor(v analyze.Verdict) string {
	switch v {
	case analyze.VerdictSend:
		return ansiGreen
	case analyze.VerdictRevise, analyze.VerdictWait:
		return ansiYellow
	}
	return ansiRed
}

// check writes the result of one check: verdict, reasons, findings with
// line:column, the draft with flagged spans highlighted, the rewrite.
func (r renderer) check(w io.Writer, text string, res *analyze.Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s — %s\n", r.paint(ansiBold+verdictColor(res.Verdict), strings.ToUpper(res.Headline.Word)), res.Headline.Line)
	if res.Verdict != analyze.VerdictSend || len(res.Findings) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "Why"))
	}
	for _, reason := range res.Reasons {
		if res.Verdict == analyze.VerdictSend && len(res.Findings) == 0 {
			break
		}
		fmt.Fprintf(bw, "  • %s\n", reason)
	}
	if len(res.Findings) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "Findings"))
		for i := range res.Findings {
			f := &res.Findings[i]
			pos := "whole draft"
			if !f.Whole() {
				l, c := lineCol(text, f.Start)
				pos = fmt.Sprintf("%d:%d", l, c)
			}
			fmt.Fprintf(bw, "  %-11s %s %s\n", pos, r.paint(sevColor(f.Severity), string(f.Severity)), r.paint(ansiBold, f.Rule))
			if !f.Whole() {
				fmt.Fprintf(bw, "              %q\n", oneLine(f.Text))
			}
			fmt.Fprintf(bw, "              %s\n", f.Message)
			switch {
			case f.Replace && f.Suggestion == "":
				fmt.Fprintf(bw, "              → %s\n", r.paint(ansiGreen, "leave it out"))
			case f.Replace:
				fmt.Fprintf(bw, "              → try: %s\n", r.paint(ansiGreen, "\""+oneLine(f.Suggestion)+"\""))
			case f.Suggestion != "":
				fmt.Fprintf(bw, "              → %s\n", f.Suggestion)
			}
		}
	}
	if r.color && hasSpans(res) {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "Your draft"))
		r.highlight(bw, text, res)
	}
	if res.Rewrite != "" {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, r.paint(ansiBold, "Suggested rewrite"))
		for _, l := range strings.Split(res.Rewrite, "\n") {
			fmt.Fprintf(bw, "  %s\n", l)
		}
	}
	return bw.Flush()
}

func hasSpans(res *analyze.Result) bool {
	for i := range res.Findings {
		if !res.Findings[i].Whole() {
			return true
		}
	}
	return false
}

// highlight prints the draft with every flagged byte underlined in the
// colour of the most severe finding that covers it.
func (r renderer) highlight(w io.Writer, text string, res *analyze.Result) {
	sev := make([]int8, len(text)) // -1 none, else severity rank
	for i := range sev {
		sev[i] = -1
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		for b := f.Start; b < f.End && b < len(text); b++ {
			if k := int8(f.Severity.Rank()); k > sev[b] {
				sev[b] = k
			}
		}
	}
	codes := [...]string{ansiUnder + ansiCyan, ansiUnder + ansiYellow, ansiUnder + ansiRed}
	var b strings.Builder
	b.WriteString("  ")
	cur := int8(-1)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		if sev[i] != cur {
			if cur >= 0 {
				b.WriteString(ansiReset)
			}
			if sev[i] >= 0 {
				b.WriteString(codes[sev[i]])
			}
			cur = sev[i]
		}
		if text[i] == '\n' {
			if cur >= 0 {
				b.WriteString(ansiReset)
			}
			b.WriteString("\n  ")
			if cur >= 0 {
				b.WriteString(codes[cur])
			}
		} else {
			b.WriteString(text[i : i+size])
		}
		i += size
	}
	if cur >= 0 {
		b.WriteString(ansiReset)
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " \n"))
}

// lineCol turns a byte offset into a 1-based line and column, the column
// counted in characters.
func lineCol(text string, off int) (int, int) {
	if off > len(text) {
		off = len(text)
	}
	line := 1 + strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return line, 1 + utf8.RuneCountInString(text[start:off])
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
