// Package telegram reads the machine-readable JSON export of Telegram
// Desktop (result.json): a single chat ("Export chat history") or the full
// account export ("Export Telegram data", chats under chats.list, the user
// under personal_information).
//
// Instants come from date_unixtime; the offset of the exporting computer
// is recovered from date (its local wall-clock time) when both are written.
// Exports older than tdesktop 3.7.6 have only date, read in the zone the
// importer gives.
package telegram

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

// chat is one conversation; its messages are in file order.
type chat struct {
	name     string
	typ      string // personal_chat, private_group, …
	id       int64
	messages []steady.Message
}

// Detect reports whether head (the first bytes of a file) looks like a
// Telegram export: JSON with Telegram's keys.
func (Format) Detect(head []byte) bool {
	s := string(head)
	if !strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(s, "\ufeff"), " \t\r\n"), "{") {
		return false
	}
	// A Messenger file is Messenger's, whatever other keys it has: the
	// formats are tried in any order, so each claims only its own files.
	for _, k := range [...]string{`"sender_name"`, `"timestamp_ms"`, `"thread_path"`, `"senderName"`, `"threadName"`, `"is_still_participant"`} {
		if strings.Contains(s, k) {
			return false
		}
	}
	for _, k := range [...]string{`"personal_information"`, `"date_unixtime"`, `"from_id"`, `"text_entities"`, `"personal_chat"`, `"actor_id"`} {
		if strings.Contains(s, k) {
			return true
		}
	}
	// chat-miner's trimmed exports keep only type/date_unixtime/from/text;
	// a messages array whose items have "from" and "text" is Telegram's.
	return strings.Contains(s, `"messages"`) && strings.Contains(s, `"from"`) && strings.Contains(s, `"text"`)
}

// message is one element of a messages array. Unknown keys are ignored.
type message struct {
	ID           json.Number `json:"id"`
	Type         string      `json:"type"`
	Date         string      `json:"date"`
	DateUnix     flexString  `json:"date_unixtime"`
	From         *string     `json:"from"`
	FromID       flexString  `json:"from_id"`
	Actor        *string     `json:"actor"`
	ActorID      flexString  `json:"actor_id"`
	Action       string      `json:"action"`
	Text         text        `json:"text"`
	Photo        string      `json:"photo"`
	File         string      `json:"file"`
	MediaType    string      `json:"media_type"`
	StickerEmoji string      `json:"sticker_emoji"`
	Contact      any         `json:"contact_information"`
	Location     any         `json:"location_information"`
	Poll         any         `json:"poll"`
	PlaceName    string      `json:"place_name"`
}

func (m *message) hasMedia() bool {
	return m.Photo != "" || m.File != "" || m.MediaType != "" || m.StickerEmoji != "" ||
		m.Contact != nil || m.Location != nil || m.Poll != nil || m.PlaceName != ""
}

// text is Telegram's "text": a string, or an array of strings and entity
// objects {"type": …, "text": …} whose texts make the message together.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
		return nil
	}
	if string(b) == "null" {
		*t = ""
		return nil
	}
	if len(b) == 0 || b[0] != '[' {
		return fmt.Errorf("text is neither a string nor an array of strings and entities")
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil {
		return fmt.Errorf("text: %w", err)
	}
	var sb strings.Builder
	for _, p := range parts {
		if len(p) > 0 && p[0] == '"' {
			var s string
			if err := json.Unmarshal(p, &s); err != nil {
				return err
			}
			sb.WriteString(s)
			continue
		}
		var e struct {
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(p, &e); err != nil {
			return fmt.Errorf("text part is neither a string nor an entity object: %w", err)
		}
		if e.Text != nil {
			sb.WriteString(*e.Text)
		}
	}
	*t = text(sb.String())
	return nil
}

// flexString accepts a JSON string or number (date_unixtime is a string in
// tdesktop's writer, ids are numbers in some versions) and null.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string or a number")
		}
		*f = flexString(n.String())
	}
	return nil
}

type personal struct {
	UserID    flexString `json:"user_id"`
	FirstName string     `json:"first_name"`
	LastName  string     `json:"last_name"`
}

type parser struct {
	j     *parse.JSON
	clock *parse.WallClock
	zones map[int]*time.Location
	// fromIDs is parallel to the messages of each chat while reading, to
	// find the owner's display name.
	fromIDs map[string]map[string]int
}

