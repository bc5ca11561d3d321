package parse

import "time"

// WallClock turns wall-clock readings (exports that write the phone's
// local time without an offset) into instants in a zone, handling the DST
// repeated hour and gap so that messages keep their file order:
//
//   - in the repeated hour a reading stands for two instants; it picks the
//     earliest one not before the previous message, so 02:40 then 02:05
//     reads as 02:40 summer time then 02:05 winter time;
//   - a reading in the gap (02:30 on the night the clocks jump from 02:00
//     to 03:00) cannot come from a phone in that zone; it is placed at the
//     jump itself, which lies after every reading before the gap and
//     before every reading after it.
//
// It caches the zone period of the last instant, so that the common case
// costs a subtraction and two comparisons.
type WallClock struct {
	loc        *time.Location
	off        int64
	start, end int64 // zone period of off, widened to ±inf when unbounded
	cached     bool
	prev       int64
	hasPrev    bool
}

// NewWallClock returns a WallClock for loc (time.Local when nil).
func NewWallClock(loc *time.Location) *WallClock {
	if loc == nil {
		loc = time.Local
	}
	return &WallClock{loc: loc}
}

// Location returns the zone readings are interpreted in.
func (z *WallClock) Location() *time.Location { return z.loc }

const day = 86400

// Instant returns the Unix second for the wall-clock reading wall, given as
// seconds since 1970-01-01 00:00 of the calendar (as if it were UTC).
// Readings are expected in file order.
func (z *WallClock) Instant(wall int64) int64 {
	if z.cached {
		if t := wall - z.off; t >= z.start+day && t < z.end-day {
			z.prev, z.hasPrev = t, true
			return t
		}
	}
	offA := z.offset(wall - day)
	offB := z.offset(wall + day)
	var cand [2]int64
	n := 0
	for _, off := range [2]int64{offA, offB} {
		c := wall - off
		if n == 1 && cand[0] == c {
			continue
		}
		cand[n] = c
		n++
	}
	if n == 2 {
		// Keep only the valid readings, if any is valid.
		var valid [2]int64
		v := 0
		for _, c := range cand[:n] {
			if c+z.offset(c) == wall {
				valid[v] = c
				v++
			}
		}
		if v > 0 {
			cand, n = valid, v
		}
		if n == 2 && cand[0] > cand[1] {
			cand[0], cand[1] = cand[1], cand[0]
		}
		if v == 0 {
			// A gap: the jump is where the later offset's period starts.
			start, _ := time.Unix(cand[1], 0).In(z.loc).ZoneBounds()
			t := cand[1]
			if !start.IsZero() {
				t = start.Unix()
			}
			z.remember(t)
			return t
		}
	}
	t := cand[n-1]
	for _, c := range cand[:n] {
		if !z.hasPrev || c >= z.prev {
			t = c
			break
		}
	}
	z.remember(t)
	return t
}

func (z *WallClock) offset(t int64) int64 {
	_, off := time.Unix(t, 0).In(z.loc).Zone()
	return int64(off)
}

func (z *WallClock) remember(t int64) {
	tt := time.Unix(t, 0).In(z.loc)
	_, off := tt.Zone()
	start, end := tt.ZoneBounds()
	z.off = int64(off)
	z.start, z.end = -1<<62, 1<<62
	if !start.IsZero() {
		z.start = start.Unix()
	}
	if !end.IsZero() {
		z.end = end.Unix()
	}
	z.cached = true
	z.prev, z.hasPrev = t, true
}

// DaysFromCivil returns the number of days from 1970-01-01 to the given
// proleptic Gregorian date (Howard Hinnant's algorithm); month 1..12.
func DaysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// DaysIn returns the number of days of month m (1..12) in year y.
func DaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
