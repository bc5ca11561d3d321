package history_test

import (
	"testing"
	"time"
	_ "time/tzdata" // zones whatever the machine has

	"github.com/steadyhq/steady/history"
)

// The 1M benchmarks run on a generated history (heavy in gen_test.go):
// 1,000,000 messages over 17 years, replies within minutes, conversations
// of ~60 turns a few hours apart, text of 1–40 words, some media and
// system lines. The history is generated once, outside the timings.

func BenchmarkCompute1M(b *testing.B) {
	msgs := million()
	b.ReportAllocs()
	for b.Loop() {
		history.Compute(msgs, history.Options{})
	}
}

func BenchmarkStats1M(b *testing.B) {
	msgs := million()
	opts := history.Options{Location: mustZone(b, "Europe/Paris")}
	b.ReportAllocs()
	for b.Loop() {
		history.ComputeStats(msgs, opts)
	}
}

func BenchmarkSeriesWeekly1M(b *testing.B) {
	msgs := million()
	opts := history.Options{Location: mustZone(b, "Europe/Paris")}
	b.ReportAllocs()
	for b.Loop() {
		history.Series(msgs, opts, history.Week, nil)
	}
}

func BenchmarkStyleProfile1M(b *testing.B) {
	msgs := million()
	b.ReportAllocs()
	for b.Loop() {
		history.StyleProfile(msgs, history.Options{})
	}
}

// BenchmarkStyleProfileLast60 reads the style as a check does: over the
// user's last 60 messages with the contact (advice.styleMessages).
func BenchmarkStyleProfileLast60(b *testing.B) {
	msgs := million()
	msgs = msgs[len(msgs)-60:]
	b.ReportAllocs()
	for b.Loop() {
		history.StyleProfile(msgs, history.Options{})
	}
}

func BenchmarkWords(b *testing.B) {
	const text = "Can you take the kids on Saturday? I'll be there at 5 👍 thanks — don’t be late"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		history.Words(text)
	}
}

func mustZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("zone %s: %v", name, err)
	}
	return loc
}
