// Package importer brings chat exports into steady: it detects the format
// of a file by its first bytes, hands it to the parser of that format (one
// subpackage each: whatsapp, telegram, messenger, smsxml, csvchat) and
// returns one model — the messages sorted by instant, each with a dedupe
// key that is stable across overlapping exports, and the senders found.
// Assign then says who is the user and who is the contact.
//
// docs/IMPORT.md describes every format, how to get it from the phone, and
// the limits.
package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/csvchat"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/messenger"
	"github.com/steadyhq/steady/importer/smsxml"
	"github.com/steadyhq/steady/importer/telegram"
	"github.com/steadyhq/steady/importer/whatsapp"
)

// Format names an export format.
type Format string

const (
	WhatsApp  Format = "whatsapp"  // WhatsApp "Export chat" .txt (or the .zip holding it)
	Telegram  Format = "telegram"  // Telegram Desktop result.json
	Messenger Format = "messenger" // Facebook Messenger / Instagram message_N.json
	SMS       Format = "sms"       // Android "SMS Backup & Restore" XML
	CSV       Format = "csv"       // time,sender,text
)

// Formats lists the supported formats, in the order detection tries them.
var Formats = []Format{WhatsApp, Telegram, Messenger, SMS, CSV}

// ParseFormat checks a format name given by the user ("" = detect).
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if f == "" || slices.Contains(Formats, f) {
		return f, nil
	}
	return "", steady.Errorf(steady.EInvalid, "unknown format %q (want %s)", s, formatList())
}

func formatList() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// ErrFormatNotDetected is returned (wrapped in a *steady.Error with code
// EInvalid) when a file is none of the supported formats.
var ErrFormatNotDetected = errors.New("format not detected; supported formats: " +
	"whatsapp (WhatsApp \"Export chat\" .txt or .zip), " +
	"telegram (Telegram Desktop result.json), " +
	"messenger (Facebook Messenger / Instagram message_1.json), " +
	"sms (SMS Backup & Restore .xml), " +
	"csv (a time,sender,text header row); use --format to force one")

// ParseError is the error of a malformed, truncated, oversized or wrongly
// encoded file: it names the file and the line, or the JSON path or XML
// element. Parse returns it wrapped in a *steady.Error with code EInvalid;
// errors.As finds it.
type ParseError = parse.Error

// Unread is a part of a file that could not be read and was left out of
// the import (a WhatsApp message whose header holds no possible date or
// time): Chat.Unread lists them and Chat.Notes says so.
type Unread = parse.Unread

// Options configure Parse.
type Options struct {
	Format Format // "" = detect from the first bytes
	// Location is the zone for formats that give only wall-clock times
	// (WhatsApp; Telegram exports older than 2022; CSV layouts without a
	// zone). nil = time.Local.
	Location *time.Location
	// Name is the file name, used in errors and as Message.Source.
	Name string
	// CSVLayout is the time layout of a CSV file (Go reference-time
	// notation); "" = RFC 3339.
	CSVLayout string
	// DateOrder reads ambiguous WhatsApp dates (3/6/18) day-first ("dmy")
	// or month-first ("mdy"); "" decides from the whole file.
	DateOrder string
}

// Chat is what an export holds, normalized.
type Chat struct {
	Format Format
	// Messages are sorted by instant, file order breaking ties. Sender,
	// At, Kind, Text, Source and Key are set; Side is SideUnknown until
	// Assign.
	Messages []steady.Message
	// Senders are the distinct senders of messages someone sent (every
	// kind but system lines), with counts, most first.
	Senders []SenderCount
	// Owner is the exporting user's sender name when the export says so
	// (a Telegram full export; "Me" in an SMS backup), else "".
	Owner string
	// Threads lists the conversations of an export that holds several (an
	// SMS backup, a Telegram full export with several personal chats);
	// nil when it holds one. Assign keeps the contact's.
	Threads []Thread
	// Unread lists what could not be read and was left out, in file order.
	Unread []Unread
	// Skipped counts the entries of the file left out because they are no
	// message of a conversation (SMS drafts, unsent and failed messages)
	// and SkippedChats the chats a full Telegram export holds besides the
	// one-to-one ones (groups, channels, bots), with their messages in
	// SkippedChatMessages.
	Skipped, SkippedChats, SkippedChatMessages int
	// OtherThreads and OtherMessages count the conversations, and their
	// messages, that Assign left out to keep the contact's.
	OtherThreads, OtherMessages int
	// Encoding is the encoding the file was converted from (UTF16LE,
	// UTF16BE, Windows1252), or "" for UTF-8.
	Encoding string

	thread []int // index in Threads for each message, when Threads is set
}

