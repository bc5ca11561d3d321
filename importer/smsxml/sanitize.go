package smsxml

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/steadyhq/steady/importer/internal/parse"
)

// sanitizer sits between the file and encoding/xml and rewrites the two
// things the XML decoder must not see:
//
//   - media payloads: the value of every data="…" attribute (base64 MMS
//     parts, often megabytes each, hundreds of MB per backup) is dropped
//     as it streams by, keeping only its newlines so that line numbers in
//     errors stay right. The decoder would otherwise hold each whole value
//     in memory.
//   - UTF-16 surrogate pairs written as two character references
//     (&#55357;&#56396;, which other SMS apps write for emoji): XML forbids
//     them and Go's decoder silently turns each into U+FFFD, losing the
//     emoji. A high/low pair is rewritten into one reference to the code
//     point (&#128076;).
//
// It also refuses what would make the decoder hold more than the file's
// messages need: an attribute value over parse.MaxAttr, a tag over
// parse.MaxTag or with more than parse.MaxAttrs attributes, and a run of
// text, comment or CDATA over parse.MaxAttr.
type sanitizer struct {
	in  *bufio.Reader
	out []byte // processed bytes; out[off:] not yet read
	off int
	err error

	state   int
	quote   byte
	name    []byte // the attribute name being read in a tag
	lastAtt []byte // the name before '='
	valLen  int
	tagLen  int    // bytes of the current tag, media payloads aside
	nameLen int    // bytes of the name being read in a tag
	attrs   int    // attribute values in the current tag
	runLen  int    // bytes of the current text or comment/PI/CDATA
	tail    []byte // the last bytes of a comment/PI/CDATA, to find its end
	end     string // what ends the current comment/PI/CDATA/doctype
}

// maxName is the longest element or attribute name: the backup's are a
// few letters.
const maxName = 256

const (
	stText = iota
	stTag
	stValue
	stSkipValue
	stSpecial // comment, processing instruction, CDATA, doctype
)

func newSanitizer(r io.Reader) *sanitizer {
	return &sanitizer{in: bufio.NewReaderSize(r, 256<<10), out: make([]byte, 0, 64<<10)}
}

func (s *sanitizer) Read(p []byte) (int, error) {
	for s.off == len(s.out) && s.err == nil {
		s.out, s.off = s.out[:0], 0
		s.err = s.fill()
	}
	if s.off < len(s.out) {
		n := copy(p, s.out[s.off:])
		s.off += n
		return n, nil
	}
	return 0, s.err
}

// fill processes input until some output is ready.
func (s *sanitizer) fill() error {
	for len(s.out) < 32<<10 {
		if s.state == stSkipValue {
			chunk, err := s.in.ReadSlice(s.quote)
			for n := bytes.Count(chunk, []byte{'\n'}); n > 0; n-- {
				s.out = append(s.out, '\n')
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				return err
			}
			s.out = append(s.out, s.quote)
			s.state = stTag
			continue
		}
		c, err := s.in.ReadByte()
		if err != nil {
			return err
		}
		switch s.state {
		case stText:
			switch c {
			case '<':
				s.out = append(s.out, c)
				s.runLen = 0
				if err := s.openTag(); err != nil {
					return err
				}
				continue
			case '&':
				if err := s.reference(); err != nil {
					return err
				}
				continue
			}
			s.out = append(s.out, c)
			if s.runLen++; s.runLen > parse.MaxAttr {
				return fmt.Errorf("text between elements longer than %d MiB", parse.MaxAttr>>20)
			}
		case stTag:
			s.out = append(s.out, c)
			if s.tagLen++; s.tagLen > parse.MaxTag {
				return fmt.Errorf("a tag longer than %d MiB", parse.MaxTag>>20)
			}
			switch {
			case c == '>':
				s.state = stText
			case c == '"' || c == '\'':
				s.quote, s.valLen = c, 0
				if s.attrs++; s.attrs > parse.MaxAttrs {
					return fmt.Errorf("an element with more than %d attributes", parse.MaxAttrs)
				}
				if string(s.lastAtt) == "data" {
					s.state = stSkipValue
				} else {
					s.state = stValue
				}
			case c == '=' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/':
				// A name ends here; "data = '…'" still counts as data.
				if len(s.name) > 0 {
					s.lastAtt = append(s.lastAtt[:0], s.name...)
				}
				s.name, s.nameLen = s.name[:0], 0
			default:
				if len(s.name) < 64 {
					s.name = append(s.name, c)
				}
				if s.nameLen++; s.nameLen > maxName {
					return fmt.Errorf("an element or attribute name longer than %d bytes", maxName)
				}
			}
		case stValue:
			s.tagLen++
			if c == '&' {
				if err := s.reference(); err != nil {
					return err
				}
				s.valLen += 8
			} else {
				s.out = append(s.out, c)
				s.valLen++
				if c == s.quote {
					s.state = stTag
					s.lastAtt = s.lastAtt[:0]
				}
			}
			if s.valLen > parse.MaxAttr {
				return fmt.Errorf("an attribute %q is longer than %d MiB", brief(string(s.lastAtt), 40), parse.MaxAttr>>20)
			}
			if s.tagLen > parse.MaxTag {
				return fmt.Errorf("a tag longer than %d MiB", parse.MaxTag>>20)
			}
		case stSpecial:
			s.out = append(s.out, c)
			if s.runLen++; s.runLen > parse.MaxAttr {
				return fmt.Errorf("a comment, CDATA section or declaration longer than %d MiB", parse.MaxAttr>>20)
			}
			s.tail = append(s.tail, c)
			if len(s.tail) > len(s.end) {
				s.tail = s.tail[1:]
			}
			if string(s.tail) == s.end {
				s.state, s.runLen = stText, 0
			}
		}
	}
	return nil
}

