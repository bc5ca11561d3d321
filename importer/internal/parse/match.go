package parse

import (
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
// kind is media, deleted, system or edited (a suffix to strip); the pattern
// is the whole text, or holds one '*' standing for any text (a file name, a
// user name, a URL). Blank lines and lines starting with '#' are ignored.
type Matcher struct {
	exact    map[string]steady.Kind
	prefix   [256][]pattern // by the first byte of pre
	suffix   [256][]pattern // by the last byte of suf
	both     []pattern      // with text at both ends or in the middle
	edited   []string
	maxLen   int
	patterns int
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
		pat = lowerASCII(strings.TrimLeft(pat, "\t"))
		if pat == "" || len(pat) > window {
			return nil, fmt.Errorf("placeholder list line %d: empty pattern or longer than %d bytes", n+1, window)
		}
		if kindName == "edited" {
			m.edited = append(m.edited, pat)
			continue
		}
		kind, err := steady.ParseKind(kindName)
		if err != nil || kind == steady.KindText {
			return nil, fmt.Errorf("placeholder list line %d: kind %q (want media, deleted, system or edited)", n+1, kindName)
		}
		m.patterns++
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
			m.maxLen = max(m.maxLen, len(pat))
		case pre == "" && suf == "" && len(mid) == 0:
			return nil, fmt.Errorf("placeholder list line %d: a pattern needs some fixed text", n+1)
		case len(mid) > 0 || (pre != "" && suf != ""):
			m.both = append(m.both, pattern{pre: pre, suf: suf, mid: mid, kind: kind})
		case suf == "":
			m.prefix[pre[0]] = append(m.prefix[pre[0]], pattern{pre: pre, kind: kind})
		default:
			m.suffix[suf[len(suf)-1]] = append(m.suffix[suf[len(suf)-1]], pattern{suf: suf, kind: kind})
		}
	}
	return m, nil
}

// Len returns the number of media/deleted/system patterns.
func (m *Matcher) Len() int { return m.patterns }

// Match reports the kind of a placeholder text s (marks already removed,
// trimmed), or false when s is ordinary text.
func (m *Matcher) Match(s string) (steady.Kind, bool) {
	if s == "" {
		return 0, false
	}
	var headBuf, tailBuf [window]byte
	head := lowerInto(headBuf[:], s[:min(len(s), window)])
	if len(s) <= m.maxLen {
		if k, ok := m.exact[string(head)]; ok {
			return k, true
		}
	}
	tail := lowerInto(tailBuf[:], s[len(s)-min(len(s), window):])
	for _, p := range m.prefix[head[0]] {
		if hasPrefix(head, p.pre) {
			return p.kind, true
		}
	}
	for _, p := range m.suffix[tail[len(tail)-1]] {
		if hasSuffix(tail, p.suf) {
			return p.kind, true
		}
	}
	for i := range m.both {
		if p := &m.both[i]; p.matches(s, head, tail) {
			return p.kind, true
		}
	}
	return 0, false
}

// matches checks a pattern with fixed parts in the middle: the ends on the
// lowered windows, the middle parts in order on the text between them.
func (p *pattern) matches(s string, head, tail []byte) bool {
	if len(s) < len(p.pre)+len(p.suf) || !hasPrefix(head, p.pre) || !hasSuffix(tail, p.suf) {
		return false
	}
	if len(p.mid) == 0 {
		return true
	}
	if len(s) > 4*window {
		return false // generated notices are short; a long text is typed
	}
	var buf [4 * window]byte
	rest := string(lowerInto(buf[:], s[len(p.pre):len(s)-len(p.suf)]))
	for _, part := range p.mid {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return true
}

// StripEdited removes a trailing "edited" marker (such as WhatsApp's
// "<This message was edited>") and reports whether there was one.
func (m *Matcher) StripEdited(s string) (string, bool) {
	if len(m.edited) == 0 || s == "" {
		return s, false
	}
	var tailBuf [window]byte
	tail := lowerInto(tailBuf[:], s[len(s)-min(len(s), window):])
	for _, suf := range m.edited {
		if hasSuffix(tail, suf) {
			return strings.TrimSpace(s[:len(s)-len(suf)]), true
		}
	}
	return s, false
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }
func hasSuffix(b []byte, p string) bool { return len(b) >= len(p) && string(b[len(b)-len(p):]) == p }

// lowerInto copies s into dst with ASCII letters lowered; other bytes are
// kept, so a window cut inside a multi-byte character still compares
// byte for byte.
func lowerInto(dst []byte, s string) []byte {
	dst = dst[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	return dst
}

func lowerASCII(s string) string {
	var buf [window]byte
	if len(s) > window {
		return s
	}
	return string(lowerInto(buf[:], s))
}
