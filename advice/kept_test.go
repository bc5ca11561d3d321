package advice

import (
	"reflect"
	"testing"
	"time"

	"github.com/steadyhq/steady"
)

// filled sets every field of the struct v points to, recursively, to a
// value that is not its zero, different for each field: a field added to
// Contact or Rhythm is then set here without anyone thinking of it.
func filled(t *testing.T, v any) {
	t.Helper()
	n := 0
	var fill func(f reflect.Value)
	fill = func(f reflect.Value) {
		n++
		switch f.Kind() {
		case reflect.Struct:
			if f.Type() == reflect.TypeFor[time.Time]() {
				f.Set(reflect.ValueOf(time.Date(2020, 1, n, n, n, n, n, time.UTC)))
				return
			}
			for i := range f.NumField() {
				fill(f.Field(i))
			}
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(n * 1000003))
		case reflect.Uint8:
			f.SetUint(uint64(n%250 + 1))
		case reflect.Float64:
			f.SetFloat(float64(n) + 0.25)
		case reflect.String:
			f.SetString("é" + string(rune('a'+n%26)))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 2, 2))
			fill(f.Index(0))
			fill(f.Index(1))
		default:
			t.Fatalf("filled: no value for a %s: teach the test and MarshalBinary about it", f.Type())
		}
	}
	fill(reflect.ValueOf(v).Elem())
}

func TestStoreContextEncodesEveryField(t *testing.T) {
	// StoreContext's own fields are unexported, out of filled's reach: a
	// field added must be added to MarshalBinary, the cases below, and
	// this count.
	if n := reflect.TypeFor[StoreContext]().NumField(); n != 6 {
		t.Fatalf("StoreContext has %d fields: encode the new one, then update this test", n)
	}
	var c steady.Contact
	var r steady.Rhythm
	filled(t, &c)
	filled(t, &r)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []StoreContext{
		{loc: paris, dumped: true, contact: &c, rhythm: &r, noContact: true, noContactRead: true},
		{loc: time.UTC, contact: &c},
		{loc: time.Local},
	} {
		b, err := sc.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back StoreContext
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if back.loc.String() != sc.loc.String() {
			t.Errorf("zone %s, want %s", back.loc, sc.loc)
		}
		back.loc = sc.loc
		if !reflect.DeepEqual(back, sc) {
			t.Errorf("round trip lost something:\n got %+v %+v\nwant %+v %+v", back.contact, back.rhythm, sc.contact, sc.rhythm)
		}
		for i := range len(b) {
			if err := back.UnmarshalBinary(b[:i]); err == nil {
				t.Errorf("the first %d of %d bytes decode", i, len(b))
			}
		}
	}
}

func FuzzStoreContextUnmarshal(f *testing.F) {
	var c steady.Contact
	var r steady.Rhythm
	c.Name, c.Aliases, r.Turns = "Alex", []string{"Al"}, 3
	for _, sc := range []StoreContext{{loc: time.UTC, contact: &c, rhythm: &r}, {loc: time.UTC}} {
		b, err := sc.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{storeContextFormat, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		var sc StoreContext
		if sc.UnmarshalBinary(b) != nil {
			return
		}
		again, err := sc.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back StoreContext
		if err := back.UnmarshalBinary(again); err != nil {
			t.Fatalf("re-encoded %x does not decode: %v", again, err)
		}
	})
}
