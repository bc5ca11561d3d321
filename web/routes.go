package web

import (
	"net/http"
	"strings"
)

// routes is every route of the app, pages first, then the JSON API
// (docs/API.md documents it), with the standard ServeMux method patterns.
// A wrong method gets the mux's 405 with an Allow header.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		mux.Handle(pattern, pageHandler{s, h})
	}
	api := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		mux.Handle(pattern, apiHandler{s, h})
	}

	mux.HandleFunc("GET /static/{sum}/{name}", s.static.serve)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.mustStatic("icon.svg"), http.StatusFound)
	})

	// Pages.
	page("GET /{$}", s.writePage)
	page("GET /triage", s.triagePage)
	page("POST /triage", s.triagePage)
	page("GET /contacts", s.contactsPage)
	page("POST /contacts", s.createContactForm)
	page("GET /contacts/{id}", s.contactPage)
	page("GET /nocontact", s.noContactPage)
	page("POST /nocontact", s.startNoContactForm)
	page("POST /nocontact/{id}/end", s.endNoContactForm)
	page("POST /nocontact/{id}/slip", s.slipForm)
	page("GET /holds", s.holdsPage)
	page("GET /holds/{id}", s.holdPage)
	page("POST /holds/{id}/release", s.releaseHoldForm)
	page("POST /holds/{id}/dismiss", s.dismissHoldForm)
	page("GET /journal", s.journalPage)
	page("POST /journal", s.journalForm)
	page("POST /journal/{id}/delete", s.deleteJournalForm)
	page("GET /calls", s.callsPage)
	page("POST /calls", s.saveCallForm)
	page("GET /calls/{id}", s.callPage)
	page("POST /calls/{id}", s.saveCallForm)
	page("POST /calls/{id}/delete", s.deleteCallForm)
	page("GET /settings", s.settingsPage)
	page("POST /settings", s.settingsForm)
	page("GET /privacy", s.privacyPage)
	page("GET /privacy/export", s.exportDownload)
	page("POST /privacy/forget-contact", s.forgetContactForm)
	page("POST /privacy/forget-all", s.forgetAllForm)
	page("GET /login", s.loginPage)
	page("POST /login", s.loginForm)
	page("POST /logout", s.logoutForm)

	// JSON API.
	api("POST /api/v1/session", s.apiLogin)
	api("DELETE /api/v1/session", s.apiLogout)
	api("POST /api/v1/check", s.apiCheck)
	api("POST /api/v1/triage", s.apiTriage)
	api("GET /api/v1/profile", s.apiProfile)
	api("PATCH /api/v1/profile", s.apiUpdateProfile)
	api("GET /api/v1/contacts", s.apiContacts)
	api("POST /api/v1/contacts", s.apiCreateContact)
	api("GET /api/v1/contacts/{id}", s.apiContact)
	api("DELETE /api/v1/contacts/{id}", s.apiDeleteContact)
	api("GET /api/v1/contacts/{id}/stats", s.apiStats)
	api("GET /api/v1/contacts/{id}/series", s.apiSeries)
	api("GET /api/v1/contacts/{id}/messages", s.apiSearch)
	api("GET /api/v1/contacts/{id}/imports", s.apiImports)
	api("POST /api/v1/imports", s.apiImport)
	api("GET /api/v1/contacts/{id}/nocontact", s.apiNoContactPeriods)
	api("POST /api/v1/contacts/{id}/nocontact", s.apiStartNoContact)
	api("POST /api/v1/contacts/{id}/nocontact/end", s.apiEndNoContact)
	api("POST /api/v1/contacts/{id}/nocontact/slips", s.apiAddSlip)
	api("GET /api/v1/holds", s.apiHolds)
	api("POST /api/v1/holds", s.apiCreateHold)
	api("GET /api/v1/holds/{id}", s.apiHold)
	api("POST /api/v1/holds/{id}/recheck", s.apiRecheckHold)
	api("POST /api/v1/holds/{id}/release", s.apiReleaseHold)
	api("POST /api/v1/holds/{id}/dismiss", s.apiDismissHold)
	api("GET /api/v1/journal", s.apiJournal)
	api("POST /api/v1/journal", s.apiCreateJournal)
	api("DELETE /api/v1/journal/{id}", s.apiDeleteJournal)
	api("GET /api/v1/callplans", s.apiCallPlans)
	api("POST /api/v1/callplans", s.apiCreateCallPlan)
	api("GET /api/v1/callplans/{id}", s.apiCallPlan)
	api("PUT /api/v1/callplans/{id}", s.apiUpdateCallPlan)
	api("DELETE /api/v1/callplans/{id}", s.apiDeleteCallPlan)
	api("POST /api/v1/callplans/{id}/check", s.apiCheckCallPlan)
	api("GET /api/v1/export", s.apiExport)
	api("POST /api/v1/restore", s.apiRestore)
	api("POST /api/v1/forget", s.apiForgetAll)
	// Anything else is a 404, or a 405 when the path exists with other
	// methods: JSON under /api/, a page elsewhere.
	api("/api/", func(w http.ResponseWriter, r *http.Request) error {
		return notRouted(mux, w, r, "no such endpoint: see docs/API.md")
	})
	page("/", func(w http.ResponseWriter, r *http.Request) error {
		return notRouted(mux, w, r, "there is no page at "+r.URL.Path)
	})
	return mux
}

// notRouted tells a wrong method (405, with Allow) from a wrong path (404)
// for requests that fell through to a catch-all pattern, by asking the mux
// which pattern each other method would reach.
func notRouted(mux *http.ServeMux, w http.ResponseWriter, r *http.Request, notFound string) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return errStatus(http.StatusMethodNotAllowed, r.Method+" is not allowed here; use "+strings.Join(allow, " or "))
	}
	return errStatus(http.StatusNotFound, notFound)
}

// pageHandler and apiHandler let handlers return their error, which is
// answered in one way: a page with the error, or {"error": "..."}.
type pageHandler struct {
	s *Server
	h func(http.ResponseWriter, *http.Request) error
}

func (p pageHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := p.h(w, r); err != nil {
		p.s.pageError(w, r, err)
	}
}

type apiHandler struct {
	s *Server
	h func(http.ResponseWriter, *http.Request) error
}

func (a apiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := a.h(w, r); err != nil {
		a.s.apiError(w, r, err)
	}
}

func (s *Server) mustStatic(name string) string {
	u, err := s.static.url(name)
	if err != nil {
		return "/"
	}
	return u
}
