package say

import (
	"strings"

	"github.com/steadyhq/steady"
)

// Restored says what a restore brought back, as `steady restore` prints
// it and the Privacy page shows it:
//
//	Restored 2 contacts, 602 messages, 2 no-contact periods, 4 slips, 2 holds, 2 journal entries, 2 call plans, 2 import records and your settings.
//	Added 2 messages, 4 slips and 2 holds; already here: 2 contacts, 600 messages and 2 no-contact periods.
func Restored(r *steady.Restored) string {
	kinds := []struct {
		c         steady.RestoredCount
		one, many string
	}{
		{r.Contacts, "contact", "contacts"},
		{r.Messages, "message", "messages"},
		{r.NoContactPeriods, "no-contact period", "no-contact periods"},
		{r.Slips, "slip", "slips"},
		{r.Holds, "hold", "holds"},
		{r.Journal, "journal entry", "journal entries"},
		{r.CallPlans, "call plan", "call plans"},
		{r.Imports, "import record", "import records"},
	}
	var added, already []string
	for _, k := range kinds {
		if k.c.Added > 0 {
			added = append(added, Count(k.c.Added, k.one, k.many))
		}
		if k.c.Already > 0 {
			already = append(already, Count(k.c.Already, k.one, k.many))
		}
	}
	if !r.Merged {
		if r.Profile {
			added = append(added, "your settings")
		}
		if len(added) == 0 {
			return "The backup holds nothing to restore."
		}
		return "Restored " + and(added) + "."
	}
	var b strings.Builder
	switch {
	case len(added) == 0:
		b.WriteString("Nothing to add: everything in the backup is here already")
		if len(already) > 0 {
			b.WriteString(" (" + and(already) + ")")
		}
		b.WriteString(".")
	default:
		b.WriteString("Added " + and(added))
		if len(already) > 0 {
			b.WriteString("; already here: " + and(already))
		}
		b.WriteString(".")
	}
	if r.Profile {
		b.WriteString(" The settings you had not set are taken from the backup.")
	}
	return b.String()
}

// and joins a list the way it is said: "a", "a and b", "a, b and c".
func and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
