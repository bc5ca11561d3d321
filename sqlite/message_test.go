package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestSmoke(t *testing.T) {
	db := openDB(t)
	c := createContact(t, db, "Alex")
	s := sqlite.NewMessageService(db)
	msgs := genMessages(1000, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour)
	imp := &steady.Import{FileName: "a.txt"}
	if err := s.ImportMessages(context.Background(), c.ID, imp, msgs); err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", imp)
	imp2 := &steady.Import{FileName: "a.txt"}
	if err := s.ImportMessages(context.Background(), c.ID, imp2, msgs); err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", imp2)
	got, err := s.RecentMessages(context.Background(), c.ID, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(len(got), got[0])
	found, err := s.SearchMessages(context.Background(), c.ID, "kids", 5)
	t.Log(len(found), err)
	cnt, err := s.CountMessages(context.Background(), c.ID)
	t.Logf("%+v %v", cnt, err)
}
