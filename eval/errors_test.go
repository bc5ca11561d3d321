package eval_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/eval"
)

// Every bad file must give an error that names the file, the line and what
// was expected, and that the CLI can map to "bad input".
func TestBadFilesNameFileLineAndExpectation(t *testing.T) {
	td := func(name string) string { return filepath.Join("testdata", name) }
	for _, tc := range []struct {
		name string
		task string
		file string
		want []string // substrings of the message
	}{
		{"a missing file is named", "goemotions-emotional", td("nope.tsv"), []string{"testdata/nope.tsv", "cannot open"}},
		{"a GoEmotions row with two fields", "goemotions-emotional", td("goemotions-fields.tsv"), []string{"goemotions-fields.tsv:2:", "expected 3 tab-separated fields", "got 2"}},
		{"a GoEmotions label id out of range", "goemotions-hostile", td("goemotions-label.tsv"), []string{"goemotions-label.tsv:1:", "expected emotion ids 0..27", `"28"`}},
		{"an empty GoEmotions file", "goemotions-emotional", td("goemotions-empty.tsv"), []string{"goemotions-empty.tsv:", "no rows"}},
		{"a MELD file given as GoEmotions", "goemotions-emotional", td("meld-good.csv"), []string{"meld-good.csv:1:", "expected 3 tab-separated fields"}},
		{"an OLID file without its header", "olid-offensive", td("olid-header.tsv"), []string{"olid-header.tsv:1:", "expected the OLID header"}},
		{"an OLID label that is not NOT or OFF", "olid-offensive", td("olid-label.tsv"), []string{"olid-label.tsv:3:", "expected subtask_a NOT or OFF", `"MAYBE"`}},
		{"an OLID test set with a tweet that has no label", "olid-offensive", td("olidtest-missing/testset-levela.tsv"), []string{"testset-levela.tsv:3:", `"12" has no label`, "labels-levela.csv"}},
		{"a Davidson quote that never closes", "davidson-offensive", td("davidson-quote.csv"), []string{"davidson-quote.csv:", "malformed CSV", "record starting at line 2", "RFC 4180"}},
		{"a Davidson class out of range, after a multi-line tweet", "davidson-offensive", td("davidson-class.csv"), []string{"davidson-class.csv:4:", "expected class 0, 1 or 2"}},
		{"a politeness row with an odd field count", "politeness-impolite", td("politeness-odd.csv"), []string{"politeness-odd.csv:3:", "even number of fields", "got 13"}},
		{"a politeness score that is not a number", "politeness-impolite", td("politeness-score.csv"), []string{"politeness-score.csv:2:", "expected a number as Normalized Score (the last field)", `"high"`}},
		{"a MELD emotion outside the seven", "meld-emotional", td("meld-emotion.csv"), []string{"meld-emotion.csv:2:", "expected Emotion neutral, joy", `"happy"`}},
		{"a GoEmotions file given as MELD", "meld-emotional", td("goemotions-good.tsv"), []string{"goemotions-good.tsv:1:", "expected a header of 11 columns"}},
		{"an SMS label other than ham or spam", "sms-ordinary", td("sms-label.tsv"), []string{"sms-label.tsv:2:", "expected label ham or spam", `"maybe"`}},
		{"an SMS line with no tab", "sms-ordinary", td("sms-fields.tsv"), []string{"sms-fields.tsv:2:", "expected 2 tab-separated fields"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval.RunSplit(tc.task, tc.file, eval.All, func(eval.Query) (eval.Prediction, error) { return eval.Prediction{}, nil })
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if code := steady.ErrorCode(err); code != steady.EInvalid {
				t.Errorf("error code %q, want %q", code, steady.EInvalid)
			}
		})
	}
}

func TestMissingFileKeepsTheCause(t *testing.T) {
	_, err := eval.ReadSMS(filepath.Join("testdata", "nope.tsv"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("errors.Is(%v, fs.ErrNotExist) = false", err)
	}
}

func TestQuirksAreRead(t *testing.T) {
	t.Run("politeness reads the last field of ragged rows, decodes escapes and replaces invalid UTF-8", func(t *testing.T) {
		rows, err := eval.ReadPoliteness(filepath.Join("testdata", "politeness-ragged.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Score != -1.5 || !rows[0].Impolite || rows[1].Score != 0.3 || rows[1].Impolite {
			t.Fatalf("rows = %+v", rows)
		}
		if rows[0].Text != "why did you revert <url>?" {
			t.Errorf("text %q", rows[0].Text)
		}
		if rows[1].Text != "is 220\uFFFDF enough, \"really\"?" {
			t.Errorf("text %q", rows[1].Text)
		}
	})
	t.Run("MELD drops the CR of CRLF and keeps curly quotes", func(t *testing.T) {
		rows, err := eval.ReadMELD(filepath.Join("testdata", "meld-good.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Text != "I don’t know…" || rows[1].EndTime != "00:00:03,000" || rows[1].Text != "Oh, great!" {
			t.Fatalf("rows = %+v", rows)
		}
	})
	t.Run("Davidson keeps a quoted tweet over two lines and unescapes it", func(t *testing.T) {
		in := ",count,hate_speech,offensive_language,neither,class,tweet\n0,3,0,0,3,2,\"\"\" two lines\nof text &amp; more \"\"\"\n1,3,0,3,0,1,next\n"
		rows, err := eval.ParseDavidson(strings.NewReader(in), "x")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Text != "\" two lines\nof text & more \"" || rows[1].Line != 4 || rows[1].Class != eval.DavidsonOffensive {
			t.Fatalf("rows = %+v", rows)
		}
	})
	t.Run("an OLID test set joins its labels by id", func(t *testing.T) {
		rows, err := eval.ReadOLID(filepath.Join("testdata", "olidtest", "testset-levela.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].A != "NOT" || rows[1].A != "OFF" || rows[1].LabelFileLine != 2 {
			t.Fatalf("rows = %+v", rows)
		}
	})
	t.Run("SMS decodes HTML escapes", func(t *testing.T) {
		rows, err := eval.ParseSMS(strings.NewReader("ham\tsee you at 5 &lt;#&gt; ok\n"), "x")
		if err != nil {
			t.Fatal(err)
		}
		if rows[0].Text != "see you at 5 <#> ok" {
			t.Errorf("text %q", rows[0].Text)
		}
	})
}
