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
//	…       4     CRC-32 (IEEE) of every byte before it
//
// The header names the heads so that a file trained for another head set
// fails to load instead of scoring the wrong question.
const (
	magic         = "STEADYLM"
	FormatVersion = 1
	MinBits       = 10
	MaxBits       = 22
	headerSize    = 16 + 28*NumHeads + 8
)

// Params are a model's numbers, as the trainer produces them.
type Params struct {
	Bits      int
	Features  FeatureSet
	Table     []int8 // NumHeads << Bits weights, row-major
	Bias      [NumHeads]float32
	Scale     [NumHeads]float32
	Threshold [NumHeads]float32
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
	var z bytes.Buffer
	fw, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	raw := make([]byte, len(p.Table))
	for i, v := range p.Table {
		raw[i] = byte(v)
	}
	if _, err := fw.Write(raw); err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("model: encode: %w", err)
	}
	buf.Write(le.AppendUint32(nil, uint32(len(raw))))
	buf.Write(le.AppendUint32(nil, uint32(z.Len())))
	buf.Write(z.Bytes())
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

// maxFile bounds what Decode reads: the largest table (MaxBits) inflated.
const maxFile = headerSize + (NumHeads << MaxBits) + 1024

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
	rawLen, zLen := int(le.Uint32(data[off:])), int(le.Uint32(data[off+4:]))
	off += 8
	if rawLen != NumHeads<<p.Bits {
		return p, formatErr("table of %d bytes, want %d", rawLen, NumHeads<<p.Bits)
	}
	if zLen != len(body)-off {
		return p, formatErr("compressed table of %d bytes, file holds %d", zLen, len(body)-off)
	}
	raw := make([]byte, rawLen)
	fr := flate.NewReader(bytes.NewReader(body[off:]))
	if _, err := io.ReadFull(fr, raw); err != nil {
		return p, formatErr("table: %v", err)
	}
	if n, _ := fr.Read(make([]byte, 1)); n != 0 {
		return p, formatErr("table longer than its header says")
	}
	p.Table = make([]int8, rawLen)
	for i, b := range raw {
		p.Table[i] = int8(b)
	}
	return p, nil
}
