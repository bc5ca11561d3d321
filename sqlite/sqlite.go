// Package sqlite keeps steady's data in one SQLite file, with the pure Go
// driver modernc.org/sqlite so that the build needs no cgo. It implements
// the service interfaces of package steady; nothing outside cmd/ should
// import it.
//
// The schema lives in migration/*.sql, embedded in the binary and applied
// in name order on Open, each file in its own transaction and recorded in
// the migrations table.
//
// Shape, and why (numbers from the benchmarks in bench_test.go):
//
//   - One write connection and a few read-only ones on a WAL file:
//     writers of one process queue in Go, and reads go on during an
//     import, seeing the store as it was before it.
//   - An import is one transaction on its own connection, written with
//     multi-row INSERT OR IGNORE statements through the driver directly;
//     the only index on messages, UNIQUE (contact_id, at_ms, key), both
//     drops duplicates and serves every read by time.
//   - Imports keep per-side counts and a per-contact messages version, so
//     that counting a history and caching what is computed from it
//     (CacheService) cost nothing however long the history is.
//   - The search index is filled on the first search after an import, not
//     during it, and emptied and refilled when a contact is forgotten.
//   - Deleted content is overwritten (secure_delete) and the WAL truncated
//     after a forget, so the file keeps nothing of it.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/steadyhq/steady"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open steady database.
//
// It holds two pools on the same file: one connection for writing, so
// that writers of this process queue in Go rather than fight over the
// file lock, and a few read-only connections, which WAL mode lets read
// while a long import writes.
type DB struct {
	write  *sql.DB
	read   *sql.DB
	closed bool

	// version is the read connection kept for DataVersion (data_version
	// is per connection), opened on first use; versionEpoch counts its
	// openings, so that a new connection's numbers never repeat an old
	// one's.
	versionMu    sync.Mutex
	version      *sql.Conn
	versionEpoch int64

	// Path is the database file.
	Path string

	// Now returns the current time; tests replace it. Every service reads
	// the clock only through it.
	Now func() time.Time
}

// Open opens (creating when needed) the database file at path and brings
// its schema up to date. The folder is created with mode 0700 and the file
// with 0600: both hold private conversations.
func Open(path string) (*DB, error) {
	return OpenWith(path, Options{})
}

// Options are the ways a DB may be opened.
type Options struct {
	// MapReads has the read connections map the file rather than copy
	// pages into memory of their own: for a command that runs once,
	// about 0.5 ms less (a tenth of its page faults on this VM). The
	// cost is that a disk error while reading, or the file truncated in
	// place by another program, ends the process rather than returning
	// an error, which a long-running server should not risk.
	MapReads bool
}

// OpenWith is Open with options.
func OpenWith(path string, opts Options) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: open: create data folder: %w", err)
	}
	if err := create(abs); err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	return open(abs, opts)
}

