package importer_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer"
	"github.com/steadyhq/steady/internal/sharedtest"
)

// TestEveryOfferedNameIsAccepted: an import without --contact lists the
// conversations of an export that holds several; each one-to-one
// conversation's label, saved name and number, as listed, is then taken
// as the contact, and every message of it is the user's or the contact's.
func TestEveryOfferedNameIsAccepted(t *testing.T) {
	parse := func(t *testing.T, file string) *importer.Chat {
		t.Helper()
		c, err := importer.ParseFile(context.Background(), file, importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	accepted := func(t *testing.T, files []string) {
		for _, file := range files {
			for _, th := range parse(t, file).Threads {
				if th.Group {
					continue
				}
				for _, offered := range []string{th.Label(), th.Name, th.Address} {
					if offered == "" {
						continue
					}
					t.Run(filepath.Base(file)+"/"+offered, func(t *testing.T) {
						c := parse(t, file)
						if err := importer.Assign(c, "", offered); err != nil {
							t.Fatalf("--contact %q, offered as %q: %v", offered, th.Label(), err)
						}
						for _, m := range c.Messages {
							if m.Side != steady.SideMe && m.Side != steady.SideThem {
								t.Errorf("%s %q from %q is %s, in a conversation of two", m.At.Format(time.RFC3339), m.Text, m.Sender, m.Side)
							}
						}
						if got := importer.ContactName(offered); got != th.Name && got != th.Address {
							t.Errorf("the contact would be kept as %q, neither the saved name %q nor the number %q", got, th.Name, th.Address)
						}
					})
				}
			}
		}
	}
	t.Run("exports of the repository", func(t *testing.T) {
		accepted(t, []string{td("sms_names.xml"), td("backup.xml"), td("one_sided.xml"), td("sms_utf16.xml"), td("telegram_full.json")})
	})
	t.Run("exports of the shared fixtures", func(t *testing.T) {
		sms := filepath.Join(sharedtest.Dir(t), "fixtures", "chats", "sms-backup-restore")
		var files []string
		for _, f := range []string{
			"sms-backup-restore-parser/minimal_sms.xml", "sms-backup-restore-parser/minimal_mms.xml",
			"sms-backup-restore-parser/mixed.xml", "sms-backup-restore-parser/edge_cases.xml",
			"sms-backup-reader-2/sample_small.xml", "sms-backup-reader-2/sample_mms.xml",
			"sms-backup-reader-2/corrupt_attachments.xml", "sms-backup-reader-2/sms_small.xml",
		} {
			files = append(files, filepath.Join(sms, f))
		}
		accepted(t, files)
	})
	t.Run("a group's label says steady does not learn from groups", func(t *testing.T) {
		c := parse(t, td("sms_names.xml"))
		var label string
		for _, th := range c.Threads {
			if th.Group {
				label = th.Label()
			}
		}
		if label != "Robin, Kim <+15550001111~+15550002222> [group]" {
			t.Fatalf("the group is offered as %q", label)
		}
		err := importer.Assign(c, "", label)
		if steady.ErrorCode(err) != steady.EInvalid || !strings.Contains(err.Error(), "is a group conversation") {
			t.Fatalf("error %v, want EInvalid saying it is a group", err)
		}
	})
	t.Run("the issue's case: a received MMS whose From is another number", func(t *testing.T) {
		c := parse(t, td("sms_names.xml"))
		if err := importer.Assign(c, "", "Alice Smith"); err != nil {
			t.Fatal(err)
		}
		if got := sides(c); got != "ttm" {
			t.Errorf("sides %s, want ttm (the MMS is Alice's)", got)
		}
	})
}
