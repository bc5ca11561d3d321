package eval

import (
	"fmt"

	"github.com/steadyhq/steady"
)

// ParseError says where a corpus file stopped making sense: the file, the
// 1-based line (0 when the problem is the file as a whole) and what was
// expected there. It unwraps to a *steady.Error with code EInvalid, so the
// CLI reports it as bad input rather than an internal failure.
type ParseError struct {
	File string
	Line int
	Msg  string // what was expected, and what was found
	Err  error  // an underlying cause, if any
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap exposes both the cause and the coded error, so that
// errors.Is(err, io.ErrUnexpectedEOF) and steady.ErrorCode(err) both work.
func (e *ParseError) Unwrap() []error {
	coded := &steady.Error{Code: steady.EInvalid, Message: e.Error()}
	if e.Err != nil {
		return []error{coded, e.Err}
	}
	return []error{coded}
}

func errorf(file string, line int, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}
