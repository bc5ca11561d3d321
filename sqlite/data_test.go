package sqlite_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

// fillStore puts one of every entity in db, for two contacts, and returns
// the first contact. Each text holds marker, so that a test can look for
// it in the file.
func fillStore(t *testing.T, db *sqlite.DB, marker string) (alex, sam *steady.Contact) {
	t.Helper()
	ctx := context.Background()
	alex = createContact(t, db, "Alex", "+1 555 0100")
	sam = createContact(t, db, "Sam")
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []*steady.Contact{alex, sam} {
		if err := sqlite.NewNoContactService(db).StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID, Start: start, PlannedDays: 60}); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.NewNoContactService(db).AddSlip(ctx, c.ID, &steady.Slip{At: start.Add(time.Hour), Note: marker + " note"}); err != nil {
			t.Fatal(err)
		}
		msgs := genMessages(300, start.Add(-100*time.Hour), time.Minute)
		msgs = append(msgs, msg(steady.SideMe, start.Add(2*time.Hour), marker+" in a message"))
		importAll(t, db, c.ID, c.Name+".txt", msgs)
		if err := sqlite.NewHoldService(db).CreateHold(ctx, &steady.Hold{ContactID: c.ID, Text: marker + " held", Goal: "money", NotBefore: epoch.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.NewJournalService(db).CreateJournalEntry(ctx, &steady.JournalEntry{ContactID: c.ID, Text: marker + " unsent"}); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.NewCallPlanService(db).CreateCallPlan(ctx, &steady.CallPlan{ContactID: c.ID, Goal: marker + " call", Points: []string{"one"}}); err != nil {
			t.Fatal(err)
		}
	}
	tz, yes := "Europe/Paris", true
	if _, err := sqlite.NewProfileService(db).UpdateProfile(ctx, steady.ProfileUpdate{TimeZone: &tz, Dumped: &yes}); err != nil {
		t.Fatal(err)
	}
	// Put the marker in the search index too.
	if _, err := sqlite.NewMessageService(db).SearchMessages(ctx, alex.ID, marker, 5); err != nil {
		t.Fatal(err)
	}
	return alex, sam
}

// fileHolds reports whether the database files (the database, its WAL)
// hold text anywhere, in use or in free space.
func fileHolds(t *testing.T, db *sqlite.DB, text string) bool {
	t.Helper()
	for _, p := range []string{db.Path, db.Path + "-wal"} {
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(text)) {
			return true
		}
	}
	return false
}

