package parse

import (
	"bytes"
	"fmt"
	"strings"

	steady "github.com/steadyhq/steady"
)

// Matcher recognises the texts that exports write in place of a message
// (media placeholders, deletion notices, system lines), in every language a
// list file provides. Matching is case-insensitive for ASCII letters and
// exact for the rest, which is how the exports write them.
//
// The list is data, one pattern a line:
//
//	kind<TAB>pattern
//
// kind is media, deleted, system or edited (a suffix to strip); a '*' in
// the pattern stands for any text (a file name, a user name, a URL).
// Blank lines and lines starting with '#' are ignored.
//
// It is built for a million calls: a text is lowered only in the windows at
// its ends that the patterns need, and patterns are indexed by their first
// or last byte.
type Matcher struct {
	exact    map[string]steady.Kind
	prefix   [256][]pattern // by the first byte of pre
	suffix   [256][]pattern // by the last byte of suf
	both     [256][]pattern // with fixed text at both ends or in the middle, by first byte
	bothAny  []pattern      // the same without fixed text at the start
	exact1   [256]bool      // first bytes of exact patterns
	edited   [256][]string  // by last byte
	maxExact int            // longest exact pattern
}

type pattern struct {
	pre, suf string
	mid      []string // fixed parts between pre and suf, in order
	kind     steady.Kind
}

// window is the longest pattern part the matcher compares; patterns longer
// than this are refused when the list is loaded.
const window = 160

// NewMatcher compiles a placeholder list.
func NewMatcher(list string) (*Matcher, error) {
	m := &Matcher{exact: make(map[string]steady.Kind)}
	for n, line := range strings.Split(list, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kindName, pat, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("placeholder list line %d: want kind<TAB>pattern", n+1)
		}
		pat = strings.TrimLeft(pat, "\t")
		if pat == "" || len(pat) > window {
			return nil, fmt.Errorf("placeholder list line %d: empty pattern or longer than %d bytes", n+1, window)
		}
		pat = string(lowerInto(make([]byte, len(pat)), []byte(pat)))
		if kindName == "edited" {
			m.edited[pat[len(pat)-1]] = append(m.edited[pat[len(pat)-1]], pat)
			continue
		}
		kind, err := steady.ParseKind(kindName)
		if err != nil || kind == steady.KindText {
			return nil, fmt.Errorf("placeholder list line %d: kind %q (want media, deleted, system or edited)", n+1, kindName)
		}
		parts := strings.Split(pat, "*")
		pre, suf := parts[0], parts[len(parts)-1]
		var mid []string
		for i := 1; i < len(parts)-1; i++ {
			if parts[i] != "" {
				mid = append(mid, parts[i])
			}
		}
		switch {
		case len(parts) == 1:
			m.exact[pat] = kind
			m.exact1[pat[0]] = true
			m.maxExact = max(m.maxExact, len(pat))
		case pre == "" && suf == "" && len(mid) == 0:
			return nil, fmt.Errorf("placeholder list line %d: a pattern needs some fixed text", n+1)
		case len(mid) > 0 || (pre != "" && suf != ""):
			p := pattern{pre: pre, suf: suf, mid: mid, kind: kind}
			if pre == "" {
				m.bothAny = append(m.bothAny, p)
			} else {
				m.both[pre[0]] = append(m.both[pre[0]], p)
			}
		case suf == "":
			m.prefix[pre[0]] = append(m.prefix[pre[0]], pattern{pre: pre, kind: kind})
		default:
			m.suffix[suf[len(suf)-1]] = append(m.suffix[suf[len(suf)-1]], pattern{suf: suf, kind: kind})
		}
	}
	return m, nil
}

// MatchString is Match on a string.
func (m *Matcher) MatchString(s string) (steady.Kind, bool) { return m.Match([]byte(s)) }

// Match reports the kind of a placeholder text s (marks already removed,
// trimmed), or false when s is ordinary text. Most texts are turned down
// by their first and last bytes alone.
func (m *Matcher) Match(s []byte) (steady.Kind, bool) {
	if len(s) == 0 {
		return 0, false
	}
	c0, cl := lowerByte(s[0]), lowerByte(s[len(s)-1])
	if len(s) <= m.maxExact && m.exact1[c0] {
		var buf [window]byte
		if k, ok := m.exact[string(lowerInto(buf[:], s))]; ok {
			return k, true
		}
	}
	for _, p := range m.prefix[c0] {
		if hasPrefixFold(s, p.pre) {
			return p.kind, true
		}
	}
	for _, p := range m.suffix[cl] {
		if hasSuffixFold(s, p.suf) {
			return p.kind, true
		}
	}
	for i := range m.both[c0] {
		if p := &m.both[c0][i]; p.matches(s) {
			return p.kind, true
		}
	}
	for i := range m.bothAny {
		if p := &m.bothAny[i]; p.matches(s) {
			return p.kind, true
		}
	}
	return 0, false
}

// matches checks a pattern with fixed text at both ends or in the middle.
func (p *pattern) matches(s []byte) bool {
	if len(s) < len(p.pre)+len(p.suf) || !hasPrefixFold(s, p.pre) || !hasSuffixFold(s, p.suf) {
		return false
	}
	if len(p.mid) == 0 {
		return true
	}
	if len(s) > 4*window {
		return false // generated notices are short; a long text is typed
	}
	var buf [4 * window]byte
	rest := lowerInto(buf[:], s[len(p.pre):len(s)-len(p.suf)])
	for _, part := range p.mid {
		i := bytes.Index(rest, []byte(part))
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return true
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold and hasSuffixFold compare with ASCII letters lowered in s
// (patterns are stored lowered), without copying s.
func hasPrefixFold(s []byte, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lowerByte(s[i]) != p[i] {
			return false
		}
	}
	return true
}

func hasSuffixFold(s []byte, p string) bool {
	if len(s) < len(p) {
		return false
	}
	s = s[len(s)-len(p):]
	for i := 0; i < len(p); i++ {
		if lowerByte(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// StripEdited removes a trailing "edited" marker (such as WhatsApp's
// "<This message was edited>") and reports whether there was one.
func (m *Matcher) StripEdited(s []byte) ([]byte, bool) {
	if len(s) == 0 {
		return s, false
	}
	last := s[len(s)-1]
	if last >= 'A' && last <= 'Z' {
		last += 'a' - 'A'
	}
	cands := m.edited[last]
	if len(cands) == 0 {
		return s, false
	}
	for _, suf := range cands {
		if hasSuffixFold(s, suf) {
			return bytes.TrimSpace(s[:len(s)-len(suf)]), true
		}
	}
	return s, false
}

// lowerInto copies s into dst with ASCII letters lowered; other bytes are
// kept, so a window cut inside a multi-byte character still compares
// byte for byte.
func lowerInto(dst, s []byte) []byte {
	dst = dst[:len(s)]
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	return dst
}
