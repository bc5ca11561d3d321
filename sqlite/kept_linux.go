package sqlite

import (
	"io/fs"
	"syscall"
)

// fileIdentity is what a file's metadata holds beyond its size and time of
// modification that changes when it is replaced or changed: its device
// and inode, and its change time.
func fileIdentity(fi fs.FileInfo) []int64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	return []int64{int64(st.Dev), int64(st.Ino), st.Ctim.Nano()}
}
