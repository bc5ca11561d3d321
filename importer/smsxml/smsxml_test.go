package smsxml_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer/internal/parse"
	"github.com/steadyhq/steady/importer/smsxml"
)

// parseSMS is the format's Parse.
func parseSMS(r io.Reader, name string) (*parse.Export, error) {
	return smsxml.Format{}.Parse(r, parse.Input{Name: name})
}

func parseFile(t *testing.T, name string) (*parse.Export, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return parseSMS(f, name)
}

func TestParseSurrogatesAndNulls(t *testing.T) {
	b, err := parseFile(t, "surrogates.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Messages) != 4 {
		t.Fatalf("%d messages, want 4", len(b.Messages))
	}
	for _, tc := range []struct {
		name   string
		i      int
		sender string
		text   string
	}{
		{"a decimal surrogate pair becomes the emoji", 0, "+44 7700 900123", "Yup 👌"},
		{"a hex surrogate pair becomes the emoji and &#10; a line break", 1, "Me", "hex pair 🌍 and text \non two lines"},
		{"a lone surrogate becomes U+FFFD and data= inside a value is text", 2, "07700 900123", "single quotes, a lone \uFFFD and data=\"not media\""},
		{"the string null is an empty value", 3, "(no address)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := b.Messages[tc.i]
			if m.Sender != tc.sender || m.Text != tc.text {
				t.Errorf("got %q %q, want %q %q", m.Sender, m.Text, tc.sender, tc.text)
			}
		})
	}
	t.Run("one number written two ways is one thread", func(t *testing.T) {
		if b.ThreadOf[0] != b.ThreadOf[1] || b.Threads[b.ThreadOf[0]].Name != "Alex" {
			t.Errorf("threads %v %+v", b.ThreadOf, b.Threads)
		}
	})
}

func TestParseTypes(t *testing.T) {
	b, err := parseFile(t, "types.xml")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the owner is Me", func(t *testing.T) {
		if b.Owner != "Me" {
			t.Errorf("owner %q, want Me", b.Owner)
		}
	})
	t.Run("drafts, outbox, failed and queued messages are skipped", func(t *testing.T) {
		if len(b.Messages) != 3 || b.Skipped != 5 {
			t.Fatalf("%d messages, %d skipped; want 3 and 5", len(b.Messages), b.Skipped)
		}
	})
	t.Run("an MMS to a group is sent by Me in a group thread, SMIL skipped", func(t *testing.T) {
		m := b.Messages[2]
		if m.Sender != "Me" || m.Text != "to the group" || m.Kind != steady.KindText {
			t.Errorf("got %+v", m)
		}
		if !b.Threads[b.ThreadOf[2]].Group {
			t.Errorf("thread %+v is not a group", b.Threads[b.ThreadOf[2]])
		}
	})
	t.Run("a date in seconds is read as seconds", func(t *testing.T) {
		if got := b.Messages[2].At.Unix(); got != 1709283670 {
			t.Errorf("instant %d, want 1709283670", got)
		}
	})
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, path, contains string
		line                       int
	}{
		{"a truncated backup names the element and line", "truncated.xml", "<smses><mms><parts>", "truncated", 6},
		{"a call log is refused with advice", "calls.xml", "<calls>", "call log", 2},
		{"an encoding other than UTF-8 is refused", "latin1.xml", "", "ISO-8859-1", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFile(t, tc.file)
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want *parse.Error", err)
			}
			if !strings.HasPrefix(pe.Path, tc.path) || !strings.Contains(err.Error(), tc.contains) || pe.Line != tc.line {
				t.Errorf("error %q (line %d, path %q), want line %d, path %q…, %q", err, pe.Line, pe.Path, tc.line, tc.path, tc.contains)
			}
		})
	}
}

// repeat yields n copies of one byte without holding them.
type repeat struct {
	n int64
	c byte
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), r.n)
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return int(k), nil
}

func TestParseLargeMediaInLittleMemory(t *testing.T) {
	const payload = 256 << 20 // one MMS part of 256 MiB of base64
	head := `<?xml version="1.0" encoding="UTF-8"?>
<smses count="2">
  <mms date="1709283660000" msg_box="1" address="+15550000001"><parts>
    <part ct="image/jpeg" name="big.jpg" text="null" data="`
	tail := `" />
    <part ct="text/plain" text="look &#55357;&#56396;" /></parts>
    <addrs><addr address="+15550000001" type="137" /></addrs></mms>
  <sms address="+15550000001" date="1709283700000" type="2" body="nice" />
</smses>
`
	r := io.MultiReader(strings.NewReader(head), &repeat{n: payload, c: 'A'}, strings.NewReader(tail))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err := parseSMS(r, "big.xml")
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the media payload is skipped, the caption and the next message read", func(t *testing.T) {
		if len(b.Messages) != 2 || b.Messages[0].Kind != steady.KindMedia || b.Messages[0].Text != "look 👌" || b.Messages[1].Text != "nice" {
			t.Fatalf("messages %+v", b.Messages)
		}
	})
	t.Run("a 256 MiB attribute costs a few MiB of allocation", func(t *testing.T) {
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Errorf("allocated %d MiB for a %d MiB payload", alloc>>20, payload>>20)
		}
	})
}

