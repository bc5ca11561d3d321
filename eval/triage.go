package eval

import (
	"fmt"
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

// TriagePrediction is what triage made of one message: the items it says
// need an answer (Kind is free; spans are byte offsets into the text),
// whether a reply is needed, and its reply draft with that draft's check.
type TriagePrediction struct {
	Items      []TriageSpan
	NeedsReply bool
	Reply      string
	// ReplySends is true when the draft's own check says "Send it".
	ReplySends bool
	// ReplyFlags are the rules the draft's own check flags in it.
	ReplyFlags []string
}

// TriagePredictor triages one message. In the CLI it is a closure over
// analyze.Analyzer.Triage.
type TriagePredictor func(text string) (TriagePrediction, error)

// TriageReport is how triage did on a labelled file (corpus/triage/README.md).
type TriageReport struct {
	File     string `json:"file"`
	Messages int    `json:"messages"`
	// Asks are the marked requests and questions; Found, those that an
	// item overlaps (by half the shorter span and a quarter of the ask).
	Asks   int     `json:"asks"`
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
	// By kind of ask: "request" and "question".
	ByKind map[string]*TriageRecall `json:"by_kind"`
	// Items are what triage listed; Right, those that match a marked ask.
	Items     int     `json:"items"`
	Right     int     `json:"right"`
	Precision float64 `json:"precision"`
	// Accusations marked, and those answered: listed as an item, or taken
	// up by the reply draft.
	Accusations int `json:"accusations"`
	Answered    int `json:"answered"`
	// NeedsReply: triage says a reply is needed when the message has an
	// ask, and not when it has none.
	NeedsReply        Confusion `json:"-"`
	NeedsReplyCorrect int       `json:"needs_reply_correct"`
	// Replies are the drafts triage offered; the counts below should be 0.
	Replies         int `json:"replies"`
	PlaceholderSend int `json:"placeholder_send"` // a [placeholder] left in, and the check says send
	Quoting         int `json:"quoting"`          // a sentence of theirs repeated whole
	Promising       int `json:"promising"`        // "I'll get back to you"
	Flagged         int `json:"flagged"`          // the draft's own check flags something in it
	// ByStyle is the recall of asks by the style of the message.
	ByStyle map[string]*TriageRecall `json:"by_style"`
	Misses  []TriageMiss             `json:"misses,omitempty"`
}

// TriageRecall counts asks found among those marked.
type TriageRecall struct {
	Asks   int     `json:"asks"`
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
}

// TriageMiss is a message triage read otherwise than its labels.
type TriageMiss struct {
	ID       string   `json:"id"`
	Line     int      `json:"line"`
	Text     string   `json:"text"`
	Missed   []string `json:"missed,omitempty"`   // asks not found
	Extra    []string `json:"extra,omitempty"`    // items that match no ask
	Answered []string `json:"answered,omitempty"` // accusations answered
	Reply    string   `json:"reply,omitempty"`
	Problem  []string `json:"problem,omitempty"` // what is wrong with the reply
}

// ScoreTriage runs predict over the messages and scores it against their
// labels.
func ScoreTriage(file string, ms []TriageMessage, predict TriagePredictor) (TriageReport, error) {
	r := TriageReport{File: file, Messages: len(ms), ByKind: map[string]*TriageRecall{}, ByStyle: map[string]*TriageRecall{}}
	for _, k := range []string{SpanRequest, SpanQuestion} {
		r.ByKind[k] = &TriageRecall{}
	}
	for _, m := range ms {
		p, err := predict(m.Text)
		if err != nil {
			return r, &ParseError{File: m.File, Line: m.Line, Msg: "triage " + m.ID, Err: err}
		}
		miss := TriageMiss{ID: m.ID, Line: m.Line, Text: m.Text, Reply: p.Reply}
		st := r.ByStyle[m.Style]
		if st == nil {
			st = &TriageRecall{}
			r.ByStyle[m.Style] = st
		}
		for _, a := range m.Asks {
			found := slices.ContainsFunc(p.Items, func(it TriageSpan) bool { return matches(it, a) })
			r.Asks++
			st.Asks++
			r.ByKind[a.Kind].Asks++
			if found {
				r.Found++
				st.Found++
				r.ByKind[a.Kind].Found++
			} else {
				miss.Missed = append(miss.Missed, m.Text[a.Start:a.End])
			}
		}
		for _, it := range p.Items {
			r.Items++
			if slices.ContainsFunc(m.Asks, func(a TriageSpan) bool { return matches(it, a) }) {
				r.Right++
			} else {
				miss.Extra = append(miss.Extra, m.Text[clamp(it.Start, m.Text):clamp(it.End, m.Text)])
			}
		}
		for _, a := range m.Accusations {
			r.Accusations++
			listed := slices.ContainsFunc(p.Items, func(it TriageSpan) bool { return overlap(it, a)*2 >= a.End-a.Start })
			if listed || takesUp(p.Reply, m, a) {
				r.Answered++
				miss.Answered = append(miss.Answered, m.Text[a.Start:a.End])
			}
		}
		r.NeedsReply.Add(len(m.Asks) > 0, p.NeedsReply)
		if p.Reply != "" {
			r.Replies++
			if p.ReplySends && strings.Contains(p.Reply, "[") {
				r.PlaceholderSend++
				miss.Problem = append(miss.Problem, "a placeholder left in, and its check says send")
			}
			if quotesBack(p.Reply, m.Text) {
				r.Quoting++
				miss.Problem = append(miss.Problem, "quotes their sentence back")
			}
			if len(p.ReplyFlags) > 0 {
				r.Flagged++
				miss.Problem = append(miss.Problem, "its check flags "+strings.Join(p.ReplyFlags, ", "))
			}
			if strings.Contains(strings.ToLower(p.Reply), "get back to you") {
				r.Promising++
				miss.Problem = append(miss.Problem, "promises to get back to them")
			}
		}
		if (len(m.Asks) > 0) != p.NeedsReply {
			miss.Problem = append(miss.Problem, fmt.Sprintf("needs_reply %v", p.NeedsReply))
		}
		if len(miss.Missed)+len(miss.Extra)+len(miss.Answered)+len(miss.Problem) > 0 {
			r.Misses = append(r.Misses, miss)
		}
	}
	r.Recall = ratio(r.Found, r.Asks)
	r.Precision = ratio(r.Right, r.Items)
	for _, k := range r.ByKind {
		k.Recall = ratio(k.Found, k.Asks)
	}
	for _, s := range r.ByStyle {
		s.Recall = ratio(s.Found, s.Asks)
	}
	r.NeedsReplyCorrect = r.NeedsReply.TP + r.NeedsReply.TN
	return r, nil
}

// matches reports whether an item and a marked span overlap by at least
// half of the shorter of the two and a quarter of the marked one: a date
// listed alone is not the question it sits in.
func matches(item, gold TriageSpan) bool {
	o := overlap(item, gold)
	return o > 0 && o*2 >= min(item.End-item.Start, gold.End-gold.Start) && o*4 >= gold.End-gold.Start
}

func overlap(a, b TriageSpan) int { return max(0, min(a.End, b.End)-max(a.Start, b.Start)) }

func clamp(i int, s string) int { return min(max(i, 0), len(s)) }

// takesUp reports whether a reply repeats four or more words in a row of
// an accusation (words that are not also in one of the message's asks).
func takesUp(reply string, m TriageMessage, acc TriageSpan) bool {
	if reply == "" {
		return false
	}
	rw := " " + strings.Join(words(reply), " ") + " "
	aw := words(m.Text[acc.Start:acc.End])
	var asks []string
	for _, a := range m.Asks {
		asks = append(asks, " "+strings.Join(words(m.Text[a.Start:a.End]), " ")+" ")
	}
	for i := 0; i+4 <= len(aw); i++ {
		run := " " + strings.Join(aw[i:i+4], " ") + " "
		if strings.Contains(rw, run) && !slices.ContainsFunc(asks, func(a string) bool { return strings.Contains(a, run) }) {
			return true
		}
	}
	return false
}

// quotesBack reports whether a reply quotes them back: it repeats a whole
// question of theirs of three words or more ("About \"Are you taking
// them Saturday?\": …"), or puts a sentence of theirs in quotation marks.
// An order restated as an answer ("I'll tell her to stop") is no quote.
func quotesBack(reply, theirs string) bool {
	rw := " " + strings.Join(words(reply), " ") + " "
	for rest := theirs; rest != ""; {
		i := strings.IndexAny(rest, ".!?\n")
		s, question := rest, false
		if i >= 0 {
			s, question = rest[:i], rest[i] == '?'
			rest = rest[i+1:]
		} else {
			rest = ""
		}
		w := words(s)
		if len(w) < 3 {
			continue
		}
		whole := " " + strings.Join(w, " ") + " "
		if question && strings.Contains(rw, whole) {
			return true
		}
		for _, q := range []string{"\"", "“", "'"} {
			if strings.Contains(reply, q+strings.TrimSpace(s)) {
				return true
			}
		}
	}
	return false
}

// words are the lower-cased runs of letters and digits of s, apostrophes
// dropped ("don't" → "dont").
func words(s string) []string {
	s = strings.NewReplacer("'", "", "’", "").Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
