package analyze_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/steadyhq/steady/analyze"
)

func TestSmoke(t *testing.T) {
	a, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 23, 40, 0, 0, time.UTC)
	for _, s := range []string{
		"You ALWAYS forget the bag!!! I'm sick of it. Can you pick up Sam at 5pm tomorrow?",
		"Hi, could you send me the school forms by Friday? Thanks",
		"I miss you so much. Do you ever think about us? ❤️",
		"You never answered my texts. After everything I did for you.",
		"I'm not angry, I just need the $200 by Monday.",
		"you're a pathetic loser and you'll regret this",
		"I feel ignored when you don't reply. Could we agree on a time?",
		"Thank you! See you at 3. Are you free Friday?",
	} {
		res := a.Run(s, analyze.Context{At: at, Reply: false, Goal: analyze.GoalLogistics})
		b, _ := json.MarshalIndent(res, "", " ")
		fmt.Printf("=== %s\n%s\n", s, b)
	}
}
