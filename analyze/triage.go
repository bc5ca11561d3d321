package analyze

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// TriageItem is something in their message that needs an answer or is a
// fact to act on: a question, a decision asked for, a deadline, a date, a
// time, a place or an amount. Start and End are byte offsets into the
// message.
type TriageItem struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Triage kinds.
const (
	ItemQuestion = "question"
	ItemDecision = "decision"
	ItemDeadline = "deadline"
	ItemDate     = "date"
	ItemTime     = "time"
	ItemPlace    = "place"
	ItemAmount   = "amount"
)

// Triage is steady's reading of a message they sent: what actually needs an
// answer, the hostile or baiting parts set aside, whether to reply at all,
// and a brief, informative, friendly, firm reply skeleton that answers only
// those points — itself checked by the same rules, as a reply.
type Triage struct {
	Items []TriageItem `json:"items"`
	// SetAside are the parts not to answer: insults, threats, accusations,
	// generalisations, the past, telling-off. Findings of those rules.
	SetAside   []Finding `json:"set_aside"`
	NeedsReply bool      `json:"needs_reply"`
	Why        string    `json:"why"`
	// Skeleton is a reply to start from; [bracketed] parts are to fill in.
	Skeleton string `json:"skeleton"`
	// Check is the skeleton checked as a reply; nil when there is no skeleton.
	Check *Result `json:"check,omitempty"`
}

// setAsideRule reports whether findings of a rule, in their message, are
// the baiting part a reply should leave alone.
func setAsideRule(rule string) bool {
	switch rule {
	case RuleToneInsult, RuleToneThreat, RuleYouAccusatory, RuleToneAbsolute, RuleDamagePast,
		RuleToneShouting, RuleBiffExtra, RulePseudoFeeling, RuleDamageNeedy, RuleDamageFalseHope:
		return true
	}
	return false
}

// Triage reads a message they sent. at is when the user reads it (the
// skeleton is checked as a reply written then). Any text yields a result.
func (a *Analyzer) Triage(text string, at time.Time) Triage {
	st := a.scratch.Get().(*state)
	defer func() {
		st.text, st.ctx = "", nil
		a.scratch.Put(st)
	}()
	// Read their message as if they were replying: what the rules flag in
	// it is what a reply should not take up.
	c := Context{Reply: true, At: at}
	st.reset(a, text, &c)
	st.analyze()
	theirs := st.result()

	tr := Triage{Items: []TriageItem{}, SetAside: []Finding{}}
	for _, f := range theirs.Findings {
		if !f.Whole() && setAsideRule(f.Rule) {
			tr.SetAside = append(tr.SetAside, f)
		}
	}
	// Sentences that are wholly set aside (an insult, the past) hold nothing
	// to answer even if they end in "?": "What is wrong with you?".
	baiting := make([]bool, len(st.sents))
	for k := range st.sents {
		s := &st.sents[k]
		for _, f := range tr.SetAside {
			if f.Start <= s.start && f.End >= s.end-1 || (f.Rule == RuleToneInsult || f.Rule == RuleDamagePast) && f.Start >= s.start && f.End <= s.end {
				baiting[k] = true
			}
		}
	}
	st.triageItems(&tr, baiting)
	questions, decisions, deadlines := 0, 0, 0
	for _, it := range tr.Items {
		switch it.Kind {
		case ItemQuestion:
			questions++
		case ItemDecision:
			decisions++
		case ItemDeadline:
			deadlines++
		}
	}
	tr.NeedsReply = questions+decisions > 0 || deadlines > 0
	tr.Why = triageWhy(questions, decisions, deadlines, len(tr.Items), len(tr.SetAside))
	tr.Skeleton = st.skeleton(&tr)
	if tr.Skeleton != "" {
		res := a.Run(tr.Skeleton, Context{Reply: true, At: at})
		tr.Check = &res
	}
	return tr
}

