package sqlite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestCallPlanService(t *testing.T) {
	ctx := context.Background()

	t.Run("saves, updates and lists plans", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewCallPlanService(db)
		p := &steady.CallPlan{ContactID: c.ID, Goal: "agree on the summer holidays", Fear: "that they shout",
			Points: []string{"weeks 1-2 with me", "who drives"}, ExitLine: "I need to go now; let's write the rest."}
		if err := s.CreateCallPlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindCallPlanByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Goal != p.Goal || got.Fear != p.Fear || !slices.Equal(got.Points, p.Points) || got.ExitLine != p.ExitLine ||
			!got.CreatedAt.Equal(epoch) || !got.UpdatedAt.Equal(epoch) || got.ContactID != c.ID {
			t.Errorf("stored plan %+v, want %+v", got, p)
		}

		later := epoch.Add(time.Hour)
		db.Now = func() time.Time { return later }
		p.Points = append(p.Points, "the passport")
		if err := s.UpdateCallPlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err = s.FindCallPlanByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Points) != 3 || !got.CreatedAt.Equal(epoch) || !got.UpdatedAt.Equal(later) {
			t.Errorf("updated plan %+v: want 3 points, created %v, updated %v", got, epoch, later)
		}

		other := &steady.CallPlan{Goal: "practice"}
		if err := s.CreateCallPlan(ctx, other); err != nil {
			t.Fatal(err)
		}
		all, err := s.CallPlans(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[1].ID != p.ID || all[0].Points == nil {
			t.Errorf("plans %+v, want both, an empty points list not nil", all)
		}
		theirs, err := s.CallPlans(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(theirs) != 1 || theirs[0].ID != p.ID {
			t.Errorf("contact's plans %+v", theirs)
		}
	})

	t.Run("holds three points at most", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewCallPlanService(db)
		p := &steady.CallPlan{Points: []string{"a", "b", "c", "d"}}
		wantCode(t, s.CreateCallPlan(ctx, p), steady.EInvalid)
		p.Points = []string{"a", " "}
		wantCode(t, s.CreateCallPlan(ctx, p), steady.EInvalid)
		p.Points = []string{"a"}
		if err := s.CreateCallPlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		p.Points = []string{"a", "b", "c", "d"}
		wantCode(t, s.UpdateCallPlan(ctx, p), steady.EInvalid)
	})

	t.Run("unknown plans and contacts are not found", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewCallPlanService(db)
		wantCode(t, s.UpdateCallPlan(ctx, &steady.CallPlan{ID: 3}), steady.ENotFound)
		wantCode(t, s.DeleteCallPlan(ctx, 3), steady.ENotFound)
		wantCode(t, s.CreateCallPlan(ctx, &steady.CallPlan{ContactID: 3}), steady.ENotFound)
		_, err := s.FindCallPlanByID(ctx, 3)
		wantCode(t, err, steady.ENotFound)
	})
}
