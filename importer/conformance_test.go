package importer_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	steady "github.com/steadyhq/steady"
	"github.com/steadyhq/steady/importer"
	"github.com/steadyhq/steady/internal/sharedtest"
)

// The conformance test imports every fixture under
// ../shared/fixtures/chats/{whatsapp,telegram,messenger,sms-backup-restore}
// and checks it against expectations written down by reading each file
// (counted by hand or with grep on the file, never taken from the parser's
// output). Times are read in UTC where the format has only wall-clock
// times, so the expected instants are the file's wall-clock readings.

type textCheck struct {
	index  int // in the sorted messages; -1: anywhere
	sender string
	kind   steady.Kind
	text   string
}

type fixture struct {
	path    string // under fixtures/chats
	format  string
	count   int
	kinds   map[steady.Kind]int // kinds to count (others not checked)
	senders map[string]int      // all senders of non-system messages
	first   string              // RFC 3339 of the first instant
	last    string
	texts   []textCheck
	owner   string
}

func rfc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

var (
	media   = steady.KindMedia
	system  = steady.KindSystem
	deleted = steady.KindDeleted
	text    = steady.KindText
)

// The iPhone exports of whats_json: one chat exported in 16 languages. 23
// lines, all headers: 5 typed texts (Hello World ×2, a foursquare place, 😊,
// a reply), 15 media (image ×4, video ×2, audio, contact card, sticker ×2,
// document ×3, GIF, location), 2 deletions, 1 encryption notice.
func iosLanguage(file, elon, dmitry, first string) fixture {
	return fixture{
		path: "whatsapp/whats_json/languages/" + file, format: "whatsapp",
		count:   23,
		kinds:   map[steady.Kind]int{text: 5, media: 15, deleted: 2, system: 1},
		senders: map[string]int{dmitry: 21, elon: 1},
		first:   first, last: "2022-03-27T21:56:45Z",
		texts: []textCheck{{1, dmitry, text, "Hello World"}},
	}
}

