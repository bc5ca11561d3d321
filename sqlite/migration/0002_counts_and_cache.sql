-- Numbers kept up to date by imports so that a check or "steady stats"
-- on a history of a million messages need not read it.

-- messages_version grows by one with every import that adds messages to
-- the contact: what is computed from the messages is cached under it.
ALTER TABLE contacts ADD COLUMN messages_version INTEGER NOT NULL DEFAULT 0;

-- The contact's messages by side (sqlite/message.go's side codes).
-- Counting a million rows took most of a second; imports add to these as
-- they go, and only deleting the contact deletes messages.
CREATE TABLE message_counts (
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	side       INTEGER NOT NULL,
	n          INTEGER NOT NULL,
	PRIMARY KEY (contact_id, side)
) WITHOUT ROWID;
INSERT INTO message_counts (contact_id, side, n)
	SELECT contact_id, side, COUNT(*) FROM messages GROUP BY contact_id, side;

-- Values computed from a contact's messages (their rhythm), each valid
-- while the contact's messages_version is the one it was computed at.
CREATE TABLE cached_values (
	contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	name       TEXT    NOT NULL,
	version    INTEGER NOT NULL,
	value      BLOB    NOT NULL,
	PRIMARY KEY (contact_id, name)
) WITHOUT ROWID;
