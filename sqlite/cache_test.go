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

		_, err := cs.CachedValue(ctx, c.ID, "rhythm")
		wantCode(t, err, steady.ENotFound)
		v, err := ms.MessagesVersion(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := cs.CacheValue(ctx, c.ID, "rhythm", v, []byte(`{"turns":4}`)); err != nil {
			t.Fatal(err)
		}
		got, err := cs.CachedValue(ctx, c.ID, "rhythm")
		if err != nil || string(got) != `{"turns":4}` {
			t.Fatalf("cached %q (err %v)", got, err)
		}
		_, err = cs.CachedValue(ctx, c.ID, "stats")
		wantCode(t, err, steady.ENotFound)

		// A re-import adds nothing: the value stays current.
		importAll(t, db, c.ID, "a.txt", genMessages(10, day, time.Minute))
		if _, err := cs.CachedValue(ctx, c.ID, "rhythm"); err != nil {
			t.Errorf("a re-import that added nothing made the value stale: %v", err)
		}
		// New messages make it stale.
		importAll(t, db, c.ID, "b.txt", genMessages(20, day, time.Minute))
		_, err = cs.CachedValue(ctx, c.ID, "rhythm")
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
		_, err = cs.CachedValue(ctx, c.ID, "rhythm")
		wantCode(t, err, steady.ENotFound)

		// And an older value does not replace a newer one.
		v2, _ := ms.MessagesVersion(ctx, c.ID)
		if err := cs.CacheValue(ctx, c.ID, "rhythm", v2, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if err := cs.CacheValue(ctx, c.ID, "rhythm", v, []byte("old")); err != nil {
			t.Fatal(err)
		}
		if got, err := cs.CachedValue(ctx, c.ID, "rhythm"); err != nil || string(got) != "new" {
			t.Errorf("cached %q (err %v), want new", got, err)
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
