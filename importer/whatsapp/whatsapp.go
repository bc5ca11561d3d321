// Package whatsapp reads WhatsApp's "Export chat" text file, as written by
// Android and iPhone in every region and language seen so far (see
// header.go for the header shapes and placeholders.txt for the localized
// media, deletion and system texts).
//
// The export gives wall-clock times without a zone: they are read in
// the zone the importer gives, with DST gaps and repeated hours resolved so that
// messages keep their file order. Whether dates are day-first or
// month-first is decided once for the whole file.
//
// The file is streamed line by line: a million messages need the messages
// themselves in memory and little more.
package whatsapp

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
	"unicode/utf8"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

//go:embed placeholders.txt
var placeholderList string

// The values of the date-order option: how to read an ambiguous date such
// as 3/6/18 ("" decides from the whole file).
const (
	dayFirst   = "dmy" // 3/6/18 is 3 June
	monthFirst = "mdy" // 3/6/18 is 6 March
)

// Detect reports whether head (the first bytes of a file) starts with a
// WhatsApp message header.
func (Format) Detect(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	head = bytes.TrimLeft(head, "\r\n")
	line, _, _ := bytes.Cut(head, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	var h header
	return scanHeader(line, nil, &h) && h.body < len(line)
}

// Parse reads an export. A line that looks like a header of the file's
// shape is never taken as a continuation of the message before it: read
// leniently when it can be (an AM/PM marker that one line has and the
// others lack, "23:59 PM"), else left out and listed in Unread. The file
// fails only when no message can be read.
func (Format) Parse(r io.Reader, in parse.Input) (*parse.Export, error) {
	match, err := parse.NewMatcher(placeholderList)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: %w", err) // a broken embedded list is a bug
	}
	p := &parser{
		file:  in.Name,
		match: match,
		names: make(map[string]string),
		texts: parse.NewArena(1 << 20),
		in:    bufio.NewReaderSize(io.LimitReader(r, parse.MaxText+1), parse.MaxLine+1),
	}
	p.presize(in.SizeHint)
	if err := p.lines(); err != nil {
		return nil, err
	}
	if err := p.place(in.Location, in.Values[dateOrder]); err != nil {
		return nil, err
	}
	if len(p.msgs) == 0 {
		u := p.unread[0]
		return nil, parse.Errorf(p.file, u.Line, "%s; no message of this file can be read", u.Why)
	}
	return &parse.Export{Messages: p.msgs, Unread: p.unread}, nil
}

type parser struct {
	file  string
	match *parse.Matcher
	in    *bufio.Reader
	style style
	fixed bool // style known
	msgs  []steady.Message
	names map[string]string // cleaned sender names, so each is allocated once
	texts *parse.Arena

	// the message being read
	open bool
	body []byte // its text so far: the first line after the header, then continuation lines
	read int64  // bytes read

	unread   []parse.Unread
	skipping bool // in the lines of an unread message

	dayFirst, monthFirst int // lines that decide the order by a field > 12
}

// presize allocates the message slice once, from the input size and the
// share of header lines in the first megabyte: growing a slice of a million
// messages by copying would double the memory at the worst time. A message
// line has at least 16 bytes, which bounds the estimate for hostile input.
func (p *parser) presize(size int64) {
	sample, _ := p.in.Peek(1 << 20)
	headers := 0
	for rest := sample; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		var h header
		if scanHeader(line, nil, &h) {
			headers++
		}
	}
	est := headers
	if size > int64(len(sample)) && len(sample) > 0 {
		est = int(float64(size) * float64(headers) / float64(len(sample)) * 1.02)
	}
	bound := max(size, int64(len(sample)))
	est = min(est, int(min(bound, parse.MaxText)/16))
	p.msgs = make([]steady.Message, 0, max(est, 0)+16)
}

// The date fields of a message, known before the file's date order is, wait
// in the message's ID (packed) and its lines in ContactID (the first, and
// the count of continuation lines in the high half); place() turns them
// into At and zeroes both. Both fields belong to the store,
// which sets them later; borrowing them spares a second slice of a million
// entries.
func pack(h *header) int64 {
	v := int64(h.y)<<40 | int64(h.p)<<32 | int64(h.q)<<24 | int64(h.h)<<16 | int64(h.m)<<8 | int64(h.s)
	if h.yfirst {
		v |= 1 << 62
	}
	return v
}

func unpack(v int64) (y, p, q, h, m, s int, yfirst bool) {
	return int(v>>40) & 0xFFFF, int(v>>32) & 0xFF, int(v>>24) & 0xFF, int(v>>16) & 0xFF, int(v>>8) & 0xFF, int(v) & 0xFF, v&(1<<62) != 0
}

