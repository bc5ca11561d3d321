package main

import (
	"context"
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
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/say"
	"github.com/steadyhq/steady/sqlite"
)

// checkFlags are the flags check and audit share: the context of a draft.
type checkFlags struct {
	goal      string
	reply     bool
	mood      string
	at        string
	noContact bool
	dumped    bool
	contact   string
	data      string
	rulesDir  string
	json      bool
	fs        *pflag.FlagSet
}

func (f *checkFlags) register(fs *pflag.FlagSet) {
	f.fs = fs
	fs.StringVar(&f.goal, "goal", "", "what you want from it: logistics, kids, belongings, money, closure, relationship, or none")
	fs.BoolVar(&f.reply, "reply", false, "you are replying to their message (default: you start the contact; with --contact, from who wrote last)")
	fs.StringVar(&f.mood, "mood", "", "how you feel right now: calm, angry, hurt, sad, lonely, anxious, nostalgic")
	fs.StringVar(&f.at, "at", "", "when you would send it, RFC3339 (default: now, in your profile's time zone)")
	fs.BoolVar(&f.noContact, "no-contact", false, "you are keeping a no-contact period (with --contact: from steady nocontact)")
	fs.BoolVar(&f.dumped, "dumped", false, "they ended the relationship (default: from steady profile)")
	fs.StringVar(&f.contact, "contact", "", "the contact it is for: their rhythm and your no-contact period come from the imported history")
	fs.StringVar(&f.data, "data", "", "the data folder (default: $STEADY_DATA_DIR, else $XDG_DATA_HOME/steady)")
	fs.StringVar(&f.rulesDir, "rules", "", "a folder of rule files that add to or override the built-in ones (docs/RULES.md)")
	fs.BoolVar(&f.json, "json", false, "print JSON (schema in docs/JSON.md)")
}

// request builds the advice request from the flags: a flag the user did
// not give is left nil, for the store and profile to fill in.
func (f *checkFlags) request(text string) (advice.Request, error) {
	req := advice.Request{Text: text, Goal: f.goal, Mood: f.mood, Contact: f.contact}
	if _, err := analyze.ParseGoal(f.goal); err != nil {
		return req, &usageError{msg: err.Error(), hint: "steady check --goal kids draft.txt"}
	}
	if _, err := analyze.ParseMood(f.mood); err != nil {
		return req, &usageError{msg: err.Error(), hint: "steady check --mood calm draft.txt"}
	}
	if f.at != "" {
		at, err := time.Parse(time.RFC3339, f.at)
		if err != nil {
			return req, usagef("steady check --at 2026-11-25T21:30:00+01:00 draft.txt", "--at %q is not an RFC3339 time", f.at)
		}
		req.At = &at
	}
	if f.fs.Changed("reply") {
		req.Reply = &f.reply
	}
	if f.fs.Changed("no-contact") {
		req.NoContact = &f.noContact
	}
	if f.fs.Changed("dumped") {
		req.Dumped = &f.dumped
	}
	return req, nil
}

// services opens the store a check needs: always with --contact (or when
// keeping a hold or journal entry), otherwise only if one already exists,
// for the profile. It returns nil when there is none.
func (f *checkFlags) services(ctx context.Context, a *app, create bool) (*services, error) {
	var db *sqlite.DB
	var err error
	if create || f.contact != "" {
		db, err = a.openStore(ctx, f.data)
	} else {
		db, err = a.openExistingStore(ctx, f.data)
	}
	if err != nil || db == nil {
		return nil, err
	}
	return newServices(db), nil
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
	var hold, journal bool
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
			text, err := a.readDraft(args)
			if err != nil {
				return err
			}
			req, err := f.request(text)
			if err != nil {
				return err
			}
			// The rules, then the store: a broken --rules folder is
			// reported before anything is opened. (Side by side was
			// slower: a second core woken for a millisecond's work.)
			an, err := f.analyzer()
			if err != nil {
				return err
			}
			sv, err := f.services(cmd.Context(), a, hold || journal)
			if err != nil {
				return err
			}
			if sv != nil {
				defer sv.db.Close()
			}
			checked, err := a.adviser(an, sv).Check(cmd.Context(), req)
			if err != nil {
				return err
			}
			res := &checked.Result
			if f.json {
				err = writeJSON(a.stdout, res, true)
			} else {
				err = a.renderer().check(a.stdout, text, res)
			}
			if err != nil {
				return err
			}
			if hold {
				if err := a.keepHold(cmd.Context(), sv, text, checked); err != nil {
					return err
				}
			}
			if journal {
				if err := a.keepJournal(cmd.Context(), sv, text, checked); err != nil {
					return err
				}
			}
			if res.Verdict != analyze.VerdictSend {
				a.code = exitVerdict
			}
			return nil
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVar(&hold, "hold", false, "when the verdict is wait, keep the draft until its not-before time (steady holds)")
	cmd.Flags().BoolVar(&journal, "journal", false, "keep the draft in your private journal of unsent messages (steady journal)")
	return cmd
}

