package whatsapp

import (
	"unicode/utf8"

	"github.com/steadyhq/steady/importer/internal/parse"
)

// A header is the timestamp that starts every message line, in one of the
// many shapes WhatsApp writes depending on the phone's platform, region and
// language. The scanner below reads them by hand: it is several times
// faster than a regular expression per line and says exactly which shapes
// it accepts.
//
//	18/03/2022, 14:56 - Name: text          Android
//	18.03.22 14:56 - Name: text             Android, no comma
//	3/6/18, 1:55 p. m. - Name: text         Android, 12 h
//	13.06.18 21.25.15: Name: text           colon instead of dash
//	13.6.2018 klo 21.25.15 - Name: text     Finnish
//	13. 6. 2018. 21:25:15 Name: text        no separator at all
//	[3/27/22, 21:41:35] Name: text          iPhone
//	[21:41:35, 3/27/22] Name: text          iPhone, time first (vi)
//	[3/18/2565 BE, 14:56:01] …              Buddhist year
//	[3/18/R4, 14:56:01] …                   Japanese era year
//	[٢٧/٣/٢٠٢٢، ٩:٤١:٣٥ م] …                Arabic-Indic digits, Arabic comma
//
// Bidi marks, no-break and narrow no-break spaces may appear anywhere
// between the parts and are skipped.

// style is the shape of a file's headers. The first header of a file fixes
// it; a later line is a header only in the same shape, so that a
// continuation line which merely looks like a date ("2016-04-29 10:30:00")
// stays text.
type style struct {
	bracket   bool
	timeFirst bool
	dsep      byte // date separator: '/', '.', '-'
	tsep      byte // time separator: ':' or '.'
	tail      byte // '-' (" - "), ':' (": "), ' ' (bare), ']' (bracket)
	mer       bool // 12-hour clock with an AM/PM marker
}

// header is one scanned header. Date fields are kept as written: which is
// the day and which the month is decided for the whole file later.
type header struct {
	y       int  // the year, resolved (4-digit, 2-digit + 2000, era, BE)
	p, q    int  // the other two date fields in the order written
	yfirst  bool // the year came first: p is the month, q the day
	h, m, s int
	style   style
	body    int // offset of the text after the header
}

const (
	amMark = 1
	pmMark = 2
)

// scanHeader reads a header at the start of line. want, when not nil, is
// the file's style: the line must have the same shape, and an AM/PM marker
// is looked for only if the style has one.
func scanHeader(line []byte, want *style, h *header) bool {
	return scan(line, want, h, true)
}

// sameShape reports whether a header of style got belongs to a file of
// style want all the same: everything but the AM/PM marker agrees. Some
// exports write a marker on a few lines of a 24-hour file or leave it out
// of a 12-hour one ("1/29/18, 23:59 PM").
func sameShape(got, want style) bool {
	got.mer = want.mer
	return got == want
}

// headerShape reports whether line has the shape of a header of the
// file's style (or of any style when want is nil) while its numbers need
// not make a date and time: an hour of 25, a minute of 61, a day of 40.
// Such a line is a message WhatsApp wrote and steady cannot read, never a
// continuation of the message before it.
func headerShape(line []byte, want *style) bool {
	var h header
	if !scan(line, nil, &h, false) {
		return false
	}
	return want == nil || sameShape(h.style, *want)
}

// scan is scanHeader; with strict false the numbers are not checked.
func scan(line []byte, want *style, h *header, strict bool) bool {
	i := skipMarks(line, 0)
	var st style
	if i < len(line) && line[i] == '[' {
		st.bracket = true
		i = skipSpace(line, i+1)
	}
	if want != nil && want.bracket != st.bracket {
		return false
	}
	allowMer := want == nil || want.mer
	var d date
	var ok bool
	var mer int
	if j, ok1 := scanDate(line, i, &d); ok1 {
		st.dsep = d.sep
		i = skipDateTimeSep(line, j)
		i, mer, ok = scanTime(line, i, h, &st, allowMer, strict)
		if !ok {
			return false
		}
	} else {
		st.timeFirst = true
		i, mer, ok = scanTime(line, i, h, &st, allowMer, strict)
		if !ok {
			return false
		}
		i = skipSpace(line, i)
		if i < len(line) && line[i] == ',' {
			i++
		} else if hasAt(line, i, "\u060c") {
			i += 2
		}
		i = skipSpace(line, i)
		j, ok1 := scanDate(line, i, &d)
		if !ok1 {
			return false
		}
		st.dsep = d.sep
		i = j
	}
	st.mer = mer != 0
	// The tail between header and body.
	if st.bracket {
		i = skipSpace(line, i)
		if i >= len(line) || line[i] != ']' {
			return false
		}
		i++
		if i < len(line) && line[i] == ' ' {
			i++
		}
		st.tail = ']'
	} else {
		switch {
		case hasAt(line, i, " - "):
			i += 3
			st.tail = '-'
		case hasAt(line, i, " \u2013 "): // en dash, seen in some locales
			i += 5
			st.tail = '-'
		case hasAt(line, i, ": "):
			i += 2
			st.tail = ':'
		case hasAt(line, i, " "):
			i++
			st.tail = ' '
		default:
			return false
		}
	}
	if want != nil && st != *want {
		return false
	}
	// Hours: with a marker 0..12 (WhatsApp writes "00:08 a. m."); an hour
	// past 12 with a marker is read as the 24-hour time it already is
	// ("23:59 PM" is 23:59). Without a marker 0..23.
	switch {
	case h.h > 23:
		if strict {
			return false
		}
	case mer == amMark && h.h == 12:
		h.h = 0
	case mer == pmMark && h.h < 12:
		h.h += 12
	}
	if !d.resolve(h, strict) {
		return false
	}
	h.style = st
	h.body = i
	return true
}

