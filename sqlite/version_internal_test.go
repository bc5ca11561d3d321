package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/steadyhq/steady"
)

// After its first call, DataVersion answers from the WAL index header —
// the point of it, since the PRAGMA costs a read transaction — and still
// sees the commits of connections that open, write and close beside it,
// as commands run while steady serve does.
func TestDataVersionReadsTheWALIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "steady.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	prev, err := db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		other, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := NewContactService(other).CreateContact(ctx, &steady.Contact{Name: string(rune('A' + i))}); err != nil {
			t.Fatal(err)
		}
		if err := other.Close(); err != nil {
			t.Fatal(err)
		}
		v, err := db.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v == prev {
			t.Fatalf("commit %d by a connection that then closed left the version at %d", i+1, v)
		}
		if again, _ := db.DataVersion(ctx); again != v {
			t.Fatalf("with no commit the version moved from %d to %d", v, again)
		}
		if db.versions.shm == nil {
			t.Fatalf("after commit %d the version was not read from the WAL index", i+1)
		}
		prev = v
	}
}
