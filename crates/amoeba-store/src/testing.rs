//! Test support: a fresh, empty database per test on whichever backend the
//! test run targets (zero2prod style), so tests never share state.
//!
//! `AMOEBA_TEST_DATABASE_URL=postgres://…` makes every test create its own
//! PostgreSQL database on that server; without it each test gets its own
//! SQLite file in the temp folder.

use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("amoeba_t_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos % 1_000_000_000)
}

/// The PostgreSQL server tests target, if any.
pub fn test_postgres_url() -> Option<String> {
    std::env::var("AMOEBA_TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"))
}

/// A URL for a brand-new empty database (created on the PostgreSQL server
/// when tests target one; a new SQLite file otherwise).
pub async fn fresh_database_url() -> String {
    match test_postgres_url() {
        Some(admin) => {
            use sqlx::Connection;
            let name = unique_name();
            let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to AMOEBA_TEST_DATABASE_URL");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
            let _ = conn.close().await;
            replace_database(&admin, &name)
        }
        None => {
            let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
            crate::url_for(&path.display().to_string())
        }
    }
}

/// Swaps the database name of a PostgreSQL URL.
pub fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let cut = base[after_scheme..].find('/').map(|i| i + after_scheme).unwrap_or(base.len());
    let mut out = format!("{}/{}", &base[..cut], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Opens a fresh migrated database.
pub async fn fresh_db() -> crate::Db {
    crate::Db::connect(&fresh_database_url().await).await.expect("open fresh test database")
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_database_names() {
        assert_eq!(super::replace_database("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
        assert_eq!(super::replace_database("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    }
}
