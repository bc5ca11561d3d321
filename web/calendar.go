package web

import (
	"time"

	"github.com/steadyhq/steady"
)

// calMonth is one month of a no-contact period's calendar, Monday first.
type calMonth struct {
	Name  string
	Weeks [][7]calDay
}

// calDay is one day: Day is 0 for the blanks before the 1st and after the
// last day; State is kept, slip, planned (a day of the plan still to
// come), today or out (outside the period).
type calDay struct {
	Day   int
	State string
	Label string // for screen readers: "3 March: kept"
}

// maxCalMonths bounds the calendar to the latest year of a long period.
const maxCalMonths = 12

// calendar lays out a period from its start to today, or to the end of
// its planned days when that is later, marking the days with slips.
func calendar(p *steady.NoContactPeriod, now time.Time, loc *time.Location) []calMonth {
	day := func(t time.Time) time.Time {
		t = t.In(loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	}
	start := day(p.Start)
	today := day(now)
	last := today
	if p.End != nil {
		last = day(*p.End)
	}
	var planEnd time.Time
	if p.PlannedDays > 0 {
		planEnd = start.AddDate(0, 0, p.PlannedDays-1)
		if p.Active() && planEnd.After(last) {
			last = planEnd
		}
	}
	slips := map[time.Time]int{}
	for _, s := range p.Slips {
		slips[day(s.At)]++
	}
	first := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, loc)
	if lim := time.Date(last.Year(), last.Month()-maxCalMonths+1, 1, 0, 0, 0, 0, loc); first.Before(lim) {
		first = lim
	}
	var months []calMonth
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		cm := calMonth{Name: m.Format("January 2006")}
		var week [7]calDay
		col := (int(m.Weekday()) + 6) % 7 // Monday = 0
		for d := m; d.Month() == m.Month(); d = d.AddDate(0, 0, 1) {
			cd := calDay{Day: d.Day()}
			switch {
			case d.Before(start) || (p.End != nil && d.After(day(*p.End))):
				cd.State = "out"
			case slips[d] > 0:
				cd.State = "slip"
			case d.Equal(today):
				cd.State = "today"
			case d.After(today):
				if !planEnd.IsZero() && !d.After(planEnd) {
					cd.State = "planned"
				} else {
					cd.State = "out"
				}
			default:
				cd.State = "kept"
			}
			cd.Label = d.Format("2 January") + ": " + map[string]string{
				"out": "outside the period", "slip": "a slip", "today": "today", "planned": "still to come", "kept": "kept",
			}[cd.State]
			week[col] = cd
			col++
			if col == 7 {
				cm.Weeks = append(cm.Weeks, week)
				week, col = [7]calDay{}, 0
			}
		}
		if col > 0 {
			cm.Weeks = append(cm.Weeks, week)
		}
		months = append(months, cm)
	}
	return months
}
