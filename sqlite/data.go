package sqlite

import (
	"context"
	"database/sql"
	"errors"
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

// RestoreAll brings back an export: into an empty store keeping every id,
// into one that holds data merged under new ids without duplicates (see
// steady.DataService). All of it is one transaction.
func (s *DataService) RestoreAll(ctx context.Context, e *steady.Export) (*steady.Restored, error) {
	if err := steady.CheckVersion(e.Version); err != nil {
		return nil, err
	}
	r := &steady.Restored{}
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `
			SELECT (SELECT COUNT(*) FROM profile) + (SELECT COUNT(*) FROM contacts) + (SELECT COUNT(*) FROM holds)
				+ (SELECT COUNT(*) FROM journal_entries) + (SELECT COUNT(*) FROM call_plans)`).Scan(&n); err != nil {
			return err
		}
		*r = steady.Restored{Merged: n > 0}
		rs := &restorer{tx: tx, r: r, keepIDs: n == 0,
			contacts: map[int64]int64{}, periods: map[int64]int64{}, messages: map[int64]int64{}, touched: map[int64]bool{}}
		return rs.restore(ctx, e)
	})
	if isForeignKey(err) {
		return nil, steady.Errorf(steady.EInvalid, "the backup refers to a contact, period or message it does not contain")
	}
	if err != nil {
		return nil, wrap("restore", err)
	}
	return r, nil
}

// restorer restores one export in one transaction. Into an empty store it
// keeps the export's ids (keepIDs); otherwise every record it adds gets a
// new id, and the maps say which id each of the export's became.
type restorer struct {
	tx      *sql.Tx
	r       *steady.Restored
	keepIDs bool
	// contacts, periods and messages map the export's ids to the store's;
	// messages holds only those a slip refers to.
	contacts, periods, messages map[int64]int64
	// touched are the contacts (store ids) that got messages.
	touched map[int64]bool
}

// id is the id to insert a record under: the export's into an empty
// store, else none (a new one).
func (rs *restorer) id(exported int64) sql.NullInt64 {
	if rs.keepIDs {
		return nullID(exported)
	}
	return sql.NullInt64{}
}

// contact maps a reference to a contact (0: none); EInvalid for one the
// export does not hold.
func (rs *restorer) contact(id int64, what string) (int64, error) {
	if id == 0 {
		return 0, nil
	}
	c, ok := rs.contacts[id]
	if !ok {
		return 0, steady.Errorf(steady.EInvalid, "%s is about contact %d, whom the backup does not hold", what, id)
	}
	return c, nil
}

