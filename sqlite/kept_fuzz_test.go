package sqlite

import (
	"maps"
	"slices"
	"testing"
)

// FuzzDecodeKept feeds the kept file's decoder anything: it must never
// panic, and what it accepts must encode back to what decodes alike.
func FuzzDecodeKept(f *testing.F) {
	f.Add(encodeKept(nil, map[string][]byte{}))
	f.Add(encodeKept([]byte{1, 2, 3}, map[string][]byte{"check/v1/Alex": []byte(`{"zone":"UTC"}`), "": []byte(`{}`)}))
	f.Add([]byte(keptMagic))
	f.Add([]byte(keptMagic + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		state, values, ok := decodeKept(b)
		if ok {
			roundTrips(t, state, values)
		}
	})
}

// FuzzDecodeKeptBody is FuzzDecodeKept past the checksum, which random
// bytes seldom pass: the fields themselves.
func FuzzDecodeKeptBody(f *testing.F) {
	full := encodeKept([]byte{9}, map[string][]byte{"a": []byte("1"), "b": nil})
	f.Add(full[len(keptMagic) : len(full)-4])
	f.Add([]byte{})
	f.Add([]byte{0, 1, 'a'})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, body []byte) {
		state, values, ok := decodeKeptBody(body)
		if ok {
			roundTrips(t, state, values)
		}
	})
}

func roundTrips(t *testing.T, state []byte, values map[string][]byte) {
	t.Helper()
	s2, v2, ok := decodeKept(encodeKept(state, values))
	if !ok || string(s2) != string(state) || !maps.EqualFunc(v2, values, slices.Equal) {
		t.Fatalf("state %q values %q do not round-trip", state, values)
	}
}

func TestKeptFileRoundTrips(t *testing.T) {
	state := []byte{1, 2, 3}
	values := map[string][]byte{"a": []byte("1"), "check/v1/Zoé \n\t": []byte(`{"x":[1,2]}`), "": {}}
	b := encodeKept(state, values)
	s2, back, ok := decodeKept(b)
	if !ok || string(s2) != string(state) || !maps.EqualFunc(back, values, slices.Equal) {
		t.Fatalf("round trip: %q %q (%v), want %q %q", s2, back, ok, state, values)
	}
	for i := range len(b) {
		if _, _, ok := decodeKept(b[:i]); ok {
			t.Errorf("the first %d of %d bytes decode", i, len(b))
		}
		flipped := slices.Clone(b)
		flipped[i] ^= 0x20
		if _, _, ok := decodeKept(flipped); ok {
			t.Errorf("a flipped byte at %d decodes", i)
		}
	}
	many := map[string][]byte{}
	for i := range maxKeptValues + 1 {
		many[string(rune('a'+i%26))+string(rune(i))] = nil
	}
	if _, _, ok := decodeKept(encodeKept(nil, many)); ok {
		t.Errorf("a file of %d values decodes; at most %d are kept", len(many), maxKeptValues)
	}
}
