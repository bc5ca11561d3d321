package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/steadyhq/steady"
)

// Ensure the service implements the interface.
var _ steady.MessageService = (*MessageService)(nil)

// MessageService keeps the messages imported from chat exports.
type MessageService struct {
	db *DB

	// Progress, when set, is called by ImportMessages as rows are written:
	// done of total messages so far. It runs inside the import's
	// transaction, so it must be quick; the CLI draws its progress bar
	// from it. Every call of this service shares it: a server that imports
	// for several clients at once uses BeginImport and counts its own
	// batches instead.
	Progress func(done, total int)
}

// NewMessageService returns the message service of db.
func NewMessageService(db *DB) *MessageService {
	return &MessageService{db: db}
}

// importBatch is the number of rows one INSERT statement carries. Fewer
// statements mean fewer trips through the driver; 256 rows imported a
// little faster than 64 or 1,024 (BenchmarkImport, 300,000 messages:
// 3.1, 3.4 and 3.3 µs a message).
const importBatch = 256

// rowArgs is the number of arguments each row adds to an INSERT: the
// contact id is bound once per statement, as ?1.
const rowArgs = 8

// ImportMessages adds msgs to the contact's history in one transaction.
// See steady.MessageService.
func (s *MessageService) ImportMessages(ctx context.Context, contactID int64, imp *steady.Import, msgs []steady.Message) error {
	mi, err := s.begin(ctx, contactID, imp)
	if err != nil {
		return err
	}
	defer mi.Rollback()
	if s.Progress != nil {
		mi.progress = func(done int) { s.Progress(done, len(msgs)) }
	}
	if err := mi.Add(ctx, msgs); err != nil {
		return err
	}
	return mi.Commit(ctx)
}

// BeginImport starts an import that messages are added to in batches.
func (s *MessageService) BeginImport(ctx context.Context, contactID int64, imp *steady.Import) (steady.MessageImport, error) {
	mi, err := s.begin(ctx, contactID, imp)
	if err != nil {
		return nil, err
	}
	return mi, nil
}

// messageImport is one import's transaction. It runs on a connection of
// its own rather than a *sql.Tx, so that it can span the caller's calls to
// Add; BEGIN IMMEDIATE takes the write lock at the start, so that nothing
// else changes the messages while it runs.
type messageImport struct {
	db        *DB
	conn      *sql.Conn
	contactID int64
	imp       *steady.Import
	progress  func(done int)

	// before is the largest message id when the import began: the
	// import's rows are exactly those with a larger id. first says the
	// contact had no messages then.
	before int64
	first  bool
	// labels maps sender and source names to their message_labels ids.
	labels map[string]int64
	// lastID is the id of the last message added; sides counts the
	// messages added by side code.
	lastID int64
	sides  [4]int

	// The rows not yet written, as the driver's arguments: the contact id
	// (?1), then rowArgs values a row. full is the prepared INSERT of
	// importBatch rows.
	full    driver.Stmt
	args    []driver.NamedValue
	pending int

	// The labels of the last message, which the next one most often
	// shares.
	lastSender, lastSource     string
	lastSenderID, lastSourceID int64

	read, added int
	failed      bool // an Add failed: the import can only be rolled back
	closed      bool
}

func (s *MessageService) begin(ctx context.Context, contactID int64, imp *steady.Import) (_ *messageImport, err error) {
	conn, err := s.db.write.Conn(ctx)
	if err != nil {
		return nil, wrap("begin import", err)
	}
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		conn.Close()
		return nil, wrap("begin import", err)
	}
	mi := &messageImport{db: s.db, conn: conn, contactID: contactID, imp: imp}
	defer func() {
		if err != nil {
			mi.Rollback()
		}
	}()
	if err := contactExists(ctx, conn, contactID); err != nil {
		return nil, wrap("begin import", err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM messages`).Scan(&mi.before); err != nil {
		return nil, wrap("begin import", err)
	}
	mi.lastID = mi.before
	var had int64
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM message_counts WHERE contact_id = ?`, contactID).Scan(&had); err != nil {
		return nil, wrap("begin import", err)
	}
	mi.first = had == 0
	if mi.labels, err = labelIDs(ctx, conn, contactID); err != nil {
		return nil, wrap("begin import", err)
	}
	if mi.full, err = mi.prepare(ctx, importBatch); err != nil {
		return nil, wrap("begin import", err)
	}
	mi.args = make([]driver.NamedValue, 1+importBatch*rowArgs)
	for i := range mi.args {
		mi.args[i].Ordinal = i + 1
	}
	mi.args[0].Value = contactID
	return mi, nil
}

