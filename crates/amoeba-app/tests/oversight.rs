//! Oversight on a real database (SQLite, or PostgreSQL with
//! AMOEBA_TEST_DATABASE_URL): traffic files stored all-or-nothing and
//! idempotently, revised figures replacing the stored ones, overlapping
//! days refused; a contract saved and judged against the ledger's actuals;
//! the weekly report's exact decomposition from what was stored.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::oversight::contracts::{contract, contract_view, parse_contract, save_contract};
use amoeba_app::oversight::report::{parse_period, report};
use amoeba_app::traffic_import::{import_traffic, CutChoice, TrafficOptions};
use amoeba_app::AppError;
use amoeba_store::imports::ImportOutcome;
use amoeba_store::testing::fresh_db;
use common::dump;
use rust_decimal_macros::dec;

const ORG: &str = r#"
[company]
code = "OV"
name = "代运营测试"

[[units]]
code = "ALI"
name = "阿里国际站"
kind = "profit_centre"

[[people]]
code = "X1"
name = "外部代运营"
external = true

[[stores]]
code = "ALI-1"
name = "Alibaba.com"
platform = "alibaba_com"
marketplace = "GLOBAL"
currency = "USD"
timezone = "Asia/Shanghai"
operator = "X1"
owners = [{ unit = "ALI", from = "2026-01-01" }]
"#;

const WEEKS: &str = "day,store,sku,visitors,orders,sales,currency
2026-02-23,ALI-1,LAMP,6000,120,36000.00,CNY
2026-02-24,ALI-1,FAN,4000,80,24000.00,CNY
2026-03-02,ALI-1,LAMP,9000,170,55420.00,CNY
2026-03-08,ALI-1,FAN,3000,46,13700.00,CNY
";

async fn setup() -> (amoeba_store::Db, amoeba_store::org_repo::CompanyRow) {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    (db, company)
}

fn alibaba() -> TrafficOptions {
    TrafficOptions { cut: Some(CutChoice::Alibaba), ..Default::default() }
}

#[tokio::test]
async fn traffic_is_stored_once_revised_in_place_and_refused_whole() {
    let (db, company) = setup().await;
    let r = import_traffic(&db, &company, ImportKind::Traffic, "w.csv", WEEKS.as_bytes(), None, alibaba()).await.unwrap();
    assert!(matches!(r.outcome, ImportOutcome::Imported { rows_read: 4, rows_added: 4, .. }), "{r}");
    let before = dump(&db).await;
    let again = import_traffic(&db, &company, ImportKind::Traffic, "w.csv", WEEKS.as_bytes(), None, alibaba()).await.unwrap();
    assert!(matches!(again.outcome, ImportOutcome::AlreadyImported { .. }));
    // The same rows in another file: read, none new.
    let copy = WEEKS.replace("day,store", "date,store");
    let same = import_traffic(&db, &company, ImportKind::Traffic, "copy.csv", copy.as_bytes(), None, alibaba()).await.unwrap();
    assert!(matches!(same.outcome, ImportOutcome::Imported { rows_read: 4, rows_added: 0, .. }), "{same}");
    assert_eq!(dump(&db).await.len(), before.len());
    // A revised count replaces the stored one.
    let revised = "day,store,sku,visitors,orders,sales,currency\n2026-03-08,ALI-1,FAN,3100,46,13700.00,CNY\n";
    let rev = import_traffic(&db, &company, ImportKind::Traffic, "rev.csv", revised.as_bytes(), None, alibaba()).await.unwrap();
    assert!(matches!(rev.outcome, ImportOutcome::Imported { rows_read: 1, rows_added: 1, .. }), "{rev}");
    let stored =
        db.traffic_between(company.id, &["ALI-1".to_string()], "2026-03-08".parse().unwrap(), "2026-03-08".parse().unwrap()).await.unwrap();
    assert_eq!((stored.len(), stored[0].record.sessions), (1, Some(3100)));
    assert_eq!(stored[0].cut, amoeba_core::ledger::DataCut::alibaba());
    // An unknown store refuses the whole file: nothing of it is stored.
    let before = dump(&db).await;
    let bad = "day,store,sku,visitors\n2026-03-09,ALI-1,LAMP,10\n2026-03-09,NOPE,LAMP,10\n";
    let e = import_traffic(&db, &company, ImportKind::Traffic, "bad.csv", bad.as_bytes(), None, alibaba()).await.unwrap_err();
    let AppError::File { errors, .. } = e else { panic!("a file refusal") };
    assert_eq!((errors.errors[0].line, errors.errors[0].reason.code()), (3, "unknown_store"));
    assert_eq!(dump(&db).await, before, "a refused file leaves the database as it was");
    // A week's business report over stored days of the same item would count them twice.
    let report = "(Child) ASIN,SKU,Sessions,Units Ordered,Ordered Product Sales,Total Order Items\nB01,LAMP,10,1,$5.00,1\n";
    let week = TrafficOptions { from: Some("2026-03-02".parse().unwrap()), to: Some("2026-03-08".parse().unwrap()), cut: None };
    let ok =
        import_traffic(&db, &company, ImportKind::AmazonBusinessReport, "br.csv", report.as_bytes(), Some("ALI-1"), week).await.unwrap();
    assert!(matches!(ok.outcome, ImportOutcome::Imported { rows_added: 1, .. }), "another item (an ASIN) is another row");
    let shifted = TrafficOptions { from: Some("2026-03-05".parse().unwrap()), to: Some("2026-03-11".parse().unwrap()), cut: None };
    let e = import_traffic(&db, &company, ImportKind::AmazonBusinessReport, "br.csv", report.as_bytes(), Some("ALI-1"), shifted)
        .await
        .unwrap_err();
    assert!(e.render(amoeba_core::Lang::En).contains("2026-03-02..2026-03-08"), "{}", e.render(amoeba_core::Lang::En));
    let e = import_file(&db, &company, ImportKind::AmazonBusinessReport, "br.csv", report.as_bytes(), Some("ALI-1"), &mut NoProgress)
        .await
        .unwrap_err();
    assert!(e.render(amoeba_core::Lang::Zh).contains("请指定（--from 日期 --to 日期）"), "{}", e.render(amoeba_core::Lang::Zh));
}

