//! The `users` table: one row per account that has used this journal on this machine.
//!
//! A user is identified by who vouches for them (the `issuer`) and the stable id that issuer gives them
//! (the `subject`). Upserting on that pair is what makes a repeated sign-in land on the same journal.

use rusqlite::{named_params, OptionalExtension, Row};
use serde::Serialize;

use super::{now_ms, Store, StoreError};

/// The local id of a user row. Every journal query takes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(transparent)]
pub struct UserId(pub String);

impl UserId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub picture: Option<String>,
    pub first_seen_at: i64,
    pub last_sign_in_at: Option<i64>,
    pub last_synced_at: Option<i64>,
    pub updated_at: i64,
}

/// What an identity provider (or the local stand-in) tells us about a person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewUser {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub picture: Option<String>,
}

impl From<&User> for NewUser {
    fn from(user: &User) -> Self {
        Self {
            issuer: user.issuer.clone(),
            subject: user.subject.clone(),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            given_name: user.given_name.clone(),
            family_name: user.family_name.clone(),
            picture: user.picture.clone(),
        }
    }
}

const COLUMNS: &str = "id, issuer, subject, email, display_name, given_name, family_name, picture,
                       first_seen_at, last_sign_in_at, last_synced_at, updated_at";

impl Store {
    /// Creates the user, or refreshes the profile of the one with the same issuer and subject.
    /// `signed_in` also stamps the sign-in time; profile syncs in the background leave it alone.
    #[tracing::instrument(skip_all, err)]
    pub fn upsert_user(&self, user: &NewUser, signed_in: bool) -> Result<User, StoreError> {
        upsert(&self.writer(), user, signed_in)
    }

    /// Upserts the user and records them as the one signed in on this machine, in one transaction.
    #[tracing::instrument(skip_all, err)]
    pub fn sign_in(&self, user: &NewUser) -> Result<User, StoreError> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let user = upsert(&tx, user, true)?;
        tx.execute(
            "INSERT INTO signed_in (slot, user_id) VALUES (1, ?1)
             ON CONFLICT (slot) DO UPDATE SET user_id = excluded.user_id",
            [user.id.as_str()],
        )?;
        tx.commit()?;
        Ok(user)
    }

    /// The user signed in on this machine, if anyone is.
    pub fn signed_in_user(&self) -> Result<Option<User>, StoreError> {
        self.reader()
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM signed_in JOIN users ON users.id = signed_in.user_id"
                ),
                [],
                read_user,
            )
            .optional()
            .map_err(StoreError::from)
    }

    /// Forgets who is signed in. Their user row and entries stay.
    #[tracing::instrument(skip_all, err)]
    pub fn clear_signed_in(&self) -> Result<(), StoreError> {
        self.writer().execute("DELETE FROM signed_in", [])?;
        Ok(())
    }

    /// The user with this id, if there is one.
    pub fn user(&self, id: &UserId) -> Result<Option<User>, StoreError> {
        self.reader()
            .query_row(
                &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
                [id.as_str()],
                read_user,
            )
            .optional()
            .map_err(StoreError::from)
    }

    /// The user with this issuer and subject, if they have used this journal before.
    pub fn find_user(&self, issuer: &str, subject: &str) -> Result<Option<User>, StoreError> {
        let conn = self.reader();
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE issuer = ?1 AND subject = ?2"),
            [issuer, subject],
            read_user,
        )
        .optional()
        .map_err(StoreError::from)
    }
}

fn upsert(
    conn: &rusqlite::Connection,
    user: &NewUser,
    signed_in: bool,
) -> Result<User, StoreError> {
    if user.issuer.is_empty() || user.subject.is_empty() {
        return Err(StoreError::InvalidInput(
            "a user needs an issuer and a subject".into(),
        ));
    }
    let now = now_ms();
    conn.query_row(
        &format!(
            "INSERT INTO users (id, issuer, subject, email, display_name, given_name, family_name,
                                picture, first_seen_at, last_sign_in_at, last_synced_at, updated_at)
             VALUES (:id, :issuer, :subject, :email, :display_name, :given_name, :family_name,
                     :picture, :now, :sign_in, :now, :now)
             ON CONFLICT (issuer, subject) DO UPDATE SET
                 email = excluded.email,
                 display_name = excluded.display_name,
                 given_name = excluded.given_name,
                 family_name = excluded.family_name,
                 picture = excluded.picture,
                 last_sign_in_at = coalesce(excluded.last_sign_in_at, users.last_sign_in_at),
                 last_synced_at = excluded.last_synced_at,
                 updated_at = excluded.updated_at
             RETURNING {COLUMNS}"
        ),
        named_params! {
            ":id": uuid::Uuid::now_v7().to_string(),
            ":issuer": user.issuer,
            ":subject": user.subject,
            ":email": user.email,
            ":display_name": user.display_name,
            ":given_name": user.given_name,
            ":family_name": user.family_name,
            ":picture": user.picture,
            ":now": now,
            ":sign_in": signed_in.then_some(now),
        },
        read_user,
    )
    .map_err(StoreError::from)
}

fn read_user(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: UserId(row.get(0)?),
        issuer: row.get(1)?,
        subject: row.get(2)?,
        email: row.get(3)?,
        display_name: row.get(4)?,
        given_name: row.get(5)?,
        family_name: row.get(6)?,
        picture: row.get(7)?,
        first_seen_at: row.get(8)?,
        last_sign_in_at: row.get(9)?,
        last_synced_at: row.get(10)?,
        updated_at: row.get(11)?,
    })
}