// SenderCount is a sender and the number of their messages.
type SenderCount struct {
	Name  string
	Count int
}

// Thread is one conversation of a multi-conversation export.
type Thread struct {
	Name     string // the contact's name when known, else the address
	Address  string // phone number or other id, when the export has one
	Group    bool
	Messages int
}

// Parse detects the format of r (unless opts.Format is set) and parses it.
// It stops when ctx is done, with an error that wraps ctx.Err().
func Parse(ctx context.Context, r io.Reader, opts Options) (*Chat, error) {
	var size int64
	if l, ok := r.(interface{ Len() int }); ok { // bytes.Reader, strings.Reader, bytes.Buffer
		size = int64(l.Len())
	}
	return parseReader(ctx, r, opts, size)
}

// ctxReader stops reading when its context is done, which stops every
// parser, since each reads its input as it goes.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// stopped is the error of a parse that ctx ended, whatever error the
// parser made of its failed read.
func stopped(ctx context.Context, name string) error {
	return fmt.Errorf("import %s: stopped: %w", displayName(name), ctx.Err())
}

// sniffLen is how much of a file detection looks at: enough for a JSON
// export's first keys and a text export's first line.
const sniffLen = 64 << 10

func parseReader(ctx context.Context, r io.Reader, opts Options, size int64) (*Chat, error) {
	br := bufio.NewReaderSize(ctxReader{ctx, r}, sniffLen)
	head, err := br.Peek(sniffLen)
	if ctx.Err() != nil {
		return nil, stopped(ctx, opts.Name)
	}
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, userErr(&ParseError{File: opts.Name, Err: fmt.Errorf("read: %w", err)})
	}
	if opts.Format == "" && isBackup(head) {
		// Not a chat export: ErrFormatNotDetected, with what to do instead.
		return nil, &steady.Error{Code: steady.EInvalid, Err: ErrFormatNotDetected,
			Message: "import " + displayName(opts.Name) + ": this is a steady backup, not a chat export: bring it back with steady restore FILE"}
	}
	detected := Detect(head)
	format := opts.Format
	if format == "" {
		format = detected
		if format == "" {
			if bytes.IndexByte(head, 0) >= 0 {
				return nil, userErr(&ParseError{File: opts.Name, Err: errors.New("the file holds NUL bytes: it is not text, or it is UTF-16 without a byte order mark; save it as UTF-8")})
			}
			return nil, steady.Errorf(steady.EInvalid, "import %s: %w", displayName(opts.Name), ErrFormatNotDetected)
		}
	} else if _, err := ParseFormat(string(format)); err != nil {
		return nil, err
	}
	enc := decode(br, format == Telegram || format == Messenger || format == CSV)
	c, err := parseAs(enc, format, opts, size)
	if ctx.Err() != nil {
		return nil, stopped(ctx, opts.Name)
	}
	if derr := enc.err(); derr != nil {
		err = derr
	}
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) && pe.File == "" {
			pe.File = opts.Name
		}
		if detected != "" && detected != format {
			return nil, &steady.Error{Code: steady.EInvalid, Err: err,
				Message: fmt.Sprintf("%v; it looks like a %s export: leave out --format, or use --format %s", err, detected, detected)}
		}
		return nil, userErr(err)
	}
	c.Format = format
	c.Encoding = enc.name()
	for i := range c.Unread {
		c.Unread[i].File = opts.Name
	}
	if len(c.Messages) == 0 {
		return nil, userErr(&ParseError{File: opts.Name, Err: errors.New("no messages found in this export")})
	}
	if err := finish(c, opts.Name); err != nil {
		return nil, userErr(err)
	}
	return c, nil
}

func displayName(name string) string {
	if name == "" {
		return "input"
	}
	return name
}

// userErr marks a parse error as the user's (code EInvalid), keeping the
// *ParseError for errors.As.
func userErr(err error) error {
	var se *steady.Error
	if errors.As(err, &se) {
		return err
	}
	return &steady.Error{Code: steady.EInvalid, Message: err.Error(), Err: err}
}

// isBackup reports whether head begins steady's own export (steady
// export, "Download my data"): a JSON object whose first keys are its
// version and the moment of the export.
func isBackup(head []byte) bool {
	head = bytes.TrimLeft(decodeUTF16Head(head), " \t\r\n\ufeff")
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	head = head[:min(len(head), 256)]
	return bytes.Contains(head, []byte(`"version"`)) && bytes.Contains(head, []byte(`"exported_at"`))
}

