package analyze

// This file turns what the analyzer read into signals.emotion,
// signals.emotional and signals.hostile: the values the emotion rules
// (neutral.emotion, the hostile cool-down) and steady eval use.

// readEmotion scores each emotion from the phrase matches: a match's weight,
// raised by an intensifier before it, caps or exclamation marks, lowered by
// a downtoner; labels combine as a noisy-or.
func (st *state) readEmotion() {
	a := st.a
	lx := a.cfg.lx
	set := &a.cfg.settings
	var keep [len(emotionLabels)]float64
	for i := range keep {
		keep[i] = 1
	}
	directed := false // anger aimed at them, not just felt
	for _, m := range st.matches {
		p := &a.cfg.phrases[m.phrase]
		if p.hostile {
			st.hostileN++
		}
		if p.rule == RuleYouAccusatory || p.rule == RuleToneAbsolute || p.tag == "admonish" {
			directed = true
		}
		if p.emotion < 0 || p.weight == 0 {
			continue
		}
		w := p.weight
		if m.start > 0 {
			prev := &st.toks[m.start-1]
			switch {
			case lx.inClass(prev.id, a.clsIntensifier):
				w *= 1.3
			case lx.inClass(prev.id, a.clsDowntoner):
				w *= 0.6
			}
		}
		for i := m.start; i < m.end; i++ {
			if st.toks[i].has(flCaps) {
				w *= 1.25
				break
			}
		}
		if st.sentenceShouts(st.sentenceOf(int(m.start))) {
			w *= 1.15
		}
		if w > 0.98 {
			w = 0.98
		}
		keep[p.emotion] *= 1 - w
		if w > st.emoTop {
			st.emoTop = w
			st.emoSpan = [2]int{int(st.toks[m.start].start), int(st.toks[m.end-1].end)}
		}
		if st.emoExpl[p.emotion] == "" {
			st.emoExpl[p.emotion] = st.text[st.toks[m.start].start:st.toks[m.end-1].end]
		}
	}
	st.wordAnger = 1 - keep[0]
	// Shouting reads as anger even without angry words.
	shout := 0
	for i := range st.toks {
		if st.anyFlags&(flShoutPunct|flCaps) == 0 {
			break
		}
		t := &st.toks[i]
		if t.has(flShoutPunct) || (t.has(flCaps) && t.end-t.start >= 3) {
			shout++
		}
	}
	if shout > 0 {
		w := 0.12 * float64(shout)
		if w > 0.5 {
			w = 0.5
		}
		keep[0] *= 1 - w
	}
	var top, sum float64
	for i := range keep {
		s := 1 - keep[i]
		st.scores[i] = s
		sum += s
		if s > top {
			top = s
		}
	}
	intensity := top + 0.3*(sum-top)
	if intensity > 1 {
		intensity = 1
	}
	st.sig.Emotion.Intensity = round2(intensity)
	st.sig.Emotional = intensity >= set.Emotion.Emotional
	st.sig.Hostile = st.hostileN > 0 || (directed && st.scores[0] >= set.Emotion.Hostile)
}

func (st *state) sentenceShouts(k int) bool {
	if k < 0 || k >= len(st.sents) {
		return false
	}
	return st.sents[k].exclaim
}
