package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/steadyhq/steady"
)

var _ steady.CacheService = (*CacheService)(nil)

// CacheService keeps values computed from a contact's messages.
type CacheService struct {
	db *DB
}

// NewCacheService returns the cache service of db.
func NewCacheService(db *DB) *CacheService {
	return &CacheService{db: db}
}

// CachedValue returns the contact's messages version and the value kept
// under name if it is current, in one statement.
func (s *CacheService) CachedValue(ctx context.Context, contactID int64, name string) (steady.Cached, error) {
	var c steady.Cached
	err := s.db.read.QueryRowContext(ctx, `
		SELECT c.messages_version, v.value, v.contact_id IS NOT NULL FROM contacts c
		LEFT JOIN cached_values v ON v.contact_id = c.id AND v.name = ? AND v.version = c.messages_version
		WHERE c.id = ?`, name, contactID).Scan(&c.Version, &c.Value, &c.Current)
	if errors.Is(err, sql.ErrNoRows) {
		return c, steady.Errorf(steady.ENotFound, "no contact with id %d", contactID)
	}
	return c, wrap("cached value", err)
}

// CacheValue keeps value under name for version.
func (s *CacheService) CacheValue(ctx context.Context, contactID int64, name string, version int64, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := contactExists(ctx, tx, contactID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO cached_values (contact_id, name, version, value) VALUES (?, ?, ?, ?)
			ON CONFLICT (contact_id, name) DO UPDATE SET version = excluded.version, value = excluded.value
			WHERE excluded.version >= cached_values.version`, contactID, name, version, value)
		return err
	})
	return wrap("cache value", err)
}
