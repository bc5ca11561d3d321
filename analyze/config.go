package analyze

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The data files, relative to the root of each rules fs.FS:
//
//	catalog.yml   the rule catalogue (severity, verdicts, texts) and settings
//	words.yml     contractions and word classes
//	lists/*.yml   phrase lists, each feeding one rule and/or the emotion signal
//
// The embedded defaults come first; each further fs.FS (a user's --rules
// folder) adds to or overrides them. docs/RULES.md documents the format.
const (
	catalogFile = "catalog.yml"
	wordsFile   = "words.yml"
	listsDir    = "lists"
)

// ruleSpec is one rule of the catalogue.
type ruleSpec struct {
	Enabled    *bool              `yaml:"enabled"`
	Severity   string             `yaml:"severity"`
	Verdicts   map[string]Verdict `yaml:"verdicts"`
	Message    string             `yaml:"message"`
	Reason     string             `yaml:"reason"`
	Suggestion string             `yaml:"suggestion"`
	// Covers lists rules whose findings on the same words this rule's
	// finding stands for: they merge into it (Finding.Also).
	Covers []string `yaml:"covers"`
	// Meanwhile says what to do while a wait this rule asked for runs.
	Meanwhile string `yaml:"meanwhile"`
	// Head names the learned head (package harm) that backs the rule: it
	// flags the sentences the head reads as this harm where no phrase did,
	// with HeadMessage.
	Head        string `yaml:"head"`
	HeadMessage string `yaml:"head_message"`
	// HeadNeeds names a word class a sentence must hold for the head to
	// flag it: an insult is aimed at them ("you", "your"), so "I was an
	// idiot" is not one.
	HeadNeeds string `yaml:"head_needs"`
	// HeadPractical is how much surer, in log-odds, the head must be to
	// flag a sentence the logistics head reads as practical: a request is
	// rarely a plea, even when it starts contact.
	HeadPractical float64 `yaml:"head_practical"`
	// pinned is true when an overlay set the severity, which then wins
	// over the severity a rule computes (e.g. from emotion intensity).
	pinned bool
	// verdictBy is Verdicts by severity rank, filled by New.
	verdictBy [3]Verdict
}

type catalogFileT struct {
	Rules map[string]*ruleSpec `yaml:"rules"`
	// Settings points at the settings loaded so far: the YAML decoder fills
	// in only the keys a layer writes and keeps the rest.
	Settings *settings `yaml:"settings"`
}

// Duration is a time.Duration written as "90m" or "12h" in the data files.
type Duration time.Duration

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = Duration(v)
	return nil
}

// ClockTime is a time of day written "22:30", as minutes after midnight.
type ClockTime int

// UnmarshalYAML parses "HH:MM".
func (c *ClockTime) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse("15:04", n.Value)
	if err != nil {
		return fmt.Errorf("line %d: time of day %q: want HH:MM", n.Line, n.Value)
	}
	*c = ClockTime(t.Hour()*60 + t.Minute())
	return nil
}

// settings are the numbers the rules use; every one is in catalog.yml.
type settings struct {
	LateNight struct {
		Start   ClockTime `yaml:"start"`
		End     ClockTime `yaml:"end"`
		Morning ClockTime `yaml:"morning"`
	} `yaml:"late_night"`
	// Budget is the word budget per goal ("unset" for no goal).
	Budget      map[string]int `yaml:"budget"`
	BudgetFloor int            `yaml:"budget_floor"`
	Rambling    struct {
		Sentences int `yaml:"sentences"`
		Topics    int `yaml:"topics"`
		Apologies int `yaml:"apologies"`
		Hedges    int `yaml:"hedges"`
	} `yaml:"rambling"`
	Emotion struct {
		Emotional float64 `yaml:"emotional"`
		Warning   float64 `yaml:"warning"`
		Error     float64 `yaml:"error"`
		Hostile   float64 `yaml:"hostile"`
	} `yaml:"emotion"`
	Cooldown struct {
		Warning Duration            `yaml:"warning"`
		Error   Duration            `yaml:"error"`
		Hostile Duration            `yaml:"hostile"`
		Mood    map[string]Duration `yaml:"mood"`
	} `yaml:"cooldown"`
	Mirror struct {
		MinSamples        int     `yaml:"min_samples"`
		TooSoonFraction   float64 `yaml:"too_soon_fraction"`
		TooLongFactor     float64 `yaml:"too_long_factor"`
		RewriteFactor     float64 `yaml:"rewrite_factor"`
		InitiationInfo    float64 `yaml:"initiation_info"`
		InitiationWarning float64 `yaml:"initiation_warning"`
		MinConversations  int     `yaml:"min_conversations"`
		DoubleTextError   int     `yaml:"double_text_error"`
		// A draft answers their last message while it is recent: within
		// ReplyFactor times their slow (P90) reply delay, clamped to
		// [ReplyMin, ReplyMax]; with no rhythm, within ReplyMin.
		ReplyFactor float64  `yaml:"reply_factor"`
		ReplyMin    Duration `yaml:"reply_min"`
		ReplyMax    Duration `yaml:"reply_max"`
		// Silence is how long without a message, either way, makes a draft
		// start contact again rather than follow up.
		Silence Duration `yaml:"silence"`
	} `yaml:"mirror"`
	Biff struct {
		Warning int `yaml:"warning"`
	} `yaml:"biff"`
}

