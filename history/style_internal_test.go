package history

import (
	"strings"
	"testing"
)

func TestParseFunctionWords(t *testing.T) {
	t.Run("the embedded lists hold all nine categories", func(t *testing.T) {
		m, err := parseFunctionWords(stylewordsTxt)
		if err != nil {
			t.Fatal(err)
		}
		for word, cats := range map[string]uint16{
			"i": 1 << catPersonalPronouns, "it": 1 << catImpersonalPronouns, "the": 1 << catArticles,
			"of": 1 << catPrepositions, "can't": 1<<catAuxiliaryVerbs | 1<<catNegations,
			"really": 1 << catAdverbs, "because": 1 << catConjunctions, "nope": 1 << catNegations,
			"several": 1 << catQuantifiers,
		} {
			if m[word] != cats {
				t.Errorf("%q in categories %b, want %b", word, m[word], cats)
			}
		}
	})
	all := strings.Join(categoryNames[:], ": x\n") + ": x\n"
	for _, c := range []struct{ name, text, err string }{
		{"an unknown category is an error that lists the known ones", all + "pronouns: he\n", `unknown category "pronouns"`},
		{"a line without a colon is an error with its number", "# c\nppron he she\n", "line 2"},
		{"an upper-case word is an error", all + "ppron: He\n", "not lowercase"},
		{"a missing category is an error", "ppron: he\n", "has no words"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseFunctionWords(c.text)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("error %v, want one containing %q", err, c.err)
			}
		})
	}
}
