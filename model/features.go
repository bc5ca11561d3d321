package model

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FeatureVersion names the featurizer. A weights file records the version
// it was trained with and Load refuses another, since the same tokens would
// then hash to different features and score silently wrong.
//
// Version 3 reads a token stream (see Doc) instead of raw text: the
// analyzer has already split, lower-cased and hashed every word, marked
// negation and found the emoji, so the model does none of that again.
const FeatureVersion = 3

// Feature kinds seed the hashes, so that the word "no" and the character
// trigram "no" (say) land in unrelated buckets.
const (
	kindWord    = 1
	kindNegWord = 2 // a word inside the scope of a negation
	kindBigram  = 3
	kindChar    = 4
	kindSignal  = 5 // punctuation, caps, elongation, emoji, length
	kindEmoji   = 6
	kindNegChar = 7 // a character n-gram of a word inside the scope of a negation
)

// Signal features: named by a byte after kindSignal.
const (
	sigExcl      = 1 // a single "!"
	sigExclRun   = 2 // "!!" or more
	sigQuest     = 3 // a single "?"
	sigQuestRun  = 4 // "??" or more
	sigMixedRun  = 5 // "?!" / "!?" mixes
	sigCapsWord  = 6 // an ALL-CAPS word of two or more letters
	sigElongated = 7 // a letter repeated three times or more ("sooo")
	sigEmoji     = 8 // any emoji
	sigLength    = 9 // followed by a length bucket
	sigCapsMany  = 10
	sigSentStart = 11 // start-of-text marker used as the left side of the first bigram
	sigEllipsis  = 12 // "..." or "…"
)

// Class is a token that is not a word but stands in a sentence like one:
// its class is its feature ("5pm" and "7pm" are one feature).
type Class uint8

// The classes of non-word tokens.
const (
	ClassNumber Class = iota + 1
	ClassTime
	ClassDate
	ClassMoney
	ClassURL
)

// FeatureSet selects the feature groups a model uses. It is recorded in
// the weights file, so the trainer can compare groups on dev and the
// shipped model hashes exactly what it was trained on.
type FeatureSet uint16

const (
	FeatWords    FeatureSet = 1 << iota // word unigrams
	FeatNeg                             // negation-scoped copies of words ("not happy" → NEG_happy)
	FeatBigrams                         // word pairs, the first word paired with a start mark
	FeatChar3                           // character 3-grams of each word, with boundary marks
	FeatChar4                           // … 4-grams
	FeatChar5                           // … 5-grams
	FeatSignals                         // "!", "?", runs of them, ALL CAPS, elongation, emoji, length
	FeatSqrtNorm                        // scale counts by 1/sqrt(features) instead of 1

	// FeatAll is every group.
	FeatAll = FeatWords | FeatNeg | FeatBigrams | FeatChar3 | FeatChar4 | FeatChar5 | FeatSignals | FeatSqrtNorm
)

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
	golden    = 0x9E3779B9
	// bufSize features are hashed before they are looked up in one tight
	// loop; a small array, so a Doc on the stack stays cheap to set up.
	bufSize = 32
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

// WordKey is a word's identity: FNV-1a (32-bit) of its lower-cased bytes
// with the low bit set, so that no word has key 0. It is the hash the
// analyzer's tokenizer computes as it lower-cases a word, so the analyzer
// can pass it to Doc.Word for free.
func WordKey(lowered []byte) uint32 { return fnvBytes(fnvOffset, lowered) | 1 }

// CheckBasis starts WordCheck's FNV-1a: another basis than WordKey's (the
// golden ratio the seeds use), so that the two hashes of a word are
// independent.
const CheckBasis = golden

// WordCheck is a second hash of a word, FNV-1a of its lower-cased bytes
// from CheckBasis: the memo confirms with it a word it found by WordKey.
// The analyzer's tokenizer computes it as it lower-cases a word, like the
// key.
func WordCheck(lowered []byte) uint32 { return fnvBytes(CheckBasis, lowered) }

func fnvBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h = fnvByte(h, c)
	}
	return h
}

// wordHashes are WordKey and WordCheck of word lower-cased, in one pass
// and without a buffer.
func wordHashes(word string) (key, check uint32) {
	h, h2 := uint32(fnvOffset), uint32(CheckBasis)
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			forLowered(word[i:], func(b byte) { h, h2 = fnvByte(h, b), fnvByte(h2, b) })
			break
		}
		if 'A' <= c && c <= 'Z' {
			c |= 0x20
		}
		h, h2 = fnvByte(h, c), fnvByte(h2, c)
	}
	return h | 1, h2
}

