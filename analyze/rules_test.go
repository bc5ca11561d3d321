package analyze_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
)

// afternoon is a calm time to write: no late-night advice.
var afternoon = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

func newAnalyzer(t testing.TB) *analyze.Analyzer {
	t.Helper()
	a, err := analyze.New()
	if err != nil {
		t.Fatalf("analyze.New: %v", err)
	}
	return a
}

// ctxOf builds a context from the defaults of a rule case: a reply in the
// afternoon unless the case says otherwise.
type ruleCase struct {
	text string
	ctx  analyze.Context
	// sev, when set, is the severity the finding must have
	sev analyze.Severity
	// span, when set, is the text the finding must point at
	span string
}

func reply(text string) ruleCase { return ruleCase{text: text, ctx: analyze.Context{Reply: true}} }

func initiate(text string, g analyze.Goal) ruleCase {
	return ruleCase{text: text, ctx: analyze.Context{Goal: g}}
}

func with(c ruleCase, f func(*analyze.Context)) ruleCase {
	f(&c.ctx)
	return c
}

func sev(c ruleCase, s analyze.Severity) ruleCase { c.sev = s; return c }
func span(c ruleCase, s string) ruleCase          { c.span = s; return c }

// rhythm is a contact who replies after about two hours with short
// messages, and who sent the last message five minutes before "afternoon".
func rhythm() *steady.Rhythm {
	return &steady.Rhythm{
		Turns: 40, Conversations: 12,
		TheirReplyDelay:     steady.Stat{N: 20, Median: 2 * 3600, P90: 6 * 3600},
		MyReplyDelay:        steady.Stat{N: 20, Median: 600, P90: 3600},
		TheirWordsPerTurn:   steady.Stat{N: 20, Median: 8, P90: 14},
		MyWordsPerTurn:      steady.Stat{N: 20, Median: 30, P90: 60},
		InitiationShareMine: 0.5,
		LastSide:            steady.SideThem,
		LastTheirAt:         afternoon.Add(-5 * time.Minute),
		LastMineAt:          afternoon.Add(-3 * time.Hour),
	}
}

