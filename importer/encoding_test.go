package importer

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
)

// The readers must give the same text whatever the reads cut: a UTF-8
// sequence or a surrogate pair split between two reads.
func TestDecodeAcrossReads(t *testing.T) {
	const text = "Grüße 👍 from Zoë: 4 € — ok\nnext line 🌍\n"
	le := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(text)) {
		le = append(le, byte(u), byte(u>>8))
	}
	latin1 := []byte("Gr\xfc\xdfe from Zo\xeb: 4 \x80 \x97 ok\n")
	for _, tc := range []struct {
		name     string
		in       []byte
		fallback bool
		want     string
		encoding string
	}{
		{"UTF-16 read a byte at a time", le, false, text, UTF16LE},
		{"UTF-8 read a byte at a time passes unchanged", []byte(text), true, text, ""},
		{"Windows-1252 read a byte at a time", latin1, true, "Grüße from Zoë: 4 € — ok\n", Windows1252},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, wrap := range []func(io.Reader) io.Reader{iotest.OneByteReader, iotest.HalfReader, func(r io.Reader) io.Reader { return r }} {
				enc := decode(bufio.NewReaderSize(wrap(strings.NewReader(string(tc.in))), 16), tc.fallback)
				got, err := io.ReadAll(enc)
				if err != nil || string(got) != tc.want || enc.name() != tc.encoding {
					t.Errorf("%q (%s, %v), want %q (%s)", got, enc.name(), err, tc.want, tc.encoding)
				}
			}
		})
	}
	t.Run("UTF-16 with an odd last byte is truncated, on its line", func(t *testing.T) {
		enc := decode(bufio.NewReader(strings.NewReader(string(le)+"x")), false)
		_, err := io.ReadAll(enc)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 3 || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("error %v", err)
		}
	})
}
