// Package advice answers a check the way every surface asks for it: it
// builds the analyzer's context from the request, the user's profile, the
// contact's history (their rhythm, who spoke last) and the no-contact state,
// then runs the analyzer. The CLI and the web app both call it, so
// `steady check --contact X --json` and POST /api/v1/check answer alike.
// It owns the contact's rhythm and statistics as cached in the store; an
// import (package imports) tells it what it learned (Learned, Relearn).
package advice

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
)

// Service checks drafts with what the store knows. Every field but
// Analyzer may be nil when no store is open: checks then use the request
// alone, as `steady check` without --contact does.
type Service struct {
	Analyzer  *analyze.Analyzer
	Profiles  steady.ProfileService
	Contacts  steady.ContactService
	Messages  steady.MessageService
	NoContact steady.NoContactService
	// Cache keeps the rhythm and statistics computed from a contact's
	// messages until they change; nil computes them every time.
	Cache   steady.CacheService
	History history.Options
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Local is the zone used when the profile names none; time.Local when nil.
	Local *time.Location
	// Changes, when set, lets Context keep in memory what it read from
	// the store (the profile; a contact, its rhythm and its no-contact
	// state) until the store changes: for a process that checks many
	// drafts, the web app, where each check would otherwise make five
	// reads. Nil reads every time.
	Changes steady.ChangeService

	mu          sync.Mutex
	readVersion int64             // the store's data version when read was filled
	read        map[string]stored // by contact name as asked
}

// maxRead bounds the contacts whose store context is held in memory:
// names come from requests, and a flood of them must not grow the map
// without end.
const maxRead = 256

// Request is one check as the surfaces ask for it. A nil pointer means
// "take it from the store, the profile or the clock".
type Request struct {
	Text      string     `json:"text"`
	Goal      string     `json:"goal"`
	Mood      string     `json:"mood"`
	Reply     *bool      `json:"reply"`
	Contact   string     `json:"contact"`
	At        *time.Time `json:"at"`
	NoContact *bool      `json:"no_contact"`
	Dumped    *bool      `json:"dumped"`
}

// Checked is a check's result with the contact it was made for.
type Checked struct {
	Result  analyze.Result
	Context analyze.Context
	// Contact is nil when the request named none.
	Contact *steady.Contact
}

// Check validates the request, builds the context and runs the analyzer.
// EInvalid: an empty or malformed draft, an unknown goal or mood.
// ENotFound: the named contact does not exist.
func (s *Service) Check(ctx context.Context, req Request) (*Checked, error) {
	sc, err := s.requestStoreContext(ctx, req)
	if err != nil {
		return nil, err
	}
	c, contact, err := s.contextIn(req, sc)
	if err != nil {
		return nil, err
	}
	res, err := s.Analyzer.Check(req.Text, c)
	if err != nil {
		return nil, err
	}
	return &Checked{Result: res, Context: c, Contact: contact}, nil
}

// Context builds the analyzer's context for a request: the flags as given,
// and for what the request leaves open, the profile (time zone, who ended
// it) and the contact's history and no-contact state.
func (s *Service) Context(ctx context.Context, req Request) (analyze.Context, *steady.Contact, error) {
	sc, err := s.requestStoreContext(ctx, req)
	if err != nil {
		return analyze.Context{}, nil, err
	}
	return s.contextIn(req, sc)
}

// requestStoreContext reads the store context of req, once its goal and
// mood are known to be valid: a bad request reads nothing.
func (s *Service) requestStoreContext(ctx context.Context, req Request) (stored, error) {
	if _, err := analyze.ParseGoal(strings.TrimSpace(req.Goal)); err != nil {
		return stored{}, err
	}
	if _, err := analyze.ParseMood(strings.TrimSpace(req.Mood)); err != nil {
		return stored{}, err
	}
	return s.storeContext(ctx, strings.TrimSpace(req.Contact), req.NoContact == nil)
}

