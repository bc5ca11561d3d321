package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
)

// callPlanRequest is a call plan as a client writes it.
type callPlanRequest struct {
	ContactID int64    `json:"contact_id"`
	Goal      string   `json:"goal"`
	Fear      string   `json:"fear"`
	Points    []string `json:"points"`
	ExitLine  string   `json:"exit_line"`
}

// callPlanView is a plan with its check: the points and the exit line are
// what will be said, so they are checked by the same rules as a message
// that starts contact, with the plan's goal.
type callPlanView struct {
	Plan  *steady.CallPlan `json:"plan"`
	Check *analyze.Result  `json:"check"`
}

func (req *callPlanRequest) plan() (*steady.CallPlan, error) {
	goal := strings.TrimSpace(req.Goal)
	if _, err := analyze.ParseGoal(goal); err != nil {
		return nil, err
	}
	p := &steady.CallPlan{ContactID: req.ContactID, Goal: goal, Fear: strings.TrimSpace(req.Fear), ExitLine: strings.TrimSpace(req.ExitLine)}
	for _, pt := range req.Points {
		if pt = strings.TrimSpace(pt); pt != "" {
			p.Points = append(p.Points, pt)
		}
	}
	if p.Points == nil {
		p.Points = []string{}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// callText is what the call plan says aloud, one line each: the check's
// spans fall on these lines.
func callText(p *steady.CallPlan) string {
	lines := append([]string{}, p.Points...)
	if p.ExitLine != "" {
		lines = append(lines, p.ExitLine)
	}
	return strings.Join(lines, "\n")
}

// checkCallPlan checks the plan; nil when it has nothing to say yet.
func (s *Server) checkCallPlan(ctx context.Context, p *steady.CallPlan) (*analyze.Result, error) {
	text := callText(p)
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	reply := false
	req := advice.Request{Text: text, Goal: p.Goal, Reply: &reply}
	if p.ContactID != 0 {
		c, err := s.svc.Contacts.FindContactByID(ctx, p.ContactID)
		if err != nil {
			return nil, err
		}
		req.Contact = c.Name
	}
	c, err := s.advice.Check(ctx, req)
	if err != nil {
		return nil, err
	}
	return &c.Result, nil
}

func (s *Server) callPlanView(ctx context.Context, p *steady.CallPlan) (*callPlanView, error) {
	res, err := s.checkCallPlan(ctx, p)
	if err != nil {
		return nil, err
	}
	return &callPlanView{Plan: p, Check: res}, nil
}

func (s *Server) apiCallPlans(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.svc.CallPlans.CallPlans(r.Context(), 0)
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []*steady.CallPlan{}
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

func (s *Server) apiCreateCallPlan(w http.ResponseWriter, r *http.Request) error {
	var req callPlanRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	p, err := req.plan()
	if err != nil {
		return err
	}
	if err := s.svc.CallPlans.CreateCallPlan(r.Context(), p); err != nil {
		return err
	}
	v, err := s.callPlanView(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) pathCallPlan(r *http.Request) (*steady.CallPlan, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.CallPlans.FindCallPlanByID(r.Context(), id)
	if steady.ErrorCode(err) == steady.ENotFound {
		return nil, steady.Errorf(steady.ENotFound, "there is no call plan %d", id)
	}
	return p, err
}

func (s *Server) apiCallPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pathCallPlan(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiUpdateCallPlan(w http.ResponseWriter, r *http.Request) error {
	old, err := s.pathCallPlan(r)
	if err != nil {
		return err
	}
	var req callPlanRequest
	if err := decodeJSON(w, r, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	p, err := req.plan()
	if err != nil {
		return err
	}
	p.ID = old.ID
	if err := s.svc.CallPlans.UpdateCallPlan(r.Context(), p); err != nil {
		return err
	}
	v, err := s.callPlanView(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiDeleteCallPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.CallPlans.DeleteCallPlan(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiCheckCallPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pathCallPlan(r)
	if err != nil {
		return err
	}
	v, err := s.callPlanView(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
