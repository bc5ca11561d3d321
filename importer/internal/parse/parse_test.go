package parse_test

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
)

func wall(y int, m time.Month, d, h, mi int) int64 {
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC).Unix()
}

func TestWallClock(t *testing.T) {
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	for _, tc := range []struct {
		name  string
		zone  string
		walls []int64
		want  []string // UTC
	}{
		{"ordinary readings map one to one", "Europe/Berlin",
			[]int64{wall(2023, 7, 1, 12, 0), wall(2023, 12, 1, 12, 0)},
			[]string{"2023-07-01T10:00:00Z", "2023-12-01T11:00:00Z"}},
		{"New York's repeated hour keeps file order", "America/New_York",
			[]int64{wall(2023, 11, 5, 1, 30), wall(2023, 11, 5, 1, 10), wall(2023, 11, 5, 1, 40)},
			[]string{"2023-11-05T05:30:00Z", "2023-11-05T06:10:00Z", "2023-11-05T06:40:00Z"}},
		{"a repeated hour read forward stays in summer time", "America/New_York",
			[]int64{wall(2023, 11, 5, 1, 10), wall(2023, 11, 5, 1, 40)},
			[]string{"2023-11-05T05:10:00Z", "2023-11-05T05:40:00Z"}},
		{"Lord Howe's half-hour gap puts a reading at the jump", "Australia/Lord_Howe",
			[]int64{wall(2023, 10, 1, 1, 50), wall(2023, 10, 1, 2, 15), wall(2023, 10, 1, 2, 40)},
			[]string{"2023-09-30T15:20:00Z", "2023-09-30T15:30:00Z", "2023-09-30T15:40:00Z"}},
		{"a zone without DST takes the fast path throughout", "UTC",
			[]int64{wall(2023, 3, 26, 2, 30)},
			[]string{"2023-03-26T02:30:00Z"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := parse.NewWallClock(load(tc.zone))
			for i, w := range tc.walls {
				got := time.Unix(c.Instant(w), 0).UTC().Format(time.RFC3339)
				if got != tc.want[i] {
					t.Errorf("reading %d: %s, want %s", i, got, tc.want[i])
				}
			}
		})
	}
}

func TestMatcher(t *testing.T) {
	m, err := parse.NewMatcher("# comment\nmedia\t<Media omitted>\nmedia\t* (file attached)\nmedia\tlocation: *\nsystem\t* added * to the group.\ndeleted\tThis message was deleted\nedited\t<This message was edited>\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		text string
		kind steady.Kind
		ok   bool
	}{
		{"an exact placeholder matches whatever the ASCII case", "<media OMITTED>", steady.KindMedia, true},
		{"a suffix pattern matches a file name", "IMG-1.jpg (file attached)", steady.KindMedia, true},
		{"a prefix pattern matches a URL", "Location: https://maps.example/?q=1", steady.KindMedia, true},
		{"middle parts match in order", "Sam added Alex to the group.", steady.KindSystem, true},
		{"middle parts out of order do not match", "Sam to the group. added", 0, false},
		{"typed text does not match", "I deleted the photo", 0, false},
		{"a placeholder inside a longer text does not match", "This message was deleted, sorry", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kind, ok := m.MatchString(tc.text)
			if ok != tc.ok || kind != tc.kind {
				t.Errorf("Match(%q) = %s %v, want %s %v", tc.text, kind, ok, tc.kind, tc.ok)
			}
		})
	}
	t.Run("the edited suffix is stripped", func(t *testing.T) {
		got, ok := m.StripEdited([]byte("see you <This message was edited>"))
		if !ok || string(got) != "see you" {
			t.Errorf("got %q %v", got, ok)
		}
	})
	for _, bad := range []string{"media\n", "text\thello", "media\t*", "bogus\tx", "media\t" + strings.Repeat("x", 200)} {
		t.Run("a broken list line is refused: "+strings.ReplaceAll(bad[:min(len(bad), 12)], "\t", " "), func(t *testing.T) {
			if _, err := parse.NewMatcher(bad); err == nil {
				t.Errorf("NewMatcher(%q) accepted", bad)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"bidi marks and no-break spaces around a number are removed", "\u202a+40\u00a0521\u00a0028\u202c", "+40 521 028"},
		{"runs of spaces collapse", "  Alex \t Roe ", "Alex Roe"},
		{"a plain name is returned as it is", "Zoë", "Zoë"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parse.CleanName(tc.in); got != tc.want {
				t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestJSONLimit(t *testing.T) {
	j := parse.NewJSON(strings.NewReader(`{"messages": ["`+strings.Repeat("x", 500)+`"]}`), "big.json", 100)
	err := j.Delim("", '{')
	if err == nil {
		_, err = j.Key("")
		if err == nil {
			err = j.Skip("messages")
		}
	}
	t.Run("a JSON file over the limit fails naming the limit", func(t *testing.T) {
		if err == nil || !strings.Contains(err.Error(), "over") || !strings.Contains(err.Error(), "big.json") {
			t.Fatalf("error %v", err)
		}
	})
}

func TestReadAllLimit(t *testing.T) {
	_, err := parse.ReadAll(strings.NewReader(strings.Repeat("x", 101)), "big.txt", 100, 0)
	t.Run("a text over the limit fails", func(t *testing.T) {
		if err == nil || !strings.Contains(err.Error(), "big.txt") {
			t.Fatalf("error %v", err)
		}
	})
	s, err := parse.ReadAll(strings.NewReader(strings.Repeat("x", 100)), "ok.txt", 100, 100)
	t.Run("a text of exactly the limit is read", func(t *testing.T) {
		if err != nil || len(s) != 100 {
			t.Fatalf("%d bytes, error %v", len(s), err)
		}
	})
}
