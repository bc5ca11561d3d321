package imports_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/imports"
	"github.com/steadyhq/steady/internal/advicetest"
	"github.com/steadyhq/steady/sqlite"
)

var now = advicetest.Now

// fixture is advicetest's store with Alex, whose history was imported
// without the services (nothing cached), and the advice and import
// services over it, the advice service's cache counting writes.
func fixture(t *testing.T) (*imports.Service, *advice.Service, *writeCounter) {
	t.Helper()
	a, db, _ := advicetest.Fixture(t)
	cache := &writeCounter{CacheService: sqlite.NewCacheService(db)}
	a.Cache = cache
	return &imports.Service{Contacts: a.Contacts, Messages: a.Messages, Advice: a}, a, cache
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	s, a, _ := fixture(t)
	msgs := []steady.Message{
		{Side: steady.SideMe, Sender: "Sam", At: now.Add(-2 * time.Hour), Text: "Pickup at 5?", Key: "a"},
		{Side: steady.SideThem, Sender: "Jo Smith", At: now.Add(-time.Hour), Text: "Yes", Key: "b"},
	}
	imp := &steady.Import{FileName: "jo.txt", Format: "whatsapp"}
	c, err := s.Import(ctx, "Jo", imp, msgs, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Added != 2 || !slices.Contains(c.Aliases, "Jo Smith") {
		t.Fatalf("added %d, aliases %v; want 2 and the export's name as an alias", imp.Added, c.Aliases)
	}
	again := &steady.Import{FileName: "jo.txt", Format: "whatsapp"}
	c2, err := s.Import(ctx, "jo smith", again, msgs, time.UTC)
	if err != nil || c2.ID != c.ID || again.Added != 0 {
		t.Fatalf("re-import under the alias: contact %v (want %d), added %d, err %v", c2, c.ID, again.Added, err)
	}
	// The first import learned the statistics: reading them must not read
	// the messages.
	a.Messages = noReads{a.Messages, t}
	st, err := a.Stats(ctx, c.ID, time.UTC)
	if err != nil || st.Messages.Mine != 1 || st.Messages.Theirs != 1 {
		t.Fatalf("stats %+v, %v", st, err)
	}
}

// An import that adds messages to a history already in the store learns
// the rhythm again, so that the checks after it read no message.
func TestALaterImportLearnsTheRhythm(t *testing.T) {
	ctx := context.Background()
	s, a, cache := fixture(t)
	late := now.Add(-time.Minute)
	more := []steady.Message{{Side: steady.SideThem, Sender: "Alex", At: late, Text: "ok", Key: "late"}}
	c, err := s.Import(ctx, "Alex", &steady.Import{FileName: "y.txt", Format: "whatsapp"}, more, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if cache.writes == 0 {
		t.Fatal("the import learned no rhythm")
	}
	a.Messages = noWindowReads{a.Messages, t}
	got, contact, err := a.Context(ctx, advice.Request{Contact: "Alex"})
	if err != nil || contact.ID != c.ID || got.Rhythm == nil || !got.Rhythm.LastTheirAt.Equal(late) {
		t.Fatalf("rhythm after the import: %+v, %v", got.Rhythm, err)
	}
}

// writeCounter counts what is written to the cache.
type writeCounter struct {
	steady.CacheService
	writes int
}

func (w *writeCounter) CacheValue(ctx context.Context, contactID int64, name string, version int64, value []byte) error {
	w.writes++
	return w.CacheService.CacheValue(ctx, contactID, name, version, value)
}

// noReads fails the test when the history is read in full.
type noReads struct {
	steady.MessageService
	t *testing.T
}

func (n noReads) MessagesBetween(context.Context, int64, time.Time, time.Time) ([]steady.Message, error) {
	n.t.Fatal("the statistics were computed again instead of read from the cache")
	return nil, nil
}

// noWindowReads fails the test when the rhythm window is read. The last
// few messages, which the user's style is read from (a zero since), may be.
type noWindowReads struct {
	steady.MessageService
	t *testing.T
}

func (n noWindowReads) RecentMessages(ctx context.Context, contactID int64, since time.Time, atLeast int) ([]steady.Message, error) {
	if !since.IsZero() {
		n.t.Fatal("the rhythm was computed again instead of read from the cache")
	}
	return n.MessageService.RecentMessages(ctx, contactID, since, atLeast)
}
