//! Accounts: who may log in, as what, and the credentials that prove it.
//!
//! Secrets never reach the database in the clear: passwords are stored as
//! argon2id PHC strings, session cookies and API tokens as the SHA-256 of a
//! random 256-bit value (a stolen database copy cannot be replayed as a
//! login). Login attempts are recorded so repeated failures for one login are
//! throttled. Every row carries `company_id`, and every lookup is scoped by it.
//!
//! Functions that depend on the clock take `now`, so tests can move time.

use crate::{Db, Result, StoreError};
use amoeba_core::org::Org;
use amoeba_core::Refusal;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// How long a browser session lasts after login (a phone on the morning
/// board should not ask for the password every day).
pub const SESSION_DAYS: i64 = 14;
/// Failed logins allowed per login name within [`THROTTLE_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
/// Window over which failed logins are counted.
pub const THROTTLE_MINUTES: i64 = 15;
/// Shortest password accepted when a person chooses one.
pub const MIN_PASSWORD_LEN: usize = 10;

/// What a login may see. The role decides the kind of object; the scope
/// (unit, person or store code on [`User`]) decides which objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Owner / finance of the parent company: everything.
    Owner,
    /// Amoeba leader: the subtree under their unit.
    Leader,
    /// Member of staff: the public board and their own page.
    Member,
    /// Third-party operator (代运营): their one store, nothing else.
    Operator,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Leader, Role::Member, Role::Operator];

    /// Text code used in the database, the CLI and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Leader => "leader",
            Role::Member => "member",
            Role::Operator => "operator",
        }
    }
}

impl FromStr for Role {
    type Err = Refusal;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Role::ALL.iter().copied().find(|r| r.as_str() == t).ok_or_else(|| Refusal::UnknownAccessRole { value: s.to_string() })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A login of one company.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Company the login belongs to.
    pub company_id: i64,
    /// Login name (lower case).
    pub login: String,
    /// What the login may see.
    pub role: Role,
    /// The person this login is, when it is one (members must be).
    pub person: Option<String>,
    /// Leaders: the unit whose subtree they see.
    pub unit: Option<String>,
    /// Third-party operators: the store they run.
    pub store: Option<String>,
    /// When the login was created (RFC 3339, UTC).
    pub created_at: String,
    /// A disabled login cannot log in and its sessions and tokens stop working.
    pub disabled: bool,
}

/// What is needed to create a login.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewUser {
    /// Login name (trimmed and lower-cased when stored).
    pub login: String,
    /// Role code.
    pub role: Option<Role>,
    /// Person code.
    pub person: Option<String>,
    /// Unit code (leaders).
    pub unit: Option<String>,
    /// Store code (third-party operators).
    pub store: Option<String>,
}

impl NewUser {
    /// Checks the login name and that the role has the scope it needs and
    /// that every code named exists in the organisation — a leader without a
    /// unit would otherwise see nothing, or worse, be mistaken for an owner.
    pub fn check(&self, org: &Org) -> std::result::Result<Role, Refusal> {
        check_login(&self.login)?;
        let role = self.role.ok_or(Refusal::LoginNeedsRole)?;
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        match role {
            Role::Leader if blank(&self.unit) => return Err(Refusal::LeaderNeedsUnit),
            Role::Member if blank(&self.person) => return Err(Refusal::MemberNeedsPerson),
            Role::Operator if blank(&self.store) => return Err(Refusal::StoreLoginNeedsStore),
            _ => {}
        }
        if let Some(p) = self.person.as_deref().filter(|s| !s.trim().is_empty()) {
            if !org.people.iter().any(|x| x.code == p.trim()) {
                return Err(Refusal::UnknownPerson { code: p.to_string() });
            }
        }
        if let Some(u) = self.unit.as_deref().filter(|s| !s.trim().is_empty()) {
            if org.unit(u.trim()).is_none() {
                return Err(Refusal::UnknownUnit { code: u.to_string() });
            }
        }
        if let Some(s) = self.store.as_deref().filter(|s| !s.trim().is_empty()) {
            if !org.stores.iter().any(|x| x.code == s.trim()) {
                let known = org.stores.iter().map(|x| x.code.clone()).collect();
                return Err(Refusal::UnknownStore { code: s.to_string(), known });
            }
        }
        Ok(role)
    }
}