// listGroup is a phrase list, or a group inside one, with the defaults its
// phrases inherit.
type listGroup struct {
	Rule        string `yaml:"rule"`
	phraseAttrs `yaml:",inline"`
	Phrases     []phraseEntry `yaml:"phrases"`
	Remove      []phraseEntry `yaml:"remove"`
	Groups      []listGroup   `yaml:"groups"`
}

// phraseAttrs are what a phrase means; a list, a group or a phrase sets
// them, and what a phrase leaves unset it inherits (see over).
type phraseAttrs struct {
	Emotion    string   `yaml:"emotion"`
	Weight     *float64 `yaml:"weight"`
	Hostile    *bool    `yaml:"hostile"`
	Negatable  *bool    `yaml:"negatable"`
	Scope      string   `yaml:"scope"`
	Topic      string   `yaml:"topic"`
	Suggestion *string  `yaml:"suggestion"`
	Rewrite    *string  `yaml:"rewrite"`
	Advice     string   `yaml:"advice"`
	Message    string   `yaml:"message"`
	Tag        string   `yaml:"tag"`
}

// over returns a with every field it leaves unset taken from def.
func (a phraseAttrs) over(def phraseAttrs) phraseAttrs {
	return phraseAttrs{
		Emotion: cmp.Or(a.Emotion, def.Emotion), Weight: cmp.Or(a.Weight, def.Weight),
		Hostile: cmp.Or(a.Hostile, def.Hostile), Negatable: cmp.Or(a.Negatable, def.Negatable),
		Scope: cmp.Or(a.Scope, def.Scope), Topic: cmp.Or(a.Topic, def.Topic),
		Suggestion: cmp.Or(a.Suggestion, def.Suggestion), Rewrite: cmp.Or(a.Rewrite, def.Rewrite),
		Advice: cmp.Or(a.Advice, def.Advice), Message: cmp.Or(a.Message, def.Message), Tag: cmp.Or(a.Tag, def.Tag),
	}
}

// phraseEntry is a phrase written either as a plain string or as a map
// with its own overrides.
type phraseEntry struct {
	Phrase      string `yaml:"phrase"`
	phraseAttrs `yaml:",inline"`
	line        int
}

// UnmarshalYAML accepts a scalar (the phrase) or a mapping.
func (p *phraseEntry) UnmarshalYAML(n *yaml.Node) error {
	p.line = n.Line
	if n.Kind == yaml.ScalarNode {
		p.Phrase = n.Value
		return nil
	}
	if err := checkKeys(n, "phrase", "emotion", "weight", "hostile", "negatable", "scope", "topic", "suggestion", "rewrite", "advice", "message", "tag"); err != nil {
		return err
	}
	type plain phraseEntry
	var v plain
	if err := n.Decode(&v); err != nil {
		return err
	}
	v.line = n.Line
	*p = phraseEntry(v)
	return nil
}

// checkKeys makes a misspelt key in a mapping an error with its line, as
// the file-level decoder does, rather than a silently ignored setting.
func checkKeys(n *yaml.Node, known ...string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(known, k.Value) {
			return fmt.Errorf("line %d: unknown key %q (want one of %s)", k.Line, k.Value, strings.Join(known, ", "))
		}
	}
	return nil
}

// classSpec is a word class in words.yml: a plain list adds words; a map
// with add/remove edits the class from an overlay.
type classSpec struct {
	Add    []string
	Remove []string
}

