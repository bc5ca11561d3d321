package steady

import "time"

// Stat summarises a sample: its size, median and 90th percentile. Durations
// are in seconds, lengths in words.
type Stat struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
}

// Rhythm is what steady has learned of a contact's messaging habits and of
// where the conversation stands now. The history package computes it from
// messages; the analyzer reads it to give the mirror.* advice. A zero Rhythm
// (or a nil *Rhythm) means no history is known.
type Rhythm struct {
	// Window is the span of history the statistics are taken over: the
	// recent turns, so that old habits fade.
	WindowStart time.Time `json:"window_start"`
	WindowEnd   time.Time `json:"window_end"`

	Turns         int `json:"turns"`
	Conversations int `json:"conversations"`

	// TheirReplyDelay runs from the last message of the user's turn to the
	// first message of their next turn; MyReplyDelay the other way round.
	// Both in seconds.
	TheirReplyDelay Stat `json:"their_reply_delay"`
	MyReplyDelay    Stat `json:"my_reply_delay"`

	// Words per turn, for each side.
	TheirWordsPerTurn Stat `json:"their_words_per_turn"`
	MyWordsPerTurn    Stat `json:"my_words_per_turn"`

	// InitiationShareMine is the fraction of conversations the user started.
	InitiationShareMine float64 `json:"initiation_share_mine"`

	// Where the conversation stands at its last message.
	LastSide    Side      `json:"last_side"`
	LastTheirAt time.Time `json:"last_their_at"`
	LastMineAt  time.Time `json:"last_mine_at"`
	// UnansweredMine counts the user's messages sent after the contact's
	// last message: a double text when it is above zero.
	UnansweredMine int `json:"unanswered_mine"`
}

// Known reports whether the rhythm rests on any history at all.
func (r *Rhythm) Known() bool {
	return r != nil && r.Turns > 0
}

// LastAt is the time of the last message either way (zero with none).
func (r *Rhythm) LastAt() time.Time {
	if r.LastMineAt.After(r.LastTheirAt) {
		return r.LastMineAt
	}
	return r.LastTheirAt
}
