//! Shared test helpers: a fresh database and a dump of what it holds.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run
#![allow(dead_code)]

use amoeba_store::Db;
use sqlx::Row;

/// Every table, so a dump covers the whole database.
pub const TABLES: [&str; 37] = [
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
    "fact_chunks",
    "daily_chunks",
    "order_daily",
    "settlements",
    "settlement_days",
    "fx_rates",
    "hours",
    "plans",
    "inventory",
    "periods",
    "rules",
    "responsibilities",
    "customer_owners",
    "key_accounts",
    "traffic",
    "operator_contracts",
    "report_notes",
    "pay_plans",
    "pay_runs",
    "pay_statements",
    "pay_paid_sales",
    "pay_disputes",
    "_sqlx_migrations",
];

/// A fingerprint of the whole database: row counts of every table plus the
/// exact sums of money and the set of fact fingerprints.
pub async fn dump(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for t in TABLES {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {t}")).fetch_one(amoeba_store::testing::pool(db)).await.unwrap().get(0);
        out.push(format!("{t}: {n}"));
    }
    let sums = sqlx::query("SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0), COALESCE(CAST(SUM(quantity) AS BIGINT), 0) FROM facts")
        .fetch_one(amoeba_store::testing::pool(db))
        .await
        .unwrap();
    out.push(format!("facts sums: {} {}", sums.get::<i64, _>(0), sums.get::<i64, _>(1)));
    for r in sqlx::query("SELECT fingerprint FROM facts WHERE fingerprint IS NOT NULL ORDER BY fingerprint")
        .fetch_all(amoeba_store::testing::pool(db))
        .await
        .unwrap()
    {
        out.push(r.get::<String, _>(0));
    }
    let bare: i64 = sqlx::query("SELECT COUNT(*) FROM facts WHERE fingerprint IS NULL")
        .fetch_one(amoeba_store::testing::pool(db))
        .await
        .unwrap()
        .get(0);
    out.push(format!("facts without fingerprint: {bare}"));
    // Settlement lines live in blocks: their count and sums.
    let (mut n, mut amount, mut quantity) = (0u64, 0i128, 0i128);
    for (_, f) in block_facts(db).await {
        n += 1;
        amount += i128::from(f.amount);
        quantity += i128::from(f.quantity);
    }
    out.push(format!("block facts: {n} {amount} {quantity}"));
    for r in sqlx::query("SELECT day, amount FROM settlement_days ORDER BY import_id, day")
        .fetch_all(amoeba_store::testing::pool(db))
        .await
        .unwrap()
    {
        out.push(format!("settled {} {}", r.get::<String, _>(0), r.get::<i64, _>(1)));
    }
    for r in
        sqlx::query("SELECT code, name, parent_code FROM units ORDER BY code").fetch_all(amoeba_store::testing::pool(db)).await.unwrap()
    {
        out.push(format!("unit {} {} {:?}", r.get::<String, _>(0), r.get::<String, _>(1), r.get::<Option<String>, _>(2)));
    }
    out
}

#[allow(unused_imports)]
pub use amoeba_store::testing::{assert_daily_matches_facts, block_facts};

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
