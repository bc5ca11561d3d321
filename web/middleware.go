package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// contentSecurityPolicy allows only the app's own scripts, styles and
// requests: no inline script or style, no framing, forms only to itself.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

type ctxKey int

const sessionKey ctxKey = 0

// middleware wraps the routes, outermost first: never let a panic reach
// the client; security headers on every answer; the Host check against
// DNS rebinding; refuse cross-origin browser writes; then logins and CSRF.
func (s *Server) middleware(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errStatus(http.StatusForbidden, "steady refuses requests from other web sites"))
	}))
	h = s.guard(h)
	h = cop.Handler(h)
	h = s.checkHost(h)
	h = securityHeaders(h)
	return s.recoverPanics(h)
}

// fail answers err as JSON under /api/, as a page elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func (s *Server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				// A bug: log it with the request, and answer a plain 500
				// (the response may be half written, but no stack leaks).
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
				s.fail(w, r, errors.New("panic"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// securityHeaderValues are the headers of every answer. Pages and answers
// hold private messages, so they are kept out of caches (static assets
// override Cache-Control with their long lifetime).
var securityHeaderValues = []struct {
	key   string // in canonical form
	value []string
}{
	{"Content-Security-Policy", headerValue(contentSecurityPolicy)},
	{"X-Content-Type-Options", headerValue("nosniff")},
	{"X-Frame-Options", headerValue("DENY")},
	{"Referrer-Policy", headerValue("no-referrer")},
	{"Cross-Origin-Opener-Policy", headerValue("same-origin")},
	{"Cross-Origin-Resource-Policy", headerValue("same-origin")},
	{"Permissions-Policy", headerValue("camera=(), microphone=(), geolocation=(), interest-cohort=()")},
	{"Cache-Control", headerValue("no-store")},
}

// headerValue is a header's value that every answer shares, rather than
// Header.Set allocating it again for each (a dozen allocations of a
// check's hundred): net/http only reads it, Set replaces the slice rather
// than write into it, and Add, with no room left in it (cap 1), copies.
func headerValue(v string) []string { return []string{v}[:1:1] }

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		for _, sh := range securityHeaderValues {
			hd[sh.key] = sh.value
		}
		h.ServeHTTP(w, r)
	})
}

// checkHost refuses, on loopback, requests whose Host is not a loopback
// name: a web page whose name an attacker points at 127.0.0.1 (DNS
// rebinding) would otherwise be same-origin with steady.
func (s *Server) checkHost(h http.Handler) http.Handler {
	if !s.cfg.Loopback {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			s.fail(w, r, errStatus(http.StatusMisdirectedRequest, "steady answers only at localhost or 127.0.0.1"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IsLoopback reports whether a listen address ("127.0.0.1:7777",
// "localhost:0", "[::1]:80") is reachable from this machine only. An empty
// host, 0.0.0.0 or any other name or address is not.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// public paths need no login: the login itself and the assets its page uses.
func public(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/static/") || p == "/login" || p == "/favicon.ico" ||
		(p == "/api/v1/session" && r.Method == http.MethodPost)
}

func unsafeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// guard requires a login in password mode, gives every browser a session
// (for its CSRF token) otherwise, and checks the CSRF token of every
// state-changing request that comes with a session. Without a password,
// programs may call the API without a session: a browser cannot forge such
// a call across sites, since cross-origin protection has refused it and
// the API takes only application/json (or multipart with the token).
func (s *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sid := sessionID(r)
		if s.passwordMode() {
			if !public(r) && !s.sessions.loggedIn(sid) {
				switch {
				case isAPI(r):
					s.apiError(w, r, errStatus(http.StatusUnauthorized, "log in first: POST /api/v1/session with your password"))
				case r.Method == http.MethodGet || r.Method == http.MethodHead:
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				default:
					s.pageError(w, r, errStatus(http.StatusUnauthorized, "your login has ended: log in again"))
				}
				return
			}
		} else if sid == "" && !isAPI(r) && !strings.HasPrefix(r.URL.Path, "/static/") {
			sid = newID()
			s.setSessionCookie(w, sid, 0)
		}
		if unsafeMethod(r.Method) && !public(r) {
			if sid == "" && !isAPI(r) {
				s.fail(w, r, errStatus(http.StatusForbidden, "this page is out of date: reload it and try again"))
				return
			}
			if sid != "" {
				token := r.Header.Get(csrfHeader)
				if token == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
					r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
					if err := r.ParseForm(); err != nil {
						s.fail(w, r, formError(err))
						return
					}
					token = r.PostFormValue(csrfField)
				}
				if !s.sessions.validCSRF(sid, token) {
					s.fail(w, r, errStatus(http.StatusForbidden, "this page is out of date (steady may have restarted): reload it and try again"))
					return
				}
			}
		}
		if sid != "" {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey, sid))
		}
		h.ServeHTTP(w, r)
	})
}

// csrfToken is the token for the request's session, "" without one.
func (s *Server) csrfToken(r *http.Request) string {
	sid, _ := r.Context().Value(sessionKey).(string)
	if sid == "" {
		return ""
	}
	return s.sessions.csrf(sid)
}

// formError is a form that could not be read: too large (413) or malformed.
func formError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return err
	}
	return errStatus(http.StatusBadRequest, "the form could not be read: "+err.Error())
}
