package analyze

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dropRules are rules whose sentences the rewrite leaves out when they hold
// nothing practical: longing, re-litigation, mixed signals, attacks.
func dropRule(rule string) bool {
	switch rule {
	case RuleDamageNeedy, RuleDamagePast, RuleDamageFalseHope, RuleToneInsult, RuleToneThreat,
		RuleGoalNone, RuleNeutralSelf, RuleOfftopic, RuleContextDumped:
		return true
	}
	return false
}

// rewrite builds a suggested version of the whole draft: sentences that
// carry nothing practical and only what backfires are cut, and every
// drop-in replacement (I-statements, unshouted words, removed hearts) is
// applied in the sentences kept. It returns "" when it has nothing better
// to offer: no change, or nothing left worth sending.
func (st *state) rewrite(fs []Finding, verdict Verdict) string {
	if len(st.sents) == 0 || len(fs) == 0 {
		return ""
	}
	for i := range fs {
		f := &fs[i]
		if f.Whole() || !dropRule(f.Rule) {
			continue
		}
		k := st.sentenceAt(f.Start)
		if k >= 0 && !st.sents[k].practical {
			st.sents[k].drop = true
		}
	}
	// Replacements, longest first among overlapping ones.
	var reps []int
	for i := range fs {
		if fs[i].Replace && !fs[i].Whole() {
			reps = append(reps, i)
		}
	}
	dropped := false
	for k := range st.sents {
		dropped = dropped || st.sents[k].drop || len(st.emotionalClauses(&st.sents[k])) > 0
	}
	if len(reps) == 0 && !dropped {
		return ""
	}
	slices.SortStableFunc(reps, func(a, b int) int {
		fa, fb := &fs[a], &fs[b]
		if fa.Start != fb.Start {
			return fa.Start - fb.Start
		}
		return fb.End - fa.End
	})
	var b strings.Builder
	kept := 0
	keptPractical := false
	prevEnd := 0
	ri := 0
	for k := range st.sents {
		s := &st.sents[k]
		if s.drop {
			continue
		}
		var sb strings.Builder
		pos := s.start
		skip := st.emotionalClauses(s)
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
			if f.Suggestion == "" && f.Start <= s.start && f.End >= s.end && s.practical {
				continue // a practical sentence is kept: its clauses are cut instead
			}
			st.writeKept(&sb, pos, f.Start, skip)
			if !inSpans(f.Start, skip) {
				sb.WriteString(f.Suggestion)
			}
			pos = f.End
		}
		st.writeKept(&sb, pos, s.end, skip)
		out := tidy(sb.String())
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
		if kept > 0 {
			if strings.ContainsAny(st.text[prevEnd:s.start], "\n\r") {
				b.WriteString("\n")
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(out)
		kept++
		keptPractical = keptPractical || s.practical
		prevEnd = s.end
	}
	out := strings.TrimSpace(b.String())
	if out == "" || out == strings.TrimSpace(st.text) || !hasLetters(out) {
		return ""
	}
	if !keptPractical && verdict == VerdictDontSend {
		// Nothing practical is left of a message that should not be sent:
		// it belongs in the journal, not in a rewrite.
		return ""
	}
	return out
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
