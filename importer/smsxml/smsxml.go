// Package smsxml reads the XML backups of the Android app "SMS Backup &
// Restore" (SyncTech): <smses> with <sms/> and <mms> elements, streamed
// token by token so that a backup of hundreds of megabytes (base64 MMS
// media) needs little memory — media payloads are dropped unread by a
// sanitizing reader, which also repairs emoji written as UTF-16 surrogate
// references (see sanitize.go).
//
// A backup holds every conversation of the phone: each message carries the
// thread (the other party's address) it belongs to. Sent messages have the
// sender Me; drafts, failed and queued messages are not part of any
// conversation and are skipped.
package smsxml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

// me is the sender name of the messages the phone's owner sent.
const me = "Me"

// Format is an SMS Backup & Restore backup, for the importer's registry.
type Format struct{}

// Info says what the format is.
func (Format) Info() parse.Info {
	return parse.Info{Name: "sms", Title: "SMS Backup & Restore .xml"}
}

// Detect reports whether head (the first bytes of a file) is an SMS Backup
// & Restore message backup.
func (Format) Detect(head []byte) bool {
	s := strings.TrimLeft(strings.TrimPrefix(string(head), "\ufeff"), " \t\r\n")
	return strings.HasPrefix(s, "<") && strings.Contains(s, "<smses")
}

// Parse reads a backup: every conversation of the phone as a thread (its
// address, the contact's name when the backup has it, whether a group),
// the owner's messages sent by Me; drafts, outbox, failed and queued
// messages are counted as Skipped.
func (Format) Parse(r io.Reader, in parse.Input) (*parse.Export, error) {
	p := &parser{file: in.Name, threads: make(map[string]int)}
	p.b.Owner = me
	return p.parse(r)
}

type parser struct {
	file    string
	b       parse.Export
	threads map[string]int // by threadKey, the index in b.Threads

	// the <mms> being read
	inMMS    bool
	mms      mmsState
	elemLine int
	count    [2]int // sms, mms seen (for paths)
}

type mmsState struct {
	at      time.Time
	box     int
	address string
	contact string
	from    string
	texts   []string
	media   bool
	line    int
}

func (p *parser) parse(r io.Reader) (*parse.Export, error) {
	san := newSanitizer(r)
	d := xml.NewDecoder(san)
	d.Strict = true
	d.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		// A UTF-16 file (with its byte order mark) reaches the parser
		// already converted by the importer; its declaration stays.
		switch strings.ToLower(charset) {
		case "utf-16", "utf-16le", "utf-16be":
			return input, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported (SMS Backup & Restore writes UTF-8)", charset)
	}
	var stack []string
	root := false
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				return nil, p.errAt(d, stack, errors.New("unexpected end of file: the backup is truncated"))
			}
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
				err = errors.New("unexpected end of file: the backup is truncated")
			}
			return nil, p.errAt(d, stack, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if len(stack) > parse.MaxDepth {
				return nil, p.errAt(d, stack, fmt.Errorf("elements nested more than %d deep: not an SMS Backup & Restore file", parse.MaxDepth))
			}
			if len(stack) == 1 {
				switch t.Name.Local {
				case "smses":
					root = true
				case "calls":
					return nil, p.errAt(d, stack, errors.New("this is a call log backup; choose the messages backup (sms-….xml)"))
				default:
					return nil, p.errAt(d, stack, fmt.Errorf("root element <%s>, want <smses>: not an SMS Backup & Restore file", t.Name.Local))
				}
				continue
			}
			if err := p.start(t, len(stack), line); err != nil {
				return nil, p.errAt(d, stack, err)
			}
		case xml.EndElement:
			if t.Name.Local == "mms" && p.inMMS && len(stack) == 2 {
				p.endMMS()
			}
			stack = stack[:len(stack)-1]
		}
	}
	if !root {
		return nil, parse.Errorf(p.file, 0, "no <smses> element: not an SMS Backup & Restore file")
	}
	return &p.b, nil
}

// errAt names the element being read and its line, briefly: a deep path
// shows its first three elements and its last, names and the decoder's
// message are cut short, so that a hostile file cannot make its error as
// long as itself.
func (p *parser) errAt(d *xml.Decoder, stack []string, err error) error {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		err = errors.New(brief(se.Msg, 160))
	}
	path := ""
	if len(stack) > 0 {
		var b strings.Builder
		for i, name := range stack {
			if len(stack) > 5 && i == 3 {
				fmt.Fprintf(&b, "…(%d more)…", len(stack)-4)
				continue
			}
			if len(stack) > 5 && i > 3 && i < len(stack)-1 {
				continue
			}
			b.WriteString("<" + brief(name, 40) + ">")
		}
		path = b.String()
		if len(stack) >= 2 && p.elemLine > 0 {
			path += fmt.Sprintf(" (#%d, opened on line %d)", p.count[0]+p.count[1], p.elemLine)
		}
	}
	return &parse.Error{File: p.file, Line: line, Path: path, Err: err}
}

