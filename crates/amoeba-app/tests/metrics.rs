//! `unit_metrics` end to end on a real database (SQLite, or PostgreSQL when
//! AMOEBA_TEST_DATABASE_URL is set): LTV from stored orders, with peers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::metrics::{ltv_cohort, unit_metrics, LTV_HORIZON_DAYS, METRICS};
use amoeba_app::org::apply_org_file;
use amoeba_core::Month;
use amoeba_store::testing::fresh_db;
use rust_decimal::Decimal;

const ORG: &str = r#"
[company]
code = "L1"
name = "LTV 公司"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "A"
name = "独立站"
kind = "profit_centre"
parent = "G"

[[units]]
code = "B"
name = "TikTok"
kind = "profit_centre"
parent = "G"

[[stores]]
code = "S1"
name = "Shop 1"
platform = "other"
marketplace = "GLOBAL"
currency = "CNY"
owners = [{ unit = "A", from = "2025-01-01" }]

[[stores]]
code = "S2"
name = "Shop 2"
platform = "other"
marketplace = "GLOBAL"
currency = "CNY"
owners = [{ unit = "B", from = "2025-01-01" }]

[[skus]]
code = "K1"
name = "Kettle"
costs = [{ from = "2025-01-01", purchase = "20.00", freight = "5.00" }]
"#;

/// docs/formulas.md §11a, "LTV in the report" worked example.
const ORDERS: &str = "date,store,unit,kind,amount,currency,sku,order_id,customer_id,quantity\n\
2025-09-30,S1,,sale,80.00,CNY,K1,O5,c3,1\n\
2025-10-05,S1,,sale,100.00,CNY,K1,O1,c1,1\n\
2025-10-05,S1,,platform_fee,-10.00,CNY,K1,O1,,\n\
2025-10-07,S1,,sale,1000.00,CNY,K1,O8,,1\n\
2025-10-15,S1,,sale,80.00,CNY,K1,O6,c3,1\n\
2025-10-20,S1,,sale,50.00,CNY,K1,O4,c2,1\n\
2025-10-25,S1,,refund,-50.00,CNY,K1,O4,c2,1\n\
2025-10-31,S2,,sale,300.00,CNY,K1,O7,c1,2\n\
2025-10-31,S2,,fulfilment_fee,-20.00,CNY,K1,O7,,\n\
2026-03-01,S1,,sale,60.00,CNY,K1,O2,c1,1\n\
2026-10-10,S1,,sale,500.00,CNY,K1,O3,c1,1\n";

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn month(s: &str) -> Month {
    s.parse().expect("month")
}

#[tokio::test]
async fn worked_example_ltv_report() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    import_file(&db, &company, ImportKind::Facts, "orders.csv", ORDERS.as_bytes(), None, &mut NoProgress).await.expect("import");

    let report = unit_metrics(&db, &company, month("2026-10")).await.expect("metrics");
    assert_eq!((report.ltv_horizon_days, report.ltv_cohort), (LTV_HORIZON_DAYS, month("2025-10")));
    assert_eq!(ltv_cohort(month("2026-10")), month("2025-10"));
    let unit = |code: &str| report.units.iter().find(|u| u.unit == code).unwrap_or_else(|| panic!("unit {code}"));
    for u in &report.units {
        assert_eq!(u.metrics.len(), METRICS.len(), "{}", u.unit);
    }
    // A: c1 (100 − 10 − 25 and 60 − 25; O3 is past c1's horizon) and c2 (50 − 25 − 50 + 25): 100 ÷ 2.
    // c3 first ordered in September; O8 has no buyer id.
    let a = &unit("A").metrics["ltv"];
    assert_eq!((a.value, a.rank), (Some(dec("50.00")), Some(2)));
    // B: c1 of S2 is another customer: 300 − 20 − 2 × 25.
    let b = &unit("B").metrics["ltv"];
    assert_eq!((b.value, b.rank), (Some(dec("230.00")), Some(1)));
    assert_eq!((a.peer_average, a.peer_peak), (Some(dec("140.00")), Some(dec("230.00"))));
    assert_eq!((b.peer_average, b.peer_peak), (a.peer_average, a.peer_peak));
    // The group: three customers, 330.00.
    let g = &unit("G").metrics["ltv"];
    assert_eq!((g.value, g.rank, g.peer_peak), (Some(dec("110.00")), Some(1), Some(dec("110.00"))));

    // September's report is about the September 2025 cohort: c3, 55.00 + 55.00.
    let sep = unit_metrics(&db, &company, month("2026-09")).await.expect("metrics");
    assert_eq!(sep.ltv_cohort, month("2025-09"));
    let a = &sep.units.iter().find(|u| u.unit == "A").expect("A").metrics["ltv"];
    assert_eq!(a.value, Some(dec("110.00")));
    let b = &sep.units.iter().find(|u| u.unit == "B").expect("B").metrics["ltv"];
    assert_eq!((b.value, b.rank), (None, None));

    // JSON states the method next to the figures.
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["ltv_horizon_days"], 365);
    assert_eq!(json["ltv_cohort"], "2025-10");
    let a = json["units"].as_array().expect("units").iter().find(|u| u["unit"] == "A").expect("A");
    assert_eq!(a["metrics"]["ltv"]["peer_average"], "140.00");
}

/// A closed month's metrics are its snapshot: moving a store to another
/// unit afterwards changes the open months, never the closed one.
#[tokio::test]
async fn a_closed_months_metrics_do_not_move_with_the_organisation() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    import_file(&db, &company, ImportKind::Facts, "orders.csv", ORDERS.as_bytes(), None, &mut NoProgress).await.expect("import");
    amoeba_app::accounting::close(&db, &company, month("2025-09")).await.expect("close 2025-09");
    amoeba_app::accounting::close(&db, &company, month("2025-10")).await.expect("close 2025-10");
    let closed = unit_metrics(&db, &company, month("2025-10")).await.expect("metrics");
    let open = unit_metrics(&db, &company, month("2026-10")).await.expect("metrics");

    let moved = "[[stores]]\ncode = \"S2\"\nname = \"Shop 2\"\nplatform = \"other\"\nmarketplace = \"GLOBAL\"\ncurrency = \"CNY\"\nowners = [{ unit = \"A\", from = \"2025-01-01\" }]\n";
    apply_org_file(&db, None, "moved.toml", moved).await.expect("move S2 to A");
    assert_eq!(unit_metrics(&db, &company, month("2025-10")).await.expect("metrics"), closed, "the closed month is its snapshot");
    assert_ne!(unit_metrics(&db, &company, month("2026-10")).await.expect("metrics"), open, "an open month follows the organisation");
}
