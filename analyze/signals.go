package analyze

import (
	"io/fs"

	"github.com/steadyhq/steady/analyze/rules"
	"github.com/steadyhq/steady/model"
)

// This file turns what the analyzer read into signals.emotion,
// signals.emotional and signals.hostile: the values the emotion rules
// (neutral.emotion, the hostile cool-down) and steady eval use.

// feedModel reads the draft's tokens into d: each word once (a split
// contraction is one word, as typed) with its caps and negation marks,
// numbers, times, dates, money and links as their class, emoji, and runs
// of "!", "?" and "...". The model reads exactly the tokens the rules do,
// and the trainer reads its texts through this same function (Featurizer),
// so training and checking cannot drift apart.
func (st *state) feedModel(d *model.Doc) { st.feedModelRange(d, 0, len(st.toks)) }

// feedModelRange reads tokens [t0, t1) into d, as feedModel does.
func (st *state) feedModelRange(d *model.Doc, t0, t1 int) {
	text := st.text
	for i := t0; i < t1; i++ {
		t := &st.toks[i]
		start, end := int(t.start), int(t.end)
		switch t.kind {
		case tkWord:
			if !t.has(flContPart) {
				d.Word(text, start, end, t.hash, t.check, t.has(flCaps), t.has(flNegated))
			}
		case tkNumber:
			d.Class(model.ClassNumber, start, end)
		case tkTime:
			d.Class(model.ClassTime, start, end)
		case tkDate:
			d.Class(model.ClassDate, start, end)
		case tkMoney:
			d.Class(model.ClassMoney, start, end)
		case tkURL:
			d.Class(model.ClassURL, start, end)
		case tkEmoji:
			d.Emoji(text, start, end)
		case tkPunct:
			if t.flags&(flExclaim|flQuestion|flEllipsis) == 0 {
				continue
			}
			excl, quest := 0, 0
			switch {
			case t.has(flExclaim) && t.has(flQuestion):
				excl, quest = 1, 1
			case t.has(flExclaim):
				excl = int(t.npunct)
			case t.has(flQuestion):
				quest = int(t.npunct)
			}
			d.Punct(excl, quest, t.has(flEllipsis), start, end)
		}
	}
}

// Featurizer reads texts into the model's features the way the analyzer
// does when it checks a draft (feedModel), for the trainer. It needs no
// trained model — so a new feature version can be trained from nothing —
// and reads with the embedded rules only. It is not safe for concurrent
// use; make one per goroutine.
type Featurizer struct {
	st state
	d  model.Doc
}

// NewFeaturizer compiles the embedded word lists the tokenizer needs.
func NewFeaturizer() (*Featurizer, error) {
	cfg, err := compiledConfig([]fs.FS{rules.FS})
	if err != nil {
		return nil, err
	}
	f := &Featurizer{}
	f.st.a = &Analyzer{cfg: cfg}
	f.st.tz.lx = cfg.lx
	return f, nil
}

// tokens tokenizes text and marks negation, as Analyzer.Run does first.
func (f *Featurizer) tokens(text string) *state {
	st := &f.st
	st.text = text
	st.toks = st.tz.tokenize(text)
	st.markNegation()
	return st
}

// Buckets returns the bucket of every feature of text for a table of
// 1<<bits rows and feature set fs; onWord, if not nil, sees every word
// lower-cased and whether it is read negated. The slice is reused by the
// next call.
func (f *Featurizer) Buckets(text string, bits int, set model.FeatureSet, onWord func(lowered []byte, negated bool)) []uint32 {
	st := f.tokens(text)
	f.d.StartRaw(bits, set)
	f.d.OnWord = onWord
	st.feedModel(&f.d)
	return f.d.Buckets()
}

// Logits scores text with m as the analyzer would.
func (f *Featurizer) Logits(m *model.Model, text string) model.Logits {
	st := f.tokens(text)
	f.d.Start(m)
	st.feedModel(&f.d)
	return f.d.Logits()
}

// How the model's reading and the word lists' combine. Each number was
// chosen on the dev splits (docs/ACCURACY.md has the runs): they trade
// how many charged GoEmotions dev comments neutral.emotion catches against
// how many ordinary text messages (SMS ham, our dev split) it nags.
const (
	// modelFloor is the probability below which a head adds nothing to
	// its emotion; above it the head adds (p - floor) / (1 - floor).
	// Calm texts get up to about 0.3 from a head.
	modelFloor = 0.4
	// logitFloor is modelFloor as a logit: log(0.4 / 0.6).
	logitFloor = -0.4054651081081644
	// positiveDiscount is the share of the model's reading that a warm
	// text (the positive head: thanks, joy, amusement) takes away.
	positiveDiscount = 0.5
	// shoutGain raises an anger already read when the draft shouts (caps,
	// "!!!"), by this much per shouting token up to three. Shouting alone
	// is not anger: the model reads caps as a feature of its own, and
	// tone.shouting flags the shouting itself.
	shoutGain = 0.1
)

// emotionHeads maps each of emotionLabels to the model head that reads it
// and how much the head counts, or -1 where only the word lists do
// (loneliness and desperation are too rare in the corpora to train a
// head on). The longing head counts little: GoEmotions' love and desire
// are as often about a band or a meal as about a person, and the word
// lists read "I miss you" better.
var emotionHeads = [len(emotionLabels)]struct {
	head   model.Head
	weight float64
}{{model.Anger, 1}, {model.Hurt, 1}, {model.Longing, 0.3}, {-1, 0}, {model.Anxiety, 1}, {-1, 0}}

