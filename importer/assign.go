package importer

import (
	"fmt"
	"strings"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

// Assign says who is who: messages from me get SideMe, from contact
// SideThem, from anyone else SideOther (system lines without a sender stay
// SideUnknown). Names match case-insensitively once bidi marks and odd
// spaces are removed; phone numbers match by their digits, whatever the
// spacing and with or without the country code.
//
// A name left empty is inferred when the export allows: me is the Owner
// when the export says who exported it, and in a chat of two senders
// either name gives the other. Otherwise, and for a group chat (three
// senders or more), which needs contact, Assign returns a *steady.Error
// (EInvalid) listing the senders with their counts and saying to pass
// --me NAME and --contact NAME.
//
// For an export holding several conversations (Threads), Assign first keeps
// only the contact's conversation: the thread whose name or address is
// contact (several when the contact has several numbers), and drops the
// messages of every other thread.
func Assign(c *Chat, me, contact string) error {
	me, contact = strings.TrimSpace(me), strings.TrimSpace(contact)
	byThread := false
	if c.Threads != nil && c.thread != nil {
		var err error
		if byThread, err = c.selectThread(contact); err != nil {
			return err
		}
	}
	if me == "" {
		me = c.Owner
	}
	meName, err := c.find(me, "--me")
	if err != nil {
		return err
	}
	// A conversation chosen by the contact's saved name may show them only
	// by number: then the contact is whoever in it is not the user.
	contactName, err := c.find(contact, "--contact")
	if err != nil && !byThread {
		return err
	}
	// others lists the senders other than name, one per person (a
	// number written two ways is one person).
	others := func(name string) []string {
		var o []string
	next:
		for _, s := range c.Senders {
			if sameName(s.Name, name) {
				continue
			}
			for _, seen := range o {
				if sameName(seen, s.Name) {
					continue next
				}
			}
			o = append(o, s.Name)
		}
		return o
	}
	if contactName == "" && meName != "" {
		if o := others(meName); len(o) == 1 {
			contactName = o[0]
		} else if len(o) > 1 {
			return c.whoErr("this is a group chat: pass --contact NAME to say which participant is the contact")
		}
	}
	if meName == "" && contactName != "" {
		if o := others(contactName); len(o) == 1 {
			meName = o[0]
		}
	}
	if meName == "" || contactName == "" {
		if len(c.Senders) > 2 {
			return c.whoErr("this is a group chat: pass --me NAME and --contact NAME to say which participants are you and the contact")
		}
		return c.whoErr("cannot tell which sender is you: pass --me NAME and --contact NAME")
	}
	if sameName(meName, contactName) {
		return steady.Errorf(steady.EInvalid, "--me and --contact name the same sender %q", meName)
	}
	// Decide once per distinct sender name (a chat has a handful), not
	// once per message.
	sides := make(map[string]steady.Side)
	for i := range c.Messages {
		m := &c.Messages[i]
		side, ok := sides[m.Sender]
		if !ok {
			switch {
			case m.Sender == "":
				side = steady.SideUnknown
			case sameName(m.Sender, meName):
				side = steady.SideMe
			case sameName(m.Sender, contactName):
				side = steady.SideThem
			default:
				side = steady.SideOther
			}
			sides[m.Sender] = side
		}
		m.Side = side
	}
	return nil
}

// find returns the sender that name designates, "" for an empty name, or
// an error listing the senders when none matches.
func (c *Chat) find(name, flag string) (string, error) {
	if name == "" {
		return "", nil
	}
	for _, s := range c.Senders {
		if sameName(s.Name, name) {
			return s.Name, nil
		}
	}
	return "", steady.Errorf(steady.EInvalid, "%s %q matches no sender of this chat; senders found: %s", flag, name, c.senderList())
}

func (c *Chat) whoErr(advice string) error {
	if len(c.Senders) == 0 {
		return steady.Errorf(steady.EInvalid, "no message in this chat has a sender; nothing to import")
	}
	return steady.Errorf(steady.EInvalid, "%s; %d senders found: %s", advice, len(c.Senders), c.senderList())
}

func (c *Chat) senderList() string {
	parts := make([]string, 0, len(c.Senders))
	for i, s := range c.Senders {
		if i == 20 {
			parts = append(parts, fmt.Sprintf("and %d more", len(c.Senders)-20))
			break
		}
		parts = append(parts, fmt.Sprintf("%q (%d messages)", s.Name, s.Count))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// selectThread keeps the contact's conversation of a multi-conversation
// export. It reports whether a thread was chosen by the contact's name.
func (c *Chat) selectThread(contact string) (bool, error) {
	var pick []int
	if contact == "" {
		if len(c.Threads) == 1 {
			pick = []int{0}
		} else {
			return false, c.threadErr("this export holds several conversations: pass --contact NAME (a name or number below) to choose one")
		}
	} else {
		for i, t := range c.Threads {
			if !t.Group && (sameName(t.Name, contact) || sameName(t.Address, contact)) {
				pick = append(pick, i)
			}
		}
		if len(pick) == 0 {
			// A conversation in which the contact wrote, named otherwise.
			seen := make(map[int]bool)
			for i, m := range c.Messages {
				if t := c.thread[i]; t >= 0 && !c.Threads[t].Group && !seen[t] && sameName(m.Sender, contact) {
					seen[t] = true
					pick = append(pick, t)
				}
			}
		}
		if len(pick) == 0 {
			return false, c.threadErr(fmt.Sprintf("--contact %q matches no conversation of this export", contact))
		}
	}
	keep := make(map[int]int, len(pick))
	var threads []Thread
	for _, t := range pick {
		keep[t] = len(threads)
		threads = append(threads, c.Threads[t])
	}
	for i, t := range c.Threads {
		if _, ok := keep[i]; !ok && t.Messages > 0 {
			c.OtherThreads++
			c.OtherMessages += t.Messages
		}
	}
	msgs := c.Messages[:0]
	idx := c.thread[:0]
	for i, m := range c.Messages {
		if j, ok := keep[c.thread[i]]; ok {
			msgs = append(msgs, m)
			idx = append(idx, j)
		}
	}
	clear(c.Messages[len(msgs):])
	c.Messages, c.thread, c.Threads = msgs, idx, threads
	c.count()
	return contact != "", nil
}

func (c *Chat) threadErr(advice string) error {
	parts := make([]string, 0, len(c.Threads))
	for i, t := range c.Threads {
		if i == 30 {
			parts = append(parts, fmt.Sprintf("and %d more", len(c.Threads)-30))
			break
		}
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
		parts = append(parts, fmt.Sprintf("%s (%d messages)", label, t.Messages))
	}
	return steady.Errorf(steady.EInvalid, "%s; conversations: %s", advice, strings.Join(parts, ", "))
}

// NameKey is the form in which sender names are compared: bidi marks and
// odd spaces removed, lower case.
func NameKey(s string) string {
	return strings.ToLower(parse.CleanName(s))
}

// sameName reports whether two sender names designate the same person:
// equal names (see NameKey), or the same phone number.
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	if NameKey(a) == NameKey(b) {
		return true
	}
	da, db := phoneDigits(a), phoneDigits(b)
	if da == "" || db == "" {
		return false
	}
	if len(da) < len(db) {
		da, db = db, da
	}
	// Same number with or without the country code or trunk zero:
	// the longer ends with the shorter, which has at least 7 digits.
	return strings.HasSuffix(da, db) && len(db) >= 7 && len(da)-len(db) <= 4
}

// phoneDigits returns the digits of a phone number, without leading zeros
// (international "00" and trunk "0" prefixes), or "" when s is not a phone
// number (letters, or fewer than 5 digits).
func phoneDigits(s string) string {
	// "+44 (0)7700 900123": the bracketed trunk zero is dialled only at home.
	s = strings.ReplaceAll(parse.CleanName(s), "(0)", "")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if b.Len() == 0 && r == '0' {
				continue
			}
			b.WriteRune(r)
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/':
		default:
			return ""
		}
	}
	if b.Len() < 5 {
		return ""
	}
	return b.String()
}
