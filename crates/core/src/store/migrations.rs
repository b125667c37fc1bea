//! The schema, as an ordered list of migrations embedded in the binary.
//!
//! Append only: a migration that has shipped is never edited, because people's databases already ran
//! it. `rusqlite_migration` records progress in `PRAGMA user_version`.

use rusqlite_migration::{HookResult, Migrations, M};

use super::tags;

/// A new random id in the form of a UUID (version 4), made by SQLite itself.
macro_rules! sql_uuid {
    () => {
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
         || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
         || '-' || hex(randomblob(6)))"
    };
}

const MIGRATIONS: &[M<'static>] = &[
    M::up(
        r#"
    CREATE TABLE users (
        id              TEXT PRIMARY KEY,
        issuer          TEXT NOT NULL,
        subject         TEXT NOT NULL,
        email           TEXT,
        display_name    TEXT,
        given_name      TEXT,
        family_name     TEXT,
        picture         TEXT,
        first_seen_at   INTEGER NOT NULL,
        last_sign_in_at INTEGER,
        last_synced_at  INTEGER,
        updated_at      INTEGER NOT NULL,
        UNIQUE (issuer, subject)
    ) STRICT;

    -- `seq` is the integer key the full-text index points at: an INTEGER PRIMARY KEY keeps its value
    -- through VACUUM, which a bare rowid does not. `id` is the time-ordered UUID everyone else uses.
    -- `title` and `word_count` are derived from `content` on every save so that the list never has
    -- to read whole entries.
    CREATE TABLE entries (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        content    TEXT NOT NULL DEFAULT '',
        title      TEXT NOT NULL DEFAULT '',
        word_count INTEGER NOT NULL DEFAULT 0,
        deleted_at INTEGER
    ) STRICT;

    CREATE INDEX entries_by_user_newest
        ON entries (user_id, created_at DESC, seq DESC)
        WHERE deleted_at IS NULL;

    CREATE VIRTUAL TABLE entries_fts USING fts5 (
        content,
        content = 'entries',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (rowid, content) VALUES (new.seq, new.content);
    END;
    CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, content) VALUES ('delete', old.seq, old.content);
    END;
    CREATE TRIGGER entries_fts_update AFTER UPDATE OF content ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, content) VALUES ('delete', old.seq, old.content);
        INSERT INTO entries_fts (rowid, content) VALUES (new.seq, new.content);
    END;
    "#,
    ),
    // Who is signed in on this machine: at most one row. Deleting the user clears it.
    M::up(
        r#"
    CREATE TABLE signed_in (
        slot    INTEGER PRIMARY KEY CHECK (slot = 1),
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
    ) STRICT;
    "#,
    ),
    // What the offline analyser found in each entry, one row per entry, and the background job that
    // (re)analyses a whole journal. `source_updated_at` is the entry's `updated_at` when it was
    // analysed, so a row older than its entry's text is known to be stale.
    M::up(
        r#"
    CREATE TABLE entry_analysis (
        entry_seq         INTEGER PRIMARY KEY REFERENCES entries (seq) ON DELETE CASCADE,
        analyser_version  INTEGER NOT NULL,
        source_updated_at INTEGER NOT NULL,
        analysed_at       INTEGER NOT NULL,
        sentiment         INTEGER NOT NULL CHECK (sentiment BETWEEN -10 AND 10),
        negative          INTEGER NOT NULL CHECK (negative IN (0, 1)),
        mood              TEXT NOT NULL,
        subject           TEXT NOT NULL,
        summary           TEXT NOT NULL,
        colour            TEXT NOT NULL
    ) STRICT;

    -- At most one job per user. `cursor` is the last entry `seq` done: work resumes after it.
    CREATE TABLE analysis_jobs (
        user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        everything INTEGER NOT NULL CHECK (everything IN (0, 1)),
        cursor     INTEGER NOT NULL DEFAULT 0,
        done       INTEGER NOT NULL DEFAULT 0,
        total      INTEGER NOT NULL,
        started_at INTEGER NOT NULL
    ) STRICT;
    "#,
    ),
    // A two-character prefix index for search as you type: a typed "wa" is a prefix query, which
    // without it merges the posting lists of every word starting so. Longer prefixes match few
    // enough words to go without; each indexed length makes every save write more. Rebuilding
    // reads every entry once. The triggers refer to the table by name and carry on as they are.
    M::up(
        r#"
    DROP TABLE entries_fts;
    CREATE VIRTUAL TABLE entries_fts USING fts5 (
        content,
        content = 'entries',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2'
    );
    INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');
    "#,
    ),
    // How many entries each user has, kept by triggers, so the list's first page need not count
    // the index to size its scroll area.
    M::up(
        r#"
    CREATE TABLE entry_counts (
        user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        live    INTEGER NOT NULL CHECK (live >= 0)
    ) STRICT;
    INSERT INTO entry_counts (user_id, live)
        SELECT user_id, count(*) FROM entries WHERE deleted_at IS NULL GROUP BY user_id;

    CREATE TRIGGER entry_counts_insert AFTER INSERT ON entries WHEN new.deleted_at IS NULL BEGIN
        INSERT OR IGNORE INTO entry_counts (user_id, live) VALUES (new.user_id, 0);
        UPDATE entry_counts SET live = live + 1 WHERE user_id = new.user_id;
    END;
    CREATE TRIGGER entry_counts_delete AFTER DELETE ON entries WHEN old.deleted_at IS NULL BEGIN
        UPDATE entry_counts SET live = live - 1 WHERE user_id = old.user_id;
    END;
    CREATE TRIGGER entry_counts_soft_delete AFTER UPDATE OF deleted_at ON entries
        WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
        INSERT OR IGNORE INTO entry_counts (user_id, live) VALUES (new.user_id, 0);
        UPDATE entry_counts
            SET live = live + CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END
            WHERE user_id = new.user_id;
    END;
    "#,
    ),
    // The entries waiting to be purged. Every journal opening purges them, and without an index of
    // their own that DELETE would read the whole table at every launch.
    M::up(
        r#"
    CREATE INDEX entries_deleted ON entries (user_id) WHERE deleted_at IS NOT NULL;
    "#,
    ),
    // The full-text index no longer changes in the save's transaction: updating it cost as much as
    // the save's sync to disk. A save notes the entry in `fts_pending` with the text the index still
    // holds (only the first save since the last indexing copies it; later ones find the row), and
    // `Store::index_pending` brings the index up to date: the analysis worker after the entry has
    // been quiet, and every search before it reads the index. New entries and deletions still change
    // the index at once; a deletion uses the noted text when there is one, since the index must be
    // told exactly what it holds.
    M::up(
        r#"
    CREATE TABLE fts_pending (
        entry_seq INTEGER PRIMARY KEY,
        indexed   TEXT NOT NULL
    ) STRICT;

    DROP TRIGGER entries_fts_update;
    CREATE TRIGGER entries_fts_update AFTER UPDATE OF content ON entries BEGIN
        INSERT OR IGNORE INTO fts_pending (entry_seq, indexed) VALUES (old.seq, old.content);
    END;

    DROP TRIGGER entries_fts_delete;
    CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, content)
            VALUES ('delete', old.seq,
                    coalesce((SELECT indexed FROM fts_pending WHERE entry_seq = old.seq), old.content));
        DELETE FROM fts_pending WHERE entry_seq = old.seq;
    END;
    "#,
    ),
];

