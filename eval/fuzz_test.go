package eval_test

import (
	"bytes"
	"testing"

	"github.com/steadyhq/steady/eval"
)

// The readers must turn any bytes into rows or an error naming the input,
// never a panic; lines must be reported in order.

func FuzzParseGoEmotions(f *testing.F) {
	f.Add([]byte("hello there\t27\tabc1\nso mad\t2,3\tx\n"))
	f.Add([]byte("a\t28\tb\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := eval.ParseGoEmotions(bytes.NewReader(b), "fuzz")
		checkLines(t, err, len(rows), func(i int) int { return rows[i].Line })
	})
}

func FuzzParseOLID(f *testing.F) {
	f.Add([]byte("id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n1\t@USER ok\tNOT\tNULL\tNULL\n"))
	f.Add([]byte("id\ttweet\n1\tx\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := eval.ParseOLID(bytes.NewReader(b), "fuzz")
		checkLines(t, err, len(rows), func(i int) int { return rows[i].Line })
	})
}

func FuzzParseDavidson(f *testing.F) {
	f.Add([]byte(",count,hate_speech,offensive_language,neither,class,tweet\n0,3,0,0,3,2,\"a\nb &amp; c\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := eval.ParseDavidson(bytes.NewReader(b), "fuzz")
		checkLines(t, err, len(rows), func(i int) int { return rows[i].Line })
	})
}

func FuzzParsePoliteness(f *testing.F) {
	f.Add([]byte("Community,Id,Request,Score1,TurkId1,Normalized Score\nWikipedia,1,why?,3,A,-1\nX,2,\"a\xce\xe7b\",1,2,3,4,0.5\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := eval.ParsePoliteness(bytes.NewReader(b), "fuzz")
		checkLines(t, err, len(rows), func(i int) int { return rows[i].Line })
	})
}

func FuzzParseMELD(f *testing.F) {
	f.Add([]byte("Sr No.,Utterance,Speaker,Emotion,Sentiment,Dialogue_ID,Utterance_ID,Season,Episode,StartTime,EndTime\r\n1,Hi\xe2\x80\xa6,J,joy,positive,0,0,1,1,\"00:00:01,000\",\"00:00:02,000\"\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := eval.ParseMELD(bytes.NewReader(b), "fuzz")
		checkLines(t, err, len(rows), func(i int) int { return rows[i].Line })
	})
}

func FuzzParseSMS(f *testing.F) {
	f.Add([]byte("ham\tsee you &lt;#&gt;\nspam\tWIN\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := eval.ParseSMS(bytes.NewReader(b), "fuzz")
		checkLines(t, err, len(rows), func(i int) int { return rows[i].Line })
	})
}

func checkLines(t *testing.T, err error, n int, line func(int) int) {
	t.Helper()
	if err != nil {
		if n != 0 {
			t.Fatalf("rows returned with error %v", err)
		}
		if !bytes.Contains([]byte(err.Error()), []byte("fuzz")) {
			t.Fatalf("error %q does not name the input", err)
		}
		return
	}
	prev := 0
	for i := range n {
		if line(i) <= prev {
			t.Fatalf("row %d at line %d after line %d", i, line(i), prev)
		}
		prev = line(i)
	}
}
