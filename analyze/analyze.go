package analyze

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze/rules"
	"github.com/steadyhq/steady/harm"
	"github.com/steadyhq/steady/model"
)

// Rule ids of DESIGN.md §2. They are stable: scripts and user rule files
// refer to them.
const (
	RuleGoalMissing      = "goal.missing"
	RuleGoalNone         = "goal.none"
	RuleNeutralEmotion   = "neutral.emotion"
	RuleNeutralSelf      = "neutral.selfreport"
	RuleNeutralLateNight = "neutral.latenight"
	RuleConciseLength    = "concise.length"
	RuleConciseRambling  = "concise.rambling"
	RuleMirrorTooSoon    = "mirror.too_soon"
	RuleMirrorTooLong    = "mirror.too_long"
	RuleMirrorDouble     = "mirror.double_text"
	RuleMirrorInitiation = "mirror.initiation"
	RuleMirrorSilence    = "mirror.silence"
	RuleOfftopic         = "logistics.offtopic"
	RuleYouAccusatory    = "you.accusatory"
	RuleToneAbsolute     = "tone.absolute"
	RuleToneShouting     = "tone.shouting"
	RuleToneInsult       = "tone.insult"
	RuleToneThreat       = "tone.threat"
	RuleDamageNeedy      = "damage.needy"
	RuleDamagePast       = "damage.past"
	RuleDamageFalseHope  = "damage.false_hope"
	RuleDamagePressure   = "damage.pressure"
	RuleNoContact        = "nocontact.active"
	RuleContextDumped    = "context.dumped"
	RulePseudoFeeling    = "istatement.pseudo_feeling"
	RuleBiffExtra        = "biff.extra"
	RulePlaceholder      = "draft.placeholder"
)

// RuleIDs lists every built-in rule id in catalogue order. A data file may
// add rules of its own (a phrase list's or a head's; docs/RULES.md): they
// run after these.
var RuleIDs = []string{
	RuleGoalMissing, RuleGoalNone, RuleNeutralEmotion, RuleNeutralSelf, RuleNeutralLateNight,
	RuleConciseLength, RuleConciseRambling, RuleMirrorTooSoon, RuleMirrorTooLong, RuleMirrorDouble,
	RuleMirrorInitiation, RuleMirrorSilence, RuleOfftopic, RuleYouAccusatory, RuleToneAbsolute, RuleToneShouting,
	RuleToneInsult, RuleToneThreat, RuleDamagePressure, RuleDamageNeedy, RuleDamagePast, RuleDamageFalseHope,
	RuleNoContact, RuleContextDumped, RulePseudoFeeling, RuleBiffExtra, RulePlaceholder,
}

// maxPhraseTokens bounds how many tokens one phrase match spans: a phrase
// has a few dozen elements at most, and gaps skip maxGap tokens each.
const maxPhraseTokens = 128

// MaxDraftBytes bounds what Check accepts; far beyond any real message.
const MaxDraftBytes = 8 << 20

// Analyzer checks drafts. Build one with New and share it: it is immutable
// and safe for concurrent use.
type Analyzer struct {
	cfg   *config
	model *model.Model // the trained emotion and hostility heads (see signals.go)
	harm  *harm.Model  // the learned heads of the method's harms (see heads.go)
	heads []harm.Label // by index in ids: the head behind the rule, or -1
	// headNeeds is, by index in ids, the word class a sentence must
	// hold for the rule's head to flag it, or -1 (catalogue head_needs).
	headNeeds []int
	rules     map[string]*ruleSpec
	ids       []string // RuleIDs, then the rules the data files add
	ruleIdx   map[string]int
	enabled   []bool    // by index in ids
	scratch   sync.Pool // *state buffers, so a check allocates little
	// class ids the rules read
	clsIntensifier, clsDowntoner, clsLogistics, clsRelationship int
	clsWhen, clsSoon                                            int
	clsConjunction, clsSubject, clsYou                          int
	clsConnective, clsImperative, clsConditional                int
	clsGreeting, clsSignOff                                     int
	clsPlace, clsQStart, clsDeterminer, clsHourPrep             int
	topicClasses                                                []topicClass
	moneyTopic                                                  uint16 // the bit of topic_money, for amounts
	topicMask                                                   uint64
}

type topicClass struct {
	name string
	cls  int
}

// New compiles the embedded rules, then each overlay in order (a user's
// --rules folder as os.DirFS). An error names the data file and line.
func New(overlays ...fs.FS) (*Analyzer, error) {
	hm, err := harm.Load()
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	return NewWithHarm(hm, overlays...)
}

