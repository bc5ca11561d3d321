package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/internal/say"
)

func (a *app) profileCmd() *cobra.Command {
	var tz string
	var dumped, notDumped bool
	cmd := a.storeCmd(&cobra.Command{
		Use:   "profile",
		Short: "Your time zone and who ended it",
		Long: `Show or set what steady knows about you: your time zone (late-night advice
and wall-clock chat exports use it) and whether you were the one broken up with
(then steady flags you opening deep emotional contact).`,
		Example: `  steady profile
  steady profile --tz Europe/Berlin --dumped`,
		Args: usageArgs(cobra.NoArgs, "steady profile [--tz ZONE] [--dumped | --not-dumped]"),
	}, func(ctx context.Context, sv *services, args []string) error {
		if dumped && notDumped {
			return usagef("steady profile --dumped", "--dumped and --not-dumped contradict each other")
		}
		var upd steady.ProfileUpdate
		if tz != "" {
			if _, err := time.LoadLocation(tz); err != nil {
				return usagef("steady profile --tz Europe/Berlin", "unknown time zone %q (an IANA name such as Europe/Berlin or America/New_York)", tz)
			}
			upd.TimeZone = &tz
		}
		if dumped || notDumped {
			upd.Dumped = &dumped
		}
		p, err := sv.profiles.Profile(ctx)
		if upd.TimeZone != nil || upd.Dumped != nil {
			p, err = sv.profiles.UpdateProfile(ctx, upd)
		}
		if err != nil {
			return err
		}
		zone := p.TimeZone
		if zone == "" {
			zone = "this machine's (" + say.Zone(a.localZone(), a.now()) + ")"
		}
		fmt.Fprintf(a.stdout, "Time zone: %s\n", zone)
		switch {
		case !p.DumpedSet:
			fmt.Fprintln(a.stdout, "Who ended it: not said (steady profile --dumped or --not-dumped)")
		case p.Dumped:
			fmt.Fprintln(a.stdout, "Who ended it: they did")
		default:
			fmt.Fprintln(a.stdout, "Who ended it: not them")
		}
		return nil
	})
	cmd.Flags().StringVar(&tz, "tz", "", "your time zone, an IANA name such as Europe/Berlin")
	cmd.Flags().BoolVar(&dumped, "dumped", false, "they ended the relationship")
	cmd.Flags().BoolVar(&notDumped, "not-dumped", false, "they did not end it")
	return cmd
}
