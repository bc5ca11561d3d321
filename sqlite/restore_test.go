package sqlite_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

// exportJSON is the store's export as the user's file holds it.
func exportJSON(t *testing.T, db *sqlite.DB) []byte {
	t.Helper()
	e, err := sqlite.NewDataService(db).ExportAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeExport reads an export back as restore reads a file.
func decodeExport(t *testing.T, b []byte) *steady.Export {
	t.Helper()
	e, err := steady.DecodeExport(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// sameJSON reports the top-level keys in which two exports differ.
func sameJSON(t *testing.T, a, b []byte) {
	t.Helper()
	if bytes.Equal(a, b) {
		return
	}
	var x, y map[string]any
	json.Unmarshal(a, &x)
	json.Unmarshal(b, &y)
	for k := range x {
		if !reflect.DeepEqual(x[k], y[k]) {
			t.Errorf("%s differs", k)
		}
	}
}

func TestRestore(t *testing.T) {
	ctx := context.Background()

	t.Run("export, forget everything, restore, export gives the same document", func(t *testing.T) {
		db := openDB(t)
		alex, _ := fillStore(t, db, "round")
		before := exportJSON(t, db)
		if err := sqlite.NewDataService(db).ForgetAll(ctx); err != nil {
			t.Fatal(err)
		}
		r, err := sqlite.NewDataService(db).RestoreAll(ctx, decodeExport(t, before))
		if err != nil {
			t.Fatal(err)
		}
		if r.Merged || !r.Profile || r.Contacts.Added != 2 || r.Messages.Added != 602 || r.Slips.Added != 4 || r.Messages.Already != 0 {
			t.Errorf("restored %+v", r)
		}
		sameJSON(t, before, exportJSON(t, db))
		// Search, rhythm and counts work on what came back.
		if found, err := sqlite.NewMessageService(db).SearchMessages(ctx, alex.ID, "round", 5); err != nil || len(found) != 1 {
			t.Errorf("search after the restore found %d (err %v), want 1", len(found), err)
		}
		if n, err := sqlite.NewMessageService(db).CountMessages(ctx, alex.ID); err != nil || n.Total != 301 {
			t.Errorf("counts after the restore: %+v, %v", n, err)
		}
	})

	t.Run("a backup merges into a store with data, each record once", func(t *testing.T) {
		db := openDB(t)
		fillStore(t, db, "here")
		other := openDB(t)
		fillStore(t, other, "there")
		backup := decodeExport(t, exportJSON(t, other))
		r, err := sqlite.NewDataService(db).RestoreAll(ctx, backup)
		if err != nil {
			t.Fatal(err)
		}
		// Same contacts, imports (the same file at the same moment),
		// periods and generated messages; the marked message, slip, hold,
		// entry and plan of each are new.
		want := steady.Restored{Merged: true,
			Contacts: steady.RestoredCount{Already: 2}, Imports: steady.RestoredCount{Already: 2},
			Messages: steady.RestoredCount{Added: 2, Already: 600}, NoContactPeriods: steady.RestoredCount{Already: 2},
			Slips: steady.RestoredCount{Added: 4}, Holds: steady.RestoredCount{Added: 2},
			Journal: steady.RestoredCount{Added: 2}, CallPlans: steady.RestoredCount{Added: 2}}
		if *r != want {
			t.Errorf("restored %+v\nwant     %+v", *r, want)
		}
		again, err := sqlite.NewDataService(db).RestoreAll(ctx, backup)
		if err != nil {
			t.Fatal(err)
		}
		if again.Contacts.Added+again.Imports.Added+again.Messages.Added+again.NoContactPeriods.Added+again.Slips.Added+
			again.Holds.Added+again.Journal.Added+again.CallPlans.Added != 0 {
			t.Errorf("restoring the same backup twice added %+v", again)
		}
		if n := countRows(t, db, "messages"); n != 604 {
			t.Errorf("%d messages, want 604", n)
		}
		alex, err := sqlite.NewContactService(db).FindContact(ctx, "Alex")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := sqlite.NewMessageService(db).CountMessages(ctx, alex.ID); err != nil || n.Total != 302 {
			t.Errorf("Alex's counts after the merge: %+v, %v", n, err)
		}
		if found, err := sqlite.NewMessageService(db).SearchMessages(ctx, alex.ID, "there", 5); err != nil || len(found) != 1 {
			t.Errorf("search for the merged message found %d (err %v), want 1", len(found), err)
		}
		// The imported slip points at the merged message.
		ps, err := sqlite.NewNoContactService(db).NoContactPeriods(ctx, alex.ID)
		if err != nil {
			t.Fatal(err)
		}
		withMessage := 0
		for _, sl := range ps[0].Slips {
			if sl.MessageID != 0 {
				withMessage++
			}
		}
		if len(ps) != 1 || len(ps[0].Slips) != 4 || withMessage != 2 {
			t.Errorf("Alex's periods after the merge: %+v", ps)
		}
	})

	t.Run("a merge takes only the settings the store has not set", func(t *testing.T) {
		db := openDB(t)
		tz := "Europe/Berlin"
		if _, err := sqlite.NewProfileService(db).UpdateProfile(ctx, steady.ProfileUpdate{TimeZone: &tz}); err != nil {
			t.Fatal(err)
		}
		other := openDB(t)
		fillStore(t, other, "x") // Europe/Paris, dumped
		if _, err := sqlite.NewDataService(db).RestoreAll(ctx, decodeExport(t, exportJSON(t, other))); err != nil {
			t.Fatal(err)
		}
		p, err := sqlite.NewProfileService(db).Profile(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p.TimeZone != "Europe/Berlin" || !p.DumpedSet || !p.Dumped {
			t.Errorf("profile after the merge: %+v", p)
		}
	})

	t.Run("two running periods for one contact are refused, and nothing is added", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		if err := sqlite.NewNoContactService(db).StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID, Start: epoch}); err != nil {
			t.Fatal(err)
		}
		other := openDB(t)
		fillStore(t, other, "x")
		before := exportJSON(t, db)
		_, err := sqlite.NewDataService(db).RestoreAll(ctx, decodeExport(t, exportJSON(t, other)))
		wantCode(t, err, steady.EConflict)
		sameJSON(t, before, exportJSON(t, db))
	})

	t.Run("a merged contact gets the backup's aliases, found under any of them", func(t *testing.T) {
		db := openDB(t)
		createContact(t, db, "alex") // the same name, written otherwise
		other := openDB(t)
		createContact(t, other, "Alex", "+1 555 0100")
		if _, err := sqlite.NewDataService(db).RestoreAll(ctx, decodeExport(t, exportJSON(t, other))); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "contacts"); n != 1 {
			t.Errorf("%d contacts, want 1", n)
		}
		if _, err := sqlite.NewContactService(db).FindContact(ctx, "+1 555 0100"); err != nil {
			t.Error(err)
		}
	})
}
