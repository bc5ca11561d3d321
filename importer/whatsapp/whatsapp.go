// Package whatsapp reads WhatsApp's "Export chat" text file, as written by
// Android and iPhone in every region and language seen so far (see
// header.go for the header shapes and placeholders.txt for the localized
// media, deletion and system texts).
//
// The export gives wall-clock times without a zone: they are read in
// Options.Location, with DST gaps and repeated hours resolved so that
// messages keep their file order. Whether dates are day-first or
// month-first is decided once for the whole file.
package whatsapp

import (
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

//go:embed placeholders.txt
var placeholderList string

// DateOrder says how to read an ambiguous date such as 3/6/18.
type DateOrder string

const (
	DateOrderAuto DateOrder = ""    // decide from the whole file (default)
	DayFirst      DateOrder = "dmy" // 3/6/18 is 3 June
	MonthFirst    DateOrder = "mdy" // 3/6/18 is 6 March
)

// Options configure Parse.
type Options struct {
	// Location is the zone the exporting phone was in; nil means time.Local.
	Location *time.Location
	// Name names the file in errors.
	Name string
	// DateOrder forces the reading of ambiguous dates.
	DateOrder DateOrder
	// SizeHint is the input size when known, to read it in one allocation.
	SizeHint int64
}

// Detect reports whether head (the first bytes of a file) starts with a
// WhatsApp message header.
func Detect(head []byte) bool {
	s := string(head)
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.TrimLeft(s, "\r\n")
	line, _, _ := strings.Cut(s, "\n")
	line = strings.TrimSuffix(line, "\r")
	var h header
	return scanHeader(line, nil, &h) && h.body < len(line)
}

// Parse reads an export. Messages come in file order with Sender, At, Kind
// and Text set; Side, Source and Key are left to the caller (the importer
// package fills them). System lines have an empty Sender on Android and
// the chat's name on iPhone.
func Parse(r io.Reader, opts Options) ([]steady.Message, error) {
	s, err := parse.ReadAll(r, opts.Name, parse.MaxText, opts.SizeHint)
	if err != nil {
		return nil, err
	}
	return ParseString(s, opts)
}

// raw keeps what is needed to place a message in time once the file's date
// order is known; it is small so that a million of them stay cheap.
type raw struct {
	y        int16
	p, q     uint8
	h, m, s  uint8
	yfirst   bool
	line     int32
	lineMark bool
}

// ParseString is Parse on the whole export as a string. Texts and senders
// are substrings of s where no cleaning was needed.
func ParseString(s string, opts Options) ([]steady.Message, error) {
	file := opts.Name
	if err := parse.CheckUTF8(s, file); err != nil {
		return nil, err
	}
	s = strings.TrimPrefix(s, "\ufeff")
	match, err := parse.NewMatcher(placeholderList)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: %w", err) // a broken embedded list is a bug
	}
	p := parser{file: file, match: match, names: make(map[string]string)}
	// A rough count presizes the slices: most lines start a message.
	est := strings.Count(s[:min(len(s), 1<<20)], "\n")
	if len(s) > 1<<20 {
		est = int(int64(est) * int64(len(s)) / (1 << 20))
	}
	p.msgs = make([]steady.Message, 0, est+1)
	p.raws = make([]raw, 0, est+1)
	if err := p.lines(s); err != nil {
		return nil, err
	}
	if err := p.place(opts); err != nil {
		return nil, err
	}
	return p.msgs, nil
}

type parser struct {
	file  string
	match *parse.Matcher
	style style
	fixed bool // style known
	msgs  []steady.Message
	raws  []raw
	names map[string]string // cleaned sender names, so each is allocated once

	// the message being read: its body runs from s[start:] to s[:end]
	open      bool
	start     int
	end       int
	multiline bool

	dayFirst, monthFirst int // lines that decide the order by a field > 12
}

func (p *parser) lines(s string) error {
	lineNo := 0
	for pos := 0; pos < len(s); {
		lineNo++
		nl := strings.IndexByte(s[pos:], '\n')
		next := len(s)
		if nl >= 0 {
			next = pos + nl + 1
		} else {
			nl = len(s) - pos
		}
		if nl > parse.MaxLine {
			return parse.Errorf(p.file, lineNo, "line is longer than %d KiB", parse.MaxLine>>10)
		}
		lineEnd := pos + nl
		if lineEnd > pos && s[lineEnd-1] == '\r' {
			lineEnd--
		}
		line := s[pos:lineEnd]
		var h header
		var want *style
		if p.fixed {
			want = &p.style
		}
		if scanHeader(line, want, &h) {
			if !p.fixed {
				p.style, p.fixed = h.style, true
			}
			p.flush(s)
			p.open, p.start, p.end, p.multiline = true, pos+h.body, lineEnd, false
			if !h.yfirst {
				if h.p > 12 {
					p.dayFirst++
				} else if h.q > 12 {
					p.monthFirst++
				}
			}
			p.raws = append(p.raws, raw{
				y: int16(h.y), p: uint8(h.p), q: uint8(h.q), yfirst: h.yfirst,
				h: uint8(h.h), m: uint8(h.m), s: uint8(h.s),
				line: int32(lineNo), lineMark: parse.MarkLen(line) > 0,
			})
		} else if p.open {
			p.end = lineEnd
			p.multiline = true
		} else if strings.TrimSpace(parse.StripMarks(line)) != "" {
			return parse.Errorf(p.file, lineNo, "not a WhatsApp message line (want a date and time such as \"18/03/2022, 14:56 - Name: text\" or \"[3/27/22, 21:41:35] Name: text\")")
		}
		pos = next
	}
	p.flush(s)
	if len(p.msgs) == 0 {
		return parse.Errorf(p.file, 0, "no messages found")
	}
	return nil
}

