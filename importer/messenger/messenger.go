// Package messenger reads the JSON that Facebook Messenger and Instagram
// write in "Download your information" (message_1.json, message_2.json …
// per thread), and the camelCase JSON of Messenger's end-to-end encrypted
// chat download.
//
// Meta writes every UTF-8 byte of a string as its own \u00XX escape; each
// string is repaired separately (see parse.RepairMojibake). Files may be
// newest-first: messages are returned oldest-first, so that file order is a
// meaningful tie-breaker for messages of the same millisecond.
package messenger

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

//go:embed notices.txt
var noticeList string

// Format is Messenger's and Instagram's JSON, for the importer's registry.
type Format struct{}

// Info says what the format is.
func (Format) Info() parse.Info {
	return parse.Info{Name: "messenger", Title: "Facebook Messenger / Instagram message_1.json", Windows1252: true}
}

// Detect reports whether head (the first bytes of a file) looks like a
// Messenger or Instagram export.
func (Format) Detect(head []byte) bool {
	s := string(head)
	if !strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(s, "\ufeff"), " \t\r\n"), "{") {
		return false
	}
	for _, k := range [...]string{`"sender_name"`, `"timestamp_ms"`, `"thread_path"`, `"senderName"`, `"threadName"`, `"is_still_participant"`} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// message holds both shapes: classic DYI (snake_case) and E2EE (camelCase).
type message struct {
	SenderName  *string         `json:"sender_name"`
	TimestampMS *json.Number    `json:"timestamp_ms"`
	Content     *string         `json:"content"`
	Type        string          `json:"type"`
	IsUnsent    bool            `json:"is_unsent"`
	Photos      json.RawMessage `json:"photos"`
	Videos      json.RawMessage `json:"videos"`
	Audio       json.RawMessage `json:"audio_files"`
	GIFs        json.RawMessage `json:"gifs"`
	Files       json.RawMessage `json:"files"`
	Sticker     json.RawMessage `json:"sticker"`
	Share       json.RawMessage `json:"share"`
	CallSeconds *json.Number    `json:"call_duration"`

	// E2EE download
	SenderNameE2E *string         `json:"senderName"`
	Text          *string         `json:"text"`
	Timestamp     *json.Number    `json:"timestamp"`
	IsUnsentE2E   bool            `json:"isUnsent"`
	Media         json.RawMessage `json:"media"`
}

func present(r json.RawMessage) bool {
	s := strings.TrimSpace(string(r))
	return s != "" && s != "null" && s != "[]" && s != "{}"
}

func (m *message) hasMedia() bool {
	return present(m.Photos) || present(m.Videos) || present(m.Audio) || present(m.GIFs) ||
		present(m.Files) || present(m.Sticker) || present(m.Media) || m.Type == "media"
}

// Parse reads one message_N.json. The title and participants are checked
// but not kept: the messages' senders name the people.
func (Format) Parse(r io.Reader, in parse.Input) (*parse.Export, error) {
	match, err := parse.NewMatcher(noticeList)
	if err != nil {
		return nil, fmt.Errorf("messenger: %w", err) // a broken embedded list is a bug
	}
	j := parse.NewJSON(r, in.Name, parse.MaxJSON)
	if err := j.Delim("", '{'); err != nil {
		return nil, err
	}
	var msgs []steady.Message
	sawMessages := false
	for j.Dec.More() {
		key, err := j.Key("")
		if err != nil {
			return nil, err
		}
		switch key {
		case "participants":
			var raw []json.RawMessage
			if err := j.Decode(key, &raw); err != nil {
				return nil, err
			}
			for i, p := range raw {
				if err := checkParticipant(p); err != nil {
					return nil, parse.PathErrorf(in.Name, fmt.Sprintf("participants[%d]", i), "%v", err)
				}
			}
		case "title", "threadName":
			var s *string
			if err := j.Decode(key, &s); err != nil {
				return nil, err
			}
		case "messages":
			sawMessages = true
			if err := j.Delim(key, '['); err != nil {
				return nil, err
			}
			for i := 0; j.Dec.More(); i++ {
				path := fmt.Sprintf("messages[%d]", i)
				var m message
				if err := j.Decode(path, &m); err != nil {
					return nil, err
				}
				sm, err := convert(&m, match)
				if err != nil {
					return nil, parse.PathErrorf(in.Name, path, "%v", err)
				}
				msgs = append(msgs, sm)
			}
			if err := j.Delim(key, ']'); err != nil {
				return nil, err
			}
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
	if !sawMessages {
		return nil, parse.PathErrorf(in.Name, "", "no \"messages\" array: not a Messenger or Instagram export")
	}
	// Newest-first files (the usual case) are turned around; an unordered
	// file is sorted by the importer anyway.
	if n := len(msgs); n > 1 && msgs[0].At.After(msgs[n-1].At) {
		for a, b := 0, n-1; a < b; a, b = a+1, b-1 {
			msgs[a], msgs[b] = msgs[b], msgs[a]
		}
	}
	return &parse.Export{Messages: msgs}, nil
}

// checkParticipant says whether raw is a participant as Meta writes one: a
// name, or {"name": …}.
func checkParticipant(raw json.RawMessage) error {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return nil
	}
	var o struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		return fmt.Errorf("a participant is neither a name nor {\"name\": …}")
	}
	return nil
}

func convert(m *message, match *parse.Matcher) (steady.Message, error) {
	var sm steady.Message
	var ms int64
	var err error
	switch {
	case m.TimestampMS != nil:
		ms, err = m.TimestampMS.Int64()
	case m.Timestamp != nil:
		ms, err = m.Timestamp.Int64()
	default:
		return sm, fmt.Errorf("message has no timestamp_ms")
	}
	if err != nil || ms < 0 || ms > 1<<50 {
		return sm, fmt.Errorf("timestamp is not a Unix time in milliseconds")
	}
	sm.At = time.UnixMilli(ms).UTC()
	sender := m.SenderName
	if sender == nil {
		sender = m.SenderNameE2E
	}
	if sender == nil {
		return sm, fmt.Errorf("message has no sender_name")
	}
	sm.Sender = parse.CleanName(parse.RepairMojibake(*sender))
	content := m.Content
	if content == nil {
		content = m.Text
	}
	text := ""
	if content != nil {
		text = parse.CleanText(parse.RepairMojibake(*content))
	}
	kind, notice := match.MatchString(text)
	switch {
	case m.IsUnsent || m.IsUnsentE2E:
		sm.Kind = steady.KindDeleted
	case m.Type == "Call" || m.Type == "Subscribe" || m.Type == "Unsubscribe" || m.Type == "placeholder" || m.CallSeconds != nil:
		sm.Kind = steady.KindSystem
		sm.Text = text
	case m.hasMedia():
		sm.Kind = steady.KindMedia
		if !notice {
			sm.Text = text // a caption
		}
	case notice:
		sm.Kind = kind
		if kind == steady.KindSystem {
			sm.Text = text
		}
	case text == "" && present(m.Share):
		sm.Kind = steady.KindMedia // a shared post with nothing typed
	case text == "":
		// Neither text nor media: what Meta leaves of an unsent or
		// disappearing message.
		sm.Kind = steady.KindDeleted
	default:
		sm.Text = text
	}
	return sm, nil
}
