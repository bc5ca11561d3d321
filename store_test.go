package steady_test

import (
	"testing"
	"time"

	"github.com/steadyhq/steady"
)

func TestNoContactPeriodStreak(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	end := start.Add(10 * day)
	tests := []struct {
		name string
		p    steady.NoContactPeriod
		now  time.Time
		want time.Duration
	}{
		{"runs from the start without slips", steady.NoContactPeriod{Start: start}, start.Add(3 * day), 3 * day},
		{"runs from the last slip", steady.NoContactPeriod{Start: start, Slips: []steady.Slip{{At: start.Add(2 * day)}, {At: start.Add(day)}}}, start.Add(5 * day), 3 * day},
		{"stops at the end of an ended period", steady.NoContactPeriod{Start: start, End: &end}, start.Add(30 * day), 10 * day},
		{"is zero before the start", steady.NoContactPeriod{Start: start}, start.Add(-day), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Streak(tt.now); got != tt.want {
				t.Errorf("Streak = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNoContactPeriodDays(t *testing.T) {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	end := start.Add(40 * day)
	tests := []struct {
		name       string
		p          steady.NoContactPeriod
		now        time.Time
		kept, left int
	}{
		{"17½ days of 30 are 17 kept and 13 to go, adding up to 30", steady.NoContactPeriod{Start: start, PlannedDays: 30}, start.Add(17*day + 12*time.Hour), 17, 13},
		{"a period started an hour ago has 0 kept and all to go", steady.NoContactPeriod{Start: start, PlannedDays: 30}, start.Add(time.Hour), 0, 30},
		{"the planned end reached leaves none to go", steady.NoContactPeriod{Start: start, PlannedDays: 30}, start.Add(31 * day), 31, 0},
		{"a slip starts the kept days again, not the days to go", steady.NoContactPeriod{Start: start, PlannedDays: 30, Slips: []steady.Slip{{At: start.Add(10 * day)}}}, start.Add(17*day + 12*time.Hour), 7, 13},
		{"an open-ended period has none to go", steady.NoContactPeriod{Start: start}, start.Add(5 * day), 5, 0},
		{"an ended period has none to go", steady.NoContactPeriod{Start: start, PlannedDays: 60, End: &end}, start.Add(50 * day), 40, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, left := tt.p.Days(tt.now)
			if kept != tt.kept || left != tt.left {
				t.Errorf("Days = %d kept, %d left; want %d, %d", kept, left, tt.kept, tt.left)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		check func() error
		ok    bool
	}{
		{"a contact with a name is valid", (&steady.Contact{Name: "Alex"}).Validate, true},
		{"a contact without a name is not", (&steady.Contact{Name: " "}).Validate, false},
		{"a contact with an empty alias is not", (&steady.Contact{Name: "Alex", Aliases: []string{""}}).Validate, false},
		{"a call plan of three points is valid", (&steady.CallPlan{Points: []string{"a", "b", "c"}}).Validate, true},
		{"a call plan of four points is not", (&steady.CallPlan{Points: []string{"a", "b", "c", "d"}}).Validate, false},
		{"a hold with text and a time is valid", (&steady.Hold{Text: "hi", NotBefore: time.Unix(1, 0)}).Validate, true},
		{"a hold without a time is not", (&steady.Hold{Text: "hi"}).Validate, false},
		{"a journal entry without text is not", (&steady.JournalEntry{Text: "\t"}).Validate, false},
		{"an open-ended period is valid", (&steady.NoContactPeriod{ContactID: 1}).Validate, true},
		{"a period of negative days is not", (&steady.NoContactPeriod{ContactID: 1, PlannedDays: -3}).Validate, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check()
			if tt.ok && err != nil {
				t.Errorf("unexpected error %v", err)
			}
			if !tt.ok && steady.ErrorCode(err) != steady.EInvalid {
				t.Errorf("error %v, want an EInvalid error", err)
			}
		})
	}
}
