package eval

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/steadyhq/steady"
)

// Query is what a Predictor is asked to check: one text, and whether it is
// checked as a reply to the other person (eval checks every text as a
// reply, so that "initiating with no goal" never decides a verdict here).
type Query struct {
	Text  string
	Reply bool
}

// Prediction is the part of the analyzer's result that tasks score: the
// signals.emotional and signals.hostile booleans and the verdict
// ("send", "revise", "wait" or "dont_send").
type Prediction struct {
	Emotional bool
	Hostile   bool
	Verdict   string
}

// Predictor checks one text. In the CLI it is a closure over
// analyze.Analyzer.Run that copies Result.Signals.Emotional, .Hostile and
// .Verdict, so the scores are those of the values the rules act on.
type Predictor func(Query) (Prediction, error)

// Target is the part of a Prediction that a task scores.
type Target int

const (
	TargetEmotional Target = iota // signals.emotional
	TargetHostile                 // signals.hostile
	TargetSend                    // verdict == "send"
)

func (t Target) String() string {
	switch t {
	case TargetEmotional:
		return "signals.emotional"
	case TargetHostile:
		return "signals.hostile"
	case TargetSend:
		return "verdict == send"
	}
	return fmt.Sprintf("Target(%d)", int(t))
}

// Of picks the scored boolean out of a prediction.
func (t Target) Of(p Prediction) bool {
	switch t {
	case TargetEmotional:
		return p.Emotional
	case TargetHostile:
		return p.Hostile
	}
	return p.Verdict == "send"
}

// Example is one labeled text of a task.
type Example struct {
	Line int // where the record starts in its file (1-based)
	Text string
	Gold bool
}

// Task is a binary question asked of one corpus.
type Task struct {
	Name     string
	Corpus   string // folder name under ../shared/data
	Target   Target
	Headline string // the metric that matters most: "macro_f1", "f1" or "accuracy"
	About    string // what counts as positive
	load     func(path string) ([]Example, error)
}

// Load reads path in the task's corpus format and labels every row.
func (t Task) Load(path string) ([]Example, error) { return t.load(path) }

// Tasks lists every task, in the order reports print them.
func Tasks() []Task {
	return []Task{
		{Name: "goemotions-emotional", Corpus: "goemotions", Target: TargetEmotional, Headline: "macro_f1",
			About: "any GoEmotions label other than neutral", load: loadGoEmotions(func(s LabelSet) bool { return s != 1<<GENeutral })},
		{Name: "goemotions-hostile", Corpus: "goemotions", Target: TargetHostile, Headline: "f1",
			About: "anger, annoyance, disgust or disapproval", load: loadGoEmotions(IsHostile)},
		{Name: "olid-offensive", Corpus: "olid", Target: TargetHostile, Headline: "f1",
			About: "OLID level a OFF (vs NOT)", load: loadOLID},
		{Name: "davidson-offensive", Corpus: "davidson-offensive", Target: TargetHostile, Headline: "f1",
			About: "hate speech or offensive language (vs neither)", load: loadDavidson},
		{Name: "politeness-impolite", Corpus: "stanford-politeness", Target: TargetHostile, Headline: "f1",
			About: "Normalized Score in the bottom quartile of its file (vs the rest)", load: loadPoliteness},
		{Name: "meld-emotional", Corpus: "meld", Target: TargetEmotional, Headline: "macro_f1",
			About: "MELD emotion other than neutral", load: loadMELD},
		{Name: "sms-ordinary", Corpus: "sms-spam-collection", Target: TargetSend, Headline: "accuracy",
			About: "ham that is neither romantic, shouting nor profane (eval.OrdinarySMS) should get verdict send", load: loadSMS(OrdinarySMS)},
		{Name: "sms-ham", Corpus: "sms-spam-collection", Target: TargetSend, Headline: "accuracy",
			About: "every ham message should get verdict send (spam is left out)", load: loadSMS(func(string) bool { return true })},
	}
}

// TaskNames lists the task names.
func TaskNames() []string {
	var names []string
	for _, t := range Tasks() {
		names = append(names, t.Name)
	}
	return names
}

// LookupTask finds a task by name.
func LookupTask(name string) (Task, error) {
	for _, t := range Tasks() {
		if t.Name == name {
			return t, nil
		}
	}
	return Task{}, steady.Errorf(steady.EInvalid, "eval: unknown task %q (want one of %s)", name, strings.Join(TaskNames(), ", "))
}

// IsHostile is the goemotions-hostile gold label.
func IsHostile(s LabelSet) bool { return s.Any(GEAnger, GEAnnoyance, GEDisgust, GEDisapproval) }

