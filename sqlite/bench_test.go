package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/sqlite"
)

// cpuTime is the CPU time (user and system) the process has used. The
// benchmarks report it beside wall time because the machine they run on
// is shared: CPU time shows the work done, whatever else runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procStatus returns a field of /proc/self/status in MB (VmRSS, VmHWM),
// 0 where there is no such file.
func procStatus(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}

// resetPeakRSS makes VmHWM start again from the current RSS (Linux).
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// BenchmarkImport measures ImportMessages of a chat into a fresh database:
// the insert path the 1,000,000-message import budget rests on.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 300_000, 1_000_000} {
		b.Run(fmt.Sprintf("%d messages", n), func(b *testing.B) {
			msgs := genMessages(n, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), 2*time.Minute)
			var cpu time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				db := openDB(b)
				c := createContact(b, db, "Alex")
				s := sqlite.NewMessageService(db)
				// Leave the garbage of making the messages out of the
				// measurement, as a parser's would be by then.
				runtime.GC()
				debug.FreeOSMemory()
				resetPeakRSS()
				base := procStatus("VmRSS")
				cpu0 := cpuTime()
				b.StartTimer()
				imp := &steady.Import{FileName: "chat.txt", Format: "whatsapp"}
				if err := s.ImportMessages(context.Background(), c.ID, imp, msgs); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += cpuTime() - cpu0
				// The messages themselves, as a parser would hold them, are
				// in base; peak-base is what the import adds.
				b.ReportMetric(base, "base-MB")
				b.ReportMetric(procStatus("VmHWM")-base, "added-peak-MB")
				if imp.Added != n {
					b.Fatalf("added %d, want %d", imp.Added, n)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/msg")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/msg")
		})
	}
}

// BenchmarkRead1M measures the reads of a check, of stats and of the web
// app on a contact with 1,000,000 messages over ten years (one every 5 min
// 15 s, as busy as the chat internal/chatgen writes): the rhythm window of
// the last 60 days holds about 16,400 of them.
func BenchmarkRead1M(b *testing.B) {
	ctx := context.Background()
	const n = 1_000_000
	step := 315 * time.Second
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	path := filepath.Join(b.TempDir(), "steady.db")
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	c := createContact(b, db, "Alex")
	importAll(b, db, c.ID, "chat.txt", genMessages(n, start, step))
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	db, err = sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := sqlite.NewMessageService(db)
	last := start.Add((n - 1) * step)

	b.Run("open, find the contact, last message and 60-day window", func(b *testing.B) {
		// What "steady check --contact" asks of the store, from a cold
		// start of the process but a warm OS file cache.
		var rows int
		for b.Loop() {
			db, err := sqlite.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			c, err := sqlite.NewContactService(db).FindContact(ctx, "alex")
			if err != nil {
				b.Fatal(err)
			}
			s := sqlite.NewMessageService(db)
			lm, err := s.LastMessage(ctx, c.ID)
			if err != nil {
				b.Fatal(err)
			}
			msgs, err := s.RecentMessages(ctx, c.ID, lm.At.AddDate(0, 0, -60), 200)
			if err != nil {
				b.Fatal(err)
			}
			rows = len(msgs)
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows), "messages")
	})
	b.Run("open, find the contact, version and cached rhythm", func(b *testing.B) {
		// What "steady check --contact" asks of the store when the rhythm
		// computed at the last import is cached.
		v, err := s.MessagesVersion(ctx, c.ID)
		if err != nil {
			b.Fatal(err)
		}
		if err := sqlite.NewCacheService(db).CacheValue(ctx, c.ID, "rhythm", v, make([]byte, 600)); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			db, err := sqlite.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			c, err := sqlite.NewContactService(db).FindContact(ctx, "alex")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := sqlite.NewCacheService(db).CachedValue(ctx, c.ID, "rhythm"); err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open and close", func(b *testing.B) {
		for b.Loop() {
			db, err := sqlite.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("60-day window", func(b *testing.B) {
		var rows int
		for b.Loop() {
			msgs, err := s.RecentMessages(ctx, c.ID, last.AddDate(0, 0, -60), 200)
			if err != nil {
				b.Fatal(err)
			}
			rows = len(msgs)
		}
		b.ReportMetric(float64(rows), "messages")
	})
	b.Run("last message", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.LastMessage(ctx, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("count by side", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.CountMessages(ctx, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all messages", func(b *testing.B) {
		for b.Loop() {
			msgs, err := s.MessagesBetween(ctx, c.ID, time.Time{}, time.Time{})
			if err != nil || len(msgs) != n {
				b.Fatal(len(msgs), err)
			}
		}
	})
	b.Run("index for search", func(b *testing.B) {
		// The first search after the import indexes the million messages;
		// later ones find nothing to do.
		for b.Loop() {
			if _, err := s.IndexSearch(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search a rare word", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SearchMessages(ctx, c.ID, "dentist appointment", 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search a one-letter prefix", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SearchMessages(ctx, c.ID, "t", 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search a common word", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SearchMessages(ctx, c.ID, "kids", 50); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkReimportAndForget1M measures, on a contact with 1,000,000
// messages, importing the same export again (every message a duplicate)
// and forgetting the contact.
func BenchmarkReimportAndForget1M(b *testing.B) {
	ctx := context.Background()
	msgs := genMessages(1_000_000, time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), 315*time.Second)
	for range b.N {
		b.StopTimer()
		db := openDB(b)
		c := createContact(b, db, "Alex")
		importAll(b, db, c.ID, "chat.txt", msgs)
		s := sqlite.NewMessageService(db)
		if _, err := s.IndexSearch(ctx); err != nil {
			b.Fatal(err)
		}
		runtime.GC()

		t0 := time.Now()
		imp := &steady.Import{FileName: "chat.txt"}
		if err := s.ImportMessages(ctx, c.ID, imp, msgs); err != nil || imp.Added != 0 {
			b.Fatal(imp.Added, err)
		}
		t1 := time.Now()
		if err := sqlite.NewContactService(db).DeleteContact(ctx, c.ID); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		b.ReportMetric(t1.Sub(t0).Seconds(), "reimport-s")
		b.ReportMetric(t2.Sub(t1).Seconds(), "forget-s")
	}
}
