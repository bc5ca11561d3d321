// Package harm reads the method's harms from a message to an ex or a
// co-parent: one learned head per label of the corpus (corpus/GUIDE.md),
// trained by cmd/steady-train on the messages of corpus/ and embedded in
// the binary.
//
// A head is a logistic regression over the features of features.go. A
// text's score for a label is the probability that a reader would give it
// that label; a head fires at its threshold, chosen on the corpus's dev
// split and on the real-message dev set. Scoring a sentence alone tells
// which sentence of a message carries the harm.
//
// It is pure and safe for concurrent use: the weights are read in place
// from the embedded file and never change.
package harm

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

// Label is one kind of harm a head reads, or the practical content that a
// sendable message is made of.
type Label int

const (
	Needy      Label = iota // "I haven't moved on": missing, pleading, purposeless check-ins
	Past                    // re-litigating the past, scorekeeping
	FalseHope               // mixed signals that blur what the relationship is
	Accusatory              // blaming "you" statements, explicit or implied
	Insult                  // contempt, name-calling, wishing harm
	Threat                  // harm, exposure, or legal and child leverage as a weapon
	Pressure                // ultimatums, deadlines as weapons, guilt-tripping
	Logistics               // a practical matter: who, what, when, where, money
	NumLabels  = 8
)

// labelNames are the corpus's names for the labels, in Label order.
var labelNames = [NumLabels]string{"needy", "past", "false_hope", "accusatory_you", "insult", "threat", "pressure", "logistics"}

func (l Label) String() string {
	if l < 0 || l >= NumLabels {
		return fmt.Sprintf("Label(%d)", int(l))
	}
	return labelNames[l]
}

// ParseLabel finds a label by its corpus name.
func ParseLabel(name string) (Label, bool) {
	for i, n := range labelNames {
		if n == name {
			return Label(i), true
		}
	}
	return 0, false
}

// Labels lists every label's name, in order.
func Labels() []string { return labelNames[:] }

// NumDense is the number of dense inputs: the emotion model's head
// logits (package model), which carry what public corpora taught it about
// anger, hurt, longing and offence into every label.
const NumDense = 8

// Dense holds the dense inputs of a text, as raw logits; Score clamps
// and scales them.
type Dense [NumDense]float32

func (d Dense) scaled() Dense {
	for i, v := range d {
		d[i] = max(-8, min(8, v)) / 4
	}
	return d
}

// Scores holds one probability per label.
type Scores [NumLabels]float32

// Model is a loaded set of heads.
type Model struct {
	p       params
	scorers *sync.Pool // *scorer, with its buffers; shared by copies
	// filter has a bit set for every feature in the table (by the hash's
	// low bits): most features of a text are not in the table, and the
	// filter, small enough for the cache, says so without a probe. Built
	// on first use, so loading stays free.
	filter *filter
	slots  []byte // (1<<logSlots) slots of slotSize bytes: key, then one int8 per label
	mask   uint32
	// memo holds, for the words of the corpus, the sum of the weights of
	// each word's own features (unigram and character n-grams): one probe
	// instead of a dozen. It changes the speed of scoring, never a score.
	memo     []byte // slots of memoSize bytes: key, then one int16 per label
	memoMask uint32
}

// params are the per-label numbers of a weights file.
type params struct {
	Bias, Scale [NumLabels]float32
	Dense       [NumLabels]Dense // the weight of each dense input
	// Threshold is the probability at which a label fires for a whole
	// message; SentenceThreshold for one sentence of it.
	Threshold, SentenceThreshold [NumLabels]float32
}

const (
	slotSize = 4 + NumLabels
	memoSize = 4 + 2*NumLabels
)

//go:embed weights.bin
var embedded []byte

// Load reads the embedded weights, in place.
func Load() (*Model, error) {
	m, err := parse(embedded)
	if err != nil {
		return nil, fmt.Errorf("harm: embedded weights: %w", err)
	}
	return m, nil
}

// LoadFrom reads weights written by Encode.
func LoadFrom(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("harm: read weights: %w", err)
	}
	return parse(data)
}

