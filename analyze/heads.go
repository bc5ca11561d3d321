package analyze

import (
	"slices"

	"github.com/steadyhq/steady/harm"
)

// readHarms scores the draft and each of its sentences with the harm
// heads, in the draft's mode (a reply, or starting contact).
func (st *state) readHarms() {
	mode := harm.ModeStart
	if st.ctx.Reply {
		mode = harm.ModeReply
	}
	m := st.a.harm
	st.harmSent = st.harmSent[:0]
	st.spans = st.spans[:0]
	for _, s := range st.sents {
		st.harmSent = append(st.harmSent, harm.Scores{})
		st.spans = append(st.spans, [2]int{s.start, s.end})
	}
	st.harmAll = m.ScoreSpans(st.text, mode, harm.Dense(st.logits), st.spans, st.harmSent)
}

// headFindings adds a finding of rule, backed by head l, on each sentence
// the head reads as that harm and no phrase of the rule already flagged:
// the sentences whose own score reaches the sentence threshold, or, when
// only the whole draft's score reaches its threshold, its strongest
// sentence. It returns how many it added.
func (st *state) headFindings(rule string, l harm.Label, sev Severity, needs int) int {
	if st.sig.Words < minHeadWords {
		return 0 // "ok", "hey": too little text for a learned reading
	}
	m := st.a.harm
	spec := st.a.rules[rule]
	msgT, sentT := m.Threshold(l)
	logT, _ := m.Threshold(harm.Logistics)
	// reaches reports whether score p reaches threshold t, with the
	// rule's margin when sentence k is practical.
	reaches := func(p, t float32, k int) bool {
		if spec.HeadPractical != 0 && k >= 0 && st.harmSent[k][harm.Logistics] >= logT {
			t = harm.Shift(t, spec.HeadPractical)
		}
		return p >= t
	}
	best, top := -1, float32(0)
	var hit []int
	for k, s := range st.harmSent {
		if reaches(s[l], sentT, k) && st.sentenceWords(k) >= minSentenceWords {
			hit = append(hit, k)
		}
		if s[l] > top {
			best, top = k, s[l]
		}
	}
	if len(hit) == 0 && st.harmAll[l] >= msgT {
		// The draft as a whole reads as the harm, no sentence alone: flag
		// its strongest sentence, unless that is a practical one and
		// another carries the harm (a request beside a plea).
		if k := st.strongestNonPractical(l); k >= 0 {
			hit = append(hit, k)
		} else if best >= 0 && len(st.sents) == 1 && reaches(st.harmAll[l], msgT, best) {
			hit = append(hit, best)
		}
	}
	// This rule's phrase findings and vetoes, in text order, walked once
	// alongside the sentences: a long draft stays linear.
	var spans [][2]int
	for i := range st.finds {
		if f := &st.finds[i]; f.Rule == rule && !f.Whole() {
			spans = append(spans, [2]int{f.Start, f.End})
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var vetoes []veto
	for _, v := range st.vetoes {
		if v.rule == rule {
			vetoes = append(vetoes, v)
		}
	}
	slices.SortFunc(vetoes, func(a, b veto) int { return a.start - b.start })
	n, fi, vi := 0, 0, 0
	for _, k := range hit {
		s := &st.sents[k]
		for fi < len(spans) && spans[fi][1] <= s.start {
			fi++
		}
		for vi < len(vetoes) && vetoes[vi].start < s.t0 {
			vi++
		}
		flagged := fi < len(spans) && spans[fi][0] < s.end
		vetoed := false
		for _, v := range vetoes[vi:] {
			if v.start >= s.t1 {
				break
			}
			if !v.whole || st.spansSentence(v, s) {
				vetoed = true
				break
			}
		}
		if flagged || vetoed || (needs >= 0 && !st.sentenceHas(k, needs)) {
			continue
		}
		st.add(rule, sev, s.start, s.end, spec.HeadMessage, "", false)
		n++
	}
	return n
}

// The heads read too little in a one-word draft, and a sentence of a word
// or two says too little on its own to be flagged without the rest.
const (
	minHeadWords     = 2
	minSentenceWords = 3
)

// sentenceWords counts the words of sentence k.
func (st *state) sentenceWords(k int) int {
	n := 0
	s := &st.sents[k]
	for i := s.t0; i < s.t1; i++ {
		if t := &st.toks[i]; t.wordLike() && !t.has(flContPart) {
			n++
		}
	}
	return n
}

// anyVeto reports whether the rule's phrase list ruled out a match
// anywhere in the draft ("I don't miss you").
func (st *state) anyVeto(rule string) bool {
	for _, v := range st.vetoes {
		if v.rule == rule {
			return true
		}
	}
	return false
}

// ruleOfHead is the rule a head backs.
func ruleOfHead(l harm.Label) string {
	switch l {
	case harm.Needy:
		return RuleDamageNeedy
	case harm.FalseHope:
		return RuleDamageFalseHope
	}
	return ""
}

// sentenceHas reports whether sentence k holds a word of class cls.
func (st *state) sentenceHas(k, cls int) bool {
	lx := st.a.cfg.lx
	s := &st.sents[k]
	for i := s.t0; i < s.t1; i++ {
		if t := &st.toks[i]; t.kind == tkWord && lx.classes(t.id)&(1<<uint(cls)) != 0 {
			return true
		}
	}
	return false
}

// strongestNonPractical is the sentence that scores highest for l among
// those the logistics head does not read as practical, or -1.
func (st *state) strongestNonPractical(l harm.Label) int {
	t, _ := st.a.harm.Threshold(harm.Logistics)
	best, top := -1, float32(0)
	for k, s := range st.harmSent {
		if s[harm.Logistics] < t && s[l] > top {
			best, top = k, s[l]
		}
	}
	return best
}

// spansSentence reports whether v covers every word of sentence s: "Pickup
// at 5 as usual." is a routine, "You were late for pickup at 5 as usual."
// is not.
func (st *state) spansSentence(v veto, s *sentence) bool {
	for i := s.t0; i < s.t1; i++ {
		if (i < v.start || i >= v.end) && st.toks[i].wordLike() {
			return false
		}
	}
	return true
}
