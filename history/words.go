package history

import (
	"unicode"
	"unicode/utf8"
)

// Word-scanner states.
const (
	outside = iota
	inWord  // inside a run of letters, digits, marks, apostrophes
	inEmoji // inside a run of emoji
)

// ASCII byte classes of the word scanner: wordByte bytes are letters and
// digits, keepByte (the apostrophe) continues a word but starts none. As
// tables they keep the ASCII loop free of unpredictable branches (the
// word/space alternation), which are most of Words' cost on chat text.
var wordByte, keepByte = func() (w, k [utf8.RuneSelf]uint8) {
	for c := '0'; c <= '9'; c++ {
		w[c] = 1
	}
	for c := 'a'; c <= 'z'; c++ {
		w[c], w[c-'a'+'A'] = 1, 1
	}
	k['\''] = 1
	return w, k
}()

// Words counts the words of a message as steady measures length: runs of
// letters, digits, combining marks and apostrophes (straight or curly) —
// an apostrophe continues a word but does not start one — so "don't" is
// one word, "'cause" one, "co-parent" two; each run of emoji counts as one
// word, so "ok 👍" is two words and "❤️❤️" one. Punctuation, spaces and
// other symbols separate words. Scripts written without spaces (Chinese,
// Japanese, Thai) count a whole run as one word.
func Words(s string) int {
	n, state := 0, outside
	for i := 0; i < len(s); {
		// The ASCII run: in is 1 inside a word.
		in := uint8(0)
		if state == inWord {
			in = 1
		}
		j := i
		for ; j < len(s); j++ {
			c := s[j]
			if c >= utf8.RuneSelf {
				break
			}
			w := wordByte[c] | keepByte[c]&in
			n += int(w &^ in)
			in = w
		}
		if j > i {
			state = outside
			if in == 1 {
				state = inWord
			}
			i = j
			if i == len(s) {
				break
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case isEmojiModifier(r):
			// Joiners, variation selectors, skin tones and keycaps
			// belong to whatever they follow.
		case isEmoji(r):
			if state != inEmoji {
				n++
				state = inEmoji
			}
		case r == '’' || r == 'ʼ':
			if state != inWord {
				state = outside
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if state != inWord {
				n++
				state = inWord
			}
		default:
			state = outside
		}
	}
	return n
}

// isEmoji reports whether r is an emoji base (or a regional indicator, half
// of a flag). The ranges are Unicode's Extended_Pictographic blocks that
// people actually type, kept as a switch so the check is branch-cheap.
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF: // cards, enclosed, pictographs, emoticons, transport, supplemental
		return true
	case r >= 0x2600 && r <= 0x27BF: // miscellaneous symbols, dingbats
		return true
	case r == 0x231A, r == 0x231B, r == 0x2328, r == 0x23CF, r >= 0x23E9 && r <= 0x23FA:
		return true
	case r >= 0x2B05 && r <= 0x2B07, r == 0x2B1B, r == 0x2B1C, r == 0x2B50, r == 0x2B55:
		return true
	case r == 0x203C, r == 0x2049, r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299:
		return true
	}
	return false
}

// isEmojiModifier reports whether r only modifies the emoji before it: the
// zero-width joiner, variation selectors, skin tones, the keycap mark and
// the tag characters of subdivision flags.
func isEmojiModifier(r rune) bool {
	switch {
	case r == 0x200D, r == 0xFE0F, r == 0xFE0E, r == 0x20E3:
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF:
		return true
	case r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return false
}

// isRegional reports whether r is a regional indicator: two make a flag.
func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }
