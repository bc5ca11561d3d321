package sqlite

import (
	"maps"
	"slices"
	"testing"
)

// FuzzDecodeKept feeds the kept file's decoder anything: it must never
// panic, and what it accepts must encode back to the same bytes.
func FuzzDecodeKept(f *testing.F) {
	f.Add(encodeKept(map[string][]byte{}))
	f.Add(encodeKept(map[string][]byte{"check/v1/Alex": []byte(`{"zone":"UTC"}`), "": []byte(`{}`)}))
	f.Add([]byte(keptMagic))
	f.Add([]byte(keptMagic + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		values, ok := decodeKept(b)
		if !ok {
			return
		}
		if again := encodeKept(values); string(again) != string(b) {
			// Keys come out sorted; a file whose keys were not (or were
			// repeated) decodes to the same values but other bytes.
			back, ok := decodeKept(again)
			if !ok || !maps.EqualFunc(back, values, slices.Equal) {
				t.Fatalf("%q decodes to %q, which does not round-trip", b, values)
			}
		}
	})
}

func TestKeptFileRoundTrips(t *testing.T) {
	values := map[string][]byte{"a": []byte("1"), "check/v1/Zoé \n\t": []byte(`{"x":[1,2]}`), "": {}}
	b := encodeKept(values)
	back, ok := decodeKept(b)
	if !ok || !maps.EqualFunc(back, values, slices.Equal) {
		t.Fatalf("round trip: %q (%v), want %q", back, ok, values)
	}
	for i := range len(b) {
		if _, ok := decodeKept(b[:i]); ok {
			t.Errorf("the first %d of %d bytes decode", i, len(b))
		}
		flipped := slices.Clone(b)
		flipped[i] ^= 0x20
		if _, ok := decodeKept(flipped); ok {
			t.Errorf("a flipped byte at %d decodes", i)
		}
	}
}
