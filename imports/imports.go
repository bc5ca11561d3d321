// Package imports brings a parsed chat into the store: it finds or creates
// the contact, records the names the export shows them under as aliases,
// adds the messages in one transaction, then tells the advice service what
// the import taught it, so the checks and stats after it read the contact's
// rhythm and statistics from the cache. Package importer reads the files;
// this package keeps what it read. The CLI and the web app both import
// through it.
package imports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
)

// Service imports chats into the store.
type Service struct {
	Contacts steady.ContactService
	Messages steady.MessageService
	// Advice learns the contact's rhythm and statistics after an import;
	// it owns their cache.
	Advice *advice.Service
}

// Import brings a parsed chat's messages (their sides assigned) into the
// history with the contact named name, created when new, and records the
// names the export shows them under as aliases. When the messages are the
// contact's whole history (their first import), the rhythm and statistics
// are learned from them at once (advice.Service.Learned), in the zone home;
// after a later import that added messages, the rhythm is learned again
// from the store (advice.Service.Relearn). It fills imp's counts.
func (s *Service) Import(ctx context.Context, name string, imp *steady.Import, msgs []steady.Message, home *time.Location) (*steady.Contact, error) {
	c, err := FindOrCreateContact(ctx, s.Contacts, name)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		known := func(a string) bool { return strings.EqualFold(a, m.Sender) }
		if m.Side != steady.SideThem || m.Sender == "" || known(c.Name) || slices.ContainsFunc(c.Aliases, known) {
			continue
		}
		if err := s.Contacts.AddAlias(ctx, c.ID, m.Sender); err != nil && steady.ErrorCode(err) != steady.EConflict {
			return nil, fmt.Errorf("contact %s: alias %s: %w", name, m.Sender, err)
		}
		c.Aliases = append(c.Aliases, m.Sender)
	}
	if err := s.Messages.ImportMessages(ctx, c.ID, imp, msgs); err != nil {
		return nil, fmt.Errorf("import into the store: %w", err)
	}
	// Whether msgs are the whole history, and at which version, is the
	// import transaction's word: a count taken before it, or a version
	// read after it, may be another import's that ran beside this one.
	if imp.First && imp.Added > 0 && imp.Duplicate == 0 {
		// The messages are in: failing to learn from them now (a Ctrl-C
		// just after the commit) only leaves the checks to compute the
		// rhythm until the next import.
		s.Advice.Learned(ctx, c.ID, imp.Version, msgs, home)
	} else if imp.Added > 0 {
		s.Advice.Relearn(ctx, c.ID)
	}
	return c, nil
}

// FindOrCreateContact returns the contact named name (or known by that
// alias), creating it when there is none.
func FindOrCreateContact(ctx context.Context, contacts steady.ContactService, name string) (*steady.Contact, error) {
	c, err := contacts.FindContact(ctx, name)
	if steady.ErrorCode(err) == steady.ENotFound {
		c = &steady.Contact{Name: strings.TrimSpace(name)}
		err = contacts.CreateContact(ctx, c)
		if steady.ErrorCode(err) == steady.EConflict {
			// Another import (another process) created them meanwhile.
			c, err = contacts.FindContact(ctx, name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("contact %s: %w", name, err)
	}
	return c, nil
}