// create makes the database file at path when there is none. It is built
// under another name — WAL mode, page size, schema — and linked into place
// only when complete, so that commands started together on a new data
// folder never share a file that is not yet in WAL mode: there, SQLite
// fails one of two first writers at once ("database is locked") rather
// than let them wait for each other. The file is private from the start
// (os.CreateTemp makes it 0600; its -wal and -shm files take its mode).
// Where hard links are not to be had, the file is made in place, as
// before.
func create(path string) error {
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil // there, or an error that opening it will report
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".new-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
	}()
	db, err := open(tmp, Options{})
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	err = os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil // made here, or by another command meanwhile
	}
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// open opens the database file at path, which exists, and brings its
// schema up to date.
func open(abs string, opts Options) (*DB, error) {
	var err error
	db := &DB{Path: abs, Now: time.Now}
	// The writer's page cache holds what an import is writing until it
	// spills to the WAL. A 1,000,000-message import was no faster with
	// 8 MB or 16 MB than with 4 MB, and each MB of cache cost about four
	// of peak memory (see BenchmarkImport), which an import of a large
	// export cannot spare.
	if db.write, err = sql.Open("sqlite", writeDSN(abs)); err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	db.write.SetMaxOpenConns(1)
	// The writer connection is kept for the life of the DB: its page cache
	// is what makes the next import fast.
	db.write.SetConnMaxIdleTime(0)

	if db.read, err = sql.Open("sqlite", readDSN(abs, opts.MapReads)); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	db.read.SetMaxOpenConns(4)
	db.read.SetMaxIdleConns(4)

	if err := db.migrate(context.Background()); err != nil {
		db.read.Close()
		db.write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	return db, nil
}

// writeDSN is the data source name of the write connection, which also
// creates the file and sets it up.
//
// synchronous=NORMAL is safe in WAL mode (a crash never corrupts the file
// nor exposes half a transaction; only the last commits before a power cut
// may be lost) and saves an fsync per commit. secure_delete overwrites
// deleted content, so that "forget" really forgets. temp_store=MEMORY
// keeps statement journals off the disk. page_size applies to a new file
// only: 16 KiB pages made imports a quarter faster than the default 4 KiB,
// since the WAL and the checkpoint write a page per system call. WAL lets
// readers go on while an import writes; the driver applies its shorthand
// key after every _pragma, as it must: page_size can no longer change
// once the file is in WAL mode. The transaction starts IMMEDIATE, and the
// page cache is 4 MB (see Open).
func writeDSN(path string) string {
	pragmas := []string{"busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)",
		"secure_delete(1)", "temp_store(MEMORY)", "page_size(16384)", "cache_size(-4096)"}
	return fileDSN(path, pragmas, "_journal_mode=WAL", "_txlock=immediate")
}

// readDSN is the data source name of the read-only connections: only
// what a reader needs, since each setting is a statement SQLite parses at
// every connection, and a command that checks one draft opens one. WAL
// mode is the file's, set by the write connection when it created it;
// the settings of writing (synchronous, secure_delete, foreign keys, page
// size) change nothing for a reader. With mapped (Options.MapReads) a
// page is read where the OS already holds it; what a reader sees is
// unchanged, pages the WAL holds newer copies of being read from the WAL.
func readDSN(path string, mapped bool) string {
	pragmas := []string{"busy_timeout(10000)", "query_only(1)"}
	if mapped {
		pragmas = append(pragmas, "mmap_size(1073741824)")
	}
	return fileDSN(path, pragmas)
}

// fileDSN builds the driver's data source name: a file: URI, so that a
// path with '?' or '#' in it stays one path, with these pragmas and then
// the driver's own keys.
func fileDSN(path string, pragmas []string, keys ...string) string {
	q := make([]string, 0, len(pragmas)+len(keys))
	for _, p := range pragmas {
		q = append(q, "_pragma="+url.QueryEscape(p))
	}
	q = append(q, keys...)
	// url.URL.String writes "file:///path" with the path %-escaped; SQLite
	// reads that URI form and decodes the escapes.
	return (&url.URL{Scheme: "file", Path: path}).String() + "?" + strings.Join(q, "&")
}

var _ steady.ChangeService = (*DB)(nil)

// DataVersion is SQLite's data_version on a connection kept for it: it
// changes whenever another connection — the writer of this process, or
// any connection of another — commits.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	db.versionMu.Lock()
	defer db.versionMu.Unlock()
	if db.version == nil {
		c, err := db.read.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("sqlite: data version: %w", err)
		}
		db.version = c
		db.versionEpoch++
	}
	var v int64
	if err := db.version.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		db.version.Close()
		db.version = nil
		return 0, fmt.Errorf("sqlite: data version: %w", err)
	}
	return db.versionEpoch<<40 | v&(1<<40-1), nil
}

