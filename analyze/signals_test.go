package analyze

import (
	"bytes"
	"io/fs"
	"testing/fstest"

	"github.com/steadyhq/steady/harm"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/internal/sharedtest"
	"github.com/steadyhq/steady/model"
)

func newTestAnalyzer(t *testing.T) *Analyzer {
	t.Helper()
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// newRulesOnlyAnalyzer is an analyzer whose harm heads never fire, for
// tests of what the word lists and the emotion model do on their own.
func newRulesOnlyAnalyzer(t *testing.T, overlays ...fs.FS) *Analyzer {
	t.Helper()
	w := &harm.Weights{}
	for l := range harm.NumLabels {
		w.Threshold[l], w.Sentence[l] = 1, 1
		w.Bias[l] = -20
	}
	var buf bytes.Buffer
	if err := harm.Encode(&buf, w); err != nil {
		t.Fatal(err)
	}
	hm, err := harm.LoadFrom(&buf)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewWithHarm(hm, overlays...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var afternoon = Context{Reply: true, At: time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)}

// The tokenizer's word hashes are the model's WordKey and WordCheck of the
// lower-cased word, so the model finds a word by the hashes the tokenizer
// already took.
func TestTokenHashIsTheModelsWordKey(t *testing.T) {
	a := newTestAnalyzer(t)
	var tz tokenizer
	tz.lx = a.cfg.lx
	text := "You’re ALWAYS late, Zoë. Don't SHOUT; it's über-rude [NAME] café naïve résumé I'm"
	words := 0
	for _, tok := range tz.tokenize(text) {
		if tok.kind != tkWord || tok.has(flContPart) || tok.hash == 0 {
			continue
		}
		words++
		w := text[tok.start:tok.end]
		if want := model.WordKey([]byte(model.LowerWord(w))); tok.hash != want {
			t.Errorf("%q: token hash %#x, model.WordKey %#x", w, tok.hash, want)
		}
		if want := model.WordCheck([]byte(model.LowerWord(w))); tok.check != want {
			t.Errorf("%q: token check %#x, model.WordCheck %#x", w, tok.check, want)
		}
	}
	if words < 10 {
		t.Fatalf("only %d hashed words", words)
	}
}

func TestLogitFloorIsTheModelFloor(t *testing.T) {
	if got := math.Log(modelFloor / (1 - modelFloor)); math.Abs(got-logitFloor) > 1e-12 {
		t.Errorf("logitFloor = %v, log(floor/(1-floor)) = %v", logitFloor, got)
	}
}

// The trainer reads texts through Featurizer; a check reads them through
// Run. Both must give the model the same features.
func TestFeaturizerReadsAsTheAnalyzerDoes(t *testing.T) {
	a := newTestAnalyzer(t)
	f, err := NewFeaturizer()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"I'm not angry, I just need the forms by 5pm!!",
		"You NEVER listen 😡 and it's sooo frustrating…",
		"Can you pick Sam up at 17:30 on 12/3? $50 for the trip. www.example.com",
		"don’t you dare",
	} {
		st := a.scratch.Get().(*state)
		st.ctxv = afternoon
		st.reset(a, text, &st.ctxv)
		st.analyze()
		var d model.Doc
		d.Start(a.model)
		st.feedModel(&d)
		got := d.Logits()
		st.text, st.ctx = "", nil
		a.scratch.Put(st)
		if want := f.Logits(a.model, text); got != want {
			t.Errorf("%q: analyzer logits %v, featurizer %v", text, got, want)
		}
	}
}

func TestSignals(t *testing.T) {
	a := newTestAnalyzer(t)
	// emotional is "yes", "no", or "" where GoEmotions' notion of it (any
	// emotion at all, relief and caring included) has no clear answer.
	for _, tc := range []struct {
		text      string
		emotional string
		hostile   bool
		label     string // the top emotion label, "" for none
	}{
		{"Yes, Friday at 5pm works. I'll bring his coat.", "no", false, ""},
		{"You are a pathetic liar and a disgrace.", "yes", true, "anger"},
		{"I'm so scared about the hearing tomorrow.", "yes", false, "anxiety"},
		{"I'm not worried about it.", "", false, ""},
		{"I keep crying in the car after the handover.", "yes", false, "hurt"},
		{"I miss you so much.", "yes", false, "longing"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			res := a.Run(tc.text, afternoon)
			s := res.Signals
			if (tc.emotional == "yes" && !s.Emotional) || (tc.emotional == "no" && s.Emotional) || s.Hostile != tc.hostile {
				t.Errorf("emotional %v hostile %v, want %q %v (%+v)", s.Emotional, s.Hostile, tc.emotional, tc.hostile, s.Emotion)
			}
			top := ""
			if len(s.Emotion.Labels) > 0 {
				top = s.Emotion.Labels[0]
			}
			if top != tc.label {
				t.Errorf("top label %q, want %q (%+v)", top, tc.label, s.Emotion)
			}
			if s.Emotion.Intensity < 0 || s.Emotion.Intensity > 1 {
				t.Errorf("intensity %v outside 0..1", s.Emotion.Intensity)
			}
			for l, v := range s.Emotion.Scores.Map() {
				if v < 0 || v > 1 {
					t.Errorf("score %s = %v outside 0..1", l, v)
				}
			}
		})
	}
}

