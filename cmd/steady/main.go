// Command steady checks a message to an ex-partner or co-parent before it
// is sent: one verdict (send, revise, wait, don't send) with reasons and
// better wording. See README.md and docs/CLI.md.
//
// This package wires everything together and is the only place that reads
// flags, the environment and the clock.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // the zone database in the binary: time zones work on any machine

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"golang.org/x/term"
)

// Exit codes, documented in docs/CLI.md.
const (
	exitOK      = 0 // success; for check, the verdict is send
	exitVerdict = 1 // check/audit: a verdict other than send; other commands: a failure
	exitUsage   = 2 // bad usage or unreadable input
)

func main() {
	a := &app{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		now:    time.Now,
		isTerminal: func(w io.Writer) bool {
			f, ok := w.(*os.File)
			return ok && term.IsTerminal(int(f.Fd()))
		},
	}
	os.Exit(a.Main(context.Background(), os.Args[1:]))
}

// untilInterrupted is ctx, cancelled on Ctrl-C or SIGTERM, for the
// commands that have something to finish cleanly when stopped: serve
// shuts down; import and the other commands that change the store roll
// back, or finish what must not be left half-done, and close it. The
// others (check, audit, stats, eval) keep the default, which ends the
// process at once: they only read. Signal handling is not free at start
// (a goroutine, a thread, and a watcher per store query on a cancellable
// context), and a check is mostly its start.
func untilInterrupted(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

// app is one run of the command: its streams, environment and clock, so
// tests can drive Main without touching the process's own.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	isTerminal     func(io.Writer) bool
	// local is the machine's zone, named (localZone); nil until asked.
	local *time.Location
	// code is the exit code a command asks for when it succeeds
	// (check: 1 for any verdict but send).
	code int
}

// usageError is bad usage: exit 2, with a hint of what to try.
type usageError struct {
	msg  string
	hint string
}

func (e *usageError) Error() string { return e.msg }

func usagef(hint, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), hint: hint}
}

// Main runs the command line and returns the exit code.
func (a *app) Main(ctx context.Context, args []string) int {
	root := a.rootCmd(args)
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return a.code
	}
	fmt.Fprintf(a.stderr, "steady: %s\n", err)
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		if ue.hint != "" {
			fmt.Fprintf(a.stderr, "Try: %s\n", ue.hint)
		}
		return exitUsage
	case steady.ErrorCode(err) == steady.EInvalid || steady.ErrorCode(err) == steady.ENotFound:
		return exitUsage
	// cobra reports a mistyped command as a plain error: told by its text.
	case isFlagError(err), strings.HasPrefix(err.Error(), "unknown command "):
		fmt.Fprintln(a.stderr, "Try: steady help")
		return exitUsage
	}
	return exitVerdict
}

// isFlagError recognises cobra's own usage errors (unknown flag, missing
// argument), which it returns as plain errors.
func isFlagError(err error) bool {
	var fe *flagError
	return errors.As(err, &fe)
}

type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func (a *app) rootCmd(args []string) *cobra.Command {
	root := &cobra.Command{
		Use:   "steady",
		Short: "Check a message to your ex or co-parent before you send it",
		Long: `steady stands between your draft and the send button. It checks a message
to an ex-partner or co-parent against a coaching method (goal first, emotional
neutrality, concise, mirror their rhythm, logistics not emotions, "I" not
"you") and gives one verdict: send, revise, wait, or don't send.

Nothing leaves your machine.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &flagError{err} })
	commands := a.commands()
	// A run names its command first: build that one alone. Building all
	// twelve, with their flags and help, was about 2 ms of a check's 24,
	// and a check is mostly its start. Help, completion and unknown
	// commands need the whole tree.
	if len(args) > 0 {
		if build, ok := commands[args[0]]; ok {
			root.CompletionOptions.DisableDefaultCmd = true
			root.AddCommand(build())
			return root
		}
	}
	for _, name := range slices.Sorted(maps.Keys(commands)) {
		root.AddCommand(commands[name]())
	}
	return root
}

// commands are steady's commands by name, each built on demand.
func (a *app) commands() map[string]func() *cobra.Command {
	return map[string]func() *cobra.Command{
		"check":     a.checkCmd,
		"audit":     a.auditCmd,
		"triage":    a.triageCmd,
		"import":    a.importCmd,
		"stats":     a.statsCmd,
		"nocontact": a.nocontactCmd,
		"holds":     a.holdsCmd,
		"journal":   a.journalCmd,
		"profile":   a.profileCmd,
		"export":    a.exportCmd,
		"restore":   a.restoreCmd,
		"forget":    a.forgetCmd,
		"eval":      a.evalCmd,
		"serve":     a.serveCmd,
	}
}

// args wraps a cobra positional-argument check so its error is a usage error.
func usageArgs(check cobra.PositionalArgs, hint string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &usageError{msg: err.Error(), hint: hint}
		}
		return nil
	}
}
