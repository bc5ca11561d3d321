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
	c.vocab = memo{}
	return &c
}