/// Entry dates, journals, stars and tags.
///
/// `dated_at` is the moment an entry is about (ms), which the person can change; `created_at` stays
/// as the audit field it always was. `date_key` orders entries by date: `dated_at` shifted left by
/// [`DATE_KEY_SHIFT`] bits, plus a counter that separates entries dated the same millisecond. It is
/// also the full-text index's rowid, so that FTS5, which walks its index in rowid order, returns
/// matches newest first by date and can start a page at any date: page N of a common word costs
/// what page 1 does. The index is rebuilt once over the new rowids.
///
/// `journals.live` and `tags.uses` are kept by triggers, so counts never scan. `entry_tags` is
/// derived from the text by the store (tags are written in the text as `#tag`): it holds rows for
/// live entries only, and carries the entry's `date_key` so that a tag's entries come out of its
/// primary key already in date order.
const DATES_JOURNALS_TAGS: &str = concat!(
    r#"
    ALTER TABLE entries ADD COLUMN dated_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN date_key INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN journal_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));

    CREATE TABLE journals (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        colour     TEXT NOT NULL,
        position   INTEGER NOT NULL,
        live       INTEGER NOT NULL DEFAULT 0 CHECK (live >= 0),
        created_at INTEGER NOT NULL,
        deleted_at INTEGER
    ) STRICT;
    CREATE INDEX journals_of_user ON journals (user_id, position);

    -- Entries moved out of a deleted journal, so that Undo can move them back. Cleared with the
    -- journal at the next launch.
    CREATE TABLE journal_moves (
        journal_seq INTEGER NOT NULL REFERENCES journals (seq) ON DELETE CASCADE,
        entry_seq   INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
        PRIMARY KEY (journal_seq, entry_seq)
    ) STRICT, WITHOUT ROWID;

    INSERT INTO journals (id, user_id, name, colour, position, created_at)
        SELECT "#,
    sql_uuid!(),
    r#", id, 'Journal', 'blue', 0, CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM users;

    CREATE TRIGGER users_first_journal AFTER INSERT ON users BEGIN
        INSERT INTO journals (id, user_id, name, colour, position, created_at)
            VALUES ("#,
    sql_uuid!(),
    r#", new.id, 'Journal', 'blue', 0, CAST(unixepoch('subsec') * 1000 AS INTEGER));
    END;

    UPDATE entries
        SET dated_at = r.created_at,
            date_key = r.created_at * 1048576 + r.k,
            journal_seq = j.seq
        FROM (SELECT seq, user_id, created_at,
                     row_number() OVER (PARTITION BY created_at ORDER BY seq) - 1 AS k
              FROM entries) AS r
        JOIN journals j ON j.user_id = r.user_id
        WHERE r.seq = entries.seq;
    UPDATE journals SET live =
        (SELECT count(*) FROM entries e WHERE e.journal_seq = journals.seq AND e.deleted_at IS NULL);

    DROP INDEX entries_by_user_newest;
    CREATE UNIQUE INDEX entries_by_date_key ON entries (date_key);
    CREATE INDEX entries_newest ON entries (user_id, date_key DESC) WHERE deleted_at IS NULL;
    CREATE INDEX entries_in_journal ON entries (journal_seq, date_key DESC)
        WHERE deleted_at IS NULL;
    CREATE INDEX entries_starred ON entries (user_id, date_key DESC)
        WHERE starred = 1 AND deleted_at IS NULL;

    CREATE INDEX entry_analysis_by_mood ON entry_analysis (mood, entry_seq);

    CREATE TRIGGER journals_live_insert AFTER INSERT ON entries WHEN new.deleted_at IS NULL BEGIN
        UPDATE journals SET live = live + 1 WHERE seq = new.journal_seq;
    END;
    CREATE TRIGGER journals_live_delete AFTER DELETE ON entries WHEN old.deleted_at IS NULL BEGIN
        UPDATE journals SET live = live - 1 WHERE seq = old.journal_seq;
    END;
    CREATE TRIGGER journals_live_soft_delete AFTER UPDATE OF deleted_at ON entries
        WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
        UPDATE journals
            SET live = live + CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END
            WHERE seq = new.journal_seq;
    END;
    CREATE TRIGGER journals_live_move AFTER UPDATE OF journal_seq ON entries
        WHEN new.deleted_at IS NULL AND old.journal_seq <> new.journal_seq BEGIN
        UPDATE journals SET live = live - 1 WHERE seq = old.journal_seq;
        UPDATE journals SET live = live + 1 WHERE seq = new.journal_seq;
    END;

    CREATE TABLE tags (
        seq     INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key     TEXT NOT NULL,
        name    TEXT NOT NULL,
        uses    INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
        UNIQUE (user_id, key)
    ) STRICT;
    CREATE TABLE entry_tags (
        tag_seq   INTEGER NOT NULL REFERENCES tags (seq) ON DELETE CASCADE,
        date_key  INTEGER NOT NULL,
        entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
        PRIMARY KEY (tag_seq, date_key)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX entry_tags_of_entry ON entry_tags (entry_seq);

    CREATE TRIGGER tags_uses_insert AFTER INSERT ON entry_tags BEGIN
        UPDATE tags SET uses = uses + 1 WHERE seq = new.tag_seq;
    END;
    CREATE TRIGGER tags_uses_delete AFTER DELETE ON entry_tags BEGIN
        UPDATE tags SET uses = uses - 1 WHERE seq = old.tag_seq;
    END;
    -- A deleted entry leaves the tag index; restoring it reads its tags from the text again.
    CREATE TRIGGER entry_tags_soft_delete AFTER UPDATE OF deleted_at ON entries
        WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
        DELETE FROM entry_tags WHERE entry_seq = new.seq;
    END;
    CREATE TRIGGER entry_tags_redate AFTER UPDATE OF date_key ON entries BEGIN
        UPDATE entry_tags SET date_key = new.date_key WHERE entry_seq = new.seq;
    END;

    DROP TABLE entries_fts;
    CREATE VIRTUAL TABLE entries_fts USING fts5 (
        content,
        content = 'entries',
        content_rowid = 'date_key',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2'
    );
    DELETE FROM fts_pending;
    INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');

    DROP TRIGGER entries_fts_insert;
    CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (rowid, content) VALUES (new.date_key, new.content);
    END;
    DROP TRIGGER entries_fts_delete;
    CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, content)
            VALUES ('delete', old.date_key,
                    coalesce((SELECT indexed FROM fts_pending WHERE entry_seq = old.seq), old.content));
        DELETE FROM fts_pending WHERE entry_seq = old.seq;
    END;
    -- A new date moves the entry in the index: out from under its old rowid with the text the index
    -- holds for it, in under the new one with its text now, which leaves nothing pending.
    CREATE TRIGGER entries_fts_redate AFTER UPDATE OF date_key ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, content)
            VALUES ('delete', old.date_key,
                    coalesce((SELECT indexed FROM fts_pending WHERE entry_seq = old.seq), old.content));
        DELETE FROM fts_pending WHERE entry_seq = old.seq;
        INSERT INTO entries_fts (rowid, content) VALUES (new.date_key, new.content);
    END;
    "#
);

