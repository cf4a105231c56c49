//! Shared test helpers: a fresh database and a dump of what it holds.

#![allow(dead_code)]

use amoeba_store::Db;
use sqlx::Row;

/// Every table, so a dump covers the whole database.
pub const TABLES: [&str; 21] = [
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
    for r in sqlx::query("SELECT fingerprint FROM facts ORDER BY fingerprint").fetch_all(&db.pool).await.unwrap() {
        out.push(r.get::<String, _>(0));
    }
    for r in sqlx::query("SELECT code, name, parent_code FROM units ORDER BY code").fetch_all(&db.pool).await.unwrap() {
        out.push(format!("unit {} {} {:?}", r.get::<String, _>(0), r.get::<String, _>(1), r.get::<Option<String>, _>(2)));
    }
    out
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
