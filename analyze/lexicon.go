package analyze

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// lexicon is the compiled vocabulary: every word any rule mentions, interned
// to a small id; word classes as bit sets; the contraction table; and the
// phrase trie that all phrase lists compile into.
type lexicon struct {
	names    []string // id → word, for messages and tests
	classOf  []uint64 // word id → bit set of its classes (64 classes at most)
	nclasses int
	classIDs map[string]int
	// contractionParts holds the expansions of contractions; a contraction
	// is in words with the negative id -(index+1), so one map lookup per
	// word serves both.
	contractionParts [][]int32
	baseForms        map[string]string // past tense → base form, for rewrites

	// While compiling: the word ids (the tokenizer reads table once the
	// lexicon is frozen), the tokens of pattern words, and the trie of
	// pointers that phrases are inserted into. freeze drops them.
	words    map[string]int32
	compiled map[string][]int32
	root     *node

	// set by freeze
	table       wordTable
	trie        trie
	rootNext    []int32 // word id → the root's child for it (0: none): the first step is an index
	rootClasses uint64
	rootKinds   uint32

	// ids used by the tokenizer and rules directly
	idNot, idAre, idHave, idWill, idWould, idAm, idIs int32
	clsAcronym, clsAbbrev, clsNegator, clsScopeBreak  int
}

func newLexicon() *lexicon {
	lx := &lexicon{
		words:     map[string]int32{"": 0},
		names:     []string{""},
		classIDs:  map[string]int{},
		baseForms: map[string]string{},
		root:      &node{},
	}
	lx.idNot = lx.intern("not")
	lx.idAre = lx.intern("are")
	lx.idHave = lx.intern("have")
	lx.idWill = lx.intern("will")
	lx.idWould = lx.intern("would")
	lx.idAm = lx.intern("am")
	lx.idIs = lx.intern("is")
	lx.clsAcronym = lx.class("acronym")
	lx.clsAbbrev = lx.class("abbreviation")
	lx.clsNegator = lx.class("negator")
	lx.clsScopeBreak = lx.class("scope_break")
	return lx
}

func (lx *lexicon) intern(w string) int32 {
	if id, ok := lx.words[w]; ok && id >= 0 {
		return id
	}
	id := int32(len(lx.names))
	lx.words[w] = id
	lx.names = append(lx.names, w)
	return id
}

// maxClasses bounds the word classes: each word's classes are one uint64.
const maxClasses = 64

// class returns the id of a named word class, creating it (or -1 past
// maxClasses; loadConfig reports that as an error).
func (lx *lexicon) class(name string) int {
	if id, ok := lx.classIDs[name]; ok {
		return id
	}
	if lx.nclasses >= maxClasses {
		return -1
	}
	id := lx.nclasses
	lx.nclasses++
	lx.classIDs[name] = id
	return id
}

func (lx *lexicon) addToClass(cls int, id int32) {
	for int(id) >= len(lx.classOf) {
		lx.classOf = append(lx.classOf, 0)
	}
	lx.classOf[id] |= 1 << uint(cls)
}

func (lx *lexicon) removeFromClass(cls int, id int32) {
	if int(id) < len(lx.classOf) {
		lx.classOf[id] &^= 1 << uint(cls)
	}
}

func (lx *lexicon) inClass(id int32, cls int) bool {
	return id > 0 && int(id) < len(lx.classOf) && cls >= 0 && lx.classOf[id]&(1<<uint(cls)) != 0
}

// classes returns the class bit set of a word.
func (lx *lexicon) classes(id int32) uint64 {
	if id > 0 && int(id) < len(lx.classOf) {
		return lx.classOf[id]
	}
	return 0
}

// node is a state of the phrase trie. Edges consume one token: a literal
// word id, any word of a class, or any word at all; a gap edge skips up to
// maxGap words of the same clause.
type node struct {
	lit   map[int32]*node
	cls   []classEdge
	any   *node
	gap   *node
	kinds [tkNewline + 1]*node // a token of a kind: #time, #date, #money, #number
	ends  []int32              // ids of the phrases that end here
}

