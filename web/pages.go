package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
	"github.com/steadyhq/steady/internal/say"
)

// basePage fills what every page shows: the contacts for the pickers.
func (s *Server) basePage(ctx context.Context, title, nav string) (*page, error) {
	cs, err := s.svc.Contacts.Contacts(ctx)
	if err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	return &page{Title: title, Nav: nav, Contacts: cs}, nil
}

// redirect answers a form post with 303 See Other, so reloading the page
// does not post again.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// formContact finds the contact a form names by id ("" or "0": none).
func (s *Server) formContact(ctx context.Context, raw string) (*steady.Contact, error) {
	if raw == "" || raw == "0" {
		return nil, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, steady.Errorf(steady.EInvalid, "%q is not a contact", raw)
	}
	c, err := s.svc.Contacts.FindContactByID(ctx, id)
	if steady.ErrorCode(err) == steady.ENotFound {
		return nil, steady.Errorf(steady.ENotFound, "there is no contact %d", id)
	}
	return c, err
}

// Write.

type writeData struct {
	Contact string
	Goal    string
	Mood    string
	Reply   string
	Text    string
	Profile *steady.Profile
}

func (s *Server) writePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.basePage(r.Context(), "Write", "write")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := &writeData{Contact: q.Get("contact"), Goal: q.Get("goal"), Mood: q.Get("mood"), Reply: q.Get("reply"), Text: q.Get("text")}
	if len(d.Text) > 64<<10 || !utf8.ValidString(d.Text) {
		d.Text = ""
	}
	if hid := q.Get("hold"); hid != "" {
		// Back from a released hold: the draft as it was held.
		if id, err := strconv.ParseInt(hid, 10, 64); err == nil {
			if h, err := s.svc.Holds.FindHoldByID(r.Context(), id); err == nil {
				d.Text, d.Goal = h.Text, h.Goal
				if h.ContactID != 0 {
					if c, err := s.svc.Contacts.FindContactByID(r.Context(), h.ContactID); err == nil {
						d.Contact = c.Name
					}
				}
			}
		}
	}
	if d.Profile, err = s.svc.Profiles.Profile(r.Context()); err != nil {
		return err
	}
	p.Data = d
	p.Scripts = []string{"write.js"}
	s.render(w, r, http.StatusOK, "write", p)
	return nil
}

// Triage.

type triageData struct {
	Text     string
	Triage   *analyze.Triage
	Segments []segment
}

// segment is a run of text, marked when class is set; Label says what the
// mark means to a screen reader.
type segment struct {
	Text  string
	Class string
	Title string
	Label string
}

type span struct {
	start, end          int
	class, title, label string
}

// segments cuts text at the spans (byte offsets), dropping spans that
// overlap one already taken, so the page can mark them in place.
func segments(text string, spans []span) []segment {
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out []segment
	pos := 0
	for _, sp := range spans {
		if sp.start < pos || sp.end > len(text) || sp.start >= sp.end {
			continue
		}
		if sp.start > pos {
			out = append(out, segment{Text: text[pos:sp.start]})
		}
		out = append(out, segment{Text: text[sp.start:sp.end], Class: sp.class, Title: sp.title, Label: sp.label})
		pos = sp.end
	}
	if pos < len(text) {
		out = append(out, segment{Text: text[pos:]})
	}
	return out
}

func (s *Server) triagePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.basePage(r.Context(), "Their message", "triage")
	if err != nil {
		return err
	}
	d := &triageData{}
	p.Data = d
	if r.Method == http.MethodPost {
		d.Text = r.PostFormValue("text")
		tr, err := s.triage(r.Context(), triageRequest{Text: d.Text})
		if err != nil {
			status, msg := errorStatus(err)
			p.Error = msg
			s.render(w, r, status, "triage", p)
			return nil
		}
		d.Triage = tr
		var spans []span
		for _, it := range tr.Items {
			spans = append(spans, span{it.Start, it.End, "item item-" + it.Kind, it.Kind + ": to answer", "to answer"})
		}
		for _, it := range tr.Facts {
			spans = append(spans, span{it.Start, it.End, "fact", "a fact to note", "to note"})
		}
		for _, f := range tr.SetAside {
			spans = append(spans, span{f.Start, f.End, "aside", f.Why, "leave alone"})
		}
		d.Segments = segments(d.Text, spans)
	}
	s.render(w, r, http.StatusOK, "triage", p)
	return nil
}

