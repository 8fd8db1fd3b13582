//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

// sameOwner gives the file at path the owner and group of like when this
// process runs as root, so a restore done with sudo leaves a store the
// service's own user can still open. Otherwise it changes nothing.
func sameOwner(path string, like os.FileInfo) error {
	st, ok := like.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return nil
	}
	if err := os.Chown(path, int(st.Uid), int(st.Gid)); err != nil {
		return fmt.Errorf("keep the store's owner: %w", err)
	}
	return nil
}
