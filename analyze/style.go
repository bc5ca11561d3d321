package analyze

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A rewrite is sent as the user's own message, so with a contact it
// follows how they write to them (Context.Style) and the length of what
// the contact sends (their words per turn): a co-parent who answers "ok"
// and "5 works" gets a short message, not a letter.

// mirrored is the length in words a rewrite aims at: their typical words
// per turn times the rewrite factor; 0 when their rhythm is not known.
func (st *state) mirrored() int {
	r := st.ctx.Rhythm
	set := &st.a.cfg.settings.Mirror
	if !r.Known() || r.TheirWordsPerTurn.N < set.MinSamples {
		return 0
	}
	return max(1, int(math.Ceil(set.RewriteFactor*r.TheirWordsPerTurn.Median)))
}

// fitLength follows their length: while the rewrite runs longer than the
// mirrored length, the last sentence without a practical point goes. The
// practical ones always stay, so the ask keeps its key terms.
func (st *state) fitLength(ps []piece) []piece {
	limit := st.mirrored()
	if limit == 0 {
		return ps
	}
	for piecesWords(ps) > limit {
		left := st.dropUnpractical(ps)
		if left == nil {
			break
		}
		ps = left
	}
	return ps
}

// dropUnpractical returns ps without its last sentence that carries no
// practical point, or nil when there is none to drop or nothing practical
// would be left. A connective the next sentence opens with goes too.
func (st *state) dropUnpractical(ps []piece) []piece {
	i := slices.IndexFunc(ps, func(p piece) bool { return p.practical })
	if i < 0 {
		return nil
	}
	for j := len(ps) - 1; j >= 0; j-- {
		if ps[j].practical {
			continue
		}
		left := slices.Concat(ps[:j], ps[j+1:])
		if j < len(left) {
			left[j].text = st.dropConnective(left[j].text)
		}
		return left
	}
	return nil
}

func piecesWords(ps []piece) int {
	n := 0
	for _, p := range ps {
		n += wordCount(p.text)
	}
	return n
}

// wordCount counts the runs of letters and digits in s.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// emojiSpans adds the byte spans of the emoji of sentence s to skip, kept
// in order: the user sends this contact none.
func (st *state) emojiSpans(s *sentence, skip [][2]int) [][2]int {
	n := len(skip)
	for i := s.t0; i < s.t1; i++ {
		if t := &st.toks[i]; t.kind == tkEmoji {
			skip = append(skip, [2]int{int(t.start), int(t.end)})
		}
	}
	if len(skip) > n {
		slices.SortFunc(skip, func(a, b [2]int) int { return a[0] - b[0] })
	}
	return skip
}

// dress writes a rewrite that passed its own check the way the user
// writes to this contact: in lower case where they start so, opened with
// their greeting and closed with their sign-off where the draft has none
// of its own and the rewrite stays within the mirrored length (the
// sign-off goes first, then the greeting). What would not pass its own
// check is not offered: then the rewrite stays as it was.
func (st *state) dress(out string) string {
	sty := &st.ctx.Style
	if !sty.Lowercase && sty.Greeting == "" && sty.SignOff == "" {
		return out
	}
	body := out
	if sty.Lowercase {
		body = st.lowerStarts(body)
	}
	greet, sign := sty.Greeting, sty.SignOff
	if greet != "" && st.opensWith(body, st.a.clsGreeting) {
		greet = ""
	}
	if sign != "" && st.closesWith(body, st.a.clsSignOff) {
		sign = ""
	}
	if limit := st.mirrored(); limit > 0 {
		n := wordCount(body)
		if n+wordCount(greet)+wordCount(sign) > limit {
			sign = ""
		}
		if n+wordCount(greet) > limit {
			greet = ""
		}
	}
	if strings.HasSuffix(greet, ", ") {
		// "Hi Alex, can you…": the message goes on after the comma.
		body = st.lowerFirst(body)
	}
	dressed := greet + body + sign
	if dressed == out {
		return out
	}
	if _, ok := st.check(dressed); ok {
		return dressed
	}
	if body != out && greet+sign != "" {
		if _, ok := st.check(body); ok {
			return body
		}
	}
	return out
}

// opensWith reports whether s's first word is in class cls.
func (st *state) opensWith(s string, cls int) bool {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return st.a.cfg.lx.wordInClass(strings.ToLower(strings.TrimFunc(w, isNotLetter)), cls)
}

// closesWith reports whether the last sentence of s opens with a word of
// class cls and is short, as a sign-off is ("Thanks!", "Cheers, Sam").
func (st *state) closesWith(s string, cls int) bool {
	s = strings.TrimRightFunc(s, isNotLetter)
	last := s[strings.LastIndexAny(s, ".!?\n")+1:]
	return wordCount(last) <= 3 && st.opensWith(last, cls)
}

func isNotLetter(r rune) bool { return !unicode.IsLetter(r) }

// lowerStarts puts the start of each sentence of s in lower case.
func (st *state) lowerStarts(s string) string {
	var b strings.Builder
	start := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case start && unicode.IsLetter(r):
			end := len(s)
			if j := strings.IndexFunc(s[i:], isNotWord); j >= 0 {
				end = i + j
			}
			b.WriteString(st.lowerFirst(s[i:end]))
			i, start = end, false
			continue
		case strings.ContainsRune(".!?\n", r):
			start = true
		case !unicode.IsSpace(r) && !unicode.IsPunct(r):
			start = false
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

// lowerFirst puts the first word of s in lower case when that changes
// nothing but its capital: a word the lexicon knows, not "I" and not a
// name or an acronym.
func (st *state) lowerFirst(s string) string {
	end := strings.IndexFunc(s, isNotWord)
	if end < 0 {
		end = len(s)
	}
	w := s[:end]
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || strings.ToLower(w[size:]) != w[size:] || w == "I" || strings.HasPrefix(w, "I'") || strings.HasPrefix(w, "I’") {
		return s
	}
	low := strings.ToLower(w)
	lx := st.a.cfg.lx
	id, ok := lx.table.get([]byte(strings.ReplaceAll(low, "’", "'")))
	if !ok || (id >= 0 && lx.inClass(id, lx.clsAcronym)) {
		return s
	}
	return low + s[end:]
}

func isNotWord(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }
