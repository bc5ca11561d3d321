package main

import (
	"strings"
	"testing"
)

// TestImportTakesTheNamesItOffers: an SMS backup imported without
// --contact lists its conversations; each is then accepted as it was
// offered — by its saved name (the case, where a received MMS
// named another number as its sender), its number, or its whole label —
// and the contact is kept under the saved name.
func TestImportTakesTheNamesItOffers(t *testing.T) {
	s := newTranscript(t)
	export := s.testdata("sms_names.xml")
	_, errOut, code := s.run("", "import", export)
	if code != exitUsage || !strings.Contains(errOut, "Alice Smith <+15551234567> (3 messages)") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	out := s.must("", "import", "--contact", "Alice Smith", export)
	if !strings.Contains(out, "3 messages read, 3 new") {
		t.Errorf("the conversation with Alice is not all imported:\n%s", out)
	}
	s.must("", "import", "--contact", "+15551234567", export)
	s.must("", "import", "--contact", "Alice Smith <+15551234567>", export)
	s.run("", "import", "--contact", "Robin, Kim <+15550001111~+15550002222> [group]", export)
	s.must("", "stats", "Alice Smith")
	s.golden("import_sms_names.txt")
}
