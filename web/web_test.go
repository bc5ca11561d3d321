package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/sharedtest"
	"github.com/steadyhq/steady/sqlite"
	"github.com/steadyhq/steady/web"
)

// fixedNow is the clock of every test, as in cmd/steady's: a Wednesday
// afternoon in UTC.
var fixedNow = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

// testApp is the web app over a real store in a fresh folder, served on
// loopback, with a client that keeps cookies.
type testApp struct {
	t      testing.TB
	srv    *httptest.Server
	svc    web.Services
	client *http.Client
}

func newApp(t testing.TB, edit func(*web.Config)) *testApp {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "steady.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return fixedNow }
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	svc := web.Services{
		Profiles: sqlite.NewProfileService(db), Contacts: sqlite.NewContactService(db),
		Messages: sqlite.NewMessageService(db), NoContact: sqlite.NewNoContactService(db),
		Holds: sqlite.NewHoldService(db), Journal: sqlite.NewJournalService(db),
		CallPlans: sqlite.NewCallPlanService(db), Data: sqlite.NewDataService(db),
		Cache: sqlite.NewCacheService(db), Changes: db,
	}
	cfg := web.Config{
		Services: svc, Analyzer: an, Now: func() time.Time { return fixedNow }, Local: time.UTC,
		Loopback: true, TempDir: t.TempDir(),
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &testApp{t: t, srv: ts, svc: svc, client: client}
}

// do sends a request and returns the status and body.
func (a *testApp) do(method, path, ctype string, body io.Reader, hdr map[string]string) (int, []byte, http.Header) {
	a.t.Helper()
	return a.doT(a.t, method, path, ctype, body, hdr)
}

// doT is do reporting to t (a fuzz target's own).
func (a *testApp) doT(t testing.TB, method, path, ctype string, body io.Reader, hdr map[string]string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b, res.Header
}

// api sends JSON as a program would (no session, so no CSRF token).
func (a *testApp) api(method, path string, v any) (int, []byte) {
	a.t.Helper()
	var body io.Reader
	ctype := ""
	if v != nil {
		switch b := v.(type) {
		case string:
			body = strings.NewReader(b)
		default:
			j, err := json.Marshal(v)
			if err != nil {
				a.t.Fatal(err)
			}
			body = bytes.NewReader(j)
		}
		ctype = "application/json"
	}
	st, b, _ := a.do(method, path, ctype, body, nil)
	return st, b
}

// page GETs a page as a browser would: with the session cookie it is given.
func (a *testApp) page(path string) (int, string) {
	a.t.Helper()
	st, b, _ := a.do("GET", path, "", nil, nil)
	return st, string(b)
}

var csrfRe = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

// csrf opens a page and returns its CSRF token.
func (a *testApp) csrf() string {
	a.t.Helper()
	_, body := a.page("/")
	m := csrfRe.FindStringSubmatch(body)
	if m == nil || m[1] == "" {
		a.t.Fatal("the page carries no CSRF token")
	}
	return m[1]
}

// form posts a form from a page, with its token.
func (a *testApp) form(path string, vals url.Values) (int, string, http.Header) {
	a.t.Helper()
	vals.Set("csrf_token", a.csrf())
	st, b, h := a.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(vals.Encode()), nil)
	return st, string(b), h
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return v
}

const accusatory = "You ALWAYS change the pickup time at the last minute and I'm sick of it!!!\n" +
	"Can you have Sam ready at 5pm on Friday, with his school bag?\n" +
	"After everything I did for you, it's not too much to ask.\n"

// TestCheckIsTheCLIOutput holds POST /api/v1/check to exactly the bytes
// `steady check --json` prints for the same draft and context: it builds
// the CLI and runs it on a fresh data folder.
func TestCheckIsTheCLIOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "steady")
	build := exec.Command("go", "build", "-o", bin, "../cmd/steady")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the CLI: %v\n%s", err, out)
	}
	a := newApp(t, nil)
	cases := []struct {
		args []string
		req  map[string]any
	}{
		{[]string{"--goal", "kids"}, map[string]any{"goal": "kids"}},
		{[]string{"--reply", "--mood", "angry"}, map[string]any{"reply": true, "mood": "angry"}},
		{[]string{"--no-contact", "--dumped", "--goal", "none"}, map[string]any{"no_contact": true, "dumped": true, "goal": "none"}},
	}
	for _, c := range cases {
		at := "2026-11-25T22:40:00+01:00"
		cli := exec.Command(bin, append([]string{"check", "--json", "--data", filepath.Join(dir, "data"), "--at", at}, c.args...)...)
		cli.Stdin = strings.NewReader(accusatory)
		cli.Env = append(os.Environ(), "TZ=UTC")
		want, err := cli.Output()
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			t.Fatalf("steady check %v: %v", c.args, err)
		}
		c.req["text"], c.req["at"] = accusatory, at
		st, got := a.api("POST", "/api/v1/check", c.req)
		if st != http.StatusOK {
			t.Fatalf("status %d: %s", st, got)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("POST /api/v1/check %v differs from steady check --json\n--- got ---\n%s\n--- want ---\n%s", c.req, got, want)
		}
	}
}