// Detect returns the format of a file from its first bytes, or "".
func Detect(head []byte) Format {
	head = decodeUTF16Head(head)
	switch {
	case smsxml.Detect(head):
		return SMS
	case messenger.Detect(head):
		return Messenger
	case telegram.Detect(head):
		return Telegram
	case whatsapp.Detect(head):
		return WhatsApp
	case csvchat.Detect(head):
		return CSV
	}
	return ""
}

func parseAs(r io.Reader, format Format, opts Options, size int64) (*Chat, error) {
	name := opts.Name
	switch format {
	case WhatsApp:
		exp, err := whatsapp.Parse(r, whatsapp.Options{Location: opts.Location, Name: name, DateOrder: whatsapp.DateOrder(opts.DateOrder), SizeHint: size})
		if err != nil {
			return nil, err
		}
		return &Chat{Messages: exp.Messages, Unread: exp.Unread}, nil
	case CSV:
		msgs, err := csvchat.Parse(r, csvchat.Options{Name: name, Layout: opts.CSVLayout, Location: opts.Location, SizeHint: size})
		if err != nil {
			return nil, err
		}
		return &Chat{Messages: msgs}, nil
	case Messenger:
		t, err := messenger.Parse(r, messenger.Options{Name: name})
		if err != nil {
			return nil, err
		}
		return &Chat{Messages: t.Messages}, nil
	case Telegram:
		exp, err := telegram.Parse(r, telegram.Options{Location: opts.Location, Name: name})
		if err != nil {
			return nil, err
		}
		return fromTelegram(exp), nil
	case SMS:
		b, err := smsxml.Parse(r, smsxml.Options{Name: name})
		if err != nil {
			return nil, err
		}
		c := &Chat{Messages: b.Messages, Owner: smsxml.Me, thread: b.ThreadOf, Skipped: b.Skipped}
		for _, t := range b.Threads {
			c.Threads = append(c.Threads, Thread{Name: t.Name, Address: t.Address, Group: t.Group})
		}
		return c, nil
	}
	return nil, steady.Errorf(steady.EInvalid, "unknown format %q (want %s)", format, formatList())
}

func fromTelegram(exp *telegram.Export) *Chat {
	c := &Chat{Owner: exp.Owner, SkippedChats: exp.SkippedChats, SkippedChatMessages: exp.SkippedMessages}
	if len(exp.Chats) == 1 {
		c.Messages = exp.Chats[0].Messages
		return c
	}
	for i, ch := range exp.Chats {
		c.Threads = append(c.Threads, Thread{Name: ch.Name, Address: fmt.Sprint(ch.ID), Group: ch.Type != "" && ch.Type != "personal_chat"})
		c.Messages = append(c.Messages, ch.Messages...)
		for range ch.Messages {
			c.thread = append(c.thread, i)
		}
	}
	return c
}