var fixtures = []fixture{
	{
		path: "whatsapp/chat-analytics/2A_5M.txt", format: "whatsapp",
		count: 5, kinds: map[steady.Kind]int{media: 1},
		senders: map[string]int{"A": 3, "B": 2},
		first:   "2021-01-01T12:00:00Z", last: "2021-01-01T12:03:00Z",
		// the last line (12:02) goes before the media of 12:03
		texts: []textCheck{{2, "A", text, "All good"}, {3, "A", text, "This message should be reordered"}, {4, "B", media, ""}},
	},
	{
		// 12/9/20 cannot be told apart; all lines share the date, so the
		// file reads day-first (the documented default): 12 September.
		path: "whatsapp/chat-analytics/4A_11M.txt", format: "whatsapp",
		count: 14, kinds: map[steady.Kind]int{system: 3},
		senders: map[string]int{"Alice": 3, "Bob": 2, "Eve": 2, "Mallory": 2, "Trent": 2},
		first:   "2020-09-12T23:16:00Z", last: "2020-09-12T23:56:00Z",
		texts: []textCheck{{12, "Mallory", text, "im still mallory"}},
	},
	{
		path: "whatsapp/pustur-whatsapp-chat-parser/example-ios-2019-group-v1.txt", format: "whatsapp",
		count: 100, kinds: map[steady.Kind]int{system: 3},
		senders: map[string]int{"Loris": 51, "Emily": 36, "John": 10},
		first:   "2019-06-20T15:58:47Z", last: "2019-06-20T19:54:58Z",
		texts: []textCheck{{19, "Emily", text, "It was just a suggestion\nIf you want we can change place\nHave you ever been to <insert cool place here>?"}},
	},
	{
		// 4 system lines, 4 <attached: …> and a poll (media), the rest typed.
		path: "whatsapp/pustur-whatsapp-chat-parser/example-ios-2019-group-v2.txt", format: "whatsapp",
		count: 52, kinds: map[steady.Kind]int{system: 4, media: 5},
		senders: map[string]int{"Loris": 29, "John": 12, "Emily": 7},
		first:   "2019-06-20T15:58:47Z", last: "2019-06-20T16:45:28Z",
		texts: []textCheck{{15, "Loris", media, ""}, {51, "Loris", text, "Links:\n- https://github.com/Pustur/whatsapp-chat-parser\n- https://github.com/Pustur/whatsapp-chat-parser-website"}},
	},
	{
		// All five are "3/6/18, 1:55 p.m." (3 June by the day-first default).
		path: "whatsapp/pustur-whatsapp-chat-parser/attachment-variants.txt", format: "whatsapp",
		count: 5, kinds: map[steady.Kind]int{media: 4, text: 1},
		senders: map[string]int{"a": 5},
		first:   "2018-06-03T13:55:00Z", last: "2018-06-03T13:55:00Z",
		texts: []textCheck{{1, "a", text, "m"}, {4, "a", media, "Dir auch frohe Ostern."}},
	},
	{
		// 06/03, 08/05, 09/04: no field over 12; read day-first the dates
		// would go back (8 May → 9 April), month-first they do not.
		path: "whatsapp/pustur-whatsapp-chat-parser/index-test-chat.txt", format: "whatsapp",
		count: 5, kinds: map[steady.Kind]int{system: 2},
		senders: map[string]int{"Sample User": 1, "TestBot": 1, "+410123456789": 1},
		first:   "2017-06-03T00:45:00Z", last: "2017-09-04T01:50:00Z",
		texts: []textCheck{{4, "+410123456789", text, "How are you?\n\nIs everything alright?"}},
	},
	{
		path: "whatsapp/pustur-whatsapp-chat-parser/issue-237-day-first.txt", format: "whatsapp",
		count: 2, senders: map[string]int{"a": 2},
		first: "2020-12-30T13:00:00Z", last: "2021-01-13T13:00:00Z",
	},
	{
		// The encryption notice carries the group name as sender here; it
		// is a system line all the same.
		path: "whatsapp/whatstk/pokemon.txt", format: "whatsapp",
		count: 20, kinds: map[steady.Kind]int{system: 2},
		senders: map[string]int{"Ash Ketchum": 4, "Brock": 3, "Misty": 4, "Prof. Oak": 2, "Jessie & James": 1, "Raichu": 2, "Meowth": 1, "Wobbuffet": 1},
		first:   "2016-04-15T15:04:00Z", last: "2016-10-31T12:23:00Z",
	},
	{
		// 16 system lines (Android: no "name: "), 3 texts and a deletion.
		path: "whatsapp/whats_json/android/english_android_group.txt", format: "whatsapp",
		count: 20, kinds: map[steady.Kind]int{system: 16, deleted: 1, text: 3},
		senders: map[string]int{"Dmitry S": 4},
		first:   "2023-01-11T16:11:00Z", last: "2023-01-11T16:57:00Z",
	},
	{
		// 62 lines, one message of three lines: 60 messages. Media: 27
		// <Media omitted>, 2 "(file attached)", 2 locations, 2 "null"
		// (view once); 8 deletions; the encryption notice and 2 missed
		// calls are system lines. The first line (23/03) is out of order.
		path: "whatsapp/whats_json/languages/english_android.txt", format: "whatsapp",
		count: 60, kinds: map[steady.Kind]int{media: 33, deleted: 8, system: 3, text: 16},
		senders: map[string]int{"Dmitry S": 49, "Elon": 8},
		first:   "2022-03-18T14:56:00Z", last: "2023-01-07T23:32:00Z",
		texts: []textCheck{{0, "Dmitry S", text, "Hello"}},
	},
	{
		// Like english_android.txt but with media: 18 <Media omitted>, 11
		// "(file attached)", captions on the following lines.
		path: "whatsapp/whats_json/languages/english_android_media.txt", format: "whatsapp",
		count: 60, kinds: map[steady.Kind]int{media: 33, deleted: 8, system: 3, text: 16},
		senders: map[string]int{"Dmitry S": 49, "Elon": 8},
		first:   "2022-03-18T14:56:00Z", last: "2023-01-07T23:32:00Z",
		texts: []textCheck{{2, "Dmitry S", media, "Caption"}, {3, "Dmitry S", media, "карточка компании"}},
	},
	{
		// Czech, "23.03.22 13:31" without comma; same chat as english_android.
		path: "whatsapp/whats_json/languages/czech_android.txt", format: "whatsapp",
		count: 60, kinds: map[steady.Kind]int{media: 33, deleted: 8, system: 3, text: 16},
		senders: map[string]int{"Dmitry S": 49, "Elon": 8},
		first:   "2022-03-18T14:56:00Z", last: "2023-01-07T23:32:00Z",
		texts: []textCheck{{-1, "Dmitry S", text, "Pimlico Gardens\nLondon, United Kingdom\nhttps://foursquare.com/v/4e89af95e5fa82ad4c0aa03b"}},
	},
	{
		path: "whatsapp/whats_json/languages/russian_android.txt", format: "whatsapp",
		count: 60, kinds: map[steady.Kind]int{media: 33, deleted: 8, system: 3, text: 16},
		senders: map[string]int{"Dmitry S": 49, "Elon": 8},
		first:   "2022-03-18T14:56:00Z", last: "2023-01-07T23:32:00Z",
	},
	{
		// Dutch (named "deutch"), "18-03-2022 14:56": 51 lines, 10 of them
		// captions or continuation: 41 messages. Media: 13 <Media
		// weggelaten>, 9 "(bestand bijgevoegd)", 2 locaties; 7 deletions
		// (grep verwijderd); 3 system lines; 7 typed. Elon has 5 lines,
		// Dmitry S 35 of which 2 missed calls.
		path: "whatsapp/whats_json/languages/deutch_android_media.txt", format: "whatsapp",
		count: 41, kinds: map[steady.Kind]int{media: 24, deleted: 7, system: 3, text: 7},
		senders: map[string]int{"Dmitry S": 33, "Elon": 5},
		first:   "2022-03-18T14:56:00Z", last: "2023-01-07T23:32:00Z",
	},
	iosLanguage("english_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:01Z"),
	iosLanguage("deutch_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("czech_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("french_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("hindi_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("indonesian_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:01Z"),
	iosLanguage("italian_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("japanese_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("portugal_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("russian_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("spanish_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	iosLanguage("thai_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:01Z"),
	iosLanguage("ukrainian_ios.txt", "Elon Musk", "Dmitry S", "2022-03-18T14:56:00Z"),
	func() fixture {
		// time first: [21:41:35, 3/27/22]; its last line is at 21:56:46
		f := iosLanguage("vietnamese_ios.txt", "Musk Elon", "Dmitry S", "2022-03-18T14:56:01Z")
		f.last = "2022-03-27T21:56:46Z"
		return f
	}(),
	iosLanguage("arabic2_ios.txt", "Elon Musk", "Dmitry Starkov", "2022-03-18T14:56:01Z"),
	// Arabic-Indic digits, 12-hour clock with م: ٢:٥٦:٠٠ م is 14:56:00.
	iosLanguage("arabic_ios.txt", "+40 521 028 61 88", "Dmitry S", "2022-03-18T14:56:00Z"),
	{
		// english_ios with media attached and two security-code notices.
		path: "whatsapp/whats_json/languages/english_ios_media.txt", format: "whatsapp",
		count: 25, kinds: map[steady.Kind]int{text: 5, media: 15, deleted: 2, system: 3},
		senders: map[string]int{"Dmitry S": 21, "Elon Musk": 1},
		first:   "2022-03-18T14:56:01Z", last: "2023-01-07T23:32:30Z",
	},
	{
		path: "whatsapp/whats_json/calendars/gregorian_ios.txt", format: "whatsapp",
		count: 25, kinds: map[steady.Kind]int{text: 5, media: 15, deleted: 2, system: 3},
		senders: map[string]int{"Dmitry S": 21, "Elon Musk": 1},
		first:   "2022-03-18T14:56:01Z", last: "2023-01-07T23:32:30Z",
	},
	{
		// Thai Buddhist years: 2565 BE is 2022, 2566 BE is 2023.
		path: "whatsapp/whats_json/calendars/buddhist_ios.txt", format: "whatsapp",
		count: 28, kinds: map[steady.Kind]int{text: 5, media: 17, deleted: 3, system: 3},
		senders: map[string]int{"Dmitry S": 24, "Elon Musk": 1},
		first:   "2022-03-18T14:56:01Z", last: "2023-01-12T15:35:15Z",
	},
	{
		// Japanese era years: R4 (Reiwa 4) is 2022, R5 is 2023.
		path: "whatsapp/whats_json/calendars/japanese_era_ios.txt", format: "whatsapp",
		count: 28, kinds: map[steady.Kind]int{text: 5, media: 17, deleted: 3, system: 3},
		senders: map[string]int{"Dmitry S": 24, "Elon Musk": 1},
		first:   "2022-03-18T14:56:01Z", last: "2023-01-12T15:35:15Z",
	},

	// Telegram
	{
		path: "telegram/chat-miner/single_chat_export.json", format: "telegram",
		count: 2, senders: map[string]int{"Author 1": 1, "Author 2": 1},
		first: "2018-12-05T10:39:10Z", last: "2018-12-05T10:49:24Z",
		// text as an array of entities: the parts' texts joined as they are
		texts: []textCheck{{0, "Author 1", text, "Minimal Message"}, {1, "Author 2", text, "Link:https://telegram.org/"}},
	},
	{
		path: "telegram/chat-miner/full_export.json", format: "telegram",
		count: 2, senders: map[string]int{"Author 1": 1, "Author 2": 1},
		first: "2018-12-05T10:39:10Z", last: "2018-12-05T10:49:24Z",
		texts: []textCheck{{1, "Author 2", text, "Link:https://telegram.org/"}},
	},
	{
		// Three messages have only "date" (read in UTC here), the others
		// date_unixtime; the last has both, which puts the exporting
		// computer at UTC−3. Two service messages, two photos.
		path: "telegram/chat-analytics/DM_2A_7M.json", format: "telegram",
		count: 8, kinds: map[steady.Kind]int{system: 2, media: 2, text: 4},
		senders: map[string]int{"Alice": 4, "Bob": 2},
		first:   "2019-07-05T16:55:32Z", last: "2023-08-10T23:11:02-03:00",
		texts: []textCheck{{1, "Bob", text, "https://google.com 👀"}, {3, "Bob", text, "world?"}, {5, "Alice", media, ""}},
	},

	// Messenger / Instagram
	{
		// BOM, newest first; 2 texts… 5 from Bob (2 texts, file, sticker,
		// photo), 2 from Alice (text, audio).
		path: "messenger/chat-analytics/2A_7M.json", format: "messenger",
		count: 7, kinds: map[steady.Kind]int{text: 3, media: 4},
		senders: map[string]int{"Alice": 2, "Bob": 5},
		first:   "2014-11-05T00:27:20.411Z", last: "2014-11-05T00:35:32.056Z",
		texts: []textCheck{{0, "Bob", media, ""}, {6, "Alice", text, "Hello"}},
	},
	{
		// Mojibake in names, texts and reactions; notices (poll updates,
		// a join) are system lines; "sent an attachment" with a share is
		// media; a message with neither text nor media is what is left of
		// an unsent one.
		path: "messenger/chat-miner/instagram_testlog.json", format: "messenger",
		count: 13, kinds: map[steady.Kind]int{text: 5, media: 4, system: 3, deleted: 1},
		senders: map[string]int{"John Doe": 6, "Jane Doe": 1, "Lionel Messi": 1, "❤️": 1, "J❤️hn Doe": 1},
		first:   "2014-12-24T17:08:00Z", last: "2022-09-10T22:37:00Z",
		texts: []textCheck{{0, "Jane Doe", system, "Jane Doe joined the group."}},
	},
	{
		path: "messenger/chat-miner/instagram_minimal.json", format: "messenger",
		count: 2, senders: map[string]int{"John Doe": 1, "Jane Doe": 1},
		first: "2019-12-24T11:23:00Z", last: "2020-01-17T20:49:00Z",
	},
	{
		path: "messenger/chat-miner/facebook_messenger_testlog.json", format: "messenger",
		count: 2, senders: map[string]int{"John Doe": 1, "Allan Smith": 1},
		first: "2022-11-16T19:50:03.612Z", last: "2022-11-16T19:50:03.612Z",
	},

	// SMS Backup & Restore
	{
		path: "sms-backup-restore/sms-backup-restore-parser/minimal_sms.xml", format: "sms",
		count: 1, senders: map[string]int{"+15551234567": 1}, owner: "Me",
		first: "2021-01-01T00:00:00Z", last: "2021-01-01T00:00:00Z",
		texts: []textCheck{{0, "+15551234567", text, "Happy New Year! This is a test message."}},
	},
	{
		// A received MMS in a conversation with one person is from them
		// (its addr of type 137, From, names another number here).
		path: "sms-backup-restore/sms-backup-restore-parser/minimal_mms.xml", format: "sms",
		count: 1, senders: map[string]int{"+15551234567": 1}, owner: "Me",
		first: "2021-01-02T00:00:00Z", last: "2021-01-02T00:00:00Z",
		texts: []textCheck{{0, "+15551234567", media, "Hello from MMS!"}},
	},
	{
		// The draft (type 3) is no message of a conversation.
		path: "sms-backup-restore/sms-backup-restore-parser/mixed.xml", format: "sms",
		count: 3, senders: map[string]int{"+15551234567": 2, "Me": 1}, owner: "Me",
		first: "2021-01-01T00:00:00Z", last: "2021-01-01T02:00:00Z",
		texts: []textCheck{{1, "+15551234567", text, "This is a text-only MMS from Alice."}, {2, "Me", text, "I'm good, thanks!"}},
	},
	{
		path: "sms-backup-restore/sms-backup-restore-parser/edge_cases.xml", format: "sms",
		count: 4, kinds: map[steady.Kind]int{media: 1, text: 3},
		senders: map[string]int{"+15551112222": 1, "Me": 1, "+15555556666": 1, "+15557778888": 1}, owner: "Me",
		first: "2021-01-01T00:00:00Z", last: "2021-01-01T03:00:00Z",
		texts: []textCheck{{1, "Me", text, "Hello 🌍 — this has «special» chars & symbols < > \" '"}, {2, "+15555556666", text, ""}},
	},
	{
		path: "sms-backup-restore/sms-backup-reader-2/sample_small.xml", format: "sms",
		count: 7, senders: map[string]int{"+15550000001": 3, "Me": 3, "+15550000002": 1}, owner: "Me",
		first: "2017-12-02T14:49:27.463Z", last: "2024-07-14T23:04:03Z",
		texts: []textCheck{{0, "+15550000001", text, "SMS 1 in Thread 1"}, {6, "Me", text, "MMS 2 text in Thread 2"}},
	},
	{
		path: "sms-backup-restore/sms-backup-reader-2/sample_mms.xml", format: "sms",
		count: 4, kinds: map[steady.Kind]int{media: 4},
		senders: map[string]int{"+15550000003": 4}, owner: "Me",
		first: "2024-07-16T20:29:24Z", last: "2024-07-16T20:29:27Z",
		texts: []textCheck{{3, "+15550000003", media, "Here is a PDF attachment"}},
	},
	{
		// Invalid base64 in data="…" does not matter: media are not read.
		path: "sms-backup-restore/sms-backup-reader-2/corrupt_attachments.xml", format: "sms",
		count: 2, kinds: map[steady.Kind]int{media: 2},
		senders: map[string]int{"+15550000004": 2}, owner: "Me",
		first: "2024-07-16T20:29:28Z", last: "2024-07-16T20:29:29Z",
	},
	{
		path: "sms-backup-restore/sms-backup-reader-2/sms_small.xml", format: "sms",
		count: 12, senders: map[string]int{"+15550000001": 3, "+15550000003": 1, "+15550000004": 4, "Me": 4}, owner: "Me",
		first: "2017-12-02T14:49:27.463Z", last: "2017-12-02T18:10:45.524Z",
		texts: []textCheck{{9, "Me", text, "Body text 10\nBody text 11\nBody text 12"}},
	},
}

func TestConformance(t *testing.T) {
	root := filepath.Join(sharedtest.Dir(t), "fixtures", "chats")
	for _, fx := range fixtures {
		t.Run(fx.path+" imports as expected", func(t *testing.T) {
			c, err := importer.ParseFile(context.Background(), filepath.Join(root, fx.path), importer.Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if c.Format != fx.format {
				t.Errorf("format %q, want %q", c.Format, fx.format)
			}
			if len(c.Messages) != fx.count {
				t.Fatalf("%d messages, want %d", len(c.Messages), fx.count)
			}
			kinds := map[steady.Kind]int{}
			for _, m := range c.Messages {
				kinds[m.Kind]++
				if m.Key == "" || m.Source != filepath.Base(fx.path) {
					t.Errorf("message without key or source: %+v", m)
				}
			}
			for k, n := range fx.kinds {
				if kinds[k] != n {
					t.Errorf("%d %s messages, want %d (all kinds: %v)", kinds[k], k, n, kinds)
				}
			}
			got := map[string]int{}
			for _, s := range c.Senders {
				got[s.Name] = s.Count
			}
			if !equalMaps(got, fx.senders) {
				t.Errorf("senders %v, want %v", got, fx.senders)
			}
			if c.Owner != fx.owner {
				t.Errorf("owner %q, want %q", c.Owner, fx.owner)
			}
			first, last := c.Messages[0].At, c.Messages[len(c.Messages)-1].At
			if !first.Equal(rfc(fx.first)) {
				t.Errorf("first instant %s, want %s", first.Format(time.RFC3339Nano), fx.first)
			}
			if !last.Equal(rfc(fx.last)) {
				t.Errorf("last instant %s, want %s", last.Format(time.RFC3339Nano), fx.last)
			}
			if _, off := last.Zone(); strings.HasSuffix(fx.last, "-03:00") && off != -3*3600 {
				t.Errorf("last instant's offset %d s, want UTC−3", off)
			}
			for i := 1; i < len(c.Messages); i++ {
				if c.Messages[i].At.Before(c.Messages[i-1].At) {
					t.Fatalf("messages %d and %d out of order", i-1, i)
				}
			}
			for _, tc := range fx.texts {
				if tc.index < 0 {
					found := false
					for _, m := range c.Messages {
						found = found || (m.Sender == tc.sender && m.Kind == tc.kind && m.Text == tc.text)
					}
					if !found {
						t.Errorf("no message %q %s %q", tc.sender, tc.kind, tc.text)
					}
					continue
				}
				m := c.Messages[tc.index]
				if m.Sender != tc.sender || m.Kind != tc.kind || m.Text != tc.text {
					t.Errorf("message %d = %q %s %q, want %q %s %q", tc.index, m.Sender, m.Kind, m.Text, tc.sender, tc.kind, tc.text)
				}
			}
		})
	}
}

func equalMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Pustur's header-variants.txt is twelve separate test strings, one chat
// each; Pustur expects formats 1, 2, 7, 8, 11, 12 at 2018-06-03 13:55 and
// the others at 2018-06-13 21:25:15.
func TestConformancePusturHeaderVariants(t *testing.T) {
	b, err := os.ReadFile(sharedtest.Path(t, "fixtures", "chats", "whatsapp", "pustur-whatsapp-chat-parser", "header-variants.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines, want 12", len(lines))
	}
	early, late := rfc("2018-06-03T13:55:00Z"), rfc("2018-06-13T21:25:15Z")
	want := []time.Time{early, early, late, late, late, late, early, early, late, late, early, early}
	for i, line := range lines {
		t.Run("format "+string(rune('1'+i%9))+" reads as Pustur expects", func(t *testing.T) {
			c, err := importer.Parse(context.Background(), strings.NewReader(line), importer.Options{Location: time.UTC, Name: "variant"})
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			if len(c.Messages) != 1 {
				t.Fatalf("%q: %d messages", line, len(c.Messages))
			}
			m := c.Messages[0]
			if !m.At.Equal(want[i]) || m.Sender != "a" || m.Text != "m" || m.Kind != steady.KindText {
				t.Errorf("%q → %s %q %q %s, want %s a m", line, m.At.Format(time.RFC3339), m.Sender, m.Text, m.Kind, want[i].Format(time.RFC3339))
			}
		})
	}
}

// chat-miner ships its expected parses: target.json lists the typed
// messages (author, naive UTC timestamp, text with line breaks as spaces).
func TestConformanceChatMinerTargets(t *testing.T) {
	type row struct {
		Timestamp string `json:"timestamp"`
		Author    string `json:"author"`
		Message   string `json:"message"`
	}
	dir := filepath.Join(sharedtest.Dir(t), "fixtures", "chats")
	load := func(t *testing.T, p string) []row {
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		var rows []row
		if err := json.Unmarshal(b, &rows); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	// Telegram joins entity parts without a separator ("Link:" + URL);
	// chat-miner puts a space between: spaces are not compared.
	norm := func(s string) string { return strings.Join(strings.Fields(s), "") }
	check := func(t *testing.T, file string, rows []row) {
		c, err := importer.ParseFile(context.Background(), filepath.Join(dir, file), importer.Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		var typed []steady.Message
		for _, m := range c.Messages {
			if m.Kind == steady.KindText {
				typed = append(typed, m)
			}
		}
		if len(typed) != len(rows) {
			t.Fatalf("%d typed messages, target has %d", len(typed), len(rows))
		}
		left := append([]row(nil), rows...)
		for _, m := range typed {
			found := false
			for i, r := range left {
				ts, err := time.Parse("2006-01-02T15:04:05", r.Timestamp)
				if err != nil {
					t.Fatal(err)
				}
				if ts.Equal(m.At) && r.Author == m.Sender && norm(r.Message) == norm(m.Text) {
					left = append(left[:i], left[i+1:]...)
					found = true
					break
				}
			}
			if !found {
				t.Errorf("message %s %q %q is not in the target", m.At.Format(time.RFC3339), m.Sender, m.Text)
			}
		}
	}
	wa := load(t, "whatsapp/chat-miner/target.json")
	for _, f := range []string{"test_bracketed_mmddyy_24hrs.txt", "test_ddmmyy_24hrs.txt", "test_mmddyy_24hrs.txt", "test_mmddyyyy_12hrs.txt", "test_yyyymmdd_24hrs.txt"} {
		t.Run("whatsapp "+f+" matches chat-miner's target", func(t *testing.T) { check(t, "whatsapp/chat-miner/"+f, wa) })
	}
	tg := load(t, "telegram/chat-miner/target.json")
	for _, f := range []string{"single_chat_export.json", "full_export.json"} {
		t.Run("telegram "+f+" matches chat-miner's target", func(t *testing.T) { check(t, "telegram/chat-miner/"+f, tg) })
	}
	t.Run("instagram minimal matches chat-miner's target", func(t *testing.T) {
		check(t, "messenger/chat-miner/instagram_minimal.json", load(t, "messenger/chat-miner/instagram_minimal_target.json"))
	})
}

// The Messenger targets are JSON lines with epoch-millisecond datetimes and
// chat-miner's own tokens for media ("sentphoto", "disappearingmessage").
// Every row with real text must be one of our messages with that sender,
// instant and text; the generated notice "Jane Doe joined the group." is
// one we keep as a system line.
func TestConformanceMessengerTargets(t *testing.T) {
	dir := filepath.Join(sharedtest.Dir(t), "fixtures", "chats", "messenger", "chat-miner")
	for _, name := range []string{"instagram_testlog", "facebook_messenger_testlog"} {
		t.Run(name+" matches chat-miner's target", func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, name+"_target.json"))
			if err != nil {
				t.Fatal(err)
			}
			type row struct {
				Datetime int64  `json:"datetime"`
				Author   string `json:"author"`
				Message  string `json:"message"`
			}
			var rows []row
			dec := json.NewDecoder(strings.NewReader(string(b)))
			tok, _ := dec.Token()
			if d, ok := tok.(json.Delim); ok && d == '[' {
				for dec.More() {
					var r row
					if err := dec.Decode(&r); err != nil {
						t.Fatal(err)
					}
					rows = append(rows, r)
				}
			} else {
				for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
					var r row
					if err := json.Unmarshal([]byte(line), &r); err != nil {
						t.Fatal(err)
					}
					rows = append(rows, r)
				}
			}
			c, err := importer.ParseFile(context.Background(), filepath.Join(dir, name+".json"), importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, r := range rows {
				if strings.HasPrefix(r.Message, "sent") && !strings.Contains(r.Message, " ") || r.Message == "disappearingmessage" {
					continue
				}
				checked++
				want := steady.KindText
				if r.Message == "Jane Doe joined the group." {
					want = steady.KindSystem
				}
				found := false
				for _, m := range c.Messages {
					if m.At.UnixMilli() == r.Datetime && m.Sender == r.Author && m.Text == r.Message && m.Kind == want {
						found = true
					}
				}
				if !found {
					t.Errorf("target row %+v not among the messages", r)
				}
			}
			if checked == 0 {
				t.Fatal("no target row checked")
			}
		})
	}
}

// Files that must fail, with an error naming the file and where.
func TestConformanceBadFixtures(t *testing.T) {
	root := filepath.Join(sharedtest.Dir(t), "fixtures", "chats")
	for _, tc := range []struct {
		path, wantMsg string
		wantLine      bool
		wantPath      string
	}{
		// ends inside an <mms> (line 133 opens it) with no </smses>
		{"sms-backup-restore/sms-backup-reader-2/sms_and_mms.xml", "truncated", true, "<smses><mms>"},
		{"sms-backup-restore/sms-backup-restore-parser/malformed.xml", "", true, "<smses>"},
		{"sms-backup-restore/sms-backup-reader-2/empty.xml", "no messages", false, ""},
	} {
		t.Run(tc.path+" fails with a located error", func(t *testing.T) {
			_, err := importer.ParseFile(context.Background(), filepath.Join(root, tc.path), importer.Options{})
			var pe *importer.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *ParseError", err)
			}
			if steady.ErrorCode(err) != steady.EInvalid {
				t.Errorf("code %q, want invalid", steady.ErrorCode(err))
			}
			if pe.File != filepath.Base(tc.path) || !strings.Contains(err.Error(), "import "+filepath.Base(tc.path)) {
				t.Errorf("error %q does not name the file", err)
			}
			if tc.wantLine && pe.Line == 0 {
				t.Errorf("error %q has no line", err)
			}
			if !strings.HasPrefix(pe.Path, tc.wantPath) {
				t.Errorf("error path %q, want %q…", pe.Path, tc.wantPath)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not say %q", err, tc.wantMsg)
			}
		})
	}
}

// A file of each registered format, in testdata: a new format adds its
// own here.
var samples = map[string]string{
	"whatsapp":  "overlap_a.txt",
	"telegram":  "telegram_full.json",
	"messenger": "message_1.json",
	"sms":       "backup.xml",
	"csv":       "chat_latin1.csv",
}

// Every format the registry lists says what it is, claims its own sample
// and no other format's, and parses it. Detection tries the formats in
// the registry's order, so no format may claim another's files.
func TestConformanceRegistry(t *testing.T) {
	names := map[string]bool{}
	for _, f := range importer.Formats() {
		info := f.Info()
		t.Run(info.Name+" is described, claims its own sample alone and parses it", func(t *testing.T) {
			if info.Name == "" || info.Name != strings.ToLower(info.Name) || names[info.Name] || info.Title == "" {
				t.Errorf("name %q (lower case, unique) and title %q (not empty)", info.Name, info.Title)
			}
			names[info.Name] = true
			for _, o := range info.Options {
				if o.Name == "" || o.Name != strings.ToLower(o.Name) || strings.ContainsAny(o.Name, " _") || o.Usage == "" || o.Label == "" || (o.Choices != nil && o.Default == "") {
					t.Errorf("option %+v: a lower-case name with hyphens, a usage, a label, and a default's name with choices", o)
				}
			}
			sample, ok := samples[info.Name]
			if !ok {
				t.Fatalf("no sample file for %s in samples", info.Name)
			}
			head, err := os.ReadFile(td(sample))
			if err != nil {
				t.Fatal(err)
			}
			head = head[:min(len(head), 64<<10)]
			if got := importer.Detect(head); got == nil || got.Info().Name != info.Name {
				t.Errorf("%s is detected as %v", sample, got)
			}
			for _, other := range importer.Formats() {
				if n := other.Info().Name; n != info.Name && other.Detect(head) {
					t.Errorf("%s also claims %s", n, sample)
				}
			}
			c, err := importer.ParseFile(context.Background(), td(sample), importer.Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if c.Format != info.Name || len(c.Messages) == 0 {
				t.Errorf("format %q with %d messages", c.Format, len(c.Messages))
			}
		})
	}
}
