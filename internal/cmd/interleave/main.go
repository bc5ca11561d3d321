// Command interleave times whole commands the way a person meets them:
// each run is a fresh process, and the commands take turns, one run each
// per round, so that a busy neighbour on a shared machine slows them all
// alike rather than whichever happened to run during it. It prints the
// quartiles of the wall time of each.
//
//	go run ./internal/cmd/interleave -n 200 'steady help' 'steady check draft.txt'
//
// A command is split on spaces; write '|' between its words instead when
// a word holds a space ("steady|check|--contact|Alex Roe|draft.txt").
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	rounds := flag.Int("n", 100, "rounds: runs of each command")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: interleave [-n ROUNDS] COMMAND...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || *rounds < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(os.Stdout, *rounds, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "interleave:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, rounds int, commands []string) error {
	argvs := make([][]string, len(commands))
	for i, c := range commands {
		if strings.Contains(c, "|") {
			argvs[i] = strings.Split(c, "|")
		} else {
			argvs[i] = strings.Fields(c)
		}
		if len(argvs[i]) == 0 {
			return fmt.Errorf("command %d is empty", i+1)
		}
	}
	times := make([][]time.Duration, len(commands))
	for range rounds {
		for i, argv := range argvs {
			d, err := timeOnce(argv)
			if err != nil {
				return fmt.Errorf("%s: %w", commands[i], err)
			}
			times[i] = append(times[i], d)
		}
	}
	for i, c := range commands {
		ts := times[i]
		slices.Sort(ts)
		q := func(p int) float64 { return float64(ts[(len(ts)-1)*p/100]) / 1e6 }
		fmt.Fprintf(w, "min %6.2f  p25 %6.2f  median %6.2f  p75 %6.2f ms  %s\n", q(0), q(25), q(50), q(75), c)
	}
	return nil
}

// timeOnce runs argv to its end, its output discarded, and returns the
// wall time from start to exit. A command that fails is an error: its
// time would be of something else; so is one that exits with a status
// other than 0 or 1.
func timeOnce(argv []string) (time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	// Exit status 1 is steady's answer for a verdict other than send.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return 0, fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return d, nil
}
