package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// JSON walks a JSON export token by token so that a large file is decoded
// one message at a time and an error can name the JSON path it happened at
// and, for a file that is not the JSON it should be, the line.
type JSON struct {
	Dec   *json.Decoder
	File  string
	lim   *limitReader
	lines *lineCounter
}

// NewJSON starts a walk over r, refusing input past max bytes. A UTF-8 BOM
// (Meta writes one in some exports) is skipped.
func NewJSON(r io.Reader, file string, max int64) *JSON {
	lim := &limitReader{r: r, left: max}
	lc := &lineCounter{r: &bomSkipper{r: lim}}
	dec := json.NewDecoder(lc)
	dec.UseNumber()
	return &JSON{Dec: dec, File: file, lim: lim, lines: lc}
}

// lineCounter counts the newlines handed to the decoder.
type lineCounter struct {
	r io.Reader
	n int
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// line returns the 1-based line of the input offset off, or of the
// decoder's own offset when off is not in what it holds unread: the
// newlines counted, less those it has read ahead.
func (j *JSON) line(off int64) int {
	ahead, _ := io.ReadAll(j.Dec.Buffered())
	at := j.Dec.InputOffset()
	n := j.lines.n - bytes.Count(ahead, []byte{'\n'})
	if d := off - at; d > 0 && d <= int64(len(ahead)) {
		n += bytes.Count(ahead[:d], []byte{'\n'})
	}
	return n + 1
}

// Err turns a decoding error at path into an *Error naming the path.
func (j *JSON) Err(path string, err error) error {
	var pe *Error
	if errors.As(err, &pe) {
		return err
	}
	if j.lim.over {
		return &Error{File: j.File, Path: path, Err: fmt.Errorf("file is over %d MiB: %w", j.lim.max()>>20, ErrTooLarge)}
	}
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	line := 0
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		err = errors.New("unexpected end of file: the export is truncated")
	case errors.As(err, &te):
		field := te.Field
		if field != "" {
			path += "." + field
		}
		err = fmt.Errorf("%s is a JSON %s, want %s", lastElem(path), te.Value, te.Type)
	case errors.As(err, &se):
		line = j.line(se.Offset)
		err = fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	return &Error{File: j.File, Line: line, Path: path, Err: err}
}

func lastElem(path string) string {
	if i := strings.LastIndexAny(path, ".]"); i >= 0 && path[i] == '.' {
		return path[i+1:]
	}
	return path
}

// Delim reads the delimiter want ('{', '[', '}' or ']') at path.
func (j *JSON) Delim(path string, want json.Delim) error {
	tok, err := j.Dec.Token()
	if err != nil {
		return j.Err(path, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		if path == "" && want == '{' {
			return &Error{File: j.File, Line: j.line(-1), Err: fmt.Errorf("the file starts with %v, not a JSON object", describe(tok))}
		}
		return &Error{File: j.File, Line: j.line(-1), Path: path, Err: fmt.Errorf("want %s, found %v", delimName(want), describe(tok))}
	}
	return nil
}

// Key reads an object key at path.
func (j *JSON) Key(path string) (string, error) {
	tok, err := j.Dec.Token()
	if err != nil {
		return "", j.Err(path, err)
	}
	k, ok := tok.(string)
	if !ok {
		return "", &Error{File: j.File, Line: j.line(-1), Path: path, Err: fmt.Errorf("want an object key, found %v", describe(tok))}
	}
	return k, nil
}

// Skip reads and discards the next value, which may be nested at most
// MaxDepth deep (the decoder's memory grows with the depth).
func (j *JSON) Skip(path string) error {
	depth := 0
	for {
		tok, err := j.Dec.Token()
		if err != nil {
			return j.Err(path, err)
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if depth++; depth > MaxDepth {
					return &Error{File: j.File, Path: path, Err: fmt.Errorf("values nested more than %d deep: not a chat export", MaxDepth)}
				}
			default:
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// Decode decodes the next value into v.
func (j *JSON) Decode(path string, v any) error {
	if err := j.Dec.Decode(v); err != nil {
		return j.Err(path, err)
	}
	return nil
}

// End checks that nothing but white space follows the root value.
func (j *JSON) End() error {
	if _, err := j.Dec.Token(); err != io.EOF {
		if err != nil {
			return j.Err("", err)
		}
		return &Error{File: j.File, Err: errors.New("data after the end of the JSON document")}
	}
	return nil
}

func delimName(d json.Delim) string {
	switch d {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '}':
		return "the end of the object"
	}
	return "the end of the array"
}

func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return delimName(t)
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", tok)
}

type limitReader struct {
	r     io.Reader
	left  int64
	total int64
	over  bool
}

func (l *limitReader) max() int64 { return l.total + l.left }

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a file of exactly the limit from a longer one.
		var b [1]byte
		n, _ := l.r.Read(b[:])
		if n > 0 {
			l.over = true
			return 0, fmt.Errorf("input over the limit: %w", ErrTooLarge)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	l.total += int64(n)
	return n, err
}

// bomSkipper drops a UTF-8 byte order mark at the start of the stream.
type bomSkipper struct {
	r    io.Reader
	done bool
	buf  []byte
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.done {
		b.done = true
		var head [3]byte
		n, err := io.ReadFull(b.r, head[:])
		if n == 3 && string(head[:]) == "\ufeff" {
			n = 0
		}
		b.buf = append(b.buf, head[:n]...)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return 0, err
		}
	}
	if len(b.buf) > 0 {
		n := copy(p, b.buf)
		b.buf = b.buf[n:]
		return n, nil
	}
	return b.r.Read(p)
}

// RepairMojibake undoes Meta's encoding of every UTF-8 byte of a string as
// its own \u00XX escape: when every code point of s is at most U+00FF and
// those code points, taken as bytes, are valid UTF-8, it returns the decoded
// text; otherwise s is returned unchanged (already proper Unicode, such as
// Instagram's share_text, must not be touched).
func RepairMojibake(s string) string {
	high := false
	for _, r := range s {
		if r > 0xFF {
			return s
		}
		if r >= 0x80 {
			high = true
		}
	}
	if !high {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = append(b, byte(r))
	}
	if !utf8Valid(b) {
		return s
	}
	return string(b)
}