// UnmarshalYAML accepts a sequence or {add: [...], remove: [...]}.
func (c *classSpec) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.SequenceNode {
		return n.Decode(&c.Add)
	}
	var v struct {
		Add    []string `yaml:"add"`
		Remove []string `yaml:"remove"`
	}
	if err := checkKeys(n, "add", "remove"); err != nil {
		return err
	}
	if err := n.Decode(&v); err != nil {
		return err
	}
	c.Add, c.Remove = v.Add, v.Remove
	return nil
}

type wordsFileT struct {
	Contractions map[string]string     `yaml:"contractions"`
	Classes      map[string]*classSpec `yaml:"classes"`
	BaseForms    map[string]string     `yaml:"base_forms"`
}

// phrase is a compiled phrase with everything a match of it means.
type phrase struct {
	list       string
	rule       string
	emotion    int // index into emotionLabels, -1 for none
	weight     float64
	hostile    bool
	negatable  bool
	scope      scope
	topic      string
	suggestion string
	hasSugg    bool
	rewrite    string
	hasRewrite bool
	message    string
	advice     string // a suggestion in words, when there is no drop-in replacement
	tag        string
	source     string // file:line, for explanations and errors
}

type scope uint8

const (
	scopeMatch scope = iota
	scopeClause
	scopeSentence
)

// emotionLabels are the emotions steady reads, in a fixed order.
var emotionLabels = [...]string{"anger", "hurt", "longing", "loneliness", "anxiety", "desperation"}

func emotionIndex(s string) int {
	for i, l := range emotionLabels {
		if l == s {
			return i
		}
	}
	return -1
}

// config is everything loaded from the data files, before compilation of
// the rules that use it.
type config struct {
	rules    map[string]*ruleSpec
	settings settings
	lx       *lexicon
	phrases  []phrase
}

// DataError is a problem in a rules data file, naming the file and line.
type DataError struct {
	File string
	Line int
	Err  error
}

func (e *DataError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("rules %s line %d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("rules %s: %v", e.File, e.Err)
}

func (e *DataError) Unwrap() error { return e.Err }

// dataError turns a YAML error into a DataError with the line it names.
func dataError(file string, err error) error {
	var de *DataError
	if errors.As(err, &de) {
		if de.File == "" {
			de.File = file
		}
		return de
	}
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if line, text, ok := yamlLine(msg); ok {
		return &DataError{File: file, Line: line, Err: errors.New(text)}
	}
	return &DataError{File: file, Err: errors.New(msg)}
}

// yamlLine splits "line N: text", as yaml.v3 words its errors. (Not a
// regexp: a package-level one is compiled at every start of the command.)
func yamlLine(msg string) (int, string, bool) {
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, "", false
	}
	num, text, ok := strings.Cut(rest, ": ")
	if !ok {
		return 0, "", false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 {
		return 0, "", false
	}
	return n, text, true
}

func decodeFile(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err != nil && err.Error() == "EOF" {
		return nil // an empty file
	}
	return err
}

// loadConfig reads the data files of every layer, in order.
func loadConfig(layers []fs.FS) (*config, error) {
	cfg := &config{rules: map[string]*ruleSpec{}, lx: newLexicon()}
	type listLayer struct {
		name string
		file string
		lf   listGroup
	}
	var lists []listLayer
	for li, fsys := range layers {
		base := fmt.Sprintf("layer %d", li)
		if li == 0 {
			base = "(embedded)"
		}
		// words.yml first: phrases and settings refer to its classes.
		if data, err := fs.ReadFile(fsys, wordsFile); err == nil {
			var wf wordsFileT
			if err := decodeFile(data, &wf); err != nil {
				return nil, dataError(displayName(fsys, base, wordsFile), err)
			}
			if err := cfg.addWords(&wf); err != nil {
				return nil, &DataError{File: displayName(fsys, base, wordsFile), Err: err}
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, &DataError{File: displayName(fsys, base, wordsFile), Err: err}
		}
		if data, err := fs.ReadFile(fsys, catalogFile); err == nil {
			if err := cfg.addCatalog(data); err != nil {
				return nil, dataError(displayName(fsys, base, catalogFile), err)
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, &DataError{File: displayName(fsys, base, catalogFile), Err: err}
		}
		names, err := fs.Glob(fsys, listsDir+"/*.yml")
		if err != nil {
			return nil, &DataError{File: displayName(fsys, base, listsDir), Err: err}
		}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, &DataError{File: displayName(fsys, base, name), Err: err}
			}
			var lf listGroup
			if err := decodeFile(data, &lf); err != nil {
				return nil, dataError(displayName(fsys, base, name), err)
			}
			lists = append(lists, listLayer{name: strings.TrimSuffix(path.Base(name), ".yml"), file: displayName(fsys, base, name), lf: lf})
		}
	}
	if len(cfg.rules) == 0 {
		return nil, &DataError{File: catalogFile, Err: errors.New("no rules defined")}
	}
	// Merge the layers of each list: phrases add up, "remove" takes away.
	type merged struct {
		groups  []fileGroup
		removed map[string]bool
	}
	byName := map[string]*merged{}
	var order []string
	for _, l := range lists {
		m := byName[l.name]
		if m == nil {
			m = &merged{removed: map[string]bool{}}
			byName[l.name] = m
			order = append(order, l.name)
		}
		for _, r := range collectRemoves(&l.lf) {
			vs, err := expandPattern(r.Phrase, 256)
			if err != nil {
				return nil, &DataError{File: l.file, Line: r.line, Err: err}
			}
			for _, v := range vs {
				m.removed[normalizePattern(v)] = true
			}
		}
		m.groups = append(m.groups, fileGroup{file: l.file, g: l.lf})
	}
	sort.Strings(order)
	tz := &tokenizer{lx: cfg.lx}
	for _, name := range order {
		m := byName[name]
		for _, fg := range m.groups {
			if err := cfg.compileGroup(tz, name, fg.file, &fg.g, phraseAttrs{}, "", m.removed); err != nil {
				return nil, err
			}
		}
	}
	cfg.lx.freeze()
	return cfg, nil
}

type fileGroup struct {
	file string
	g    listGroup
}

func displayName(fsys fs.FS, base, name string) string {
	if s, ok := fsys.(fmt.Stringer); ok {
		return path.Join(s.String(), name)
	}
	if base == "(embedded)" {
		return "analyze/rules/" + name
	}
	return name
}

func collectRemoves(g *listGroup) []phraseEntry {
	var out []phraseEntry
	out = append(out, g.Remove...)
	for i := range g.Groups {
		out = append(out, collectRemoves(&g.Groups[i])...)
	}
	return out
}

func normalizePattern(p string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(p, "’", "'"))), " ")
}

