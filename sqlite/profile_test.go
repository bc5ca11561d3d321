package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestProfileService(t *testing.T) {
	ctx := context.Background()

	t.Run("is empty until set, then keeps what was set", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewProfileService(db)
		p, err := s.Profile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if *p != (steady.Profile{}) {
			t.Errorf("new profile %+v, want the zero profile", p)
		}
		tz := "Europe/Berlin"
		if _, err := s.UpdateProfile(ctx, steady.ProfileUpdate{TimeZone: &tz}); err != nil {
			t.Fatal(err)
		}
		p, err = s.Profile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p.TimeZone != tz || p.DumpedSet || !p.UpdatedAt.Equal(epoch) {
			t.Errorf("profile %+v: want the zone set and dumped still unanswered", p)
		}

		later := epoch.Add(time.Hour)
		db.Now = func() time.Time { return later }
		no := false
		p, err = s.UpdateProfile(ctx, steady.ProfileUpdate{Dumped: &no})
		if err != nil {
			t.Fatal(err)
		}
		want := steady.Profile{TimeZone: tz, Dumped: false, DumpedSet: true, UpdatedAt: later}
		if *p != want {
			t.Errorf("profile %+v, want %+v", p, want)
		}
		if got, _ := s.Profile(ctx); *got != want {
			t.Errorf("stored profile %+v, want %+v", got, want)
		}
	})

	t.Run("refuses an unknown time zone", func(t *testing.T) {
		db := openDB(t)
		tz := "Mars/Olympus"
		_, err := sqlite.NewProfileService(db).UpdateProfile(ctx, steady.ProfileUpdate{TimeZone: &tz})
		wantCode(t, err, steady.EInvalid)
	})
}