func TestCheckUsesTheContactsHistory(t *testing.T) {
	a := newApp(t, nil)
	importFixture(t, a, "Elon")
	// The morning after the fixture's last message, the user's, at 21:56
	// on 27 March 2022.
	at := "2022-03-28T08:45:00Z"
	st, b := a.api("POST", "/api/v1/check", map[string]any{"text": "ok", "contact": "Elon", "goal": "logistics", "at": at})
	if st != http.StatusOK {
		t.Fatalf("status %d: %s", st, b)
	}
	res := decode[analyze.Result](t, b)
	// The fixture ends with the user's unanswered messages: a new one is a
	// double text, which only the history can tell.
	found := false
	for _, f := range res.Findings {
		if f.Rule == "mirror.double_text" {
			found = true
		}
	}
	if !found {
		t.Errorf("no mirror.double_text finding from the contact's history: %s", b)
	}
	// They answer; the next check must see it (the rhythm window the web
	// app keeps between keystrokes is read again after an import).
	answer := []byte("08/01/2023, 09:00 - Elon: Sure, see you then\n08/01/2023, 09:01 - Dmitry S: ok\n08/01/2023, 09:02 - Elon: 👍\n")
	if st, b := upload(t, a, map[string]string{"contact": "Elon"}, "answer.txt", answer); st != 201 {
		t.Fatalf("import: %d %s", st, b)
	}
	_, b = a.api("POST", "/api/v1/check", map[string]any{"text": "ok", "contact": "Elon", "goal": "logistics", "at": "2023-01-08T09:30:00Z"})
	for _, f := range decode[analyze.Result](t, b).Findings {
		if f.Rule == "mirror.double_text" {
			t.Errorf("still a double text after they answered: %s", b)
		}
	}
	// Years later, the same history is old: the draft starts contact
	// again, and nothing compares it with a delay from 2023.
	_, b = a.api("POST", "/api/v1/check", map[string]any{"text": "ok", "contact": "Elon", "goal": "logistics"})
	old := decode[analyze.Result](t, b)
	var rules []string
	for _, f := range old.Findings {
		rules = append(rules, f.Rule)
	}
	if !slices.Contains(rules, "mirror.silence") || slices.Contains(rules, "mirror.double_text") || slices.Contains(rules, "mirror.initiation") {
		t.Errorf("a history from 2023 read as current: %v", rules)
	}
	st, b = a.api("POST", "/api/v1/check", map[string]any{"text": "ok", "contact": "Nobody"})
	if st != http.StatusNotFound {
		t.Errorf("unknown contact: status %d: %s", st, b)
	}
}

