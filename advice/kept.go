package advice

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/steadyhq/steady"
)

// storeContextFormat is the first byte of an encoded StoreContext; a value
// of another format does not decode, and the store is read instead.
const storeContextFormat = 1

const (
	scDumped = 1 << iota
	scContact
	scRhythm
	scNoContact
	scNoContactRead
)

// MarshalBinary encodes the store context, to be kept between processes
// (sqlite.Kept). A compact format of its own rather than JSON: a check
// that finds its context kept decodes it before anything else, and
// encoding/json's first use in a process costs half a millisecond here.
// TestStoreContextEncodesEveryField fails when a field of Contact or
// Rhythm is added and not encoded.
func (sc StoreContext) MarshalBinary() ([]byte, error) {
	var e encoder
	e.byte(storeContextFormat)
	zone := ""
	if sc.loc != nil {
		zone = sc.loc.String()
	}
	e.string(zone)
	var flags byte
	set := func(bit byte, on bool) {
		if on {
			flags |= bit
		}
	}
	set(scDumped, sc.dumped)
	set(scContact, sc.contact != nil)
	set(scRhythm, sc.rhythm != nil)
	set(scNoContact, sc.noContact)
	set(scNoContactRead, sc.noContactRead)
	e.byte(flags)
	if c := sc.contact; c != nil {
		e.varint(c.ID)
		e.string(c.Name)
		e.uvarint(uint64(len(c.Aliases)))
		for _, a := range c.Aliases {
			e.string(a)
		}
		e.time(c.CreatedAt)
	}
	if r := sc.rhythm; r != nil {
		e.time(r.WindowStart)
		e.time(r.WindowEnd)
		e.varint(int64(r.Turns))
		e.varint(int64(r.Conversations))
		for _, st := range []steady.Stat{r.TheirReplyDelay, r.MyReplyDelay, r.TheirWordsPerTurn, r.MyWordsPerTurn} {
			e.varint(int64(st.N))
			e.float(st.Median)
			e.float(st.P90)
		}
		e.float(r.InitiationShareMine)
		e.byte(byte(r.LastSide))
		e.time(r.LastTheirAt)
		e.time(r.LastMineAt)
		e.varint(int64(r.UnansweredMine))
	}
	return e.b, e.err
}

// UnmarshalBinary decodes what MarshalBinary wrote. Its zone must be known
// here.
func (sc *StoreContext) UnmarshalBinary(b []byte) error {
	d := decoder{b: b}
	if f := d.byte(); f != storeContextFormat {
		return fmt.Errorf("store context: format %d, want %d", f, storeContextFormat)
	}
	zone := d.string()
	flags := d.byte()
	var out StoreContext
	out.dumped, out.noContact, out.noContactRead = flags&scDumped != 0, flags&scNoContact != 0, flags&scNoContactRead != 0
	if flags&scContact != 0 {
		c := &steady.Contact{ID: d.varint(), Name: d.string()}
		n := d.uvarint()
		if n > uint64(len(d.b)) { // each alias takes a byte at least
			return errors.New("store context: too many aliases")
		}
		c.Aliases = make([]string, 0, n)
		for range n {
			c.Aliases = append(c.Aliases, d.string())
		}
		c.CreatedAt = d.time()
		out.contact = c
	}
	if flags&scRhythm != 0 {
		r := &steady.Rhythm{WindowStart: d.time(), WindowEnd: d.time(), Turns: int(d.varint()), Conversations: int(d.varint())}
		for _, st := range []*steady.Stat{&r.TheirReplyDelay, &r.MyReplyDelay, &r.TheirWordsPerTurn, &r.MyWordsPerTurn} {
			st.N, st.Median, st.P90 = int(d.varint()), d.float(), d.float()
		}
		r.InitiationShareMine = d.float()
		r.LastSide = steady.Side(d.byte())
		r.LastTheirAt, r.LastMineAt = d.time(), d.time()
		r.UnansweredMine = int(d.varint())
		out.rhythm = r
	}
	if d.err != nil {
		return fmt.Errorf("store context: %w", d.err)
	}
	if len(d.b) != 0 {
		return fmt.Errorf("store context: %d bytes past its end", len(d.b))
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return fmt.Errorf("store context: %w", err)
	}
	out.loc = loc
	*sc = out
	return nil
}

type encoder struct {
	b   []byte
	err error
}

func (e *encoder) byte(v byte)      { e.b = append(e.b, v) }
func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) float(v float64)  { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v)) }
func (e *encoder) string(s string)  { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) time(t time.Time) {
	b, err := t.MarshalBinary()
	if err != nil && e.err == nil {
		e.err = err
	}
	e.string(string(b))
}

// decoder reads what encoder wrote; past its first error every read gives
// a zero value.
type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("truncated")

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail(errShort)
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uvarint() uint64 { return readVarint(d, binary.Uvarint) }
func (d *decoder) varint() int64   { return readVarint(d, binary.Varint) }

// readVarint reads a varint of either kind with read (binary.Uvarint or
// binary.Varint).
func readVarint[T uint64 | int64](d *decoder, read func([]byte) (T, int)) T {
	v, n := read(d.b)
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) float() float64 {
	if len(d.b) < 8 {
		d.fail(errShort)
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail(errShort)
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) time() time.Time {
	var t time.Time
	s := d.string()
	if d.err == nil {
		if err := t.UnmarshalBinary([]byte(s)); err != nil {
			d.fail(err)
		}
	}
	return t
}
