package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/steadyhq/steady/importer/internal/parse"
)

// Some tools (Windows editors, a few export helpers) save text as UTF-16
// with a byte order mark. Text formats are decoded to UTF-8 here so that
// the parsers see one encoding; JSON and XML name their own.

func utf16Order(head []byte) (bigEndian, ok bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return false, true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return true, true
	}
	return false, false
}

// decodeUTF16Head returns head as UTF-8 when it is UTF-16 with a BOM, so
// that detection reads it.
func decodeUTF16Head(head []byte) []byte {
	be, ok := utf16Order(head)
	if !ok {
		return head
	}
	return []byte(decodeUTF16(head[2:len(head)&^1], be))
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	var sb strings.Builder
	sb.Grow(len(u))
	for _, r := range utf16.Decode(u) {
		sb.WriteRune(r)
	}
	return sb.String()
}

// utf16Reader returns r unchanged unless it starts with a UTF-16 BOM, in
// which case the whole input (up to the text limit) is decoded to UTF-8.
func utf16Reader(r io.Reader) (io.Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	head, _ := br.Peek(2)
	be, ok := utf16Order(head)
	if !ok {
		return br, nil
	}
	b, err := io.ReadAll(io.LimitReader(br, parse.MaxText+1))
	if err != nil {
		return nil, err
	}
	if len(b) > parse.MaxText {
		return nil, errors.New("file is too large")
	}
	s := decodeUTF16(b[2:len(b)&^1], be)
	if !utf8.ValidString(s) {
		return nil, errors.New("invalid UTF-16")
	}
	return strings.NewReader(s), nil
}
