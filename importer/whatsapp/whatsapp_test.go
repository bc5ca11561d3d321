package whatsapp_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin for the DST cases, whatever the machine has

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/whatsapp"
)

type msg struct {
	at     string // RFC 3339
	sender string
	kind   steady.Kind
	text   string
}

func parseFile(t *testing.T, name string, opts parse.Input) ([]steady.Message, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts.Name = name
	exp, err := (whatsapp.Format{}).Parse(f, opts)
	if err != nil {
		return nil, err
	}
	return exp.Messages, nil
}

func TestParsePitfalls(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		file string
		loc  *time.Location
		want []msg
	}{
		{"a narrow no-break space before PM is read as a 12-hour clock", "nnbsp_12h.txt", time.UTC, []msg{
			{"2024-03-06T11:58:00Z", "Sam", steady.KindText, "Can you take them Saturday?"},
			{"2024-03-06T12:03:00Z", "Alex", steady.KindText, "Yes"},
			{"2024-03-06T00:00:00Z", "Sam", steady.KindText, "late one"},
			{"2024-03-13T13:15:00Z", "Alex", steady.KindText, "ok"},
		}},
		{"CRLF line ends are removed and continuation lines kept", "crlf_ios.txt", time.UTC, []msg{
			{"2023-06-13T21:25:15Z", "Sam", steady.KindText, "first line\nsecond line\n\nfourth line"},
			{"2023-06-13T21:26:00Z", "Alex", steady.KindText, "ok"},
		}},
		{"continuation lines that look like dates stay in the message", "continuation_dates.txt", time.UTC, []msg{
			{"2022-03-18T14:56:00Z", "Sam", steady.KindText, "the times are\n2016-04-29 10:30:00\n[18/03/2022, 15:00] quoted from elsewhere\n18.03.2022 15:00 note"},
			{"2022-03-18T14:57:00Z", "Alex", steady.KindText, "thanks"},
		}},
		{"the repeated hour of a DST change keeps file order", "dst_repeat.txt", berlin, []msg{
			{"2023-10-28T23:50:00Z", "A", steady.KindText, "before"},
			{"2023-10-29T00:10:00Z", "B", steady.KindText, "first pass"},
			{"2023-10-29T00:40:00Z", "A", steady.KindText, "first pass again"},
			{"2023-10-29T01:05:00Z", "B", steady.KindText, "second pass"},
			{"2023-10-29T01:30:00Z", "A", steady.KindText, "second pass again"},
			{"2023-10-29T02:10:00Z", "B", steady.KindText, "after"},
		}},
		{"a reading in the DST gap is placed at the jump, between its neighbours", "dst_gap.txt", berlin, []msg{
			{"2023-03-26T00:50:00Z", "A", steady.KindText, "before"},
			{"2023-03-26T01:00:00Z", "B", steady.KindText, "in the gap"},
			{"2023-03-26T01:10:00Z", "A", steady.KindText, "after"},
		}},
		{"the edited suffix is stripped", "edited.txt", time.UTC, []msg{
			{"2022-03-18T14:56:00Z", "Sam", steady.KindText, "sample message"},
			{"2022-03-18T14:57:00Z", "Alex", steady.KindText, "fine"},
		}},
		{"a day over 12 late in the file makes every date day-first", "day_first_late.txt", time.UTC, []msg{
			{"2022-02-01T10:00:00Z", "Sam", steady.KindText, "a"},
			{"2022-02-05T10:00:00Z", "Alex", steady.KindText, "b"},
			{"2022-02-13T10:00:00Z", "Sam", steady.KindText, "c"},
		}},
		{"a day over 12 in second place makes every date month-first", "month_first.txt", time.UTC, []msg{
			{"2022-02-01T10:00:00Z", "Sam", steady.KindText, "a"},
			{"2022-02-13T10:00:00Z", "Alex", steady.KindText, "b"},
			{"2022-03-01T10:00:00Z", "Sam", steady.KindText, "c"},
		}},
		{"Arabic-Indic digits, RLM marks and ص/م read as a 12-hour date", "arabic_indic.txt", time.UTC, []msg{
			{"2022-03-27T09:41:35Z", "Sam", steady.KindText, "morning"},
			{"2022-03-27T21:41:35Z", "+40 521 028", steady.KindText, "evening"},
		}},
		{"a. m. and p. m. with a no-break space inside are read", "spanish_ampm.txt", time.UTC, []msg{
			{"2018-06-13T01:55:00Z", "Sam", steady.KindText, "temprano"},
			{"2018-06-13T13:55:00Z", "Alex", steady.KindText, "tarde"},
		}},
		{"an empty line inside a message and no final newline are kept", "multiline_nofinalnl.txt", time.UTC, []msg{
			{"2022-03-18T14:56:00Z", "Sam", steady.KindText, "one\n\nthree"},
			{"2022-03-18T14:57:00Z", "Alex", steady.KindText, "last"},
		}},
		{"iPhone notices are told by their placeholder; one of an unknown language stays text", "ios_notices.txt", time.UTC, []msg{
			{"2022-03-27T21:41:35Z", "Elon", steady.KindSystem, "Messages and calls are end-to-end encrypted."},
			{"2022-03-27T21:41:55Z", "Sam", steady.KindMedia, ""},
			{"2022-03-27T21:42:00Z", "Elon", steady.KindDeleted, ""},
			{"2022-03-27T21:43:00Z", "Sam", steady.KindText, "Plan.pdf Dokumentti puuttuu"},
			{"2022-03-27T21:44:00Z", "Elon", steady.KindText, "ok"},
		}},
		{"text with an invisible mark before or inside it is kept as text", "marks_de_ios.txt", time.UTC, []msg{
			{"2018-01-29T23:45:10Z", "Alice", steady.KindSystem, "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören, nicht einmal WhatsApp."},
			{"2018-01-29T23:46:00Z", "Bob", steady.KindText, "Sollen wir das neue Café testen?"},
			{"2018-01-29T23:49:03Z", "Alice", steady.KindText, "Keine Ahnung, lass uns das doch mal ausprobieren"},
			{"2018-01-29T23:50:12Z", "Bob", steady.KindText, "Funktioniert! Gehen auch mehrere Links? https://example.org/a https://example.org/b"},
			{"2018-01-29T23:51:00Z", "Alice", steady.KindText, "Ja, beide kommen an"},
			{"2018-01-29T23:52:30Z", "Bob", steady.KindMedia, ""},
			{"2018-01-29T23:53:00Z", "Alice", steady.KindMedia, ""},
			{"2018-01-29T23:53:30Z", "Alice", steady.KindMedia, ""},
			{"2018-01-29T23:54:00Z", "Bob", steady.KindMedia, ""},
			{"2018-01-29T23:55:00Z", "Alice", steady.KindDeleted, ""},
			{"2018-01-29T23:56:00Z", "Bob", steady.KindText, "Hyvää yötä"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFile(t, tc.file, parse.Input{Location: tc.loc})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d messages, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				at, _ := time.Parse(time.RFC3339, w.at)
				if !g.At.Equal(at) || g.Sender != w.sender || g.Kind != w.kind || g.Text != w.text {
					t.Errorf("message %d = %s %q %s %q, want %s %q %s %q", i, g.At.UTC().Format(time.RFC3339), g.Sender, g.Kind, g.Text, w.at, w.sender, w.kind, w.text)
				}
			}
		})
	}
}

