package eval

import (
	"io"
	"slices"
	"strings"
	"unicode"
)

// TriageStyles are the ways a triage message may be written, named in its
// header (corpus/triage/README.md).
var TriageStyles = []string{"plain", "textspeak", "lowercase", "formal", "legal", "nonnative", "caps", "emoji", "long", "short", "sarcastic"}

// The kinds of a labelled span of a triage message: what needs an answer
// (a request or a question) and what does not (an accusation, an insult,
// a threat, bait).
const (
	SpanRequest  = "request"
	SpanQuestion = "question"
	SpanAccuse   = "accuse"
)

// TriageSpan is a labelled part of a message: a byte span of its text.
type TriageSpan struct {
	Kind       string
	Start, End int
	Line       int // the label's line in the file
}

// TriageMessage is one labelled message they sent.
type TriageMessage struct {
	ID    string
	Style string
	File  string
	Line  int // the line of its header
	Text  string
	// Asks are the requests and questions that need an answer.
	Asks []TriageSpan
	// Accusations are the parts a reply should not take up: blame,
	// insults, threats, bait.
	Accusations []TriageSpan
}

// ReadTriage reads a triage file (corpus/triage/README.md):
//
//	=== d001 textspeak
//	> their message, a line of it
//	> the next line
//	request: a part of it that asks for something
//	question: a part that asks a question
//	accuse: a part that blames, insults, threatens or baits
//
// Each label quotes its part of the message exactly, once.
func ReadTriage(path string) ([]TriageMessage, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseTriage(f, path)
}

// ParseTriage reads a triage file from r; name is the file's name, for
// errors, which name it and the line.
func ParseTriage(r io.Reader, name string) ([]TriageMessage, error) {
	var out []TriageMessage
	var cur *TriageMessage
	var lines []string // the message's lines, while they come
	type pending struct {
		kind, quote string
		line        int
	}
	var labels []pending
	seen := map[string]int{}
	finish := func() error {
		if cur == nil {
			return nil
		}
		if len(lines) == 0 {
			return errorf(name, cur.Line, "message %s has no text: expected lines starting with \"> \" after its header", cur.ID)
		}
		cur.Text = strings.Join(lines, "\n")
		for _, l := range labels {
			start := strings.Index(cur.Text, l.quote)
			if start < 0 {
				return errorf(name, l.line, "%q is not in message %s: quote its text exactly", l.quote, cur.ID)
			}
			if n := strings.Count(cur.Text, l.quote); n > 1 {
				return errorf(name, l.line, "%q occurs %d times in message %s: quote more of it", l.quote, n, cur.ID)
			}
			sp := TriageSpan{Kind: l.kind, Start: start, End: start + len(l.quote), Line: l.line}
			if l.kind == SpanAccuse {
				cur.Accusations = append(cur.Accusations, sp)
			} else {
				cur.Asks = append(cur.Asks, sp)
			}
		}
		out = append(out, *cur)
		cur, lines, labels = nil, nil, nil
		return nil
	}
	err := readLines(r, name, func(n int, s string) error {
		trimmed := strings.TrimSpace(s)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			return nil
		case strings.HasPrefix(s, "=== "):
			if err := finish(); err != nil {
				return err
			}
			f := strings.Fields(s[4:])
			if len(f) != 2 {
				return errorf(name, n, "expected a header \"=== ID STYLE\", got %q", s)
			}
			if !slices.Contains(TriageStyles, f[1]) {
				return errorf(name, n, "unknown style %q (want one of %s)", f[1], strings.Join(TriageStyles, ", "))
			}
			if prev, dup := seen[f[0]]; dup {
				return errorf(name, n, "id %s repeats line %d", f[0], prev)
			}
			seen[f[0]] = n
			cur = &TriageMessage{ID: f[0], Style: f[1], File: name, Line: n}
			return nil
		case cur == nil:
			return errorf(name, n, "expected a header \"=== ID STYLE\" before anything else, got %q", s)
		case s == ">" || strings.HasPrefix(s, "> "):
			if len(labels) > 0 {
				return errorf(name, n, "a line of the message after its labels: the message's lines come first")
			}
			lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(s, ">"), " "))
			return nil
		}
		kind, quote, ok := strings.Cut(s, ":")
		kind = strings.TrimSpace(kind)
		if !ok || (kind != SpanRequest && kind != SpanQuestion && kind != SpanAccuse) {
			return errorf(name, n, "expected \"> \" and a line of the message, or a label \"request:\", \"question:\" or \"accuse:\", got %q", s)
		}
		quote = strings.TrimSpace(quote)
		if quote == "" || !strings.ContainsFunc(quote, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			return errorf(name, n, "%s: quote the part of the message it labels", kind)
		}
		labels = append(labels, pending{kind, quote, n})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := finish(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errorf(name, 0, "no messages: expected blocks opening with \"=== ID STYLE\"")
	}
	return out, nil
}
