//! Shared test helpers: a fresh database and a dump of what it holds.

#![allow(dead_code)]

use amoeba_store::Db;
use sqlx::Row;

/// Every table, so a dump covers the whole database.
pub const TABLES: [&str; 26] = [
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
    for r in
        sqlx::query("SELECT fingerprint FROM facts WHERE fingerprint IS NOT NULL ORDER BY fingerprint").fetch_all(&db.pool).await.unwrap()
    {
        out.push(r.get::<String, _>(0));
    }
    let bare: i64 = sqlx::query("SELECT COUNT(*) FROM facts WHERE fingerprint IS NULL").fetch_one(&db.pool).await.unwrap().get(0);
    out.push(format!("facts without fingerprint: {bare}"));
    // Settlement lines live in blocks: their count and sums.
    let (mut n, mut amount, mut quantity) = (0u64, 0i128, 0i128);
    for (_, f) in block_facts(db).await {
        n += 1;
        amount += i128::from(f.amount);
        quantity += i128::from(f.quantity);
    }
    out.push(format!("block facts: {n} {amount} {quantity}"));
    for r in sqlx::query("SELECT day, amount FROM settlement_days ORDER BY import_id, day").fetch_all(&db.pool).await.unwrap() {
        out.push(format!("settled {} {}", r.get::<String, _>(0), r.get::<i64, _>(1)));
    }
    for r in sqlx::query("SELECT code, name, parent_code FROM units ORDER BY code").fetch_all(&db.pool).await.unwrap() {
        out.push(format!("unit {} {} {:?}", r.get::<String, _>(0), r.get::<String, _>(1), r.get::<Option<String>, _>(2)));
    }
    out
}

/// Every block-stored fact (settlement lines) with its store id.
pub async fn block_facts(db: &Db) -> Vec<(i64, amoeba_store::chunk_codec::ChunkFact)> {
    let mut out = Vec::new();
    for r in sqlx::query("SELECT store_id, payload FROM fact_chunks ORDER BY import_id, chunk_no").fetch_all(&db.pool).await.unwrap() {
        let store: i64 = r.get(0);
        let payload: Vec<u8> = r.get(1);
        amoeba_store::chunk_codec::decode_chunk(&payload, |f| out.push((store, f.to_owned_fact()))).unwrap();
    }
    out
}

type DailyKey = (String, i64, i64, String, String, String);

/// Checks the daily aggregates the reports read (`fact_daily` rows and the
/// SKU-level day blocks) equal a fresh sum over the facts they summarise
/// (rows of `facts` and settlement lines in `fact_chunks`), at the grain
/// `fact_daily` keeps, whichever way each import filled them.
pub async fn assert_daily_matches_facts(db: &Db) {
    use amoeba_store::daily_agg::daily_sku;
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
        amoeba_store::daily_codec::decode_day(&payload, |c| {
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