// TestBadInput: every malformed request is a 4xx with a JSON error that
// says what is wrong, never a 500.
func TestBadInput(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.MaxBody = 4 << 10 })
	cases := []struct {
		name, ctype, body string
		status            int
		says              string
	}{
		{"malformed JSON", "application/json", `{"text": "hi",`, 400, "invalid JSON"},
		{"not an object", "application/json", `["hi"]`, 400, "want an object"},
		{"text is a number", "application/json", `{"text": 5}`, 400, `field "text": want a string`},
		{"reply is a string", "application/json", `{"text": "hi", "reply": "yes"}`, 400, `field "reply": want true or false`},
		{"at is not a time", "application/json", `{"text": "hi", "at": "tomorrow"}`, 400, "RFC 3339"},
		{"unknown field", "application/json", `{"text": "hi", "tone": "nice"}`, 400, `unknown field "tone"`},
		{"unknown goal", "application/json", `{"text": "hi", "goal": "revenge"}`, 400, `unknown goal "revenge"`},
		{"unknown mood", "application/json", `{"text": "hi", "mood": "furious"}`, 400, `unknown mood "furious"`},
		{"empty draft", "application/json", `{"text": "   "}`, 400, "the draft is empty"},
		{"empty body", "application/json", ``, 400, "body is empty"},
		{"two objects", "application/json", `{"text": "hi"} {"text": "again"}`, 400, "after the object"},
		{"NUL byte", "application/json", `{"text": "a\u0000b"}`, 400, "NUL"},
		{"wrong content type", "text/plain", `{"text": "hi"}`, 415, "Content-Type: application/json"},
		{"no content type", "", `{"text": "hi"}`, 415, "application/json"},
		{"oversized body", "application/json", `{"text": "` + strings.Repeat("a", 5<<10) + `"}`, 413, "too large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, b, h := a.do("POST", "/api/v1/check", c.ctype, strings.NewReader(c.body), nil)
			if st != c.status {
				t.Errorf("status %d, want %d: %s", st, c.status, b)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			e := decode[map[string]string](t, b)
			if !strings.Contains(e["error"], c.says) {
				t.Errorf("error %q does not say %q", e["error"], c.says)
			}
		})
	}
	t.Run("oversized body without a length", func(t *testing.T) {
		// Chunked: no Content-Length to refuse early; the limit still holds.
		pr, pw := io.Pipe()
		go func() { pw.Write([]byte(`{"text": "` + strings.Repeat("a", 8<<10) + `"}`)); pw.Close() }()
		st, b, _ := a.do("POST", "/api/v1/check", "application/json", pr, nil)
		if st != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d: %s", st, b)
		}
	})
	t.Run("wrong method and path", func(t *testing.T) {
		st, b, h := a.do("GET", "/api/v1/check", "", nil, nil)
		if st != http.StatusMethodNotAllowed || h.Get("Allow") != "POST" {
			t.Errorf("GET /api/v1/check: %d, Allow %q: %s", st, h.Get("Allow"), b)
		}
		st, b, _ = a.do("GET", "/api/v1/nothing", "", nil, nil)
		if st != http.StatusNotFound || !strings.Contains(string(b), `"error"`) {
			t.Errorf("unknown endpoint: %d %s", st, b)
		}
		st, b = a.api("GET", "/api/v1/contacts/abc", nil)
		if st != http.StatusBadRequest || !strings.Contains(string(b), "not an id") {
			t.Errorf("bad id: %d %s", st, b)
		}
		st, b = a.api("GET", "/api/v1/contacts/99", nil)
		if st != http.StatusNotFound {
			t.Errorf("missing contact: %d %s", st, b)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	a := newApp(t, nil)
	for _, p := range []string{"/", "/api/v1/contacts", "/nope"} {
		_, _, h := a.do("GET", p, "", nil, nil)
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", p)
		}
		if h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", p, h.Get("Cache-Control"))
		}
	}
	_, body := a.page("/")
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(tag, ` src="/static/`) {
			t.Errorf("a page has an inline script: %s", tag)
		}
	}
	res, err := http.Get(a.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	c := res.Header.Get("Set-Cookie")
	if !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Strict") {
		t.Errorf("session cookie %q", c)
	}
}

func TestStaticAssets(t *testing.T) {
	a := newApp(t, nil)
	_, body := a.page("/")
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/app\.css)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no checksummed stylesheet URL")
	}
	st, _, h := a.do("GET", m[1], "", nil, map[string]string{"Accept-Encoding": "gzip"})
	if st != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") || h.Get("Content-Encoding") != "gzip" {
		t.Errorf("asset: %d %q %q", st, h.Get("Cache-Control"), h.Get("Content-Encoding"))
	}
	st, _, h = a.do("GET", "/static/000000000000/app.css", "", nil, nil)
	if st != http.StatusFound || h.Get("Location") != m[1] {
		t.Errorf("stale checksum: %d -> %q", st, h.Get("Location"))
	}
}

// TestPageWeight holds every page under 150 KB of JavaScript and CSS.
func TestPageWeight(t *testing.T) {
	a := newApp(t, nil)
	importFixture(t, a, "Elon")
	assetRe := regexp.MustCompile(`(?:src|href)="(/static/[^"]+\.(?:js|css))"`)
	for _, p := range []string{"/", "/triage", "/contacts", "/contacts/1", "/nocontact", "/holds", "/journal", "/calls", "/settings", "/privacy"} {
		_, body := a.page(p)
		total := 0
		for _, m := range assetRe.FindAllStringSubmatch(body, -1) {
			_, b, _ := a.do("GET", m[1], "", nil, map[string]string{"Accept-Encoding": "identity"})
			total += len(b)
		}
		t.Logf("%-12s %6.1f KB of JS and CSS (uncompressed)", p, float64(total)/1024)
		if total > 150<<10 {
			t.Errorf("%s: %d bytes of JS and CSS, over 150 KB", p, total)
		}
		if total == 0 {
			t.Errorf("%s: no assets found", p)
		}
	}
}

