package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/steadyhq/steady"
)

var _ steady.CallPlanService = (*CallPlanService)(nil)

// CallPlanService keeps call plans.
type CallPlanService struct {
	db *DB
}

// NewCallPlanService returns the call plan service of db.
func NewCallPlanService(db *DB) *CallPlanService {
	return &CallPlanService{db: db}
}

// CreateCallPlan saves p.
func (s *CallPlanService) CreateCallPlan(ctx context.Context, p *steady.CallPlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := fromMillis(s.db.now())
	p.CreatedAt, p.UpdatedAt = now, now
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := optionalContactExists(ctx, tx, p.ContactID); err != nil {
			return err
		}
		var err error
		p.ID, err = insertCallPlan(ctx, tx, p)
		return err
	})
	return wrap("create call plan", err)
}

func insertCallPlan(ctx context.Context, q querier, p *steady.CallPlan) (int64, error) {
	points, err := encodePoints(p.Points)
	if err != nil {
		return 0, err
	}
	res, err := q.ExecContext(ctx, `
		INSERT INTO call_plans (id, contact_id, goal, fear, points, exit_line, created_at_ms, updated_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(p.ID), nullID(p.ContactID), p.Goal, p.Fear, points, p.ExitLine, millis(p.CreatedAt), millis(p.UpdatedAt))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// encodePoints stores a plan's points as a JSON array: they are read and
// written whole, never queried one by one.
func encodePoints(points []string) (string, error) {
	if points == nil {
		points = []string{}
	}
	b, err := json.Marshal(points)
	if err != nil {
		return "", fmt.Errorf("encode points: %w", err)
	}
	return string(b), nil
}

// UpdateCallPlan replaces the plan with ID p.ID by p.
func (s *CallPlanService) UpdateCallPlan(ctx context.Context, p *steady.CallPlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	points, err := encodePoints(p.Points)
	if err != nil {
		return wrap("update call plan", err)
	}
	err = s.db.withTx(ctx, func(tx *sql.Tx) error {
		old, err := findCallPlan(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := optionalContactExists(ctx, tx, p.ContactID); err != nil {
			return err
		}
		updated := fromMillis(s.db.now())
		if _, err := tx.ExecContext(ctx, `
			UPDATE call_plans SET contact_id = ?, goal = ?, fear = ?, points = ?, exit_line = ?, updated_at_ms = ? WHERE id = ?`,
			nullID(p.ContactID), p.Goal, p.Fear, points, p.ExitLine, millis(updated), p.ID); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = old.CreatedAt, updated
		return nil
	})
	return wrap("update call plan", err)
}

// FindCallPlanByID returns the plan.
func (s *CallPlanService) FindCallPlanByID(ctx context.Context, id int64) (*steady.CallPlan, error) {
	p, err := findCallPlan(ctx, s.db.read, id)
	return p, wrap("find call plan", err)
}

func findCallPlan(ctx context.Context, q querier, id int64) (*steady.CallPlan, error) {
	ps, err := findCallPlans(ctx, q, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, steady.Errorf(steady.ENotFound, "no call plan with id %d", id)
	}
	return ps[0], nil
}

// CallPlans lists plans, most recently updated first.
func (s *CallPlanService) CallPlans(ctx context.Context, contactID int64) ([]*steady.CallPlan, error) {
	ps, err := findCallPlans(ctx, s.db.read, `WHERE ?1 = 0 OR contact_id = ?1`, contactID)
	return ps, wrap("call plans", err)
}

func findCallPlans(ctx context.Context, q querier, where string, args ...any) ([]*steady.CallPlan, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, COALESCE(contact_id, 0), goal, fear, points, exit_line, created_at_ms, updated_at_ms
		FROM call_plans `+where+` ORDER BY updated_at_ms DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ps := []*steady.CallPlan{}
	for rows.Next() {
		var p steady.CallPlan
		var points string
		var created, updated int64
		if err := rows.Scan(&p.ID, &p.ContactID, &p.Goal, &p.Fear, &points, &p.ExitLine, &created, &updated); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(points), &p.Points); err != nil {
			return nil, fmt.Errorf("call plan %d: points: %w", p.ID, err)
		}
		p.CreatedAt, p.UpdatedAt = fromMillis(created), fromMillis(updated)
		ps = append(ps, &p)
	}
	return ps, rows.Err()
}

// DeleteCallPlan removes the plan.
func (s *CallPlanService) DeleteCallPlan(ctx context.Context, id int64) error {
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		return deleteByID(ctx, tx, "call_plans", "call plan", id)
	})
	return wrap("delete call plan", err)
}
