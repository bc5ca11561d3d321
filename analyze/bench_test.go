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
	texts, size := goEmotionsTexts(b)
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

// BenchmarkWordLookupBaseline is the floor the issue compares against: a
// bare word split plus one map lookup per word, over the same texts as
// BenchmarkGoEmotions. Run both in one go for a ratio that machine noise
// does not move: steady does all its rules in a fixed multiple of this.
func BenchmarkWordLookupBaseline(b *testing.B) {
	texts, size := goEmotionsTexts(b)
	lexicon := map[string]int{}
	for i, w := range strings.Fields("i you me my your we us not no never always miss love hate angry sorry please thanks kids money time") {
		lexicon[w] = i
	}
	b.SetBytes(int64(size))
	var buf []byte
	hits := 0
	for b.Loop() {
		for _, t := range texts {
			for i := 0; i < len(t); {
				for i < len(t) && !isWordByte(t[i]) {
					i++
				}
				buf = buf[:0]
				for i < len(t) && isWordByte(t[i]) {
					buf = append(buf, t[i]|0x20)
					i++
				}
				if _, ok := lexicon[string(buf)]; ok {
					hits++
				}
			}
		}
	}
	if hits == 0 {
		b.Fatal("no word found")
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '\'' || c >= 0x80
}

// goEmotionsTexts reads the texts of GoEmotions train and their size with
// one newline each, as audit reads them.
func goEmotionsTexts(b *testing.B) ([]string, int) {
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
	return texts, size
}

// BenchmarkNew builds an analyzer from the embedded rules (the compiled
// snapshot) and model, as every command that checks does once. A warm
// process; scripts/bench.sh times the whole command, process start
// included.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analyze.New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewFromDataFiles is New with an overlay, which compiles every
// data file (what a --rules folder costs).
func BenchmarkNewFromDataFiles(b *testing.B) {
	b.ReportAllocs()
	empty := os.DirFS(b.TempDir())
	for b.Loop() {
		if _, err := analyze.New(empty); err != nil {
			b.Fatal(err)
		}
	}
}
