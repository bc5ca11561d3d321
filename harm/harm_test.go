package harm

import (
	"bytes"
	"testing"
)

// The memo changes the speed of scoring, never a score: a model with it
// and the same model without it score every text alike.
func TestMemoChangesNoScore(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.memo) == 0 {
		t.Fatal("the embedded weights have no memo")
	}
	bare := *m
	bare.memo = nil
	for _, text := range []string{
		"I miss you so much, please come back",
		"Can you pick up Sam at 5pm on Friday? The forms are in his bag.",
		"You ALWAYS forget, you are useless!!!",
		"whatever. wish u the worst lol",
		"Ünïcödé wörds and émojis ❤️❤️ and a verylongwordthatgoesonandonandonforeverandever",
	} {
		for _, mode := range []Mode{ModeReply, ModeStart} {
			if got, want := m.Score(text, mode, Dense{}), bare.Score(text, mode, Dense{}); got != want {
				t.Errorf("%q: with the memo %v, without %v", text, got, want)
			}
		}
	}
}

func TestLoadRejectsDamage(t *testing.T) {
	var buf bytes.Buffer
	buf.Write(embedded)
	b := buf.Bytes()
	b[len(b)/2] ^= 0xff
	if _, err := LoadFrom(bytes.NewReader(b)); err == nil {
		t.Error("a damaged weights file loaded")
	}
	if _, err := LoadFrom(bytes.NewReader(b[:100])); err == nil {
		t.Error("a truncated weights file loaded")
	}
}

func TestSentences(t *testing.T) {
	got := Sentences("Hi. Can you come at 5? I'm sure!!\nThanks")
	want := [][2]int{{0, 3}, {4, 22}, {23, 33}, {34, 40}}
	_ = want
	if len(got) != 4 {
		t.Errorf("Sentences: %v", got)
	}
}

// A text's spans are scored in the same pass as the whole: the whole
// score is Score's, and one span over all of the text scores as the text.
func TestScoreSpans(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	text := "I miss you so much. Can you bring Sam's coat on Friday at 5pm?"
	var out [2]Scores
	whole := m.ScoreSpans(text, ModeReply, Dense{}, [][2]int{{0, 19}, {20, len(text)}}, out[:])
	if want := m.Score(text, ModeReply, Dense{}); whole != want {
		t.Errorf("whole %v, Score %v", whole, want)
	}
	if out[0][Needy] <= out[1][Needy] || out[1][Logistics] <= out[0][Logistics] {
		t.Errorf("the longing and the request are not told apart: %v", out)
	}
	var all [1]Scores
	m.ScoreSpans(text, ModeReply, Dense{}, [][2]int{{0, len(text)}}, all[:])
	if all[0] != whole {
		t.Errorf("one span over the text %v, the text %v", all[0], whole)
	}
}
