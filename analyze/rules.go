package analyze

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/harm"
)

// runRule runs one rule of the catalogue over the analysed draft: its own
// logic or its phrases, then the learned head behind it, if any.
func (st *state) runRule(i int, id string) {
	var sev Severity
	switch id {
	case RuleGoalMissing:
		st.ruleGoalMissing()
	case RuleGoalNone:
		st.ruleGoalNone()
	case RuleNeutralEmotion:
		st.ruleNeutralEmotion()
	case RuleNeutralSelf:
		st.ruleNeutralSelf()
	case RuleNeutralLateNight:
		st.ruleLateNight()
	case RuleConciseLength:
		st.ruleConciseLength()
	case RuleConciseRambling:
		st.ruleRambling()
	case RuleMirrorTooSoon:
		st.ruleTooSoon()
	case RuleMirrorTooLong:
		st.ruleTooLong()
	case RuleMirrorDouble:
		st.ruleDoubleText()
	case RuleMirrorInitiation:
		st.ruleInitiation()
	case RuleMirrorSilence:
		st.ruleSilence()
	case RuleOfftopic:
		st.ruleOfftopic()
	case RuleToneShouting:
		st.ruleShouting()
	case RuleNoContact:
		st.ruleNoContact()
	case RuleContextDumped:
		st.ruleDumped()
	case RuleBiffExtra:
		st.ruleBiff()
	case RulePlaceholder:
		st.rulePlaceholder()
	case RuleDamagePast:
		if !st.practical {
			sev = SeverityError // re-litigation with nothing practical: don't send
		}
		st.phraseFindings(id, sev)
	default:
		st.phraseFindings(id, "")
	}
	if l := st.a.heads[i]; l >= 0 {
		st.headFindings(id, l, sev, st.a.headNeeds[i])
	}
}

// add records a finding. An empty severity takes the catalogue's; a
// severity pinned by a user's rule file always wins. An empty message takes
// the catalogue's.
func (st *state) add(rule string, sev Severity, start, end int, msg, sugg string, replace bool) *Finding {
	spec := st.a.rules[rule]
	for i := len(st.finds) - 1; i >= 0 && i >= len(st.finds)-8; i-- {
		// Two phrases of one rule can flag the same sentence: say it once.
		// Findings of one rule arrive in text order, so a twin is recent.
		if f := &st.finds[i]; f.Rule == rule && f.Start == start && f.End == end {
			return f
		}
	}
	if sev == "" || spec.pinned {
		sev = Severity(spec.Severity)
	}
	if spec.verdictBy[sev.Rank()] == VerdictSend {
		// A finding that lets the draft go is a note, whatever the
		// catalogue calls it: a "warning" beside SEND reads as a contradiction.
		sev = SeverityInfo
	}
	if st.finds == nil {
		// One allocation for the usual number of findings, not a doubling
		// series: Finding is large and most drafts have a handful.
		st.finds = make([]Finding, 0, len(st.matches)+4)
	}
	if msg == "" {
		msg = spec.Message
	}
	if sugg == "" && !replace {
		sugg = spec.Suggestion
	}
	st.finds = append(st.finds, Finding{
		Rule: rule, Severity: sev, Start: start, End: end, Text: st.text[start:end],
		Message: st.fill(msg), Suggestion: st.fill(sugg), Replace: replace,
	})
	return &st.finds[len(st.finds)-1]
}

func (st *state) whole(rule string, sev Severity, msg, sugg string) *Finding {
	return st.add(rule, sev, 0, 0, msg, sugg, false)
}

// waitUntil records that the verdict, if it is wait, holds until t.
func (st *state) waitUntil(rule string, t time.Time) {
	st.waits = append(st.waits, waitFor{rule: rule, until: t})
}

// cooldown is when a draft written now may be re-read, after d.
func (st *state) cooldown(rule string, d Duration) {
	if st.ctx.At.IsZero() {
		return
	}
	st.waitUntil(rule, st.ctx.At.Add(time.Duration(d)))
}

