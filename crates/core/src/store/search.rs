//! Full-text search over a user's entries, as they type, with every match reachable a page at a time.
//!
//! The index is an FTS5 table over `entries` whose rowid is the entry's `date_key`, so FTS5 walks the
//! matches newest first by date and a page can start at any date: the next page's cursor is the last
//! key shown, and page N costs what page 1 does. "Best match" ranks every match by bm25 instead.
//! New and removed entries change the index at once, through triggers; an edited entry is only noted
//! in `fts_pending` by the save, and [`Store::index_pending`] brings the index up to date later, off
//! the save's path (see migration 7). Every search does that first, so it always sees every saved
//! word. What a person types is read by [`parse_query`]; none of it reaches FTS5 as syntax.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::entries::{read_summary, summary_columns, EntrySummary, SUMMARY_WIDTH};
use super::filter::{EntryFilter, Params, Scope};
use super::query::{parse_query, HighlightTerm, ParsedQuery};
use super::{Store, StoreError, UserId};

/// Most results one page may hold.
const MAX_HITS: u32 = 200;
/// How many edited entries one transaction of [`Store::index_pending`] indexes.
const INDEX_BATCH: u32 = 200;
/// Words of context the snippet keeps around the matches.
const SNIPPET_TOKENS: u32 = 16;
const HIT_START: char = '\u{2}';
const HIT_END: char = '\u{3}';

/// One search result: the entry and a passage with the matching words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub entry: EntrySummary,
    pub snippet: Vec<SnippetPart>,
}

/// A run of snippet text; `hit` marks the words that matched. The UI renders these as text nodes,
/// never as HTML, so an entry's content cannot inject markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    #[default]
    Newest,
    Best,
}

/// A search: the typed text (with any `tag:`, `journal:`, `before:`, `after:`, `mood:`, `is:starred`,
/// `"phrases"` and `-words` in it), the filter controls, the order, and where the page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    pub text: String,
    pub filter: EntryFilter,
    pub order: SearchOrder,
    pub cursor: Option<String>,
    pub limit: u32,
}

/// One page of search results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// The cursor of the next page; `None` after the last match.
    pub next: Option<String>,
    /// Set when part of the search could not be read as written and was searched as plain words.
    pub hint: Option<String>,
    /// The words to mark in an opened entry.
    pub terms: Vec<HighlightTerm>,
}

/// Where a page starts: below a `date_key` (newest first) or after a number of results (best match).
enum Cursor {
    Start,
    Below(i64),
    Skip(u32),
}

