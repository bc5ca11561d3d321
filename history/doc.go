// Package history owns the maths of a conversation's past: it turns the
// messages exchanged with one contact into turns, conversations, reply
// delays, lengths, initiations and double texts, and from them the contact's
// rhythm (steady.Rhythm, read by the analyzer for the mirror.* advice), the
// report behind `steady stats CONTACT` (Stats), the series behind the
// Contact page's charts (Series), and each side's writing style — the
// greeting, sign-off, lower case and emoji a rewrite follows (StyleProfile).
//
// Everything here is a pure function of its arguments: no clock, no file,
// no network, no package-level mutable state.
//
// # Definitions
//
// Only messages for which steady.Message.Counts reports true take part:
// typed text and media from the user (SideMe) or the contact (SideThem).
// System lines, deletions and a group chat's other participants are skipped
// as if they were not there — they neither break a turn nor end a silence.
//
//   - A turn is a run of consecutive counted messages from one side.
//   - A conversation starts with the first message and after every silence
//     longer than Options.Gap (6 h by default) between counted messages.
//   - A reply delay runs from the last message of one side's turn to the
//     first message of the other side's next turn, when it is at most
//     Options.ReplyWithin (48 h by default), whether or not the silence also
//     started a new conversation. Longer turn changes are not replies but
//     returns after a silence; they are counted (Delay.Beyond) and left out
//     of the medians. See Options.ReplyWithin for why.
//   - An initiation is the first message of a conversation that answers
//     nothing: it follows a silence longer than ReplyWithin, or it comes
//     from the side that wrote last (writing again into the silence). A
//     conversation that opens with a reply — the other side's turn within
//     ReplyWithin, typically a next-morning answer — is counted as
//     continued, for nobody. So one turn change is never both a reply and
//     an initiation, and a slow replier is not credited with reaching out
//     each time they answer. Dropping the ambiguous starts costs samples,
//     not balance: on generated histories (TestReplyWithinPolicy) the
//     share stays within 6 points of the truth where DESIGN.md's bare
//     "whoever writes first after the gap" misses by up to 28 points,
//     always towards the slow replier.
//   - Length is the number of words of a turn (Words): runs of letters,
//     digits, combining marks and apostrophes, and each run of emoji counts
//     as one word, so a "👍" reply is one word long, not zero. Turns without
//     any typed text (a photo alone) are left out of the lengths.
//   - A double text is a message sent more than Options.DoubleTextAfter
//     (1 h by default) after the same side's previous message with no
//     message of the other side in between; an episode is a turn holding at
//     least one.
//
// # Windows
//
// Medians and 90th percentiles are taken over a recent window so that old
// habits fade: the last Options.WindowTurns turns or the turns of the last
// Options.WindowDays days before the last message, whichever holds more.
// The window ends at the last message, not at "now": the package reads no
// clock, and a history that stopped a year ago still describes the contact
// best by its last stretch. Quantiles interpolate linearly between closest
// ranks (R's type 7, numpy's default), so the median of an even sample is
// the mean of its two middle values.
//
// # Order
//
// Functions expect messages sorted by At, as the store returns them. They
// check the order of the counted messages as they go and, when it is
// broken, start again on a sorted copy (stable, so messages with the same
// instant keep their order); the caller's slice is never modified.
// StyleProfile alone takes messages in the order given: its energy does
// not depend on it, its habits (turns and conversations) do. For the
// arithmetic, instants outside 1843–2096 (corrupt timestamps) are clamped
// to those years, which keeps them in order and makes no other difference.
package history
