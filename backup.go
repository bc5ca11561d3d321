package steady

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Restored says what a restore brought back, kind by kind: what was added
// and what the store already held (a merge adds each record once).
type Restored struct {
	// Merged is true when the store held data before: the backup was
	// merged into it, under new ids. Into an empty store every id is kept.
	Merged bool `json:"merged"`
	// Profile is true when settings of the backup's were taken: all of
	// them into an empty store; in a merge, those the store had not set.
	Profile          bool          `json:"profile"`
	Contacts         RestoredCount `json:"contacts"`
	Imports          RestoredCount `json:"imports"`
	Messages         RestoredCount `json:"messages"`
	NoContactPeriods RestoredCount `json:"no_contact_periods"`
	Slips            RestoredCount `json:"slips"`
	Holds            RestoredCount `json:"holds"`
	Journal          RestoredCount `json:"journal"`
	CallPlans        RestoredCount `json:"call_plans"`
}

// RestoredCount counts the records of one kind in a backup: those added,
// and those the store already held.
type RestoredCount struct {
	Added   int `json:"added"`
	Already int `json:"already_here"`
}

// Count adds one record, added or already held.
func (c *RestoredCount) Count(added bool) {
	if added {
		c.Added++
	} else {
		c.Already++
	}
}

// CheckVersion returns EInvalid unless this steady reads an export of
// version v: not a steady backup at all (no version), or one written by a
// newer steady, which may hold what this one would lose.
func CheckVersion(v int) error {
	switch {
	case v > ExportVersion:
		return Errorf(EInvalid, "this backup was written by a newer steady (backup version %d; this one reads version %d): update steady, then restore it", v, ExportVersion)
	case v < 1:
		return Errorf(EInvalid, "not a steady backup: it has no version (a backup is what steady export, or Download my data, writes)")
	}
	return nil
}

// DecodeExport reads a backup: the JSON document of DataService.ExportAll,
// as steady export writes it. EInvalid, with a message that says which:
// not JSON, JSON that is not a steady backup, or a backup of a newer
// version (CheckVersion) — told before the rest of it is read, so that a
// newer shape is never half understood.
func DecodeExport(r io.Reader) (*Export, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4 << 10)
	if v, ok := leadingVersion(head); ok {
		if err := CheckVersion(v); err != nil {
			return nil, err
		}
	}
	var e Export
	dec := json.NewDecoder(br)
	if err := dec.Decode(&e); err != nil {
		return nil, backupJSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Errorf(EInvalid, "not a steady backup: more follows the document at byte %d", dec.InputOffset())
	}
	if err := CheckVersion(e.Version); err != nil {
		return nil, err
	}
	return &e, nil
}

// leadingVersion finds "version" among the first keys of the document
// head, as steady writes it first; ok is false when it is not there.
func leadingVersion(head []byte) (v int, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(head))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0, false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 0, false
		}
		if key == "version" {
			var n int
			if err := dec.Decode(&n); err != nil {
				return 0, false
			}
			return n, true
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return 0, false
		}
	}
	return 0, false
}

func backupJSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return Errorf(EInvalid, "not a steady backup: the JSON breaks off or is damaged at byte %d: %v", syn.Offset, err)
	case errors.As(err, &typ) && typ.Field == "":
		return Errorf(EInvalid, "not a steady backup: the file holds a JSON %s, not the object a backup is", typ.Value)
	case errors.As(err, &typ):
		return Errorf(EInvalid, "not a steady backup: %s at byte %d holds %s where a backup has %s", typ.Field, typ.Offset, typ.Value, typ.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(EInvalid, "not a steady backup: the file is empty or breaks off")
	}
	return Errorf(EInvalid, "not a steady backup: %w", err)
}