// openTag runs after '<' and tells a tag from a comment, a processing
// instruction, CDATA or a doctype, whose content is copied unchanged.
func (s *sanitizer) openTag() error {
	head, _ := s.in.Peek(8)
	s.tail = s.tail[:0]
	s.name, s.lastAtt = s.name[:0], s.lastAtt[:0]
	s.tagLen, s.attrs, s.runLen, s.nameLen = 0, 0, 0, 0
	switch {
	case bytes.HasPrefix(head, []byte("!--")):
		s.state, s.end = stSpecial, "-->"
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		s.state, s.end = stSpecial, "]]>"
	case bytes.HasPrefix(head, []byte("?")):
		s.state, s.end = stSpecial, "?>"
	case bytes.HasPrefix(head, []byte("!")):
		s.state, s.end = stSpecial, ">"
	default:
		s.state = stTag
		return nil
	}
	// Copy the opening so that "<!-->" cannot end where it starts.
	n := len(s.end)
	if s.end == ">" {
		n = 1
	} else if s.end == "]]>" {
		n = 8
	} else if s.end == "?>" {
		n = 1
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(s.in, b); err != nil {
		return err
	}
	s.out = append(s.out, b...)
	return nil
}

// reference runs after '&': a pair of surrogate references becomes one
// reference to the code point; anything else is copied as it is.
func (s *sanitizer) reference() error {
	look, _ := s.in.Peek(24)
	hi, n1 := charRef(look)
	if n1 > 0 && hi >= 0xD800 && hi <= 0xDBFF && n1 < len(look) && look[n1] == '&' {
		lo, n2 := charRef(look[n1+1:])
		if n2 > 0 && lo >= 0xDC00 && lo <= 0xDFFF {
			r := 0x10000 + (hi-0xD800)<<10 + (lo - 0xDC00)
			if _, err := s.in.Discard(n1 + 1 + n2); err != nil {
				return err
			}
			s.out = append(s.out, "&#"...)
			s.out = strconv.AppendInt(s.out, int64(r), 10)
			s.out = append(s.out, ';')
			return nil
		}
	}
	s.out = append(s.out, '&')
	return nil
}

// charRef parses "#NNN;" or "#xHHHH;" (the text after '&') and returns the
// value and the bytes used, or 0 bytes when b does not start with one.
func charRef(b []byte) (int, int) {
	if len(b) < 3 || b[0] != '#' {
		return 0, 0
	}
	i, base := 1, 10
	if b[1] == 'x' || b[1] == 'X' {
		i, base = 2, 16
	}
	v, digits := 0, 0
	for ; i < len(b) && digits < 8; i++ {
		c := b[i]
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		case c == ';' && digits > 0:
			return v, i + 1
		default:
			return 0, 0
		}
		v = v*base + d
		digits++
	}
	return 0, 0
}
