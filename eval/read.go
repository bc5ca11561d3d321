package eval

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// maxLine bounds one physical line of a TSV corpus. The longest real line
// is a few kB; a file with a longer one is not the corpus we expect (a
// binary file, say), and bounding it keeps memory linear and predictable.
const maxLine = 1 << 20

// openFile opens path for a reader; the error already names the file.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		// The message names the file once: the cause without its path.
		reason := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			reason = pe.Err.Error()
		}
		return nil, &ParseError{File: path, Msg: "cannot open corpus file: " + reason, Err: err}
	}
	return f, nil
}

// readLines calls fn for every line of r with its 1-based number and the
// line without its terminator (LF, or CRLF tolerated). A UTF-8 byte order
// mark on the first line is dropped, since editors add one silently.
func readLines(r io.Reader, name string, fn func(line int, s string) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for n := 1; ; n++ {
		buf = buf[:0]
		for {
			chunk, err := br.ReadSlice('\n')
			buf = append(buf, chunk...)
			if len(buf) > maxLine {
				return errorf(name, n, "line longer than %d bytes; expected a text corpus line", maxLine)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				if len(buf) == 0 {
					return nil
				}
				break
			}
			if err != nil {
				return &ParseError{File: name, Line: n, Msg: "read failed", Err: err}
			}
			break
		}
		s := buf
		s = bytes.TrimSuffix(s, []byte{'\n'})
		s = bytes.TrimSuffix(s, []byte{'\r'})
		if n == 1 {
			s = bytes.TrimPrefix(s, []byte("\ufeff"))
		}
		if err := fn(n, string(s)); err != nil {
			return err
		}
	}
}

// readCSV calls fn for every record of an RFC 4180 CSV file after checking
// its header with checkHeader. line is where the record starts, so a tweet
// that spans several lines is reported at its first line. Field counts are
// checked by the callers, which know what a row of their corpus must hold.
func readCSV(r io.Reader, name string, checkHeader func(h []string) error, fn func(line int, rec []string) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // ragged rows are a documented quirk of some corpora
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			if first {
				return errorf(name, 0, "empty file; expected a CSV header line")
			}
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: name, Line: pe.Line, Msg: fmt.Sprintf("malformed CSV (record starting at line %d, column %d): %v; expected RFC 4180 quoting", pe.StartLine, pe.Column, pe.Err), Err: err}
			}
			return &ParseError{File: name, Msg: "read failed", Err: err}
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			}
			if err := checkHeader(rec); err != nil {
				return errorf(name, line, "%v", err)
			}
			continue
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

// exactHeader returns a header check that wants exactly these column names.
func exactHeader(want ...string) func([]string) error {
	return func(h []string) error {
		if len(h) != len(want) {
			return fmt.Errorf("expected a header of %d columns (%s), got %d columns (%s)", len(want), strings.Join(want, ","), len(h), abbrev(strings.Join(h, ",")))
		}
		for i := range want {
			if strings.TrimSpace(h[i]) != want[i] {
				return fmt.Errorf("expected header column %d to be %q, got %q", i+1, want[i], abbrev(h[i]))
			}
		}
		return nil
	}
}

// abbrev shortens what an error quotes from a file, so that a wrong file
// (a binary, a huge line) gives a readable message.
func abbrev(s string) string {
	const max = 60
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