// NewWithHarm is New with other harm heads than the embedded ones: the
// trainer's, while it chooses their thresholds.
func NewWithHarm(hm *harm.Model, overlays ...fs.FS) (*Analyzer, error) {
	layers := append([]fs.FS{rules.FS}, overlays...)
	// One after the other: the embedded rules come compiled and the
	// weights are used in place, so both take microseconds, less than
	// starting a goroutine on the other core costs a one-draft process.
	cfg, err := compiledConfig(layers)
	if err != nil {
		return nil, err
	}
	m, err := model.Load()
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	a := &Analyzer{cfg: cfg, model: m, harm: hm, rules: cfg.rules, ruleIdx: map[string]int{}}
	for _, id := range RuleIDs {
		if _, ok := cfg.rules[id]; !ok {
			return nil, &DataError{File: catalogFile, Err: fmt.Errorf("rule %s is missing from the catalogue", id)}
		}
	}
	// The built-in rules, then any rule a data file adds: a phrase list's
	// or a head's, which runs by its phrases and its head alone.
	a.ids = slices.Clone(RuleIDs)
	for _, id := range sortedKeys(cfg.rules) {
		if !slices.Contains(RuleIDs, id) {
			spec := cfg.rules[id]
			if _, err := parseSeverity(spec.Severity); err != nil {
				return nil, &DataError{File: catalogFile, Err: fmt.Errorf("rule %s: %w", id, err)}
			}
			if spec.Message == "" {
				return nil, &DataError{File: catalogFile, Err: fmt.Errorf("rule %s has no message", id)}
			}
			a.ids = append(a.ids, id)
		}
	}
	for i, id := range a.ids {
		a.ruleIdx[id] = i
	}
	for _, id := range a.ids {
		a.enabled = append(a.enabled, a.Enabled(id))
		spec := cfg.rules[id]
		head := harm.Label(-1)
		if spec.Head != "" {
			l, ok := harm.ParseLabel(spec.Head)
			if !ok {
				return nil, &DataError{File: catalogFile, Err: fmt.Errorf("rule %s: unknown head %q (want one of %v)", id, spec.Head, harm.Labels())}
			}
			head = l
		}
		a.heads = append(a.heads, head)
		needs := -1
		if spec.HeadNeeds != "" {
			if _, ok := cfg.lx.classIDs[spec.HeadNeeds]; !ok {
				return nil, &DataError{File: catalogFile, Err: fmt.Errorf("rule %s: head_needs names unknown word class %q", id, spec.HeadNeeds)}
			}
			needs = cfg.lx.class(spec.HeadNeeds)
		}
		a.headNeeds = append(a.headNeeds, needs)
		for _, c := range spec.Covers {
			if _, ok := cfg.rules[c]; !ok {
				return nil, &DataError{File: catalogFile, Err: fmt.Errorf("rule %s covers unknown rule %q", id, c)}
			}
		}
		for i, sev := range []Severity{SeverityInfo, SeverityWarning, SeverityError} {
			spec.verdictBy[i] = spec.Verdicts[string(sev)]
			if spec.verdictBy[i] == "" {
				spec.verdictBy[i] = VerdictSend
			}
		}
	}
	lx := cfg.lx
	a.clsIntensifier = lx.class("intensifier")
	a.clsDowntoner = lx.class("downtoner")
	a.clsLogistics = lx.class("logistics")
	a.clsRelationship = lx.class("relationship")
	a.clsWhen = lx.class("when")
	a.clsSoon = lx.class("soon")
	a.clsConjunction = lx.class("conjunction")
	a.clsPlace = lx.class("place")
	a.clsQStart = lx.class("question_start")
	a.clsDeterminer = lx.class("determiner")
	a.clsHourPrep = lx.class("hour_preposition")
	a.clsSubject = lx.class("subject")
	a.clsYou = lx.class("you")
	a.clsConnective = lx.class("connective_start")
	a.clsImperative = lx.class("imperative_start")
	a.clsConditional = lx.class("conditional")
	a.clsGreeting = lx.class("greeting")
	a.clsSignOff = lx.class("sign_off")
	for _, name := range sortedKeys(lx.classIDs) {
		if t, ok := strings.CutPrefix(name, "topic_"); ok {
			a.topicClasses = append(a.topicClasses, topicClass{t, lx.classIDs[name]})
			a.topicMask |= 1 << lx.classIDs[name]
		}
	}
	a.moneyTopic = a.topicBit("money")
	if len(a.topicClasses) > 16 {
		return nil, &DataError{File: wordsFile, Err: errors.New("at most 16 topic_ classes are supported")}
	}
	a.scratch.New = func() any { return &state{} }
	return a, nil
}