// TestRules holds, for every rule id of DESIGN.md §2, drafts that must
// fire it and near misses that must not.
func TestRules(t *testing.T) {
	a := newAnalyzer(t)
	long := strings.Repeat("The kids need their winter coats and boots for the school trip. ", 8)
	cases := []struct {
		rule  string
		fire  []ruleCase
		quiet []ruleCase
	}{
		{
			rule: analyze.RuleGoalMissing,
			fire: []ruleCase{initiate("Hey. Can we talk?", analyze.GoalUnset), initiate("I've been thinking a lot lately.", analyze.GoalUnset)},
			quiet: []ruleCase{
				initiate("Can you pick up Sam at 5pm on Friday?", analyze.GoalUnset), // the draft states its practical goal
				initiate("Hey. Can we talk?", analyze.GoalClosure),
				reply("Ok."),
			},
		},
		{
			rule: analyze.RuleGoalNone,
			fire: []ruleCase{
				initiate("Hey, how's it going?", analyze.GoalNone),
				span(initiate("No reason, just wanted to say hi.", analyze.GoalLogistics), "No reason, just wanted to say hi."),
			},
			quiet: []ruleCase{initiate("Can you bring the forms on Monday?", analyze.GoalKids), reply("No reason, just wanted to say hi.")},
		},
		{
			rule: analyze.RuleNeutralEmotion,
			fire: []ruleCase{
				sev(reply("I am furious and I hate how this went."), analyze.SeverityError),
				reply("I'm so hurt and devastated by what happened."),
				reply("I'm scared and panicking about all of this, I can't sleep."),
			},
			quiet: []ruleCase{reply("I'm not angry, I just need the forms."), reply("Sounds good, see you at 5."), reply("I'm not worried about it.")},
		},
		{
			rule: analyze.RuleNeutralSelf,
			fire: []ruleCase{
				with(reply("Fine, 5pm works."), func(c *analyze.Context) { c.Mood = analyze.MoodAngry }),
				with(reply("Fine."), func(c *analyze.Context) { c.Mood = analyze.MoodLonely }),
				span(reply("I'm drunk but I need to say this."), "I'm drunk"),
			},
			quiet: []ruleCase{with(reply("Fine, 5pm works."), func(c *analyze.Context) { c.Mood = analyze.MoodCalm }), reply("I'm not drunk, I'm tired.")},
		},
		{
			rule: analyze.RuleNeutralLateNight,
			fire: []ruleCase{
				with(reply("Fine, 5pm works."), func(c *analyze.Context) { c.At = time.Date(2026, 11, 25, 23, 40, 0, 0, time.UTC) }),
				with(reply("Fine, 5pm works."), func(c *analyze.Context) { c.At = time.Date(2026, 11, 26, 2, 10, 0, 0, time.UTC) }),
				sev(with(initiate("Sam has a fever, can you bring his medicine tonight?", analyze.GoalKids), func(c *analyze.Context) {
					c.At = time.Date(2026, 11, 25, 23, 40, 0, 0, time.UTC)
				}), analyze.SeverityInfo), // a deadline: advice only
			},
			quiet: []ruleCase{with(reply("Fine, 5pm works."), func(c *analyze.Context) { c.At = time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC) })},
		},
		{
			rule:  analyze.RuleConciseLength,
			fire:  []ruleCase{initiate(long, analyze.GoalKids)},
			quiet: []ruleCase{initiate("The kids need their winter coats for the school trip on Friday.", analyze.GoalKids)},
		},
		{
			rule: analyze.RuleConciseRambling,
			fire: []ruleCase{
				reply("Sorry. I'm so sorry about Friday. I apologize."),
				reply("One. Two. Three. Four. Five. Six. Seven. Eight. Nine."),
				reply("The kids need shoes, the rent is late, my stuff is still in the garage and the lawyer called."),
			},
			quiet: []ruleCase{reply("Sorry, running late. Be there at 5.")},
		},
		{
			rule: analyze.RuleMirrorTooSoon,
			fire: []ruleCase{with(reply("Ok, 5pm works."), func(c *analyze.Context) { c.Rhythm = rhythm() })},
			quiet: []ruleCase{
				with(reply("Ok, 5pm works."), func(c *analyze.Context) { r := rhythm(); r.LastTheirAt = afternoon.Add(-3 * time.Hour); c.Rhythm = r }),
				reply("Ok, 5pm works."), // no history
				sev(with(reply("Yes, I can pick her up tonight."), func(c *analyze.Context) { c.Rhythm = rhythm() }), analyze.SeverityInfo),
			},
		},
		{
			rule:  analyze.RuleMirrorTooLong,
			fire:  []ruleCase{with(reply("Yes that works for me, and I also wanted to say that the school called about the trip and the forms and the money for it."), func(c *analyze.Context) { r := rhythm(); r.LastTheirAt = afternoon.Add(-5 * time.Hour); c.Rhythm = r })},
			quiet: []ruleCase{with(reply("Yes, 5pm works."), func(c *analyze.Context) { c.Rhythm = rhythm() })},
		},
		{
			rule: analyze.RuleMirrorDouble,
			fire: []ruleCase{
				with(initiate("Did you get my message about Friday?", analyze.GoalKids), func(c *analyze.Context) {
					r := rhythm()
					r.LastSide, r.LastMineAt, r.UnansweredMine = steady.SideMe, afternoon.Add(-time.Hour), 1
					c.Rhythm = r
				}),
				sev(with(initiate("Hello??", analyze.GoalKids), func(c *analyze.Context) {
					r := rhythm()
					r.LastSide, r.LastMineAt, r.UnansweredMine = steady.SideMe, afternoon.Add(-time.Hour), 3
					c.Rhythm = r
				}), analyze.SeverityError),
			},
			quiet: []ruleCase{with(initiate("Can you confirm Friday at 5pm?", analyze.GoalKids), func(c *analyze.Context) { c.Rhythm = rhythm() })},
		},
		{
			rule: analyze.RuleMirrorInitiation,
			fire: []ruleCase{with(initiate("Can you confirm Friday at 5pm?", analyze.GoalKids), func(c *analyze.Context) {
				r := rhythm()
				r.InitiationShareMine = 0.85
				c.Rhythm = r
			})},
			quiet: []ruleCase{
				with(initiate("Can you confirm Friday at 5pm?", analyze.GoalKids), func(c *analyze.Context) { c.Rhythm = rhythm() }),
				with(reply("Yes, Friday at 5pm."), func(c *analyze.Context) { r := rhythm(); r.InitiationShareMine = 0.9; c.Rhythm = r }),
			},
		},
		{
			rule: analyze.RulePlaceholder,
			fire: []ruleCase{
				span(reply("Thanks. [Yes, I'll / No, I can't] take them Saturday."), "[Yes, I'll / No, I can't]"),
				reply("I'm dropping her off at [time]."),
			},
			quiet: []ruleCase{reply("Ok ["), reply("Smile :] see you at 5"), reply("She was upset by [sic] ok now.")},
		},
		{
			rule: analyze.RuleMirrorSilence,
			fire: []ruleCase{with(initiate("Can you confirm Friday at 5pm?", analyze.GoalKids), func(c *analyze.Context) {
				r := rhythm()
				r.LastMineAt, r.LastTheirAt = afternoon.AddDate(-3, 0, 0), afternoon.AddDate(-3, 0, -1)
				r.LastSide, r.UnansweredMine = steady.SideMe, 1
				c.Rhythm = r
			})},
			quiet: []ruleCase{
				with(initiate("Can you confirm Friday at 5pm?", analyze.GoalKids), func(c *analyze.Context) { c.Rhythm = rhythm() }),
			},
		},
		{
			rule: analyze.RuleDamagePressure,
			fire: []ruleCase{
				reply("I need an answer tonight or I'm deciding without you."),
				reply("Answer me. Now."),
			},
			quiet: []ruleCase{reply("Could you sign and return the form by Friday? The school needs it on Monday.")},
		},
		{
			rule: analyze.RuleOfftopic,
			fire: []ruleCase{
				span(initiate("Can you take Sam on Saturday? I still think about our relationship every day.", analyze.GoalKids), "I still think about our relationship every day."),
			},
			quiet: []ruleCase{initiate("Can you take Sam on Saturday? He has football at 10.", analyze.GoalKids), initiate("I still think about our relationship.", analyze.GoalRelationship)},
		},
		{
			rule: analyze.RuleYouAccusatory,
			fire: []ruleCase{
				span(reply("You never answered my texts."), "You never answered my texts"),
				reply("You were late for pickup at 5 as usual."), // the routine excuses only a sentence it is all of
				reply("Because of you I was late for work."),
				reply("You made me feel like an idiot."),
				reply("It's all your fault."),
				reply("You're so selfish."),
				reply("you dont even care about the kids"),
				reply("How could you forget her birthday?"),
			},
			quiet: []ruleCase{
				reply("Thank you for picking them up."),
				reply("Could you send the forms by Friday?"),
				reply("See you at 3."),
				reply("Are you free Friday?"),
				reply("You can pick them up at 5."),
				reply("Let me know if you need anything for the trip."),
				reply("You never know with the weather, bring a coat."),
				reply("Did you get my message?"),
			},
		},
		{
			rule: analyze.RuleToneAbsolute,
			fire: []ruleCase{
				span(reply("You always forget the bag."), "You always"),
				reply("Every single time it's the same."),
				reply("You never pay on time."),
			},
			quiet: []ruleCase{reply("Thanks as always."), reply("I'll always bring the bag on Fridays.")},
		},
		{
			rule: analyze.RuleToneShouting,
			fire: []ruleCase{
				span(reply("WHERE ARE THE KIDS"), "WHERE ARE THE KIDS"),
				span(reply("Where are you???"), "???"),
				reply("Seriously?!"),
				reply("That is NEVER going to happen."),
			},
			quiet: []ruleCase{reply("OK, see you at 5pm."), reply("Can you call the GP and the NHS line?"), reply("Thanks!"), reply("I said I'm fine. [NAME] will come.")},
		},
		{
			rule: analyze.RuleToneInsult,
			fire: []ruleCase{
				span(reply("You're a pathetic loser."), "You're a pathetic loser"),
				reply("you idiot"),
				reply("What an asshole."),
				reply("Fuck you."),
				reply("You are a terrible mother."),
			},
			quiet: []ruleCase{reply("I was an idiot to forget the forms."), reply("That was a stupid mistake of mine."), reply("I don't think you're stupid.")},
		},
		{
			rule: analyze.RuleToneThreat,
			fire: []ruleCase{
				reply("You'll regret this."),
				reply("Pay me by Friday or else."),
				reply("My lawyer will hear about this."),
				reply("You will never see the kids again."),
			},
			quiet: []ruleCase{reply("The mediation is on Tuesday at 10."), reply("I regret the mix-up about Friday.")},
		},
		{
			rule: analyze.RuleDamageNeedy,
			fire: []ruleCase{
				span(initiate("I miss you so much.", analyze.GoalUnset), "I miss you so much."),
				reply("Can we please try again?"),
				reply("Please talk to me."),
				initiate("Just checking in, how have you been?", analyze.GoalUnset),
			},
			quiet: []ruleCase{
				reply("I don't miss you."),
				initiate("Hope you're well. Can you take Sam on Friday at 5?", analyze.GoalKids),
				reply("The kids miss you, they asked about Saturday."),
			},
		},
		{
			rule: analyze.RuleDamagePast,
			fire: []ruleCase{
				reply("Remember when you promised to help?"),
				reply("After everything I did for you."),
				sev(reply("You cheated on me."), analyze.SeverityError),
			},
			quiet: []ruleCase{reply("Remember to bring the forms."), reply("You could have the kids on Saturday.")},
		},
		{
			rule: analyze.RuleDamageFalseHope,
			fire: []ruleCase{
				span(reply("See you Saturday ❤️"), "❤️"),
				reply("Maybe someday we can try again."),
				reply("I'm always here for you."),
				reply("Thanks xoxo"),
			},
			quiet: []ruleCase{reply("See you Saturday."), reply("Maybe Saturday works better?"), reply("I love the new school.")},
		},
		{
			rule: analyze.RuleNoContact,
			fire: []ruleCase{
				with(initiate("Hey, how are you?", analyze.GoalUnset), func(c *analyze.Context) { c.NoContact = true }),
				with(initiate("I need closure.", analyze.GoalClosure), func(c *analyze.Context) { c.NoContact = true }),
				// Replying does not bypass the period: only necessary
				// logistics may go, reply or not.
				with(reply("Saw this and thought of you"), func(c *analyze.Context) { c.NoContact = true }),
				with(reply("Ok."), func(c *analyze.Context) { c.NoContact = true }),
			},
			quiet: []ruleCase{
				with(initiate("Can you take Sam on Friday at 5?", analyze.GoalKids), func(c *analyze.Context) { c.NoContact = true }),
				with(reply("Ok, Friday at 5 works."), func(c *analyze.Context) { c.NoContact = true }),
			},
		},
		{
			rule: analyze.RuleContextDumped,
			fire: []ruleCase{
				with(initiate("I still love you and I don't understand why you left.", analyze.GoalClosure), func(c *analyze.Context) { c.Dumped = true }),
				// Whatever the mode: a plea from the one who was left.
				with(reply("Please, can we try again?"), func(c *analyze.Context) { c.Dumped = true; c.Goal = analyze.GoalRelationship }),
			},
			quiet: []ruleCase{
				with(initiate("Can you return my books on Saturday?", analyze.GoalBelongings), func(c *analyze.Context) { c.Dumped = true }),
				initiate("I still love you and I don't understand why you left.", analyze.GoalClosure),
			},
		},
		{
			rule: analyze.RulePseudoFeeling,
			fire: []ruleCase{
				span(reply("I feel ignored when you don't reply."), "I feel ignored"),
				reply("I feel like you don't care."),
				reply("I felt so betrayed."),
			},
			quiet: []ruleCase{reply("I feel tired today."), reply("I feel hurt and I need a clear answer.")},
		},
		{
			rule: analyze.RuleBiffExtra,
			fire: []ruleCase{
				reply("Fine. You should really plan ahead."),
				sev(reply("Shame on you."), analyze.SeverityWarning),
				reply("For the record, I never said that."),
				reply("I'm so sorry. Sorry again."),
			},
			quiet: []ruleCase{
				reply("Sorry, running late."),
				initiate("You should get the letter from school this week.", analyze.GoalKids),
			},
		},
	}
	covered := map[string]bool{}
	for _, rc := range cases {
		covered[rc.rule] = true
		for _, c := range rc.fire {
			c := c
			if c.ctx.At.IsZero() {
				c.ctx.At = afternoon
			}
			t.Run(rc.rule+" fires on "+c.text, func(t *testing.T) {
				res := a.Run(c.text, c.ctx)
				f := find(res, rc.rule)
				if f == nil {
					t.Fatalf("%s did not fire; findings: %s", rc.rule, summary(res))
				}
				if c.sev != "" && f.Severity != c.sev {
					t.Errorf("severity %s, want %s", f.Severity, c.sev)
				}
				if c.span != "" && f.Rule == rc.rule && f.Text != c.span {
					t.Errorf("span %q, want %q", f.Text, c.span)
				}
			})
		}
		for _, c := range rc.quiet {
			c := c
			if c.ctx.At.IsZero() {
				c.ctx.At = afternoon
			}
			t.Run(rc.rule+" stays quiet on "+c.text, func(t *testing.T) {
				res := a.Run(c.text, c.ctx)
				if f := find(res, rc.rule); f != nil && (c.sev == "" || f.Severity != c.sev) {
					t.Fatalf("%s fired on %q: %s", rc.rule, f.Text, f.Message)
				}
			})
		}
	}
	for _, id := range analyze.RuleIDs {
		if !covered[id] {
			t.Errorf("rule %s has no test cases", id)
		}
	}
}

