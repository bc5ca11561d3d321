package say_test

import (
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/say"
)

func TestTheLayoutIsTheAnalyzers(t *testing.T) {
	if say.TimeLayout != analyze.TimeLayout {
		t.Fatalf("say.TimeLayout %q, analyze.TimeLayout %q: a verdict's time and every other would differ", say.TimeLayout, analyze.TimeLayout)
	}
}

func TestTime(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		t    time.Time
		time string
		day  string
	}{
		{"this year's moment has no year", time.Date(2026, 12, 8, 9, 48, 0, 0, time.UTC), "Tue 8 Dec, 09:48", "Tue 8 Dec"},
		{"another year's has it", time.Date(2025, 12, 8, 9, 48, 0, 0, time.UTC), "Mon 8 Dec 2025, 09:48", "Mon 8 Dec 2025"},
		{"the moment is written in its own zone", time.Date(2026, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600)), "Thu 1 Jan, 00:30", "Thu 1 Jan"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := say.Time(c.t, now); got != c.time {
				t.Errorf("Time = %q, want %q", got, c.time)
			}
			if got := say.Day(c.t, now); got != c.day {
				t.Errorf("Day = %q, want %q", got, c.day)
			}
		})
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{say.Count(1, "message"), "1 message"},
		{say.Count(0, "message"), "0 messages"},
		{say.Count(2, "slip"), "2 slips"},
		{say.Count(1204, "message"), "1,204 messages"},
		{say.Count(1, "entry", "entries"), "1 entry"},
		{say.Count(3, "entry", "entries"), "3 entries"},
		{say.Number(-1234567), "-1,234,567"},
		{say.Number(999), "999"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}

func TestZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		loc  *time.Location
		want string
	}{
		{"a named zone is its name", berlin, "Europe/Berlin"},
		{"UTC is UTC", time.UTC, "UTC"},
		{"a zone Go calls Local is its offset and abbreviation", localLike("CET", 3600), "UTC+01:00 (CET)"},
		{"a zone without an abbreviation of letters is its offset", localLike("-03", -3*3600), "UTC-03:00"},
		{"India's half hour", localLike("IST", 5*3600+1800), "UTC+05:30 (IST)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := say.Zone(c.loc, winter); got != c.want {
				t.Errorf("Zone = %q, want %q", got, c.want)
			}
		})
	}
}

// localLike is a fixed zone that Go names "Local", as it does the
// machine's zone when it cannot tell its name.
func localLike(abbr string, offset int) *time.Location {
	l := time.FixedZone(abbr, offset)
	// time.Location's name is unexported; a zone loaded from tzdata under
	// the name "Local" is what Go gives for an unnamed machine zone.
	named, err := time.LoadLocationFromTZData("Local", tzdata(abbr, offset))
	if err != nil {
		return l
	}
	return named
}

// tzdata is a TZif file of one zone with no transitions.
func tzdata(abbr string, offset int) []byte {
	b := append([]byte("TZif"), make([]byte, 16)...)
	be := func(n int) []byte { return []byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)} }
	// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
	for _, n := range []int{0, 0, 0, 0, 1, len(abbr) + 1} {
		b = append(b, be(n)...)
	}
	b = append(b, be(offset)...)
	b = append(b, 0, 0) // not DST; abbreviation at index 0
	b = append(b, abbr...)
	return append(b, 0)
}

func TestRestored(t *testing.T) {
	for _, c := range []struct {
		name string
		r    steady.Restored
		want string
	}{
		{"into an empty store", steady.Restored{Profile: true, Contacts: steady.RestoredCount{Added: 1}, Messages: steady.RestoredCount{Added: 602}, Journal: steady.RestoredCount{Added: 1}},
			"Restored 1 contact, 602 messages, 1 journal entry and your settings."},
		{"an empty backup", steady.Restored{}, "The backup holds nothing to restore."},
		{"a merge", steady.Restored{Merged: true, Contacts: steady.RestoredCount{Already: 2}, Messages: steady.RestoredCount{Added: 2, Already: 1600}, Slips: steady.RestoredCount{Added: 1}},
			"Added 2 messages and 1 slip; already here: 2 contacts and 1,600 messages."},
		{"a merge with nothing new", steady.Restored{Merged: true, Profile: true, Contacts: steady.RestoredCount{Already: 1}},
			"Nothing to add: everything in the backup is here already (1 contact). The settings you had not set are taken from the backup."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := say.Restored(&c.r); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
