package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

func TestContactService(t *testing.T) {
	ctx := context.Background()

	t.Run("keeps aliases in the order they were added, whatever they hold", func(t *testing.T) {
		db := openDB(t)
		aliases := []string{"Zoé \"Z\" 🙂", "Al\\ex", "A", "not \xff UTF-8"}
		c := createContact(t, db, "Zed", aliases...)
		bare := createContact(t, db, "Bare")
		s := sqlite.NewContactService(db)
		got, err := s.FindContact(ctx, "zed")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Aliases, aliases) {
			t.Errorf("aliases = %q, want %q", got.Aliases, aliases)
		}
		if byID, err := s.FindContactByID(ctx, c.ID); err != nil || !slices.Equal(byID.Aliases, aliases) {
			t.Errorf("by id: aliases = %q (err %v), want %q", byID.Aliases, err, aliases)
		}
		if got, err := s.FindContactByID(ctx, bare.ID); err != nil || got.Aliases == nil || len(got.Aliases) != 0 {
			t.Errorf("a contact without aliases: %#v (err %v), want an empty list", got.Aliases, err)
		}
	})

	t.Run("finds a contact by name or alias whatever the case and spacing", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Élodie Martin", "+33 6 12 34 56 78", "Lo")
		s := sqlite.NewContactService(db)
		for _, name := range []string{"Élodie Martin", "élodie martin", "ÉLODIE  MARTIN ", "+33 6 12 34 56 78", "lo", " LO"} {
			got, err := s.FindContact(ctx, name)
			if err != nil {
				t.Fatalf("FindContact(%q): %v", name, err)
			}
			if got.ID != c.ID || got.Name != "Élodie Martin" {
				t.Errorf("FindContact(%q) = %+v, want contact %d", name, got, c.ID)
			}
			if !slices.Equal(got.Aliases, []string{"+33 6 12 34 56 78", "Lo"}) {
				t.Errorf("aliases = %q", got.Aliases)
			}
			if !got.CreatedAt.Equal(epoch) {
				t.Errorf("created at %v, want %v", got.CreatedAt, epoch)
			}
		}
	})

	t.Run("an unknown name is not found", func(t *testing.T) {
		db := openDB(t)
		createContact(t, db, "Alex")
		_, err := sqlite.NewContactService(db).FindContact(ctx, "Sam")
		wantCode(t, err, steady.ENotFound)
		_, err = sqlite.NewContactService(db).FindContactByID(ctx, 99)
		wantCode(t, err, steady.ENotFound)
	})

	t.Run("a name or alias belongs to one contact only", func(t *testing.T) {
		db := openDB(t)
		createContact(t, db, "Alex", "Al")
		s := sqlite.NewContactService(db)
		for _, c := range []*steady.Contact{
			{Name: "alex"},
			{Name: "AL"},
			{Name: "Sam", Aliases: []string{"Alex"}},
		} {
			wantCode(t, s.CreateContact(ctx, c), steady.EConflict)
		}
		if n := countRows(t, db, "contacts"); n != 1 {
			t.Errorf("%d contacts after refused creations, want 1", n)
		}
	})

	t.Run("an empty name or alias is invalid", func(t *testing.T) {
		db := openDB(t)
		s := sqlite.NewContactService(db)
		wantCode(t, s.CreateContact(ctx, &steady.Contact{Name: "  "}), steady.EInvalid)
		wantCode(t, s.CreateContact(ctx, &steady.Contact{Name: "Alex", Aliases: []string{""}}), steady.EInvalid)
		c := createContact(t, db, "Alex")
		wantCode(t, s.AddAlias(ctx, c.ID, " "), steady.EInvalid)
	})

	t.Run("adding an alias makes the contact findable by it, once", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		other := createContact(t, db, "Sam")
		s := sqlite.NewContactService(db)
		for _, alias := range []string{"Alexandra", "alexandra", "Alex"} {
			if err := s.AddAlias(ctx, c.ID, alias); err != nil {
				t.Fatalf("AddAlias(%q): %v", alias, err)
			}
		}
		got, err := s.FindContact(ctx, "ALEXANDRA")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != c.ID || !slices.Equal(got.Aliases, []string{"Alexandra"}) {
			t.Errorf("got %+v, want contact %d with the one alias Alexandra", got, c.ID)
		}
		wantCode(t, s.AddAlias(ctx, other.ID, "alexandra"), steady.EConflict)
		wantCode(t, s.AddAlias(ctx, 99, "Zed"), steady.ENotFound)
	})

	t.Run("lists contacts by name", func(t *testing.T) {
		db := openDB(t)
		for _, n := range []string{"sam", "Alex", "Billie"} {
			createContact(t, db, n)
		}
		cs, err := sqlite.NewContactService(db).Contacts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range cs {
			names = append(names, c.Name)
		}
		if !slices.Equal(names, []string{"Alex", "Billie", "sam"}) {
			t.Errorf("contacts %q, want Alex, Billie, sam", names)
		}
	})

	t.Run("deleting a contact frees their names", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex", "Al")
		s := sqlite.NewContactService(db)
		if err := s.DeleteContact(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindContact(ctx, "Al")
		wantCode(t, err, steady.ENotFound)
		createContact(t, db, "Al")
		wantCode(t, s.DeleteContact(ctx, c.ID), steady.ENotFound)
	})
}
