package eval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LabelRules maps each problem label to the rule whose finding counts as
// finding it (docs/RULES.md).
var LabelRules = map[string]string{
	"needy":          "damage.needy",
	"past":           "damage.past",
	"false_hope":     "damage.false_hope",
	"accusatory_you": "you.accusatory",
	"insult":         "tone.insult",
	"threat":         "tone.threat",
	"shouting":       "tone.shouting",
	"pressure":       "damage.pressure",
}

// ExQuery is one message as the analyzer is asked to check it.
type ExQuery struct {
	Text   string
	Reply  bool
	Dumped bool
}

// ExPrediction is what the analyzer said: the verdict, and the rules with
// at least one finding.
type ExPrediction struct {
	Verdict string
	Rules   []string
	Rewrite string
	// RewriteVerdict is the verdict of the rewrite checked in the same
	// context ("" without a rewrite).
	RewriteVerdict string
}

// ExPredictor checks one message.
type ExPredictor func(ExQuery) (ExPrediction, error)

// ExMode says how each message is checked.
type ExMode int

const (
	// ModeReply checks every message as a reply, with no other context.
	ModeReply ExMode = iota
	// ModeContext checks each message with the context its line gives:
	// initiates true is not a reply, dumped true sets who ended it.
	ModeContext
)

func (m ExMode) String() string {
	if m == ModeContext {
		return "context"
	}
	return "reply"
}

// Query is how message m is checked in this mode.
func (m ExMode) Query(x ExMessage) ExQuery {
	q := ExQuery{Text: x.Text, Reply: true}
	if m == ModeContext {
		if x.Initiates != nil && *x.Initiates {
			q.Reply = false
		}
		q.Dumped = x.Dumped != nil && *x.Dumped
	}
	return q
}

// LabelScore is how well one label is found.
type LabelScore struct {
	Label     string  `json:"label"`
	Rule      string  `json:"rule"`
	Gold      int     `json:"gold"`      // messages carrying the label
	Found     int     `json:"found"`     // messages with a finding of its rule
	Hits      int     `json:"hits"`      // both
	Precision float64 `json:"precision"` // hits / found
	Recall    float64 `json:"recall"`    // hits / gold
	F1        float64 `json:"f1"`
}

// ExReport is the score of the analyzer on labelled messages to exes.
type ExReport struct {
	File        string       `json:"file"`
	Mode        string       `json:"mode"`
	N           int          `json:"n"`
	Fine        int          `json:"fine"`         // messages with no problem label
	FineSent    int          `json:"fine_sent"`    // of those, verdict send
	Harmful     int          `json:"harmful"`      // messages with a problem label
	HarmfulHeld int          `json:"harmful_held"` // of those, any verdict but send
	Labels      []LabelScore `json:"labels"`
	MacroF1     float64      `json:"macro_f1"` // over the problem labels present
	// Verdicts counts verdicts: Verdicts["fine"]["revise"] is the number of
	// fine messages that got revise.
	Verdicts map[string]map[string]int `json:"verdicts"`
	Rewrites RewriteScore              `json:"rewrites"`
	// Misses are the messages judged wrongly: fine ones held, harmful ones
	// sent, and labels not found, for reading.
	Misses []ExMiss `json:"misses,omitempty"`
}

// ExMiss is one message the analyzer judged otherwise than its labels.
type ExMiss struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Labels  []string `json:"labels"`
	Verdict string   `json:"verdict"`
	Rules   []string `json:"rules"`
	Missed  []string `json:"missed,omitempty"` // gold labels not found
	Extra   []string `json:"extra,omitempty"`  // labels found but not gold
}

// FineSentShare is the share of fine messages sent.
func (r ExReport) FineSentShare() float64 { return ratio(r.FineSent, r.Fine) }

// HarmfulHeldShare is the share of harmful messages not sent.
func (r ExReport) HarmfulHeldShare() float64 { return ratio(r.HarmfulHeld, r.Harmful) }

