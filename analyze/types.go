package analyze

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/steadyhq/steady"
)

// Goal is the practical outcome the user wants from the message.
type Goal string

const (
	GoalUnset        Goal = ""
	GoalLogistics    Goal = "logistics"
	GoalKids         Goal = "kids"
	GoalBelongings   Goal = "belongings"
	GoalMoney        Goal = "money"
	GoalClosure      Goal = "closure"
	GoalRelationship Goal = "relationship"
	GoalNone         Goal = "none"
)

// Goals lists every goal a user can state, in the order pickers show them.
var Goals = []Goal{GoalLogistics, GoalKids, GoalBelongings, GoalMoney, GoalClosure, GoalRelationship, GoalNone}

// Practical reports whether the goal is about arrangements rather than the
// relationship itself.
func (g Goal) Practical() bool {
	switch g {
	case GoalLogistics, GoalKids, GoalBelongings, GoalMoney:
		return true
	}
	return false
}

// ParseGoal accepts the goal names and "" for unset.
func ParseGoal(s string) (Goal, error) {
	if s == "" {
		return GoalUnset, nil
	}
	for _, g := range Goals {
		if string(g) == s {
			return g, nil
		}
	}
	return GoalUnset, steady.Errorf(steady.EInvalid, "unknown goal %q (want one of logistics, kids, belongings, money, closure, relationship, none)", s)
}

// Mood is how the user says they feel right now.
type Mood string

const (
	MoodUnset     Mood = ""
	MoodCalm      Mood = "calm"
	MoodAngry     Mood = "angry"
	MoodHurt      Mood = "hurt"
	MoodSad       Mood = "sad"
	MoodLonely    Mood = "lonely"
	MoodAnxious   Mood = "anxious"
	MoodNostalgic Mood = "nostalgic"
)

// Moods lists every mood a user can report.
var Moods = []Mood{MoodCalm, MoodAngry, MoodHurt, MoodSad, MoodLonely, MoodAnxious, MoodNostalgic}

// ParseMood accepts the mood names and "" for unset.
func ParseMood(s string) (Mood, error) {
	if s == "" {
		return MoodUnset, nil
	}
	for _, m := range Moods {
		if string(m) == s {
			return m, nil
		}
	}
	return MoodUnset, steady.Errorf(steady.EInvalid, "unknown mood %q (want one of calm, angry, hurt, sad, lonely, anxious, nostalgic)", s)
}

// Context is everything about a draft that is not its text. The analyzer
// reads no clock: At is the local time of composing, in the user's zone.
type Context struct {
	Goal  Goal
	Reply bool // replying to their message rather than initiating
	Mood  Mood
	At    time.Time
	// NoContact is true while the user keeps a no-contact period.
	NoContact bool
	// Dumped is true when the user was the one broken up with.
	Dumped bool
	// Rhythm is the contact's learned rhythm; nil when no history is known.
	Rhythm *steady.Rhythm
	// Style is how the user writes to this contact; the rewrite follows
	// it. The zero value (no contact) changes nothing.
	Style Style
}

// Style is how the user writes to a contact, learned from their own
// recent messages to them: a rewrite is sent as theirs, so it opens and
// closes the way they do, in their capitals. The zero value adds nothing
// and takes nothing away.
type Style struct {
	// Greeting opens their messages, with what follows it: "Hi Alex,\n"
	// or "Hey, ". Empty when they do not greet.
	Greeting string
	// SignOff closes their messages, with what comes before it:
	// " Thanks" or "\nCheers". Empty when they do not sign off.
	SignOff string
	// Lowercase is true when they start their messages in lower case.
	Lowercase bool
	// NoEmoji is true when they use no emoji with this contact: the
	// rewrite leaves out the draft's.
	NoEmoji bool
}

// Verdict is the one answer a check gives.
type Verdict string

const (
	VerdictSend     Verdict = "send"
	VerdictRevise   Verdict = "revise"
	VerdictWait     Verdict = "wait"
	VerdictDontSend Verdict = "dont_send"
)

// Rank orders verdicts by precedence: dont_send (3) > wait > revise > send (0).
func (v Verdict) Rank() int {
	switch v {
	case VerdictRevise:
		return 1
	case VerdictWait:
		return 2
	case VerdictDontSend:
		return 3
	}
	return 0
}

// Severity of a finding.
type Severity string

