package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/steadyhq/steady"
)

const (
	sessionCookie = "steady_session"
	csrfHeader    = "X-CSRF-Token"
	csrfField     = "csrf_token"
	// sessionTTL is how long a login lasts without use.
	sessionTTL = 7 * 24 * time.Hour
	// maxSessions bounds the logins kept in memory.
	maxSessions = 64
	// MinPasswordLength is the shortest password accepted: the app holds
	// the most private messages a person has.
	MinPasswordLength = 10
)

// passwordParams are argon2id's parameters: the RFC 9106 "second
// recommended" memory-hard setting scaled to take about 50 ms here.
func passwordParams() *argon2id.Params {
	return &argon2id.Params{Memory: 64 * 1024, Iterations: 2, Parallelism: 2, SaltLength: 16, KeyLength: 32}
}

// HashPassword returns the argon2id hash (PHC string) of a password the
// user chose, to keep in the data folder. EInvalid: too short.
func HashPassword(pw string) (string, error) {
	pw = strings.TrimRight(pw, "\r\n")
	if len([]rune(pw)) < MinPasswordLength {
		return "", steady.Errorf(steady.EInvalid, "the password needs at least %d characters", MinPasswordLength)
	}
	h, err := argon2id.CreateHash(pw, passwordParams())
	if err != nil {
		return "", fmt.Errorf("hash the password: %w", err)
	}
	return h, nil
}

// CheckPasswordHash reports whether hash is a password hash New accepts.
func CheckPasswordHash(hash string) error {
	if _, _, _, err := argon2id.DecodeHash(strings.TrimSpace(hash)); err != nil {
		return fmt.Errorf("not an argon2id password hash: %w", err)
	}
	return nil
}

// sessions are the logins (in password mode) and the key CSRF tokens are
// derived from. A session id is 32 random bytes; its CSRF token is an
// HMAC of the id, so a page's token is valid for exactly its session.
type sessions struct {
	key []byte
	now func() time.Time

	mu     sync.Mutex
	logins map[string]time.Time // session id → expiry

	// Logins are throttled: argon2id takes 64 MiB per try, so tries run
	// one at a time, and after maxFailures failed tries in a row further
	// tries are refused until lockout has passed since the last failure.
	gate     sync.Mutex
	failures int
	lastFail time.Time
}

const (
	maxFailures = 5
	lockout     = time.Minute
)

func newSessions(key []byte, now func() time.Time) *sessions {
	return &sessions{key: key, now: now, logins: map[string]time.Time{}}
}

func newID() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand documents it)
	return base64.RawURLEncoding.EncodeToString(b)
}

// wellFormed reports whether id looks like one newID makes.
func wellFormed(id string) bool {
	if len(id) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(id)
	return err == nil
}

func (ss *sessions) csrf(id string) string {
	m := hmac.New(sha256.New, ss.key)
	m.Write([]byte("csrf\x00" + id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (ss *sessions) validCSRF(id, token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(ss.csrf(id)), []byte(token)) == 1
}

// loggedIn reports whether id is a live login, and extends it.
func (ss *sessions) loggedIn(id string) bool {
	if !wellFormed(id) {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	exp, ok := ss.logins[id]
	now := ss.now()
	if !ok || now.After(exp) {
		delete(ss.logins, id)
		return false
	}
	ss.logins[id] = now.Add(sessionTTL)
	return true
}

// login checks the password against hash and returns a new session id.
func (ss *sessions) login(hash, password string) (string, error) {
	ss.gate.Lock()
	defer ss.gate.Unlock()
	now := ss.now()
	if ss.failures >= maxFailures && now.Sub(ss.lastFail) < lockout {
		wait := lockout - now.Sub(ss.lastFail)
		return "", errStatus(http.StatusTooManyRequests, fmt.Sprintf("too many wrong passwords: try again in %d seconds", int(wait.Seconds())+1))
	}
	ok, err := argon2id.ComparePasswordAndHash(password, strings.TrimSpace(hash))
	if err != nil {
		return "", fmt.Errorf("check the password: %w", err)
	}
	if !ok {
		ss.failures++
		ss.lastFail = now
		return "", errStatus(http.StatusUnauthorized, "that is not the password")
	}
	ss.failures = 0
	id := newID()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k, exp := range ss.logins {
		if now.After(exp) {
			delete(ss.logins, k)
		}
	}
	if len(ss.logins) >= maxSessions {
		// Drop the login closest to expiry: the least recently used.
		var oldest string
		for k, exp := range ss.logins {
			if oldest == "" || exp.Before(ss.logins[oldest]) {
				oldest = k
			}
		}
		delete(ss.logins, oldest)
	}
	ss.logins[id] = now.Add(sessionTTL)
	return id, nil
}

func (ss *sessions) logout(id string) {
	ss.mu.Lock()
	delete(ss.logins, id)
	ss.mu.Unlock()
}

// sessionID returns the request's session cookie, "" when none.
func sessionID(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil || !wellFormed(c.Value) {
		return ""
	}
	return c.Value
}

func (s *Server) setSessionCookie(w http.ResponseWriter, id string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.cfg.Secure,
	})
}
