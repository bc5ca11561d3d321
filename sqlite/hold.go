package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/steadyhq/steady"
)

var _ steady.HoldService = (*HoldService)(nil)

// HoldService keeps cool-down holds.
type HoldService struct {
	db *DB
}

// NewHoldService returns the hold service of db.
func NewHoldService(db *DB) *HoldService {
	return &HoldService{db: db}
}

// CreateHold saves h as waiting.
func (s *HoldService) CreateHold(ctx context.Context, h *steady.Hold) error {
	if err := h.Validate(); err != nil {
		return err
	}
	h.Status = steady.HoldWaiting
	h.CreatedAt = fromMillis(s.db.now())
	h.NotBefore = fromMillis(millis(h.NotBefore))
	h.ClosedAt = nil
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := optionalContactExists(ctx, tx, h.ContactID); err != nil {
			return err
		}
		var err error
		h.ID, err = insertHold(ctx, tx, h)
		return err
	})
	return wrap("create hold", err)
}

// insertHold writes h as it is (its id too when set) and returns its id.
func insertHold(ctx context.Context, q querier, h *steady.Hold) (int64, error) {
	res, err := q.ExecContext(ctx, `
		INSERT INTO holds (id, contact_id, text, goal, mood, reply, no_contact, dumped, not_before_ms, reason, status, created_at_ms, closed_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(h.ID), nullID(h.ContactID), h.Text, h.Goal, h.Mood, h.Reply, h.NoContact, h.Dumped,
		millis(h.NotBefore), h.Reason, string(h.Status), millis(h.CreatedAt), nullMillis(h.ClosedAt))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// FindHoldByID returns the hold.
func (s *HoldService) FindHoldByID(ctx context.Context, id int64) (*steady.Hold, error) {
	h, err := findHold(ctx, s.db.read, id)
	return h, wrap("find hold", err)
}

func findHold(ctx context.Context, q querier, id int64) (*steady.Hold, error) {
	hs, err := findHolds(ctx, q, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		return nil, steady.Errorf(steady.ENotFound, "no hold with id %d", id)
	}
	return hs[0], nil
}

// FindHolds lists the holds that match, soonest NotBefore first.
func (s *HoldService) FindHolds(ctx context.Context, filter steady.HoldFilter) ([]*steady.Hold, error) {
	switch filter.Status {
	case "", steady.HoldWaiting, steady.HoldReleased, steady.HoldDismissed:
	default:
		return nil, steady.Errorf(steady.EInvalid, "unknown hold status %q (want waiting, released or dismissed)", filter.Status)
	}
	hs, err := findHolds(ctx, s.db.read, `WHERE (?1 = 0 OR contact_id = ?1) AND (?2 = '' OR status = ?2)`, filter.ContactID, string(filter.Status))
	return hs, wrap("find holds", err)
}

// DueHolds lists the waiting holds due at now.
func (s *HoldService) DueHolds(ctx context.Context, now time.Time) ([]*steady.Hold, error) {
	hs, err := findHolds(ctx, s.db.read, `WHERE status = ? AND not_before_ms <= ?`, string(steady.HoldWaiting), millis(now))
	return hs, wrap("due holds", err)
}

func findHolds(ctx context.Context, q querier, where string, args ...any) ([]*steady.Hold, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, COALESCE(contact_id, 0), text, goal, mood, reply, no_contact, dumped, not_before_ms, reason, status, created_at_ms, closed_at_ms
		FROM holds `+where+` ORDER BY not_before_ms, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hs := []*steady.Hold{}
	for rows.Next() {
		var h steady.Hold
		var notBefore, created int64
		var closed sql.NullInt64
		var status string
		if err := rows.Scan(&h.ID, &h.ContactID, &h.Text, &h.Goal, &h.Mood, &h.Reply, &h.NoContact, &h.Dumped,
			&notBefore, &h.Reason, &status, &created, &closed); err != nil {
			return nil, err
		}
		h.NotBefore, h.CreatedAt, h.ClosedAt = fromMillis(notBefore), fromMillis(created), timePtr(closed)
		h.Status = steady.HoldStatus(status)
		hs = append(hs, &h)
	}
	return hs, rows.Err()
}

// ReleaseHold closes a waiting hold as released.
func (s *HoldService) ReleaseHold(ctx context.Context, id int64) (*steady.Hold, error) {
	h, err := s.close(ctx, id, steady.HoldReleased)
	return h, wrap("release hold", err)
}

// DismissHold closes a waiting hold as dismissed.
func (s *HoldService) DismissHold(ctx context.Context, id int64) (*steady.Hold, error) {
	h, err := s.close(ctx, id, steady.HoldDismissed)
	return h, wrap("dismiss hold", err)
}

func (s *HoldService) close(ctx context.Context, id int64, status steady.HoldStatus) (h *steady.Hold, err error) {
	err = s.db.withTx(ctx, func(tx *sql.Tx) error {
		if h, err = findHold(ctx, tx, id); err != nil {
			return err
		}
		if h.Status != steady.HoldWaiting {
			return steady.Errorf(steady.EConflict, "hold %d is %s already", id, h.Status)
		}
		closed := fromMillis(s.db.now())
		if _, err := tx.ExecContext(ctx, `UPDATE holds SET status = ?, closed_at_ms = ? WHERE id = ?`, string(status), millis(closed), id); err != nil {
			return err
		}
		h.Status, h.ClosedAt = status, &closed
		return nil
	})
	return h, err
}
