package harm

import (
	"unicode"
	"unicode/utf8"
)

// The features of a text (FeatureVersion), each a 32-bit FNV-1a hash of a
// kind byte and the bytes it names:
//
//	'u' word          every word, lower-cased ("you", "ur", "<num>")
//	'b' word word     each pair of neighbouring words, a start mark first
//	't' word word word  each run of three
//	'c' gram          character 3- to 5-grams of each word of 4+ letters,
//	                  with "<" and ">" marking its ends ("<nev", "ver>")
//	'e' rune          an emoji or symbol (a heart, a kiss)
//	'p' mark          "!", "?", "!!!", "???", "?!", "..." as typed
//	'k' "caps"        a word of two or more capitals (shouting, emphasis)
//	'm' mode          "reply" or "start": how the message stands to theirs
//
// Words are the runs of letters, digits and inner apostrophes, with curly
// apostrophes made straight; a word of digits reads "<num>", a time
// ("5pm", "17:30") "<time>", an amount ("$50", "£20") "<money>". Every
// feature of a text counts 1/sqrt(n) for n features, so a sentence and a
// whole message score on one scale.
const FeatureVersion = 1

// Mode is how a message stands to the other person's: a reply to their
// recent message, or a message that starts contact.
type Mode uint8

const (
	ModeUnknown Mode = iota
	ModeReply
	ModeStart
)

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
	maxWord   = 40 // bytes of a word that feed its features; longer is noise
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return h
}

// sink receives a text's features one by one.
type sink interface {
	// at says where in the text the features that follow come from; -1
	// for the mode, which belongs to the whole text.
	at(pos int)
	add(h uint32)
	// word may take a word's own features (its unigram and character
	// n-grams) in one step, from a memo, and says whether it did.
	word(w []byte) bool
}

// appender collects features into a slice (the trainer's sink).
type appender struct{ out []uint32 }

func (a *appender) at(int)             {}
func (a *appender) add(h uint32)       { a.out = append(a.out, h) }
func (a *appender) word(_ []byte) bool { return false }

// wordFeatures is how many features a word has of its own: its unigram,
// and the character n-grams of a word of four or more bytes.
func wordFeatures(w []byte) int {
	if len(w) < 4 || w[0] == '<' {
		return 1
	}
	n := len(w) + 2 // with the end marks
	return 1 + (n - 2) + (n - 3) + (n - 4)
}

// wordKey is the memo's key for a word's own features.
func wordKey(w []byte) uint32 { return fnvBytes(fnvByte(fnvOffset, 'W'), w) }

// Features appends the feature hashes of text, in mode, to dst.
func Features(dst []uint32, text string, mode Mode) []uint32 {
	a := appender{out: dst}
	featurize(text, mode, &a)
	return a.out
}

// word is a lower-cased word (or its class) in a fixed buffer, so reading
// a text allocates nothing.
type word struct {
	b [maxWord + 8]byte
	n int
}

func (w *word) bytes() []byte { return w.b[:w.n] }

func (w *word) set(s string) { w.n = copy(w.b[:], s) }

func fnvBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h = fnvByte(h, c)
	}
	return h
}

// featurize sends every feature of text, in mode, to out.
func featurize(text string, mode Mode, out sink) {
	var ws [3]word
	featurizeWith(text, mode, out, &ws)
}

// featurizeWith is featurize with its word buffers given, so a scorer
// that keeps them needs no allocation.
func featurizeWith(text string, mode Mode, out sink, ws *[3]word) {
	out.at(-1) // the mode is of the whole text: no position in it
	switch mode {
	case ModeReply:
		out.add(fnvString(fnvByte(fnvOffset, 'm'), "reply"))
	case ModeStart:
		out.add(fnvString(fnvByte(fnvOffset, 'm'), "start"))
	}
	// the word before the last, the last, this one
	prev2, prev, cur := &ws[0], &ws[1], &ws[2]
	prev.set("<s>")
	nwords := 0
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		out.at(i)
		switch {
		case isWordRune(r):
			j, caps := readWord(text, i, cur)
			if caps {
				out.add(fnvString(fnvByte(fnvOffset, 'k'), "caps"))
			}
			w := cur.bytes()
			own := out.word(w)
			if !own {
				out.add(fnvBytes(fnvByte(fnvOffset, 'u'), w))
			}
			out.add(fnvBytes(fnvByte(fnvBytes(fnvByte(fnvOffset, 'b'), prev.bytes()), ' '), w))
			if nwords > 0 {
				h := fnvBytes(fnvByte(fnvOffset, 't'), prev2.bytes())
				h = fnvBytes(fnvByte(h, ' '), prev.bytes())
				out.add(fnvBytes(fnvByte(h, ' '), w))
			}
			if !own && len(w) >= 4 && w[0] != '<' {
				charGrams(out, w)
			}
			nwords++
			prev2, prev, cur = prev, cur, prev2
			i = j
			continue
		case r == '!' || r == '?' || r == '.':
			j := i
			for j < len(text) && (text[j] == '!' || text[j] == '?' || text[j] == '.') {
				j++
			}
			if m := punctMark(text[i:j]); m != "" {
				out.add(fnvString(fnvByte(fnvOffset, 'p'), m))
			}
			i = j
			continue
		case r >= 0x2600 || unicode.Is(unicode.So, r):
			if r != 0xFE0F && r != 0x200D && !unicode.Is(unicode.Mn, r) && !unicode.IsSpace(r) {
				out.add(fnvString(fnvByte(fnvOffset, 'e'), text[i:i+size]))
			}
		}
		i += size
	}
}

