package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestNoContactService(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)

	t.Run("a started period is active until it ends", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewNoContactService(db)
		_, err := s.ActiveNoContact(ctx, c.ID)
		wantCode(t, err, steady.ENotFound)
		_, err = s.ActiveNoContact(ctx, c.ID+1)
		wantCode(t, err, steady.ENotFound)

		p := &steady.NoContactPeriod{ContactID: c.ID, Start: start, PlannedDays: 30}
		if err := s.StartNoContact(ctx, p); err != nil {
			t.Fatal(err)
		}
		active, err := s.ActiveNoContact(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if active.ID != p.ID || !active.Start.Equal(start) || active.PlannedDays != 30 || !active.Active() || len(active.Slips) != 0 {
			t.Errorf("active period %+v, want the one started", active)
		}
		wantCode(t, s.StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID}), steady.EConflict)

		end := start.Add(10 * 24 * time.Hour)
		ended, err := s.EndNoContact(ctx, c.ID, end)
		if err != nil {
			t.Fatal(err)
		}
		if ended.Active() || !ended.End.Equal(end) {
			t.Errorf("ended period %+v, want end %v", ended, end)
		}
		_, err = s.ActiveNoContact(ctx, c.ID)
		wantCode(t, err, steady.ENotFound)
		_, err = s.EndNoContact(ctx, c.ID, end)
		wantCode(t, err, steady.ENotFound)

		// A new period can start once the last one ended.
		second := &steady.NoContactPeriod{ContactID: c.ID}
		if err := s.StartNoContact(ctx, second); err != nil {
			t.Fatal(err)
		}
		if !second.Start.Equal(epoch) {
			t.Errorf("a period without a start starts now (%v), not %v", epoch, second.Start)
		}
		ps, err := s.NoContactPeriods(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].ID != second.ID || ps[1].ID != p.ID {
			t.Errorf("periods %+v, want the second then the first", ps)
		}
	})

	t.Run("bad periods are refused", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewNoContactService(db)
		ended := start.Add(time.Hour)
		for _, tc := range []struct {
			name string
			p    steady.NoContactPeriod
			code string
		}{
			{"without a contact", steady.NoContactPeriod{}, steady.EInvalid},
			{"with negative days", steady.NoContactPeriod{ContactID: c.ID, PlannedDays: -1}, steady.EInvalid},
			{"already ended", steady.NoContactPeriod{ContactID: c.ID, End: &ended}, steady.EInvalid},
			{"with an unknown contact", steady.NoContactPeriod{ContactID: 99}, steady.ENotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, s.StartNoContact(ctx, &tc.p), tc.code)
			})
		}
		if err := s.StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID, Start: start}); err != nil {
			t.Fatal(err)
		}
		_, err := s.EndNoContact(ctx, c.ID, start.Add(-time.Hour))
		wantCode(t, err, steady.EInvalid)
		wantCode(t, s.AddSlip(ctx, c.ID, &steady.Slip{At: start.Add(-time.Minute)}), steady.EInvalid)
	})

	t.Run("slips reported by hand belong to the active period", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewNoContactService(db)
		wantCode(t, s.AddSlip(ctx, c.ID, &steady.Slip{Note: "texted"}), steady.ENotFound)
		if err := s.StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID, Start: start}); err != nil {
			t.Fatal(err)
		}
		sl := &steady.Slip{At: start.Add(50 * time.Hour), Note: "called them at night"}
		if err := s.AddSlip(ctx, c.ID, sl); err != nil {
			t.Fatal(err)
		}
		now := &steady.Slip{Note: "liked a photo"}
		if err := s.AddSlip(ctx, c.ID, now); err != nil {
			t.Fatal(err)
		}
		p, err := s.ActiveNoContact(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []steady.Slip{
			{ID: sl.ID, At: start.Add(50 * time.Hour), Note: "called them at night"},
			{ID: now.ID, At: epoch, Note: "liked a photo"},
		}
		if len(p.Slips) != 2 || p.Slips[0] != want[0] || p.Slips[1] != want[1] {
			t.Errorf("slips %+v, want %+v", p.Slips, want)
		}
		if got := p.Streak(epoch.Add(36 * time.Hour)); got != 36*time.Hour {
			t.Errorf("streak %v after the last slip, want 36h", got)
		}
	})

	t.Run("the user's imported messages inside a period are slips", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewNoContactService(db)
		p := &steady.NoContactPeriod{ContactID: c.ID, Start: start}
		if err := s.StartNoContact(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndNoContact(ctx, c.ID, start.Add(72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID, Start: start.Add(100 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		call := msg(steady.SideMe, start.Add(5*time.Hour), "")
		call.Kind = steady.KindSystem
		in := []steady.Message{
			msg(steady.SideMe, start.Add(-time.Hour), "before the period"),
			msg(steady.SideMe, start.Add(time.Hour), "slip in the first"),
			msg(steady.SideThem, start.Add(2*time.Hour), "theirs is no slip"),
			call,
			msg(steady.SideMe, start.Add(80*time.Hour), "between the periods"),
			msg(steady.SideMe, start.Add(120*time.Hour), "slip in the second"),
		}
		imp := importAll(t, db, c.ID, "a.txt", in)
		if imp.Slips != 2 {
			t.Errorf("the import counted %d slips, want 2", imp.Slips)
		}
		// Importing the same export again records no slip twice.
		if again := importAll(t, db, c.ID, "a.txt", in); again.Slips != 0 {
			t.Errorf("the re-import counted %d slips, want 0", again.Slips)
		}
		ps, err := s.NoContactPeriods(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || len(ps[0].Slips) != 1 || len(ps[1].Slips) != 1 {
			t.Fatalf("periods %+v: want one slip in each", ps)
		}
		if !ps[0].Slips[0].At.Equal(start.Add(120*time.Hour)) || ps[0].Slips[0].MessageID == 0 {
			t.Errorf("second period's slip %+v, want the message at +120h", ps[0].Slips[0])
		}
		if !ps[1].Slips[0].At.Equal(start.Add(time.Hour)) || ps[1].Slips[0].MessageID == 0 {
			t.Errorf("first period's slip %+v, want the message at +1h", ps[1].Slips[0])
		}
	})

	t.Run("a period started in the past takes in the messages already imported", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		importAll(t, db, c.ID, "a.txt", []steady.Message{
			msg(steady.SideMe, start.Add(-time.Hour), "before"),
			msg(steady.SideMe, start.Add(time.Hour), "after"),
		})
		p := &steady.NoContactPeriod{ContactID: c.ID, Start: start}
		if err := sqlite.NewNoContactService(db).StartNoContact(ctx, p); err != nil {
			t.Fatal(err)
		}
		if len(p.Slips) != 1 || !p.Slips[0].At.Equal(start.Add(time.Hour)) {
			t.Errorf("slips %+v, want the message after the start", p.Slips)
		}
	})
}
