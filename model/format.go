package model

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
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
//	…       4     table bytes once inflated (NumHeads << bits)
//	…       4     compressed table bytes (n)
//	…       n     the int8 table, row-major (one row of NumHeads per bucket),
//	              DEFLATE-compressed: L1 training leaves most weights zero
//	…       4     vocabulary words (V)
//	…       4     vocabulary bytes once inflated (m)
//	…       4     compressed vocabulary bytes (k)
//	…       k     the vocabulary: V lower-cased words, each ended by "\n",
//	              sorted, DEFLATE-compressed (the words Load memoizes,
//	              vocab.go; it changes speed, not scores)
//	…       4     CRC-32 (IEEE) of every byte before it
//
// The header names the heads so that a file trained for another head set
// fails to load instead of scoring the wrong question.
const (
	magic         = "STEADYLM"
	FormatVersion = 2
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
	raw := make([]byte, len(p.Table))
	for i, v := range p.Table {
		raw[i] = byte(v)
	}
	if err := writeDeflated(&buf, raw); err != nil {
		return err
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
	buf.Write(le.AppendUint32(nil, uint32(len(p.Vocab))))
	if err := writeDeflated(&buf, words); err != nil {
		return err
	}
	buf.Write(le.AppendUint32(nil, crc32.ChecksumIEEE(buf.Bytes())))
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	return nil
}

// writeDeflated writes len(raw), the stored length and raw as DEFLATE
// stored blocks: the embedded file is read at every start of the command,
// and inflating compressed blocks took most of that (about 7 ms); stored
// blocks read back as a copy. The binary grows by half a megabyte.
func writeDeflated(buf *bytes.Buffer, raw []byte) error {
	var z bytes.Buffer
	fw, err := flate.NewWriter(&z, flate.NoCompression)
	if err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	if _, err := fw.Write(raw); err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	le := binary.LittleEndian
	buf.Write(le.AppendUint32(nil, uint32(len(raw))))
	buf.Write(le.AppendUint32(nil, uint32(z.Len())))
	buf.Write(z.Bytes())
	return nil
}

// ErrFormat is wrapped by every error about a malformed weights file.
var ErrFormat = errors.New("not a valid steady weights file")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("model: %w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

// maxFile bounds what Decode reads: the largest table (MaxBits) and
// vocabulary, inflated.
const maxFile = headerSize + (NumHeads << MaxBits) + maxVocabBytes + 1024

// Decode reads weights written by Encode, checking magic, versions, head
// names, sizes and the checksum before trusting any of it.
func Decode(r io.Reader) (Params, error) {
	var p Params
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return p, fmt.Errorf("model: reading weights: %w", err)
	}
	if len(data) > maxFile {
		return p, formatErr("larger than %d bytes", maxFile)
	}
	if len(data) < headerSize+4 {
		return p, formatErr("%d bytes, shorter than the %d-byte header", len(data), headerSize+4)
	}
	if string(data[:8]) != magic {
		return p, formatErr("bad magic %q", data[:8])
	}
	le := binary.LittleEndian
	body, sum := data[:len(data)-4], le.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return p, formatErr("checksum mismatch (truncated or corrupted)")
	}
	if v := le.Uint16(data[8:]); v != FormatVersion {
		return p, formatErr("format version %d, this build reads %d", v, FormatVersion)
	}
	if v := le.Uint16(data[10:]); v != FeatureVersion {
		return p, formatErr("feature version %d, this build hashes features as version %d; retrain with cmd/steady-train", v, FeatureVersion)
	}
	if int(data[12]) != NumHeads {
		return p, formatErr("%d heads, want %d", data[12], NumHeads)
	}
	p.Bits = int(data[13])
	if p.Bits < MinBits || p.Bits > MaxBits {
		return p, formatErr("%d hash bits, want %d..%d", p.Bits, MinBits, MaxBits)
	}
	p.Features = FeatureSet(le.Uint16(data[14:]))
	if p.Features&^FeatAll != 0 || p.Features&^FeatSqrtNorm == 0 {
		return p, formatErr("feature set %#x is not one this build knows", p.Features)
	}
	off := 16
	for h, name := range headNames() {
		got := string(bytes.TrimRight(data[off:off+16], "\x00"))
		if got != name {
			return p, formatErr("head %d is %q, want %q", h, got, name)
		}
		p.Bias[h] = math.Float32frombits(le.Uint32(data[off+16:]))
		p.Scale[h] = math.Float32frombits(le.Uint32(data[off+20:]))
		p.Threshold[h] = math.Float32frombits(le.Uint32(data[off+24:]))
		off += 28
	}
	raw, off, err := readDeflated(body, off, "table", NumHeads<<p.Bits, NumHeads<<p.Bits)
	if err != nil {
		return p, err
	}
	p.Table = make([]int8, len(raw))
	for i, b := range raw {
		p.Table[i] = int8(b)
	}
	if len(body)-off < 4 {
		return p, formatErr("no vocabulary section")
	}
	nv := int(le.Uint32(body[off:]))
	if nv > MaxVocabulary {
		return p, formatErr("%d vocabulary words, at most %d", nv, MaxVocabulary)
	}
	words, off, err := readDeflated(body, off+4, "vocabulary", 0, maxVocabBytes)
	if err != nil {
		return p, err
	}
	if off != len(body) {
		return p, formatErr("%d bytes after the vocabulary", len(body)-off)
	}
	if len(words) > 0 && words[len(words)-1] != '\n' {
		return p, formatErr("vocabulary does not end with a line break")
	}
	p.Vocab = make([]string, 0, nv)
	for len(words) > 0 {
		i := bytes.IndexByte(words, '\n')
		w := string(words[:i])
		words = words[i+1:]
		if w == "" || (len(p.Vocab) > 0 && w <= p.Vocab[len(p.Vocab)-1]) {
			return p, formatErr("vocabulary word %d (%q) is empty or out of order", len(p.Vocab), w)
		}
		p.Vocab = append(p.Vocab, w)
	}
	if len(p.Vocab) != nv {
		return p, formatErr("vocabulary of %d words, header says %d", len(p.Vocab), nv)
	}
	return p, nil
}

// readDeflated reads a section written by writeDeflated at body[off:]: its
// inflated size must be want (or, when want is 0, at most limit).
func readDeflated(body []byte, off int, what string, want, limit int) ([]byte, int, error) {
	le := binary.LittleEndian
	if len(body)-off < 8 {
		return nil, off, formatErr("%s section cut short", what)
	}
	rawLen, zLen := int(le.Uint32(body[off:])), int(le.Uint32(body[off+4:]))
	off += 8
	if (want > 0 && rawLen != want) || rawLen > limit {
		return nil, off, formatErr("%s of %d bytes, want %d", what, rawLen, max(want, limit))
	}
	if zLen > len(body)-off {
		return nil, off, formatErr("compressed %s of %d bytes, file holds %d", what, zLen, len(body)-off)
	}
	raw := make([]byte, rawLen)
	fr := flate.NewReader(bytes.NewReader(body[off : off+zLen]))
	if _, err := io.ReadFull(fr, raw); err != nil {
		return nil, off, formatErr("%s: %v", what, err)
	}
	if n, _ := fr.Read(make([]byte, 1)); n != 0 {
		return nil, off, formatErr("%s longer than its header says", what)
	}
	return raw, off + zLen, nil
}
