package analyze_test

import (
	"bufio"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/sharedtest"
	"golang.org/x/sys/unix"
)

// draft100 is a realistic 100-word draft: practical content wrapped in the
// kind of emotion, blame and history the method warns about.
const draft100 = `Hi. I need to talk about the weekend again. You ALWAYS change the pickup time at the last minute and I'm sick of it!!! ` +
	`Can you please have Sam ready at 5pm on Friday and bring his school bag and the forms for the trip? ` +
	`After everything I did for you, I don't think it's too much to ask. I miss how things used to be, ` +
	`honestly, but this isn't about us. I just need you to confirm by tonight so I can plan. ` +
	`Also the $200 for the dentist is still not paid. Thanks ❤️`

func BenchmarkCheck(b *testing.B) {
	a, err := analyze.New()
	if err != nil {
		b.Fatal(err)
	}
	c := analyze.Context{Goal: analyze.GoalKids, At: time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(draft100)))
	b.ReportAllocs()
	for b.Loop() {
		a.Run(draft100, c)
	}
}

// BenchmarkCheckLatency times every check of the 100-word draft and
// reports the median and 99th percentile, the numbers the speed target
// is stated in (run it with GOMAXPROCS=1 for one core). Wall time on a
// shared machine has a tail of preemptions that are not the check's; the
// CPU time of the checking thread (p99-cpu-µs) leaves them out.
func BenchmarkCheckLatency(b *testing.B) {
	a, err := analyze.New()
	if err != nil {
		b.Fatal(err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c := analyze.Context{Goal: analyze.GoalKids, At: time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)}
	var wall, cpu []time.Duration
	for b.Loop() {
		c0 := threadCPU()
		t0 := time.Now()
		a.Run(draft100, c)
		wall = append(wall, time.Since(t0))
		cpu = append(cpu, threadCPU()-c0)
	}
	q := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[int(p*float64(len(d)-1))].Nanoseconds()) / 1e3
	}
	b.ReportMetric(q(wall, 0.5), "p50-µs")
	b.ReportMetric(q(wall, 0.99), "p99-µs")
	b.ReportMetric(q(cpu, 0.99), "p99-cpu-µs")
}

// threadCPU is the CPU time the calling OS thread has used.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// BenchmarkGoEmotions runs every rule over the GoEmotions training texts,
// the bulk-throughput corpus of docs/PERFORMANCE.md.
func BenchmarkGoEmotions(b *testing.B) {
	f, err := os.Open(sharedtest.Path(b, "data", "goemotions", "train.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts []string
	size := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		t, _, _ := strings.Cut(sc.Text(), "\t")
		texts = append(texts, t)
		size += len(t) + 1
	}
	a, err := analyze.New()
	if err != nil {
		b.Fatal(err)
	}
	c := analyze.Context{Reply: true, At: time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			a.Run(t, c)
		}
	}
}
