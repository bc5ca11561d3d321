package history

import (
	"bufio"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/steadyhq/steady"
)

// The nine function-word categories of language style matching.
const (
	catPersonalPronouns = iota
	catImpersonalPronouns
	catArticles
	catPrepositions
	catAuxiliaryVerbs
	catAdverbs
	catConjunctions
	catNegations
	catQuantifiers
	numCategories
)

// categoryNames are the names the data file uses, in category order.
var categoryNames = [numCategories]string{"ppron", "ipron", "article", "prep", "auxverb", "adverb", "conj", "negate", "quant"}

//go:embed stylewords.txt
var stylewordsTxt string

// functionWords maps a lowercase word to the bit set of its categories.
// Built from the embedded file on first use, not at start-up: every run of
// the command would pay for it, and most never match styles.
var functionWords = sync.OnceValue(func() map[string]uint16 { return mustParseFunctionWords(stylewordsTxt) })

func mustParseFunctionWords(text string) map[string]uint16 {
	m, err := parseFunctionWords(text)
	if err != nil {
		panic("history: embedded stylewords.txt: " + err.Error())
	}
	return m
}

// parseFunctionWords reads the word-list format of stylewords.txt.
func parseFunctionWords(text string) (map[string]uint16, error) {
	m := make(map[string]uint16, 512)
	seen := [numCategories]bool{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for line := 1; sc.Scan(); line++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		name, words, ok := strings.Cut(l, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want \"category: words…\"", line)
		}
		cat := -1
		for i, n := range categoryNames {
			if n == strings.TrimSpace(name) {
				cat = i
			}
		}
		if cat < 0 {
			return nil, fmt.Errorf("line %d: unknown category %q (want one of %s)", line, name, strings.Join(categoryNames[:], ", "))
		}
		seen[cat] = true
		for _, w := range strings.Fields(words) {
			if w != strings.ToLower(w) {
				return nil, fmt.Errorf("line %d: %q is not lowercase", line, w)
			}
			m[w] |= 1 << cat
		}
	}
	for i, ok := range seen {
		if !ok {
			return nil, fmt.Errorf("category %q has no words", categoryNames[i])
		}
	}
	return m, sc.Err()
}

// FunctionWords are the percentages of words in each LSM category.
type FunctionWords struct {
	PersonalPronouns   float64 `json:"ppron"`
	ImpersonalPronouns float64 `json:"ipron"`
	Articles           float64 `json:"article"`
	Prepositions       float64 `json:"prep"`
	AuxiliaryVerbs     float64 `json:"auxverb"`
	Adverbs            float64 `json:"adverb"`
	Conjunctions       float64 `json:"conj"`
	Negations          float64 `json:"negate"`
	Quantifiers        float64 `json:"quant"`
}

func (f *FunctionWords) array() [numCategories]float64 {
	return [numCategories]float64{f.PersonalPronouns, f.ImpersonalPronouns, f.Articles, f.Prepositions,
		f.AuxiliaryVerbs, f.Adverbs, f.Conjunctions, f.Negations, f.Quantifiers}
}

func functionWordsOf(a [numCategories]float64) FunctionWords {
	return FunctionWords{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]}
}

// Energy is how loud messages are, per message: exclamation and question
// marks, emoji (a flag or a joined family is one), and shouted words —
// words of three or more letters in capitals only (so "I", "OK" and "PM"
// are not shouting; "ASAP" and "FYI" still are).
type Energy struct {
	Exclamations float64 `json:"exclamations"`
	Questions    float64 `json:"questions"`
	Emoji        float64 `json:"emoji"`
	Caps         float64 `json:"caps"`
}

// Style is one side's writing style over some messages.
type Style struct {
	Messages int `json:"messages"`
	// Words are the words LSM divides by: letters and digits, emoji left
	// out. Function is the share of them in any category, 0..1 — low for
	// text that is not English, where LSM means nothing.
	Words         int           `json:"words"`
	Function      float64       `json:"function"`
	FunctionWords FunctionWords `json:"function_words"`
	Energy        Energy        `json:"energy"`
	Habits        Habits        `json:"habits"`
}

