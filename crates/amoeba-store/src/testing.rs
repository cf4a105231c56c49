//! Test support: a fresh, empty database per test on whichever backend the
//! test run targets (zero2prod style), so tests never share state.
//!
//! `AMOEBA_TEST_DATABASE_URL=postgres://…` makes every test create its own
//! PostgreSQL database on that server; without it each test gets its own
//! SQLite file in the temp folder.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use sqlx::Row;
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

/// The pool behind a database, for tests that read or tamper with storage
/// directly (the pool is otherwise private to this crate: no SQL outside it).
pub fn pool(db: &crate::Db) -> &sqlx::AnyPool {
    &db.pool
}

/// Every block-stored fact (settlement lines) with its store id.
pub async fn block_facts(db: &crate::Db) -> Vec<(i64, crate::chunk_codec::ChunkFact)> {
    let mut out = Vec::new();
    for r in sqlx::query("SELECT store_id, payload FROM fact_chunks ORDER BY import_id, chunk_no").fetch_all(&db.pool).await.unwrap() {
        let store: i64 = r.get(0);
        let payload: Vec<u8> = r.get(1);
        crate::chunk_codec::decode_chunk(&payload, |f| out.push((store, crate::chunk_codec::ChunkFact::of(&f)))).unwrap();
    }
    out
}

type DailyKey = (String, i64, i64, String, String, String);

/// Checks the daily aggregates the reports read (`fact_daily` rows and the
/// SKU-level day blocks) equal a fresh sum over the facts they summarise
/// (rows of `facts` and settlement lines in `fact_chunks`), at the grain
/// `fact_daily` keeps, whichever way each import filled them.
pub async fn assert_daily_matches_facts(db: &crate::Db) {
    use crate::daily_agg::daily_sku;
    use std::collections::BTreeMap;
    let mut want: BTreeMap<DailyKey, (i64, i64, i64)> = BTreeMap::new();
    let add = |m: &mut BTreeMap<DailyKey, (i64, i64, i64)>, k: DailyKey, a: i64, q: i64, n: i64| {
        let e = m.entry(k).or_default();
        e.0 += a;
        e.1 += q;
        e.2 += n;
    };
    for r in
        sqlx::query("SELECT day, store_id, unit_id, sku, kind, currency, amount, quantity FROM facts").fetch_all(&db.pool).await.unwrap()
    {
        let kind: String = r.get(4);
        let (store, sku): (i64, String) = (r.get(1), r.get(3));
        let sku = daily_sku(kind.parse().unwrap(), store, &sku).to_string();
        add(&mut want, (r.get(0), store, r.get(2), sku, kind, r.get(5)), r.get(6), r.get(7), 1);
    }
    for (store, f) in block_facts(db).await {
        let sku = daily_sku(f.kind, store, f.sku.as_deref().unwrap_or("")).to_string();
        let key = (f.day.to_string(), store, 0, sku, f.kind.as_str().to_string(), f.currency.to_string());
        add(&mut want, key, f.amount, f.quantity, 1);
    }
    let mut have: BTreeMap<DailyKey, (i64, i64, i64)> = BTreeMap::new();
    for r in sqlx::query("SELECT day, store_id, unit_id, sku, kind, currency, amount, quantity, facts FROM fact_daily")
        .fetch_all(&db.pool)
        .await
        .unwrap()
    {
        add(&mut have, (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)), r.get(6), r.get(7), r.get(8));
    }
    for r in sqlx::query("SELECT day, payload FROM daily_chunks").fetch_all(&db.pool).await.unwrap() {
        let day: String = r.get(0);
        let payload: Vec<u8> = r.get(1);
        let mut cells = Vec::new();
        crate::daily_codec::decode_day(&payload, |c| {
            let key = (day.clone(), c.store_id, 0, c.sku.to_string(), c.kind.as_str().to_string(), c.currency.to_string());
            cells.push((key, c.amount, c.quantity, c.facts))
        })
        .unwrap();
        for (k, a, q, n) in cells {
            assert!(!k.3.is_empty(), "day blocks hold SKU-level sums only");
            add(&mut have, k, a, q, n);
        }
    }
    assert!(!have.is_empty());
    assert_eq!(have, want);
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_database_names() {
        assert_eq!(super::replace_database("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
        assert_eq!(super::replace_database("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    }
}
