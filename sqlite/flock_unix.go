//go:build unix

package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// flock takes f's whole-file lock: exclusive or shared, waiting for it
// or not. errLockBusy: another process holds a conflicting lock.
func flock(f *os.File, exclusive, wait bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return errLockBusy
		}
		return err
	}
}