// When the model, not a word list, makes neutral.emotion fire, the
// finding points at the word that raised the model's reading most.
func TestModelDrivenFindingPointsAtTheWord(t *testing.T) {
	// No heads (a head's finding on the sentence would stand for it), and
	// a lower bar for emotion, which the model alone reaches here.
	low := fstest.MapFS{"catalog.yml": {Data: []byte("settings:\n  emotion:\n    warning: 0.5\n")}}
	a := newRulesOnlyAnalyzer(t, low)
	text := "That was a disgusting disgrace and everyone saw it."
	res := a.Run(text, afternoon)
	if !res.Signals.Hostile {
		t.Fatalf("not read as hostile: %+v", res.Signals)
	}
	for _, f := range res.Findings {
		if f.Rule != RuleNeutralEmotion {
			continue
		}
		if f.Whole() || (f.Text != "disgrace" && f.Text != "disgusting") || text[f.Start:f.End] != f.Text {
			t.Errorf("neutral.emotion points at %q (%d..%d), want the word disgusting or disgrace", f.Text, f.Start, f.End)
		}
		return
	}
	t.Errorf("no neutral.emotion finding: %+v", res.Findings)
}

// A warm message with emotion words is not charged: thanks and joy take
// the model's reading down, and "love" alone is not longing enough to
// wait on.
func TestWarmMessagesAreNotNagged(t *testing.T) {
	a := newTestAnalyzer(t)
	for _, text := range []string{
		"Thanks so much for taking them today, they had a great time!",
		"I absolutely love the new school, the kids are so happy there.",
		"Sorry, I can't make it at 5, can we do 6 instead?",
	} {
		res := a.Run(text, afternoon)
		for _, f := range res.Findings {
			if f.Rule == RuleNeutralEmotion {
				t.Errorf("%q: neutral.emotion fired (%s, intensity %.2f)", text, f.Message, res.Signals.Emotion.Intensity)
			}
		}
	}
}

func TestExplainIsBoundedAndOnTokens(t *testing.T) {
	a := newTestAnalyzer(t)
	text := strings.Repeat("you are a pathetic liar ", 50)
	cs := a.Explain(text, model.Hostile, 3)
	if len(cs) == 0 || len(cs) > 3 {
		t.Fatalf("%d contributions", len(cs))
	}
	for _, c := range cs {
		if w := text[c.Start:c.End]; strings.ContainsAny(w, " ") {
			t.Errorf("contribution %q is not one token", w)
		}
	}
	if cs := a.Explain("", model.Hostile, 3); len(cs) != 0 {
		t.Errorf("empty text explained: %+v", cs)
	}
}

// BenchmarkModel times the model alone on the analyzer's tokens: every
// GoEmotions training text is tokenized once, outside the timer, then fed
// to the model and scored (feedModel + Logits), as readEmotion does. It
// is the model's cost per message without the rest of a check (run it
// with GOMAXPROCS=1; docs/ACCURACY.md has the numbers).
func BenchmarkModel(b *testing.B) {
	rows, err := eval.ReadGoEmotions(sharedtest.Path(b, "data", "goemotions", "train.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	a, err := New()
	if err != nil {
		b.Fatal(err)
	}
	type tokenized struct {
		text string
		toks []token
	}
	texts := make([]tokenized, len(rows))
	size := 0
	st := &state{}
	for i, r := range rows {
		st.reset(a, r.Text, &afternoon)
		st.toks = st.tz.tokenize(r.Text)
		st.markNegation()
		texts[i] = tokenized{r.Text, append([]token(nil), st.toks...)}
		size += len(r.Text) + 1
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var sum float32
	for b.Loop() {
		for i := range texts {
			st.text, st.toks = texts[i].text, texts[i].toks
			sum += st.modelLogits()[0]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(texts)), "ns/message")
	_ = sum
}
