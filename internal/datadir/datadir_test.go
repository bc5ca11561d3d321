package datadir_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/internal/datadir"
)

func TestResolve(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		flag string
		env  map[string]string
		want string
	}{
		{"the flag wins over everything", "/data/flag",
			map[string]string{"STEADY_DATA_DIR": "/data/env", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/data/flag"},
		{"STEADY_DATA_DIR comes next", "",
			map[string]string{"STEADY_DATA_DIR": "/data/env", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/data/env"},
		{"then XDG_DATA_HOME with steady under it", "",
			map[string]string{"XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/xdg/steady"},
		{"then HOME's .local/share", "",
			map[string]string{"HOME": "/home/u"}, "/home/u/.local/share/steady"},
		{"a relative XDG_DATA_HOME is ignored, as the spec asks", "",
			map[string]string{"XDG_DATA_HOME": "rel/xdg", "HOME": "/home/u"}, "/home/u/.local/share/steady"},
		{"a relative flag is made absolute", "mydata",
			map[string]string{"HOME": "/home/u"}, filepath.Join(wd, "mydata")},
		{"a relative STEADY_DATA_DIR is made absolute", "",
			map[string]string{"STEADY_DATA_DIR": "envdata"}, filepath.Join(wd, "envdata")},
		{"a path is cleaned", "/data//x/../flag/",
			nil, "/data/flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := datadir.Resolve(tt.flag, func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.flag, got, tt.want)
			}
		})
	}

	t.Run("nothing set is an error that says what to set", func(t *testing.T) {
		_, err := datadir.Resolve("", func(string) string { return "" })
		if !errors.Is(err, datadir.ErrNoHome) {
			t.Fatalf("err = %v, want ErrNoHome", err)
		}
		if code := steady.ErrorCode(err); code != steady.EInvalid {
			t.Errorf("code = %q, want %q", code, steady.EInvalid)
		}
	})
}
