// Command chatgen writes a synthetic two-person WhatsApp Android export,
// for benchmarks:
//
//	go run ./internal/chatgen/cmd/chatgen -n 1000000 -o chat.txt
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/steadyhq/steady/internal/chatgen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "chatgen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chatgen", flag.ContinueOnError)
	n := fs.Int("n", 1000, "number of messages")
	out := fs.String("o", "-", "output file (- for standard output)")
	seed := fs.Uint64("seed", 1, "random seed")
	me := fs.String("me", "Sam Doe", "the exporting user's name")
	them := fs.String("them", "Alex Roe", "the contact's name")
	tz := fs.String("tz", "UTC", "zone of the wall-clock times (IANA name)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return err
	}
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := chatgen.Write(w, chatgen.Options{Messages: *n, Seed: *seed, Me: *me, Them: *them, Location: loc}); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		return f.Close()
	}
	return nil
}