func TestHostCheck(t *testing.T) {
	a := newApp(t, nil)
	for host, want := range map[string]int{"evil.example:80": 421, "localhost:7777": 200, "127.0.0.1": 200, "[::1]:7777": 200} {
		req, _ := http.NewRequest("GET", a.srv.URL+"/api/v1/profile", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:7777": true, "localhost:0": true, "[::1]:80": true, "127.1.2.3:1": true,
		":7777": false, "0.0.0.0:7777": false, "[::]:7777": false, "192.168.1.5:7777": false, "example.com:80": false, "garbage": false,
	} {
		if got := web.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}

func TestCSRF(t *testing.T) {
	a := newApp(t, nil)
	a.csrf() // the browser now has a session
	vals := url.Values{"name": {"Alex"}}
	st, body, _ := a.do("POST", "/contacts", "application/x-www-form-urlencoded", strings.NewReader(vals.Encode()), nil)
	if st != http.StatusForbidden {
		t.Errorf("form without a token: %d %s", st, body)
	}
	vals.Set("csrf_token", "forged")
	st, _, _ = a.do("POST", "/contacts", "application/x-www-form-urlencoded", strings.NewReader(vals.Encode()), nil)
	if st != http.StatusForbidden {
		t.Errorf("form with a forged token: %d", st)
	}
	st, _, h := a.form("/contacts", url.Values{"name": {"Alex"}})
	if st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/contacts/") {
		t.Errorf("form with the token: %d -> %q", st, h.Get("Location"))
	}
	// A page's fetch carries the session cookie, so it needs the header.
	st, b, _ := a.do("POST", "/api/v1/journal", "application/json", strings.NewReader(`{"text": "x"}`), nil)
	if st != http.StatusForbidden {
		t.Errorf("API call from a session without a token: %d %s", st, b)
	}
	st, b, _ = a.do("POST", "/api/v1/journal", "application/json", strings.NewReader(`{"text": "x"}`), map[string]string{"X-CSRF-Token": a.csrf()})
	if st != http.StatusCreated {
		t.Errorf("API call with the token: %d %s", st, b)
	}
	// A program without a session needs no token, but a browser's
	// cross-site request is refused even then.
	fresh := newApp(t, nil)
	st, b = fresh.api("POST", "/api/v1/journal", map[string]string{"text": "x"})
	if st != http.StatusCreated {
		t.Errorf("program: %d %s", st, b)
	}
	st, b, _ = fresh.do("POST", "/api/v1/journal", "application/json", strings.NewReader(`{"text": "x"}`),
		map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
	if st != http.StatusForbidden {
		t.Errorf("cross-site request: %d %s", st, b)
	}
	// A cross-site form post has no session (SameSite=Strict) and is refused.
	st, _, _ = fresh.do("POST", "/contacts", "application/x-www-form-urlencoded", strings.NewReader("name=Eve"), nil)
	if st != http.StatusForbidden {
		t.Errorf("form without a session: %d", st)
	}
}

func TestPasswordMode(t *testing.T) {
	hash, err := web.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := web.HashPassword("short"); steady.ErrorCode(err) != steady.EInvalid {
		t.Errorf("a short password: %v", err)
	}
	a := newApp(t, func(c *web.Config) { c.PasswordHash = hash; c.Loopback = false })
	st, _, h := a.do("GET", "/holds", "", nil, nil)
	if st != http.StatusSeeOther || h.Get("Location") != "/login?next=%2Fholds" {
		t.Errorf("page before login: %d -> %q", st, h.Get("Location"))
	}
	st, b := a.api("POST", "/api/v1/check", map[string]string{"text": "hi"})
	if st != http.StatusUnauthorized {
		t.Errorf("API before login: %d %s", st, b)
	}
	st, _ = a.page("/login")
	if st != 200 {
		t.Errorf("login page: %d", st)
	}
	login := func(pw string) (int, http.Header) {
		st, _, h := a.do("POST", "/login", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"password": {pw}, "next": {"/holds"}}.Encode()), nil)
		return st, h
	}
	if st, _ := login("wrong password!"); st != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", st)
	}
	st, h = login("correct horse battery")
	if st != http.StatusSeeOther || h.Get("Location") != "/holds" {
		t.Fatalf("login: %d -> %q", st, h.Get("Location"))
	}
	if c := h.Get("Set-Cookie"); !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Strict") {
		t.Errorf("cookie %q", c)
	}
	if st, _ := a.page("/holds"); st != 200 {
		t.Errorf("page after login: %d", st)
	}
	// Logged in, API calls need the token, as from a page.
	st, b, _ = a.do("POST", "/api/v1/check", "application/json", strings.NewReader(`{"text":"hi"}`), map[string]string{"X-CSRF-Token": a.csrf()})
	if st != 200 {
		t.Errorf("API after login: %d %s", st, b)
	}
	if st, _, _ := a.form("/logout", url.Values{}); st != http.StatusSeeOther {
		t.Errorf("logout: %d", st)
	}
	if st, _, _ := a.do("GET", "/holds", "", nil, nil); st != http.StatusSeeOther {
		t.Errorf("page after logout: %d", st)
	}
	// Programs log in through the API.
	st, b = a.api("POST", "/api/v1/session", map[string]string{"password": "correct horse battery"})
	if st != 200 || decode[map[string]string](t, b)["csrf_token"] == "" {
		t.Errorf("API login: %d %s", st, b)
	}
}