// Add adds a batch of messages to the import.
func (mi *messageImport) Add(ctx context.Context, msgs []steady.Message) error {
	if mi.closed || mi.failed {
		return steady.Errorf(steady.EInternal, "import of %s: add after the import ended or failed", mi.imp.FileName)
	}
	if err := mi.add(ctx, msgs); err != nil {
		mi.failed = true
		return wrap("import messages", err)
	}
	return nil
}

func (mi *messageImport) add(ctx context.Context, msgs []steady.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	for i := range msgs {
		m := &msgs[i]
		if m.Key == "" {
			return steady.Errorf(steady.EInvalid, "message %d of %s has no dedupe key", mi.read+i+1, mi.imp.FileName)
		}
		if m.At.IsZero() {
			return steady.Errorf(steady.EInvalid, "message %d of %s has no time", mi.read+i+1, mi.imp.FileName)
		}
		if _, off := m.At.Zone(); off < -maxOffset || off > maxOffset {
			return steady.Errorf(steady.EInvalid, "message %d of %s is at UTC offset %d s, beyond ±18 h", mi.read+i+1, mi.imp.FileName, off)
		}
	}
	for i := range msgs {
		m := &msgs[i]
		mi.read++
		if m.Sender != mi.lastSender || mi.lastSenderID == 0 {
			id, err := mi.label(ctx, m.Sender)
			if err != nil {
				return err
			}
			mi.lastSender, mi.lastSenderID = m.Sender, id
		}
		if m.Source != mi.lastSource || mi.lastSourceID == 0 {
			id, err := mi.label(ctx, m.Source)
			if err != nil {
				return err
			}
			mi.lastSource, mi.lastSourceID = m.Source, id
		}
		_, off := m.At.Zone()
		row := mi.args[1+mi.pending*rowArgs:][:rowArgs]
		row[0].Value = m.At.UnixMilli()
		row[1].Value = int64(off)
		row[2].Value = sideCode(m.Side)
		row[3].Value = kindCode(m.Kind)
		row[4].Value = mi.lastSenderID
		row[5].Value = mi.lastSourceID
		row[6].Value = m.Text
		row[7].Value = m.Key
		mi.pending++
		if mi.pending == importBatch {
			if err := mi.flush(ctx, mi.full); err != nil {
				return err
			}
		}
	}
	return nil
}

// The bulk insert talks to the driver directly, through sql.Conn.Raw:
// database/sql would check and convert each of the 2,000 arguments of
// every statement, about a tenth of an import's CPU time in a profile of
// BenchmarkImport. The driver statements belong to the import's
// connection and are used only inside Raw, which holds that connection.