// contextIn builds the analyzer's context from the request and the store
// context.
func (s *Service) contextIn(req Request, sc stored) (analyze.Context, *steady.Contact, error) {
	var c analyze.Context
	var err error
	if c.Goal, err = analyze.ParseGoal(strings.TrimSpace(req.Goal)); err != nil {
		return c, nil, err
	}
	if c.Mood, err = analyze.ParseMood(strings.TrimSpace(req.Mood)); err != nil {
		return c, nil, err
	}
	c.Dumped = sc.dumped
	if req.Dumped != nil {
		c.Dumped = *req.Dumped
	}
	if req.At != nil {
		c.At = *req.At
	} else {
		loc := sc.loc
		if loc == nil {
			loc = s.local()
		}
		c.At = s.now().In(loc)
	}
	if req.Reply != nil {
		c.Reply = *req.Reply
	}
	if req.NoContact != nil {
		c.NoContact = *req.NoContact
	}
	if sc.contact == nil {
		return c, nil, nil
	}
	if sc.rhythm != nil {
		r := *sc.rhythm
		c.Rhythm = &r
		if req.Reply == nil {
			// A reply answers a recent message of theirs; after a long
			// silence a draft starts contact again, whoever wrote last.
			c.Reply = s.Analyzer.Answers(&r, c.At)
		}
	}
	c.Style = styleFor(sc.style, c.Reply)
	if req.NoContact == nil {
		c.NoContact = sc.noContact
	}
	contact := *sc.contact
	return c, &contact, nil
}

// stored is what a check reads from the store: the profile, and for a
// named contact the contact, its rhythm, and (when asked) whether a
// no-contact period with them is running.
type stored struct {
	loc                      *time.Location
	dumped                   bool
	contact                  *steady.Contact
	rhythm                   *steady.Rhythm
	style                    *history.Style // the user's, to this contact
	noContact, noContactRead bool
}

// storeContext reads the store context for the contact called name (none
// for ""), or, with Changes set, takes the one read since the store last
// changed. What is held is never handed out to be changed: Context copies
// what it returns.
func (s *Service) storeContext(ctx context.Context, name string, needNoContact bool) (stored, error) {
	version, hold := s.dataVersion(ctx)
	if hold {
		s.mu.Lock()
		sc, ok := s.read[name]
		ok = ok && s.readVersion == version
		s.mu.Unlock()
		if ok && (sc.noContactRead || !needNoContact) {
			return sc, nil
		}
	}
	sc, err := s.readStoreContext(ctx, name, needNoContact)
	if err != nil || !hold {
		return sc, err
	}
	s.mu.Lock()
	if s.readVersion != version || s.read == nil || len(s.read) >= maxRead {
		s.read, s.readVersion = map[string]stored{}, version
	}
	s.read[name] = sc
	s.mu.Unlock()
	return sc, nil
}

// dataVersion is the store's data version, and whether store contexts may
// be held under it.
func (s *Service) dataVersion(ctx context.Context) (int64, bool) {
	if s.Changes == nil {
		return 0, false
	}
	v, err := s.Changes.DataVersion(ctx)
	return v, err == nil
}

func (s *Service) readStoreContext(ctx context.Context, name string, needNoContact bool) (stored, error) {
	var sc stored
	var err error
	if sc.loc, sc.dumped, err = s.profile(ctx); err != nil {
		return sc, err
	}
	if name == "" {
		// Without a contact there is no no-contact state to read: what
		// was read is complete, and may be held.
		sc.noContactRead = true
		return sc, nil
	}
	if s.Contacts == nil || s.Messages == nil {
		return sc, steady.Errorf(steady.EInvalid, "no data folder is open, so contact %q is unknown", name)
	}
	sc.contact, err = s.Contacts.FindContact(ctx, name)
	if err != nil {
		if steady.ErrorCode(err) == steady.ENotFound {
			return sc, steady.Errorf(steady.ENotFound, "no contact named %q: import a chat with them first (steady import --contact %q FILE)", name, name)
		}
		return sc, fmt.Errorf("advice: find contact: %w", err)
	}
	if sc.rhythm, err = s.rhythm(ctx, sc.contact.ID, false); err != nil {
		return sc, err
	}
	if sc.rhythm != nil {
		if sc.style, err = s.style(ctx, sc.contact.ID); err != nil {
			return sc, err
		}
	}
	if needNoContact {
		if s.NoContact != nil {
			_, err := s.NoContact.ActiveNoContact(ctx, sc.contact.ID)
			switch {
			case err == nil:
				sc.noContact = true
			case steady.ErrorCode(err) != steady.ENotFound:
				return sc, fmt.Errorf("advice: no-contact state: %w", err)
			}
		}
		sc.noContactRead = true
	}
	return sc, nil
}

