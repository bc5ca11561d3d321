package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer"
)

// importMemoryLimit keeps a million-message import inside 300 MB: the
// parsed messages take most of it, and the garbage collector works harder
// near the limit instead of letting the heap double.
const importMemoryLimit = 240 << 20

// progressMin is the file size from which an import shows a progress bar.
const progressMin = 4 << 20

func (a *app) importCmd() *cobra.Command {
	var (
		contact, me, format, tz, data string
		asJSON                        bool
		// the formats' own options (--date-order, --csv-layout), by name
		values = make(map[string]*string)
	)
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Bring a chat export with one contact into steady",
		Long: `Import a chat export of one of these formats (several files of one chat, such
as Messenger's message_N.json, at once):

` + formatHelp() + `
The format is detected; --format forces it. See docs/IMPORT.md.

--contact names the person (created on first import); without it, the
conversations or senders of the file are listed. --me names you as the export
shows you. When they can't be told apart, the error lists the senders found.
Re-importing, or importing a later export that overlaps, adds only the new
messages. An import is all or nothing; the summary says what of the file it
left out (lines that could not be read, other conversations). Ctrl-C stops it.`,
		Example: `  steady import --contact Alex "WhatsApp Chat with Alex.txt"
  steady import --contact Alex --me Sam --tz Europe/Berlin chat.zip
  steady import --contact "+44 7700 900123" sms-backup.xml`,
		Args: usageArgs(cobra.MinimumNArgs(1), "steady import --contact NAME FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := importer.Lookup(format); err != nil {
				return err
			}
			vals := make(map[string]string)
			for _, o := range importer.FormatOptions() {
				v := *values[o.Name]
				if err := o.Check(v); err != nil {
					return usagef("steady import --"+o.Name+" "+o.Choices[0].Value+" FILE", "--%s %q: %v", o.Name, v, err)
				}
				vals[o.Name] = v
			}
			ctx, stop := untilInterrupted(cmd.Context())
			defer stop()
			if strings.TrimSpace(contact) == "" {
				return a.whoseChat(ctx, args, importer.Options{Format: format, Values: vals}, tz)
			}
			db, err := a.openStore(ctx, data)
			if err != nil {
				return stoppedOr(ctx, err)
			}
			defer db.Close()
			sv := newServices(db)
			loc, err := a.zone(ctx, sv, tz)
			if err != nil {
				return stoppedOr(ctx, err)
			}
			opts := importer.Options{Format: format, Location: loc, Values: vals}
			prev := debug.SetMemoryLimit(importMemoryLimit)
			defer debug.SetMemoryLimit(prev)
			chat, sum, err := a.parseExport(ctx, args, opts)
			if err != nil {
				return stoppedOr(ctx, err)
			}
			if err := importer.Assign(chat, me, contact); err != nil {
				return err
			}
			// A conversation named by its whole label is kept under its name.
			contact = importer.ContactName(contact)
			home, err := a.zone(ctx, sv, "")
			if err != nil {
				return stoppedOr(ctx, err)
			}
			imp := &steady.Import{FileName: strings.Join(baseNames(args), ", "), FileHash: sum, Format: chat.Format, Skipped: chat.LeftOut()}
			c, err := a.importService(sv).Import(ctx, contact, imp, chat.Messages, home)
			if err != nil {
				return stoppedOr(ctx, err)
			}
			if asJSON {
				return writeJSON(a.stdout, imp, true)
			}
			fmt.Fprintf(a.stdout, "%s.\n", importer.Imported(imp, c.Name))
			for _, n := range chat.Summary() {
				fmt.Fprintf(a.stdout, "%s%s.\n", strings.ToUpper(n[:1]), n[1:])
			}
			fmt.Fprintf(a.stdout, "Next: steady stats %q, or steady check --contact %q draft.txt\n", c.Name, c.Name)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&contact, "contact", "", "the person this chat is with (required; without it the file's conversations or senders are listed); created on first import")
	fl.StringVar(&me, "me", "", "your name as the export shows it (when it can't be inferred)")
	var names []string
	for _, f := range importer.Formats() {
		names = append(names, f.Info().Name)
	}
	fl.StringVar(&format, "format", "", "force the format: "+strings.Join(names, ", "))
	fl.StringVar(&tz, "tz", "", "time zone the exporting phone was in, for formats without one (default: your profile's, else this machine's)")
	for _, o := range importer.FormatOptions() {
		values[o.Name] = fl.String(o.Name, "", o.Usage)
	}
	fl.StringVar(&data, "data", "", "the data folder (default: $STEADY_DATA_DIR, else $XDG_DATA_HOME/steady)")
	fl.BoolVar(&asJSON, "json", false, "print the import record as JSON")
	return cmd
}

