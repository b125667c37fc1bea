//! Search that finds everything: every match a page at a time, the filters, and the typed forms.

use crate::support::journal::{analyse, journal, local_noon, person, Journal};
use quire_core::analyser::{Analyser, Mood};
use quire_core::store::{
    EntryFilter, JournalColour, SearchOrder, SearchPage, SearchRequest, StoreError, UserId,
};

fn request(text: &str) -> SearchRequest {
    SearchRequest {
        text: text.to_owned(),
        limit: 50,
        ..SearchRequest::default()
    }
}

fn search(j: &Journal, user: &UserId, request: &SearchRequest) -> SearchPage {
    j.store.search(user, request).expect("search")
}

/// Every page of a search, following the cursors.
fn all_pages(j: &Journal, user: &UserId, mut request: SearchRequest) -> Vec<String> {
    let mut ids = Vec::new();
    loop {
        let page = search(j, user, &request);
        ids.extend(page.hits.iter().map(|h| h.entry.id.clone()));
        match page.next {
            Some(next) => request.cursor = Some(next),
            None => return ids,
        }
    }
}

#[test]
fn every_match_of_a_common_word_is_reachable_newest_first_by_date() {
    let j = journal();
    let me = person(&j.store, "ada");
    let day = 86_400_000;
    let start = local_noon("2020-01-01");
    let texts: Vec<String> = (0..620)
        .map(|i| format!("Entry {i}: the usual walk"))
        .collect();
    j.store
        .insert_entries(
            &me.id,
            None,
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| (start + i as i64 * day, t.as_str())),
        )
        .unwrap();
    // One entry written last but dated first: it must come last, not first.
    let late = j
        .store
        .create_entry(&me.id, None, Some(start - day))
        .unwrap();
    j.store
        .save_entry(&me.id, &late.id, "A backdated walk")
        .unwrap();

    let ids = all_pages(&j, &me.id, request("walk "));
    assert_eq!(ids.len(), 621, "no cap on the number of results");
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 621, "no entry twice across pages");
    assert_eq!(ids.last(), Some(&late.id));
    let dates: Vec<i64> = ids
        .iter()
        .map(|id| j.store.get_entry(&me.id, id).unwrap().dated_at)
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] > w[1]),
        "newest first by date"
    );
    // The 500th newest is entry 619 - 499 = 120.
    let five_hundredth = j.store.get_entry(&me.id, &ids[499]).unwrap();
    assert_eq!(five_hundredth.content, "Entry 120: the usual walk");

    // Best match pages through all of them too.
    let best = all_pages(
        &j,
        &me.id,
        SearchRequest {
            order: SearchOrder::Best,
            ..request("walk ")
        },
    );
    assert_eq!(best.len(), 621);
    let unique: std::collections::HashSet<&String> = best.iter().collect();
    assert_eq!(unique.len(), 621);

    assert!(matches!(
        j.store.search(
            &me.id,
            &SearchRequest {
                cursor: Some("nonsense".into()),
                ..request("walk")
            }
        ),
        Err(StoreError::InvalidInput(_))
    ));
}

/// Entries across two journals, tags, moods and stars, for the filter tests.
struct Spread {
    j: Journal,
    me: UserId,
    work: String,
}

fn spread() -> Spread {
    let j = journal();
    let analyser = Analyser::new();
    let me = person(&j.store, "ada").id;
    let work = j
        .store
        .create_journal(&me, "Work", JournalColour::Teal)
        .unwrap()
        .id;
    let add = |date: &str, journal: Option<&str>, text: &str| {
        let entry = j
            .store
            .create_entry(&me, journal, Some(local_noon(date)))
            .unwrap();
        j.store.save_entry(&me, &entry.id, text).unwrap();
        analyse(&j.store, &analyser, &me, &entry.id);
        entry.id
    };
    add("2023-03-01", None, "A quiet coffee in the garden. #home");
    add(
        "2023-09-01",
        Some(&work),
        "Coffee with the team, a quiet meeting. #meetings",
    );
    let starred = add(
        "2024-02-01",
        Some(&work),
        "Coffee and a happy, joyful launch day! #launch",
    );
    add(
        "2024-06-01",
        None,
        "Sad and lonely coffee on a grey morning. #home",
    );
    j.store.set_entry_starred(&me, &starred, true).unwrap();
    Spread { j, me, work }
}

fn found(s: &Spread, request: SearchRequest) -> Vec<String> {
    search(&s.j, &s.me, &request)
        .hits
        .into_iter()
        .map(|h| h.entry.title)
        .collect()
}

