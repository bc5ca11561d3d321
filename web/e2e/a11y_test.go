package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The accessibility checks every page state goes through (see check):
// axe-core's WCAG 2.0/2.1 A and AA rules at a desktop and a phone width,
// no aria-label where ARIA prohibits one, and no horizontal scrolling on
// the phone nor at 200% zoom of it. The tests below this file's helpers
// cover what a page scan cannot: the verdict's live status, the charts'
// text, focus rings, and that each check fails on a page broken on purpose.

// axeTags are the axe-core rule tags of WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeSource is the vendored axe-core (testdata/axe/README.md), read once.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	return string(b), err
})

// axeViolation is the part of an axe-core violation a failure message needs.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s — %d element(s)", v.ID, v.Impact, v.Help, len(v.Nodes))
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n      … and %d more", len(v.Nodes)-i)
			break
		}
		html := n.HTML
		if len(html) > 160 {
			html = html[:160] + "…"
		}
		fmt.Fprintf(&b, "\n      %s %s\n        %s", strings.Join(n.Target, " "), html, strings.ReplaceAll(n.Summary, "\n", " / "))
	}
	return b.String()
}

// axe injects axe-core into the page (through the DevTools protocol, so
// the page's Content-Security-Policy does not apply) and returns the
// WCAG 2.0/2.1 A and AA violations of the page as it is now.
func (s *session) axe(t *testing.T) []axeViolation {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("read the vendored axe-core: %v", err)
	}
	if !get(t, s, chromedp.Evaluate[bool](`typeof window.axe === "object"`)) {
		get(t, s, chromedp.Evaluate[chromedp.Void](src))
	}
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	return get(t, s, chromedp.Evaluate[[]axeViolation](`(async () => {
  const r = await axe.run(document, { runOnly: { type: "tag", values: `+tags+` }, resultTypes: ["violations"] });
  return r.violations.map((v) => ({ id: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, summary: n.failureSummary || "" })) }));
})()`, chromedp.EvalAwaitPromise))
}

// overflow is what scrolls sideways: how many CSS pixels the page is
// wider than the viewport, and the outermost elements that stick out.
type overflow struct {
	By       float64  `json:"by"`
	Width    float64  `json:"width"`
	Sticking []string `json:"sticking"`
}

// sideways measures horizontal overflow of the page as it is now.
// Content hidden off-screen on purpose (the skip link, visually hidden
// text) is not counted: it does not make the page scroll.
func (s *session) sideways(t *testing.T) overflow {
	t.Helper()
	return get(t, s, chromedp.Evaluate[overflow](`(() => {
  const root = document.documentElement, w = root.clientWidth;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.classList.length ? "." + [...e.classList].join(".") : "");
  // clipped: inside a box that hides its overflow and itself fits, like
  // visually hidden text; that does not scroll the page.
  const clipped = (e) => {
    for (; e && e !== document.body; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.overflowX !== "visible" || st.clip !== "auto" && st.clip !== "") return e.getBoundingClientRect().right <= w + 0.5;
    }
    return false;
  };
  const out = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.right <= w + 0.5) continue;
    // Only the outermost: skip an element whose parent already sticks out.
    const p = e.parentElement;
    if (p && p !== document.body && p.getBoundingClientRect().right > w + 0.5) continue;
    out.push(name(e) + " right=" + Math.round(r.right) + " width=" + Math.round(r.width));
  }
  // Text can stick out of a box that fits: a word too long for its line.
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim()) continue;
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.right > w + 0.5 && !clipped(n.parentElement)) out.push("text in " + name(n.parentElement) + " right=" + Math.round(r.right) + ": " + JSON.stringify(n.textContent.trim().slice(0, 40)));
  }
  return { by: Math.max(root.scrollWidth, document.body.scrollWidth) - w, width: w, sticking: out.slice(0, 8) };
})()`))
}

// namedGeneric lists the elements with an aria-label whose role may not
// be named: a paragraph, or a div or span without a role. axe-core leaves
// this to a person to review (a screen reader ignores the label, or reads
// it instead of the text); here it fails.
func (s *session) namedGeneric(t *testing.T) []string {
	t.Helper()
	return get(t, s, chromedp.Evaluate[[]string](`[...document.querySelectorAll("p[aria-label], div[aria-label]:not([role]), span[aria-label]:not([role]), p[aria-labelledby], div[aria-labelledby]:not([role]), span[aria-labelledby]:not([role])")]
  .map((e) => e.outerHTML.slice(0, 120))`))
}

