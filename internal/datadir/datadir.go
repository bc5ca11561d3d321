// Package datadir finds the folder steady keeps its data in. It reads no
// environment itself: the CLI hands it a getenv, so that tests (and any
// other caller) decide what the environment says.
package datadir

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/steadyhq/steady"
)

// EnvVar names the environment variable that points steady at another
// data folder.
const EnvVar = "STEADY_DATA_DIR"

// ErrNoHome is the cause of the EInvalid error Resolve returns when
// nothing says where the data folder is.
var ErrNoHome = errors.New("cannot find a data folder: set --data, " + EnvVar + ", XDG_DATA_HOME or HOME")

// Resolve returns the data folder, taking the first of: flag (the --data
// flag), $STEADY_DATA_DIR, $XDG_DATA_HOME/steady and
// $HOME/.local/share/steady, as the XDG Base Directory specification
// lays out. A relative XDG_DATA_HOME is ignored, as the specification
// asks; a relative flag or STEADY_DATA_DIR is made absolute against the
// working folder. It does not create the folder.
func Resolve(flag string, getenv func(string) string) (string, error) {
	if flag != "" {
		return abs(flag)
	}
	if dir := getenv(EnvVar); dir != "" {
		return abs(dir)
	}
	if dir := getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "steady"), nil
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "share", "steady"), nil
	}
	// The user can fix this one: give it the code that says so.
	return "", &steady.Error{Code: steady.EInvalid, Message: ErrNoHome.Error(), Err: ErrNoHome}
}

func abs(dir string) (string, error) {
	p, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("data folder %s: %w", dir, err)
	}
	return p, nil
}
