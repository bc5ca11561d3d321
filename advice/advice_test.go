package advice_test

import (
	"context"
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Tokyo whatever the machine has

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/advicetest"
	"github.com/steadyhq/steady/sqlite"
)

var now = advicetest.Now

// fixture is advicetest.Fixture: a fresh store with one contact, Alex,
// who replies after two hours and wrote last five minutes before now.
func fixture(t *testing.T) (*advice.Service, *sqlite.DB, *steady.Contact) {
	return advicetest.Fixture(t)
}

func ptr[T any](v T) *T { return &v }

func TestContext(t *testing.T) {
	ctx := context.Background()
	s, db, c := fixture(t)
	t.Run("with a contact, the history says it is a reply and gives their rhythm", func(t *testing.T) {
		got, contact, err := s.Context(ctx, advice.Request{Contact: "alex"})
		if err != nil {
			t.Fatal(err)
		}
		if contact == nil || contact.ID != c.ID {
			t.Fatalf("contact %+v", contact)
		}
		if !got.Reply {
			t.Error("they wrote last, but Reply is false")
		}
		if !got.Rhythm.Known() || got.Rhythm.TheirReplyDelay.Median != 7200 {
			t.Errorf("rhythm %+v, want their median delay 7200 s", got.Rhythm)
		}
		if !got.At.Equal(now) {
			t.Errorf("At %v, want now", got.At)
		}
	})
	t.Run("after a long silence their last message is not answered: a draft starts contact again", func(t *testing.T) {
		later := &advice.Service{Analyzer: s.Analyzer, Profiles: s.Profiles, Contacts: s.Contacts, Messages: s.Messages,
			NoContact: s.NoContact, History: s.History, Local: s.Local, Now: func() time.Time { return now.AddDate(3, 0, 0) }}
		got, _, err := later.Context(ctx, advice.Request{Contact: "Alex"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Reply {
			t.Error("their last message is three years old, but Reply is true")
		}
	})
	t.Run("an explicit reply flag wins over the history", func(t *testing.T) {
		got, _, err := s.Context(ctx, advice.Request{Contact: "Alex", Reply: ptr(false)})
		if err != nil || got.Reply {
			t.Fatalf("Reply %v, err %v", got.Reply, err)
		}
	})
	t.Run("an active no-contact period is read from the store", func(t *testing.T) {
		nc := sqlite.NewNoContactService(db)
		if err := nc.StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID, Start: now.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		defer nc.EndNoContact(ctx, c.ID, now)
		got, _, err := s.Context(ctx, advice.Request{Contact: "Alex"})
		if err != nil || !got.NoContact {
			t.Fatalf("NoContact %v, err %v", got.NoContact, err)
		}
	})
	t.Run("the profile gives the zone and who ended it", func(t *testing.T) {
		tz, dumped := "Asia/Tokyo", true
		if _, err := sqlite.NewProfileService(db).UpdateProfile(ctx, steady.ProfileUpdate{TimeZone: &tz, Dumped: &dumped}); err != nil {
			t.Fatal(err)
		}
		got, _, err := s.Context(ctx, advice.Request{})
		if err != nil {
			t.Fatal(err)
		}
		if got.At.Location().String() != "Asia/Tokyo" || !got.Dumped {
			t.Errorf("At %v in %s, dumped %v; want Tokyo time, dumped", got.At, got.At.Location(), got.Dumped)
		}
		got, _, _ = s.Context(ctx, advice.Request{Dumped: ptr(false)})
		if got.Dumped {
			t.Error("an explicit dumped=false did not win over the profile")
		}
	})
	t.Run("bad requests are the user's errors", func(t *testing.T) {
		for _, c := range []struct {
			req  advice.Request
			code string
		}{
			{advice.Request{Goal: "fun"}, steady.EInvalid},
			{advice.Request{Mood: "meh"}, steady.EInvalid},
			{advice.Request{Contact: "Jordan"}, steady.ENotFound},
		} {
			if _, _, err := s.Context(ctx, c.req); steady.ErrorCode(err) != c.code {
				t.Errorf("%+v: error %v, want code %s", c.req, err, c.code)
			}
		}
	})
}

func TestCheckWithAContact(t *testing.T) {
	s, _, _ := fixture(t)
	got, err := s.Check(context.Background(), advice.Request{Text: "Ok, 9 works.", Contact: "Alex"})
	if err != nil {
		t.Fatal(err)
	}
	// Five minutes after their message, against a two-hour habit.
	if got.Result.Verdict != analyze.VerdictWait || got.Result.NotBefore == nil {
		t.Fatalf("verdict %s, want wait", got.Result.Verdict)
	}
	if want := now.Add(-5 * time.Minute).Add(time.Hour); !got.Result.NotBefore.Equal(want) {
		t.Errorf("not_before %v, want %v", got.Result.NotBefore, want)
	}
	if _, err := s.Check(context.Background(), advice.Request{Text: "  "}); steady.ErrorCode(err) != steady.EInvalid {
		t.Errorf("empty draft: %v", err)
	}
}

func TestWithoutAStore(t *testing.T) {
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &advice.Service{Analyzer: an, Now: func() time.Time { return now }, Local: time.UTC}
	got, err := s.Check(context.Background(), advice.Request{Text: "Ok, 9 works.", Reply: ptr(true)})
	if err != nil || got.Result.Verdict != analyze.VerdictSend {
		t.Fatalf("verdict %v, err %v", got, err)
	}
	if _, err := s.Check(context.Background(), advice.Request{Text: "Ok", Contact: "Alex"}); steady.ErrorCode(err) != steady.EInvalid {
		t.Errorf("a contact without a store: %v", err)
	}
}

func TestRhythmAndStatsAreCachedByVersion(t *testing.T) {
	ctx := context.Background()
	s, db, c := fixture(t)
	s.Cache = sqlite.NewCacheService(db)
	first, err := s.Stats(ctx, c.ID, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if first.Messages.Mine != 10 || first.Messages.Theirs != 10 {
		t.Fatalf("stats count %+v, want 10 and 10", first.Messages)
	}
	again, err := s.Stats(ctx, c.ID, time.UTC)
	if err != nil || again.Messages != first.Messages || again.TheirReplyDelay != first.TheirReplyDelay {
		t.Fatalf("cached stats %+v differ from computed %+v (%v)", again, first, err)
	}
	// A new import changes the version: the cache must not answer.
	more := []steady.Message{{Side: steady.SideThem, Sender: "Alex", At: now.Add(-time.Minute), Text: "ok", Key: "late"}}
	if err := sqlite.NewMessageService(db).ImportMessages(ctx, c.ID, &steady.Import{FileName: "y.txt", Format: "whatsapp"}, more); err != nil {
		t.Fatal(err)
	}
	after, err := s.Stats(ctx, c.ID, time.UTC)
	if err != nil || after.Messages.Theirs != 11 {
		t.Fatalf("stats after a new import: %+v, %v; want 11 of theirs", after.Messages, err)
	}
	got, _, err := s.Context(ctx, advice.Request{Contact: "Alex"})
	if err != nil || got.Rhythm == nil || !got.Rhythm.LastTheirAt.Equal(now.Add(-time.Minute)) {
		t.Fatalf("rhythm after the import: %+v, %v", got.Rhythm, err)
	}
	// Read twice: a check does not cache what it computes, and the second
	// answer must agree, including who spoke last.
	cached, _, err := s.Context(ctx, advice.Request{Contact: "Alex"})
	if err != nil || cached.Rhythm.LastSide != steady.SideThem || cached.Rhythm.TheirReplyDelay != got.Rhythm.TheirReplyDelay {
		t.Fatalf("cached rhythm %+v differs from %+v", cached.Rhythm, got.Rhythm)
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

// A check only reads: the rhythm it computes when the cached one is not
// current is not written back. Relearn, which an import that adds messages
// calls, learns it again, so that the checks after it read no message.
func TestACheckOnlyReads(t *testing.T) {
	ctx := context.Background()
	s, db, c := fixture(t) // imported without the service: nothing cached
	cache := &writeCounter{CacheService: sqlite.NewCacheService(db)}
	s.Cache = cache
	for range 2 {
		if _, err := s.Check(ctx, advice.Request{Text: "Ok", Contact: "Alex"}); err != nil {
			t.Fatal(err)
		}
	}
	if cache.writes != 0 {
		t.Fatalf("two checks wrote %d values to the cache, want none", cache.writes)
	}
	late := now.Add(-time.Minute)
	more := []steady.Message{{Side: steady.SideThem, Sender: "Alex", At: late, Text: "ok", Key: "late"}}
	if err := s.Messages.ImportMessages(ctx, c.ID, &steady.Import{FileName: "y.txt", Format: "whatsapp"}, more); err != nil {
		t.Fatal(err)
	}
	s.Relearn(ctx, c.ID)
	if cache.writes == 0 {
		t.Fatal("Relearn learned no rhythm")
	}
	s.Messages = noWindowReads{s.Messages, t}
	got, contact, err := s.Context(ctx, advice.Request{Contact: "Alex"})
	if err != nil || contact.ID != c.ID || got.Rhythm == nil || !got.Rhythm.LastTheirAt.Equal(late) {
		t.Fatalf("rhythm after the import: %+v, %v", got.Rhythm, err)
	}
}

// countingContacts counts the lookups that reach the store.
type countingContacts struct {
	*sqlite.ContactService
	finds int
}

func (c *countingContacts) FindContact(ctx context.Context, name string) (*steady.Contact, error) {
	c.finds++
	return c.ContactService.FindContact(ctx, name)
}

// With Changes set (the web app), what a check reads from the store is kept
// until a commit — by this process or another — changes it.
func TestStoreContextIsKeptUntilTheStoreChanges(t *testing.T) {
	ctx := context.Background()
	s, db, c := fixture(t)
	s.Cache = sqlite.NewCacheService(db)
	s.Changes = db
	counted := &countingContacts{ContactService: sqlite.NewContactService(db)}
	s.Contacts = counted
	check := func(what string, wantFinds int, wantNoContact bool) {
		t.Helper()
		got, contact, err := s.Context(ctx, advice.Request{Contact: "Alex"})
		if err != nil {
			t.Fatal(err)
		}
		if contact == nil || contact.ID != c.ID || got.Rhythm == nil || got.NoContact != wantNoContact {
			t.Fatalf("%s: contact %+v, rhythm %v, no contact %v; want Alex, a rhythm, %v", what, contact, got.Rhythm, got.NoContact, wantNoContact)
		}
		if counted.finds != wantFinds {
			t.Fatalf("%s: %d contact lookups reached the store, want %d", what, counted.finds, wantFinds)
		}
	}
	check("the first check", 1, false)
	// A check writes nothing, so nothing changed.
	check("the second check", 1, false)
	check("the third check", 1, false)

	// Another process starts a no-contact period: the next check sees it.
	other, err := sqlite.Open(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := sqlite.NewNoContactService(other).StartNoContact(ctx, &steady.NoContactPeriod{ContactID: c.ID}); err != nil {
		t.Fatal(err)
	}
	check("after another process's commit", 2, true)
	check("once more", 2, true)

	// A check that gives the no-contact state itself may use what was kept.
	if _, _, err := s.Context(ctx, advice.Request{Contact: "Alex", NoContact: ptr(false)}); err != nil || counted.finds != 2 {
		t.Fatalf("with no_contact given: %d lookups, %v", counted.finds, err)
	}
}

// countingProfiles counts the profile reads that reach the store.
type countingProfiles struct {
	steady.ProfileService
	reads int
}

func (p *countingProfiles) Profile(ctx context.Context) (*steady.Profile, error) {
	p.reads++
	return p.ProfileService.Profile(ctx)
}

// A check without a contact (most of the web app's) holds the profile it
// read as well, until the store changes.
func TestProfileIsKeptForChecksWithoutAContact(t *testing.T) {
	ctx := context.Background()
	s, db, _ := fixture(t)
	s.Changes = db
	counted := &countingProfiles{ProfileService: s.Profiles}
	s.Profiles = counted
	for i := range 3 {
		if _, _, err := s.Context(ctx, advice.Request{}); err != nil {
			t.Fatal(err)
		}
		if counted.reads != 1 {
			t.Fatalf("after %d checks without a contact, %d profile reads reached the store, want 1", i+1, counted.reads)
		}
	}
	other, err := sqlite.Open(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	dumped := true
	if _, err := sqlite.NewProfileService(other).UpdateProfile(ctx, steady.ProfileUpdate{Dumped: &dumped}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Context(ctx, advice.Request{}); err != nil || counted.reads != 2 {
		t.Fatalf("after another process's commit: %d profile reads (want 2), %v", counted.reads, err)
	}
}

// TestTheUsersStyleComesFromTheirOwnMessages checks the style a check
// passes to the analyzer: learned from the user's recent messages to the
// contact, never from the contact's.
func TestTheUsersStyleComesFromTheirOwnMessages(t *testing.T) {
	cases := []struct {
		name         string
		mine, theirs string
		want         analyze.Style
	}{
		{"a user who starts with \"Hi Alex,\" and ends with \"Thanks\" gets both",
			"Hi Alex, can you take the kids on Saturday at 9? Thanks", "Yes",
			analyze.Style{Greeting: "Hi Alex, ", SignOff: " Thanks", NoEmoji: true}},
		{"a user who writes in lower case without greetings gets lower case and nothing added",
			"can you take the kids on saturday at 9 🙂", "Hi Sam, yes. Thanks",
			analyze.Style{Lowercase: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			s, db, contact := fixture(t)
			// A day apart, 20 conversations the user started, and older
			// than the fixture's own ten turns.
			var msgs []steady.Message
			at := now.Add(-25 * 24 * time.Hour)
			for i := range 20 {
				msgs = append(msgs,
					steady.Message{Side: steady.SideMe, Sender: "Sam", At: at, Text: c.mine, Key: fmt.Sprintf("sm%d", i)},
					steady.Message{Side: steady.SideThem, Sender: "Alex", At: at.Add(time.Hour), Text: c.theirs, Key: fmt.Sprintf("st%d", i)})
				at = at.Add(24 * time.Hour)
			}
			if err := sqlite.NewMessageService(db).ImportMessages(ctx, contact.ID, &steady.Import{FileName: "s.txt", Format: "whatsapp"}, msgs); err != nil {
				t.Fatal(err)
			}
			initiating := false
			got, _, err := s.Context(ctx, advice.Request{Contact: "Alex", Reply: &initiating})
			if err != nil {
				t.Fatal(err)
			}
			if got.Style != c.want {
				t.Errorf("style %+v, want %+v", got.Style, c.want)
			}
		})
	}
	t.Run("a check without a contact has no style", func(t *testing.T) {
		s, _, _ := fixture(t)
		got, _, err := s.Context(context.Background(), advice.Request{})
		if err != nil || got.Style != (analyze.Style{}) {
			t.Errorf("style %+v (%v), want none", got.Style, err)
		}
	})
}
