package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// decodeJSON reads one JSON object from the request into v, strictly: the
// body must be application/json, at most limit bytes, hold exactly one
// value and no field that v does not have. Every failure is a 4xx error
// that says what is wrong (never a 500), since a client can always fix it.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	if r.ContentLength > limit {
		return errStatus(http.StatusRequestEntityTooLarge, tooLarge(limit))
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	return decodeStrict(body, v)
}

// requireJSON refuses other content types with 415. Besides telling a
// client what is expected, it keeps plain cross-site form posts (which can
// only send form and text types) away from the API.
func requireJSON(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		if ct == "" {
			ct = "none"
		}
		return errStatus(http.StatusUnsupportedMediaType, fmt.Sprintf("send the body as JSON with Content-Type: application/json (got %s)", ct))
	}
	return nil
}

// decodeStrict decodes one JSON value from r into v and explains failures
// in words.
func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return err
		}
		return errStatus(http.StatusBadRequest, "invalid JSON: unexpected data after the object; send one JSON object")
	}
	return nil
}

// jsonError turns a decoding error into a 400 (or a 413 for a body past
// the limit) with a message naming the field or the byte offset.
func jsonError(err error) error {
	var (
		mb  *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
		tpe *time.ParseError
	)
	switch {
	case errors.As(err, &mb):
		return err
	case errors.Is(err, io.EOF):
		return errStatus(http.StatusBadRequest, "the request body is empty: send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errStatus(http.StatusBadRequest, "invalid JSON: the body ends in the middle of a value")
	case errors.As(err, &se):
		return errStatus(http.StatusBadRequest, fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: ")))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return errStatus(http.StatusBadRequest, fmt.Sprintf("invalid JSON: want an object, got %s", te.Value))
		}
		return errStatus(http.StatusBadRequest, fmt.Sprintf("field %q: want %s, got %s", field, jsonKind(te.Type.Kind().String()), te.Value))
	case errors.As(err, &tpe):
		return errStatus(http.StatusBadRequest, fmt.Sprintf("a time is not RFC 3339 (like 2026-11-25T21:30:00+01:00): %q", tpe.Value))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return errStatus(http.StatusBadRequest, "unknown field "+f+": see docs/API.md for the fields this endpoint takes")
	}
	return errStatus(http.StatusBadRequest, "invalid JSON: "+msg)
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "a number"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	}
	return k
}

// writeJSON writes v with the status, indented and without HTML escaping:
// the same bytes `steady check --json` prints for a check result.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		// Only an unencodable value (NaN in a float) lands here: a bug,
		// answered as a clean 500 rather than half a body.
		buf.Reset()
		buf.WriteString(`{"error": "internal error: the answer could not be encoded"}` + "\n")
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