func TestParseLongTextAttributeIsRefused(t *testing.T) {
	in := `<smses><sms address="1" date="1709283700000" type="1" body="` + strings.Repeat("x", parse.MaxAttr+10) + `" /></smses>`
	_, err := parseSMS(strings.NewReader(in), "long.xml")
	t.Run("an attribute over the limit fails with a located error", func(t *testing.T) {
		var pe *parse.Error
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "longer than") {
			t.Fatalf("error %v", err)
		}
	})
}

// nested yields <smses> and then n levels of <a> (closed again when closed
// is set) without holding them.
func nested(n int, closed bool) io.Reader {
	parts := []io.Reader{strings.NewReader("<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"0\">"), &repeatString{s: "<a>", n: n}}
	if closed {
		parts = append(parts, &repeatString{s: "</a>", n: n}, strings.NewReader("</smses>\n"))
	}
	return io.MultiReader(parts...)
}

// repeatString yields n copies of s without holding them.
type repeatString struct {
	s   string
	n   int
	off int
}

func (r *repeatString) Read(p []byte) (int, error) {
	w := 0
	for w < len(p) && r.n > 0 {
		k := copy(p[w:], r.s[r.off:])
		w += k
		if r.off += k; r.off == len(r.s) {
			r.off, r.n = 0, r.n-1
		}
	}
	if w == 0 {
		return 0, io.EOF
	}
	return w, nil
}

// allocated runs f and returns how many bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestParseHostileShapes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       func() io.Reader
		contains string
	}{
		{"a million nested elements stop at the depth limit", func() io.Reader { return nested(1_000_000, true) }, "nested more than 64 deep"},
		{"a million unclosed elements stop at the depth limit", func() io.Reader { return nested(1_000_000, false) }, "nested more than 64 deep"},
		{"an element with a million attributes stops at the attribute limit", func() io.Reader {
			return io.MultiReader(strings.NewReader(`<smses><sms `), &repeatString{s: `a="1" `, n: 1_000_000}, strings.NewReader(`/></smses>`))
		}, "more than 256 attributes"},
		{"a tag of 16 MiB of attributes stops at the tag limit", func() io.Reader {
			return io.MultiReader(strings.NewReader(`<smses><sms `), &repeatString{s: `a="`, n: 1}, &repeat{n: 3 << 20, c: 'x'}, &repeatString{s: `" b="`, n: 1}, &repeat{n: 3 << 20, c: 'x'},
				&repeatString{s: `" c="`, n: 1}, &repeat{n: 3 << 20, c: 'x'}, strings.NewReader(`" /></smses>`))
		}, "tag longer than 8 MiB"},
		{"32 MiB of text between elements stops at the text limit", func() io.Reader {
			return io.MultiReader(strings.NewReader(`<smses>`), &repeat{n: 32 << 20, c: 'x'}, strings.NewReader(`</smses>`))
		}, "text between elements longer than 4 MiB"},
		{"a 32 MiB comment stops at the text limit", func() io.Reader {
			return io.MultiReader(strings.NewReader(`<smses><!--`), &repeat{n: 32 << 20, c: 'x'}, strings.NewReader(`--></smses>`))
		}, "comment, CDATA section or declaration longer than 4 MiB"},
		{"a 32 MiB element name stops at the name limit", func() io.Reader {
			return io.MultiReader(strings.NewReader(`<smses><`), &repeat{n: 32 << 20, c: 'x'}, strings.NewReader(`/></smses>`))
		}, "name longer than 256 bytes"},
	} {
		t.Run(tc.name+", in little memory, with a brief error", func(t *testing.T) {
			var err error
			alloc := allocated(func() { _, err = parseSMS(tc.in(), "hostile.xml") })
			t.Logf("allocated %.1f MiB", float64(alloc)/(1<<20))
			var pe *parse.Error
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.contains) {
				t.Fatalf("error %.300q, want a *parse.Error saying %q", err, tc.contains)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error of %d bytes: %.300q…", len(err.Error()), err)
			}
			if pe.Line == 0 || pe.Path == "" {
				t.Errorf("error %q does not say where", err)
			}
			if alloc > 48<<20 {
				t.Errorf("allocated %d MiB", alloc>>20)
			}
			t.Log(err)
		})
	}
}