// compiledConfig compiles the rules: the embedded ones come from the
// snapshot compiled at build time (snapshot.go), unless overlays change
// them, which compiles every layer from its data files.
func compiledConfig(layers []fs.FS) (*config, error) {
	if len(layers) == 1 {
		if cfg := embeddedConfig(); cfg != nil {
			return cfg, nil
		}
	}
	return loadConfig(layers)
}

// topicBit returns the bit of a topic in sentence.topics, 0 if unknown.
func (a *Analyzer) topicBit(name string) uint16 {
	for b, tc := range a.topicClasses {
		if tc.name == name {
			return 1 << b
		}
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Check validates the draft and runs the analysis. An empty draft, invalid
// UTF-8, NUL bytes or a draft over MaxDraftBytes is an EInvalid error.
func (a *Analyzer) Check(text string, c Context) (Result, error) {
	if err := ValidateDraft(text); err != nil {
		return Result{}, err
	}
	return a.Run(text, c), nil
}

// ValidateDraft reports why a draft cannot be checked, naming the line
// ("line 3: invalid UTF-8 at byte 41"); callers prefix the file name.
func ValidateDraft(text string) error {
	if len(text) > MaxDraftBytes {
		return steady.Errorf(steady.EInvalid, "the draft is %d bytes; the limit is %d", len(text), MaxDraftBytes)
	}
	if strings.TrimSpace(text) == "" {
		return steady.Errorf(steady.EInvalid, "the draft is empty: write the message you want to send")
	}
	line := 1
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\n' {
			line++
		}
		if c == 0 {
			return steady.Errorf(steady.EInvalid, "line %d: contains a NUL byte (is this a binary file?)", line)
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			return steady.Errorf(steady.EInvalid, "line %d: invalid UTF-8 at byte %d (save the file as UTF-8)", line, i)
		}
		i += size
	}
	return nil
}

// Run analyses a draft. It never fails: any text, even invalid UTF-8,
// yields a Result whose spans lie inside text on rune boundaries.
func (a *Analyzer) Run(text string, c Context) Result { return a.run(text, c, true) }

// run analyses a draft, with a rewrite or without (a rewrite's own check).
func (a *Analyzer) run(text string, c Context, rewrite bool) Result {
	st := a.scratch.Get().(*state)
	st.ctxv = c // kept in the pooled state, so the context does not escape
	st.reset(a, text, &st.ctxv)
	st.norewrite = !rewrite
	st.analyze()
	res := st.result()
	st.text, st.ctx, st.ctxv = "", nil, Context{}
	a.scratch.Put(st)
	return res
}

// RuleSeverity returns the catalogue severity of a rule, for documentation.
func (a *Analyzer) RuleSeverity(id string) Severity {
	if r := a.rules[id]; r != nil {
		return Severity(r.Severity)
	}
	return ""
}

// Enabled reports whether a rule is on (a user file may turn it off).
func (a *Analyzer) Enabled(id string) bool {
	r := a.rules[id]
	return r != nil && (r.Enabled == nil || *r.Enabled)
}

// sentence is a run of tokens between sentence ends.
type sentence struct {
	t0, t1     int // token range [t0, t1)
	start, end int // byte span, trimmed
	practical  bool
	emotional  bool // carries relationship talk, emotion or damage phrases
	question   bool
	exclaim    bool
	topics     uint16
	drop       bool // the rewrite leaves it out
	harm       bool // a finding of harm lies in it (the rewrite's)
}

// veto is a phrase match of rule that its list ruled out, at tokens
// [start, end). whole says it excuses a head's sentence only when it is
// the whole sentence (an exception with scope: sentence).
type veto struct {
	rule       string
	start, end int
	whole      bool
}

// waitFor is a reason to wait with the time it holds until.
type waitFor struct {
	rule  string
	until time.Time
}

