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

// featurizer turns text into feature hashes; its buffers are reused.
type featurizer struct {
	words []string // lower-cased words of the text, with class words
	buf   []byte
	out   []uint32
}

// Features appends the feature hashes of text, in mode, to dst.
func Features(dst []uint32, text string, mode Mode) []uint32 {
	var f featurizer
	f.out = dst
	return f.run(text, mode)
}

func (f *featurizer) run(text string, mode Mode) []uint32 {
	f.words = f.words[:0]
	f.buf = f.buf[:0]
	out := f.out
	switch mode {
	case ModeReply:
		out = append(out, fnvString(fnvByte(fnvOffset, 'm'), "reply"))
	case ModeStart:
		out = append(out, fnvString(fnvByte(fnvOffset, 'm'), "start"))
	}
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			j, word, caps := f.word(text, i)
			f.words = append(f.words, word)
			if caps {
				out = append(out, fnvString(fnvByte(fnvOffset, 'k'), "caps"))
			}
			i = j
			continue
		case r == '!' || r == '?' || r == '.':
			j := i
			for j < len(text) && (text[j] == '!' || text[j] == '?' || text[j] == '.') {
				j++
			}
			if m := punctMark(text[i:j]); m != "" {
				out = append(out, fnvString(fnvByte(fnvOffset, 'p'), m))
			}
			i = j
			continue
		case r >= 0x2600 || unicode.Is(unicode.So, r):
			if r != 0xFE0F && r != 0x200D && !unicode.Is(unicode.Mn, r) && !unicode.IsSpace(r) {
				out = append(out, fnvString(fnvByte(fnvOffset, 'e'), text[i:i+size]))
			}
		}
		i += size
	}
	// Word n-grams, and character n-grams of the longer words.
	prev2, prev := "", "<s>"
	for _, w := range f.words {
		out = append(out, fnvString(fnvByte(fnvOffset, 'u'), w))
		out = append(out, fnvString(fnvByte(fnvString(fnvByte(fnvOffset, 'b'), prev), ' '), w))
		if prev2 != "" {
			h := fnvString(fnvByte(fnvOffset, 't'), prev2)
			h = fnvString(fnvByte(h, ' '), prev)
			out = append(out, fnvString(fnvByte(h, ' '), w))
		}
		prev2, prev = prev, w
		if len(w) >= 4 && w[0] != '<' {
			out = charGrams(out, w)
		}
	}
	f.out = out[:0]
	return out
}

// charGrams appends the 3- to 5-grams of "<"+w+">".
func charGrams(out []uint32, w string) []uint32 {
	var b [maxWord + 2]byte
	n := copy(b[1:], w) + 2
	b[0], b[n-1] = '<', '>'
	s := b[:n]
	for g := 3; g <= 5; g++ {
		for i := 0; i+g <= n; i++ {
			h := fnvByte(fnvOffset, 'c')
			for _, c := range s[i : i+g] {
				h = fnvByte(h, c)
			}
			out = append(out, h)
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// word reads the word starting at i: letters, digits and apostrophes
// between them, with a time's colon or an amount's point kept. It returns
// the end, the lower-cased word (or its class) and whether it was typed in
// capitals.
func (f *featurizer) word(text string, i int) (int, string, bool) {
	start := len(f.buf)
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
			if len(f.buf)-start < maxWord {
				f.buf = utf8.AppendRune(f.buf, unicode.ToLower(r))
			}
			j += size
			continue
		}
		// An apostrophe between letters ("don't"), or a colon or point
		// between digits ("17:30", "2.50"), joins two runs into one word.
		next, _ := utf8.DecodeRuneInString(text[j+size:])
		switch {
		case (r == '\'' || r == '’' || r == '‘') && letters > 0 && unicode.IsLetter(next):
			f.buf = append(f.buf, '\'')
			j += size
			continue
		case (r == ':' || r == '.') && digits > 0 && letters == 0 && unicode.IsDigit(next):
			f.buf = append(f.buf, byte(r))
			j += size
			continue
		}
		break
	}
	w := string(f.buf[start:])
	f.buf = f.buf[:start]
	caps := upper >= 2 && upper == letters
	if digits > 0 {
		w = numberClass(w, digits, letters, text, i)
	}
	return j, w, caps
}

// numberClass names a word with digits by its class: an amount (a currency
// sign before it), a time ("5pm", "17:30"), or a number.
func numberClass(w string, digits, letters int, text string, i int) string {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); r == '$' || r == '£' || r == '€' || r == '¥' || r == '₹' {
			return "<money>"
		}
	}
	if letters == 0 {
		for k := 0; k < len(w); k++ {
			if w[k] == ':' {
				return "<time>"
			}
		}
		return "<num>"
	}
	switch suffix(w) {
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
	return w
}

func suffix(w string) string {
	i := len(w)
	for i > 0 && w[i-1] >= 'a' && w[i-1] <= 'z' {
		i--
	}
	return w[i:]
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
