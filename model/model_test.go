package model_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/steadyhq/steady/analyze"
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

// featurizer reads texts the way the analyzer feeds the model.
func featurizer(t testing.TB) *analyze.Featurizer {
	t.Helper()
	f, err := analyze.NewFeaturizer()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestEmbeddedModelReadsObviousMessages(t *testing.T) {
	m, f := load(t), featurizer(t)
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
		{"negated worry is not anxiety", "I'm not worried about it.", model.Anxiety, false},
		{"negated anger is not anger", "I'm not angry, I just need the forms.", model.Anger, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z := f.Logits(m, tc.text)
			if got := m.Fires(z, tc.head); got != tc.want {
				t.Errorf("%s(%q) = %.3f (threshold %.3f), fires %v; want %v", tc.head, tc.text, model.Prob(z[tc.head]), m.Threshold(tc.head), got, tc.want)
			}
		})
	}
}

func TestScoresAreDeterministicAndBounded(t *testing.T) {
	m, f := load(t), featurizer(t)
	for _, text := range []string{"", " ", "!!!", "I’m NOT angry!!!", strings.Repeat("no ", 10000), "\xff\xfe", "😡😡😡", "a\x00b", strings.Repeat("a", 5000)} {
		a, b := f.Logits(m, text), f.Logits(m, text)
		if a != b {
			t.Errorf("Logits(%q) differs between calls", text)
		}
		for h, l := range a {
			if p := model.Prob(l); !(p >= 0 && p <= 1) {
				t.Errorf("probability of %q [%s] = %v, want 0..1", text, model.Head(h), p)
			}
		}
	}
}

func TestNegationChangesTheReading(t *testing.T) {
	m, f := load(t), featurizer(t)
	a, b := f.Logits(m, "I am happy"), f.Logits(m, "I am not happy")
	if a[model.Positive] <= b[model.Positive] {
		t.Errorf("positive: %q %.3f <= %q %.3f", "I am happy", a[model.Positive], "I am not happy", b[model.Positive])
	}
}

func TestCaseApostrophesAndNumbersHashAlike(t *testing.T) {
	m, f := load(t), featurizer(t)
	if f.Logits(m, "you don’t care") != f.Logits(m, "you don't care") {
		t.Error("curly and straight apostrophes score differently")
	}
	if f.Logits(m, "See you at 5pm") != f.Logits(m, "see you at 7pm") {
		t.Error("case or the hour changed the score")
	}
}

func TestWordKeyIsFNVOfTheLowerCasedWord(t *testing.T) {
	for _, w := range []string{"Hello", "DON’T", "Ünïcödé", "x"} {
		want := model.WordKey([]byte(model.LowerWord(w)))
		var d model.Doc
		d.StartRaw(10, model.FeatWords)
		d.Word(w, 0, len(w), 0, 0, false, false)
		var e model.Doc
		e.StartRaw(10, model.FeatWords)
		e.Word(w, 0, len(w), want, model.WordCheck([]byte(model.LowerWord(w))), false, false)
		if a, b := d.Buckets(), e.Buckets(); !slicesEqual(a, b) {
			t.Errorf("%q: key computed by Word gives %v, WordKey(LowerWord) gives %v", w, a, b)
		}
		if want&1 == 0 {
			t.Errorf("WordKey(%q) = %#x has bit 0 clear", w, want)
		}
	}
}

func slicesEqual(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The memo must change the speed of scoring, never a score: every dev
// text scores the same with and without it.
func TestMemoChangesNoScore(t *testing.T) {
	m, f := model.Memoized(load(t)), featurizer(t)
	if m.VocabularySize() == 0 || !model.HasMemo(m) {
		t.Fatal("the embedded model memoizes no words")
	}
	slow := model.WithoutMemo(m)
	texts, _ := devTexts(t)
	if testing.Short() {
		texts = texts[:500]
	}
	for _, text := range texts {
		if a, b := f.Logits(m, text), f.Logits(slow, text); a != b {
			t.Fatalf("%q: memo %v, slow path %v", text, a, b)
		}
	}
}

// An unknown word whose 32-bit key is a vocabulary word's must still read
// as itself: the memo confirms a key match against the word.
func TestMemoTellsCollidingWordsApart(t *testing.T) {
	p, err := model.Decode(bytes.NewReader(model.Embedded()))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[uint32]string{}
	for _, w := range p.Vocab {
		if !strings.HasPrefix(w, model.NegatedPrefix) {
			keys[model.WordKey([]byte(w))] = w
		}
	}
	// About 2^32 / len(keys) tries find a collision: a fixed walk through
	// 7-letter words, so the test is the same every run.
	var word, twin string
	b := []byte("aaaaaaa")
	for n := 0; n < 50_000_000 && word == ""; n++ {
		for i := len(b) - 1; i >= 0; i-- {
			if b[i] < 'z' {
				b[i]++
				break
			}
			b[i] = 'a'
		}
		if w, ok := keys[model.WordKey(b)]; ok && w != string(b) {
			word, twin = string(b), w
		}
	}
	if word == "" {
		t.Fatal("no word found whose key collides with a vocabulary word's")
	}
	m, f := model.Memoized(load(t)), featurizer(t)
	slow := model.WithoutMemo(m)
	for _, text := range []string{word, "so " + strings.ToUpper(word) + " today", twin} {
		if a, b := f.Logits(m, text), f.Logits(slow, text); a != b {
			t.Errorf("%q (key of %q): memo %v, slow path %v", text, twin, a, b)
		}
	}
}

// A command that checks one draft must not pay for the memo; a server
// soon has it.
func TestMemoIsBuiltOnlyAfterManyTexts(t *testing.T) {
	m, f := load(t), featurizer(t)
	for i := range model.MemoAfter - 1 {
		f.Logits(m, "Can you pick Sam up at 5pm?")
		if model.HasMemo(m) {
			t.Fatalf("the memo was built after %d texts", i+1)
		}
	}
	f.Logits(m, "Can you pick Sam up at 5pm?")
	if !model.HasMemo(m) {
		t.Fatalf("no memo after %d texts", model.MemoAfter)
	}
}

// Load trusts the embedded vocabulary without reading it through (it
// changes speed, never a score); this checks it as LoadFrom would.
func TestEmbeddedWeightsAreWellFormed(t *testing.T) {
	p, err := model.Decode(bytes.NewReader(model.Embedded()))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Vocab) == 0 {
		t.Fatal("the embedded weights memoize no words")
	}
}

