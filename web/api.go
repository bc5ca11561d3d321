package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
)

// apiCheck is POST /api/v1/check: the advice request in, exactly what
// `steady check --json` prints out.
func (s *Server) apiCheck(w http.ResponseWriter, r *http.Request) error {
	var req advice.Request
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	c, err := s.advice.Check(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &c.Result)
	return nil
}

// triageRequest is their message, and when the user reads it (now when nil).
type triageRequest struct {
	Text string     `json:"text"`
	At   *time.Time `json:"at"`
}

func (s *Server) apiTriage(w http.ResponseWriter, r *http.Request) error {
	var req triageRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	tr, err := s.triage(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tr)
	return nil
}

func (s *Server) triage(ctx context.Context, req triageRequest) (*analyze.Triage, error) {
	if strings.TrimSpace(req.Text) == "" {
		return nil, steady.Errorf(steady.EInvalid, "their message is empty: paste what they sent")
	}
	if err := analyze.ValidateDraft(req.Text); err != nil {
		return nil, err
	}
	at := s.now()
	if req.At != nil {
		at = *req.At
	} else {
		loc, err := s.loc(ctx)
		if err != nil {
			return nil, err
		}
		at = at.In(loc)
	}
	tr := s.an.Triage(req.Text, at)
	return &tr, nil
}

// loc is the user's zone: the profile's, else the configured one.
func (s *Server) loc(ctx context.Context) (*time.Location, error) {
	p, err := s.svc.Profiles.Profile(ctx)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	if p.TimeZone == "" {
		return s.cfg.Local, nil
	}
	l, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return s.cfg.Local, nil // a zone this machine lacks: show local time rather than fail every page
	}
	return l, nil
}

// Profile.

