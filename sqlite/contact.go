package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/steadyhq/steady"
)

var _ steady.ContactService = (*ContactService)(nil)

// ContactService keeps contacts and the names they appear under.
type ContactService struct {
	db *DB
}

// NewContactService returns the contact service of db.
func NewContactService(db *DB) *ContactService {
	return &ContactService{db: db}
}

// fold is the form names are compared in: case-folded, with runs of space
// made one, so that "Alex  Smith " finds "alex smith".
func fold(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// cleanName is the form names are kept in: trimmed, inner runs of space
// made one.
func cleanName(name string) string {
	return strings.Join(strings.Fields(name), " ")
}

// FindContactByID returns the contact with that id.
func (s *ContactService) FindContactByID(ctx context.Context, id int64) (*steady.Contact, error) {
	c, err := findContact(ctx, s.db.read, `WHERE c.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, steady.Errorf(steady.ENotFound, "no contact with id %d", id)
	}
	return c, wrap("find contact", err)
}

// FindContact returns the contact with that name or alias.
func (s *ContactService) FindContact(ctx context.Context, name string) (*steady.Contact, error) {
	c, err := findContact(ctx, s.db.read, `JOIN contact_names n ON n.contact_id = c.id WHERE n.fold = ?`, fold(name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, steady.Errorf(steady.ENotFound, "no contact called %q: import a chat export with --contact %q, or check the name with \"steady contacts\"", name, name)
	}
	return c, wrap("find contact", err)
}

func findContact(ctx context.Context, q querier, where string, args ...any) (*steady.Contact, error) {
	var c steady.Contact
	var created int64
	var aliases []byte
	// The aliases come in the same statement, as a JSON array of their
	// bytes in hex (JSON alone would mend a name that is not valid
	// UTF-8): a check reads its contact, and each statement costs.
	if err := q.QueryRowContext(ctx, `SELECT c.id, c.name, c.created_at_ms,
		(SELECT json_group_array(hex(a.name) ORDER BY a.rowid) FROM contact_names a WHERE a.contact_id = c.id AND a.is_alias = 1)
		FROM contacts c `+where, args...).Scan(&c.ID, &c.Name, &created, &aliases); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMillis(created)
	var hexed []string
	if err := json.Unmarshal(aliases, &hexed); err != nil {
		return nil, fmt.Errorf("contact %d: aliases: %w", c.ID, err)
	}
	c.Aliases = make([]string, 0, len(hexed))
	for _, h := range hexed {
		a, err := hex.DecodeString(h)
		if err != nil {
			return nil, fmt.Errorf("contact %d: aliases: %w", c.ID, err)
		}
		c.Aliases = append(c.Aliases, string(a))
	}
	return &c, nil
}

func contactAliases(ctx context.Context, q querier, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM contact_names WHERE contact_id = ? AND is_alias = 1 ORDER BY rowid`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	aliases := []string{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		aliases = append(aliases, a)
	}
	return aliases, rows.Err()
}

// Contacts lists every contact by name.
func (s *ContactService) Contacts(ctx context.Context) ([]*steady.Contact, error) {
	cs, err := listContacts(ctx, s.db.read)
	return cs, wrap("list contacts", err)
}

func listContacts(ctx context.Context, q querier) ([]*steady.Contact, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, created_at_ms FROM contacts ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, err
	}
	var cs []*steady.Contact
	for rows.Next() {
		var c steady.Contact
		var created int64
		if err := rows.Scan(&c.ID, &c.Name, &created); err != nil {
			rows.Close()
			return nil, err
		}
		c.CreatedAt = fromMillis(created)
		cs = append(cs, &c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Aliases, err = contactAliases(ctx, q, c.ID); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// CreateContact saves c with its aliases.
func (s *ContactService) CreateContact(ctx context.Context, c *steady.Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.Name = cleanName(c.Name)
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		created := s.db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO contacts (name, created_at_ms) VALUES (?, ?)`, c.Name, created)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := addName(ctx, tx, id, c.Name, false); err != nil {
			return err
		}
		aliases := make([]string, 0, len(c.Aliases))
		for _, a := range c.Aliases {
			a = cleanName(a)
			if fold(a) == fold(c.Name) || containsFold(aliases, a) {
				continue
			}
			if err := addName(ctx, tx, id, a, true); err != nil {
				return err
			}
			aliases = append(aliases, a)
		}
		c.ID, c.Aliases, c.CreatedAt = id, aliases, fromMillis(created)
		return nil
	})
	return wrap("create contact", err)
}

func containsFold(names []string, name string) bool {
	for _, n := range names {
		if fold(n) == fold(name) {
			return true
		}
	}
	return false
}

// addName records that contact id is found under name. It returns
// EConflict when another contact already has it, and does nothing when the
// contact has it already.
func addName(ctx context.Context, tx *sql.Tx, id int64, name string, alias bool) error {
	var owner int64
	var ownerName string
	err := tx.QueryRowContext(ctx, `
		SELECT c.id, c.name FROM contact_names n JOIN contacts c ON c.id = n.contact_id WHERE n.fold = ?`, fold(name)).Scan(&owner, &ownerName)
	switch {
	case err == nil && owner == id:
		return nil
	case err == nil:
		return steady.Errorf(steady.EConflict, "the name %q already belongs to contact %q", name, ownerName)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO contact_names (contact_id, name, fold, is_alias) VALUES (?, ?, ?, ?)`, id, name, fold(name), alias)
	return err
}

// AddAlias lets the contact be found under alias too.
func (s *ContactService) AddAlias(ctx context.Context, contactID int64, alias string) error {
	if strings.TrimSpace(alias) == "" {
		return steady.Errorf(steady.EInvalid, "an alias cannot be empty")
	}
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := contactExists(ctx, tx, contactID); err != nil {
			return err
		}
		return addName(ctx, tx, contactID, cleanName(alias), true)
	})
	return wrap("add alias", err)
}

// DeleteContact forgets the contact and everything kept about them. The
// foreign keys cascade the delete to every table that refers to the
// contact but messages, which have none (see the schema) and are deleted
// first, in bulk, with their search index.
func (s *ContactService) DeleteContact(ctx context.Context, id int64) error {
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := contactExists(ctx, tx, id); err != nil {
			return err
		}
		if err := deleteMessages(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return wrap("delete contact", err)
	}
	return wrap("delete contact", s.db.scrub(ctx))
}

// deleteMessages deletes the contact's messages (every message when
// contactID is 0) and empties the search index, which the next search
// builds again from the messages left: a contentless index cannot drop one
// message's words without being told them, and re-reading a million texts
// to tell it cost more than building the index anew. When the contact has
// all the messages, a DELETE without WHERE lets SQLite drop the table's
// pages whole instead of row by row.
func deleteMessages(ctx context.Context, tx *sql.Tx, contactID int64) error {
	others := 0
	if contactID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE contact_id < ?1 OR contact_id > ?1)`, contactID).Scan(&others); err != nil {
			return fmt.Errorf("delete messages: %w", err)
		}
	}
	var err error
	if others != 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM messages WHERE contact_id = ?`, contactID)
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM messages`)
	}
	if err != nil {
		return fmt.Errorf("delete messages: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`); err != nil {
		return fmt.Errorf("clear search index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE search_state SET indexed_upto = 0`); err != nil {
		return fmt.Errorf("clear search index: %w", err)
	}
	return nil
}