/// Lower-cases and trims a login name so `Zhang.Wei ` and `zhang.wei` are one login.
pub fn normalise_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Refuses login names that would be awkward in URLs, cookies or terminals.
pub fn check_login(login: &str) -> std::result::Result<(), Refusal> {
    let l = normalise_login(login);
    if l.len() < 2 || l.len() > 64 {
        return Err(Refusal::LoginLength { min: 2, max: 64 });
    }
    if !l.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@')) {
        return Err(Refusal::LoginCharacters { login: l });
    }
    Ok(())
}

/// Refuses passwords that are too easy to guess when a person picks one.
pub fn check_password(password: &str) -> std::result::Result<(), Refusal> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(Refusal::PasswordTooShort { min: MIN_PASSWORD_LEN });
    }
    Ok(())
}

/// A readable random password (about 79 bits): four groups of four letters
/// and digits without look-alikes (0/o, 1/l/i), easy to read out or type on a phone.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let groups: Vec<String> = (0..4).map(|_| (0..4).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()).collect();
    groups.join("-")
}

/// A random 256-bit secret in hex: session cookies, CSRF tokens, API tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored for a token: its SHA-256 in hex. A fast hash is right
/// here because the token itself has 256 random bits (nothing to brute-force).
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashes a password with argon2id (OWASP parameters) and a random salt.
pub fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Internal(format!("cannot make a salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches a stored argon2 hash (false on a malformed hash).
pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the login does not exist, so an unknown
/// login takes as long to refuse as a wrong password (no login enumeration
/// by timing).
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password, only burns time").unwrap_or_default())
}

async fn verify_blocking(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&hash, &password)).await.unwrap_or(false)
}

async fn hash_blocking(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| StoreError::Internal(format!("password hashing failed: {e}")))?
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A logged-in browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Who is logged in.
    pub user: User,
    /// The token every form of this session must send back (CSRF defence).
    pub csrf: String,
    /// When the session ends (RFC 3339, UTC).
    pub expires_at: String,
}

/// A new session: the cookie value (shown once, never stored) and its CSRF token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// Secret cookie value.
    pub token: String,
    /// CSRF token of the session.
    pub csrf: String,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

/// An API token as listed to its owner (the secret itself is shown once, at creation).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    /// Database id.
    pub id: i64,
    /// Name the user gave it (what it is for).
    pub name: String,
    /// When it was made.
    pub created_at: String,
    /// When it was last used, if ever.
    pub last_used_at: Option<String>,
    /// Revoked tokens stay listed but no longer work.
    pub revoked: bool,
}

/// How a login attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Password right, login enabled.
    Success(User),
    /// Unknown login, wrong password or disabled login (not told apart, so
    /// the answer does not reveal which logins exist).
    Refused,
    /// Too many failures lately; try again after this many seconds.
    Throttled {
        /// Seconds until the oldest counted failure leaves the window.
        retry_after_secs: i64,
    },
}

const USER_COLUMNS: &str = "id, company_id, login, role, person_code, unit_code, store_code, created_at, disabled";

