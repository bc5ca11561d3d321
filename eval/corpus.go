package eval

import (
	"fmt"
	"html"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// GoEmotions label ids: the line numbers (0-based) of emotions.txt.
const (
	GEAdmiration = iota
	GEAmusement
	GEAnger
	GEAnnoyance
	GEApproval
	GECaring
	GEConfusion
	GECuriosity
	GEDesire
	GEDisappointment
	GEDisapproval
	GEDisgust
	GEEmbarrassment
	GEExcitement
	GEFear
	GEGratitude
	GEGrief
	GEJoy
	GELove
	GENervousness
	GEOptimism
	GEPride
	GERealization
	GERelief
	GERemorse
	GESadness
	GESurprise
	GENeutral
	geCount
)

// LabelSet is a set of GoEmotions label ids, one bit per id.
type LabelSet uint32

// Has reports whether id is in the set.
func (s LabelSet) Has(id int) bool { return id >= 0 && id < 32 && s&(1<<id) != 0 }

// Any reports whether any of ids is in the set.
func (s LabelSet) Any(ids ...int) bool {
	for _, id := range ids {
		if s.Has(id) {
			return true
		}
	}
	return false
}

// GoEmotionsRow is one Reddit comment with its (multi-label) emotions.
type GoEmotionsRow struct {
	Line   int
	Text   string
	Labels LabelSet
	ID     string
}

// ReadGoEmotions reads a GoEmotions TSV file (train, dev or test).
func ReadGoEmotions(path string) ([]GoEmotionsRow, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseGoEmotions(f, path)
}

// ParseGoEmotions reads GoEmotions TSV from r: no header, three columns
// (text, comma-separated label ids 0..27, comment id), LF line endings.
// name is the file name errors report.
func ParseGoEmotions(r io.Reader, name string) ([]GoEmotionsRow, error) {
	var rows []GoEmotionsRow
	err := readLines(r, name, func(n int, s string) error {
		f := strings.Split(s, "\t")
		if len(f) != 3 {
			return errorf(name, n, "expected 3 tab-separated fields (text, emotion ids, comment id), got %d", len(f))
		}
		var set LabelSet
		for _, p := range strings.Split(f[1], ",") {
			id, err := strconv.Atoi(p)
			if err != nil || id < 0 || id >= geCount {
				return errorf(name, n, "expected emotion ids 0..27 separated by commas in field 2, got %q", abbrev(f[1]))
			}
			set |= 1 << id
		}
		if f[2] == "" {
			return errorf(name, n, "expected a comment id in field 3, got an empty field")
		}
		rows = append(rows, GoEmotionsRow{Line: n, Text: f[0], Labels: set, ID: f[2]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errorf(name, 0, "no rows; expected GoEmotions TSV (text, emotion ids, comment id)")
	}
	return rows, nil
}

// OLIDRow is one tweet with its three annotation levels; B and C are
// "NULL" where the level does not apply (and in a level-a test set).
type OLIDRow struct {
	Line          int
	ID, Text      string
	A, B, C       string
	LabelFileLine int // line of the label in labels-levela.csv, for the test format
}

// ReadOLID reads OLID in either of its two shapes: the training file
// (header id, tweet, subtask_a, subtask_b, subtask_c), or the official test
// set, testset-levela.tsv (header id, tweet), whose labels live beside it in
// labels-levela.csv (id,label, no header) and are joined by id.
func ReadOLID(path string) ([]OLIDRow, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, testFormat, err := parseOLID(f, path)
	if err != nil || !testFormat {
		return rows, err
	}
	return joinOLIDLabels(rows, path)
}

// ParseOLID reads the OLID training format from r.
func ParseOLID(r io.Reader, name string) ([]OLIDRow, error) {
	rows, testFormat, err := parseOLID(r, name)
	if err == nil && testFormat {
		return nil, errorf(name, 1, "this is an OLID test set (id, tweet) whose labels are in a separate file; read it with ReadOLID from its path")
	}
	return rows, err
}

const (
	olidTrainHeader = "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c"
	olidTestHeader  = "id\ttweet"
)

func parseOLID(r io.Reader, name string) (rows []OLIDRow, testFormat bool, err error) {
	err = readLines(r, name, func(n int, s string) error {
		if n == 1 {
			switch s {
			case olidTrainHeader:
			case olidTestHeader:
				testFormat = true
			default:
				return errorf(name, n, "expected the OLID header %q (or %q for a test set), got %q", olidTrainHeader, olidTestHeader, abbrev(s))
			}
			return nil
		}
		f := strings.Split(s, "\t")
		if testFormat {
			if len(f) != 2 {
				return errorf(name, n, "expected 2 tab-separated fields (id, tweet), got %d", len(f))
			}
			rows = append(rows, OLIDRow{Line: n, ID: f[0], Text: f[1], A: "", B: "NULL", C: "NULL"})
			return nil
		}
		if len(f) != 5 {
			return errorf(name, n, "expected 5 tab-separated fields (id, tweet, subtask_a, subtask_b, subtask_c), got %d", len(f))
		}
		if f[2] != "NOT" && f[2] != "OFF" {
			return errorf(name, n, "expected subtask_a NOT or OFF, got %q", abbrev(f[2]))
		}
		if !oneOf(f[3], "TIN", "UNT", "NULL") {
			return errorf(name, n, "expected subtask_b TIN, UNT or NULL, got %q", abbrev(f[3]))
		}
		if !oneOf(f[4], "IND", "GRP", "OTH", "NULL") {
			return errorf(name, n, "expected subtask_c IND, GRP, OTH or NULL, got %q", abbrev(f[4]))
		}
		rows = append(rows, OLIDRow{Line: n, ID: f[0], Text: f[1], A: f[2], B: f[3], C: f[4]})
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	if len(rows) == 0 {
		return nil, false, errorf(name, 0, "no rows; expected OLID TSV with a header and one tweet per line")
	}
	return rows, testFormat, nil
}

// joinOLIDLabels fills A from labels-levela.csv beside a testset-levela.tsv.
func joinOLIDLabels(rows []OLIDRow, path string) ([]OLIDRow, error) {
	base := filepath.Base(path)
	if !strings.HasPrefix(base, "testset-level") || !strings.HasSuffix(base, ".tsv") {
		return nil, errorf(path, 1, "an OLID test set (header id, tweet) must be named testset-levelX.tsv so its labels-levelX.csv can be found")
	}
	labelsPath := filepath.Join(filepath.Dir(path), "labels-level"+strings.TrimSuffix(strings.TrimPrefix(base, "testset-level"), ".tsv")+".csv")
	f, err := openFile(labelsPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	type label struct {
		value string
		line  int
	}
	labels := map[string]label{}
	err = readLines(f, labelsPath, func(n int, s string) error {
		id, lab, ok := strings.Cut(s, ",")
		if !ok || strings.Contains(lab, ",") {
			return errorf(labelsPath, n, "expected 2 comma-separated fields (id, label), got %q", abbrev(s))
		}
		if lab != "NOT" && lab != "OFF" {
			return errorf(labelsPath, n, "expected label NOT or OFF (level a), got %q", abbrev(lab))
		}
		if _, dup := labels[id]; dup {
			return errorf(labelsPath, n, "id %q appears twice; expected one label per id", abbrev(id))
		}
		labels[id] = label{lab, n}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range rows {
		l, ok := labels[rows[i].ID]
		if !ok {
			return nil, errorf(path, rows[i].Line, "tweet id %q has no label in %s", abbrev(rows[i].ID), labelsPath)
		}
		rows[i].A, rows[i].LabelFileLine = l.value, l.line
	}
	if len(labels) != len(rows) {
		return nil, errorf(labelsPath, 0, "%d labels for %d tweets in %s; expected one label per tweet", len(labels), len(rows), path)
	}
	return rows, nil
}

// DavidsonRow is one tweet with the coders' majority class.
type DavidsonRow struct {
	Line  int
	Class int // 0 hate speech, 1 offensive language, 2 neither
	Text  string
}

// Davidson classes.
const (
	DavidsonHate      = 0
	DavidsonOffensive = 1
	DavidsonNeither   = 2
)

// ReadDavidson reads labeled_data.csv of the Davidson et al. corpus.
func ReadDavidson(path string) ([]DavidsonRow, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseDavidson(f, path)
}

// ParseDavidson reads the Davidson CSV: header ",count,hate_speech,
// offensive_language,neither,class,tweet", RFC 4180 quoting with tweets
// that span lines, HTML escapes in the text (decoded here, so the analyzer
// sees "&" and not "&amp;").
func ParseDavidson(r io.Reader, name string) ([]DavidsonRow, error) {
	var rows []DavidsonRow
	err := readCSV(r, name, exactHeader("", "count", "hate_speech", "offensive_language", "neither", "class", "tweet"),
		func(n int, rec []string) error {
			if len(rec) != 7 {
				return errorf(name, n, "expected 7 CSV fields (index, count, hate_speech, offensive_language, neither, class, tweet), got %d", len(rec))
			}
			class, err := strconv.Atoi(rec[5])
			if err != nil || class < 0 || class > 2 {
				return errorf(name, n, "expected class 0, 1 or 2 in field 6, got %q", abbrev(rec[5]))
			}
			rows = append(rows, DavidsonRow{Line: n, Class: class, Text: html.UnescapeString(rec[6])})
			return nil
		})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errorf(name, 0, "no rows; expected Davidson CSV records after the header")
	}
	return rows, nil
}

// Quartile boundaries of the Normalized Score of the shared part of the
// Stanford politeness corpus, from its SOURCE.md. They are fixed here, not
// recomputed per file, so a held-out file is binarised by the same line the
// shared part was ("do not tune on the held-out part").
const (
	PolitenessQ1Wikipedia     = -0.4334
	PolitenessQ1StackExchange = -0.3437
)

// PolitenessRow is one request with its normalized politeness score.
type PolitenessRow struct {
	Line      int
	Community string
	ID        string
	Text      string
	Score     float64 // Normalized Score: higher is more polite
	Impolite  bool    // Score at or below the file's first quartile
}

// ReadPoliteness reads wikipedia.annotated.csv or stack-exchange.annotated.csv.
func ReadPoliteness(path string) ([]PolitenessRow, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParsePoliteness(f, path)
}

// ParsePoliteness reads the Stanford politeness CSV. Rows are ragged (some
// have 4, 9 or 10 scores and as many TurkIds), so the Normalized Score is
// always the LAST field; one Stack Exchange row holds invalid UTF-8, which
// becomes U+FFFD; HTML escapes (&lt;url&gt;, &#34) are decoded. Wikipedia
// rows (Community "Wikipedia") are split at the Wikipedia q1, every other
// community at the Stack Exchange q1.
func ParsePoliteness(r io.Reader, name string) ([]PolitenessRow, error) {
	var rows []PolitenessRow
	checkHeader := func(h []string) error {
		if len(h) < 6 || h[0] != "Community" || h[1] != "Id" || h[2] != "Request" || h[len(h)-1] != "Normalized Score" {
			return fmt.Errorf("expected a header Community,Id,Request,Score1..,TurkId1..,Normalized Score, got %q", abbrev(strings.Join(h, ",")))
		}
		return nil
	}
	err := readCSV(r, name, checkHeader, func(n int, rec []string) error {
		if len(rec) < 6 || (len(rec)-4)%2 != 0 {
			return errorf(name, n, "expected Community, Id, Request, n scores, n TurkIds and Normalized Score (an even number of fields, at least 6), got %d fields", len(rec))
		}
		last := rec[len(rec)-1]
		score, err := strconv.ParseFloat(strings.TrimSpace(last), 64)
		if err != nil {
			return errorf(name, n, "expected a number as Normalized Score (the last field), got %q", abbrev(last))
		}
		community := strings.ToValidUTF8(rec[0], "\uFFFD")
		q1 := PolitenessQ1StackExchange
		if community == "Wikipedia" {
			q1 = PolitenessQ1Wikipedia
		}
		rows = append(rows, PolitenessRow{
			Line:      n,
			Community: community,
			ID:        rec[1],
			Text:      html.UnescapeString(strings.ToValidUTF8(rec[2], "\uFFFD")),
			Score:     score,
			Impolite:  score <= q1,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errorf(name, 0, "no rows; expected politeness CSV records after the header")
	}
	return rows, nil
}

// MELDRow is one utterance of a Friends dialogue with its emotion.
type MELDRow struct {
	Line                int
	Text, Speaker       string
	Emotion, Sentiment  string
	Dialogue, Utterance int
	Season, Episode     string
	StartTime, EndTime  string
}

// ReadMELD reads train_sent_emo.csv, dev_sent_emo.csv or test_sent_emo.csv.
func ReadMELD(path string) ([]MELDRow, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseMELD(f, path)
}

// ParseMELD reads the MELD CSV: a header of 11 columns, CRLF line endings
// (encoding/csv drops the CR), UTF-8 text with curly quotes kept as they are.
func ParseMELD(r io.Reader, name string) ([]MELDRow, error) {
	var rows []MELDRow
	header := exactHeader("Sr No.", "Utterance", "Speaker", "Emotion", "Sentiment", "Dialogue_ID", "Utterance_ID", "Season", "Episode", "StartTime", "EndTime")
	err := readCSV(r, name, header, func(n int, rec []string) error {
		if len(rec) != 11 {
			return errorf(name, n, "expected 11 CSV fields (Sr No., Utterance, Speaker, Emotion, Sentiment, Dialogue_ID, Utterance_ID, Season, Episode, StartTime, EndTime), got %d", len(rec))
		}
		if !oneOf(rec[3], "neutral", "joy", "sadness", "anger", "surprise", "fear", "disgust") {
			return errorf(name, n, "expected Emotion neutral, joy, sadness, anger, surprise, fear or disgust, got %q", abbrev(rec[3]))
		}
		if !oneOf(rec[4], "neutral", "positive", "negative") {
			return errorf(name, n, "expected Sentiment neutral, positive or negative, got %q", abbrev(rec[4]))
		}
		d, err1 := strconv.Atoi(rec[5])
		u, err2 := strconv.Atoi(rec[6])
		if err1 != nil || err2 != nil {
			return errorf(name, n, "expected integer Dialogue_ID and Utterance_ID, got %q and %q", abbrev(rec[5]), abbrev(rec[6]))
		}
		rows = append(rows, MELDRow{Line: n, Text: rec[1], Speaker: rec[2], Emotion: rec[3], Sentiment: rec[4],
			Dialogue: d, Utterance: u, Season: rec[7], Episode: rec[8], StartTime: rec[9], EndTime: rec[10]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errorf(name, 0, "no rows; expected MELD CSV records after the header")
	}
	return rows, nil
}

// SMSRow is one text message of the SMS Spam Collection.
type SMSRow struct {
	Line int
	Spam bool
	Text string
}

// ReadSMS reads SMSSpamCollection.tsv.
func ReadSMS(path string) ([]SMSRow, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseSMS(f, path)
}

// ParseSMS reads the SMS Spam Collection: no header, "label<TAB>text" per
// line with label ham or spam. HTML escape artefacts (&lt;#&gt;, &amp;)
// are decoded so the analyzer sees what the sender typed.
func ParseSMS(r io.Reader, name string) ([]SMSRow, error) {
	var rows []SMSRow
	err := readLines(r, name, func(n int, s string) error {
		label, text, ok := strings.Cut(s, "\t")
		if !ok {
			return errorf(name, n, "expected 2 tab-separated fields (ham or spam, text), got 1")
		}
		if strings.Contains(text, "\t") {
			return errorf(name, n, "expected 2 tab-separated fields (ham or spam, text), got %d", strings.Count(s, "\t")+1)
		}
		if label != "ham" && label != "spam" {
			return errorf(name, n, "expected label ham or spam in field 1, got %q", abbrev(label))
		}
		rows = append(rows, SMSRow{Line: n, Spam: label == "spam", Text: html.UnescapeString(text)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errorf(name, 0, "no rows; expected SMS Spam Collection lines (ham or spam, tab, text)")
	}
	return rows, nil
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}