// initiating is true when the user starts contact rather than replies.
func (st *state) initiating() bool { return !st.ctx.Reply }

// practicalGoal is true when the stated goal is practical, or when no goal
// is stated but the draft is plainly about arrangements.
func (st *state) practicalGoal() bool {
	g := st.ctx.Goal
	return g.Practical() || (g == GoalUnset && st.practical)
}

func (st *state) ruleGoalMissing() {
	if st.initiating() && st.ctx.Goal == GoalUnset && !st.practical {
		st.whole(RuleGoalMissing, "", "", "")
	}
}

func (st *state) ruleGoalNone() {
	if !st.initiating() {
		return
	}
	if st.ctx.Goal == GoalNone {
		st.whole(RuleGoalNone, "", "", "")
		return
	}
	st.phraseFindings(RuleGoalNone, "")
}

func (st *state) ruleNeutralEmotion() {
	set := &st.a.cfg.settings
	in := st.sig.Emotion.Intensity
	// Calm words that only the model reads as hostile (no insult, threat
	// or angry accusation among them) are not flagged: a finding would
	// point at a word that carries no harm ("No one compares to you").
	if in < set.Emotion.Warning && (!st.sig.Hostile || st.hostileModelOnly) {
		return
	}
	sev, cool := SeverityWarning, set.Cooldown.Warning
	if in >= set.Emotion.Error {
		sev, cool = SeverityError, set.Cooldown.Error
	}
	if st.sig.Hostile {
		sev, cool = SeverityError, set.Cooldown.Hostile
	}
	st.add(RuleNeutralEmotion, sev, st.emoSpan[0], st.emoSpan[1], "", "", false)
	st.cooldown(RuleNeutralEmotion, cool)
}

func (st *state) ruleNeutralSelf() {
	set := &st.a.cfg.settings
	m := st.ctx.Mood
	if m != MoodUnset && m != MoodCalm {
		st.whole(RuleNeutralSelf, "", "", "")
		d, ok := set.Cooldown.Mood[string(m)]
		if !ok {
			d = set.Cooldown.Error
		}
		st.cooldown(RuleNeutralSelf, d)
	}
	if n := st.phraseFindings(RuleNeutralSelf, ""); n > 0 {
		st.cooldown(RuleNeutralSelf, set.Cooldown.Error)
	}
}

func (st *state) ruleLateNight() {
	at := st.ctx.At
	ln := &st.a.cfg.settings.LateNight
	if at.IsZero() || !inWindow(at, ln.Start, ln.End) {
		return
	}
	if st.deadline && st.practicalGoal() {
		st.whole(RuleNeutralLateNight, SeverityInfo,
			"It is late, but you mention something that can't wait: keep it to the practical point.",
			"Send only the practical point; leave anything else for the morning.")
		return
	}
	st.whole(RuleNeutralLateNight, "", "", "")
	st.waitUntil(RuleNeutralLateNight, st.outOfNight(at))
}

// budget is the word budget for this draft: from the goal, and tighter when
// the contact's own messages are short.
func (st *state) budget() int {
	set := &st.a.cfg.settings
	key := string(st.ctx.Goal)
	if key == "" {
		key = "unset"
	}
	b, ok := set.Budget[key]
	if !ok {
		b = set.Budget["unset"]
	}
	if r := st.ctx.Rhythm; r.Known() && r.TheirWordsPerTurn.N >= set.Mirror.MinSamples {
		hist := int(math.Ceil(r.TheirWordsPerTurn.P90 * 1.5))
		if hist < set.BudgetFloor {
			hist = set.BudgetFloor
		}
		if hist < b {
			b = hist
		}
	}
	return b
}

func (st *state) ruleConciseLength() {
	if st.sig.Words > st.budget() {
		st.whole(RuleConciseLength, "", "", "")
	}
}