func (p *parser) lines() error {
	lineNo := 0
	first := true
	for {
		line, err := p.in.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return parse.Errorf(p.file, lineNo+1, "line is longer than %d KiB", parse.MaxLine>>10)
		}
		if len(line) == 0 && err != nil {
			if err != io.EOF {
				return &parse.Error{File: p.file, Line: lineNo, Err: fmt.Errorf("read: %w", err)}
			}
			break
		}
		lineNo++
		p.read += int64(len(line))
		if p.read > parse.MaxText {
			return parse.Errorf(p.file, lineNo, "file is over %d MiB: %w", parse.MaxText>>20, parse.ErrTooLarge)
		}
		if !utf8.Valid(line) {
			return parse.Errorf(p.file, lineNo, "invalid UTF-8; save the export as UTF-8")
		}
		if i := bytes.IndexByte(line, 0); i >= 0 {
			return parse.NULError(p.file, lineNo, i+1)
		}
		if first {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
			first = false
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		var h header
		var want *style
		if p.fixed {
			want = &p.style
		}
		switch {
		case scanHeader(line, want, &h) || (p.fixed && scanHeader(line, nil, &h) && sameShape(h.style, p.style)):
			if !p.fixed {
				p.style, p.fixed = h.style, true
			}
			p.flush()
			p.open, p.skipping = true, false
			p.body = append(p.body[:0], line[h.body:]...)
			if !h.yfirst {
				if h.p > 12 {
					p.dayFirst++
				} else if h.q > 12 {
					p.monthFirst++
				}
			}
			p.msgs = append(p.msgs, steady.Message{ID: pack(&h), ContactID: int64(lineNo)})
		case headerShape(line, want):
			p.flush()
			p.skipping = true
			p.unread = append(p.unread, parse.Unread{Line: lineNo, Last: lineNo, Why: "the line looks like a message header but holds no possible date or time"})
		case p.skipping:
			p.unread[len(p.unread)-1].Last = lineNo
		case p.open:
			if len(p.body)+len(line) > parse.MaxLine {
				return parse.Errorf(p.file, lineNo, "message is longer than %d KiB", parse.MaxLine>>10)
			}
			p.body = append(p.body, '\n')
			p.body = append(p.body, line...)
			m := &p.msgs[len(p.msgs)-1]
			start := m.ContactID & 0xFFFFFFFF
			m.ContactID = start | (int64(lineNo)-start)<<32
		case len(bytes.TrimSpace(parse.CleanBytes(line))) != 0:
			return parse.Errorf(p.file, lineNo, "not a WhatsApp message line (want a date and time such as \"18/03/2022, 14:56 - Name: text\" or \"[3/27/22, 21:41:35] Name: text\")")
		}
		if err != nil {
			if err == io.EOF {
				break
			}
			return &parse.Error{File: p.file, Line: lineNo, Err: fmt.Errorf("read: %w", err)}
		}
	}
	p.flush()
	if len(p.msgs) == 0 && len(p.unread) == 0 {
		return parse.Errorf(p.file, 0, "no messages found")
	}
	return nil
}

// flush classifies the open message and stores its sender and text.
func (p *parser) flush() {
	if !p.open {
		return
	}
	p.open = false
	m := &p.msgs[len(p.msgs)-1]
	body := p.body
	first, rest := body, []byte(nil)
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		first, rest = body[:i], body[i+1:]
	}
	// A notice without a sender ("‎Alex added Sam" on iPhone) has a mark
	// where a sender's name would start; a name never does. The line is
	// kept whole as the notice's text.
	leadMark := bytes.HasPrefix(first, []byte("\u200e")) || bytes.HasPrefix(first, []byte("\u200f"))
	sender, text, ok := splitSender(first)
	if !ok || leadMark {
		m.Kind = steady.KindSystem
		m.Text = p.texts.String(parse.CleanBytes(body))
		return
	}
	m.Sender = p.name(sender)
	// What a message is comes from its text alone: a placeholder of a
	// known language makes it media, a deletion or a notice. WhatsApp
	// puts a mark (U+200E) before its placeholders, but people's own text
	// can hold marks too (pasted from elsewhere, typed in a right-to-left
	// script), so a mark decides nothing and text is never dropped for
	// one: what matches no placeholder is kept as text.
	firstClean := parse.CleanBytes(text) // in place: text is not used raw after this
	if kind, ok := p.match.Match(firstClean); ok {
		m.Kind = kind
		switch kind {
		case steady.KindMedia:
			m.Text = p.texts.String(parse.CleanBytes(rest)) // the caption, if any
		case steady.KindSystem:
			m.Text = p.texts.String(parse.CleanBytes(append(append(firstClean, '\n'), rest...)))
		}
		return
	}
	// The cleaned first line and the continuation lines, joined in place:
	// firstClean ends at or before the line break that precedes rest.
	full := firstClean
	if len(rest) > 0 {
		full = append(append(firstClean, '\n'), rest...)
	}
	clean, _ := p.match.StripEdited(parse.CleanBytes(full))
	m.Text = p.texts.String(clean)
}