type classEdge struct {
	cls  int
	next *node
}

const maxGap = 3

// elem is one element of a compiled phrase.
type elem struct {
	op   byte // 'w' word, 'c' class, '*' any word, '.' gap, 'k' token kind
	id   int32
	cls  int
	kind tokKind
}

func (n *node) child(e elem) *node {
	switch e.op {
	case 'w':
		if n.lit == nil {
			n.lit = map[int32]*node{}
		}
		c := n.lit[e.id]
		if c == nil {
			c = &node{}
			n.lit[e.id] = c
		}
		return c
	case 'c':
		for _, ce := range n.cls {
			if ce.cls == e.cls {
				return ce.next
			}
		}
		c := &node{}
		n.cls = append(n.cls, classEdge{e.cls, c})
		return c
	case '*':
		if n.any == nil {
			n.any = &node{}
		}
		return n.any
	case '.':
		if n.gap == nil {
			n.gap = &node{}
		}
		return n.gap
	case 'k':
		if n.kinds[e.kind] == nil {
			n.kinds[e.kind] = &node{}
		}
		return n.kinds[e.kind]
	}
	panic("unreachable: unknown phrase element op") // compile never builds other ops
}

// insert adds a compiled phrase to the trie.
func (lx *lexicon) insert(elems []elem, phraseID int32) {
	n := lx.root
	for _, e := range elems {
		n = n.child(e)
	}
	n.ends = append(n.ends, phraseID)
}

// expandPattern expands alternations "(a|b)" and optional parts "[a]" of a
// phrase pattern, nested or not, into its plain variants. A backslash makes
// the next character literal (":\\(" is an emoticon). A pattern with more
// than limit variants is an error.
func expandPattern(p string, limit int) ([]string, error) {
	x := expander{p: p, limit: limit}
	out, err := x.seq(0)
	if err != nil {
		return nil, err
	}
	if x.i < len(p) {
		return nil, fmt.Errorf("unbalanced %q in pattern %q (escape it with a backslash)", p[x.i], p)
	}
	for k := range out {
		out[k] = strings.Join(strings.Fields(out[k]), " ")
	}
	return out, nil
}

type expander struct {
	p     string
	i     int
	limit int
}

