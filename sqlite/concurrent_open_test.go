package sqlite_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/steadyhq/steady/sqlite"
)

// TestOpensOfANewFileAtOnce opens one new database file from three
// handles at once, as commands started together on a new data folder do
// (two imports for one contact, say): each must open it, none fail with
// "database is locked". The collision is a matter of timing, so it is
// tried in many rounds; before the file was made whole under another
// name, 7 of 10 runs failed.
func TestOpensOfANewFileAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 180 databases; skipped with -short")
	}
	for round := range 60 {
		path := filepath.Join(t.TempDir(), fmt.Sprint(round), "steady.db")
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				db, err := sqlite.Open(path)
				if err != nil {
					t.Error(err)
					return
				}
				if err := db.Close(); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			t.Fatalf("round %d", round)
		}
		if leftover, _ := filepath.Glob(path + ".new-*"); len(leftover) > 0 {
			t.Fatalf("round %d left %v", round, leftover)
		}
	}
}
