//go:build nosnapshot

package analyze

// embeddedConfig is nil without the snapshot: New compiles the data files.
// Build with -tags nosnapshot to regenerate snapshot.go (snapshot_test.go).
func embeddedConfig() *config { return nil }