// Contacts.

type contactsData struct {
	Contacts []contactView
}

func (s *Server) contactsPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.basePage(r.Context(), "Contacts", "contacts")
	if err != nil {
		return err
	}
	d := &contactsData{}
	for _, c := range p.Contacts {
		v, err := s.contactView(r.Context(), c)
		if err != nil {
			return err
		}
		d.Contacts = append(d.Contacts, v)
	}
	p.Data = d
	p.Scripts = []string{"import.js"}
	s.render(w, r, http.StatusOK, "contacts", p)
	return nil
}

func (s *Server) createContactForm(w http.ResponseWriter, r *http.Request) error {
	c := &steady.Contact{Name: strings.TrimSpace(r.PostFormValue("name"))}
	if err := s.svc.Contacts.CreateContact(r.Context(), c); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/contacts/%d", c.ID))
}

type contactData struct {
	Contact   contactView
	Stats     *history.Stats
	Imports   []*steady.Import
	Query     string
	Results   []messageView
	SearchErr string
	Active    *steady.NoContactPeriod
	Loc       *time.Location
	// Months is how many calendar months the counted messages span: the
	// charts by month are drawn only when there is more than one.
	Months int
}

func (s *Server) contactPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.basePage(ctx, c.Name, "contacts")
	if err != nil {
		return err
	}
	d := &contactData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if d.Contact, err = s.contactView(ctx, c); err != nil {
		return err
	}
	if d.Loc, err = s.loc(ctx); err != nil {
		return err
	}
	if d.Contact.Messages.Total > 0 {
		if d.Stats, err = s.stats(ctx, c); err != nil {
			return err
		}
		if f, l := d.Stats.FirstMessage, d.Stats.LastMessage; f != nil && l != nil {
			// Stats give them in the user's zone, where the series'
			// months begin.
			d.Months = (l.Year()-f.Year())*12 + int(l.Month()-f.Month()) + 1
		}
	}
	if d.Imports, err = s.svc.Messages.Imports(ctx, c.ID); err != nil {
		return err
	}
	if d.Query != "" {
		ms, err := s.svc.Messages.SearchMessages(ctx, c.ID, d.Query, 100)
		if steady.ErrorCode(err) == steady.EInvalid {
			d.SearchErr = steady.ErrorMessage(err)
		} else if err != nil {
			return err
		}
		d.Results = messageViews(ms)
		for i := range d.Results {
			d.Results[i].At = d.Results[i].At.In(d.Loc)
		}
	}
	if a, err := s.svc.NoContact.ActiveNoContact(ctx, c.ID); err == nil {
		d.Active = a
	} else if steady.ErrorCode(err) != steady.ENotFound {
		return err
	}
	p.Data = d
	p.Scripts = []string{"uPlot.iife.min.js", "contact.js", "import.js"}
	p.Styles = []string{"uPlot.min.css"}
	s.render(w, r, http.StatusOK, "contact", p)
	return nil
}

// No contact.

type periodView struct {
	Contact  *steady.Contact
	Period   *steady.NoContactPeriod
	Days     int // whole days of the current streak
	DaysLeft int
	Months   []calMonth
	Slips    []slipView
}

type slipView struct {
	At   time.Time
	Note string
}

type noContactData struct {
	Active []periodView
	Past   []periodView
	Free   []*steady.Contact // contacts without an active period
	Now    time.Time
}

func (s *Server) noContactPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.basePage(ctx, "No contact", "nocontact")
	if err != nil {
		return err
	}
	loc, err := s.loc(ctx)
	if err != nil {
		return err
	}
	now := s.now().In(loc)
	d := &noContactData{Now: now}
	for _, c := range p.Contacts {
		ps, err := s.svc.NoContact.NoContactPeriods(ctx, c.ID)
		if err != nil {
			return err
		}
		active := false
		for _, per := range ps {
			// The numbers `steady nocontact status` says, from one count.
			v := periodView{Contact: c, Period: per}
			v.Days, v.DaysLeft = per.Days(now)
			per.Start = per.Start.In(loc)
			if per.End != nil {
				end := per.End.In(loc)
				per.End = &end
			}
			for _, sl := range per.Slips {
				v.Slips = append(v.Slips, slipView{At: sl.At.In(loc), Note: sl.Note})
			}
			if per.Active() {
				active = true
				v.Months = calendar(per, now, loc)
				d.Active = append(d.Active, v)
			} else {
				d.Past = append(d.Past, v)
			}
		}
		if !active {
			d.Free = append(d.Free, c)
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "nocontact", p)
	return nil
}