// state is the working memory of one Run.
type state struct {
	a     *Analyzer
	text  string
	ctx   *Context
	ctxv  Context
	tz    tokenizer
	mt    matcher
	toks  []token
	sents []sentence
	// clauseEnds[i] is where the clause from token i ends (see clauseEnd);
	// computed on first use.
	clauseEnds []int
	clauseBuf  []int
	matches    []match
	// vetoes are the phrase matches the rules' own lists ruled out (negated,
	// or inside an exception): a head does not flag their sentence for
	// that rule ("I don't miss you").
	vetoes []veto
	// harmSent[k] is sentence k's scores by the harm heads, harmAll the
	// whole draft's (heads.go).
	harmSent []harm.Scores
	harmAll  harm.Scores
	spans    [][2]int // the sentences' byte spans, for the heads
	// norewrite marks a rewrite's own check: no rewrite of the rewrite.
	norewrite bool
	logits    model.Logits // the emotion model's reading of the whole draft
	finds     []Finding
	waits     []waitFor
	sig       Signals
	scores    [len(emotionLabels)]float64
	// what the draft contains
	practical bool // dates, times, amounts, logistics words
	deadline  bool // a stated deadline that is soon ("tonight", "by 5pm")
	hostileN  int
	emoSpan   [2]int // span of the strongest emotion contribution
	emoTop    float64
	wordAnger float64 // anger from words alone, before shouting adds to it
	// hostileModelOnly is true when only the trained model reads the draft
	// as hostile: no insult, threat or angry accusation among its words.
	hostileModelOnly bool
	// anyFlags is the union of the tokens' flags, so passes for caps and
	// shouting are skipped for drafts without them
	anyFlags uint16
}

func (st *state) reset(a *Analyzer, text string, c *Context) {
	st.a, st.text, st.ctx = a, text, c
	st.tz.lx = a.cfg.lx
	st.mt.lx = a.cfg.lx
	st.sents = st.sents[:0]
	st.clauseEnds = nil
	st.finds = nil // handed to the Result; never reused
	st.waits = st.waits[:0]
	st.sig = Signals{}
	st.scores = [len(emotionLabels)]float64{}
	st.practical, st.deadline = false, false
	st.hostileN = 0
	st.emoSpan = [2]int{}
	st.emoTop = 0
	st.hostileModelOnly = false
}

func (st *state) analyze() {
	st.toks = st.tz.tokenize(st.text)
	st.scan()
	st.matches = st.filterMatches(st.mt.run(st.toks))
	st.readContent()
	st.dropContextual()
	st.readFeelings()
	st.readEmotion()
	st.readHarms()
	for i, id := range st.a.ids {
		if st.a.enabled[i] {
			st.runRule(i, id)
		}
	}
}

// markNegation marks negation scopes alone (see scan), for callers that
// read tokens without analysing them (the model's featurizer).
func (st *state) markNegation() {
	lx := st.a.cfg.lx
	negator := uint64(1) << uint(lx.clsNegator)
	scopeBreak := uint64(1) << uint(lx.clsScopeBreak)
	left := 0
	for i := range st.toks {
		left = negate(&st.toks[i], lx.classes(st.toks[i].id), left, negator, scopeBreak)
	}
}

// negate marks t negated when it is within a negator's scope and returns
// the words left in the scope after t.
func negate(t *token, cs uint64, left int, negator, scopeBreak uint64) int {
	switch {
	case !t.matchable():
		if t.has(flClauseEnd) || t.kind == tkNewline {
			return 0
		}
	case cs&scopeBreak != 0:
		return 0
	default:
		if left > 0 {
			t.flags |= flNegated
			left--
		}
		if cs&negator != 0 {
			return 3
		}
	}
	return left
}

