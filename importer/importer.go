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

// Format is one export format: it says what it is, recognizes its files
// by their first bytes and parses them into the one Export every format
// returns. Each format subpackage has one; Formats lists them.
type Format interface {
	// Info names the format and lists its own options.
	Info() Info
	// Detect reports whether head, a file's first bytes (up to 64 KiB,
	// UTF-16 already converted), is this format's. A format claims only
	// its own files: the formats are tried in any order.
	Detect(head []byte) bool
	// Parse reads a file of this format. Its errors name the file and
	// the line, or the JSON path or XML element (a *ParseError).
	Parse(r io.Reader, in Input) (*Export, error)
}

// Formats lists the formats steady reads, in the order the CLI and the
// web form offer them. A new format is one more line here.
func Formats() []Format {
	return []Format{whatsapp.Format{}, telegram.Format{}, messenger.Format{}, smsxml.Format{}, csvchat.Format{}}
}

// The types of the Format interface. They are defined in an internal
// package that the format subpackages share, since those cannot import
// this one.
type (
	// Info says what a format is: its name, title and options.
	Info = parse.Info
	// Option is a setting of one format (--date-order, --csv-layout).
	Option = parse.Option
	// Choice is an allowed value of an Option.
	Choice = parse.Choice
	// Input is what a format's parser is given besides the file.
	Input = parse.Input
	// Export is what every format's parser returns.
	Export = parse.Export
	// Thread is one conversation of a multi-conversation export. Its
	// Label is how Choices lists it; Assign takes the label, its name or
	// its number as the contact.
	Thread = parse.Thread
)

// Lookup returns the format a user named ("" = detect: nil).
func Lookup(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if name == "" {
		return nil, nil
	}
	for _, f := range Formats() {
		if f.Info().Name == name {
			return f, nil
		}
	}
	return nil, steady.Errorf(steady.EInvalid, "unknown format %q (want %s)", s, formatList())
}

func formatList() string {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Info().Name)
	}
	return strings.Join(names, ", ")
}

// FormatOptions lists the options of every format, each name once, in
// the order of Formats.
func FormatOptions() []Option {
	var opts []Option
	seen := make(map[string]bool)
	for _, f := range Formats() {
		for _, o := range f.Info().Options {
			if !seen[o.Name] {
				seen[o.Name] = true
				opts = append(opts, o)
			}
		}
	}
	return opts
}

// ErrFormatNotDetected is returned (wrapped in a *steady.Error with code
// EInvalid, whose message lists the formats) when a file is none of the
// supported formats.
var ErrFormatNotDetected = errors.New("format not detected")

// notDetected is the error of a file no format reads, named name.
func notDetected(name string) error {
	var list []string
	for _, f := range Formats() {
		info := f.Info()
		list = append(list, info.Name+" ("+info.Title+")")
	}
	return &steady.Error{Code: steady.EInvalid, Err: ErrFormatNotDetected,
		Message: fmt.Sprintf("import %s: %v; supported formats: %s; use --format to force one", displayName(name), ErrFormatNotDetected, strings.Join(list, ", "))}
}

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
	Format string // a format's name; "" = detect from the first bytes
	// Location is the zone for formats that give only wall-clock times
	// (WhatsApp; Telegram exports older than 2022; CSV layouts without a
	// zone). nil = time.Local.
	Location *time.Location
	// Name is the file name, used in errors and as Message.Source.
	Name string
	// Values are the values of the formats' options (FormatOptions), by
	// Option.Name: "date-order" → "dmy". The detected or named format
	// reads its own and ignores the others.
	Values map[string]string
}

// Chat is what an export holds, normalized.
type Chat struct {
	Format string // the format's name
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
	format, err := Lookup(opts.Format)
	if err != nil {
		return nil, err
	}
	if format == nil {
		format = detected
		if format == nil {
			if bytes.IndexByte(head, 0) >= 0 {
				return nil, userErr(&ParseError{File: opts.Name, Err: errors.New("the file holds NUL bytes: it is not text, or it is UTF-16 without a byte order mark; save it as UTF-8")})
			}
			return nil, notDetected(opts.Name)
		}
	}
	info := format.Info()
	for _, o := range info.Options {
		if err := o.Check(opts.Values[o.Name]); err != nil {
			return nil, steady.Errorf(steady.EInvalid, "%s %q: %v", strings.ReplaceAll(o.Name, "-", " "), opts.Values[o.Name], err)
		}
	}
	enc := decode(br, info.Windows1252)
	exp, err := format.Parse(enc, Input{Name: opts.Name, Location: opts.Location, Values: opts.Values, SizeHint: size})
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
		if detected != nil && detected.Info().Name != info.Name {
			name := detected.Info().Name
			return nil, &steady.Error{Code: steady.EInvalid, Err: err,
				Message: fmt.Sprintf("%v; it looks like a %s export: leave out --format, or use --format %s", err, name, name)}
		}
		return nil, userErr(err)
	}
	c := &Chat{Messages: exp.Messages, Unread: exp.Unread, Owner: exp.Owner, Threads: exp.Threads, thread: exp.ThreadOf,
		Skipped: exp.Skipped, SkippedChats: exp.SkippedChats, SkippedChatMessages: exp.SkippedChatMessages}
	c.Format = info.Name
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

// Detect returns the format of a file from its first bytes, or nil.
func Detect(head []byte) Format {
	head = decodeUTF16Head(head)
	for _, f := range Formats() {
		if f.Detect(head) {
			return f
		}
	}
	return nil
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