// brief cuts s to at most max bytes and an ellipsis, for an error message.
func brief(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func attrs(t xml.StartElement) map[string]string {
	m := make(map[string]string, len(t.Attr))
	for _, a := range t.Attr {
		v := a.Value
		if v == "null" { // the app writes the string null for empty values
			v = ""
		}
		m[a.Name.Local] = v
	}
	return m
}

func (p *parser) start(t xml.StartElement, depth, line int) error {
	switch {
	case depth == 2 && t.Name.Local == "sms":
		p.count[0]++
		p.elemLine = line
		return p.sms(attrs(t))
	case depth == 2 && t.Name.Local == "mms":
		p.count[1]++
		p.elemLine = line
		a := attrs(t)
		at, err := instant(a["date"])
		if err != nil {
			return err
		}
		box, _ := strconv.Atoi(a["msg_box"])
		p.inMMS = true
		p.mms = mmsState{at: at, box: box, address: strings.TrimSpace(a["address"]), contact: a["contact_name"], line: line}
	case p.inMMS && t.Name.Local == "part":
		a := attrs(t)
		ct := strings.ToLower(strings.TrimSpace(a["ct"]))
		switch {
		case ct == "text/plain":
			if txt := a["text"]; txt != "" {
				p.mms.texts = append(p.mms.texts, txt)
			}
		case ct == "application/smil" || ct == "":
			// layout only
		default:
			p.mms.media = true
		}
	case p.inMMS && t.Name.Local == "addr":
		a := attrs(t)
		if a["type"] == "137" && p.mms.from == "" { // PDU "From"
			p.mms.from = strings.TrimSpace(a["address"])
		}
	}
	return nil
}

func (p *parser) sms(a map[string]string) error {
	at, err := instant(a["date"])
	if err != nil {
		return err
	}
	address := strings.TrimSpace(a["address"])
	var m steady.Message
	m.At = at
	switch a["type"] {
	case "1":
		m.Sender = senderName(address)
	case "2":
		m.Sender = me
	default: // 3 draft, 4 outbox, 5 failed, 6 queued: never part of a conversation
		p.b.Skipped++
		return nil
	}
	m.Text = parse.CleanText(a["body"])
	p.add(m, address, a["contact_name"])
	return nil
}

func (p *parser) endMMS() {
	p.inMMS = false
	s := &p.mms
	var m steady.Message
	m.At = s.at
	switch s.box {
	case 1:
		// In a conversation with one person what came in came from them,
		// whatever the PDU's From says (some phones write the user's own
		// number there): From tells the members of a group apart.
		from := s.address
		if isGroup(s.address) && s.from != "" {
			from = s.from
		}
		m.Sender = senderName(from)
	case 2:
		m.Sender = me
	default:
		p.b.Skipped++
		return
	}
	m.Text = parse.CleanText(strings.Join(s.texts, "\n"))
	if s.media || m.Text == "" {
		m.Kind = steady.KindMedia // Text, if any, is the caption
	}
	p.add(m, s.address, s.contact)
}

func (p *parser) add(m steady.Message, address, contact string) {
	key := threadKey(address)
	i, ok := p.threads[key]
	if !ok {
		i = len(p.b.Threads)
		p.threads[key] = i
		if contact == "(Unknown)" {
			contact = ""
		}
		p.b.Threads = append(p.b.Threads, parse.Thread{
			Address: address,
			Name:    parse.CleanName(contact),
			Group:   isGroup(address),
		})
	}
	p.b.Messages = append(p.b.Messages, m)
	p.b.ThreadOf = append(p.b.ThreadOf, i)
}

// isGroup reports whether a thread's address names several people: the
// app joins a group's numbers with '~' (',' or ';' in some versions), and
// an RCS group has an id with '@'.
func isGroup(address string) bool {
	return strings.ContainsAny(address, "~,;") || strings.Contains(address, "@")
}

// senderName names the sender of a received message by its address.
func senderName(address string) string {
	if n := parse.CleanName(address); n != "" {
		return n
	}
	return "(no address)"
}

// threadKey normalizes an address so that the forms a phone stores for one
// number (+1 555 000-0001, 15550000001) fall into one thread: phone numbers
// keep their digits only; anything else (short codes with letters, RCS
// group ids) is lower-cased.
func threadKey(address string) string {
	digits := make([]byte, 0, len(address))
	for i := 0; i < len(address); i++ {
		c := address[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.':
		default:
			return strings.ToLower(address)
		}
	}
	if len(digits) == 0 {
		return strings.ToLower(address)
	}
	return "tel:" + string(digits)
}

// instant reads the date attribute: Unix milliseconds. A value that can
// only be seconds (before 1973 as milliseconds) is read as seconds, which
// some writers use.
func instant(s string) (time.Time, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}, fmt.Errorf("date %q is not a Unix time in milliseconds", s)
	}
	if v < 100_000_000_000 {
		v *= 1000
	}
	if v > 1<<50 {
		return time.Time{}, fmt.Errorf("date %q is out of range", s)
	}
	return time.UnixMilli(v).UTC(), nil
}