// Close closes the database. Closing it again does nothing.
func (db *DB) Close() error {
	if db.closed {
		return nil
	}
	db.closed = true
	var errs []error
	db.versionMu.Lock()
	if db.version != nil {
		errs = append(errs, db.version.Close())
		db.version = nil
	}
	db.versionMu.Unlock()
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		// Fold the WAL back into the file so that one file holds the data
		// when steady is not running.
		errs = append(errs, db.Checkpoint(context.Background()), db.write.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// migrate creates the migrations table and runs every migration file not
// recorded in it, in name order, each in its own transaction: a failing
// migration leaves the database as the previous one left it.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	if db.migrated(ctx, names) {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: create migrations table: %w", err)
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

// migrated reports whether every migration is recorded, read on a read
// connection: the usual case, which then needs no write lock, and a
// command that only reads never opens the write connection. Any error
// (a new, empty file has no migrations table) means "not known to be",
// and migrate takes the careful path.
func (db *DB) migrated(ctx context.Context, names []string) bool {
	rows, err := db.read.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		return false
	}
	defer rows.Close()
	var done []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) != nil {
			return false
		}
		done = append(done, n)
	}
	if rows.Err() != nil {
		return false
	}
	for _, name := range names {
		if _, found := slices.BinarySearch(done, name); !found {
			return false
		}
	}
	return true
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n != 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, db.now()); err != nil {
		return err
	}
	return tx.Commit()
}

// Checkpoint folds the WAL back into the database file now, as Close
// does. The write connection opens on the first write: a DB that only
// read has nothing to fold back.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.write == nil || db.write.Stats().OpenConnections == 0 {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("sqlite: checkpoint: %w", err)
	}
	return nil
}

// scrub runs after data is deleted. secure_delete has already zeroed the
// freed pages in the database; a checkpoint that truncates the WAL removes
// the copies of those pages the log still held. Earlier builds of steady
// kept a copy of a check's reads (names, rhythms) in files beside the
// database: those go too.
func (db *DB) scrub(ctx context.Context) error {
	for _, suffix := range []string{"-kept", "-kept.tmp", "-kept.lock"} {
		if err := os.Remove(db.Path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	// Once the delete is committed the scrubbing must happen: a Ctrl-C
	// now would leave the deleted text in the WAL.
	return db.Checkpoint(context.WithoutCancel(ctx))
}

// now is the current time as the store keeps it: Unix milliseconds.
func (db *DB) now() int64 { return db.Now().UnixMilli() }

// beginWrite starts a write transaction. It takes the file's write lock at
// once (BEGIN IMMEDIATE), so that a transaction that reads before it
// writes cannot fail half-way with SQLITE_BUSY.
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	return db.write.BeginTx(ctx, nil)
}

// withTx runs fn in a write transaction and commits when it returns nil.
func (db *DB) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// view runs fn in a read transaction on a reader connection: the queries
// of fn see one snapshot of the database, whatever commits meanwhile.
func (db *DB) view(ctx context.Context, fn func(q querier) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// querier is what *sql.DB, *sql.Tx and *sql.Conn all offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// fromMillis turns stored milliseconds back into a UTC time.
func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// millis is t as stored.
func millis(t time.Time) int64 { return t.UnixMilli() }

// nullMillis stores a *time.Time: NULL for nil.
func nullMillis(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// timePtr reads back what nullMillis stored.
func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMillis(v.Int64)
	return &t
}

// nullID stores an optional reference: NULL for 0.
func nullID(id int64) sql.NullInt64 {
	return sql.NullInt64{Int64: id, Valid: id != 0}
}

// contactExists returns ENotFound unless the contact exists.
func contactExists(ctx context.Context, q querier, id int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM contacts WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return steady.Errorf(steady.ENotFound, "no contact with id %d", id)
	}
	return err
}

// optionalContactExists is contactExists for references where 0 means
// "no contact".
func optionalContactExists(ctx context.Context, q querier, id int64) error {
	if id == 0 {
		return nil
	}
	return contactExists(ctx, q, id)
}

// sqliteCode returns the extended result code of a driver error, 0 when
// err is not one.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// isUnique reports a UNIQUE or PRIMARY KEY constraint failure.
func isUnique(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isForeignKey reports a foreign key constraint failure: a reference to a
// row that does not exist.
func isForeignKey(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// wrap prefixes err with the operation it failed in. Errors that are
// already *steady.Error keep their code; constraint failures that slipped
// past the explicit checks get the code they stand for, so that the user
// sees a conflict rather than an internal error.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *steady.Error
	switch {
	case errors.As(err, &se):
		return err
	case isUnique(err):
		return &steady.Error{Code: steady.EConflict, Message: op + ": already exists", Err: err}
	case isForeignKey(err):
		return &steady.Error{Code: steady.ENotFound, Message: op + ": refers to something that does not exist", Err: err}
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}
