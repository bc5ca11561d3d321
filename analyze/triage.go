package analyze

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/steadyhq/steady/harm"
)

// TriageItem is a part of their message: a question or a request that
// needs an answer, or a fact to note that asks for nothing. Start and End
// are byte offsets into the message.
type TriageItem struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Details are the dates, times, places, amounts and deadlines in it.
	Details []TriageDetail `json:"details"`
}

// TriageDetail is a date, a time, a place, an amount or a deadline inside
// an item.
type TriageDetail struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// TriageAside is a part of their message that a reply leaves alone:
// blame, an insult, a threat, bait. Why says what it is and why it needs
// no answer, in words about their message.
type TriageAside struct {
	Kind  string   `json:"kind"`
	Start int      `json:"start"`
	End   int      `json:"end"`
	Text  string   `json:"text"`
	Why   string   `json:"why"`
	Rules []string `json:"rules"`
}

// Kinds of item.
const (
	ItemQuestion = "question" // asks for a fact or a plan
	ItemRequest  = "request"  // asks the reader to do, give, decide or confirm something
	ItemFact     = "fact"     // tells something practical and asks nothing
)

// Kinds of detail.
const (
	DetailDate     = "date"
	DetailTime     = "time"
	DetailPlace    = "place"
	DetailAmount   = "amount"
	DetailDeadline = "deadline"
)

// Kinds of what is set aside.
const (
	AsideThreat       = "threat"
	AsideInsult       = "insult"
	AsideBlame        = "blame"
	AsidePast         = "past"
	AsidePressure     = "pressure"
	AsideBait         = "bait"
	AsideRelationship = "relationship"
	AsideVenting      = "venting"
)

// asideWhy says what a part set aside is, about their message, and why
// the reader need not answer it.
var asideWhy = map[string]string{
	AsideThreat:       "A threat: it needs no answer. Keep the message in case you need it later.",
	AsideInsult:       "An insult: it says nothing you have to answer.",
	AsideBlame:        "Blame: you don't have to defend yourself against it.",
	AsidePast:         "The past raked up: you don't have to argue it again.",
	AsidePressure:     "Pressure: you answer the practical points, in your own time.",
	AsideBait:         "A jab or a question that wants no answer: leave it.",
	AsideRelationship: "About the two of you, not the arrangements: it needs no answer here.",
	AsideVenting:      "Their feelings: they are theirs, and they ask nothing of you.",
}

// Triage is steady's reading of a message they sent: the questions and
// requests that need an answer, the facts it tells, the parts to leave
// alone (each with why), whether to reply at all, and a brief,
// informative, friendly, firm reply that answers only the practical
// points, with [placeholders] where the reader must decide.
type Triage struct {
	Items      []TriageItem  `json:"items"`
	Facts      []TriageItem  `json:"facts"`
	SetAside   []TriageAside `json:"set_aside"`
	NeedsReply bool          `json:"needs_reply"`
	Why        string        `json:"why"`
	// Reply is a draft that answers the items; "" when nothing needs an
	// answer. Fill lists its [placeholders], in order: what the reader
	// must decide before sending it.
	Reply string   `json:"reply"`
	Fill  []string `json:"fill"`
	// Check is the reply checked as a reply. With a placeholder left in
	// it is never "send": it says to fill the brackets in first.
	Check *Result `json:"check,omitempty"`
}

// tclause is a clause of their message as triage reads it.
type tclause struct {
	sent       int
	t0, t1     int // tokens [t0, t1)
	start, end int // bytes, trimmed
	first      int // the first token after openers, -1 when there is none
	ask        string
	aside      string
	rules      []string
	// imperative: it asks only by opening with a verb ("bring it Friday")
	imperative bool
}

// reader is triage's reading of one message: the analysis of it (state)
// and the matches of triage's own phrases (rules/lists/triage.yml), kept
// apart from the rules' so that no rule's exceptions remove them ("i need
// you to" is an exception to longing, and a request here).
type reader struct {
	*state
	tm  []match // in start order
	not []match // not_asked matches ("please be advised"), in start order
	// verbs are the words triage's imperative phrases hold alone, as
	// found in this message
	verbs map[int32]bool
}

func newReader(st *state) *reader {
	mt := matcher{lx: st.a.cfg.lx}
	r := &reader{state: st}
	var not []match
	for _, m := range mt.run(st.toks) {
		p := &st.a.cfg.phrases[m.phrase]
		switch {
		case p.list != "triage":
		case p.tag == "not_asked":
			not = append(not, m)
		case p.tag == "request" && st.toks[m.start].has(flNegated):
			// "you didn't tell me" asks nothing
		default:
			r.tm = append(r.tm, m)
		}
	}
	// "Please be advised", "I agree": what looks like a request and is not.
	// Both lists are in start order: one pass with a window suffices.
	r.not = not
	kept, n0 := r.tm[:0], 0
	for _, m := range r.tm {
		for n0 < len(not) && not[n0].end <= m.start {
			n0++
		}
		inside := false
		for _, n := range not[n0:] {
			if n.start > m.start {
				break
			}
			if m.end <= n.end {
				inside = true
				break
			}
		}
		tag := st.a.cfg.phrases[m.phrase].tag
		if inside && (tag == "request" || tag == "imperative") {
			continue
		}
		kept = append(kept, m)
	}
	r.tm = kept
	r.verbs = map[int32]bool{}
	for _, m := range r.tm {
		if st.a.cfg.phrases[m.phrase].tag == "imperative" && m.end == m.start+1 {
			r.verbs[st.toks[m.start].id] = true
		}
	}
	return r
}

// asideRank orders the kinds of harm, strongest first: a clause that is
// both blame and a threat is set aside as a threat.
var asideRank = []string{AsideThreat, AsideInsult, AsideBlame, AsidePast, AsidePressure, AsideBait, AsideRelationship, AsideVenting}

// asideOf is the kind of harm a rule's finding in their message stands
// for; "" for rules that do not make a part to leave alone (shouting is
// the voice, not the content).
func asideOf(rule string) string {
	switch rule {
	case RuleToneThreat:
		return AsideThreat
	case RuleToneInsult:
		return AsideInsult
	case RuleYouAccusatory, RuleToneAbsolute, RulePseudoFeeling, RuleBiffExtra:
		return AsideBlame
	case RuleDamagePast:
		return AsidePast
	case RuleDamagePressure:
		return AsidePressure
	case RuleDamageNeedy, RuleDamageFalseHope:
		return AsideRelationship
	case RuleNeutralEmotion:
		return AsideVenting
	}
	return ""
}

// headOf is the harm head behind a kind of harm, -1 for none.
func headOf(kind string) harm.Label {
	switch kind {
	case AsideThreat:
		return harm.Threat
	case AsideInsult:
		return harm.Insult
	case AsideBlame:
		return harm.Accusatory
	case AsidePast:
		return harm.Past
	case AsidePressure:
		return harm.Pressure
	case AsideRelationship:
		return harm.Needy
	}
	return -1
}

func stronger(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" || slices.Index(asideRank, a) <= slices.Index(asideRank, b) {
		return a
	}
	return b
}

// Triage reads a message they sent. at is when the user reads it (the
// reply is checked as a reply written then). Any text yields a result.
func (a *Analyzer) Triage(text string, at time.Time) Triage {
	st := a.scratch.Get().(*state)
	defer func() {
		st.text, st.ctx, st.ctxv = "", nil, Context{}
		a.scratch.Put(st)
	}()
	// Read their message as if they were replying: what the rules flag in
	// it is what a reply should not take up.
	st.ctxv = Context{Reply: true, At: at}
	st.reset(a, text, &st.ctxv)
	st.norewrite = true
	st.analyze()
	theirs := st.result()

	r := newReader(st)
	cl := r.clauses()
	r.readAsks(cl)
	r.readHarm(cl, theirs.Findings)
	r.settle(cl)
	tr := Triage{Items: []TriageItem{}, Facts: []TriageItem{}, SetAside: []TriageAside{}, Fill: []string{}}
	r.collect(&tr, cl)
	tr.NeedsReply = len(tr.Items) > 0
	tr.Why = triageWhy(&tr)
	tr.Reply, tr.Fill = r.reply(&tr, cl)
	if tr.Reply != "" {
		res := a.Run(tr.Reply, Context{Reply: true, At: at})
		fillFirst(&res, tr.Fill)
		tr.Check = &res
	}
	return tr
}

// fillFirst makes the headline of a reply with placeholders say to fill
// them in first (the check's draft.placeholder findings already hold it
// back).
func fillFirst(res *Result, fill []string) {
	if len(fill) == 0 {
		return
	}
	line := "Fill in the [brackets] first: only you can decide those."
	if res.Verdict == VerdictSend || res.Verdict == VerdictRevise {
		res.Verdict = VerdictRevise
	} else {
		line += " " + res.Headline.Line // "Don't send it now…"
	}
	res.Headline = Headline{Word: res.Verdict.Word(), Line: line}
	// The reasons already say it: draft.placeholder flags every bracket.
}

// triageClauses splits each sentence into clauses: at clause-ending
// punctuation and a conjunction before a subject (the rewrite's clauses),
// and also before a second question ("… or did you …", "… or shall I?")
// and before a request after "and" or "so" ("… so pay me by Friday").
func (st *reader) clauses() []tclause {
	var out []tclause
	lx := st.a.cfg.lx
	for k := range st.sents {
		s := &st.sents[k]
		for _, c := range st.state.clauses(s) {
			c0 := c[0]
			for j := c[0] + 1; j < c[1]; j++ {
				t := &st.toks[j]
				if t.kind == tkWord && st.toks[j-1].kind == tkEmoji && j > c0 &&
					(st.isAux(j) || slices.Contains(whWords, st.word(j)) || st.tagAt(j, "imperative")) {
					// "thanks for taking her ❤️ what did they say?"
					out = st.appendClause(out, k, c0, j)
					c0 = j
				}
				if t.kind != tkWord || j+1 >= c[1] {
					continue
				}
				w := lx.names[t.id]
				next := st.nextWord(j+1, c[1])
				if next < 0 {
					continue
				}
				split := false
				switch w {
				case "or":
					split = st.isAux(next) && st.isSubjectAt(st.nextWord(next+1, c[1])) ||
						lx.inClass(st.toks[next].id, st.a.clsSubject) && st.nextWord(next+1, c[1]) >= 0 ||
						slices.Contains([]string{"else", "otherwise", "its", "ill", "im", "ima"}, strings.ToLower(st.text[st.toks[next].start:st.toks[next].end]))
				case "and", "so", "but":
					split = st.tagAt(next, "imperative") || st.tagAt(next, "request") && st.isAux(next) ||
						st.word(next) == "do" && st.word(st.nextWord(next+1, c[1])) == "not"
				}
				if split {
					out = st.appendClause(out, k, c0, j)
					c0 = j
				}
			}
			out = st.appendClause(out, k, c0, c[1])
		}
	}
	return out
}

