package analyze

import (
	"fmt"
	"slices"
	"strings"
	"time"

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
	tm []match // in start order
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
	r.tm = slices.DeleteFunc(r.tm, func(m match) bool {
		tag := st.a.cfg.phrases[m.phrase].tag
		return (tag == "request" || tag == "imperative") && slices.ContainsFunc(not, func(n match) bool { return n.start <= m.start && m.end <= n.end })
	})
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

// fillFirst makes the check of a reply with placeholders say to fill them
// in: a draft with "[day]" in it is not ready to send, whatever else the
// check found.
func fillFirst(res *Result, fill []string) {
	if len(fill) == 0 {
		return
	}
	if res.Verdict == VerdictSend {
		res.Verdict = VerdictRevise
	}
	res.Headline = Headline{Word: res.Verdict.Word(), Line: "Fill in the [brackets] first: only you can decide those."}
	res.Reasons = append([]string{"It still has [brackets] to fill in: " + strings.Join(fill, ", ") + "."}, res.Reasons...)
	if len(res.Reasons) > 1 && strings.HasPrefix(res.Reasons[1], "Nothing in it is likely to backfire") {
		res.Reasons = res.Reasons[:1]
	}
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
						slices.Contains([]string{"else", "otherwise", "its"}, strings.ToLower(st.text[st.toks[next].start:st.toks[next].end]))
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
func (st *state) nextWord(i, end int) int {
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
func (st *state) word(i int) string {
	if i < 0 || i >= len(st.toks) || st.toks[i].kind != tkWord {
		return ""
	}
	return st.a.cfg.lx.names[st.toks[i].id]
}

// auxiliaries open a yes-or-no question ("can you", "r u", "did he").
var auxiliaries = []string{"can", "could", "will", "would", "are", "is", "am", "do", "does", "did", "have", "has", "shall", "should", "was", "were", "may", "might", "must"}

func (st *state) isAux(i int) bool { return slices.Contains(auxiliaries, st.word(i)) }

// isSubjectAt reports whether token i can be the subject of a question:
// a pronoun, a determiner ("the kids"), or a name.
func (st *state) isSubjectAt(i int) bool {
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
		switch {
		case st.questionClause(c, i == len(cl)-1 || cl[i+1].sent != c.sent):
			c.ask = ItemQuestion
		case st.tagIn(c.t0, c.t1, "request"):
			c.ask = ItemRequest
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
		switch {
		case c.ask == ItemQuestion && (c.aside == AsideBlame || c.aside == AsidePast || c.aside == AsidePressure) && st.holds(c, st.a.clsYou):
			c.ask = ""
		case c.imperative && i > 0 && cl[i-1].sent == c.sent && cl[i-1].aside != "" && !cl[i-1].answerable() && !st.clauseHasWhen(c.t0, c.t1):
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
		// "what time are you", "when is", "where r the passports"
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
		for i := range cl {
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
		// part of the item.
		a, b := i, j
		for a < b && cl[a].first < 0 {
			a++
		}
		for b > a && cl[b-1].first < 0 {
			b--
		}
		if kind != "" && a < b {
			asked = true
			tr.Items = append(tr.Items, st.item(kind, cl[a].start, cl[b-1].end))
		}
		i = j
	}
	if !asked && len(cl) > 0 && st.sents[cl[0].sent].practical {
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
	t0, t1 := -1, -1
	for i := range st.toks {
		if int(st.toks[i].start) >= start && t0 < 0 {
			t0 = i
		}
		if int(st.toks[i].end) <= end {
			t1 = i + 1
		}
	}
	if t0 < 0 || t1 <= t0 {
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

// triageReply drafts the reply: one short answer per item.
func (st *reader) reply(tr *Triage, cl []tclause) (string, []string) {
	if len(tr.Items) == 0 {
		return "", []string{}
	}
	return "[your answer]", []string{"[your answer]"}
}
