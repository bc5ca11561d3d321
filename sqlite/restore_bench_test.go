package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/steadyhq/steady/sqlite"
)

// BenchmarkRestore measures RestoreAll of a backup of one contact's n
// messages: into an empty store (every id kept), and merged into the store
// it came from (every message already there).
func BenchmarkRestore(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{100_000, 1_000_000} {
		src := openDB(b)
		c := createContact(b, src, "Alex")
		importAll(b, src, c.ID, "chat.txt", genMessages(n, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), 2*time.Minute))
		e, err := sqlite.NewDataService(src).ExportAll(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%d messages into an empty store", n), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db := openDB(b)
				b.StartTimer()
				r, err := sqlite.NewDataService(db).RestoreAll(ctx, e)
				if err != nil || r.Messages.Added != n {
					b.Fatalf("%+v, %v", r, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/msg")
		})
		b.Run(fmt.Sprintf("%d messages merged, all already there", n), func(b *testing.B) {
			for range b.N {
				r, err := sqlite.NewDataService(src).RestoreAll(ctx, e)
				if err != nil || r.Messages.Already != n {
					b.Fatalf("%+v, %v", r, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/msg")
		})
	}
}