// Score returns the probability of each label for text, read in mode,
// with its dense inputs. It allocates nothing.
func (m *Model) Score(text string, mode Mode, dense Dense) Scores {
	return m.ScoreSpans(text, mode, dense, nil, nil)
}

// ScoreSpans scores text and, in the same pass, each of spans (byte
// ranges in text order, such as its sentences) into out: a span's score
// is that of the features read inside it — its words with the words
// before them, as the whole text reads them — with the mode, and the
// whole text's dense inputs.
func (m *Model) ScoreSpans(text string, mode Mode, dense Dense, spans [][2]int, out []Scores) Scores {
	sc, _ := m.scorers.Get().(*scorer)
	if sc == nil {
		sc = &scorer{}
	}
	defer m.scorers.Put(sc)
	parts := sc.parts[:0]
	for range spans {
		parts = append(parts, part{})
	}
	*sc = scorer{m: m, spans: spans, k: -1, parts: parts, words: sc.words}
	featurizeWith(text, mode, sc, &sc.words)
	d := dense.scaled()
	for k := range sc.parts {
		p := &sc.parts[k]
		for l := range NumLabels {
			p.sum[l] += sc.mode[l]
		}
		if sc.modeSet {
			p.n++
		}
		out[k] = m.scores(&p.sum, p.n, d)
	}
	return m.scores(&sc.sum, sc.n, d)
}

// scorer sums the weights of the features it is sent: for the whole text,
// and for the span the current position lies in.
type scorer struct {
	m     *Model
	sum   [NumLabels]int32
	n     int
	spans [][2]int
	parts []part
	k     int // the span of the current position, or -1
	pos   int
	// the mode feature's weights, counted once in every span
	mode    [NumLabels]int32
	modeSet bool
	words   [3]word // the featurizer's buffers
}

type part struct {
	sum [NumLabels]int32
	n   int
}

func (s *scorer) at(pos int) {
	s.pos = pos
	for s.k+1 < len(s.spans) && s.spans[s.k+1][0] <= pos {
		s.k++
	}
}

// cur is the part the current position adds to, nil outside every span.
func (s *scorer) cur() *part {
	if s.k < 0 || s.k >= len(s.spans) || s.pos >= s.spans[s.k][1] {
		return nil
	}
	return &s.parts[s.k]
}

func (s *scorer) word(w []byte) bool {
	m := s.m
	if len(m.memo) == 0 {
		return false
	}
	key := slotKey(wordKey(w))
	for i := key & m.memoMask; ; i = (i + 1) & m.memoMask {
		e := m.memo[int(i)*memoSize : int(i+1)*memoSize]
		switch binary.LittleEndian.Uint32(e) {
		case key:
			n := wordFeatures(w)
			p := s.cur()
			for l := range NumLabels {
				v := int32(int16(binary.LittleEndian.Uint16(e[4+2*l:])))
				s.sum[l] += v
				if p != nil {
					p.sum[l] += v
				}
			}
			s.n += n
			if p != nil {
				p.n += n
			}
			return true
		case 0:
			return false
		}
	}
}

func (s *scorer) add(h uint32) {
	s.n++
	w := s.m.lookup(h)
	if s.pos < 0 {
		// The mode: it counts in every span.
		s.modeSet = true
		if w != nil {
			for l := range NumLabels {
				v := int32(int8(w[l]))
				s.sum[l] += v
				s.mode[l] = v
			}
		}
		return
	}
	p := s.cur()
	if p != nil {
		p.n++
	}
	if w == nil {
		return
	}
	for l := range NumLabels {
		v := int32(int8(w[l]))
		s.sum[l] += v
		if p != nil {
			p.sum[l] += v
		}
	}
}

func (m *Model) scores(sum *[NumLabels]int32, n int, dense Dense) Scores {
	norm := float32(1)
	if n > 0 {
		norm = float32(1 / math.Sqrt(float64(n)))
	}
	var s Scores
	for l := range NumLabels {
		z := m.p.Bias[l] + m.p.Scale[l]*float32(sum[l])*norm
		for d, v := range dense {
			z += m.p.Dense[l][d] * v
		}
		s[l] = sigmoid(z)
	}
	return s
}

