package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestOpen(t *testing.T) {
	t.Run("creates a private folder and file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a", "steady")
		path := filepath.Join(dir, "steady.db")
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, c := range []struct {
			path string
			want os.FileMode
		}{{dir, 0o700 | os.ModeDir}, {path, 0o600}} {
			fi, err := os.Stat(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode() != c.want {
				t.Errorf("%s has mode %v, want %v", c.path, fi.Mode(), c.want)
			}
		}
	})

	t.Run("makes a WAL file of 16 KiB pages with foreign keys on", func(t *testing.T) {
		db := openDB(t)
		// journal_mode and page_size are kept in the file: any handle reads
		// them.
		raw := rawDB(t, db)
		var mode string
		var pageSize int
		if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || pageSize != 16384 {
			t.Errorf("journal_mode %q, page_size %d; want wal, 16384", mode, pageSize)
		}
		// Foreign keys are a setting of each connection: check they do
		// their work through a service, deleting a contact with a journal
		// entry, which only the foreign key's cascade removes.
		c := createContact(t, db, "Alex")
		if err := sqlite.NewJournalService(db).CreateJournalEntry(context.Background(), &steady.JournalEntry{ContactID: c.ID, Text: "x"}); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.NewContactService(db).DeleteContact(context.Background(), c.ID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "journal_entries"); n != 0 {
			t.Errorf("%d journal entries left after deleting their contact: foreign keys are off", n)
		}
	})

	t.Run("runs every migration once, and again on reopen runs none", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "steady.db")
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		c := createContact(t, db, "Alex")
		importAll(t, db, c.ID, "a.txt", genMessages(100, epoch, 1))
		first := countRows(t, db, "migrations")
		entries, err := filepath.Glob("migration/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		if first != len(entries) {
			t.Errorf("%d migrations recorded, want %d (one per file)", first, len(entries))
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		db, err = sqlite.Open(path)
		if err != nil {
			t.Fatalf("reopening an existing database: %v", err)
		}
		defer db.Close()
		if n := countRows(t, db, "migrations"); n != first {
			t.Errorf("%d migrations recorded after reopening, want %d", n, first)
		}
		got, err := sqlite.NewContactService(db).FindContact(context.Background(), "alex")
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := sqlite.NewMessageService(db).CountMessages(context.Background(), got.ID); n.Total != 100 {
			t.Errorf("%d messages after reopening, want 100", n.Total)
		}
	})

	t.Run("brings a database made by an older steady up to date", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "steady.db")
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		c := createContact(t, db, "Alex")
		importAll(t, db, c.ID, "a.txt", genMessages(90, epoch, 1))
		// Undo the second migration, as if the file came from a steady
		// that had only the first, with messages imported by it.
		raw := rawDB(t, db)
		for _, q := range []string{
			`DROP TABLE message_counts`,
			`DROP TABLE cached_values`,
			`ALTER TABLE contacts DROP COLUMN messages_version`,
			`DELETE FROM migrations WHERE name = 'migration/0002_counts_and_cache.sql'`,
		} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		raw.Close()
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db, err = sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		n, err := sqlite.NewMessageService(db).CountMessages(context.Background(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n.Total != 90 || n.Mine != 45 || n.Theirs != 45 {
			t.Errorf("counts after the migration %+v, want 45 and 45", n)
		}
	})

	t.Run("fails on a file that is not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "steady.db")
		if err := os.WriteFile(path, []byte("this is not an SQLite database, just some text that is long enough to hold a header"), 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := sqlite.Open(path)
		if err == nil {
			db.Close()
			t.Fatal("Open succeeded on a text file")
		}
	})
}

// DataVersion must change with every commit, of this DB's writer or of
// another process's (here, another DB on the same file), and only then.
func TestDataVersionChangesWithEveryCommit(t *testing.T) {
	ctx := context.Background()
	a := openDB(t)
	b := openAt(t, a.Path, sqlite.Options{})
	version := func() int64 {
		t.Helper()
		v, err := a.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	if v := version(); v != v0 {
		t.Fatalf("data version moved from %d to %d with no change", v0, v)
	}
	tz := "Europe/Paris"
	if _, err := sqlite.NewProfileService(a).UpdateProfile(ctx, steady.ProfileUpdate{TimeZone: &tz}); err != nil {
		t.Fatal(err)
	}
	v1 := version()
	if v1 == v0 {
		t.Fatal("a commit by the same DB's writer left the data version as it was")
	}
	if err := sqlite.NewContactService(b).CreateContact(ctx, &steady.Contact{Name: "Sam"}); err != nil {
		t.Fatal(err)
	}
	if v2 := version(); v2 == v1 {
		t.Fatal("a commit by another connection to the file left the data version as it was")
	}
}

// TestMappedReads reads, through connections that map the file, what was
// written by this process and by another connection, whether it is still
// in the WAL or folded into the file.
func TestMappedReads(t *testing.T) {
	ctx := context.Background()
	mapped := openAt(t, filepath.Join(t.TempDir(), "steady.db"), sqlite.Options{MapReads: true})
	other := openAt(t, mapped.Path, sqlite.Options{})
	// What the mapped connections count must be what the other's count.
	same := func() {
		t.Helper()
		var got [2]int
		for i, db := range []*sqlite.DB{mapped, other} {
			c, err := sqlite.NewContactService(db).FindContact(ctx, "Alex")
			if err != nil {
				t.Fatal(err)
			}
			n, err := sqlite.NewMessageService(db).CountMessages(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			got[i] = n.Total
		}
		if got[0] != got[1] || got[0] == 0 {
			t.Errorf("mapped reads count %d messages, the other connection %d", got[0], got[1])
		}
	}
	c := createContact(t, mapped, "Alex")
	importAll(t, mapped, c.ID, "a.txt", genMessages(3000, epoch, time.Minute))
	same()
	importAll(t, other, c.ID, "b.txt", genMessages(5000, epoch, time.Minute))
	same()
	if err := other.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	same()
	importAll(t, other, c.ID, "c.txt", genMessages(9000, epoch, 30*time.Second))
	same()
}
