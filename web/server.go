package web

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
	"github.com/steadyhq/steady/imports"
)

// Services are the store's services the app works over. All but Cache are
// required; cmd/steady passes the sqlite store's.
type Services struct {
	Profiles  steady.ProfileService
	Contacts  steady.ContactService
	Messages  steady.MessageService
	NoContact steady.NoContactService
	Holds     steady.HoldService
	Journal   steady.JournalService
	CallPlans steady.CallPlanService
	Data      steady.DataService
	// Cache, when set, keeps what is computed from a contact's messages
	// until new ones are imported: the rhythm every check reads (so live
	// feedback does not read the history on each keystroke), the
	// statistics and the Contact page's series.
	Cache steady.CacheService
	// Changes, when set, lets a check keep what it read from the store
	// until the store changes (advice.Service.Changes).
	Changes steady.ChangeService
}

// Default limits.
const (
	// DefaultMaxBody bounds a JSON or form request: a draft is a few
	// hundred bytes, a call plan a few more; 1 MiB leaves room for any
	// real message and refuses what would only waste memory.
	DefaultMaxBody = 1 << 20
	// DefaultMaxUpload bounds an uploaded chat export. The importer caps a
	// chat's text at its own limit; the archive of a WhatsApp export with
	// its media can be larger than the text in it.
	DefaultMaxUpload = 256 << 20
)

// Config configures a Server.
type Config struct {
	Services
	Analyzer *analyze.Analyzer
	// History configures the rhythm statistics; history.DefaultOptions
	// when zero.
	History history.Options
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Local is the zone when the profile names none; time.Local when nil.
	Local *time.Location

	// PasswordHash is the argon2id hash of the user's password (see
	// HashPassword). When set, every page and endpoint requires a login.
	// When empty, nobody logs in: cmd/steady allows that only on loopback.
	PasswordHash string
	// Loopback makes the server refuse requests whose Host is not a
	// loopback name, so that a web page cannot reach it through DNS
	// rebinding (a hostile name that resolves to 127.0.0.1).
	Loopback bool
	// Secure marks cookies Secure: set it when serving over TLS.
	Secure bool

	MaxBody   int64 // DefaultMaxBody when 0
	MaxUpload int64 // DefaultMaxUpload when 0
	// TempDir receives an uploaded .zip while it is read (a zip needs
	// random access); os.TempDir() when "". The file is removed at once.
	TempDir string
	// Log receives server errors; slog.Default() when nil.
	Log *slog.Logger
}

// Server is the web app. Build it with New; it is an http.Handler safe for
// concurrent use.
type Server struct {
	cfg      Config
	svc      Services
	an       *analyze.Analyzer
	advice   *advice.Service
	imports  *imports.Service
	history  history.Options
	log      *slog.Logger
	pages    *templates
	static   *staticFiles
	sessions *sessions
	handler  http.Handler
}

// New checks the configuration, parses the templates and checksums the
// static assets, so that a broken build fails here rather than on a page.
func New(cfg Config) (*Server, error) {
	if cfg.Analyzer == nil {
		return nil, errors.New("web: no analyzer")
	}
	sv := cfg.Services
	if sv.Profiles == nil || sv.Contacts == nil || sv.Messages == nil || sv.NoContact == nil ||
		sv.Holds == nil || sv.Journal == nil || sv.CallPlans == nil || sv.Data == nil {
		return nil, errors.New("web: a store service is missing")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Local == nil {
		cfg.Local = time.Local
	}
	if cfg.History == (history.Options{}) {
		cfg.History = history.DefaultOptions()
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.TempDir == "" {
		cfg.TempDir = os.TempDir()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Server{
		cfg:     cfg,
		svc:     sv,
		an:      cfg.Analyzer,
		history: cfg.History,
		log:     cfg.Log,
		advice: &advice.Service{
			Analyzer: cfg.Analyzer, Profiles: sv.Profiles, Contacts: sv.Contacts,
			Messages: sv.Messages, NoContact: sv.NoContact, Cache: sv.Cache, Changes: sv.Changes, History: cfg.History,
			Now: cfg.Now, Local: cfg.Local,
		},
	}
	s.imports = &imports.Service{Contacts: sv.Contacts, Messages: sv.Messages, Advice: s.advice}
	var err error
	if s.static, err = newStaticFiles(); err != nil {
		return nil, fmt.Errorf("web: static assets: %w", err)
	}
	if s.pages, err = parseTemplates(s.funcs()); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	key := make([]byte, 32)
	if _, err := io.ReadFull(rand.Reader, key); err != nil {
		return nil, fmt.Errorf("web: session key: %w", err)
	}
	s.sessions = newSessions(key, cfg.Now)
	s.handler = s.middleware(s.routes())
	return s, nil
}

// ServeHTTP serves the app.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// HTTPServer returns an http.Server for the app with timeouts that keep a
// slow or stalled client from holding connections: headers must arrive in
// 10 s; a whole request (an upload included) in 10 minutes.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute,
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

func (s *Server) now() time.Time { return s.cfg.Now() }

// passwordMode reports whether logins are required.
func (s *Server) passwordMode() bool { return s.cfg.PasswordHash != "" }