// prepare prepares the INSERT of n rows on the import's connection.
func (mi *messageImport) prepare(ctx context.Context, n int) (stmt driver.Stmt, err error) {
	err = mi.conn.Raw(func(dc any) error {
		stmt, err = dc.(driver.ConnPrepareContext).PrepareContext(ctx, insertSQL(n))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("prepare insert: %w", err)
	}
	return stmt, nil
}

// closeStmt closes a statement made by prepare.
func (mi *messageImport) closeStmt(stmt driver.Stmt) error {
	return mi.conn.Raw(func(any) error { return stmt.Close() })
}

// flush writes the pending rows with stmt, an INSERT of exactly that many.
func (mi *messageImport) flush(ctx context.Context, stmt driver.Stmt) error {
	var n, last int64
	err := mi.conn.Raw(func(any) error {
		res, err := stmt.(driver.StmtExecContext).ExecContext(ctx, mi.args[:1+mi.pending*rowArgs])
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		last, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("insert messages: %w", err)
	}
	// Count the added rows by side for message_counts.
	switch {
	case n == int64(mi.pending):
		for r := range mi.pending {
			mi.sides[mi.args[1+r*rowArgs+2].Value.(int64)]++
		}
	case n > 0:
		// Some rows were duplicates: count those that went in, by the ids
		// they got. With AUTOINCREMENT and the write lock held, that is
		// every id after the last one this import saw.
		if err := mi.countSides(ctx, mi.lastID, last); err != nil {
			return err
		}
	}
	if n > 0 {
		mi.lastID = last
	}
	mi.added += int(n)
	// Let go of the batch's strings: they belong to the caller's messages.
	for i := 1; i < len(mi.args); i++ {
		mi.args[i].Value = nil
	}
	mi.pending = 0
	if mi.progress != nil {
		mi.progress(mi.read)
	}
	return nil
}

// countSides adds the messages with ids in (from, to] to sides.
func (mi *messageImport) countSides(ctx context.Context, from, to int64) error {
	rows, err := mi.conn.QueryContext(ctx, `SELECT side, COUNT(*) FROM messages WHERE id > ? AND id <= ? GROUP BY side`, from, to)
	if err != nil {
		return fmt.Errorf("count added messages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var side, n int64
		if err := rows.Scan(&side, &n); err != nil {
			return fmt.Errorf("count added messages: %w", err)
		}
		if side >= 0 && side < int64(len(mi.sides)) {
			mi.sides[side] += int(n)
		}
	}
	return rows.Err()
}

// label returns the message_labels id of name, adding it when new.
func (mi *messageImport) label(ctx context.Context, name string) (int64, error) {
	if id, ok := mi.labels[name]; ok {
		return id, nil
	}
	res, err := mi.conn.ExecContext(ctx, `INSERT INTO message_labels (contact_id, value) VALUES (?, ?)`, mi.contactID, name)
	if err != nil {
		return 0, fmt.Errorf("add label: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("add label: %w", err)
	}
	mi.labels[name] = id
	return id, nil
}

// Commit writes what is pending, records slips and the import, and
// commits.
func (mi *messageImport) Commit(ctx context.Context) error {
	if mi.closed || mi.failed {
		return steady.Errorf(steady.EInternal, "import of %s: commit after the import ended or failed", mi.imp.FileName)
	}
	if err := mi.commit(ctx); err != nil {
		mi.Rollback()
		return wrap("import messages", err)
	}
	return nil
}

func (mi *messageImport) commit(ctx context.Context) error {
	if mi.pending > 0 {
		stmt, err := mi.prepare(ctx, mi.pending)
		if err != nil {
			return err
		}
		err = mi.flush(ctx, stmt)
		if cerr := mi.closeStmt(stmt); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	slips, err := recordSlips(ctx, mi.conn, mi.contactID, mi.before, 0)
	if err != nil {
		return err
	}
	for side, n := range mi.sides {
		if n == 0 {
			continue
		}
		if _, err := mi.conn.ExecContext(ctx, `
			INSERT INTO message_counts (contact_id, side, n) VALUES (?, ?, ?)
			ON CONFLICT (contact_id, side) DO UPDATE SET n = n + excluded.n`, mi.contactID, side, n); err != nil {
			return fmt.Errorf("count messages: %w", err)
		}
	}
	imp := mi.imp
	// The version is read here, under the write lock, for the caller to
	// file what it computes from these messages under: read after the
	// commit, it may already be another import's.
	bump := 0
	if mi.added > 0 {
		bump = 1
	}
	if err := mi.conn.QueryRowContext(ctx, `UPDATE contacts SET messages_version = messages_version + ? WHERE id = ? RETURNING messages_version`,
		bump, mi.contactID).Scan(&imp.Version); err != nil {
		return fmt.Errorf("bump messages version: %w", err)
	}
	imp.First = mi.first
	if imp.At.IsZero() {
		imp.At = mi.db.Now()
	}
	imp.At = fromMillis(millis(imp.At))
	imp.ContactID = mi.contactID
	imp.Read, imp.Added, imp.Duplicate, imp.Slips = mi.read, mi.added, mi.read-mi.added, slips
	res, err := mi.conn.ExecContext(ctx, `
		INSERT INTO imports (contact_id, file_name, file_hash, format, read_n, added_n, duplicate_n, skipped_n, slips_n, at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		mi.contactID, imp.FileName, imp.FileHash, imp.Format, imp.Read, imp.Added, imp.Duplicate, imp.Skipped, imp.Slips, millis(imp.At))
	if err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	if imp.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	if err := mi.closeStmt(mi.full); err != nil {
		return err
	}
	mi.full = nil
	if _, err := mi.conn.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	mi.closed = true
	return mi.conn.Close()
}

// Rollback abandons the import; after Commit it does nothing.
func (mi *messageImport) Rollback() error {
	if mi.closed {
		return nil
	}
	mi.closed = true
	if mi.full != nil {
		_ = mi.closeStmt(mi.full)
	}
	// The caller's context may be what ended the import: roll back
	// regardless of it.
	_, err := mi.conn.ExecContext(context.Background(), `ROLLBACK`)
	if err != nil {
		// A connection whose transaction state is unknown must not go
		// back to the pool: tell database/sql to throw it away.
		_ = mi.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	if cerr := mi.conn.Close(); err == nil {
		err = cerr
	}
	return wrap("roll back import", err)
}

// maxOffset is the largest UTC offset a message may have, in seconds:
// real zones stay within 14 h, and selectMessage packs offsets of up to
// ±18 h.
const maxOffset = 18 * 3600

// insertSQL is an INSERT OR IGNORE of n message rows, the contact id bound
// once as ?1. OR IGNORE drops a row whose (contact, instant, key) is
// stored already, and counts it out of RowsAffected.
func insertSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT OR IGNORE INTO messages (contact_id, at_ms, offset_s, side, kind, sender_id, source_id, text, key) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`(?1,?,?,?,?,?,?,?,?)`)
	}
	return b.String()
}

// labelIDs returns the contact's message labels by name.
func labelIDs(ctx context.Context, q querier, contactID int64) (map[string]int64, error) {
	names, err := labelNames(ctx, q, contactID)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(names))
	for id, name := range names {
		ids[name] = id
	}
	return ids, nil
}

// labelNames returns the message labels of the contact (of every contact
// when contactID is 0) by id.
func labelNames(ctx context.Context, q querier, contactID int64) (map[int64]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, value FROM message_labels WHERE ? = 0 OR contact_id = ?`, contactID, contactID)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	defer rows.Close()
	names := make(map[int64]string)
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		names[id] = name
	}
	return names, rows.Err()
}

// recordSlips records as slips the user's messages of the contact with an
// id above afterID that fall inside one of the contact's no-contact
// periods (only period periodID when it is not 0), and returns how many
// it recorded. Only typed text and media count: a missed-call line is not
// the user reaching out in words. A message already recorded as a slip of
// a period is not recorded again.
func recordSlips(ctx context.Context, q querier, contactID, afterID, periodID int64) (int, error) {
	res, err := q.ExecContext(ctx, `
		INSERT OR IGNORE INTO slips (period_id, at_ms, note, message_id)
		SELECT p.id, m.at_ms, '', m.id
		FROM nocontact_periods p
		JOIN messages m ON m.contact_id = p.contact_id
			AND m.at_ms >= p.start_ms
			AND (p.end_ms IS NULL OR m.at_ms < p.end_ms)
		WHERE p.contact_id = ? AND (? = 0 OR p.id = ?)
			AND m.id > ? AND m.side = ? AND m.kind IN (?, ?)`,
		contactID, periodID, periodID, afterID, sideCode(steady.SideMe), kindCode(steady.KindText), kindCode(steady.KindMedia))
	if err != nil {
		return 0, fmt.Errorf("record slips: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Imports lists the contact's imports, oldest first.
func (s *MessageService) Imports(ctx context.Context, contactID int64) (imps []*steady.Import, err error) {
	err = s.db.view(ctx, func(q querier) error {
		if err := contactExists(ctx, q, contactID); err != nil {
			return err
		}
		imps, err = findImports(ctx, q, `WHERE contact_id = ?`, contactID)
		return err
	})
	return imps, wrap("imports", err)
}

func findImports(ctx context.Context, q querier, where string, args ...any) ([]*steady.Import, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, contact_id, file_name, file_hash, format, read_n, added_n, duplicate_n, skipped_n, slips_n, at_ms
		FROM imports `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	imps := []*steady.Import{}
	for rows.Next() {
		var imp steady.Import
		var at int64
		if err := rows.Scan(&imp.ID, &imp.ContactID, &imp.FileName, &imp.FileHash, &imp.Format,
			&imp.Read, &imp.Added, &imp.Duplicate, &imp.Skipped, &imp.Slips, &at); err != nil {
			return nil, err
		}
		imp.At = fromMillis(at)
		imps = append(imps, &imp)
	}
	return imps, rows.Err()
}

// selectMessage reads messages m in six columns: the small integers of a
// message travel packed in two. Each column costs the driver a few calls
// (and a lock) per row, and a check reads thousands of rows: ten columns
// took half again as long (see BenchmarkRead1M). scanMessages unpacks
// them; the ids and offsets are far below the bits they get (offset_s is
// within ±18 h, so offset_s+65536 fits 17 bits).
const selectMessage = `SELECT m.id, m.at_ms,
	(m.contact_id << 32) | ((m.offset_s + 65536) << 8) | (m.side << 4) | m.kind,
	(m.sender_id << 32) | m.source_id,
	m.text, m.key FROM messages m `

// queryMessages runs selectMessage+where+tail for the contact's messages
// and reads them, with sender and source names. It returns ENotFound when
// there is no such contact. The reads share one snapshot, so that a
// concurrent import cannot add a message whose names were not yet read.
// With count, it first counts the rows where selects (from the index
// alone) to allocate the result once: growing a slice of a million
// messages took a third of the time to read them.
func (s *MessageService) queryMessages(ctx context.Context, contactID int64, where, tail string, count bool, args ...any) (msgs []steady.Message, err error) {
	err = s.db.view(ctx, func(q querier) error {
		if err := contactExists(ctx, q, contactID); err != nil {
			return err
		}
		labels, err := labelNames(ctx, q, contactID)
		if err != nil {
			return err
		}
		n := 0
		if count {
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages m `+where, args...).Scan(&n); err != nil {
				return err
			}
		}
		rows, err := q.QueryContext(ctx, selectMessage+where+tail, args...)
		if err != nil {
			return err
		}
		msgs, err = scanMessages(rows, labels, n)
		return err
	})
	return msgs, err
}

// scanMessages reads rows of selectMessage and closes them; n is how many
// there will be, when known.
func scanMessages(rows *sql.Rows, labels map[int64]string, n int) ([]steady.Message, error) {
	defer rows.Close()
	// Messages of one export share a handful of offsets: make each zone
	// once rather than once per message.
	zones := map[int64]*time.Location{0: time.UTC}
	msgs := make([]steady.Message, 0, n)
	for rows.Next() {
		var m steady.Message
		var at, meta, names int64
		if err := rows.Scan(&m.ID, &at, &meta, &names, &m.Text, &m.Key); err != nil {
			return nil, err
		}
		m.ContactID = meta >> 32
		off := (meta>>8)&0xffffff - 65536
		m.Side = sideFromCode(meta >> 4 & 0xf)
		m.Kind = kindFromCode(meta & 0xf)
		m.Sender = labels[names>>32]
		m.Source = labels[names&0xffffffff]
		loc, ok := zones[off]
		if !ok {
			loc = time.FixedZone("", int(off))
			zones[off] = loc
		}
		m.At = time.UnixMilli(at).In(loc)
		msgs = append(msgs, m)
	}
	return msgs, rows.Err()
}

// sortTies puts messages with the same contact and instant in the order
// they were added (by id). Queries return messages in the order of the
// (contact_id, at_ms, key) index, which within one instant is key order:
// asking SQLite for "at_ms, id" instead makes it push every row through a
// sorter, which doubled the time to read a rhythm window. Runs of one
// instant are short (a few messages in the same minute), so an insertion
// sort of each run is as good as free.
func sortTies(msgs []steady.Message) {
	for i := 1; i < len(msgs); i++ {
		for j := i; j > 0; j-- {
			a, b := &msgs[j-1], &msgs[j]
			if a.ContactID != b.ContactID || !a.At.Equal(b.At) || a.ID < b.ID {
				break
			}
			*a, *b = *b, *a
		}
	}
}

// RecentMessages returns every message at or after since and at least the
// last atLeast messages. See steady.MessageService.
func (s *MessageService) RecentMessages(ctx context.Context, contactID int64, since time.Time, atLeast int) ([]steady.Message, error) {
	cutoff := millis(since)
	if since.IsZero() {
		// A zero since asks for the last atLeast messages only.
		cutoff = 1<<63 - 1
	}
	where := `WHERE m.contact_id = ?1 AND m.at_ms >= ?2`
	args := []any{contactID, cutoff}
	if atLeast > 0 {
		args = append(args, atLeast-1)
		// Lower the cutoff to the instant of the atLeast-th newest message,
		// found by walking the index backwards over atLeast entries; with
		// fewer messages than that, take them all.
		where = `WHERE m.contact_id = ?1 AND m.at_ms >= MIN(?2, COALESCE(
			(SELECT at_ms FROM messages WHERE contact_id = ?1 ORDER BY at_ms DESC LIMIT 1 OFFSET ?3),
			-9223372036854775808))`
	}
	msgs, err := s.queryMessages(ctx, contactID, where, ` ORDER BY m.at_ms`, true, args...)
	sortTies(msgs)
	return msgs, wrap("recent messages", err)
}

// LastMessage returns the newest message that counts for rhythm.
func (s *MessageService) LastMessage(ctx context.Context, contactID int64) (*steady.Message, error) {
	msgs, err := s.queryMessages(ctx, contactID, `
		WHERE m.contact_id = ? AND m.side IN (?, ?) AND m.kind IN (?, ?)`,
		` ORDER BY m.at_ms DESC, m.id DESC LIMIT 1`, false,
		contactID, sideCode(steady.SideMe), sideCode(steady.SideThem), kindCode(steady.KindText), kindCode(steady.KindMedia))
	if err != nil {
		return nil, wrap("last message", err)
	}
	if len(msgs) == 0 {
		return nil, steady.Errorf(steady.ENotFound, "no messages with contact %d yet: import a chat export first", contactID)
	}
	return &msgs[0], nil
}

// MessagesBetween returns the messages in [from, to).
func (s *MessageService) MessagesBetween(ctx context.Context, contactID int64, from, to time.Time) ([]steady.Message, error) {
	lo, hi := int64(-1<<63), int64(1<<63-1)
	if !from.IsZero() {
		lo = millis(from)
	}
	if !to.IsZero() {
		hi = millis(to)
	}
	msgs, err := s.queryMessages(ctx, contactID, `
		WHERE m.contact_id = ? AND m.at_ms >= ? AND m.at_ms < ?`, ` ORDER BY m.at_ms`, true, contactID, lo, hi)
	sortTies(msgs)
	return msgs, wrap("messages between", err)
}

// defaultSearchLimit is how many results a search returns unless asked.
const defaultSearchLimit = 50

// SearchMessages finds messages by the words of their text, newest first.
// It first brings the search index up to date (see IndexSearch).
//
// The matches taken are the last imported (the index yields them by
// message id, from the end, and stops at limit), then sorted by time:
// sorting every match by time first took most of a second for a common
// word in a million messages. The two orders differ only for messages an
// overlapping import filled in later.
func (s *MessageService) SearchMessages(ctx context.Context, contactID int64, query string, limit int) ([]steady.Message, error) {
	match := ftsQuery(query)
	if match == "" {
		return nil, steady.Errorf(steady.EInvalid, "search for what? %q has no word to look for", query)
	}
	if n := strings.Count(match, `"`) / 2; n > maxSearchWords {
		return nil, steady.Errorf(steady.EInvalid, "a search holds at most %d words, not %d", maxSearchWords, n)
	}
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	if _, err := s.IndexSearch(ctx); err != nil {
		return nil, err
	}
	msgs, err := s.queryMessages(ctx, contactID, `
		JOIN messages_fts f ON f.rowid = m.id
		WHERE messages_fts MATCH ? AND m.contact_id = ?`, ` ORDER BY f.rowid DESC LIMIT ?`, false, match, contactID, limit)
	slices.SortStableFunc(msgs, func(a, b steady.Message) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return msgs, wrap("search messages", err)
}

// IndexSearch adds the words of messages imported since the last call to
// the search index, and returns how many messages it indexed. Imports
// leave this for later to stay fast; SearchMessages calls it, and a
// program may call it after an import so that the first search is quick.
func (s *MessageService) IndexSearch(ctx context.Context) (int, error) {
	// Most calls find nothing to do: check on a reader first, without
	// waiting for the write lock an import may hold.
	var upto, maxID int64
	if err := s.db.read.QueryRowContext(ctx, `SELECT (SELECT indexed_upto FROM search_state), (SELECT COALESCE(MAX(id), 0) FROM messages)`).Scan(&upto, &maxID); err != nil {
		return 0, wrap("index search", err)
	}
	if maxID <= upto {
		return 0, nil
	}
	var n int64
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT indexed_upto FROM search_state`).Scan(&upto); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO messages_fts (rowid, text)
			SELECT id, text FROM messages WHERE id > ? AND text <> ''`, upto)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE search_state SET indexed_upto = (SELECT COALESCE(MAX(id), 0) FROM messages)`)
		return err
	})
	return int(n), wrap("index search", err)
}

// maxSearchWords is the most words a search may hold: each word is a
// lookup in the index, and a search box never needs more.
const maxSearchWords = 16

// ftsQuery turns what a person types into an FTS5 query: each word a
// quoted term, all of them required, words of three or more letters
// matching as prefixes too. Quoting means no character of the input is
// read as FTS5 syntax, so no input is a syntax error. Short words match
// whole only: the prefix "t" stands for every word starting with t, which
// took 150 ms to gather in a million messages, and helps nobody find a
// message.
func ftsQuery(q string) string {
	words := strings.FieldsFunc(q, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r)
	})
	for i, w := range words {
		words[i] = `"` + w + `"`
		if utf8.RuneCountInString(w) >= 3 {
			words[i] += `*`
		}
	}
	return strings.Join(words, " ")
}

// CountMessages counts the contact's messages by side, from the counts
// imports keep.
func (s *MessageService) CountMessages(ctx context.Context, contactID int64) (*steady.MessageCounts, error) {
	var c steady.MessageCounts
	err := s.db.view(ctx, func(q querier) error {
		if err := contactExists(ctx, q, contactID); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT side, n FROM message_counts WHERE contact_id = ?`, contactID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var side, n int64
			if err := rows.Scan(&side, &n); err != nil {
				return err
			}
			switch sideFromCode(side) {
			case steady.SideMe:
				c.Mine += int(n)
			case steady.SideThem:
				c.Theirs += int(n)
			case steady.SideOther:
				c.Other += int(n)
			default:
				c.Unknown += int(n)
			}
			c.Total += int(n)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if c.Total == 0 {
			return nil
		}
		// A MIN or a MAX alone in a query reads one end of the index;
		// both in one query read all of the contact's entries.
		var first, last int64
		if err := q.QueryRowContext(ctx, `SELECT MIN(at_ms) FROM messages WHERE contact_id = ?`, contactID).Scan(&first); err != nil {
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT MAX(at_ms) FROM messages WHERE contact_id = ?`, contactID).Scan(&last); err != nil {
			return err
		}
		c.First, c.Last = fromMillis(first), fromMillis(last)
		return nil
	})
	if err != nil {
		return nil, wrap("count messages", err)
	}
	return &c, nil
}

// MessagesVersion returns the contact's messages version.
func (s *MessageService) MessagesVersion(ctx context.Context, contactID int64) (int64, error) {
	var v int64
	err := s.db.read.QueryRowContext(ctx, `SELECT messages_version FROM contacts WHERE id = ?`, contactID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, steady.Errorf(steady.ENotFound, "no contact with id %d", contactID)
	}
	return v, wrap("messages version", err)
}

// The codes sides and kinds are stored as. They are written out rather
// than taken from the Go constants' values, so that reordering those
// constants cannot change what stored rows mean.
func sideCode(s steady.Side) int64 {
	switch s {
	case steady.SideMe:
		return 1
	case steady.SideThem:
		return 2
	case steady.SideOther:
		return 3
	}
	return 0
}

func sideFromCode(c int64) steady.Side {
	switch c {
	case 1:
		return steady.SideMe
	case 2:
		return steady.SideThem
	case 3:
		return steady.SideOther
	}
	return steady.SideUnknown
}

func kindCode(k steady.Kind) int64 {
	switch k {
	case steady.KindMedia:
		return 1
	case steady.KindSystem:
		return 2
	case steady.KindDeleted:
		return 3
	}
	return 0
}

func kindFromCode(c int64) steady.Kind {
	switch c {
	case 1:
		return steady.KindMedia
	case 2:
		return steady.KindSystem
	case 3:
		return steady.KindDeleted
	}
	return steady.KindText
}
