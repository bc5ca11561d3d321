package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/steadyhq/steady"
)

// httpError is an error of the web layer itself, with its own status:
// a body that is too large, a missing login, a bad CSRF token. Errors of
// the domain (*steady.Error) carry codes instead; errorStatus maps both.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errStatus(status int, msg string) error { return &httpError{status: status, msg: msg} }

// errorStatus is the one place where an error becomes an HTTP status and
// the message a client may see: the domain's codes as wtf's http.go maps
// them, the web layer's own statuses as they are, and anything else a 500
// with a generic message, so no internals leak.
func errorStatus(err error) (int, string) {
	var he *httpError
	if errors.As(err, &he) {
		return he.status, he.msg
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return http.StatusRequestEntityTooLarge, tooLarge(mb.Limit)
	}
	switch steady.ErrorCode(err) {
	case steady.EInvalid:
		return http.StatusBadRequest, steady.ErrorMessage(err)
	case steady.ENotFound:
		return http.StatusNotFound, steady.ErrorMessage(err)
	case steady.EConflict:
		return http.StatusConflict, steady.ErrorMessage(err)
	}
	return http.StatusInternalServerError, "internal error: steady could not do that; the server's log says why"
}

func tooLarge(limit int64) string {
	return "the request is too large: the limit is " + humanBytes(limit)
}

// logError records errors the user cannot act on (5xx) with the request,
// so the log says why the generic message was shown. A request whose
// client hung up (its context ended) mostly fails for that alone, in
// whatever it was reading when it learnt of it: that is no error of the
// server's, and is logged at debug level only.
func (s *Server) logError(r *http.Request, status int, err error) {
	if status < 500 {
		return
	}
	attrs := []any{slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err)}
	if r.Context().Err() != nil {
		s.log.Debug("request abandoned: the client went away", attrs...)
		return
	}
	s.log.Error("request failed", attrs...)
}

// apiError writes err as {"error": "..."} with its status.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	s.logError(r, status, err)
	writeJSON(w, status, errorBody{Error: msg})
}

type errorBody struct {
	Error string `json:"error"`
}

// pageError renders the error page with err's status and message.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	s.logError(r, status, err)
	s.render(w, r, status, "error", &page{Title: http.StatusText(status), Error: msg})
}
