package steady

import (
	"fmt"
	"time"
)

// Side says who wrote a message, from the user's point of view.
type Side uint8

const (
	SideUnknown Side = iota
	SideMe           // the user of steady
	SideThem         // the contact: the ex-partner or co-parent
	SideOther        // a third participant of a group chat
)

func (s Side) String() string {
	switch s {
	case SideMe:
		return "me"
	case SideThem:
		return "them"
	case SideOther:
		return "other"
	}
	return "unknown"
}

// MarshalText writes the side by name ("me", "them", …).
func (s Side) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a side written by MarshalText.
func (s *Side) UnmarshalText(b []byte) error {
	v, err := ParseSide(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSide is the inverse of Side.String.
func ParseSide(s string) (Side, error) {
	switch s {
	case "me":
		return SideMe, nil
	case "them":
		return SideThem, nil
	case "other":
		return SideOther, nil
	case "unknown", "":
		return SideUnknown, nil
	}
	return SideUnknown, fmt.Errorf("unknown side %q (want me, them or other)", s)
}

// Kind tells typed messages apart from what a chat export also records.
// Only KindText messages count for reply delays and lengths.
type Kind uint8

const (
	KindText    Kind = iota // typed text
	KindMedia               // a photo, video, sticker, file… without typed text
	KindSystem              // encryption notices, joins, subject changes, calls
	KindDeleted             // "This message was deleted"
)

func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindMedia:
		return "media"
	case KindSystem:
		return "system"
	case KindDeleted:
		return "deleted"
	}
	return "unknown"
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "text", "":
		return KindText, nil
	case "media":
		return KindMedia, nil
	case "system":
		return KindSystem, nil
	case "deleted":
		return KindDeleted, nil
	}
	return KindText, fmt.Errorf("unknown message kind %q (want text, media, system or deleted)", s)
}

// Message is one message of a conversation, normalized from any export.
type Message struct {
	ID        int64
	ContactID int64
	Side      Side
	// Sender is the name the export shows (display name, phone number…).
	Sender string
	// At is the instant the message was sent. Its Location is a fixed zone
	// with the offset the sender's device was at, when the export says so.
	At   time.Time
	Kind Kind
	// Text is the typed text with bidi marks and export suffixes removed;
	// for media it is the caption, if any.
	Text string
	// Source names the file the message was imported from.
	Source string
	// Key identifies the message across overlapping exports of one chat:
	// re-importing adds only messages whose key is new.
	Key string
}

// Counts reports whether the message takes part in rhythm statistics
// (reply delays, lengths, initiations): typed text from either side of the
// conversation, a captioned photo included — never bare media, system
// lines or deletions.
func (m *Message) Counts() bool {
	return (m.Side == SideMe || m.Side == SideThem) && (m.Kind == KindText || (m.Kind == KindMedia && m.Text != ""))
}
