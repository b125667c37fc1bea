//! The schema, as an ordered list of migrations embedded in the binary.
//!
//! Append only: a migration that has shipped is never edited, because people's databases already ran
//! it. `rusqlite_migration` records progress in `PRAGMA user_version`.

use rusqlite_migration::{Migrations, M};

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

/// Every migration, in order.
/// How many migrations there are: the `user_version` of an up-to-date journal.
pub const MIGRATION_COUNT: usize = MIGRATIONS.len();

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}