// ScoreExes checks every message and scores the verdicts and findings.
func ScoreExes(file string, ms []ExMessage, mode ExMode, predict ExPredictor) (ExReport, error) {
	r := ExReport{File: file, Mode: mode.String(), N: len(ms), Verdicts: map[string]map[string]int{"fine": {}, "harmful": {}}}
	scores := map[string]*LabelScore{}
	for _, l := range ProblemLabels {
		scores[l] = &LabelScore{Label: l, Rule: LabelRules[l]}
	}
	for _, m := range ms {
		p, err := predict(mode.Query(m))
		if err != nil {
			return ExReport{}, errorf(m.File, m.Line, "check message %s: %v", m.ID, err)
		}
		sent := p.Verdict == "send"
		harmful := m.Harmful()
		r.Rewrites.add(m, p)
		if harmful {
			r.Harmful++
			r.Verdicts["harmful"][p.Verdict]++
			if !sent {
				r.HarmfulHeld++
			}
		} else {
			r.Fine++
			r.Verdicts["fine"][p.Verdict]++
			if sent {
				r.FineSent++
			}
		}
		var missed, extra []string
		for _, l := range ProblemLabels {
			s := scores[l]
			gold, found := m.Has(l), slices.Contains(p.Rules, s.Rule)
			if gold {
				s.Gold++
			}
			if found {
				s.Found++
			}
			switch {
			case gold && found:
				s.Hits++
			case gold:
				missed = append(missed, l)
			case found:
				extra = append(extra, l)
			}
		}
		if sent == harmful || len(missed) > 0 || len(extra) > 0 {
			r.Misses = append(r.Misses, ExMiss{ID: m.ID, Text: m.Text, Labels: m.Labels, Verdict: p.Verdict, Rules: p.Rules, Missed: missed, Extra: extra})
		}
	}
	n := 0
	for _, l := range ProblemLabels {
		s := scores[l]
		s.Precision, s.Recall = ratio(s.Hits, s.Found), ratio(s.Hits, s.Gold)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		if s.Gold > 0 {
			r.MacroF1 += s.F1
			n++
		}
		r.Labels = append(r.Labels, *s)
	}
	if n > 0 {
		r.MacroF1 /= float64(n)
	}
	return r, nil
}

// RewriteScore is how the rewrites of held harmful messages do: those with
// a practical ask (the logistics label) should get a rewrite that passes
// its own check and keeps the ask's key terms; those without should get
// none (their place is the journal).
type RewriteScore struct {
	WithAsk     int             `json:"with_ask"`     // held harmful messages labelled logistics
	Rewritten   int             `json:"rewritten"`    // of those, with a rewrite
	Passing     int             `json:"passing"`      // of the rewrites, checked as send
	KeptTerms   int             `json:"kept_terms"`   // of the rewrites, keeping every key term
	WithoutAsk  int             `json:"without_ask"`  // held harmful messages not labelled logistics
	NoRewrite   int             `json:"no_rewrite"`   // of those, without a rewrite
	AllRewrites int             `json:"all_rewrites"` // every rewrite offered, on any message
	AllPassing  int             `json:"all_passing"`  // of those, checked as send
	Samples     []RewriteSample `json:"samples,omitempty"`
	// Unwritten are the held harmful messages with a practical ask that
	// got no rewrite, for --misses.
	Unwritten []RewriteSample `json:"unwritten,omitempty"`
}

// RewriteSample is a draft with its rewrite, for a reader to judge.
type RewriteSample struct {
	ID, Text, Rewrite, Verdict string
}

func (s *RewriteScore) add(m ExMessage, p ExPrediction) {
	if p.Rewrite != "" {
		s.AllRewrites++
		if p.RewriteVerdict == "send" {
			s.AllPassing++
		}
	}
	if !m.Harmful() || p.Verdict == "send" {
		return
	}
	if !m.Has("logistics") {
		s.WithoutAsk++
		if p.Rewrite == "" {
			s.NoRewrite++
		}
		return
	}
	s.WithAsk++
	if p.Rewrite == "" {
		s.Unwritten = append(s.Unwritten, RewriteSample{ID: m.ID, Text: m.Text, Verdict: p.Verdict})
		return
	}
	s.Rewritten++
	if p.RewriteVerdict == "send" {
		s.Passing++
	}
	if keepsTerms(m.Text, p.Rewrite) {
		s.KeptTerms++
	}
	s.Samples = append(s.Samples, RewriteSample{ID: m.ID, Text: m.Text, Rewrite: p.Rewrite, Verdict: p.RewriteVerdict})
}

// keepsTerms reports whether every key term of the draft's practical ask
// is in the rewrite: its numbers and times ("5", "9am", "£40") and the
// names written with a capital inside a sentence ("Sam", "Friday").
func keepsTerms(draft, rewrite string) bool {
	low := strings.ToLower(rewrite)
	for _, t := range keyTerms(draft) {
		if !strings.Contains(low, strings.ToLower(t)) {
			return false
		}
	}
	return true
}

func keyTerms(text string) []string {
	var out []string
	sentenceStart := true
	for _, w := range strings.Fields(text) {
		word := strings.TrimFunc(w, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '$' && r != '£' && r != '€'
		})
		if word == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(word)
		switch {
		case strings.ContainsFunc(word, unicode.IsDigit):
			out = append(out, word)
		case unicode.IsUpper(first) && !sentenceStart && word != "I" && strings.ToUpper(word) != word:
			out = append(out, word)
		}
		last, _ := utf8.DecodeLastRuneInString(w)
		sentenceStart = strings.ContainsRune(".!?", last)
	}
	return out
}