func (st *state) ruleRambling() {
	set := &st.a.cfg.settings
	var why []string
	if st.sig.Sentences > set.Rambling.Sentences {
		why = append(why, fmt.Sprintf("%d sentences", st.sig.Sentences))
	}
	var topics uint16
	for k := range st.sents {
		topics |= st.sents[k].topics
	}
	if n := popcount(topics); n >= set.Rambling.Topics {
		var names []string
		for b, tc := range st.a.topicClasses {
			if topics&(1<<b) != 0 {
				names = append(names, tc.name)
			}
		}
		why = append(why, fmt.Sprintf("%d topics (%s)", n, strings.Join(names, ", ")))
	}
	apologies, hedges := 0, 0
	for _, m := range st.matches {
		switch st.a.cfg.phrases[m.phrase].tag {
		case "apology":
			apologies++
		case "hedge":
			hedges++
		}
	}
	if apologies >= set.Rambling.Apologies {
		why = append(why, fmt.Sprintf("%d apologies", apologies))
	}
	if hedges >= set.Rambling.Hedges {
		why = append(why, fmt.Sprintf("%d hedges", hedges))
	}
	if len(why) > 0 {
		spec := st.a.rules[RuleConciseRambling]
		st.whole(RuleConciseRambling, "", spec.Message+" ("+strings.Join(why, ", ")+")", "")
	}
}

func popcount(x uint16) int {
	n := 0
	for x != 0 {
		x &= x - 1
		n++
	}
	return n
}

func (st *state) ruleTooSoon() {
	r := st.ctx.Rhythm
	set := &st.a.cfg.settings
	if !r.Known() || !st.ctx.Reply || st.ctx.At.IsZero() || r.LastTheirAt.IsZero() || r.LastSide != steady.SideThem {
		return
	}
	if r.TheirReplyDelay.N < set.Mirror.MinSamples {
		return
	}
	wait := time.Duration(set.Mirror.TooSoonFraction * r.TheirReplyDelay.Median * float64(time.Second))
	nb := r.LastTheirAt.Add(wait)
	if !st.ctx.At.Before(nb) {
		return
	}
	if st.deadline && st.practicalGoal() {
		st.whole(RuleMirrorTooSoon, SeverityInfo,
			"You are answering faster than they usually do, but there is a deadline: answer the practical point only.",
			"Answer only what the deadline needs.")
		return
	}
	st.whole(RuleMirrorTooSoon, "", "", "")
	st.waitUntil(RuleMirrorTooSoon, nb.In(st.ctx.At.Location()))
}

func (st *state) ruleTooLong() {
	r := st.ctx.Rhythm
	set := &st.a.cfg.settings
	if !r.Known() || r.TheirWordsPerTurn.N < set.Mirror.MinSamples {
		return
	}
	limit := int(math.Ceil(set.Mirror.TooLongFactor * r.TheirWordsPerTurn.Median))
	if limit < set.BudgetFloor {
		limit = set.BudgetFloor
	}
	if st.sig.Words > limit {
		st.whole(RuleMirrorTooLong, "", "", "")
	}
}

// silent reports whether the history's last message, either way, is older
// than the silence setting: a draft then starts contact again.
func (st *state) silent() bool {
	r := st.ctx.Rhythm
	if r == nil || st.ctx.At.IsZero() || r.LastAt().IsZero() {
		return false
	}
	return st.ctx.At.Sub(r.LastAt()) > time.Duration(st.a.cfg.settings.Mirror.Silence)
}

func (st *state) ruleSilence() {
	if !st.ctx.Reply && st.silent() {
		st.whole(RuleMirrorSilence, "", "", "")
	}
}

