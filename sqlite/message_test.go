package sqlite_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

// texts returns the texts of msgs, in order.
func texts(msgs []steady.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Text
	}
	return out
}

func TestImportMessages(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)

	t.Run("adds the messages and records the import", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		msgs := genMessages(1000, day, time.Minute)
		imp := &steady.Import{FileName: "WhatsApp Chat with Alex.txt", FileHash: "abc123", Format: "whatsapp", Skipped: 7}
		if err := sqlite.NewMessageService(db).ImportMessages(ctx, c.ID, imp, msgs); err != nil {
			t.Fatal(err)
		}
		want := steady.Import{ID: imp.ID, ContactID: c.ID, FileName: "WhatsApp Chat with Alex.txt", FileHash: "abc123",
			Format: "whatsapp", Read: 1000, Added: 1000, Duplicate: 0, Skipped: 7, At: epoch, Version: 1, First: true}
		if *imp != want {
			t.Errorf("import = %+v\nwant %+v", *imp, want)
		}
		// The version and whether the history was empty are the
		// transaction's word to its caller, not kept.
		want.Version, want.First = 0, false
		imps, err := sqlite.NewMessageService(db).Imports(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(imps) != 1 || *imps[0] != want {
			t.Errorf("stored imports = %+v, want the one %+v", imps, want)
		}
		if n := countRows(t, db, "messages"); n != 1000 {
			t.Errorf("%d messages stored, want 1000", n)
		}
	})

	t.Run("keeps every field, the offset of the instant included", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		india := time.FixedZone("", 5*3600+1800)
		in := []steady.Message{
			{Side: steady.SideMe, Sender: "Me", At: time.Date(2025, 5, 1, 9, 15, 30, 250e6, india), Kind: steady.KindText, Text: "On my way 🚗", Source: "a.txt", Key: "k1"},
			{Side: steady.SideThem, Sender: "Alex \u200e", At: time.Date(2025, 5, 1, 5, 0, 0, 0, time.UTC), Kind: steady.KindMedia, Text: "", Source: "a.txt", Key: "k2"},
			{Side: steady.SideOther, Sender: "Grandma", At: time.Date(2025, 5, 1, 5, 1, 0, 0, time.FixedZone("", -7*3600)), Kind: steady.KindSystem, Text: "Grandma joined", Source: "b.txt", Key: "k3"},
			{Side: steady.SideUnknown, Sender: "", At: time.Date(2025, 5, 1, 12, 2, 0, 0, time.UTC), Kind: steady.KindDeleted, Text: "", Source: "b.txt", Key: "k4"},
		}
		importAll(t, db, c.ID, "a.txt", in)
		got, err := sqlite.NewMessageService(db).MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(in) {
			t.Fatalf("got %d messages, want %d", len(got), len(in))
		}
		// Stored order is by instant: 9:15:30 +05:30 is 03:45:30 UTC, first.
		for i, w := range in {
			g := got[i]
			_, wantOff := w.At.Zone()
			_, gotOff := g.At.Zone()
			if g.ID == 0 || g.ContactID != c.ID || g.Side != w.Side || g.Sender != w.Sender || !g.At.Equal(w.At) ||
				gotOff != wantOff || g.Kind != w.Kind || g.Text != w.Text || g.Source != w.Source || g.Key != w.Key {
				t.Errorf("message %d = %+v (offset %d)\nwant %+v (offset %d)", i, g, gotOff, w, wantOff)
			}
		}
	})

	t.Run("re-importing the same export adds nothing", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		msgs := genMessages(500, day, time.Minute)
		importAll(t, db, c.ID, "a.txt", msgs)
		again := importAll(t, db, c.ID, "a.txt", msgs)
		if again.Read != 500 || again.Added != 0 || again.Duplicate != 500 {
			t.Errorf("re-import read %d, added %d, duplicate %d; want 500, 0, 500", again.Read, again.Added, again.Duplicate)
		}
		if n := countRows(t, db, "messages"); n != 500 {
			t.Errorf("%d messages stored, want 500", n)
		}
		if n := countRows(t, db, "imports"); n != 2 {
			t.Errorf("%d imports recorded, want 2", n)
		}
	})

	t.Run("a later export that overlaps adds only what is new", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		// The later export runs further and, as real exports do, starts
		// later too: messages 300-999 of which 300-599 were imported.
		all := genMessages(1000, day, time.Minute)
		importAll(t, db, c.ID, "old.txt", all[:600])
		later := importAll(t, db, c.ID, "new.txt", all[300:])
		if later.Read != 700 || later.Added != 400 || later.Duplicate != 300 {
			t.Errorf("overlapping import read %d, added %d, duplicate %d; want 700, 400, 300", later.Read, later.Added, later.Duplicate)
		}
		got, err := sqlite.NewMessageService(db).MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(texts(got), texts(all)) {
			t.Errorf("stored history differs from the chat: %d messages, want %d", len(got), len(all))
		}
	})

	t.Run("a message twice in one export is stored once", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		m := msg(steady.SideMe, day, "ok")
		imp := importAll(t, db, c.ID, "a.txt", []steady.Message{m, msg(steady.SideThem, day, "ok"), m})
		if imp.Added != 2 || imp.Duplicate != 1 {
			t.Errorf("added %d, duplicate %d; want 2, 1", imp.Added, imp.Duplicate)
		}
	})

	t.Run("the same key at another instant is another message", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		a := msg(steady.SideMe, day, "ok")
		b := a
		b.At = day.Add(time.Hour)
		imp := importAll(t, db, c.ID, "a.txt", []steady.Message{a, b})
		if imp.Added != 2 {
			t.Errorf("added %d, want 2", imp.Added)
		}
	})

	t.Run("messages at one instant keep the export's order", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		// WhatsApp gives minutes: a quick exchange shares one instant.
		in := []steady.Message{
			msg(steady.SideThem, day, "are you coming"),
			msg(steady.SideMe, day, "yes"),
			msg(steady.SideThem, day, "good"),
			msg(steady.SideMe, day, "see you"),
		}
		importAll(t, db, c.ID, "a.txt", in)
		got, err := sqlite.NewMessageService(db).RecentMessages(ctx, c.ID, day, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(texts(got), texts(in)) {
			t.Errorf("order %q, want %q", texts(got), texts(in))
		}
	})

	t.Run("a bad message anywhere adds nothing at all", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			bad  func(*steady.Message)
		}{
			{"without a key", func(m *steady.Message) { m.Key = "" }},
			{"without a time", func(m *steady.Message) { m.At = time.Time{} }},
			{"at an offset no zone has", func(m *steady.Message) { m.At = m.At.In(time.FixedZone("", 20*3600)) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				db := openDB(t)
				c := createContact(t, db, "Alex")
				msgs := genMessages(2000, day, time.Minute)
				tc.bad(&msgs[1500])
				err := sqlite.NewMessageService(db).ImportMessages(ctx, c.ID, &steady.Import{FileName: "a.txt"}, msgs)
				wantCode(t, err, steady.EInvalid)
				if !strings.Contains(err.Error(), "message 1501 of a.txt") {
					t.Errorf("error %q does not say which message of which file", err)
				}
				if n := countRows(t, db, "messages") + countRows(t, db, "imports"); n != 0 {
					t.Errorf("%d rows written by a failed import", n)
				}
			})
		}
	})

	t.Run("a cancelled import adds nothing", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewMessageService(db)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		s.Progress = func(done, total int) {
			if done >= total/2 {
				cancel()
			}
		}
		err := s.ImportMessages(cctx, c.ID, &steady.Import{FileName: "a.txt"}, genMessages(5000, day, time.Minute))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n := countRows(t, db, "messages") + countRows(t, db, "imports"); n != 0 {
			t.Errorf("%d rows written by a cancelled import", n)
		}
		// The connection went back to the pool in a usable state.
		importAll(t, db, c.ID, "a.txt", genMessages(10, day, time.Minute))
	})

	t.Run("progress counts up to the number of messages", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewMessageService(db)
		var calls []int
		s.Progress = func(done, total int) {
			if total != 1000 {
				t.Errorf("progress total %d, want 1000", total)
			}
			calls = append(calls, done)
		}
		if err := s.ImportMessages(ctx, c.ID, &steady.Import{}, genMessages(1000, day, time.Minute)); err != nil {
			t.Fatal(err)
		}
		if len(calls) < 2 || !slices.IsSorted(calls) || calls[len(calls)-1] != 1000 {
			t.Errorf("progress calls %v: want several, rising to 1000", calls)
		}
	})

	t.Run("an unknown contact is not found", func(t *testing.T) {
		db := openDB(t)
		err := sqlite.NewMessageService(db).ImportMessages(ctx, 42, &steady.Import{}, genMessages(3, day, time.Minute))
		wantCode(t, err, steady.ENotFound)
	})
}

