package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/imports"
	"github.com/steadyhq/steady/internal/say"
)

// storeCmd is the shape of the commands that only need the store: they
// share --data and open the store before they run.
func (a *app) storeCmd(cmd *cobra.Command, run func(ctx context.Context, sv *services, args []string) error) *cobra.Command {
	var data string
	cmd.Flags().StringVar(&data, "data", "", "the data folder (default: $STEADY_DATA_DIR, else $XDG_DATA_HOME/steady)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		// These commands change the store: stopped with Ctrl-C, they
		// roll back what is under way, or finish what must not be left
		// half-done (forget's scrubbing), and close the store.
		ctx, stop := untilInterrupted(cmd.Context())
		defer stop()
		db, err := a.openStore(ctx, data)
		if err != nil {
			return err
		}
		defer db.Close()
		return run(ctx, newServices(db), args)
	}
	return cmd
}

func (a *app) nocontactCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "nocontact",
		Short: "Keep a no-contact period: start, status, slip, end",
		Long: `Track a no-contact period with a contact. While it is active, every check for
that contact flags contact that is not necessary logistics (nocontact.active),
and imported messages you sent during it count as slips.`,
		Example: `  steady nocontact start Alex --days 30
  steady nocontact status
  steady nocontact slip Alex --note "texted on her birthday"
  steady nocontact end Alex`,
	}
	var days int
	var at, note string
	when := func() (time.Time, error) {
		if at == "" {
			return a.now(), nil
		}
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return t, usagef("--at 2026-11-25T21:30:00+01:00", "--at %q is not an RFC3339 time", at)
		}
		return t, nil
	}
	// contactAt finds the contact named and the time --at gives.
	contactAt := func(ctx context.Context, sv *services, name string) (*steady.Contact, time.Time, error) {
		c, err := a.contact(ctx, sv, name)
		if err != nil {
			return nil, time.Time{}, err
		}
		t, err := when()
		return c, t, err
	}
	start := a.storeCmd(&cobra.Command{
		Use:   "start CONTACT",
		Short: "Start a no-contact period",
		Args:  usageArgs(cobra.ExactArgs(1), "steady nocontact start CONTACT [--days N]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		c, err := a.contactOrCreate(ctx, sv, args[0])
		if err != nil {
			return err
		}
		t, err := when()
		if err != nil {
			return err
		}
		p := &steady.NoContactPeriod{ContactID: c.ID, Start: t, PlannedDays: days}
		if err := sv.noContact.StartNoContact(ctx, p); err != nil {
			return err
		}
		loc, err := a.zone(ctx, sv, "")
		if err != nil {
			return err
		}
		now := a.now()
		fmt.Fprintf(a.stderr, "No contact with %s from %s", c.Name, say.Time(p.Start.In(loc), now))
		if days > 0 {
			fmt.Fprintf(a.stderr, ", for %s (until %s)", say.Count(days, "day"), say.Day(p.Start.AddDate(0, 0, days).In(loc), now))
		}
		fmt.Fprintln(a.stderr, ".")
		if n := len(p.Slips); n == 1 {
			fmt.Fprintln(a.stderr, "1 message you already sent since then counts as a slip.")
		} else if n > 1 {
			fmt.Fprintf(a.stderr, "%s you already sent since then count as slips.\n", say.Count(n, "message"))
		}
		return nil
	})
	start.Flags().IntVar(&days, "days", 0, "how many days you mean to keep it (0: open-ended)")
	start.Flags().StringVar(&at, "at", "", "when it started, RFC3339 (default: now)")

	status := a.storeCmd(&cobra.Command{
		Use:   "status [CONTACT]",
		Short: "Show the current streak (every active period without a contact)",
		Args:  usageArgs(cobra.MaximumNArgs(1), "steady nocontact status [CONTACT]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		var contacts []*steady.Contact
		if len(args) == 1 {
			c, err := a.contact(ctx, sv, args[0])
			if err != nil {
				return err
			}
			contacts = []*steady.Contact{c}
		} else {
			all, err := sv.contacts.Contacts(ctx)
			if err != nil {
				return err
			}
			contacts = all
		}
		loc, err := a.zone(ctx, sv, "")
		if err != nil {
			return err
		}
		shown := 0
		for _, c := range contacts {
			p, err := sv.noContact.ActiveNoContact(ctx, c.ID)
			if steady.ErrorCode(err) == steady.ENotFound {
				if len(args) == 1 {
					fmt.Fprintf(a.stdout, "No active no-contact period with %s (start one: steady nocontact start %q).\n", c.Name, c.Name)
					shown++
				}
				continue
			}
			if err != nil {
				return err
			}
			writePeriod(a.stdout, c, p, a.now(), loc)
			shown++
		}
		if shown == 0 {
			fmt.Fprintln(a.stdout, "No active no-contact period.")
		}
		return nil
	})

	slip := a.storeCmd(&cobra.Command{
		Use:   "slip CONTACT",
		Short: "Record a slip: contact you made during the period",
		Args:  usageArgs(cobra.ExactArgs(1), "steady nocontact slip CONTACT [--note TEXT]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		c, t, err := contactAt(ctx, sv, args[0])
		if err != nil {
			return err
		}
		s := &steady.Slip{At: t, Note: note}
		if err := sv.noContact.AddSlip(ctx, c.ID, s); err != nil {
			return err
		}
		fmt.Fprintln(a.stderr, "Slip recorded. The streak starts again from now; one slip does not undo what you kept.")
		return nil
	})
	slip.Flags().StringVar(&note, "note", "", "what happened, for yourself")
	slip.Flags().StringVar(&at, "at", "", "when it happened, RFC3339 (default: now)")

	end := a.storeCmd(&cobra.Command{
		Use:   "end CONTACT",
		Short: "End the active period",
		Args:  usageArgs(cobra.ExactArgs(1), "steady nocontact end CONTACT"),
	}, func(ctx context.Context, sv *services, args []string) error {
		c, t, err := contactAt(ctx, sv, args[0])
		if err != nil {
			return err
		}
		p, err := sv.noContact.EndNoContact(ctx, c.ID, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "Ended the no-contact period with %s after %s; %s.\n", c.Name,
			say.Count(int(p.End.Sub(p.Start)/(24*time.Hour)), "day"), say.Count(len(p.Slips), "slip"))
		return nil
	})
	end.Flags().StringVar(&at, "at", "", "when it ended, RFC3339 (default: now)")

	root.AddCommand(start, status, slip, end)
	return root
}

// writePeriod writes an active period with the numbers the web app's
// No contact page shows (NoContactPeriod.Days), times in loc.
func writePeriod(w io.Writer, c *steady.Contact, p *steady.NoContactPeriod, now time.Time, loc *time.Location) {
	kept, left := p.Days(now)
	fmt.Fprintf(w, "%s: no contact since %s — %s kept", c.Name, say.Day(p.Start.In(loc), now), say.Count(kept, "day"))
	if p.PlannedDays > 0 {
		if left > 0 {
			fmt.Fprintf(w, ", %d of %d to go", left, p.PlannedDays)
		} else {
			done := "are"
			if p.PlannedDays == 1 {
				done = "is"
			}
			fmt.Fprintf(w, "; the %s you planned %s done", say.Count(p.PlannedDays, "day"), done)
		}
	}
	fmt.Fprintf(w, "; %s.\n", say.Count(len(p.Slips), "slip"))
	for _, s := range p.Slips {
		note := s.Note
		if note == "" && s.MessageID != 0 {
			note = "a message you sent (from an import)"
		}
		fmt.Fprintf(w, "  slip %s  %s\n", say.Time(s.At.In(loc), now), note)
	}
}

// contactOrCreate finds a contact or, for commands that may be the first
// thing a user does about someone, creates it.
func (a *app) contactOrCreate(ctx context.Context, sv *services, name string) (*steady.Contact, error) {
	return imports.FindOrCreateContact(ctx, sv.contacts, name)
}
