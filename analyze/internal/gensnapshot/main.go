//go:build nosnapshot

// Command gensnapshot writes analyze/snapshot.go, the embedded rules
// compiled to Go, so that starting steady compiles no data file. It is
// built without the snapshot it replaces (-tags nosnapshot), so a stale
// or broken snapshot.go never stands in its way. Run it with
//
//	go generate ./analyze
package main

import (
	"fmt"
	"os"

	"github.com/steadyhq/steady/analyze"
)

func main() {
	src, err := analyze.SnapshotSource()
	if err == nil {
		err = os.WriteFile("snapshot.go", src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensnapshot:", err)
		os.Exit(1)
	}
}
