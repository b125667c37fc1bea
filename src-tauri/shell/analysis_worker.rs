//! The analysis worker: one background thread that analyses entries after they are saved, and
//! works through the journal-wide job ("re-analyse all", or catching up after an upgrade).
//!
//! Nothing here runs on a thread that serves the window. A save only sends a message; the worker
//! waits until the entry has been quiet for [`QUIET_BEFORE_ANALYSIS`], so typing never waits for an
//! analysis and a burst of autosaves costs one. The journal-wide job runs in batches of
//! [`ANALYSIS_BATCH`] entries, one transaction each, and reports progress after each. Its cursor is
//! stored with each batch, so it resumes where it stopped after a restart; a cancel or a new save
//! is seen between batches. After an entry's analysis it also brings the search index up to date,
//! which saves leave to it (see `Store::index_pending`).

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use super::events::{AnalysisJobChanged, EntryAnalysed};
use super::state::JournalState;
use quire_core::analyser::Analyser;
use quire_core::store::{
    analyse_batch, AnalysisProgress, Store, StoreError, UserId, ANALYSIS_BATCH,
};

/// How long an entry must go unsaved before it is analysed.
pub const QUIET_BEFORE_ANALYSIS: Duration = Duration::from_millis(1500);
/// How long a catch-up job waits after a journal opens.
const GRACE_AFTER_OPEN: Duration = Duration::from_secs(3);
/// How long to wait before trying again after the database refused work (busy, disk full).
const RETRY_AFTER: Duration = Duration::from_secs(10);

enum Message {
    /// An entry was saved.
    Saved { user: UserId, id: String },
    /// A journal was opened: resume its job, or catch up on entries without a current analysis.
    Opened { user: UserId },
    /// Re-analyse every entry of the journal.
    Everything { user: UserId },
    /// Stop the journal-wide job; results so far are kept.
    Cancel { user: UserId },
    /// The person left their journal (signed out, or the session ended): drop all work for them.
    Closed { user: UserId },
}

/// The handle commands use to reach the worker.
pub struct AnalysisWorker {
    tx: Mutex<Sender<Message>>,
    /// The job's progress as last reported, for a window that opens while it runs.
    progress: Arc<Mutex<Option<AnalysisProgress>>>,
}

impl AnalysisWorker {
    /// Starts the worker thread.
    pub fn start(app: AppHandle) -> Self {
        let (tx, rx) = mpsc::channel();
        let progress = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name("analysis".into())
            .spawn(move || Worker::new(app, shared).run(&rx));
        if let Err(err) = spawned {
            tracing::error!(%err, "could not start the analysis thread; entries will not be analysed");
        }
        Self {
            tx: Mutex::new(tx),
            progress,
        }
    }

    fn send(&self, message: Message) {
        // Fails only if the worker thread is gone, which has been logged already.
        let _ = self
            .tx
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(message);
    }

    pub fn saved(&self, user: UserId, id: String) {
        self.send(Message::Saved { user, id });
    }

    pub fn opened(&self, user: UserId) {
        self.send(Message::Opened { user });
    }

    pub fn everything(&self, user: UserId) {
        self.send(Message::Everything { user });
    }

    pub fn cancel(&self, user: UserId) {
        self.send(Message::Cancel { user });
    }

    pub fn closed(&self, user: UserId) {
        self.send(Message::Closed { user });
    }