/// 9: each live entry's mood by date, as the tag index holds a tag's entries: a mood's entries come
/// out of its primary key newest first, and their number out of a range of it, without reading
/// the entries. Triggers keep it in step with the analyses, deletes, restores and new dates.
const MOODS_BY_DATE: &str = r#"
    CREATE TABLE entry_moods (
        user_id   TEXT NOT NULL,
        mood      TEXT NOT NULL,
        date_key  INTEGER NOT NULL,
        entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
        PRIMARY KEY (user_id, mood, date_key)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX entry_moods_of_entry ON entry_moods (entry_seq);

    INSERT INTO entry_moods (user_id, mood, date_key, entry_seq)
        SELECT e.user_id, a.mood, e.date_key, e.seq
        FROM entry_analysis a JOIN entries e ON e.seq = a.entry_seq
        WHERE e.deleted_at IS NULL;

    CREATE TRIGGER entry_moods_analysed AFTER INSERT ON entry_analysis BEGIN
        INSERT INTO entry_moods (user_id, mood, date_key, entry_seq)
            SELECT user_id, new.mood, date_key, seq FROM entries
            WHERE seq = new.entry_seq AND deleted_at IS NULL;
    END;
    CREATE TRIGGER entry_moods_reanalysed AFTER UPDATE OF mood ON entry_analysis
        WHEN old.mood <> new.mood BEGIN
        UPDATE entry_moods SET mood = new.mood WHERE entry_seq = new.entry_seq;
    END;
    CREATE TRIGGER entry_moods_unanalysed AFTER DELETE ON entry_analysis BEGIN
        DELETE FROM entry_moods WHERE entry_seq = old.entry_seq;
    END;
    CREATE TRIGGER entry_moods_soft_delete AFTER UPDATE OF deleted_at ON entries
        WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
        DELETE FROM entry_moods WHERE entry_seq = new.seq;
        INSERT INTO entry_moods (user_id, mood, date_key, entry_seq)
            SELECT new.user_id, mood, new.date_key, new.seq FROM entry_analysis
            WHERE entry_seq = new.seq AND new.deleted_at IS NULL;
    END;
    CREATE TRIGGER entry_moods_redate AFTER UPDATE OF date_key ON entries BEGIN
        UPDATE entry_moods SET date_key = new.date_key WHERE entry_seq = new.seq;
    END;
"#;

/// 10: pictures in entries, kept whole in the journal (and so encrypted with it), each with a
/// smaller copy to show when the original is larger than a window needs (see `store::pictures`).
/// A picture goes with its entry when the entry is purged, and with its user; a soft-deleted entry
/// keeps its pictures, so that Undo brings them back. The blobs are the last columns, so that
/// listing an entry's pictures reads none of them.
/// Migration 11: each journal's template for new entries (Markdown, with `{{date}}` and `{{time}}`);
/// empty for none.
const JOURNAL_TEMPLATES: &str =
    "ALTER TABLE journals ADD COLUMN template TEXT NOT NULL DEFAULT '';";

/// Migration 12: what imports bring and keep (see `crate::exchange`). Each entry may have the IANA
/// time zone it was written in and a JSON object of what else its source knew (location, weather…).
/// `import_sources` remembers where each imported entry came from (a source's own id, or a hash of
/// its date and text when it has none), so that importing the same file again adds nothing and an
/// interrupted import resumes by running it again. A row goes when its entry is purged.
const IMPORTS: &str = r#"
    ALTER TABLE entries ADD COLUMN time_zone TEXT;
    ALTER TABLE entries ADD COLUMN metadata TEXT
        CHECK (metadata IS NULL OR json_type(metadata) = 'object');

    CREATE TABLE import_sources (
        user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        source_id   TEXT NOT NULL,
        entry_id    TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        imported_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, kind, source_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX import_sources_of_entry ON import_sources (entry_id);
"#;

/// Migration 13: what sync keeps (see `crate::sync`). `sync_docs` maps each entry, journal and
/// picture to its document on the server (a random id, not the local one) and the revision the
/// local copy is. Triggers count every write in `changes`, so that no write path has to remember
/// sync: a row whose `changes` is past `pushed` waits to be pushed, and a purged row stays as `gone`
/// until its deletion is pushed. `sent_rev` is a push sent but not yet confirmed, asked about again
/// before the next one so that a push cut off mid-way is not sent twice. Versions of a document that
/// lost a conflict are kept in `sync_conflicts`; documents that could not be read or used, in
/// `sync_set_aside` (`waiting` when they name an entry or journal that has not arrived yet).
const SYNC: &str = r#"
    CREATE TABLE sync_docs (
        doc_id       TEXT PRIMARY KEY,
        user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind         TEXT NOT NULL CHECK (kind IN ('entry', 'journal', 'picture')),
        local_id     TEXT NOT NULL,
        rev          TEXT,
        changes      INTEGER NOT NULL DEFAULT 1,
        pushed       INTEGER NOT NULL DEFAULT 0,
        sent_rev     TEXT,
        sent_changes INTEGER,
        gone         INTEGER NOT NULL DEFAULT 0 CHECK (gone IN (0, 1)),
        UNIQUE (kind, local_id)
    ) STRICT;
    CREATE INDEX sync_docs_pending ON sync_docs (user_id) WHERE changes > pushed;

    INSERT INTO sync_docs (doc_id, user_id, kind, local_id)
        SELECT lower(hex(randomblob(16))), user_id, 'journal', id FROM journals;
    INSERT INTO sync_docs (doc_id, user_id, kind, local_id)
        SELECT lower(hex(randomblob(16))), user_id, 'entry', id FROM entries;
    INSERT INTO sync_docs (doc_id, user_id, kind, local_id)
        SELECT lower(hex(randomblob(16))), user_id, 'picture', id FROM pictures;

    CREATE TRIGGER sync_entry_insert AFTER INSERT ON entries BEGIN
        INSERT INTO sync_docs (doc_id, user_id, kind, local_id)
            VALUES (lower(hex(randomblob(16))), new.user_id, 'entry', new.id)
            ON CONFLICT (kind, local_id) DO UPDATE SET changes = changes + 1, gone = 0;
    END;
    CREATE TRIGGER sync_entry_update AFTER UPDATE ON entries
        WHEN old.content IS NOT new.content OR old.dated_at IS NOT new.dated_at
          OR old.journal_seq IS NOT new.journal_seq OR old.starred IS NOT new.starred
          OR old.deleted_at IS NOT new.deleted_at OR old.time_zone IS NOT new.time_zone
          OR old.metadata IS NOT new.metadata BEGIN
        UPDATE sync_docs SET changes = changes + 1 WHERE kind = 'entry' AND local_id = new.id;
    END;
    CREATE TRIGGER sync_entry_delete AFTER DELETE ON entries BEGIN
        UPDATE sync_docs SET changes = changes + 1, gone = 1
            WHERE kind = 'entry' AND local_id = old.id;
    END;

    CREATE TRIGGER sync_journal_insert AFTER INSERT ON journals BEGIN
        INSERT INTO sync_docs (doc_id, user_id, kind, local_id)
            VALUES (lower(hex(randomblob(16))), new.user_id, 'journal', new.id)
            ON CONFLICT (kind, local_id) DO UPDATE SET changes = changes + 1, gone = 0;
    END;
    CREATE TRIGGER sync_journal_update AFTER UPDATE ON journals
        WHEN old.name IS NOT new.name OR old.colour IS NOT new.colour
          OR old.position IS NOT new.position OR old.template IS NOT new.template
          OR old.deleted_at IS NOT new.deleted_at BEGIN
        UPDATE sync_docs SET changes = changes + 1 WHERE kind = 'journal' AND local_id = new.id;
    END;
    CREATE TRIGGER sync_journal_delete AFTER DELETE ON journals BEGIN
        UPDATE sync_docs SET changes = changes + 1, gone = 1
            WHERE kind = 'journal' AND local_id = old.id;
    END;

    CREATE TRIGGER sync_picture_insert AFTER INSERT ON pictures BEGIN
        INSERT INTO sync_docs (doc_id, user_id, kind, local_id)
            VALUES (lower(hex(randomblob(16))), new.user_id, 'picture', new.id)
            ON CONFLICT (kind, local_id) DO UPDATE SET changes = changes + 1, gone = 0;
    END;
    CREATE TRIGGER sync_picture_delete AFTER DELETE ON pictures BEGIN
        UPDATE sync_docs SET changes = changes + 1, gone = 1
            WHERE kind = 'picture' AND local_id = old.id;
    END;

    CREATE TABLE sync_conflicts (
        seq      INTEGER PRIMARY KEY,
        user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        doc_id   TEXT NOT NULL,
        rev      TEXT NOT NULL,
        kind     TEXT NOT NULL,
        local_id TEXT NOT NULL,
        body     TEXT NOT NULL CHECK (json_type(body) = 'object'),
        found_at INTEGER NOT NULL,
        UNIQUE (doc_id, rev)
    ) STRICT;
    CREATE INDEX sync_conflicts_of ON sync_conflicts (kind, local_id);

    CREATE TABLE sync_set_aside (
        doc_id   TEXT NOT NULL,
        rev      TEXT NOT NULL,
        user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        reason   TEXT NOT NULL,
        waiting  INTEGER NOT NULL DEFAULT 0 CHECK (waiting IN (0, 1)),
        found_at INTEGER NOT NULL,
        PRIMARY KEY (doc_id, rev)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_state (
        user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        replication TEXT NOT NULL,
        session    TEXT NOT NULL,
        pulled_seq TEXT NOT NULL,
        pushes     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, replication)
    ) STRICT, WITHOUT ROWID;
"#;

/// Versions that lost a conflict and that the person has since settled: each is closed on the
/// server by a deleted child revision, sent with the next push, so that every device stops showing
/// it.
const SYNC_CLOSING: &str = r#"
    CREATE TABLE sync_closing (
        doc_id  TEXT NOT NULL,
        rev     TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind    TEXT NOT NULL,
        local_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, rev)
    ) STRICT, WITHOUT ROWID;
"#;

const PICTURES: &str = r#"
    CREATE TABLE pictures (
        id           TEXT PRIMARY KEY,
        user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        entry_id     TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        mime         TEXT NOT NULL
                     CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
        width        INTEGER NOT NULL CHECK (width > 0),
        height       INTEGER NOT NULL CHECK (height > 0),
        byte_len     INTEGER NOT NULL CHECK (byte_len > 0),
        created_at   INTEGER NOT NULL,
        display_mime TEXT CHECK (display_mime IN ('image/png', 'image/jpeg')),
        data         BLOB NOT NULL CHECK (length(data) = byte_len),
        display      BLOB,
        CHECK ((display IS NULL) = (display_mime IS NULL))
    ) STRICT;
    CREATE INDEX pictures_of_entry ON pictures (entry_id);
"#;

/// Every migration, in order.
pub fn migrations() -> Migrations<'static> {
    let mut all = MIGRATIONS.to_vec();
    all.push(M::up_with_hook(DATES_JOURNALS_TAGS, index_existing_tags));
    all.push(M::up(MOODS_BY_DATE));
    all.push(M::up(PICTURES));
    all.push(M::up(JOURNAL_TEMPLATES));
    all.push(M::up(IMPORTS));
    all.push(M::up(SYNC));
    all.push(M::up(SYNC_CLOSING));
    Migrations::new(all)
}

/// How many migrations there are: the `user_version` of an up-to-date journal.
pub const MIGRATION_COUNT: usize = MIGRATIONS.len() + 7;

/// Reads the tags of every entry written before tags were indexed, oldest first, so that each tag
/// is shown as it was first spelt.
fn index_existing_tags(tx: &rusqlite::Transaction<'_>) -> HookResult {
    let entries: Vec<(i64, String, i64, String)> = tx
        .prepare(
            "SELECT seq, user_id, date_key, content FROM entries WHERE deleted_at IS NULL
             ORDER BY date_key",
        )?
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    for (seq, user, date_key, content) in entries {
        tags::index_entry(tx, &user, seq, date_key, &content)?;
    }
    Ok(())
}

/// How far `dated_at` is shifted to make room for entries dated the same millisecond in `date_key`.
pub const DATE_KEY_SHIFT: u32 = 20;