func loadGoEmotions(gold func(LabelSet) bool) func(string) ([]Example, error) {
	return func(path string) ([]Example, error) {
		rows, err := ReadGoEmotions(path)
		if err != nil {
			return nil, err
		}
		ex := make([]Example, len(rows))
		for i, r := range rows {
			ex[i] = Example{Line: r.Line, Text: r.Text, Gold: gold(r.Labels)}
		}
		return ex, nil
	}
}

func loadOLID(path string) ([]Example, error) {
	rows, err := ReadOLID(path)
	if err != nil {
		return nil, err
	}
	ex := make([]Example, len(rows))
	for i, r := range rows {
		ex[i] = Example{Line: r.Line, Text: r.Text, Gold: r.A == "OFF"}
	}
	return ex, nil
}

func loadDavidson(path string) ([]Example, error) {
	rows, err := ReadDavidson(path)
	if err != nil {
		return nil, err
	}
	ex := make([]Example, len(rows))
	for i, r := range rows {
		ex[i] = Example{Line: r.Line, Text: r.Text, Gold: r.Class != DavidsonNeither}
	}
	return ex, nil
}

func loadPoliteness(path string) ([]Example, error) {
	rows, err := ReadPoliteness(path)
	if err != nil {
		return nil, err
	}
	ex := make([]Example, len(rows))
	for i, r := range rows {
		ex[i] = Example{Line: r.Line, Text: r.Text, Gold: r.Impolite}
	}
	return ex, nil
}

func loadMELD(path string) ([]Example, error) {
	rows, err := ReadMELD(path)
	if err != nil {
		return nil, err
	}
	ex := make([]Example, len(rows))
	for i, r := range rows {
		ex[i] = Example{Line: r.Line, Text: r.Text, Gold: r.Emotion != "neutral"}
	}
	return ex, nil
}

func loadSMS(keep func(text string) bool) func(path string) ([]Example, error) {
	return func(path string) ([]Example, error) {
		rows, err := ReadSMS(path)
		if err != nil {
			return nil, err
		}
		var ex []Example
		for _, r := range rows {
			if !r.Spam && keep(r.Text) {
				ex = append(ex, Example{Line: r.Line, Text: r.Text, Gold: true})
			}
		}
		if len(ex) == 0 {
			return nil, errorf(path, 0, "no ham messages; expected at least one line labeled ham")
		}
		return ex, nil
	}
}

// Split picks rows of a file.
type Split int

const (
	All   Split = iota // every row
	Train              // rows outside our dev split (InDev false)
	Dev                // rows of our dev split (InDev true)
)

// RunSplit scores predict on the rows of path for the named task that
// split picks. Use Dev for OLID, Davidson,
// politeness and SMS, whose shared file is the training part (their
// held-out part is elsewhere); GoEmotions and MELD have dev files of
// their own, to be run with All.
func RunSplit(task, path string, split Split, predict Predictor) (Report, error) {
	t, err := LookupTask(task)
	if err != nil {
		return Report{}, err
	}
	ex, err := t.Load(path)
	if err != nil {
		return Report{}, err
	}
	ex = SplitExamples(ex, split)
	return Score(t, path, ex, predict)
}

// SplitExamples keeps the examples of one split (all of them for All).
func SplitExamples(ex []Example, split Split) []Example {
	if split == All {
		return ex
	}
	var out []Example
	for _, e := range ex {
		if InDev(e.Text) == (split == Dev) {
			out = append(out, e)
		}
	}
	return out
}

// Score runs predict over examples already loaded from path (named in
// errors) and counts the outcomes. Rows whose text is blank are skipped
// and counted: the analyzer rejects an empty draft, and a blank row says
// nothing about accuracy.
func Score(t Task, path string, ex []Example, predict Predictor) (Report, error) {
	var c Confusion
	skipped := 0
	for _, e := range ex {
		if strings.TrimSpace(e.Text) == "" {
			skipped++
			continue
		}
		p, err := predict(Query{Text: e.Text, Reply: true})
		if err != nil {
			return Report{}, fmt.Errorf("eval: %s:%d: checking the text: %w", path, e.Line, err)
		}
		c.Add(e.Gold, t.Target.Of(p))
	}
	r := NewReport(t.Name, c)
	r.Skipped = skipped
	return r, nil
}

// InDev reports whether a text belongs to our dev split of a corpus that
// has no official one: 1 in 5 texts, chosen by FNV-1a (32-bit) of the text
// lowercased with its whitespace collapsed. The key is the text, so
// duplicates never straddle the split, and FNV rather than the md5 that cut
// the held-out part keeps our split independent of theirs.
func InDev(text string) bool {
	h := fnv.New32a()
	h.Write([]byte(strings.Join(strings.Fields(strings.ToLower(text)), " ")))
	return h.Sum32()%5 == 0
}
