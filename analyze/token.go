package analyze

import (
	"github.com/steadyhq/steady/model"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a token.
type tokKind uint8

const (
	tkWord    tokKind = iota // letters, with inner apostrophes
	tkNumber                 // 12, 3.50, 1,000
	tkTime                   // 5pm, 17:30, 5:30 p.m.
	tkDate                   // 12/3, 12/03/2026, the 5th (the ordinal)
	tkMoney                  // $50, 50€, £20.50
	tkURL                    // http://…, www.…, name@host.tld
	tkEmoji                  // 😡, ❤️, <3, :(
	tkPunct                  // a run of . , ; : ! ? … and the like
	tkNewline                // a line break: ends a sentence in a chat message
)

// Token flags.
const (
	flCaps       uint16 = 1 << iota // ALL CAPS word of two letters or more
	flNegated                       // inside the scope of a negator
	flContPart                      // second or later part of a split contraction
	flExclaim                       // punct run holding '!'
	flQuestion                      // punct run holding '?'
	flSentEnd                       // punct run that ends a sentence
	flClauseEnd                     // punct run that ends a clause
	flAcronym                       // caps word that is a known acronym
	flShoutPunct                    // "!!!", "???", "?!" and longer
	flEllipsis                      // "..." or "…"
)

// token is a unit of the draft. Start and End are byte offsets into the draft;
// the parts of a split contraction ("you're" → you + are) share one span.
type token struct {
	start, end int32
	id         int32 // interned word id; 0 for a word no rule mentions
	kind       tokKind
	flags      uint16
	npunct     uint16 // for punct runs: how many '!' or '?' it holds
	// hash is a word's FNV-1a of its lower-cased bytes, with the low bit
	// set (model.WordKey): the trained model finds the word by it. check
	// is model.WordCheck of the same bytes, with which the model confirms
	// the word it found.
	hash, check uint32
}

func (t *token) has(f uint16) bool { return t.flags&f != 0 }

// wordLike reports whether the token counts as a word of the message.
func (t *token) wordLike() bool {
	switch t.kind {
	case tkWord, tkNumber, tkTime, tkDate, tkMoney, tkURL:
		return true
	}
	return false
}

// matchable reports whether phrase patterns may consume the token.
func (t *token) matchable() bool {
	return t.kind != tkPunct && t.kind != tkNewline
}

// tokenizer turns a draft into tokens. It owns a scratch buffer for lower-
// casing, so one tokenizer serves one goroutine at a time.
type tokenizer struct {
	lx   *lexicon
	buf  []byte
	toks []token
	// learn interns unknown words instead of giving them id 0: set while
	// compiling patterns, so every word of a pattern has an id.
	learn bool
	// hash is the fnv32 of the word in buf, and check its model.WordCheck,
	// computed by word as it fills buf.
	hash, check uint32
}

// get looks a word up: in the frozen table once compiled, in the map while
// compiling patterns.
func (tz *tokenizer) get(b []byte) (int32, bool) {
	if tz.learn || len(tz.lx.table.hashes) == 0 {
		id, ok := tz.lx.words[string(b)]
		return id, ok
	}
	return tz.lx.table.get(b)
}

// getHashed is get for a word whose fnv32 hash the caller computed.
func (tz *tokenizer) getHashed(b []byte, h uint32) (int32, bool) {
	if tz.learn || len(tz.lx.table.hashes) == 0 {
		id, ok := tz.lx.words[string(b)]
		return id, ok
	}
	return tz.lx.table.getHashed(b, h)
}

// lookup returns the id of the word in tz.buf.
func (tz *tokenizer) lookup(b []byte) int32 {
	if id, ok := tz.get(b); ok {
		if id < 0 {
			return tz.lx.contractionParts[-id-1][0]
		}
		return id
	}
	if tz.learn {
		return tz.lx.intern(string(b))
	}
	return 0
}

// tokenize appends the tokens of text to t.toks (reset first). It runs in
// one pass, linear in the input, and never fails: any byte sequence yields
// tokens (invalid UTF-8 bytes are skipped as separators).
func (tz *tokenizer) tokenize(text string) []token {
	tz.toks = tz.toks[:0]
	i := 0
	n := len(text)
	// E-mail addresses need an '@': most drafts have none, so skip the
	// address scan at every word start for them.
	hasAt := strings.IndexByte(text, '@') >= 0
	for i < n {
		c := text[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '\n' || c == '\r':
			j := i + 1
			for j < n && (text[j] == '\n' || text[j] == '\r' || text[j] == ' ' || text[j] == '\t') {
				j++
			}
			tz.toks = append(tz.toks, token{start: int32(i), end: int32(i + 1), kind: tkNewline})
			i = j
		case c >= '0' && c <= '9':
			i = tz.number(text, i)
		case isASCIILetter(c):
			if j, ok := urlAt(text, i, hasAt); ok {
				tz.toks = append(tz.toks, token{start: int32(i), end: int32(j), kind: tkURL})
				i = j
				continue
			}
			i = tz.word(text, i)
		case c == '$' || c == '#':
			if c == '$' && i+1 < n && text[i+1] >= '0' && text[i+1] <= '9' {
				j := tz.number(text, i+1)
				last := &tz.toks[len(tz.toks)-1]
				last.start = int32(i)
				last.kind = tkMoney
				i = j
				continue
			}
			i++
		case c == '[':
			// A bracketed placeholder ("[NAME]", as anonymised exports and
			// corpora write names) is one plain word, never shouting.
			if j := placeholderEnd(text, i); j > i {
				tz.toks = append(tz.toks, token{start: int32(i), end: int32(j), kind: tkWord})
				i = j
				continue
			}
			i = tz.punct(text, i)
		case c == '<' && placeholderEnd(text, i) > i:
			j := placeholderEnd(text, i)
			tz.toks = append(tz.toks, token{start: int32(i), end: int32(j), kind: tkWord})
			i = j
		case c == '&' && strings.HasPrefix(text[i:], "&lt;") && placeholderEnd(text, i) > i:
			j := placeholderEnd(text, i)
			tz.toks = append(tz.toks, token{start: int32(i), end: int32(j), kind: tkWord})
			i = j
		case c == '<' && i+1 < n && text[i+1] == '3':
			tz.emoji(text, i, i+2)
			i += 2
		case (c == ':' || c == ';' || c == '=') && i+1 < n:
			if j := emoticonEnd(text, i); j > i {
				tz.emoji(text, i, j)
				i = j
				continue
			}
			i = tz.punct(text, i)
		case c < utf8.RuneSelf:
			if isPunctByte(c) {
				i = tz.punct(text, i)
			} else {
				i++
			}
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case r == utf8.RuneError && size <= 1:
				i++ // invalid byte: a separator
			case r == '’' || r == '‘' || r == 'ʼ':
				i += size // stray apostrophe or quote
			case r == '…':
				i = tz.punct(text, i)
			case r == '£' || r == '€':
				if i+size < n && text[i+size] >= '0' && text[i+size] <= '9' {
					j := tz.number(text, i+size)
					last := &tz.toks[len(tz.toks)-1]
					last.start = int32(i)
					last.kind = tkMoney
					i = j
				} else {
					i += size
				}
			case isEmojiRune(r):
				j := emojiEnd(text, i)
				tz.emoji(text, i, j)
				i = j
			case unicode.IsLetter(r):
				i = tz.word(text, i)
			case r == '“' || r == '”' || r == '«' || r == '»' || unicode.IsSpace(r):
				i += size
			case unicode.IsPunct(r):
				i = tz.punct(text, i)
			default:
				i += size
			}
		}
	}
	return tz.toks
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isPunctByte(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', '-', '(', ')', '"', '/', '*', '&', '+', '[', ']', '{', '}', '|', '~', '_', '\'', '`', '%', '@', '^', '=', '<', '>', '\\':
		return true
	}
	return false
}

