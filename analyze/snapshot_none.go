//go:build nosnapshot

package analyze

// embeddedConfig is nil without the snapshot: New compiles the data files.
// go generate builds the generator of snapshot.go this way (snapshot_gen.go).
func embeddedConfig() *config { return nil }