// scan reads the tokens once, in order: the union of their flags
// (so later passes with nothing to do are skipped); negation, which
// marks the words after a negator ("not", "never", "no", the n't of a
// contraction) up to three words or the end of the clause, so "I'm not
// angry" and "I don't miss you" read as a person reads them; sentences,
// ended by sentence-ending punctuation and line breaks; and what each
// sentence holds: times, dates, amounts and logistics words (practical),
// talk about the relationship, deadlines and topics. It counts the words.
func (st *state) scan() {
	a := st.a
	lx := a.cfg.lx
	negator := uint64(1) << uint(lx.clsNegator)
	scopeBreak := uint64(1) << uint(lx.clsScopeBreak)
	practical := uint64(1)<<a.clsLogistics | uint64(1)<<a.clsWhen
	relationship := uint64(1) << a.clsRelationship
	soon := uint64(1) << a.clsSoon
	st.anyFlags = 0
	var cur sentence
	first, last, t0, left, words := -1, -1, 0, 0, 0
	hasWord := false
	toks := st.toks
	for i := range toks {
		t := &toks[i]
		cs := lx.classes(t.id)
		st.anyFlags |= t.flags
		left = negate(t, cs, left, negator, scopeBreak)
		// The sentence so far.
		if t.kind != tkNewline {
			if first < 0 {
				first = i
			}
			last = i
		}
		if t.matchable() {
			hasWord = true
		}
		if t.wordLike() && !t.has(flContPart) {
			words++
		}
		switch t.kind {
		case tkTime, tkDate:
			cur.practical = true
		case tkMoney:
			cur.practical = true
			cur.topics |= a.moneyTopic
		case tkPunct:
			cur.question = cur.question || t.has(flQuestion)
			cur.exclaim = cur.exclaim || t.has(flExclaim)
		case tkWord:
			if cs == 0 {
				break
			}
			if cs&practical != 0 {
				cur.practical = true
			}
			if cs&relationship != 0 && !t.has(flNegated) {
				cur.emotional = true
			}
			if cs&soon != 0 {
				st.deadline = true
			}
			if cs&a.topicMask != 0 {
				for b, tc := range a.topicClasses {
					if cs&(1<<tc.cls) != 0 {
						cur.topics |= 1 << b
					}
				}
			}
		}
		if t.kind == tkNewline || (t.kind == tkPunct && t.has(flSentEnd)) || i == len(toks)-1 {
			if first >= 0 && hasWord {
				cur.t0, cur.t1 = t0, i+1
				cur.start, cur.end = int(toks[first].start), int(toks[last].end)
				st.sents = append(st.sents, cur)
				st.practical = st.practical || cur.practical
			}
			cur = sentence{}
			first, last, t0, hasWord = -1, -1, i+1, false
		}
	}
	st.sig.Words = words
	st.sig.Sentences = len(st.sents)
}

