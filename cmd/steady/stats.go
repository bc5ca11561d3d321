package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
)

func (a *app) statsCmd() *cobra.Command {
	var (
		data   string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "stats CONTACT",
		Short: "Their rhythm and yours: reply times, lengths, who starts",
		Long: `Show what steady learned from the imported history with a contact: their
typical reply delay and message length beside yours, who starts the
conversations, double texts, and where the conversation stands now. The
statistics are taken over the recent window (the last 30 turns or 60 days,
whichever holds more), so old habits fade. --json prints them for programs.`,
		Example: `  steady stats Alex
  steady stats --json Alex | jq .their_reply_delay.median_s`,
		Args: usageArgs(cobra.ExactArgs(1), "steady stats CONTACT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.openStore(ctx, data)
			if err != nil {
				return err
			}
			defer db.Close()
			sv := newServices(db)
			c, err := a.contact(ctx, sv, args[0])
			if err != nil {
				return err
			}
			loc, err := a.zone(ctx, sv, "")
			if err != nil {
				return err
			}
			st, err := a.adviser(nil, sv).Stats(ctx, c.ID, loc)
			if steady.ErrorCode(err) == steady.ENotFound {
				return steady.Errorf(steady.ENotFound, "no messages with %s yet: import a chat first (steady import --contact %q FILE)", c.Name, c.Name)
			}
			if err != nil {
				return fmt.Errorf("stats %s: %w", c.Name, err)
			}
			if asJSON {
				return writeJSON(a.stdout, st, true)
			}
			fmt.Fprintf(a.stdout, "%s\n\n", c.Name)
			return st.WriteText(a.stdout, a.now().In(loc))
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "the data folder (default: $STEADY_DATA_DIR, else $XDG_DATA_HOME/steady)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the statistics as JSON")
	return cmd
}

// contact finds a contact by name or alias, with an error that says how to
// see the names steady knows.
func (a *app) contact(ctx context.Context, sv *services, name string) (*steady.Contact, error) {
	c, err := sv.contacts.FindContact(ctx, name)
	if steady.ErrorCode(err) == steady.ENotFound {
		all, lerr := sv.contacts.Contacts(ctx)
		if lerr != nil {
			return nil, lerr
		}
		if len(all) == 0 {
			return nil, steady.Errorf(steady.ENotFound, "no contact named %q: import a chat first (steady import --contact %q FILE)", name, name)
		}
		names := make([]string, len(all))
		for i, x := range all {
			names[i] = x.Name
		}
		return nil, steady.Errorf(steady.ENotFound, "no contact named %q (known: %s)", name, joinQuoted(names))
	}
	if err != nil {
		return nil, fmt.Errorf("contact %s: %w", name, err)
	}
	return c, nil
}

func joinQuoted(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", n)
	}
	return s
}
