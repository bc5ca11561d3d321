package analyze_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/steadyhq/steady/analyze"
)

func TestTriage(t *testing.T) {
	a := newAnalyzer(t)
	cases := []struct {
		name       string
		in         string
		items      []string // "kind:text"
		setAside   []string // rule ids that must be among those set aside (a finding's Also included), sorted
		needsReply bool
	}{
		{
			name:       "answers the question and the deadline, not the insults",
			in:         "You're useless as always. Can you take Sam on Friday at 5pm? I need the $200 for the dentist by Monday. What is wrong with you?",
			items:      []string{"question:Can you take Sam on Friday at 5pm?", "date:Friday", "time:5pm", "amount:$200", "place:the dentist", "deadline:by Monday", "date:Monday"},
			setAside:   []string{analyze.RuleNeutralEmotion, analyze.RuleToneInsult, analyze.RuleYouAccusatory},
			needsReply: true,
		},
		{
			name:  "a plain announcement needs no reply",
			in:    "I'll be at the school at 3.",
			items: []string{"place:the school", "time:at 3"},
		},
		{
			name:     "only baiting needs no reply",
			in:       "You never listen. After everything I did.",
			setAside: []string{analyze.RuleDamagePast, analyze.RuleToneAbsolute, analyze.RuleYouAccusatory},
		},
		{
			name:       "a question without a question mark is still a question",
			in:         "Can you take him on Saturday",
			items:      []string{"question:Can you take him on Saturday", "date:Saturday"},
			needsReply: true,
		},
		{
			name:       "a decision asked for is an item",
			in:         "Let me know which weekend works.",
			items:      []string{"decision:Let me know which weekend works.", "date:weekend"},
			needsReply: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := a.Triage(c.in, afternoon)
			var items []string
			for _, it := range tr.Items {
				if it.Text != c.in[it.Start:it.End] {
					t.Errorf("item text %q is not its span %q", it.Text, c.in[it.Start:it.End])
				}
				items = append(items, it.Kind+":"+it.Text)
			}
			if strings.Join(items, "|") != strings.Join(c.items, "|") {
				t.Errorf("items\n got: %q\nwant: %q", items, c.items)
			}
			var rules []string
			for _, f := range tr.SetAside {
				rules = append(append(rules, f.Rule), f.Also...)
			}
			slices.Sort(rules)
			rules = slices.Compact(rules)
			if missing := slices.DeleteFunc(slices.Clone(c.setAside), func(r string) bool { return slices.Contains(rules, r) }); len(missing) > 0 || (len(c.setAside) == 0) != (len(rules) == 0) {
				t.Errorf("set aside %q, want %q", rules, c.setAside)
			}
			if tr.NeedsReply != c.needsReply {
				t.Errorf("needs_reply %v, want %v (%s)", tr.NeedsReply, c.needsReply, tr.Why)
			}
			if tr.Why == "" {
				t.Error("no why")
			}
			if tr.Skeleton != "" && (tr.Check == nil || tr.Check.Verdict != analyze.VerdictSend) {
				t.Errorf("skeleton %q does not pass its own check: %+v", tr.Skeleton, tr.Check)
			}
			if c.needsReply && !strings.Contains(tr.Skeleton, "[your answer]") {
				t.Errorf("skeleton %q has no place for the answer", tr.Skeleton)
			}
		})
	}
}
