package history_test

import (
	"testing"

	"github.com/steadyhq/steady/history"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"an empty message has no words", "", 0},
		{"spaces and punctuation alone have no words", "  ... !? — ", 0},
		{"a plain sentence counts its words", "Can you take the kids on Saturday?", 7},
		{"a contraction is one word", "don't", 1},
		{"a curly apostrophe joins like a straight one", "don’t can’t", 2},
		{"a leading apostrophe starts no word of its own", "'cause", 1},
		{"a lone apostrophe is no word", "' '", 0},
		{"a hyphen separates words", "co-parent", 2},
		{"digits are words and a colon separates them", "at 3:30pm", 3},
		{"an emoji is a word", "ok 👍", 2},
		{"an emoji touching a word is a word of its own", "ok👍", 2},
		{"a run of emoji is one word", "❤️❤️❤️", 1},
		{"a joined family is one word", "👨‍👩‍👧", 1},
		{"a skin tone belongs to its emoji", "👍🏽 fine", 2},
		{"a flag is one word", "🇫🇷", 1},
		{"a keycap is one word", "1️⃣", 1},
		{"accented letters are letters", "l'été à Zürich", 3},
		{"a combining mark stays in its word", "nai\u0308ve", 1},
		{"Cyrillic counts like Latin", "Привет, как дела?", 3},
		{"a script without spaces is one run", "明日は大丈夫です", 1},
		{"other symbols separate words", "50€ + 20$", 2},
		{"invalid UTF-8 separates and does not panic", "ok\xffgo", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := history.Words(tt.text); got != tt.want {
				t.Errorf("Words(%q) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", "don't", "👨‍👩‍👧 ok", "l'été", "\xff\xfe", "A’B'C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := history.Words(s)
		if n < 0 || n > len(s) {
			t.Errorf("Words(%q) = %d, out of 0..%d", s, n, len(s))
		}
	})
}
