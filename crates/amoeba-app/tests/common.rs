//! Shared test helpers: a fresh database and a dump of what it holds.

#![allow(dead_code)]

use amoeba_store::Db;
use sqlx::Row;

/// Every table, so a dump covers the whole database.
pub const TABLES: [&str; 23] = [
    "companies",
    "units",
    "people",
    "custom_roles",
    "assignments",
    "project_groups",
    "project_members",
    "stores",
    "ownerships",
    "skus",
    "sku_costs",
    "imports",
    "facts",
    "fact_daily",
    "settlements",
    "settlement_days",
    "fx_rates",
    "hours",
    "plans",
    "inventory",
    "periods",
    "rules",
    "_sqlx_migrations",
];

/// A fingerprint of the whole database: row counts of every table plus the
/// exact sums of money and the set of fact fingerprints.
pub async fn dump(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for t in TABLES {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {t}")).fetch_one(&db.pool).await.unwrap().get(0);
        out.push(format!("{t}: {n}"));
    }
    let sums = sqlx::query("SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0), COALESCE(CAST(SUM(quantity) AS BIGINT), 0) FROM facts")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    out.push(format!("facts sums: {} {}", sums.get::<i64, _>(0), sums.get::<i64, _>(1)));
    // Settlement lines carry no fingerprint (the settlement id keeps them
    // idempotent); count them apart.
    for r in
        sqlx::query("SELECT fingerprint FROM facts WHERE fingerprint IS NOT NULL ORDER BY fingerprint").fetch_all(&db.pool).await.unwrap()
    {
        out.push(r.get::<String, _>(0));
    }
    let bare: i64 = sqlx::query("SELECT COUNT(*) FROM facts WHERE fingerprint IS NULL").fetch_one(&db.pool).await.unwrap().get(0);
    out.push(format!("facts without fingerprint: {bare}"));
    for r in sqlx::query("SELECT day, amount FROM settlement_days ORDER BY import_id, day").fetch_all(&db.pool).await.unwrap() {
        out.push(format!("settled {} {}", r.get::<String, _>(0), r.get::<i64, _>(1)));
    }
    for r in sqlx::query("SELECT code, name, parent_code FROM units ORDER BY code").fetch_all(&db.pool).await.unwrap() {
        out.push(format!("unit {} {} {:?}", r.get::<String, _>(0), r.get::<String, _>(1), r.get::<Option<String>, _>(2)));
    }
    out
}

/// Checks the daily aggregate the reports read equals a fresh GROUP BY over
/// the facts it summarises, whichever way each import filled it (in memory
/// while writing, or by SQL when some rows were already stored).
pub async fn assert_daily_matches_facts(db: &Db) {
    let keys = "day, COALESCE(store_id, 0), COALESCE(unit_id, 0), sku, kind, currency";
    let read = |sql: String| async move {
        sqlx::query(&sql)
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {} {} {} {} {} {}",
                    r.get::<String, _>(0),
                    r.get::<i64, _>(1),
                    r.get::<i64, _>(2),
                    r.get::<String, _>(3),
                    r.get::<String, _>(4),
                    r.get::<String, _>(5),
                    r.get::<i64, _>(6),
                    r.get::<i64, _>(7),
                    r.get::<i64, _>(8)
                )
            })
            .collect::<Vec<_>>()
    };
    let daily = read(format!("SELECT {keys}, amount, quantity, facts FROM fact_daily ORDER BY {keys}")).await;
    let facts = read(format!(
        "SELECT {keys}, CAST(SUM(amount) AS BIGINT), CAST(SUM(quantity) AS BIGINT), COUNT(*) FROM facts GROUP BY {keys} ORDER BY {keys}"
    ))
    .await;
    assert!(!daily.is_empty());
    assert_eq!(daily, facts);
}

pub const ORG: &str = r#"
[company]
code = "T1"
name = "测试公司"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "AMZ"
name = "亚马逊"
kind = "profit_centre"
parent = "G"

[[units]]
code = "WH"
name = "仓储"
kind = "service_centre"
function = "warehouse"
parent = "G"

[[people]]
code = "E1"
name = "张伟"

[[assignments]]
person = "E1"
unit = "AMZ"
role = "manager"
from = "2026-01-01"
leader = true

[[stores]]
code = "S1"
name = "Amazon US"
platform = "amazon"
marketplace = "US"
currency = "USD"
owners = [{ unit = "AMZ", from = "2026-01-01" }]
"#;