func TestExport(t *testing.T) {
	ctx := context.Background()

	t.Run("exports every entity, and a restore of it exports the same", func(t *testing.T) {
		db := openDB(t)
		alex, _ := fillStore(t, db, "export")
		e, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if e.Version != steady.ExportVersion || len(e.Contacts) != 2 || len(e.Imports) != 2 || len(e.Messages) != 602 ||
			len(e.NoContactPeriods) != 2 || len(e.Holds) != 2 || len(e.Journal) != 2 || len(e.CallPlans) != 2 ||
			e.Profile.TimeZone != "Europe/Paris" {
			t.Fatalf("export holds %d contacts, %d imports, %d messages, %d periods, %d holds, %d journal entries, %d plans, profile %+v",
				len(e.Contacts), len(e.Imports), len(e.Messages), len(e.NoContactPeriods), len(e.Holds), len(e.Journal), len(e.CallPlans), e.Profile)
		}
		if e.Contacts[0].ID != alex.ID || len(e.Contacts[0].Aliases) != 1 {
			t.Errorf("first contact %+v, want Alex with an alias", e.Contacts[0])
		}
		for _, p := range e.NoContactPeriods {
			// One slip reported by hand, one the imported marker message.
			if len(p.Slips) != 2 || p.Slips[0].MessageID != 0 || p.Slips[1].MessageID == 0 {
				t.Errorf("period %+v, want a slip by hand and one from a message", p)
			}
		}

		// Through JSON, as a user's file, into a new store.
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back steady.Export
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		other := openDB(t)
		if _, err := sqlite.NewDataService(other).RestoreAll(ctx, &back); err != nil {
			t.Fatal(err)
		}
		again, err := sqlite.NewDataService(other).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Compare as JSON: instants are equal whatever their Location.
		b2, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, b2) {
			var x, y map[string]any
			json.Unmarshal(b, &x)
			json.Unmarshal(b2, &y)
			for k := range x {
				if !reflect.DeepEqual(x[k], y[k]) {
					t.Errorf("%s differs after a restore", k)
				}
			}
		}

		// The restored store works as any other: search, find by alias.
		found, err := sqlite.NewMessageService(other).SearchMessages(ctx, alex.ID, "export", 5)
		if err != nil || len(found) != 1 {
			t.Errorf("search in the restored store found %d (err %v), want 1", len(found), err)
		}
		if _, err := sqlite.NewContactService(other).FindContact(ctx, "+1 555 0100"); err != nil {
			t.Error(err)
		}
	})

	t.Run("keeps a message's original offset", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("", -5*3600))
		importAll(t, db, c.ID, "a.txt", []steady.Message{msg(steady.SideMe, at, "hi")})
		e, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(e.Messages[0])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`"at":"2025-01-02T03:04:05-05:00"`)) {
			t.Errorf("exported message %s lost its offset", b)
		}
	})

	t.Run("an empty store exports empty lists", func(t *testing.T) {
		db := openDB(t)
		e, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("null")) {
			t.Errorf("export of an empty store has nulls: %s", b)
		}
	})

	t.Run("refuses a backup of a newer version, saying so", func(t *testing.T) {
		db := openDB(t)
		fillStore(t, db, "x")
		e, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		e.Version = steady.ExportVersion + 1
		_, err = sqlite.NewDataService(openDB(t)).RestoreAll(ctx, e)
		wantCode(t, err, steady.EInvalid)
		if err == nil || !strings.Contains(err.Error(), "newer steady") {
			t.Errorf("error %v does not say the backup is newer", err)
		}
	})

	t.Run("a restore that does not hold together adds nothing", func(t *testing.T) {
		db := openDB(t)
		fillStore(t, db, "x")
		e, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		e.Messages[len(e.Messages)-1].ContactID = 42
		other := openDB(t)
		_, err = sqlite.NewDataService(other).RestoreAll(ctx, e)
		wantCode(t, err, steady.EInvalid)
		if n := countRows(t, other, "contacts") + countRows(t, other, "messages"); n != 0 {
			t.Errorf("%d rows left by a failed restore", n)
		}
	})
}