func TestBeginImport(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)

	t.Run("batches commit together and readers see none of them before", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewMessageService(db)
		imp := &steady.Import{FileName: "a.txt"}
		mi, err := s.BeginImport(ctx, c.ID, imp)
		if err != nil {
			t.Fatal(err)
		}
		defer mi.Rollback()
		all := genMessages(1000, day, time.Minute)
		for start := 0; start < len(all); start += 300 {
			if err := mi.Add(ctx, all[start:min(start+300, len(all))]); err != nil {
				t.Fatal(err)
			}
			n, err := s.CountMessages(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if n.Total != 0 {
				t.Fatalf("a reader sees %d messages of an import not committed", n.Total)
			}
		}
		if err := mi.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if imp.Added != 1000 {
			t.Errorf("added %d, want 1000", imp.Added)
		}
		if n, _ := s.CountMessages(ctx, c.ID); n.Total != 1000 {
			t.Errorf("%d messages after commit, want 1000", n.Total)
		}
		if err := mi.Rollback(); err != nil {
			t.Errorf("Rollback after Commit: %v", err)
		}
	})

	t.Run("a rolled-back import leaves nothing", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		mi, err := sqlite.NewMessageService(db).BeginImport(ctx, c.ID, &steady.Import{})
		if err != nil {
			t.Fatal(err)
		}
		if err := mi.Add(ctx, genMessages(700, day, time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := mi.Rollback(); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "messages") + countRows(t, db, "imports") + countRows(t, db, "message_labels"); n != 0 {
			t.Errorf("%d rows left by a rolled-back import", n)
		}
		if err := mi.Commit(ctx); err == nil {
			t.Error("Commit after Rollback succeeded")
		}
	})

	t.Run("after a failed batch the import cannot be committed", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		mi, err := sqlite.NewMessageService(db).BeginImport(ctx, c.ID, &steady.Import{})
		if err != nil {
			t.Fatal(err)
		}
		defer mi.Rollback()
		if err := mi.Add(ctx, genMessages(10, day, time.Minute)); err != nil {
			t.Fatal(err)
		}
		wantCode(t, mi.Add(ctx, []steady.Message{{At: day}}), steady.EInvalid)
		if err := mi.Add(ctx, genMessages(10, day, time.Minute)); err == nil {
			t.Error("Add after a failed Add succeeded")
		}
		if err := mi.Commit(ctx); err == nil {
			t.Error("Commit after a failed Add succeeded")
		}
		mi.Rollback()
		if n := countRows(t, db, "messages"); n != 0 {
			t.Errorf("%d messages left by a failed import", n)
		}
	})

	t.Run("other writers wait for the import and then go on", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		mi, err := sqlite.NewMessageService(db).BeginImport(ctx, c.ID, &steady.Import{})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			done <- sqlite.NewJournalService(db).CreateJournalEntry(ctx, &steady.JournalEntry{Text: "not now"})
		}()
		select {
		case err := <-done:
			t.Fatalf("a write went through during an import (err %v)", err)
		case <-time.After(50 * time.Millisecond):
		}
		if err := mi.Add(ctx, genMessages(10, day, time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := mi.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatalf("the waiting write failed: %v", err)
		}
	})
}