// word scans a word starting at i: letters and digits, with inner
// apostrophes (straight or curly) and inner dots for "a.m."-like forms.
// Hyphens split words ("drop-off" is drop + off).
func (tz *tokenizer) word(text string, i int) int {
	start := i
	n := len(text)
	letters, upper := 0, 0
	tz.buf = tz.buf[:0]
	// The word's hashes are taken as it is lower-cased, so neither the
	// lookup (see wordTable) nor the model need read it again.
	h, h2 := uint32(fnvOffset32), uint32(model.CheckBasis)
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIILetter(c):
				letters++
				if c <= 'Z' {
					upper++
					c |= 0x20
				}
			case c >= '0' && c <= '9':
			case c == '\'' && i+1 < n && isWordStart(text, i+1) && letters > 0:
			default:
				goto done
			}
			tz.buf = append(tz.buf, c)
			h = (h ^ uint32(c)) * fnvPrime32
			h2 = (h2 ^ uint32(c)) * fnvPrime32
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if (r == '’' || r == 'ʼ') && i+size < n && isWordStart(text, i+size) && letters > 0 {
			tz.buf = append(tz.buf, '\'')
			h = (h ^ uint32('\'')) * fnvPrime32
			h2 = (h2 ^ uint32('\'')) * fnvPrime32
			i += size
			continue
		}
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
			k := len(tz.buf)
			tz.buf = utf8.AppendRune(tz.buf, unicode.ToLower(r))
			for _, b := range tz.buf[k:] {
				h = (h ^ uint32(b)) * fnvPrime32
				h2 = (h2 ^ uint32(b)) * fnvPrime32
			}
			i += size
			continue
		}
		break
	}
