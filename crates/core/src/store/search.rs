//! Full-text search over a user's entries, as they type.
//!
//! The index is an FTS5 table over `entries`. New and removed entries change it at once, through
//! triggers; an edited entry is only noted in `fts_pending` by the save, and [`Store::index_pending`]
//! brings the index up to date later, off the save's path (see migration 7). Every search does that
//! first, so it always sees every saved word. What a person types is never handed to FTS5 as query syntax: [`fts_query`] turns it into quoted terms, so
//! stray quotes, `NEAR`, `*` or `-` cannot cause a syntax error or change the meaning.

use rusqlite::{params, TransactionBehavior};
use serde::Serialize;

use super::entries::{read_summary, summary_columns, EntrySummary};
use super::{Store, StoreError, UserId};

/// Most results one search may ask for.
const MAX_HITS: u32 = 200;
/// How many of the newest matching entries are ranked. A word that appears in a few hundred entries
/// or fewer is ranked over all of them; for a word in thousands, the search ranks the newest few
/// hundred, so that a common word costs no more than a rare one.
pub(super) const RANK_WINDOW: u32 = 200;
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

/// Turns typed text into an FTS5 query: every word must appear, and the last word also matches as a
/// prefix unless the person has finished it with a space or it is a single character (every word
/// starting with "w" is most of the journal). `None` when nothing searchable was typed.
pub fn fts_query(input: &str) -> Option<String> {
    // A NUL separates words too: FTS5 reads a query only up to its first NUL, so one inside a
    // quoted term would leave the string unterminated.
    let gap = |c: char| c.is_whitespace() || c == '\0';
    let words: Vec<&str> = input
        .split(gap)
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    let last = words.len().checked_sub(1)?;
    let still_typing = !input.ends_with(gap);
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let quoted = format!("\"{}\"", word.replace('"', "\"\""));
            if i == last && still_typing && word.chars().count() > 1 {
                quoted + "*"
            } else {
                quoted
            }
        })
        .collect();
    Some(terms.join(" "))
}

impl Store {
    /// The user's entries that contain every typed word, best match first, each with a snippet.
    #[tracing::instrument(skip_all, err)]
    pub fn search_entries(
        &self,
        user: &UserId,
        input: &str,
        limit: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        self.index_if_pending()?;
        let conn = self.reader();
        // Ranking reads every candidate's statistics, so it is bounded: FTS5 walks its index newest
        // first and stops after RANK_WINDOW matches for this user; those are ranked by bm25. The
        // snippet is made in the same pass: a second MATCH per result would merge the posting lists
        // of a typed prefix again for each one.
        let mut stmt = conn.prepare_cached(&format!(
            "WITH recent AS (
                 SELECT entries_fts.rowid AS seq, bm25(entries_fts) AS score,
                        snippet(entries_fts, 0, char(2), char(3), '…', ?4) AS snippet
                 -- CROSS JOIN keeps the index as the outer loop: a planner that starts from the
                 -- person's entries instead runs the MATCH once per entry.
                 FROM entries_fts CROSS JOIN entries e ON e.seq = entries_fts.rowid
                 WHERE entries_fts MATCH ?1 AND e.user_id = ?2 AND e.deleted_at IS NULL
                 ORDER BY entries_fts.rowid DESC
                 LIMIT ?5
             )
             SELECT {}, recent.snippet
             FROM recent
             JOIN entries e ON e.seq = recent.seq
             LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
             ORDER BY recent.score, e.created_at DESC
             LIMIT ?3",
            summary_columns()
        ))?;
        let hits = stmt
            .query_map(
                params![
                    query,
                    user.as_str(),
                    limit.min(MAX_HITS),
                    SNIPPET_TOKENS,
                    RANK_WINDOW
                ],
                |row| {
                    Ok(SearchHit {
                        entry: read_summary(row)?,
                        snippet: snippet_parts(&row.get::<_, String>(9)?),
                    })
                },
            )?
            .collect::<Result<_, _>>()?;
        Ok(hits)
    }
}

impl Store {
    /// Brings the full-text index up to date with the entries edited since it was last updated,
    /// [`INDEX_BATCH`] entries per transaction. Returns how many were indexed.
    #[tracing::instrument(skip_all, err)]
    pub fn index_pending(&self) -> Result<usize, StoreError> {
        let mut done = 0;
        loop {
            let mut conn = self.writer();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let batch: Vec<(i64, String, Option<String>)> = tx
                .prepare_cached(
                    "SELECT p.entry_seq, p.indexed, e.content
                     FROM fts_pending p LEFT JOIN entries e ON e.seq = p.entry_seq
                     ORDER BY p.entry_seq LIMIT ?1",
                )?
                .query_map([INDEX_BATCH], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?
                .collect::<Result<_, _>>()?;
            for (seq, indexed, content) in &batch {
                if content.as_ref() != Some(indexed) {
                    tx.prepare_cached(
                        "INSERT INTO entries_fts (entries_fts, rowid, content)
                         VALUES ('delete', ?1, ?2)",
                    )?
                    .execute(params![seq, indexed])?;
                    if let Some(content) = content {
                        tx.prepare_cached(
                            "INSERT INTO entries_fts (rowid, content) VALUES (?1, ?2)",
                        )?
                        .execute(params![seq, content])?;
                    }
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

    #[test]
    fn typed_text_becomes_quoted_terms() {
        assert_eq!(
            fts_query("quiet mor").as_deref(),
            Some("\"quiet\" \"mor\"*")
        );
        assert_eq!(fts_query("quiet ").as_deref(), Some("\"quiet\""));
        assert_eq!(fts_query("w").as_deref(), Some("\"w\""));
        assert_eq!(
            fts_query("say \"hi").as_deref(),
            Some("\"say\" \"\"\"hi\"*")
        );
        assert_eq!(
            fts_query("NEAR(a b)").as_deref(),
            Some("\"NEAR(a\" \"b)\"*")
        );
        assert_eq!(fts_query("  - * \"  "), None);
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query("sea\0wall").as_deref(), Some("\"sea\" \"wall\"*"));
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