func (cfg *config) addWords(wf *wordsFileT) error {
	lx := cfg.lx
	tz := &tokenizer{lx: lx, learn: true}
	// In sorted order, so that word ids are the same in every run (and
	// the compiled snapshot, snapshot.go, can be compared with them).
	for _, from := range sortedKeys(wf.Contractions) {
		to := wf.Contractions[from]
		var ids []int32
		for _, w := range strings.Fields(strings.ToLower(to)) {
			ids = append(ids, lx.intern(w))
		}
		lx.addContraction(normalizePattern(from), ids)
	}
	for past, base := range wf.BaseForms {
		lx.baseForms[strings.ToLower(past)] = strings.ToLower(base)
	}
	for _, name := range sortedKeys(wf.Classes) {
		spec := wf.Classes[name]
		cls := lx.class(name)
		if cls < 0 {
			return fmt.Errorf("class %s: at most %d word classes are supported", name, maxClasses)
		}
		for _, w := range spec.Add {
			for _, t := range tz.tokenize(w) {
				if t.matchable() && t.id > 0 {
					lx.addToClass(cls, t.id)
				}
			}
		}
		for _, w := range spec.Remove {
			if id, ok := lx.words[normalizePattern(w)]; ok && id > 0 {
				lx.removeFromClass(cls, id)
			}
		}
	}
	return nil
}

func (cfg *config) addCatalog(data []byte) error {
	cf := catalogFileT{Settings: &cfg.settings}
	if err := decodeFile(data, &cf); err != nil {
		return err
	}
	for id, r := range cf.Rules {
		if r == nil {
			continue
		}
		cur := cfg.rules[id]
		if cur == nil {
			cur = &ruleSpec{Verdicts: map[string]Verdict{}}
			cfg.rules[id] = cur
		} else if r.Severity != "" {
			cur.pinned = true
		}
		if r.Enabled != nil {
			cur.Enabled = r.Enabled
		}
		if r.Severity != "" {
			if _, err := parseSeverity(r.Severity); err != nil {
				return fmt.Errorf("rule %s: %w", id, err)
			}
			cur.Severity = r.Severity
		}
		for sev, v := range r.Verdicts {
			if _, err := parseSeverity(sev); err != nil {
				return fmt.Errorf("rule %s verdicts: %w", id, err)
			}
			if v.Rank() == 0 && v != VerdictSend {
				return fmt.Errorf("rule %s verdicts: unknown verdict %q (want send, revise, wait or dont_send)", id, v)
			}
			cur.Verdicts[sev] = v
		}
		if r.Message != "" {
			cur.Message = r.Message
		}
		if r.Reason != "" {
			cur.Reason = r.Reason
		}
		if r.Suggestion != "" {
			cur.Suggestion = r.Suggestion
		}
		if r.Head != "" {
			cur.Head = r.Head
		}
		if r.Meanwhile != "" {
			cur.Meanwhile = r.Meanwhile
		}
		if r.Covers != nil {
			cur.Covers = r.Covers // checked against the catalogue by New
		}
		if r.HeadMessage != "" {
			cur.HeadMessage = r.HeadMessage
		}
		if r.HeadNeeds != "" {
			cur.HeadNeeds = r.HeadNeeds
		}
		if r.HeadPractical != 0 {
			cur.HeadPractical = r.HeadPractical
		}
	}
	return nil
}

