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
// it was trained with and Load refuses another, since the same bytes would
// then hash to different features and score silently wrong.
const FeatureVersion = 2

// Feature kinds seed the hash, so that the word "no" and the character
// trigram "no" (say) land in unrelated buckets.
const (
	kindWord    = 1
	kindNegWord = 2 // a word inside the scope of a negation
	kindBigram  = 3
	kindChar    = 4
	kindSignal  = 5 // punctuation, caps, elongation, emoji, length
	kindEmoji   = 6
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

	// FeatAll is every group; the default.
	FeatAll = FeatWords | FeatNeg | FeatBigrams | FeatChar3 | FeatChar4 | FeatChar5 | FeatSignals | FeatSqrtNorm
)

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
	maxWord   = 32 // bytes of a word that are hashed; longer words are cut
	// bufSize features are hashed before they are looked up in one tight
	// loop; a stack array, so Score does not allocate.
	bufSize = 256
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

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

// span is the byte range of the text a feature came from; a whole-text
// feature has start == end == 0.
type span struct{ start, end int32 }

// sink receives the features of one text. It buffers hashes and looks
// them up in batches, which keeps the per-feature work a store and an
// increment (inlined) and the table lookups in one tight loop. All its
// callees are static, so a sink on the stack stays there: Score does not
// allocate.
type sink struct {
	buf [bufSize]uint32
	k   int
	n   int // features emitted in all

	// Scoring: the weight table (NumHeads bytes per bucket, each a weight
	// plus 128) and the sums.
	tbl  []byte
	mask uint32
	acc  [NumHeads]int32

	// raw, when not nil, gets every feature's bucket (training).
	raw *[]uint32
	// spans, when not nil, gets the span of every feature in order (Explain).
	spans *[]span

	fs FeatureSet
}

func (s *sink) add(h uint32, start, end int) {
	if s.spans != nil {
		*s.spans = append(*s.spans, span{int32(start), int32(end)})
	}
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
	if s.raw != nil {
		for _, h := range hs {
			*s.raw = append(*s.raw, mix(h)&s.mask)
		}
	}
	if s.tbl == nil {
		return
	}
	// SWAR: a row is eight weights stored as w+128 in one uint64; the even
	// and odd bytes are summed in two uint64s of four 16-bit lanes each.
	// A lane gains at most 255 per feature, and a batch is at most 256
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

func (s *sink) done() {
	if s.k > 0 {
		s.flush()
	}
}

// walker holds the state of one pass over a text.
type walker struct {
	s *sink

	word      [maxWord]byte
	wn        int // bytes in word (capped at maxWord)
	wstart    int // byte offset where the current word starts, -1 outside a word
	letters   int // letters seen in the word
	uppers    int // upper-case letters seen in the word
	prev      uint32
	prevStart int
	negScope  bool
	words     int
	capsWords int
}

// walk emits every feature of text to s. The tokenizer works on bytes
// with a slow path only for non-ASCII runes: letters join words (lowered),
// curly apostrophes inside a word become "'", emoji are features of their
// own, anything else separates words.
func walk(text string, s *sink) {
	w := walker{s: s, wstart: -1, prev: signal(sigSentStart), prevStart: 0}
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				// The common case, a run of lower-case letters, in one
				// tight loop.
				if w.wstart < 0 {
					w.wstart = i
				}
				j := i
				for j < len(text) && text[j]-'a' < 26 {
					if w.wn < maxWord {
						w.word[w.wn] = text[j]
						w.wn++
					}
					j++
				}
				w.letters += j - i
				i = j
				continue
			case 'A' <= c && c <= 'Z':
				w.letter(i, c+('a'-'A'), true)
			case '0' <= c && c <= '9':
				// All digits hash alike: "5pm" and "7pm" are one feature.
				w.letter(i, '0', false)
				w.letters-- // digits are not letters for the caps test
			case c == '\'' && w.wstart >= 0 && i+1 < len(text) && isASCIILetter(text[i+1]):
				w.appendByte('\'')
			case c == '!' || c == '?':
				w.endWord(i)
				j := i + 1
				for j < len(text) && (text[j] == '!' || text[j] == '?') {
					j++
				}
				w.punctRun(text[i:j], i, j)
				w.negScope = false
				i = j
				continue
			default:
				w.endWord(i)
				switch c {
				case '.', ',', ';', ':', '\n':
					// Negation scope ends at clause punctuation, as a reader
					// takes "not happy, just tired".
					w.negScope = false
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case (r == '’' || r == '‘') && w.wstart >= 0 && i+size < len(text) && isASCIILetter(text[i+size]):
			w.appendByte('\'')
		case unicode.IsLetter(r) || unicode.IsMark(r):
			if w.wstart < 0 {
				w.wstart = i
			}
			lower := unicode.ToLower(r)
			if lower != r {
				w.uppers++
			}
			w.letters++
			var enc [utf8.UTFMax]byte
			n := utf8.EncodeRune(enc[:], lower)
			for _, b := range enc[:n] {
				w.appendByte(b)
			}
		case r == 0xFE0F || r == 0x200D || (r >= 0x1F3FB && r <= 0x1F3FF):
			// Variation selectors, joiners and skin tones belong to the
			// emoji before them; they are not separate features.
		case isEmoji(r):
			w.endWord(i)
			h := fnvByte(fnvOffset, kindEmoji)
			for k := i; k < i+size; k++ {
				h = fnvByte(h, text[k])
			}
			if s.fs&FeatWords != 0 {
				s.add(h, i, i+size)
			}
			if s.fs&FeatSignals != 0 {
				s.add(signal(sigEmoji), i, i+size)
			}
		default:
			w.endWord(i)
			if r == '…' {
				w.negScope = false
			}
		}
		i += size
	}
	w.endWord(len(text))
	if s.fs&FeatSignals != 0 {
		s.add(fnvByte(signal(sigLength), lengthBucket(w.words)), 0, 0)
		if w.capsWords >= 2 {
			s.add(signal(sigCapsMany), 0, 0)
		}
	}
	s.done()
}

func isASCIILetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// isEmoji covers the pictographic blocks people type in messages: hearts,
// faces, hands, and the dingbats and symbols (♥ ☺ ✌) used as emoji.
func isEmoji(r rune) bool {
	return (r >= 0x1F000 && r <= 0x1FAFF) || (r >= 0x2600 && r <= 0x27BF) || r == 0x2B50 || r == 0x2B55
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

func (w *walker) letter(i int, lower byte, upper bool) {
	if w.wstart < 0 {
		w.wstart = i
	}
	w.letters++
	if upper {
		w.uppers++
	}
	w.appendByte(lower)
}

func (w *walker) appendByte(b byte) {
	if w.wn < maxWord {
		w.word[w.wn] = b
		w.wn++
	}
}

func (w *walker) punctRun(run string, start, end int) {
	s := w.s
	if s.fs&FeatSignals == 0 {
		return
	}
	excl, quest := 0, 0
	for k := 0; k < len(run); k++ {
		if run[k] == '!' {
			excl++
		} else {
			quest++
		}
	}
	switch {
	case excl > 0 && quest > 0:
		s.add(signal(sigMixedRun), start, end)
	case excl > 1:
		s.add(signal(sigExclRun), start, end)
	case excl == 1:
		s.add(signal(sigExcl), start, end)
	case quest > 1:
		s.add(signal(sigQuestRun), start, end)
	default:
		s.add(signal(sigQuest), start, end)
	}
}

// endWord emits the features of the word that ends at byte end, if any.
func (w *walker) endWord(end int) {
	if w.wstart < 0 {
		return
	}
	s := w.s
	word := w.word[:w.wn]
	start := w.wstart

	h := fnvByte(fnvOffset, kindWord)
	for _, b := range word {
		h = fnvByte(h, b)
	}
	fs := s.fs
	if fs&FeatWords != 0 {
		s.add(h, start, end)
	}
	if w.negScope && fs&FeatNeg != 0 {
		s.add(h^(kindWord^kindNegWord)*fnvPrime, start, end)
	}
	if fs&FeatBigrams != 0 {
		// The bigram hash combines the two word hashes; its span covers
		// both words so Explain can point at the phrase.
		s.add(fnvByte(fnvByte(w.prev*fnvPrime^h, kindBigram), kindBigram), w.prevStart, end)
	}

	if fs&(FeatChar3|FeatChar4|FeatChar5) != 0 {
		w.charGrams(word, start, end)
	}

	if w.letters >= 2 && w.uppers == w.letters {
		w.capsWords++
		if fs&FeatSignals != 0 {
			s.add(signal(sigCapsWord), start, end)
		}
	}
	if fs&FeatSignals != 0 {
		for k := 2; k < len(word); k++ {
			if word[k] == word[k-1] && word[k] == word[k-2] && word[k] >= 'a' && word[k] <= 'z' {
				s.add(signal(sigElongated), start, end)
				break
			}
		}
	}

	if isNegator(word) {
		w.negScope = true
	}
	w.prev, w.prevStart = h, start
	w.words++
	w.wstart, w.wn, w.letters, w.uppers = -1, 0, 0, 0
}

// charGrams emits the character 3-, 4- and 5-grams (as enabled) of word
// between the boundary marks 0x01 and 0x02. The last five bytes roll
// through one uint64, so an n-gram is a mask of it and its hash one
// multiply: no per-n-gram loop over bytes.
func (w *walker) charGrams(word []byte, start, end int) {
	s := w.s
	fs := s.fs
	var v uint64
	n := len(word) + 2
	for p := 0; p < n; p++ {
		c := byte(1)
		switch {
		case p == n-1:
			c = 2
		case p > 0:
			c = word[p-1]
		}
		v = v<<8 | uint64(c)
		if p >= 2 && fs&FeatChar3 != 0 {
			s.add(gramHash(v&0xFFFFFF, 3), start, end)
		}
		if p >= 3 && fs&FeatChar4 != 0 {
			s.add(gramHash(v&0xFFFFFFFF, 4), start, end)
		}
		if p >= 4 && fs&FeatChar5 != 0 {
			s.add(gramHash(v&0xFFFFFFFFFF, 5), start, end)
		}
	}
}

// gramHash folds a packed n-gram of n bytes into 32 bits (Fibonacci
// hashing; sink.flush mixes it again before taking the bucket).
func gramHash(v uint64, n uint64) uint32 {
	x := (v | n<<40 | kindChar<<48) * 0x9E3779B97F4A7C15
	return uint32(x >> 32)
}

// isNegator reports whether a (lowered) word opens a negation scope: "not",
// "never", "no" and friends, and every "n't" contraction, with or without
// its apostrophe as people type them ("dont", "cant").
func isNegator(word []byte) bool {
	if n := len(word); n >= 3 && word[n-1] == 't' && word[n-2] == '\'' && word[n-3] == 'n' {
		return true
	}
	switch string(word) {
	case "not", "no", "never", "nothing", "nobody", "none", "nor", "neither", "cannot", "without", "nowhere",
		"dont", "cant", "wont", "didnt", "doesnt", "isnt", "wasnt", "arent", "aint", "havent", "hasnt",
		"wouldnt", "shouldnt", "couldnt", "werent", "hadnt":
		return true
	}
	return false
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
