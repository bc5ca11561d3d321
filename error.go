package steady

import (
	"errors"
	"fmt"
)

// Error codes. Each surface maps them once: the CLI to exit codes, the web
// app to HTTP statuses.
const (
	EInvalid  = "invalid" // bad input from the user: a flag, a field, a file
	ENotFound = "not_found"
	EConflict = "conflict"
	EInternal = "internal"
)

// Error is an error meant for the person using steady: its Message is shown
// as it is, its Code decides the exit code or HTTP status. Err keeps the
// underlying cause for errors.Is / errors.As.
type Error struct {
	Code    string
	Message string
	Err     error
}

// Error returns Message alone: whoever builds an Error writes the cause into
// the message when the user needs it (Errorf does so for %w).
func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
// A %w verb in format is kept as the wrapped cause.
func Errorf(code, format string, args ...any) *Error {
	wrapped := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: wrapped.Error(), Err: errors.Unwrap(wrapped)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of err: the Error's message
// for an *Error, a generic text for internal errors so that no internals leak
// to a web client.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
