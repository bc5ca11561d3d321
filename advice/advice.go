// Package advice answers a check the way every surface asks for it: it
// builds the analyzer's context from the request, the user's profile, the
// contact's history (their rhythm, who spoke last) and the no-contact state,
// then runs the analyzer. The CLI and the web app both call it, so
// `steady check --contact X --json` and POST /api/v1/check answer alike.
package advice

import (
	"context"
	"fmt"
	"strings"
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
	History   history.Options
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Local is the zone used when the profile names none; time.Local when nil.
	Local *time.Location
}

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
	c, contact, err := s.Context(ctx, req)
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
	var c analyze.Context
	var err error
	if c.Goal, err = analyze.ParseGoal(strings.TrimSpace(req.Goal)); err != nil {
		return c, nil, err
	}
	if c.Mood, err = analyze.ParseMood(strings.TrimSpace(req.Mood)); err != nil {
		return c, nil, err
	}
	loc, dumped, err := s.profile(ctx)
	if err != nil {
		return c, nil, err
	}
	c.Dumped = dumped
	if req.Dumped != nil {
		c.Dumped = *req.Dumped
	}
	if req.At != nil {
		c.At = *req.At
	} else {
		c.At = s.now().In(loc)
	}
	if req.Reply != nil {
		c.Reply = *req.Reply
	}
	if req.NoContact != nil {
		c.NoContact = *req.NoContact
	}
	name := strings.TrimSpace(req.Contact)
	if name == "" {
		return c, nil, nil
	}
	if s.Contacts == nil || s.Messages == nil {
		return c, nil, steady.Errorf(steady.EInvalid, "no data folder is open, so contact %q is unknown", name)
	}
	contact, err := s.Contacts.FindContact(ctx, name)
	if err != nil {
		if steady.ErrorCode(err) == steady.ENotFound {
			return c, nil, steady.Errorf(steady.ENotFound, "no contact named %q: import a chat with them first (steady import --contact %q FILE)", name, name)
		}
		return c, nil, fmt.Errorf("advice: find contact: %w", err)
	}
	r, err := s.rhythm(ctx, contact.ID)
	if err != nil {
		return c, nil, err
	}
	c.Rhythm = r
	if req.Reply == nil && r != nil {
		c.Reply = r.LastSide == steady.SideThem
	}
	if req.NoContact == nil && s.NoContact != nil {
		_, err := s.NoContact.ActiveNoContact(ctx, contact.ID)
		switch {
		case err == nil:
			c.NoContact = true
		case steady.ErrorCode(err) != steady.ENotFound:
			return c, nil, fmt.Errorf("advice: no-contact state: %w", err)
		}
	}
	return c, contact, nil
}

// rhythm learns the contact's rhythm from the recent window of history:
// the messages of the WindowDays before their last one, and at least
// enough messages for WindowTurns turns whatever their age. Nil when there
// is no history.
func (s *Service) rhythm(ctx context.Context, contactID int64) (*steady.Rhythm, error) {
	last, err := s.Messages.LastMessage(ctx, contactID)
	if err != nil {
		if steady.ErrorCode(err) == steady.ENotFound {
			return nil, nil
		}
		return nil, fmt.Errorf("advice: last message: %w", err)
	}
	opts := s.History
	days, turns := opts.WindowDays, opts.WindowTurns
	def := history.DefaultOptions()
	if days <= 0 {
		days = def.WindowDays
	}
	if turns <= 0 {
		turns = def.WindowTurns
	}
	// A turn is a run of messages; allow several messages per turn, and
	// one more day so the window's first reply has the message it answers.
	since := last.At.AddDate(0, 0, -days-1)
	msgs, err := s.Messages.RecentMessages(ctx, contactID, since, turns*8)
	if err != nil {
		return nil, fmt.Errorf("advice: recent messages: %w", err)
	}
	r := history.Compute(msgs, opts)
	if r == nil || r.Turns == 0 {
		return nil, nil
	}
	return r, nil
}

func (s *Service) profile(ctx context.Context) (*time.Location, bool, error) {
	loc := s.Local
	if loc == nil {
		loc = time.Local
	}
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
