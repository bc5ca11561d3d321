//go:build unix

package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// flock takes f's whole-file lock: exclusive or shared, without waiting.
// errLockBusy: another holds a conflicting lock. errNoLocks: the file
// system has none (some network file systems): kept values are not used.
func flock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH | syscall.LOCK_NB
	if exclusive {
		how = syscall.LOCK_EX | syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLockBusy
		case errors.Is(err, syscall.ENOLCK), errors.Is(err, syscall.EOPNOTSUPP), errors.Is(err, syscall.ENOSYS), errors.Is(err, syscall.EINVAL):
			return errNoLocks
		}
		return err
	}
}
