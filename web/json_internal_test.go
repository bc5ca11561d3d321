package web

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppendIndent holds appendIndent to what encoding/json writes with
// SetIndent("", "  ") for the same value, on any valid JSON.
func FuzzAppendIndent(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{"a":[]}`, `{"a":{},"b":[1,2,{"c":null}]}`, `"x"`, `12.5e3`, `true`,
		`{"text":"quote \" and \\ and \u2028 and ] } , :","n":[[],[[]],{}]}`,
		`{"verdict":"revise","findings":[{"rule":"you.accusatory","start":0,"end":9}],"rewrite":""}`,
		`[{"a":"\\"},"\\\\",""]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if !json.Valid(in) {
			return
		}
		var v any
		if err := json.Unmarshal(in, &v); err != nil {
			return
		}
		var want, compact bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return
		}
		enc = json.NewEncoder(&compact)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if got := appendIndent(nil, compact.Bytes()); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendIndent(%s)\n%s\nwant\n%s", compact.Bytes(), got, want.Bytes())
		}
		// And on the raw input, compacted as the encoder would.
		var raw bytes.Buffer
		if err := json.Compact(&raw, in); err != nil {
			return
		}
		var ind bytes.Buffer
		if err := json.Indent(&ind, raw.Bytes(), "", "  "); err != nil {
			return
		}
		if got := appendIndent(nil, raw.Bytes()); !bytes.Equal(got, ind.Bytes()) {
			t.Errorf("appendIndent(%s)\n%s\nwant\n%s", raw.Bytes(), got, ind.Bytes())
		}
	})
}