#[tokio::test]
async fn the_weekly_report_splits_the_change_exactly_and_the_contract_is_judged_on_the_ledger() {
    let (db, company) = setup().await;
    import_traffic(&db, &company, ImportKind::Traffic, "w.csv", WEEKS.as_bytes(), None, alibaba()).await.unwrap();
    let facts = "date,store,kind,amount,currency\n2026-01-10,ALI-1,sale,120000.00,CNY\n2026-02-10,ALI-1,sale,90000.00,CNY\n";
    import_file(&db, &company, ImportKind::Facts, "f.csv", facts.as_bytes(), None, &mut NoProgress).await.unwrap();
    let text = r#"
        code = "C1"
        operator = "X1"
        stores = ["ALI-1"]
        start = "2026-01-01"
        months = 12
        trial_months = 2
        pass = { rule = "all_months" }
        fee = { fixed_monthly = "8000", sales_rate = "0.02" }
        targets = [{ month = "2026-01", sales = "100000" }, { month = "2026-02", sales = "100000" }]
    "#;
    save_contract(&db, &company, &parse_contract("c.toml", text).unwrap(), "owner").await.unwrap();
    let today = "2026-03-20".parse().unwrap();
    let v = contract_view(&db, &company, contract(&db, &company, "C1").await.unwrap(), today).await.unwrap();
    let jan = &v.months[0];
    assert_eq!((jan.actual.map(|a| a.sales), jan.met, jan.fee.map(|f| f.total)), (Some(dec!(120000.00)), Some(true), Some(dec!(10400.00))));
    assert_eq!(v.months[1].met, Some(false));
    assert_eq!((v.verdict.complete, v.verdict.passed, v.verdict.months_met), (true, Some(false), 1));
    let r = report(&db, &company, "C1", &["ALI-1".to_string()], parse_period("2026-W10").unwrap(), today).await.unwrap();
    let amounts: Vec<_> = r.report.decomposition.effects.iter().map(|e| e.amount).collect();
    assert_eq!(amounts, vec![dec!(11773.34), dec!(-6826.67), dec!(4173.33)]);
    assert_eq!(r.report.decomposition.change, dec!(9120.00));
    assert_eq!(r.cuts, vec![amoeba_core::ledger::DataCut::alibaba()]);
    // Refused: a contract whose store or operator is not in the organisation.
    let e = save_contract(&db, &company, &parse_contract("c.toml", &text.replace("\"X1\"", "\"X9\"")).unwrap(), "owner").await.unwrap_err();
    assert_eq!(e.refusal().map(|r| r.code()), Some("unknown_person"));
    let e = parse_contract("c.toml", "code = 1").unwrap_err();
    assert_eq!(e.refusal().map(|r| r.code()), Some("contract_file"));
}