impl Cursor {
    fn read(cursor: Option<&str>) -> Result<Self, StoreError> {
        let bad =
            || StoreError::InvalidInput("that page of results is gone; search again".to_owned());
        let Some(cursor) = cursor else {
            return Ok(Self::Start);
        };
        match cursor.split_at_checked(1) {
            Some(("k", key)) => key.parse().map(Self::Below).map_err(|_| bad()),
            Some(("o", skip)) => skip.parse().map(Self::Skip).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

impl Store {
    /// One page of the entries that match the request, each with a snippet.
    #[tracing::instrument(skip_all, err)]
    pub fn search(&self, user: &UserId, request: &SearchRequest) -> Result<SearchPage, StoreError> {
        let parsed = parse_query(&request.text);
        let mut page = SearchPage {
            hint: parsed.hint.clone(),
            terms: parsed.terms.clone(),
            ..SearchPage::default()
        };
        if parsed.is_empty() {
            return Ok(page);
        }
        let cursor = Cursor::read(request.cursor.as_deref())?;
        self.index_if_pending()?;
        let conn = self.reader();
        let scope = Scope::resolve(&conn, user, &request.filter)?;
        let (typed, note) = typed_scope(&conn, user, &parsed)?;
        if let Some(note) = note {
            page.hint.get_or_insert(note);
        }
        let scope = scope.and(typed);
        if scope.empty {
            return Ok(page);
        }
        let limit = request.limit.clamp(1, MAX_HITS);
        let mut params = Params::default();
        params.push(":user", user.as_str().to_owned().into());
        params.push(":limit", (limit + 1).into());
        let sql = match parsed.fts_match() {
            Some(expr) => {
                params.push(":match", expr.into());
                params.push(":snippet", SNIPPET_TOKENS.into());
                matching(&scope, request.order, &cursor, &mut params)
            }
            None => {
                if let Some(excluded) = parsed.fts_excluded() {
                    params.push(":excluded", excluded.into());
                }
                browsing(&scope, &cursor, &mut params)
            }
        };
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows: Vec<(SearchHit, i64)> = stmt
            .query_map(&*params.as_named(), |row| {
                Ok((
                    SearchHit {
                        entry: read_summary(row)?,
                        snippet: snippet_parts(&row.get::<_, String>(SUMMARY_WIDTH)?),
                    },
                    row.get(SUMMARY_WIDTH + 1)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            page.next = match (request.order, &cursor, parsed.required.is_empty()) {
                (SearchOrder::Best, Cursor::Skip(skip), false) => {
                    Some(format!("o{}", skip + limit))
                }
                (SearchOrder::Best, _, false) => Some(format!("o{limit}")),
                _ => rows.last().map(|(_, key)| format!("k{key}")),
            };
        }
        page.hits = rows.into_iter().map(|(hit, _)| hit).collect();
        Ok(page)
    }
}

impl Store {
    /// The first `limit` matches of `text`, newest first, in every journal.
    pub fn search_entries(
        &self,
        user: &UserId,
        text: &str,
        limit: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let request = SearchRequest {
            text: text.to_owned(),
            limit,
            ..SearchRequest::default()
        };
        Ok(self.search(user, &request)?.hits)
    }
}

/// Entries matching the FTS5 expression `:match`. The CROSS JOIN keeps the index as the outer loop:
/// a planner that starts from the person's entries instead runs the MATCH once per entry.
fn matching(scope: &Scope, order: SearchOrder, cursor: &Cursor, params: &mut Params) -> String {
    let mut conditions = scope.conditions("entries_fts.rowid", params);
    let order_by = match (order, cursor) {
        (SearchOrder::Best, Cursor::Skip(skip)) => {
            params.push(":skip", (*skip).into());
            "bm25(entries_fts), entries_fts.rowid DESC LIMIT :limit OFFSET :skip"
        }
        (SearchOrder::Best, _) => "bm25(entries_fts), entries_fts.rowid DESC LIMIT :limit",
        (SearchOrder::Newest, Cursor::Below(key)) => {
            conditions.push_str(" AND entries_fts.rowid < :below");
            params.push(":below", Value::Integer(*key));
            "entries_fts.rowid DESC LIMIT :limit"
        }
        (SearchOrder::Newest, _) => "entries_fts.rowid DESC LIMIT :limit",
    };
    format!(
        "SELECT {}, snippet(entries_fts, 0, char(2), char(3), '…', :snippet), entries_fts.rowid
         FROM entries_fts CROSS JOIN entries e ON e.date_key = entries_fts.rowid
         LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
         WHERE entries_fts MATCH :match AND e.user_id = :user AND e.deleted_at IS NULL {conditions}
         ORDER BY {order_by}",
        summary_columns()
    )
}

/// Entries in the scope, newest first, without a word required: only typed forms, or only words to
/// leave out (`:excluded`). Their title stands in for a snippet.
fn browsing(scope: &Scope, cursor: &Cursor, params: &mut Params) -> String {
    let mut conditions = scope.conditions("e.date_key", params);
    if let Cursor::Below(key) = cursor {
        conditions.push_str(" AND e.date_key < :below");
        params.push(":below", Value::Integer(*key));
    }
    if params
        .as_named()
        .iter()
        .any(|(name, _)| *name == ":excluded")
    {
        conditions.push_str(
            " AND e.date_key NOT IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH :excluded)",
        );
    }
    format!(
        "SELECT {}, e.title, e.date_key
         FROM entries e LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
         WHERE e.user_id = :user AND e.deleted_at IS NULL {conditions}
         ORDER BY e.date_key DESC LIMIT :limit",
        summary_columns()
    )
}

/// The typed forms as a scope, and a note when one names something that does not exist.
fn typed_scope(
    conn: &Connection,
    user: &UserId,
    parsed: &ParsedQuery,
) -> Result<(Scope, Option<String>), StoreError> {
    let mut note = None;
    let journal = match &parsed.journal {
        Some(name) => {
            let id: Option<String> = conn
                .prepare_cached(
                    "SELECT id FROM journals
                     WHERE user_id = ?1 AND deleted_at IS NULL AND lower(name) = lower(?2)",
                )?
                .query_row(params![user.as_str(), name], |row| row.get(0))
                .optional()?;
            if id.is_none() {
                note = Some(format!(
                    "You have no journal called \u{201c}{name}\u{201d}."
                ));
            }
            Some(id.unwrap_or_default())
        }
        None => None,
    };
    let local_midnight = |day: &Option<String>| -> Result<Option<i64>, StoreError> {
        day.as_ref()
            .map(|day| {
                conn.query_row("SELECT unixepoch(?1, 'utc') * 1000", [day], |row| {
                    row.get(0)
                })
                .map_err(StoreError::from)
            })
            .transpose()
    };
    let filter = EntryFilter {
        journal: None,
        tag: parsed.tag.clone(),
        from: local_midnight(&parsed.after)?,
        to: local_midnight(&parsed.before)?,
        starred: parsed.starred,
        mood: parsed.mood,
    };
    let mut scope = Scope::resolve(conn, user, &filter)?;
    match journal.as_deref() {
        Some("") => scope.empty = true,
        Some(id) => scope.journal = Some(super::journals::journal_seq(conn, user, id)?),
        None => {}
    }
    Ok((scope, note))
}

/// An entry waiting to be indexed: its `seq`, the text the index holds for it, and its key and text
/// now (`None` if it is gone).
type Pending = (i64, String, Option<(i64, String)>);

impl Store {
    /// Brings the full-text index up to date with the entries edited since it was last updated,
    /// [`INDEX_BATCH`] entries per transaction. Returns how many were indexed.
    #[tracing::instrument(skip_all, err)]
    pub fn index_pending(&self) -> Result<usize, StoreError> {
        let mut done = 0;
        loop {
            let mut conn = self.writer();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let batch: Vec<Pending> = tx
                .prepare_cached(
                    "SELECT p.entry_seq, p.indexed, e.date_key, e.content
                     FROM fts_pending p LEFT JOIN entries e ON e.seq = p.entry_seq
                     ORDER BY p.entry_seq LIMIT ?1",
                )?
                .query_map([INDEX_BATCH], |row| {
                    let key: Option<i64> = row.get(2)?;
                    let content: Option<String> = row.get(3)?;
                    Ok((row.get(0)?, row.get(1)?, key.zip(content)))
                })?
                .collect::<Result<_, _>>()?;
            for (seq, indexed, entry) in &batch {
                // A deleted entry took its pending row with it (migration 7), so there is one.
                if let Some((key, content)) = entry.as_ref().filter(|(_, now)| now != indexed) {
                    tx.prepare_cached(
                        "INSERT INTO entries_fts (entries_fts, rowid, content)
                         VALUES ('delete', ?1, ?2)",
                    )?
                    .execute(params![key, indexed])?;
                    tx.prepare_cached("INSERT INTO entries_fts (rowid, content) VALUES (?1, ?2)")?
                        .execute(params![key, content])?;
                }
                tx.prepare_cached("DELETE FROM fts_pending WHERE entry_seq = ?1")?
                    .execute([seq])?;
            }
            tx.commit()?;
            done += batch.len();
            if batch.len() < INDEX_BATCH as usize {
                return Ok(done);
            }
        }
    }

    /// [`Store::index_pending`], when anything is pending; a search calls it first.
    pub(super) fn index_if_pending(&self) -> Result<(), StoreError> {
        let pending: bool = self
            .reader()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM fts_pending)")?
            .query_row([], |row| row.get(0))?;
        if pending {
            self.index_pending()?;
        }
        Ok(())
    }
}

pub(super) fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut hit = false;
    let mut text = String::new();
    for ch in marked.chars() {
        if ch == HIT_START || ch == HIT_END {
            if !text.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut text),
                    hit,
                });
            }
            hit = ch == HIT_START;
        } else {
            text.push(ch);
        }
    }
    if !text.is_empty() {
        parts.push(SnippetPart { text, hit });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::ContentKey;

    /// The plan SQLite picks for `sql`, one line per step.
    fn plan(conn: &Connection, sql: &str, params: &Params) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(&*params.as_named(), |row| row.get::<_, String>(3))
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    /// Every kind of search walks the full-text index (or the date index) in date order: no sort
    /// of all matches before the first page, and no MATCH run once per entry.
    #[test]
    fn searches_walk_their_index_in_date_order_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path(), &ContentKey::generate()).unwrap();
        let conn = store.reader();
        let scopes = [
            Scope::default(),
            Scope {
                journal: Some(1),
                ..Scope::default()
            },
            Scope {
                tag: Some(1),
                ..Scope::default()
            },
            Scope {
                tag: Some(1),
                tag_uses: 50_000,
                ..Scope::default()
            },
            Scope {
                mood: Some(crate::analyser::Mood::Calm),
                ..Scope::default()
            },
            Scope {
                lo: Some(1),
                hi: Some(2),
                ..Scope::default()
            },
            Scope {
                starred: true,
                mood: Some(crate::analyser::Mood::Calm),
                ..Scope::default()
            },
        ];
        for scope in &scopes {
            for cursor in [Cursor::Start, Cursor::Below(5)] {
                let mut params = Params::default();
                for name in [":user", ":limit", ":match", ":snippet"] {
                    params.push(name, Value::Integer(1));
                }
                let sql = matching(scope, SearchOrder::Newest, &cursor, &mut params);
                let found = plan(&conn, &sql, &params);
                assert!(
                    found.starts_with("SCAN entries_fts VIRTUAL TABLE"),
                    "{scope:?}\n{found}"
                );
                assert!(!found.contains("TEMP B-TREE"), "{scope:?}\n{found}");
                // Each match reaches its entry by its key, whatever else narrows the search.
                let entry = found.lines().find(|line| line.starts_with("SEARCH e "));
                assert!(
                    entry.is_some_and(|line| line.contains("date_key=?")),
                    "{scope:?}\n{found}"
                );
                // A tag or a mood is checked by the match's key before its entry is read.
                let step = |prefix: &str| found.lines().position(|line| line.starts_with(prefix));
                for index in ["SEARCH entry_tags", "SEARCH entry_moods"] {
                    if let Some(at) = step(index) {
                        assert!(at < step("SEARCH e ").unwrap(), "{scope:?}\n{found}");
                    }
                }

                let mut params = Params::default();
                for name in [":user", ":limit", ":excluded"] {
                    params.push(name, Value::Integer(1));
                }
                let sql = browsing(scope, &cursor, &mut params);
                let found = plan(&conn, &sql, &params);
                assert!(
                    !found.contains("TEMP B-TREE FOR ORDER BY"),
                    "{scope:?}\n{found}"
                );
            }
        }
    }

    #[test]
    fn snippets_split_into_marked_runs() {
        let parts = snippet_parts("a \u{2}quiet\u{3} morning");
        assert_eq!(
            parts,
            vec![
                SnippetPart {
                    text: "a ".into(),
                    hit: false
                },
                SnippetPart {
                    text: "quiet".into(),
                    hit: true
                },
                SnippetPart {
                    text: " morning".into(),
                    hit: false
                },
            ]
        );
    }
}