func TestForget(t *testing.T) {
	ctx := context.Background()

	t.Run("forgetting a contact removes all of their data and only theirs", func(t *testing.T) {
		db := openDB(t)
		alex, sam := fillStore(t, db, "kept")
		// Alex's own marker, in every table that holds text.
		ctxAlex := "zqxwvalexonly"
		importAll(t, db, alex.ID, "late.txt", []steady.Message{msg(steady.SideThem, epoch, ctxAlex+" words")})
		if err := sqlite.NewJournalService(db).CreateJournalEntry(ctx, &steady.JournalEntry{ContactID: alex.ID, Text: ctxAlex}); err != nil {
			t.Fatal(err)
		}
		if _, err := sqlite.NewMessageService(db).SearchMessages(ctx, alex.ID, ctxAlex, 1); err != nil {
			t.Fatal(err)
		}
		if !fileHolds(t, db, ctxAlex) {
			t.Fatal("the database files do not hold the contact's words before forgetting: the test would prove nothing")
		}
		before, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}

		if err := sqlite.NewContactService(db).DeleteContact(ctx, alex.ID); err != nil {
			t.Fatal(err)
		}
		after, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// What is left is exactly what belonged to Sam.
		for _, c := range after.Contacts {
			if c.ID != sam.ID {
				t.Errorf("contact %+v left", c)
			}
		}
		count := func(e *steady.Export, id int64) (n int) {
			for _, m := range e.Messages {
				if m.ContactID == id {
					n++
				}
			}
			for _, x := range e.Imports {
				if x.ContactID == id {
					n++
				}
			}
			for _, x := range e.NoContactPeriods {
				if x.ContactID == id {
					n++
				}
			}
			for _, x := range e.Holds {
				if x.ContactID == id {
					n++
				}
			}
			for _, x := range e.Journal {
				if x.ContactID == id {
					n++
				}
			}
			for _, x := range e.CallPlans {
				if x.ContactID == id {
					n++
				}
			}
			return n
		}
		if n := count(after, alex.ID); n != 0 {
			t.Errorf("%d rows of the forgotten contact left", n)
		}
		if a, b := count(before, sam.ID), count(after, sam.ID); a != b || a == 0 {
			t.Errorf("the other contact had %d rows and has %d", a, b)
		}
		for _, table := range []string{"contact_names", "message_labels", "slips"} {
			var n int
			if err := rawDB(t, db).QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE `+map[string]string{
				"contact_names": "contact_id = ?", "message_labels": "contact_id = ?",
				"slips": "period_id NOT IN (SELECT id FROM nocontact_periods) AND ? > 0"}[table], alex.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d rows of %s left for the forgotten contact", n, table)
			}
		}
		if found, err := sqlite.NewMessageService(db).SearchMessages(ctx, sam.ID, "kept", 5); err != nil || len(found) == 0 {
			t.Errorf("the other contact's search broke: %d found, err %v", len(found), err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if fileHolds(t, db, ctxAlex) {
			t.Error("the database file still holds the forgotten contact's words")
		}
		if !fileHolds(t, db, "kept") {
			t.Error("the database file lost the other contact's words: the check above proves nothing")
		}
	})

	t.Run("forgetting the only contact scrubs the file too", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		msgs := genMessages(5000, epoch, time.Minute)
		msgs = append(msgs, msg(steady.SideMe, epoch.Add(-time.Hour), "zqxwvsolecontact"))
		importAll(t, db, c.ID, "a.txt", msgs)
		if _, err := sqlite.NewMessageService(db).SearchMessages(ctx, c.ID, "zqxwvsolecontact", 1); err != nil {
			t.Fatal(err)
		}
		if !fileHolds(t, db, "zqxwvsolecontact") {
			t.Fatal("the files do not hold the words before forgetting: the test would prove nothing")
		}
		// What earlier builds kept beside the database goes too.
		leftovers := []string{db.Path + "-kept", db.Path + "-kept.tmp", db.Path + "-kept.lock"}
		for _, p := range leftovers {
			if err := os.WriteFile(p, []byte("Alex"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := sqlite.NewContactService(db).DeleteContact(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "messages"); n != 0 {
			t.Errorf("%d messages left", n)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if fileHolds(t, db, "zqxwvsolecontact") {
			t.Error("the database file still holds the forgotten contact's words")
		}
		for _, p := range leftovers {
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				t.Errorf("%s is still there after forget (stat: %v)", filepath.Base(p), err)
			}
		}
	})

	t.Run("forgetting all leaves an empty store that works", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "steady.db")
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return epoch }
		alex, _ := fillStore(t, db, "zqxwvforgetall")
		if err := sqlite.NewDataService(db).ForgetAll(ctx); err != nil {
			t.Fatal(err)
		}
		e, err := sqlite.NewDataService(db).ExportAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Contacts)+len(e.Imports)+len(e.Messages)+len(e.NoContactPeriods)+len(e.Holds)+len(e.Journal)+len(e.CallPlans) != 0 ||
			e.Profile != (steady.Profile{}) {
			t.Errorf("after forgetting all the export holds %+v", e)
		}
		for _, table := range []string{"contact_names", "message_labels", "slips", "messages_fts"} {
			if n := countRows(t, db, table); n != 0 {
				t.Errorf("%d rows left in %s", n, table)
			}
		}
		// The store goes on: a new contact, an import, a search.
		c := createContact(t, db, "Alex")
		if c.ID == alex.ID {
			t.Errorf("the new contact got the forgotten one's id %d", c.ID)
		}
		importAll(t, db, c.ID, "a.txt", []steady.Message{msg(steady.SideMe, epoch, "a fresh start")})
		if found, err := sqlite.NewMessageService(db).SearchMessages(ctx, c.ID, "fresh", 5); err != nil || len(found) != 1 {
			t.Errorf("search after forgetting all found %d (err %v), want 1", len(found), err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if fileHolds(t, db, "zqxwvforgetall") {
			t.Error("the database file still holds forgotten words")
		}
	})
}
