//! "Ask your journal": a question answered from the person's own entries, on this machine.
//!
//! This is retrieval, not a language model. The question's content words are looked up in the
//! full-text index (bm25), the best entries are re-ranked with a preference for recent ones, and the
//! answer is made of the sentences from those entries that share the most words with the question,
//! each linked to its entry.

use std::collections::HashSet;

use rusqlite::types::Value;
use serde::Serialize;

use super::entries::{read_summary, summary_columns, SUMMARY_WIDTH};
use super::filter::{EntryFilter, Params, Scope};
use super::search::{SearchHit, SnippetPart};
use super::{now_ms, Store, StoreError, UserId};
use crate::analyser::keywords::is_content_word;
use crate::analyser::text::{clip, sentences, words};

/// How many of the newest entries that match any question word bm25 ranks. A question is asked, not
/// typed letter by letter, so the window is wider than search's.
const ASK_WINDOW: u32 = 400;
/// Entries fetched from the index before re-ranking.
const CANDIDATES: u32 = 50;
/// Entries shown as sources.
const SOURCES: usize = 5;
/// Sentences in the answer, and at most this many from one entry.
const ANSWER_SENTENCES: usize = 3;
const SENTENCES_PER_ENTRY: usize = 2;
/// Question words used, at most.
const MAX_TERMS: usize = 12;
/// Longest answer sentence, in characters.
const SENTENCE_CHARS: usize = 280;
/// How much recency counts against relevance, and its half-life in days.
const RECENCY_WEIGHT: f64 = 0.2;
const RECENCY_HALF_LIFE_DAYS: f64 = 365.0;
const MS_PER_DAY: f64 = 86_400_000.0;

/// The answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The words searched for; empty when the question had none worth searching.
    pub terms: Vec<String>,
    /// The sentences that answer best, best first.
    pub sentences: Vec<AnswerSentence>,
    /// The entries they came from and other close matches, best first, with passages marked.
    pub sources: Vec<SearchHit>,
}

/// One sentence of the answer, with the question's words marked, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnswerSentence {
    pub entry_id: String,
    /// The date of the entry it came from.
    pub dated_at: i64,
    pub parts: Vec<SnippetPart>,
}

/// A question word and the stem it matches by (so "walking" also finds "walked").
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    word: String,
    stem: String,
}

impl Term {
    fn new(word: String) -> Self {
        let stem = ["ing", "ies", "ed", "es", "s"]
            .iter()
            .find_map(|suffix| {
                word.strip_suffix(suffix)
                    .filter(|stem| stem.chars().count() >= 3)
            })
            .unwrap_or(&word)
            .to_owned();
        Self { word, stem }
    }

    fn matches(&self, word: &str) -> bool {
        word.starts_with(&self.stem)
    }
}

/// The question's content words, in order, without repeats.
fn terms_of(question: &str) -> Vec<Term> {
    let mut seen = HashSet::new();
    words(question)
        .filter(|w| is_content_word(w) && seen.insert(w.clone()))
        .take(MAX_TERMS)
        .map(Term::new)
        .collect()
}

/// Any of the terms, each as a quoted prefix: never FTS5 syntax, whatever was typed.
fn fts_any(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"*", t.stem.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// Splits `text` into runs, marking the words that match a term.
fn mark(text: &str, terms: &[Term]) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, hit: bool| match parts.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(text),
        _ => parts.push(SnippetPart {
            text: text.to_owned(),
            hit,
        }),
    };
    let mut word_start: Option<usize> = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (word_start, is_word(c) && i < text.len()) {
            (None, true) => word_start = Some(i),
            (Some(start), false) => {
                let word = &text[start..i];
                let lower = word.to_lowercase();
                push(word, terms.iter().any(|t| t.matches(&lower)));
                word_start = None;
                if i < text.len() {
                    push(&text[i..i + c.len_utf8()], false);
                }
            }
            (None, false) if i < text.len() => push(&text[i..i + c.len_utf8()], false),
            _ => {}
        }
    }
    parts
}

/// How many distinct terms a sentence contains.
fn terms_in(sentence: &str, terms: &[Term]) -> usize {
    let words: Vec<String> = words(sentence).collect();
    terms
        .iter()
        .filter(|t| words.iter().any(|w| t.matches(w)))
        .count()
}

struct Candidate {
    hit: SearchHit,
    seq: i64,
    score: f64,
}

