package model

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"iter"
	"math"
	"strings"
)

// The weights file:
//
//	offset  size  field
//	0       8     magic "STEADYLM"
//	8       2     format version (FormatVersion), little-endian like all below
//	10      2     feature version (FeatureVersion)
//	12      1     number of heads (NumHeads)
//	13      1     hash bits
//	14      2     feature set (FeatureSet bits)
//	16      28×H  per head: name (16 bytes, zero-padded), bias, scale and
//	              threshold (float32 each)
//	…       4     vocabulary words (V)
//	…       4     vocabulary bytes (m)
//	…       T     the table, NumHeads << bits bytes, row-major (one row of
//	              NumHeads per bucket), each weight stored as int8 + 128:
//	              the layout scoring reads, so Load uses it in place
//	…       m     the vocabulary: V lower-cased words, each ended by "\n",
//	              sorted (the words the memo sums, vocab.go; it changes
//	              speed, not scores)
//	…       4     CRC-32 (IEEE) of every byte before it
//
// Nothing is compressed: the embedded file is read at every start of the
// command, and using it in place costs nothing, where inflating and
// copying it cost milliseconds (L1 training leaves the table sparse, but a
// 64 KiB-row table is only half a megabyte).
//
// The header names the heads so that a file trained for another head set
// fails to load instead of scoring the wrong question.
const (
	magic         = "STEADYLM"
	FormatVersion = 3
	MinBits       = 10
	MaxBits       = 22
	headerSize    = 16 + 28*NumHeads + 8
	// MaxVocabulary bounds the vocabulary a weights file may hold.
	MaxVocabulary = 1 << 20
	maxVocabBytes = 16 << 20
)

// Params are a model's numbers, as the trainer produces them.
type Params struct {
	Bits      int
	Features  FeatureSet
	Table     []int8 // NumHeads << Bits weights, row-major
	Bias      [NumHeads]float32
	Scale     [NumHeads]float32
	Threshold [NumHeads]float32
	// Vocab lists the lower-cased words to memoize (vocab.go), sorted and
	// without repeats.
	Vocab []string
}

// Encode writes p in the weights format.
func Encode(w io.Writer, p Params) error {
	if len(p.Table) != NumHeads<<p.Bits {
		return fmt.Errorf("model: encode: table of %d weights, want %d", len(p.Table), NumHeads<<p.Bits)
	}
	var buf bytes.Buffer
	buf.WriteString(magic)
	le := binary.LittleEndian
	buf.Write(le.AppendUint16(nil, FormatVersion))
	buf.Write(le.AppendUint16(nil, FeatureVersion))
	buf.WriteByte(NumHeads)
	buf.WriteByte(byte(p.Bits))
	buf.Write(le.AppendUint16(nil, uint16(p.Features)))
	for h, name := range headNames() {
		var n [16]byte
		copy(n[:], name)
		buf.Write(n[:])
		for _, v := range []float32{p.Bias[h], p.Scale[h], p.Threshold[h]} {
			buf.Write(le.AppendUint32(nil, math.Float32bits(v)))
		}
	}
	if len(p.Vocab) > MaxVocabulary {
		return fmt.Errorf("model: encode: %d vocabulary words, at most %d", len(p.Vocab), MaxVocabulary)
	}
	var words []byte
	for i, w := range p.Vocab {
		if w == "" || strings.ContainsRune(w, '\n') || (i > 0 && w <= p.Vocab[i-1]) {
			return fmt.Errorf("model: encode: vocabulary word %d (%q) is empty, holds a line break or is out of order", i, w)
		}
		words = append(append(words, w...), '\n')
	}
	if len(words) > maxVocabBytes {
		return fmt.Errorf("model: encode: vocabulary of %d bytes, at most %d", len(words), maxVocabBytes)
	}
	buf.Write(le.AppendUint32(nil, uint32(len(p.Vocab))))
	buf.Write(le.AppendUint32(nil, uint32(len(words))))
	for _, v := range p.Table {
		buf.WriteByte(byte(int(v) + 128))
	}
	buf.Write(words)
	buf.Write(le.AppendUint32(nil, crc32.ChecksumIEEE(buf.Bytes())))
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	return nil
}

// ErrFormat is wrapped by every error about a malformed weights file.
var ErrFormat = errors.New("not a valid steady weights file")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("model: %w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

// maxFile bounds what Decode reads: the largest table (MaxBits) and
// vocabulary.
const maxFile = headerSize + (NumHeads << MaxBits) + maxVocabBytes + 4

// Decode reads weights written by Encode, checking magic, versions, head
// names, sizes, the vocabulary and the checksum before trusting any of it.
func Decode(r io.Reader) (Params, error) {
	data, err := readAll(r)
	if err != nil {
		return Params{}, err
	}
	f, err := parse(data, false)
	if err != nil {
		return Params{}, err
	}
	p := f.Params
	p.Table = make([]int8, len(f.table))
	for i, b := range f.table {
		p.Table[i] = int8(int(b) - 128)
	}
	p.Vocab = make([]string, 0, f.vocabSize)
	for w := range vocabWords(f.vocab) {
		p.Vocab = append(p.Vocab, string(w))
	}
	return p, nil
}

func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("model: reading weights: %w", err)
	}
	if len(data) > maxFile {
		return nil, formatErr("larger than %d bytes", maxFile)
	}
	return data, nil
}

