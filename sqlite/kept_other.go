//go:build !unix

package sqlite

import "os"

// flock is not available: kept values are not used (see Kept).
func flock(f *os.File, exclusive bool) error { return errNoLocks }
