package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/chatgen"
)

// draft is a typical message being typed: a few sentences, one of them
// flagged, so the check does the work of a real keystroke.
const draft = `{"text": "Can you have Sam ready at 5pm on Friday, with his school bag? You never remember the bag.", "goal": "kids", "contact": "Elon"}`

// BenchmarkCheckRoundTrip measures the live feedback round trip as the
// Write page makes it: one POST /api/v1/check after another over loopback
// TCP, for a contact with history (rhythm, no-contact state and profile
// read from the store), reporting the median and 99th percentile.
func BenchmarkCheckRoundTrip(b *testing.B) {
	b.Run("small history", func(b *testing.B) {
		a := newApp(b, nil)
		importFixture(b, a, "Elon")
		roundTrips(b, a, draft)
	})
	b.Run("100k messages", func(b *testing.B) {
		a := newApp(b, nil)
		var chat bytes.Buffer
		if err := chatgen.Write(&chat, chatgen.Options{Messages: 100_000, Me: "Sam", Them: "Alex"}); err != nil {
			b.Fatal(err)
		}
		if st, body := upload(b, a, map[string]string{"contact": "Alex", "me": "Sam"}, "chat.txt", chat.Bytes()); st != 201 {
			b.Fatalf("import: %d %s", st, body)
		}
		roundTrips(b, a, strings.Replace(draft, "Elon", "Alex", 1))
	})
}

func roundTrips(b *testing.B, a *testApp, draft string) {
	client := &http.Client{}
	post := func() time.Duration {
		start := time.Now()
		res, err := client.Post(a.srv.URL+"/api/v1/check", "application/json", bytes.NewReader([]byte(draft)))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
		return time.Since(start)
	}
	post() // warm the connection
	var lat []time.Duration
	for b.Loop() {
		lat = append(lat, post())
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(q(0.5), "p50-µs")
	b.ReportMetric(q(0.99), "p99-µs")
}

// BenchmarkCheckThroughput posts checks from many goroutines at once and
// reports requests per second (the load tool numbers in docs/API.md come
// from wrk against `steady serve`; this is the same shape in-process).
func BenchmarkCheckThroughput(b *testing.B) {
	a := newApp(b, nil)
	body := []byte(`{"text": "Can you have Sam ready at 5pm on Friday, with his school bag? You never remember the bag.", "goal": "kids"}`)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	client := &http.Client{Transport: tr}
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Post(a.srv.URL+"/api/v1/check", "application/json", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkCheckHandler is the server's own work for a check, without the
// network: one POST /api/v1/check through the whole handler (middleware,
// decoding, the store context, the analyzer, the answer) into a recorder,
// beside the analyzer alone on the same draft, so that the difference is
// what the server adds to the check (docs/PERFORMANCE.md, issue 13).
func BenchmarkCheckHandler(b *testing.B) {
	body := `{"text": "Can you have Sam ready at 5pm on Friday, with his school bag? You never remember the bag.", "goal": "kids"}`
	b.Run("handler", func(b *testing.B) {
		a := newApp(b, nil)
		h := a.srv.Config.Handler
		b.ReportAllocs()
		for b.Loop() {
			req := httptest.NewRequest("POST", "/api/v1/check", strings.NewReader(body))
			req.Host = "127.0.0.1"
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d %s", rec.Code, rec.Body)
			}
		}
	})
	b.Run("analyzer alone", func(b *testing.B) {
		an, err := analyze.New()
		if err != nil {
			b.Fatal(err)
		}
		c := analyze.Context{Goal: analyze.GoalKids, At: fixedNow}
		text := "Can you have Sam ready at 5pm on Friday, with his school bag? You never remember the bag."
		b.ReportAllocs()
		for b.Loop() {
			if _, err := an.Check(text, c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