// compileGroup compiles a list group (and its nested groups) into phrases,
// inheriting defaults from parent.
func (cfg *config) compileGroup(tz *tokenizer, list, file string, g *listGroup, def phraseAttrs, parentRule string, removed map[string]bool) error {
	def = g.phraseAttrs.over(def)
	rule := g.Rule
	if rule == "" {
		rule = parentRule
	}
	if rule != "" {
		if _, ok := cfg.rules[rule]; !ok {
			return &DataError{File: file, Err: fmt.Errorf("unknown rule %q", rule)}
		}
	}
	for _, pe := range g.Phrases {
		p, err := cfg.makePhrase(list, rule, file, pe.phraseAttrs.over(def), &pe)
		if err != nil {
			return &DataError{File: file, Line: pe.line, Err: err}
		}
		variants, err := expandPattern(pe.Phrase, 256)
		if err != nil {
			return &DataError{File: file, Line: pe.line, Err: err}
		}
		id := int32(len(cfg.phrases))
		cfg.phrases = append(cfg.phrases, p)
		vetoID := int32(-1)
		for _, v := range variants {
			if v == "" {
				continue
			}
			at := id
			if removed[normalizePattern(v)] {
				// A phrase a user removed still matches, as a veto: it
				// flags nothing, and keeps the rule's learned head off
				// its sentence too (the user said these words are fine).
				if vetoID < 0 {
					vetoID = int32(len(cfg.phrases))
					veto := p
					veto.tag = "veto"
					cfg.phrases = append(cfg.phrases, veto)
				}
				at = vetoID
			}
			elems, err := cfg.lx.compileVariant(tz, v)
			if err != nil {
				return &DataError{File: file, Line: pe.line, Err: err}
			}
			cfg.lx.insert(elems, at)
		}
	}
	for i := range g.Groups {
		if err := cfg.compileGroup(tz, list, file, &g.Groups[i], def, rule, removed); err != nil {
			return err
		}
	}
	return nil
}

func (cfg *config) makePhrase(list, rule, file string, at phraseAttrs, pe *phraseEntry) (phrase, error) {
	p := phrase{list: list, rule: rule, emotion: -1, negatable: true, source: fmt.Sprintf("%s:%d", file, pe.line)}
	if strings.TrimSpace(pe.Phrase) == "" {
		return p, errors.New("empty phrase")
	}
	if at.Emotion != "" {
		p.emotion = emotionIndex(at.Emotion)
		if p.emotion < 0 {
			return p, fmt.Errorf("unknown emotion %q (want one of %s)", at.Emotion, strings.Join(emotionLabels[:], ", "))
		}
	}
	if at.Weight != nil {
		p.weight = *at.Weight
	}
	if p.weight < 0 || p.weight > 1 {
		return p, fmt.Errorf("weight %v out of range 0..1", p.weight)
	}
	if at.Hostile != nil {
		p.hostile = *at.Hostile
	}
	if at.Negatable != nil {
		p.negatable = *at.Negatable
	}
	switch at.Scope {
	case "", "match":
		p.scope = scopeMatch
	case "clause":
		p.scope = scopeClause
	case "sentence":
		p.scope = scopeSentence
	default:
		return p, fmt.Errorf("unknown scope %q (want match, clause or sentence)", at.Scope)
	}
	if at.Suggestion != nil {
		p.suggestion, p.hasSugg = *at.Suggestion, true
	}
	if at.Rewrite != nil {
		p.rewrite, p.hasRewrite = *at.Rewrite, true
	}
	p.topic, p.message, p.advice, p.tag = at.Topic, at.Message, at.Advice, at.Tag
	return p, nil
}