// rhythm learns the contact's rhythm from the recent window of history:
// the messages of the WindowDays before their last one, and at least
// enough messages for WindowTurns turns whatever their age. Nil when there
// is no history. It is cached by the messages' version, so that a check
// need not read thousands of messages: an import keeps it (keep), a check
// only reads it, and computes it afresh when what is cached is not
// current.
func (s *Service) rhythm(ctx context.Context, contactID int64, keep bool) (*steady.Rhythm, error) {
	name := "rhythm/v1/" + s.optionsKey()
	var cached steady.Rhythm
	version, hit, err := s.cached(ctx, contactID, name, &cached)
	if err != nil {
		return nil, err
	}
	if hit {
		if !cached.Known() {
			return nil, nil
		}
		return &cached, nil
	}
	last, err := s.Messages.LastMessage(ctx, contactID)
	if err != nil {
		if steady.ErrorCode(err) == steady.ENotFound {
			return nil, nil
		}
		return nil, fmt.Errorf("advice: last message: %w", err)
	}
	opts := s.options()
	// A turn is a run of messages; allow several messages per turn, and
	// one more day so the window's first reply has the message it answers.
	since := last.At.AddDate(0, 0, -opts.WindowDays-1)
	msgs, err := s.Messages.RecentMessages(ctx, contactID, since, opts.WindowTurns*8)
	if err != nil {
		return nil, fmt.Errorf("advice: recent messages: %w", err)
	}
	r := history.Compute(msgs, opts)
	if keep {
		s.store(ctx, contactID, name, version, r)
	}
	if r == nil || r.Turns == 0 {
		return nil, nil
	}
	return r, nil
}

// styleMessages is how many of the last messages the user's style is
// read from: enough turns for a habit to show, few enough that a check
// reads them in a blink, and the newest, so the style is how they write now.
const styleMessages = 60

// style reads how the user writes to the contact from the last messages.
func (s *Service) style(ctx context.Context, contactID int64) (*history.Style, error) {
	msgs, err := s.Messages.RecentMessages(ctx, contactID, time.Time{}, styleMessages)
	if err != nil {
		return nil, fmt.Errorf("advice: recent messages: %w", err)
	}
	return &history.StyleProfile(msgs, s.options()).Mine, nil
}

// minTurns is the fewest turns (or messages, for capitals) a habit is
// judged over; below it the rewrite adds nothing.
const minTurns = 3

// styleFor is the analyzer's style from the user's: a greeting where
// they open at least half their turns with one (their conversation
// openers when the draft starts contact, their replies when it answers,
// once there are enough of each), a sign-off likewise, lower case where
// at least half their messages start so, and no emoji where they send none.
func styleFor(mine *history.Style, reply bool) analyze.Style {
	var st analyze.Style
	if mine == nil || mine.Habits.Turns < minTurns {
		return st
	}
	h := &mine.Habits
	greeted, turns := h.Greeted, h.Turns
	switch {
	case !reply && h.Openers >= minTurns:
		greeted, turns = h.GreetedOpeners, h.Openers
	case reply && h.Turns-h.Openers >= minTurns:
		greeted, turns = h.Greeted-h.GreetedOpeners, h.Turns-h.Openers
	}
	if habit(greeted, turns) {
		st.Greeting = h.Greeting
	}
	if habit(h.SignedOff, h.Turns) {
		st.SignOff = h.SignOff
	}
	st.Lowercase = habit(h.Lower, h.Starts)
	st.NoEmoji = mine.Energy.Emoji == 0
	return st
}

// habit reports whether n of a count make a habit: at least half, of
// at least minTurns.
func habit(n, of int) bool { return of >= minTurns && 2*n >= of }

// Stats returns the statistics of the contact's whole history (steady
// stats, the web app's contact page), cached by the messages' version and
// the zone: the first call after an import reads every message, the next
// ones read nothing but the cache. ENotFound: no messages yet.
func (s *Service) Stats(ctx context.Context, contactID int64, loc *time.Location) (*history.Stats, error) {
	if s.Messages == nil {
		return nil, steady.Errorf(steady.EInvalid, "no data folder is open")
	}
	name := "stats/v1/" + loc.String() + "/" + s.optionsKey()
	var cached history.Stats
	version, hit, err := s.cached(ctx, contactID, name, &cached)
	if err != nil {
		return nil, err
	}
	if hit {
		return &cached, nil
	}
	msgs, err := s.Messages.MessagesBetween(ctx, contactID, time.Time{}, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("advice: messages: %w", err)
	}
	if len(msgs) == 0 {
		return nil, steady.Errorf(steady.ENotFound, "no messages yet: import a chat first")
	}
	st := s.computeStats(msgs, loc)
	s.store(ctx, contactID, name, version, st)
	return st, nil
}