func TestExplainPointsAtTheWords(t *testing.T) {
	m := load(t)
	a, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	text := "Thanks for the update. You are a pathetic liar!!"
	cs := a.Explain(text, model.Hostile, 3)
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
	_ = m
}

func TestConcurrentUse(t *testing.T) {
	m := load(t)
	want := featurizer(t).Logits(m, "you never listen to me")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := featurizer(t)
			for range 200 {
				if f.Logits(m, "you never listen to me") != want {
					t.Error("concurrent scoring differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestScoringDoesNotAllocate(t *testing.T) {
	m := load(t)
	const text = "Why do you ALWAYS do this?!! I'm not okay with it"
	n := testing.AllocsPerRun(100, func() {
		var d model.Doc
		d.Start(m)
		d.Word(text, 0, 3, 0, 0, false, false)
		d.Word(text, 11, 17, 0, 0, true, false)
		d.Punct(2, 1, false, 26, 29)
		d.Word(text, 38, 41, 0, 0, false, true)
		d.Emoji("😡", 0, len("😡"))
		d.Class(model.ClassTime, 0, 1)
		d.Logits()
	})
	if n != 0 {
		t.Errorf("scoring allocates %v times per text", n)
	}
}

func testParams(bits int) model.Params {
	p := model.Params{Bits: bits, Features: model.FeatWords | model.FeatSqrtNorm, Table: make([]int8, model.NumHeads<<bits)}
	for i := range p.Table {
		p.Table[i] = int8(i % 7)
	}
	for h := range model.NumHeads {
		p.Bias[h], p.Scale[h], p.Threshold[h] = float32(h)/10, 0.01, 0.5
	}
	p.Vocab = []string{"!calm", "hello", "world"}
	return p
}

func TestFormatRoundTripAndCorruption(t *testing.T) {
	p := testParams(10)
	var buf bytes.Buffer
	if err := model.Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	q, err := model.Decode(bytes.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if q.Bits != p.Bits || q.Features != p.Features || q.Bias != p.Bias || q.Scale != p.Scale || q.Threshold != p.Threshold ||
		!bytes.Equal(i8(q.Table), i8(p.Table)) || strings.Join(q.Vocab, ",") != strings.Join(p.Vocab, ",") {
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
		{"a vocabulary count that lies", resum(vocabCount(good, 5)), "header says 5"},
		{"a vocabulary cut short", resum(append(bytes.Clone(good[:len(good)-6]), 0, 0, 0, 0)), "before the checksum"},
		{"an unsorted vocabulary", resum(swapVocab(good)), "out of order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := model.LoadFrom(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, model.ErrFormat) {
				t.Errorf("err = %v, want ErrFormat with %q", err, tc.want)
			}
		})
	}
	for _, bad := range [][]string{{"b", "a"}, {"a", "a"}, {""}, {"a\nb"}} {
		p := testParams(10)
		p.Vocab = bad
		if err := model.Encode(&bytes.Buffer{}, p); err == nil {
			t.Errorf("Encode accepted the vocabulary %q", bad)
		}
	}
}

// vocabCount rewrites the vocabulary word count of an encoded file: the
// four bytes after the heads.
func vocabCount(b []byte, n byte) []byte {
	c := bytes.Clone(b)
	off := 16 + 28*model.NumHeads
	c[off], c[off+1], c[off+2], c[off+3] = n, 0, 0, 0
	return c
}

// swapVocab swaps the first two vocabulary words of testParams' file,
// "!calm" and "hello", which have the same length.
func swapVocab(b []byte) []byte {
	c := bytes.Clone(b)
	i := bytes.Index(c, []byte("!calm\nhello\n"))
	copy(c[i:], "hello\n!calm\n")
	return c
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
func resum(b []byte) []byte { return model.Resum(b) }

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

// BenchmarkScore scores every GoEmotions dev text once per iteration, from
// text (the analyzer's tokenizer included, as in Featurizer.Logits);
// MB/s is text throughput on one core.
func BenchmarkScore(b *testing.B) {
	m, f := load(b), featurizer(b)
	texts, n := devTexts(b)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			f.Logits(m, t)
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

// FuzzLoadFrom feeds LoadFrom corrupted weights files: an error or a model
// that scores, never a panic.
func FuzzLoadFrom(f *testing.F) {
	var buf bytes.Buffer
	if err := model.Encode(&buf, testParams(10)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(resum(vocabCount(buf.Bytes(), 2)))
	f.Add([]byte("STEADYLM"))
	fz := featurizer(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := model.LoadFrom(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, model.ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		m = model.Memoized(m)
		fz.Logits(m, "not ok, I MISS you 😡 at 5pm!!")
	})
}
