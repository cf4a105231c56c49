//! Connecting, migrating and choosing the backend.

use crate::{Result, StoreError};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};
use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

/// Which database engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// A connection pool plus the knowledge of which backend it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool; every query goes through it (private: no SQL outside this crate).
    pub(crate) pool: AnyPool,
    /// The backend behind the pool.
    pub backend: Backend,
    /// The URL without password, for messages.
    pub display_url: String,
}

static DRIVERS: Once = Once::new();

/// Turns `--db` input into a URL: a bare path means a SQLite file.
pub fn url_for(db: &str) -> String {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db.starts_with("sqlite:") {
        db.to_string()
    } else {
        format!("sqlite://{db}?mode=rwc")
    }
}

fn hide_password(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Opens (creating a SQLite file if needed) and migrates the database.
    pub async fn connect(url: &str) -> Result<Db> {
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = if url.starts_with("postgres") { Backend::Postgres } else { Backend::Sqlite };
        let display_url = hide_password(url);
        let unreachable = |e: sqlx::Error| StoreError::Unreachable { url: display_url.clone(), reason: e.to_string() };
        let options = AnyConnectOptions::from_str(url).map_err(unreachable)?;
        let pool_options =
            AnyPoolOptions::new().max_connections(if backend == Backend::Sqlite { 4 } else { 8 }).acquire_timeout(Duration::from_secs(10));
        let pool_options = if backend == Backend::Sqlite {
            pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    let pragmas = format!(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {};",
                        crate::error::SQLITE_BUSY_WAIT_S * 1000
                    );
                    conn.execute(pragmas.as_str()).await?;
                    Ok(())
                })
            })
        } else {
            pool_options
        };
        let pool = pool_options.connect_with(options).await.map_err(unreachable)?;
        let db = Db { pool, backend, display_url };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<()> {
        let result = match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&self.pool).await,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&self.pool).await,
        };
        result.map_err(|e| StoreError::Migrate(e.to_string()))
    }

    /// Begins a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`, waiting up to the busy timeout):
    /// a transaction that read first and wrote later would fail at once,
    /// with "database is locked", whenever another writer committed between.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// The company's data version: it goes up with every import,
    /// organisation change and close (see migration 0007).
    pub async fn data_version(&self, company_id: i64) -> Result<i64> {
        let row = sqlx::query("SELECT data_version FROM companies WHERE id = $1").bind(company_id).fetch_one(&self.pool).await?;
        Ok(row.get(0))
    }

    /// Closes the pool, flushing SQLite's WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_paths_become_sqlite_urls() {
        assert_eq!(url_for("x.db"), "sqlite://x.db?mode=rwc");
        assert_eq!(url_for("postgres://u@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(hide_password("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(hide_password("postgres://u@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn the_two_schemas_stay_in_step() {
        let pairs = [
            (include_str!("../migrations/sqlite/0001_foundation.sql"), include_str!("../migrations/postgres/0001_foundation.sql")),
            (include_str!("../migrations/sqlite/0002_accounts.sql"), include_str!("../migrations/postgres/0002_accounts.sql")),
            (include_str!("../migrations/sqlite/0003_rules.sql"), include_str!("../migrations/postgres/0003_rules.sql")),
            (include_str!("../migrations/sqlite/0004_settlements.sql"), include_str!("../migrations/postgres/0004_settlements.sql")),
            (include_str!("../migrations/sqlite/0006_fact_chunks.sql"), include_str!("../migrations/postgres/0006_fact_chunks.sql")),
            (include_str!("../migrations/sqlite/0007_data_version.sql"), include_str!("../migrations/postgres/0007_data_version.sql")),
            (include_str!("../migrations/sqlite/0011_oversight.sql"), include_str!("../migrations/postgres/0011_oversight.sql")),
            (include_str!("../migrations/sqlite/0012_pay.sql"), include_str!("../migrations/postgres/0012_pay.sql")),
            (include_str!("../migrations/sqlite/0013_engagement.sql"), include_str!("../migrations/postgres/0013_engagement.sql")),
            (include_str!("../migrations/sqlite/0014_alerts.sql"), include_str!("../migrations/postgres/0014_alerts.sql")),
            (include_str!("../migrations/sqlite/0015_reviews.sql"), include_str!("../migrations/postgres/0015_reviews.sql")),
            (include_str!("../migrations/sqlite/0018_playbooks.sql"), include_str!("../migrations/postgres/0018_playbooks.sql")),
        ];
        // 0005 changes a constraint: SQLite rebuilds the table, PostgreSQL
        // alters it; both end with the same partial unique index.
        let index = "CREATE UNIQUE INDEX facts_by_fingerprint ON facts (company_id, fingerprint) WHERE fingerprint IS NOT NULL;";
        assert!(include_str!("../migrations/sqlite/0005_optional_fingerprint.sql").contains(index));
        assert!(include_str!("../migrations/postgres/0005_optional_fingerprint.sql").contains(index));
        for (sqlite, pg) in pairs {
            let normalised = sqlite
                .replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
                .replace(" BLOB ", " BYTEA ")
                .replace("(SQLite). Keep in step with ../postgres", "(PostgreSQL). Keep in step with ../sqlite");
            // Storage settings SQLite has no counterpart for close a file.
            let shared = pg.split("\n-- PostgreSQL only:").next().expect("split yields a first piece");
            assert_eq!(normalised, shared);
        }
    }
}