// formTime reads an optional datetime-local field in the user's zone.
func formTime(v string, loc *time.Location) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return &t, nil
		}
	}
	return nil, steady.Errorf(steady.EInvalid, "%q is not a date and time", v)
}

func (s *Server) startNoContactForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.formContact(ctx, r.PostFormValue("contact_id"))
	if err != nil {
		return err
	}
	if c == nil {
		return steady.Errorf(steady.EInvalid, "choose the contact to keep no contact with")
	}
	days := 0
	if v := strings.TrimSpace(r.PostFormValue("days")); v != "" {
		if days, err = strconv.Atoi(v); err != nil || days < 0 || days > 3650 {
			return steady.Errorf(steady.EInvalid, "%q days: give a number of days from 0 (open-ended) to 3650", v)
		}
	}
	loc, err := s.loc(ctx)
	if err != nil {
		return err
	}
	start, err := formTime(r.PostFormValue("start"), loc)
	if err != nil {
		return err
	}
	per := &steady.NoContactPeriod{ContactID: c.ID, PlannedDays: days, Start: s.now()}
	if start != nil {
		per.Start = *start
	}
	if err := s.svc.NoContact.StartNoContact(ctx, per); err != nil {
		return err
	}
	return redirect(w, r, "/nocontact")
}

func (s *Server) endNoContactForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.NoContact.EndNoContact(r.Context(), c.ID, s.now()); err != nil {
		return err
	}
	return redirect(w, r, "/nocontact")
}

func (s *Server) slipForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	sl := &steady.Slip{At: s.now(), Note: strings.TrimSpace(r.PostFormValue("note"))}
	if err := s.svc.NoContact.AddSlip(r.Context(), c.ID, sl); err != nil {
		return err
	}
	return redirect(w, r, "/nocontact")
}

// Holds.

type holdView struct {
	Hold    *steady.Hold
	Contact string
	Due     bool
	Recheck *analyze.Result
}

type holdsData struct {
	Due     []holdView
	Waiting []holdView
	Closed  []holdView
}

func (s *Server) holdView(ctx context.Context, h *steady.Hold, loc *time.Location, now time.Time) (holdView, error) {
	v := holdView{Hold: h, Due: !h.NotBefore.After(now)}
	h.NotBefore, h.CreatedAt = h.NotBefore.In(loc), h.CreatedAt.In(loc)
	if h.ContactID != 0 {
		c, err := s.svc.Contacts.FindContactByID(ctx, h.ContactID)
		if err != nil {
			return v, err
		}
		v.Contact = c.Name
	}
	return v, nil
}

func (s *Server) holdsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.basePage(ctx, "Holds", "holds")
	if err != nil {
		return err
	}
	loc, err := s.loc(ctx)
	if err != nil {
		return err
	}
	hs, err := s.svc.Holds.FindHolds(ctx, steady.HoldFilter{})
	if err != nil {
		return err
	}
	now := s.now()
	d := &holdsData{}
	for _, h := range hs {
		v, err := s.holdView(ctx, h, loc, now)
		if err != nil {
			return err
		}
		switch {
		case h.Status != steady.HoldWaiting:
			d.Closed = append(d.Closed, v)
		case v.Due:
			// Due holds are checked again as the page opens.
			c, err := s.recheck(ctx, h)
			if err != nil {
				return err
			}
			v.Recheck = &c.Result
			d.Due = append(d.Due, v)
		default:
			d.Waiting = append(d.Waiting, v)
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "holds", p)
	return nil
}

func (s *Server) holdPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	h, err := s.pathHold(r)
	if err != nil {
		return err
	}
	p, err := s.basePage(ctx, fmt.Sprintf("Hold #%d", h.ID), "holds")
	if err != nil {
		return err
	}
	loc, err := s.loc(ctx)
	if err != nil {
		return err
	}
	v, err := s.holdView(ctx, h, loc, s.now())
	if err != nil {
		return err
	}
	c, err := s.recheck(ctx, h)
	if err != nil {
		return err
	}
	v.Recheck = &c.Result
	p.Data = v
	s.render(w, r, http.StatusOK, "hold", p)
	return nil
}