func (st *state) ruleDoubleText() {
	r := st.ctx.Rhythm
	set := &st.a.cfg.settings
	if r == nil || st.ctx.Reply || r.LastSide != steady.SideMe || r.UnansweredMine < 1 || st.silent() {
		return
	}
	wait := 24 * time.Hour
	if r.TheirReplyDelay.N >= set.Mirror.MinSamples && r.TheirReplyDelay.P90 > 0 {
		wait = time.Duration(r.TheirReplyDelay.P90 * float64(time.Second))
	}
	nb := r.LastMineAt.Add(wait)
	if !st.ctx.At.IsZero() && !st.ctx.At.Before(nb) && st.practicalGoal() {
		st.whole(RuleMirrorDouble, SeverityInfo,
			"They have not answered your last message. It has been longer than they usually take, so one short practical follow-up is fine.",
			"Keep the follow-up to one short practical line.")
		return
	}
	sev := SeverityWarning
	if r.UnansweredMine >= set.Mirror.DoubleTextError {
		sev = SeverityError
	}
	st.whole(RuleMirrorDouble, sev, "", "")
	if !st.ctx.At.IsZero() {
		st.waitUntil(RuleMirrorDouble, nb.In(st.ctx.At.Location()))
	}
}

func (st *state) ruleInitiation() {
	r := st.ctx.Rhythm
	set := &st.a.cfg.settings
	if !r.Known() || st.ctx.Reply || r.Conversations < set.Mirror.MinConversations || st.silent() {
		return
	}
	switch {
	case r.InitiationShareMine >= set.Mirror.InitiationWarning:
		st.whole(RuleMirrorInitiation, SeverityWarning, "", "")
	case r.InitiationShareMine >= set.Mirror.InitiationInfo:
		st.whole(RuleMirrorInitiation, SeverityInfo, "", "")
	}
}

func (st *state) ruleOfftopic() {
	if !st.practicalGoal() || st.ctx.Goal == GoalRelationship || st.ctx.Goal == GoalClosure {
		return
	}
	for k := range st.sents {
		s := &st.sents[k]
		if !s.emotional || s.practical || st.sentenceHasDamage(k) || !st.aboutUs(k) {
			continue
		}
		st.add(RuleOfftopic, "", s.start, s.end, "", "", true)
		s.drop = true
	}
}

// aboutUs reports whether sentence k is about the two of them: it speaks
// to them ("you"), or the heads lean towards the relationship (needy,
// past, false hope at half their threshold or more). An emotion word about
// a third party ("she was upset after the jab") is not off-topic in a
// practical message.
func (st *state) aboutUs(k int) bool {
	if st.sentenceHas(k, st.a.clsYou) {
		return true // "it hurts that you left"
	}
	m, s := st.a.harm, st.harmSent[k]
	for _, l := range []harm.Label{harm.Needy, harm.Past, harm.FalseHope} {
		if t, _ := m.Threshold(l); s[l] >= t/2 {
			return true
		}
	}
	return false
}

// sentenceHasDamage reports whether a phrase rule that explains itself
// better (damage, insult, threat) already fires in sentence k.
func (st *state) sentenceHasDamage(k int) bool {
	s := &st.sents[k]
	for _, m := range st.matchesIn(s.t0, s.t1) {
		switch st.a.cfg.phrases[m.phrase].rule {
		case RuleDamageNeedy, RuleDamagePast, RuleDamageFalseHope, RuleToneInsult, RuleToneThreat:
			return true
		}
	}
	return false
}

// matchesIn returns the matches that start in tokens [t0, t1): matches are
// sorted by start, so this is a binary search, keeping every rule linear.
func (st *state) matchesIn(t0, t1 int) []match {
	lo, _ := slices.BinarySearchFunc(st.matches, t0, func(m match, t int) int { return int(m.start) - t })
	hi, _ := slices.BinarySearchFunc(st.matches, t1, func(m match, t int) int { return int(m.start) - t })
	// BinarySearch finds the first of equal starts, as wanted for lo and hi.
	return st.matches[lo:hi]
}