// seq expands a sequence up to an unmatched '|', ')' or ']' (or the end).
func (x *expander) seq(depth int) ([]string, error) {
	out := []string{""}
	for x.i < len(x.p) {
		c := x.p[x.i]
		switch c {
		case '|', ')', ']':
			if depth == 0 {
				return nil, fmt.Errorf("unbalanced %q in pattern %q (escape it with a backslash)", c, x.p)
			}
			return out, nil
		case '(', '[':
			closer := byte(')')
			if c == '[' {
				closer = ']'
			}
			x.i++
			var alts []string
			for {
				alt, err := x.seq(depth + 1)
				if err != nil {
					return nil, err
				}
				alts = append(alts, alt...)
				if x.i >= len(x.p) {
					return nil, fmt.Errorf("unclosed %q in pattern %q (escape it with a backslash)", c, x.p)
				}
				if x.p[x.i] == '|' {
					x.i++
					continue
				}
				if x.p[x.i] != closer {
					return nil, fmt.Errorf("%q closed by %q in pattern %q", c, x.p[x.i], x.p)
				}
				x.i++
				break
			}
			if c == '[' {
				alts = append(alts, "")
			}
			if len(out)*len(alts) > x.limit {
				return nil, fmt.Errorf("pattern %q expands to more than %d variants", x.p, x.limit)
			}
			next := make([]string, 0, len(out)*len(alts))
			for _, o := range out {
				for _, a := range alts {
					next = append(next, o+a)
				}
			}
			out = next
		case '\\':
			lit := " "
			if x.i+1 < len(x.p) {
				lit = x.p[x.i+1 : x.i+2]
			}
			for k := range out {
				out[k] += lit
			}
			x.i += 2
		default:
			for k := range out {
				out[k] += x.p[x.i : x.i+1]
			}
			x.i++
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("unclosed group in pattern %q (escape it with a backslash)", x.p)
	}
	return out, nil
}

// compileVariant turns one plain variant into trie elements. Plain words go
// through the tokenizer, so a pattern written "you're" matches "you are",
// "youre" and "you’re" alike.
func (lx *lexicon) compileVariant(tz *tokenizer, v string) ([]elem, error) {
	var elems []elem
	for _, f := range strings.Fields(v) {
		switch {
		case f == "*":
			elems = append(elems, elem{op: '*'})
		case f == "...":
			elems = append(elems, elem{op: '.'})
		case strings.HasPrefix(f, "@") && len(f) > 1:
			cls, ok := lx.classIDs[f[1:]]
			if !ok {
				return nil, fmt.Errorf("unknown word class %q", f)
			}
			elems = append(elems, elem{op: 'c', cls: cls})
		case strings.HasPrefix(f, "#") && len(f) > 1:
			k, ok := kindNames[f[1:]]
			if !ok {
				return nil, fmt.Errorf("unknown token kind %q (want #time, #date, #money, #number or #emoji)", f)
			}
			elems = append(elems, elem{op: 'k', kind: k})
		default:
			// Patterns expand to many variants of the same words: tokenize
			// each word once.
			ids, ok := lx.compiled[f]
			if !ok {
				tz.learn = true
				for _, t := range tz.tokenize(f) {
					if t.matchable() {
						ids = append(ids, t.id)
					}
				}
				tz.learn = false
				if lx.compiled == nil {
					lx.compiled = map[string][]int32{}
				}
				lx.compiled[f] = ids
			}
			for _, id := range ids {
				elems = append(elems, elem{op: 'w', id: id})
			}
		}
	}
	if len(elems) == 0 {
		return nil, fmt.Errorf("pattern %q has no words", v)
	}
	if len(elems) > maxPhraseTokens/(maxGap+1) {
		return nil, fmt.Errorf("pattern %q is longer than %d words", v, maxPhraseTokens/(maxGap+1))
	}
	if elems[0].op == '.' || elems[len(elems)-1].op == '.' {
		return nil, fmt.Errorf("pattern %q may not start or end with a gap (...)", v)
	}
	return elems, nil
}

var kindNames = map[string]tokKind{
	"time": tkTime, "date": tkDate, "money": tkMoney, "number": tkNumber, "emoji": tkEmoji, "url": tkURL,
}

// freeze turns the trie into the flat one the matcher walks and computes
// what it needs to know first: which words, kinds and classes can start a
// phrase at all. It drops what only compiling needs.
func (lx *lexicon) freeze() {
	lx.table = newWordTable(lx.words)
	lx.trie = flatten(lx.root)
	lx.rootNext = make([]int32, len(lx.names))
	root := &lx.trie.nodes[0]
	for _, e := range lx.trie.lits[root.lit0:root.lit1] {
		lx.rootNext[e.id] = e.next
	}
	for _, e := range lx.trie.classes[root.cls0:root.cls1] {
		lx.rootClasses |= 1 << uint(e.cls)
	}
	for _, e := range lx.trie.kinds[root.kind0:root.kind1] {
		lx.rootKinds |= 1 << uint(e.kind)
	}
	lx.words, lx.compiled, lx.root = nil, nil, nil
}

// mayStart reports whether a phrase can start at token t.
func (lx *lexicon) mayStart(t *token) bool {
	if t.id > 0 && (int(t.id) < len(lx.rootNext) && lx.rootNext[t.id] != 0 || lx.classes(t.id)&lx.rootClasses != 0) {
		return true
	}
	return lx.rootKinds&(1<<uint(t.kind)) != 0 || (lx.trie.nodes[0].any != 0 && t.kind == tkWord)
}

// trie is the phrase trie frozen into flat arrays: nodes by index (the
// root is 0, and never a child, so 0 also means "no node"), each with its
// edges as a range of one shared array. It holds no pointer and no map, so
// the matcher walks it cheaply and the compiled snapshot (snapshot.go) is
// plain data that costs nothing to load.
type trie struct {
	nodes   []tnode
	lits    []litEdge // per node, sorted by word id
	classes []classEdgeFlat
	kinds   []kindEdge
	ends    []int32 // ids of the phrases that end at a node
}

type tnode struct {
	lit0, lit1   int32
	cls0, cls1   int32
	kind0, kind1 int32
	end0, end1   int32
	any, gap     int32
}

type litEdge struct{ id, next int32 }

type classEdgeFlat struct {
	cls  int32
	next int32
}

type kindEdge struct {
	kind tokKind
	next int32
}

// flatten numbers the nodes of a pointer trie breadth-first from the root.
func flatten(root *node) trie {
	var t trie
	index := map[*node]int32{root: 0}
	queue := []*node{root}
	id := func(n *node) int32 {
		if n == nil {
			return 0
		}
		if i, ok := index[n]; ok {
			return i
		}
		i := int32(len(index))
		index[n] = i
		queue = append(queue, n)
		return i
	}
	for qi := 0; qi < len(queue); qi++ {
		n := queue[qi]
		var tn tnode
		tn.lit0 = int32(len(t.lits))
		for _, w := range slices.Sorted(maps.Keys(n.lit)) {
			t.lits = append(t.lits, litEdge{w, id(n.lit[w])})
		}
		tn.lit1 = int32(len(t.lits))
		tn.cls0 = int32(len(t.classes))
		for _, ce := range n.cls {
			t.classes = append(t.classes, classEdgeFlat{int32(ce.cls), id(ce.next)})
		}
		tn.cls1 = int32(len(t.classes))
		tn.kind0 = int32(len(t.kinds))
		for k, c := range n.kinds {
			if c != nil {
				t.kinds = append(t.kinds, kindEdge{tokKind(k), id(c)})
			}
		}
		tn.kind1 = int32(len(t.kinds))
		tn.end0 = int32(len(t.ends))
		t.ends = append(t.ends, n.ends...)
		tn.end1 = int32(len(t.ends))
		tn.any, tn.gap = id(n.any), id(n.gap)
		t.nodes = append(t.nodes, tn)
	}
	return t
}

// next returns the child of node n for word id, 0 if none.
func (t *trie) next(n *tnode, id int32) int32 {
	edges := t.lits[n.lit0:n.lit1]
	if len(edges) <= 8 {
		for _, e := range edges {
			if e.id == id {
				return e.next
			}
		}
		return 0
	}
	if i, ok := slices.BinarySearchFunc(edges, id, func(e litEdge, id int32) int { return cmp.Compare(e.id, id) }); ok {
		return edges[i].next
	}
	return 0
}

// match is a phrase found in the draft: tokens [start, end).
type match struct {
	phrase     int32
	start, end int32
}

// matcher walks the trie over a token stream.
type matcher struct {
	lx   *lexicon
	toks []token
	out  []match
}

// run finds every phrase occurrence, at every start token.
func (m *matcher) run(toks []token) []match {
	m.toks = toks
	m.out = m.out[:0]
	for i := range toks {
		if !toks[i].matchable() || !m.lx.mayStart(&toks[i]) {
			continue
		}
		m.walk(0, i, i)
	}
	return m.out
}

func (m *matcher) walk(ni int32, start, j int) {
	tr := &m.lx.trie
	n := &tr.nodes[ni]
	for _, p := range tr.ends[n.end0:n.end1] {
		m.out = append(m.out, match{phrase: p, start: int32(start), end: int32(j)})
	}
	if j >= len(m.toks) {
		return
	}
	t := &m.toks[j]
	if !t.matchable() {
		return
	}
	if t.id > 0 {
		var c int32
		if ni == 0 {
			if int(t.id) < len(m.lx.rootNext) {
				c = m.lx.rootNext[t.id]
			}
		} else if n.lit0 < n.lit1 {
			c = tr.next(n, t.id)
		}
		if c != 0 {
			m.walk(c, start, j+1)
		}
	}
	for _, ce := range tr.classes[n.cls0:n.cls1] {
		if m.lx.inClass(t.id, int(ce.cls)) {
			m.walk(ce.next, start, j+1)
		}
	}
	for _, ke := range tr.kinds[n.kind0:n.kind1] {
		if ke.kind == t.kind {
			m.walk(ke.next, start, j+1)
		}
	}
	if n.any != 0 && t.kind == tkWord {
		m.walk(n.any, start, j+1)
	}
	if n.gap != 0 {
		// Skip 0..maxGap tokens of the same clause, then go on from the
		// gap node's edges (never ending a phrase on a gap).
		for k := 0; k <= maxGap && j+k < len(m.toks); k++ {
			if k > 0 && !m.toks[j+k-1].matchable() {
				break
			}
			m.walk(n.gap, start, j+k) // gap nodes never end a phrase
		}
	}
}

// wordTable is a read-only open-addressing hash table from word to id,
// built by freeze: the tokenizer looks up every word of every draft, and
// this is cheaper than a Go map with string keys on that hot path. Most
// words of a draft are not in the lexicon, so the probe reads only a dense
// array of hashes (a quarter full, 4 bytes a slot, in the first-level
// cache), and the words themselves only on a hash match.
type wordTable struct {
	hashes  []uint32
	entries []wordEntry
	mask    uint32
}

type wordEntry struct {
	id  int32
	key string
}

const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

func fnv32(b []byte) uint32 {
	h := uint32(fnvOffset32)
	for _, c := range b {
		h ^= uint32(c)
		h *= fnvPrime32
	}
	return h | 1 // never 0: 0 marks an empty slot
}

func newWordTable(words map[string]int32) wordTable {
	size := 1
	for size < len(words)*4 {
		size <<= 1
	}
	t := wordTable{hashes: make([]uint32, size), entries: make([]wordEntry, size), mask: uint32(size - 1)}
	// Sorted, so that the table is the same in every run.
	for _, w := range sortedKeys(words) {
		id := words[w]
		h := fnv32([]byte(w))
		for i := h & t.mask; ; i = (i + 1) & t.mask {
			if t.hashes[i] == 0 {
				t.hashes[i] = h
				t.entries[i] = wordEntry{id: id, key: w}
				break
			}
		}
	}
	return t
}

// get returns the id of word b (negative for a contraction).
func (t *wordTable) get(b []byte) (int32, bool) {
	return t.getHashed(b, fnv32(b))
}

// getHashed is get with the word's fnv32 already computed.
func (t *wordTable) getHashed(b []byte, h uint32) (int32, bool) {
	if len(t.hashes) == 0 {
		return 0, false
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.hashes[i] {
		case 0:
			return 0, false
		case h:
			if e := &t.entries[i]; e.key == string(b) {
				return e.id, true
			}
		}
	}
}

// addContraction makes a word expand to parts when tokenized.
func (lx *lexicon) addContraction(word string, parts []int32) {
	if id, ok := lx.words[word]; ok && id < 0 {
		lx.contractionParts[-id-1] = parts
		return
	}
	lx.contractionParts = append(lx.contractionParts, parts)
	lx.words[word] = -int32(len(lx.contractionParts))
}

// wordInClass reports whether the lower-cased word w is in class cls.
func (lx *lexicon) wordInClass(w string, cls int) bool {
	id, ok := lx.table.get([]byte(w))
	return ok && id >= 0 && lx.inClass(id, cls)
}