// exists runs a query for a row that would be a duplicate and returns its
// id, 0 when there is none.
func (rs *restorer) exists(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := rs.tx.QueryRowContext(ctx, query, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

func (rs *restorer) restore(ctx context.Context, e *steady.Export) error {
	if err := rs.profile(ctx, &e.Profile); err != nil {
		return err
	}
	for _, c := range e.Contacts {
		if err := rs.addContact(ctx, c); err != nil {
			return err
		}
	}
	for _, imp := range e.Imports {
		if err := rs.addImport(ctx, imp); err != nil {
			return err
		}
	}
	if err := rs.addMessages(ctx, e); err != nil {
		return err
	}
	for _, p := range e.NoContactPeriods {
		if err := rs.addPeriod(ctx, p); err != nil {
			return err
		}
	}
	for _, h := range e.Holds {
		if err := rs.addHold(ctx, h); err != nil {
			return err
		}
	}
	for _, j := range e.Journal {
		if err := rs.addJournalEntry(ctx, j); err != nil {
			return err
		}
	}
	for _, p := range e.CallPlans {
		if err := rs.addCallPlan(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// profile takes the backup's settings: all of them into an empty store;
// in a merge, those the store has not set.
func (rs *restorer) profile(ctx context.Context, p *steady.Profile) error {
	if p.UpdatedAt.IsZero() {
		return nil // the backup's profile was never set
	}
	if rs.keepIDs {
		rs.r.Profile = true
		return writeProfile(ctx, rs.tx, p)
	}
	cur, err := readProfile(ctx, rs.tx)
	if err != nil {
		return err
	}
	merged := *cur
	if merged.TimeZone == "" && p.TimeZone != "" {
		merged.TimeZone = p.TimeZone
	}
	if !merged.DumpedSet && p.DumpedSet {
		merged.Dumped, merged.DumpedSet = p.Dumped, true
	}
	if merged.TimeZone == cur.TimeZone && merged.DumpedSet == cur.DumpedSet {
		return nil
	}
	rs.r.Profile = true
	merged.UpdatedAt = p.UpdatedAt
	if cur.UpdatedAt.After(merged.UpdatedAt) {
		merged.UpdatedAt = cur.UpdatedAt
	}
	return writeProfile(ctx, rs.tx, &merged)
}

// addContact adds a contact, or in a merge finds the one the store has
// under its name (else under one of its aliases) and adds the aliases it
// lacks; an alias that names another contact of the store is left out.
func (rs *restorer) addContact(ctx context.Context, c *steady.Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if !rs.keepIDs {
		var found int64
		for _, name := range append([]string{c.Name}, c.Aliases...) {
			id, err := rs.exists(ctx, `SELECT contact_id FROM contact_names WHERE fold = ?`, fold(name))
			if err != nil {
				return err
			}
			if id != 0 {
				found = id
				break
			}
		}
		if found != 0 {
			rs.contacts[c.ID] = found
			rs.r.Contacts.Count(false)
			for _, name := range append([]string{c.Name}, c.Aliases...) {
				if err := addName(ctx, rs.tx, found, cleanName(name), true); err != nil && steady.ErrorCode(err) != steady.EConflict {
					return err
				}
			}
			return nil
		}
	}
	res, err := rs.tx.ExecContext(ctx, `INSERT INTO contacts (id, name, created_at_ms) VALUES (?, ?, ?)`, rs.id(c.ID), c.Name, millis(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("contact %d: %w", c.ID, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	rs.contacts[c.ID] = id
	rs.r.Contacts.Count(true)
	if err := addName(ctx, rs.tx, id, c.Name, false); err != nil {
		if rs.keepIDs || steady.ErrorCode(err) != steady.EConflict {
			return err
		}
	}
	for _, a := range c.Aliases {
		if err := addName(ctx, rs.tx, id, a, true); err != nil {
			if rs.keepIDs || steady.ErrorCode(err) != steady.EConflict {
				return err
			}
		}
	}
	return nil
}

func (rs *restorer) addImport(ctx context.Context, imp *steady.Import) error {
	cid, err := rs.contact(imp.ContactID, fmt.Sprintf("import %d", imp.ID))
	if err != nil {
		return err
	}
	if !rs.keepIDs {
		id, err := rs.exists(ctx, `SELECT id FROM imports WHERE contact_id = ? AND file_hash = ? AND at_ms = ?`, cid, imp.FileHash, millis(imp.At))
		if err != nil || id != 0 {
			rs.r.Imports.Count(false)
			return err
		}
	}
	if _, err := rs.tx.ExecContext(ctx, `
		INSERT INTO imports (id, contact_id, file_name, file_hash, format, read_n, added_n, duplicate_n, skipped_n, slips_n, at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rs.id(imp.ID), cid, imp.FileName, imp.FileHash, imp.Format, imp.Read, imp.Added, imp.Duplicate, imp.Skipped, imp.Slips, millis(imp.At)); err != nil {
		return fmt.Errorf("import %d: %w", imp.ID, err)
	}
	rs.r.Imports.Count(true)
	return nil
}

// addMessages adds the messages the store does not have: one with the
// same instant and key for the same contact is the same message, as for
// an import. The contacts that got messages have their counts taken again
// and their computed values (rhythm, charts) dropped.
func (rs *restorer) addMessages(ctx context.Context, e *steady.Export) error {
	slipped := map[int64]bool{}
	for _, p := range e.NoContactPeriods {
		for _, sl := range p.Slips {
			if sl.MessageID != 0 {
				slipped[sl.MessageID] = true
			}
		}
	}
	stmt, err := rs.tx.PrepareContext(ctx, `
		INSERT INTO messages (id, contact_id, at_ms, offset_s, side, kind, sender_id, source_id, text, key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (contact_id, at_ms, key) DO NOTHING`)
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
		id, err := rs.exists(ctx, `SELECT id FROM message_labels WHERE contact_id = ? AND value = ?`, contactID, name)
		if err != nil {
			return 0, err
		}
		if id == 0 {
			res, err := rs.tx.ExecContext(ctx, `INSERT INTO message_labels (contact_id, value) VALUES (?, ?)`, contactID, name)
			if err != nil {
				return 0, err
			}
			if id, err = res.LastInsertId(); err != nil {
				return 0, err
			}
		}
		labels[label{contactID, name}] = id
		return id, nil
	}
	for i := range e.Messages {
		m := &e.Messages[i]
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
		_, off := m.At.Zone()
		if off < -maxOffset || off > maxOffset {
			return steady.Errorf(steady.EInvalid, "message %d is at UTC offset %d s, beyond ±18 h", m.ID, off)
		}
		// messages.contact_id has no foreign key to check it: check here.
		cid, ok := rs.contacts[m.ContactID]
		if !ok {
			return steady.Errorf(steady.EInvalid, "message %d is with contact %d, whom the backup does not hold", m.ID, m.ContactID)
		}
		sender, err := labelID(cid, m.Sender)
		if err != nil {
			return err
		}
		source, err := labelID(cid, m.Source)
		if err != nil {
			return err
		}
		res, err := stmt.ExecContext(ctx, rs.id(m.ID), cid, m.At.UnixMilli(), off, sideCode(side), kindCode(kind), sender, source, m.Text, m.Key)
		if err != nil {
			return fmt.Errorf("message %d: %w", m.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		rs.r.Messages.Count(n > 0)
		if n > 0 {
			rs.touched[cid] = true
		}
		if !slipped[m.ID] {
			continue
		}
		var id int64
		if n > 0 {
			id, err = res.LastInsertId()
		} else {
			id, err = rs.exists(ctx, `SELECT id FROM messages WHERE contact_id = ? AND at_ms = ? AND key = ?`, cid, m.At.UnixMilli(), m.Key)
		}
		if err != nil {
			return err
		}
		rs.messages[m.ID] = id
	}
	for cid := range rs.touched {
		for _, q := range []string{
			`DELETE FROM message_counts WHERE contact_id = ?1`,
			`INSERT INTO message_counts (contact_id, side, n) SELECT contact_id, side, COUNT(*) FROM messages WHERE contact_id = ?1 GROUP BY side`,
			// What was computed from the messages is out of date.
			`UPDATE contacts SET messages_version = messages_version + 1 WHERE id = ?1`,
		} {
			if _, err := rs.tx.ExecContext(ctx, q, cid); err != nil {
				return fmt.Errorf("count messages: %w", err)
			}
		}
	}
	if rs.keepIDs && len(rs.touched) > 0 {
		// Messages came back under their old ids, which the search index
		// may have passed (search_state): have it built again.
		for _, q := range []string{`INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`, `UPDATE search_state SET indexed_upto = 0`} {
			if _, err := rs.tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	return nil
}

// addPeriod adds a no-contact period, or in a merge finds the contact's
// period that started at the same moment; then its slips.
func (rs *restorer) addPeriod(ctx context.Context, p *steady.NoContactPeriod) error {
	cid, err := rs.contact(p.ContactID, fmt.Sprintf("no-contact period %d", p.ID))
	if err != nil {
		return err
	}
	if cid == 0 {
		return steady.Errorf(steady.EInvalid, "no-contact period %d has no contact", p.ID)
	}
	var pid int64
	if !rs.keepIDs {
		if pid, err = rs.exists(ctx, `SELECT id FROM nocontact_periods WHERE contact_id = ? AND start_ms = ?`, cid, millis(p.Start)); err != nil {
			return err
		}
		if pid == 0 && p.End == nil {
			var name string
			var start int64
			err := rs.tx.QueryRowContext(ctx, `
				SELECT c.name, p.start_ms FROM nocontact_periods p JOIN contacts c ON c.id = p.contact_id
				WHERE p.contact_id = ? AND p.end_ms IS NULL`, cid).Scan(&name, &start)
			if err == nil {
				return steady.Errorf(steady.EConflict, "%s has a no-contact period running here since %s and another in the backup since %s; a contact has one at a time: end the one here first, then restore again (nothing was restored)",
					name, fromMillis(start).Format("2 Jan 2006"), p.Start.UTC().Format("2 Jan 2006"))
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
	}
	rs.r.NoContactPeriods.Count(pid == 0)
	if pid == 0 {
		res, err := rs.tx.ExecContext(ctx, `INSERT INTO nocontact_periods (id, contact_id, start_ms, planned_days, end_ms) VALUES (?, ?, ?, ?, ?)`,
			rs.id(p.ID), cid, millis(p.Start), p.PlannedDays, nullMillis(p.End))
		if err != nil {
			return fmt.Errorf("no-contact period %d: %w", p.ID, err)
		}
		if pid, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	rs.periods[p.ID] = pid
	for _, sl := range p.Slips {
		msg := sl.MessageID
		if msg != 0 && !rs.keepIDs {
			msg = rs.messages[sl.MessageID] // 0 when the backup lacks it
		}
		if !rs.keepIDs {
			id, err := rs.exists(ctx, `
				SELECT id FROM slips WHERE period_id = ?1 AND (message_id = ?2 OR (?2 IS NULL AND message_id IS NULL AND at_ms = ?3 AND note = ?4))`,
				pid, nullID(msg), millis(sl.At), sl.Note)
			if err != nil {
				return err
			}
			if id != 0 {
				rs.r.Slips.Count(false)
				continue
			}
		}
		if _, err := rs.tx.ExecContext(ctx, `INSERT INTO slips (id, period_id, at_ms, note, message_id) VALUES (?, ?, ?, ?, ?)`,
			rs.id(sl.ID), pid, millis(sl.At), sl.Note, nullID(msg)); err != nil {
			return fmt.Errorf("slip %d: %w", sl.ID, err)
		}
		rs.r.Slips.Count(true)
	}
	return nil
}

func (rs *restorer) addHold(ctx context.Context, h *steady.Hold) error {
	cid, err := rs.contact(h.ContactID, fmt.Sprintf("hold %d", h.ID))
	if err != nil {
		return err
	}
	if !rs.keepIDs {
		id, err := rs.exists(ctx, `SELECT id FROM holds WHERE contact_id IS ? AND text = ? AND not_before_ms = ? AND created_at_ms = ?`,
			nullID(cid), h.Text, millis(h.NotBefore), millis(h.CreatedAt))
		if err != nil || id != 0 {
			rs.r.Holds.Count(false)
			return err
		}
	}
	c := *h
	c.ID, c.ContactID = rs.id(h.ID).Int64, cid
	if _, err := insertHold(ctx, rs.tx, &c); err != nil {
		return fmt.Errorf("hold %d: %w", h.ID, err)
	}
	rs.r.Holds.Count(true)
	return nil
}

func (rs *restorer) addJournalEntry(ctx context.Context, j *steady.JournalEntry) error {
	cid, err := rs.contact(j.ContactID, fmt.Sprintf("journal entry %d", j.ID))
	if err != nil {
		return err
	}
	if !rs.keepIDs {
		id, err := rs.exists(ctx, `SELECT id FROM journal_entries WHERE contact_id IS ? AND text = ? AND created_at_ms = ?`,
			nullID(cid), j.Text, millis(j.CreatedAt))
		if err != nil || id != 0 {
			rs.r.Journal.Count(false)
			return err
		}
	}
	c := *j
	c.ID, c.ContactID = rs.id(j.ID).Int64, cid
	if _, err := insertJournalEntry(ctx, rs.tx, &c); err != nil {
		return fmt.Errorf("journal entry %d: %w", j.ID, err)
	}
	rs.r.Journal.Count(true)
	return nil
}

func (rs *restorer) addCallPlan(ctx context.Context, p *steady.CallPlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	cid, err := rs.contact(p.ContactID, fmt.Sprintf("call plan %d", p.ID))
	if err != nil {
		return err
	}
	if !rs.keepIDs {
		points, err := encodePoints(p.Points)
		if err != nil {
			return err
		}
		id, err := rs.exists(ctx, `
			SELECT id FROM call_plans WHERE contact_id IS ? AND goal = ? AND fear = ? AND points = ? AND exit_line = ? AND created_at_ms = ?`,
			nullID(cid), p.Goal, p.Fear, points, p.ExitLine, millis(p.CreatedAt))
		if err != nil || id != 0 {
			rs.r.CallPlans.Count(false)
			return err
		}
	}
	c := *p
	c.ID, c.ContactID = rs.id(p.ID).Int64, cid
	if _, err := insertCallPlan(ctx, rs.tx, &c); err != nil {
		return fmt.Errorf("call plan %d: %w", p.ID, err)
	}
	rs.r.CallPlans.Count(true)
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
