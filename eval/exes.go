package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The labels of a message to an ex or co-parent (corpus/GUIDE.md). The
// first eight are problems, the ways a message backfires; the last three
// are what a sendable message is.
var (
	ProblemLabels = []string{"needy", "past", "false_hope", "accusatory_you", "insult", "threat", "shouting", "pressure"}
	NeutralLabels = []string{"logistics", "calm_closure", "calm_reply"}
)

// IsProblem reports whether label is one of ProblemLabels.
func IsProblem(label string) bool { return slices.Contains(ProblemLabels, label) }

func knownLabel(l string) bool { return IsProblem(l) || slices.Contains(NeutralLabels, l) }

// ExMessage is one labelled message to an ex or co-parent: a line of the
// exes-dev JSONL file, or a message of the corpus (corpus/README.md).
type ExMessage struct {
	ID     string
	File   string
	Line   int
	Text   string
	Labels []string // sorted, no repeats
	// Initiates is true when the message starts or re-opens contact, false
	// for a reply, nil when unknown.
	Initiates *bool
	// Dumped is true when the writer was the one left, nil when unknown.
	Dumped *bool
	// Group is the corpus scenario block the message belongs to (empty for
	// exes-dev); the corpus split is by group.
	Group string
	// Scenario holds the corpus group's header fields (rel, ended, since,
	// channel, register).
	Scenario map[string]string
}

// Has reports whether the message carries label l.
func (m ExMessage) Has(l string) bool { return slices.Contains(m.Labels, l) }

// Harmful reports whether any problem label is present.
func (m ExMessage) Harmful() bool { return slices.ContainsFunc(m.Labels, IsProblem) }

// ReadExes reads labelled messages from path: an exes-dev style JSONL file
// (".jsonl"), one corpus block file (".txt"), or the corpus folder itself
// (the one holding written/), whose adjudicated labels then apply.
func ReadExes(path string) ([]ExMessage, error) {
	st, err := os.Stat(path)
	if err != nil {
		_, err := openFile(path)
		return nil, err
	}
	switch {
	case st.IsDir():
		c, err := ReadCorpus(path)
		if err != nil {
			return nil, err
		}
		return c.Messages, nil
	case strings.HasSuffix(path, ".jsonl"):
		return readExesJSONL(path)
	case strings.HasSuffix(path, ".txt"):
		return readBlockFile(path)
	}
	return nil, errorf(path, 0, "expected a .jsonl file (exes-dev format), a .txt corpus block file or the corpus folder")
}

// exesLine is the exes-dev JSONL record (../shared/data/exes-dev/SOURCE.md).
type exesLine struct {
	ID        *string  `json:"id"`
	Text      *string  `json:"text"`
	Labels    []string `json:"labels"`
	Initiates *bool    `json:"initiates"`
	Dumped    *bool    `json:"dumped"`
}

