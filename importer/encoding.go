package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Exports are UTF-8, but files pass through editors and tools that save
// them otherwise. The parsers see UTF-8 only: a file in UTF-16 with a byte
// order mark (Windows editors, a few export helpers) is decoded, whatever
// its format; a JSON or CSV file that is not UTF-8 but whose first bytes
// past ASCII are no UTF-8 at all is read as Windows-1252 (which Latin-1
// files are too, the C1 controls aside). Chat.Encoding and Chat.Notes say
// which. WhatsApp and SMS exports are written by the apps themselves in
// UTF-8: invalid UTF-8 there is damage, an error naming the line.

// Encodings the importer converts from.
const (
	UTF16LE     = "UTF-16LE"
	UTF16BE     = "UTF-16BE"
	Windows1252 = "Windows-1252"
)

// encoded is what decode hands the parser: the UTF-8 text; after the parse
// the encoding it was read in ("" for UTF-8), and the decoding error that
// stopped it, if any (a *ParseError with the line, not yet the file).
type encoded struct {
	io.Reader
	name func() string
	err  func() error
}

// decode returns r as UTF-8. Text formats (JSON, CSV) that are not UTF-8
// fall back to Windows-1252 when fallback is set.
func decode(br *bufio.Reader, fallback bool) encoded {
	head, _ := br.Peek(2)
	if be := bytes.HasPrefix(head, []byte{0xFE, 0xFF}); be || bytes.HasPrefix(head, []byte{0xFF, 0xFE}) {
		br.Discard(2)
		u := &utf16Reader{r: br, be: be}
		name := UTF16LE
		if be {
			name = UTF16BE
		}
		return encoded{u, func() string { return name }, func() error { return decodeErr(u.err) }}
	}
	if fallback {
		c := &cp1252Reader{r: br, line: 1}
		return encoded{c, func() string {
			if c.legacy {
				return Windows1252
			}
			return ""
		}, func() error { return decodeErr(c.err) }}
	}
	return encoded{br, func() string { return "" }, func() error { return nil }}
}

// decodeErr keeps a decoding error (a *ParseError) and drops the reader's
// own end or failure, which the parser reports.
func decodeErr(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

// decodeUTF16Head returns head as UTF-8 when it is UTF-16 with a BOM, so
// that detection reads it.
func decodeUTF16Head(head []byte) []byte {
	var be bool
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		be = true
	default:
		return head
	}
	b, _ := io.ReadAll(&utf16Reader{r: bytes.NewReader(head[2 : len(head)&^1]), be: be, lenient: true})
	return b
}

// utf16Reader turns UTF-16 into UTF-8 as it streams. A lone surrogate or
// an odd last byte is an error naming the line, unless lenient (detection,
// which sees a cut-off head).
type utf16Reader struct {
	r       io.Reader
	be      bool
	lenient bool
	in      [16 << 10]byte
	n       int // bytes of in not yet decoded
	out     []byte
	line    int // newlines decoded, for errors
	err     error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 && u.err == nil {
		u.fill()
	}
	if len(u.out) > 0 {
		n := copy(p, u.out)
		u.out = u.out[n:]
		return n, nil
	}
	return 0, u.err
}

func (u *utf16Reader) fill() {
	m, err := u.r.Read(u.in[u.n:])
	u.n += m
	buf := u.in[:u.n]
	out := u.out[:0]
	i := 0
	for ; i+1 < len(buf); i += 2 {
		c := u.unit(buf[i:])
		switch {
		case utf16.IsSurrogate(rune(c)):
			if i+3 >= len(buf) && err == nil {
				goto keep // the pair's second half is still to come
			}
			if c < 0xDC00 && i+3 < len(buf) {
				if lo := u.unit(buf[i+2:]); lo >= 0xDC00 && lo <= 0xDFFF {
					out = utf8.AppendRune(out, utf16.DecodeRune(rune(c), rune(lo)))
					i += 2
					continue
				}
			}
			if !u.lenient {
				u.out, u.err = out, &ParseError{Line: u.line + 1, Err: fmt.Errorf("invalid UTF-16 (a lone surrogate 0x%04X): the file is damaged", c)}
				return
			}
			out = utf8.AppendRune(out, utf8.RuneError)
		default:
			if c == '\n' {
				u.line++
			}
			out = utf8.AppendRune(out, rune(c))
		}
	}
keep:
	u.n = copy(u.in[:], buf[i:])
	u.out = out
	if err != nil {
		if err == io.EOF && u.n > 0 && !u.lenient {
			err = &ParseError{Line: u.line + 1, Err: errors.New("UTF-16 with an odd number of bytes: the file is truncated")}
		}
		u.err = err
	}
}

func (u *utf16Reader) unit(b []byte) uint16 {
	if u.be {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}

// cp1252Reader passes UTF-8 through and checks it as it streams. At the
// first byte that is no UTF-8, a file that so far held ASCII only is read
// as Windows-1252 from there on (its ASCII start reads the same either
// way); one that already held UTF-8 past ASCII mixes encodings, an error
// naming the line.
type cp1252Reader struct {
	r      io.Reader
	in     [16 << 10]byte
	n      int // bytes of in not yet passed on (a sequence cut by the read)
	out    []byte
	line   int
	utf8   bool // a valid sequence past ASCII was seen
	legacy bool // reading as Windows-1252
	err    error
}

// errMixed is wrapped by the error of a file that is partly UTF-8.
var errMixed = errors.New("invalid UTF-8 in a file that is UTF-8 elsewhere")

func (c *cp1252Reader) Read(p []byte) (int, error) {
	for len(c.out) == 0 && c.err == nil {
		c.fill()
	}
	if len(c.out) > 0 {
		n := copy(p, c.out)
		c.out = c.out[n:]
		return n, nil
	}
	return 0, c.err
}

func (c *cp1252Reader) fill() {
	m, err := c.r.Read(c.in[c.n:])
	c.n += m
	buf := c.in[:c.n]
	out := c.out[:0]
	i := 0
	for i < len(buf) {
		b := buf[i]
		if b == '\n' {
			c.line++
		}
		if b < utf8.RuneSelf {
			out = append(out, b)
			i++
			continue
		}
		if c.legacy {
			out = utf8.AppendRune(out, cp1252[b-0x80])
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) && err == nil {
			break // the rest of the sequence is still to come
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r != utf8.RuneError || size > 1 {
			c.utf8 = true
			out = append(out, buf[i:i+size]...)
			i += size
			continue
		}
		if c.utf8 {
			c.out, c.err = out, &ParseError{Line: c.line, Err: fmt.Errorf("%w (byte 0x%02X); save the file as UTF-8", errMixed, b)}
			return
		}
		c.legacy = true
	}
	c.n = copy(c.in[:], buf[i:])
	c.out = out
	if err != nil {
		c.err = err
	}
}

// cp1252 maps the bytes 0x80–0xFF of Windows-1252 to Unicode; the five
// bytes it leaves undefined map to the C1 controls, as Latin-1 reads them.
var cp1252 = [128]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
	0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
	0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
	0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
}
