package model

import (
	"encoding/binary"
	"hash/crc32"
)

// Resum recomputes a weights file's trailing CRC, for tests that corrupt a
// field behind the checksum.
func Resum(b []byte) []byte {
	n := len(b) - 4
	binary.LittleEndian.PutUint32(b[n:], crc32.ChecksumIEEE(b[:n]))
	return b
}

// WithoutMemo returns a copy of m that scores every word by the slow path,
// to check that the memo changes speed and never a score.
func WithoutMemo(m *Model) *Model {
	c := *m
	c.memo = nil
	return &c
}

// Memoized returns m with its memo built, as after memoAfter texts.
func Memoized(m *Model) *Model {
	for range memoAfter {
		m.wordMemo()
	}
	return m
}

// HasMemo reports whether m has built its memo.
func HasMemo(m *Model) bool { return m.memo != nil && m.memo.ready.Load() != nil }

// Embedded is the embedded weights file.
func Embedded() []byte { return embedded }

// MemoAfter is how many texts a model scores before it builds its memo.
const MemoAfter = memoAfter
