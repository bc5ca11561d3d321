package sqlite

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Kept values are small values computed from the store (what a check
// reads: the profile, a contact, its rhythm, its no-contact state), kept
// in a file beside the database so that a command checking one draft can
// answer without opening SQLite, whose first run in a process is most of
// what such a command costs beyond starting.
//
// They are right as long as nothing was written since they were kept, and
// that is enforced with a lock file rather than judged from file times or
// sizes (which a crash, or two writes within one clock tick, can fool):
//
//   - a process uses kept values only while it holds the lock file
//     exclusively (try-lock: if a write is under way it reads the store);
//   - every write transaction, by any steady process, first takes the lock
//     shared and deletes the kept file, and keeps the lock until it has
//     committed or rolled back.
//
// So kept values were read from the store while no write could run, and a
// write that came after deleted them before it changed anything. A process
// that dies holding the lock loses it with its life.
//
// Against what writes the database behind that protocol (a steady from
// before it, a backup copied over the file, another SQLite program), the
// file also records the state of the database and its WAL when the values
// were read (device, inode, size, times); values of another state are not
// used. That can only cost a read of the store, never hand out a stale
// value, though it cannot see a change that leaves all of that alike.
type Kept struct {
	dbPath string
	lock   *os.File
	// state is the database's when the values were taken (storeState).
	state  []byte
	values map[string][]byte
	dirty  bool
	// lost: this process wrote while holding the lock, so the values it
	// read may no longer be current; nothing is written back.
	lost bool
}

var (
	errLockBusy = errors.New("locked by another process")
	errNoLocks  = errors.New("no file locks on this file system")
)

// keptMagic opens the kept file, with its format's number. A file of
// another format, or that fails its checksum, is ignored.
const keptMagic = "steady kept values 2\n"

const (
	// maxKeptValues bounds the file: names come from requests.
	maxKeptValues = 256
	// maxKeptFile is the largest kept file read.
	maxKeptFile = 1 << 20
)

// lockWait is how long a writer waits for the processes that hold kept
// values: they hold them for the length of one check.
const lockWait = 10 * time.Second

func keptPath(dbPath string) string     { return dbPath + "-kept" }
func keptTempPath(dbPath string) string { return dbPath + "-kept.tmp" }
func keptLockPath(dbPath string) string { return dbPath + "-kept.lock" }

// encodeKept lays the file out: the magic; the database's state; for each
// value its key and bytes; each of these a length (uvarint) and bytes;
// then the CRC-32 (IEEE) of all that. Decoding a few kilobytes this way
// costs nothing next to the JSON a one-draft process would otherwise
// parse first.
func encodeKept(state []byte, values map[string][]byte) []byte {
	b := []byte(keptMagic)
	b = binary.AppendUvarint(b, uint64(len(state)))
	b = append(b, state...)
	for _, k := range slices.Sorted(maps.Keys(values)) {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(values[k])))
		b = append(b, values[k]...)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// decodeKept reads what encodeKept wrote; ok is false for anything else.
func decodeKept(b []byte) (state []byte, values map[string][]byte, ok bool) {
	if len(b) < len(keptMagic)+4 || string(b[:len(keptMagic)]) != keptMagic {
		return nil, nil, false
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, nil, false
	}
	state, values, ok = decodeKeptBody(body[len(keptMagic):])
	return state, values, ok
}

// decodeKeptBody reads the fields between the magic and the checksum.
func decodeKeptBody(rest []byte) (state []byte, values map[string][]byte, ok bool) {
	field := func() ([]byte, bool) {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		f := rest[w : w+int(n)]
		rest = rest[w+int(n):]
		return f, true
	}
	if state, ok = field(); !ok {
		return nil, nil, false
	}
	values = map[string][]byte{}
	for len(rest) > 0 {
		k, ok := field()
		if !ok {
			return nil, nil, false
		}
		v, ok := field()
		if !ok || len(values) == maxKeptValues {
			return nil, nil, false
		}
		values[string(k)] = v
	}
	return state, values, true
}

// storeState describes the database file and its WAL as the file system
// sees them (see Kept). A missing or empty WAL counts as none: SQLite
// makes and removes it as connections come and go.
func storeState(dbPath string) ([]byte, error) {
	var b []byte
	for _, p := range []string{dbPath, dbPath + "-wal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			b = append(b, 0)
			continue
		}
		if err != nil {
			return nil, err
		}
		if fi.Size() == 0 && p != dbPath {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		for _, v := range append([]int64{fi.Size(), fi.ModTime().UnixNano()}, fileIdentity(fi)...) {
			b = binary.AppendVarint(b, v)
		}
	}
	return b, nil
}

// lockFile opens the lock file and takes its lock, exclusive or shared,
// trying until deadline (the zero time: once). It makes sure the lock is
// on the file the path names now: one deleted or replaced meanwhile
// would lock nobody out.
func lockFile(ctx context.Context, dbPath string, exclusive bool, deadline time.Time) (*os.File, error) {
	var f *os.File
	replaced := 0
	err := whileBusy(ctx, deadline, func() error {
		var err error
		if f, err = os.OpenFile(keptLockPath(dbPath), os.O_RDWR|os.O_CREATE, 0o600); err != nil {
			return err
		}
		if err = flock(f, exclusive); err == nil {
			var same bool
			if same, err = isFileAt(f, keptLockPath(dbPath)); err == nil && !same {
				// Replaced under us: lock the one there now. A file
				// system on which it never stays the same has no
				// locks worth the name.
				if replaced++; replaced > 10 {
					err = errNoLocks
				} else {
					err = errLockBusy
				}
			}
		}
		if err != nil {
			f.Close()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// whileBusy calls try until it returns anything but errLockBusy, waiting
// a little longer each time, until deadline (the zero time: once) or
// until ctx is done.
func whileBusy(ctx context.Context, deadline time.Time, try func() error) error {
	for wait := 100 * time.Microsecond; ; wait = min(2*wait, 10*time.Millisecond) {
		err := try()
		if !errors.Is(err, errLockBusy) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// isFileAt reports whether f is the file at path.
func isFileAt(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}

// OpenKept takes the kept values of the database at dbPath. It returns nil
// when they cannot be used now: a write is under way, the database does
// not exist, or the file system has no locks. The caller closes what it
// gets, soon: writers wait for it.
func OpenKept(dbPath string) (*Kept, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, fmt.Errorf("kept values: %w", err)
	}
	if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	lock, err := lockFile(context.Background(), abs, true, time.Time{})
	if errors.Is(err, errLockBusy) || errors.Is(err, errNoLocks) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("kept values: lock: %w", err)
	}
	k := &Kept{dbPath: abs, lock: lock, values: map[string][]byte{}}
	if k.state, err = storeState(abs); err != nil {
		k.Close()
		return nil, fmt.Errorf("kept values: %w", err)
	}
	b, err := readAtMost(keptPath(abs), maxKeptFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		k.Close()
		return nil, fmt.Errorf("kept values: %w", err)
	}
	// A file that does not decode, or taken from another state of the
	// database, is as good as none: the values are read from the store
	// again.
	if state, values, ok := decodeKept(b); ok && string(state) == string(k.state) {
		k.values = values
	}
	return k, nil
}

// readAtMost reads the file, or nothing if it is larger than max.
func readAtMost(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if int64(len(b)) > max {
		return nil, nil
	}
	return b, err
}

// Value returns the value kept under key.
func (k *Kept) Value(key string) ([]byte, bool) {
	if !k.exclusive() {
		return nil, false
	}
	v, ok := k.values[key]
	return v, ok
}

// Keep keeps value under key; Close writes it.
func (k *Kept) Keep(key string, value []byte) {
	if !k.exclusive() {
		return
	}
	if _, ok := k.values[key]; !ok && len(k.values) >= maxKeptValues {
		clear(k.values)
	}
	k.values[key] = slices.Clone(value)
	k.dirty = true
}

// Close writes what was kept (unless this process wrote to the store in
// the meantime) and releases the lock. The file is replaced whole: a
// reader never sees half of it.
func (k *Kept) Close() error {
	if k == nil || k.lock == nil {
		return nil
	}
	var err error
	if k.dirty && !k.lost {
		err = k.write()
	}
	if cerr := k.lock.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("kept values: %w", cerr)
	}
	k.lock = nil
	return err
}

// write replaces the kept file. Only the holder of the exclusive lock
// writes, so the temporary file can have a fixed name, which dropKept
// removes too: a crash half-way leaves no copy that forget would miss.
func (k *Kept) write() error {
	tmp := keptTempPath(k.dbPath)
	err := os.WriteFile(tmp, encodeKept(k.state, k.values), 0o600)
	if err == nil {
		err = os.Rename(tmp, keptPath(k.dbPath))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("kept values: %w", err)
	}
	return nil
}

// exclusive reports whether k holds the lock exclusively, still.
func (k *Kept) exclusive() bool { return k != nil && k.lock != nil && !k.lost }

// writing is called before each write transaction; the transaction calls
// done when it has committed or rolled back. It deletes the kept values
// under the shared lock (see Kept). When this process itself holds them
// (db.Kept), they are given up: its lock goes down to shared, and they are
// neither used nor written back.
func (db *DB) writing(ctx context.Context) (done func(), err error) {
	deadline := time.Now().Add(lockWait)
	if k := db.Kept; k.exclusive() {
		k.lost = true
		// flock changes a lock by dropping it and taking the new one, so
		// a reader may take the values in between: they are still right,
		// since nothing is written before the shared lock is had and the
		// values deleted.
		if err := whileBusy(ctx, deadline, func() error { return flock(k.lock, false) }); err != nil {
			return nil, fmt.Errorf("kept values: lock: %w", err)
		}
		return func() {}, dropKept(db.Path)
	}
	lock, err := lockFile(ctx, db.Path, false, deadline)
	if errors.Is(err, errNoLocks) {
		// Without file locks no values are ever kept (OpenKept): any
		// left by a system that had them go all the same.
		return func() {}, dropKept(db.Path)
	}
	if err != nil {
		return nil, fmt.Errorf("kept values: lock %s: %w", keptLockPath(db.Path), err)
	}
	if err := dropKept(db.Path); err != nil {
		lock.Close()
		return nil, err
	}
	return func() { lock.Close() }, nil
}

// dropKept deletes the kept values of the database, and the folder is
// synced so that the deletion reaches the disk before the write it
// precedes. Where a folder cannot be synced (some file systems) that is
// left to the file system, as SQLite does.
func dropKept(dbPath string) error {
	removed := false
	for _, p := range []string{keptPath(dbPath), keptTempPath(dbPath)} {
		err := os.Remove(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("kept values: %w", err)
		}
		removed = removed || err == nil
	}
	if !removed {
		return nil
	}
	if dir, err := os.Open(filepath.Dir(dbPath)); err == nil {
		_ = dir.Sync()
		dir.Close()
	}
	return nil
}