// lookup returns the weights of feature h, or nil for a feature the
// corpus never showed often enough to learn.
func (m *Model) lookup(h uint32) []byte {
	h = slotKey(h)
	if !m.filter.has(m, h) {
		return nil
	}
	for i := h & m.mask; ; i = (i + 1) & m.mask {
		s := m.slots[int(i)*slotSize : int(i+1)*slotSize]
		switch binary.LittleEndian.Uint32(s) {
		case h:
			return s[4:]
		case 0:
			return nil
		}
	}
}

// filterBits is the size of the filter: 128 KiB.
const filterBits = 1 << 20

type filter struct {
	once sync.Once
	bits []uint64
}

func (f *filter) has(m *Model, h uint32) bool {
	f.once.Do(func() {
		f.bits = make([]uint64, filterBits/64)
		for i := 0; i < len(m.slots); i += slotSize {
			if k := binary.LittleEndian.Uint32(m.slots[i:]); k != 0 {
				b := k % filterBits
				f.bits[b/64] |= 1 << (b % 64)
			}
		}
	})
	b := h % filterBits
	return f.bits[b/64]&(1<<(b%64)) != 0
}

// slotKey keeps 0 free to mark an empty slot.
func slotKey(h uint32) uint32 {
	if h == 0 {
		return 1
	}
	return h
}

func sigmoid(z float32) float32 { return float32(1 / (1 + math.Exp(-float64(z)))) }

// Fires reports whether a whole-message score reaches label l's threshold.
func (m *Model) Fires(s Scores, l Label) bool { return s[l] >= m.p.Threshold[l] }

// SentenceFires reports whether a sentence's score reaches l's sentence
// threshold.
func (m *Model) SentenceFires(s Scores, l Label) bool { return s[l] >= m.p.SentenceThreshold[l] }

// Threshold returns the whole-message and the sentence thresholds of l.
func (m *Model) Threshold(l Label) (message, sentence float32) {
	return m.p.Threshold[l], m.p.SentenceThreshold[l]
}

// WithThresholds returns a copy of m that fires at other thresholds (the
// trainer's search for them); the weights are shared.
func (m *Model) WithThresholds(message, sentence Scores) *Model {
	c := *m
	c.p.Threshold, c.p.SentenceThreshold = message, sentence
	return &c
}

// The weights file, little-endian:
//
//	offset  size  field
//	0       8     magic "STEADYHM"
//	8       2     format version (1)
//	10      2     FeatureVersion
//	12      1     number of labels (NumLabels)
//	13      1     log2 of the number of slots
//	14      2     zero
//	16      64×L  per label: name (16 bytes, zero-padded), bias, scale,
//	              threshold and sentence threshold (float32 each), then
//	              the weights of the NumDense dense inputs (float32 each)
//	…       S     the slots: a feature's hash (uint32; 0 for an empty
//	              slot) and one int8 weight per label; open addressing
//	              with linear probing from hash & (slots-1)
//	…       1     log2 of the number of memo slots (0: no memo)
//	…       M     the memo slots: a word's key (wordKey; 0 for empty) and,
//	              per label, the sum of its own features' int8 weights
//	              (int16); probed as the slots are
//	…       4     CRC-32 (IEEE) of every byte before it
const (
	magic         = "STEADYHM"
	formatVersion = 1
	labelSize     = 32 + 4*NumDense
	headerSize    = 16 + labelSize*NumLabels
	maxLogSlots   = 24
)

// ErrFormat is wrapped by every error about a malformed weights file.
var ErrFormat = errors.New("not a steady harm weights file")

