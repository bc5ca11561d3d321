// Package parse holds what every chat-export parser of steady shares: the
// error that names the file and line (or JSON path / XML element), the size
// limits, whole-input reading with a limit, UTF-8 checks, the removal of
// bidi marks, and the matcher for localized placeholder texts.
//
// It lives under importer/internal so that the format subpackages and the
// importer package can both use it without an import cycle; the importer
// package re-exports ParseError.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits. They exist so that a hostile or broken file fails with a clear
// error instead of exhausting memory; real exports are far below them.
const (
	// MaxLine is the longest line (a message header line or continuation)
	// a text format may hold.
	MaxLine = 1 << 20
	// MaxText is the largest text input (WhatsApp .txt, CSV) read whole.
	MaxText = 512 << 20
	// MaxJSON is the largest JSON export (Telegram, Messenger) accepted.
	MaxJSON = 512 << 20
	// MaxAttr is the longest XML attribute value kept, media payloads
	// (which are skipped unread) aside, and the longest run of text,
	// comment or CDATA between two tags.
	MaxAttr = 4 << 20
	// MaxTag is the longest XML tag (its name and attributes), media
	// payloads aside, and MaxAttrs the most attributes one element has.
	MaxTag   = 2 * MaxAttr
	MaxAttrs = 256
	// MaxDepth is the deepest an XML element or a JSON value may be
	// nested. An SMS backup is four levels deep, a chat export's JSON a
	// dozen; a file nested deeper is not an export, and the parsers'
	// memory grows with the depth.
	MaxDepth = 64
	// MaxZipRatio is the most a chat's text may grow when unpacked from
	// a .zip (past its first MiB): text compresses about 5 to 1, a zip
	// bomb a thousand to 1.
	MaxZipRatio = 100
)

