package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady/internal/say"
	"github.com/steadyhq/steady/web"
)

func (a *app) exportCmd() *cobra.Command {
	var out string
	cmd := a.storeCmd(&cobra.Command{
		Use:   "export",
		Short: "All your data as one JSON document",
		Long: `Write everything steady keeps — profile, contacts, imported messages,
no-contact periods, holds, journal, call plans — as one JSON document, to
standard output or to a file (created readable by you only).`,
		Example: `  steady export -o steady-backup.json`,
		Args:    usageArgs(cobra.NoArgs, "steady export [-o FILE]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		doc, err := sv.data.ExportAll(ctx)
		if err != nil {
			return err
		}
		if out == "" || out == "-" {
			return writeJSON(a.stdout, doc, true)
		}
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		// A file that was there keeps its mode through O_TRUNC: make it
		// private like a new one, before anything is written to it.
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return fmt.Errorf("export: %w", err)
		}
		if err := writeJSON(f, doc, true); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(a.stderr, "Exported %s and %s to %s.\n", say.Count(len(doc.Contacts), "contact"), say.Count(len(doc.Messages), "message"), out)
		return nil
	})
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func (a *app) forgetCmd() *cobra.Command {
	var all, yes bool
	cmd := a.storeCmd(&cobra.Command{
		Use:   "forget CONTACT | --all",
		Short: "Delete a contact and everything about them, or everything",
		Long: `Delete a contact with their messages, imports, no-contact periods, holds,
journal entries and call plans; or, with --all, everything steady keeps.
It asks you to confirm on a terminal; elsewhere pass --yes.`,
		Example: `  steady forget Alex
  steady forget --all --yes`,
		Args: usageArgs(cobra.MaximumNArgs(1), "steady forget CONTACT | --all"),
	}, func(ctx context.Context, sv *services, args []string) error {
		if all == (len(args) == 1) {
			return usagef("steady forget CONTACT, or steady forget --all", "name one contact, or --all")
		}
		if all {
			if err := a.confirm(yes, "Delete everything steady keeps", "everything"); err != nil {
				return err
			}
			if err := sv.data.ForgetAll(ctx); err != nil {
				return err
			}
			// An upload to steady serve that a crash broke off may have
			// left its file beside the database.
			if err := web.RemoveUploads(filepath.Dir(sv.db.Path)); err != nil {
				return err
			}
			fmt.Fprintln(a.stderr, "Everything is deleted.")
			return nil
		}
		c, err := a.contact(ctx, sv, args[0])
		if err != nil {
			return err
		}
		if err := a.confirm(yes, "Delete "+c.Name+" and everything about them", c.Name); err != nil {
			return err
		}
		if err := sv.contacts.DeleteContact(ctx, c.ID); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "%s and everything about them is deleted.\n", c.Name)
		return nil
	})
	cmd.Flags().BoolVar(&all, "all", false, "delete everything")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

// confirm asks the user to type word to go on; without a terminal it
// requires --yes, so a script can never delete by accident.
func (a *app) confirm(yes bool, what, word string) error {
	if yes {
		return nil
	}
	if !a.isTerminal(a.stdout) {
		return usagef("steady forget … --yes", "%s: pass --yes to confirm (no terminal to ask on)", what)
	}
	fmt.Fprintf(a.stdout, "%s? This cannot be undone. Type %q to confirm: ", what, word)
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	if strings.TrimSpace(line) != word {
		return usagef("", "not confirmed; nothing was deleted")
	}
	return nil
}