// mix is murmur3's finaliser: FNV-1a's low bits are weak, and the bucket
// is taken from the low bits.
func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

func signal(id byte) uint32 { return fnvByte(fnvByte(fnvOffset, kindSignal), id) }

// Seeds of the word-derived features: kind × golden, mod 2^32.
const (
	seedWord   = 0x9E3779B9
	seedNeg    = 0x3C6EF372
	seedBigram = 0xDAA66D2B
)

func unigramHash(key uint32) uint32 { return key + seedWord }
func negHash(key uint32) uint32     { return key + seedNeg }
func bigramHash(prev, key uint32) uint32 {
	return (prev*0x85ebca77 ^ key) + seedBigram
}

// classKey is the word key a class of token stands in with.
func classKey(c Class) uint32 { return fnvByte(fnvByte(fnvOffset, 0), byte(c)) | 1 }

// startKey is the left side of the first bigram.
var startKey = signal(sigSentStart)

// sink receives features. It buffers hashes and looks them up in batches,
// which keeps the per-feature work a store and an increment (inlined) and
// the table lookups in one tight loop.
type sink struct {
	buf [bufSize]uint32
	k   int
	n   int // features in all

	// Scoring: the weight table (NumHeads bytes per bucket, each a weight
	// plus 128) and the sums.
	tbl  []byte
	mask uint32
	acc  [NumHeads]int32

	// collect records every feature's bucket in raw (training).
	collect bool
	raw     []uint32
}

// add adds the feature with hash h, drawn from text[start:end] (the span
// documents where a feature comes from; Explain attributes by token).
func (s *sink) add(h uint32, start, end int) {
	s.buf[s.k] = h
	s.k++
	s.n++
	if s.k == bufSize {
		s.flush()
	}
}

func (s *sink) flush() {
	hs := s.buf[:s.k]
	s.k = 0
	if s.collect {
		for _, h := range hs {
			s.raw = append(s.raw, mix(h)&s.mask)
		}
	}
	if s.tbl == nil {
		return
	}
	// SWAR: a row is eight weights stored as w+128 in one uint64; the even
	// and odd bytes are summed in two uint64s of four 16-bit lanes each.
	// A lane gains at most 255 per feature, and a batch is at most bufSize
	// features, so no lane overflows before it is unpacked below.
	tbl, mask := s.tbl, s.mask
	var even, odd uint64
	const lanes = 0x00FF00FF00FF00FF
	for _, h := range hs {
		b := int(mix(h)&mask) * NumHeads
		row := binary.LittleEndian.Uint64(tbl[b : b+NumHeads : b+NumHeads])
		even += row & lanes
		odd += (row >> 8) & lanes
	}
	bias := int32(128 * len(hs))
	for j := range 4 {
		s.acc[2*j] += int32(even>>(16*j)&0xFFFF) - bias
		s.acc[2*j+1] += int32(odd>>(16*j)&0xFFFF) - bias
	}
}

// Doc gathers the features of one text from its tokens, in order, and
// scores them. A tokenizer (the analyzer's) feeds it: Word for each word,
// Class for numbers, times, dates, money and links, Emoji, and Punct for
// runs of "!" and "?". A Doc is reset by Start (scoring), StartRaw
// (training) or StartExplain; the zero value is not ready for use. It does
// not allocate when scoring, so the analyzer keeps one per check on the
// stack or in its scratch state.
type Doc struct {
	s         sink
	m         *Model
	fs        FeatureSet
	memo      *memo // the model's word memo, when it has one (vocab.go)
	prev      uint32
	prevStart int
	words     int
	capsWords int
	lowered   []byte // the current word, lower-cased, when onWord is set
	lanes     lanes  // the memoized words' sums, added to s in batches

	// Explaining head: the head's sum after the last token, and the
	// tokens that raised it most so far, strongest first.
	explain bool
	head    Head
	last    int32
	top     [maxExplain]tokenWeight
	ntop    int
	// OnWord, when not nil, is called with every word as it is read,
	// lower-cased, and whether it is read negated (the trainer collects
	// the vocabulary with it). It is cleared by every Start.
	OnWord func(lowered []byte, negated bool)
}

