//! The rows behind logins: users, login attempts, sessions and API tokens.
//!
//! Only what is stored lives here: the rules (roles, scopes, login names,
//! throttling) are `amoeba_core::identity`, and hashing and secrets are the
//! application's (`amoeba_app::identity`). Secrets never reach the database
//! in the clear: this module is handed an argon2id PHC string for a password
//! and the SHA-256 digest of a session or API token. Every row carries
//! `company_id`, and every lookup is scoped by it.
//!
//! Functions that depend on the clock take `now`, so tests can move time.

use crate::{Db, Result, StoreError};
use amoeba_core::identity::{ApiToken, NewUser, Role, Session, User};
use amoeba_core::Refusal;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

const USER_COLUMNS: &str = "id, company_id, login, role, person_code, unit_code, store_code, created_at, disabled";

fn user_from(r: &AnyRow) -> Result<User> {
    let role: String = r.get(3);
    Ok(User {
        id: r.get(0),
        company_id: r.get(1),
        login: r.get(2),
        role: role.parse::<Role>().map_err(|e: Refusal| StoreError::Corrupt(e.to_string()))?,
        person: r.get(4),
        unit: r.get(5),
        store: r.get(6),
        created_at: r.get(7),
        disabled: r.get::<i64, _>(8) != 0,
    })
}

