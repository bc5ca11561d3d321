package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chatExport is a small WhatsApp Android export between the user (Sam) and
// their co-parent (Alex): Alex replies after about two hours with short
// messages, and wrote last at 18:00 on 20 Nov 2026.
const chatExport = `20/11/2026, 08:00 - Sam: Hi, can you take the kids on Saturday?
20/11/2026, 10:00 - Alex: Yes. What time?
20/11/2026, 10:05 - Sam: Around 9 would be great, I'll pack their bags the night before.
20/11/2026, 12:05 - Alex: ok
20/11/2026, 12:10 - Sam: Also the school trip form is due Friday, can you sign it?
20/11/2026, 14:10 - Alex: Signed, it's in Emma's bag
20/11/2026, 14:15 - Sam: Thank you!
20/11/2026, 16:00 - Sam: <Media omitted>
20/11/2026, 16:05 - Sam: Is she feeling better?
20/11/2026, 18:00 - Alex: Yes, much better
`

// testEnv is a data folder of its own plus a clock, for commands that keep
// state.
func testEnv(t *testing.T) (map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	export := filepath.Join(dir, "WhatsApp Chat with Alex.txt")
	if err := os.WriteFile(export, []byte(chatExport), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"STEADY_DATA_DIR": filepath.Join(dir, "data"), "HOME": dir}, export
}

