package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestJournalService(t *testing.T) {
	ctx := context.Background()

	t.Run("keeps entries, newest first, by contact or all", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewJournalService(db)
		old := &steady.JournalEntry{ContactID: c.ID, Text: "I miss how it was.", Verdict: "dont_send", Note: "wrote it at 2am", CreatedAt: epoch.Add(-time.Hour)}
		free := &steady.JournalEntry{Text: "Nobody to send this to."}
		for _, e := range []*steady.JournalEntry{old, free} {
			if err := s.CreateJournalEntry(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if !free.CreatedAt.Equal(epoch) {
			t.Errorf("an entry without a time is made now, not %v", free.CreatedAt)
		}
		all, err := s.JournalEntries(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || *all[0] != *free || *all[1] != *old {
			t.Errorf("entries %+v, want the free one then the old one", all)
		}
		theirs, err := s.JournalEntries(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(theirs) != 1 || *theirs[0] != *old {
			t.Errorf("contact's entries %+v, want the old one", theirs)
		}
	})

	t.Run("refuses empty entries and unknown contacts", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewJournalService(db)
		wantCode(t, s.CreateJournalEntry(ctx, &steady.JournalEntry{Text: "\n"}), steady.EInvalid)
		wantCode(t, s.CreateJournalEntry(ctx, &steady.JournalEntry{Text: "hi", ContactID: 5}), steady.ENotFound)
	})

	t.Run("deletes an entry", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewJournalService(db)
		e := &steady.JournalEntry{Text: "gone soon"}
		if err := s.CreateJournalEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteJournalEntry(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.DeleteJournalEntry(ctx, e.ID), steady.ENotFound)
		if n := countRows(t, db, "journal_entries"); n != 0 {
			t.Errorf("%d entries left", n)
		}
	})
}
