package web

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer"
)

// importResponse is what an import answers. Notes are the sentences the
// CLI's summary adds to its counts (importer.Chat.Summary): how many of
// the messages read count for the rhythm ("16 of the 60 count…; kept but
// not counted: 30 media without text…"), what the import left out of the
// file ("2 lines could not be read: lines 14, 31") and how it read it;
// absent when there is nothing to say.
type importResponse struct {
	Contact contactView    `json:"contact"`
	Import  *steady.Import `json:"import"`
	// Summary is the summary's first line, as the CLI prints it
	// (importer.Imported); the page shows it with the notes.
	Summary string   `json:"summary"`
	Notes   []string `json:"notes,omitempty"`
}

// maxField bounds a form field of the upload (a name, a zone).
const maxField = 4 << 10

// apiImport is POST /api/v1/imports: a multipart form whose fields
// (contact, and optionally me, format, tz, date_order, csv_layout) come
// before the file part "file". The file is parsed as it arrives — never
// held in memory whole — except a .zip, which needs random access and is
// spooled to a temporary file first.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > s.cfg.MaxUpload {
		return errStatus(http.StatusRequestEntityTooLarge, "the export is too large: the limit is "+humanBytes(s.cfg.MaxUpload))
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return errStatus(http.StatusUnsupportedMediaType, "send the export as multipart/form-data with the file in a part named \"file\"")
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return steady.Errorf(steady.EInvalid, "no file was sent: choose the chat export to import")
		}
		if err != nil {
			return uploadError(err)
		}
		name := part.FormName()
		if part.FileName() == "" {
			if !formField(name) {
				return steady.Errorf(steady.EInvalid, "unknown form field %q", name)
			}
			b, err := io.ReadAll(io.LimitReader(part, maxField+1))
			if err != nil {
				return uploadError(err)
			}
			if len(b) > maxField {
				return steady.Errorf(steady.EInvalid, "form field %q is too long", name)
			}
			fields[name] = strings.TrimSpace(string(b))
			continue
		}
		if name != "file" {
			return steady.Errorf(steady.EInvalid, "the file must be sent in a part named \"file\", not %q", name)
		}
		res, err := s.importFile(r.Context(), part, filepath.Base(part.FileName()), fields)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, res)
		return nil
	}
}

// formField reports whether name is a field of the import form besides
// the file: the contact, the user, the format, the zone, and the formats'
// own options.
func formField(name string) bool {
	switch name {
	case "contact", "me", "format", "tz":
		return true
	}
	for _, o := range importer.FormatOptions() {
		if name == optionField(o) {
			return true
		}
	}
	return false
}

// optionField is the form field of a format's option: date_order for
// --date-order.
func optionField(o importer.Option) string {
	return strings.ReplaceAll(o.Name, "-", "_")
}

// uploadError keeps a body past the limit a 413 and makes any other read
// failure a 400 (a client that broke off, a malformed form).
func uploadError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return errStatus(http.StatusRequestEntityTooLarge, "the export is too large: the limit is "+humanBytes(mb.Limit))
	}
	return steady.Errorf(steady.EInvalid, "the upload could not be read: %v", err)
}