func TestLoginThrottle(t *testing.T) {
	hash, err := web.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t, func(c *web.Config) { c.PasswordHash = hash })
	var st int
	for i := 0; i < 6; i++ {
		st, _ = a.api("POST", "/api/v1/session", map[string]string{"password": "guess"})
	}
	if st != http.StatusTooManyRequests {
		t.Errorf("sixth wrong password: %d, want 429", st)
	}
	if st, _ = a.api("POST", "/api/v1/session", map[string]string{"password": "correct horse battery"}); st != http.StatusTooManyRequests {
		t.Errorf("during the lockout even the right password waits: %d", st)
	}
}

// upload posts a chat export as the Contact page does.
func upload(t testing.TB, a *testApp, fields map[string]string, name string, data []byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	st, b, _ := a.do("POST", "/api/v1/imports", mw.FormDataContentType(), &buf, nil)
	return st, b
}

func fixture(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(sharedtest.Path(t, "fixtures", "chats", "whatsapp", "whats_json", "languages", "english_android.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func importFixture(t testing.TB, a *testApp, contact string) {
	t.Helper()
	st, b := upload(t, a, map[string]string{"contact": contact}, "english_android.txt", fixture(t))
	if st != http.StatusCreated {
		t.Fatalf("import: %d %s", st, b)
	}
}

func TestImport(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.MaxUpload = 64 << 10 })
	data := fixture(t)
	st, b := upload(t, a, map[string]string{"contact": "Elon"}, "english_android.txt", data)
	if st != http.StatusCreated {
		t.Fatalf("import: %d %s", st, b)
	}
	type resp struct {
		Contact struct {
			ID       int64                `json:"id"`
			Messages steady.MessageCounts `json:"messages"`
		} `json:"contact"`
		Import steady.Import `json:"import"`
	}
	r := decode[resp](t, b)
	if r.Import.Added == 0 || r.Import.Format != "whatsapp" || len(r.Import.FileHash) != 64 || r.Contact.Messages.Total != r.Import.Added {
		t.Errorf("import record: %+v", r)
	}
	st, b = upload(t, a, map[string]string{"contact": "Elon"}, "english_android.txt", data)
	if r2 := decode[resp](t, b); st != http.StatusCreated || r2.Import.Added != 0 || r2.Import.Duplicate != r.Import.Added {
		t.Errorf("re-import added %d (duplicates %d), status %d", r2.Import.Added, r2.Import.Duplicate, st)
	}
	for _, p := range []string{"stats", "series", "series?period=week", "imports", "messages?q=hello"} {
		st, b := a.api("GET", "/api/v1/contacts/1/"+p, nil)
		if st != 200 {
			t.Errorf("%s: %d %s", p, st, b)
		}
	}
	_, b = a.api("GET", "/api/v1/contacts/1/series", nil)
	series := decode[map[string]any](t, b)
	if ts, _ := series["t"].([]any); len(ts) == 0 || series["temperature_mine"] == nil {
		t.Errorf("series without buckets or temperature: %s", b)
	}
	st, b = a.api("GET", "/api/v1/contacts/1/series?period=year", nil)
	if st != 400 {
		t.Errorf("bad period: %d %s", st, b)
	}

	bad := []struct {
		name   string
		fields map[string]string
		data   []byte
		status int
		says   string
	}{
		{"not a chat", map[string]string{"contact": "Elon"}, []byte("just notes\nnothing else\n"), 400, "format not detected"},
		{"no contact", map[string]string{}, data, 400, "contact's name is required"},
		{"broken WhatsApp line", map[string]string{"contact": "Elon", "format": "whatsapp"}, []byte("18/03/2022, 14:56 - Dmitry S: Hello\n\xff\xfe bad bytes\n"), 400, "line"},
		{"too large", map[string]string{"contact": "Elon"}, bytes.Repeat([]byte("18/03/2022, 14:56 - A: Hello\n"), 4000), 413, "too large"},
		{"unknown format", map[string]string{"contact": "Elon", "format": "fax"}, data, 400, "unknown format"},
		{"group without me", map[string]string{"contact": "Misty"}, []byte("06.08.2016, 13:23 - Ash: Hey\n06.08.2016, 13:24 - Misty: Hi\n06.08.2016, 13:25 - Brock: Yo\n"), 400, "Your name in the chat"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			st, b := upload(t, a, c.fields, "chat.txt", c.data)
			if st != c.status {
				t.Errorf("status %d, want %d: %s", st, c.status, b)
			}
			if e := decode[map[string]string](t, b)["error"]; !strings.Contains(e, c.says) {
				t.Errorf("error %q does not say %q", e, c.says)
			}
		})
	}
}