// readEmotion reads signals.emotion, .emotional and .hostile from two
// sources. The word lists score each emotion from its phrase matches: a
// match's weight, raised by an intensifier before it, caps or exclamation
// marks, lowered by a downtoner (a negated match never counts). The model
// scores the whole draft from its words. An emotion's score is the
// noisy-or of the two; intensity is the strongest emotion plus a share of
// the others.
func (st *state) readEmotion() {
	a := st.a
	set := &a.cfg.settings
	lex, directed := st.lexiconEmotion()
	st.wordAnger = lex[0]

	z := st.modelLogits()
	st.logits = z

	m := a.model
	// Most drafts are calm: a head below the floor adds nothing, and its
	// probability (an exp) is not needed.
	var fromModel [len(emotionLabels)]float64
	var pos float64 = -1 // the positive head's probability, once needed
	for i, eh := range emotionHeads {
		s := lex[i]
		if eh.head >= 0 && z[eh.head] > logitFloor {
			if pos < 0 {
				pos = float64(model.Prob(z[model.Positive]))
			}
			p := float64(model.Prob(z[eh.head]))
			v := eh.weight * (p - modelFloor) / (1 - modelFloor) * (1 - positiveDiscount*pos)
			fromModel[i] = v
			s = 1 - (1-s)*(1-v)
		}
		st.scores[i] = s
	}
	if n := st.shouts(); n > 0 && st.scores[0] > 0 {
		st.scores[0] = min(1, st.scores[0]*(1+shoutGain*float64(min(n, 3))))
	}
	var top, sum float64
	topLabel := 0
	for i, s := range st.scores {
		sum += s
		if s > top {
			top, topLabel = s, i
		}
	}
	intensity := min(1, top+0.3*(sum-top))
	st.sig.Emotion.Intensity = round2(intensity)
	st.sig.Emotional = m.Fires(z, model.Emotional) || intensity >= set.Emotion.Emotional
	modelHostile := m.Fires(z, model.Hostile)
	lexicalHostile := st.hostileN > 0 || (directed && st.scores[0] >= set.Emotion.Hostile)
	st.sig.Hostile = lexicalHostile || modelHostile
	st.hostileModelOnly = modelHostile && !lexicalHostile

	// neutral.emotion points at what drove it: the strongest phrase when
	// the word lists carry the top emotion, else the words that raised the
	// model's head most. Explaining re-reads the draft, so it is done only
	// when the rule is going to fire.
	if st.sig.Emotion.Intensity < set.Emotion.Warning && !st.sig.Hostile {
		return
	}
	head := model.Head(-1)
	switch {
	case st.sig.Emotion.Intensity >= set.Emotion.Warning && fromModel[topLabel] > lex[topLabel]:
		head = emotionHeads[topLabel].head
	case st.emoTop == 0 && st.hostileN == 0 && modelHostile:
		head = model.Hostile
	}
	if head >= 0 {
		st.explainSpan(head)
	}
}

// explainSpan points st.emoSpan at the token that raised the model's head
// most. It is a function of its own so that its Doc is on the stack only
// when a finding needs it.
//
//go:noinline
func (st *state) explainSpan(head model.Head) {
	var ex model.Doc
	ex.StartExplain(st.a.model, head)
	st.feedModel(&ex)
	if c, ok := ex.Strongest(); ok {
		st.emoSpan = [2]int{c.Start, c.End}
	}
}

// modelLogits scores the draft with the model.
func (st *state) modelLogits() model.Logits {
	var d model.Doc
	d.Start(st.a.model)
	st.feedModel(&d)
	return d.Logits()
}

// lexiconEmotion scores each emotion from the word lists, noting the
// strongest match's span (st.emoSpan), the hostile phrases (st.hostileN)
// and whether anger is aimed at them (an accusation, an absolute, an
// admonishment).
func (st *state) lexiconEmotion() (lex [len(emotionLabels)]float64, directed bool) {
	a := st.a
	lx := a.cfg.lx
	var keep [len(emotionLabels)]float64
	for i := range keep {
		keep[i] = 1
	}
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
		w = min(w, 0.98)
		keep[p.emotion] *= 1 - w
		if w > st.emoTop {
			st.emoTop = w
			st.emoSpan = [2]int{int(st.toks[m.start].start), int(st.toks[m.end-1].end)}
		}
	}
	for i := range keep {
		lex[i] = 1 - keep[i]
	}
	return lex, directed
}

// shouts counts the shouting tokens: "!!!", "???" and ALL-CAPS words of
// three letters or more.
func (st *state) shouts() int {
	if st.anyFlags&(flShoutPunct|flCaps) == 0 {
		return 0
	}
	n := 0
	for i := range st.toks {
		t := &st.toks[i]
		if t.has(flShoutPunct) || (t.has(flCaps) && t.end-t.start >= 3) {
			n++
		}
	}
	return n
}

func (st *state) sentenceShouts(k int) bool {
	if k < 0 || k >= len(st.sents) {
		return false
	}
	return st.sents[k].exclaim
}

// Explain returns up to k tokens of text that raised the model's head h
// most, strongest first, with how much each raised its logit: what a
// reading of the draft rests on. It allocates the result only.
func (a *Analyzer) Explain(text string, h model.Head, k int) []model.Contribution {
	st := a.scratch.Get().(*state)
	st.ctxv = Context{}
	st.reset(a, text, &st.ctxv)
	st.toks = st.tz.tokenize(text)
	st.markNegation()
	var d model.Doc
	d.StartExplain(a.model, h)
	st.feedModel(&d)
	out := d.Explain(k)
	st.text, st.ctx = "", nil
	a.scratch.Put(st)
	return out
}