// Start prepares d to score a text with m.
func (d *Doc) Start(m *Model) {
	d.reset(m.features)
	d.m = m
	d.s.tbl, d.s.mask = m.tbl, m.mask
	d.memo = m.wordMemo()
}

// StartRaw prepares d to record the buckets of a text's features for a
// table of 1<<bits rows and feature set fs, with no model (training).
func (d *Doc) StartRaw(bits int, fs FeatureSet) {
	d.reset(fs)
	d.s.mask = 1<<bits - 1
	d.s.collect = true
}

// StartExplain prepares d to score a text with m and to find the tokens
// that raised head h's logit most (Explain). It costs a little more than
// Start — every token's features are looked up as it is read — and does
// not allocate.
func (d *Doc) StartExplain(m *Model, h Head) {
	d.Start(m)
	if h >= 0 && h < NumHeads {
		d.explain, d.head = true, h
	}
}

func (d *Doc) reset(fs FeatureSet) {
	raw := d.s.raw[:0]
	d.s = sink{raw: raw}
	d.explain, d.last, d.ntop = false, 0, 0
	d.m, d.fs, d.memo = nil, fs, nil
	d.prev, d.prevStart = startKey, 0
	d.words, d.capsWords = 0, 0
	d.lanes = lanes{}
	d.OnWord = nil
}

// Word reads the word text[start:end] (as the tokenizer found it: letters,
// digits and inner apostrophes, any case). key and check are its WordKey
// and WordCheck, or 0 to have Word compute them. caps reports an ALL-CAPS
// word, negated a word in the scope of a negation ("not", "never", "n't" …).
func (d *Doc) Word(text string, start, end int, key, check uint32, caps, negated bool) {
	if start < 0 || end > len(text) || start >= end {
		return
	}
	word := text[start:end]
	fs := d.fs
	// A negated word is read as a word of its own: its unigram and
	// character n-grams hashed apart from the plain ones, so "not worried"
	// does not carry the anxiety of "worried" for a weight to undo.
	// (Adding negated copies to the plain features instead kept "I'm not
	// angry" angry: the corpora hold too few negated emotion words to
	// learn the cancelling weights.)
	neg := negated && fs&FeatNeg != 0
	if d.OnWord != nil {
		d.lowered = lowerWord(d.lowered[:0], word)
		d.OnWord(d.lowered, neg)
	}
	if key == 0 {
		key, check = wordHashes(word)
	}
	s := &d.s
	found := false
	if d.memo != nil {
		mk := key
		if neg {
			mk = negKey(key)
		}
		var sl *memoSlot
		if sl, found = d.memo.find(mk); found && sl.check == check {
			d.lanes.add(sl)
			if d.lanes.words == bufSize {
				d.lanes.drain(s)
			}
		} else {
			found = false
		}
	}
	if !found {
		d.static(word, key, neg, start, end)
	}
	if fs&FeatBigrams != 0 {
		s.add(bigramHash(d.prev, key), d.prevStart, end)
	}
	d.prev, d.prevStart = key, start
	d.words++
	if caps {
		d.capsWords++
		if fs&FeatSignals != 0 {
			s.add(signal(sigCapsWord), start, end)
		}
	}
	if d.explain {
		d.mark(start, end)
	}
}

// negKey is the memo key of a word's negated reading.
func negKey(key uint32) uint32 { return (key ^ 0x5bd1e995) | 1 }

// maxExplain bounds the contributions Explain returns.
const maxExplain = 8

// tokenWeight is how much one token raised the explained head's sum.
type tokenWeight struct {
	start, end int32
	sum        int32
}

// mark attributes to text[start:end] what its token added to the head
// being explained: the sums are brought up to date after every token, so
// the difference is that token's features alone.
func (d *Doc) mark(start, end int) {
	if !d.explain {
		return
	}
	s := &d.s
	if s.k > 0 {
		s.flush()
	}
	d.lanes.drain(s)
	delta := s.acc[d.head] - d.last
	d.last = s.acc[d.head]
	if delta <= 0 {
		return
	}
	tw := tokenWeight{int32(start), int32(end), delta}
	i := d.ntop
	if i == maxExplain {
		if d.top[i-1].sum >= delta {
			return
		}
		i--
	} else {
		d.ntop++
	}
	for i > 0 && d.top[i-1].sum < delta {
		d.top[i] = d.top[i-1]
		i--
	}
	d.top[i] = tw
}

