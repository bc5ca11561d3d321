package eval

import (
	"strings"
	"unicode"
)

// OrdinarySMS reports whether an SMS ham message is ordinary for the
// method: it is neither romantic, nor shouting, nor profane. To an ex, a
// romantic text ("miss you babe xx") is exactly what the method flags, so
// the ham that must be sent is the rest. The rule, on the message's words
// (lower-cased runs of letters, digits and apostrophes):
//
//   - romantic: a word of romanticWords, or "<3", ":*" or a heart emoji;
//   - profane: a word that starts with one of profaneStems;
//   - shouting: "!!!" or "???" (three in a row), or a word of four or more
//     capital letters.
func OrdinarySMS(text string) bool {
	if strings.Contains(text, "<3") || strings.Contains(text, ":*") || strings.Contains(text, "!!!") || strings.Contains(text, "???") {
		return false
	}
	for _, r := range text {
		if r == '❤' || r == '♥' || (r >= 0x1F48B && r <= 0x1F49F) || r == 0x1F618 || r == 0x1F970 || r == 0x1F60D {
			return false
		}
	}
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	for _, w := range words {
		if len(w) >= 4 && strings.ToUpper(w) == w && strings.ToLower(w) != w && !strings.ContainsFunc(w, unicode.IsDigit) {
			return false
		}
		lw := strings.ToLower(w)
		if romanticWords[lw] {
			return false
		}
		for _, p := range profaneStems {
			if strings.HasPrefix(lw, p) {
				return false
			}
		}
	}
	return true
}

var romanticWords = map[string]bool{
	"love": true, "luv": true, "lov": true, "loving": true, "loves": true, "loved": true, "lovely": true, "lover": true,
	"miss": true, "missed": true, "missing": true, "kiss": true, "kisses": true, "kissing": true,
	"babe": true, "baby": true, "darling": true, "dear": true, "dearest": true, "sweetheart": true, "sweetie": true,
	"honey": true, "hun": true, "hubby": true, "wifey": true, "boyfriend": true, "girlfriend": true,
	"hug": true, "hugs": true, "cuddle": true, "cuddles": true, "xx": true, "xxx": true, "xoxo": true,
	"muah": true, "mwah": true, "sexy": true, "romantic": true, "romance": true, "heart": true, "dreams": true,
	"valentine": true, "marry": true, "princess": true, "handsome": true, "gorgeous": true, "beautiful": true,
}

var profaneStems = []string{"fuck", "shit", "bitch", "bastard", "cunt", "dick", "asshole", "arse", "crap", "damn", "piss", "slut", "whore", "wtf", "stfu"}
