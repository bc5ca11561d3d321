package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/internal/say"
)

func (a *app) restoreCmd() *cobra.Command {
	var asJSON bool
	cmd := a.storeCmd(&cobra.Command{
		Use:   "restore FILE | -",
		Short: "Bring back a backup written by steady export",
		Long: `Bring back everything a backup written by steady export (or the web app's
"Download my data") holds: settings, contacts, imported messages, no-contact
periods and slips, holds, journal and call plans.

Into an empty data folder everything comes back as it was, ids included:
exported again, it is the same document. Into one that holds data, the
backup is merged: what is here already (the same contact, message, period,
entry…) is kept once, the rest is added, and only the settings you have not
set are taken. A restore is all or nothing. A backup written by a newer
steady is refused: update steady first.`,
		Example: `  steady export -o steady-backup.json
  steady forget --all --yes
  steady restore steady-backup.json`,
		Args: usageArgs(cobra.ExactArgs(1), "steady restore FILE"),
	}, func(ctx context.Context, sv *services, args []string) error {
		name := args[0]
		var r io.Reader = a.stdin
		if name == "-" {
			name = "standard input"
		} else {
			f, err := os.Open(name)
			if err != nil {
				return steady.Errorf(steady.EInvalid, "restore: %w", err)
			}
			defer f.Close()
			r = f
		}
		e, err := steady.DecodeExport(r)
		if err != nil {
			return steady.Errorf(steady.ErrorCode(err), "restore %s: %w", name, err)
		}
		res, err := sv.data.RestoreAll(ctx, e)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.stdout, res, true)
		}
		fmt.Fprintln(a.stdout, say.Restored(res))
		return nil
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what was added and what was already here as JSON")
	return cmd
}
