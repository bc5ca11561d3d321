package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/importer"
	"github.com/steadyhq/steady/internal/say"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the pages; each is templates/<name>.html defining
// "content" (and optionally "head"), rendered inside layout.html.
var pageNames = []string{
	"write", "triage", "contacts", "contact", "nocontact", "holds", "hold", "journal",
	"calls", "call", "settings", "privacy", "login", "error",
}

// templates holds one parsed template set per page.
type templates struct {
	byName map[string]*template.Template
}

// parseTemplates parses every page with the layout and partials, and
// executes each once on an empty page, so that a missing asset or a typo
// stops the server at start-up (miniflux's engine does the same).
func parseTemplates(funcs template.FuncMap) (*templates, error) {
	t := &templates{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		tpl, err := template.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		if tpl.Lookup("content") == nil {
			return nil, fmt.Errorf("%s.html defines no content", name)
		}
		t.byName[name] = tpl
	}
	return t, nil
}

// page is what every page template gets.
type page struct {
	Title  string
	Nav    string // the active navigation item
	Error  string
	Notice string
	// Scripts are extra scripts of the page, after app.js.
	Scripts []string
	Styles  []string

	CSRF         string
	PasswordMode bool
	Contacts     []*steady.Contact
	Goals        []analyze.Goal
	Moods        []analyze.Mood
	Data         any
}

// render executes a page into a buffer first, so a failing template
// becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	tpl, ok := s.pages.byName[name]
	if !ok {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.CSRF = s.csrfToken(r)
	p.PasswordMode = s.passwordMode()
	p.Goals, p.Moods = analyze.Goals, analyze.Moods
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error: the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"static": func(name string) (string, error) { return s.static.url(name) },
		"dur": func(sec float64) string {
			if sec <= 0 || math.IsNaN(sec) {
				return "—"
			}
			return analyze.HumanDuration(time.Duration(sec * float64(time.Second)))
		},
		"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"num": func(f float64) string { return fmt.Sprintf("%.0f", f) },
		// Moments and days as the CLI writes them (package say), in the
		// zone the handler put them in, with the year when not this one.
		"datetime": func(t time.Time) string { return say.Time(t, s.now().In(t.Location())) },
		"date":     func(t time.Time) string { return say.Day(t, s.now().In(t.Location())) },
		// count is "1 slip", "2 slips"; a third argument gives an
		// irregular plural.
		"count": func(n int, one string, many ...string) string { return say.Count(n, one, many...) },
		// The import form offers the formats and their options the
		// importer lists.
		"importFormats": func() []importer.Info {
			var infos []importer.Info
			for _, f := range importer.Formats() {
				infos = append(infos, f.Info())
			}
			return infos
		},
		"importOptions": importer.FormatOptions,
		"optionField":   optionField,
		// year is this year, for the scripts' dates (app.js).
		"year":        func() int { return s.now().Year() },
		"isodate":     func(t time.Time) string { return t.Format("2006-01-02") },
		"goalLabel":   func(g any) string { return goalLabel(analyze.Goal(fmt.Sprint(g))) },
		"moodLabel":   func(m any) string { return moodLabel(analyze.Mood(fmt.Sprint(m))) },
		"verdictWord": func(v any) string { return analyze.Verdict(fmt.Sprint(v)).Word() },
		"sevWord": func(s analyze.Severity) string {
			return map[analyze.Severity]string{analyze.SeverityError: "Serious", analyze.SeverityWarning: "Change", analyze.SeverityInfo: "Note"}[s]
		},
		"preview": func(s string, n int) string {
			s = strings.Join(strings.Fields(s), " ")
			if r := []rune(s); len(r) > n {
				return string(r[:n-1]) + "…"
			}
			return s
		},
		"inc": func(i int) int { return i + 1 },
		"holdCtx": func(v holdView, csrf string) any {
			return struct {
				V    holdView
				CSRF string
			}{v, csrf}
		},
		"callCtx": func(f *callForm, p *page) any {
			return struct {
				F        *callForm
				Contacts []*steady.Contact
				Goals    []analyze.Goal
			}{f, p.Contacts, p.Goals}
		},
		"eqs": func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
	}
}

// goalLabel names a goal the way the picker shows it.
func goalLabel(g analyze.Goal) string {
	switch g {
	case analyze.GoalLogistics:
		return "Logistics (times, places, arrangements)"
	case analyze.GoalKids:
		return "The children"
	case analyze.GoalBelongings:
		return "Getting belongings back"
	case analyze.GoalMoney:
		return "Money or bills"
	case analyze.GoalClosure:
		return "Closure"
	case analyze.GoalRelationship:
		return "A talk about the relationship"
	case analyze.GoalNone:
		return "No practical goal — I just want to talk"
	}
	return "Not chosen"
}

func moodLabel(m analyze.Mood) string {
	if m == "" {
		return "Not said"
	}
	return strings.ToUpper(string(m[:1])) + string(m[1:])
}