func (s *Server) apiProfile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profiles.Profile(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

type profileRequest struct {
	TimeZone *string `json:"time_zone"`
	Dumped   *bool   `json:"dumped"`
}

func (s *Server) apiUpdateProfile(w http.ResponseWriter, r *http.Request) error {
	var req profileRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	p, err := s.updateProfile(r.Context(), steady.ProfileUpdate{TimeZone: req.TimeZone, Dumped: req.Dumped})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) updateProfile(ctx context.Context, upd steady.ProfileUpdate) (*steady.Profile, error) {
	if upd.TimeZone != nil {
		tz := strings.TrimSpace(*upd.TimeZone)
		if tz != "" {
			if _, err := time.LoadLocation(tz); err != nil || strings.EqualFold(tz, "local") {
				return nil, steady.Errorf(steady.EInvalid, "unknown time zone %q (an IANA name such as Europe/Berlin or America/New_York)", tz)
			}
		}
		upd.TimeZone = &tz
	}
	return s.svc.Profiles.UpdateProfile(ctx, upd)
}

// Contacts.

// contactView is a contact with the size of its history.
type contactView struct {
	*steady.Contact
	Messages *steady.MessageCounts `json:"messages"`
}

func (s *Server) apiContacts(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.svc.Contacts.Contacts(r.Context())
	if err != nil {
		return err
	}
	out := make([]contactView, 0, len(cs))
	for _, c := range cs {
		v, err := s.contactView(r.Context(), c)
		if err != nil {
			return err
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) contactView(ctx context.Context, c *steady.Contact) (contactView, error) {
	n, err := s.svc.Messages.CountMessages(ctx, c.ID)
	if err != nil {
		return contactView{}, fmt.Errorf("count messages: %w", err)
	}
	if c.Aliases == nil {
		c.Aliases = []string{}
	}
	return contactView{Contact: c, Messages: n}, nil
}

type contactRequest struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
}

func (s *Server) apiCreateContact(w http.ResponseWriter, r *http.Request) error {
	var req contactRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	c := &steady.Contact{Name: strings.TrimSpace(req.Name), Aliases: req.Aliases}
	if err := s.svc.Contacts.CreateContact(r.Context(), c); err != nil {
		return err
	}
	v, err := s.contactView(r.Context(), c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// pathID reads a numeric id from the path.
func pathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, steady.Errorf(steady.EInvalid, "%q is not an id: ids are positive whole numbers", raw)
	}
	return id, nil
}

// pathContact finds the contact whose id is in the path.
func (s *Server) pathContact(r *http.Request) (*steady.Contact, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	c, err := s.svc.Contacts.FindContactByID(r.Context(), id)
	if err != nil {
		if steady.ErrorCode(err) == steady.ENotFound {
			return nil, steady.Errorf(steady.ENotFound, "there is no contact %d", id)
		}
		return nil, err
	}
	return c, nil
}

func (s *Server) apiContact(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	v, err := s.contactView(r.Context(), c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiDeleteContact(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	if err := s.svc.Contacts.DeleteContact(r.Context(), c.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	st, err := s.stats(r.Context(), c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	period := r.URL.Query().Get("period")
	body, err := s.seriesJSON(r.Context(), c, period)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
	return nil
}

// messageView is a stored message as the API shows it: side and kind by name.
type messageView struct {
	ID     int64     `json:"id"`
	Side   string    `json:"side"`
	Kind   string    `json:"kind"`
	Sender string    `json:"sender"`
	At     time.Time `json:"at"`
	Text   string    `json:"text"`
}

func messageViews(ms []steady.Message) []messageView {
	out := make([]messageView, len(ms))
	for i, m := range ms {
		out[i] = messageView{ID: m.ID, Side: m.Side.String(), Kind: m.Kind.String(), Sender: m.Sender, At: m.At, Text: m.Text}
	}
	return out
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	limit := 50
	if l := q.Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 || limit > 1000 {
			return steady.Errorf(steady.EInvalid, "limit %q: want a number from 1 to 1000", l)
		}
	}
	ms, err := s.svc.Messages.SearchMessages(r.Context(), c.ID, q.Get("q"), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, messageViews(ms))
	return nil
}

func (s *Server) apiImports(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	imps, err := s.svc.Messages.Imports(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if imps == nil {
		imps = []*steady.Import{}
	}
	writeJSON(w, http.StatusOK, imps)
	return nil
}

// No contact.

func (s *Server) apiNoContactPeriods(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	ps, err := s.svc.NoContact.NoContactPeriods(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []*steady.NoContactPeriod{}
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

type startNoContactRequest struct {
	Start       *time.Time `json:"start"`
	PlannedDays int        `json:"planned_days"`
}

func (s *Server) apiStartNoContact(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	var req startNoContactRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	p := &steady.NoContactPeriod{ContactID: c.ID, PlannedDays: req.PlannedDays, Start: s.now()}
	if req.Start != nil {
		p.Start = *req.Start
	}
	if err := s.svc.NoContact.StartNoContact(r.Context(), p); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

type endNoContactRequest struct {
	At *time.Time `json:"at"`
}

func (s *Server) apiEndNoContact(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	var req endNoContactRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	at := s.now()
	if req.At != nil {
		at = *req.At
	}
	p, err := s.svc.NoContact.EndNoContact(r.Context(), c.ID, at)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

type slipRequest struct {
	At   *time.Time `json:"at"`
	Note string     `json:"note"`
}

func (s *Server) apiAddSlip(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathContact(r)
	if err != nil {
		return err
	}
	var req slipRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	sl := &steady.Slip{At: s.now(), Note: strings.TrimSpace(req.Note)}
	if req.At != nil {
		sl.At = *req.At
	}
	if err := s.svc.NoContact.AddSlip(r.Context(), c.ID, sl); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sl)
	return nil
}

// Holds.

func (s *Server) apiHolds(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := steady.HoldFilter{Status: steady.HoldStatus(q.Get("status"))}
	if c := q.Get("contact_id"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || id <= 0 {
			return steady.Errorf(steady.EInvalid, "contact_id %q is not an id", c)
		}
		f.ContactID = id
	}
	hs, err := s.svc.Holds.FindHolds(r.Context(), f)
	if err != nil {
		return err
	}
	if hs == nil {
		hs = []*steady.Hold{}
	}
	writeJSON(w, http.StatusOK, hs)
	return nil
}

// apiCreateHold checks the draft as POST /api/v1/check does and, when the
// verdict is wait, keeps it until its not_before time.
func (s *Server) apiCreateHold(w http.ResponseWriter, r *http.Request) error {
	var req advice.Request
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	h, err := s.hold(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, h)
	return nil
}

func (s *Server) hold(ctx context.Context, req advice.Request) (*steady.Hold, error) {
	c, err := s.advice.Check(ctx, req)
	if err != nil {
		return nil, err
	}
	res := &c.Result
	if res.Verdict != analyze.VerdictWait || res.NotBefore == nil {
		return nil, steady.Errorf(steady.EConflict, "nothing to hold: the verdict is %s, not wait", res.Verdict)
	}
	h := &steady.Hold{
		Text: req.Text, Goal: string(c.Context.Goal), Mood: string(c.Context.Mood), Reply: c.Context.Reply,
		NoContact: c.Context.NoContact, Dumped: c.Context.Dumped, NotBefore: *res.NotBefore,
	}
	if len(res.Reasons) > 0 {
		h.Reason = res.Reasons[0]
	}
	if c.Contact != nil {
		h.ContactID = c.Contact.ID
	}
	if err := s.svc.Holds.CreateHold(ctx, h); err != nil {
		return nil, err
	}
	return h, nil
}

func (s *Server) pathHold(r *http.Request) (*steady.Hold, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	h, err := s.svc.Holds.FindHoldByID(r.Context(), id)
	if steady.ErrorCode(err) == steady.ENotFound {
		return nil, steady.Errorf(steady.ENotFound, "there is no hold %d", id)
	}
	return h, err
}

func (s *Server) apiHold(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHold(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

// recheck checks a held draft again now with the context it was held
// with, the contact's history as it stands now, and not the mood it was
// written in (the cool-down it asked for has passed) — as `steady holds`.
func (s *Server) recheck(ctx context.Context, h *steady.Hold) (*advice.Checked, error) {
	reply, noContact, dumped := h.Reply, h.NoContact, h.Dumped
	req := advice.Request{Text: h.Text, Goal: h.Goal, Reply: &reply, NoContact: &noContact, Dumped: &dumped}
	if h.ContactID != 0 {
		c, err := s.svc.Contacts.FindContactByID(ctx, h.ContactID)
		if err != nil {
			return nil, err
		}
		req.Contact = c.Name
		req.Reply, req.NoContact = nil, nil
	}
	return s.advice.Check(ctx, req)
}

func (s *Server) apiRecheckHold(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHold(r)
	if err != nil {
		return err
	}
	c, err := s.recheck(r.Context(), h)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, &c.Result)
	return nil
}

func (s *Server) apiReleaseHold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.svc.Holds.ReleaseHold(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

func (s *Server) apiDismissHold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.svc.Holds.DismissHold(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

// Journal.

func (s *Server) apiJournal(w http.ResponseWriter, r *http.Request) error {
	var contactID int64
	if c := r.URL.Query().Get("contact_id"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || id <= 0 {
			return steady.Errorf(steady.EInvalid, "contact_id %q is not an id", c)
		}
		contactID = id
	}
	es, err := s.svc.Journal.JournalEntries(r.Context(), contactID)
	if err != nil {
		return err
	}
	if es == nil {
		es = []*steady.JournalEntry{}
	}
	writeJSON(w, http.StatusOK, es)
	return nil
}

// journalRequest keeps a draft; contact is a name, as in a check.
type journalRequest struct {
	Text    string `json:"text"`
	Contact string `json:"contact"`
	Verdict string `json:"verdict"`
	Note    string `json:"note"`
}

func (s *Server) apiCreateJournal(w http.ResponseWriter, r *http.Request) error {
	var req journalRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	e, err := s.keepJournal(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) keepJournal(ctx context.Context, req journalRequest) (*steady.JournalEntry, error) {
	switch analyze.Verdict(req.Verdict) {
	case "", analyze.VerdictSend, analyze.VerdictRevise, analyze.VerdictWait, analyze.VerdictDontSend:
	default:
		return nil, steady.Errorf(steady.EInvalid, "unknown verdict %q (want send, revise, wait or dont_send)", req.Verdict)
	}
	e := &steady.JournalEntry{Text: req.Text, Verdict: req.Verdict, Note: strings.TrimSpace(req.Note)}
	if name := strings.TrimSpace(req.Contact); name != "" {
		c, err := s.svc.Contacts.FindContact(ctx, name)
		if err != nil {
			if steady.ErrorCode(err) == steady.ENotFound {
				return nil, steady.Errorf(steady.ENotFound, "no contact named %q", name)
			}
			return nil, err
		}
		e.ContactID = c.ID
	}
	if err := s.svc.Journal.CreateJournalEntry(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

func (s *Server) apiDeleteJournal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.Journal.DeleteJournalEntry(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Export and forget.

func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) error {
	return s.export(w, r)
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.svc.Data.ExportAll(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="steady-export-%s.json"`, s.now().Format("2006-01-02")))
	writeJSON(w, http.StatusOK, doc)
	return nil
}

// forgetPhrase is what a user types to confirm deleting everything.
const forgetPhrase = "delete everything"

type forgetRequest struct {
	Confirm string `json:"confirm"`
}

func (s *Server) apiForgetAll(w http.ResponseWriter, r *http.Request) error {
	var req forgetRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	if strings.TrimSpace(strings.ToLower(req.Confirm)) != forgetPhrase {
		return steady.Errorf(steady.EInvalid, `to delete everything, send {"confirm": %q}`, forgetPhrase)
	}
	if err := s.forgetAll(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// forgetAll deletes everything the store keeps and any upload a crash
// left in the temporary folder (RemoveUploads).
func (s *Server) forgetAll(ctx context.Context) error {
	if err := s.svc.Data.ForgetAll(ctx); err != nil {
		return err
	}
	return RemoveUploads(s.cfg.TempDir)
}

// Session.

type loginRequest struct {
	Password string `json:"password"`
}

type loginResponse struct {
	CSRFToken string `json:"csrf_token"`
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	if !s.passwordMode() {
		return steady.Errorf(steady.EInvalid, "no password is set: call the API without logging in")
	}
	id, err := s.sessions.login(s.cfg.PasswordHash, req.Password)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, id, int(sessionTTL.Seconds()))
	writeJSON(w, http.StatusOK, loginResponse{CSRFToken: s.sessions.csrf(id)})
	return nil
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	if id := sessionID(r); id != "" {
		s.sessions.logout(id)
	}
	s.setSessionCookie(w, "", -1)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