func parse(data []byte) (*Model, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("harm: %w: %s", ErrFormat, fmt.Sprintf(format, args...))
	}
	le := binary.LittleEndian
	if len(data) < headerSize+4 || string(data[:8]) != magic {
		return nil, bad("no %q header", magic)
	}
	if v := le.Uint16(data[8:]); v != formatVersion {
		return nil, bad("format version %d, want %d", v, formatVersion)
	}
	if v := le.Uint16(data[10:]); v != FeatureVersion {
		return nil, bad("feature version %d, want %d (retrain with cmd/steady-train)", v, FeatureVersion)
	}
	if n := int(data[12]); n != NumLabels {
		return nil, bad("%d labels, want %d", n, NumLabels)
	}
	logSlots := int(data[13])
	if logSlots < 1 || logSlots > maxLogSlots {
		return nil, bad("2^%d slots is out of range", logSlots)
	}
	slotsEnd := headerSize + slotSize<<logSlots
	if len(data) < slotsEnd+1+4 {
		return nil, bad("%d bytes, too short for 2^%d slots", len(data), logSlots)
	}
	logMemo := int(data[slotsEnd])
	if logMemo > maxLogSlots {
		return nil, bad("2^%d memo slots is out of range", logMemo)
	}
	memoBytes := 0
	if logMemo > 0 {
		memoBytes = memoSize << logMemo
	}
	want := slotsEnd + 1 + memoBytes + 4
	if len(data) != want {
		return nil, bad("%d bytes, want %d", len(data), want)
	}
	if crc32.ChecksumIEEE(data[:want-4]) != le.Uint32(data[want-4:]) {
		return nil, bad("checksum mismatch (a damaged file)")
	}
	m := &Model{slots: data[headerSize:slotsEnd], mask: 1<<logSlots - 1, scorers: &sync.Pool{}, filter: &filter{}}
	if logMemo > 0 {
		m.memo, m.memoMask = data[slotsEnd+1:want-4], 1<<logMemo-1
		if !hasEmpty(m.memo, memoSize) {
			return nil, bad("no empty memo slot")
		}
	}
	for l := range NumLabels {
		r := data[16+labelSize*l:]
		if name := strings.TrimRight(string(r[:16]), "\x00"); name != labelNames[l] {
			return nil, bad("label %d is %q, want %q", l, name, labelNames[l])
		}
		vals := []*float32{&m.p.Bias[l], &m.p.Scale[l], &m.p.Threshold[l], &m.p.SentenceThreshold[l]}
		for d := range NumDense {
			vals = append(vals, &m.p.Dense[l][d])
		}
		for k, v := range vals {
			*v = math.Float32frombits(le.Uint32(r[16+4*k:]))
			if math.IsNaN(float64(*v)) || math.IsInf(float64(*v), 0) {
				return nil, bad("label %s has a non-finite parameter", Label(l))
			}
		}
	}
	// A full table would make lookup loop forever.
	if !hasEmpty(m.slots, slotSize) {
		return nil, bad("no empty slot")
	}
	return m, nil
}

func hasEmpty(table []byte, size int) bool {
	for i := 0; i < len(table); i += size {
		if binary.LittleEndian.Uint32(table[i:]) == 0 {
			return true
		}
	}
	return false
}

// Weights are a trained model's numbers: a weight per label for each
// feature, by its hash.
type Weights struct {
	Features  []uint32 // sorted hashes
	W         [][NumLabels]float64
	Bias      [NumLabels]float64
	Dense     [NumLabels][NumDense]float64
	Threshold [NumLabels]float32
	Sentence  [NumLabels]float32
	// Words are the words the memo sums (the corpus's): speed only.
	Words []string
}

