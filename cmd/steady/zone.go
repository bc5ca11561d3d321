package main

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// localZone is this machine's time zone under its IANA name when that can
// be told — $TZ, else the zone file /etc/localtime links to, else
// /etc/timezone — so that steady can name it ("Europe/Berlin") where Go
// would say "Local"; else time.Local, which say.Zone writes as its offset.
// Every command takes the machine's zone from here, and the web app too.
func (a *app) localZone() *time.Location {
	if a.local != nil {
		return a.local
	}
	a.local = time.Local
	if tz := strings.TrimPrefix(a.getenv("TZ"), ":"); tz != "" {
		// Go reads $TZ the same way: a name it cannot load means UTC.
		if loc, err := time.LoadLocation(tz); err == nil {
			a.local = loc
		} else {
			a.local = time.UTC
		}
		return a.local
	}
	if name := zoneFileName(); name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			a.local = loc
		}
	}
	return a.local
}

// zoneFileName is the IANA name of the system's zone: the path under
// zoneinfo/ that /etc/localtime links to, or what /etc/timezone says.
func zoneFileName() string {
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "/zoneinfo/"); ok {
			// zoneinfo/posix/… and zoneinfo/right/… hold the same zones.
			name = strings.TrimPrefix(strings.TrimPrefix(name, "posix/"), "right/")
			if name != "" && name != "localtime" {
				return name
			}
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		return strings.TrimSpace(string(b))
	}
	return ""
}