func TestParseMalformedHeaders(t *testing.T) {
	exp, err := (whatsapp.Format{}).Parse(mustOpen(t, "malformed_headers.txt"), parse.Input{Location: time.UTC, Name: "malformed_headers.txt"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("an hour past 12 with PM, or a line without the file's marker, is read as a 24-hour time", func(t *testing.T) {
		want := []msg{
			{"2018-01-29T23:58:00Z", "Alice", steady.KindText, "Are we still on for Saturday?"},
			{"2018-01-29T23:59:00Z", "Carol", steady.KindText, "Yes, 10am at the station."},
			{"2018-01-30T00:01:00Z", "Alice", steady.KindText, "Great\nsee you there"},
			{"2018-01-30T08:15:00Z", "Alice", steady.KindText, "no marker on this one"},
			{"2018-01-31T09:00:00Z", "Carol", steady.KindText, "ok"},
			{"2018-02-01T09:10:00Z", "Carol", steady.KindText, "last"},
		}
		if len(exp.Messages) != len(want) {
			t.Fatalf("%d messages, want %d: %+v", len(exp.Messages), len(want), exp.Messages)
		}
		for i, w := range want {
			g := exp.Messages[i]
			at, _ := time.Parse(time.RFC3339, w.at)
			if !g.At.Equal(at) || g.Sender != w.sender || g.Kind != w.kind || g.Text != w.text {
				t.Errorf("message %d = %s %q %s %q, want %s %q %s %q", i, g.At.UTC().Format(time.RFC3339), g.Sender, g.Kind, g.Text, w.at, w.sender, w.kind, w.text)
			}
		}
	})
	t.Run("a header that cannot be read is listed with its lines, never glued to the message before", func(t *testing.T) {
		if len(exp.Unread) != 2 {
			t.Fatalf("unread %+v, want lines 5–6 and 9", exp.Unread)
		}
		if u := exp.Unread[0]; u.Line != 5 || u.Last != 6 || !strings.Contains(u.Why, "no possible date or time") {
			t.Errorf("first unread %+v, want lines 5–6", u)
		}
		if u := exp.Unread[1]; u.Line != 9 || u.Last != 9 || !strings.Contains(u.Why, "no such date") {
			t.Errorf("second unread %+v, want line 9", u)
		}
	})
}

func mustOpen(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestParseDSTOffsets(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	got, err := parseFile(t, "dst_repeat.txt", parse.Input{Location: berlin})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the first pass of the repeated hour is summer time, the second winter time", func(t *testing.T) {
		want := []int{2, 2, 2, 1, 1, 1}
		for i, m := range got {
			if _, off := m.At.Zone(); off != want[i]*3600 {
				t.Errorf("message %d at offset %d h, want %d", i, off/3600, want[i])
			}
		}
	})
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		file     string
		input    string
		opts     parse.Input
		line     int
		contains string
	}{
		{name: "invalid UTF-8 names its line", file: "invalid_utf8.txt", line: 2, contains: "UTF-8"},
		{name: "a first line that is no header names line 1", file: "no_header.txt", line: 1, contains: "not a WhatsApp message line"},
		{name: "a file of impossible dates names the first line", input: "30/02/2022, 10:00 - Sam: hi\n31/04/2022, 10:00 - Sam: ho\n", line: 1, contains: "no such date"},
		{name: "a file of unreadable headers names the first line", input: "1/29/18, 25:10 - Sam: hi\n1/29/18, 25:11 - Sam: ho\n", line: 1, contains: "no possible date or time"},
		{name: "an unknown date order is refused", input: "13/02/2022, 10:00 - Sam: hi\n", opts: parse.Input{Values: map[string]string{"date-order": "ymd"}}, line: 0, contains: "date order"},
		{name: "an empty file has no messages", input: "", line: 0, contains: "no messages"},
		{name: "a line over 1 MiB is refused", input: "18/03/2022, 14:56 - Sam: " + strings.Repeat("x", 1<<20+10) + "\n", line: 1, contains: "longer than"},
		{name: "a message over 1 MiB of lines is refused", input: "18/03/2022, 14:56 - Sam: x\n" + strings.Repeat(strings.Repeat("y", 1000)+"\n", 1100), line: 1049, contains: "longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.file != "" {
				_, err = parseFile(t, tc.file, tc.opts)
			} else {
				tc.opts.Name = "chat.txt"
				_, err = (whatsapp.Format{}).Parse(strings.NewReader(tc.input), tc.opts)
			}
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *parse.Error", err)
			}
			if pe.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", pe.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not say %q", err, tc.contains)
			}
			if !strings.HasPrefix(err.Error(), "import ") {
				t.Errorf("error %q does not start with the file", err)
			}
		})
	}
}