// Learned is called after an import that brought in a contact's whole
// history (their first import, Import.First): the messages are in memory
// already, so the rhythm and statistics are computed from them and cached
// under version, the one that import's commit made (Import.Version), and
// the first check and stats after the import read nothing. Under any
// other version they would be wrong; under that one, once another import
// has committed, they are simply not current.
func (s *Service) Learned(ctx context.Context, contactID, version int64, msgs []steady.Message, loc *time.Location) {
	if s.Cache == nil {
		return
	}
	opts := s.options()
	s.store(ctx, contactID, "rhythm/v1/"+s.optionsKey(), version, history.Compute(msgs, opts))
	s.store(ctx, contactID, "stats/v1/"+loc.String()+"/"+s.optionsKey(), version, s.computeStats(msgs, loc))
}

// Relearn is called after an import that added messages to a history
// already in the store: the rhythm is learned again from the recent
// window, which the store reads quickly, and cached for the checks after
// it; the statistics of the whole history wait for the first stats. A
// failure only leaves the checks to compute the rhythm themselves.
func (s *Service) Relearn(ctx context.Context, contactID int64) {
	if s.Cache == nil {
		return
	}
	_, _ = s.rhythm(ctx, contactID, true)
}

func (s *Service) computeStats(msgs []steady.Message, loc *time.Location) *history.Stats {
	opts := s.options()
	opts.Location = loc
	return history.ComputeStats(msgs, opts)
}

// cached reads the value kept under name into v when it is current, and
// returns the messages' version to file a freshly computed value under
// (0 without a cache). A value that does not decode is a miss.
func (s *Service) cached(ctx context.Context, contactID int64, name string, v any) (version int64, hit bool, err error) {
	if s.Cache == nil {
		return 0, false, nil
	}
	c, err := s.Cache.CachedValue(ctx, contactID, name)
	if err != nil {
		return 0, false, fmt.Errorf("advice: cached %s: %w", name, err)
	}
	return c.Version, c.Current && json.Unmarshal(c.Value, v) == nil, nil
}

// store caches v; a failure to cache only costs speed, so it is not an
// error of the check.
func (s *Service) store(ctx context.Context, contactID int64, name string, version int64, v any) {
	if s.Cache == nil || version == 0 {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	_ = s.Cache.CacheValue(ctx, contactID, name, version, b)
}

// options are the history options with defaults filled in.
func (s *Service) options() history.Options {
	opts := s.History
	def := history.DefaultOptions()
	if opts.WindowDays <= 0 {
		opts.WindowDays = def.WindowDays
	}
	if opts.WindowTurns <= 0 {
		opts.WindowTurns = def.WindowTurns
	}
	return opts
}

// optionsKey names the history options in cache keys, so values computed
// with other options are not mixed up.
func (s *Service) optionsKey() string {
	o := s.options()
	return fmt.Sprintf("%d/%d/%s/%s/%s", o.WindowDays, o.WindowTurns, o.Gap, o.ReplyWithin, o.DoubleTextAfter)
}

// local is the zone used when the profile names none.
func (s *Service) local() *time.Location {
	if s.Local != nil {
		return s.Local
	}
	return time.Local
}

func (s *Service) profile(ctx context.Context) (*time.Location, bool, error) {
	loc := s.local()
	if s.Profiles == nil {
		return loc, false, nil
	}
	p, err := s.Profiles.Profile(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("advice: profile: %w", err)
	}
	if p.TimeZone != "" {
		l, err := time.LoadLocation(p.TimeZone)
		if err != nil {
			return nil, false, steady.Errorf(steady.EInvalid, "the profile's time zone %q is unknown (set it with steady profile --tz ZONE): %v", p.TimeZone, err)
		}
		loc = l
	}
	return loc, p.Dumped, nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
