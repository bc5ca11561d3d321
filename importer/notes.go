package importer

import (
	"fmt"
	"strconv"
	"strings"
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
		notes = append(notes, fmt.Sprintf("%s left out (%s to no conversation)", plural(c.Skipped, "draft, unsent or failed message", "drafts, unsent or failed messages"), what))
	}
	if c.OtherThreads > 0 {
		notes = append(notes, fmt.Sprintf("%s of %s left out", plural(c.OtherMessages, "message", "messages"), plural(c.OtherThreads, "other conversation", "other conversations")))
	}
	if c.SkippedChats > 0 {
		notes = append(notes, fmt.Sprintf("%s of %s (groups, channels, bots) left out", plural(c.SkippedChatMessages, "message", "messages"), plural(c.SkippedChats, "chat", "chats")))
	}
	switch c.Encoding {
	case Windows1252:
		notes = append(notes, "read as Windows-1252 (Latin-1): the file is not UTF-8; check that accented letters look right")
	case UTF16LE, UTF16BE:
		notes = append(notes, "read as "+c.Encoding+", converted to UTF-8")
	}
	return notes
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
	what := plural(len(us), "line", "lines")
	if spans {
		what = plural(len(us), "message", "messages")
	}
	return what + " could not be read: " + strings.Join(groups, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
