package parse

import "strings"

// Arena packs many small strings into large blocks: a million message texts
// cost a few hundred allocations instead of a million, and the garbage
// collector has a few large pointer-free objects to look at. Strings handed
// out stay valid for as long as they are referenced (a block lives while
// any of its strings does). Not safe for concurrent use.
type Arena struct {
	b     strings.Builder
	block int
}

// NewArena returns an arena that allocates blocks of block bytes.
func NewArena(block int) *Arena { return &Arena{block: block} }

// String returns p as a string, copied into the arena.
func (a *Arena) String(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	if len(p) > a.block/8 {
		return string(p)
	}
	if a.b.Cap()-a.b.Len() < len(p) {
		// A strings.Builder only ever appends, and within its capacity it
		// never moves its bytes: strings taken from it stay intact.
		a.b = strings.Builder{}
		a.b.Grow(a.block)
	}
	start := a.b.Len()
	a.b.Write(p)
	return a.b.String()[start:]
}