// viewports are where every page state is checked: a desktop window and
// a phone 390 px wide, both with axe-core; and 200% zoom of a window 390
// px wide (195 CSS px at 2 device pixels per CSS pixel, which is what the
// browser's zoom does), where nothing may scroll sideways.
var viewports = []struct {
	name          string
	width, height int64
	scale         float64
	axe           bool // run axe-core
	reflow        bool // fail on horizontal scrolling
}{
	{"1280", 1280, 900, 1, true, false},
	{"390", 390, 844, 1, true, true},
	{"390-zoom200", 195, 422, 2, false, true},
}

// check looks at one page state the way a person would, in each of the
// viewports: saves a screenshot, fails on any WCAG 2.0/2.1 A or AA
// violation axe-core finds, and fails when the page scrolls sideways on
// the phone or at 200% zoom.
func (s *session) check(t *testing.T, name string) {
	t.Helper()
	if !get(t, s, chromedp.Evaluate[bool](`!!document.querySelector("header.top") && !!document.querySelector("main h1, main .write")`)) {
		t.Fatalf("%s: the page was not drawn: %q", name, get(t, s, chromedp.Evaluate[string](`document.body.innerText`)))
	}
	for _, vp := range viewports {
		// The contact page redraws its charts 150 ms after a resize.
		s.do(t, "resize", chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale)), chromedp.Sleep(300*time.Millisecond))
		if vp.axe {
			if vs := s.axe(t); len(vs) > 0 {
				var lines []string
				for _, v := range vs {
					lines = append(lines, "  "+v.String())
				}
				t.Errorf("%s at %s: %d WCAG A/AA violation(s) (axe-core):\n%s", name, vp.name, len(vs), strings.Join(lines, "\n"))
			}
		}
		if vp.axe {
			if named := s.namedGeneric(t); len(named) > 0 {
				t.Errorf("%s at %s: aria-label on elements that may not be named (ARIA prohibits it on paragraphs and generic containers): %q", name, vp.name, named)
			}
		}
		if vp.reflow {
			if o := s.sideways(t); o.By > 0 {
				t.Errorf("%s at %s: the page scrolls sideways by %.0f px in a %.0f px viewport; sticking out:\n  %s",
					name, vp.name, o.By, o.Width, strings.Join(o.Sticking, "\n  "))
			}
		}
		// The screenshot comes last: capturing beyond the viewport resizes
		// the page for a moment, and the charts redraw after a resize.
		png := get(t, s, chromedp.FullScreenshot(100))
		p := filepath.Join(s.shots, fmt.Sprintf("%s-%s.png", name, vp.name))
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.do(t, "restore viewport", chromedp.EmulateViewport(1280, 900))
}

// axNode returns the accessibility node Chromium gives the element the
// expression evaluates to, as a screen reader would get it.
func (s *session) axNode(t *testing.T, expr string) *accessibility.Node {
	t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, time.Minute)
	defer cancel()
	obj, err := chromedp.Run(ctx, chromedp.Evaluate[*runtime.RemoteObject](expr))
	if err != nil {
		t.Fatal(err)
	}
	no := false
	r, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{ObjectID: obj.ObjectID, FetchRelatives: &no})
	if err != nil {
		t.Fatalf("accessibility node of %s: %v", expr, err)
	}
	if len(r.Nodes) == 0 {
		t.Fatalf("%s has no accessibility node", expr)
	}
	return r.Nodes[0]
}

// axProp returns an accessibility property's value as JSON text ("" when
// the node does not have it).
func axProp(n *accessibility.Node, name accessibility.PropertyName) string {
	for _, p := range n.Properties {
		if p.Name == name && p.Value != nil {
			return string(p.Value.Value)
		}
	}
	return ""
}