fn nonblank(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn prefixed_user_columns() -> String {
    USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// Stores a login (name already normalised and checked) with its
    /// password hash; refuses only a taken login.
    pub async fn insert_user(&self, company_id: i64, login: &str, role: Role, new: &NewUser, password_hash: &str) -> Result<User> {
        if self.user_by_login(company_id, login).await?.is_some() {
            return Err(StoreError::Refused(Refusal::LoginExists { login: login.to_string() }));
        }
        let row = sqlx::query(&format!(
            "INSERT INTO users (company_id, login, password_hash, role, person_code, unit_code, store_code, created_at, disabled) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) RETURNING {USER_COLUMNS}"
        ))
        .bind(company_id)
        .bind(login.to_string())
        .bind(password_hash.to_string())
        .bind(role.as_str())
        .bind(nonblank(&new.person))
        .bind(nonblank(&new.unit))
        .bind(nonblank(&new.store))
        .bind(stamp(Utc::now()))
        .fetch_one(&self.pool)
        .await?;
        user_from(&row)
    }

    /// Every login of a company, by login name.
    pub async fn users(&self, company_id: i64) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE company_id = $1 ORDER BY login"))
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from).collect()
    }

    /// A login by its (normalised) name.
    pub async fn user_by_login(&self, company_id: i64, login: &str) -> Result<Option<User>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE company_id = $1 AND login = $2"))
            .bind(company_id)
            .bind(login.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from).transpose()
    }

    /// A login with its stored password hash, for checking a password.
    pub async fn user_with_hash(&self, company_id: i64, login: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE company_id = $1 AND login = $2"))
            .bind(company_id)
            .bind(login.to_string())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Some((user_from(&r)?, r.get::<String, _>(9)))),
            None => Ok(None),
        }
    }

    /// A login by id.
    pub async fn user_by_id(&self, company_id: i64, id: i64) -> Result<Option<User>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE company_id = $1 AND id = $2"))
            .bind(company_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from).transpose()
    }

    /// Replaces a login's password hash, ends its sessions except the one
    /// whose digest is `keep` and revokes all its API tokens, in one
    /// transaction (the rule is `amoeba_app::identity::set_password`'s).
    pub async fn set_password_hash(&self, company_id: i64, user_id: i64, hash: &str, keep: Option<&str>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE company_id = $2 AND id = $3")
            .bind(hash.to_string())
            .bind(company_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE company_id = $1 AND user_id = $2 AND token_hash <> $3")
            .bind(company_id)
            .bind(user_id)
            .bind(keep.unwrap_or_default().to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE company_id = $1 AND user_id = $2 AND revoked = 0")
            .bind(company_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables (ending every session) or re-enables a login.
    pub async fn set_disabled(&self, company_id: i64, user_id: i64, disabled: bool) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET disabled = $1 WHERE company_id = $2 AND id = $3")
            .bind(i64::from(disabled))
            .bind(company_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE company_id = $1 AND user_id = $2")
                .bind(company_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// When a login failed since `since`, oldest first.
    pub async fn failed_logins_since(&self, company_id: i64, login: &str, since: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>> {
        let rows = sqlx::query(
            "SELECT attempted_at FROM login_attempts WHERE company_id = $1 AND login = $2 AND succeeded = 0 AND attempted_at > $3 \
             ORDER BY attempted_at",
        )
        .bind(company_id)
        .bind(login.to_string())
        .bind(stamp(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let at: String = r.get(0);
                DateTime::parse_from_rfc3339(&at)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| StoreError::Corrupt(format!("login attempt time '{at}': {e}")))
            })
            .collect()
    }

    /// Records a login attempt's outcome: a success clears the login's
    /// failures, a failure is counted; attempts older than `forget_before`
    /// are swept (they say nothing any more).
    pub async fn record_login(
        &self,
        company_id: i64,
        login: &str,
        succeeded: bool,
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if succeeded {
            sqlx::query("DELETE FROM login_attempts WHERE company_id = $1 AND login = $2")
                .bind(company_id)
                .bind(login.to_string())
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("INSERT INTO login_attempts (company_id, login, attempted_at, succeeded) VALUES ($1, $2, $3, 0)")
                .bind(company_id)
                .bind(login.to_string())
                .bind(stamp(now))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM login_attempts WHERE company_id = $1 AND attempted_at < $2")
            .bind(company_id)
            .bind(stamp(forget_before))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets a login's failed attempts (after an owner reset its password).
    pub async fn clear_login_attempts(&self, company_id: i64, login: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_attempts WHERE company_id = $1 AND login = $2")
            .bind(company_id)
            .bind(login.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a session under its token's digest.
    pub async fn insert_session(
        &self,
        company_id: i64,
        digest: &str,
        user_id: i64,
        csrf: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (company_id, token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(company_id)
        .bind(digest.to_string())
        .bind(user_id)
        .bind(csrf.to_string())
        .bind(stamp(now))
        .bind(stamp(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session stored under `digest`: unknown, expired sessions and
    /// sessions of disabled logins give `None`.
    pub async fn session_by_digest(&self, company_id: i64, digest: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        let row = sqlx::query(&format!(
            "SELECT {}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id AND u.company_id = s.company_id \
             WHERE s.company_id = $1 AND s.token_hash = $2 AND s.expires_at > $3 AND u.disabled = 0",
            prefixed_user_columns()
        ))
        .bind(company_id)
        .bind(digest.to_string())
        .bind(stamp(now))
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(Session { user: user_from(&r)?, csrf: r.get(9), expires_at: r.get(10) })),
            None => Ok(None),
        }
    }

    /// Ends the session stored under `digest`, and sweeps expired ones while at it.
    pub async fn delete_session(&self, company_id: i64, digest: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE company_id = $1 AND (token_hash = $2 OR expires_at <= $3)")
            .bind(company_id)
            .bind(digest.to_string())
            .bind(stamp(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores an API token (named, checked by the caller) under its digest.
    pub async fn insert_api_token(&self, company_id: i64, user_id: i64, digest: &str, name: &str) -> Result<ApiToken> {
        let row = sqlx::query(
            "INSERT INTO api_tokens (company_id, user_id, token_hash, name, created_at, last_used_at, revoked) \
             VALUES ($1, $2, $3, $4, $5, NULL, 0) RETURNING id, name, created_at, last_used_at, revoked",
        )
        .bind(company_id)
        .bind(user_id)
        .bind(digest.to_string())
        .bind(name.to_string())
        .bind(stamp(Utc::now()))
        .fetch_one(&self.pool)
        .await?;
        Ok(token_from(&row))
    }

    /// A user's API tokens, newest first.
    pub async fn api_tokens(&self, company_id: i64, user_id: i64) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_used_at, revoked FROM api_tokens WHERE company_id = $1 AND user_id = $2 ORDER BY id DESC",
        )
        .bind(company_id)
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(token_from).collect())
    }

    /// Revokes one of the user's own tokens; false when there is no such token of theirs.
    pub async fn revoke_api_token(&self, company_id: i64, user_id: i64, token_id: i64) -> Result<bool> {
        let done = sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE company_id = $1 AND user_id = $2 AND id = $3")
            .bind(company_id)
            .bind(user_id)
            .bind(token_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The user behind the token stored under `digest` (revoked tokens and
    /// disabled users give `None`); marks the token used.
    pub async fn user_by_token_digest(&self, company_id: i64, digest: &str) -> Result<Option<User>> {
        let row = sqlx::query(&format!(
            "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id AND u.company_id = t.company_id \
             WHERE t.company_id = $1 AND t.token_hash = $2 AND t.revoked = 0 AND u.disabled = 0",
            prefixed_user_columns()
        ))
        .bind(company_id)
        .bind(digest.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE company_id = $2 AND token_hash = $3")
            .bind(stamp(Utc::now()))
            .bind(company_id)
            .bind(digest.to_string())
            .execute(&self.pool)
            .await?;
        Ok(Some(user_from(&row)?))
    }
}

fn token_from(r: &AnyRow) -> ApiToken {
    ApiToken { id: r.get(0), name: r.get(1), created_at: r.get(2), last_used_at: r.get(3), revoked: r.get::<i64, _>(4) != 0 }
}
