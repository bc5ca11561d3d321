package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/steadyhq/steady"
)

var _ steady.DataService = (*DataService)(nil)

// DataService exports, restores and forgets all data.
type DataService struct {
	db *DB
}

// NewDataService returns the data service of db.
func NewDataService(db *DB) *DataService {
	return &DataService{db: db}
}

// ExportAll returns everything the store keeps, read from one snapshot.
func (s *DataService) ExportAll(ctx context.Context) (*steady.Export, error) {
	e := &steady.Export{Version: steady.ExportVersion, ExportedAt: fromMillis(s.db.now())}
	err := s.db.view(ctx, func(q querier) error {
		p, err := readProfile(ctx, q)
		if err != nil {
			return err
		}
		e.Profile = *p
		if e.Contacts, err = listContacts(ctx, q); err != nil {
			return err
		}
		if e.Contacts == nil {
			e.Contacts = []*steady.Contact{}
		}
		if e.Imports, err = findImports(ctx, q, ``); err != nil {
			return err
		}
		if e.Messages, err = exportMessages(ctx, q); err != nil {
			return err
		}
		if e.NoContactPeriods, err = findPeriods(ctx, q, ``); err != nil {
			return err
		}
		if e.Holds, err = findHolds(ctx, q, ``); err != nil {
			return err
		}
		if e.Journal, err = findJournalEntries(ctx, q, 0); err != nil {
			return err
		}
		e.CallPlans, err = findCallPlans(ctx, q, ``)
		return err
	})
	if err != nil {
		return nil, wrap("export", err)
	}
	return e, nil
}

