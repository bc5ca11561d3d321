//go:build !linux

package sqlite

import "io/fs"

// fileIdentity: size and modification time only, here.
func fileIdentity(fi fs.FileInfo) []int64 { return nil }
