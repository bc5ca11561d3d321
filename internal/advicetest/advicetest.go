// Package advicetest is a store with one contact and its history, and an
// advice service over it, for the tests of advice and of imports.
package advicetest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
	"github.com/steadyhq/steady/sqlite"
)

// Now is the fixture's clock.
var Now = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

// Fixture is a fresh store with one contact, Alex, who replies after two
// hours and wrote last five minutes before now.
func Fixture(t *testing.T) (*advice.Service, *sqlite.DB, *steady.Contact) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "steady.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return Now }
	ctx := context.Background()
	contacts := sqlite.NewContactService(db)
	c := &steady.Contact{Name: "Alex"}
	if err := contacts.CreateContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	var msgs []steady.Message
	at := Now.Add(-5*time.Minute - 38*time.Hour) // their last message: 5 min ago
	for i := 0; i < 10; i++ {
		mine := steady.Message{Side: steady.SideMe, Sender: "Sam", At: at, Text: "Can you take the kids on Saturday at 9?", Key: fmt.Sprintf("m%d", i)}
		at = at.Add(2 * time.Hour)
		theirs := steady.Message{Side: steady.SideThem, Sender: "Alex", At: at, Text: "Yes", Key: fmt.Sprintf("t%d", i)}
		at = at.Add(2 * time.Hour)
		msgs = append(msgs, mine, theirs)
	}
	if err := sqlite.NewMessageService(db).ImportMessages(ctx, c.ID, &steady.Import{FileName: "x.txt", Format: "whatsapp"}, msgs); err != nil {
		t.Fatal(err)
	}
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &advice.Service{
		Analyzer:  an,
		Profiles:  sqlite.NewProfileService(db),
		Contacts:  contacts,
		Messages:  sqlite.NewMessageService(db),
		NoContact: sqlite.NewNoContactService(db),
		History:   history.DefaultOptions(),
		Now:       func() time.Time { return Now },
		Local:     time.UTC,
	}
	return s, db, c
}