// ruleShouting flags runs of ALL CAPS words and "!!!", "???", "?!".
// What reads as a raised voice is a warning: three or more capitalised
// words in a row, "???" (three question marks or more), and any capitals,
// "!!!" or "?!" in an angry or accusing sentence ("?!" and two capitalised
// words also in a draft that reads angry or hostile).
// Emphasis is advice only (info): one or two capitalised words, "!!!" or a
// lone "?!" in a calm sentence of a calm draft ("GOOD NIGHT", "see you
// TOMORROW", "boring?!"), and a message typed wholly in capitals with no
// anger in it (a caps-lock habit, common on old phones, reads loud but not
// hostile).
func (st *state) ruleShouting() {
	if st.anyFlags&(flShoutPunct|flCaps) == 0 {
		return
	}
	toks := st.toks
	calm := st.wordAnger < 0.3 && !st.sig.Hostile
	calmCapsLock, checked := false, false
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if t.kind == tkPunct && t.has(flShoutPunct) {
			repl, sev := ".", SeverityInfo
			if t.has(flQuestion) {
				repl = "?"
			}
			switch {
			case t.has(flQuestion) && strings.Count(st.text[t.start:t.end], "?") >= 3:
				sev = SeverityWarning
			case st.sentenceCharged(st.sentenceOf(i)):
				sev = SeverityWarning
			case t.has(flQuestion) && !calm: // "?!" in an angry draft
				sev = SeverityWarning
			}
			st.add(RuleToneShouting, sev, int(t.start), int(t.end), "", repl, true)
			continue
		}
		if !t.has(flCaps) {
			continue
		}
		// A run of caps words, allowing punctuation between them.
		j, last, words, letters := i, i, 0, 0
		for j < len(toks) {
			u := &toks[j]
			if u.has(flCaps) {
				if !u.has(flContPart) {
					words++
					letters += int(u.end - u.start)
				}
				last = j
				j++
				continue
			}
			if u.kind == tkPunct && !u.has(flSentEnd) {
				j++
				continue
			}
			break
		}
		if words >= 2 || letters >= 4 {
			if !checked {
				calmCapsLock = calm && st.capsLock()
				checked = true
			}
			sev := SeverityWarning
			if calmCapsLock || ((words < 2 || words < 3 && calm) && !st.sentenceCharged(st.sentenceOf(i))) {
				sev = SeverityInfo
			}
			start, end := int(toks[i].start), int(toks[last].end)
			st.add(RuleToneShouting, sev, start, end, "", st.unshout(start, end), true)
		}
		i = last
	}
}

// capsLock reports whether the draft is typed (nearly) all in capitals:
// of its words with letters, at least four in five have no lower-case
// letter. One-letter words ("I", "A", "U") count as capitals here, as
// they are written in a caps-lock message.
func (st *state) capsLock() bool {
	caps, words := 0, 0
	for i := range st.toks {
		t := &st.toks[i]
		if t.kind != tkWord || t.has(flContPart) {
			continue
		}
		upper, lower := false, false
		for _, r := range st.text[t.start:t.end] {
			if unicode.IsUpper(r) {
				upper = true
			} else if unicode.IsLower(r) {
				lower = true
				break
			}
		}
		if !upper && !lower {
			continue
		}
		words++
		if !lower {
			caps++
		}
	}
	return words >= 3 && caps*5 >= words*4
}

// sentenceCharged reports whether sentence k holds anger, hurt or an
// accusation: there "!!!" is a raised voice, elsewhere excitement.
func (st *state) sentenceCharged(k int) bool {
	if k < 0 {
		return false
	}
	s := &st.sents[k]
	for _, m := range st.matchesIn(s.t0, s.t1) {
		p := &st.a.cfg.phrases[m.phrase]
		if p.hostile || p.rule == RuleYouAccusatory || p.rule == RuleToneAbsolute || p.tag == "admonish" ||
			(p.emotion >= 0 && p.emotion != 2 && p.weight >= 0.4) { // any emotion but longing
			return true
		}
	}
	return false
}