// keepHold saves a wait verdict's draft as a hold until its not_before.
// Other verdicts have nothing to hold; that is said, not an error.
func (a *app) keepHold(ctx context.Context, sv *services, text string, c *advice.Checked) error {
	res := &c.Result
	if res.Verdict != analyze.VerdictWait || res.NotBefore == nil {
		fmt.Fprintf(a.stderr, "Nothing to hold: steady says %q, not %q.\n", res.Verdict.Word(), analyze.VerdictWait.Word())
		return nil
	}
	h := &steady.Hold{
		Text: text, Goal: string(c.Context.Goal), Mood: string(c.Context.Mood), Reply: c.Context.Reply,
		NoContact: c.Context.NoContact, Dumped: c.Context.Dumped, NotBefore: *res.NotBefore,
	}
	if len(res.Reasons) > 0 {
		h.Reason = res.Reasons[0]
	}
	if c.Contact != nil {
		h.ContactID = c.Contact.ID
	}
	if err := sv.holds.CreateHold(ctx, h); err != nil {
		return fmt.Errorf("keep the hold: %w", err)
	}
	// The time as the verdict's own line writes it: in the zone of the
	// check (--at's, else the user's), which NotBefore is in.
	fmt.Fprintf(a.stderr, "Held as #%d until %s; steady holds re-checks it then.\n", h.ID, say.Time(*res.NotBefore, a.now()))
	return nil
}

// keepJournal saves the draft in the unsent journal.
func (a *app) keepJournal(ctx context.Context, sv *services, text string, c *advice.Checked) error {
	e := &steady.JournalEntry{Text: text, Verdict: string(c.Result.Verdict)}
	if c.Contact != nil {
		e.ContactID = c.Contact.ID
	}
	if err := sv.journal.CreateJournalEntry(ctx, e); err != nil {
		return fmt.Errorf("keep it in the journal: %w", err)
	}
	fmt.Fprintf(a.stderr, "Kept in your journal as #%d (steady journal).\n", e.ID)
	return nil
}

// readDraft reads the draft from the file named in args, or standard
// input, and rejects what cannot be checked (empty, invalid UTF-8, NUL).
func (a *app) readDraft(args []string) (string, error) {
	name := "standard input"
	var r io.Reader = a.stdin
	if len(args) == 1 && args[0] != "-" {
		name = args[0]
		fh, err := os.Open(args[0])
		if err != nil {
			return "", steady.Errorf(steady.EInvalid, "read draft: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	data, err := io.ReadAll(io.LimitReader(r, analyze.MaxDraftBytes+1))
	if err != nil {
		return "", steady.Errorf(steady.EInvalid, "read %s: %w", name, err)
	}
	if len(data) > analyze.MaxDraftBytes {
		return "", steady.Errorf(steady.EInvalid, "%s: the draft is over %d MB; a message is never that long", name, analyze.MaxDraftBytes>>20)
	}
	// Checked here, where the file's name is known, so the error names it.
	if err := analyze.ValidateDraft(string(data)); err != nil {
		return "", steady.Errorf(steady.EInvalid, "%s: %w", name, err)
	}
	return string(data), nil
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