impl Store {
    /// Answers `question` from the user's entries in `journal`, or in all of their journals.
    #[tracing::instrument(skip_all, err)]
    pub fn ask(
        &self,
        user: &UserId,
        question: &str,
        journal: Option<&str>,
    ) -> Result<Answer, StoreError> {
        let terms = terms_of(question);
        let mut answer = Answer {
            terms: terms.iter().map(|t| t.word.clone()).collect(),
            sentences: Vec::new(),
            sources: Vec::new(),
        };
        if terms.is_empty() {
            return Ok(answer);
        }
        self.index_if_pending()?;
        let conn = self.reader();
        let scope = Scope::resolve(&conn, user, &EntryFilter::journal(journal))?;
        let mut params = Params::default();
        params.push(":match", fts_any(&terms).into());
        params.push(":user", user.as_str().to_owned().into());
        params.push(":candidates", Value::from(CANDIDATES));
        params.push(":window", Value::from(ASK_WINDOW));
        let conditions = scope.conditions("entries_fts.rowid", &mut params);
        // As in search, bm25 ranks a bounded window of the newest matches (see `ASK_WINDOW`), with
        // the snippets made in the same pass.
        let mut stmt = conn.prepare_cached(&format!(
            "WITH recent AS (
                 SELECT entries_fts.rowid AS key, bm25(entries_fts) AS score,
                        snippet(entries_fts, 0, char(2), char(3), '…', 24) AS snippet
                 -- CROSS JOIN keeps the index as the outer loop: a planner that starts from the
                 -- person's entries instead runs the MATCH once per entry.
                 FROM entries_fts CROSS JOIN entries e ON e.date_key = entries_fts.rowid
                 WHERE entries_fts MATCH :match AND e.user_id = :user AND e.deleted_at IS NULL
                       {conditions}
                 ORDER BY entries_fts.rowid DESC
                 LIMIT :window
             )
             SELECT {}, recent.snippet, e.seq, recent.score
             FROM recent
             JOIN entries e ON e.date_key = recent.key
             LEFT JOIN entry_analysis a ON a.entry_seq = e.seq
             ORDER BY recent.score
             LIMIT :candidates",
            summary_columns()
        ))?;
        let mut candidates = stmt
            .query_map(&*params.as_named(), |row| {
                Ok(Candidate {
                    hit: SearchHit {
                        entry: read_summary(row)?,
                        snippet: super::search::snippet_parts(
                            &row.get::<_, String>(SUMMARY_WIDTH)?,
                        ),
                    },
                    seq: row.get(SUMMARY_WIDTH + 1)?,
                    // bm25 is negative, more so for better matches.
                    score: -row.get::<_, f64>(SUMMARY_WIDTH + 2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let best = candidates
            .iter()
            .map(|c| c.score)
            .fold(f64::MIN_POSITIVE, f64::max);
        let now = now_ms();
        for c in &mut candidates {
            #[allow(clippy::cast_precision_loss)]
            let age_days = (now - c.hit.entry.dated_at).max(0) as f64 / MS_PER_DAY;
            let recency = 0.5f64.powf(age_days / RECENCY_HALF_LIFE_DAYS);
            c.score = (1.0 - RECENCY_WEIGHT) * (c.score / best) + RECENCY_WEIGHT * recency;
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        candidates.truncate(SOURCES);

        // The answer: the sentences sharing the most question words, the entry's rank breaking ties.
        let mut scored: Vec<(f64, usize, AnswerSentence)> = Vec::new();
        let mut content = conn.prepare_cached("SELECT content FROM entries WHERE seq = ?1")?;
        for (rank, c) in candidates.iter().enumerate() {
            let text: String = content.query_row([c.seq], |row| row.get(0))?;
            let mut from_entry: Vec<(f64, usize, AnswerSentence)> = sentences(&text)
                .into_iter()
                .filter_map(|s| {
                    let found = terms_in(s.text, &terms);
                    (found > 0).then(|| {
                        #[allow(clippy::cast_precision_loss)]
                        let score = found as f64 / terms.len() as f64 + 0.25 * c.score;
                        let clipped = clip(s.text, SENTENCE_CHARS);
                        let sentence = AnswerSentence {
                            entry_id: c.hit.entry.id.clone(),
                            dated_at: c.hit.entry.dated_at,
                            parts: mark(&clipped, &terms),
                        };
                        (score, rank, sentence)
                    })
                })
                .collect();
            from_entry.sort_by(|a, b| b.0.total_cmp(&a.0));
            scored.extend(from_entry.into_iter().take(SENTENCES_PER_ENTRY));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        answer.sentences = scored
            .into_iter()
            .take(ANSWER_SENTENCES)
            .map(|(_, _, s)| s)
            .collect();
        answer.sources = candidates.into_iter().map(|c| c.hit).collect();
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_become_stemmed_content_words() {
        let terms = terms_of("When did I go walking with the dogs? Walking!");
        let words: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(words, vec!["walk", "dog"]);
        assert!(terms_of("what was it?").is_empty());
        assert_eq!(fts_any(&terms), "\"walk\"* OR \"dog\"*");
        assert_eq!(fts_any(&terms_of("say \"NEAR(x")), "\"near\"*");
    }

    #[test]
    fn marking_keeps_every_character() {
        let terms = terms_of("dogs walks");
        let text = "We walked the dog, then — rain. Dogs!";
        let parts = mark(text, &terms);
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        let hits: Vec<&str> = parts
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, vec!["walked", "dog", "Dogs"]);
    }

    #[test]
    fn sentences_count_distinct_terms() {
        let terms = terms_of("garden tomatoes");
        assert_eq!(terms_in("The tomato plants in the garden", &terms), 2);
        assert_eq!(terms_in("Garden, garden, garden", &terms), 1);
        assert_eq!(terms_in("Nothing here", &terms), 0);
    }
}
