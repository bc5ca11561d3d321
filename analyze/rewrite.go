package analyze

import (
	"slices"

	"github.com/steadyhq/steady/harm"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dropRule reports whether the rewrite leaves out what a rule flags:
// longing, re-litigation, mixed signals, attacks, blame and pressure. A
// coach does not rephrase blame ("I find it hard when you…"); they cut it
// and keep the practical ask.
func dropRule(rule string) bool {
	switch rule {
	case RuleDamageNeedy, RuleDamagePast, RuleDamageFalseHope, RuleToneInsult, RuleToneThreat,
		RuleDamagePressure, RuleYouAccusatory, RuleToneAbsolute,
		RuleGoalNone, RuleNeutralSelf, RuleOfftopic, RuleContextDumped:
		return true
	}
	return false
}

// rewrite builds a brief, informative, friendly, firm version of the
// draft: sentences that carry harm and nothing practical are cut; in a
// practical sentence that also carries harm only the practical clauses
// stay; the neutral replacements (unshouted words, removed hearts) apply;
// a connective left dangling ("Anyway", "Also") goes, and a bare order
// becomes a request ("Please be there at 5"). The result must pass its own
// check in the same context. It returns "" when there is nothing better
// to offer: no change, nothing practical left of a harmful draft, or a
// version that would still be held back.
func (st *state) rewrite(fs []Finding, verdict Verdict) string {
	if st.norewrite || len(st.sents) == 0 || len(fs) == 0 {
		return ""
	}
	harmful := false
	for i := range fs {
		f := &fs[i]
		if f.Whole() || !dropRule(f.Rule) {
			continue
		}
		harmful = true
		if k := st.sentenceAt(f.Start); k >= 0 {
			st.sents[k].harm = true
		}
	}
	// Replacements, longest first among overlapping ones; blame is cut,
	// not rephrased.
	var reps []int
	for i := range fs {
		if fs[i].Replace && !fs[i].Whole() && !dropRule(fs[i].Rule) {
			reps = append(reps, i)
		}
	}
	slices.SortStableFunc(reps, func(a, b int) int {
		fa, fb := &fs[a], &fs[b]
		if fa.Start != fb.Start {
			return fa.Start - fb.Start
		}
		return fb.End - fa.End
	})
	var pieces []piece
	kept, prevKept := 0, -1
	prevEnd, ri := 0, 0
	for k := range st.sents {
		s := &st.sents[k]
		skip := st.emotionalClauses(s)
		if s.harm {
			keep, cut := st.practicalClauses(s)
			if !keep {
				continue
			}
			skip = cut
		}
		skip = st.blameTails(s, skip)
		if st.ctx.Style.NoEmoji {
			skip = st.emojiSpans(s, skip)
		}
		var sb strings.Builder
		pos := s.start
		for ri < len(reps) && fs[reps[ri]].Start < s.start {
			ri++
		}
		for ; ri < len(reps); ri++ {
			f := &fs[reps[ri]]
			if f.Start >= s.end {
				break
			}
			if f.Start < pos || f.End > s.end {
				continue // overlaps a longer replacement, or spans sentences
			}
			st.writeKept(&sb, pos, f.Start, skip)
			if !inSpans(f.Start, skip) {
				sb.WriteString(f.Suggestion)
			}
			pos = f.End
		}
		st.writeKept(&sb, pos, s.end, skip)
		out := tidy(sb.String())
		if prevKept != k-1 || (len(skip) > 0 && skip[0][0] <= s.start) {
			out = st.dropConnective(out) // what it connected to is gone
		}
		if !s.harm {
			out = st.politeRequest(tidy(out))
		}
		if out == "" || !hasLetters(out) {
			continue
		}
		if last, _ := utf8.DecodeLastRuneInString(out); len(skip) > 0 && !strings.ContainsRune(".!?…", last) {
			// The dropped clause took the sentence's full stop with it.
			if s.question {
				out += "?"
			} else {
				out += "."
			}
		}
		sep := ""
		if kept > 0 {
			sep = " "
			if strings.ContainsAny(st.text[prevEnd:s.start], "\n\r") {
				sep = "\n"
			}
		}
		pieces = append(pieces, piece{sep: sep, text: out, practical: st.practicalSentence(k)})
		kept++
		prevEnd, prevKept = s.end, k
	}
	pieces = st.fitLength(pieces)
	// The rewrite must pass its own check; where the check still flags a
	// sentence of it (a harm the draft's context hid), that sentence goes
	// too, a few times at most.
	for range 3 {
		out, starts := joinPieces(pieces)
		if out == "" || out == strings.TrimSpace(st.text) || !hasLetters(out) {
			return ""
		}
		if harmful && !slices.ContainsFunc(pieces, func(p piece) bool { return p.practical }) {
			// Nothing practical is left of a message that carries harm: it
			// belongs in the journal, not in a rewrite.
			return ""
		}
		failing, ok := st.check(out)
		if ok {
			return st.dress(out)
		}
		var left []piece
		for i, p := range pieces {
			end := starts[i] + len(p.text)
			flagged := false
			for _, f := range failing {
				flagged = flagged || (f[0] < end && f[1] > starts[i])
			}
			if !flagged {
				left = append(left, p)
			}
		}
		if len(left) == len(pieces) {
			// A whole-draft finding: with their rhythm known it may be the
			// length, and a sentence with no practical point can go.
			if left = st.dropUnpractical(pieces); left == nil || st.mirrored() == 0 {
				return ""
			}
		}
		pieces = left
	}
	return ""
}

// piece is a sentence of a rewrite, with the separator before it.
type piece struct {
	sep, text string
	practical bool
}

// joinPieces writes the pieces out and says where each starts.
func joinPieces(ps []piece) (string, []int) {
	var b strings.Builder
	starts := make([]int, len(ps))
	for i, p := range ps {
		if i > 0 {
			b.WriteString(p.sep)
		}
		starts[i] = b.Len()
		b.WriteString(p.text)
	}
	return b.String(), starts
}

// practicalSentence reports whether sentence k carries a practical ask or
// fact: words of arrangements, or the logistics head's reading of it.
func (st *state) practicalSentence(k int) bool {
	if st.sents[k].practical {
		return true
	}
	_, t := st.a.harm.Threshold(harm.Logistics)
	return k < len(st.harmSent) && st.harmSent[k][harm.Logistics] >= t
}

// practicalClauses splits a sentence that carries harm into clauses and
// keeps the practical ones that carry none: a clause with a time, date or
// amount, or that the logistics head reads as practical, and that holds
// no harm phrase and no harm by the heads. It returns whether any clause
// stays and the byte spans of the clauses cut.
func (st *state) practicalClauses(s *sentence) (bool, [][2]int) {
	m := st.a.harm
	mode := harm.ModeStart
	if st.ctx.Reply {
		mode = harm.ModeReply
	}
	var cut [][2]int
	keep := false
	for _, c := range st.clauses(s) {
		start, end := int(st.toks[c[0]].start), int(st.toks[c[1]-1].end)
		// Read as the rewrite will write it: in a normal voice.
		clause := st.text[start:end]
		if isShouted(clause) {
			clause = strings.ToLower(clause)
		}
		sc := m.Score(calmPunct(clause), mode, harm.Dense(st.logits))
		ok := st.clauseHasWhen(c[0], c[1]) || m.Fires(sc, harm.Logistics)
		for l := range harm.Label(harm.Logistics) {
			ok = ok && !m.Fires(sc, l)
		}
		for _, mt := range st.matchesIn(c[0], c[1]) {
			if p := &st.a.cfg.phrases[mt.phrase]; dropRule(p.rule) && int(mt.end) <= c[1] {
				ok = false
			}
		}
		if ok {
			keep = true
			continue
		}
		if st.conditional(c[0]) {
			// "If you…, I'll…": without its condition the rest is a
			// consequence standing alone, no ask.
			return false, nil
		}
		cut = append(cut, [2]int{start, end})
	}
	return keep, cut
}

// conditional reports whether the clause starting at token i opens with a
// condition ("if", "unless", "or", "otherwise").
func (st *state) conditional(i int) bool {
	for ; i < len(st.toks); i++ {
		if t := &st.toks[i]; t.kind == tkWord {
			return st.a.cfg.lx.inClass(t.id, st.a.clsConditional)
		}
	}
	return false
}

// clauses returns the token ranges of the clauses of s: split at
// clause-ending punctuation (which stays with its clause) and at a
// conjunction followed by a subject ("…, and you never…").
func (st *state) clauses(s *sentence) [][2]int {
	var out [][2]int
	c0 := s.t0
	for j := s.t0; j <= s.t1; j++ {
		end := j == s.t1
		if !end {
			t := &st.toks[j]
			end = (t.kind == tkPunct && t.has(flClauseEnd)) || (j > c0 && st.conjunctionBreak(j))
			if t.kind == tkPunct && end {
				j++
			}
		}
		if end && c0 < j && j <= s.t1 {
			out = append(out, [2]int{c0, j})
			c0 = j
		}
	}
	return out
}

// clauseHasWhen reports whether tokens [t0, t1) hold a time, a date or an
// amount.
func (st *state) clauseHasWhen(t0, t1 int) bool {
	for i := t0; i < t1; i++ {
		if k := st.toks[i].kind; k == tkTime || k == tkDate || k == tkMoney {
			return true
		}
	}
	return false
}

// dropConnective removes a connective that opens s ("Anyway, can you…",
// "And be there at 5") when what it connected to was cut.
func (st *state) dropConnective(s string) string {
	word, rest, _ := strings.Cut(s, " ")
	bare := strings.ToLower(strings.TrimRight(word, ",;:"))
	if rest == "" || !st.a.cfg.lx.wordInClass(bare, st.a.clsConnective) {
		return s
	}
	return tidy(rest)
}

// politeRequest makes a bare order a request: "Be there at 5." → "Please
// be there at 5." (the imperative_start words of words.yml).
func (st *state) politeRequest(s string) string {
	word, _, _ := strings.Cut(s, " ")
	bare := strings.ToLower(strings.TrimRight(word, ",.!"))
	if strings.Contains(strings.ToLower(s), "please") || !st.a.cfg.lx.wordInClass(bare, st.a.clsImperative) {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return "Please " + string(unicode.ToLower(r)) + s[size:]
}

// check reports whether a rewrite checks as send in the draft's context,
// but for what only time changes: the late night, the user's mood, their
// rhythm (too soon, a double text). When it does not, it returns the
// spans of what holds it back ({0, len} for a whole-draft finding).
func (st *state) check(text string) ([][2]int, bool) {
	res := st.a.run(text, *st.ctx, false)
	var failing [][2]int
	for i := range res.Findings {
		f := &res.Findings[i]
		if st.a.rules[f.Rule].verdictBy[f.Severity.Rank()] == VerdictSend {
			continue
		}
		switch f.Rule {
		case RuleNeutralLateNight, RuleNeutralSelf, RuleMirrorTooSoon, RuleMirrorDouble:
			continue
		}
		if f.Whole() {
			failing = append(failing, [2]int{0, len(text)})
		} else {
			failing = append(failing, [2]int{f.Start, f.End})
		}
	}
	return failing, len(failing) == 0
}

// emotionalClauses returns the byte spans of the clauses of a practical
// sentence that carry only emotion or damage ("…, and I'm sick of it"):
// the rewrite leaves them out and keeps the practical clauses.
func (st *state) emotionalClauses(s *sentence) [][2]int {
	if !s.practical {
		return nil
	}
	var out [][2]int
	c0 := s.t0
	for j := s.t0; j <= s.t1; j++ {
		end := j == s.t1
		if !end {
			t := &st.toks[j]
			end = (t.kind == tkPunct && t.has(flClauseEnd)) || (j > c0 && st.conjunctionBreak(j))
			if t.kind == tkPunct && end {
				j++ // the punctuation belongs to the clause it ends
			}
		}
		if !end {
			continue
		}
		if c0 < j && st.clauseOnlyEmotional(c0, j) {
			out = append(out, [2]int{int(st.toks[c0].start), int(st.toks[j-1].end)})
		}
		c0 = j
	}
	return out
}

// clauseOnlyEmotional reports whether tokens [t0, t1) hold an emotion or
// damage phrase and nothing practical.
func (st *state) clauseOnlyEmotional(t0, t1 int) bool {
	lx := st.a.cfg.lx
	// Times of day and "next week" alone do not make a clause practical:
	// "I'm so angry about last week" is about feelings.
	practicalBits := uint64(1) << st.a.clsLogistics
	for i := t0; i < t1; i++ {
		t := &st.toks[i]
		if t.kind == tkTime || t.kind == tkDate || t.kind == tkMoney || lx.classes(t.id)&practicalBits != 0 {
			return false
		}
	}
	emotional := false
	for _, m := range st.matchesIn(t0, t1) {
		if int(m.end) > t1 {
			continue
		}
		p := &st.a.cfg.phrases[m.phrase]
		if p.tag == "practical" || p.tag == "deadline" {
			return false
		}
		if (p.list == "emotion" && p.weight >= 0.4) || dropRule(p.rule) {
			emotional = true
		}
	}
	return emotional
}

// blameTails adds to skip the blame adverbs of s ("again", "for once",
// "as usual"), with a comma that would be left doubled, kept in order.
func (st *state) blameTails(s *sentence, skip [][2]int) [][2]int {
	added := false
	for _, m := range st.matchesIn(s.t0, s.t1+1) {
		if st.a.cfg.phrases[m.phrase].tag != "blame_tail" {
			continue
		}
		start, end := int(st.toks[m.start].start), int(st.toks[m.end-1].end)
		if end > s.end || inSpans(start, skip) {
			continue
		}
		if before := strings.TrimRight(st.text[s.start:start], " "); strings.HasSuffix(before, ",") {
			if after := strings.TrimLeft(st.text[end:s.end], " "); strings.HasPrefix(after, ",") {
				end = s.end - len(after) + 1
			}
		}
		skip = append(skip, [2]int{start, end})
		added = true
	}
	if added {
		slices.SortFunc(skip, func(a, b [2]int) int { return a[0] - b[0] })
	}
	return skip
}

// writeKept writes text[from:to] without the bytes of skipped spans.
func (st *state) writeKept(b *strings.Builder, from, to int, skip [][2]int) {
	for _, sp := range skip {
		if sp[1] <= from || sp[0] >= to {
			continue
		}
		if sp[0] > from {
			b.WriteString(st.text[from:sp[0]])
		}
		from = max(from, sp[1])
	}
	if from < to {
		b.WriteString(st.text[from:to])
	}
}

func inSpans(pos int, spans [][2]int) bool {
	for _, sp := range spans {
		if pos >= sp[0] && pos < sp[1] {
			return true
		}
	}
	return false
}

// sentenceAt returns the sentence whose byte span holds pos, or -1.
func (st *state) sentenceAt(pos int) int {
	k, _ := slices.BinarySearchFunc(st.sents, pos, func(s sentence, p int) int {
		switch {
		case s.end <= p:
			return -1
		case s.start > p:
			return 1
		}
		return 0
	})
	if k < len(st.sents) && pos >= st.sents[k].start && pos < st.sents[k].end {
		return k
	}
	return -1
}

// tidy cleans what replacements leave behind, in one pass: runs of spaces,
// a space before punctuation, doubled commas and stops, a comma left before
// the end of a sentence, punctuation with nothing before it, and a
// lower-case sentence start.
func tidy(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = len(b) > 0
			continue
		case strings.ContainsRune(".,!?;:", r):
			if len(b) == 0 {
				continue // nothing before it
			}
			last := b[len(b)-1]
			if last == ',' && (r == ',' || r == '.' || r == '!' || r == '?' || r == ';') {
				b = b[:len(b)-1] // "up, ." → "up."; ",," → ","
			} else if r == '.' && last == '.' {
				continue
			}
			space = false
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
	}
	out := strings.TrimRight(string(b), " ,;:")
	if out == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(out)
	if unicode.IsLower(r) {
		out = string(unicode.ToUpper(r)) + out[size:]
	}
	return out
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// calmPunct turns runs of "!" and "?" into one mark.
func calmPunct(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		if (r == '!' || r == '?') && (last == '!' || last == '?') {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}