func TestReadMessages(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	// One message an hour for 30 days: 720 messages, message i at day+i h.
	setup := func(t *testing.T) (*sqlite.DB, *steady.Contact, *sqlite.MessageService) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		importAll(t, db, c.ID, "a.txt", genMessages(720, day, time.Hour))
		return db, c, sqlite.NewMessageService(db)
	}

	t.Run("recent messages are those since a time, and at least the last N", func(t *testing.T) {
		_, c, s := setup(t)
		last := day.Add(719 * time.Hour)
		for _, tc := range []struct {
			name      string
			since     time.Time
			atLeast   int
			wantFirst time.Time
			wantN     int
		}{
			{"the window holds more than N", last.Add(-47 * time.Hour), 10, last.Add(-47 * time.Hour), 48},
			{"N reaches further back than the window", last.Add(-9 * time.Hour), 30, last.Add(-29 * time.Hour), 30},
			{"N beyond the whole history gives it all", last, 5000, day, 720},
			{"no N gives the window alone", last.Add(-2 * time.Hour), 0, last.Add(-2 * time.Hour), 3},
			{"no since gives the last N alone", time.Time{}, 4, last.Add(-3 * time.Hour), 4},
			{"a window after the last message with no N is empty", last.Add(time.Hour), 0, time.Time{}, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.RecentMessages(ctx, c.ID, tc.since, tc.atLeast)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != tc.wantN {
					t.Fatalf("got %d messages, want %d", len(got), tc.wantN)
				}
				if tc.wantN > 0 && (!got[0].At.Equal(tc.wantFirst) || !got[len(got)-1].At.Equal(last)) {
					t.Errorf("messages run %v to %v, want %v to %v", got[0].At, got[len(got)-1].At, tc.wantFirst, last)
				}
				if !slices.IsSortedFunc(got, func(a, b steady.Message) int { return a.At.Compare(b.At) }) {
					t.Error("messages are not in time order")
				}
			})
		}
	})

	t.Run("the last message is the newest that counts for rhythm", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewMessageService(db)
		_, err := s.LastMessage(ctx, c.ID)
		wantCode(t, err, steady.ENotFound)

		sys := msg(steady.SideOther, day.Add(3*time.Hour), "Missed voice call")
		sys.Kind = steady.KindSystem
		del := msg(steady.SideThem, day.Add(2*time.Hour), "")
		del.Kind = steady.KindDeleted
		importAll(t, db, c.ID, "a.txt", []steady.Message{
			msg(steady.SideMe, day, "first"),
			msg(steady.SideThem, day.Add(time.Hour), "their last words"),
			del, sys,
		})
		got, err := s.LastMessage(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != "their last words" || got.Side != steady.SideThem {
			t.Errorf("last message %+v, want their last words", got)
		}
	})

	t.Run("messages between two times include the start and not the end", func(t *testing.T) {
		_, c, s := setup(t)
		got, err := s.MessagesBetween(ctx, c.ID, day.Add(24*time.Hour), day.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 24 || !got[0].At.Equal(day.Add(24*time.Hour)) || !got[23].At.Equal(day.Add(47*time.Hour)) {
			t.Errorf("got %d messages from %v", len(got), got)
		}
		from, err := s.MessagesBetween(ctx, c.ID, day.Add(700*time.Hour), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(from) != 20 {
			t.Errorf("open end: %d messages, want 20", len(from))
		}
	})

	t.Run("counts the messages by side", func(t *testing.T) {
		_, c, s := setup(t)
		got, err := s.CountMessages(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// genMessages alternates runs of three: me, me, me, them, them, them…
		want := steady.MessageCounts{Mine: 360, Theirs: 360, Total: 720, First: day, Last: day.Add(719 * time.Hour)}
		if *got != want {
			t.Errorf("counts %+v, want %+v", *got, want)
		}
	})

	t.Run("counts stay right through re-imports and overlapping imports", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewMessageService(db)
		all := genMessages(1000, day, time.Minute)
		// Batches that are partly new, wholly new and wholly old.
		importAll(t, db, c.ID, "a.txt", all[100:350])
		importAll(t, db, c.ID, "b.txt", all[:700])
		importAll(t, db, c.ID, "c.txt", all[:700])
		importAll(t, db, c.ID, "d.txt", all[650:])
		got, err := s.CountMessages(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := s.MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var want steady.MessageCounts
		for _, m := range stored {
			switch m.Side {
			case steady.SideMe:
				want.Mine++
			case steady.SideThem:
				want.Theirs++
			}
			want.Total++
		}
		want.First, want.Last = day, day.Add(999*time.Minute)
		if *got != want || want.Total != 1000 {
			t.Errorf("counts %+v, want %+v (of 1000 messages)", *got, want)
		}
	})

	t.Run("the messages version grows with each import that adds", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewMessageService(db)
		version := func() int64 {
			v, err := s.MessagesVersion(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		v0 := version()
		msgs := genMessages(10, day, time.Minute)
		importAll(t, db, c.ID, "a.txt", msgs)
		v1 := version()
		importAll(t, db, c.ID, "a.txt", msgs)
		v2 := version()
		importAll(t, db, c.ID, "b.txt", genMessages(11, day, time.Minute))
		v3 := version()
		if !(v0 < v1 && v1 == v2 && v2 < v3) {
			t.Errorf("versions %d, %d, %d, %d: want a rise, none for the re-import, a rise", v0, v1, v2, v3)
		}
		_, err := s.MessagesVersion(ctx, 99)
		wantCode(t, err, steady.ENotFound)
	})

	t.Run("an import says the version its commit made and whether the history was empty", func(t *testing.T) {
		db := openDB(t)
		c := createContact(t, db, "Alex")
		s := sqlite.NewMessageService(db)
		msgs := genMessages(10, day, time.Minute)
		for i, want := range []struct {
			msgs    []steady.Message
			version int64
			first   bool
		}{
			{msgs, 1, true},
			{msgs, 1, false}, // nothing new: the version stays
			{genMessages(11, day, time.Minute), 2, false},
		} {
			imp := &steady.Import{FileName: "a.txt"}
			if err := s.ImportMessages(ctx, c.ID, imp, want.msgs); err != nil {
				t.Fatal(err)
			}
			v, err := s.MessagesVersion(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if imp.Version != want.version || imp.Version != v || imp.First != want.first {
				t.Errorf("import %d: version %d (stored %d), first %v; want %d, %v", i+1, imp.Version, v, imp.First, want.version, want.first)
			}
		}
	})

	t.Run("reads of an unknown contact are not found", func(t *testing.T) {
		_, _, s := setup(t)
		_, err := s.RecentMessages(ctx, 99, day, 10)
		wantCode(t, err, steady.ENotFound)
		_, err = s.MessagesBetween(ctx, 99, time.Time{}, time.Time{})
		wantCode(t, err, steady.ENotFound)
		_, err = s.CountMessages(ctx, 99)
		wantCode(t, err, steady.ENotFound)
		_, err = s.SearchMessages(ctx, 99, "kids", 10)
		wantCode(t, err, steady.ENotFound)
		_, err = s.Imports(ctx, 99)
		wantCode(t, err, steady.ENotFound)
	})

	t.Run("a contact's reads see only their messages", func(t *testing.T) {
		db, c, s := setup(t)
		other := createContact(t, db, "Sam")
		importAll(t, db, other.ID, "b.txt", genMessages(50, day, time.Hour))
		got, err := s.MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range got {
			if m.ContactID != c.ID {
				t.Fatalf("contact %d's history holds message %+v", c.ID, m)
			}
		}
		if len(got) != 720 {
			t.Errorf("%d messages, want 720", len(got))
		}
	})
}

func TestSearchMessages(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	db := openDB(t)
	c := createContact(t, db, "Alex")
	other := createContact(t, db, "Sam")
	s := sqlite.NewMessageService(db)
	importAll(t, db, c.ID, "a.txt", []steady.Message{
		msg(steady.SideThem, day, "Can you pick up the kids at five?"),
		msg(steady.SideMe, day.Add(time.Minute), "Yes, I'll pick them up"),
		msg(steady.SideThem, day.Add(2*time.Minute), "Émilie has her DOCTOR appointment on Tuesday"),
		msg(steady.SideMe, day.Add(3*time.Minute), "ok"),
	})
	importAll(t, db, other.ID, "b.txt", []steady.Message{msg(steady.SideThem, day, "pick me up")})

	for _, tc := range []struct {
		name  string
		query string
		want  []string
	}{
		{"finds a word, newest first", "pick", []string{"Yes, I'll pick them up", "Can you pick up the kids at five?"}},
		{"needs every word", "pick kids", []string{"Can you pick up the kids at five?"}},
		{"matches the start of a word", "appoint", []string{"Émilie has her DOCTOR appointment on Tuesday"}},
		{"matches a short word whole only", "ha", nil},
		{"finds a short word", "at", []string{"Can you pick up the kids at five?"}},
		{"ignores case and accents", "EMILIE doctor", []string{"Émilie has her DOCTOR appointment on Tuesday"}},
		{"reads search syntax as plain words", `"kids" OR (five*) NEAR`, nil},
		{"finds nothing when nothing matches", "holiday", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.SearchMessages(ctx, c.ID, tc.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(texts(got), append([]string{}, tc.want...)) {
				t.Errorf("SearchMessages(%q) = %q, want %q", tc.query, texts(got), tc.want)
			}
		})
	}

	t.Run("a query without a word, or of too many, is invalid", func(t *testing.T) {
		_, err := s.SearchMessages(ctx, c.ID, ` "*" - `, 10)
		wantCode(t, err, steady.EInvalid)
		_, err = s.SearchMessages(ctx, c.ID, strings.Repeat("pick ", 17), 10)
		wantCode(t, err, steady.EInvalid)
	})

	t.Run("keeps to the limit", func(t *testing.T) {
		got, err := s.SearchMessages(ctx, c.ID, "pick", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Text != "Yes, I'll pick them up" {
			t.Errorf("got %q, want the newest match alone", texts(got))
		}
	})

	t.Run("finds messages imported after an earlier search", func(t *testing.T) {
		importAll(t, db, c.ID, "c.txt", []steady.Message{msg(steady.SideThem, day.Add(time.Hour), "school trip money")})
		got, err := s.SearchMessages(ctx, c.ID, "trip", 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(texts(got), []string{"school trip money"}) {
			t.Errorf("got %q", texts(got))
		}
		n, err := s.IndexSearch(ctx)
		if err != nil || n != 0 {
			t.Errorf("IndexSearch after a search indexed %d (err %v), want 0", n, err)
		}
	})
}