// charGrams sends the 3- to 5-grams of "<"+w+">".
func charGrams(out sink, w []byte) {
	var b [maxWord + 10]byte
	n := copy(b[1:], w) + 2
	b[0], b[n-1] = '<', '>'
	s := b[:n]
	for g := 3; g <= 5; g++ {
		for i := 0; i+g <= n; i++ {
			out.add(fnvBytes(fnvByte(fnvOffset, 'c'), s[i:i+g]))
		}
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// readWord reads the word starting at i into w: letters, digits and
// apostrophes between letters, with a time's colon or an amount's point
// kept. It returns the end, and whether the word was typed in capitals.
func readWord(text string, i int, w *word) (int, bool) {
	w.n = 0
	j := i
	upper, letters, digits := 0, 0, 0
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			if unicode.IsUpper(r) {
				upper++
			}
			if unicode.IsLetter(r) {
				letters++
			} else {
				digits++
			}
			if lr := unicode.ToLower(r); w.n+utf8.RuneLen(lr) <= maxWord {
				w.n += utf8.EncodeRune(w.b[w.n:], lr)
			}
			j += size
			continue
		}
		// An apostrophe between letters ("don't"), or a colon or point
		// between digits ("17:30", "2.50"), joins two runs into one word.
		next, _ := utf8.DecodeRuneInString(text[j+size:])
		switch {
		case (r == '\'' || r == '’' || r == '‘') && letters > 0 && unicode.IsLetter(next):
			if w.n < maxWord {
				w.b[w.n] = '\''
				w.n++
			}
			j += size
			continue
		case (r == ':' || r == '.') && digits > 0 && letters == 0 && unicode.IsDigit(next):
			if w.n < maxWord {
				w.b[w.n] = byte(r)
				w.n++
			}
			j += size
			continue
		}
		break
	}
	caps := upper >= 2 && upper == letters
	if digits > 0 {
		if c := numberClass(w.bytes(), digits, letters, text, i); c != "" {
			w.set(c)
		}
	}
	return j, caps
}

// numberClass names a word with digits by its class: an amount (a
// currency sign before it), a time ("5pm", "17:30"), an ordinal or a
// number; "" keeps the word as it is ("2nite").
func numberClass(w []byte, digits, letters int, text string, i int) string {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); r == '$' || r == '£' || r == '€' || r == '¥' || r == '₹' {
			return "<money>"
		}
	}
	if letters == 0 {
		for _, c := range w {
			if c == ':' {
				return "<time>"
			}
		}
		return "<num>"
	}
	k := len(w)
	for k > 0 && w[k-1] >= 'a' && w[k-1] <= 'z' {
		k--
	}
	switch string(w[k:]) {
	case "am", "pm", "h":
		return "<time>"
	case "st", "nd", "rd", "th":
		return "<nth>"
	case "k":
		return "<money>"
	}
	if digits >= letters {
		return "<num>"
	}
	return ""
}

// punctMark names a run of ".", "!" and "?".
func punctMark(s string) string {
	ex, q, dots := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '!':
			ex++
		case '?':
			q++
		case '.':
			dots++
		}
	}
	switch {
	case ex > 0 && q > 0:
		return "?!"
	case ex >= 3:
		return "!!!"
	case q >= 3:
		return "???"
	case ex > 0:
		return "!"
	case q > 0:
		return "?"
	case dots >= 2:
		return "..."
	}
	return ""
}

// Sentences splits text into sentence spans the way a reader would: after
// a run of ".", "!" or "?" followed by a space, and at line breaks. The
// analyzer has its own, finer split; this one serves the trainer, which
// scores sentences without the analyzer.
func Sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && (text[s] == ' ' || text[s] == '\n' || text[s] == '\t' || text[s] == '\r') {
			s++
		}
		for e > s && (text[e-1] == ' ' || text[e-1] == '\n' || text[e-1] == '\t' || text[e-1] == '\r') {
			e--
		}
		if e > s {
			out = append(out, [2]int{s, e})
		}
	}
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
			emit(i)
			start = i + 1
		case c == '.' || c == '!' || c == '?':
			j := i
			for j < len(text) && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
				j++
			}
			if j == len(text) || text[j] == ' ' || text[j] == '\n' {
				emit(j)
				start = j
			}
			i = j - 1
		}
	}
	emit(len(text))
	return out
}
