package eval_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/steadyhq/steady/eval"
	"github.com/steadyhq/steady/internal/sharedtest"
)

// The counts below are the ones each corpus's SOURCE.md publishes; reading
// them back exactly is the proof that every quirk is handled.

func TestGoEmotionsMatchesSOURCE(t *testing.T) {
	for _, tc := range []struct {
		file                 string
		rows, multi, neutral int
		anger                int
	}{
		{"train.tsv", 43410, 7102, 14219, 1567},
		{"dev.tsv", 5426, 878, 1766, 195},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rows, err := eval.ReadGoEmotions(sharedtest.Path(t, "data", "goemotions", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			multi, neutral, anger := 0, 0, 0
			for _, r := range rows {
				n := 0
				for id := range 28 {
					if r.Labels.Has(id) {
						n++
					}
				}
				if n > 1 {
					multi++
				}
				if r.Labels.Has(eval.GENeutral) {
					neutral++
				}
				if r.Labels.Has(eval.GEAnger) {
					anger++
				}
			}
			if len(rows) != tc.rows || multi != tc.multi || neutral != tc.neutral || anger != tc.anger {
				t.Errorf("rows %d multi %d neutral %d anger %d; want %d %d %d %d", len(rows), multi, neutral, anger, tc.rows, tc.multi, tc.neutral, tc.anger)
			}
		})
	}
}

func TestOLIDMatchesSOURCE(t *testing.T) {
	rows, err := eval.ReadOLID(sharedtest.Path(t, "data", "olid", "olid-training-v1.0.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range rows {
		count[r.A]++
		count[r.B]++
		count[r.C]++
	}
	want := map[string]int{"NOT": 8840, "OFF": 4400, "TIN": 3876, "UNT": 524, "IND": 2407, "GRP": 1074, "OTH": 395}
	if len(rows) != 13240 {
		t.Errorf("rows = %d, want 13240", len(rows))
	}
	for k, v := range want {
		if count[k] != v {
			t.Errorf("%s = %d, want %d", k, count[k], v)
		}
	}
}

func TestDavidsonMatchesSOURCE(t *testing.T) {
	rows, err := eval.ReadDavidson(sharedtest.Path(t, "data", "davidson-offensive", "labeled_data.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var count [3]int
	multiline, escaped := 0, 0
	for _, r := range rows {
		count[r.Class]++
		if strings.Contains(r.Text, "\n") {
			multiline++
		}
		if strings.Contains(r.Text, "&amp;") || strings.Contains(r.Text, "&#8220;") {
			escaped++
		}
	}
	if len(rows) != 19741 || count != [3]int{1137, 15332, 3272} {
		t.Errorf("rows %d classes %v; want 19741 [1137 15332 3272]", len(rows), count)
	}
	if multiline == 0 {
		t.Error("no tweet spans lines; the multi-line quoted records were split")
	}
	if escaped != 0 {
		t.Errorf("%d tweets still hold HTML escapes", escaped)
	}
}

func TestPolitenessMatchesSOURCE(t *testing.T) {
	for _, tc := range []struct {
		file                 string
		rows, impolite, long int
	}{
		{"wikipedia.annotated.csv", 3507, 877, -1},
		{"stack-exchange.annotated.csv", 5258, 1314, -1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rows, err := eval.ReadPoliteness(sharedtest.Path(t, "data", "stanford-politeness", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			imp := 0
			for _, r := range rows {
				if r.Impolite {
					imp++
				}
				if !utf8.ValidString(r.Text) {
					t.Errorf("line %d: invalid UTF-8 survived", r.Line)
				}
				if r.Score < -4 || r.Score > 4 {
					t.Errorf("line %d: score %v is not a normalized score (a ragged row read the wrong field?)", r.Line, r.Score)
				}
			}
			if len(rows) != tc.rows || imp != tc.impolite {
				t.Errorf("rows %d impolite %d; want %d %d", len(rows), imp, tc.rows, tc.impolite)
			}
		})
	}
}

func TestMELDMatchesSOURCE(t *testing.T) {
	for _, tc := range []struct {
		file                            string
		rows, neutral, anger, dialogues int
	}{
		{"train_sent_emo.csv", 9989, 4710, 1109, 1038},
		{"dev_sent_emo.csv", 1109, 470, 153, 114},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rows, err := eval.ReadMELD(sharedtest.Path(t, "data", "meld", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			neutral, anger := 0, 0
			dialogues := map[int]bool{}
			curly := false
			for _, r := range rows {
				dialogues[r.Dialogue] = true
				switch r.Emotion {
				case "neutral":
					neutral++
				case "anger":
					anger++
				}
				if strings.ContainsAny(r.Text, "\r") || strings.ContainsAny(r.EndTime, "\r") {
					t.Fatalf("line %d: a CR survived", r.Line)
				}
				curly = curly || strings.Contains(r.Text, "’")
			}
			if len(rows) != tc.rows || neutral != tc.neutral || anger != tc.anger || len(dialogues) != tc.dialogues {
				t.Errorf("rows %d neutral %d anger %d dialogues %d; want %d %d %d %d", len(rows), neutral, anger, len(dialogues), tc.rows, tc.neutral, tc.anger, tc.dialogues)
			}
			if !curly {
				t.Error("no curly apostrophe in any utterance; the text was mangled")
			}
		})
	}
}

func TestSMSMatchesSOURCE(t *testing.T) {
	rows, err := eval.ReadSMS(sharedtest.Path(t, "data", "sms-spam-collection", "SMSSpamCollection.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	ham := 0
	for _, r := range rows {
		if !r.Spam {
			ham++
		}
		if strings.Contains(r.Text, "&lt;") {
			t.Errorf("line %d: HTML escape survived", r.Line)
		}
	}
	if len(rows) != 4413 || ham != 3825 {
		t.Errorf("rows %d ham %d; want 4413 3825", len(rows), ham)
	}
}
