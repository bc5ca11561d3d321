package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/steadyhq/steady"
)

var _ steady.NoContactService = (*NoContactService)(nil)

// NoContactService keeps no-contact periods and their slips.
type NoContactService struct {
	db *DB
}

// NewNoContactService returns the no-contact service of db.
func NewNoContactService(db *DB) *NoContactService {
	return &NoContactService{db: db}
}

// StartNoContact saves p as the contact's active period.
func (s *NoContactService) StartNoContact(ctx context.Context, p *steady.NoContactPeriod) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.End != nil {
		return steady.Errorf(steady.EInvalid, "a new no-contact period cannot have ended already")
	}
	if p.Start.IsZero() {
		p.Start = s.db.Now()
	}
	p.Start = fromMillis(millis(p.Start))
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := contactExists(ctx, tx, p.ContactID); err != nil {
			return err
		}
		if active, err := activePeriod(ctx, tx, p.ContactID); err == nil {
			return steady.Errorf(steady.EConflict, "a no-contact period with this contact is already running, since %s: end it first", active.Start.Format(time.DateOnly))
		} else if steady.ErrorCode(err) != steady.ENotFound {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO nocontact_periods (contact_id, start_ms, planned_days) VALUES (?, ?, ?)`,
			p.ContactID, millis(p.Start), p.PlannedDays)
		if err != nil {
			return err
		}
		if p.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		// A period started in the past takes in the messages the user sent
		// since then.
		if _, err := recordSlips(ctx, tx, p.ContactID, 0, p.ID); err != nil {
			return err
		}
		p.Slips, err = periodSlips(ctx, tx, p.ID)
		return err
	})
	return wrap("start no-contact period", err)
}

// ActiveNoContact returns the contact's active period.
// Every check with a contact asks, and there is usually none: one
// statement tells both whether the contact exists and whether a period
// runs, and only a running period is read whole, with its slips.
func (s *NoContactService) ActiveNoContact(ctx context.Context, contactID int64) (p *steady.NoContactPeriod, err error) {
	var running bool
	err = s.db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM nocontact_periods WHERE contact_id = c.id AND end_ms IS NULL)
		FROM contacts c WHERE c.id = ?`, contactID).Scan(&running)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = steady.Errorf(steady.ENotFound, "no contact with id %d", contactID)
	case err == nil && !running:
		err = steady.Errorf(steady.ENotFound, "no no-contact period is running with this contact")
	case err == nil:
		err = s.db.view(ctx, func(q querier) error {
			p, err = activePeriod(ctx, q, contactID)
			return err
		})
	}
	return p, wrap("active no-contact period", err)
}

// activePeriod returns the contact's active period with its slips, or
// ENotFound.
func activePeriod(ctx context.Context, q querier, contactID int64) (*steady.NoContactPeriod, error) {
	ps, err := findPeriods(ctx, q, `WHERE contact_id = ? AND end_ms IS NULL`, contactID)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, steady.Errorf(steady.ENotFound, "no no-contact period is running with this contact")
	}
	return ps[0], nil
}

// findPeriods returns the periods that match where, newest first, with
// their slips.
func findPeriods(ctx context.Context, q querier, where string, args ...any) ([]*steady.NoContactPeriod, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, contact_id, start_ms, planned_days, end_ms FROM nocontact_periods `+where+` ORDER BY start_ms DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	ps := []*steady.NoContactPeriod{}
	for rows.Next() {
		var p steady.NoContactPeriod
		var start int64
		var end sql.NullInt64
		if err := rows.Scan(&p.ID, &p.ContactID, &start, &p.PlannedDays, &end); err != nil {
			rows.Close()
			return nil, err
		}
		p.Start, p.End = fromMillis(start), timePtr(end)
		ps = append(ps, &p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Slips, err = periodSlips(ctx, q, p.ID); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// periodSlips returns the period's slips, oldest first.
func periodSlips(ctx context.Context, q querier, periodID int64) ([]steady.Slip, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, at_ms, note, COALESCE(message_id, 0) FROM slips WHERE period_id = ? ORDER BY at_ms, id`, periodID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	slips := []steady.Slip{}
	for rows.Next() {
		var sl steady.Slip
		var at int64
		if err := rows.Scan(&sl.ID, &at, &sl.Note, &sl.MessageID); err != nil {
			return nil, err
		}
		sl.At = fromMillis(at)
		slips = append(slips, sl)
	}
	return slips, rows.Err()
}

// AddSlip records a slip in the contact's active period.
func (s *NoContactService) AddSlip(ctx context.Context, contactID int64, sl *steady.Slip) error {
	if sl.At.IsZero() {
		sl.At = s.db.Now()
	}
	sl.At = fromMillis(millis(sl.At))
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		p, err := activePeriod(ctx, tx, contactID)
		if err != nil {
			return err
		}
		if sl.At.Before(p.Start) {
			return steady.Errorf(steady.EInvalid, "the slip at %s is before the no-contact period started (%s)", sl.At.Format(time.RFC3339), p.Start.Format(time.RFC3339))
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO slips (period_id, at_ms, note, message_id) VALUES (?, ?, ?, ?)`,
			p.ID, millis(sl.At), sl.Note, nullID(sl.MessageID))
		if err != nil {
			return err
		}
		sl.ID, err = res.LastInsertId()
		return err
	})
	return wrap("add slip", err)
}

// EndNoContact ends the contact's active period.
func (s *NoContactService) EndNoContact(ctx context.Context, contactID int64, at time.Time) (p *steady.NoContactPeriod, err error) {
	if at.IsZero() {
		at = s.db.Now()
	}
	at = fromMillis(millis(at))
	err = s.db.withTx(ctx, func(tx *sql.Tx) error {
		if p, err = activePeriod(ctx, tx, contactID); err != nil {
			return err
		}
		if at.Before(p.Start) {
			return steady.Errorf(steady.EInvalid, "a no-contact period cannot end (%s) before it started (%s)", at.Format(time.RFC3339), p.Start.Format(time.RFC3339))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE nocontact_periods SET end_ms = ? WHERE id = ?`, millis(at), p.ID); err != nil {
			return err
		}
		p.End = &at
		return nil
	})
	if err != nil {
		return nil, wrap("end no-contact period", err)
	}
	return p, nil
}

// NoContactPeriods lists the contact's periods, newest first.
func (s *NoContactService) NoContactPeriods(ctx context.Context, contactID int64) (ps []*steady.NoContactPeriod, err error) {
	err = s.db.view(ctx, func(q querier) error {
		if err := contactExists(ctx, q, contactID); err != nil {
			return err
		}
		ps, err = findPeriods(ctx, q, `WHERE contact_id = ?`, contactID)
		return err
	})
	return ps, wrap("no-contact periods", err)
}