func TestParseForcedDateOrder(t *testing.T) {
	t.Run("a forced order reads ambiguous dates and leaves decided ones alone", func(t *testing.T) {
		exp, err := (whatsapp.Format{}).Parse(strings.NewReader("3/6/18, 10:00 - Sam: a\n13/6/18, 10:00 - Sam: b\n"), parse.Input{Location: time.UTC, Values: map[string]string{"date-order": "mdy"}})
		if err != nil {
			t.Fatal(err)
		}
		msgs := exp.Messages
		if got := msgs[0].At.Format("2006-01-02"); got != "2018-03-06" {
			t.Errorf("3/6/18 month-first = %s, want 2018-03-06", got)
		}
		if got := msgs[1].At.Format("2006-01-02"); got != "2018-06-13" {
			t.Errorf("13/6/18 = %s, want 2018-06-13", got)
		}
	})
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name string
		head string
		want bool
	}{
		{"an Android header is detected", "18/03/2022, 14:56 - Sam: hi\n", true},
		{"an iPhone header with a leading mark is detected", "\u200e[3/27/22, 21:41:55] Sam: hi\r\n", true},
		{"a BOM before the header is skipped", "\ufeff18/03/2022, 14:56 - Sam: hi\n", true},
		{"a CSV header is not WhatsApp", "time,sender,text\n2024-01-01T10:00:00Z,Sam,hi\n", false},
		{"an RFC 3339 line is not WhatsApp", "2024-01-01T10:00:00Z Sam: hi\n", false},
		{"a date alone is not WhatsApp", "18/03/2022, 14:56\n", false},
		{"JSON is not WhatsApp", "{\"messages\": []}", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (whatsapp.Format{}).Detect([]byte(tc.head)); got != tc.want {
				t.Errorf("Detect(%q) = %v, want %v", tc.head, got, tc.want)
			}
		})
	}
}

func TestParseHostileSizeHint(t *testing.T) {
	t.Run("a huge size hint over a file of blank lines allocates little", func(t *testing.T) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := (whatsapp.Format{}).Parse(strings.NewReader(strings.Repeat("\n", 4<<20)), parse.Input{Name: "blank.txt", SizeHint: 500 << 20})
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "no messages") {
			t.Errorf("error %v", err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
			t.Errorf("allocated %d MiB", alloc>>20)
		}
	})
}