done:
	tz.hash, tz.check = h|1, h2
	var flags uint16
	if letters >= 2 && upper == letters {
		flags |= flCaps
	}
	tz.emitWord(int32(start), int32(i), flags)
	return i
}

func isWordStart(text string, i int) bool {
	c := text[i]
	if c < utf8.RuneSelf {
		return isASCIILetter(c)
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r)
}

// emitWord interns the lower-cased word in tz.buf, splitting contractions
// (from the lexicon's table, then by generic suffix rules) into their parts.
func (tz *tokenizer) emitWord(start, end int32, flags uint16) {
	lx := tz.lx
	id, known := tz.getHashed(tz.buf, tz.hash)
	if known && id < 0 {
		for k, id := range lx.contractionParts[-id-1] {
			f := flags
			if k > 0 {
				f |= flContPart
			}
			tz.toks = append(tz.toks, token{start: start, end: end, id: id, kind: tkWord, flags: f, hash: tz.hash, check: tz.check})
		}
		return
	}
	if known {
		tz.toks = append(tz.toks, token{start: start, end: end, id: id, kind: tkWord, flags: tz.acronym(id, flags), hash: tz.hash, check: tz.check})
		return
	}
	if tz.learn && lastApostrophe(tz.buf) < 0 {
		tz.toks = append(tz.toks, token{start: start, end: end, id: tz.lookup(tz.buf), kind: tkWord, flags: flags, hash: tz.hash, check: tz.check})
		return
	}
	// Generic suffixes: didn't → did not, they'll → they will, Sam's → Sam.
	if k := lastApostrophe(tz.buf); k > 0 {
		base, suffix := tz.buf[:k], string(tz.buf[k:])
		var second int32 = -1
		switch suffix {
		case "'t":
			if len(base) > 1 && base[len(base)-1] == 'n' {
				base = base[:len(base)-1]
				second = lx.idNot
			}
		case "'re":
			second = lx.idAre
		case "'ve":
			second = lx.idHave
		case "'ll":
			second = lx.idWill
		case "'d":
			second = lx.idWould
		case "'m":
			second = lx.idAm
		case "'s":
			second = 0 // possessive: the base word alone
		}
		if second >= 0 {
			tz.toks = append(tz.toks, token{start: start, end: end, id: tz.lookup(base), kind: tkWord, flags: flags, hash: tz.hash, check: tz.check})
			if second > 0 {
				tz.toks = append(tz.toks, token{start: start, end: end, id: second, kind: tkWord, flags: flags | flContPart})
			}
			return
		}
	}
	var unknown int32 // a word no rule mentions
	if tz.learn {
		unknown = tz.lookup(tz.buf)
	}
	tz.toks = append(tz.toks, token{start: start, end: end, id: unknown, kind: tkWord, flags: flags, hash: tz.hash, check: tz.check})
}