// Error is the error of a parser: it names the file and the line, or the
// JSON path or XML element when there is no useful line.
type Error struct {
	File string // the file name as given in the options; may be empty
	Line int    // 1-based; 0 when unknown
	Path string // JSON path ("messages[3].text") or XML element; may be empty
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("import")
	if e.File != "" {
		b.WriteString(" ")
		b.WriteString(e.File)
	}
	switch {
	case e.Line > 0 && e.Path != "":
		b.WriteString(" line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(" (")
		b.WriteString(e.Path)
		b.WriteString(")")
	case e.Line > 0:
		b.WriteString(" line ")
		b.WriteString(strconv.Itoa(e.Line))
	case e.Path != "":
		b.WriteString(" at ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid input")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error for file and line with a formatted cause.
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// PathErrorf builds an *Error for file at a JSON path or XML element.
func PathErrorf(file, path string, format string, args ...any) *Error {
	return &Error{File: file, Path: path, Err: fmt.Errorf(format, args...)}
}

// Unread is a part of a file that could not be read and was left out of
// an import, so that the import can say so: a message whose header line
// holds no possible date or time (Line, and Last when continuation lines
// went with it), or an element at Path in formats without useful lines.
type Unread struct {
	File       string // set by the importer
	Line, Last int
	Path       string
	Why        string
}

// ErrTooLarge is wrapped by the errors of inputs over a limit.
var ErrTooLarge = errors.New("too large")

// ReadAll reads r whole into a string, failing with an *Error wrapping
// ErrTooLarge past max bytes. sizeHint (0 when unknown) presizes the buffer
// so that a file read from disk is copied once. The result is a string so
// that parsers can hand out substrings of it without copying every message.
func ReadAll(r io.Reader, file string, max int64, sizeHint int64) (string, error) {
	var b strings.Builder
	if sizeHint > 0 && sizeHint <= max {
		b.Grow(int(sizeHint) + 1)
	}
	n, err := io.Copy(&b, io.LimitReader(r, max+1))
	if err != nil {
		return "", &Error{File: file, Err: fmt.Errorf("read: %w", err)}
	}
	if n > max {
		return "", &Error{File: file, Err: fmt.Errorf("file is over %d MiB: %w", max>>20, ErrTooLarge)}
	}
	return b.String(), nil
}

// CheckText returns an *Error naming the line of the first invalid UTF-8
// sequence or NUL byte in s, or nil. A BOM-less UTF-16 file fails here too.
func CheckText(s, file string) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return NULError(file, 1+strings.Count(s[:i], "\n"), i-strings.LastIndexByte(s[:i], '\n'))
	}
	if utf8.ValidString(s) {
		return nil
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			line := 1 + strings.Count(s[:i], "\n")
			return Errorf(file, line, "invalid UTF-8 (byte 0x%02x at column %d); save the export as UTF-8", s[i], i-strings.LastIndexByte(s[:i], '\n'))
		}
		i += size
	}
	return nil
}

// NULError is the error of a NUL byte at line and column of a text file:
// text never holds one, and steady refuses it in a draft too.
func NULError(file string, line, col int) *Error {
	return Errorf(file, line, "a NUL byte at column %d: the file is damaged, or it is UTF-16 without a byte order mark; save it as UTF-8", col)
}

// IsMark reports whether r is an invisible formatting mark that exports
// sprinkle into headers, names and texts: LRM/RLM, the bidi embeddings and
// overrides, the bidi isolates, the Arabic letter mark and the BOM / zero
// width no-break space.
func IsMark(r rune) bool {
	switch {
	case r == 0x200E, r == 0x200F, r == 0x061C, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// MarkLen returns the byte length of the mark starting s, or 0.
func MarkLen(s string) int {
	if len(s) >= 3 {
		switch s[0] {
		case 0xE2:
			if s[1] == 0x80 && (s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE)) {
				return 3
			}
			if s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9 {
				return 3
			}
		case 0xEF:
			if s[1] == 0xBB && s[2] == 0xBF {
				return 3
			}
		}
	}
	if len(s) >= 2 && s[0] == 0xD8 && s[1] == 0x9C {
		return 2
	}
	return 0
}

// hasMarkByte is a cheap pre-check: every mark starts with 0xE2, 0xEF or
// 0xD8, so a string without these bytes has no mark.
func hasMarkByte(s string) bool {
	return strings.IndexByte(s, 0xE2) >= 0 || strings.IndexByte(s, 0xEF) >= 0 || strings.IndexByte(s, 0xD8) >= 0
}

// StripMarks removes every IsMark rune from s. It returns s itself (no
// allocation) when there is none.
func StripMarks(s string) string {
	if !hasMarkByte(s) {
		return s
	}
	first := -1
	for i := 0; i < len(s); i++ {
		if MarkLen(s[i:]) > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		if n := MarkLen(s[i:]); n > 0 {
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// CleanName normalizes a sender name as shown by an export: marks and NUL
// characters removed, no-break spaces turned into spaces, runs of spaces
// collapsed, trimmed.
func CleanName(s string) string {
	s = StripMarks(s)
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if isPlainName(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == 0xA0 || r == 0x202F || r == 0x2007 || r == '\t' || r == '\r' || r == '\n' {
			r = ' '
		}
		if r == ' ' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isPlainName reports whether s needs no work from CleanName: no leading,
// trailing or double spaces and no byte that could start a special space.
func isPlainName(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t', '\r', '\n', 0xC2, 0xE2:
			return false
		case ' ':
			if s[i+1] == ' ' {
				return false
			}
		}
	}
	return true
}

// CleanText normalizes a message text: marks and NUL characters (which a
// JSON string can escape) removed, CRLF turned into LF, surrounding white
// space trimmed.
func CleanText(s string) string {
	s = StripMarks(s)
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	return strings.TrimSpace(s)
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) }

// MarkLenBytes is MarkLen on a byte slice.
func MarkLenBytes(b []byte) int {
	if len(b) >= 3 {
		switch b[0] {
		case 0xE2:
			if b[1] == 0x80 && (b[2] == 0x8E || b[2] == 0x8F || (b[2] >= 0xAA && b[2] <= 0xAE)) {
				return 3
			}
			if b[1] == 0x81 && b[2] >= 0xA6 && b[2] <= 0xA9 {
				return 3
			}
		case 0xEF:
			if b[1] == 0xBB && b[2] == 0xBF {
				return 3
			}
		}
	}
	if len(b) >= 2 && b[0] == 0xD8 && b[1] == 0x9C {
		return 2
	}
	return 0
}

// CleanBytes is CleanText done in place on b (marks removed, CRLF turned
// into LF, white space trimmed); it returns the cleaned part of b.
func CleanBytes(b []byte) []byte {
	if bytes.IndexByte(b, 0xE2) >= 0 || bytes.IndexByte(b, 0xEF) >= 0 || bytes.IndexByte(b, 0xD8) >= 0 || bytes.IndexByte(b, '\r') >= 0 {
		w := 0
		for i := 0; i < len(b); {
			if n := MarkLenBytes(b[i:]); n > 0 {
				i += n
				continue
			}
			if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
				i++
				continue
			}
			b[w] = b[i]
			w++
			i++
		}
		b = b[:w]
	}
	return bytes.TrimSpace(b)
}