type date struct {
	n   [3]int
	nd  [3]int // digits written
	era [3]byte
	sep byte
}

// scanDate reads three numbers joined by one separator ('/', '.' or '-'),
// each separator optionally followed by spaces, and a trailing dot when the
// separator is a dot ("13. 6. 2018.").
func scanDate(s []byte, i int, d *date) (int, bool) {
	for k := 0; k < 3; k++ {
		if k > 0 {
			i = skipMarks(s, i)
			if i >= len(s) {
				return i, false
			}
			c := s[i]
			if k == 1 {
				if c != '/' && c != '.' && c != '-' {
					return i, false
				}
				d.sep = c
			} else if c != d.sep {
				return i, false
			}
			i = skipSpace(s, i+1)
		}
		d.era[k] = 0
		if i+1 < len(s) && isEra(s[i]) && isASCIIDigit(s[i+1]) {
			d.era[k] = s[i]
			i++
		}
		v, n, j := scanNum(s, i, 4)
		if n == 0 {
			return i, false
		}
		d.n[k], d.nd[k] = v, n
		i = skipMarks(s, j)
		if hasAt(s, i, " BE") {
			d.era[k] = 'B'
			i += 3
		}
	}
	if d.sep == '.' && i < len(s) && s[i] == '.' {
		i++
	}
	return i, true
}

func isEra(c byte) bool {
	switch c {
	case 'R', 'H', 'S', 'T', 'M':
		return true
	}
	return false
}

// resolve finds the year among the three fields and stores the other two
// in h.p, h.q, leaving the day/month question to the whole file. With
// strict false only the shape is checked (one year field, the others of
// one or two digits), not the ranges.
func (d *date) resolve(h *header, strict bool) bool {
	yi := -1
	for k := 0; k < 3; k++ {
		if d.era[k] != 0 || d.nd[k] == 4 {
			if yi >= 0 {
				return false
			}
			yi = k
		} else if d.nd[k] > 2 {
			return false
		}
	}
	if yi < 0 {
		yi = 2
	}
	y := d.n[yi]
	switch d.era[yi] {
	case 0:
		if d.nd[yi] <= 2 {
			y += 2000
		}
	case 'B': // Thai Buddhist era
		y -= 543
	case 'R': // Reiwa
		y += 2018
	case 'H': // Heisei
		y += 1988
	case 'S': // Showa
		y += 1925
	case 'T': // Taisho
		y += 1911
	case 'M': // Meiji
		y += 1867
	}
	if strict && (y < 1970 || y > 2200) {
		return false
	}
	var rest [2]int
	r := 0
	for k := 0; k < 3; k++ {
		if k != yi {
			rest[r] = d.n[k]
			r++
		}
	}
	h.y, h.p, h.q, h.yfirst = y, rest[0], rest[1], yi == 0
	if !strict {
		return true
	}
	if h.p < 1 || h.q < 1 || h.p > 31 || h.q > 31 || (h.p > 12 && h.q > 12) {
		return false
	}
	if h.yfirst && h.p > 12 {
		return false
	}
	return true
}

// skipDateTimeSep skips what stands between date and time: a comma (Latin
// or Arabic), spaces, and a word such as Finnish "klo".
func skipDateTimeSep(s []byte, i int) int {
	i = skipSpace(s, i)
	if i < len(s) && s[i] == ',' {
		i++
	} else if hasAt(s, i, "\u060c") {
		i += 2
	}
	i = skipSpace(s, i)
	for _, w := range [...]string{"klo ", "kl. ", "um ", "à ", "at "} {
		if hasAt(s, i, w) {
			return skipSpace(s, i+len(w))
		}
	}
	return i
}