// Habits are how one side opens and closes what it writes, counted per
// turn (a turn typed in several bubbles opens in its first and closes in
// its last), and the capitals it starts its messages with.
type Habits struct {
	// Turns counts the turns; Openers those that start a conversation.
	Turns   int `json:"turns"`
	Openers int `json:"openers"`
	// Greeted counts the turns that open with a greeting and go on
	// ("Hi Alex, can you…"), GreetedOpeners those among the openers.
	// Greeting is the one used most (the later one of a tie), with what
	// follows it: "Hi Alex, " on the same line, "Hi Alex,\n" on its own.
	Greeted        int    `json:"greeted"`
	GreetedOpeners int    `json:"greeted_openers"`
	Greeting       string `json:"greeting,omitempty"`
	// SignedOff counts the turns that close with a sign-off after what
	// they say ("… Thanks!"). SignOff is the one used most, with what
	// comes before it: " Thanks!" on the same line, "\nThanks!" on its own.
	// Words of love ("xx", "love you") are no sign-off steady learns: a
	// rewrite for an ex does not carry them.
	SignedOff int    `json:"signed_off"`
	SignOff   string `json:"sign_off,omitempty"`
	// Starts counts the messages that start with a letter; Lower those
	// whose first letter is lower case.
	Starts int `json:"starts"`
	Lower  int `json:"lower"`
}

// greetingWords open a greeting; "good" only before a time of day.
var greetingWords = []string{"hi", "hey", "hello", "hiya", "heya", "hallo", "morning", "afternoon", "evening", "dear", "yo"}

// signOffWords open a sign-off.
var signOffWords = []string{"thanks", "thank", "thx", "ty", "ta", "cheers", "best", "regards", "bye", "cya"}

// habitCounter accumulates Habits, with the phrases seen and how often.
type habitCounter struct {
	h                  Habits
	greetings, signOff phraseCount
}

type phraseCount struct {
	n    map[string]int
	best string
	top  int
}

// add counts phrase p; the most used one wins, the later one of a tie.
func (c *phraseCount) add(p string) {
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[p]++
	if c.n[p] >= c.top {
		c.best, c.top = p, c.n[p]
	}
}

// turn counts one turn: the texts of its messages, in order.
func (c *habitCounter) turn(texts []string, opener bool) {
	if len(texts) == 0 {
		return
	}
	c.h.Turns++
	if opener {
		c.h.Openers++
	}
	for _, t := range texts {
		if r, _ := utf8.DecodeRuneInString(strings.TrimSpace(t)); unicode.IsLetter(r) {
			c.h.Starts++
			if unicode.IsLower(r) {
				c.h.Lower++
			}
		}
	}
	if g, ok := greeting(texts[0], len(texts) > 1); ok {
		c.h.Greeted++
		if opener {
			c.h.GreetedOpeners++
		}
		c.greetings.add(g)
	}
	if s, ok := signOff(texts[len(texts)-1], len(texts) > 1); ok {
		c.h.SignedOff++
		c.signOff.add(s)
	}
}

func (c *habitCounter) habits() Habits {
	h := c.h
	h.Greeting, h.SignOff = c.greetings.best, c.signOff.best
	return h
}

// greeting reads the greeting that opens text ("Hi Alex, can you…" →
// "Hi Alex, "): a greeting word, and up to three words more before a
// comma, a stop or the end of the line. more says the turn goes on in
// another message; a greeting with nothing after it in its turn is a
// message of its own ("Hi!"), no habit of opening one.
func greeting(text string, more bool) (string, bool) {
	t := strings.TrimSpace(text)
	first, _, _ := strings.Cut(t, " ")
	w := strings.ToLower(strings.TrimRightFunc(first, isNotLetter))
	if !slices.Contains(greetingWords, w) && !(w == "good" && hasTimeOfDay(t)) {
		return "", false
	}
	end := strings.IndexAny(t, ",.!\n")
	if end < 0 {
		end = len(t)
	} else if t[end] != '\n' {
		end++ // the mark is the greeting's
	}
	if n := len(strings.Fields(t[:end])); n > 4 {
		// No mark soon after it ("Hi can you take them…"): the word alone.
		end = len(first)
	}
	g, rest := t[:end], t[end:]
	switch {
	case strings.TrimSpace(rest) == "" && !more:
		return "", false
	case strings.TrimSpace(rest) == "" || strings.HasPrefix(strings.TrimLeft(rest, " \t"), "\n"):
		return g + "\n", true
	}
	return g + " ", true
}

