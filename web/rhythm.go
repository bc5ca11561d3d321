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

// stats is `steady stats` for the contact.
func (s *Server) stats(ctx context.Context, c *steady.Contact) (*history.Stats, error) {
	opts, err := s.historyOpts(ctx)
	if err != nil {
		return nil, err
	}
	msgs, err := s.svc.Messages.MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("stats for %s: %w", c.Name, err)
	}
	return history.ComputeStats(msgs, opts), nil
}

// seriesVersion changes when the series' shape or scorer changes, so a
// cached value of an older build is not served.
const seriesVersion = "v1"

// seriesJSON is the contact's series by week or month, as JSON, with the
// emotional temperature of the user's own messages (the analyzer's
// intensity). Scoring runs the analyzer over every message of the user's,
// so the result is cached until the next import when a cache is set.
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
	name := "web.series." + p.String() + "." + seriesVersion + "." + opts.Location.String()
	var version int64
	if s.svc.Cache != nil {
		// The version is read before the messages (see MessagesVersion).
		if version, err = s.svc.Messages.MessagesVersion(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("series for %s: %w", c.Name, err)
		}
		if b, err := s.svc.Cache.CachedValue(ctx, c.ID, name); err == nil {
			return b, nil
		} else if steady.ErrorCode(err) != steady.ENotFound {
			return nil, fmt.Errorf("series for %s: cache: %w", c.Name, err)
		}
	}
	msgs, err := s.svc.Messages.MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("series for %s: %w", c.Name, err)
	}
	ts := history.Series(msgs, opts, p, s.temperature)
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(ts); err != nil {
		return nil, fmt.Errorf("series for %s: %w", c.Name, err)
	}
	b := buf.Bytes()
	if s.svc.Cache != nil {
		if err := s.svc.Cache.CacheValue(ctx, c.ID, name, version, b); err != nil {
			s.log.Warn("cache the series", "contact", c.ID, "err", err)
		}
	}
	return b, nil
}

// temperature scores one of the user's messages: how charged it reads,
// 0..1, as the analyzer's emotion intensity.
func (s *Server) temperature(text string) float64 {
	return s.an.Run(text, analyze.Context{Reply: true}).Signals.Emotion.Intensity
}