    /// The job's last reported progress; `None` when no job runs.
    pub fn progress(&self) -> Option<AnalysisProgress> {
        *self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct Worker {
    app: AppHandle,
    analyser: Option<Analyser>,
    /// Saved entries waiting for quiet, by entry id.
    pending: HashMap<String, (UserId, Instant)>,
    /// The journal-wide job, for this user, when one runs.
    job: Option<(UserId, AnalysisProgress)>,
    /// Set after a failure: no job work before this instant.
    paused_until: Option<Instant>,
    /// A journal that opened: its catch-up job starts at this instant, so that counting what needs
    /// analysing does not compete with the window's first page.
    catch_up: Option<(UserId, Instant)>,
    progress: Arc<Mutex<Option<AnalysisProgress>>>,
}

impl Worker {
    fn new(app: AppHandle, progress: Arc<Mutex<Option<AnalysisProgress>>>) -> Self {
        Self {
            app,
            analyser: None,
            pending: HashMap::new(),
            job: None,
            paused_until: None,
            catch_up: None,
            progress,
        }
    }

    fn run(mut self, rx: &Receiver<Message>) {
        loop {
            let now = Instant::now();
            let job_ready = self.job.is_some() && self.paused_until.is_none_or(|t| t <= now);
            let wait = if job_ready {
                Duration::ZERO
            } else {
                let next_save = self.pending.values().map(|(_, due)| *due).min();
                let next_catch_up = self.catch_up.as_ref().map(|(_, due)| *due);
                let next = [
                    next_save,
                    next_catch_up,
                    self.paused_until.filter(|_| self.job.is_some()),
                ]
                .into_iter()
                .flatten()
                .min();
                match next {
                    Some(due) => due.saturating_duration_since(now),
                    None => Duration::from_secs(3600),
                }
            };
            match rx.recv_timeout(wait) {
                Ok(message) => self.handle(message),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            while let Ok(message) = rx.try_recv() {
                self.handle(message);
            }
            self.analyse_due_saves();
            if let Some((user, _)) = self.catch_up.take_if(|(_, due)| *due <= Instant::now()) {
                self.begin_job(user, false);
            }
            if self.pending.values().all(|(_, due)| *due > Instant::now()) {
                self.job_step();
            }
        }
    }

    fn handle(&mut self, message: Message) {
        match message {
            Message::Saved { user, id } => {
                self.pending
                    .insert(id, (user, Instant::now() + QUIET_BEFORE_ANALYSIS));
            }
            Message::Opened { user } => {
                self.catch_up = Some((user, Instant::now() + GRACE_AFTER_OPEN));
            }
            Message::Everything { user } => {
                self.catch_up = None;
                self.begin_job(user, true);
            }
            Message::Cancel { user } => {
                if self.job.as_ref().is_some_and(|(u, _)| *u == user) {
                    self.job = None;
                }
                if let Some(store) = self.store_for(&user) {
                    if let Err(err) = store.end_analysis_job(&user) {
                        tracing::warn!(%err, "could not cancel the analysis job");
                    }
                }
                tracing::info!("analysis job cancelled");
                self.report(None);
            }
            Message::Closed { user } => {
                self.pending.retain(|_, (owner, _)| *owner != user);
                self.catch_up.take_if(|(owner, _)| *owner == user);
                if self.job.take_if(|(owner, _)| *owner == user).is_some() {
                    self.report(None);
                }
            }
        }
    }

    /// The store, if `user` is still the one whose journal is open.
    fn store_for(&self, user: &UserId) -> Option<Arc<Store>> {
        let journal = self.app.try_state::<JournalState>()?;
        let current = journal.user().ok()?;
        (current.id == *user).then(|| journal.store().ok())?
    }

    fn analyser(&mut self) -> &Analyser {
        self.analyser.get_or_insert_with(Analyser::new)
    }

    fn begin_job(&mut self, user: UserId, everything: bool) {
        let Some(store) = self.store_for(&user) else {
            return;
        };
        // Edits a previous run saved but did not live to index.
        index_pending(&store);
        match store.begin_analysis_job(&user, everything) {
            Ok(Some(progress)) => {
                tracing::info!(
                    total = progress.total,
                    done = progress.done,
                    everything = progress.everything,
                    "analysis job under way"
                );
                self.paused_until = None;
                self.job = Some((user, progress));
                self.report(Some(progress));
            }
            Ok(None) => {
                self.job = None;
                self.report(None);
            }
            Err(err) => tracing::warn!(%err, "could not start the analysis job"),
        }
    }

    fn analyse_due_saves(&mut self) {
        let now = Instant::now();
        let due: Vec<(String, UserId)> = self
            .pending
            .iter()
            .filter(|(_, (_, at))| *at <= now)
            .map(|(id, (user, _))| (id.clone(), user.clone()))
            .collect();
        // The index update covers every entry saved meanwhile, so it runs once, after the analyses.
        let mut analysed_in = None;
        for (id, user) in due {
            self.pending.remove(&id);
            let Some(store) = self.store_for(&user) else {
                continue;
            };
            if let Err(err) = self.analyse_one(&store, &user, &id) {
                tracing::warn!(%err, "could not analyse a saved entry");
            }
            analysed_in = Some(store);
        }
        if let Some(store) = analysed_in {
            index_pending(&store);
        }
    }

    fn analyse_one(&mut self, store: &Store, user: &UserId, id: &str) -> Result<(), StoreError> {
        let entry = match store.pending_entry(user, id) {
            Err(StoreError::NotFound) => return Ok(()),
            other => other?,
        };
        let analysis = self.analyser().analyse(&entry.content);
        if store.save_analysis(user, &entry, analysis.as_ref())? {
            let current = store.entry_analysis(user, id)?;
            let event = EntryAnalysed {
                entry_id: id.to_owned(),
                analysis: current,
            };
            if let Err(err) = event.emit(&self.app) {
                tracing::warn!(%err, "could not tell the window about an analysis");
            }
        }
        Ok(())
    }

    fn job_step(&mut self) {
        let Some((user, progress)) = self.job.clone() else {
            return;
        };
        if self.paused_until.is_some_and(|t| t > Instant::now()) {
            return;
        }
        let Some(store) = self.store_for(&user) else {
            // Signed out: the job stays in the database and resumes at their next sign-in.
            self.job = None;
            self.report(None);
            return;
        };
        match self.job_batch(&store, &user, &progress) {
            Ok(Some(next)) => {
                self.paused_until = None;
                self.job = Some((user, next));
                self.report(Some(next));
            }
            Ok(None) => {
                tracing::info!(done = progress.total, "analysis job finished");
                self.job = None;
                self.report(None);
            }
            Err(err) => {
                tracing::warn!(%err, "analysis job paused; trying again shortly");
                self.paused_until = Some(Instant::now() + RETRY_AFTER);
            }
        }
    }

    /// One batch; the new progress, or `None` when the job is finished (or was cancelled).
    fn job_batch(
        &mut self,
        store: &Store,
        user: &UserId,
        progress: &AnalysisProgress,
    ) -> Result<Option<AnalysisProgress>, StoreError> {
        let batch = store.analysis_batch(user, progress, ANALYSIS_BATCH)?;
        if batch.is_empty() {
            store.end_analysis_job(user)?;
            return Ok(None);
        }
        let results = analyse_batch(self.analyser(), batch);
        store.commit_analysis_batch(user, &results)
    }

    fn report(&self, progress: Option<AnalysisProgress>) {
        *self.progress.lock().unwrap_or_else(PoisonError::into_inner) = progress;
        if let Err(err) = AnalysisJobChanged(progress).emit(&self.app) {
            tracing::warn!(%err, "could not report analysis progress");
        }
    }
}

/// Brings the search index up to date with the entries saved since it last was (see
/// [`Store::index_pending`]). A failure is only logged: the next search tries again.
fn index_pending(store: &Store) {
    match store.index_pending() {
        Ok(0) => {}
        Ok(indexed) => tracing::debug!(indexed, "search index brought up to date"),
        Err(err) => tracing::warn!(%err, "could not update the search index; a search will retry"),
    }
}
