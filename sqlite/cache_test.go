package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestCacheService(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)

	t.Run("a value holds until messages are added", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		ms := sqlite.NewMessageService(db)
		cs := sqlite.NewCacheService(db)
		importAll(t, db, c.ID, "a.txt", genMessages(10, day, time.Minute))

		wantStale(t, cs, c.ID, "rhythm")
		v, err := ms.MessagesVersion(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cv := wantStale(t, cs, c.ID, "rhythm"); cv.Version != v {
			t.Errorf("cache says version %d, messages say %d", cv.Version, v)
		}
		if err := cs.CacheValue(ctx, c.ID, "rhythm", v, []byte(`{"turns":4}`)); err != nil {
			t.Fatal(err)
		}
		if got := wantCurrent(t, cs, c.ID, "rhythm"); string(got.Value) != `{"turns":4}` || got.Version != v {
			t.Fatalf("cached %q at version %d, want {\"turns\":4} at %d", got.Value, got.Version, v)
		}
		wantStale(t, cs, c.ID, "stats")

		// A re-import adds nothing: the value stays current.
		importAll(t, db, c.ID, "a.txt", genMessages(10, day, time.Minute))
		wantCurrent(t, cs, c.ID, "rhythm")
		// New messages make it stale, and the version it tells is theirs.
		importAll(t, db, c.ID, "b.txt", genMessages(20, day, time.Minute))
		v2, err := ms.MessagesVersion(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cv := wantStale(t, cs, c.ID, "rhythm"); cv.Version != v2 || v2 == v {
			t.Errorf("after new messages: cache says version %d, messages say %d (was %d)", cv.Version, v2, v)
		}
	})

	t.Run("an unknown contact is not found", func(t *testing.T) {
		db := openDB(t)
		_, err := sqlite.NewCacheService(db).CachedValue(ctx, 99, "rhythm")
		wantCode(t, err, steady.ENotFound)
	})

	t.Run("a value computed before an import is never taken for current", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		ms := sqlite.NewMessageService(db)
		cs := sqlite.NewCacheService(db)
		// The reader reads the version, then an import lands, then the
		// reader saves what it computed from the older messages.
		v, err := ms.MessagesVersion(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		importAll(t, db, c.ID, "a.txt", genMessages(10, day, time.Minute))
		if err := cs.CacheValue(ctx, c.ID, "rhythm", v, []byte("old")); err != nil {
			t.Fatal(err)
		}
		wantStale(t, cs, c.ID, "rhythm")

		// And an older value does not replace a newer one.
		v2, _ := ms.MessagesVersion(ctx, c.ID)
		if err := cs.CacheValue(ctx, c.ID, "rhythm", v2, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if err := cs.CacheValue(ctx, c.ID, "rhythm", v, []byte("old")); err != nil {
			t.Fatal(err)
		}
		if got := wantCurrent(t, cs, c.ID, "rhythm"); string(got.Value) != "new" {
			t.Errorf("cached %q, want new", got.Value)
		}
	})

	t.Run("values go with their contact", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		cs := sqlite.NewCacheService(db)
		if err := cs.CacheValue(ctx, c.ID, "rhythm", 0, []byte("x")); err != nil {
			t.Fatal(err)
		}
		wantCode(t, cs.CacheValue(ctx, 99, "rhythm", 0, []byte("x")), steady.ENotFound)
		if err := sqlite.NewContactService(db).DeleteContact(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "cached_values"); n != 0 {
			t.Errorf("%d cached values left after forgetting the contact", n)
		}
	})
}

// wantCurrent fails unless a current value is kept under name.
func wantCurrent(t *testing.T, cs *sqlite.CacheService, contactID int64, name string) steady.Cached {
	t.Helper()
	cv, err := cs.CachedValue(context.Background(), contactID, name)
	if err != nil {
		t.Fatal(err)
	}
	if !cv.Current {
		t.Fatalf("no current %s", name)
	}
	return cv
}

// wantStale fails if a current value is kept under name, and hands back
// the version it would be filed under.
func wantStale(t *testing.T, cs *sqlite.CacheService, contactID int64, name string) steady.Cached {
	t.Helper()
	cv, err := cs.CachedValue(context.Background(), contactID, name)
	if err != nil {
		t.Fatal(err)
	}
	if cv.Current || cv.Value != nil {
		t.Fatalf("%s is current (%q), want none", name, cv.Value)
	}
	return cv
}