// triageItems collects the items of each sentence that is not baiting.
func (st *state) triageItems(tr *Triage, baiting []bool) {
	lx := st.a.cfg.lx
	clsPlace, clsQStart, clsDet := st.a.clsPlace, st.a.clsQStart, st.a.clsDeterminer
	add := func(kind string, start, end int) {
		for _, it := range tr.Items {
			if it.Kind == kind && it.Start <= start && it.End >= end {
				return
			}
		}
		tr.Items = append(tr.Items, TriageItem{Kind: kind, Start: start, End: end, Text: st.text[start:end]})
	}
	for k := range st.sents {
		if baiting[k] {
			continue
		}
		s := &st.sents[k]
		first := -1
		for i := s.t0; i < s.t1; i++ {
			if st.toks[i].matchable() {
				first = i
				break
			}
		}
		if s.question || (first >= 0 && lx.inClass(st.toks[first].id, clsQStart) && !s.exclaim && st.endsWithoutFullStop(s)) {
			add(ItemQuestion, s.start, s.end)
		}
		for i := s.t0; i < s.t1; i++ {
			t := &st.toks[i]
			switch t.kind {
			case tkTime:
				add(ItemTime, int(t.start), int(t.end))
			case tkDate:
				add(ItemDate, int(t.start), int(t.end))
			case tkMoney:
				add(ItemAmount, int(t.start), int(t.end))
			case tkNumber:
				// "at 3", "around 6": a bare hour.
				if i > s.t0 && lx.inClass(st.toks[i-1].id, st.a.clsHourPrep) && t.end-t.start <= 2 {
					add(ItemTime, int(st.toks[i-1].start), int(t.end))
				}
			case tkWord:
				cs := lx.classes(t.id)
				switch {
				case cs&(1<<st.a.clsWhen) != 0 && !lx.inClass(t.id, lx.clsAcronym):
					if w := lx.names[t.id]; w != "next" && w != "hour" && w != "hours" && w != "minutes" && w != "mins" && w != "week" && w != "weeks" && w != "month" {
						start := int(t.start)
						if i > s.t0 && lx.names[st.toks[i-1].id] == "next" {
							start = int(st.toks[i-1].start)
						}
						add(ItemDate, start, int(t.end))
					}
				case cs&(1<<clsPlace) != 0:
					start := int(t.start)
					if i > s.t0 && lx.inClass(st.toks[i-1].id, clsDet) {
						start = int(st.toks[i-1].start)
					}
					add(ItemPlace, start, int(t.end))
				}
			}
		}
		for _, m := range st.matchesIn(s.t0, s.t1) {
			p := &st.a.cfg.phrases[m.phrase]
			switch p.tag {
			case "decision":
				add(ItemDecision, s.start, s.end)
			case "deadline":
				add(ItemDeadline, int(st.toks[m.start].start), int(st.toks[m.end-1].end))
			}
		}
	}
	slices.SortStableFunc(tr.Items, func(x, y TriageItem) int { return x.Start - y.Start })
}

// endsWithoutFullStop reports whether a sentence ends without '.', so
// "Can you take him Friday" reads as a question and "Can't wait." does not.
func (st *state) endsWithoutFullStop(s *sentence) bool {
	for i := s.t1 - 1; i >= s.t0; i-- {
		t := &st.toks[i]
		if t.kind == tkNewline {
			continue
		}
		return !(t.kind == tkPunct && t.has(flSentEnd) && !t.has(flQuestion))
	}
	return true
}

func triageWhy(questions, decisions, deadlines, items, setAside int) string {
	var parts []string
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	if questions > 0 {
		parts = append(parts, plural(questions, "question", "questions"))
	}
	if decisions > 0 {
		parts = append(parts, plural(decisions, "decision", "decisions"))
	}
	if deadlines > 0 {
		parts = append(parts, plural(deadlines, "deadline", "deadlines"))
	}
	switch {
	case len(parts) > 0:
		s := "They ask for an answer: " + strings.Join(parts, ", ") + "."
		if setAside > 0 {
			s += " Answer only that; leave the rest alone."
		}
		return s
	case items > 0 && setAside > 0:
		return "Nothing in it asks for an answer. Note the facts; leave the rest alone. A reply is not needed."
	case items > 0:
		return "It tells you something but asks nothing. A short acknowledgement is enough, or no reply."
	case setAside > 0:
		return "Nothing in it needs an answer, only baiting. Not replying is a reply."
	}
	return "Nothing in it needs an answer."
}

// skeleton drafts a brief, informative, friendly, firm reply answering the
// questions, decisions and deadlines only, with [brackets] to fill in.
func (st *state) skeleton(tr *Triage) string {
	var lines []string
	seen := map[string]bool{}
	for _, it := range tr.Items {
		switch it.Kind {
		case ItemQuestion, ItemDecision:
			q := strings.TrimSpace(strings.Join(strings.Fields(it.Text), " "))
			if seen[q] {
				continue
			}
			seen[q] = true
			lines = append(lines, "About \""+q+"\": [your answer].")
		case ItemDeadline:
			lines = append(lines, "I'll get back to you "+strings.TrimSpace(it.Text)+".")
		}
	}
	if len(lines) == 0 {
		hasFacts := false
		for _, it := range tr.Items {
			if it.Kind != ItemQuestion {
				hasFacts = true
			}
		}
		if !hasFacts {
			return ""
		}
		return "Thanks, noted."
	}
	return "Thanks for letting me know. " + strings.Join(lines, " ") + " Thanks."
}
