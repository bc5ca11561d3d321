package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/internal/sharedtest"
)

// BenchmarkAuditGoEmotions is the bulk-throughput path of docs/PERFORMANCE.md:
// `steady audit --reply` over every text of GoEmotions train, one per line,
// in process (start-up excluded; scripts/bench.sh times the whole command).
// Run it with GOMAXPROCS=1 for the single-core number.
func BenchmarkAuditGoEmotions(b *testing.B) {
	raw, err := os.ReadFile(sharedtest.Path(b, "data", "goemotions", "train.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	var lines strings.Builder
	for _, l := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		text, _, _ := strings.Cut(l, "\t")
		lines.WriteString(text)
		lines.WriteByte('\n')
	}
	input := lines.String()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		a := &app{
			stdin:      strings.NewReader(input),
			stdout:     io.Discard,
			stderr:     &bytes.Buffer{},
			getenv:     func(string) string { return "" },
			now:        func() time.Time { return fixedNow },
			isTerminal: func(io.Writer) bool { return false },
		}
		if code := a.Main(context.Background(), []string{"audit", "--reply"}); code != exitVerdict {
			b.Fatalf("exit %d", code)
		}
	}
}