func (tz *tokenizer) acronym(id int32, flags uint16) uint16 {
	if flags&flCaps != 0 && tz.lx.inClass(id, tz.lx.clsAcronym) {
		return flags&^flCaps | flAcronym
	}
	return flags
}

func lastApostrophe(b []byte) int {
	for k := len(b) - 1; k > 0; k-- {
		if b[k] == '\'' {
			return k
		}
	}
	return -1
}

// number scans digits and what follows them: times (17:30, 5pm, 5.30pm),
// dates (12/3, 12/03/26), ordinals (5th), money (50€), decimals (3.50).
func (tz *tokenizer) number(text string, i int) int {
	start := i
	n := len(text)
	i = digits(text, i)
	kind := tkNumber
	switch {
	case i+1 < n && text[i] == ':' && isDigit(text[i+1]):
		i = digits(text, i+1)
		kind = tkTime
		if i+1 < n && text[i] == ':' && isDigit(text[i+1]) {
			i = digits(text, i+1)
		}
	case i+1 < n && text[i] == '/' && isDigit(text[i+1]):
		i = digits(text, i+1)
		kind = tkDate
		if i+1 < n && text[i] == '/' && isDigit(text[i+1]) {
			i = digits(text, i+1)
		}
	case i+1 < n && (text[i] == '.' || text[i] == ',') && isDigit(text[i+1]):
		j := digits(text, i+1)
		// 5.30pm is a time; 3.50 and 1,000 are numbers.
		if k, ok := ampm(text, skipSpace(text, j)); ok && text[i] == '.' {
			tz.toks = append(tz.toks, token{start: int32(start), end: int32(k), kind: tkTime})
			return k
		}
		i = j
	}
	if k, ok := ampm(text, skipSpace(text, i)); ok && (kind == tkNumber || kind == tkTime) {
		tz.toks = append(tz.toks, token{start: int32(start), end: int32(k), kind: tkTime})
		return k
	}
	if kind == tkNumber && i+1 < n {
		// Ordinals: 1st 2nd 3rd 5th.
		s := lower2(text[i], text[i+1])
		if (s == "st" || s == "nd" || s == "rd" || s == "th") && (i+2 == n || !isASCIILetter(text[i+2])) {
			tz.toks = append(tz.toks, token{start: int32(start), end: int32(i + 2), kind: tkDate})
			return i + 2
		}
	}
	if kind == tkNumber && i < n {
		if text[i] == '%' {
			i++
		} else if r, size := utf8.DecodeRuneInString(text[i:]); r == '€' || r == '£' || r == '$' {
			tz.toks = append(tz.toks, token{start: int32(start), end: int32(i + size), kind: tkMoney})
			return i + size
		}
	}
	// Trailing letters glued to a number ("3kids", "10min") stay part of it.
	for i < n && isASCIILetter(text[i]) {
		i++
	}
	tz.toks = append(tz.toks, token{start: int32(start), end: int32(i), kind: kind})
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(text string, i int) int {
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	return i
}

func skipSpace(text string, i int) int {
	if i < len(text) && text[i] == ' ' {
		return i + 1
	}
	return i
}

func lower2(a, b byte) string {
	return string([]byte{a | 0x20, b | 0x20})
}

// ampm reports whether "am", "pm", "a.m." or "p.m." starts at i and is not
// the start of a longer word, returning the end.
func ampm(text string, i int) (int, bool) {
	n := len(text)
	if i+1 >= n {
		return i, false
	}
	c := text[i] | 0x20
	if c != 'a' && c != 'p' {
		return i, false
	}
	if text[i+1]|0x20 == 'm' {
		j := i + 2
		if j < n && (isASCIILetter(text[j]) || isDigit(text[j])) {
			return i, false
		}
		return j, true
	}
	if i+3 < n && text[i+1] == '.' && text[i+2]|0x20 == 'm' && text[i+3] == '.' {
		return i + 4, true
	}
	return i, false
}

// punct scans a run of punctuation (and the ellipsis rune) and records what
// the run means for sentence and clause boundaries and for shouting.
func (tz *tokenizer) punct(text string, i int) int {
	start := i
	n := len(text)
	var bang, quest, dots, other int
	var flags uint16
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isPunctByte(c) || c == '\'' || c == '"' || c == '(' || c == ')' || c == '@' || c == '<' {
				break
			}
			// A ":" or ";" that starts an emoticon ends the run.
			if (c == ':' || c == ';') && emoticonEnd(text, i) > i {
				break
			}
			switch c {
			case '!':
				bang++
			case '?':
				quest++
			case '.':
				dots++
			default:
				other++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '…' {
			dots += 3
			i += size
			continue
		}
		if r == '‽' {
			bang++
			quest++
			i += size
			continue
		}
		if unicode.IsPunct(r) && r != '’' && r != '‘' && r != '“' && r != '”' {
			other++
			i += size
			continue
		}
		break
	}
	if i == start {
		// A lone quote or bracket: skip it without a token.
		_, size := utf8.DecodeRuneInString(text[i:])
		return i + size
	}
	if bang > 0 {
		flags |= flExclaim | flSentEnd | flClauseEnd
	}
	if quest > 0 {
		flags |= flQuestion | flSentEnd | flClauseEnd
	}
	if bang >= 3 || quest >= 3 || (bang > 0 && quest > 0 && bang+quest >= 2) {
		flags |= flShoutPunct
	}
	if dots >= 2 {
		flags |= flEllipsis | flClauseEnd
	} else if dots == 1 && !tz.abbreviationBefore(start) {
		flags |= flSentEnd | flClauseEnd
	}
	if other > 0 && flags&flClauseEnd == 0 {
		// , ; : - and the like end a clause, not a sentence; a lone
		// hyphen or slash between words does neither.
		s := text[start:i]
		if s != "-" && s != "/" && s != "&" && s != "*" && s != "+" && s != "=" && s != "%" && s != "~" {
			flags |= flClauseEnd
		}
	}
	np := bang + quest
	if np > 0xffff {
		np = 0xffff
	}
	tz.toks = append(tz.toks, token{start: int32(start), end: int32(i), kind: tkPunct, flags: flags, npunct: uint16(np)})
	return i
}

// abbreviationBefore reports whether the word just before a '.' at pos is
// an abbreviation that does not end a sentence (Mr., e.g., a single letter).
func (tz *tokenizer) abbreviationBefore(pos int) bool {
	if len(tz.toks) == 0 {
		return false
	}
	last := &tz.toks[len(tz.toks)-1]
	if int(last.end) != pos || last.kind != tkWord {
		return false
	}
	if last.end-last.start == 1 {
		return true // initials: "J. Smith"
	}
	return tz.lx.inClass(last.id, tz.lx.clsAbbrev)
}

// emoticonEnd returns the end of an ASCII emoticon (":)", ";-)", ":'(",
// ":D", "=(") starting at i, or i when there is none.
func emoticonEnd(text string, i int) int {
	n := len(text)
	j := i + 1
	if j < n && (text[j] == '-' || text[j] == '\'') {
		j++
	}
	if j >= n {
		return i
	}
	switch text[j] {
	case ')', '(', 'D', 'P', 'p', '/', '|', '*', '[', ']':
		end := j + 1
		for end < n && text[end] == text[j] {
			end++
		}
		// ":D" glued to letters ("http:Data") is not an emoticon.
		if end < n && isASCIILetter(text[end]) {
			return i
		}
		return end
	}
	return i
}

// urlAt reports whether a URL or e-mail address starts at i and returns
// its end: "http://", "https://", "www." or (when email is true: the text
// holds an '@') a word containing '@' and '.'.
func urlAt(text string, i int, email bool) (int, bool) {
	rest := text[i:]
	if c := rest[0] | 0x20; (c == 'h' || c == 'w') && (hasPrefixFold(rest, "http://") || hasPrefixFold(rest, "https://") || hasPrefixFold(rest, "www.")) {
		return spanToSpace(text, i), true
	}
	if !email {
		return i, false
	}
	// e-mail: letters/digits/._%+- then @ then host with a dot.
	j := i
	for j < len(text) && (isASCIILetter(text[j]) || isDigit(text[j]) || text[j] == '.' || text[j] == '_' || text[j] == '+' || text[j] == '-') {
		j++
	}
	if j < len(text) && text[j] == '@' {
		k := j + 1
		dot := false
		for k < len(text) && (isASCIILetter(text[k]) || isDigit(text[k]) || text[k] == '.' || text[k] == '-') {
			if text[k] == '.' {
				dot = true
			}
			k++
		}
		if dot && k > j+2 {
			for k > j && text[k-1] == '.' {
				k--
			}
			return k, true
		}
	}
	return i, false
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		if s[k]|0x20 != prefix[k] && s[k] != prefix[k] {
			return false
		}
	}
	return true
}