// TestPages draws every page with data in the store.
func TestPages(t *testing.T) {
	a := newApp(t, nil)
	importFixture(t, a, "Elon")
	if st, b := a.api("POST", "/api/v1/contacts/1/nocontact", map[string]any{"planned_days": 30}); st != 201 {
		t.Fatalf("start no contact: %d %s", st, b)
	}
	if st, b := a.api("POST", "/api/v1/holds", map[string]any{"text": "Fine. 5pm then.", "mood": "angry", "reply": true}); st != 201 {
		t.Fatalf("hold: %d %s", st, b)
	}
	if st, b := a.api("POST", "/api/v1/journal", map[string]any{"text": "I miss you", "contact": "Elon", "verdict": "dont_send"}); st != 201 {
		t.Fatalf("journal: %d %s", st, b)
	}
	if st, b := a.api("POST", "/api/v1/callplans", map[string]any{"contact_id": 1, "goal": "kids", "fear": "a fight", "points": []string{"Christmas schedule"}, "exit_line": "I need to go."}); st != 201 {
		t.Fatalf("call plan: %d %s", st, b)
	}
	for _, p := range []string{"/", "/?hold=1", "/?contact=Elon&goal=kids", "/triage", "/contacts", "/contacts/1", "/contacts/1?q=hello", "/contacts/1?q=%20",
		"/nocontact", "/holds", "/holds/1", "/journal", "/calls", "/calls/1", "/settings", "/privacy"} {
		st, body := a.page(p)
		if st != 200 || !strings.Contains(body, `<header class="top">`) || !strings.Contains(body, "</html>") {
			t.Errorf("%s: %d\n%s", p, st, body)
		}
	}
	st, body, _ := a.form("/triage", url.Values{"text": {"You never listen. Can you take Sam on Saturday at 10am?"}})
	if st != 200 || !strings.Contains(body, "What to answer") || !strings.Contains(body, `class="aside"`) {
		t.Errorf("triage: %d", st)
	}
	for _, p := range []string{"/contacts/7", "/holds/7", "/calls/7"} {
		if st, _ := a.page(p); st != 404 {
			t.Errorf("%s: %d, want 404", p, st)
		}
	}
	if st, _ := a.page("/nothing/here"); st != 404 {
		t.Errorf("unknown page: %d", st)
	}
}

func TestForms(t *testing.T) {
	a := newApp(t, nil)
	importFixture(t, a, "Elon")
	steps := []struct {
		path string
		vals url.Values
		to   string
	}{
		{"/nocontact", url.Values{"contact_id": {"1"}, "days": {"10"}}, "/nocontact"},
		{"/nocontact/1/slip", url.Values{"note": {"texted"}}, "/nocontact"},
		{"/nocontact/1/end", url.Values{}, "/nocontact"},
		{"/journal", url.Values{"text": {"kept for me"}, "contact_id": {"1"}}, "/journal"},
		{"/journal/1/delete", url.Values{}, "/journal"},
		{"/calls", url.Values{"goal": {"kids"}, "point": {"one", "", "three"}, "exit_line": {"bye"}}, "/calls/1"},
		{"/calls/1", url.Values{"goal": {"money"}, "point": {"the bill"}}, "/calls/1"},
		{"/calls/1/delete", url.Values{}, "/calls"},
		{"/settings", url.Values{"time_zone": {"Europe/Berlin"}, "dumped": {"yes"}}, "/settings?saved=1"},
	}
	for _, s := range steps {
		st, body, h := a.form(s.path, s.vals)
		if st != http.StatusSeeOther || h.Get("Location") != s.to {
			t.Errorf("POST %s: %d -> %q\n%s", s.path, st, h.Get("Location"), body)
		}
	}
	prof, _ := a.svc.Profiles.Profile(t.Context())
	if prof.TimeZone != "Europe/Berlin" || !prof.Dumped {
		t.Errorf("profile %+v", prof)
	}
	for _, bad := range []struct {
		path string
		vals url.Values
		says string
	}{
		{"/settings", url.Values{"time_zone": {"Mars/Olympus"}}, "unknown time zone"},
		{"/calls", url.Values{"goal": {"kids"}, "point": {"a", "b", "c", "d"}}, "at most 3 points"},
		{"/calls", url.Values{"goal": {"revenge"}}, "unknown goal"},
		{"/privacy/forget-contact", url.Values{"contact_id": {"1"}, "confirm": {"someone"}}, "type their name"},
		{"/privacy/forget-all", url.Values{"confirm": {"yes"}}, "to confirm"},
	} {
		st, body, _ := a.form(bad.path, bad.vals)
		if st != 400 || !strings.Contains(body, bad.says) {
			t.Errorf("POST %s: %d, want 400 saying %q", bad.path, st, bad.says)
		}
	}
	if cs, _ := a.svc.Contacts.Contacts(t.Context()); len(cs) != 1 {
		t.Fatal("an unconfirmed delete deleted")
	}
	if st, _, h := a.form("/privacy/forget-contact", url.Values{"contact_id": {"1"}, "confirm": {"elon"}}); st != 303 || h.Get("Location") != "/privacy?done=Elon" {
		t.Errorf("forget contact: %d %q", st, h.Get("Location"))
	}
	if cs, _ := a.svc.Contacts.Contacts(t.Context()); len(cs) != 0 {
		t.Error("the contact is still there")
	}
	if st, _, _ := a.form("/privacy/forget-all", url.Values{"confirm": {"Delete everything"}}); st != 303 {
		t.Errorf("forget all: %d", st)
	}
	if p, _ := a.svc.Profiles.Profile(t.Context()); p.TimeZone != "" {
		t.Error("the profile survived forgetting everything")
	}
}

