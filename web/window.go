package web

import (
	"context"
	"sync"
	"time"

	"github.com/steadyhq/steady"
)

// windowCache is the MessageService the advice service reads through: it
// keeps each contact's last rhythm window (RecentMessages) while the
// contact's messages are unchanged. Live feedback checks the draft on
// every pause in typing, and for a busy chat the window is thousands of
// messages: reading them again each time is most of a check's cost (16 ms
// of 17 with 100,000 messages). The cache is keyed by MessagesVersion, read
// before the messages, so a value is never served for newer messages than
// it was read from.
type windowCache struct {
	steady.MessageService

	mu sync.Mutex
	m  map[int64]*windowEntry
}

type windowEntry struct {
	version int64
	since   time.Time
	atLeast int
	msgs    []steady.Message
}

// maxWindows bounds the contacts whose window is kept.
const maxWindows = 16

func newWindowCache(ms steady.MessageService) *windowCache {
	return &windowCache{MessageService: ms, m: map[int64]*windowEntry{}}
}

// RecentMessages answers from the cache when the contact's messages and
// the window asked for are the same as last time. The slice is shared:
// the history package never modifies the messages it is given.
func (w *windowCache) RecentMessages(ctx context.Context, contactID int64, since time.Time, atLeast int) ([]steady.Message, error) {
	version, err := w.MessagesVersion(ctx, contactID)
	if err != nil {
		return w.MessageService.RecentMessages(ctx, contactID, since, atLeast)
	}
	w.mu.Lock()
	e := w.m[contactID]
	w.mu.Unlock()
	if e != nil && e.version == version && e.since.Equal(since) && e.atLeast == atLeast {
		return e.msgs, nil
	}
	msgs, err := w.MessageService.RecentMessages(ctx, contactID, since, atLeast)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	if len(w.m) >= maxWindows {
		clear(w.m)
	}
	w.m[contactID] = &windowEntry{version: version, since: since, atLeast: atLeast, msgs: msgs}
	w.mu.Unlock()
	return msgs, nil
}