// Encode writes w in the weights format: the weights quantized to int8
// with one scale per label.
func Encode(out io.Writer, w *Weights) error {
	var p params
	for l := range NumLabels {
		big := 0.0
		for _, fw := range w.W {
			big = max(big, math.Abs(fw[l]))
		}
		p.Scale[l] = float32(big / 127)
		if big == 0 {
			p.Scale[l] = 1
		}
		p.Bias[l] = float32(w.Bias[l])
		p.Threshold[l], p.SentenceThreshold[l] = w.Threshold[l], w.Sentence[l]
	}
	logSlots := 1
	for 1<<logSlots < 2*len(w.Features)+1 {
		logSlots++
	}
	if logSlots > maxLogSlots {
		return fmt.Errorf("harm: encode: %d features are too many", len(w.Features))
	}
	le := binary.LittleEndian
	var buf bytes.Buffer
	buf.WriteString(magic)
	buf.Write(le.AppendUint16(nil, formatVersion))
	buf.Write(le.AppendUint16(nil, FeatureVersion))
	buf.WriteByte(NumLabels)
	buf.WriteByte(byte(logSlots))
	buf.Write([]byte{0, 0})
	for l := range NumLabels {
		var name [16]byte
		copy(name[:], labelNames[l])
		buf.Write(name[:])
		for _, v := range []float32{p.Bias[l], p.Scale[l], p.Threshold[l], p.SentenceThreshold[l]} {
			buf.Write(le.AppendUint32(nil, math.Float32bits(v)))
		}
		for _, v := range w.Dense[l] {
			buf.Write(le.AppendUint32(nil, math.Float32bits(float32(v))))
		}
	}
	slots := make([]byte, slotSize<<logSlots)
	mask := uint32(1)<<logSlots - 1
	for k, h := range w.Features {
		key := slotKey(h)
		i := key & mask
		for le.Uint32(slots[int(i)*slotSize:]) != 0 {
			i = (i + 1) & mask
		}
		s := slots[int(i)*slotSize : int(i+1)*slotSize]
		le.PutUint32(s, key)
		for l := range NumLabels {
			q := math.Round(w.W[k][l] / float64(p.Scale[l]))
			s[4+l] = byte(int8(max(-127, min(127, q))))
		}
	}
	buf.Write(slots)
	writeMemo(&buf, w.Words, &Model{slots: slots, mask: mask, filter: &filter{}})
	buf.Write(le.AppendUint32(nil, crc32.ChecksumIEEE(buf.Bytes())))
	_, err := out.Write(buf.Bytes())
	return err
}

// writeMemo writes the memo of words: for each, the sum of its own
// features' quantized weights as the scorer would add them one by one.
// A word whose sums do not fit an int16 is left out (it is scored feature
// by feature).
func writeMemo(buf *bytes.Buffer, words []string, m *Model) {
	type entry struct {
		key uint32
		sum [NumLabels]int32
	}
	var es []entry
	for _, w := range words {
		b := []byte(w)
		if len(b) > maxWord {
			continue
		}
		sc := scorer{m: m}
		sc.add(fnvBytes(fnvByte(fnvOffset, 'u'), b))
		if len(b) >= 4 && b[0] != '<' {
			charGrams(&sc, b)
		}
		fits := true
		for _, v := range sc.sum {
			fits = fits && v >= math.MinInt16 && v <= math.MaxInt16
		}
		if fits {
			es = append(es, entry{slotKey(wordKey(b)), sc.sum})
		}
	}
	// Two words with one key would share sums: leave both out.
	keys := map[uint32]int{}
	for _, e := range es {
		keys[e.key]++
	}
	es = slices.DeleteFunc(es, func(e entry) bool { return keys[e.key] > 1 })
	if len(es) == 0 {
		buf.WriteByte(0)
		return
	}
	logMemo := 1
	for 1<<logMemo < 2*len(es)+1 {
		logMemo++
	}
	buf.WriteByte(byte(logMemo))
	memo := make([]byte, memoSize<<logMemo)
	mask := uint32(1)<<logMemo - 1
	le := binary.LittleEndian
	for _, e := range es {
		i := e.key & mask
		for le.Uint32(memo[int(i)*memoSize:]) != 0 {
			i = (i + 1) & mask
		}
		s := memo[int(i)*memoSize : int(i+1)*memoSize]
		le.PutUint32(s, e.key)
		for l, v := range e.sum {
			le.PutUint16(s[4+2*l:], uint16(int16(v)))
		}
	}
	buf.Write(memo)
}

// Shift moves a probability by d in log-odds (a threshold made stricter
// by d > 0).
func Shift(p float32, d float64) float32 {
	if p <= 0 || p >= 1 {
		return p
	}
	z := math.Log(float64(p)/(1-float64(p))) + d
	return float32(1 / (1 + math.Exp(-z)))
}
