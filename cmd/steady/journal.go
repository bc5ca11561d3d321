package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/analyze"
	"github.com/steadyhq/steady/internal/say"
)

func (a *app) journalCmd() *cobra.Command {
	var contact string
	cmd := a.storeCmd(&cobra.Command{
		Use:   "journal",
		Short: "Your private journal of unsent messages",
		Long: `The drafts you kept instead of sending them (check --journal, or journal add).
Writing them is often what you needed; they stay on this machine.`,
		Example: `  steady journal
  steady journal add --contact Alex letter.txt
  steady journal delete 2`,
		Args: usageArgs(cobra.NoArgs, "steady journal [add FILE | delete ID]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		var id int64
		if contact != "" {
			c, err := a.contact(ctx, sv, contact)
			if err != nil {
				return err
			}
			id = c.ID
		}
		entries, err := sv.journal.JournalEntries(ctx, id)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			fmt.Fprintln(a.stdout, "Your journal is empty.")
			return nil
		}
		loc, err := a.zone(ctx, sv, "")
		if err != nil {
			return err
		}
		now := a.now()
		for _, e := range entries {
			fmt.Fprintf(a.stdout, "#%d  %s", e.ID, say.Time(e.CreatedAt.In(loc), now))
			if e.Verdict != "" {
				// As the web app's journal says it: "steady said: Don't send".
				fmt.Fprintf(a.stdout, "  (steady said: %s)", analyze.Verdict(e.Verdict).Word())
			}
			fmt.Fprintln(a.stdout)
			for _, l := range strings.Split(strings.TrimSpace(e.Text), "\n") {
				fmt.Fprintf(a.stdout, "    %s\n", l)
			}
		}
		return nil
	})
	cmd.Flags().StringVar(&contact, "contact", "", "only the entries about this contact")

	var addContact, note string
	add := a.storeCmd(&cobra.Command{
		Use:   "add [FILE | -]",
		Short: "Keep a draft in the journal (from FILE or standard input)",
		Args:  usageArgs(cobra.MaximumNArgs(1), "steady journal add [FILE | -]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		text, err := a.readDraft(args)
		if err != nil {
			return err
		}
		e := &steady.JournalEntry{Text: text, Note: note}
		if addContact != "" {
			c, err := a.contactOrCreate(ctx, sv, addContact)
			if err != nil {
				return err
			}
			e.ContactID = c.ID
		}
		if err := sv.journal.CreateJournalEntry(ctx, e); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "Kept in your journal as #%d.\n", e.ID)
		return nil
	})
	add.Flags().StringVar(&addContact, "contact", "", "who it was written to")
	add.Flags().StringVar(&note, "note", "", "a note for yourself")

	del := a.storeCmd(&cobra.Command{
		Use:   "delete ID",
		Short: "Delete a journal entry",
		Args:  usageArgs(cobra.ExactArgs(1), "steady journal delete ID"),
	}, func(ctx context.Context, sv *services, args []string) error {
		id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
		if err != nil {
			return usagef("steady journal delete 2", "%q is not an entry number", args[0])
		}
		if err := sv.journal.DeleteJournalEntry(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "Deleted #%d.\n", id)
		return nil
	})
	cmd.AddCommand(add, del)
	return cmd
}
