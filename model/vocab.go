package model

import (
	"strings"
	"sync"
	"sync/atomic"
)

// The word memo. Most of a word's features depend on the word alone: its
// unigram, its character n-grams, whether it is elongated. For the words
// the model was trained on (the vocabulary in the weights file), the memo
// sums those rows once, and Doc.Word adds the sum with one probe instead
// of hashing and looking up half a dozen features. The sum is of the same
// quantised weights scoring would add one by one, and a word found by its
// WordKey is confirmed by a second, independent hash (WordCheck), so the
// memo changes the speed of scoring, never its result: a model scores the
// same before its memo is built as after.
//
// Building the memo takes a few milliseconds, and it saves about a
// microsecond on a 30-word text, so a model builds it only once it has
// scored memoAfter texts: a command that checks one draft never pays for
// it; a server or an audit of a file soon does.
const memoAfter = 64

// lazyMemo is a model's memo, built once on demand.
type lazyMemo struct {
	uses  atomic.Int32
	once  sync.Once
	ready atomic.Pointer[memo]
}

// wordMemo returns the model's memo, building it when this is the
// memoAfter-th text scored, or nil while there is none (or it is empty:
// find probes only a memo with slots).
func (m *Model) wordMemo() *memo {
	lm := m.memo
	if lm == nil || m.vocabSize == 0 {
		return nil
	}
	v := lm.ready.Load()
	if v == nil {
		if lm.uses.Add(1) < memoAfter {
			return nil
		}
		lm.once.Do(func() {
			v := buildMemo(m)
			lm.ready.Store(&v)
		})
		v = lm.ready.Load()
	}
	if len(v.slots) == 0 {
		return nil
	}
	return v
}

// memo is an open-addressing table of memoSlots keyed by WordKey (never
// 0, so key 0 marks an empty slot), at most three-quarters full. A slot is
// 32 bytes, so two share a 64-byte cache line and none straddles one: a
// probe that finds its word has the sums in the same line, one cache miss
// per word at most.
type memo struct {
	slots []memoSlot
	shift uint32
}

type memoSlot struct {
	key uint32
	n   uint8 // features summed; 0 marks a key two vocabulary words share
	_   [3]byte
	// sums holds the word's eight sums as biased uint16 lanes (sum +
	// memoBias), four to a uint64, so they are added SWAR-style.
	sums [2]uint64
	// check is WordCheck of the word: a key match is confirmed by it, so
	// that with 64 bits an unknown word never reads as a vocabulary word
	// (with the 32-bit key alone, one in 50,000 would).
	check uint32
	_     [4]byte
}

// NegatedPrefix marks a vocabulary entry that memoizes a word's negated
// reading ("!worried" for "worried" after "not"). No word holds a "!": the
// tokenizer ends a word there.
const NegatedPrefix = "!"

// memoBias makes a sum (|sum| ≤ 64 × 127) a non-negative uint16 lane.
const memoBias = 1 << 15

// maxMemoFeatures bounds the features a memo row sums, so that the int16
// sums cannot overflow (64 × 127 < 32767): longer words take the slow path.
const maxMemoFeatures = 64

func (v *memo) slot(key uint32) uint32 { return (key * golden) >> v.shift }

// find returns the slot of the word with this key, if it is memoized.
// The caller compares the slot's check with the word's.
func (v *memo) find(key uint32) (*memoSlot, bool) {
	mask := uint32(len(v.slots) - 1)
	for i := v.slot(key); ; i = (i + 1) & mask {
		sl := &v.slots[i]
		if sl.key == key {
			return sl, sl.n != 0
		}
		if sl.key == 0 {
			return nil, false
		}
	}
}

// lanes accumulates memo sums: the even and odd uint16 lanes of the two
// words of a slot in the 32-bit halves of four uint64s. A lane gains at
// most 65535 per word, so 65536 words fit before any overflow; Doc adds
// them to its sink at most every bufSize words.
type lanes struct {
	e0, o0, e1, o1 uint64
	words, n       int
}

func (l *lanes) add(sl *memoSlot) {
	const mask = 0x0000FFFF0000FFFF
	l.e0 += sl.sums[0] & mask
	l.o0 += (sl.sums[0] >> 16) & mask
	l.e1 += sl.sums[1] & mask
	l.o1 += (sl.sums[1] >> 16) & mask
	l.words++
	l.n += int(sl.n)
}

// drain adds the accumulated sums to s and empties l.
func (l *lanes) drain(s *sink) {
	if l.words == 0 {
		return
	}
	bias := int64(memoBias) * int64(l.words)
	// Lane h of a slot is bits 16(h%4)… of sums[h/4]: even h in e, odd in o.
	s.acc[0] += int32(int64(l.e0&0xFFFFFFFF) - bias)
	s.acc[1] += int32(int64(l.o0&0xFFFFFFFF) - bias)
	s.acc[2] += int32(int64(l.e0>>32) - bias)
	s.acc[3] += int32(int64(l.o0>>32) - bias)
	s.acc[4] += int32(int64(l.e1&0xFFFFFFFF) - bias)
	s.acc[5] += int32(int64(l.o1&0xFFFFFFFF) - bias)
	s.acc[6] += int32(int64(l.e1>>32) - bias)
	s.acc[7] += int32(int64(l.o1>>32) - bias)
	s.n += l.n
	*l = lanes{}
}

// buildMemo sums the static features of every vocabulary word. Words
// whose keys collide are left out (they take the slow path and score
// exactly), as are words with too many features.
func buildMemo(m *Model) memo {
	if m.vocabSize == 0 || checkVocabulary(m.vocab, m.vocabSize) != nil {
		// A vocabulary Load did not check and that is broken costs speed
		// only: every word takes the slow path.
		return memo{}
	}
	bits := uint32(1)
	for 3<<bits < 4*m.vocabSize {
		bits++
	}
	size := 1 << bits
	v := memo{slots: make([]memoSlot, size), shift: 32 - bits}
	mask := uint32(size - 1)
	all := string(m.vocab) // one copy; the words are slices of it
	var d Doc
	for line := range strings.Lines(all) {
		plain, negated := strings.CutPrefix(strings.TrimSuffix(line, "\n"), NegatedPrefix)
		key, check := wordHashes(plain)
		d.reset(m.features)
		d.m = m
		d.s.tbl, d.s.mask = m.tbl, m.mask
		d.static(plain, key, negated, 0, len(plain))
		if negated {
			key = negKey(key)
		}
		d.s.flush()
		if d.s.n > maxMemoFeatures {
			continue
		}
		i := v.slot(key)
		for v.slots[i].key != 0 && v.slots[i].key != key {
			i = (i + 1) & mask
		}
		sl := &v.slots[i]
		if sl.key == key {
			sl.n = 0 // two words, one key: neither is memoized
			continue
		}
		sl.key, sl.n, sl.check = key, uint8(d.s.n), check
		for h := range NumHeads {
			sl.sums[h/4] |= uint64(uint16(d.s.acc[h]+memoBias)) << (16 * (h % 4))
		}
	}
	return v
}