// ParseFile parses the file at path. A .zip (WhatsApp "Export chat" with
// media) is opened and its _chat.txt, or its single .txt, is parsed. It
// stops when ctx is done.
func ParseFile(ctx context.Context, p string, opts Options) (*Chat, error) {
	if opts.Name == "" {
		opts.Name = filepath.Base(p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, steady.Errorf(steady.EInvalid, "import: %w", err)
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
		if st.IsDir() {
			return nil, steady.Errorf(steady.EInvalid, "import %s: is a folder; give the export file itself", opts.Name)
		}
	}
	var magic [4]byte
	if n, _ := io.ReadFull(f, magic[:]); n == 4 && string(magic[:]) == "PK\x03\x04" {
		return parseZip(ctx, f, size, opts)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, steady.Errorf(steady.EInvalid, "import %s: %w", opts.Name, err)
	}
	return parseReader(ctx, f, opts, size)
}

// ParseZip parses a WhatsApp export archive of size bytes read from r:
// its _chat.txt, or its single .txt. ParseFile does this for a .zip at a
// path; ParseZip serves a caller that holds the archive in a file it has
// already unlinked, so that nothing of it outlives a crash. It stops when
// ctx is done.
func ParseZip(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*Chat, error) {
	return parseZip(ctx, r, size, opts)
}

// parseZip finds the chat text in a WhatsApp export archive.
func parseZip(ctx context.Context, f io.ReaderAt, size int64, opts Options) (*Chat, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, userErr(&ParseError{File: opts.Name, Err: fmt.Errorf("not a readable zip archive: %w", err)})
	}
	var chat *zip.File
	var txts []*zip.File
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() || strings.HasPrefix(zf.Name, "__MACOSX/") {
			continue
		}
		base := path.Base(zf.Name)
		if base == "_chat.txt" {
			chat = zf
			break
		}
		if strings.EqualFold(path.Ext(base), ".txt") {
			txts = append(txts, zf)
		}
	}
	if chat == nil {
		if len(txts) != 1 {
			return nil, userErr(&ParseError{File: opts.Name, Err: fmt.Errorf("the archive holds %d .txt files and no _chat.txt; unzip it and import the chat's .txt", len(txts))})
		}
		chat = txts[0]
	}
	// The sizes are the archive's word, but its reader holds each entry
	// to them: a chat cannot unpack to more than it says.
	if chat.UncompressedSize64 > parse.MaxText {
		return nil, userErr(&ParseError{File: opts.Name, Path: brief(chat.Name), Err: fmt.Errorf("unpacks to %s, over the %d MiB limit: %w", mib(chat.UncompressedSize64), parse.MaxText>>20, parse.ErrTooLarge)})
	}
	if un, packed := chat.UncompressedSize64, chat.CompressedSize64; un > 1<<20 && un > parse.MaxZipRatio*max(packed, 1) {
		return nil, userErr(&ParseError{File: opts.Name, Path: brief(chat.Name), Err: fmt.Errorf("unpacks to %s from %s, %d to 1 where a chat's text packs about 4 to 1: a zip bomb, not a chat export",
			mib(un), mib(packed), un/max(packed, 1))})
	}
	rc, err := chat.Open()
	if err != nil {
		return nil, userErr(&ParseError{File: opts.Name, Err: fmt.Errorf("open %s: %w", chat.Name, err)})
	}
	defer rc.Close()
	opts.Name = opts.Name + "/" + chat.Name
	return parseReader(ctx, rc, opts, int64(chat.UncompressedSize64))
}

// mib is a size for an error message.
func mib(n uint64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KiB", (n+1023)>>10)
	}
	return fmt.Sprintf("%d MiB", (n+(1<<19))>>20)
}

// brief cuts a name from an archive to what an error message can show.
func brief(s string) string {
	if len(s) <= 80 {
		return s
	}
	cut := 80
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// ParseFiles parses several files of one chat (Messenger's message_1.json,
// message_2.json …; or overlapping exports) and merges them: messages
// sorted by instant, a message whose key an earlier file already had
// dropped, senders recounted.
func ParseFiles(ctx context.Context, paths []string, opts Options) (*Chat, error) {
	switch len(paths) {
	case 0:
		return nil, steady.Errorf(steady.EInvalid, "import: no file given")
	case 1:
		// No merge: spare the copy of what may be a million messages.
		o := opts
		o.Name = ""
		return ParseFile(ctx, paths[0], o)
	}
	var out *Chat
	seen := make(map[string]bool)
	threadIdx := make(map[string]int)
	for _, p := range paths {
		o := opts
		o.Name = ""
		c, err := ParseFile(ctx, p, o)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = &Chat{Format: c.Format, Owner: c.Owner}
		} else if c.Format != out.Format {
			return nil, steady.Errorf(steady.EInvalid, "import: %s is %s but %s is %s; give the files of one chat", filepath.Base(p), c.Format, filepath.Base(paths[0]), out.Format)
		}
		if out.Owner == "" {
			out.Owner = c.Owner
		}
		out.Unread = append(out.Unread, c.Unread...)
		if c.Encoding != "" {
			out.Encoding = c.Encoding
		}
		out.Skipped += c.Skipped
		out.SkippedChats += c.SkippedChats
		out.SkippedChatMessages += c.SkippedChatMessages
		for i, m := range c.Messages {
			if seen[m.Key] {
				continue
			}
			seen[m.Key] = true
			out.Messages = append(out.Messages, m)
			if c.thread != nil {
				t := c.Threads[c.thread[i]]
				id := t.Address + "\x00" + t.Name
				j, ok := threadIdx[id]
				if !ok {
					j = len(out.Threads)
					threadIdx[id] = j
					t.Messages = 0
					out.Threads = append(out.Threads, t)
				}
				for len(out.thread) < len(out.Messages)-1 {
					out.thread = append(out.thread, -1)
				}
				out.thread = append(out.thread, j)
			}
		}
	}
	if out.thread != nil {
		for len(out.thread) < len(out.Messages) {
			out.thread = append(out.thread, -1)
		}
	}
	out.sortMessages()
	out.count()
	return out, nil
}
