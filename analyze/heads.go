package analyze

import (
	"slices"

	"github.com/steadyhq/steady/harm"
	"github.com/steadyhq/steady/model"
)

// readHarms scores the draft and each of its sentences with the harm
// heads, in the draft's mode (a reply, or starting contact).
func (st *state) readHarms() {
	mode := harm.ModeStart
	if st.ctx.Reply {
		mode = harm.ModeReply
	}
	m := st.a.harm
	st.harmAll = m.Score(st.text, mode, harm.Dense(st.logits))
	st.harmSent = st.harmSent[:0]
	if len(st.sents) == 1 {
		st.harmSent = append(st.harmSent, st.harmAll)
		return
	}
	var d model.Doc
	for _, s := range st.sents {
		d.Start(st.a.model)
		st.feedModelRange(&d, s.t0, s.t1)
		st.harmSent = append(st.harmSent, m.Score(st.text[s.start:s.end], mode, harm.Dense(d.Logits())))
	}
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
	fired := m.Fires(st.harmAll, l)
	best, top := -1, float32(0)
	var hit []int
	for k, s := range st.harmSent {
		if m.SentenceFires(s, l) && st.sentenceWords(k) >= minSentenceWords {
			hit = append(hit, k)
		}
		if s[l] > top {
			best, top = k, s[l]
		}
	}
	if len(hit) == 0 && fired && best >= 0 {
		hit = append(hit, best)
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
	var vetoes []int
	for _, v := range st.vetoes {
		if v.rule == rule {
			vetoes = append(vetoes, v.start)
		}
	}
	slices.Sort(vetoes)
	n, fi, vi := 0, 0, 0
	spec := st.a.rules[rule]
	for _, k := range hit {
		s := &st.sents[k]
		for fi < len(spans) && spans[fi][1] <= s.start {
			fi++
		}
		for vi < len(vetoes) && vetoes[vi] < s.t0 {
			vi++
		}
		flagged := fi < len(spans) && spans[fi][0] < s.end
		vetoed := vi < len(vetoes) && vetoes[vi] < s.t1
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