// sentenceOf returns the index of the sentence holding token i.
func (st *state) sentenceOf(i int) int {
	lo, hi := 0, len(st.sents)
	for lo < hi {
		m := (lo + hi) / 2
		if st.sents[m].t1 <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= len(st.sents) {
		return len(st.sents) - 1
	}
	return lo
}

// filterMatches drops negated matches of negatable phrases and keeps, for
// each rule, the longest of overlapping matches.
func (st *state) filterMatches(ms []match) []match {
	phrases := st.a.cfg.phrases
	out := ms[:0]
	var excepts []match
	st.vetoes = st.vetoes[:0]
	for _, m := range ms {
		p := &phrases[m.phrase]
		if p.tag == "veto" || (p.negatable && st.toks[m.start].has(flNegated)) {
			st.vetoes = append(st.vetoes, veto{rule: p.rule, start: int(m.start), end: int(m.end)})
			continue
		}
		if p.tag == "except" {
			excepts = append(excepts, m)
			if p.rule != "" {
				st.vetoes = append(st.vetoes, veto{rule: p.rule, start: int(m.start), end: int(m.end), whole: p.scope == scopeSentence})
			}
			continue
		}
		out = append(out, m)
	}
	if len(excepts) > 0 {
		// Both lists are in start order (the matcher walks left to right),
		// so one pass with a window over recent exceptions suffices.
		kept := out[:0]
		e0 := 0
		for _, m := range out {
			for e0 < len(excepts) && excepts[e0].end <= m.start {
				e0++
			}
			inside := false
			for _, e := range excepts[e0:] {
				if e.start > m.start {
					break
				}
				if m.end <= e.end {
					inside = true
					break
				}
			}
			if !inside {
				kept = append(kept, m)
			} else {
				st.vetoes = append(st.vetoes, veto{rule: phrases[m.phrase].rule, start: int(m.start), end: int(m.end)})
			}
		}
		out = kept
	}
	// Longest first at each start, then by start.
	slices.SortStableFunc(out, func(x, y match) int {
		if x.start != y.start {
			return int(x.start - y.start)
		}
		return int(y.end - x.end)
	})
	kept := out[:0]
	for _, m := range out {
		p := &phrases[m.phrase]
		dup := false
		for k := len(kept) - 1; k >= 0; k-- {
			q := kept[k]
			if m.start-q.start > maxPhraseTokens {
				break // too far back to contain m: keeps this linear
			}
			if q.end <= m.start {
				continue
			}
			pq := &phrases[q.phrase]
			if pq.rule == p.rule && pq.emotion == p.emotion && pq.tag == p.tag && q.start <= m.start && q.end >= m.end {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, m)
		}
	}
	return kept
}

// readContent finds what is practical in the draft (times, dates, amounts,
// logistics words, stated deadlines) and what is about the relationship,
// sentence by sentence.
func (st *state) readContent() {
	a := st.a
	for _, m := range st.matches {
		p := &a.cfg.phrases[m.phrase]
		s := &st.sents[st.sentenceOf(int(m.start))]
		switch p.tag {
		case "practical":
			s.practical = true
			st.practical = true
		case "deadline":
			st.deadline = true
			s.practical = true
			st.practical = true
		}
	}
}

// readFeelings marks the sentences about feelings and their topics, once
// the matches that do not count in this context are gone.
func (st *state) readFeelings() {
	a := st.a
	for _, m := range st.matches {
		p := &a.cfg.phrases[m.phrase]
		s := &st.sents[st.sentenceOf(int(m.start))]
		// Emotion words and damage phrases make a sentence about feelings;
		// the anger an accusation carries does not (it is about a deed).
		if (p.list == "emotion" && p.weight >= 0.4) || p.rule == RuleDamageNeedy || p.rule == RuleDamagePast || p.rule == RuleDamageFalseHope {
			s.emotional = true
		}
		if p.topic != "" {
			s.topics |= a.topicBit(p.topic)
		}
	}
}

// dropContextual removes matches that only count in some contexts: a
// check-in ("how have you been") is needy only when starting contact with
// nothing practical to say.
func (st *state) dropContextual() {
	if !st.ctx.Reply && !st.practical {
		return
	}
	kept := st.matches[:0]
	for _, m := range st.matches {
		if st.a.cfg.phrases[m.phrase].tag != "checkin" {
			kept = append(kept, m)
		}
	}
	st.matches = kept
}

func round2(x float64) float64 {
	return float64(int(x*100+0.5)) / 100
}

// result assembles the Result: findings in text order, the verdict by
// precedence, its reasons, not_before, the rewrite and the signals.
func (st *state) result() Result {
	res := Result{Findings: st.finds, Signals: st.sig}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	slices.SortStableFunc(res.Findings, func(fi, fj Finding) int {
		if fi.Whole() != fj.Whole() {
			if fi.Whole() {
				return -1
			}
			return 1
		}
		if fi.Start != fj.Start {
			return fi.Start - fj.Start
		}
		return st.a.ruleIdx[fi.Rule] - st.a.ruleIdx[fj.Rule]
	})
	var labels []string
	var scores EmotionScores
	for i, s := range st.scores {
		if s >= minScore {
			scores[i] = round2(s)
			if s >= 0.2 {
				labels = append(labels, emotionLabels[i])
			}
		}
	}
	if len(labels) > 1 {
		slices.SortStableFunc(labels, func(x, y string) int {
			switch a, b := scores.Get(x), scores.Get(y); {
			case a > b:
				return -1
			case a < b:
				return 1
			}
			return 0
		})
	}
	if labels == nil {
		labels = []string{}
	}
	res.Signals.Emotion.Labels = labels
	res.Signals.Emotion.Scores = scores
	h := &st.harmAll
	r := func(l harm.Label) float64 { return round2(float64(h[l])) }
	res.Signals.Harm = HarmScores{r(harm.Needy), r(harm.Past), r(harm.FalseHope), r(harm.Accusatory), r(harm.Insult), r(harm.Threat), r(harm.Pressure), r(harm.Logistics)}

	res.Verdict = VerdictSend
	for i := range res.Findings {
		if v := st.verdictOf(&res.Findings[i]); v.Rank() > res.Verdict.Rank() {
			res.Verdict = v
		}
	}
	res.Reasons = st.reasons(res.Findings, res.Verdict)
	// After the verdict and its reasons: a merged finding's rule still
	// decides, and says why.
	res.Findings = st.merge(res.Findings)
	if res.Verdict == VerdictWait {
		var nb time.Time
		for _, w := range st.waits {
			if w.until.After(nb) {
				nb = w.until
			}
		}
		if nb.IsZero() {
			nb = st.ctx.At.Add(time.Duration(st.a.cfg.settings.Cooldown.Warning))
		}
		nb = st.outOfNight(nb)
		res.NotBefore = &nb
	}
	if res.Verdict != VerdictSend {
		// A draft that may be sent as it is needs no rewrite.
		res.Rewrite = st.rewrite(res.Findings, res.Verdict)
	}
	res.Headline = st.headline(&res)
	return res
}

// headline says the verdict in words, with what to do now: for wait, the
// time and what to do meanwhile (from the rule that decided it).
func (st *state) headline(res *Result) Headline {
	h := Headline{Word: res.Verdict.Word()}
	switch res.Verdict {
	case VerdictSend:
		switch n := len(res.Findings); n {
		case 0:
			h.Line = "Nothing here is likely to backfire."
		case 1:
			h.Line = "One thing to consider, below."
		default:
			h.Line = fmt.Sprintf("%d things to consider, below.", n)
		}
	case VerdictRevise:
		h.Line = "Change what is marked, then send."
		if res.Rewrite != "" {
			h.Line = "Change what is marked, or send the rewrite below."
		}
	case VerdictWait:
		h.Line = "Don't send it now."
		if res.NotBefore != nil {
			h.Line = "Don't send it now. Re-read it after " + res.NotBefore.Format(TimeLayout) + "."
		}
		for i := range res.Findings {
			f := &res.Findings[i]
			if st.verdictOf(f) == VerdictWait {
				if m := st.a.rules[f.Rule].Meanwhile; m != "" {
					h.Line += " " + m
					break
				}
			}
		}
	case VerdictDontSend:
		h.Line = "Keep it in your journal instead."
		if res.Rewrite != "" {
			h.Line = "Keep it in your journal, or send the rewrite below: it keeps only the practical point."
		}
	}
	return h
}

// merge folds findings into those that cover them (catalogue covers): a
// finding on words that another, covering finding spans goes into its
// Also, so each span is flagged once per kind of harm. Findings are in
// text order, so only those that start inside a span can overlap it.
func (st *state) merge(fs []Finding) []Finding {
	gone := make([]bool, len(fs))
	covers := func(i, j int) bool {
		return slices.Contains(st.a.rules[fs[i].Rule].Covers, fs[j].Rule)
	}
	for i := range fs {
		if fs[i].Whole() {
			continue
		}
		for j := i + 1; j < len(fs) && fs[j].Start < fs[i].End; j++ {
			if gone[i] || gone[j] || fs[j].Whole() {
				continue
			}
			switch {
			case covers(i, j):
				absorb(&fs[i], &fs[j])
				gone[j] = true
			case covers(j, i):
				absorb(&fs[j], &fs[i])
				gone[i] = true
			}
		}
	}
	out := fs[:0]
	for i := range fs {
		if !gone[i] {
			out = append(out, fs[i])
		}
	}
	return out
}

// absorb folds finding g into f: its rules join f's Also, and f takes the
// higher severity of the two, so a severity a user raised is still shown.
func absorb(f, g *Finding) {
	f.Also = appendNew(f.Also, append([]string{g.Rule}, g.Also...)...)
	if g.Severity.Rank() > f.Severity.Rank() {
		f.Severity = g.Severity
	}
}

func appendNew(list []string, items ...string) []string {
	for _, s := range items {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// verdictOf maps a finding to the verdict it asks for, by its severity.
func (st *state) verdictOf(f *Finding) Verdict {
	return st.a.rules[f.Rule].verdictBy[f.Severity.Rank()]
}

// reasons lists one reason per rule, those that decided the verdict first.
func (st *state) reasons(fs []Finding, v Verdict) []string {
	type rr struct {
		rule string
		rank int
		sev  int
	}
	var buf [32]rr // one per rule at most: no allocation
	list := buf[:0]
outer:
	for i := range fs {
		f := &fs[i]
		r := st.verdictOf(f).Rank()
		if r == 0 {
			continue
		}
		for k := range list {
			if list[k].rule == f.Rule {
				list[k].rank = max(list[k].rank, r)
				continue outer
			}
		}
		list = append(list, rr{f.Rule, r, f.Severity.Rank()})
	}
	slices.SortStableFunc(list, func(x, y rr) int {
		if x.rank != y.rank {
			return y.rank - x.rank
		}
		if x.sev != y.sev {
			return y.sev - x.sev
		}
		return st.a.ruleIdx[x.rule] - st.a.ruleIdx[y.rule]
	})
	out := make([]string, 0, len(list)+1)
	for _, r := range list {
		out = append(out, st.fill(st.a.rules[r.rule].Reason))
	}
	if len(out) == 0 {
		out = append(out, "Nothing in it is likely to backfire: it is practical, calm and short.")
	}
	return out
}

// outOfNight moves a time that falls in the late-night window to the
// morning after, so steady never suggests sending at 3 a.m.
func (st *state) outOfNight(t time.Time) time.Time {
	ln := &st.a.cfg.settings.LateNight
	if !inWindow(t, ln.Start, ln.End) {
		return t
	}
	m := ClockTime(t.Hour()*60 + t.Minute())
	day := t
	if m >= ln.Start && ln.Start > ln.End {
		day = t.AddDate(0, 0, 1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), int(ln.Morning)/60, int(ln.Morning)%60, 0, 0, t.Location())
}

// inWindow reports whether t's time of day lies in [start, end), a window
// that may wrap past midnight.
func inWindow(t time.Time, start, end ClockTime) bool {
	m := ClockTime(t.Hour()*60 + t.Minute())
	if start <= end {
		return m >= start && m < end
	}
	return m >= start || m < end
}

// fill replaces the placeholders of catalogue texts with this check's
// values. Values are computed only for the placeholders a text holds.
func (st *state) fill(s string) string {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i >= 0 {
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		if v, ok := st.placeholder(s[i+1 : i+j]); ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
		i = strings.IndexByte(s, '{')
	}
	b.WriteString(s)
	return b.String()
}

func (st *state) placeholder(key string) (string, bool) {
	c := st.ctx
	switch key {
	case "mood":
		return string(c.Mood), true
	case "goal":
		return string(c.Goal), true
	case "words":
		return strconv.Itoa(st.sig.Words), true
	case "budget":
		return strconv.Itoa(st.budget()), true
	case "intensity":
		return strconv.FormatFloat(st.sig.Emotion.Intensity, 'f', 2, 64), true
	case "emotion":
		return st.topLabel(), true
	case "their_words":
		return st.theirWords(), true
	case "their_delay":
		return st.theirDelay(), true
	case "share":
		return st.share(), true
	case "unanswered":
		return st.unanswered(), true
	case "silence":
		if r := st.ctx.Rhythm; r != nil {
			return HumanDuration(st.ctx.At.Sub(r.LastAt())), true
		}
		return "?", true
	}
	return "", false
}

func (st *state) topLabel() string {
	best, bi := 0.0, -1
	for i, s := range st.scores {
		if s > best {
			best, bi = s, i
		}
	}
	if bi < 0 {
		if st.sig.Hostile {
			return "anger"
		}
		return "strong emotion"
	}
	return emotionLabels[bi]
}

func (st *state) theirWords() string {
	if r := st.ctx.Rhythm; r.Known() {
		return fmt.Sprintf("%.0f", r.TheirWordsPerTurn.Median)
	}
	return "?"
}

func (st *state) theirDelay() string {
	if r := st.ctx.Rhythm; r.Known() {
		return HumanDuration(time.Duration(r.TheirReplyDelay.Median * float64(time.Second)))
	}
	return "?"
}

func (st *state) share() string {
	if r := st.ctx.Rhythm; r.Known() {
		return fmt.Sprintf("%.0f%%", r.InitiationShareMine*100)
	}
	return "?"
}

func (st *state) unanswered() string {
	if r := st.ctx.Rhythm; r != nil {
		return fmt.Sprint(r.UnansweredMine)
	}
	return "0"
}

// HumanDuration renders a duration the way people say it: "40 min",
// "3 h", "2 days".
func HumanDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()+0.5))
	case d < 48*time.Hour:
		h := d.Hours()
		if h < 10 {
			return strings.TrimSuffix(fmt.Sprintf("%.1f", h), ".0") + " h"
		}
		return fmt.Sprintf("%d h", int(h+0.5))
	}
	days := int(d.Hours()/24 + 0.5)
	switch {
	case days < 60:
		return fmt.Sprintf("%d days", days)
	case days < 730:
		return fmt.Sprintf("%d months", int(float64(days)/30.44+0.5))
	}
	return fmt.Sprintf("%d years", int(float64(days)/365.25+0.5))
}

// Answers reports whether a draft written at `at` answers the other
// person's last message: they wrote last, and recently by their rhythm
// (settings mirror.reply_*). After that, a draft starts contact again,
// whoever wrote last.
func (a *Analyzer) Answers(r *steady.Rhythm, at time.Time) bool {
	if r == nil || r.LastSide != steady.SideThem || r.LastTheirAt.IsZero() {
		return false
	}
	m := &a.cfg.settings.Mirror
	window := time.Duration(m.ReplyMin)
	if r.TheirReplyDelay.N >= m.MinSamples {
		window = time.Duration(m.ReplyFactor * r.TheirReplyDelay.P90 * float64(time.Second))
		window = min(max(window, time.Duration(m.ReplyMin)), time.Duration(m.ReplyMax))
	}
	return at.Sub(r.LastTheirAt) <= window
}
