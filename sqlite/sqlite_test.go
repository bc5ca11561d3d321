package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

// epoch is the fixed "now" of tests: the clock is an input.
var epoch = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// openDB opens a fresh database in the test's temporary folder, with the
// clock fixed at epoch, and closes it when the test ends.
func openDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	return openAt(tb, filepath.Join(tb.TempDir(), "steady.db"), sqlite.Options{})
}

// openAt opens the database at path, another DB on the same file when it
// is open already (as another process would), closed when the test ends.
func openAt(tb testing.TB, path string, opts sqlite.Options) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.OpenWith(path, opts)
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return epoch }
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// createContact saves a contact called name.
func createContact(tb testing.TB, db *sqlite.DB, name string, aliases ...string) *steady.Contact {
	tb.Helper()
	c := &steady.Contact{Name: name, Aliases: aliases}
	if err := sqlite.NewContactService(db).CreateContact(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// words to build message texts from.
var words = []string{"hi", "can", "you", "pick", "up", "the", "kids", "at", "five", "tomorrow",
	"ok", "thanks", "school", "money", "weekend", "call", "me", "when", "free", "sorry",
	"late", "again", "doctor", "appointment", "Tuesday", "fine", "no", "yes", "Émilie", "soccer"}

// genMessages makes n messages of a chat that runs from start, one every
// step, alternating sides in runs, with texts of 1-15 words and keys like
// an importer's. Message i is the same whatever n is, so that generating
// more extends an export as a later export of the same chat would.
func genMessages(n int, start time.Time, step time.Duration) []steady.Message {
	msgs := make([]steady.Message, n)
	loc := time.FixedZone("", 3600)
	for i := range msgs {
		side := steady.SideMe
		sender := "Me"
		if (i/3)%2 == 1 {
			side, sender = steady.SideThem, "Alex"
		}
		nw := 1 + (i*7)%15
		text := ""
		for w := range nw {
			if w > 0 {
				text += " "
			}
			text += words[(i*31+w*17)%len(words)]
		}
		msgs[i] = steady.Message{
			Side:   side,
			Sender: sender,
			At:     start.Add(time.Duration(i) * step).In(loc),
			Kind:   steady.KindText,
			Text:   text,
			Source: "WhatsApp Chat with Alex.txt",
			Key:    fmt.Sprintf("k%021x", uint64(i)*0x9E3779B97F4A7C15),
		}
	}
	return msgs
}

// rawDB opens a second, plain handle on db's file, for tests that look
// under the services: counting rows, checking pragmas.
func rawDB(tb testing.TB, db *sqlite.DB) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite", "file:"+db.Path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

// countRows counts the rows of table in db's file.
func countRows(tb testing.TB, db *sqlite.DB, table string) int {
	tb.Helper()
	var n int
	if err := rawDB(tb, db).QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// wantCode fails the test unless err has the steady error code want.
func wantCode(tb testing.TB, err error, want string) {
	tb.Helper()
	if got := steady.ErrorCode(err); got != want {
		tb.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
}

// importAll imports msgs for the contact as one export and returns the
// import record.
func importAll(tb testing.TB, db *sqlite.DB, contactID int64, name string, msgs []steady.Message) *steady.Import {
	tb.Helper()
	imp := &steady.Import{FileName: name, Format: "whatsapp"}
	if err := sqlite.NewMessageService(db).ImportMessages(context.Background(), contactID, imp, msgs); err != nil {
		tb.Fatal(err)
	}
	return imp
}

// msg makes a text message of side at t with a key derived from them.
func msg(side steady.Side, t time.Time, text string) steady.Message {
	sender := "Me"
	if side == steady.SideThem {
		sender = "Alex"
	}
	return steady.Message{
		Side: side, Sender: sender, At: t, Kind: steady.KindText, Text: text,
		Source: "chat.txt", Key: fmt.Sprintf("%s|%d|%s", sender, t.UnixNano(), text),
	}
}
