package imports_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
	"github.com/steadyhq/steady/imports"
	"github.com/steadyhq/steady/sqlite"
)

// TestConcurrentImportsLeaveTrueStatistics runs two first imports for one
// contact at once: both find an empty history before either writes (a
// barrier holds each at the store until the other has looked), then they
// commit one after the other. The statistics and the rhythm kept after
// them must be those of both files, as the store holds them, not one
// file's filed under the other's version.
func TestConcurrentImportsLeaveTrueStatistics(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "steady.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	var arrived sync.WaitGroup
	arrived.Add(2)
	s := &advice.Service{
		Analyzer:  an,
		Profiles:  sqlite.NewProfileService(db),
		Contacts:  sqlite.NewContactService(db),
		Messages:  barrier{sqlite.NewMessageService(db), &arrived},
		NoContact: sqlite.NewNoContactService(db),
		Cache:     sqlite.NewCacheService(db),
		History:   history.DefaultOptions(),
		Now:       func() time.Time { return now },
		Local:     time.UTC,
	}
	im := &imports.Service{Contacts: s.Contacts, Messages: s.Messages, Advice: s}
	if _, err := imports.FindOrCreateContact(ctx, s.Contacts, "Alex"); err != nil {
		t.Fatal(err)
	}
	// Two exports of the same weeks, a conversation a day each, in the
	// morning in file 0 and in the evening in file 1, where they answer
	// after three minutes and after three hours: either file alone gives
	// another rhythm than both.
	files := make([][]steady.Message, 2)
	for f := range files {
		delay := []time.Duration{3 * time.Minute, 3 * time.Hour}[f]
		for i := range 200 {
			at := now.AddDate(0, 0, i-200).Add(time.Duration(8+10*f) * time.Hour)
			files[f] = append(files[f],
				steady.Message{Side: steady.SideMe, Sender: "Sam", At: at, Text: "Pickup at 5?", Key: fmt.Sprintf("f%d-m%d", f, i)},
				steady.Message{Side: steady.SideThem, Sender: "Alex", At: at.Add(delay), Text: "Yes", Key: fmt.Sprintf("f%d-t%d", f, i)})
		}
	}
	var wg sync.WaitGroup
	for f, msgs := range files {
		wg.Go(func() {
			imp := &steady.Import{FileName: fmt.Sprintf("chat%d.txt", f), Format: "whatsapp"}
			if _, err := im.Import(ctx, "Alex", imp, msgs, time.UTC); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	c, err := s.Contacts.FindContact(ctx, "Alex")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.Messages.CountMessages(ctx, c.ID)
	if err != nil || stored.Total != 800 {
		t.Fatalf("the store holds %+v (%v), want 800 messages", stored, err)
	}
	st, err := s.Stats(ctx, c.ID, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages.Mine != 400 || st.Messages.Theirs != 400 {
		t.Errorf("stats count %d of mine and %d of theirs, want 400 and 400 as stored", st.Messages.Mine, st.Messages.Theirs)
	}
	// The rhythm kept must be the one learned from the store afresh.
	fresh := &advice.Service{Analyzer: s.Analyzer, Profiles: s.Profiles, Contacts: s.Contacts, Messages: s.Messages,
		NoContact: s.NoContact, History: s.History, Now: s.Now, Local: s.Local}
	want, _, err := fresh.Context(ctx, advice.Request{Contact: "Alex"})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Context(ctx, advice.Request{Contact: "Alex"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Rhythm == nil || want.Rhythm == nil || *got.Rhythm != *want.Rhythm {
		t.Errorf("the saved rhythm is\n%+v\nbut the store's history gives\n%+v", got.Rhythm, want.Rhythm)
	}
}

// barrier holds each import at the store until both have arrived: each
// has then looked at the contact's history before either wrote.
type barrier struct {
	steady.MessageService
	arrived *sync.WaitGroup
}

func (b barrier) ImportMessages(ctx context.Context, contactID int64, imp *steady.Import, msgs []steady.Message) error {
	b.arrived.Done()
	b.arrived.Wait()
	return b.MessageService.ImportMessages(ctx, contactID, imp, msgs)
}

// TestFindOrCreateContactAtOnce has two imports look a new name up at
// once (a barrier holds each lookup until both have missed), so both
// create it: the one that comes second must find the other's.
func TestFindOrCreateContactAtOnce(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "steady.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var missed sync.WaitGroup
	missed.Add(2)
	contacts := &missThenMeet{ContactService: sqlite.NewContactService(db), missed: &missed}
	ids := make([]int64, 2)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			c, err := imports.FindOrCreateContact(context.Background(), contacts, "Alex")
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = c.ID
		})
	}
	wg.Wait()
	if !t.Failed() && ids[0] != ids[1] {
		t.Errorf("contacts %v, want one", ids)
	}
}

// missThenMeet makes the first lookup of each caller miss only once both
// have made it.
type missThenMeet struct {
	steady.ContactService
	missed *sync.WaitGroup
	mu     sync.Mutex
	calls  int
}

func (m *missThenMeet) FindContact(ctx context.Context, name string) (*steady.Contact, error) {
	m.mu.Lock()
	m.calls++
	first := m.calls <= 2
	m.mu.Unlock()
	if first {
		m.missed.Done()
		m.missed.Wait()
		return nil, steady.Errorf(steady.ENotFound, "no contact named %q", name)
	}
	return m.ContactService.FindContact(ctx, name)
}