func spanToSpace(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			break
		}
		i++
	}
	// Trailing sentence punctuation belongs to the sentence, not the URL.
	for i > 0 && (text[i-1] == '.' || text[i-1] == ',' || text[i-1] == '!' || text[i-1] == '?' || text[i-1] == ')') {
		i--
	}
	return i
}

// isEmojiRune reports whether r starts an emoji: the pictographic blocks,
// dingbats and regional indicators.
func isEmojiRune(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF:
		return true
	case r >= 0x2600 && r <= 0x27BF:
		return true
	case r >= 0x2B00 && r <= 0x2BFF:
		return true
	case r >= 0x2300 && r <= 0x23FF:
		return true
	case r == 0x2764 || r == 0x2763 || r == 0x203C || r == 0x2049:
		return true
	}
	return false
}

// emojiEnd returns the end of the emoji sequence starting at i: the emoji
// with its variation selectors, skin tones and ZWJ-joined parts.
func emojiEnd(text string, i int) int {
	_, size := utf8.DecodeRuneInString(text[i:])
	i += size
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == 0xFE0F || r == 0xFE0E || (r >= 0x1F3FB && r <= 0x1F3FF) || r == 0x20E3:
			i += size
		case r == 0x200D && i+size < len(text):
			r2, size2 := utf8.DecodeRuneInString(text[i+size:])
			if !isEmojiRune(r2) {
				return i
			}
			i += size + size2
		case r >= 0x1F1E6 && r <= 0x1F1FF:
			// the second regional indicator of a flag
			i += size
			return i
		default:
			return i
		}
	}
	return i
}