func (s *Server) releaseHoldForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Holds.ReleaseHold(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/?hold=%d", id))
}

func (s *Server) dismissHoldForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Holds.DismissHold(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/holds")
}

// Journal.

type journalView struct {
	Entry   *steady.JournalEntry
	Contact string
}

func (s *Server) journalPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.basePage(ctx, "Journal", "journal")
	if err != nil {
		return err
	}
	loc, err := s.loc(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, c := range p.Contacts {
		names[c.ID] = c.Name
	}
	es, err := s.svc.Journal.JournalEntries(ctx, 0)
	if err != nil {
		return err
	}
	var d []journalView
	for _, e := range es {
		e.CreatedAt = e.CreatedAt.In(loc)
		d = append(d, journalView{Entry: e, Contact: names[e.ContactID]})
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "journal", p)
	return nil
}

func (s *Server) journalForm(w http.ResponseWriter, r *http.Request) error {
	req := journalRequest{Text: r.PostFormValue("text"), Note: r.PostFormValue("note")}
	c, err := s.formContact(r.Context(), r.PostFormValue("contact_id"))
	if err != nil {
		return err
	}
	if c != nil {
		req.Contact = c.Name
	}
	if _, err := s.keepJournal(r.Context(), req); err != nil {
		return err
	}
	return redirect(w, r, "/journal")
}

func (s *Server) deleteJournalForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.Journal.DeleteJournalEntry(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/journal")
}

// Call planner.

type callsData struct {
	Plans []callListItem
	Form  *callForm
}

type callListItem struct {
	Plan    *steady.CallPlan
	Contact string
}

// callForm is the plan being edited, with three point slots.
type callForm struct {
	ID        int64
	ContactID int64
	Goal      string
	Fear      string
	Points    [steady.MaxCallPoints]string
	ExitLine  string
	Check     *analyze.Result
}

func newCallForm(p *steady.CallPlan) *callForm {
	f := &callForm{ID: p.ID, ContactID: p.ContactID, Goal: p.Goal, Fear: p.Fear, ExitLine: p.ExitLine}
	copy(f.Points[:], p.Points)
	return f
}

func (s *Server) callsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.basePage(ctx, "Call planner", "calls")
	if err != nil {
		return err
	}
	d, err := s.callsData(ctx, p.Contacts)
	if err != nil {
		return err
	}
	d.Form = &callForm{}
	p.Data = d
	s.render(w, r, http.StatusOK, "calls", p)
	return nil
}

func (s *Server) callsData(ctx context.Context, contacts []*steady.Contact) (*callsData, error) {
	names := map[int64]string{}
	for _, c := range contacts {
		names[c.ID] = c.Name
	}
	ps, err := s.svc.CallPlans.CallPlans(ctx, 0)
	if err != nil {
		return nil, err
	}
	d := &callsData{}
	for _, pl := range ps {
		d.Plans = append(d.Plans, callListItem{Plan: pl, Contact: names[pl.ContactID]})
	}
	return d, nil
}

func (s *Server) callPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pl, err := s.pathCallPlan(r)
	if err != nil {
		return err
	}
	p, err := s.basePage(ctx, "Call plan", "calls")
	if err != nil {
		return err
	}
	f := newCallForm(pl)
	if f.Check, err = s.checkCallPlan(ctx, pl); err != nil {
		return err
	}
	p.Data = f
	s.render(w, r, http.StatusOK, "call", p)
	return nil
}

func (s *Server) saveCallForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.formContact(ctx, r.PostFormValue("contact_id"))
	if err != nil {
		return err
	}
	req := callPlanRequest{Goal: r.PostFormValue("goal"), Fear: r.PostFormValue("fear"), ExitLine: r.PostFormValue("exit_line"), Points: r.PostForm["point"]}
	if c != nil {
		req.ContactID = c.ID
	}
	pl, err := req.plan()
	if err != nil {
		return err
	}
	if r.PathValue("id") == "" {
		err = s.svc.CallPlans.CreateCallPlan(ctx, pl)
	} else {
		if pl.ID, err = pathID(r); err != nil {
			return err
		}
		err = s.svc.CallPlans.UpdateCallPlan(ctx, pl)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/calls/%d", pl.ID))
}