// parse reads the export: a single chat, or the personal chats of a full
// export, as exp's threads when there are several.
func (p *parser) parse() (*parse.Export, error) {
	j := p.j
	if err := j.Delim("", '{'); err != nil {
		return nil, err
	}
	var exp parse.Export
	var me personal
	var root chat
	var chats []chat
	rootHasMessages, full := false, false
	p.fromIDs = make(map[string]map[string]int)
	for j.Dec.More() {
		key, err := j.Key("")
		if err != nil {
			return nil, err
		}
		switch key {
		case "personal_information":
			if err := j.Decode(key, &me); err != nil {
				return nil, err
			}
		case "chats":
			full = true
			list, err := p.chatList("chats", &exp)
			if err != nil {
				return nil, err
			}
			chats = list
		case "name":
			var name *string
			if err := j.Decode(key, &name); err != nil {
				return nil, err
			}
			if name != nil {
				root.name = *name
			}
		case "type":
			if err := j.Decode(key, &root.typ); err != nil {
				return nil, err
			}
		case "id":
			var id json.Number
			if err := j.Decode(key, &id); err != nil {
				return nil, err
			}
			root.id, _ = id.Int64()
		case "messages":
			rootHasMessages = true
			msgs, err := p.messages("messages")
			if err != nil {
				return nil, err
			}
			root.messages = msgs
		default:
			if err := j.Skip(key); err != nil {
				return nil, err
			}
		}
	}
	if err := j.Delim("", '}'); err != nil {
		return nil, err
	}
	if err := j.End(); err != nil {
		return nil, err
	}
	switch {
	case rootHasMessages:
		chats = []chat{root}
	case !full:
		return nil, parse.PathErrorf(j.File, "", "neither a chat (\"messages\") nor a full export (\"chats\"): not a Telegram export")
	}
	exp.Owner = p.owner(me)
	if len(chats) == 1 {
		exp.Messages = chats[0].messages
		return &exp, nil
	}
	for i, c := range chats {
		exp.Threads = append(exp.Threads, parse.Thread{Name: c.name, Address: fmt.Sprint(c.id), Group: c.typ != "" && c.typ != "personal_chat"})
		exp.Messages = append(exp.Messages, c.messages...)
		for range c.messages {
			exp.ThreadOf = append(exp.ThreadOf, i)
		}
	}
	return &exp, nil
}

// owner finds the display name the exporting user's messages carry.
func (p *parser) owner(me personal) string {
	if me.UserID == "" {
		return ""
	}
	best, n := "", 0
	for name, c := range p.fromIDs["user"+string(me.UserID)] {
		if c > n || (c == n && name < best) {
			best, n = name, c
		}
	}
	if best != "" {
		return best
	}
	return parse.CleanName(strings.TrimSpace(me.FirstName + " " + me.LastName))
}

// chatList reads {"about": …, "list": [chat…]} and keeps personal chats,
// counting the others in exp.
func (p *parser) chatList(path string, exp *parse.Export) ([]chat, error) {
	j := p.j
	if err := j.Delim(path, '{'); err != nil {
		return nil, err
	}
	var chats []chat
	for j.Dec.More() {
		key, err := j.Key(path)
		if err != nil {
			return nil, err
		}
		if key != "list" {
			if err := j.Skip(path + "." + key); err != nil {
				return nil, err
			}
			continue
		}
		lp := path + ".list"
		if err := j.Delim(lp, '['); err != nil {
			return nil, err
		}
		for i := 0; j.Dec.More(); i++ {
			c, err := p.chat(fmt.Sprintf("%s[%d]", lp, i))
			if err != nil {
				return nil, err
			}
			// Groups, channels, bots and saved messages are not a
			// conversation with one person; a full export keeps the
			// one-to-one chats. A type-less chat (trimmed exports) stays.
			if c.typ == "" || c.typ == "personal_chat" {
				chats = append(chats, c)
			} else if len(c.messages) > 0 {
				exp.SkippedChats++
				exp.SkippedChatMessages += len(c.messages)
			}
		}
		if err := j.Delim(lp, ']'); err != nil {
			return nil, err
		}
	}
	return chats, j.Delim(path, '}')
}

func (p *parser) chat(path string) (chat, error) {
	j := p.j
	var c chat
	if err := j.Delim(path, '{'); err != nil {
		return c, err
	}
	for j.Dec.More() {
		key, err := j.Key(path)
		if err != nil {
			return c, err
		}
		kp := path + "." + key
		switch key {
		case "name":
			var name *string
			if err := j.Decode(kp, &name); err != nil {
				return c, err
			}
			if name != nil {
				c.name = *name
			}
		case "type":
			if err := j.Decode(kp, &c.typ); err != nil {
				return c, err
			}
		case "id":
			var id json.Number
			if err := j.Decode(kp, &id); err != nil {
				return c, err
			}
			c.id, _ = id.Int64()
		case "messages":
			msgs, err := p.messages(kp)
			if err != nil {
				return c, err
			}
			c.messages = msgs
		default:
			if err := j.Skip(kp); err != nil {
				return c, err
			}
		}
	}
	return c, j.Delim(path, '}')
}