fn user_from(r: &AnyRow) -> Result<User> {
    let role: String = r.get(3);
    Ok(User {
        id: r.get(0),
        company_id: r.get(1),
        login: r.get(2),
        role: role.parse().map_err(|e: amoeba_core::Refusal| StoreError::Corrupt(e.to_string()))?,
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

impl Db {
    /// Creates a login with `password` (already chosen or generated by the
    /// caller). Call [`NewUser::check`] first; this refuses only a taken login.
    pub async fn create_user(&self, company_id: i64, new: &NewUser, password: &str) -> Result<User> {
        let login = normalise_login(&new.login);
        check_login(&login).map_err(StoreError::Refused)?;
        let role = new.role.ok_or(StoreError::Refused(Refusal::LoginNeedsRole))?;
        if self.user_by_login(company_id, &login).await?.is_some() {
            return Err(StoreError::Refused(Refusal::LoginExists { login }));
        }
        let hash = hash_blocking(password.to_string()).await?;
        let row = sqlx::query(&format!(
            "INSERT INTO users (company_id, login, password_hash, role, person_code, unit_code, store_code, created_at, disabled) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) RETURNING {USER_COLUMNS}"
        ))
        .bind(company_id)
        .bind(login)
        .bind(hash)
        .bind(role.as_str())
        .bind(nonblank(&new.person))
        .bind(nonblank(&new.unit))
        .bind(nonblank(&new.store))
        .bind(stamp(Utc::now()))
        .fetch_one(&self.pool)
        .await?;
        user_from(&row)
    }

    /// Creates a login after checking its role and scope against the
    /// organisation. Without `password` a random one is generated; the
    /// password is returned so it can be shown once (it is not kept).
    pub async fn add_user(&self, company_id: i64, org: &Org, new: &NewUser, password: Option<&str>) -> Result<(User, String)> {
        new.check(org).map_err(StoreError::Refused)?;
        let password = match password.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => {
                check_password(p).map_err(StoreError::Refused)?;
                p.to_string()
            }
            None => generate_password(),
        };
        let user = self.create_user(company_id, new, &password).await?;
        Ok((user, password))
    }

    /// Gives a login a new random password (returned to be shown once),
    /// ends its sessions and API tokens and clears its throttling — what an owner does for
    /// someone who forgot theirs.
    pub async fn reset_password(&self, company_id: i64, login: &str) -> Result<(User, String)> {
        let user = self
            .user_by_login(company_id, login)
            .await?
            .ok_or_else(|| StoreError::Refused(Refusal::NoLogin { login: normalise_login(login) }))?;
        let password = generate_password();
        self.set_password(company_id, user.id, &password, None).await?;
        sqlx::query("DELETE FROM login_attempts WHERE company_id = $1 AND login = $2")
            .bind(company_id)
            .bind(user.login.clone())
            .execute(&self.pool)
            .await?;
        Ok((user, password))
    }

    /// Every login of a company, by login name.
    pub async fn users(&self, company_id: i64) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE company_id = $1 ORDER BY login"))
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from).collect()
    }

    /// A login by name (case-insensitive).
    pub async fn user_by_login(&self, company_id: i64, login: &str) -> Result<Option<User>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE company_id = $1 AND login = $2"))
            .bind(company_id)
            .bind(normalise_login(login))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from).transpose()
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

    /// Replaces a login's password, ends its sessions except `keep` (the
    /// session of a person changing their own password stays open) and
    /// revokes all its API tokens: a password change is what one does when a
    /// credential may have leaked, and a token made with the old password
    /// must not outlive it. Tokens stay listed, marked revoked; new ones are
    /// made on the account page.
    pub async fn set_password(&self, company_id: i64, user_id: i64, password: &str, keep: Option<&str>) -> Result<()> {
        let hash = hash_blocking(password.to_string()).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE company_id = $2 AND id = $3")
            .bind(hash)
            .bind(company_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE company_id = $1 AND user_id = $2 AND token_hash <> $3")
            .bind(company_id)
            .bind(user_id)
            .bind(keep.map(token_digest).unwrap_or_default())
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

    /// Checks a password, throttling repeated failures for one login name:
    /// after [`MAX_FAILURES`] failures within [`THROTTLE_MINUTES`] every
    /// attempt is refused unchecked until the window has passed.
    pub async fn login(&self, company_id: i64, login: &str, password: &str, now: DateTime<Utc>) -> Result<LoginOutcome> {
        let login = normalise_login(login);
        let window_start = now - Duration::minutes(THROTTLE_MINUTES);
        let failures = sqlx::query(
            "SELECT attempted_at FROM login_attempts WHERE company_id = $1 AND login = $2 AND succeeded = 0 AND attempted_at > $3 \
             ORDER BY attempted_at",
        )
        .bind(company_id)
        .bind(login.clone())
        .bind(stamp(window_start))
        .fetch_all(&self.pool)
        .await?;
        if failures.len() as i64 >= MAX_FAILURES {
            let oldest: String = failures[0].get(0);
            let oldest = DateTime::parse_from_rfc3339(&oldest).map(|t| t.with_timezone(&Utc)).unwrap_or(now);
            let retry = (oldest + Duration::minutes(THROTTLE_MINUTES) - now).num_seconds().max(1);
            return Ok(LoginOutcome::Throttled { retry_after_secs: retry });
        }
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE company_id = $1 AND login = $2"))
            .bind(company_id)
            .bind(login.clone())
            .fetch_optional(&self.pool)
            .await?;
        let (user, hash) = match &row {
            Some(r) => (Some(user_from(r)?), r.get::<String, _>(9)),
            None => (None, dummy_hash().to_string()),
        };
        let matches = verify_blocking(hash, password.to_string()).await;
        let success = match user {
            Some(u) if matches && !u.disabled => Some(u),
            _ => None,
        };
        let mut tx = self.begin_write().await?;
        if success.is_some() {
            sqlx::query("DELETE FROM login_attempts WHERE company_id = $1 AND login = $2")
                .bind(company_id)
                .bind(login.clone())
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("INSERT INTO login_attempts (company_id, login, attempted_at, succeeded) VALUES ($1, $2, $3, 0)")
                .bind(company_id)
                .bind(login)
                .bind(stamp(now))
                .execute(&mut *tx)
                .await?;
        }
        // Old attempts say nothing any more; keep the table small.
        sqlx::query("DELETE FROM login_attempts WHERE company_id = $1 AND attempted_at < $2")
            .bind(company_id)
            .bind(stamp(now - Duration::days(1)))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(match success {
            Some(u) => LoginOutcome::Success(u),
            None => LoginOutcome::Refused,
        })
    }

    /// Opens a session for a user who has just proved who they are.
    pub async fn create_session(&self, company_id: i64, user_id: i64, now: DateTime<Utc>) -> Result<NewSession> {
        let token = random_token();
        let csrf = random_token();
        let expires_at = now + Duration::days(SESSION_DAYS);
        sqlx::query(
            "INSERT INTO sessions (company_id, token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(company_id)
        .bind(token_digest(&token))
        .bind(user_id)
        .bind(csrf.clone())
        .bind(stamp(now))
        .bind(stamp(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(NewSession { token, csrf, expires_at })
    }

    /// The live session behind a cookie value: unknown, expired sessions and
    /// sessions of disabled logins give `None`.
    pub async fn session(&self, company_id: i64, token: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        let cols: Vec<String> = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect();
        let row = sqlx::query(&format!(
            "SELECT {}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id AND u.company_id = s.company_id \
             WHERE s.company_id = $1 AND s.token_hash = $2 AND s.expires_at > $3 AND u.disabled = 0",
            cols.join(", ")
        ))
        .bind(company_id)
        .bind(token_digest(token))
        .bind(stamp(now))
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(Session { user: user_from(&r)?, csrf: r.get(9), expires_at: r.get(10) })),
            None => Ok(None),
        }
    }

    /// Ends one session (logout), and sweeps expired ones while at it.
    pub async fn delete_session(&self, company_id: i64, token: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE company_id = $1 AND (token_hash = $2 OR expires_at <= $3)")
            .bind(company_id)
            .bind(token_digest(token))
            .bind(stamp(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Makes an API token for a user; the secret is returned once and only
    /// its digest is kept.
    pub async fn create_api_token(&self, company_id: i64, user_id: i64, name: &str) -> Result<(ApiToken, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::Refused(Refusal::TokenName));
        }
        let secret = format!("amb_{}", random_token());
        let row = sqlx::query(
            "INSERT INTO api_tokens (company_id, user_id, token_hash, name, created_at, last_used_at, revoked) \
             VALUES ($1, $2, $3, $4, $5, NULL, 0) RETURNING id, name, created_at, last_used_at, revoked",
        )
        .bind(company_id)
        .bind(user_id)
        .bind(token_digest(&secret))
        .bind(name.to_string())
        .bind(stamp(Utc::now()))
        .fetch_one(&self.pool)
        .await?;
        Ok((token_from(&row), secret))
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

    /// The user behind a bearer token (revoked tokens and disabled users give `None`).
    pub async fn user_by_api_token(&self, company_id: i64, secret: &str) -> Result<Option<User>> {
        let digest = token_digest(secret);
        let cols: Vec<String> = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect();
        let row = sqlx::query(&format!(
            "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id AND u.company_id = t.company_id \
             WHERE t.company_id = $1 AND t.token_hash = $2 AND t.revoked = 0 AND u.disabled = 0",
            cols.join(", ")
        ))
        .bind(company_id)
        .bind(digest.clone())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE company_id = $2 AND token_hash = $3")
            .bind(stamp(Utc::now()))
            .bind(company_id)
            .bind(digest)
            .execute(&self.pool)
            .await?;
        Ok(Some(user_from(&row)?))
    }
}

fn token_from(r: &AnyRow) -> ApiToken {
    ApiToken { id: r.get(0), name: r.get(1), created_at: r.get(2), last_used_at: r.get(3), revoked: r.get::<i64, _>(4) != 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse").expect("hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password(&h, "correct horse"));
        assert!(!verify_password(&h, "correct horsE"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn generated_passwords_are_long_and_different() {
        let a = generate_password();
        assert_eq!(a.len(), 19);
        assert!(check_password(&a).is_ok());
        assert_ne!(a, generate_password());
    }

    #[test]
    fn tokens_are_256_bits_and_stored_as_digests() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert_ne!(token_digest(&t), t);
        assert_eq!(token_digest(&t), token_digest(&t));
    }

    #[test]
    fn logins_are_normalised_and_checked() {
        assert_eq!(normalise_login(" Zhang.Wei "), "zhang.wei");
        assert!(check_login("zhang.wei@nbtq").is_ok());
        assert!(check_login("a b").is_err());
        assert!(check_login("x").is_err());
        assert!("Leader".parse::<Role>().is_ok());
        assert!("boss".parse::<Role>().is_err());
    }

    async fn company(db: &Db) -> i64 {
        db.create_company(&amoeba_core::org::Company::new("T", "T")).await.expect("company").id
    }

    fn owner(login: &str) -> NewUser {
        NewUser { login: login.into(), role: Some(Role::Owner), ..NewUser::default() }
    }

    #[tokio::test]
    async fn sessions_open_expire_and_close() {
        let db = crate::testing::fresh_db().await;
        let c = company(&db).await;
        let u = db.create_user(c, &owner("Boss"), "long enough pw").await.expect("user");
        assert_eq!(u.login, "boss");
        assert!(db.create_user(c, &owner("BOSS"), "another pw 123").await.is_err(), "logins are unique, case-insensitively");
        let now = Utc::now();
        let s = db.create_session(c, u.id, now).await.expect("session");
        let live = db.session(c, &s.token, now).await.expect("lookup").expect("live");
        assert_eq!((live.user.id, live.csrf.as_str()), (u.id, s.csrf.as_str()));
        assert!(db.session(c, &s.csrf, now).await.expect("lookup").is_none(), "only the session token opens the session");
        assert!(db.session(c + 1, &s.token, now).await.expect("lookup").is_none(), "sessions are scoped by company");
        let later = now + Duration::days(SESSION_DAYS) + Duration::seconds(1);
        assert!(db.session(c, &s.token, later).await.expect("lookup").is_none(), "expired");
        db.delete_session(c, &s.token, now).await.expect("logout");
        assert!(db.session(c, &s.token, now).await.expect("lookup").is_none(), "logged out");
    }

    #[tokio::test]
    async fn password_change_and_disable_end_sessions() {
        let db = crate::testing::fresh_db().await;
        let c = company(&db).await;
        let u = db.create_user(c, &owner("boss"), "long enough pw").await.expect("user");
        let now = Utc::now();
        let keep = db.create_session(c, u.id, now).await.expect("session");
        let other = db.create_session(c, u.id, now).await.expect("session");
        db.set_password(c, u.id, "brand new password", Some(&keep.token)).await.expect("change");
        assert!(db.session(c, &keep.token, now).await.expect("lookup").is_some());
        assert!(db.session(c, &other.token, now).await.expect("lookup").is_none());
        assert_eq!(db.login(c, "boss", "long enough pw", now).await.expect("login"), LoginOutcome::Refused);
        assert!(matches!(db.login(c, "boss", "brand new password", now).await.expect("login"), LoginOutcome::Success(_)));
        db.set_disabled(c, u.id, true).await.expect("disable");
        assert!(db.session(c, &keep.token, now).await.expect("lookup").is_none());
        assert_eq!(db.login(c, "boss", "brand new password", now).await.expect("login"), LoginOutcome::Refused);
    }

    #[tokio::test]
    async fn repeated_failures_are_throttled_then_released() {
        let db = crate::testing::fresh_db().await;
        let c = company(&db).await;
        db.create_user(c, &owner("boss"), "long enough pw").await.expect("user");
        let t0 = Utc::now();
        for i in 0..MAX_FAILURES {
            let at = t0 + Duration::seconds(i);
            assert_eq!(db.login(c, "boss", "wrong", at).await.expect("login"), LoginOutcome::Refused);
        }
        let at = t0 + Duration::seconds(MAX_FAILURES);
        match db.login(c, "boss", "long enough pw", at).await.expect("login") {
            LoginOutcome::Throttled { retry_after_secs } => assert!(retry_after_secs > 0 && retry_after_secs <= THROTTLE_MINUTES * 60),
            other => panic!("expected throttling even with the right password, got {other:?}"),
        }
        let after = t0 + Duration::minutes(THROTTLE_MINUTES) + Duration::seconds(1);
        assert!(matches!(db.login(c, "boss", "long enough pw", after).await.expect("login"), LoginOutcome::Success(_)));
        // Unknown logins are throttled the same way (no hint which logins exist).
        for _ in 0..MAX_FAILURES {
            assert_eq!(db.login(c, "nobody", "x", after).await.expect("login"), LoginOutcome::Refused);
        }
        assert!(matches!(db.login(c, "nobody", "x", after).await.expect("login"), LoginOutcome::Throttled { .. }));
    }

    #[tokio::test]
    async fn api_tokens_work_until_revoked() {
        let db = crate::testing::fresh_db().await;
        let c = company(&db).await;
        let u = db.create_user(c, &owner("boss"), "long enough pw").await.expect("user");
        let (tok, secret) = db.create_api_token(c, u.id, "BI tool").await.expect("token");
        assert_eq!(db.user_by_api_token(c, &secret).await.expect("lookup").map(|x| x.id), Some(u.id));
        assert!(db.user_by_api_token(c, "amb_guess").await.expect("lookup").is_none());
        assert!(db.api_tokens(c, u.id).await.expect("list")[0].last_used_at.is_some());
        assert!(db.revoke_api_token(c, u.id, tok.id).await.expect("revoke"));
        assert!(db.user_by_api_token(c, &secret).await.expect("lookup").is_none());
    }

    #[tokio::test]
    async fn password_reset_and_change_revoke_api_tokens() {
        let db = crate::testing::fresh_db().await;
        let c = company(&db).await;
        let u = db.create_user(c, &owner("boss"), "long enough pw").await.expect("user");
        let other = db.create_user(c, &owner("other"), "long enough pw").await.expect("user");
        let (_, before_reset) = db.create_api_token(c, u.id, "BI").await.expect("token");
        let (_, bystander) = db.create_api_token(c, other.id, "BI").await.expect("token");
        db.reset_password(c, "boss").await.expect("reset");
        assert!(db.user_by_api_token(c, &before_reset).await.expect("lookup").is_none(), "a reset ends tokens");
        assert!(db.api_tokens(c, u.id).await.expect("list")[0].revoked, "listed as revoked");
        let (_, before_change) = db.create_api_token(c, u.id, "BI 2").await.expect("token");
        let keep = db.create_session(c, u.id, Utc::now()).await.expect("session");
        db.set_password(c, u.id, "brand new password", Some(&keep.token)).await.expect("change");
        assert!(db.user_by_api_token(c, &before_change).await.expect("lookup").is_none(), "a change ends tokens");
        assert!(db.user_by_api_token(c, &bystander).await.expect("lookup").is_some(), "other logins' tokens stay");
        let (_, after) = db.create_api_token(c, u.id, "BI 3").await.expect("token");
        assert!(db.user_by_api_token(c, &after).await.expect("lookup").is_some(), "new tokens work");
    }

    #[test]
    fn scopes_are_required_and_must_exist() {
        let mut org = Org::empty(amoeba_core::org::Company::new("T", "T"));
        org.people.push(amoeba_core::org::Person { code: "E1".into(), name: "x".into(), email: None, external: false });
        let member =
            |p: Option<&str>| NewUser { login: "m1".into(), role: Some(Role::Member), person: p.map(Into::into), ..NewUser::default() };
        assert!(member(None).check(&org).is_err());
        assert!(member(Some("E9")).check(&org).is_err());
        assert_eq!(member(Some("E1")).check(&org), Ok(Role::Member));
        let leader = NewUser { login: "l1".into(), role: Some(Role::Leader), ..NewUser::default() };
        assert_eq!(leader.check(&org).unwrap_err(), Refusal::LeaderNeedsUnit);
    }
}
