package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer"
	"github.com/steadyhq/steady/internal/chatgen"
)

func td(name string) string { return filepath.Join("testdata", name) }

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name string
		head string
		want string
	}{
		{"an Android WhatsApp line is whatsapp", "18/03/2022, 14:56 - Sam: hi\n", "whatsapp"},
		{"an iPhone WhatsApp line is whatsapp", "[3/27/22, 21:41:35] Sam: hi\r\n", "whatsapp"},
		{"a Telegram single-chat export is telegram", `{"name": "Bob", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "from_id": "user1"}]}`, "telegram"},
		{"a Telegram full export is telegram", `{"about": "x", "personal_information": {"user_id": 1}}`, "telegram"},
		{"a Messenger file is messenger", "\ufeff{\"participants\": [{\"name\": \"A\"}], \"messages\": [{\"sender_name\": \"A\", \"timestamp_ms\": 1}]}", "messenger"},
		{"a Messenger file with a key Telegram has too is messenger", `{"messages": [{"sender_name": "A", "from_id": "x", "text": "hi"}]}`, "messenger"},
		{"an SMS backup is sms", "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">", "sms"},
		{"a CSV header is csv", "time,sender,text\n", "csv"},
		{"prose is nothing", "Dear diary,\n", ""},
		{"an empty file is nothing", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if f := importer.Detect([]byte(tc.head)); f != nil {
				got = f.Info().Name
			}
			if got != tc.want {
				t.Errorf("Detect = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseUnknownFormat(t *testing.T) {
	_, err := importer.ParseFile(context.Background(), td("unknown.txt"), importer.Options{})
	t.Run("an unknown file says which formats are supported", func(t *testing.T) {
		if !errors.Is(err, importer.ErrFormatNotDetected) || steady.ErrorCode(err) != steady.EInvalid {
			t.Fatalf("error %v (code %q)", err, steady.ErrorCode(err))
		}
		for _, f := range importer.Formats() {
			if !strings.Contains(err.Error(), f.Info().Name) {
				t.Errorf("error %q does not list %s", err, f.Info().Name)
			}
		}
		if !strings.Contains(err.Error(), "unknown.txt") {
			t.Errorf("error %q does not name the file", err)
		}
	})
	t.Run("a forced format parses what detection would not", func(t *testing.T) {
		_, err := importer.ParseFile(context.Background(), td("unknown.txt"), importer.Options{Format: "whatsapp"})
		var pe *importer.ParseError
		if !errors.As(err, &pe) || pe.Line != 1 {
			t.Fatalf("error %v, want a ParseError on line 1", err)
		}
	})
	t.Run("an unknown format name is refused", func(t *testing.T) {
		if _, err := importer.Lookup("signal"); err == nil || !strings.Contains(err.Error(), "whatsapp") {
			t.Errorf("error %v", err)
		}
	})
}

func TestParseFileZip(t *testing.T) {
	dir := t.TempDir()
	chat, err := os.ReadFile(td("overlap_b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, files map[string][]byte) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(f)
		for n, b := range files {
			w, err := zw.Create(n)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(b)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	t.Run("an iPhone zip is read through its _chat.txt", func(t *testing.T) {
		p := write("WhatsApp Chat - Alex.zip", map[string][]byte{"_chat.txt": chat, "00000001-PHOTO.jpg": {0xff, 0xd8}})
		c, err := importer.ParseFile(context.Background(), p, importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		if c.Format != "whatsapp" || len(c.Messages) != 5 || c.Messages[0].Source != "WhatsApp Chat - Alex.zip/_chat.txt" {
			t.Errorf("format %s, %d messages, source %q", c.Format, len(c.Messages), c.Messages[0].Source)
		}
	})
	t.Run("an Android zip is read through its single .txt", func(t *testing.T) {
		p := write("android.zip", map[string][]byte{"WhatsApp Chat with Alex.txt": chat, "IMG-1.jpg": {1}})
		if c, err := importer.ParseFile(context.Background(), p, importer.Options{Location: time.UTC}); err != nil || len(c.Messages) != 5 {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("a zip bomb is refused before it is unpacked, naming the entry", func(t *testing.T) {
		// 1.1 million identical lines: 24 MiB that deflate packs a
		// thousand to one.
		bomb := bytes.Repeat([]byte("1/1/21, 12:00 - A: hi\n"), 1_100_000)
		p := write("bomb.zip", map[string][]byte{"_chat.txt": bomb})
		var err error
		alloc := allocated(func() { _, err = importer.ParseFile(context.Background(), p, importer.Options{Location: time.UTC}) })
		t.Logf("allocated %.1f MiB; %v", float64(alloc)/(1<<20), err)
		var pe *importer.ParseError
		if !errors.As(err, &pe) || pe.Path != "_chat.txt" || !strings.Contains(err.Error(), "zip bomb") || !strings.Contains(err.Error(), "bomb.zip") {
			t.Fatalf("error %v", err)
		}
		if alloc > 8<<20 {
			t.Errorf("allocated %d MiB", alloc>>20)
		}
	})
	t.Run("a real chat's zip is well within the ratio", func(t *testing.T) {
		var buf bytes.Buffer
		if err := chatgen.Write(&buf, chatgen.Options{Messages: 50_000}); err != nil {
			t.Fatal(err)
		}
		p := write("real.zip", map[string][]byte{"_chat.txt": buf.Bytes()})
		c, err := importer.ParseFile(context.Background(), p, importer.Options{Location: time.UTC})
		if err != nil || len(c.Messages) < 50_000 {
			t.Fatalf("error %v", err)
		}
		zr, _ := zip.OpenReader(p)
		defer zr.Close()
		f := zr.File[0]
		t.Logf("a generated chat of 50,000 messages packs %.1f to 1", float64(f.UncompressedSize64)/float64(f.CompressedSize64))
	})
	t.Run("a zip without a chat text says so", func(t *testing.T) {
		p := write("photos.zip", map[string][]byte{"a.jpg": {1}})
		_, err := importer.ParseFile(context.Background(), p, importer.Options{})
		var pe *importer.ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "photos.zip") {
			t.Fatalf("error %v", err)
		}
	})
}

func TestParseUTF16(t *testing.T) {
	c, err := importer.ParseFile(context.Background(), td("utf16.txt"), importer.Options{Location: time.UTC})
	t.Run("a UTF-16 file with a BOM is decoded", func(t *testing.T) {
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Messages) != 2 || c.Messages[0].Text != "Grüße" {
			t.Errorf("messages %+v", c.Messages)
		}
	})
}

func TestKeys(t *testing.T) {
	a, err := importer.ParseFile(context.Background(), td("overlap_a.txt"), importer.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	b, err := importer.ParseFile(context.Background(), td("overlap_b.txt"), importer.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the same messages in overlapping exports have the same keys", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			if a.Messages[i+1].Key != b.Messages[i].Key {
				t.Errorf("message %d: keys %q and %q differ", i, a.Messages[i+1].Key, b.Messages[i].Key)
			}
		}
	})
	t.Run("two identical messages in one minute have different keys", func(t *testing.T) {
		if a.Messages[1].Key == a.Messages[2].Key {
			t.Error("both ok messages have one key")
		}
	})
	t.Run("a key depends on sender, instant, text and occurrence", func(t *testing.T) {
		at := time.Date(2024, 3, 1, 10, 1, 0, 0, time.UTC)
		base := importer.Key("Alex", at, "ok", 0)
		for _, other := range []string{
			importer.Key("Sam", at, "ok", 0),
			importer.Key("Alex", at.Add(time.Minute), "ok", 0),
			importer.Key("Alex", at, "ok!", 0),
			importer.Key("Alex", at, "ok", 1),
		} {
			if other == base {
				t.Errorf("key %q did not change", base)
			}
		}
		if importer.Key("Alex", at.In(time.FixedZone("x", 3600)), "ok", 0) != base {
			t.Error("the key depends on the zone of the same instant")
		}
		if base != a.Messages[1].Key {
			t.Errorf("Key = %q, the parsed message has %q", base, a.Messages[1].Key)
		}
	})
}

func TestParseFiles(t *testing.T) {
	t.Run("overlapping exports are merged without duplicates", func(t *testing.T) {
		c, err := importer.ParseFiles(context.Background(), []string{td("overlap_b.txt"), td("overlap_a.txt")}, importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, m := range c.Messages {
			texts = append(texts, m.Text)
		}
		if got := strings.Join(texts, "|"); got != "Pick-up at 5?|ok|ok|thanks|running late|fine" {
			t.Errorf("texts %s", got)
		}
		if c.Messages[0].Source != "overlap_a.txt" || c.Messages[5].Source != "overlap_b.txt" {
			t.Errorf("sources %q %q", c.Messages[0].Source, c.Messages[5].Source)
		}
	})
	t.Run("Messenger's message_1 and message_2 make one chat in order", func(t *testing.T) {
		c, err := importer.ParseFiles(context.Background(), []string{td("message_1.json"), td("message_2.json")}, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, m := range c.Messages {
			texts = append(texts, m.Text)
		}
		if got := strings.Join(texts, "|"); got != "hi|pick-up at 5?|ok|see you" {
			t.Errorf("texts %s", got)
		}
		if len(c.Senders) != 2 || c.Senders[0].Count != 2 {
			t.Errorf("senders %+v", c.Senders)
		}
	})
	t.Run("files of different formats are refused", func(t *testing.T) {
		_, err := importer.ParseFiles(context.Background(), []string{td("message_1.json"), td("overlap_a.txt")}, importer.Options{})
		if err == nil || !strings.Contains(err.Error(), "one chat") {
			t.Errorf("error %v", err)
		}
	})
}

func sides(c *importer.Chat) string {
	var b strings.Builder
	for _, m := range c.Messages {
		b.WriteString(m.Side.String()[:1])
	}
	return b.String()
}

func TestAssign(t *testing.T) {
	parse := func(t *testing.T, name string) *importer.Chat {
		c, err := importer.ParseFile(context.Background(), td(name), importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		name, file, me, contact string
		sides                   string // first letters of each message's side
		err                     string
	}{
		{"me and contact given set both sides", "overlap_a.txt", "Sam", "Alex", "mttm", ""},
		{"names match case-insensitively and with marks and spaces", "overlap_a.txt", "  \u200esam ", "ALEX", "mttm", ""},
		{"me alone gives the other sender as contact", "overlap_a.txt", "Sam", "", "mttm", ""},
		{"contact alone gives the other sender as me", "overlap_a.txt", "", "Alex", "mttm", ""},
		{"neither name in a two-person chat lists the senders", "overlap_a.txt", "", "", "", `pass --me NAME and --contact NAME; 2 senders found: "Alex" (2 messages), "Sam" (2 messages)`},
		{"a name that matches nobody lists the senders", "overlap_a.txt", "Sam", "Bob", "", `--contact "Bob" matches no sender`},
		{"the same sender twice is refused", "overlap_a.txt", "Sam", "sam", "", "same sender"},
		{"a group chat needs the contact", "group.txt", "Sam", "", "", "group chat: pass --contact NAME"},
		{"in a group chat the others are other", "group.txt", "Sam", "Alex", "mtot", ""},
		{"a full Telegram export knows me and needs the contact", "telegram_full.json", "", "", "", "several conversations"},
		{"a full Telegram export picks the contact's personal chat", "telegram_full.json", "", "Alex", "tm", ""},
		{"an SMS backup keeps the contact's numbers, however written", "backup.xml", "", "+44 (0)7700-900123", "tmt", ""},
		{"an SMS backup finds the contact by the name saved on the phone", "backup.xml", "", "dr who", "tm", ""},
		{"a saved name also finds a contact written under two numbers", "backup.xml", "", "alex", "tmt", ""},
		{"an SMS backup without a contact lists its conversations", "backup.xml", "", "", "", "Dr Who <+15550000001> (2 messages)"},
		{"an SMS conversation with only the contact's messages needs no --me", "one_sided.xml", "", "Alex", "tt", ""},
		{"--me Me is taken in an SMS conversation in which I wrote nothing", "one_sided.xml", "Me", "alex", "tt", ""},
		{"an SMS conversation with only my messages is the contact's", "one_sided.xml", "", "Dentist", "mm", ""},
		{"an SMS conversation chosen by number with only my messages", "one_sided.xml", "", "+1 555 000 0001", "mm", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := parse(t, tc.file)
			err := importer.Assign(c, tc.me, tc.contact)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || steady.ErrorCode(err) != steady.EInvalid {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := sides(c); got != tc.sides {
				t.Errorf("sides %s, want %s", got, tc.sides)
			}
		})
	}
}

func TestNotes(t *testing.T) {
	t.Run("unread lines are counted and named in the notes", func(t *testing.T) {
		c, err := importer.ParseFile(context.Background(), td("unread.txt"), importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Messages) != 3 || c.LeftOut() != 2 {
			t.Errorf("%d messages, %d left out; want 3 and 2", len(c.Messages), c.LeftOut())
		}
		want := []string{"2 lines could not be read: lines 2, 4"}
		if got := c.Notes(); !slices.Equal(got, want) {
			t.Errorf("notes %q, want %q", got, want)
		}
		if c.Unread[0].File != "unread.txt" {
			t.Errorf("unread %+v does not name the file", c.Unread[0])
		}
	})
	t.Run("several files name the file of each unread line", func(t *testing.T) {
		b, err := os.ReadFile(td("unread.txt"))
		if err != nil {
			t.Fatal(err)
		}
		other := filepath.Join(t.TempDir(), "later.txt")
		if err := os.WriteFile(other, append(b, "18/03/2022, 15:99 - Alex: again\n"...), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := importer.ParseFiles(context.Background(), []string{td("unread.txt"), other}, importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"5 lines could not be read: unread.txt lines 2, 4; later.txt lines 2, 4, 6"}
		if got := c.Notes(); !slices.Equal(got, want) {
			t.Errorf("notes %q, want %q", got, want)
		}
	})
	t.Run("past ten unread lines the note says how many more", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("18/03/2022, 14:56 - Sam: hi\n")
		for i := range 12 {
			fmt.Fprintf(&b, "18/03/2022, 14:%d - Sam: minute %d\n", 60+i, 60+i)
		}
		c, err := importer.Parse(context.Background(), strings.NewReader(b.String()), importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"12 lines could not be read: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, and 2 more"}
		if got := c.Notes(); !slices.Equal(got, want) {
			t.Errorf("notes %q, want %q", got, want)
		}
	})
	t.Run("a full Telegram export says which chats it left out", func(t *testing.T) {
		c, err := importer.ParseFile(context.Background(), td("telegram_full.json"), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := importer.Assign(c, "", "Alex"); err != nil {
			t.Fatal(err)
		}
		want := []string{"2 messages of 1 other conversation left out", "1 message of 1 chat (groups, channels, bots) left out"}
		if got := c.Notes(); !slices.Equal(got, want) || c.LeftOut() != 3 {
			t.Errorf("notes %q (%d left out), want %q", got, c.LeftOut(), want)
		}
	})
	t.Run("an SMS backup says what it left out besides the contact's conversation", func(t *testing.T) {
		c, err := importer.ParseFile(context.Background(), td("one_sided.xml"), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := importer.Assign(c, "", "Alex"); err != nil {
			t.Fatal(err)
		}
		want := []string{"1 draft, unsent or failed message left out (it belongs to no conversation)", "2 messages of 1 other conversation left out"}
		if got := c.Notes(); !slices.Equal(got, want) || c.LeftOut() != 3 {
			t.Errorf("notes %q (%d left out), want %q", got, c.LeftOut(), want)
		}
	})
	t.Run("a whole file read has no notes", func(t *testing.T) {
		c, err := importer.ParseFile(context.Background(), td("overlap_a.txt"), importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Notes(); len(got) != 0 || c.LeftOut() != 0 {
			t.Errorf("notes %q", got)
		}
	})
}

// manySenders is a WhatsApp export with n senders of one message each, the
// shape that made matching senders quadratic (issue 13).
func manySenders(tb testing.TB, n int) *importer.Chat {
	tb.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "1/1/21, 12:%02d - S%d: hi\n", i%60, i)
	}
	c, err := importer.Parse(context.Background(), strings.NewReader(b.String()), importer.Options{Location: time.UTC, Name: "senders.txt"})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestAssignWorkGrowsLinearly bounds the work of Assign by its allocations,
// which a quadratic comparison of senders multiplies: eight times the
// senders must cost about eight times the allocations, not sixty-four.
func TestAssignWorkGrowsLinearly(t *testing.T) {
	work := func(n int, me, contact string) float64 {
		c := manySenders(t, n)
		return testing.AllocsPerRun(1, func() { importer.Assign(c, me, contact) })
	}
	for _, tc := range []struct{ name, me, contact string }{
		{"a contact among thousands of senders", "", "S1"},
		{"me and contact among thousands of senders", "S0", "S1"},
	} {
		t.Run(tc.name+" costs work in proportion to the senders", func(t *testing.T) {
			small, large := work(500, tc.me, tc.contact), work(4000, tc.me, tc.contact)
			t.Logf("allocations: %.0f for 500 senders, %.0f for 4000", small, large)
			if large > 16*max(small, 50) || large > 20*4000 {
				t.Errorf("allocations: %.0f for 500 senders, %.0f for 4000", small, large)
			}
		})
	}
}

// cancelAfter is a reader that cancels its context once n bytes have been
// read, as Ctrl-C would in the middle of a large file.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

func TestParseStopsWhenCancelled(t *testing.T) {
	var b strings.Builder
	for i := range 200_000 {
		fmt.Fprintf(&b, "1/1/21, 12:%02d - S%d: hi\n", i%60, i)
	}
	for _, format := range []string{"", "whatsapp"} {
		t.Run("a parse cancelled after 1 MB stops with the context's error (format "+string(format)+")", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := &cancelAfter{r: strings.NewReader(b.String()), n: 1 << 20, cancel: cancel}
			_, err := importer.Parse(ctx, r, importer.Options{Format: format, Location: time.UTC, Name: "big.txt"})
			if !errors.Is(err, context.Canceled) || steady.ErrorCode(err) == steady.EInvalid {
				t.Fatalf("error %v (code %s), want context.Canceled", err, steady.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), "big.txt") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

// allocated runs f and returns how many bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestEncodings(t *testing.T) {
	texts := func(c *importer.Chat) string {
		var parts []string
		for _, m := range c.Messages {
			parts = append(parts, m.Sender+": "+m.Text)
		}
		return strings.Join(parts, " | ")
	}
	const zoe = "Zoë: Café at 5? It costs 4 €. | Sam: Très bien – see you"
	for _, tc := range []struct {
		name, file, encoding, want, note string
	}{
		{"a Latin-1 Telegram export is read as Windows-1252, and says so", "telegram_latin1.json", importer.Windows1252, zoe, "read as Windows-1252 (Latin-1)"},
		{"a Latin-1 Messenger export is read as Windows-1252, and says so", "messenger_latin1.json", importer.Windows1252, zoe, "read as Windows-1252 (Latin-1)"},
		{"a UTF-16 Telegram export with a BOM is decoded", "telegram_utf16.json", importer.UTF16LE, zoe, "read as UTF-16LE"},
		{"a big-endian UTF-16 Messenger export with a BOM is decoded", "messenger_utf16be.json", importer.UTF16BE, zoe, "read as UTF-16BE"},
		{"a Latin-1 CSV is read as Windows-1252", "chat_latin1.csv", importer.Windows1252, "Zoë: Café at 5? | Sam: Très bien", "Windows-1252"},
		{"a UTF-16 SMS backup that declares UTF-16 is read", "sms_utf16.xml", importer.UTF16LE, "+44 7700 900123: Grüße aus Köln | Me: Danke 👍", "UTF-16LE"},
		{"a UTF-8 file is read as it is, without a note", "message_1.json", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := importer.ParseFile(context.Background(), td(tc.file), importer.Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if c.Encoding != tc.encoding {
				t.Errorf("encoding %q, want %q", c.Encoding, tc.encoding)
			}
			if tc.want != "" && texts(c) != tc.want {
				t.Errorf("messages %q, want %q", texts(c), tc.want)
			}
			notes := strings.Join(c.Notes(), "\n")
			if tc.note == "" && notes != "" || !strings.Contains(notes, tc.note) {
				t.Errorf("notes %q, want %q", notes, tc.note)
			}
		})
	}
}

func TestEncodingErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		format     string
		line       int
		contains   []string
	}{
		{"invalid UTF-8 in a file that is UTF-8 elsewhere names its line", "messenger_mixed.json", "", 5, []string{"invalid UTF-8 in a file that is UTF-8 elsewhere", "0xE9"}},
		{"a NUL byte in a WhatsApp export names its line and column", "nul.txt", "", 2, []string{"NUL byte at column 32"}},
		{"a lone UTF-16 surrogate names its line", "utf16_lone_surrogate.txt", "", 2, []string{"lone surrogate"}},
		{"a JSON syntax error names its line", "telegram_syntax.json", "", 5, []string{"invalid JSON"}},
		{"--format telegram on a WhatsApp export names the line and the format it looks like", "overlap_a.txt", "telegram", 1,
			[]string{"not a JSON object", "it looks like a whatsapp export: leave out --format, or use --format whatsapp"}},
		{"--format messenger on a Telegram export says it looks like Telegram", "telegram_full.json", "messenger", 0, []string{"looks like a telegram export"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importer.ParseFile(context.Background(), td(tc.file), importer.Options{Format: tc.format, Location: time.UTC})
			var pe *importer.ParseError
			if !errors.As(err, &pe) || steady.ErrorCode(err) != steady.EInvalid {
				t.Fatalf("error %v, want a ParseError", err)
			}
			if pe.Line != tc.line || pe.File != tc.file {
				t.Errorf("error %q at %s line %d, want %s line %d", err, pe.File, pe.Line, tc.file, tc.line)
			}
			for _, s := range tc.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
	t.Run("a file of NUL bytes that no format reads says why", func(t *testing.T) {
		_, err := importer.Parse(context.Background(), bytes.NewReader([]byte("h\x00i\x00\n\x00")), importer.Options{Name: "x.txt"})
		if err == nil || !strings.Contains(err.Error(), "UTF-16 without a byte order mark") {
			t.Errorf("error %v", err)
		}
	})
}