func (s *Server) importFile(ctx context.Context, body io.Reader, fileName string, f map[string]string) (*importResponse, error) {
	contact := f["contact"]
	if _, err := importer.Lookup(f["format"]); err != nil {
		return nil, err
	}
	values := make(map[string]string)
	for _, o := range importer.FormatOptions() {
		v := f[optionField(o)]
		if err := o.Check(v); err != nil {
			return nil, steady.Errorf(steady.EInvalid, "%s %q: %v", strings.ReplaceAll(o.Name, "-", " "), v, err)
		}
		values[o.Name] = v
	}
	loc, err := s.loc(ctx)
	if err != nil {
		return nil, err
	}
	if tz := f["tz"]; tz != "" {
		if loc, err = time.LoadLocation(tz); err != nil {
			return nil, steady.Errorf(steady.EInvalid, "unknown time zone %q (an IANA name such as Europe/Berlin)", tz)
		}
	}
	opts := importer.Options{Format: f["format"], Location: loc, Name: fileName, Values: values}

	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(body, h), 64<<10)
	var chat *importer.Chat
	if magic, _ := br.Peek(4); string(magic) == "PK\x03\x04" {
		chat, err = s.importZip(ctx, br, opts)
	} else {
		chat, err = importer.Parse(ctx, br, opts)
	}
	if err != nil {
		return nil, webWords(uploadErrorOr(err))
	}
	// Read what the parser left (a trailing newline) so the hash is the
	// whole file's, as the CLI's is.
	if _, err := io.Copy(io.Discard, br); err != nil {
		return nil, uploadError(err)
	}
	if contact == "" {
		return nil, webWords(steady.Errorf(steady.EInvalid, "say whose chat this is: the contact's name is required. This export holds %s", chat.Choices()))
	}
	if err := importer.Assign(chat, f["me"], contact); err != nil {
		return nil, webWords(err)
	}
	home, err := s.loc(ctx)
	if err != nil {
		return nil, err
	}
	imp := &steady.Import{FileName: fileName, FileHash: hex.EncodeToString(h.Sum(nil)), Format: chat.Format, Skipped: chat.LeftOut()}
	c, err := s.imports.Import(ctx, importer.ContactName(contact), imp, chat.Messages, home)
	if err != nil {
		return nil, err
	}
	v, err := s.contactView(ctx, c)
	if err != nil {
		return nil, err
	}
	return &importResponse{Contact: v, Import: imp, Summary: importer.Imported(imp, c.Name), Notes: chat.Summary()}, nil
}

// uploadErrorOr keeps a body past the limit a 413 even when the importer
// wrapped the read error into its own.
func uploadErrorOr(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return uploadError(err)
	}
	return err
}

// importZip spools a WhatsApp .zip to a private temporary file and reads
// the chat from it. The file's name is removed as soon as it is created:
// the open file is all the reading needs, and a server killed mid-upload
// then leaves nothing behind for a restart or "forget everything" to miss
// (the system frees an unlinked file when its last holder goes). Where an
// open file cannot be removed (Windows), it is removed when done, and
// RemoveUploads sweeps what a crash left.
func (s *Server) importZip(ctx context.Context, r io.Reader, opts importer.Options) (*importer.Chat, error) {
	tmp, err := os.CreateTemp(s.cfg.TempDir, uploadPattern)
	if err != nil {
		return nil, fmt.Errorf("import: temporary file: %w", err)
	}
	defer tmp.Close()
	if os.Remove(tmp.Name()) != nil {
		defer os.Remove(tmp.Name())
	}
	body := &readErr{r: r}
	n, err := io.Copy(tmp, body)
	if body.err != nil {
		return nil, uploadError(body.err) // the client's: it broke off, or sent too much
	}
	if err != nil {
		return nil, fmt.Errorf("import: spool the archive: %w", err)
	}
	return importer.ParseZip(ctx, tmp, n, opts)
}

// readErr keeps the error of reading r, to tell it from one of writing.
type readErr struct {
	r   io.Reader
	err error
}

func (e *readErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}

// uploadPattern names the temporary files of uploads (os.CreateTemp).
const uploadPattern = "steady-upload-*.zip"

// RemoveUploads removes from dir the temporary files of uploads that a
// server stopped mid-upload left there: none on a system that lets an
// open file be unlinked (see importZip), but an older steady, or one on
// Windows, may have left some. steady serve calls it at start-up on its
// data folder, and "forget everything" calls it too.
func RemoveUploads(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, uploadPattern))
	if err != nil {
		return fmt.Errorf("remove uploads: %w", err)
	}
	var errs []error
	for _, name := range names {
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("remove uploads: %w", err)
	}
	return nil
}

// webWords rewrites the CLI flags an importer message names into the
// fields of the upload form.
func webWords(err error) error {
	var se *steady.Error
	if !errors.As(err, &se) {
		return err
	}
	words := []string{"--me NAME", `"Your name in the chat"`, "--contact NAME", `"Their name"`,
		"--me", `"Your name in the chat"`, "--contact", `"Their name"`,
		"use --format to force one", `choose one under "If steady can't read it"`,
		"--tz", `"Time zone"`,
		"steady restore FILE", `"Restore from a backup" on the Privacy page`}
	for _, o := range importer.FormatOptions() {
		words = append(words, "--"+o.Name, `"`+o.Label+`"`)
	}
	msg := strings.NewReplacer(words...).Replace(se.Message)
	return &steady.Error{Code: se.Code, Message: msg, Err: err}
}
