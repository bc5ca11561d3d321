package sqlite_test

import (
	"context"
	"fmt"
	"runtime"
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
				cpu0 := cpuTime()
				b.StartTimer()
				imp := &steady.Import{FileName: "chat.txt", Format: "whatsapp"}
				if err := s.ImportMessages(context.Background(), c.ID, imp, msgs); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += cpuTime() - cpu0
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
