package history

import (
	"time"

	"github.com/steadyhq/steady"
)

// Compute learns a contact's rhythm from the messages exchanged with them,
// sorted by At (see the package doc for unsorted input and for the
// definitions). Everything but where the conversation stands now (LastSide,
// LastTheirAt, LastMineAt, UnansweredMine) is taken over the recent
// window, whose span WindowStart..WindowEnd reports: Turns counts its
// turns and Conversations the conversations that start in it, so that
// both gate the window's statistics as sample sizes (the analyzer's
// mirror.initiation asks for a minimum of Conversations before it trusts
// InitiationShareMine). The initiation share falls back to the whole
// history when the window holds no initiation — one long conversation.
// ComputeStats reports the whole history's counts beside the window's.
// With no counted message the result is the zero Rhythm, for which Known
// is false.
func Compute(msgs []steady.Message, opts Options) *steady.Rhythm {
	o := opts.norm()
	sc, msgs := analyze(msgs, &o, false)
	return sc.rhythm(msgs)
}

func (sc *scan) rhythm(msgs []steady.Message) *steady.Rhythm {
	r := &steady.Rhythm{}
	if sc.last < 0 {
		return r
	}
	r.WindowStart = msgs[sc.wStart].At
	r.WindowEnd = msgs[sc.last].At
	r.Turns = sc.wTurns
	r.Conversations = sc.wConvs
	r.TheirReplyDelay = summarize(sc.delays[them])
	r.MyReplyDelay = summarize(sc.delays[me])
	r.TheirWordsPerTurn = summarize(sc.lengths[them])
	r.MyWordsPerTurn = summarize(sc.lengths[me])
	r.InitiationShareMine, _ = sc.initiationShare()
	r.LastSide = msgs[sc.last].Side
	r.LastTheirAt = sc.at(msgs, them)
	r.LastMineAt = sc.at(msgs, me)
	r.UnansweredMine = sc.unanswered
	return r
}

// at returns the instant of side s's last counted message, zero if none.
func (sc *scan) at(msgs []steady.Message, s int) time.Time {
	if sc.lastOf[s] < 0 {
		return time.Time{}
	}
	return msgs[sc.lastOf[s]].At
}