func TestStateAPI(t *testing.T) {
	a := newApp(t, nil)
	st, b := a.api("POST", "/api/v1/contacts", map[string]any{"name": "Alex", "aliases": []string{"+44 7700 900123"}})
	if st != 201 {
		t.Fatalf("create contact: %d %s", st, b)
	}
	if st, b = a.api("POST", "/api/v1/contacts", map[string]any{"name": "alex"}); st != 409 {
		t.Errorf("duplicate contact: %d %s", st, b)
	}
	calls := []struct {
		method, path string
		body         any
		status       int
	}{
		{"GET", "/api/v1/contacts", nil, 200},
		{"GET", "/api/v1/contacts/1", nil, 200},
		{"POST", "/api/v1/contacts/1/nocontact", map[string]any{"planned_days": 30}, 201},
		{"POST", "/api/v1/contacts/1/nocontact", map[string]any{}, 409},
		{"POST", "/api/v1/contacts/1/nocontact/slips", map[string]any{"note": "called"}, 201},
		{"GET", "/api/v1/contacts/1/nocontact", nil, 200},
		{"POST", "/api/v1/contacts/1/nocontact/end", map[string]any{}, 200},
		{"POST", "/api/v1/contacts/1/nocontact/end", map[string]any{}, 404},
		{"POST", "/api/v1/holds", map[string]any{"text": "Yes, 5pm is fine.", "reply": true}, 409},
		{"POST", "/api/v1/holds", map[string]any{"text": "Fine. 5pm then.", "mood": "angry", "reply": true, "contact": "Alex"}, 201},
		{"GET", "/api/v1/holds", nil, 200},
		{"GET", "/api/v1/holds?status=waiting&contact_id=1", nil, 200},
		{"GET", "/api/v1/holds?status=lost", nil, 400},
		{"GET", "/api/v1/holds/1", nil, 200},
		{"POST", "/api/v1/holds/1/recheck", nil, 200},
		{"POST", "/api/v1/holds/1/release", nil, 200},
		{"POST", "/api/v1/holds/1/dismiss", nil, 409},
		{"POST", "/api/v1/journal", map[string]any{"text": "I miss you", "contact": "Alex", "verdict": "dont_send"}, 201},
		{"POST", "/api/v1/journal", map[string]any{"text": "x", "verdict": "maybe"}, 400},
		{"POST", "/api/v1/journal", map[string]any{"text": ""}, 400},
		{"GET", "/api/v1/journal?contact_id=1", nil, 200},
		{"DELETE", "/api/v1/journal/1", nil, 204},
		{"DELETE", "/api/v1/journal/1", nil, 404},
		{"POST", "/api/v1/callplans", map[string]any{"goal": "kids", "points": []string{"a", "b", "c", "d"}}, 400},
		{"POST", "/api/v1/callplans", map[string]any{"contact_id": 1, "goal": "kids", "fear": "no", "points": []string{"Christmas: the 24th to the 26th"}, "exit_line": "I need to go."}, 201},
		{"PUT", "/api/v1/callplans/1", map[string]any{"goal": "none", "points": []string{"I miss you"}}, 200},
		{"GET", "/api/v1/callplans", nil, 200},
		{"GET", "/api/v1/callplans/1", nil, 200},
		{"POST", "/api/v1/callplans/1/check", nil, 200},
		{"DELETE", "/api/v1/callplans/1", nil, 204},
		{"GET", "/api/v1/profile", nil, 200},
		{"PATCH", "/api/v1/profile", map[string]any{"time_zone": "Mars/Base"}, 400},
		{"PATCH", "/api/v1/profile", map[string]any{"time_zone": "Europe/Paris", "dumped": true}, 200},
		{"POST", "/api/v1/triage", map[string]any{"text": "Can you take Sam on Saturday at 10am?"}, 200},
		{"POST", "/api/v1/triage", map[string]any{"text": ""}, 400},
		{"GET", "/api/v1/export", nil, 200},
		{"POST", "/api/v1/forget", map[string]any{"confirm": "yes"}, 400},
		{"DELETE", "/api/v1/contacts/1", nil, 204},
		{"POST", "/api/v1/forget", map[string]any{"confirm": "delete everything"}, 204},
		{"POST", "/api/v1/session", map[string]any{"password": "x"}, 400},
	}
	for _, c := range calls {
		st, b := a.api(c.method, c.path, c.body)
		if st != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, st, c.status, b)
		}
		if st >= 500 {
			t.Errorf("%s %s: a server error", c.method, c.path)
		}
	}
	// The call plan was checked by the same rules: with no practical goal
	// and longing in it, it is not a call to make.
	a2 := newApp(t, nil)
	st, b = a2.api("POST", "/api/v1/callplans", map[string]any{"goal": "none", "points": []string{"I miss you so much"}})
	if v := decode[struct {
		Check analyze.Result `json:"check"`
	}](t, b); st != 201 || v.Check.Verdict != analyze.VerdictDontSend {
		t.Errorf("call plan check: %d %s", st, b)
	}
}