func (p *parser) messages(path string) ([]steady.Message, error) {
	j := p.j
	if err := j.Delim(path, '['); err != nil {
		return nil, err
	}
	var msgs []steady.Message
	for i := 0; j.Dec.More(); i++ {
		mp := fmt.Sprintf("%s[%d]", path, i)
		var m message
		if err := j.Decode(mp, &m); err != nil {
			return nil, err
		}
		sm, err := p.convert(&m, mp)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, sm)
	}
	return msgs, j.Delim(path, ']')
}

func (p *parser) convert(m *message, path string) (steady.Message, error) {
	var sm steady.Message
	at, err := p.instant(m, path)
	if err != nil {
		return sm, err
	}
	sm.At = at
	switch m.Type {
	case "message", "":
		sm.Sender = name(m.From, m.FromID)
		sm.Text = parse.CleanText(string(m.Text))
		switch {
		case m.hasMedia():
			sm.Kind = steady.KindMedia // Text, if any, is the caption
		case sm.Text == "":
			sm.Kind = steady.KindSystem // nothing the user wrote: an empty or unsupported item
		}
		if m.From != nil && m.FromID != "" {
			ids := p.fromIDs[string(m.FromID)]
			if ids == nil {
				ids = make(map[string]int)
				p.fromIDs[string(m.FromID)] = ids
			}
			ids[sm.Sender]++
		}
	default: // "service", "unsupported"
		sm.Kind = steady.KindSystem
		sm.Sender = name(m.Actor, m.ActorID)
		sm.Text = strings.TrimSpace(strings.ReplaceAll(m.Action, "_", " ") + " " + parse.CleanText(string(m.Text)))
	}
	return sm, nil
}

// name is the sender's display name; a deleted account has a null name and
// is named by its id.
func name(n *string, id flexString) string {
	if n != nil && *n != "" {
		return parse.CleanName(*n)
	}
	if id != "" {
		return "Deleted Account " + string(id)
	}
	return ""
}

func (p *parser) instant(m *message, path string) (time.Time, error) {
	if m.DateUnix != "" {
		sec, err := strconv.ParseInt(string(m.DateUnix), 10, 64)
		if err != nil || sec < 0 || sec > 1<<40 {
			return time.Time{}, parse.PathErrorf(p.j.File, path+".date_unixtime", "not a Unix time: %q", m.DateUnix)
		}
		t := time.Unix(sec, 0).UTC()
		if m.Date != "" {
			if local, err := time.Parse("2006-01-02T15:04:05", m.Date); err == nil {
				// date is the exporting computer's wall clock: the
				// difference is its UTC offset then (when plausible).
				if off := local.Unix() - sec; off >= -14*3600 && off <= 14*3600 && off%60 == 0 {
					t = t.In(p.zone(int(off)))
				}
			}
		}
		return t, nil
	}
	if m.Date == "" {
		return time.Time{}, parse.PathErrorf(p.j.File, path, "message has neither date_unixtime nor date")
	}
	local, err := time.Parse("2006-01-02T15:04:05", m.Date)
	if err != nil {
		return time.Time{}, parse.PathErrorf(p.j.File, path+".date", "not a date such as 2019-07-05T16:55:32: %q", m.Date)
	}
	return time.Unix(p.clock.Instant(local.Unix()), 0).In(p.clock.Location()), nil
}

func (p *parser) zone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if z, ok := p.zones[off]; ok {
		return z
	}
	sign, a := "+", off
	if a < 0 {
		sign, a = "-", -a
	}
	z := time.FixedZone(fmt.Sprintf("UTC%s%02d:%02d", sign, a/3600, a%3600/60), off)
	p.zones[off] = z
	return z
}

// Format is Telegram Desktop's JSON export, for the importer's registry.
type Format struct{}

// Info says what the format is.
func (Format) Info() parse.Info {
	return parse.Info{Name: "telegram", Title: "Telegram Desktop result.json", Windows1252: true}
}

// Parse reads a result.json: a single chat, or the personal chats of a
// full export as threads.
func (Format) Parse(r io.Reader, in parse.Input) (*parse.Export, error) {
	p := &parser{
		j:     parse.NewJSON(r, in.Name, parse.MaxJSON),
		clock: parse.NewWallClock(in.Location),
		zones: make(map[int]*time.Location),
	}
	return p.parse()
}
