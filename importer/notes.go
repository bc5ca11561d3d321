package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/internal/say"
)

// maxListed is how many unread places a note names before "and N more".
const maxListed = 10

// LeftOut counts the entries of the file that the import leaves out: the
// unread ones, the skipped ones and those of other conversations and chats.
func (c *Chat) LeftOut() int {
	return len(c.Unread) + c.Skipped + c.SkippedChatMessages + c.OtherMessages
}

// Notes says in a sentence each what an import of c leaves out and how it
// read the file when that is not the plain way, so that no loss is silent:
//
//	2 lines could not be read: lines 14, 31
//	3 drafts, unsent or failed messages left out
//
// It is empty when the whole file was imported.
func (c *Chat) Notes() []string {
	var notes []string
	if n := len(c.Unread); n > 0 {
		notes = append(notes, unreadNote(c.Unread))
	}
	if c.Skipped > 0 {
		what := "they belong"
		if c.Skipped == 1 {
			what = "it belongs"
		}
		notes = append(notes, fmt.Sprintf("%s left out (%s to no conversation)", say.Count(c.Skipped, "draft, unsent or failed message", "drafts, unsent or failed messages"), what))
	}
	if c.OtherThreads > 0 {
		notes = append(notes, fmt.Sprintf("%s of %s left out", say.Count(c.OtherMessages, "message", "messages"), say.Count(c.OtherThreads, "other conversation", "other conversations")))
	}
	if c.SkippedChats > 0 {
		notes = append(notes, fmt.Sprintf("%s of %s (groups, channels, bots) left out", say.Count(c.SkippedChatMessages, "message", "messages"), say.Count(c.SkippedChats, "chat", "chats")))
	}
	switch c.Encoding {
	case Windows1252:
		notes = append(notes, "read as Windows-1252 (Latin-1): the file is not UTF-8; check that accented letters look right")
	case UTF16LE, UTF16BE:
		notes = append(notes, "read as "+c.Encoding+", converted to UTF-8")
	}
	return notes
}

// Imported is the first line of an import's summary, as the CLI prints it
// and the web app shows it: "Imported chat.txt (whatsapp) for Alex: 60
// messages read, 60 new, 0 already here", with the slips the import
// recorded when there are any. Summary's sentences follow it.
func Imported(imp *steady.Import, contact string) string {
	s := fmt.Sprintf("Imported %s (%s) for %s: %s read, %s new, %s already here",
		imp.FileName, imp.Format, contact, say.Count(imp.Read, "message"), say.Number(imp.Added), say.Number(imp.Duplicate))
	switch {
	case imp.Slips == 1:
		s += "; 1 sent during a no-contact period, recorded as a slip"
	case imp.Slips > 1:
		s += "; " + say.Number(imp.Slips) + " sent during a no-contact period, recorded as slips"
	}
	return s
}

// Summary is what an import's summary says beside its counts, a sentence
// each, on every surface: how many of the messages read count for the
// rhythm (Uncounted), then what of the file was left out or how it was
// read (Notes). Call it after Assign.
func (c *Chat) Summary() []string {
	notes := c.Notes()
	if u := c.Uncounted(); u != "" {
		notes = append([]string{u}, notes...)
	}
	return notes
}

// Uncounted says, after Assign, how many of the messages read count for
// the contact's rhythm (steady.Message.Counts) and what the others are,
// so that the stats' smaller numbers are not a surprise:
//
//	16 of the 60 count for the rhythm; kept but not counted: 30 media without text, 10 deleted messages, 4 system lines
//
// It is "" when every message counts.
func (c *Chat) Uncounted() string {
	var media, deleted, system, others, unknown, counted int
	for i := range c.Messages {
		m := &c.Messages[i]
		switch {
		case m.Counts():
			counted++
		case m.Kind == steady.KindSystem:
			system++
		case m.Kind == steady.KindDeleted:
			deleted++
		case m.Side == steady.SideOther:
			others++
		case m.Side == steady.SideUnknown:
			unknown++
		default:
			media++
		}
	}
	if counted == len(c.Messages) {
		return ""
	}
	var parts []string
	for _, p := range []struct {
		n         int
		one, many string
	}{
		{media, "media without text", "media without text"},
		{deleted, "deleted message", "deleted messages"},
		{system, "system line (calls, security notices, changes to the chat)", "system lines (calls, security notices, changes to the chat)"},
		{others, "message from someone else in the chat", "messages from others in the chat"},
		{unknown, "message without a sender", "messages without a sender"},
	} {
		if p.n > 0 {
			parts = append(parts, say.Count(p.n, p.one, p.many))
		}
	}
	return fmt.Sprintf("%s of the %s count for the rhythm; kept but not counted: %s", say.Number(counted), say.Number(len(c.Messages)), strings.Join(parts, ", "))
}

// unreadNote is "2 lines could not be read: lines 14, 31"; "messages"
// and "lines 31–33" when an unread message had continuation lines, and
// "a.txt line 4; b.txt lines 2, 9" when the chat came from several files.
func unreadNote(us []Unread) string {
	spans := false
	files := map[string]bool{}
	for _, u := range us {
		spans = spans || u.Last > u.Line
		files[u.File] = true
	}
	var groups []string
	var places []string
	flush := func(file string) {
		if len(places) == 0 {
			return
		}
		g := strings.Join(places, ", ")
		if places[0][0] >= '0' && places[0][0] <= '9' {
			if len(places) > 1 || strings.Contains(places[0], "–") {
				g = "lines " + g
			} else {
				g = "line " + g
			}
		}
		if len(files) > 1 {
			g = file + " " + g
		}
		groups = append(groups, g)
		places = places[:0]
	}
	for i, u := range us {
		if i > 0 && u.File != us[i-1].File {
			flush(us[i-1].File)
		}
		if i == maxListed {
			flush(u.File)
			groups[len(groups)-1] += fmt.Sprintf(", and %d more", len(us)-maxListed)
			break
		}
		switch {
		case u.Path != "":
			places = append(places, u.Path)
		case u.Last > u.Line:
			places = append(places, strconv.Itoa(u.Line)+"–"+strconv.Itoa(u.Last))
		default:
			places = append(places, strconv.Itoa(u.Line))
		}
		if i == len(us)-1 {
			flush(u.File)
		}
	}
	what := say.Count(len(us), "line", "lines")
	if spans {
		what = say.Count(len(us), "message", "messages")
	}
	return what + " could not be read: " + strings.Join(groups, "; ")
}