// watchVerdict instruments the write page: window.__said collects what
// the verdict status region was set to (one entry per change of its
// text, even a change to the same words), and the check requests and
// the renders of their answers are tracked so settled() can tell when the
// page has shown the answer to the draft as it now is.
const watchVerdict = `(() => {
  window.__said = []; window.__pending = 0; window.__reqText = null; window.__reqAt = 0; window.__renderAt = -1;
  const fetch0 = window.fetch;
  window.fetch = function (url, opts) {
    if (!String(url).endsWith("/api/v1/check")) return fetch0.apply(this, arguments);
    window.__pending++; window.__reqText = JSON.parse(opts.body).text; window.__reqAt = performance.now();
    return fetch0.apply(this, arguments).finally(() => { window.__pending--; });
  };
  const status = document.getElementById("verdict-status");
  new MutationObserver(() => window.__said.push(status.textContent))
    .observe(status, { childList: true, characterData: true, subtree: true });
  new MutationObserver(() => { window.__renderAt = performance.now(); })
    .observe(document.getElementById("verdict-word"), { childList: true, characterData: true, subtree: true });
})()`

// settled waits until the answer to the draft as it is now is on the page.
var settled = until(`window.__pending === 0 && window.__reqText === document.getElementById("draft").value && window.__renderAt > window.__reqAt`)

