package model_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/internal/sharedtest"
	"github.com/steadyhq/steady/model"
)

func load(t testing.TB) *model.Model {
	t.Helper()
	m, err := model.Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEmbeddedModelReadsObviousMessages(t *testing.T) {
	m := load(t)
	for _, tc := range []struct {
		name string
		text string
		head model.Head
		want bool
	}{
		{"an insult is hostile", "You are a pathetic liar and a disgrace.", model.Hostile, true},
		{"a pickup time is not hostile", "I can pick the kids up at 5pm on Friday.", model.Hostile, false},
		{"a pickup time is not emotional", "I can pick the kids up at 5pm on Friday.", model.Emotional, false},
		{"missing someone is longing", "I miss you so much, I love you.", model.Longing, true},
		{"a grateful note is positive", "Thank you so much, that is wonderful!", model.Positive, true},
		{"fear is anxiety", "I'm so scared and nervous about tomorrow.", model.Anxiety, true},
		{"grief is hurt", "I'm so sad, it breaks my heart.", model.Hurt, true},
		{"profanity is offensive", "shut up you fucking idiot", model.Offensive, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := m.Score(tc.text)
			if got := m.Fires(s, tc.head); got != tc.want {
				t.Errorf("%s(%q) = %.3f (threshold %.3f), fires %v; want %v", tc.head, tc.text, s[tc.head], m.Threshold(tc.head), got, tc.want)
			}
		})
	}
}

func TestScoreIsDeterministicAndBounded(t *testing.T) {
	m := load(t)
	for _, text := range []string{"", " ", "!!!", "I’m NOT angry!!!", strings.Repeat("no ", 10000), "\xff\xfe", "😡😡😡", "a\x00b"} {
		a, b := m.Score(text), m.Score(text)
		if a != b {
			t.Errorf("Score(%q) differs between calls", text)
		}
		for h, p := range a {
			if !(p >= 0 && p <= 1) {
				t.Errorf("Score(%q)[%s] = %v, want 0..1", text, model.Head(h), p)
			}
		}
	}
}

func TestNegationChangesTheReading(t *testing.T) {
	m := load(t)
	a, b := m.Score("I am happy"), m.Score("I am not happy")
	if a[model.Positive] <= b[model.Positive] {
		t.Errorf("positive: %q %.3f <= %q %.3f", "I am happy", a[model.Positive], "I am not happy", b[model.Positive])
	}
}

func TestCurlyAndStraightApostrophesHashAlike(t *testing.T) {
	m := load(t)
	if m.Score("you don’t care") != m.Score("you don't care") {
		t.Error("curly and straight apostrophes score differently")
	}
	if m.Score("See you at 5pm") != m.Score("see you at 7pm") {
		t.Error("digits or case changed the score")
	}
}

func TestExplainPointsAtTheWords(t *testing.T) {
	m := load(t)
	text := "Thanks for the update. You are a pathetic liar!!"
	cs := m.Explain(text, "hostile", 3)
	if len(cs) == 0 {
		t.Fatal("no contributions")
	}
	var spans []string
	for i, c := range cs {
		if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
			t.Fatalf("span %d..%d outside the text", c.Start, c.End)
		}
		if !utf8.ValidString(text[c.Start:c.End]) {
			t.Errorf("span %q cuts a rune", text[c.Start:c.End])
		}
		if c.Weight <= 0 || (i > 0 && c.Weight > cs[i-1].Weight) {
			t.Errorf("weights not positive and descending: %+v", cs)
		}
		spans = append(spans, text[c.Start:c.End])
	}
	joined := strings.Join(spans, "|")
	if !strings.Contains(joined, "pathetic") && !strings.Contains(joined, "liar") {
		t.Errorf("top hostile spans %q miss the insult", joined)
	}
	if strings.Contains(joined, "Thanks") {
		t.Errorf("top hostile spans %q include the thanks", joined)
	}
	if m.Explain(text, "nope", 3) != nil || m.Explain(text, "hostile", 0) != nil {
		t.Error("an unknown head or k=0 gave contributions")
	}
}

func TestConcurrentUse(t *testing.T) {
	m := load(t)
	want := m.Score("you never listen to me")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if m.Score("you never listen to me") != want {
					t.Error("concurrent Score differs")
					return
				}
				m.Explain("you never listen to me", "anger", 2)
			}
		}()
	}
	wg.Wait()
}

func TestScoreDoesNotAllocate(t *testing.T) {
	m := load(t)
	text := "Why do you ALWAYS do this?!! I'm not okay with it 😡"
	if n := testing.AllocsPerRun(100, func() { m.Score(text) }); n != 0 {
		t.Errorf("Score allocates %v times per call", n)
	}
}

func TestFormatRoundTripAndCorruption(t *testing.T) {
	p := model.Params{Bits: 10, Features: model.FeatWords | model.FeatSqrtNorm, Table: make([]int8, model.NumHeads<<10)}
	for i := range p.Table {
		p.Table[i] = int8(i % 7)
	}
	for h := range model.NumHeads {
		p.Bias[h], p.Scale[h], p.Threshold[h] = float32(h)/10, 0.01, 0.5
	}
	var buf bytes.Buffer
	if err := model.Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	q, err := model.Decode(bytes.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if q.Bits != p.Bits || q.Features != p.Features || q.Bias != p.Bias || q.Scale != p.Scale || q.Threshold != p.Threshold || !bytes.Equal(i8(q.Table), i8(p.Table)) {
		t.Fatal("round trip changed the parameters")
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "shorter than"},
		{"truncated", good[:len(good)-10], "checksum"},
		{"a flipped byte", flip(good, len(good)-8), "checksum"},
		{"wrong magic", append([]byte("NOTSTEAD"), good[8:]...), "bad magic"},
		{"a future format version", resum(setByte(good, 8, 9)), "format version 9"},
		{"another featurizer", resum(setByte(good, 10, 99)), "feature version 99"},
		{"a renamed head", resum(setByte(good, 16, 'E')), `head 0 is "Emotional"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := model.LoadFrom(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, model.ErrFormat) {
				t.Errorf("err = %v, want ErrFormat with %q", err, tc.want)
			}
		})
	}
}

func i8(s []int8) []byte {
	b := make([]byte, len(s))
	for i, v := range s {
		b[i] = byte(v)
	}
	return b
}

func flip(b []byte, i int) []byte { c := bytes.Clone(b); c[i] ^= 0x40; return c }
func setByte(b []byte, i int, v byte) []byte {
	c := bytes.Clone(b)
	c[i] = v
	return c
}

// resum recomputes the trailing checksum so the check under test is the
// one after it.
func resum(b []byte) []byte {
	return model.Resum(b)
}

// devTexts reads the GoEmotions dev texts, the benchmark's corpus.
func devTexts(tb testing.TB) ([]string, int) {
	rows, err := eval.ReadGoEmotions(sharedtest.Path(tb, "data", "goemotions", "dev.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	texts := make([]string, len(rows))
	n := 0
	for i, r := range rows {
		texts[i] = r.Text
		n += len(r.Text)
	}
	return texts, n
}

// BenchmarkScore scores every GoEmotions dev text once per iteration;
// MB/s is text throughput on one core.
func BenchmarkScore(b *testing.B) {
	m := load(b)
	texts, n := devTexts(b)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			m.Score(t)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(texts)), "ns/message")
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := model.Load(); err != nil {
			b.Fatal(err)
		}
	}
}