// unshout lowers a shouted span, keeping "I" and a sentence's first letter.
func (st *state) unshout(start, end int) string {
	s := strings.ToLower(st.text[start:end])
	s = replaceWord(s, "i", "I")
	if st.startsSentence(start) {
		s = capitalize(s)
	}
	return s
}

func replaceWord(s, w, with string) string {
	fields := strings.Fields(s)
	changed := false
	for i, f := range fields {
		core := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
		if core == w || strings.HasPrefix(core, w+"'") || strings.HasPrefix(core, w+"’") {
			fields[i] = strings.Replace(f, w, with, 1)
			changed = true
		}
	}
	if !changed {
		return s
	}
	// Rebuild with the original spacing collapsed to single spaces: shouted
	// spans are short runs of words.
	return strings.Join(fields, " ")
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

func (st *state) startsSentence(pos int) bool {
	k := st.sentenceAt(pos)
	return k >= 0 && st.sents[k].start == pos
}

func (st *state) ruleNoContact() {
	if !st.ctx.NoContact || st.necessaryLogistics() {
		return
	}
	st.whole(RuleNoContact, "", "", "")
}

// necessaryLogistics reports whether the draft is the kind of message a
// no-contact period lets through, reply or not: practical content (kids,
// legal, money, belongings with a date), and nothing that reaches for them.
func (st *state) necessaryLogistics() bool {
	// Words of arrangements (times, dates, amounts, logistics words), or a
	// practical goal that the logistics head confirms the draft is about.
	if !st.practical && !(st.ctx.Goal.Practical() && st.a.harm.Fires(st.harmAll, harm.Logistics)) {
		return false
	}
	return !st.hasFinding(RuleDamageNeedy, RuleDamageFalseHope, RuleDamagePast)
}

// hasFinding reports whether any of rules has a finding so far.
func (st *state) hasFinding(rules ...string) bool {
	for i := range st.finds {
		if slices.Contains(rules, st.finds[i].Rule) {
			return true
		}
	}
	return false
}

// ruleDumped flags a user who was broken up with reaching for the one who
// left, in any mode: a draft that pleads, checks in or hints at getting
// back together (a needy or false-hope finding), or, when starting
// contact, one that opens deep emotional talk. Its verdict is dont_send.
func (st *state) ruleDumped() {
	if !st.ctx.Dumped {
		return
	}
	for i := range st.finds {
		if f := st.finds[i]; f.Rule == RuleDamageNeedy || f.Rule == RuleDamageFalseHope {
			st.add(RuleContextDumped, "", f.Start, f.End, "", "", false)
			return
		}
	}
	// The one who was left reads stricter: a plea or a hint of getting
	// back together at half the heads' usual threshold ("Come back?").
	if st.sig.Words >= minHeadWords {
		m := st.a.harm
		for _, l := range []harm.Label{harm.Needy, harm.FalseHope} {
			if t, _ := m.Threshold(l); st.harmAll[l] >= t/2 && !st.anyVeto(ruleOfHead(l)) {
				st.whole(RuleContextDumped, "", "", "")
				return
			}
		}
	}
	if st.ctx.Reply {
		return
	}
	deep := st.scores[1] >= 0.3 || st.scores[2] >= 0.3 || st.scores[3] >= 0.3 || st.scores[5] >= 0.3
	first := -1
	for k := range st.sents {
		if st.sents[k].emotional && !st.sents[k].practical {
			deep = true
			if first < 0 {
				first = k
			}
		}
	}
	if !deep {
		return
	}
	if first >= 0 {
		s := &st.sents[first]
		st.add(RuleContextDumped, "", s.start, s.end, "", "", false)
		return
	}
	st.whole(RuleContextDumped, "", "", "")
}

// ruleBiff flags what a reply that only needs facts does not need:
// advice, admonishment, defending, and more than one apology.
func (st *state) ruleBiff() {
	if !st.ctx.Reply {
		return
	}
	set := &st.a.cfg.settings
	start := len(st.finds)
	apologies := 0
	for _, m := range st.matches {
		if p := &st.a.cfg.phrases[m.phrase]; p.rule == RuleBiffExtra && p.tag == "apology" {
			apologies++
		}
	}
	n := 0
	firstApology := true
	for _, m := range st.matches {
		p := &st.a.cfg.phrases[m.phrase]
		if p.rule != RuleBiffExtra {
			continue
		}
		if p.tag == "apology" {
			// One apology is fine: flag only the ones after it.
			if apologies < 2 || firstApology {
				firstApology = false
				continue
			}
		}
		sev := SeverityInfo
		if p.tag == "admonish" {
			sev = SeverityWarning
		}
		st.phraseFinding(m, p, sev)
		n++
	}
	if n >= set.Biff.Warning {
		for i := start; i < len(st.finds); i++ {
			if !st.a.rules[RuleBiffExtra].pinned {
				st.finds[i].Severity = SeverityWarning
			}
		}
	}
}

// phraseFindings turns the matches of a rule's phrase lists into findings,
// returning how many it added.
func (st *state) phraseFindings(rule string, sev Severity) int {
	n := 0
	for _, m := range st.matches {
		p := &st.a.cfg.phrases[m.phrase]
		if p.rule != rule {
			continue
		}
		st.phraseFinding(m, p, sev)
		n++
	}
	return n
}

// phraseFinding makes the finding of one match: its span by the phrase's
// scope, its message, and a suggestion from the phrase's rewrite template
// ({rest} is the rest of the clause, {match} the matched words).
func (st *state) phraseFinding(m match, p *phrase, sev Severity) {
	start, end := int(st.toks[m.start].start), int(st.toks[m.end-1].end)
	clauseEnd := st.clauseEnd(int(m.end))
	k := st.sentenceOf(int(m.start))
	switch p.scope {
	case scopeClause:
		end = max(end, clauseEnd)
	case scopeSentence:
		start, end = st.sents[k].start, st.sents[k].end
	}
	var sugg string
	replace := false
	rest := strings.TrimSpace(st.text[min(int(st.toks[m.end-1].end), clauseEnd):clauseEnd])
	needsRest := strings.Contains(p.rewrite, "{rest")
	switch {
	case p.hasRewrite && (!needsRest || strings.Count(rest, " ") >= 1):
		// A rest of one word ("…, you always do") gives no clause to
		// rewrite; the advice suggestion serves better.
		if isShouted(rest) {
			rest = strings.ToLower(rest)
		}
		sugg = p.rewrite
		if strings.Contains(sugg, "{rest_base}") {
			sugg = strings.ReplaceAll(sugg, "{rest_base}", st.baseForm(rest))
		}
		sugg = strings.ReplaceAll(sugg, "{rest}", rest)
		sugg = strings.ReplaceAll(sugg, "{match}", st.text[start:end])
		sugg = strings.Join(strings.Fields(sugg), " ")
		if needsRest {
			end = max(end, clauseEnd)
		}
		if st.startsSentence(start) {
			sugg = capitalize(sugg)
		}
		replace = true
	case p.hasSugg:
		sugg, replace = p.suggestion, true
		if sugg != "" && st.startsSentence(start) {
			sugg = capitalize(sugg)
		}
	case p.advice != "":
		sugg = p.advice
	}
	if p.scope == scopeSentence && replace && sugg == "" && !st.sents[k].practical {
		st.sents[k].drop = true
	}
	st.add(p.rule, sev, start, end, p.message, sugg, replace)
}

// clauseEnd returns the byte offset where the clause holding token i ends:
// the end of its last word before clause-ending punctuation, a line break
// or a conjunction that starts a new clause.
func (st *state) clauseEnd(i int) int {
	if st.clauseEnds == nil {
		st.computeClauseEnds()
	}
	if i >= len(st.toks) {
		if i > 0 {
			return int(st.toks[len(st.toks)-1].end)
		}
		return 0
	}
	if e := st.clauseEnds[i]; e >= 0 {
		return e
	}
	if i > 0 {
		return int(st.toks[i-1].end)
	}
	return 0
}

// computeClauseEnds fills, in one backward pass, the clause end for every
// token (-1 where the clause from that token holds no word).
func (st *state) computeClauseEnds() {
	n := len(st.toks)
	ends := st.clauseBuf[:0]
	for range n {
		ends = append(ends, -1)
	}
	next := -1
	for j := n - 1; j >= 0; j-- {
		t := &st.toks[j]
		if t.kind == tkNewline || (t.kind == tkPunct && t.has(flClauseEnd)) {
			next = -1
			ends[j] = -1
			continue
		}
		if t.kind != tkPunct && next < 0 {
			next = int(t.end)
		}
		ends[j] = next
		if st.conjunctionBreak(j) {
			next = -1 // the clause before j ends before the conjunction
		}
	}
	st.clauseEnds = ends
	st.clauseBuf = ends
}

// conjunctionBreak reports whether a new clause starts at token j: a
// conjunction followed by a subject ("… and I'm sick of it").
func (st *state) conjunctionBreak(j int) bool {
	lx := st.a.cfg.lx
	return j+1 < len(st.toks) && lx.inClass(st.toks[j].id, st.a.clsConjunction) && lx.inClass(st.toks[j+1].id, st.a.clsSubject)
}

func isShouted(s string) bool {
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 2 && upper == letters
}

// baseForm puts the first word of a clause in its base form, so a rewrite
// template can say "I'd like you to …": "answered my texts" → "answer my
// texts". Irregular verbs come from words.yml; regular ones lose "-ed".
func (st *state) baseForm(rest string) string {
	word, tail, _ := strings.Cut(rest, " ")
	if tail != "" {
		tail = " " + tail
	}
	lw := strings.ToLower(word)
	if b, ok := st.a.cfg.lx.baseForms[lw]; ok {
		return b + tail
	}
	n := len(lw)
	switch {
	case n > 4 && strings.HasSuffix(lw, "ied"):
		return word[:n-3] + "y" + tail
	case n > 4 && strings.HasSuffix(lw, "ed"):
		stem := word[:n-2]
		ls := lw[:n-2]
		last := ls[len(ls)-1]
		if len(ls) >= 3 && ls[len(ls)-1] == ls[len(ls)-2] && strings.IndexByte("bgmnprt", last) >= 0 {
			return stem[:len(stem)-1] + tail // stopped → stop
		}
		if strings.IndexByte("vzcu", last) >= 0 || strings.HasSuffix(ls, "ng") && !strings.HasSuffix(ls, "ing") {
			return stem + "e" + tail // loved → love, changed → change
		}
		return stem + tail
	}
	return rest
}

// rulePlaceholder flags a [bracketed] part left to fill in, as in a reply
// steady drafted from their message: it is not ready to send.
func (st *state) rulePlaceholder() {
	text := st.text
	for i := 0; i < len(text); {
		open := strings.IndexByte(text[i:], '[')
		if open < 0 {
			return
		}
		open += i
		end := strings.IndexAny(text[open+1:], "]\n")
		if end < 0 {
			return
		}
		end += open + 1
		// "[sic]" marks the writer's own spelling, quoted as it was.
		inside := strings.TrimSpace(text[open+1 : end])
		if text[end] == ']' && hasLetters(inside) && !strings.EqualFold(inside, "sic") {
			st.add(RulePlaceholder, "", open, end+1, "", "", false)
		}
		i = end + 1
	}
}