func TestHistoryWorkflow(t *testing.T) {
	env, export := testEnv(t)
	mustRun := func(stdin string, args ...string) string {
		t.Helper()
		out, errOut, code := run(t, stdin, env, args...)
		if code != 0 {
			t.Fatalf("steady %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}

	t.Run("import reads the export and adds every message", func(t *testing.T) {
		out := mustRun("", "import", "--contact", "Alex", "--me", "Sam", "--tz", "Europe/London", "--json", export)
		var imp struct{ Read, Added, Duplicate int }
		if err := json.Unmarshal([]byte(out), &imp); err != nil {
			t.Fatal(err)
		}
		if imp.Read != 10 || imp.Added != 10 || imp.Duplicate != 0 {
			t.Errorf("import %+v, want 10 read, 10 added", imp)
		}
	})
	t.Run("re-importing the same export adds nothing", func(t *testing.T) {
		out := mustRun("", "import", "--contact", "Alex", "--me", "Sam", "--tz", "Europe/London", "--json", export)
		var imp struct{ Added, Duplicate int }
		if err := json.Unmarshal([]byte(out), &imp); err != nil {
			t.Fatal(err)
		}
		if imp.Added != 0 || imp.Duplicate != 10 {
			t.Errorf("re-import %+v, want 0 added, 10 duplicates", imp)
		}
	})
	t.Run("import without telling who is who lists the senders", func(t *testing.T) {
		_, errOut, code := run(t, "", env, "import", "--contact", "Jordan", export)
		if code != exitUsage || !strings.Contains(errOut, `"Sam"`) || !strings.Contains(errOut, `"Alex"`) {
			t.Errorf("exit %d, stderr %q: want 2 and the senders listed", code, errOut)
		}
	})
	t.Run("stats gives the documented keys with the right values", func(t *testing.T) {
		var st map[string]any
		if err := json.Unmarshal([]byte(mustRun("", "stats", "--json", "Alex")), &st); err != nil {
			t.Fatal(err)
		}
		get := func(path string) any {
			var v any = st
			for _, p := range strings.Split(path, ".") {
				v = v.(map[string]any)[p]
			}
			return v
		}
		// Bare media stays out: 5 messages of Sam's count, 4 of Alex's.
		if get("messages.mine") != 5.0 || get("messages.theirs") != 4.0 {
			t.Errorf("messages %v/%v, want 5 and 4", get("messages.mine"), get("messages.theirs"))
		}
		if d := get("their_reply_delay.median_s"); d != 7200.0 {
			t.Errorf("their median reply delay %v s, want 7200", d)
		}
		for _, k := range []string{"their_reply_delay.p90_s", "my_reply_delay.median_s", "their_words_per_turn.median", "my_words_per_turn.median", "initiation_share.mine"} {
			if get(k) == nil {
				t.Errorf("key %s missing", k)
			}
		}
	})
	// Ten minutes after Alex's last message at 18:00 London time.
	soon := "2026-11-20T18:10:00Z"
	t.Run("check --contact reads that they wrote last and that it is too soon", func(t *testing.T) {
		out, _, code := run(t, "Great, glad to hear.", env, "check", "--contact", "Alex", "--json", "--at", soon)
		if code != 1 {
			t.Fatalf("exit %d, want 1", code)
		}
		var res struct {
			Verdict   string
			NotBefore *time.Time `json:"not_before"`
			Findings  []struct{ Rule string }
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if res.Verdict != "wait" || res.NotBefore == nil {
			t.Fatalf("verdict %s, not_before %v; want wait", res.Verdict, res.NotBefore)
		}
		// Half their median delay (2 h) after their 18:00 message.
		if want := time.Date(2026, 11, 20, 19, 0, 0, 0, time.UTC); !res.NotBefore.Equal(want) {
			t.Errorf("not_before %v, want %v", res.NotBefore, want)
		}
		if !hasRule(res.Findings, "mirror.too_soon") {
			t.Errorf("findings %v lack mirror.too_soon", res.Findings)
		}
	})
	t.Run("check --hold keeps a wait verdict until its time", func(t *testing.T) {
		_, errOut, _ := run(t, "Great, glad to hear.", env, "check", "--contact", "Alex", "--hold", "--at", soon)
		if !strings.Contains(errOut, "Held as #1") {
			t.Fatalf("stderr %q: want the hold confirmed", errOut)
		}
		out := mustRun("", "holds")
		if !strings.Contains(out, "#1  waiting") {
			t.Errorf("holds:\n%s", out)
		}
	})
	t.Run("a no-contact period feeds every check for the contact", func(t *testing.T) {
		mustRun("", "nocontact", "start", "Alex", "--days", "30", "--at", "2026-11-21T09:00:00Z")
		out, _, _ := run(t, "Hey, how have you been?", env, "check", "--contact", "Alex", "--json", "--at", "2026-11-22T12:00:00Z", "--reply=false")
		if !strings.Contains(out, `"nocontact.active"`) {
			t.Errorf("check during the period lacks nocontact.active:\n%s", out)
		}
		if st := mustRun("", "nocontact", "status"); !strings.Contains(st, "Alex: no contact since") {
			t.Errorf("status: %s", st)
		}
	})
	t.Run("the journal keeps a draft", func(t *testing.T) {
		mustRun("I wish things were different.", "journal", "add", "--contact", "Alex")
		if out := mustRun("", "journal"); !strings.Contains(out, "I wish things were different.") {
			t.Errorf("journal:\n%s", out)
		}
	})
	t.Run("export holds everything and forget removes the contact", func(t *testing.T) {
		var doc struct {
			Contacts []struct{ Name string }
			Messages []json.RawMessage
			Journal  []json.RawMessage
		}
		if err := json.Unmarshal([]byte(mustRun("", "export")), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Contacts) != 1 || len(doc.Messages) != 10 || len(doc.Journal) != 1 {
			t.Errorf("export has %d contacts, %d messages, %d journal entries; want 1, 10, 1", len(doc.Contacts), len(doc.Messages), len(doc.Journal))
		}
		// Onto a file that was readable by all: it becomes private.
		out := filepath.Join(t.TempDir(), "export.json")
		if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		mustRun("", "export", "-o", out)
		if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("export -o onto an existing file: mode %v (err %v), want 0600", st.Mode().Perm(), err)
		}
		mustRun("", "forget", "Alex", "--yes")
		if err := json.Unmarshal([]byte(mustRun("", "export")), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Contacts) != 0 || len(doc.Messages) != 0 {
			t.Errorf("after forget: %d contacts, %d messages", len(doc.Contacts), len(doc.Messages))
		}
	})
	t.Run("a plain check creates no data folder", func(t *testing.T) {
		env2 := map[string]string{"STEADY_DATA_DIR": filepath.Join(t.TempDir(), "none")}
		if _, _, code := run(t, "Ok, 5pm.", env2, "check", "--reply"); code != 0 {
			t.Fatalf("exit %d", code)
		}
		if _, err := os.Stat(env2["STEADY_DATA_DIR"]); !os.IsNotExist(err) {
			t.Errorf("data folder created by a plain check: %v", err)
		}
	})
}

func hasRule(fs []struct{ Rule string }, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// TestCheckSeesEveryWrite checks a draft for a contact again and again,
// and checks that checking writes nothing and that a write in between (a
// no-contact period starting, then ending) is seen by the very next check.
func TestCheckSeesEveryWrite(t *testing.T) {
	env, export := testEnv(t)
	if _, errOut, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "Europe/London", export); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	db := filepath.Join(env["STEADY_DATA_DIR"], "steady.db")
	draft := "Hey, I was thinking about you. How have you been?"
	check := func() (string, bool) {
		t.Helper()
		out, errOut, code := run(t, draft, env, "check", "--contact", "Alex", "--reply=false", "--json", "--at", "2026-11-25T14:00:00Z")
		if code != 0 && code != 1 {
			t.Fatalf("check: exit %d: %s", code, errOut)
		}
		return out, strings.Contains(out, `"nocontact.active"`)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	first, nc := check()
	if nc {
		t.Fatal("no-contact flagged before any period")
	}
	if again, _ := check(); again != first {
		t.Errorf("the same check twice differs:\n--- first ---\n%s\n--- again ---\n%s", first, again)
	}
	if after, err := os.ReadFile(db); err != nil || !bytes.Equal(before, after) {
		t.Errorf("checking changed the database file (read: %v)", err)
	}
	if _, errOut, code := run(t, "", env, "nocontact", "start", "Alex", "--at", "2026-11-24T09:00:00Z"); code != 0 {
		t.Fatalf("nocontact start: exit %d: %s", code, errOut)
	}
	for i := range 2 {
		if _, nc := check(); !nc {
			t.Errorf("check %d after the period started does not flag it", i+1)
		}
	}
	if _, errOut, code := run(t, "", env, "nocontact", "end", "Alex", "--at", "2026-11-25T10:00:00Z"); code != 0 {
		t.Fatalf("nocontact end: exit %d: %s", code, errOut)
	}
	if again, nc := check(); nc || again != first {
		t.Errorf("after the period ended: flagged %v, same as first %v", nc, again == first)
	}
}

// TestCheckOnAStoreThatNeedsItsSchema checks a draft against a store whose
// schema must first be brought up to date (here: an empty file), which is
// a write: it must not wait for anything of the check's own.
func TestCheckOnAStoreThatNeedsItsSchema(t *testing.T) {
	env, _ := testEnv(t)
	if err := os.MkdirAll(env["STEADY_DATA_DIR"], 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(env["STEADY_DATA_DIR"], "steady.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, errOut, code := run(t, "Can you pick Sam up at 5?", env, "check", "--contact", "Alex")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the check took %v: its schema update waited", d)
	}
	if code != exitUsage || !strings.Contains(errOut, `no contact named "Alex"`) {
		t.Errorf("exit %d, stderr %q; want 2 and the contact not found", code, errOut)
	}
}

// TestTheMethodInContext checks the context rules through the CLI, as a
// person would run them (docs/RULES.md, precedence): no-contact holds for
// replies, who ended it holds in every mode, an insult is never "wait",
// and an old history makes a draft start contact again.
func TestTheMethodInContext(t *testing.T) {
	env, export := testEnv(t)
	if _, errOut, code := run(t, "", env, "import", "--contact", "Alex", "--me", "Sam", "--tz", "UTC", export); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	type result struct {
		Verdict  string
		Headline struct{ Word, Line string }
		Findings []struct {
			Rule    string
			Message string
		}
	}
	check := func(t *testing.T, draft string, args ...string) result {
		t.Helper()
		out, errOut, _ := run(t, draft, env, append([]string{"check", "--json"}, args...)...)
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("check %v: %v\n%s%s", args, err, out, errOut)
		}
		return r
	}
	cases := []struct {
		name, draft string
		args        []string
		want        string
	}{
		{"no-contact is not bypassed by replying", "Saw this and thought of you", []string{"--reply", "--no-contact"}, "dont_send"},
		{"when they ended it, a plea is not sent even as a reply", "Come back?", []string{"--goal", "relationship", "--dumped", "--reply"}, "dont_send"},
		{"an insult is don't send, not wait", "You ALWAYS forget, you are useless!!!", []string{"--reply"}, "dont_send"},
		{"necessary logistics pass a no-contact period", "Can you sign Sam's passport form by Friday the 12th?", []string{"--reply", "--no-contact", "--goal", "kids"}, "send"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := check(t, c.draft, c.args...); r.Verdict != c.want {
				t.Errorf("verdict %s, want %s: %+v", r.Verdict, c.want, r)
			}
		})
	}
	t.Run("the human output says the verdict in the words every surface uses", func(t *testing.T) {
		out, _, code := run(t, "You ALWAYS forget, you are useless!!!", env, "check", "--reply")
		if code != 1 || !strings.HasPrefix(out, "DON'T SEND — Keep it in your journal instead.") {
			t.Errorf("exit %d, output %q", code, out)
		}
	})
	t.Run("with a no-contact period running, the contact's old last message is not answered", func(t *testing.T) {
		if _, errOut, code := run(t, "", env, "nocontact", "start", "Alex", "--days", "30"); code != 0 {
			t.Fatalf("nocontact start: exit %d: %s", code, errOut)
		}
		defer run(t, "", env, "nocontact", "end", "Alex")
		for _, draft := range []string{"Saw this and thought of you", "Hey, how are you doing?", "Happy birthday, hope you're well"} {
			if r := check(t, draft, "--contact", "Alex"); r.Verdict != "dont_send" {
				t.Errorf("%q: verdict %s, want dont_send", draft, r.Verdict)
			}
		}
	})
	t.Run("years after the last message, a draft starts contact again", func(t *testing.T) {
		r := check(t, "Can you confirm Friday at 5pm for Sam's pickup?", "--contact", "Alex", "--goal", "kids", "--at", "2029-11-25T14:00:00Z")
		rules := map[string]string{}
		for _, f := range r.Findings {
			rules[f.Rule] = f.Message
		}
		if _, ok := rules["mirror.silence"]; !ok {
			t.Errorf("no mirror.silence note: %+v", r)
		}
		for _, stale := range []string{"mirror.initiation", "mirror.double_text", "mirror.too_soon"} {
			if m, ok := rules[stale]; ok {
				t.Errorf("%s compares with a history years old: %s", stale, m)
			}
		}
	})
}
