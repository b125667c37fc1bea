//! The pull side of sync: applying a document pulled from the server to the journal's rows
//! (see [`super::replica`] for the documents and the push side). A document whose row is owned by
//! another account, or that refers to a row not here yet, is set aside rather than applied.

use rusqlite::{named_params, params, OptionalExtension, Transaction};

use super::entries::next_date_key;
use super::journals::JournalColour;
use super::replica::{
    set_aside, Applied, DocBody, DocKind, EntryDoc, JournalDoc, PictureData, PictureDoc,
    PulledVersion,
};
use super::sync_conflicts::{deleted_here, drop_closed, keep_conflict};
use super::tags::index_entry;
use super::text::{title, word_count};
use super::{StoreError, UserId};

pub(super) fn apply(
    tx: &Transaction<'_>,
    user: &UserId,
    doc_id: &str,
    winner: &PulledVersion,
    losers: &[PulledVersion],
) -> Result<Applied, StoreError> {
    let kind = winner.body.kind();
    let local_id = winner.body.local_id();
    if losers
        .iter()
        .any(|loser| loser.body.kind() != kind || loser.body.local_id() != local_id)
    {
        set_aside(
            tx,
            user,
            doc_id,
            &winner.rev,
            "its versions describe different rows",
            false,
        )?;
        return Ok(Applied::SetAside);
    }
    // The row may already be mapped: to this document, or (a row no server has seen yet, such as
    // an entry imported with the same id on two devices) to another one, which this one replaces.
    let mapped: Option<(String, Option<String>, bool)> = tx
        .prepare_cached(
            "SELECT doc_id, rev, changes > pushed FROM sync_docs WHERE kind = ?1 AND local_id = ?2",
        )?
        .query_row(params![kind.as_str(), local_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let by_doc: Option<(String, String)> = tx
        .prepare_cached("SELECT kind, local_id FROM sync_docs WHERE doc_id = ?1")?
        .query_row([doc_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if by_doc.is_some_and(|(k, id)| k != kind.as_str() || id != local_id) {
        set_aside(
            tx,
            user,
            doc_id,
            &winner.rev,
            "it describes another row than before",
            false,
        )?;
        return Ok(Applied::SetAside);
    }
    let mut unpushed = false;
    match mapped {
        Some((mapped_doc, rev, dirty)) if mapped_doc != doc_id => {
            if rev.is_some() {
                set_aside(
                    tx,
                    user,
                    doc_id,
                    &winner.rev,
                    "its row syncs as another document",
                    false,
                )?;
                return Ok(Applied::SetAside);
            }
            tx.execute(
                "UPDATE sync_docs SET doc_id = ?1 WHERE doc_id = ?2",
                params![doc_id, mapped_doc],
            )?;
            unpushed = dirty;
        }
        Some((_, _, dirty)) => unpushed = dirty,
        None => {
            tx.execute(
                "INSERT INTO sync_docs (doc_id, user_id, kind, local_id, changes, pushed)
                 VALUES (?1, ?2, ?3, ?4, 0, 0)",
                params![doc_id, user.as_str(), kind.as_str(), local_id],
            )?;
        }
    }
    // Row ids are shared across users on one machine only by accident; never touch another's.
    if owned_by_other(tx, user, kind, local_id)? {
        set_aside(
            tx,
            user,
            doc_id,
            &winner.rev,
            "its row belongs to another account",
            false,
        )?;
        return Ok(Applied::SetAside);
    }
    drop_closed(tx, doc_id, &losers.iter().collect::<Vec<_>>())?;
    for loser in losers.iter().filter(|loser| !loser.body.is_deleted()) {
        keep_conflict(tx, user, doc_id, loser)?;
    }
    if unpushed {
        // Written here since the last push: the local text stays and will be pushed as a child of
        // the server's winner, so the devices agree on it; the server's version is kept to compare.
        if !winner.body.is_deleted() {
            keep_conflict(tx, user, doc_id, winner)?;
        }
        tx.execute(
            "UPDATE sync_docs SET rev = ?2 WHERE doc_id = ?1",
            params![doc_id, winner.rev],
        )?;
        return Ok(Applied::KeptLocal);
    }
    let revived = match &winner.body {
        DocBody::Entry(doc) => doc.deleted_at.is_none() && deleted_here(tx, &doc.id)?,
        _ => false,
    };
    let written = match &winner.body {
        DocBody::Journal(doc) => write_journal(tx, user, doc)?,
        DocBody::Entry(doc) => write_entry(tx, user, doc)?,
        DocBody::Picture(doc) => write_picture(tx, user, doc, winner.data.as_ref())?,
        DocBody::Gone { kind, id } => remove(tx, user, *kind, id)?,
    };
    if let Err(reason) = written {
        let waiting = reason.waiting;
        set_aside(tx, user, doc_id, &winner.rev, &reason.text, waiting)?;
        return Ok(if waiting {
            Applied::Waiting
        } else {
            Applied::SetAside
        });
    }
    tx.execute(
        "UPDATE sync_docs SET rev = ?2, pushed = changes, gone = ?3 WHERE doc_id = ?1",
        params![
            doc_id,
            winner.rev,
            matches!(winner.body, DocBody::Gone { .. })
        ],
    )?;
    tx.execute("DELETE FROM sync_set_aside WHERE doc_id = ?1", [doc_id])?;
    Ok(if revived {
        Applied::Revived
    } else {
        Applied::Applied
    })
}

/// Why a pulled version was not written.
struct NotWritten {
    text: String,
    waiting: bool,
}

fn waiting_for(what: &str) -> Result<Result<(), NotWritten>, StoreError> {
    Ok(Err(NotWritten {
        text: format!("waiting for its {what}, which has not arrived yet"),
        waiting: true,
    }))
}

fn owned_by_other(
    tx: &Transaction<'_>,
    user: &UserId,
    kind: DocKind,
    id: &str,
) -> Result<bool, StoreError> {
    let table = match kind {
        DocKind::Journal => "journals",
        DocKind::Entry => "entries",
        DocKind::Picture => "pictures",
    };
    Ok(tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1 AND user_id <> ?2)"),
        params![id, user.as_str()],
        |row| row.get(0),
    )?)
}

fn write_journal(
    tx: &Transaction<'_>,
    user: &UserId,
    doc: &JournalDoc,
) -> Result<Result<(), NotWritten>, StoreError> {
    let colour = JournalColour::parse(&doc.colour).as_str();
    let new_here: bool = tx
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM journals WHERE id = ?1)")?
        .query_row([&doc.id], |row| row.get(0))?;
    tx.prepare_cached(
        "INSERT INTO journals (id, user_id, name, colour, position, template, created_at,
                               deleted_at)
         VALUES (:id, :user, :name, :colour, :position, :template, :created, :deleted)
         ON CONFLICT (id) DO UPDATE SET name = :name, colour = :colour, position = :position,
                                        template = :template, deleted_at = :deleted",
    )?
    .execute(named_params! {
        ":id": doc.id,
        ":user": user.as_str(),
        ":name": doc.name,
        ":colour": colour,
        ":position": doc.position,
        ":template": doc.template,
        ":created": doc.created_at,
        ":deleted": doc.deleted_at,
    })?;
    if new_here && doc.deleted_at.is_none() {
        merge_twin(tx, user, doc)?;
    }
    Ok(Ok(()))
}