func hasTimeOfDay(t string) bool {
	f := strings.Fields(strings.ToLower(t))
	return len(f) > 1 && slices.Contains([]string{"morning", "afternoon", "evening"}, strings.TrimRightFunc(f[1], isNotLetter))
}

// signOff reads the sign-off that closes text ("…, can you sign it?
// Thanks!" → " Thanks!"): its last sentence or line, of three words at
// most, opening with a word of thanks or goodbye. more says the turn had
// messages before this one.
func signOff(text string, more bool) (string, bool) {
	t := strings.TrimSpace(text)
	body := strings.TrimRightFunc(t, isNotLetter)
	i := strings.LastIndexAny(body, ".!?\n") + 1
	s := strings.TrimSpace(t[i:])
	first, _, _ := strings.Cut(s, " ")
	if s == "" || len(strings.Fields(s)) > 3 || !slices.Contains(signOffWords, strings.ToLower(strings.TrimRightFunc(first, isNotLetter))) {
		return "", false
	}
	before := t[:i]
	switch {
	case strings.TrimSpace(before) == "" && !more:
		return "", false // a thank-you of its own, not a sign-off
	case strings.TrimSpace(before) == "" || strings.HasSuffix(strings.TrimRight(t[:len(t)-len(strings.TrimLeft(t[i:], " \t"))], " \t"), "\n"):
		return "\n" + s, true
	}
	return " " + s, true
}

func isNotLetter(r rune) bool { return !unicode.IsLetter(r) }

// Profile is the style of both sides of a history.
type Profile struct {
	Mine   Style `json:"mine"`
	Theirs Style `json:"theirs"`
	// LSM is how closely the two sides' styles match, 0..1 (see MatchStyle).
	LSM float64 `json:"lsm"`
}

// StyleMatch compares a draft with their style.
type StyleMatch struct {
	// LSM is the language style matching score of the draft against their
	// messages, 0..1: per category 1 - |p1-p2|/(p1+p2+0.0001) with p the
	// category's percentage of words, averaged over the nine categories.
	LSM float64 `json:"lsm"`
	// Categories holds the per-category scores the mean is taken over.
	Categories FunctionWords `json:"categories"`
	// Reliable is false when there is too little text, or too little
	// English, for the score to mean anything: fewer than 5 words in the
	// draft, fewer than 50 in their messages, or function words under 20%
	// of either (English chat runs at 40–55%).
	Reliable bool   `json:"reliable"`
	Draft    Style  `json:"draft"`
	Theirs   Energy `json:"their_energy"`
}

// styleCounter accumulates counts for a Style.
type styleCounter struct {
	messages, words, function int
	cats                      [numCategories]int
	excl, quest, emoji, caps  int
}

func (c *styleCounter) style() Style {
	s := Style{Messages: c.messages, Words: c.words}
	if c.words > 0 {
		var p [numCategories]float64
		for i, n := range c.cats {
			p[i] = 100 * float64(n) / float64(c.words)
		}
		s.FunctionWords = functionWordsOf(p)
		s.Function = float64(c.function) / float64(c.words)
	}
	if c.messages > 0 {
		n := float64(c.messages)
		s.Energy = Energy{float64(c.excl) / n, float64(c.quest) / n, float64(c.emoji) / n, float64(c.caps) / n}
	}
	return s
}