// file is a parsed weights file. table and vocab are slices of the file's
// bytes, not copies; Params holds the header's numbers only.
type file struct {
	Params
	table     []byte // each weight + 128
	vocab     []byte // "\n"-ended words
	vocabSize int
}

// parse checks a weights file and slices it into its sections: the
// header, the sizes, the checksum and that the vocabulary is V sorted,
// distinct, non-empty words. Load trusts the embedded file, which is part
// of the binary and which a test checks (TestEmbeddedWeightsAreWellFormed):
// it skips the checksum and the vocabulary, the two reads of the whole file.
func parse(data []byte, trusted bool) (file, error) {
	var f file
	if len(data) < headerSize+4 {
		return f, formatErr("%d bytes, shorter than the %d-byte header", len(data), headerSize+4)
	}
	if string(data[:8]) != magic {
		return f, formatErr("bad magic %q", data[:8])
	}
	le := binary.LittleEndian
	body, sum := data[:len(data)-4], le.Uint32(data[len(data)-4:])
	if !trusted && crc32.ChecksumIEEE(body) != sum {
		return f, formatErr("checksum mismatch (truncated or corrupted)")
	}
	if v := le.Uint16(data[8:]); v != FormatVersion {
		return f, formatErr("format version %d, this build reads %d", v, FormatVersion)
	}
	if v := le.Uint16(data[10:]); v != FeatureVersion {
		return f, formatErr("feature version %d, this build hashes features as version %d; retrain with cmd/steady-train", v, FeatureVersion)
	}
	if int(data[12]) != NumHeads {
		return f, formatErr("%d heads, want %d", data[12], NumHeads)
	}
	p := &f.Params
	p.Bits = int(data[13])
	if p.Bits < MinBits || p.Bits > MaxBits {
		return f, formatErr("%d hash bits, want %d..%d", p.Bits, MinBits, MaxBits)
	}
	p.Features = FeatureSet(le.Uint16(data[14:]))
	if p.Features&^FeatAll != 0 || p.Features&^FeatSqrtNorm == 0 {
		return f, formatErr("feature set %#x is not one this build knows", p.Features)
	}
	off := 16
	for h, name := range headNames() {
		got := string(bytes.TrimRight(data[off:off+16], "\x00"))
		if got != name {
			return f, formatErr("head %d is %q, want %q", h, got, name)
		}
		p.Bias[h] = math.Float32frombits(le.Uint32(data[off+16:]))
		p.Scale[h] = math.Float32frombits(le.Uint32(data[off+20:]))
		p.Threshold[h] = math.Float32frombits(le.Uint32(data[off+24:]))
		off += 28
	}
	nv, nb := int(le.Uint32(body[off:])), int(le.Uint32(body[off+4:]))
	off += 8
	if nv > MaxVocabulary {
		return f, formatErr("%d vocabulary words, at most %d", nv, MaxVocabulary)
	}
	if nb > maxVocabBytes {
		return f, formatErr("vocabulary of %d bytes, at most %d", nb, maxVocabBytes)
	}
	tableBytes := NumHeads << p.Bits
	if want := off + tableBytes + nb; len(body) != want {
		return f, formatErr("%d bytes before the checksum, the header says %d (a table of %d and a vocabulary of %d)", len(body), want, tableBytes, nb)
	}
	f.table = body[off : off+tableBytes : off+tableBytes]
	f.vocab = body[off+tableBytes:]
	f.vocabSize = nv
	if !trusted {
		if err := checkVocabulary(f.vocab, nv); err != nil {
			return f, err
		}
	}
	return f, nil
}

// checkVocabulary checks that words holds n sorted, distinct, non-empty
// words, each ended by a line break.
func checkVocabulary(words []byte, n int) error {
	if len(words) > 0 && words[len(words)-1] != '\n' {
		return formatErr("vocabulary does not end with a line break")
	}
	var prev []byte
	i := 0
	for w := range vocabWords(words) {
		if len(w) == 0 || (i > 0 && bytes.Compare(w, prev) <= 0) {
			return formatErr("vocabulary word %d (%q) is empty or out of order", i, w)
		}
		prev = w
		i++
	}
	if i != n {
		return formatErr("vocabulary of %d words, header says %d", i, n)
	}
	return nil
}

// vocabWords yields the "\n"-ended words of a vocabulary section; a last
// word with no line break is yielded too.
func vocabWords(words []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for len(words) > 0 {
			i := bytes.IndexByte(words, '\n')
			if i < 0 {
				yield(words)
				return
			}
			if !yield(words[:i]) {
				return
			}
			words = words[i+1:]
		}
	}
}
