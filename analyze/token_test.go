package analyze

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/steadyhq/steady/analyze/rules"
)

func testLexicon(t *testing.T) *lexicon {
	t.Helper()
	cfg, err := loadConfig([]fs.FS{rules.FS})
	if err != nil {
		t.Fatal(err)
	}
	return cfg.lx
}

// render shows tokens as "kind:text" with the interned word for words,
// and marks flags, so a table can say what a person reads.
func render(lx *lexicon, text string, toks []token) string {
	var parts []string
	for _, t := range toks {
		s := text[t.start:t.end]
		switch t.kind {
		case tkWord:
			if t.id > 0 {
				s = lx.names[t.id]
			} else {
				s = strings.ToLower(s)
			}
		case tkNumber:
			s = "num:" + s
		case tkTime:
			s = "time:" + s
		case tkDate:
			s = "date:" + s
		case tkMoney:
			s = "money:" + s
		case tkURL:
			s = "url:" + s
		case tkEmoji:
			s = "emoji:" + s
		case tkPunct:
			s = "p:" + s
		case tkNewline:
			s = "nl"
		}
		if t.has(flCaps) {
			s += "!caps"
		}
		if t.has(flNegated) {
			s += "!neg"
		}
		if t.has(flShoutPunct) {
			s += "!shout"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestTokenizer(t *testing.T) {
	lx := testLexicon(t)
	cases := []struct {
		name, in, want string
	}{
		{"curly and straight apostrophes read alike", "you’re / you're", "you are p:/ you are"},
		{"contractions split into their words", "I don't think I'm late", "i do not think!neg i!neg am!neg late"},
		{"texting shorthand expands", "u r so late, dont", "you are so late p:, do not"},
		{"generic n't splits", "didn't", "did not"},
		{"possessive s keeps the word", "Sam's bag", "sam's bag"},
		{"hearts and kisses are emoji", "ok ❤️😘 <3", "ok emoji:❤️ emoji:😘 emoji:<3"},
		{"ZWJ sequences are one emoji", "👨‍👩‍👧 hi", "emoji:👨‍👩‍👧 hi"},
		{"emoticons are emoji", "fine :( ok :)", "fine emoji::( ok emoji::)"},
		{"repeated punctuation is one run", "what?!? no!!!", "what p:?!?!shout no p:!!!!shout"},
		{"ALL CAPS is marked, acronyms are not", "STOP IT, OK? ASAP", "stop!caps it!caps p:, ok p:? asap"},
		{"times of day", "5pm, 5 pm, 17:30, 5:30p.m. and 5.30pm", "time:5pm p:, time:5 pm p:, time:17:30 p:, time:5:30p.m. and time:5.30pm"},
		{"dates and ordinals", "on 12/3, 12/03/2026 or the 5th", "on date:12/3 p:, date:12/03/2026 or the date:5th"},
		{"money", "$50, £20.50 and 30€", "money:$50 p:, money:£20.50 and money:30€"},
		{"numbers", "3 kids, 1,000 and 3.5", "num:3 kids p:, num:1,000 and num:3.5"},
		{"urls and email addresses stay whole", "see https://x.org/a?b=1. or me@x.com", "see url:https://x.org/a?b=1 p:. or url:me@x.com"},
		{"negation covers the next words", "I'm not angry, just tired", "i am not angry!neg p:, just tired"},
		{"negation stops at but", "I don't miss you but ok", "i do not miss!neg you!neg but ok"},
		{"line breaks are tokens", "hi\n\nthere", "hi nl there"},
		{"placeholders are plain words", "[NAME] SAID", "[name] said!caps"},
		{"invalid bytes are skipped", "a\xffb", "a b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tz := &tokenizer{lx: lx}
			toks := tz.tokenize(c.in)
			st := &state{a: &Analyzer{cfg: &config{lx: lx}}, toks: toks}
			st.markNegation()
			if got := render(lx, c.in, toks); got != c.want {
				t.Errorf("tokens of %q\n got: %s\nwant: %s", c.in, got, c.want)
			}
		})
	}
}

func TestExpandPattern(t *testing.T) {
	cases := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"miss you", []string{"miss you"}, ""},
		{"(a|b) c", []string{"a c", "b c"}, ""},
		{"a [b] c", []string{"a b c", "a c"}, ""},
		{"a [b|c]", []string{"a b", "a c", "a"}, ""},
		{"x (y (z|w)|v)", []string{"x y z", "x y w", "x v"}, ""},
		{`:\(`, []string{":("}, ""},
		{"a (b", nil, "unclosed"},
		{"a b)", nil, "unbalanced"},
		{"(a|b) (c|d) (e|f) (g|h) (i|j)", nil, "more than 16"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := expandPattern(c.in, 16)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
