// Command corpusstats prints the tables of corpus/README.md: messages per
// split and label, the scenario grid's coverage, lengths, and the
// agreement of the two labelling passes.
//
//	go run ./internal/cmd/corpusstats corpus
package main

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/steadyhq/steady/eval"
)

func main() {
	dir := "corpus"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	c, err := eval.ReadCorpus(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpusstats:", err)
		os.Exit(1)
	}
	labels := append(slices.Clone(eval.ProblemLabels), eval.NeutralLabels...)
	splits := []eval.CorpusSplit{eval.SplitTrain, eval.SplitDev, eval.SplitTest}
	count := map[eval.CorpusSplit]map[string]int{}
	n := map[eval.CorpusSplit]int{}
	sendable := map[eval.CorpusSplit]int{}
	for _, sp := range splits {
		count[sp] = map[string]int{}
	}
	scen := map[string]map[string]int{}
	var short, long, chars int
	writers := map[string]bool{}
	for _, m := range c.Messages {
		sp := eval.SplitOf(m)
		n[sp]++
		if !m.Harmful() {
			sendable[sp]++
		}
		for _, l := range m.Labels {
			count[sp][l]++
		}
		for k, v := range m.Scenario {
			if scen[k] == nil {
				scen[k] = map[string]int{}
			}
			scen[k][v]++
		}
		words := len(strings.Fields(m.Text))
		if words <= 6 {
			short++
		}
		if utf8.RuneCountInString(m.Text) >= 200 {
			long++
		}
		chars += utf8.RuneCountInString(m.Text)
		writers[strings.SplitN(m.Group, "-", 2)[0]] = true
	}
	total := len(c.Messages)
	fmt.Printf("%d messages from %d writers; sendable as written %d (%.0f%%); 6 words or fewer %d (%.0f%%); 200 characters or more %d (%.0f%%); mean %d characters\n\n",
		total, len(writers), sendable[eval.SplitTrain]+sendable[eval.SplitDev]+sendable[eval.SplitTest],
		100*float64(sendable[eval.SplitTrain]+sendable[eval.SplitDev]+sendable[eval.SplitTest])/float64(total),
		short, 100*float64(short)/float64(total), long, 100*float64(long)/float64(total), chars/max(1, total))
	fmt.Printf("| split | n | sendable | %s |\n|---|---|---|%s\n", strings.Join(labels, " | "), strings.Repeat("---|", len(labels)))
	for _, sp := range splits {
		fmt.Printf("| %s | %d | %d |", sp, n[sp], sendable[sp])
		for _, l := range labels {
			fmt.Printf(" %d |", count[sp][l])
		}
		fmt.Println()
	}
	fmt.Println()
	keys := make([]string, 0, len(scen))
	for k := range scen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("| scenario field | values (messages) |\n|---|---|")
	for _, k := range keys {
		vs := make([]string, 0, len(scen[k]))
		for v := range scen[k] {
			vs = append(vs, v)
		}
		sort.Slice(vs, func(i, j int) bool { return scen[k][vs[i]] > scen[k][vs[j]] })
		var parts []string
		for _, v := range vs {
			parts = append(parts, fmt.Sprintf("%s %d", v, scen[k][v]))
		}
		fmt.Printf("| %s | %s |\n", k, strings.Join(parts, ", "))
	}
	if len(c.Blind) > 0 {
		agreedAll := 0
		for id, b := range c.Blind {
			if slices.Equal(b, c.Written[id]) {
				agreedAll++
			}
		}
		fmt.Printf("\nBlind second pass: %d messages; identical label sets %d (%.0f%%); adjudicated %d\n\n", len(c.Blind), agreedAll, 100*float64(agreedAll)/float64(len(c.Blind)), len(c.Adjudicated))
		fmt.Println("| label | writer only | blind only | both | Cohen's kappa |\n|---|---|---|---|---|")
		for _, a := range c.Agreement() {
			fmt.Printf("| %s | %d | %d | %d | %.2f |\n", a.Label, a.First, a.Blind, a.Both, a.Kappa)
		}
	}
}
