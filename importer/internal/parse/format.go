package parse

import (
	"fmt"
	"strings"
	"time"

	steady "github.com/steadyhq/steady"
)

// What a format gives and takes. The importer package names these types
// (importer.Info, importer.Input, importer.Export …) in its Format
// interface; they live here so that each format subpackage can implement
// that interface without importing the importer package, which lists the
// formats.

// Info says what a format is: its name, how a person knows the file, and
// the settings of its own that the CLI and the web form offer.
type Info struct {
	// Name is what --format takes and Chat.Format holds: "whatsapp".
	Name string
	// Title says which file it is, for a person choosing or told what
	// steady reads: `WhatsApp "Export chat" .txt or .zip`.
	Title string
	// Options are the format's own settings, nil when it has none.
	Options []Option
	// Windows1252 says that a file whose first bytes past ASCII are no
	// UTF-8 is read as Windows-1252 (an editor or a spreadsheet re-saved
	// it); else invalid UTF-8 is damage, an error naming the line.
	Windows1252 bool
}

// Option is a setting of one format, given as --NAME on the command line
// and as the form field NAME, with underscores for hyphens, on the web.
type Option struct {
	Name  string // "date-order"
	Usage string // the flag's help: what it does and its default
	Label string // the form field's label
	Hint  string // said after the label on the form; may be empty
	// Choices are the values allowed, when only a few are; the empty
	// value (the default) is always allowed.
	Choices []Choice
	// Default names the empty value in a form's list of choices.
	Default string
}

// Choice is an allowed value of an Option.
type Choice struct {
	Value string // "dmy"
	Label string // "day first (3 June)"
}

// Check says what is wrong with a value of o: "want dmy or mdy".
func (o Option) Check(value string) error {
	if value == "" || o.Choices == nil {
		return nil
	}
	want := make([]string, len(o.Choices))
	for i, c := range o.Choices {
		if c.Value == value {
			return nil
		}
		want[i] = c.Value
	}
	if len(want) == 1 {
		return fmt.Errorf("want %s", want[0])
	}
	return fmt.Errorf("want %s or %s", strings.Join(want[:len(want)-1], ", "), want[len(want)-1])
}

// Input is what a format's parser is given besides the file.
type Input struct {
	// Name names the file in errors.
	Name string
	// Location is the zone of wall-clock times without one; nil means
	// time.Local.
	Location *time.Location
	// Values are the values of the format's Options, by Option.Name,
	// checked against their choices; a missing one is "".
	Values map[string]string
	// SizeHint is the input size when known, else 0, to size buffers once.
	SizeHint int64
}

// Export is what every format's parser returns.
type Export struct {
	// Messages come in file order with Sender, At, Kind and Text set;
	// Side, Source and Key are left to the importer package.
	Messages []steady.Message
	// Unread lists the parts of the file left out because they could not
	// be read, in file order.
	Unread []Unread
	// Owner is the exporting user's sender name when the export says so,
	// else "".
	Owner string
	// Threads lists the conversations of an export that holds several,
	// and ThreadOf the index in Threads of each message; both nil when it
	// holds one.
	Threads  []Thread
	ThreadOf []int
	// Skipped counts the entries left out because they are no message of
	// a conversation (SMS drafts, failed messages); SkippedChats the chats
	// left out of an export of many (groups, channels), with their
	// messages in SkippedChatMessages.
	Skipped, SkippedChats, SkippedChatMessages int
}

// Thread is one conversation of a multi-conversation export.
type Thread struct {
	Name     string // the contact's name when known, else the address
	Address  string // phone number or other id, when the export has one
	Group    bool
	Messages int // counted by the importer package
}

// Label names the conversation as a list to choose from shows it: "Alice
// Smith <+15551234567>", the number alone when the phone saved no name,
// and " [group]" after a group's.
func (t Thread) Label() string {
	label := t.Name
	switch {
	case label == "":
		label = t.Address
	case t.Address != "" && t.Address != t.Name:
		label += " <" + t.Address + ">"
	}
	if t.Group {
		label += " [group]"
	}
	return label
}
