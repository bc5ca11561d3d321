// Package say writes what steady tells a person — counts, moments, days
// and time zones — one way on every surface: the CLI, the web pages, and
// the import and stats summaries. A count, a date or a zone is formatted
// here and nowhere else, so the CLI and the web app never say one thing
// two ways.
package say

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TimeLayout is how a moment is written: "Tue 8 Dec, 09:48". It is the
// analyzer's own (analyze.TimeLayout, in the verdict's "Re-read it after
// …"), which a test keeps equal to this one.
const TimeLayout = "Mon 2 Jan, 15:04"

// DayLayout is how a day is written: "Tue 8 Dec".
const DayLayout = "Mon 2 Jan"

// Time writes the moment t as TimeLayout does, with its year after the
// month when that is not the year of now: "Tue 8 Dec 2025, 09:48". t is
// written in its own location: convert it to the user's zone first.
func Time(t, now time.Time) string {
	if t.Year() != now.Year() {
		return t.Format("Mon 2 Jan 2006, 15:04")
	}
	return t.Format(TimeLayout)
}

// Day writes the day of t as DayLayout does, with its year when that is
// not the year of now: "Tue 8 Dec 2025".
func Day(t, now time.Time) string {
	if t.Year() != now.Year() {
		return t.Format("Mon 2 Jan 2006")
	}
	return t.Format(DayLayout)
}

// Count writes n and the noun that goes with it: "1 message", "2
// messages", "1,204 messages". The plural adds an s unless many gives it
// ("entry", "entries").
func Count(n int, one string, many ...string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + one
	}
	if len(many) > 0 {
		return Number(n) + " " + many[0]
	}
	return Number(n) + " " + one + "s"
}

// Number writes n with a comma every three digits: 1,234,567.
func Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Zone names the time zone loc for a person: its IANA name
// ("Europe/Berlin", "UTC"). Go calls the machine's own zone "Local" when
// it cannot tell its name; that is written as its offset at the moment at,
// with its abbreviation when it has one: "UTC+01:00 (CET)".
func Zone(loc *time.Location, at time.Time) string {
	if loc == nil {
		return "UTC"
	}
	if name := loc.String(); name != "Local" && name != "" {
		return name
	}
	abbr, off := at.In(loc).Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := fmt.Sprintf("UTC%s%02d:%02d", sign, off/3600, off%3600/60)
	if off == 0 && sign == "+" {
		s = "UTC"
	}
	// An abbreviation of letters says more than the offset alone; one of
	// digits ("+03") says nothing more.
	if abbr != "" && abbr != "UTC" && strings.IndexFunc(abbr, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
		s += " (" + abbr + ")"
	}
	return s
}