func readExesJSONL(path string) ([]ExMessage, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ExMessage
	seen := map[string]int{}
	err = readLines(f, path, func(n int, s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		var r exesLine
		dec := json.NewDecoder(strings.NewReader(s))
		if err := dec.Decode(&r); err != nil {
			return &ParseError{File: path, Line: n, Msg: "expected one JSON object per line", Err: err}
		}
		switch {
		case r.ID == nil || *r.ID == "":
			return errorf(path, n, `missing field "id"`)
		case r.Text == nil || strings.TrimSpace(*r.Text) == "":
			return errorf(path, n, `missing or empty field "text"`)
		case r.Labels == nil:
			return errorf(path, n, `missing field "labels" (an empty list means calm and sendable)`)
		}
		if prev, dup := seen[*r.ID]; dup {
			return errorf(path, n, "id %q repeats line %d", *r.ID, prev)
		}
		seen[*r.ID] = n
		labels, err := cleanLabels(r.Labels)
		if err != nil {
			return errorf(path, n, "%v", err)
		}
		out = append(out, ExMessage{ID: *r.ID, File: path, Line: n, Text: *r.Text, Labels: labels, Initiates: r.Initiates, Dumped: r.Dumped})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errorf(path, 0, "no messages: expected JSON lines with id, text and labels")
	}
	return out, nil
}

func cleanLabels(ls []string) ([]string, error) {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		l = strings.TrimSpace(l)
		if !knownLabel(l) {
			return nil, fmt.Errorf("unknown label %q (want one of %s)", l, strings.Join(append(slices.Clone(ProblemLabels), NeutralLabels...), ", "))
		}
		out = append(out, l)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// scenarioKeys are the keys of a corpus group header, with the values each
// may take (nil: any, checked elsewhere).
var scenarioKeys = map[string][]string{
	"rel":       {"co_parent", "romantic_ex", "divorced", "fling"},
	"ended":     {"me", "them", "mutual", "unclear"},
	"since":     {"days", "weeks", "months", "years"},
	"channel":   {"sms", "whatsapp", "email", "app"},
	"register":  {"plain", "textspeak", "lowercase", "nopunct", "allcaps", "emoji", "formal", "legalese", "nonnative"},
	"initiates": {"yes", "no"},
}

// readBlockFile reads one corpus file in the block format of
// corpus/README.md: "## g=… key=value…" headers, then "labels | text"
// lines. A message's id is its group and its 1-based place in the group.
func readBlockFile(path string) ([]ExMessage, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ExMessage
	var group string
	var scen map[string]string
	var initiates, dumped *bool
	k := 0
	groups := map[string]int{}
	err = readLines(f, path, func(n int, s string) error {
		switch {
		case strings.TrimSpace(s) == "":
			return nil
		case strings.HasPrefix(s, "## "):
			g, sc, err := parseGroupHeader(s[3:])
			if err != nil {
				return errorf(path, n, "%v", err)
			}
			if prev, dup := groups[g]; dup {
				return errorf(path, n, "group %s repeats line %d", g, prev)
			}
			groups[g], group, scen, k = n, g, sc, 0
			yes := sc["initiates"] == "yes"
			initiates = &yes
			dumped = nil
			if e := sc["ended"]; e != "unclear" {
				d := e == "them"
				dumped = &d
			}
			return nil
		case strings.HasPrefix(s, "#"):
			return nil
		}
		if group == "" {
			return errorf(path, n, `a message before any "## g=…" group header`)
		}
		ls, text, ok := strings.Cut(s, " | ")
		if !ok {
			return errorf(path, n, `expected "labels | text"`)
		}
		labels, err := cleanLabels(strings.Split(ls, ","))
		if err != nil {
			return errorf(path, n, "%v", err)
		}
		text = strings.ReplaceAll(strings.TrimSpace(text), `\n`, "\n")
		if text == "" {
			return errorf(path, n, "empty message text")
		}
		k++
		out = append(out, ExMessage{ID: fmt.Sprintf("%s-%02d", group, k), File: path, Line: n, Text: text, Labels: labels,
			Initiates: initiates, Dumped: dumped, Group: group, Scenario: scen})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errorf(path, 0, "no messages: expected group headers and \"labels | text\" lines")
	}
	return out, nil
}

func parseGroupHeader(s string) (string, map[string]string, error) {
	sc := map[string]string{}
	var group string
	for _, field := range strings.Fields(s) {
		k, v, ok := strings.Cut(field, "=")
		if !ok {
			return "", nil, fmt.Errorf("header field %q: expected key=value", field)
		}
		if k == "g" {
			group = v
			continue
		}
		allowed, known := scenarioKeys[k]
		if !known {
			return "", nil, fmt.Errorf("header field %q: unknown key (want g, rel, ended, since, channel, register, initiates)", k)
		}
		if !slices.Contains(allowed, v) {
			return "", nil, fmt.Errorf("header field %s=%s: want one of %s", k, v, strings.Join(allowed, ", "))
		}
		sc[k] = v
	}
	if group == "" {
		return "", nil, fmt.Errorf("header without g=GROUP")
	}
	for k := range scenarioKeys {
		if _, ok := sc[k]; !ok {
			return "", nil, fmt.Errorf("header of group %s lacks %s=", group, k)
		}
	}
	return group, sc, nil
}

// CorpusSplit is the part of the corpus a message belongs to.
type CorpusSplit string

const (
	SplitTrain CorpusSplit = "train"
	SplitDev   CorpusSplit = "dev"
	SplitTest  CorpusSplit = "test"
)

// SplitOf places a message by its group, so that a scenario block never
// straddles train and test: FNV-1a of the group id, mod 10, 0 is test, 1
// is dev, the rest train (corpus/README.md).
func SplitOf(m ExMessage) CorpusSplit {
	h := fnv.New32a()
	h.Write([]byte(m.Group))
	switch h.Sum32() % 10 {
	case 0:
		return SplitTest
	case 1:
		return SplitDev
	}
	return SplitTrain
}

// Corpus is the labelled corpus of corpus/: every message with its final
// labels, and the two passes they came from.
type Corpus struct {
	Messages []ExMessage // final labels: the writer's, or the adjudicated ones
	// Written and Blind hold each pass's labels by message id (Blind only
	// for the messages the second pass has labelled).
	Written, Blind map[string][]string
	// Adjudicated holds the final labels of the messages where the passes
	// disagreed and a third reading decided.
	Adjudicated map[string][]string
}

// ReadCorpus reads dir/written/*.txt, the blind second pass in
// dir/blind/*.tsv and the adjudications in dir/adjudicated.tsv.
func ReadCorpus(dir string) (*Corpus, error) {
	files, err := filepath.Glob(filepath.Join(dir, "written", "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errorf(dir, 0, "no written/*.txt: expected the corpus folder (corpus/README.md)")
	}
	c := &Corpus{Written: map[string][]string{}, Blind: map[string][]string{}, Adjudicated: map[string][]string{}}
	for _, f := range files {
		ms, err := readBlockFile(f)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if _, dup := c.Written[m.ID]; dup {
				return nil, errorf(f, m.Line, "message id %s appears in two files", m.ID)
			}
			c.Written[m.ID] = m.Labels
		}
		c.Messages = append(c.Messages, ms...)
	}
	blind, _ := filepath.Glob(filepath.Join(dir, "blind", "*.tsv"))
	for _, f := range blind {
		if err := readLabelTSV(f, c.Written, c.Blind); err != nil {
			return nil, err
		}
	}
	adj := filepath.Join(dir, "adjudicated.tsv")
	if _, err := os.Stat(adj); err == nil {
		if err := readLabelTSV(adj, c.Written, c.Adjudicated); err != nil {
			return nil, err
		}
	}
	for i := range c.Messages {
		if l, ok := c.Adjudicated[c.Messages[i].ID]; ok {
			c.Messages[i].Labels = l
		}
	}
	return c, nil
}

// readLabelTSV reads "id<TAB>labels[<TAB>note]" lines into into; labels
// are comma-separated, "-" or empty for none. Ids must be known.
func readLabelTSV(path string, known, into map[string][]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		_, err := openFile(path)
		return err
	}
	for n, line := range bytes.Split(data, []byte("\n")) {
		s := strings.TrimRight(string(line), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		if len(fields) < 2 {
			return errorf(path, n+1, "expected id<TAB>labels")
		}
		id := strings.TrimSpace(fields[0])
		if _, ok := known[id]; !ok {
			return errorf(path, n+1, "unknown message id %q", id)
		}
		if _, dup := into[id]; dup {
			return errorf(path, n+1, "message id %q labelled twice", id)
		}
		raw := strings.TrimSpace(fields[1])
		var ls []string
		if raw != "" && raw != "-" {
			ls = strings.Split(raw, ",")
		}
		labels, err := cleanLabels(ls)
		if err != nil {
			return errorf(path, n+1, "%v", err)
		}
		into[id] = labels
	}
	return nil
}

// Agreement is how two labelling passes agree on one label, over the
// messages both labelled.
type Agreement struct {
	Label string  `json:"label"`
	N     int     `json:"n"`
	Both  int     `json:"both"`  // both passes gave the label
	First int     `json:"first"` // only the first (the writer's) did
	Blind int     `json:"blind"` // only the blind pass did
	Kappa float64 `json:"kappa"` // Cohen's kappa
}

// Agreement compares the writer's labels with the blind pass's, label by
// label, over the messages the blind pass has labelled.
func (c *Corpus) Agreement() []Agreement {
	var out []Agreement
	for _, l := range append(slices.Clone(ProblemLabels), NeutralLabels...) {
		a := Agreement{Label: l}
		for id, blind := range c.Blind {
			w := slices.Contains(c.Written[id], l)
			b := slices.Contains(blind, l)
			a.N++
			switch {
			case w && b:
				a.Both++
			case w:
				a.First++
			case b:
				a.Blind++
			}
		}
		a.Kappa = kappa(a.N, a.Both, a.First, a.Blind)
		out = append(out, a)
	}
	return out
}

// kappa is Cohen's kappa of two binary raters over n items: both said yes
// to yy, only the first to yn, only the second to ny.
func kappa(n, yy, yn, ny int) float64 {
	if n == 0 {
		return 0
	}
	fn := float64(n)
	po := float64(n-yn-ny) / fn
	p1, p2 := float64(yy+yn)/fn, float64(yy+ny)/fn
	pe := p1*p2 + (1-p1)*(1-p2)
	if pe == 1 {
		return 1
	}
	return (po - pe) / (1 - pe)
}
