//! The core crate's integration tests, one module per area, in one binary: it links once, and
//! without WebKit, since the core has no Tauri in it. Real parts where they can run here: SQLite
//! files in temporary folders, the local OpenID provider (`tests/idp/`), and the Secret Service
//! that `scripts/with-test-session` starts. `support/` holds the helpers they share.
//!
//! Run one area with `cargo test -p quire-core --test core_tests store::`.

mod support;

mod analyser;
mod backup;
mod callback_fuzz;
mod conversion;
mod encryption;
mod exchange_dayone;
mod exchange_export;
mod exchange_formats;
mod exchange_import;
mod exchange_joplin;
mod exchange_jrnl;
mod exchange_pdf;
mod finding;
mod full_disk;
mod history;
mod id_tokens;
mod idp_support;
mod insights;
mod keyring;
mod keys;
mod kill_loop;
mod moods;
mod opening_at_once;
mod organising;
mod permissions;
mod pictures;
mod privacy;
mod provider_faults;
mod search_index;
mod secrets;
mod sign_in;
mod sign_out_faults;
mod store;
mod sync;
mod templates;
