package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/steadyhq/steady"
)

var _ steady.ProfileService = (*ProfileService)(nil)

// ProfileService keeps the one profile.
type ProfileService struct {
	db *DB
}

// NewProfileService returns the profile service of db.
func NewProfileService(db *DB) *ProfileService {
	return &ProfileService{db: db}
}

// Profile returns the profile, the zero Profile when nothing was set.
func (s *ProfileService) Profile(ctx context.Context) (*steady.Profile, error) {
	p, err := readProfile(ctx, s.db.read)
	return p, wrap("read profile", err)
}

func readProfile(ctx context.Context, q querier) (*steady.Profile, error) {
	var p steady.Profile
	var updated int64
	err := q.QueryRowContext(ctx, `SELECT time_zone, dumped, dumped_set, updated_at_ms FROM profile WHERE id = 1`).
		Scan(&p.TimeZone, &p.Dumped, &p.DumpedSet, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return &p, nil
	}
	if err != nil {
		return nil, err
	}
	p.UpdatedAt = fromMillis(updated)
	return &p, nil
}

// UpdateProfile sets the fields of upd that are not nil.
func (s *ProfileService) UpdateProfile(ctx context.Context, upd steady.ProfileUpdate) (*steady.Profile, error) {
	if upd.TimeZone != nil && *upd.TimeZone != "" {
		if _, err := time.LoadLocation(*upd.TimeZone); err != nil {
			return nil, steady.Errorf(steady.EInvalid, "unknown time zone %q: give an IANA name such as Europe/Berlin or America/New_York", *upd.TimeZone)
		}
	}
	var p *steady.Profile
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = readProfile(ctx, tx); err != nil {
			return err
		}
		if upd.TimeZone != nil {
			p.TimeZone = *upd.TimeZone
		}
		if upd.Dumped != nil {
			p.Dumped, p.DumpedSet = *upd.Dumped, true
		}
		p.UpdatedAt = fromMillis(s.db.now())
		return writeProfile(ctx, tx, p)
	})
	if err != nil {
		return nil, wrap("update profile", err)
	}
	return p, nil
}

func writeProfile(ctx context.Context, q querier, p *steady.Profile) error {
	_, err := q.ExecContext(ctx, `
		INSERT INTO profile (id, time_zone, dumped, dumped_set, updated_at_ms) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, dumped = excluded.dumped,
			dumped_set = excluded.dumped_set, updated_at_ms = excluded.updated_at_ms`,
		p.TimeZone, p.Dumped, p.DumpedSet, millis(p.UpdatedAt))
	return err
}
