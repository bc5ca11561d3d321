package sqlite

import (
	"context"
	"database/sql"

	"github.com/steadyhq/steady"
)

var _ steady.JournalService = (*JournalService)(nil)

// JournalService keeps the unsent journal.
type JournalService struct {
	db *DB
}

// NewJournalService returns the journal service of db.
func NewJournalService(db *DB) *JournalService {
	return &JournalService{db: db}
}

// CreateJournalEntry saves e.
func (s *JournalService) CreateJournalEntry(ctx context.Context, e *steady.JournalEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.db.Now()
	}
	e.CreatedAt = fromMillis(millis(e.CreatedAt))
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := optionalContactExists(ctx, tx, e.ContactID); err != nil {
			return err
		}
		var err error
		e.ID, err = insertJournalEntry(ctx, tx, e)
		return err
	})
	return wrap("create journal entry", err)
}

func insertJournalEntry(ctx context.Context, q querier, e *steady.JournalEntry) (int64, error) {
	res, err := q.ExecContext(ctx, `
		INSERT INTO journal_entries (id, contact_id, text, verdict, note, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)`,
		nullID(e.ID), nullID(e.ContactID), e.Text, e.Verdict, e.Note, millis(e.CreatedAt))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// JournalEntries lists entries, newest first.
func (s *JournalService) JournalEntries(ctx context.Context, contactID int64) ([]*steady.JournalEntry, error) {
	es, err := findJournalEntries(ctx, s.db.read, contactID)
	return es, wrap("journal entries", err)
}

// findJournalEntries returns the contact's entries (all when contactID is
// 0), newest first.
func findJournalEntries(ctx context.Context, q querier, contactID int64) ([]*steady.JournalEntry, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, COALESCE(contact_id, 0), text, verdict, note, created_at_ms FROM journal_entries
		WHERE ?1 = 0 OR contact_id = ?1 ORDER BY created_at_ms DESC, id DESC`, contactID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	es := []*steady.JournalEntry{}
	for rows.Next() {
		var e steady.JournalEntry
		var created int64
		if err := rows.Scan(&e.ID, &e.ContactID, &e.Text, &e.Verdict, &e.Note, &created); err != nil {
			return nil, err
		}
		e.CreatedAt = fromMillis(created)
		es = append(es, &e)
	}
	return es, rows.Err()
}

// DeleteJournalEntry removes the entry.
func (s *JournalService) DeleteJournalEntry(ctx context.Context, id int64) error {
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		return deleteByID(ctx, tx, "journal_entries", "journal entry", id)
	})
	return wrap("delete journal entry", err)
}

// deleteByID deletes the row with id from table, or returns ENotFound
// naming it what. table is always a constant of this package.
func deleteByID(ctx context.Context, q querier, table, what string, id int64) error {
	res, err := q.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return steady.Errorf(steady.ENotFound, "no %s with id %d", what, id)
	}
	return nil
}