#[test]
fn filters_narrow_a_search_alone_and_together() {
    let s = spread();
    let with = |filter: EntryFilter| {
        found(
            &s,
            SearchRequest {
                filter,
                ..request("coffee")
            },
        )
    };
    assert_eq!(with(EntryFilter::default()).len(), 4);
    assert_eq!(with(EntryFilter::journal(Some(&s.work))).len(), 2);
    assert_eq!(
        with(EntryFilter {
            tag: Some("home".into()),
            ..EntryFilter::default()
        })
        .len(),
        2
    );
    let in_2024 = EntryFilter {
        from: Some(local_noon("2024-01-01")),
        to: Some(local_noon("2025-01-01")),
        ..EntryFilter::default()
    };
    assert_eq!(with(in_2024.clone()).len(), 2);
    assert_eq!(
        with(EntryFilter {
            starred: true,
            ..EntryFilter::default()
        })
        .len(),
        1
    );
    let sad = with(EntryFilter {
        mood: Some(Mood::Lonely),
        ..EntryFilter::default()
    });
    let sad_too = with(EntryFilter {
        mood: Some(Mood::Sad),
        ..EntryFilter::default()
    });
    assert_eq!(
        sad.len() + sad_too.len(),
        1,
        "the grey morning, whichever mood it got"
    );
    // Together.
    let work_2024 = EntryFilter {
        journal: Some(s.work.clone()),
        ..in_2024
    };
    assert_eq!(
        with(work_2024),
        ["Coffee and a happy, joyful launch day! #launch"]
    );
    // A range that ends before it starts is empty, not an error.
    let backwards = EntryFilter {
        from: Some(10),
        to: Some(5),
        ..EntryFilter::default()
    };
    assert!(with(backwards).is_empty());
}

#[test]
fn typed_forms_do_what_the_filter_controls_do() {
    let s = spread();
    let titles = |text: &str| found(&s, request(text));
    assert_eq!(
        titles("coffee journal:work"),
        found(
            &s,
            SearchRequest {
                filter: EntryFilter::journal(Some(&s.work)),
                ..request("coffee")
            }
        )
    );
    assert_eq!(titles("coffee tag:#HOME").len(), 2);
    assert_eq!(titles("coffee after:2024-01-01").len(), 2);
    assert_eq!(titles("coffee before:2024-01-01").len(), 2);
    assert_eq!(titles("coffee after:2023-06-01 before:2024-03-01").len(), 2);
    assert_eq!(titles("coffee is:starred").len(), 1);
    assert_eq!(
        titles("\"quiet coffee\"").len(),
        1,
        "a phrase keeps its words in order"
    );
    assert_eq!(
        titles("coffee -quiet").len(),
        2,
        "a minus leaves a word out"
    );
    assert_eq!(
        titles("-quiet").len(),
        2,
        "only words to leave out lists everything else"
    );
    assert_eq!(
        titles("tag:launch").len(),
        1,
        "forms alone browse the filtered entries"
    );
    // Typed forms and controls together narrow further; in conflict they find nothing.
    let conflict = SearchRequest {
        filter: EntryFilter::journal(Some(&s.work)),
        ..request("coffee tag:home")
    };
    assert!(found(&s, conflict).is_empty());

    // Bad syntax never fails: it is searched as words, with a hint.
    let page = search(&s.j, &s.me, &request("coffee before:soon"));
    assert!(page.hint.as_deref().unwrap().contains("2024-01-31"));
    assert!(
        page.hits.is_empty(),
        "no entry has the word \u{201c}soon\u{201d}"
    );
    let page = search(&s.j, &s.me, &request("\"grey morning"));
    assert!(page.hint.is_some());
    assert_eq!(page.hits.len(), 1);
    let page = search(&s.j, &s.me, &request("coffee journal:Dreams"));
    assert!(page.hits.is_empty());
    assert!(page.hint.unwrap().contains("Dreams"));
    // The words to mark in an opened entry.
    let page = search(&s.j, &s.me, &request("\"quiet coffee\" gar"));
    let terms: Vec<(&str, bool)> = page
        .terms
        .iter()
        .map(|t| (t.text.as_str(), t.prefix))
        .collect();
    assert_eq!(terms, [("quiet coffee", false), ("gar", true)]);
}

#[test]
fn history_ask_and_on_this_day_work_on_one_journal_or_all() {
    let s = spread();
    let all =
        s.j.store
            .history(&s.me, quire_core::store::Period::Month, None, None)
            .unwrap();
    let work =
        s.j.store
            .history(&s.me, quire_core::store::Period::Month, None, Some(&s.work))
            .unwrap();
    let count = |h: &quire_core::store::History| h.points.iter().map(|p| p.entries).sum::<u32>();
    assert_eq!((count(&all), count(&work)), (4, 2));
    let answer = s.j.store.ask(&s.me, "coffee", Some(&s.work)).unwrap();
    assert_eq!(answer.sources.len(), 2);
    assert!(answer.sources.iter().all(|h| h.entry.journal_id == s.work));
    let on_day = s.j.store.on_this_day(&s.me, "2026-03-01", None).unwrap();
    assert_eq!(on_day.len(), 1);
    assert!(s
        .j
        .store
        .on_this_day(&s.me, "2026-03-01", Some(&s.work))
        .unwrap()
        .is_empty());
}