const (
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Rank orders severities: error (2) > warning > info (0).
func (s Severity) Rank() int {
	switch s {
	case SeverityWarning:
		return 1
	case SeverityError:
		return 2
	}
	return 0
}

func parseSeverity(s string) (Severity, error) {
	switch Severity(s) {
	case SeverityInfo, SeverityWarning, SeverityError:
		return Severity(s), nil
	}
	return "", fmt.Errorf("unknown severity %q (want info, warning or error)", s)
}

// Finding is one thing in the draft (or about it) that a rule flags.
// Start and End are byte offsets into the UTF-8 draft; both are zero for
// rules about the whole draft (Whole reports that).
type Finding struct {
	Rule       string   `json:"rule"`
	Severity   Severity `json:"severity"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Text       string   `json:"text"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion"`
	// Replace is true when Suggestion is a drop-in replacement for the
	// span (possibly empty: delete it), false when it is advice in words.
	Replace bool `json:"replace"`
	// Also lists the rules of findings on the same words that this one
	// stands for (an insult is also an accusation): one finding per span.
	Also []string `json:"also,omitempty"`
}

// Whole reports whether the finding is about the whole draft rather than a span.
func (f *Finding) Whole() bool { return f.Start == 0 && f.End == 0 }

// Emotion is how charged the draft reads: an intensity in 0..1 and the
// emotions that drive it, strongest first.
type Emotion struct {
	Intensity float64       `json:"intensity"`
	Labels    []string      `json:"labels"`
	Scores    EmotionScores `json:"scores"`
}

// MarshalJSON writes empty labels as [], never null, so the schema of
// docs/JSON.md holds for calm drafts too.
func (e Emotion) MarshalJSON() ([]byte, error) {
	type plain Emotion
	p := plain(e)
	if p.Labels == nil {
		p.Labels = []string{}
	}
	return json.Marshal(p)
}

// EmotionScores holds a score 0..1 for each emotion, in the order of
// emotionLabels. It is an array, not a map, so a check allocates nothing
// for it; JSON writes it as an object of the scores of 0.05 or more.
type EmotionScores [len(emotionLabels)]float64

// Get returns the score of an emotion by label (0 for an unknown label).
func (s EmotionScores) Get(label string) float64 {
	if i := emotionIndex(label); i >= 0 {
		return s[i]
	}
	return 0
}

// Map returns the scores of 0.05 or more by label.
func (s EmotionScores) Map() map[string]float64 {
	m := map[string]float64{}
	for i, v := range s {
		if v >= minScore {
			m[emotionLabels[i]] = v
		}
	}
	return m
}

// minScore is the smallest score the JSON shows.
const minScore = 0.05

// MarshalJSON writes {"anger":0.41,"hurt":0.25}: the scores of 0.05 or
// more, labels in alphabetical order as a JSON object of a map would be.
func (s EmotionScores) MarshalJSON() ([]byte, error) {
	order := [...]int{emotionIndex("anger"), emotionIndex("anxiety"), emotionIndex("desperation"),
		emotionIndex("hurt"), emotionIndex("loneliness"), emotionIndex("longing")}
	b := []byte{'{'}
	for _, i := range order {
		if s[i] < minScore {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, emotionLabels[i]...)
		b = append(b, '"', ':')
		b = strconv.AppendFloat(b, s[i], 'f', -1, 64)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads what MarshalJSON writes; unknown labels are errors.
func (s *EmotionScores) UnmarshalJSON(b []byte) error {
	var m map[string]float64
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*s = EmotionScores{}
	for l, v := range m {
		i := emotionIndex(l)
		if i < 0 {
			return fmt.Errorf("unknown emotion %q in scores", l)
		}
		s[i] = v
	}
	return nil
}

// Signals are measurements of the draft that rules use and callers show.
type Signals struct {
	Words     int     `json:"words"`
	Sentences int     `json:"sentences"`
	Emotion   Emotion `json:"emotion"`
	// Emotional is true when the draft carries strong emotion; Hostile
	// when it attacks, insults or threatens.
	Emotional bool `json:"emotional"`
	Hostile   bool `json:"hostile"`
	// Harm is the learned heads' reading of the whole draft: for each
	// label of the method, the probability that a reader would give it.
	Harm HarmScores `json:"harm"`
}

// Result is the outcome of one check.
type Result struct {
	Verdict Verdict `json:"verdict"`
	// Headline says the verdict in words: every surface shows these.
	Headline Headline `json:"headline"`
	// NotBefore is set for VerdictWait: the earliest time to re-read and send.
	NotBefore *time.Time `json:"not_before,omitempty"`
	Reasons   []string   `json:"reasons"`
	Findings  []Finding  `json:"findings"`
	// Rewrite is a suggested version of the whole draft, "" when none.
	Rewrite string  `json:"rewrite"`
	Signals Signals `json:"signals"`
}

// Headline is a verdict in words a stressed person takes in at once: a
// short word ("Don't send") and one line that says what to do now.
type Headline struct {
	Word string `json:"word"`
	Line string `json:"line"`
}

// Word says a verdict in plain words: "Send it", "Change it first",
// "Wait", "Don't send".
func (v Verdict) Word() string {
	switch v {
	case VerdictSend:
		return "Send it"
	case VerdictRevise:
		return "Change it first"
	case VerdictWait:
		return "Wait"
	case VerdictDontSend:
		return "Don't send"
	}
	return string(v)
}

// TimeLayout is how steady writes a moment to a person ("Tue 8 Dec, 10:00").
const TimeLayout = "Mon 2 Jan, 15:04"

// HarmScores are the learned heads' probabilities (0..1) that a reader
// would give the draft each label of the method.
type HarmScores struct {
	Needy      float64 `json:"needy"`
	Past       float64 `json:"past"`
	FalseHope  float64 `json:"false_hope"`
	Accusatory float64 `json:"accusatory_you"`
	Insult     float64 `json:"insult"`
	Threat     float64 `json:"threat"`
	Pressure   float64 `json:"pressure"`
	Logistics  float64 `json:"logistics"`
}
