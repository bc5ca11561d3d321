package importer

import (
	"fmt"
	"strings"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/internal/say"
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
		// The export says who its owner is (SMS "Me", a Telegram
		// account): a conversation in which they wrote nothing is
		// theirs all the same.
		if c.Owner == "" || !sameName(me, c.Owner) {
			return err
		}
		meName = c.Owner
	}
	// A conversation chosen by the contact's saved name may show them only
	// by number: then the contact is whoever in it is not the user.
	contactName, err := c.find(contact, "--contact")
	if err != nil && !byThread {
		return err
	}
	if contactName == "" && byThread {
		// The contact's conversation, chosen by its label, saved name or
		// number: the contact is whoever in it writes from its number.
		for _, t := range c.Threads {
			if n, _ := c.find(t.Address, ""); n != "" && !sameName(n, meName) {
				contactName = n
				break
			}
		}
	}
	if contactName == "" && meName != "" {
		switch o := c.others(meName, 2); {
		case len(o) == 1:
			contactName = o[0]
		case len(o) > 1:
			return c.whoErr("this is a group chat: pass --contact NAME to say which participant is the contact")
		case byThread:
			// Only the user wrote in the contact's conversation.
			contactName = contact
		}
	}
	if meName == "" && contactName != "" {
		if o := c.others(contactName, 2); len(o) == 1 {
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
	// Decide once per distinct sender name, not once per message.
	meID, contactID := personOf(meName), personOf(contactName)
	sides := make(map[string]steady.Side)
	for i := range c.Messages {
		m := &c.Messages[i]
		side, ok := sides[m.Sender]
		if !ok {
			id := personOf(m.Sender)
			switch {
			case m.Sender == "":
				side = steady.SideUnknown
			case id.same(meID):
				side = steady.SideMe
			case id.same(contactID):
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

// others lists the senders other than name, one per person (a number
// written two ways is one person), stopping at limit. It looks at each
// sender once, whatever their number: an export may hold a sender per
// message.
func (c *Chat) others(name string, limit int) []string {
	self := personOf(name)
	var seen people
	var o []string
	for _, s := range c.Senders {
		id := personOf(s.Name)
		if id.same(self) || seen.has(id) {
			continue
		}
		seen.add(id)
		o = append(o, s.Name)
		if len(o) == limit {
			break
		}
	}
	return o
}

// find returns the sender that name designates, "" for an empty name, or
// an error listing the senders when none matches.
func (c *Chat) find(name, flag string) (string, error) {
	if name == "" {
		return "", nil
	}
	want := personOf(name)
	for _, s := range c.Senders {
		if s.Name == name || personOf(s.Name).same(want) {
			return s.Name, nil
		}
	}
	return "", steady.Errorf(steady.EInvalid, "%s %q matches no sender of this chat; senders found: %s", flag, name, c.senderList())
}

func (c *Chat) whoErr(advice string) error {
	if len(c.Senders) == 0 {
		return steady.Errorf(steady.EInvalid, "no message in this chat has a sender; nothing to import")
	}
	return steady.Errorf(steady.EInvalid, "%s; %s found: %s", advice, say.Count(len(c.Senders), "sender", "senders"), c.senderList())
}

func (c *Chat) senderList() string {
	parts := make([]string, 0, len(c.Senders))
	for i, s := range c.Senders {
		if i == 20 {
			parts = append(parts, fmt.Sprintf("and %d more", len(c.Senders)-20))
			break
		}
		parts = append(parts, fmt.Sprintf("%q (%s)", s.Name, say.Count(s.Count, "message", "messages")))
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
		name, address, group := splitLabel(contact)
		want := personOf(name)
		for i, t := range c.Threads {
			switch {
			case address != "":
				// The whole label as Choices shows it: both must match.
				if !personOf(t.Name).same(want) || !personOf(t.Address).same(personOf(address)) {
					continue
				}
			case !personOf(t.Name).same(want) && !personOf(t.Address).same(want):
				continue
			}
			if t.Group {
				if group || address != "" {
					return false, c.threadErr(fmt.Sprintf("%q is a group conversation, and steady learns one person's rhythm from your conversation with them alone: choose another", contact))
				}
				continue
			}
			pick = append(pick, i)
		}
		if len(pick) == 0 {
			// A conversation in which the contact wrote, named otherwise.
			seen := make(map[int]bool)
			is := make(map[string]bool) // by sender: is it the contact?
			for i, m := range c.Messages {
				t := c.thread[i]
				if t < 0 || c.Threads[t].Group || seen[t] {
					continue
				}
				match, ok := is[m.Sender]
				if !ok {
					match = personOf(m.Sender).same(want)
					is[m.Sender] = match
				}
				if match {
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

// ContactName is the name to keep a contact under when the user named
// them by a conversation's whole label ("Alice Smith <+15551234567>", as
// Choices shows it): the saved name, else the number. Any other name is
// kept as it is.
func ContactName(contact string) string {
	name, address, _ := splitLabel(contact)
	if name == "" {
		return address
	}
	return name
}

// splitLabel reads a conversation as Choices names it, "Name <address>"
// with " [group]" after a group's, into its parts; a plain name or number
// is name alone.
func splitLabel(s string) (name, address string, group bool) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutSuffix(s, " [group]"); ok {
		s, group = strings.TrimSpace(rest), true
	}
	if strings.HasSuffix(s, ">") {
		if i := strings.LastIndex(s, " <"); i > 0 {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2 : len(s)-1]), group
		}
	}
	return s, "", group
}

// Choices lists whose chats c holds, for a user who did not say which
// contact it is: the conversations of an export that holds several, else
// the senders, each with their message counts.
func (c *Chat) Choices() string {
	if c.Threads != nil && c.thread != nil {
		return fmt.Sprintf("%s: %s", say.Count(len(c.Threads), "conversation", "conversations"), c.threadList())
	}
	return fmt.Sprintf("%s: %s", say.Count(len(c.Senders), "sender", "senders"), c.senderList())
}

func (c *Chat) threadErr(advice string) error {
	return steady.Errorf(steady.EInvalid, "%s; conversations: %s", advice, c.threadList())
}

func (c *Chat) threadList() string {
	parts := make([]string, 0, len(c.Threads))
	for i, t := range c.Threads {
		if i == 30 {
			parts = append(parts, fmt.Sprintf("and %d more", len(c.Threads)-30))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", t.Label(), say.Count(t.Messages, "message", "messages")))
	}
	return strings.Join(parts, ", ")
}

// NameKey is the form in which sender names are compared: bidi marks and
// odd spaces removed, lower case.
func NameKey(s string) string {
	return strings.ToLower(parse.CleanName(s))
}

// sameName reports whether two sender names designate the same person:
// equal names (see NameKey), or the same phone number.
func sameName(a, b string) bool {
	return a == b || personOf(a).same(personOf(b))
}

// Phone numbers are one person when the longer ends with the shorter,
// which has at least minDigits digits and at most maxPrefix fewer: the
// same number with or without the country code or trunk zero.
const (
	minDigits = 7
	maxPrefix = 4
)

// person is what a sender name is compared by.
type person struct {
	key    string // NameKey
	digits string // phoneDigits; "" when not a number
}

func personOf(name string) person {
	return person{key: NameKey(name), digits: phoneDigits(name)}
}

func (p person) same(q person) bool {
	if p.key == q.key {
		return true
	}
	a, b := p.digits, q.digits
	if a == "" || b == "" {
		return false
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	return strings.HasSuffix(a, b) && len(b) >= minDigits && len(a)-len(b) <= maxPrefix
}

// people is a set of persons that answers whether a person is the same as
// one of them (person.same) with a handful of map look-ups rather than a
// comparison with each: names by key, numbers by every suffix that another
// number could be.
type people struct {
	keys     map[string]bool
	numbers  map[string]bool // the digits of numbers of minDigits or more
	suffixes map[string]bool // their suffixes of minDigits or more, at most maxPrefix shorter
}

func (s *people) add(p person) {
	if s.keys == nil {
		s.keys, s.numbers, s.suffixes = make(map[string]bool), make(map[string]bool), make(map[string]bool)
	}
	s.keys[p.key] = true
	if d := p.digits; len(d) >= minDigits {
		s.numbers[d] = true
		for n := max(minDigits, len(d)-maxPrefix); n <= len(d); n++ {
			s.suffixes[d[len(d)-n:]] = true
		}
	}
}

func (s *people) has(p person) bool {
	if s.keys == nil {
		return false
	}
	if s.keys[p.key] {
		return true
	}
	d := p.digits
	if len(d) < minDigits {
		return false
	}
	// d is a number of the set, or ends one (the set's has a prefix)…
	if s.suffixes[d] {
		return true
	}
	// …or a number of the set ends d.
	for n := max(minDigits, len(d)-maxPrefix); n < len(d); n++ {
		if s.numbers[d[len(d)-n:]] {
			return true
		}
	}
	return false
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