// flush turns the open message's body into a Message.
func (p *parser) flush(s string) {
	if !p.open {
		return
	}
	p.open = false
	body := s[p.start:p.end]
	r := &p.raws[len(p.raws)-1]
	var m steady.Message
	first, rest := body, ""
	if p.multiline {
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			first, rest = body[:i], body[i+1:]
			first = strings.TrimSuffix(first, "\r")
		}
	}
	// iPhone and new Android exports begin system lines (and the text of
	// media and deletions) with LRM or RLM; a sender name never does.
	leadMark := strings.HasPrefix(first, "\u200e") || strings.HasPrefix(first, "\u200f")
	sender, text, ok := splitSender(first)
	if !ok || leadMark {
		m.Kind = steady.KindSystem
		m.Text = parse.CleanText(body)
		p.msgs = append(p.msgs, m)
		return
	}
	m.Sender = p.name(sender)
	textLeadMark := parse.MarkLen(text) > 0
	firstClean := strings.TrimSpace(parse.StripMarks(text))
	if kind, ok := p.match.Match(firstClean); ok {
		m.Kind = kind
		switch kind {
		case steady.KindMedia:
			m.Text = parse.CleanText(rest) // the caption, if any
		case steady.KindSystem:
			m.Text = parse.CleanText(body[len(first)-len(text):])
		}
		p.msgs = append(p.msgs, m)
		return
	}
	if p.style.bracket && textLeadMark {
		// An iPhone notice in a language the list lacks: with the line
		// also marked it is an attachment, else a system notice (security
		// code changed, encryption notice).
		m.Kind = steady.KindSystem
		if r.lineMark {
			m.Kind = steady.KindMedia
		} else {
			m.Text = parse.CleanText(text)
		}
		p.msgs = append(p.msgs, m)
		return
	}
	if p.style.bracket && r.lineMark && parse.StripMarks(text) != text {
		m.Kind = steady.KindMedia // "Some file.pdf ‎<unknown language> omitted"
		p.msgs = append(p.msgs, m)
		return
	}
	// text and its continuation lines are contiguous in s: a substring.
	full := body[len(first)-len(text):]
	m.Text, _ = p.match.StripEdited(parse.CleanText(full))
	p.msgs = append(p.msgs, m)
}

// splitSender splits "Name: text". A system line has no ": " or a
// "sender" that cannot be a name (quotes, too long).
func splitSender(body string) (string, string, bool) {
	i := strings.Index(body, ": ")
	if i < 0 {
		if strings.HasSuffix(body, ":") && len(body) > 1 && !strings.ContainsAny(body, "\"“”") {
			return body[:len(body)-1], "", true
		}
		return "", "", false
	}
	name := body[:i]
	if len(name) > 200 || strings.ContainsAny(name, "\"“”") || strings.TrimSpace(name) == "" {
		return "", "", false
	}
	return name, body[i+2:], true
}

func (p *parser) name(raw string) string {
	if n, ok := p.names[raw]; ok {
		return n
	}
	n := parse.CleanName(raw)
	p.names[raw] = n
	return n
}

// place decides the file's date order and gives every message its instant.
func (p *parser) place(opts Options) error {
	dayFirst := true
	switch opts.DateOrder {
	case DayFirst:
	case MonthFirst:
		dayFirst = false
	case DateOrderAuto:
		switch {
		case p.monthFirst > p.dayFirst:
			dayFirst = false
		case p.monthFirst == 0 && p.dayFirst == 0:
			dayFirst = p.fewerBackwards()
		}
	default:
		return parse.Errorf(p.file, 0, "unknown date order %q (want dmy or mdy)", opts.DateOrder)
	}
	clock := parse.NewWallClock(opts.Location)
	loc := clock.Location()
	for i := range p.msgs {
		r := &p.raws[i]
		mo, d := r.dayMonth(dayFirst)
		y := int(r.y)
		if mo < 1 || mo > 12 || d > parse.DaysIn(y, mo) {
			return parse.Errorf(p.file, int(r.line), "no such date: day %d of month %d in %d", d, mo, y)
		}
		wall := parse.DaysFromCivil(y, mo, d)*86400 + int64(r.h)*3600 + int64(r.m)*60 + int64(r.s)
		p.msgs[i].At = time.Unix(clock.Instant(wall), 0).In(loc)
	}
	p.raws = nil
	return nil
}

// dayMonth reads the two non-year fields in the given order. A field over
// 12 settles the line by itself, whatever the file's order.
func (r *raw) dayMonth(dayFirst bool) (month, day int) {
	p, q := int(r.p), int(r.q)
	switch {
	case r.yfirst:
		return p, q
	case p > 12:
		return q, p
	case q > 12:
		return p, q
	case dayFirst:
		return q, p
	}
	return p, q
}

// fewerBackwards decides a file in which no date has a field over 12 by the
// reading under which the dates go back in time less often; a tie (a file
// of one day) reads day-first, as most of the world writes dates.
func (p *parser) fewerBackwards() bool {
	var backD, backM int
	var prevD, prevM int64
	for i := range p.raws {
		r := &p.raws[i]
		md, dd := r.dayMonth(true)
		mm, dm := r.dayMonth(false)
		vd := int64(r.y)*400 + int64(md)*32 + int64(dd)
		vm := int64(r.y)*400 + int64(mm)*32 + int64(dm)
		if i > 0 {
			if vd < prevD {
				backD++
			}
			if vm < prevM {
				backM++
			}
		}
		prevD, prevM = vd, vm
	}
	return backD <= backM
}