// splitSender splits "Name: text". A system line has no ": " or a
// "sender" that cannot be a name (quotes, too long).
func splitSender(body []byte) ([]byte, []byte, bool) {
	i := bytes.Index(body, []byte(": "))
	if i < 0 {
		if bytes.HasSuffix(body, []byte(":")) && len(body) > 1 && !bytes.ContainsAny(body, "\"“”") {
			return body[:len(body)-1], body[len(body):], true
		}
		return nil, nil, false
	}
	name := body[:i]
	if len(name) > 200 || bytes.ContainsAny(name, "\"“”") || len(bytes.TrimSpace(name)) == 0 {
		return nil, nil, false
	}
	return name, body[i+2:], true
}

func (p *parser) name(raw []byte) string {
	if n, ok := p.names[string(raw)]; ok {
		return n
	}
	n := parse.CleanName(string(raw))
	p.names[string(raw)] = n
	return n
}

// place decides the file's date order and gives every message its instant.
func (p *parser) place(zone *time.Location, order string) error {
	dmy := true
	switch order {
	case dayFirst:
	case monthFirst:
		dmy = false
	case "":
		switch {
		case p.monthFirst > p.dayFirst:
			dmy = false
		case p.monthFirst == 0 && p.dayFirst == 0:
			dmy = p.fewerBackwards()
		}
	default:
		return parse.Errorf(p.file, 0, "unknown date order %q (want dmy or mdy)", order)
	}
	clock := parse.NewWallClock(zone)
	loc := clock.Location()
	// A date that does not exist (30 February) is known only now: its
	// message is left out and listed with the others, in line order.
	var bad []parse.Unread
	kept := p.msgs[:0]
	for i := range p.msgs {
		m := p.msgs[i]
		y, mo, d, h, mi, s, err := dateOf(m.ID, dmy)
		if err != nil {
			line := int(m.ContactID & 0xFFFFFFFF)
			bad = append(bad, parse.Unread{Line: line, Last: line + int(m.ContactID>>32), Why: err.Error()})
			continue
		}
		wall := parse.DaysFromCivil(y, mo, d)*86400 + int64(h)*3600 + int64(mi)*60 + int64(s)
		m.At = time.Unix(clock.Instant(wall), 0).In(loc)
		m.ID, m.ContactID = 0, 0
		kept = append(kept, m)
	}
	clear(p.msgs[len(kept):])
	p.msgs = kept
	if len(bad) > 0 {
		p.unread = append(p.unread, bad...)
		slices.SortFunc(p.unread, func(a, b parse.Unread) int { return a.Line - b.Line })
	}
	return nil
}

var errNoDate = errors.New("no such date")

func dateOf(packed int64, dayFirst bool) (y, mo, d, h, mi, s int, err error) {
	y, pf, qf, h, mi, s, yfirst := unpack(packed)
	mo, d = dayMonth(pf, qf, yfirst, dayFirst)
	if mo < 1 || mo > 12 || d > parse.DaysIn(y, mo) {
		return 0, 0, 0, 0, 0, 0, fmt.Errorf("%w: day %d of month %d in %d", errNoDate, d, mo, y)
	}
	return y, mo, d, h, mi, s, nil
}

// dayMonth reads the two non-year fields in the given order. A field over
// 12 settles the line by itself, whatever the file's order.
func dayMonth(p, q int, yfirst, dayFirst bool) (month, day int) {
	switch {
	case yfirst:
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
	var prevD, prevM int
	for i := range p.msgs {
		y, pf, qf, _, _, _, yfirst := unpack(p.msgs[i].ID)
		md, dd := dayMonth(pf, qf, yfirst, true)
		mm, dm := dayMonth(pf, qf, yfirst, false)
		vd := y*400 + md*32 + dd
		vm := y*400 + mm*32 + dm
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

// Format is WhatsApp's "Export chat" text, for the importer's registry.
type Format struct{}

// dateOrder is the name of the option that forces the date order.
const dateOrder = "date-order"

// Info says what the format is and offers its date order as an option.
func (Format) Info() parse.Info {
	return parse.Info{
		Name:  "whatsapp",
		Title: `WhatsApp "Export chat" .txt or .zip`,
		Options: []parse.Option{{
			Name:    dateOrder,
			Usage:   "read ambiguous WhatsApp dates like 3/6/18 as dmy or mdy (default: decided from the whole file)",
			Label:   "Dates like 3/6/18 are",
			Default: "Tell from the file",
			Choices: []parse.Choice{{Value: dayFirst, Label: "day first (3 June)"}, {Value: monthFirst, Label: "month first (March 6)"}},
		}},
	}
}
