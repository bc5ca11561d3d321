package analyze

import (
	"io/fs"
	"reflect"
	"testing"

	"github.com/steadyhq/steady/analyze/rules"
)

// The snapshot (snapshot.go) is the embedded rules compiled at build time,
// as Go: it must be exactly what compiling the data files gives, or the
// rules a user edits would not be the rules steady runs. After a change to
// analyze/rules or to how rules compile, regenerate it:
//
//	go generate ./analyze
func TestSnapshotIsCurrent(t *testing.T) {
	compiled, err := loadConfig([]fs.FS{rules.FS})
	if err != nil {
		t.Fatal(err)
	}
	snap := embeddedConfig()
	if snap == nil {
		t.Skip("built with -tags nosnapshot: no snapshot to check")
	}
	if !reflect.DeepEqual(snap, compiled) {
		t.Fatal("snapshot.go is not what the rules compile to; run: go generate ./analyze")
	}
}