// TestStatsFollowImports: the statistics (cached by the advice service)
// and the series (cached here) are those of the history as it is now.
func TestStatsFollowImports(t *testing.T) {
	a := newApp(t, nil)
	if st, b := a.api("GET", "/api/v1/contacts/1/stats", nil); st != 404 {
		t.Errorf("stats without a contact: %d %s", st, b)
	}
	a.api("POST", "/api/v1/contacts", map[string]string{"name": "Elon"})
	if st, b := a.api("GET", "/api/v1/contacts/1/stats", nil); st != 404 || !strings.Contains(string(b), "no messages") {
		t.Errorf("stats without messages: %d %s", st, b)
	}
	importFixture(t, a, "Elon")
	_, first := a.api("GET", "/api/v1/contacts/1/stats", nil)
	_, again := a.api("GET", "/api/v1/contacts/1/stats", nil)
	if !bytes.Equal(first, again) {
		t.Errorf("stats differ between two reads:\n%s\n%s", first, again)
	}
	_, series := a.api("GET", "/api/v1/contacts/1/series", nil)
	more := []byte("07/01/2023, 10:00 - Elon: One more message\n07/01/2023, 10:05 - Dmitry S: And an answer\n")
	if st, b := upload(t, a, map[string]string{"contact": "Elon"}, "more.txt", more); st != 201 {
		t.Fatalf("import: %d %s", st, b)
	}
	if _, after := a.api("GET", "/api/v1/contacts/1/stats", nil); bytes.Equal(first, after) {
		t.Error("stats did not change after an import")
	}
	if _, after := a.api("GET", "/api/v1/contacts/1/series", nil); bytes.Equal(series, after) {
		t.Error("the series did not change after an import")
	}
}

// TestTheMethodInContextThroughTheAPI: the context rules hold for
// POST /api/v1/check as for the CLI and the page (docs/RULES.md).
func TestTheMethodInContextThroughTheAPI(t *testing.T) {
	a := newApp(t, nil)
	cases := []struct {
		name string
		req  map[string]any
		want analyze.Verdict
	}{
		{"no-contact is not bypassed by replying", map[string]any{"text": "Saw this and thought of you", "reply": true, "no_contact": true}, analyze.VerdictDontSend},
		{"when they ended it, a plea is not sent even as a reply", map[string]any{"text": "Come back?", "goal": "relationship", "reply": true, "dumped": true}, analyze.VerdictDontSend},
		{"an insult is don't send, not wait", map[string]any{"text": "You ALWAYS forget, you are useless!!!", "reply": true}, analyze.VerdictDontSend},
		{"necessary logistics pass a no-contact period", map[string]any{"text": "Can you sign Sam's passport form by Friday the 12th?", "goal": "kids", "reply": true, "no_contact": true}, analyze.VerdictSend},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, b := a.api("POST", "/api/v1/check", c.req)
			if st != http.StatusOK {
				t.Fatalf("status %d: %s", st, b)
			}
			res := decode[analyze.Result](t, b)
			if res.Verdict != c.want {
				t.Errorf("verdict %s, want %s: %s", res.Verdict, c.want, b)
			}
			if res.Headline.Word != c.want.Word() {
				t.Errorf("headline %q, want %q", res.Headline.Word, c.want.Word())
			}
		})
	}
}