/// A journal of the same name made here and never synced (the first journal every device starts
/// with, say) is the same journal: its entries move into the one that arrived, and it goes.
fn merge_twin(tx: &Transaction<'_>, user: &UserId, doc: &JournalDoc) -> Result<(), StoreError> {
    let twin: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT j.seq, j.id FROM journals j
             JOIN sync_docs d ON d.kind = 'journal' AND d.local_id = j.id
             WHERE j.user_id = ?1 AND j.name = ?2 AND j.id <> ?3 AND j.deleted_at IS NULL
               AND d.rev IS NULL AND d.sent_rev IS NULL
             ORDER BY j.position LIMIT 1",
        )?
        .query_row(params![user.as_str(), doc.name, doc.id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let Some((twin_seq, twin_id)) = twin else {
        return Ok(());
    };
    tx.execute(
        "UPDATE entries SET journal_seq = (SELECT seq FROM journals WHERE id = ?1)
         WHERE journal_seq = ?2",
        params![doc.id, twin_seq],
    )?;
    tx.execute("DELETE FROM journals WHERE seq = ?1", [twin_seq])?;
    tx.execute(
        "DELETE FROM sync_docs WHERE kind = 'journal' AND local_id = ?1",
        [&twin_id],
    )?;
    tracing::info!("a journal made here merged with the same one from the server");
    Ok(())
}

fn write_entry(
    tx: &Transaction<'_>,
    user: &UserId,
    doc: &EntryDoc,
) -> Result<Result<(), NotWritten>, StoreError> {
    let journal: Option<i64> = tx
        .prepare_cached("SELECT seq FROM journals WHERE id = ?1 AND user_id = ?2")?
        .query_row(params![doc.journal, user.as_str()], |row| row.get(0))
        .optional()?;
    let Some(journal) = journal else {
        return waiting_for("journal");
    };
    let metadata = doc
        .metadata
        .as_ref()
        .map(|map| serde_json::to_string(map).expect("a JSON object serializes"));
    let existing: Option<(i64, i64, i64)> = tx
        .prepare_cached("SELECT seq, dated_at, date_key FROM entries WHERE id = ?1")?
        .query_row([&doc.id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let date_key = match existing {
        Some((_, dated_at, date_key)) if dated_at == doc.dated_at => date_key,
        _ => next_date_key(tx, doc.dated_at)?,
    };
    let values = named_params! {
        ":id": doc.id,
        ":user": user.as_str(),
        ":created": doc.created_at,
        ":updated": doc.updated_at,
        ":dated": doc.dated_at,
        ":key": date_key,
        ":journal": journal,
        ":starred": doc.starred,
        ":zone": doc.time_zone,
        ":metadata": metadata,
        ":content": doc.content,
        ":title": title(&doc.content),
        ":words": word_count(&doc.content),
        ":deleted": doc.deleted_at,
    };
    let seq: i64 = match existing {
        Some((seq, _, _)) => {
            tx.prepare_cached(
                "UPDATE entries SET updated_at = :updated, dated_at = :dated, date_key = :key,
                        journal_seq = :journal, starred = :starred, time_zone = :zone,
                        metadata = :metadata, content = :content, title = :title,
                        word_count = :words, deleted_at = :deleted, created_at = :created
                 WHERE id = :id AND user_id = :user",
            )?
            .execute(values)?;
            seq
        }
        None => tx
            .prepare_cached(
                "INSERT INTO entries (id, user_id, created_at, updated_at, dated_at, date_key,
                                      journal_seq, starred, time_zone, metadata, content, title,
                                      word_count, deleted_at)
                 VALUES (:id, :user, :created, :updated, :dated, :key, :journal, :starred, :zone,
                         :metadata, :content, :title, :words, :deleted)
                 RETURNING seq",
            )?
            .query_row(values, |row| row.get(0))?,
    };
    if doc.deleted_at.is_none() {
        index_entry(tx, user.as_str(), seq, date_key, &doc.content)?;
    }
    Ok(Ok(()))
}

fn write_picture(
    tx: &Transaction<'_>,
    user: &UserId,
    doc: &PictureDoc,
    data: Option<&PictureData>,
) -> Result<Result<(), NotWritten>, StoreError> {
    let Some(data) = data else {
        return Ok(Err(NotWritten {
            text: "its picture's bytes are missing".to_owned(),
            waiting: false,
        }));
    };
    let entry_here: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1 AND user_id = ?2)")?
        .query_row(params![doc.entry, user.as_str()], |row| row.get(0))?;
    if !entry_here {
        return waiting_for("entry");
    }
    // The table's checks (types, sizes, a display copy with its type) refuse a malformed picture.
    let written = tx
        .prepare_cached(
            "INSERT INTO pictures (id, user_id, entry_id, mime, width, height, byte_len,
                                   created_at, display_mime, data, display)
             VALUES (:id, :user, :entry, :mime, :width, :height, :len, :created, :display_mime,
                     :data, :display)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(named_params! {
            ":id": doc.id,
            ":user": user.as_str(),
            ":entry": doc.entry,
            ":mime": doc.mime,
            ":width": doc.width,
            ":height": doc.height,
            ":len": data.original.len() as i64,
            ":created": doc.created_at,
            ":display_mime": doc.display_mime,
            ":data": data.original,
            ":display": data.display,
        });
    match written {
        Ok(_) => Ok(Ok(())),
        Err(rusqlite::Error::SqliteFailure(err, _))
            if err.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(Err(NotWritten {
                text: "its picture is not one Quire can keep (type or size)".to_owned(),
                waiting: false,
            }))
        }
        Err(err) => Err(err.into()),
    }
}

fn remove(
    tx: &Transaction<'_>,
    user: &UserId,
    kind: DocKind,
    id: &str,
) -> Result<Result<(), NotWritten>, StoreError> {
    match kind {
        DocKind::Entry => {
            tx.execute(
                "DELETE FROM entries WHERE id = ?1 AND user_id = ?2",
                params![id, user.as_str()],
            )?;
        }
        DocKind::Picture => {
            tx.execute(
                "DELETE FROM pictures WHERE id = ?1 AND user_id = ?2",
                params![id, user.as_str()],
            )?;
        }
        DocKind::Journal => {
            // A journal goes only once no entry here is in it; otherwise it stays, deleted.
            tx.execute(
                "DELETE FROM journals WHERE id = ?1 AND user_id = ?2
                   AND NOT EXISTS (SELECT 1 FROM entries WHERE journal_seq = journals.seq)",
                params![id, user.as_str()],
            )?;
        }
    }
    Ok(Ok(()))
}