// formatHelp lists the formats for the import command's help, a line each.
func formatHelp() string {
	var b strings.Builder
	for _, f := range importer.Formats() {
		info := f.Info()
		fmt.Fprintf(&b, "  %-10s %s\n", info.Name, info.Title)
	}
	return b.String()
}

// stoppedOr says that an import stopped by Ctrl-C or SIGTERM, at whatever
// step, added nothing; other errors pass.
func stoppedOr(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return errors.New("import stopped: no messages were added (an import is one transaction)")
	}
	return err
}

// whoseChat answers an import without --contact: it reads the file (in
// the --tz zone or this machine's, without opening the store) and lists
// the conversations or senders to choose from.
func (a *app) whoseChat(ctx context.Context, paths []string, opts importer.Options, tz string) error {
	opts.Location = a.localZone()
	if tz != "" {
		loc, err := a.zone(ctx, nil, tz)
		if err != nil {
			return err
		}
		opts.Location = loc
	}
	chat, _, err := a.parseExport(ctx, paths, opts)
	if err != nil {
		return stoppedOr(ctx, err)
	}
	return usagef("steady import --contact NAME FILE", "--contact is required: whose chat is it? This export holds %s", chat.Choices())
}

// parseExport parses one or more files of one chat and returns the chat
// with the hex SHA-256 of the files' bytes, read once.
func (a *app) parseExport(ctx context.Context, paths []string, opts importer.Options) (*importer.Chat, string, error) {
	h := sha256.New()
	if len(paths) > 1 {
		for _, p := range paths {
			if err := hashFile(h, p); err != nil {
				return nil, "", err
			}
		}
		chat, err := importer.ParseFiles(ctx, paths, opts)
		return chat, hex.EncodeToString(h.Sum(nil)), err
	}
	path := paths[0]
	opts.Name = filepath.Base(path)
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		if err := hashFile(h, path); err != nil {
			return nil, "", err
		}
		chat, err := importer.ParseFile(ctx, path, opts)
		return chat, hex.EncodeToString(h.Sum(nil)), err
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, "", steady.Errorf(steady.EInvalid, "import: %w", err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("import %s: %w", path, err)
	}
	r := &sizedReader{r: io.TeeReader(fh, h), left: st.Size()}
	var src io.Reader = r
	if a.isTerminal(a.stderr) && st.Size() >= progressMin {
		bar := progressbar.NewOptions64(st.Size(),
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription("importing "+opts.Name),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		defer bar.Finish()
		src = &sizedReader{r: io.TeeReader(r, bar), left: st.Size()}
	}
	chat, err := importer.Parse(ctx, src, opts)
	return chat, hex.EncodeToString(h.Sum(nil)), err
}

// sizedReader reports how many bytes are left (Len), so the importer can
// size its buffers once, as it does for a file it opens itself.
type sizedReader struct {
	r    io.Reader
	left int64
}

func (s *sizedReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.left -= int64(n)
	return n, err
}

func (s *sizedReader) Len() int { return int(max(s.left, 0)) }

func hashFile(h hash.Hash, path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return steady.Errorf(steady.EInvalid, "import: %w", err)
	}
	defer fh.Close()
	if _, err := io.Copy(h, fh); err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	return nil
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

// zone returns the time zone: the --tz flag, else the profile's, else the
// machine's.
func (a *app) zone(ctx context.Context, sv *services, flag string) (*time.Location, error) {
	name := flag
	if name == "" && sv != nil {
		p, err := sv.profiles.Profile(ctx)
		if err != nil {
			return nil, fmt.Errorf("profile: %w", err)
		}
		name = p.TimeZone
	}
	if name == "" {
		return a.localZone(), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usagef("--tz Europe/Berlin", "unknown time zone %q (an IANA name such as Europe/Berlin or America/New_York)", name)
	}
	return loc, nil
}
