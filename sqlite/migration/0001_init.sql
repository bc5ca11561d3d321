-- The first schema of steady's store. Instants are Unix milliseconds (UTC)
-- in INTEGER columns named *_ms: they sort and compare as numbers, and no
-- text format has to be agreed on. Ids are AUTOINCREMENT: an id is never
-- given again after its row is deleted, so that a forgotten contact's id
-- cannot come to name someone else, and message ids only grow (the search
-- index's high-water mark relies on it).

-- The one profile row: id is always 1.
CREATE TABLE profile (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	time_zone     TEXT    NOT NULL DEFAULT '',
	dumped        INTEGER NOT NULL DEFAULT 0 CHECK (dumped IN (0, 1)),
	dumped_set    INTEGER NOT NULL DEFAULT 0 CHECK (dumped_set IN (0, 1)),
	updated_at_ms INTEGER NOT NULL
);

CREATE TABLE contacts (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT    NOT NULL,
	created_at_ms INTEGER NOT NULL
);

-- Every name a contact is found under: the contact's own name
-- (is_alias = 0) and the aliases exports show. fold is the name
-- case-folded by Go (SQLite's NOCASE folds ASCII only): unique across all
-- contacts, so that a name finds one contact at most.
CREATE TABLE contact_names (
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	name       TEXT    NOT NULL,
	fold       TEXT    NOT NULL UNIQUE,
	is_alias   INTEGER NOT NULL CHECK (is_alias IN (0, 1))
);
CREATE INDEX contact_names_contact ON contact_names (contact_id);

CREATE TABLE imports (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	file_name   TEXT    NOT NULL,
	file_hash   TEXT    NOT NULL,
	format      TEXT    NOT NULL,
	read_n      INTEGER NOT NULL,
	added_n     INTEGER NOT NULL,
	duplicate_n INTEGER NOT NULL,
	skipped_n   INTEGER NOT NULL,
	slips_n     INTEGER NOT NULL,
	at_ms       INTEGER NOT NULL
);
CREATE INDEX imports_contact ON imports (contact_id, id);

-- Sender names and source file names, kept once per contact and referred
-- to by id from messages: a chat of a million messages has a handful of
-- each, and repeating them in every row made imports slower and the file
-- bigger.
CREATE TABLE message_labels (
	id         INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	value      TEXT    NOT NULL,
	UNIQUE (contact_id, value)
);

-- side: 0 unknown, 1 me, 2 them, 3 other; kind: 0 text, 1 media,
-- 2 system, 3 deleted (sqlite/message.go maps them explicitly). offset_s
-- is the UTC offset the export gave the instant. sender_id and source_id
-- are message_labels ids.
--
-- contact_id has no foreign key, unlike every other table's: the store
-- checks the contact when an import begins and deletes the messages
-- itself when the contact goes (sqlite/contact.go). A foreign key costs a
-- lookup per row imported and keeps SQLite from dropping a forgotten
-- contact's million rows page by page rather than row by row (seconds).
--
-- The one index, UNIQUE (contact_id, at_ms, key), both serves every read
-- by time (the rhythm window, the last message, charts) and keeps a
-- message from being stored twice. A UNIQUE (contact_id, key) index beside
-- it made a 1,000,000-message import three times slower, since keys are
-- in no useful order and every insert landed on a random page; an index
-- that starts with the instant grows at its end instead. Keys hash the
-- instant in (importer.Key), so a key names one instant and the two
-- constraints admit the same rows.
CREATE TABLE messages (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id INTEGER NOT NULL,
	at_ms      INTEGER NOT NULL,
	offset_s   INTEGER NOT NULL,
	side       INTEGER NOT NULL,
	kind       INTEGER NOT NULL,
	sender_id  INTEGER NOT NULL,
	source_id  INTEGER NOT NULL,
	text       TEXT    NOT NULL,
	key        TEXT    NOT NULL,
	UNIQUE (contact_id, at_ms, key)
);

-- Full-text search over message text. Contentless, since the text is in
-- messages already. The rowid is the message id. It is filled after imports,
-- not during them (indexing the words of a million messages would double
-- the import's time): search_state.indexed_upto is the largest message id
-- indexed so far, and a search first indexes what came after it.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
	text,
	content = '',
	tokenize = 'unicode61 remove_diacritics 2'
);
-- Messages are deleted only with their contact; the index is then
-- emptied and built again from the messages left (see DeleteContact):
-- deleting a million entries one by one took seconds.
CREATE TABLE search_state (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	indexed_upto INTEGER NOT NULL
);
INSERT INTO search_state (id, indexed_upto) VALUES (1, 0);

CREATE TABLE nocontact_periods (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id   INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	start_ms     INTEGER NOT NULL,
	planned_days INTEGER NOT NULL DEFAULT 0 CHECK (planned_days >= 0),
	end_ms       INTEGER CHECK (end_ms IS NULL OR end_ms >= start_ms)
);
CREATE INDEX nocontact_periods_contact ON nocontact_periods (contact_id, start_ms);
-- At most one active (unended) period per contact.
CREATE UNIQUE INDEX nocontact_periods_active ON nocontact_periods (contact_id) WHERE end_ms IS NULL;

-- message_id is the imported message that was the slip, NULL for a slip
-- reported by hand; the same message is a slip of a period once only.
CREATE TABLE slips (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	period_id  INTEGER NOT NULL REFERENCES nocontact_periods (id) ON DELETE CASCADE,
	at_ms      INTEGER NOT NULL,
	note       TEXT    NOT NULL DEFAULT '',
	message_id INTEGER,
	UNIQUE (period_id, message_id)
);

CREATE TABLE holds (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id    INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
	text          TEXT    NOT NULL,
	goal          TEXT    NOT NULL DEFAULT '',
	mood          TEXT    NOT NULL DEFAULT '',
	reply         INTEGER NOT NULL DEFAULT 0,
	no_contact    INTEGER NOT NULL DEFAULT 0,
	dumped        INTEGER NOT NULL DEFAULT 0,
	not_before_ms INTEGER NOT NULL,
	reason        TEXT    NOT NULL DEFAULT '',
	status        TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'released', 'dismissed')),
	created_at_ms INTEGER NOT NULL,
	closed_at_ms  INTEGER
);
CREATE INDEX holds_status ON holds (status, not_before_ms);
CREATE INDEX holds_contact ON holds (contact_id);

CREATE TABLE journal_entries (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id    INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
	text          TEXT    NOT NULL,
	verdict       TEXT    NOT NULL DEFAULT '',
	note          TEXT    NOT NULL DEFAULT '',
	created_at_ms INTEGER NOT NULL
);
CREATE INDEX journal_entries_contact ON journal_entries (contact_id, created_at_ms);

-- points is a JSON array of at most three strings.
CREATE TABLE call_plans (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	contact_id    INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
	goal          TEXT    NOT NULL DEFAULT '',
	fear          TEXT    NOT NULL DEFAULT '',
	points        TEXT    NOT NULL DEFAULT '[]',
	exit_line     TEXT    NOT NULL DEFAULT '',
	created_at_ms INTEGER NOT NULL,
	updated_at_ms INTEGER NOT NULL
);
CREATE INDEX call_plans_contact ON call_plans (contact_id, updated_at_ms);
