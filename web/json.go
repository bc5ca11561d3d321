package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
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
	b := jsonBuffers.Get().(*jsonBuffer)
	defer jsonBuffers.Put(b)
	b.compact.Reset()
	if err := b.enc.Encode(v); err != nil {
		// Only an unencodable value (NaN in a float) lands here: a bug,
		// answered as a clean 500 rather than half a body.
		b.out = append(b.out[:0], `{"error": "internal error: the answer could not be encoded"}`+"\n"...)
		status = http.StatusInternalServerError
	} else {
		b.out = appendIndent(b.out[:0], b.compact.Bytes())
	}
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Cache-Control"] = noStore
	// The length, known here, spares an answer of more than 2 KB (a
	// check's, often) the chunked encoding net/http falls back to.
	h.Set("Content-Length", strconv.Itoa(len(b.out)))
	w.WriteHeader(status)
	w.Write(b.out)
	if cap(b.out) > 64<<10 {
		b.out = nil // an export: let it go rather than keep it
	}
	if b.compact.Cap() > 64<<10 {
		b.compact = bytes.Buffer{} // the encoder writes into it still
	}
}

var (
	jsonContentType = headerValue("application/json; charset=utf-8")
	noStore         = headerValue("no-store")
)

// jsonBuffer is what writeJSON writes an answer with: an encoder into a
// buffer, and the indented answer. jsonBuffers keeps them between
// requests, which under load spares the garbage collector what every
// answer would otherwise allocate.
type jsonBuffer struct {
	compact bytes.Buffer
	enc     *json.Encoder // into compact, HTML left as it is
	out     []byte
}

var jsonBuffers = sync.Pool{New: func() any {
	b := new(jsonBuffer)
	b.enc = json.NewEncoder(&b.compact)
	b.enc.SetEscapeHTML(false)
	return b
}}

// appendIndent appends src, compact JSON as the encoder writes it (one
// value and a newline), indented by two spaces a level: byte for byte
// what json.Encoder with SetIndent("", "  ") writes, empty objects and
// arrays kept as {} and []. encoding/json indents with its validating
// scanner, a state machine step per byte, which cost more than the
// encoding itself in a profile of the server under load; src is valid
// already, so this only needs to tell strings from the rest.
func appendIndent(dst, src []byte) []byte {
	depth := 0
	open := false // after { or [: indent unless it closes at once
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = appendNewline(dst, depth)
		}
		switch c {
		case '"':
			// Copy the string through its closing quote.
			j := i + 1
			for j < len(src) {
				if src[j] == '\\' {
					j += 2
					continue
				}
				if src[j] == '"' {
					break
				}
				j++
			}
			dst = append(dst, src[i:min(j+1, len(src))]...)
			i = j
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			dst = appendNewline(dst, depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				dst = appendNewline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func appendNewline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
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
