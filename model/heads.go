package model

import "fmt"

// Head is one question the model answers about a text.
type Head int

// The heads, in the order of a weight-table row. The set is part of the
// weights format: adding one means a new format version.
const (
	// Emotional: any emotion other than neutral (GoEmotions, MELD).
	Emotional Head = iota
	// Hostile: anger, annoyance, disgust or disapproval (GoEmotions).
	Hostile
	// Anger: anger or annoyance (GoEmotions), anger (MELD).
	Anger
	// Hurt: sadness, disappointment, embarrassment, grief or remorse —
	// GoEmotions' Ekman "sadness" group — and MELD sadness.
	Hurt
	// Longing: love, desire or caring (GoEmotions).
	Longing
	// Anxiety: fear or nervousness (GoEmotions), fear (MELD).
	Anxiety
	// Offensive: an offensive tweet (OLID level a OFF; Davidson hate or
	// offensive language): insults and profanity.
	Offensive
	// Positive: joy, amusement, gratitude, admiration, approval,
	// excitement, optimism, relief or pride (GoEmotions), joy (MELD) — so a
	// warm "thanks so much!" can be told from a charged message.
	Positive
	// NumHeads is the number of heads.
	NumHeads = 8
)

// sink.flush unrolls the lookup over exactly eight heads; this constant
// fails to compile if NumHeads changes without it.
const _ = uint(NumHeads-8) + uint(8-NumHeads)

func headNames() [NumHeads]string {
	return [NumHeads]string{"emotional", "hostile", "anger", "hurt", "longing", "anxiety", "offensive", "positive"}
}

func (h Head) String() string {
	if h < 0 || h >= NumHeads {
		return fmt.Sprintf("Head(%d)", int(h))
	}
	return headNames()[h]
}

// ParseHead finds a head by name.
func ParseHead(name string) (Head, error) {
	for i, n := range headNames() {
		if n == name {
			return Head(i), nil
		}
	}
	return 0, fmt.Errorf("model: unknown head %q (want one of %v)", name, headNames())
}