// link adds the bigram of the previous word-like token and this one.
func (d *Doc) link(key uint32, start, end int) {
	if d.fs&FeatBigrams != 0 {
		// The span covers both words, so Explain can point at the phrase.
		d.s.add(bigramHash(d.prev, key), d.prevStart, end)
	}
	d.prev, d.prevStart = key, start
	d.words++
}

// static adds the features that depend on the word alone: its unigram,
// its character n-grams and the elongation mark — or, negated, copies of
// the unigram and n-grams hashed apart. The plain ones are what the word
// memo sums ahead of time (vocab.go), so the two paths must stay one.
func (d *Doc) static(word string, key uint32, negated bool, start, end int) {
	s := &d.s
	fs := d.fs
	r := roller{s: s, grams: fs & (FeatChar3 | FeatChar4 | FeatChar5), kind: kindChar, start: start, end: end}
	switch {
	case negated:
		r.kind = kindNegChar
		s.add(negHash(key), start, end)
	case fs&FeatWords != 0:
		s.add(unigramHash(key), start, end)
	}
	if r.grams == 0 && fs&FeatSignals == 0 {
		return
	}
	r.push(1)
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			forLowered(word[i:], r.push)
			break
		}
		if 'A' <= c && c <= 'Z' {
			c |= 0x20
		}
		r.push(c)
	}
	r.push(2)
	if r.elongated && !negated && fs&FeatSignals != 0 {
		s.add(signal(sigElongated), start, end)
	}
}

// roller turns the lower-cased bytes of a word, between the boundary
// marks 0x01 and 0x02, into its character n-grams. The last five bytes
// roll through one uint64, so an n-gram is a mask of it and its hash one
// multiply.
type roller struct {
	s          *sink
	v          uint64
	p          int
	b1, b2     byte // the two bytes before
	elongated  bool // a letter three times in a row
	grams      FeatureSet
	kind       uint64
	start, end int
}

func (r *roller) push(c byte) {
	r.v = r.v<<8 | uint64(c)
	if g := r.grams; g != 0 {
		if r.p >= 2 && g&FeatChar3 != 0 {
			r.s.add(gramHash(r.v&0xFFFFFF, 3, r.kind), r.start, r.end)
		}
		if r.p >= 3 && g&FeatChar4 != 0 {
			r.s.add(gramHash(r.v&0xFFFFFFFF, 4, r.kind), r.start, r.end)
		}
		if r.p >= 4 && g&FeatChar5 != 0 {
			r.s.add(gramHash(r.v&0xFFFFFFFFFF, 5, r.kind), r.start, r.end)
		}
	}
	if c == r.b1 && c == r.b2 && c >= 'a' && c <= 'z' {
		r.elongated = true
	}
	r.b2, r.b1 = r.b1, c
	r.p++
}

// Class reads a token of class c at text[start:end] that stands where a
// word would.
func (d *Doc) Class(c Class, start, end int) {
	key := classKey(c)
	if d.fs&FeatWords != 0 {
		d.s.add(unigramHash(key), start, end)
	}
	d.link(key, start, end)
	d.mark(start, end)
}

// Emoji reads the emoji text[start:end]; variation selectors, joiners and
// skin tones are left out, so "❤️" and "❤" are one feature.
func (d *Doc) Emoji(text string, start, end int) {
	if start < 0 || end > len(text) || start >= end {
		return
	}
	h := fnvByte(fnvOffset, kindEmoji)
	for _, r := range text[start:end] {
		if r == 0xFE0F || r == 0xFE0E || r == 0x200D || (r >= 0x1F3FB && r <= 0x1F3FF) {
			continue
		}
		var enc [utf8.UTFMax]byte
		for _, b := range enc[:utf8.EncodeRune(enc[:], r)] {
			h = fnvByte(h, b)
		}
	}
	if d.fs&FeatWords != 0 {
		d.s.add(h, start, end)
	}
	if d.fs&FeatSignals != 0 {
		d.s.add(signal(sigEmoji), start, end)
	}
	d.mark(start, end)
}

// Punct reads a run of punctuation holding excl "!" and quest "?" (an
// interrobang counts as one of each); ellipsis marks "..." or "…".
func (d *Doc) Punct(excl, quest int, ellipsis bool, start, end int) {
	if d.fs&FeatSignals == 0 {
		return
	}
	s := &d.s
	switch {
	case excl > 0 && quest > 0:
		s.add(signal(sigMixedRun), start, end)
	case excl > 1:
		s.add(signal(sigExclRun), start, end)
	case excl == 1:
		s.add(signal(sigExcl), start, end)
	case quest > 1:
		s.add(signal(sigQuestRun), start, end)
	case quest == 1:
		s.add(signal(sigQuest), start, end)
	}
	if ellipsis {
		s.add(signal(sigEllipsis), start, end)
	}
	d.mark(start, end)
}

