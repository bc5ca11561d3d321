package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestHoldService(t *testing.T) {
	ctx := context.Background()

	t.Run("a hold keeps the draft and its check's context", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewHoldService(db)
		h := &steady.Hold{ContactID: c.ID, Text: "You always do this.", Goal: "kids", Mood: "angry",
			Reply: true, NoContact: false, Dumped: true, NotBefore: epoch.Add(8 * time.Hour), Reason: "you said you are angry",
			Status: steady.HoldDismissed}
		if err := s.CreateHold(ctx, h); err != nil {
			t.Fatal(err)
		}
		if h.ID == 0 || h.Status != steady.HoldWaiting || !h.CreatedAt.Equal(epoch) {
			t.Errorf("created hold %+v: want an id, waiting, created now", h)
		}
		got, err := s.FindHoldByID(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *got != *h {
			t.Errorf("stored hold %+v\nwant %+v", got, h)
		}
	})

	t.Run("bad holds are refused", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewHoldService(db)
		wantCode(t, s.CreateHold(ctx, &steady.Hold{Text: " ", NotBefore: epoch}), steady.EInvalid)
		wantCode(t, s.CreateHold(ctx, &steady.Hold{Text: "hi"}), steady.EInvalid)
		wantCode(t, s.CreateHold(ctx, &steady.Hold{Text: "hi", NotBefore: epoch, ContactID: 99}), steady.ENotFound)
		_, err := s.FindHoldByID(ctx, 1)
		wantCode(t, err, steady.ENotFound)
		_, err = s.FindHolds(ctx, steady.HoldFilter{Status: "lost"})
		wantCode(t, err, steady.EInvalid)
	})

	t.Run("due holds are the waiting ones whose time has come", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewHoldService(db)
		mk := func(text string, after time.Duration, contactID int64) *steady.Hold {
			h := &steady.Hold{ContactID: contactID, Text: text, NotBefore: epoch.Add(after)}
			if err := s.CreateHold(ctx, h); err != nil {
				t.Fatal(err)
			}
			return h
		}
		later := mk("later", 2*time.Hour, c.ID)
		soon := mk("soon", time.Hour, 0)
		released := mk("released", 30*time.Minute, c.ID)
		mk("far", 48*time.Hour, c.ID)
		if _, err := s.ReleaseHold(ctx, released.ID); err != nil {
			t.Fatal(err)
		}

		due, err := s.DueHolds(ctx, epoch.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 2 || due[0].ID != soon.ID || due[1].ID != later.ID {
			t.Errorf("due holds %+v, want soon then later", due)
		}
		mine, err := s.FindHolds(ctx, steady.HoldFilter{ContactID: c.ID, Status: steady.HoldWaiting})
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 2 || mine[0].Text != "later" || mine[1].Text != "far" {
			t.Errorf("waiting holds for the contact %+v, want later and far", mine)
		}
		all, err := s.FindHolds(ctx, steady.HoldFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 4 {
			t.Errorf("%d holds in all, want 4", len(all))
		}
	})

	t.Run("a hold closes once", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewHoldService(db)
		h := &steady.Hold{Text: "hi", NotBefore: epoch}
		if err := s.CreateHold(ctx, h); err != nil {
			t.Fatal(err)
		}
		got, err := s.DismissHold(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != steady.HoldDismissed || got.ClosedAt == nil || !got.ClosedAt.Equal(epoch) {
			t.Errorf("dismissed hold %+v", got)
		}
		_, err = s.ReleaseHold(ctx, h.ID)
		wantCode(t, err, steady.EConflict)
		_, err = s.DismissHold(ctx, 99)
		wantCode(t, err, steady.ENotFound)
	})
}
