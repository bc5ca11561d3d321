package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/history"
)

// historyOpts are the rhythm options in the user's zone, so weeks, months
// and busiest hours are the user's.
func (s *Server) historyOpts(ctx context.Context) (history.Options, error) {
	opts := s.history
	loc, err := s.loc(ctx)
	if err != nil {
		return opts, err
	}
	opts.Location = loc
	return opts, nil
}

// stats is `steady stats` for the contact, as the advice service keeps
// it: cached until the next import. ENotFound: no messages yet.
func (s *Server) stats(ctx context.Context, c *steady.Contact) (*history.Stats, error) {
	loc, err := s.loc(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.advice.Stats(ctx, c.ID, loc)
	if steady.ErrorCode(err) == steady.ENotFound {
		return nil, steady.Errorf(steady.ENotFound, "no messages with %s yet: import a chat first", c.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("stats for %s: %w", c.Name, err)
	}
	return st, nil
}

// seriesVersion changes when the shape of what is cached or the scorer
// changes, so a value cached by an older build is not served.
const seriesVersion = "v1"

// seriesJSON is the contact's series by week or month, as JSON, with the
// emotional temperature of the user's own messages (the analyzer's
// intensity). Scoring runs the analyzer over every message of the user's,
// so the result is cached until the next import.
func (s *Server) seriesJSON(ctx context.Context, c *steady.Contact, period string) ([]byte, error) {
	var p history.Period
	switch period {
	case "", "month":
		p = history.Month
	case "week":
		p = history.Week
	default:
		return nil, steady.Errorf(steady.EInvalid, "period %q: want week or month", period)
	}
	opts, err := s.historyOpts(ctx)
	if err != nil {
		return nil, err
	}
	b, err := s.cached(ctx, c, "web.series."+p.String()+"."+seriesVersion+"."+opts.Location.String(), func(msgs []steady.Message) any {
		return history.Series(msgs, opts, p, s.temperature)
	})
	if err != nil {
		return nil, fmt.Errorf("series for %s: %w", c.Name, err)
	}
	return b, nil
}

// cached returns the JSON of compute over the contact's whole history,
// from the cache when it holds a value for the current messages (a page
// of a million-message history then opens at once), computing and
// keeping it otherwise.
func (s *Server) cached(ctx context.Context, c *steady.Contact, name string, compute func([]steady.Message) any) ([]byte, error) {
	var version int64
	var err error
	if s.svc.Cache != nil {
		// The version is read before the messages (see MessagesVersion).
		cv, err := s.svc.Cache.CachedValue(ctx, c.ID, name)
		if err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
		if cv.Current {
			return cv.Value, nil
		}
		version = cv.Version
	}
	msgs, err := s.svc.Messages.MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(compute(msgs)); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if s.svc.Cache != nil {
		if err := s.svc.Cache.CacheValue(ctx, c.ID, name, version, b); err != nil {
			s.log.Warn("cache a computed value", "contact", c.ID, "name", name, "err", err)
		}
	}
	return b, nil
}

// temperature scores one of the user's messages: how charged it reads,
// 0..1, as the analyzer's emotion intensity.
func (s *Server) temperature(text string) float64 {
	return s.an.Run(text, analyze.Context{Reply: true}).Signals.Emotion.Intensity
}