// finish adds the whole-text features and looks up what is buffered.
func (d *Doc) finish() {
	s := &d.s
	if d.fs&FeatSignals != 0 {
		s.add(fnvByte(signal(sigLength), lengthBucket(d.words)), 0, 0)
		if d.capsWords >= 2 {
			s.add(signal(sigCapsMany), 0, 0)
		}
	}
	d.lanes.drain(s)
	if s.k > 0 {
		s.flush()
	}
}

// Logits finishes the text and returns every head's logit (log-odds).
// Compare with Model.Fires, or turn into a probability with Prob: most
// callers need only a few heads' probabilities.
func (d *Doc) Logits() Logits {
	d.finish()
	m := d.m
	var z Logits
	if m == nil {
		return z
	}
	inv := m.norm(d.s.n)
	for h := range NumHeads {
		z[h] = m.bias[h] + m.scale[h]*float32(d.s.acc[h])*inv
	}
	return z
}

// Buckets finishes a text read after StartRaw and returns the bucket of
// every feature, in order, with repeats: exactly what scoring looks up.
// The slice is reused by the next Start.
func (d *Doc) Buckets() []uint32 {
	d.finish()
	return d.s.raw
}

// forLowered calls emit with every byte of word lower-cased: ASCII letters
// folded, other letters by unicode.ToLower, the curly apostrophes read as
// "'". It is the lower-casing the analyzer's tokenizer applies before it
// takes a word's key.
func forLowered(word string, emit func(byte)) {
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c |= 0x20
			}
			emit(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(word[i:])
		i += size
		if r == '’' || r == 'ʼ' || r == '‘' {
			emit('\'')
			continue
		}
		var enc [utf8.UTFMax]byte
		for _, b := range enc[:utf8.EncodeRune(enc[:], unicode.ToLower(r))] {
			emit(b)
		}
	}
}

// lowerWord appends word lower-cased (as forLowered) to dst.
func lowerWord(dst []byte, word string) []byte {
	forLowered(word, func(b byte) { dst = append(dst, b) })
	return dst
}

// LowerWord returns word lower-cased the way WordKey expects it.
func LowerWord(word string) string { return string(lowerWord(nil, word)) }

// gramHash folds a packed n-gram of n bytes into 32 bits (Fibonacci
// hashing; sink.flush mixes it again before taking the bucket).
func gramHash(v, n, kind uint64) uint32 {
	x := (v | n<<40 | kind<<48) * 0x9E3779B97F4A7C15
	return uint32(x >> 32)
}

func lengthBucket(words int) byte {
	switch {
	case words <= 1:
		return 1
	case words <= 3:
		return 2
	case words <= 7:
		return 3
	case words <= 15:
		return 4
	case words <= 31:
		return 5
	}
	return 6
}

// FeatureNames lists the feature group names ParseFeatureSet accepts.
func FeatureNames() []string {
	return []string{"words", "neg", "bigrams", "char3", "char4", "char5", "signals", "sqrtnorm"}
}

// ParseFeatureSet reads "all", a comma-separated list of group names, or
// "all,-name,…" to drop groups from all.
func ParseFeatureSet(s string) (FeatureSet, error) {
	var fs FeatureSet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		drop := strings.HasPrefix(part, "-")
		part = strings.TrimPrefix(part, "-")
		var bit FeatureSet
		if part == "all" {
			bit = FeatAll
		} else {
			i := slices.Index(FeatureNames(), part)
			if i < 0 {
				return 0, fmt.Errorf("model: unknown feature group %q (want all or %s)", part, strings.Join(FeatureNames(), ", "))
			}
			bit = 1 << i
		}
		if drop {
			fs &^= bit
		} else {
			fs |= bit
		}
	}
	if fs&^FeatSqrtNorm == 0 {
		return 0, fmt.Errorf("model: feature set %q selects no features", s)
	}
	return fs, nil
}

func (fs FeatureSet) String() string {
	if fs == FeatAll {
		return "all"
	}
	var names []string
	for i, n := range FeatureNames() {
		if fs&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, ",")
}