// find returns the finding of rule, or the finding that stands for it on
// the same words (Finding.Also).
func find(res analyze.Result, rule string) *analyze.Finding {
	for i := range res.Findings {
		if res.Findings[i].Rule == rule || slices.Contains(res.Findings[i].Also, rule) {
			return &res.Findings[i]
		}
	}
	return nil
}

func summary(res analyze.Result) string {
	var parts []string
	for _, f := range res.Findings {
		parts = append(parts, f.Rule+"("+f.Text+")")
	}
	return string(res.Verdict) + " [" + strings.Join(parts, ", ") + "]"
}

// TestOrdinaryNearMisses holds pairs from ordinary text messages (the
// sms-ordinary eval): a draft a rule used to hold back wrongly, which must
// now be sent, next to the draft the rule is for, which must still fire it
// at a severity that holds the message back.
func TestOrdinaryNearMisses(t *testing.T) {
	a := newAnalyzer(t)
	cases := []struct {
		rule  string
		cause string
		fires string // the rule fires, warning or error
		sends string // verdict send (the rule may stay as advice)
	}{
		// tone.shouting
		{analyze.RuleToneShouting, "caps lock with one-letter words, but angry", "I AM SO ANGRY AT YOU, YOU SAID 5", "I AM AT A PARTY WITH ALEX"},
		{analyze.RuleToneShouting, "caps lock: U, I, A are capitals", "WHY ARE YOU SO SELFISH", "CAN U BRING A COAT 4 SAM"},
		{analyze.RuleToneShouting, "two capitalised words of a greeting", "Pick them up at 5. DO NOT BE LATE.", "GOOD NIGHT, see you Friday."},
		{analyze.RuleToneShouting, "two capitalised words in an angry sentence", "I am SO ANGRY about Friday.", "Have a NICE DAY at school."},
		{analyze.RuleToneShouting, "a lone ?! in a calm draft", "Where are you??? Answer me.", "Or am I just boring?! When's yours?"},
		{analyze.RuleToneShouting, "?! in an accusing sentence", "Why did you do that?! You never listen.", "Great escape or wetherspoons?! Let me know."},
		// damage.needy
		{analyze.RuleDamageNeedy, "a request: I need you to …", "I need you.", "I need you to pick up Sam at 5."},
		{analyze.RuleDamageNeedy, "I need you to hold me stays needy", "I need you to hold me.", "I really need you to sign the form."},
		{analyze.RuleDamageNeedy, "come back as a plea, not as travel", "Please come back to me.", "Still in town, I'll try to come back soon."},
		{analyze.RuleDamageNeedy, "come back: theirs, a question", "I want you to come back.", "When will you come back from the trip?"},
		{analyze.RuleDamageNeedy, "please call me with a when", "Please call me.", "Please call me when you land."},
		// neutral.emotion from the word lists
		{analyze.RuleNeutralEmotion, "don't go to bed", "Please don't go, I can't do this.", "Yeah, don't go to bed, I'll be back before midnight."},
		{analyze.RuleNeutralEmotion, "a second chance for someone else", "Give me another chance.", "They gave him a second chance at the job."},
		{analyze.RuleNeutralEmotion, "begging someone else", "I am begging you.", "He spent hours begging his boss for Friday off."},
		{analyze.RuleNeutralEmotion, "a doubled please", "Please please talk to me.", "Pls pls find out from your mum."},
		{analyze.RuleNeutralEmotion, "beg your pardon", "I beg you, answer me.", "I beg your pardon, which Friday?"},
		// neutral.selfreport
		{analyze.RuleNeutralSelf, "a condition, not a report", "I had a few drinks, so here goes.", "I'd be better if I had a few drinks down me!"},
		// logistics.offtopic through a hurt word
		{analyze.RuleOfftopic, "a body part that hurts", "I can't take Sam on Saturday. It hurts that you left.", "I can't take Sam on Saturday. My throat hurts to talk."},
		// tone.absolute
		{analyze.RuleToneAbsolute, "a routine as usual", "You are late as usual.", "Pickup at 5 as usual."},
		{analyze.RuleToneAbsolute, "as usual, you can", "As usual you forgot the bag.", "As usual you can call me around 10."},
		{analyze.RuleToneAbsolute, "someone else as usual", "You forget the bag all the time.", "Carlos is taking his sweet time as usual, let me know when you're done."},
		{analyze.RuleToneAbsolute, "a question about the past", "You always forget the bag.", "Have you always been saying welp?"},
		// you.accusatory
		{analyze.RuleYouAccusatory, "why don't you as a suggestion", "Why don't you ever answer?", "Why don't you come over at 5?"},
		{analyze.RuleYouAccusatory, "do you think you can as a request", "You think you can do whatever you want.", "Do you think you can pick them up at 5?"},
		{analyze.RuleYouAccusatory, "what time you think you can", "You think you can just walk away.", "Cool, what time you think you can get here?"},
		{analyze.RuleYouAccusatory, "keeping a thing", "You keep ignoring me.", "Where do you keep the spare key?"},
		{analyze.RuleYouAccusatory, "if you keep the …", "You kept on forgetting the forms.", "If you keep the receipt I'll pay half."},
		// damage.past
		{analyze.RuleDamagePast, "remember when you get back", "Remember when you promised to help?", "Have a good trip. Remember when you get back we must decide about Easter."},
		// concise.rambling
		{analyze.RuleConciseRambling, "two apologies are not a stack", "Sorry. I'm so sorry about Friday. I apologize.", "Sorry I've not gone to that place. I'll do so tomorrow. Really sorry."},
	}
	for _, c := range cases {
		t.Run(c.rule+" "+c.cause, func(t *testing.T) {
			ctx := analyze.Context{Reply: true, At: afternoon}
			res := a.Run(c.fires, ctx)
			if f := find(res, c.rule); f == nil || f.Severity == analyze.SeverityInfo {
				t.Errorf("%q: %s should fire at warning or error; got %s", c.fires, c.rule, summary(res))
			}
			res = a.Run(c.sends, ctx)
			if res.Verdict != analyze.VerdictSend {
				t.Errorf("%q: verdict %s, want send", c.sends, summary(res))
			}
			for _, f := range res.Findings {
				if f.Rule == c.rule && f.Severity != analyze.SeverityInfo {
					t.Errorf("%q: %s fired at %s on %q", c.sends, c.rule, f.Severity, f.Text)
				}
			}
		})
	}
}