// emoji emits an emoji token, interned by its base form: variation
// selectors and skin tones removed, so "❤️" and "❤" are one word.
func (tz *tokenizer) emoji(text string, start, end int) {
	tz.buf = tz.buf[:0]
	for _, r := range text[start:end] {
		if r == 0xFE0F || r == 0xFE0E || (r >= 0x1F3FB && r <= 0x1F3FF) {
			continue
		}
		tz.buf = utf8.AppendRune(tz.buf, r)
	}
	tz.toks = append(tz.toks, token{start: int32(start), end: int32(end), id: tz.lookup(tz.buf), kind: tkEmoji})
}

// placeholderEnd returns the end of a placeholder starting at i — "[NAME]",
// "<DECIMAL>", "&lt;#&gt;", as anonymised exports, corpora and templates
// write them: letters, spaces, underscores or '#' in brackets, up to 32
// bytes — or i when there is none.
func placeholderEnd(text string, i int) int {
	open, closer := 1, "]"
	switch {
	case text[i] == '<':
		closer = ">"
	case strings.HasPrefix(text[i:], "&lt;"):
		open, closer = 4, "&gt;"
	}
	for j := i + open; j < len(text) && j-i <= 32; j++ {
		c := text[j]
		switch {
		case strings.HasPrefix(text[j:], closer):
			if j > i+open {
				return j + len(closer)
			}
			return i
		case isASCIILetter(c) || c == ' ' || c == '_' || c == '#':
		default:
			return i
		}
	}
	return i
}
