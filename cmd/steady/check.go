package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
)

// checkFlags are the flags check and audit share: the context of a draft.
type checkFlags struct {
	goal      string
	reply     bool
	mood      string
	at        string
	noContact bool
	dumped    bool
	rulesDir  string
	json      bool
}

func (f *checkFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.goal, "goal", "", "what you want from it: logistics, kids, belongings, money, closure, relationship, or none")
	fs.BoolVar(&f.reply, "reply", false, "you are replying to their message (default: you start the contact)")
	fs.StringVar(&f.mood, "mood", "", "how you feel right now: calm, angry, hurt, sad, lonely, anxious, nostalgic")
	fs.StringVar(&f.at, "at", "", "when you would send it, RFC3339 (default: now, in the local time zone)")
	fs.BoolVar(&f.noContact, "no-contact", false, "you are keeping a no-contact period")
	fs.BoolVar(&f.dumped, "dumped", false, "they ended the relationship")
	fs.StringVar(&f.rulesDir, "rules", "", "a folder of rule files that add to or override the built-in ones (docs/RULES.md)")
	fs.BoolVar(&f.json, "json", false, "print JSON (schema in docs/JSON.md)")
}

// context builds the analyzer's context from the flags and the clock.
func (f *checkFlags) context(a *app) (analyze.Context, error) {
	goal, err := analyze.ParseGoal(f.goal)
	if err != nil {
		return analyze.Context{}, &usageError{msg: err.Error(), hint: "steady check --goal kids draft.txt"}
	}
	mood, err := analyze.ParseMood(f.mood)
	if err != nil {
		return analyze.Context{}, &usageError{msg: err.Error(), hint: "steady check --mood calm draft.txt"}
	}
	at := a.now()
	if f.at != "" {
		at, err = time.Parse(time.RFC3339, f.at)
		if err != nil {
			return analyze.Context{}, usagef("steady check --at 2026-11-25T21:30:00+01:00 draft.txt", "--at %q is not an RFC3339 time", f.at)
		}
	}
	return analyze.Context{Goal: goal, Reply: f.reply, Mood: mood, At: at, NoContact: f.noContact, Dumped: f.dumped}, nil
}

// analyzer compiles the built-in rules and the --rules folder, if any.
func (f *checkFlags) analyzer() (*analyze.Analyzer, error) {
	if f.rulesDir == "" {
		return analyze.New()
	}
	st, err := os.Stat(f.rulesDir)
	if err != nil {
		return nil, usagef("steady check --rules ./my-rules draft.txt", "--rules: %v", err)
	}
	if !st.IsDir() {
		return nil, usagef("steady check --rules ./my-rules draft.txt", "--rules %s is not a folder", f.rulesDir)
	}
	an, err := analyze.New(namedFS{os.DirFS(f.rulesDir), f.rulesDir})
	if err != nil {
		return nil, steady.Errorf(steady.EInvalid, "%w", err)
	}
	return an, nil
}

// namedFS is a folder that says its path, so rule file errors name it.
type namedFS struct {
	fs.FS
	name string
}

func (n namedFS) String() string { return n.name }

func (a *app) checkCmd() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [FILE | -]",
		Short: "Check a draft and get one verdict: send, revise, wait or don't send",
		Long: `Check a draft message (from FILE, or standard input with - or no argument)
against the method, and print the verdict first, then what to change and a
suggested rewrite.

Exit status: 0 when the verdict is send, 1 for revise, wait or don't send,
2 for bad usage or an unreadable or empty draft.`,
		Example: `  steady check --goal kids draft.txt
  echo "Can you pick Sam up at 5pm?" | steady check --reply
  steady check --mood angry --json draft.txt`,
		Args: usageArgs(cobra.MaximumNArgs(1), "steady check [FILE | -]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.context(a)
			if err != nil {
				return err
			}
			an, err := f.analyzer()
			if err != nil {
				return err
			}
			name, text, err := a.readDraft(args)
			if err != nil {
				return err
			}
			res, err := an.Check(text, c)
			if err != nil {
				return steady.Errorf(steady.EInvalid, "%s: %w", name, err)
			}
			if f.json {
				err = writeJSON(a.stdout, res, true)
			} else {
				err = a.renderer().check(a.stdout, text, &res)
			}
			if err != nil {
				return err
			}
			if res.Verdict != analyze.VerdictSend {
				a.code = exitVerdict
			}
			return nil
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// readDraft reads the draft from the file named in args, or standard input.
func (a *app) readDraft(args []string) (name, text string, err error) {
	name = "standard input"
	var r io.Reader = a.stdin
	if len(args) == 1 && args[0] != "-" {
		name = args[0]
		fh, err := os.Open(args[0])
		if err != nil {
			return name, "", steady.Errorf(steady.EInvalid, "read draft: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	data, err := io.ReadAll(io.LimitReader(r, analyze.MaxDraftBytes+1))
	if err != nil {
		return name, "", steady.Errorf(steady.EInvalid, "read %s: %w", name, err)
	}
	if len(data) > analyze.MaxDraftBytes {
		return name, "", steady.Errorf(steady.EInvalid, "%s: the draft is over %d MB; a message is never that long", name, analyze.MaxDraftBytes>>20)
	}
	return name, string(data), nil
}

func writeJSON(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		if errors.Is(err, io.ErrShortWrite) {
			return err
		}
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