func (s *Server) deleteCallForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.CallPlans.DeleteCallPlan(r.Context(), id); err != nil {
		return err
	}
	return redirect(w, r, "/calls")
}

// Settings.

type settingsData struct {
	Profile *steady.Profile
	Zone    string // the zone in use
	Saved   bool
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.basePage(ctx, "Settings", "settings")
	if err != nil {
		return err
	}
	prof, err := s.svc.Profiles.Profile(ctx)
	if err != nil {
		return err
	}
	loc, err := s.loc(ctx)
	if err != nil {
		return err
	}
	p.Data = &settingsData{Profile: prof, Zone: say.Zone(loc, s.now()), Saved: r.URL.Query().Get("saved") == "1"}
	p.Scripts = []string{"settings.js"}
	s.render(w, r, http.StatusOK, "settings", p)
	return nil
}

func (s *Server) settingsForm(w http.ResponseWriter, r *http.Request) error {
	var upd steady.ProfileUpdate
	tz := r.PostFormValue("time_zone")
	upd.TimeZone = &tz
	switch r.PostFormValue("dumped") {
	case "yes":
		v := true
		upd.Dumped = &v
	case "no":
		v := false
		upd.Dumped = &v
	}
	if _, err := s.updateProfile(r.Context(), upd); err != nil {
		return err
	}
	return redirect(w, r, "/settings?saved=1")
}

// Privacy.

type privacyData struct {
	Done   string
	Phrase string
}

func (s *Server) privacyPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.basePage(r.Context(), "Privacy", "privacy")
	if err != nil {
		return err
	}
	p.Data = &privacyData{Done: r.URL.Query().Get("done"), Phrase: forgetPhrase}
	p.Scripts = []string{"restore.js"}
	s.render(w, r, http.StatusOK, "privacy", p)
	return nil
}

func (s *Server) exportDownload(w http.ResponseWriter, r *http.Request) error {
	return s.export(w, r)
}

func (s *Server) forgetContactForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.formContact(r.Context(), r.PostFormValue("contact_id"))
	if err != nil {
		return err
	}
	if c == nil {
		return steady.Errorf(steady.EInvalid, "choose the contact to delete")
	}
	if !strings.EqualFold(strings.TrimSpace(r.PostFormValue("confirm")), c.Name) {
		return steady.Errorf(steady.EInvalid, "to delete %s, type their name to confirm; nothing was deleted", c.Name)
	}
	if err := s.svc.Contacts.DeleteContact(r.Context(), c.ID); err != nil {
		return err
	}
	return redirect(w, r, "/privacy?done="+url.QueryEscape(c.Name))
}

func (s *Server) forgetAllForm(w http.ResponseWriter, r *http.Request) error {
	if strings.TrimSpace(strings.ToLower(r.PostFormValue("confirm"))) != forgetPhrase {
		return steady.Errorf(steady.EInvalid, "to delete everything, type %q to confirm; nothing was deleted", forgetPhrase)
	}
	if err := s.forgetAll(r.Context()); err != nil {
		return err
	}
	return redirect(w, r, "/privacy?done=everything")
}

// Login.

type loginData struct {
	Next string
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if !s.passwordMode() {
		return redirect(w, r, "/")
	}
	p := &page{Title: "Log in", Data: &loginData{Next: safeNext(r.URL.Query().Get("next"))}}
	s.render(w, r, http.StatusOK, "login", p)
	return nil
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if !s.passwordMode() {
		return redirect(w, r, "/")
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	next := safeNext(r.PostFormValue("next"))
	id, err := s.sessions.login(s.cfg.PasswordHash, r.PostFormValue("password"))
	if err != nil {
		status, msg := errorStatus(err)
		s.logError(r, status, err)
		s.render(w, r, status, "login", &page{Title: "Log in", Error: msg, Data: &loginData{Next: next}})
		return nil
	}
	s.setSessionCookie(w, id, int(sessionTTL.Seconds()))
	return redirect(w, r, next)
}

func (s *Server) logoutForm(w http.ResponseWriter, r *http.Request) error {
	if id := sessionID(r); id != "" {
		s.sessions.logout(id)
	}
	s.setSessionCookie(w, "", -1)
	return redirect(w, r, "/login")
}