// add tokenises one message. Function words are all ASCII, so a word with
// other letters is counted but never looked up, and lookups go through a
// stack buffer: the map index with string(buf) does not allocate.
func (c *styleCounter) add(text string) {
	words := functionWords()
	c.messages++
	var buf [32]byte
	n := 0                // bytes of the current word in buf
	letters := 0          // letters in the current word
	upper := 0            // upper-case letters in it
	inWord := false       // inside a word
	ascii := true         // the current word is ASCII (after folding ’)
	prevRegional := false // the emoji before was a lone regional indicator
	joined := false       // a zero-width joiner follows an emoji
	end := func() {
		if !inWord {
			return
		}
		c.words++
		if ascii && n <= len(buf) {
			if cats := words[string(buf[:n])]; cats != 0 {
				c.function++
				for i := range numCategories {
					if cats&(1<<i) != 0 {
						c.cats[i]++
					}
				}
			}
		}
		if letters >= 3 && upper == letters {
			c.caps++
		}
		inWord, n, letters, upper, ascii = false, 0, 0, 0, true
	}
	put := func(b byte) {
		if n < len(buf) {
			buf[n] = b
		}
		n++
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf && wordByte[r] == 1:
			inWord = true
			if 'A' <= r && r <= 'Z' {
				upper++
				r += 'a' - 'A'
			}
			if r >= 'a' {
				letters++
			}
			put(byte(r))
		case r == '\'' || r == '’' || r == 'ʼ':
			if inWord {
				put('\'')
			}
		case r == '!' || r == '！':
			end()
			c.excl++
		case r == '?' || r == '？' || r == '¿' || r == '؟':
			end()
			c.quest++
		case isEmojiModifier(r):
			// Part of the emoji before it; a joiner also glues the next.
			joined = joined || r == 0x200D
			continue
		case isEmoji(r):
			end()
			// An emoji joined to the one before (a family), or the
			// second regional indicator of a flag, is the same emoji.
			reg := isRegional(r)
			if !joined && !(reg && prevRegional) {
				c.emoji++
				prevRegional = reg
			} else {
				prevRegional = false
			}
			joined = false
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			inWord, ascii = true, false
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		default:
			end()
		}
		prevRegional, joined = false, false
	}
	end()
}

// StyleProfile measures both sides' style over msgs, sorted by time:
// pass the recent ones (Recent returns the recent window) so the profile
// follows how they write now. Only text messages and media captions of
// the two sides count; a silence longer than opts.Gap starts a
// conversation.
func StyleProfile(msgs []steady.Message, opts Options) *Profile {
	o := opts.norm()
	var c [2]styleCounter
	var h [2]habitCounter
	var turn []string
	side, opener := -1, false
	var last int64
	for i := range msgs {
		m := &msgs[i]
		if !m.Counts() {
			continue
		}
		at := m.At.UnixNano()
		s := sideIndex(m.Side)
		if newConv := side < 0 || at-last > o.gap; newConv || s != side {
			if side >= 0 {
				h[side].turn(turn, opener)
			}
			turn, side, opener = turn[:0], s, newConv
		}
		last = at
		if m.Text == "" {
			continue
		}
		c[s].add(m.Text)
		turn = append(turn, m.Text)
	}
	if side >= 0 {
		h[side].turn(turn, opener)
	}
	p := &Profile{Mine: c[me].style(), Theirs: c[them].style()}
	p.Mine.Habits, p.Theirs.Habits = h[me].habits(), h[them].habits()
	p.LSM, _ = lsm(&p.Mine.FunctionWords, &p.Theirs.FunctionWords)
	return p
}

// MatchStyle measures how closely a draft's style matches theirs in p.
func MatchStyle(draft string, p *Profile) StyleMatch {
	var c styleCounter
	c.add(draft)
	d := c.style()
	var theirs Style
	if p != nil {
		theirs = p.Theirs
	}
	score, cats := lsm(&d.FunctionWords, &theirs.FunctionWords)
	return StyleMatch{
		LSM:        score,
		Categories: functionWordsOf(cats),
		Reliable:   d.Words >= 5 && theirs.Words >= 50 && d.Function >= 0.2 && theirs.Function >= 0.2,
		Draft:      d,
		Theirs:     theirs.Energy,
	}
}

// lsm is the language style matching score of two sets of category
// percentages and the per-category scores.
func lsm(a, b *FunctionWords) (float64, [numCategories]float64) {
	pa, pb := a.array(), b.array()
	var cats [numCategories]float64
	sum := 0.0
	for i := range numCategories {
		cats[i] = 1 - math.Abs(pa[i]-pb[i])/(pa[i]+pb[i]+0.0001)
		sum += cats[i]
	}
	return sum / numCategories, cats
}

// Recent returns the recent window of sorted msgs as a subslice — the
// last Options.WindowTurns turns or WindowDays days, whichever holds more,
// as Compute uses — without copying. Messages must be sorted by At.
func Recent(msgs []steady.Message, opts Options) []steady.Message {
	o := opts.norm()
	start, _, _ := window(msgs, &o)
	return msgs[start:]
}
