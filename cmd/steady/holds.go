package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/advice"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/say"
)

func (a *app) holdsCmd() *cobra.Command {
	var all bool
	cmd := a.storeCmd(&cobra.Command{
		Use:   "holds",
		Short: "Drafts on hold: re-check the ones that are due",
		Long: `List the drafts kept with check --hold. Those whose time has come are checked
again now, with the context they were held with, and the new verdict is shown.
Release one to send or rework it, or dismiss it.`,
		Example: `  steady holds
  steady holds release 3
  steady holds dismiss 4`,
		Args: usageArgs(cobra.NoArgs, "steady holds [release|dismiss ID]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		filter := steady.HoldFilter{Status: steady.HoldWaiting}
		if all {
			filter.Status = ""
		}
		holds, err := sv.holds.FindHolds(ctx, filter)
		if err != nil {
			return err
		}
		if len(holds) == 0 {
			fmt.Fprintln(a.stdout, "No drafts on hold.")
			return nil
		}
		var an *analyze.Analyzer // compiled only when a hold is due
		now := a.now()
		loc, err := a.zone(ctx, sv, "")
		if err != nil {
			return err
		}
		for _, h := range holds {
			fmt.Fprintf(a.stdout, "#%d  %s  %s\n", h.ID, h.Status, preview(h.Text, 60))
			if h.Status != steady.HoldWaiting {
				continue
			}
			if h.NotBefore.After(now) {
				fmt.Fprintf(a.stdout, "    waiting until %s — %s\n", say.Time(h.NotBefore.In(loc), now), h.Reason)
				continue
			}
			if an == nil {
				if an, err = analyze.New(); err != nil {
					return err
				}
			}
			res, err := a.recheck(ctx, an, sv, h)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "    due since %s; checked again now: %s — %s\n", say.Time(h.NotBefore.In(loc), now), strings.ToUpper(res.Headline.Word), res.Headline.Line)
			for _, r := range res.Reasons {
				if res.Verdict != analyze.VerdictSend {
					fmt.Fprintf(a.stdout, "      • %s\n", r)
				}
			}
			fmt.Fprintf(a.stdout, "    steady holds release %d (to send or rework it) or steady holds dismiss %d\n", h.ID, h.ID)
		}
		return nil
	})
	cmd.Flags().BoolVar(&all, "all", false, "also list released and dismissed holds")
	closeCmd := func(verb, short string, do func(context.Context, *services, int64) (*steady.Hold, error)) *cobra.Command {
		return a.storeCmd(&cobra.Command{
			Use:   verb + " ID",
			Short: short,
			Args:  usageArgs(cobra.ExactArgs(1), "steady holds "+verb+" ID"),
		}, func(ctx context.Context, sv *services, args []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil {
				return usagef("steady holds "+verb+" 3", "%q is not a hold number", args[0])
			}
			h, err := do(ctx, sv, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "Hold #%d %s.\n", h.ID, h.Status)
			if verb == "release" {
				fmt.Fprintln(a.stdout, h.Text)
			}
			return nil
		})
	}
	cmd.AddCommand(
		closeCmd("release", "Take a held draft back, to send or rework it", func(ctx context.Context, sv *services, id int64) (*steady.Hold, error) {
			return sv.holds.ReleaseHold(ctx, id)
		}),
		closeCmd("dismiss", "Let a held draft go", func(ctx context.Context, sv *services, id int64) (*steady.Hold, error) {
			return sv.holds.DismissHold(ctx, id)
		}),
	)
	return cmd
}

// recheck checks a held draft again now, with the context it was held
// with and the contact's history as it stands now.
func (a *app) recheck(ctx context.Context, an *analyze.Analyzer, sv *services, h *steady.Hold) (analyze.Result, error) {
	reply, noContact, dumped := h.Reply, h.NoContact, h.Dumped
	req := advice.Request{Text: h.Text, Goal: h.Goal, Reply: &reply, NoContact: &noContact, Dumped: &dumped}
	if h.ContactID != 0 {
		c, err := sv.contacts.FindContactByID(ctx, h.ContactID)
		if err != nil {
			return analyze.Result{}, err
		}
		req.Contact = c.Name
		req.Reply, req.NoContact = nil, nil // as the history stands now
	}
	// The mood is not carried over: it was how the user felt then, and
	// the cool-down it asked for has passed.
	checked, err := a.adviser(an, sv).Check(ctx, req)
	if err != nil {
		return analyze.Result{}, err
	}
	return checked.Result, nil
}

func preview(s string, n int) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
