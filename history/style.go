package history

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/steadyhq/steady"
)

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

// Style is one side's writing style over some messages: what a rewrite
// follows (its greeting, sign-off, lower case and emoji).
type Style struct {
	Messages int    `json:"messages"`
	Energy   Energy `json:"energy"`
	Habits   Habits `json:"habits"`
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
}

// styleCounter accumulates counts for a Style.
type styleCounter struct {
	messages                 int
	excl, quest, emoji, caps int
}

func (c *styleCounter) style() Style {
	s := Style{Messages: c.messages}
	if c.messages > 0 {
		n := float64(c.messages)
		s.Energy = Energy{float64(c.excl) / n, float64(c.quest) / n, float64(c.emoji) / n, float64(c.caps) / n}
	}
	return s
}

// add tokenises one message into words (for the shouted ones), marks and
// emoji.
func (c *styleCounter) add(text string) {
	c.messages++
	letters := 0          // letters in the current word
	upper := 0            // upper-case letters in it
	inWord := false       // inside a word
	prevRegional := false // the emoji before was a lone regional indicator
	joined := false       // a zero-width joiner follows an emoji
	end := func() {
		if !inWord {
			return
		}
		if letters >= 3 && upper == letters {
			c.caps++
		}
		inWord, letters, upper = false, 0, 0
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
				letters++
			} else if r >= 'a' {
				letters++
			}
		case r == '\'' || r == '’' || r == 'ʼ':
			// Inside a word, part of it ("DON'T" is one word); else nothing.
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
			inWord = true
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
// pass the recent ones so the profile follows how they write now. Only
// text messages and media captions of the two sides count; a silence
// longer than opts.Gap starts a conversation.
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
	return p
}