func exportMessages(ctx context.Context, q querier) ([]steady.ExportedMessage, error) {
	labels, err := labelNames(ctx, q, 0)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, selectMessage+`ORDER BY m.contact_id, m.at_ms`)
	if err != nil {
		return nil, err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM message_counts`).Scan(&n); err != nil {
		return nil, err
	}
	msgs, err := scanMessages(rows, labels, n)
	if err != nil {
		return nil, err
	}
	sortTies(msgs)
	out := make([]steady.ExportedMessage, len(msgs))
	for i := range msgs {
		m := &msgs[i]
		out[i] = steady.ExportedMessage{
			ID: m.ID, ContactID: m.ContactID, Side: m.Side.String(), Kind: m.Kind.String(),
			Sender: m.Sender, At: m.At, Text: m.Text, Source: m.Source, Key: m.Key,
		}
	}
	return out, nil
}

// RestoreAll loads an export into an empty store, keeping every id, so
// that a user can move their data to another machine.
func (s *DataService) RestoreAll(ctx context.Context, e *steady.Export) error {
	if e.Version != steady.ExportVersion {
		return steady.Errorf(steady.EInvalid, "this export has version %d; this steady reads version %d", e.Version, steady.ExportVersion)
	}
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `
			SELECT (SELECT COUNT(*) FROM profile) + (SELECT COUNT(*) FROM contacts) + (SELECT COUNT(*) FROM holds)
				+ (SELECT COUNT(*) FROM journal_entries) + (SELECT COUNT(*) FROM call_plans)`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return steady.Errorf(steady.EConflict, "the store already holds data: restore into an empty data folder, or forget everything first")
		}
		return restore(ctx, tx, e)
	})
	if isForeignKey(err) {
		return steady.Errorf(steady.EInvalid, "the export refers to a contact, period or message it does not contain")
	}
	return wrap("restore", err)
}

func restore(ctx context.Context, tx *sql.Tx, e *steady.Export) error {
	if !e.Profile.UpdatedAt.IsZero() {
		if err := writeProfile(ctx, tx, &e.Profile); err != nil {
			return err
		}
	}
	for _, c := range e.Contacts {
		if err := c.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contacts (id, name, created_at_ms) VALUES (?, ?, ?)`, c.ID, c.Name, millis(c.CreatedAt)); err != nil {
			return fmt.Errorf("contact %d: %w", c.ID, err)
		}
		if err := addName(ctx, tx, c.ID, c.Name, false); err != nil {
			return err
		}
		for _, a := range c.Aliases {
			if err := addName(ctx, tx, c.ID, a, true); err != nil {
				return err
			}
		}
	}
	for _, imp := range e.Imports {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO imports (id, contact_id, file_name, file_hash, format, read_n, added_n, duplicate_n, skipped_n, slips_n, at_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			imp.ID, imp.ContactID, imp.FileName, imp.FileHash, imp.Format, imp.Read, imp.Added, imp.Duplicate, imp.Skipped, imp.Slips, millis(imp.At)); err != nil {
			return fmt.Errorf("import %d: %w", imp.ID, err)
		}
	}
	if err := restoreMessages(ctx, tx, e.Contacts, e.Messages); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO message_counts (contact_id, side, n)
		SELECT contact_id, side, COUNT(*) FROM messages GROUP BY contact_id, side`); err != nil {
		return fmt.Errorf("count messages: %w", err)
	}
	for _, p := range e.NoContactPeriods {
		if _, err := tx.ExecContext(ctx, `INSERT INTO nocontact_periods (id, contact_id, start_ms, planned_days, end_ms) VALUES (?, ?, ?, ?, ?)`,
			p.ID, p.ContactID, millis(p.Start), p.PlannedDays, nullMillis(p.End)); err != nil {
			return fmt.Errorf("no-contact period %d: %w", p.ID, err)
		}
		for _, sl := range p.Slips {
			if _, err := tx.ExecContext(ctx, `INSERT INTO slips (id, period_id, at_ms, note, message_id) VALUES (?, ?, ?, ?, ?)`,
				sl.ID, p.ID, millis(sl.At), sl.Note, nullID(sl.MessageID)); err != nil {
				return fmt.Errorf("slip %d: %w", sl.ID, err)
			}
		}
	}
	for _, h := range e.Holds {
		if _, err := insertHold(ctx, tx, h); err != nil {
			return fmt.Errorf("hold %d: %w", h.ID, err)
		}
	}
	for _, j := range e.Journal {
		if _, err := insertJournalEntry(ctx, tx, j); err != nil {
			return fmt.Errorf("journal entry %d: %w", j.ID, err)
		}
	}
	for _, p := range e.CallPlans {
		if err := p.Validate(); err != nil {
			return err
		}
		if _, err := insertCallPlan(ctx, tx, p); err != nil {
			return fmt.Errorf("call plan %d: %w", p.ID, err)
		}
	}
	return nil
}

func restoreMessages(ctx context.Context, tx *sql.Tx, contacts []*steady.Contact, msgs []steady.ExportedMessage) error {
	// messages.contact_id has no foreign key to check it: check here.
	known := make(map[int64]bool, len(contacts))
	for _, c := range contacts {
		known[c.ID] = true
	}
	stmt, err := tx.PrepareContext(ctx, `
		INSERT INTO messages (id, contact_id, at_ms, offset_s, side, kind, sender_id, source_id, text, key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	type label struct {
		contactID int64
		name      string
	}
	labels := make(map[label]int64)
	labelID := func(contactID int64, name string) (int64, error) {
		if id, ok := labels[label{contactID, name}]; ok {
			return id, nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO message_labels (contact_id, value) VALUES (?, ?)`, contactID, name)
		if err != nil {
			return 0, err
		}
		id, err := res.LastInsertId()
		labels[label{contactID, name}] = id
		return id, err
	}
	for i := range msgs {
		m := &msgs[i]
		side, err := steady.ParseSide(m.Side)
		if err != nil {
			return steady.Errorf(steady.EInvalid, "message %d: %v", m.ID, err)
		}
		kind, err := steady.ParseKind(m.Kind)
		if err != nil {
			return steady.Errorf(steady.EInvalid, "message %d: %v", m.ID, err)
		}
		if m.Key == "" || m.At.IsZero() {
			return steady.Errorf(steady.EInvalid, "message %d has no key or no time", m.ID)
		}
		if _, off := m.At.Zone(); off < -maxOffset || off > maxOffset {
			return steady.Errorf(steady.EInvalid, "message %d is at UTC offset %d s, beyond ±18 h", m.ID, off)
		}
		if !known[m.ContactID] {
			return steady.Errorf(steady.EInvalid, "message %d is with contact %d, whom the export does not hold", m.ID, m.ContactID)
		}
		sender, err := labelID(m.ContactID, m.Sender)
		if err != nil {
			return err
		}
		source, err := labelID(m.ContactID, m.Source)
		if err != nil {
			return err
		}
		_, off := m.At.Zone()
		if _, err := stmt.ExecContext(ctx, nullID(m.ID), m.ContactID, m.At.UnixMilli(), off, sideCode(side), kindCode(kind), sender, source, m.Text, m.Key); err != nil {
			return fmt.Errorf("message %d: %w", m.ID, err)
		}
	}
	return nil
}

// ForgetAll deletes everything and rewrites the file without it.
func (s *DataService) ForgetAll(ctx context.Context) error {
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		// Contacts first: the deletes cascade to their messages, imports,
		// periods, holds, journal entries and plans. Then what belonged to
		// no contact.
		if err := deleteMessages(ctx, tx, 0); err != nil {
			return err
		}
		for _, stmt := range []string{
			`DELETE FROM contacts`,
			`DELETE FROM holds`,
			`DELETE FROM journal_entries`,
			`DELETE FROM call_plans`,
			`DELETE FROM profile`,
		} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return nil
	})
	if err != nil {
		return wrap("forget all", err)
	}
	// VACUUM rewrites the file from what is left, so that nothing of the
	// deleted data survives in free pages, and gives the space back.
	ctx = context.WithoutCancel(ctx) // see scrub
	if _, err := s.db.write.ExecContext(ctx, `VACUUM`); err != nil {
		return wrap("forget all: vacuum", err)
	}
	return wrap("forget all", s.db.scrub(ctx))
}
