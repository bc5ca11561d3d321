package sqlite

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
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
// that dies holding the lock loses it with its life. What another program
// writes to the database file behind steady's back is not seen.
type Kept struct {
	dbPath string
	lock   *os.File
	values map[string][]byte
	dirty  bool
	// lost: this process wrote while holding the lock, so the values it
	// read may no longer be current; nothing is written back.
	lost bool
}

var (
	errLockBusy = errors.New("locked by another process")
	errNoLocks  = errors.New("no file locks on this system")
)

// keptMagic opens the kept file, with its format's number. A file of
// another format, or that fails its checksum, is ignored.
const keptMagic = "steady kept values 1\n"

// maxKeptValues bounds the file: names come from requests.
const maxKeptValues = 256

// encodeKept lays the values out as the magic, then for each its key and
// value, each a length (uvarint) and bytes, then the CRC-32 (IEEE) of all
// that. Decoding a few kilobytes this way costs nothing next to the JSON
// a one-draft process would otherwise parse first.
func encodeKept(values map[string][]byte) []byte {
	b := []byte(keptMagic)
	for _, k := range slices.Sorted(maps.Keys(values)) {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(values[k])))
		b = append(b, values[k]...)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// decodeKept reads what encodeKept wrote; ok is false for anything else.
func decodeKept(b []byte) (values map[string][]byte, ok bool) {
	if len(b) < len(keptMagic)+4 || string(b[:len(keptMagic)]) != keptMagic {
		return nil, false
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, false
	}
	values = map[string][]byte{}
	rest := body[len(keptMagic):]
	field := func() ([]byte, bool) {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		f := rest[w : w+int(n)]
		rest = rest[w+int(n):]
		return f, true
	}
	for len(rest) > 0 {
		k, ok := field()
		if !ok {
			return nil, false
		}
		v, ok := field()
		if !ok {
			return nil, false
		}
		values[string(k)] = v
	}
	return values, true
}

func keptPath(dbPath string) string     { return dbPath + "-kept" }
func keptLockPath(dbPath string) string { return dbPath + "-kept.lock" }

// OpenKept takes the kept values of the database at dbPath. It returns nil
// when they cannot be used now: a write is under way, or the database
// does not exist. The caller closes what it gets, soon: writers wait for
// it.
func OpenKept(dbPath string) (*Kept, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, fmt.Errorf("kept values: %w", err)
	}
	if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	lock, err := os.OpenFile(keptLockPath(abs), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("kept values: %w", err)
	}
	if err := flock(lock, true, false); err != nil {
		lock.Close()
		if errors.Is(err, errLockBusy) || errors.Is(err, errNoLocks) {
			return nil, nil
		}
		return nil, fmt.Errorf("kept values: lock: %w", err)
	}
	k := &Kept{dbPath: abs, lock: lock, values: map[string][]byte{}}
	b, err := os.ReadFile(keptPath(abs))
	if err == nil {
		// A file that does not decode is as good as none: the values are
		// read from the store again.
		if values, ok := decodeKept(b); ok {
			k.values = values
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		k.Close()
		return nil, fmt.Errorf("kept values: %w", err)
	}
	return k, nil
}

// Value returns the value kept under key.
func (k *Kept) Value(key string) ([]byte, bool) {
	if k == nil || k.lock == nil || k.lost {
		return nil, false
	}
	v, ok := k.values[key]
	return v, ok
}

// Keep keeps value under key; Close writes it.
func (k *Kept) Keep(key string, value []byte) {
	if k == nil || k.lock == nil || k.lost {
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

func (k *Kept) write() error {
	b := encodeKept(k.values)
	tmp, err := os.CreateTemp(filepath.Dir(k.dbPath), filepath.Base(keptPath(k.dbPath))+".*")
	if err != nil {
		return fmt.Errorf("kept values: %w", err)
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), keptPath(k.dbPath))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("kept values: %w", err)
	}
	return nil
}

// exclusive reports whether k holds the lock exclusively, still.
func (k *Kept) exclusive() bool { return k != nil && k.lock != nil && !k.lost }

// writeLockWait is how long a writer waits for the processes that hold
// kept values: they hold them for the length of one check.
const writeLockWait = 10 * time.Second

// writing is called before each write transaction; the transaction calls
// done when it has committed or rolled back. It deletes the kept values
// under the shared lock (see Kept). When this process itself holds them
// (db.Kept), they are given up: the lock goes down to shared, and they are
// neither used nor written back.
func (db *DB) writing(ctx context.Context) (done func(), err error) {
	if k := db.Kept; k.exclusive() {
		k.lost = true
		// Down from exclusive to shared on the same file: there is no
		// moment without a lock in which a reader could take the values.
		if err := flock(k.lock, false, true); err != nil {
			return nil, fmt.Errorf("kept values: lock: %w", err)
		}
		return func() {}, dropKept(db.Path)
	}
	lock, err := os.OpenFile(keptLockPath(db.Path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("kept values: %w", err)
	}
	deadline := time.Now().Add(writeLockWait)
	for wait := 100 * time.Microsecond; ; wait = min(2*wait, 10*time.Millisecond) {
		err := flock(lock, false, false)
		if err == nil || errors.Is(err, errNoLocks) {
			// Without file locks (not Unix) no values are ever kept.
			break
		}
		if !errors.Is(err, errLockBusy) || time.Now().After(deadline) {
			lock.Close()
			return nil, fmt.Errorf("kept values: lock %s: %w", keptLockPath(db.Path), err)
		}
		select {
		case <-ctx.Done():
			lock.Close()
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
	if err := dropKept(db.Path); err != nil {
		lock.Close()
		return nil, err
	}
	return func() { lock.Close() }, nil
}

// dropKept deletes the kept values of the database, and makes the
// deletion durable before the write it precedes can be.
func dropKept(dbPath string) error {
	err := os.Remove(keptPath(dbPath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("kept values: %w", err)
	}
	dir, err := os.Open(filepath.Dir(dbPath))
	if err != nil {
		return fmt.Errorf("kept values: %w", err)
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil {
		return fmt.Errorf("kept values: sync %s: %w", filepath.Dir(dbPath), err)
	}
	return nil
}
