package steady

import (
	"context"
	"strings"
	"time"
)

// This file holds the state steady keeps between runs (DESIGN.md §7) and the
// services that keep it. The services are interfaces so that the CLI and the
// web app depend on them and never on a concrete store; package sqlite
// implements them.
//
// Every method documents the error codes it returns as *Error; any other
// error (a failing disk, a corrupt file) has code EInternal. Times are
// stored to the millisecond and come back in UTC, except a message's At,
// which comes back at the offset its export gave it.

// Profile is what the user told steady about themselves. There is exactly
// one; before anything is set it is the zero Profile.
type Profile struct {
	// TimeZone is an IANA zone name such as "Europe/Berlin"; "" means the
	// machine's own zone.
	TimeZone string `json:"time_zone"`
	// Dumped is true when the user was the one broken up with. DumpedSet
	// tells whether the user has said so either way: the analyzer must not
	// read an unanswered question as "no".
	Dumped    bool      `json:"dumped"`
	DumpedSet bool      `json:"dumped_set"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ProfileUpdate changes the fields that are not nil.
type ProfileUpdate struct {
	TimeZone *string
	Dumped   *bool
}

// ProfileService keeps the one Profile.
type ProfileService interface {
	// Profile returns the profile; the zero Profile when nothing was set.
	Profile(ctx context.Context) (*Profile, error)

	// UpdateProfile sets the fields of upd that are not nil and returns the
	// profile as it is now. EInvalid: a time zone that is not known.
	UpdateProfile(ctx context.Context, upd ProfileUpdate) (*Profile, error)
}

// Contact is the person the conversations are with.
type Contact struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Aliases are the other names the contact appears under in chat
	// exports: a phone number, a display name, a nickname. A name or alias
	// belongs to one contact only, compared without regard to case.
	Aliases   []string  `json:"aliases"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate returns EInvalid when the name or an alias is empty.
func (c *Contact) Validate() error {
	if strings.TrimSpace(c.Name) == "" {
		return Errorf(EInvalid, "a contact needs a name")
	}
	for _, a := range c.Aliases {
		if strings.TrimSpace(a) == "" {
			return Errorf(EInvalid, "an alias of contact %q is empty", c.Name)
		}
	}
	return nil
}

// ContactService keeps contacts and the names they appear under.
type ContactService interface {
	// FindContactByID returns the contact with that ID. ENotFound.
	FindContactByID(ctx context.Context, id int64) (*Contact, error)

	// FindContact returns the contact whose name or alias is name, compared
	// without regard to case or surrounding space. ENotFound.
	FindContact(ctx context.Context, name string) (*Contact, error)

	// Contacts lists every contact by name.
	Contacts(ctx context.Context) ([]*Contact, error)

	// CreateContact saves c with its aliases and sets c.ID and c.CreatedAt.
	// EInvalid: an empty name or alias. EConflict: the name or an alias
	// already belongs to another contact.
	CreateContact(ctx context.Context, c *Contact) error

	// AddAlias lets the contact be found under alias too; adding a name
	// the contact already has does nothing. ENotFound: no such contact.
	// EInvalid: an empty alias. EConflict: the alias belongs to another
	// contact.
	AddAlias(ctx context.Context, contactID int64, alias string) error

	// DeleteContact forgets the contact and everything kept about them:
	// messages, imports, no-contact periods and slips, holds, journal
	// entries and call plans. ENotFound.
	DeleteContact(ctx context.Context, id int64) error
}

// Import records one chat export brought into the store.
type Import struct {
	ID        int64  `json:"id"`
	ContactID int64  `json:"contact_id"`
	FileName  string `json:"file_name"`
	// FileHash is the hex SHA-256 of the file as read.
	FileHash string `json:"file_hash"`
	// Format names the importer that read the file ("whatsapp", "telegram"…).
	Format string `json:"format"`
	// Read is the number of messages handed to the store, Added those that
	// were new and Duplicate those it already had (Read = Added+Duplicate).
	// Skipped is set by the importer: entries of the file it left out.
	Read      int `json:"read"`
	Added     int `json:"added"`
	Duplicate int `json:"duplicate"`
	Skipped   int `json:"skipped"`
	// Slips counts the added messages of the user's that fell inside a
	// no-contact period and were recorded as slips.
	Slips int       `json:"slips"`
	At    time.Time `json:"at"`

	// Version is the contact's MessagesVersion that the import's commit
	// made, and First says that the contact had no messages when the
	// import took the write lock. Both are read inside the import's
	// transaction, so another import that commits after it cannot change
	// them: with First and no duplicates, the import's messages are the
	// whole history at Version, and what is computed from them may be
	// cached under it. Set by ImportMessages and Commit; not kept.
	Version int64 `json:"-"`
	First   bool  `json:"-"`
}

// MessageCounts summarises a contact's stored messages.
type MessageCounts struct {
	Mine    int `json:"mine"`
	Theirs  int `json:"theirs"`
	Other   int `json:"other"`
	Unknown int `json:"unknown"`
	Total   int `json:"total"`
	// First and Last are the instants of the oldest and newest message;
	// zero when there are none.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// MessageImport is an import in progress: one transaction that messages are
// added to in as many batches as the importer likes, so that a large
// export need not be held in memory whole. Nothing is visible to readers,
// and nothing is kept, until Commit. Call Rollback when giving up (it does
// nothing after Commit, so it can be deferred).
type MessageImport interface {
	// Add adds a batch of messages (see MessageService.ImportMessages for
	// what is new). EInvalid: a message without a Key or an instant; the
	// import cannot be committed after that.
	Add(ctx context.Context, msgs []Message) error

	// Commit records the import, counts the slips and makes it all
	// visible at once. It fills the Import's counts.
	Commit(ctx context.Context) error

	// Rollback abandons the import: nothing of it is kept.
	Rollback() error
}

// MessageService keeps the imported history with each contact. Messages
// come back oldest first (by instant, then by the order they were added)
// unless a method says otherwise, with ID and ContactID set.
type MessageService interface {
	// ImportMessages adds msgs to the contact's history in one
	// transaction: either every new message and the import record are
	// saved, or nothing is. A message is a duplicate, and is not added,
	// when the contact already has a message with the same Key at the same
	// instant (to the millisecond), stored before or earlier in the same
	// import; keys that hash the instant in, as the importer's do, make
	// that the same as having the same Key. So re-importing an export, or
	// a later one that overlaps it, adds only what is new. The user's own
	// messages that fall inside one of the contact's no-contact periods
	// are recorded as slips. It fills imp's ID, ContactID, Read, Added,
	// Duplicate, Slips, Version, First and At (when zero). ENotFound: no such contact.
	// EInvalid: a message without a Key or an instant, or at a UTC offset
	// beyond ±18 h; the error names the message's place and imp.FileName.
	ImportMessages(ctx context.Context, contactID int64, imp *Import, msgs []Message) error

	// BeginImport starts an import to which messages are added in batches;
	// ImportMessages is BeginImport, one Add and Commit. Only one import
	// (or other change to the store) runs at a time: others wait for it.
	// ENotFound: no such contact.
	BeginImport(ctx context.Context, contactID int64, imp *Import) (MessageImport, error)

	// Imports lists the contact's imports, oldest first. ENotFound.
	Imports(ctx context.Context, contactID int64) ([]*Import, error)

	// RecentMessages returns the window rhythm statistics are taken over:
	// every message at or after since, and at least the last atLeast
	// messages whatever their age (a zero since asks for those alone).
	// Reading is about 3 µs a message: cache what is computed from a
	// large window (see CacheService). ENotFound: no such contact.
	RecentMessages(ctx context.Context, contactID int64, since time.Time, atLeast int) ([]Message, error)

	// LastMessage returns the newest message that counts for rhythm
	// (Message.Counts): it says who spoke last. ENotFound: no such contact,
	// or no such message.
	LastMessage(ctx context.Context, contactID int64) (*Message, error)

	// MessagesBetween returns the messages at or after from and before to;
	// a zero from or to leaves that end open. ENotFound: no such contact.
	MessagesBetween(ctx context.Context, contactID int64, from, to time.Time) ([]Message, error)

	// SearchMessages returns up to limit messages (50 when limit <= 0)
	// whose text holds every word of query, as words or word prefixes,
	// without regard to case or accents: the last imported of them,
	// newest first. Any text is a valid query (nothing in it is search
	// syntax). ENotFound: no such contact. EInvalid: a query without a
	// word.
	SearchMessages(ctx context.Context, contactID int64, query string, limit int) ([]Message, error)

	// CountMessages counts the contact's messages by side. ENotFound.
	CountMessages(ctx context.Context, contactID int64) (*MessageCounts, error)

	// MessagesVersion returns a number that grows whenever messages are
	// added to the contact's history: what is computed from the messages
	// can be cached under it (see CacheService). Read it before the
	// messages, so that a value is never filed under a version newer than
	// the messages it was computed from. ENotFound.
	MessagesVersion(ctx context.Context, contactID int64) (int64, error)
}

// CacheService keeps values computed from a contact's messages, such as
// their rhythm, so that a check need not read the history again: the
// rhythm window of a busy chat is thousands of messages, and a check must
// answer at once. Values are opaque to the store; they go when the
// messages change or the contact is forgotten.
type CacheService interface {
	// CachedValue returns the contact's current MessagesVersion and, if it
	// was computed at that version, the value kept under name: one read
	// where a check would otherwise make two. ENotFound: no such contact.
	CachedValue(ctx context.Context, contactID int64, name string) (Cached, error)

	// CacheValue keeps value under name, computed from the contact's
	// messages at version. A value of an older version than the one kept
	// is dropped. ENotFound: no such contact.
	CacheValue(ctx context.Context, contactID int64, name string, version int64, value []byte) error
}

// Cached is what the cache holds under a name for a contact.
type Cached struct {
	// Version is the contact's current MessagesVersion: a value computed
	// from the messages read after it is filed under it.
	Version int64
	// Value is the value kept under the name; Current says whether it was
	// computed at Version. A stale value is not returned.
	Value   []byte
	Current bool
}

// ChangeService tells a long-running process whether the store has
// changed, so that it may keep what it read until then.
type ChangeService interface {
	// DataVersion returns a number that differs from the one it returned
	// before whenever a change was committed in between, by this process
	// or another.
	DataVersion(ctx context.Context) (int64, error)
}

// NoContactPeriod is a stretch of time in which the user keeps from
// contacting the contact.
type NoContactPeriod struct {
	ID        int64     `json:"id"`
	ContactID int64     `json:"contact_id"`
	Start     time.Time `json:"start"`
	// PlannedDays is the length the user set out to keep; 0 for open-ended.
	PlannedDays int `json:"planned_days"`
	// End is nil while the period is active.
	End   *time.Time `json:"end"`
	Slips []Slip     `json:"slips"`
}

// Active reports whether the period has not been ended.
func (p *NoContactPeriod) Active() bool { return p.End == nil }

// Streak is how long the user has kept the period up to now (or up to its
// end): the time since its start or its last slip, whichever is later.
func (p *NoContactPeriod) Streak(now time.Time) time.Duration {
	from := p.Start
	for _, s := range p.Slips {
		if s.At.After(from) {
			from = s.At
		}
	}
	if p.End != nil && p.End.Before(now) {
		now = *p.End
	}
	if now.Before(from) {
		return 0
	}
	return now.Sub(from)
}

// Days is the period in whole days, as every surface says it: kept is the
// whole days of the streak (Streak: since the start or the last slip); left
// is, for an active period with a planned length, the days until its
// planned end, counting a part of a day as one (0 once it has passed, and
// for an ended or open-ended period). "17 days kept, 13 to go" at 17½ days
// of 30.
func (p *NoContactPeriod) Days(now time.Time) (kept, left int) {
	const day = 24 * time.Hour
	kept = int(p.Streak(now) / day)
	if p.PlannedDays > 0 && p.Active() {
		if rest := p.Start.AddDate(0, 0, p.PlannedDays).Sub(now); rest > 0 {
			left = int((rest + day - 1) / day)
		}
	}
	return kept, left
}

// Validate returns EInvalid for a period without a contact or with a
// negative planned length.
func (p *NoContactPeriod) Validate() error {
	if p.ContactID <= 0 {
		return Errorf(EInvalid, "a no-contact period needs a contact")
	}
	if p.PlannedDays < 0 {
		return Errorf(EInvalid, "a no-contact period cannot last %d days", p.PlannedDays)
	}
	return nil
}

// Slip is a contact made during a no-contact period.
type Slip struct {
	ID   int64     `json:"id"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
	// MessageID is the imported message that was the slip; 0 when the user
	// reported it by hand.
	MessageID int64 `json:"message_id"`
}

// NoContactService keeps no-contact periods and their slips. A contact has
// at most one active period.
type NoContactService interface {
	// StartNoContact saves p as the contact's active period and sets p.ID
	// (and p.Start to now when zero). Messages of the user's already
	// stored inside the period are recorded as slips. EInvalid (see
	// Validate, or an End set). ENotFound: no such contact. EConflict: a
	// period is already active.
	StartNoContact(ctx context.Context, p *NoContactPeriod) error

	// ActiveNoContact returns the contact's active period with its slips.
	// ENotFound: no such contact, or no active period.
	ActiveNoContact(ctx context.Context, contactID int64) (*NoContactPeriod, error)

	// AddSlip records s in the contact's active period and sets s.ID (and
	// s.At to now when zero). ENotFound: no active period. EInvalid: s.At
	// before the period started.
	AddSlip(ctx context.Context, contactID int64, s *Slip) error

	// EndNoContact ends the contact's active period at at (now when zero)
	// and returns it. ENotFound: no active period. EInvalid: at before the
	// period started.
	EndNoContact(ctx context.Context, contactID int64, at time.Time) (*NoContactPeriod, error)

	// NoContactPeriods lists the contact's periods with their slips, newest
	// first. ENotFound: no such contact.
	NoContactPeriods(ctx context.Context, contactID int64) ([]*NoContactPeriod, error)
}

// HoldStatus is where a hold stands.
type HoldStatus string

const (
	HoldWaiting   HoldStatus = "waiting"   // kept until NotBefore
	HoldReleased  HoldStatus = "released"  // the user took it back to send or rework
	HoldDismissed HoldStatus = "dismissed" // the user let it go
)

// Hold is a draft that got a wait verdict and is kept until its NotBefore
// time, with what is needed to check it again then.
type Hold struct {
	ID int64 `json:"id"`
	// ContactID is 0 when the draft was checked without a contact.
	ContactID int64  `json:"contact_id"`
	Text      string `json:"text"`

	// The context of the check, as the analyzer's names (goal, mood) so
	// that the store does not depend on the analyzer.
	Goal      string `json:"goal"`
	Mood      string `json:"mood"`
	Reply     bool   `json:"reply"`
	NoContact bool   `json:"no_contact"`
	Dumped    bool   `json:"dumped"`

	NotBefore time.Time `json:"not_before"`
	// Reason says why the draft waits, as the check put it.
	Reason    string     `json:"reason"`
	Status    HoldStatus `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	// ClosedAt is when the hold was released or dismissed.
	ClosedAt *time.Time `json:"closed_at"`
}

// Validate returns EInvalid for a hold without text or NotBefore.
func (h *Hold) Validate() error {
	if strings.TrimSpace(h.Text) == "" {
		return Errorf(EInvalid, "a hold needs the text of the draft")
	}
	if h.NotBefore.IsZero() {
		return Errorf(EInvalid, "a hold needs a not-before time")
	}
	return nil
}

// HoldFilter selects holds; zero fields select all.
type HoldFilter struct {
	ContactID int64
	Status    HoldStatus
}

// HoldService keeps cool-down holds.
type HoldService interface {
	// CreateHold saves h as waiting and sets h.ID, h.Status and
	// h.CreatedAt. EInvalid (see Validate). ENotFound: no such contact.
	CreateHold(ctx context.Context, h *Hold) error

	// FindHoldByID returns the hold. ENotFound.
	FindHoldByID(ctx context.Context, id int64) (*Hold, error)

	// FindHolds lists the holds that match, soonest NotBefore first.
	// EInvalid: an unknown status.
	FindHolds(ctx context.Context, filter HoldFilter) ([]*Hold, error)

	// DueHolds lists the waiting holds whose NotBefore is at or before
	// now, soonest first.
	DueHolds(ctx context.Context, now time.Time) ([]*Hold, error)

	// ReleaseHold and DismissHold close a waiting hold and return it.
	// ENotFound. EConflict: the hold is not waiting.
	ReleaseHold(ctx context.Context, id int64) (*Hold, error)
	DismissHold(ctx context.Context, id int64) (*Hold, error)
}

// JournalEntry is a draft kept privately instead of being sent.
type JournalEntry struct {
	ID int64 `json:"id"`
	// ContactID is 0 when the draft was written without a contact.
	ContactID int64  `json:"contact_id"`
	Text      string `json:"text"`
	// Verdict is the check's verdict ("dont_send"…), "" when unchecked.
	Verdict   string    `json:"verdict"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate returns EInvalid for an entry without text.
func (e *JournalEntry) Validate() error {
	if strings.TrimSpace(e.Text) == "" {
		return Errorf(EInvalid, "a journal entry needs text")
	}
	return nil
}

// JournalService keeps the unsent journal.
type JournalService interface {
	// CreateJournalEntry saves e and sets e.ID and e.CreatedAt (when
	// zero). EInvalid (see Validate). ENotFound: no such contact.
	CreateJournalEntry(ctx context.Context, e *JournalEntry) error

	// JournalEntries lists the entries about the contact (all entries
	// when contactID is 0), newest first.
	JournalEntries(ctx context.Context, contactID int64) ([]*JournalEntry, error)

	// DeleteJournalEntry removes the entry. ENotFound.
	DeleteJournalEntry(ctx context.Context, id int64) error
}

// MaxCallPoints is the most points a call plan holds: a call with more
// than three things to settle is a call that goes wrong.
const MaxCallPoints = 3

// CallPlan prepares a phone call with the contact.
type CallPlan struct {
	ID int64 `json:"id"`
	// ContactID is 0 for a plan not tied to a contact.
	ContactID int64  `json:"contact_id"`
	Goal      string `json:"goal"`
	// Fear is what the user is afraid will happen, named beforehand.
	Fear   string   `json:"fear"`
	Points []string `json:"points"`
	// ExitLine is the polite sentence that ends the call when it turns.
	ExitLine  string    `json:"exit_line"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate returns EInvalid for a plan with more than MaxCallPoints points
// or an empty point.
func (p *CallPlan) Validate() error {
	if len(p.Points) > MaxCallPoints {
		return Errorf(EInvalid, "a call plan holds at most %d points, not %d: keep the ones that matter most", MaxCallPoints, len(p.Points))
	}
	for i, pt := range p.Points {
		if strings.TrimSpace(pt) == "" {
			return Errorf(EInvalid, "point %d of the call plan is empty", i+1)
		}
	}
	return nil
}

// CallPlanService keeps call plans.
type CallPlanService interface {
	// CreateCallPlan saves p and sets p.ID, p.CreatedAt and p.UpdatedAt.
	// EInvalid (see Validate). ENotFound: no such contact.
	CreateCallPlan(ctx context.Context, p *CallPlan) error

	// UpdateCallPlan replaces the plan with ID p.ID by p (its CreatedAt is
	// kept) and sets p.UpdatedAt. ENotFound. EInvalid (see Validate).
	UpdateCallPlan(ctx context.Context, p *CallPlan) error

	// FindCallPlanByID returns the plan. ENotFound.
	FindCallPlanByID(ctx context.Context, id int64) (*CallPlan, error)

	// CallPlans lists the plans for the contact (all plans when contactID
	// is 0), most recently updated first.
	CallPlans(ctx context.Context, contactID int64) ([]*CallPlan, error)

	// DeleteCallPlan removes the plan. ENotFound.
	DeleteCallPlan(ctx context.Context, id int64) error
}

// ExportVersion is the version of the Export document's shape.
const ExportVersion = 1

// Export is everything steady keeps, as one JSON document: what the user
// gets from "export all data".
type Export struct {
	Version          int                `json:"version"`
	ExportedAt       time.Time          `json:"exported_at"`
	Profile          Profile            `json:"profile"`
	Contacts         []*Contact         `json:"contacts"`
	Imports          []*Import          `json:"imports"`
	Messages         []ExportedMessage  `json:"messages"`
	NoContactPeriods []*NoContactPeriod `json:"no_contact_periods"`
	Holds            []*Hold            `json:"holds"`
	Journal          []*JournalEntry    `json:"journal"`
	CallPlans        []*CallPlan        `json:"call_plans"`
}

// ExportedMessage is a Message as the export writes it: side and kind by
// name, the instant with its original offset.
type ExportedMessage struct {
	ID        int64     `json:"id"`
	ContactID int64     `json:"contact_id"`
	Side      string    `json:"side"`
	Kind      string    `json:"kind"`
	Sender    string    `json:"sender"`
	At        time.Time `json:"at"`
	Text      string    `json:"text"`
	Source    string    `json:"source"`
	Key       string    `json:"key"`
}

// DataService gives the user all their data, and takes it away.
type DataService interface {
	// ExportAll returns everything the store keeps.
	ExportAll(ctx context.Context) (*Export, error)

	// RestoreAll brings back everything an export holds, in one
	// transaction: into an empty store keeping every id (the way to move
	// steady's data to another machine, or back after ForgetAll: exported
	// again, it is the same document); into a store that holds data,
	// merged under new ids, each record once — a contact found by its
	// name or an alias, a message by its instant and key, a no-contact
	// period by its start, a slip, hold, journal entry or call plan by
	// what it holds — and the profile's unset fields filled in. It says
	// what it added and what was already there. EInvalid: an export of a
	// newer version (CheckVersion), or one that does not hold together.
	// EConflict: a merge would give a contact two running no-contact
	// periods.
	RestoreAll(ctx context.Context, e *Export) (*Restored, error)

	// ForgetAll deletes everything the store keeps, profile included, and
	// scrubs the freed space from the file.
	ForgetAll(ctx context.Context) error
}