// TestVerdictStatus: a screen reader hears the verdict from a small status
// region that is in the page from the start, and hears it again only when
// the verdict changes — not after every pause in typing. The large result
// area is not a live region.
func TestVerdictStatus(t *testing.T) {
	s := newSession(t)
	u := app(t).URL
	said := func() []string { return get(t, s, chromedp.Evaluate[[]string](`window.__said`)) }
	word := func() string { return get(t, s, chromedp.Text(css("#verdict-word"))) }

	s.do(t, "open the write page",
		chromedp.Navigate(u+"/"),
		chromedp.WaitVisible(css("#draft")),
		chromedp.SetValue(css("#goal"), "kids"),
		chromedp.SetValue(css("#reply"), "yes"),
		chromedp.Evaluate[chromedp.Void](watchVerdict),
	)
	t.Run("the status region is in the accessibility tree before the first verdict", func(t *testing.T) {
		n := s.axNode(t, `document.getElementById("verdict-status")`)
		if n.Ignored || n.Role == nil || string(n.Role.Value) != `"status"` {
			t.Fatalf("#verdict-status: ignored=%v role=%v; want a status that is not ignored", n.Ignored, n.Role)
		}
		if live := axProp(n, accessibility.PropertyNameLive); live != `"polite"` {
			t.Errorf("#verdict-status is live %s, want polite", live)
		}
	})

	s.do(t, "type a practical reply",
		chromedp.SendKeys(css("#draft"), "Can you have Sam ready at 5pm on Friday?"),
		settled,
	)
	if w := word(); w != "Send it" {
		t.Fatalf("the practical reply is %q, want Send it: the rest of this test needs a draft that is sent", w)
	}
	t.Run("the first verdict is said", func(t *testing.T) {
		got := said()
		if len(got) == 0 || got[len(got)-1] != "Verdict: Send it." {
			t.Errorf("the status region said %q, want it to end with %q", got, "Verdict: Send it.")
		}
	})
	t.Run("the result area is not a live region", func(t *testing.T) {
		for _, id := range []string{"result", "verdict-word", "findings"} {
			n := s.axNode(t, `document.getElementById("`+id+`")`)
			if live := axProp(n, accessibility.PropertyNameLive); live != "" {
				t.Errorf("#%s is in a live region (live %s): every check would be read out again", id, live)
			}
		}
	})

	t.Run("more words with the same verdict leave the status silent", func(t *testing.T) {
		s.do(t, "reset", chromedp.Evaluate[chromedp.Void](`window.__said = []`))
		for _, more := range []string{" Thanks.", " I'll bring his coat", "!"} {
			s.do(t, "type "+more, chromedp.SendKeys(css("#draft"), more), settled)
			if w := word(); w != "Send it" {
				t.Fatalf("after %q the verdict is %q; this step needs one that stays Send it", more, w)
			}
		}
		if got := said(); len(got) != 0 {
			t.Errorf("the verdict did not change, yet the status region was written %d times: %q", len(got), got)
		}
		if st := get(t, s, chromedp.TextContent(css("#verdict-status"))); st != "Verdict: Send it." {
			t.Errorf("the status region holds %q, want the verdict still: %q", st, "Verdict: Send it.")
		}
	})

	t.Run("a new verdict is said once", func(t *testing.T) {
		s.do(t, "add an accusation",
			chromedp.SendKeys(css("#draft"), " You ALWAYS change the pickup time at the last minute!!!"),
			settled,
		)
		w := word()
		if w == "Send it" {
			t.Fatalf("the accusation did not change the verdict (%q)", w)
		}
		got := said()
		if len(got) == 0 || got[len(got)-1] != "Verdict: "+w+"." {
			t.Errorf("after the verdict changed to %q the status region said %q", w, got)
		}
	})

	t.Run("a wait verdict says until when", func(t *testing.T) {
		s.do(t, "angry",
			chromedp.Evaluate[chromedp.Void](`window.__said = []`),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("draft").value = ""; document.getElementById("draft").dispatchEvent(new Event("input"))`),
			chromedp.SetValue(css("#mood"), "angry"),
			chromedp.SendKeys(css("#draft"), "Fine. Pick him up at 5 then."),
			settled,
		)
		if w := word(); w != "Wait" {
			t.Fatalf("an angry draft is %q, want Wait", w)
		}
		got := said()
		if len(got) == 0 || !strings.HasPrefix(got[len(got)-1], "Verdict: Wait until ") {
			t.Errorf("the status region said %q, want the last to be %q and a time", got, "Verdict: Wait until")
		}
	})
}

// rhythmCSV is three months of a steady rhythm in steady's CSV format:
// each morning Sam (the user) asks and Alex answers 10 minutes later in
// three words; each evening Alex asks and Sam answers 2 minutes later in
// five.
func rhythmCSV() string {
	var b strings.Builder
	b.WriteString("time,sender,text\n")
	for d := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC); d.Before(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		at := func(h, m int) string {
			return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute).Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "%s,Sam,Can you do pickup today?\n", at(9, 0))
		fmt.Fprintf(&b, "%s,Alex,Yes at five\n", at(9, 10))
		fmt.Fprintf(&b, "%s,Alex,Did he eat?\n", at(18, 0))
		fmt.Fprintf(&b, "%s,Sam,Yes he had his dinner\n", at(18, 2))
	}
	return b.String()
}

// TestChartsSayTheirNumbers: every chart on the contact page is hidden
// from screen readers as a picture and has its numbers beside it in text
// — "Alex 10 min, you 2 min" — as a sentence and month by month.
func TestChartsSayTheirNumbers(t *testing.T) {
	s := newSession(t)
	u := app(t).URL
	file := filepath.Join(t.TempDir(), "alex.csv")
	if err := os.WriteFile(file, []byte(rhythmCSV()), 0o644); err != nil {
		t.Fatal(err)
	}
	s.do(t, "import",
		chromedp.Navigate(u+"/contacts"),
		chromedp.SendKeys(css("#imp-contact"), "Alex"),
		chromedp.SendKeys(css("#imp-me"), "Sam"),
		chromedp.SetUploadFiles(css("#imp-file"), []string{file}),
		chromedp.Click(css(`form[data-import] button[type="submit"]`)),
		until(`location.pathname.startsWith("/contacts/")`),
		until(`document.querySelectorAll('.chart[data-drawn="1"]').length === 4 && document.querySelectorAll(".chart-text").length === 4`),
	)
	type figure struct {
		Caption, Sentence string
		Hidden            string // the chart's aria-hidden
		Months            []string
	}
	figs := get(t, s, chromedp.Evaluate[[]figure](`[...document.querySelectorAll(".charts figure")].map((f) => ({
  caption: f.querySelector("figcaption").textContent,
  sentence: (f.querySelector(".chart-text") || {}).textContent || "",
  hidden: f.querySelector(".chart").getAttribute("aria-hidden") || "",
  months: [...f.querySelectorAll(".chart-data li")].map((li) => li.textContent),
}))`))
	if len(figs) != 4 {
		t.Fatalf("%d charts, want 4", len(figs))
	}
	for _, f := range figs {
		t.Logf("%s\n  %s\n  %q", f.Caption, f.Sentence, f.Months)
		if f.Hidden != "true" {
			t.Errorf("%q: the chart is not hidden from screen readers (aria-hidden=%q), so they meet a bare canvas", f.Caption, f.Hidden)
		}
		if len(f.Months) != 3 {
			t.Errorf("%q: %d months listed, want 3 (Sep to Nov 2026): %q", f.Caption, len(f.Months), f.Months)
		}
	}
	for i, want := range []struct{ sentence, month string }{
		{"Alex 10 min, you 2 min.", "Sep 2026: Alex 10 min, you 2 min"},
		{"Alex 3, you 5.", "Sep 2026: Alex 3, you 5"},
		{"Alex started 84 conversations and you 84", "Sep 2026: Alex started 30; you 30"},
		{"the latest month:", "Sep 2026: "},
	} {
		f := figs[i]
		if !strings.Contains(f.Sentence, want.sentence) {
			t.Errorf("%q says %q, want it to say %q", f.Caption, f.Sentence, want.sentence)
		}
		if len(f.Months) == 0 || !strings.HasPrefix(f.Months[0], want.month) {
			t.Errorf("%q: month by month starts %q, want %q", f.Caption, f.Months, want.month)
		}
	}
	s.check(t, "contact-rhythm")

	// At 200% zoom the rhythm table is laid out as blocks; a screen reader
	// must still meet a table, its row headers and cells.
	s.do(t, "zoom", chromedp.EmulateViewport(195, 422, chromedp.EmulateScale(2)), chromedp.Sleep(300*time.Millisecond))
	if d := get(t, s, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".glance tbody tr")).display`)); d != "block" {
		t.Errorf("at 200%% zoom the rhythm table's rows are display %q, want block (stacked)", d)
	}
	for sel, want := range map[string]string{"table.glance": "table", ".glance tbody th": "rowheader", ".glance tbody td": "cell", ".glance thead th": "columnheader"} {
		if n := s.axNode(t, `document.querySelector("`+sel+`")`); n.Ignored || n.Role == nil || string(n.Role.Value) != `"`+want+`"` {
			t.Errorf("at 200%% zoom %s is %v (ignored %v), want %s", sel, n.Role, n.Ignored, want)
		}
	}
	s.do(t, "restore viewport", chromedp.EmulateViewport(1280, 900))
}

// focusRing measures the focus indicator of the focused element: its
// outline, and the colour it is drawn on (what is painted under the ring,
// found with elementsFromPoint so a link positioned over the header is
// measured against the header), with their contrast ratio.
const focusRing = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.getAttribute("href") ? "[href=" + e.getAttribute("href") + "]" : "") +
    (e.textContent.trim() ? " " + JSON.stringify(e.textContent.trim().slice(0, 30)) : "");
  const st = getComputedStyle(e), r = e.getBoundingClientRect();
  const rgba = (c) => { const m = c.match(/[\d.]+/g) || []; return m.length >= 3 ? [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1] : null; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const width = parseFloat(st.outlineWidth) || 0, offset = parseFloat(st.outlineOffset) || 0;
  // The middle of the ring's left side (or right side, near the left edge).
  let x = r.left - offset - width / 2;
  if (x < 1) x = r.right + offset + width / 2;
  const y = r.top + r.height / 2;
  let back = null;
  for (const el of document.elementsFromPoint(x, y)) {
    if (el === e || e.contains(el)) continue;
    for (let a = el; a && !back; a = a.parentElement) {
      const c = rgba(getComputedStyle(a).backgroundColor);
      if (c && c[3] === 1) back = c;
    }
    if (back) break;
  }
  back = back || [255, 255, 255, 1];
  const ring = rgba(st.outlineColor);
  const [hi, lo] = [lum(ring), lum(back)].sort((a, b) => b - a);
  return { what: name, style: st.outlineStyle, width, ring: st.outlineColor, back: "rgb(" + back.slice(0, 3).join(", ") + ")",
    ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100 };
})()`

// ring is one focused element's focus indicator, as focusRing measures it.
type ring struct {
	What, Style, Ring, Back string
	Width, Ratio            float64
}

// TestFocusRingContrast walks pages with the Tab key, as a keyboard user
// does, and fails where the focus ring is missing, thinner than 2 px, or
// under 3:1 against what it is drawn on (WCAG 1.4.11) — the header's
// links first among them.
func TestFocusRingContrast(t *testing.T) {
	s := newSession(t)
	u := app(t).URL
	for _, tc := range []struct {
		path  string
		width int64
	}{{"/", 1280}, {"/", 390}, {"/contacts", 1280}, {"/nocontact", 1280}, {"/calls", 1280}, {"/settings", 1280}} {
		t.Run(fmt.Sprintf("%s at %d px", tc.path, tc.width), func(t *testing.T) {
			s.do(t, "open", chromedp.EmulateViewport(tc.width, 900), chromedp.Navigate(u+tc.path), chromedp.WaitVisible(css("main")))
			seen := map[string]bool{}
			header, lowest := 0, ring{Ratio: 99}
			for range 80 {
				s.do(t, "tab", chromedp.KeyEvent("\t"))
				r := get(t, s, chromedp.Evaluate[*ring](focusRing))
				if r == nil || seen[r.What] {
					break // back at the start
				}
				seen[r.What] = true
				if strings.Contains(r.What, "[href=/") && !strings.HasPrefix(r.What, "a[href=/privacy/") {
					header++
				}
				if r.Ratio < lowest.Ratio {
					lowest = *r
				}
				if r.Style == "none" || r.Width < 2 || r.Ratio < 3 {
					t.Errorf("%s: focus ring %s %.0fpx %s on %s is %.2f:1, want a ring of 2px or more at 3:1 or more", r.What, r.Style, r.Width, r.Ring, r.Back, r.Ratio)
				}
			}
			if len(seen) < 5 || header < 10 {
				t.Fatalf("Tab reached %d elements (%d header links), want the skip link, the brand and the nine pages at least: %v", len(seen), header, seen)
			}
			t.Logf("%d elements; the lowest focus ring contrast is %.2f:1 (%s on %s, %s)", len(seen), lowest.Ratio, lowest.Ring, lowest.Back, lowest.What)
		})
	}
	s.do(t, "restore viewport", chromedp.EmulateViewport(1280, 900))
}

// TestTheChecksCanFail shows that the checks every page state goes through
// catch what they are for: a page broken on purpose fails each of them.
func TestTheChecksCanFail(t *testing.T) {
	s := newSession(t)
	u := app(t).URL
	s.do(t, "open", chromedp.EmulateViewport(390, 844), chromedp.Navigate(u+"/contacts"), chromedp.WaitVisible(css("main h1")))
	if vs := s.axe(t); len(vs) != 0 {
		t.Fatalf("the contacts page should pass before it is broken: %v", vs)
	}
	if o := s.sideways(t); o.By != 0 {
		t.Fatalf("the contacts page should not scroll before it is broken: %+v", o)
	}
	if n := s.namedGeneric(t); len(n) != 0 {
		t.Fatalf("the contacts page has no named paragraph before it is broken: %q", n)
	}
	// Styles are set through the DOM: the page's CSP refuses style attributes.
	s.do(t, "break it", chromedp.Evaluate[chromedp.Void](`(() => {
  const m = document.querySelector("main"), add = (html) => { m.insertAdjacentHTML("beforeend", html); return m.lastElementChild; };
  add('<img src="/favicon.ico">');
  const grey = add("<p>Days outside the period</p>");
  grey.style.color = "#9ca3af"; grey.style.background = "#fff";
  add('<p aria-label="A label on a paragraph">Their message</p>');
  add('<input id="nolabel">');
})()`))
	found := map[string]bool{}
	for _, v := range s.axe(t) {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "color-contrast", "label"} {
		if !found[id] {
			t.Errorf("axe-core did not report %s on a page with that fault; it found %v", id, found)
		}
	}
	if n := s.namedGeneric(t); len(n) != 1 {
		t.Errorf("the aria-label on a paragraph was not found: %q", n)
	}
	s.do(t, "make it wide", chromedp.Evaluate[chromedp.Void](`(() => {
  const d = document.createElement("div"); d.textContent = "wide"; d.style.width = "500px"; document.querySelector("main").append(d);
})()`))
	if o := s.sideways(t); o.By < 100 || len(o.Sticking) == 0 || !strings.HasPrefix(o.Sticking[0], "div") {
		t.Errorf("a 500 px box at 390 px: measured %+v, want about 120 px of sideways scroll and the div named", o)
	}
	s.do(t, "a long word", chromedp.Navigate(u+"/contacts"), chromedp.WaitVisible(css("main h1")),
		chromedp.Evaluate[chromedp.Void](`(() => {
  const p = document.createElement("p"); p.textContent = "x".repeat(120); p.style.overflowWrap = "normal"; document.querySelector("main").append(p);
})()`))
	if o := s.sideways(t); o.By <= 0 || len(o.Sticking) == 0 || !strings.HasPrefix(o.Sticking[0], "text in p") {
		t.Errorf("a word too long for the line: measured %+v, want the text named", o)
	}
}