func (st *reader) appendClause(out []tclause, k, t0, t1 int) []tclause {
	first, last := -1, -1
	for i := t0; i < t1; i++ {
		if st.toks[i].kind == tkNewline {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	if first < 0 {
		return out
	}
	c := tclause{sent: k, t0: t0, t1: t1, start: int(st.toks[first].start), end: int(st.toks[last].end), first: st.skipOpeners(t0, t1)}
	return append(out, c)
}

// nextWord returns the first word-like token at or after i before end,
// or -1.
func (st *reader) nextWord(i, end int) int {
	for ; i >= 0 && i < end; i++ {
		if st.toks[i].matchable() {
			return i
		}
	}
	return -1
}

// skipOpeners returns the first token of [t0, t1) after the words that
// open a clause without carrying it ("so", "hey", "please") and emoji, or
// -1 when nothing else is left.
func (st *reader) skipOpeners(t0, t1 int) int {
	i := t0
	for i < t1 {
		t := &st.toks[i]
		if !t.matchable() || t.kind == tkEmoji {
			i++
			continue
		}
		skipped := false
		for _, m := range st.triageIn(i, i+1) {
			if st.a.cfg.phrases[m.phrase].tag == "opener" && int(m.end) <= t1 {
				i = int(m.end)
				skipped = true
				break
			}
		}
		if !skipped {
			return i
		}
	}
	return -1
}

// tagAt reports whether a phrase of the given tag starts at token i.
func (st *reader) tagAt(i int, tag string) bool {
	if i < 0 {
		return false
	}
	for _, m := range st.triageIn(i, i+1) {
		if st.a.cfg.phrases[m.phrase].tag == tag {
			return true
		}
	}
	return false
}

// tagIn reports whether a phrase of the given tag starts in [t0, t1).
func (st *reader) tagIn(t0, t1 int, tag string) bool {
	for _, m := range st.triageIn(t0, t1) {
		if st.a.cfg.phrases[m.phrase].tag == tag {
			return true
		}
	}
	return false
}

// endsWithTag reports whether a phrase of the tag ends a clause: its last
// word is the clause's.
func (st *reader) endsWithTag(c *tclause, tag string) bool {
	last := -1
	for i := c.t0; i < c.t1; i++ {
		if st.toks[i].matchable() {
			last = i
		}
	}
	for _, m := range st.triageIn(c.t0, c.t1) {
		if st.a.cfg.phrases[m.phrase].tag == tag && int(m.end) == last+1 {
			return true
		}
	}
	return false
}

// triageIn returns triage's matches that start in [t0, t1).
func (st *reader) triageIn(t0, t1 int) []match {
	lo, _ := slices.BinarySearchFunc(st.tm, t0, func(m match, t int) int { return int(m.start) - t })
	hi, _ := slices.BinarySearchFunc(st.tm, t1, func(m match, t int) int { return int(m.start) - t })
	return st.tm[lo:hi]
}

// word is the lexicon's word for token i ("u" → "you"), "" for a word
// no rule names and for what is not a word.
func (st *reader) word(i int) string {
	if i < 0 || i >= len(st.toks) || st.toks[i].kind != tkWord {
		return ""
	}
	return st.a.cfg.lx.names[st.toks[i].id]
}

// auxiliaries open a yes-or-no question ("can you", "r u", "did he").
var auxiliaries = []string{"can", "could", "will", "would", "are", "is", "am", "do", "does", "did", "have", "has", "shall", "should", "was", "were", "may", "might", "must"}

func (st *reader) isAux(i int) bool { return slices.Contains(auxiliaries, st.word(i)) }

// isSubjectAt reports whether token i can be the subject of a question:
// a pronoun, a determiner ("the kids"), or a name.
func (st *reader) isSubjectAt(i int) bool {
	if i < 0 {
		return false
	}
	t := &st.toks[i]
	if t.kind != tkWord {
		return false
	}
	lx := st.a.cfg.lx
	if lx.inClass(t.id, st.a.clsSubject) || lx.inClass(t.id, st.a.clsDeterminer) || st.word(i) == "there" {
		return true
	}
	return t.id == 0 && isCapitalised(st.text[t.start:t.end])
}

func isCapitalised(w string) bool {
	return w != "" && w[0] >= 'A' && w[0] <= 'Z'
}

// whWords open a question for a fact.
var whWords = []string{"what", "when", "where", "who", "which", "how", "whose"}

// readAsks marks the clauses that ask a question or make a request, and
// those that only bait or blame by triage's own phrases.
func (st *reader) readAsks(cl []tclause) {
	for i := range cl {
		c := &cl[i]
		if c.first < 0 {
			continue // "Well?", "Hi Dan,": nothing asked
		}
		switch {
		case st.tagIn(c.t0, c.t1, "threat"):
			c.aside = AsideThreat
			continue
		case st.tagIn(c.t0, c.t1, "blame"):
			c.aside = AsideBlame
			continue
		case st.tagIn(c.t0, c.t1, "bait") || st.tagAt(c.first, "bait_start") || st.endsWithTag(c, "bait_end") || st.tagQuestion(c):
			c.aside = AsideBait
			continue
		}
		lo, _ := slices.BinarySearchFunc(st.not, c.t0, func(m match, t int) int { return int(m.start) - t })
		opensNotAsked := lo < len(st.not) && int(st.not[lo].start) <= c.first
		switch {
		case st.questionClause(c, i == len(cl)-1 || cl[i+1].sent != c.sent):
			c.ask = ItemQuestion
		case opensNotAsked:
			// "Please note that the renewal is due": for their reader's
			// information
		case st.tagIn(c.t0, c.t1, "request") || st.endsWithTag(c, "request_end"):
			c.ask = ItemRequest
		case st.tagIn(c.t0, c.t1, "need") && (st.clauseHasWhen(c.t0, c.t1) || st.tagIn(c.t0, c.t1, "deadline")):
			// "HE NEEDS IT TONIGHT"
			c.ask = ItemRequest
		case st.tagAt(c.first, "imperative") && st.nextWord(c.first+1, c.t1) < 0 && c.t1 < st.sents[c.sent].t1:
			// "Remember, they have the dentist at 8:30": a verb alone opens
			// the sentence, it asks nothing by itself
		case st.tagAt(c.first, "imperative"):
			c.ask, c.imperative = ItemRequest, true
		}
	}
}

// settle weighs what asks against what harms, once both are read:
//   - a question that blames them ("u took the dog without asking??") is
//     blame, not a question;
//   - a verb that opens a clause after one set aside continues it, and is
//     set aside with it ("you always do this, make plans and cancel"),
//     unless it holds a date, a time or an amount ("…, pay me by Friday");
//   - after a request for what they need that ends in a colon ("Two things
//     I need from you:") the clauses of the sentence are what it asks for.
func (st *reader) settle(cl []tclause) {
	for i := range cl {
		c := &cl[i]
		if c.first < 0 && i > 0 && cl[i-1].sent == c.sent && st.endsWith(c, "?") && cl[i-1].aside == "" && cl[i-1].first >= 0 && cl[i-1].ask == "" {
			// "Next sunday you come at 11, ok?"
			cl[i-1].ask = ItemQuestion
		}
		if c.ask == "" && c.aside == "" && i > 0 && cl[i-1].sent == c.sent && cl[i-1].ask != "" && st.word(c.first) == "or" && !st.threatens(c) {
			// "either you take it over or I cancel your part": the other
			// choice is part of the ask
			c.ask = cl[i-1].ask
		}
		if c.ask == "" && c.aside == "" && i > 0 && cl[i-1].sent == c.sent && cl[i-1].ask != "" && st.conditional(cl[i-1].first) && st.threatens(c) {
			// "Unless you confirm by the 25th, I will arrange its sale"
			c.aside, c.rules = AsideThreat, []string{}
		}
		switch {
		case c.ask == ItemQuestion && st.declarativeQuestion(c) && st.pastTense(st.nextWord(c.first+1, c.t1)):
			// "u took the dog without asking??", "you sold my guitar???"
			c.ask, c.aside = "", AsideBlame
		case c.ask == ItemQuestion && (c.aside == AsideBlame || c.aside == AsidePast || c.aside == AsidePressure) && st.holds(c, st.a.clsYou) && st.declarativeQuestion(c):
			c.ask = ""
		case (c.imperative || c.ask == ItemQuestion && st.declarativeQuestion(c)) && i > 0 && cl[i-1].sent == c.sent && cl[i-1].aside != "" && !cl[i-1].answerable() && !st.clauseHasWhen(c.t0, c.t1):
			// "Who do you think you are, talking to my mother like that?"
			c.ask, c.imperative = "", false
			c.aside, c.rules = cl[i-1].aside, cl[i-1].rules
		}
		if c.ask == ItemRequest && st.endsWith(c, ":") && st.holdsWord(c, "need") {
			for j := i + 1; j < len(cl) && cl[j].sent == c.sent; j++ {
				if cl[j].ask == "" && cl[j].aside == "" && cl[j].first >= 0 {
					cl[j].ask = ItemRequest
				}
			}
		}
	}
}

// declarativeQuestion reports whether a question asks only by its "?":
// "you took the dog??", not "can you take the dog?" or "when is it?".
func (st *reader) declarativeQuestion(c *tclause) bool {
	f := c.first
	return f >= 0 && !st.isAux(f) && !slices.Contains(whWords, st.word(f)) && st.word(f) != "whether"
}

// pastTense reports whether token i is a verb in the past tense, by the
// rewrite's irregular forms or an "-ed" ending ("took", "sold", "forgot",
// "cancelled").
func (st *reader) pastTense(i int) bool {
	for j := 0; i >= 0 && j < 3; j++ {
		if t := &st.toks[i]; t.kind == tkWord && slices.Contains([]string{"really", "rly", "actually", "just", "seriously", "even"}, strings.ToLower(st.text[t.start:t.end])) {
			i = st.nextWord(i+1, len(st.toks))
		}
	}
	if i < 0 || st.toks[i].kind != tkWord {
		return false
	}
	w := strings.ToLower(st.text[st.toks[i].start:st.toks[i].end])
	if st.toks[i].id > 0 && st.toks[i].has(flContPart) {
		return false
	}
	if _, ok := st.a.cfg.lx.baseForms[w]; ok && w != "was" && w != "were" && w != "had" && w != "did" {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") || slices.Contains([]string{"forgot", "sold", "lost", "broke", "threw", "hid", "stole"}, w)
}

// threatens reports whether a clause says what they will do ("I will…",
// "I'll…", "I'm going to…").
func (st *reader) threatens(c *tclause) bool {
	f := c.first
	n := st.nextWord(f+1, c.t1)
	return st.word(f) == "i" && (st.word(n) == "will" || st.word(n) == "am" && st.word(st.nextWord(n+1, c.t1)) == "going" || st.word(n) == "shall")
}

// holds reports whether a clause holds a word of class cls.
func (st *reader) holds(c *tclause, cls int) bool {
	for i := c.t0; i < c.t1; i++ {
		if t := &st.toks[i]; t.kind == tkWord && st.a.cfg.lx.inClass(t.id, cls) {
			return true
		}
	}
	return false
}

// holdsWord reports whether a clause holds the word w.
func (st *reader) holdsWord(c *tclause, w string) bool {
	for i := c.t0; i < c.t1; i++ {
		if st.word(i) == w {
			return true
		}
	}
	return false
}

// endsWith reports whether the clause's last token is punctuation holding
// mark.
func (st *reader) endsWith(c *tclause, mark string) bool {
	for i := c.t1 - 1; i >= c.t0; i-- {
		t := &st.toks[i]
		if t.kind == tkNewline {
			continue
		}
		return t.kind == tkPunct && strings.Contains(st.text[t.start:t.end], mark)
	}
	return false
}

// questionClause reports whether a clause asks a question: it ends in
// "?" or "or not", or opens with a question's word order ("did u", "what
// time are you"), whatever its punctuation; or, last in a sentence that
// does not end in a full stop, with a question word ("what time now").
func (st *reader) questionClause(c *tclause, last bool) bool {
	var ws []int
	for i := c.first; i >= 0; i = st.nextWord(i+1, c.t1) {
		ws = append(ws, i)
	}
	if n := len(ws); n >= 3 && st.word(ws[n-2]) == "or" && st.word(ws[n-1]) == "not" {
		return true
	}
	if st.endsWith(c, "?") {
		return true
	}
	f := c.first
	next := st.nextWord(f+1, c.t1)
	switch {
	case st.isAux(f):
		if st.word(next) == "not" {
			next = st.nextWord(next+1, c.t1)
		}
		return st.isSubjectAt(next)
	case slices.Contains(whWords, st.word(f)):
		// "what time are you", "when is", "where r the passports"; not
		// "what I do need", "when you get here"
		if st.a.cfg.lx.inClass(st.toks[max(next, 0)].id, st.a.clsSubject) && next >= 0 {
			return false
		}
		for j, n := next, 0; j >= 0 && n < 3; j, n = st.nextWord(j+1, c.t1), n+1 {
			if st.isAux(j) {
				return true
			}
		}
		return last && !st.endsWith(c, ".") && !st.isSubjectAt(next)
	}
	return false
}

// tagQuestion reports whether a clause is a tag that wants no answer:
// only "…, don't you?", or ending in one ("you forgot didn't you").
func (st *reader) tagQuestion(c *tclause) bool {
	var ws []int
	for i := c.first; i >= 0; i = st.nextWord(i+1, c.t1) {
		ws = append(ws, i)
	}
	n := len(ws)
	if n < 2 {
		return false
	}
	lx := st.a.cfg.lx
	you := lx.inClass(st.toks[ws[n-1]].id, st.a.clsSubject)
	switch {
	case n >= 3 && st.isAux(ws[n-3]) && st.word(ws[n-2]) == "not" && you:
		// "…didn't you", "…, aren't you"
		return n == 3 || c.t0 == st.sents[c.sent].t0
	case n == 2 && st.isAux(ws[0]) && you:
		return c.t0 != st.sents[c.sent].t0 // "…, do you?" after a statement
	}
	return false
}

// readHarm marks the clauses that carry what the rules flag in their
// message: a finding on a phrase marks its clauses; a finding of a head
// on a whole sentence of several clauses marks the clauses the head reads
// so on their own.
func (st *reader) readHarm(cl []tclause, fs []Finding) {
	m := st.a.harm
	for _, f := range fs {
		if f.Whole() {
			continue
		}
		kind := ""
		rules := append([]string{f.Rule}, f.Also...)
		for _, r := range rules {
			kind = stronger(kind, asideOf(r))
		}
		if kind == "" {
			continue
		}
		k := st.sentenceAt(f.Start)
		if k < 0 {
			continue
		}
		s := &st.sents[k]
		var in []int
		lo, hi := clausesIn(cl, s.start, s.end)
		for i := lo; i < hi; i++ {
			if cl[i].sent == k {
				in = append(in, i)
			}
		}
		wholeSentence := f.Start <= s.start && f.End >= s.end
		if wholeSentence && len(in) > 1 {
			l := headOf(kind)
			best, top := -1, float32(-1)
			hit := false
			for _, i := range in {
				if l < 0 {
					break
				}
				sc := st.clauseScores(&cl[i])
				if m.Fires(sc, l) {
					st.markAside(&cl[i], kind, rules)
					hit = true
				}
				if cl[i].ask == "" && cl[i].first >= 0 && sc[l] > top {
					best, top = i, sc[l]
				}
			}
			if !hit && best < 0 {
				// Only asks hold words: the head read the ask itself so.
				for _, i := range in {
					if cl[i].first >= 0 {
						best = i
						break
					}
				}
			}
			if !hit && best >= 0 {
				st.markAside(&cl[best], kind, rules)
			}
			continue
		}
		for _, i := range in {
			if cl[i].start < f.End && f.Start < cl[i].end {
				st.markAside(&cl[i], kind, rules)
			}
		}
	}
}

func (st *reader) markAside(c *tclause, kind string, rules []string) {
	c.aside = stronger(c.aside, kind)
	for _, r := range rules {
		if asideOf(r) != "" && !slices.Contains(c.rules, r) {
			c.rules = append(c.rules, r)
		}
	}
}

// clauseScores reads a clause with the harm heads, in a normal voice.
func (st *reader) clauseScores(c *tclause) harm.Scores {
	text := st.text[c.start:c.end]
	if isShouted(text) {
		text = strings.ToLower(text)
	}
	return st.a.harm.Score(calmPunct(text), harm.ModeReply, harm.Dense(st.logits))
}

// answerable reports whether a clause that asks is still an item: a
// clause that insults, threatens or baits asks nothing a reply should
// take up; blame around a practical ask does not cancel the ask.
func (c *tclause) answerable() bool {
	if c.ask == "" {
		return false
	}
	switch c.aside {
	case AsideThreat, AsideInsult, AsideBait:
		return false
	}
	return true
}

// collect turns the clauses into items, facts and the parts set aside:
// in each sentence, a run of clauses that carry no harm and hold an ask is
// an item; the clauses that carry harm, merged where they touch, are set
// aside; a practical sentence that asks nothing is a fact.
func (st *reader) collect(tr *Triage, cl []tclause) {
	for i := 0; i < len(cl); {
		j := i
		for j < len(cl) && cl[j].sent == cl[i].sent {
			j++
		}
		st.collectSentence(tr, cl[i:j])
		i = j
	}
}

func (st *reader) collectSentence(tr *Triage, cl []tclause) {
	harmed := func(c *tclause) bool { return c.aside != "" && !c.answerable() }
	asked := false
	for i := 0; i < len(cl); {
		if harmed(&cl[i]) {
			j := i + 1
			kind := cl[i].aside
			rules := slices.Clone(cl[i].rules)
			for j < len(cl) && harmed(&cl[j]) {
				kind = stronger(kind, cl[j].aside)
				for _, r := range cl[j].rules {
					if !slices.Contains(rules, r) {
						rules = append(rules, r)
					}
				}
				j++
			}
			start, end := cl[i].start, cl[j-1].end
			if rules == nil {
				rules = []string{}
			}
			tr.SetAside = append(tr.SetAside, TriageAside{Kind: kind, Start: start, End: end, Text: st.text[start:end], Why: asideWhy[kind], Rules: rules})
			i = j
			continue
		}
		j := i
		kind := ""
		for j < len(cl) && !harmed(&cl[j]) {
			switch cl[j].ask {
			case ItemQuestion:
				kind = ItemQuestion
			case ItemRequest:
				if kind == "" {
					kind = ItemRequest
				}
			}
			j++
		}
		// A run's edges that hold nothing ("Hey,", "Dear Mark,") are not
		// part of the item, nor what follows its last ask ("…, I will
		// arrange for its sale").
		a, b := i, j
		for a < b && cl[a].first < 0 {
			a++
		}
		for b > a && cl[b-1].ask == "" {
			b--
		}
		if kind != "" && a < b {
			asked = true
			tr.Items = append(tr.Items, st.item(kind, cl[a].start, cl[b-1].end))
		}
		i = j
	}
	if !asked && len(cl) > 0 && st.practicalSentence(cl[0].sent) {
		// A practical sentence that asks nothing: the facts in it, outside
		// what is set aside.
		for _, c := range cl {
			if c.aside == "" && c.first >= 0 {
				if it := st.item(ItemFact, c.start, c.end); len(it.Details) > 0 {
					tr.Facts = append(tr.Facts, it)
				}
			}
		}
	}
}

// item makes an item of text[start:end] with the details in it.
func (st *reader) item(kind string, start, end int) TriageItem {
	it := TriageItem{Kind: kind, Start: start, End: end, Text: st.text[start:end], Details: []TriageDetail{}}
	lx := st.a.cfg.lx
	add := func(kind string, s, e int) {
		for _, d := range it.Details {
			if d.Start <= s && d.End >= e {
				return
			}
		}
		it.Details = append(it.Details, TriageDetail{Kind: kind, Start: s, End: e, Text: st.text[s:e]})
	}
	t0 := st.tokenAt(start)
	t1 := st.tokenAt(end)
	if t1 <= t0 {
		return it
	}
	for _, ms := range [][]match{st.matchesIn(t0, t1), st.triageIn(t0, t1)} {
		for _, m := range ms {
			if p := &st.a.cfg.phrases[m.phrase]; p.tag == "deadline" && int(m.end) <= t1 {
				add(DetailDeadline, int(st.toks[m.start].start), int(st.toks[m.end-1].end))
			}
		}
	}
	for i := t0; i < t1; i++ {
		t := &st.toks[i]
		switch t.kind {
		case tkTime:
			add(DetailTime, int(t.start), int(t.end))
		case tkDate:
			add(DetailDate, int(t.start), int(t.end))
		case tkMoney:
			add(DetailAmount, int(t.start), int(t.end))
		case tkNumber:
			// "at 3", "around 6": a bare hour.
			if i > t0 && lx.inClass(st.toks[i-1].id, st.a.clsHourPrep) && t.end-t.start <= 2 {
				add(DetailTime, int(st.toks[i-1].start), int(t.end))
			}
		case tkWord:
			cs := lx.classes(t.id)
			switch {
			case cs&(1<<st.a.clsWhen) != 0 && !lx.inClass(t.id, lx.clsAcronym):
				if w := lx.names[t.id]; w != "next" && w != "hour" && w != "hours" && w != "minutes" && w != "mins" && w != "week" && w != "weeks" && w != "month" {
					s := int(t.start)
					if i > t0 && lx.names[st.toks[i-1].id] == "next" {
						s = int(st.toks[i-1].start)
					}
					add(DetailDate, s, int(t.end))
				}
			case cs&(1<<st.a.clsPlace) != 0:
				s := int(t.start)
				if i > t0 && lx.inClass(st.toks[i-1].id, st.a.clsDeterminer) {
					s = int(st.toks[i-1].start)
				}
				add(DetailPlace, s, int(t.end))
			}
		}
	}
	slices.SortStableFunc(it.Details, func(x, y TriageDetail) int { return x.Start - y.Start })
	return it
}

// tokenAt returns the index of the first token that starts at or after
// byte pos.
func (st *reader) tokenAt(pos int) int {
	i, _ := slices.BinarySearchFunc(st.toks, pos, func(t token, p int) int { return int(t.start) - p })
	return i
}

// clausesIn returns the indexes [lo, hi) of the clauses that start in
// [start, end): clauses are in text order.
func clausesIn(cl []tclause, start, end int) (int, int) {
	lo, _ := slices.BinarySearchFunc(cl, start, func(c tclause, p int) int { return c.start - p })
	hi, _ := slices.BinarySearchFunc(cl, end, func(c tclause, p int) int { return c.start - p })
	return lo, hi
}

func triageWhy(tr *Triage) string {
	q, r := 0, 0
	for _, it := range tr.Items {
		if it.Kind == ItemQuestion {
			q++
		} else {
			r++
		}
	}
	var parts []string
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	if q > 0 {
		parts = append(parts, plural(q, "question", "questions"))
	}
	if r > 0 {
		parts = append(parts, plural(r, "request", "requests"))
	}
	aside := len(tr.SetAside) > 0
	switch {
	case len(parts) > 0 && aside:
		return "They ask for an answer to " + strings.Join(parts, " and ") + ". Answer only that; the rest needs no answer."
	case len(parts) > 0:
		return "They ask for an answer to " + strings.Join(parts, " and ") + "."
	case len(tr.Facts) > 0 && aside:
		return "Nothing in it asks for an answer: note the facts and leave the rest. A reply is not needed."
	case len(tr.Facts) > 0:
		return "It tells you something but asks nothing. A reply is not needed; a short \"Noted, thanks\" at most."
	case aside:
		return "Nothing in it asks for an answer. A reply is not needed: not answering is an answer."
	}
	return "Nothing in it asks for an answer. A reply is not needed."
}

// The reply answers each item in a short sentence of the reader's own,
// built from the item's words: pronouns turned round ("can you take my
// bike" → "I can take your bike"), the question's word order made a
// statement, and a [placeholder] where only the reader can decide
// ("[Yes, I can / No, I can't]", "at [time]"). It never repeats their
// sentence, promises nothing ("I'll get back to you…") and takes up
// nothing set aside.

// rword is a word of their message as a reply may write it.
type rword struct {
	w    string // as the reply writes it
	low  string // lower case, contractions and shorthand spelled out
	gap  bool   // a space before it
	name bool   // written with a capital in their message: a name
}

// rwords returns the words of tokens [t0, t1) for the reply: shorthand
// spelled out ("u" → "you", "tmrw" → "tomorrow"), a shouted clause in a
// normal voice, emoji and punctuation left out.
func (st *reader) rwords(t0, t1 int) []rword {
	var out []rword
	lx := st.a.cfg.lx
	text := st.text[st.toks[t0].start:st.toks[t1-1].end]
	shouted := isShouted(text)
	prevEnd := int32(-1)
	paren := 0
	for i := t0; i < t1; i++ {
		t := &st.toks[i]
		// An aside in brackets is left out: "(attached)". Brackets are no
		// tokens: they are read from the text between the tokens.
		from := t.start
		if i > t0 {
			from = min(st.toks[i-1].end, t.start) // a contraction's parts share a span
		}
		if gapText := st.text[from:t.start]; strings.ContainsAny(gapText, "()") {
			paren = max(paren+strings.Count(gapText, "(")-strings.Count(gapText, ")"), 0)
		}
		if paren > 0 {
			continue
		}
		switch t.kind {
		case tkPunct, tkNewline, tkEmoji:
			if t.kind == tkPunct && t.start == prevEnd {
				// "half-term": a hyphen joins its words
				s := st.text[t.start:t.end]
				if (s == "-" || s == "'") && i+1 < t1 && st.toks[i+1].start == t.end && len(out) > 0 {
					out[len(out)-1].w += s
					out[len(out)-1].low += s
					prevEnd = t.end
					continue
				}
			}
			continue
		}
		orig := st.text[t.start:t.end]
		low := strings.ToLower(orig)
		w := orig
		if t.kind == tkWord && t.id > 0 {
			name := lx.names[t.id]
			// "lawyer's" stays; "what's" is "what" and "is"
			contraction := i+1 < t1 && st.toks[i+1].has(flContPart) && st.toks[i+1].start == t.start
			possessive := strings.ReplaceAll(low, "’", "'") == name+"'s" && !contraction
			if t.has(flContPart) || name != low && !possessive {
				w, low = name, name
			}
		}
		if shouted && !(t.kind == tkWord && lx.inClass(t.id, lx.clsAcronym)) {
			w = low
		}
		gap := prevEnd < 0 || t.start > prevEnd || t.has(flContPart)
		if len(out) > 0 && out[len(out)-1].w == "-" {
			gap = false
		}
		isName := !shouted && t.kind == tkWord && isCapitalised(orig) && (i != t0 || t.id == 0 && low != "i")
		if i == t0 && !isName && low != "i" && t.kind == tkWord && !t.has(flContPart) && !lx.inClass(t.id, st.a.clsWhen) && !lx.inClass(t.id, lx.clsAcronym) {
			w = strings.ToLower(w) // "Call me." → "call you"
		}
		out = append(out, rword{w: w, low: low, gap: gap, name: isName})
		prevEnd = t.end
	}
	return out
}

// fillers say nothing a reply needs ("at least", "even", "again").
var fillers = []string{"even", "just", "actually", "really", "seriously", "please", "pls", "plz", "kindly", "also", "still", "again", "maybe", "exactly", "exact", "ever", "now", "then", "ok", "okay", "thanks", "thx", "so", "too", "already", "anyway", "anyways"}

// strip drops fillers anywhere, "at least", and "or not" / "yes or no"
// at the end.
func strip(ws []rword) []rword {
	var out []rword
	for i := 0; i < len(ws); i++ {
		l := ws[i].low
		if l == "at" && i+1 < len(ws) && ws[i+1].low == "least" {
			i++
			continue
		}
		// "now" and "then" only when they end the clause; "so" and "ok"
		// only at its start or end: "a lot so" is rare in a question.
		if (l == "now" || l == "then" || l == "too" || l == "so" || l == "ok" || l == "okay") && i > 0 && i < len(ws)-1 {
			out = append(out, ws[i])
			continue
		}
		if slices.Contains(fillers, l) {
			continue
		}
		out = append(out, ws[i])
	}
	for n := len(out); n >= 2; n = len(out) {
		switch {
		case n >= 3 && out[n-3].low == "yes" && out[n-2].low == "or" && out[n-1].low == "no":
			out = out[:n-3]
		case out[n-2].low == "or" && slices.Contains([]string{"not", "no", "what", "something", "anything"}, out[n-1].low):
			out = out[:n-2]
		default:
			return out
		}
	}
	return out
}

// join writes words out as their message spaced them.
func join(ws []rword) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 && w.gap {
			b.WriteByte(' ')
		}
		b.WriteString(w.w)
	}
	return b.String()
}

// index returns where the words seq start in ws, or -1.
func index(ws []rword, seq ...string) int {
	for i := 0; i+len(seq) <= len(ws); i++ {
		ok := true
		for j, s := range seq {
			if ws[i+j].low != s {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

func word(w string) rword { return rword{w: w, low: strings.ToLower(w), gap: true} }

func words(s string) []rword {
	var out []rword
	for _, f := range strings.Fields(s) {
		out = append(out, word(f))
	}
	return out
}

// clauseStarts are the words after which "you" is the subject of what
// follows ("when you want", "if you can").
var clauseStarts = []string{"and", "or", "but", "so", "if", "whether", "that", "when", "because", "until", "unless", "where", "what", "which", "who", "how", "while", "before", "after", "once", "since", "though", "although"}

// turn speaks from the reader's side: their "I" is the reader's "you",
// their "you" the reader's "I" (or "me", after a verb or a preposition).
func turn(ws []rword) []rword {
	out := make([]rword, len(ws))
	for i, w := range ws {
		r := w
		set := func(s string) { r.w, r.low = s, strings.ToLower(s) }
		switch w.low {
		case "i":
			set("you")
		case "me":
			set("you")
		case "my":
			set("your")
		case "mine":
			set("yours")
		case "myself":
			set("yourself")
		case "you":
			if i == 0 || slices.Contains(clauseStarts, ws[i-1].low) || isAuxWord(ws[i-1].low) ||
				i+1 < len(ws) && (isAuxWord(ws[i+1].low) || slices.Contains([]string{"said", "told", "promised", "agreed", "wanted", "asked", "paid", "sent"}, ws[i+1].low)) && !isVerbBefore(ws[i-1].low) {
				set("I")
			} else {
				set("me")
			}
		case "your", "ur":
			set("my")
		case "yours", "urs":
			set("mine")
		case "yourself":
			set("myself")
		case "am":
			if i > 0 && ws[i-1].low == "i" {
				set("are")
			}
		case "are":
			if i > 0 && ws[i-1].low == "you" && out[i-1].w == "I" {
				set("am")
			}
		case "was":
			if i > 0 && ws[i-1].low == "i" {
				set("were")
			}
		case "were":
			if i > 0 && ws[i-1].low == "you" && out[i-1].w == "I" {
				set("was")
			}
		}
		out[i] = r
	}
	return out
}

// isVerbBefore: words before "you" that make it an object even when an
// auxiliary follows ("give you can…" is rare; "to you will" rarer).
func isVerbBefore(w string) bool {
	return slices.Contains([]string{"to", "for", "with", "at", "from", "give", "tell", "send", "ask", "let", "get"}, w)
}

func isAuxWord(w string) bool { return slices.Contains(auxiliaries, w) }

// pronouns stand alone as a subject.
var pronouns = []string{"i", "you", "we", "he", "she", "it", "they", "that", "this", "there"}

// subjectEnd returns where the subject starting at i ends: a pronoun, a
// name (one or two), or a determiner and up to two words; -1 when the
// word at i starts none.
func subjectEnd(ws []rword, i int, dets []string) int {
	if i >= len(ws) {
		return -1
	}
	w := ws[i]
	switch {
	case slices.Contains(pronouns, w.low):
		return i + 1
	case slices.Contains(dets, w.low):
		j := i + 1
		for n := 0; j < len(ws) && n < 3 && !isAuxWord(ws[j].low) && !isPreposition(ws[j].low) && ws[j].low != "or" && ws[j].low != "and" && (n == 0 || ws[j].name || strings.HasSuffix(ws[j-1].low, "'s") || isMoney(ws[j-1].low)); n++ {
			j++
		}
		if j == i+1 {
			return -1
		}
		return j
	case w.name:
		// "Sam", "Sam Smith", "Monday 10 March at 4.30pm"
		j := i + 1
		for j < len(ws) && (ws[j].name || isNumeric(ws[j].low) || ws[j].low == "at" && j+1 < len(ws) && isNumeric(ws[j+1].low)) {
			j++
		}
		if strings.HasSuffix(strings.ReplaceAll(ws[j-1].low, "’", "'"), "'s") && j < len(ws) && !isAuxWord(ws[j].low) {
			j++ // "Sam's cough"
		}
		return j
	}
	return -1
}

func isNumeric(w string) bool {
	return w != "" && strings.ContainsAny(w[:1], "0123456789$£€")
}

// isMoney reports whether w reads as an amount: "$50", "£20", "120" (a
// number that is no time of day: "6pm", "17:30").
func isMoney(w string) bool {
	return isNumeric(w) && !strings.ContainsAny(w, ":") && !strings.HasSuffix(w, "am") && !strings.HasSuffix(w, "pm") && !strings.HasSuffix(w, "th") && !strings.HasSuffix(w, "st") && !strings.HasSuffix(w, "nd") && !strings.HasSuffix(w, "rd")
}

var prepositions = []string{"at", "on", "in", "for", "with", "to", "from", "by", "about", "of", "after", "before", "until", "over", "into", "out"}

func isPreposition(w string) bool { return slices.Contains(prepositions, w) }

// person is how a subject conjugates: "I", "you" (you, we, they, a
// plural), or "it" (he, she, it, a name, a singular).
func person(subj []rword) string {
	if len(subj) == 0 {
		return "it"
	}
	switch subj[0].low {
	case "i":
		return "I"
	case "you", "we", "they":
		return "you"
	}
	last := subj[len(subj)-1].low
	if len(subj) > 1 && strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss") && !strings.HasSuffix(last, "'s") {
		return "you" // "the kids", "the passports"
	}
	return "it"
}

// yesNo is the choice a yes-or-no question leaves to the reader, for a
// subject (as the reply writes it) and the question's auxiliary: "[Yes,
// I can / No, I can't]".
func yesNo(subj string, p, aux string) string {
	yes, no := aux, aux+" not"
	switch aux {
	case "can", "could":
		yes, no = "can", "can't"
	case "will":
		yes, no = "will", "won't"
	case "would":
		yes, no = "would", "wouldn't"
	case "should", "shall":
		yes, no = "should", "shouldn't"
	case "must":
		yes, no = "must", "don't have to"
		if p == "it" {
			no = "doesn't have to"
		}
	case "may", "might":
		yes, no = "may", "may not"
	case "am", "are", "is":
		switch p {
		case "I":
			yes, no = "am", "'m not"
		case "you":
			yes, no = "are", "aren't"
		default:
			yes, no = "is", "isn't"
		}
	case "was", "were":
		if p == "you" {
			yes, no = "were", "weren't"
		} else {
			yes, no = "was", "wasn't"
		}
	case "do", "does":
		if p == "it" {
			yes, no = "does", "doesn't"
		} else {
			yes, no = "do", "don't"
		}
	case "did":
		yes, no = "did", "didn't"
	case "have", "has":
		if p == "it" {
			yes, no = "has", "hasn't"
		} else {
			yes, no = "have", "haven't"
		}
	}
	sep := " "
	if strings.HasPrefix(no, "'") {
		sep = ""
	}
	return "[Yes, " + subj + " " + yes + " / No, " + subj + sep + no + "]"
}

// conjugate puts a verb in the form a statement needs after do-support
// is removed: "did you get" → "got", "does school start" → "starts".
func (st *reader) conjugate(verb, aux, p string) string {
	switch aux {
	case "did":
		for past, base := range st.a.cfg.lx.baseForms {
			if base == verb && past != "was" && past != "were" {
				return past
			}
		}
		switch {
		case strings.HasSuffix(verb, "e"):
			return verb + "d"
		case strings.HasSuffix(verb, "y") && len(verb) > 2 && !strings.ContainsRune("aeiou", rune(verb[len(verb)-2])):
			return verb[:len(verb)-1] + "ied"
		}
		return verb + "ed"
	case "does":
		if p != "it" {
			return verb
		}
		switch {
		case verb == "have":
			return "has"
		case verb == "do" || verb == "go":
			return verb + "es"
		case strings.HasSuffix(verb, "s") || strings.HasSuffix(verb, "sh") || strings.HasSuffix(verb, "ch") || strings.HasSuffix(verb, "x"):
			return verb + "es"
		case strings.HasSuffix(verb, "y") && len(verb) > 2 && !strings.ContainsRune("aeiou", rune(verb[len(verb)-2])):
			return verb[:len(verb)-1] + "ies"
		}
		return verb + "s"
	}
	return verb
}

// subjectText writes a subject as the reply starts a clause with it.
func subjectText(subj []rword) string {
	if len(subj) == 1 && subj[0].low == "i" {
		return "I"
	}
	return join(subj)
}

// affirm is what the reader would say to agree to a question or a
// request of theirs, as a statement: "Can you take him Friday" → "I can
// take him Friday"; "Shall I bring it over" → "Please bring it over". ok
// is false when its word order is not one it knows.
func (st *reader) affirm(ws []rword, dets []string) (string, bool) {
	if len(ws) == 0 {
		return "", false
	}
	// "do you want me to get you a ticket" → "Please get me a ticket";
	// "do you want to pick it up" → "I'll pick it up".
	if i := index(ws, "do", "you", "want", "me", "to"); i == 0 && len(ws) > 5 {
		return "Please " + join(turn(ws[5:])), true
	}
	if i := index(ws, "do", "you", "want", "to"); i == 0 && len(ws) > 4 {
		return "I'll " + join(turn(ws[4:])), true
	}
	if len(ws) > 4 && isAuxWord(ws[0].low) && ws[1].low == "you" && ws[2].low == "prefer" && (ws[3].low == "i" || ws[3].low == "me") {
		// "would you prefer I come over with my key" → "Please come over with your key"
		rest := ws[4:]
		if rest[0].low == "to" {
			rest = rest[1:]
		}
		return "Please " + join(turn(rest)), true
	}
	t := turn(ws)
	if isAuxWord(ws[0].low) {
		se := subjectEnd(ws, 1, dets)
		if se < 0 {
			return "", false
		}
		subj, rest := t[1:se], t[se:]
		aux := ws[0].low
		if ws[1].low == "i" && slices.Contains([]string{"shall", "should", "do", "can", "could", "may"}, aux) {
			if len(rest) == 0 {
				return "", false
			}
			return "Please " + join(rest), true
		}
		return st.statement(subj, aux, rest), true
	}
	se := subjectEnd(ws, 0, dets)
	if se < 0 {
		return "", false
	}
	if ws[0].low == "i" && se < len(ws) && !isAuxWord(ws[se].low) {
		return "Please " + join(t[se:]), true // "I send another one" → "Please send another one"
	}
	if ws[0].low == "you" && se < len(ws) && !isAuxWord(ws[se].low) && !strings.HasSuffix(ws[se].low, "ing") {
		return "I'll " + join(t[se:]), true // "(either) you take it over" → "I'll take it over"
	}
	return join(t), true
}

// statement writes subject, auxiliary and the rest as a statement: "I am
// taking them Saturday", "Mia needs her inhaler", "I can call him".
func (st *reader) statement(subj []rword, aux string, rest []rword) string {
	p := person(subj)
	s := subjectText(subj)
	switch aux {
	case "am", "are", "is":
		be := map[string]string{"I": "am", "you": "are", "it": "is"}[p]
		if p == "I" {
			return strings.TrimSpace("I'm " + join(rest))
		}
		return strings.TrimSpace(s + " " + be + " " + join(rest))
	case "was", "were":
		be := "was"
		if p == "you" {
			be = "were"
		}
		return strings.TrimSpace(s + " " + be + " " + join(rest))
	case "do", "does", "did":
		if len(rest) == 0 {
			return s + " " + aux
		}
		v := rest[0]
		v.w = st.conjugate(v.low, aux, p)
		return strings.TrimSpace(s + " " + join(append([]rword{v}, rest[1:]...)))
	case "have", "has":
		h := "have"
		if p == "it" {
			h = "has"
		}
		return strings.TrimSpace(s + " " + h + " " + join(rest))
	case "could":
		aux = "can"
	case "shall":
		aux = "will"
	}
	return strings.TrimSpace(s + " " + aux + " " + join(rest))
}

// isVerb reports whether w opens an order in triage's phrases or the
// rewrite's imperative words: a verb.
func (st *reader) isVerb(w string) bool {
	return st.a.cfg.lx.wordInClass(w, st.a.clsImperative) || st.isImperativeWord(w)
}

// alternative finds "A or B" in words: the choice the reader makes. It
// returns the words before A, A, B and the words after B, and false when
// there is no choice ("or not" is none).
func alternative(ws []rword) (pre, a, b, post []rword, ok bool) {
	o := index(ws, "or")
	if o <= 0 || o == len(ws)-1 || ws[o+1].low == "not" {
		return nil, nil, nil, nil, false
	}
	// B runs to the end, or to a preposition of time after its first word
	// ("mine on the 24th").
	e := len(ws)
	for j := o + 2; j < len(ws); j++ {
		if slices.Contains([]string{"on", "this", "next", "by"}, ws[j].low) {
			e = j
			break
		}
	}
	b, post = ws[o+1:e], ws[e:]
	// A mirrors B: a preposition B opens with or holds second ("at night
	// or only for sport"), else a word of B's first kind ("Tuesday
	// morning or Wednesday"), else as many words as B.
	kind := func(w rword) string {
		switch {
		case slices.Contains([]string{"mine", "yours", "his", "hers", "ours", "theirs", "my", "your", "our", "their"}, w.low):
			return "own"
		case isPreposition(w.low):
			return "prep"
		case isNumeric(w.low):
			return "num"
		case w.name:
			return "name"
		case strings.HasSuffix(w.low, "ing") && len(w.low) > 4:
			return "ing"
		}
		return "other"
	}
	s := -1
	if len(b) > 1 && isPreposition(b[1].low) || isPreposition(b[0].low) {
		for j := o - 1; j >= 0 && o-j <= len(b)+1; j-- {
			if isPreposition(ws[j].low) {
				s = j
				break
			}
		}
	}
	if s < 0 {
		k := kind(b[0])
		for j := o - 1; j >= 0 && o-j <= len(b)+1; j-- {
			if kind(ws[j]) == k && k != "other" {
				s = j
			}
		}
	}
	if s < 0 {
		s = max(0, o-len(b))
	}
	return ws[:s], ws[s:o], b, post, true
}

// withChoice writes words with their "A or B" as "[A / B]".
func withChoice(ws []rword) (string, bool) {
	pre, a, b, post, ok := alternative(ws)
	if !ok {
		return "", false
	}
	out := strings.TrimSpace(join(pre) + " [" + join(a) + " / " + join(b) + "] " + join(post))
	return out, true
}

// whatNouns follow "what" in a question for a fact ("what time"); howWords
// follow "how" ("how much").
var (
	whatNouns = []string{"time", "day", "date", "weekend", "one", "ones", "week", "month", "age", "size", "colour", "color", "address", "number", "kind", "sort", "option", "train", "flight", "bus", "hour", "school", "film", "room", "price", "amount"}
	howWords  = []string{"much", "many", "long", "often", "soon", "far", "old", "late", "early"}
)

// whSlot is the placeholder a question word asks the reader to fill:
// "what time" → "at [time]", "which day" → "on [day]", "where" →
// "[where]". object is true when it stands where the verb's object does
// ("what did they say" → "They said [what]").
func whSlot(phrase []string) (slot string, object bool) {
	p := strings.Join(phrase, " ")
	switch p {
	case "what time":
		return "at [time]", false
	case "what day", "which day":
		return "on [day]", false
	case "when", "where", "how", "how long", "why":
		return "[" + p + "]", false
	case "what", "how much", "how many", "which", "who", "whose":
		return "[" + p + "]", true
	}
	return "[" + p + "]", phrase[0] != "when" && phrase[0] != "where"
}

// whAnswer answers a question for a fact with the statement it asks for
// and the fact left to fill in: "What time are you dropping her off" → "I'm
// dropping her off at [time]"; "When is the meeting" → "The meeting is
// [when]".
func (st *reader) whAnswer(ws []rword, dets []string) (string, bool) {
	phrase := []string{ws[0].low}
	i := 1
	if i < len(ws) && ws[i].low == "else" {
		i++ // "what else you have access to"
	}
	if i < len(ws) && !isAuxWord(ws[i].low) && !slices.Contains(pronouns, ws[i].low) && !slices.Contains(dets, ws[i].low) &&
		(ws[0].low == "which" || ws[0].low == "whose" || ws[0].low == "what" && slices.Contains(whatNouns, ws[i].low) || ws[0].low == "how" && slices.Contains(howWords, ws[i].low)) {
		phrase = append(phrase, ws[i].low)
		i++
	}
	slot, object := whSlot(phrase)
	t := turn(ws)
	if i >= len(ws) {
		return slot, true
	}
	if !isAuxWord(ws[i].low) {
		if ws[i].low == "to" && i+1 < len(ws) {
			// "what time to be there" → "Please be there at [time]"
			return "Please " + join(t[i+1:]) + " " + slot, true
		}
		se := subjectEnd(ws, i, dets)
		if se > 0 && se < len(ws) {
			// "when you want to collect them" → "I want to collect them [when]"
			subj, rest := t[i:se], t[se:]
			if object && !isPreposition(rest[len(rest)-1].low) {
				return subjectText(subj) + " " + join(rest[:1]) + " " + slot + " " + join(rest[1:]), true
			}
			return strings.TrimSpace(subjectText(subj) + " " + join(rest) + " " + slot), true
		}
		// "which weekend works", "what time tomorrow"
		if len(phrase) == 1 && ws[0].low == "what" {
			return "", false
		}
		return strings.TrimSpace(slot + " " + join(t[i:])), true
	}
	aux := ws[i].low
	se := subjectEnd(ws, i+1, dets)
	if ws[0].low == "who" && len(phrase) == 1 {
		se = -1 // "who has the kids on the 12th" → "[Who] has the kids…"
	}
	if se < 0 {
		if slices.Contains([]string{"is", "are", "was", "were"}, aux) && ws[0].low != "who" && i+1 < len(ws) && !strings.HasSuffix(ws[i+1].low, "ing") {
			// "whens parents eve" → "Parents eve is [when]"
			return strings.TrimSpace(join(t[i+1:]) + " " + aux + " " + slot), true
		}
		// "who is driving them there" → "[who] is driving them there"
		return strings.TrimSpace(slot + " " + aux + " " + join(t[i+1:])), true
	}
	subj, rest := t[i+1:se], t[se:]
	switch aux {
	case "am", "are", "is", "was", "were":
		if len(rest) == 1 && isPreposition(rest[0].low) {
			// "what was it for" → "It was for [what]"
			return subjectText(subj) + " " + aux + " " + rest[0].w + " " + slot, true
		}
		if len(rest) == 0 || !(strings.HasSuffix(rest[0].low, "ing") || rest[0].low == "going") {
			// "when is the meeting with his tutor" → "The meeting with his
			// tutor is [when]"
			all := t[i+1:]
			switch ws[i+1].low {
			case "you":
				return strings.TrimSpace("I'm " + join(all[1:]) + " " + slot), true
			case "i":
				aux = "are"
			}
			return strings.TrimSpace(subjectText(all) + " " + aux + " " + slot), true
		}
	}
	if object && len(rest) > 0 {
		s := st.statement(subj, aux, rest[:1])
		return strings.TrimSpace(s + " " + slot + " " + join(rest[1:])), true
	}
	return strings.TrimSpace(st.statement(subj, aux, rest) + " " + slot), true
}

// request verbs by what is asked for: money is paid, access given, what
// they lent given back, the rest sent.
func giveVerb(obj []rword) string {
	for _, w := range obj {
		switch {
		case isMoney(w.low), slices.Contains([]string{"money", "half", "share", "payment", "rent", "fees", "fee", "bill", "arrears", "support", "maintenance"}, w.low):
			return "pay"
		case w.low == "access":
			return "give you"
		}
	}
	return "send you"
}

// answer drafts the reader's answer to one clause that asks. ok is false
// when none of the shapes it knows fits: the caller falls back on the
// clause's topic.
func (st *reader) answer(c *tclause) (string, bool) {
	ws := strip(st.rwords(c.first, c.t1))
	// The reason they give is theirs: "…back because the landlord is
	// doing an inspection" → "…back".
	if k := slices.IndexFunc(ws, func(w rword) bool {
		return w.low == "because" || w.low == "since" || w.low == "cause" || w.low == "cuz"
	}); k > 1 {
		ws = ws[:k]
	}
	if len(ws) == 0 {
		return "", false
	}
	dets := []string{"the", "my", "your", "his", "her", "our", "their", "a", "an", "this", "that", "these", "those", "both"}
	l0 := ws[0].low
	l1 := ""
	if len(ws) > 1 {
		l1 = ws[1].low
	}
	// A question.
	switch {
	case slices.Contains(whWords, l0):
		return st.whAnswer(ws, dets)
	case l0 == "whether" || l0 == "if":
		return st.declarative(ws[1:], dets)
	case l0 == "got" && len(ws) > 1:
		// "Got the money?"
		return "[Yes, I have it / No, I haven't got it yet]", true
	case l0 == "you" && l1 == "or" && len(ws) <= 5:
		return withChoice(turn(ws)) // "you or your mum?" → "[I / my mum]"
	case l0 == "you" && len(ws) > 1:
		if a, ok := st.requestAnswer(ws, dets); ok {
			return a, true // "you owe me…", "you'll have to…"
		}
		if c.ask == ItemRequest && !isAuxWord(l1) {
			// "Please you bring the jacket": an order, in a learner's words
			return "[Yes, I'll / No, I can't] " + join(turn(ws[1:])), true
		}
		// "You can be there?", "you come on sunday or no?", "You coming or not"
		return st.declarative(ws, dets)
	case l0 == "is" && index(ws, "possible") > 0 && index(ws, "possible") <= 2:
		// "Is (it) possible (for) you keep the children…"
		k := index(ws, "possible") + 1
		for k < len(ws) && slices.Contains([]string{"for", "that", "you", "to"}, ws[k].low) {
			k++
		}
		if k < len(ws) && k > index(ws, "possible")+1 {
			return "[Yes, I can / No, I can't] " + join(turn(ws[k:])), true
		}
		return "", false
	case isAuxWord(l0) && !(l0 == "do" && l1 == "not"):
		i := 1
		if i < len(ws) && ws[i].low == "not" {
			ws = append(ws[:1:1], ws[2:]...) // "can't you…": the same choice
		}
		se := subjectEnd(ws, i, dets)
		if se < 0 || se > len(ws) {
			return "", false
		}
		t := turn(ws)
		subj, rest := t[i:se], t[se:]
		if len(rest) > 2 && rest[0].low == "or" {
			// "Would the 19th or the 26th suit you better?" → "[The 19th /
			// The 26th] would suit me better"
			if sb := subjectEnd(ws, se+1, dets); sb > se+1 && sb < len(ws) {
				return "[" + join(subj) + " / " + join(t[se+1:sb]) + "] " + l0 + " " + join(t[sb:]), true
			}
		}
		if len(rest) > 1 && slices.Contains([]string{"tell", "let", "confirm", "clarify", "indicate", "say"}, ws[se].low) {
			// "can you tell me what the dentist said" → "The dentist said [what]"
			if a, ok := st.requestAnswer(ws[se:], dets); ok && a != "" && !strings.HasPrefix(a, "[Yes, I'll") {
				return a, true
			}
		}
		if ws[i].low == "i" && slices.Contains([]string{"shall", "should"}, l0) {
			// "shall I bring it over" → "[Yes, please / No, don't] bring it over"
			return "[Yes, please / No, don't] " + join(rest), true
		}
		if _, _, b, _, ok := alternative(rest); ok {
			if len(rest) > 0 && st.isVerb(b[0].low) {
				// "can you send it to me or give it to him" → "I can [send it
				// to you / give it to him]"
				x := strings.Fields(st.statement(subj, l0, nil))
				o := index(rest, "or")
				return strings.Join(x, " ") + " [" + join(rest[:o]) + " / " + join(rest[o+1:]) + "]", true
			}
			return withChoice(lowsToWords(st.statement(subj, l0, rest)))
		}
		if len(rest) == 2 && (rest[0].low == "suit" && rest[1].low == "me" || rest[0].low == "work") || len(rest) == 3 && rest[0].low == "work" {
			// "Does this work for you?", "Would Monday suit you?"
			return "[Yes, " + join(subj) + " works for me / No, it doesn't work for me]", true
		}
		if index(ws, "want", "me", "to") == se && l0 == "do" {
			return "[Yes, please / No, thanks]: " + join(turn(ws[se+3:])), true
		}
		return yesNo(subjectText(subj), person(subj), l0) + " " + join(rest), true
	}
	if _, _, _, _, ok := alternative(ws); ok && c.ask == ItemQuestion && !slices.ContainsFunc(ws, func(w rword) bool { return isAuxWord(w.low) }) && len(ws) <= 5 {
		// "Sat or Sun?"
		return withChoice(turn(ws))
	}
	return st.requestAnswer(ws, dets)
}

// lowsToWords splits a written statement back into words, so a choice in
// it can be found.
func lowsToWords(s string) []rword {
	ws := words(s)
	for i := range ws {
		ws[i].name = i > 0 && isCapitalised(ws[i].w)
	}
	return ws
}

// requestAnswer answers a request: "[Yes, I'll / No, I can't]" and what
// they ask for, turned round.
func (st *reader) requestAnswer(ws []rword, dets []string) (string, bool) {
	const will = "[Yes, I'll / No, I can't] "
	t := turn(ws)
	if index(ws, "need", "an", "answer") >= 0 || index(ws, "want", "an", "answer") >= 0 {
		return "", true // "I need an answer about Easter today": the reply is it
	}
	if k := slices.IndexFunc(ws, func(w rword) bool { return w.low == "due" }); k >= 2 && (ws[k-1].low == "is" || ws[k-1].low == "are") {
		// "The lawyer's fees are due" → "I'll pay the lawyer's fees"
		return will + "pay " + join(t[:k-1]) + prefixed(join(t[k+1:])), true
	}
	// "let me know whether…", "confirm that…", "tell me which…": the
	// answer is to what follows.
	for _, trig := range [][]string{{"let", "me", "know"}, {"tell", "me"}, {"i", "need", "to", "know"}, {"confirm"}, {"indicate"}, {"clarify"}, {"text", "me"}, {"email", "me"}} {
		k := index(ws, trig...)
		if k < 0 {
			continue
		}
		rest := ws[k+len(trig):]
		// "confirm in writing that…", "I need to know by Wednesday whether…"
		if j := slices.IndexFunc(rest, func(w rword) bool {
			return slices.Contains([]string{"whether", "if", "that"}, w.low) || slices.Contains(whWords, w.low)
		}); j > 0 && (isPreposition(rest[0].low) || rest[0].low == "in") {
			rest = rest[j:]
		}
		switch {
		case len(rest) == 1 && slices.Contains(whWords, rest[0].low), len(rest) == 2 && rest[0].low == "which":
			return "", true // "Tell me which.": the item before it is answered
		case len(rest) == 0:
			return "", true // "Let me know by Friday": the item before it is answered
		case rest[0].low == "whether" || rest[0].low == "if" || rest[0].low == "that":
			return st.declarative(rest[1:], dets)
		case slices.Contains(whWords, rest[0].low):
			return st.whAnswer(rest, dets)
		case isPreposition(rest[0].low) || rest[0].low == "as" || rest[0].low == "asap":
			return "", true // "let me know by Friday", "as soon as you can"
		case trig[0] == "confirm" && slices.Contains(pronouns, rest[0].low):
			return st.declarative(rest, dets) // "confirm you agree"
		case trig[0] == "confirm":
			return "[I confirm / I can't confirm] " + join(turn(rest)), true
		}
		break
	}
	// "either you take it over or I cancel your part"
	if e := index(ws, "either", "you"); e >= 0 {
		if o := index(ws[e:], "or", "i"); o > 0 {
			a, b := turn(ws[e+2:e+o]), turn(ws[e+o+2:])
			if len(a) > 0 && len(b) > 0 {
				return "[I'll " + join(a) + " / Please " + join(b) + "]", true
			}
		}
	}
	// "I need you to…", "you'll have to…", "make sure…"
	for _, trig := range [][]string{{"request", "that", "you"}, {"i", "need", "you", "to"}, {"i", "want", "you", "to"}, {"i", "expect", "you", "to"}, {"i", "would", "like", "you", "to"}, {"i", "would", "ask", "you", "to"}, {"i", "ask", "you", "to"}, {"need", "you", "to"}, {"you", "need", "to"}, {"you", "have", "to"}, {"you", "will", "have", "to"}, {"you", "must"}, {"you", "will", "need", "to"}} {
		if k := index(ws, trig...); k >= 0 && k+len(trig) < len(ws) {
			rest := ws[k+len(trig):]
			if rest[0].low == "confirm" || rest[0].low == "let" || rest[0].low == "tell" {
				return st.requestAnswer(rest, dets)
			}
			return will + join(turn(rest)), true
		}
	}
	if k := index(ws, "grateful", "if", "you"); k >= 0 && k+4 < len(ws) && (ws[k+3].low == "could" || ws[k+3].low == "would") {
		return will + join(turn(ws[k+4:])), true // "I would be grateful if you could review it"
	}
	for _, n := range []string{"needs", "need"} {
		// "the form needs both signatures by Friday" → "sign the form by Friday"
		if k := index(ws, n); k > 0 && !slices.Contains(pronouns, ws[k-1].low) {
			j := k + 1
			for j < len(ws) && slices.Contains([]string{"both", "your", "our", "a", "my"}, ws[j].low) {
				j++
			}
			if j < len(ws) && strings.HasPrefix(ws[j].low, "signature") {
				if j+2 < len(ws) && (ws[j+1].low == "on" || ws[j+1].low == "for") {
					// "the accountant needs your signature on the tax return"
					return will + "sign " + join(t[j+2:]), true
				}
				return will + "sign " + join(t[:k]) + prefixed(join(t[j+1:])), true
			}
		}
	}
	if k := index(ws, "make", "sure"); k >= 0 && k+2 < len(ws) {
		return will + join(t[k:]), true
	}
	// "you owe me 120 for the school shoes" → "I'll pay you 120…"
	if k := index(ws, "you", "owe", "me"); k >= 0 && k+3 < len(ws) {
		return "[Yes, I'll / No, I won't] pay you " + join(turn(ws[k+3:])), true
	}
	// "still waiting on the 75 for her glasses"
	if k := index(ws, "waiting"); k >= 0 && k+2 < len(ws) && (ws[k+1].low == "on" || ws[k+1].low == "for") {
		obj := turn(ws[k+2:])
		return will + giveVerb(obj) + " " + join(obj), true
	}
	// "I need / want / require X [back]"
	start := -1
	switch {
	case len(ws) > 2 && ws[0].low == "i" && slices.Contains([]string{"need", "want", "require", "expect"}, ws[1].low):
		start = 2
	case len(ws) > 1 && slices.Contains([]string{"need", "want"}, ws[0].low):
		start = 1 // "need them by thurs"
	case len(ws) > 3 && ws[0].low == "i" && ws[1].low == "would" && slices.Contains([]string{"like", "prefer"}, ws[2].low):
		return "[Yes, that's fine / No, that doesn't work for me].", true
	}
	if start > 0 && start+2 < len(ws) && ws[start].low == "me" && ws[start+1].low == "to" {
		// "want me to add you" → "[Yes, please / No, thanks]: add me"
		return "[Yes, please / No, thanks]: " + join(t[start+2:]), true
	}
	if start > 0 {
		obj := t[start:]
		if obj[0].low == "to" {
			return "[Yes, that's fine / No, that doesn't work for me].", true // "I want to take Sofia to Portugal"
		}
		if b := index(obj, "back"); b > 0 {
			return will + "give " + join(obj[:b]) + " back" + prefixed(join(obj[b+1:])), true
		}
		if obj[0].low == "my" && len(obj) > 1 && strings.HasPrefix(obj[1].low, "signature") {
			return will + "sign it", true
		}
		if ws[1].low == "want" && giveVerb(obj) != "pay" {
			return "[Yes, that's fine / No, that doesn't work for me].", true
		}
		return will + giveVerb(obj) + " " + join(obj), true
	}
	// A negative order: "don't take her to your mother's" → "[OK, I won't /
	// I still will] take her to my mother's"; "stop texting me at work".
	if len(ws) > 2 && ws[0].low == "do" && ws[1].low == "not" {
		if ws[2].low == "forget" {
			if len(ws) == 3 {
				return "[OK, I'll remember / No, I can't]", true
			}
			return "[OK, I'll remember / No, I can't bring] " + join(t[3:]), true
		}
		return "[OK, I won't / I still will] " + join(t[2:]), true
	}
	if ws[0].low == "stop" && len(ws) > 1 {
		return "[OK, I'll stop / No, I won't stop] " + join(t[1:]), true
	}
	// An order: "bring it Saturday" → "[Yes, I'll / No, I can't] bring it
	// Saturday".
	if st.a.cfg.lx.wordInClass(ws[0].low, st.a.clsImperative) || st.isImperativeWord(ws[0].low) {
		return will + join(t), true
	}
	return "", false
}

// isImperativeWord reports whether triage's imperative phrases hold w as
// a verb alone.
func (st *reader) isImperativeWord(w string) bool {
	id, ok := st.a.cfg.lx.table.get([]byte(w))
	return ok && id > 0 && st.verbs[id]
}

func prefixed(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// declarative answers "whether you will attend…", "that this is
// acceptable": "[Yes, I will / No, I won't] attend…".
func (st *reader) declarative(ws []rword, dets []string) (string, bool) {
	for k := 1; k < len(ws) && k <= 5; k++ {
		if !isAuxWord(ws[k].low) {
			continue
		}
		t := turn(ws)
		subj, rest := t[:k], t[k+1:]
		aux := ws[k].low
		if aux == "are" && subj[0].w == "I" {
			aux = "am"
		}
		if isAuxWord(aux) && len(rest) > 0 && (rest[0].low == "agree" || rest[0].low == "disagree") {
			// "You are agree?": a learner's "do you agree"
			v := rest[0].low
			return "[Yes, " + subjectText(subj) + " " + v + " / No, " + subjectText(subj) + " don't " + v + "]" + prefixed(join(rest[1:])), true
		}
		if _, _, _, _, ok := alternative(rest); ok {
			return withChoice(lowsToWords(st.statement(subj, aux, rest)))
		}
		return yesNo(subjectText(subj), person(subj), aux) + " " + join(rest), true
	}
	// No auxiliary: "you come on sunday", "You coming or not", "whether
	// you intend to come".
	se := subjectEnd(ws, 0, dets)
	if se <= 0 || se >= len(ws) {
		return "", false
	}
	t := turn(ws)
	subj, v := t[:se], t[se]
	p, sub := person(subj), subjectText(subj)
	switch {
	case strings.HasSuffix(v.low, "ing"):
		be := map[string]string{"I": "am", "you": "are", "it": "is"}[p]
		return yesNo(sub, p, be) + " " + join(t[se:]), true
	case p == "it" || isAuxWord(v.low):
		return "", false
	}
	return "[Yes, " + sub + " " + v.w + " / No, " + sub + " don't " + v.w + "]" + prefixed(join(t[se+1:])), true
}

// topic names what an item is about, for an answer that has no shape of
// its own: a short item as it is ("Keys"), else its first noun with its
// determiner ("the passports"), else its dates and times.
func (st *reader) topic(c *tclause, it *TriageItem) string {
	ws := strip(st.rwords(c.first, c.t1))
	if len(ws) > 0 && len(ws) <= 2 {
		return join(turn(ws))
	}
	for i := 0; i+1 < len(ws); i++ {
		if slices.Contains([]string{"the", "my", "your", "his", "her", "our", "their"}, ws[i].low) && !slices.Contains(pronouns, ws[i+1].low) && !strings.HasSuffix(ws[i+1].low, "ing") {
			e := i + 2
			if e < len(ws) && (ws[e].name || ws[e-1].low != "" && !isPreposition(ws[e].low) && !isAuxWord(ws[e].low) && e+1 == len(ws)) {
				e++
			}
			return join(turn(ws[i:e]))
		}
	}
	var ds []string
	for _, d := range it.Details {
		if !slices.Contains(ds, d.Text) {
			ds = append(ds, d.Text)
		}
	}
	return strings.Join(ds, ", ")
}

// reply drafts the reply: one answer per item, from the item's last
// clause that asks (the one a reader answers: "I need the calendar, are
// you going to send it?"), or both clauses of a choice ("Can you take him
// or shall I?" → "[I can take him / Please take him]").
func (st *reader) reply(tr *Triage, cl []tclause) (string, []string) {
	var lines []string
	var slight []bool
	seen := map[string]bool{}
	for k := range tr.Items {
		it := &tr.Items[k]
		var in []int
		lo, hi := clausesIn(cl, it.Start, it.End)
		for i := lo; i < hi; i++ {
			if cl[i].end <= it.End && cl[i].first >= 0 {
				in = append(in, i)
			}
		}
		line := ""
		done := false
		// A choice between two clauses.
		for n := 0; n+1 < len(in) && !done; n++ {
			a, b := &cl[in[n]], &cl[in[n+1]]
			if st.word(b.first) != "or" && !(b.first > b.t0 && st.word(b.first-1) == "or") && st.word(b.t0) != "or" {
				continue
			}
			aw := strip(st.rwords(a.first, a.t1))
			bw := strip(st.rwords(b.first, b.t1))
			if len(aw) > 0 && aw[0].low == "either" {
				aw = aw[1:]
			}
			if len(bw) > 0 && bw[0].low == "or" {
				bw = bw[1:]
			}
			x, ok1 := st.affirm(aw, nil)
			if len(bw) == 2 && isAuxWord(bw[0].low) && len(aw) > 2 {
				// "…or shall I?": the same thing, done by them
				se := subjectEnd(aw, 1, nil)
				if se > 0 && se < len(aw) {
					bw = append(bw, aw[se:]...)
				}
			}
			y, ok2 := st.affirm(bw, nil)
			switch {
			case ok1 && ok2:
				line, done = "["+x+" / "+y+"]", true
			case len(aw) > 0 && len(aw) <= 6 && len(bw) > 0 && len(bw) <= 6 && !isAuxWord(aw[0].low) && !slices.Contains(whWords, aw[0].low):
				// "more time on your weekends, or one evening a week?"
				line, done = "["+join(turn(aw))+" / "+join(turn(bw))+"]", true
			}
		}
		covered := false
		for n := len(in) - 1; n >= 0 && !done; n-- {
			c := &cl[in[n]]
			if c.ask == "" || st.endsWith(c, ":") && n < len(in)-1 {
				continue // "Two things I need from you:" introduces them
			}
			if a, ok := st.answer(c); ok && a != "" {
				line, done = a, true
				// "You still have my bike and I want it back" → "give your
				// bike back": what "it" stands for, from the item's clause
				// before.
				for _, pr := range []string{" give it back", " give them back"} {
					if strings.Contains(line, pr) && n > 0 {
						if t := st.topic(&cl[in[n-1]], it); strings.Contains(t, " ") {
							line = strings.Replace(line, pr, " give "+t+" back", 1)
						}
					}
				}
			} else if ok {
				covered = true // "let me know by Friday": said by what comes before
			}
		}
		if !done && covered {
			continue
		}
		if !done {
			// A short question of no known shape: "Still on for 4?" → "[Yes /
			// No], on for 4."
			for _, i := range in {
				if cl[i].ask == ItemQuestion {
					if ws := strip(st.rwords(cl[i].first, cl[i].t1)); len(ws) >= 2 && len(ws) <= 4 && !slices.ContainsFunc(ws, func(w rword) bool { return slices.Contains(whWords, w.low) }) {
						line, done = "[Yes / No], "+join(turn(ws)), true
					}
					break
				}
			}
		}
		if !done {
			// No shape fits: name what it is about, and leave the answer.
			for _, i := range in {
				if cl[i].ask != "" {
					if t := st.topic(&cl[i], it); t != "" {
						line = t + ": [fill in]"
					} else {
						line = "[fill in]"
					}
					break
				}
			}
		}
		if quotesQuestion(line, it.Text) {
			line = "[Yes / No]" // never their question back, whatever shape found it
		}
		if line = asSentence(line); line != "" && !seen[line] {
			seen[line] = true
			lines = append(lines, line)
			slight = append(slight, line == "[Fill in].")
		}
	}
	if len(lines) > 1 {
		// An item with no topic of its own ("if ur bringing anyone tell
		// me now") beside answers that have one adds only a bracket.
		var kept []string
		for i, l := range lines {
			if !slight[i] {
				kept = append(kept, l)
			}
		}
		if len(kept) > 0 {
			lines = kept
		}
	}
	if len(lines) == 0 {
		if len(tr.Items) > 0 {
			lines = []string{"[fill in]."}
		} else {
			return "", []string{}
		}
	}
	sep := " "
	if len(lines) > 2 {
		sep = "\n"
	}
	reply := strings.Join(lines, sep)
	return reply, placeholders(reply)
}

// quotesQuestion reports whether an answer holds a whole question of
// theirs of three words or more, in the same words.
func quotesQuestion(line, item string) bool {
	norm := func(s string) string {
		return " " + strings.Join(strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(s, "'", "")), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}), " ") + " "
	}
	l := norm(line)
	for _, q := range strings.SplitAfter(item, "?") {
		if !strings.HasSuffix(q, "?") {
			continue
		}
		if n := norm(q); len(strings.Fields(n)) >= 3 && strings.Contains(l, n) {
			return true
		}
	}
	return false
}

// asSentence makes an answer a sentence: a capital first, a full stop last.
func asSentence(s string) string {
	s = strings.TrimSpace(strings.Join(strings.Fields(s), " "))
	if s == "" {
		return ""
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		s = strings.ToUpper(s[:1]) + s[1:]
	} else if len(s) > 1 && s[0] == '[' && s[1] >= 'a' && s[1] <= 'z' {
		s = "[" + strings.ToUpper(s[1:2]) + s[2:]
	}
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}

// placeholders lists the [bracketed] parts of a reply, each once.
func placeholders(s string) []string {
	out := []string{}
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], ']')
		if j < 0 {
			return out
		}
		if p := s[i : i+j+1]; !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
		s = s[i+j+1:]
	}
}