// scanTime reads h:mm[:ss] with ':' or '.' and an optional AM/PM marker
// before (CJK, Korean) or after it. With strict false, minutes and seconds
// are any two digits.
func scanTime(s []byte, i int, h *header, st *style, allowMer, strict bool) (int, int, bool) {
	mer := 0
	if allowMer {
		if m, j := prefixMeridiem(s, i); m != 0 {
			mer, i = m, skipSpace(s, j)
		}
	}
	v, n, j := scanNum(s, i, 2)
	if n == 0 {
		return i, 0, false
	}
	h.h = v
	i = j
	if i >= len(s) || (s[i] != ':' && s[i] != '.') {
		return i, 0, false
	}
	st.tsep = s[i]
	v, n, j = scanNum(s, i+1, 2)
	if n != 2 || (strict && v > 59) {
		return i, 0, false
	}
	h.m, h.s = v, 0
	i = j
	if i < len(s) && s[i] == st.tsep {
		v, n, j = scanNum(s, i+1, 2)
		if n == 2 && (!strict || v <= 59) {
			h.s = v
			i = j
		}
	}
	if allowMer && mer == 0 {
		k := skipSpace(s, i)
		if m, j := suffixMeridiem(s, k); m != 0 {
			mer, i = m, j
		}
	}
	return i, mer, true
}

// suffixMeridiem reads an AM/PM marker written after the time: "AM", "pm",
// "a.m.", "p. m." (with a space or no-break space inside), Arabic ص/م,
// Greek π.μ./μ.μ., CJK 上午/下午/午前/午後, Korean 오전/오후. The marker
// must end the token, so that "a: m" (a sender named "a") is no marker.
func suffixMeridiem(s []byte, i int) (int, int) {
	if i >= len(s) {
		return 0, i
	}
	var m int
	j := i
	switch c := s[i]; c {
	case 'a', 'A', 'p', 'P':
		m = amMark
		if c == 'p' || c == 'P' {
			m = pmMark
		}
		j++
		if j < len(s) && s[j] == '.' {
			j++
		}
		j = skipSpace(s, j)
		if j >= len(s) || (s[j] != 'm' && s[j] != 'M') {
			return 0, i
		}
		j++
		if j < len(s) && s[j] == '.' {
			j++
		}
	default:
		if m, j = multiByteMeridiem(s, i); m == 0 {
			return 0, i
		}
	}
	if j < len(s) {
		r, _ := utf8.DecodeRune(s[j:])
		if !(r == ' ' || r == ']' || r == ',' || r == 0xA0 || r == 0x202F || parse.IsMark(r)) {
			return 0, i
		}
	}
	return m, j
}

func prefixMeridiem(s []byte, i int) (int, int) {
	if i < len(s) && s[i] >= 0x80 {
		return multiByteMeridiem(s, i)
	}
	return 0, i
}

func multiByteMeridiem(s []byte, i int) (int, int) {
	for _, mk := range [...]struct {
		text string
		mer  int
	}{
		{"\u0635", amMark}, {"\u0645", pmMark}, // Arabic ص / م
		{"π.μ.", amMark}, {"μ.μ.", pmMark},
		{"上午", amMark}, {"下午", pmMark}, {"午前", amMark}, {"午後", pmMark},
		{"오전", amMark}, {"오후", pmMark},
	} {
		if hasAt(s, i, mk.text) {
			return mk.mer, i + len(mk.text)
		}
	}
	return 0, i
}

// scanNum reads up to max decimal digits (ASCII or the native digits of
// Arabic, Persian, Devanagari, Bengali and Thai, which exports in those
// locales write) and returns the value, the count and the next offset.
func scanNum(s []byte, i, max int) (v, n, next int) {
	for n < max && i < len(s) {
		c := s[i]
		if c >= '0' && c <= '9' {
			v = v*10 + int(c-'0')
			i++
			n++
			continue
		}
		if c < 0x80 {
			break
		}
		r, size := utf8.DecodeRune(s[i:])
		dv := nativeDigit(r)
		if dv < 0 {
			break
		}
		v = v*10 + dv
		i += size
		n++
	}
	return v, n, i
}

func nativeDigit(r rune) int {
	for _, zero := range [...]rune{0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10} {
		if r >= zero && r <= zero+9 {
			return int(r - zero)
		}
	}
	return -1
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

func hasAt(s []byte, i int, p string) bool {
	return i <= len(s) && len(s)-i >= len(p) && string(s[i:i+len(p)]) == p
}

// skipMarks skips invisible marks.
func skipMarks(s []byte, i int) int {
	for i < len(s) && s[i] >= 0x80 {
		n := parse.MarkLenBytes(s[i:])
		if n == 0 {
			break
		}
		i += n
	}
	return i
}

// skipSpace skips spaces, no-break spaces (U+00A0, U+202F) and marks.
func skipSpace(s []byte, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ':
			i++
		case hasAt(s, i, "\u00a0"):
			i += 2
		case hasAt(s, i, "\u202f"):
			i += 3
		default:
			n := parse.MarkLenBytes(s[i:])
			if n == 0 {
				return i
			}
			i += n
		}
	}
	return i
}
