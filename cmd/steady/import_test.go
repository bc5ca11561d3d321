package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// importEnv writes an export named name into a fresh folder and returns
// the environment of a data folder beside it and the export's path.
func importEnv(t *testing.T, name, content string) (map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"STEADY_DATA_DIR": filepath.Join(dir, "data"), "HOME": dir}, p
}

func TestImportSummarySaysWhatItLeftOut(t *testing.T) {
	env, export := importEnv(t, "chat.txt", "18/03/2022, 14:56 - Sam: Can you take them on Saturday?\n"+
		"18/03/2022, 14:99 - Alex: this minute does not exist\n"+
		"18/03/2022, 15:02 - Alex: Yes\n"+
		"35/03/2022, 15:03 - Sam: nor does this day\n"+
		"18/03/2022, 15:04 - Sam: Thanks\n")
	out, errOut, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", export)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	t.Run("the summary names the lines that could not be read", func(t *testing.T) {
		if !strings.Contains(out, "3 messages read, 3 new") || !strings.Contains(out, "\n2 lines could not be read: lines 2, 4.\n") {
			t.Errorf("summary:\n%s", out)
		}
	})
	t.Run("the import record counts them as skipped", func(t *testing.T) {
		out, _, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", "--json", export)
		if code != 0 || !strings.Contains(out, `"skipped": 2`) {
			t.Errorf("exit %d, record:\n%s", code, out)
		}
	})
}

// oneSidedSMS is an SMS backup whose conversation with Alex holds only
// Alex's messages (and a draft), and whose other one only the user's.
const oneSidedSMS = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="5">
  <sms address="+44 7700 900123" date="1709283600000" type="1" body="Can you take them Saturday?" contact_name="Alex" />
  <sms address="+44 7700 900123" date="1709283700000" type="1" body="Hello?" contact_name="Alex" />
  <sms address="+44 7700 900123" date="1709283800000" type="3" body="a draft never sent" contact_name="Alex" />
  <sms address="+15550000001" date="1709283900000" type="2" body="Booking for Tuesday please" contact_name="Dentist" />
  <sms address="+15550000001" date="1709284000000" type="2" body="Or Wednesday" contact_name="Dentist" />
</smses>
`

func TestImportSMS(t *testing.T) {
	env, export := importEnv(t, "sms-20240301.xml", oneSidedSMS)
	t.Run("without --contact the conversations of the backup are listed", func(t *testing.T) {
		_, errOut, code := run(t, "", env, "import", export)
		if code != exitUsage || !strings.Contains(errOut, "--contact is required") ||
			!strings.Contains(errOut, "2 conversations: Alex <+44 7700 900123> (2 messages), Dentist <+15550000001> (2 messages)") {
			t.Errorf("exit %d, stderr:\n%s", code, errOut)
		}
		if _, err := os.Stat(env["STEADY_DATA_DIR"]); err == nil {
			t.Error("listing the conversations created the data folder")
		}
	})
	t.Run("a conversation with only the contact's messages imports without --me", func(t *testing.T) {
		out, errOut, code := run(t, "", env, "import", "--contact", "Alex", export)
		if code != 0 || !strings.Contains(out, "2 messages read, 2 new") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		for _, note := range []string{"1 draft, unsent or failed message left out (it belongs to no conversation).", "2 messages of 1 other conversation left out."} {
			if !strings.Contains(out, "\n"+note+"\n") {
				t.Errorf("summary does not say %q:\n%s", note, out)
			}
		}
	})
	t.Run("a conversation with only my messages imports too", func(t *testing.T) {
		out, errOut, code := run(t, "", env, "import", "--contact", "Dentist", export)
		if code != 0 || !strings.Contains(out, "2 messages read, 2 new") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
	})
}

func TestImportWithTheWrongFormat(t *testing.T) {
	env, export := importEnv(t, "chat.txt", "1/29/18, 11:58 PM - Alice: hi\n1/29/18, 23:59 PM - Carol: ho\n")
	_, errOut, code := run(t, "", env, "import", "--contact", "Carol", "--format", "telegram", export)
	t.Run("--format telegram on a WhatsApp .txt names the line and the format it looks like", func(t *testing.T) {
		want := "import chat.txt line 1: the file starts with a number, not a JSON object; it looks like a whatsapp export: leave out --format, or use --format whatsapp"
		if code != exitUsage || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
		}
	})
}
