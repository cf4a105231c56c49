//! Hostile and mistaken files: what a report would refuse later is refused
//! at import with its line (rates out of bounds, impossible days, a key
//! twice), and a wrong rate has a way to be corrected (SQLite, or
//! PostgreSQL when AMOEBA_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::accounting::{close, month_pnl};
use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::AppError;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::testing::fresh_db;
use amoeba_store::Db;

async fn setup() -> (Db, CompanyRow) {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", common::ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    (db, company)
}

async fn import(db: &Db, company: &CompanyRow, kind: ImportKind, csv: &str) -> Result<(), AppError> {
    import_file(db, company, kind, "f.csv", csv.as_bytes(), None, &mut NoProgress).await.map(|_| ())
}

/// The (line, code) of every refused row.
fn refused(r: Result<(), AppError>) -> Vec<(u64, String)> {
    match r {
        Err(AppError::File { errors, .. }) => errors.errors.iter().map(|e| (e.line, e.reason.code().to_string())).collect(),
        other => panic!("expected a refused file, got {other:?}"),
    }
}

#[tokio::test]
async fn poison_rates_and_days_are_refused_at_import_with_their_line() {
    let (db, company) = setup().await;
    let before = common::dump(&db).await;
    let fx = "date,currency,rate\n2026-03-01,USD,1000001\n2026-03-01,CNY,7\n2026-03-02,USD,7.1\n2026-03-02,USD,7.1\n";
    assert_eq!(
        refused(import(&db, &company, ImportKind::Fx, fx).await),
        vec![(2, "rate_too_large".into()), (3, "base_rate_not_one".into()), (5, "duplicate_key".into())]
    );
    let facts = "date,unit,kind,amount,currency\n1900-01-01,AMZ,other_expense,-1.00,CNY\n0000-01-01,AMZ,other_expense,-1.00,CNY\n2100-01-01,AMZ,other_expense,-1.00,CNY\n2026-03-01,AMZ,other_expense,-1.00,CNY\n";
    let codes = refused(import(&db, &company, ImportKind::Facts, facts).await);
    assert_eq!(codes.iter().map(|(l, _)| *l).collect::<Vec<_>>(), vec![2, 3, 4], "{codes:?}");
    assert!(codes.iter().filter(|(l, _)| *l != 3).all(|(_, c)| c == "day_out_of_range"), "{codes:?}");
    let hours = "person,unit,period,hours\nE1,AMZ,1900-01,8\n";
    assert_eq!(refused(import(&db, &company, ImportKind::Hours, hours).await), vec![(2, "day_out_of_range".into())]);
    assert_eq!(common::dump(&db).await, before, "nothing stored");
}

#[tokio::test]
async fn a_wrong_rate_is_corrected_by_an_fx_correction_in_an_open_month_only() {
    let (db, company) = setup().await;
    let sale = "date,store,unit,kind,amount,currency\n2026-03-05,S1,,sale,100.00,USD\n";
    import(&db, &company, ImportKind::Facts, sale).await.expect("sale");
    import(&db, &company, ImportKind::Fx, "date,currency,rate\n2026-03-01,USD,70\n").await.expect("a wrong but plausible rate");
    let march = "2026-03".parse().expect("month");
    let sales = |p: &amoeba_core::accounting::MonthPnl| p.group.get(amoeba_core::accounting::PnlLine::Sales);
    assert_eq!(sales(&month_pnl(&db, &company, march).await.expect("pnl")), "7000.00".parse().unwrap());

    let fix = "date,currency,rate\n2026-03-01,USD,7\n";
    let err = import(&db, &company, ImportKind::Fx, fix).await.expect_err("an ordinary file does not overwrite");
    assert!(err.to_string().contains("fx-correction"), "the refusal says how to correct: {err}");
    import(&db, &company, ImportKind::FxCorrection, fix).await.expect("corrected");
    assert_eq!(sales(&month_pnl(&db, &company, march).await.expect("pnl")), "700.00".parse().unwrap());
    let source: String = sqlx::query_scalar::<_, String>(
        "SELECT i.kind FROM fx_rates r JOIN imports i ON i.id = r.import_id WHERE r.currency = 'USD' AND r.day = '2026-03-01'",
    )
    .fetch_one(amoeba_store::testing::pool(&db))
    .await
    .expect("source");
    assert_eq!(source, "fx-correction", "the corrected rate names its source");

    close(&db, &company, march).await.expect("close");
    let again = "date,currency,rate\n2026-03-01,USD,7.5\n";
    assert_eq!(refused(import(&db, &company, ImportKind::FxCorrection, again).await), vec![(2, "closed_period".into())]);
}

#[tokio::test]
async fn a_key_twice_in_one_file_is_a_row_error_naming_both_lines() {
    let (db, company) = setup().await;
    let inventory = "date,store,sku,on_hand\n2026-03-01,S1,K1,5\n2026-03-01,S1,K1,6\n";
    let r = import(&db, &company, ImportKind::Inventory, inventory).await;
    let text = r.as_ref().err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(refused(r), vec![(3, "duplicate_key".into())]);
    assert!(text.contains("line 3") && text.contains("first on line 2"), "{text}");
    let plans = "unit,month,line,amount\nAMZ,2026-03,sales,100\nAMZ,2026-03,sales,200\n";
    assert_eq!(refused(import(&db, &company, ImportKind::Plans, plans).await), vec![(3, "duplicate_key".into())]);
}

#[tokio::test]
async fn inventory_in_a_closed_month_is_refused() {
    let (db, company) = setup().await;
    let cost = "date,unit,kind,amount,currency\n2026-03-05,AMZ,other_expense,-1.00,CNY\n";
    import(&db, &company, ImportKind::Facts, cost).await.expect("cost");
    close(&db, &company, "2026-03".parse().expect("month")).await.expect("close");
    let inventory = "date,store,sku,on_hand\n2026-03-31,S1,K1,5\n";
    assert_eq!(refused(import(&db, &company, ImportKind::Inventory, inventory).await), vec![(2, "closed_period".into())]);
}

/// 52 hours for one person on one day, spread over units or files, is
/// refused: a day has 24.
#[tokio::test]
async fn a_person_works_at_most_24_hours_a_day_across_rows_and_files() {
    let (db, company) = setup().await;
    let two_units = "person,unit,period,hours,overtime_hours\nE1,AMZ,2026-03-02,12,4\nE1,WH,2026-03-02,12,\n";
    assert_eq!(refused(import(&db, &company, ImportKind::Hours, two_units).await), vec![(3, "too_many_hours".into())]);
    import(&db, &company, ImportKind::Hours, "person,unit,period,hours\nE1,AMZ,2026-03-02,16\n").await.expect("16 hours");
    import(&db, &company, ImportKind::Hours, "person,unit,period,hours\nE1,AMZ,2026-03-02,16\n")
        .await
        .expect("the same file again adds nothing");
    let more = "person,unit,period,hours\nE1,WH,2026-03-02,9\n";
    assert_eq!(refused(import(&db, &company, ImportKind::Hours, more).await), vec![(2, "too_many_hours".into())]);
    import(&db, &company, ImportKind::Hours, "person,unit,period,hours\nE1,WH,2026-03-02,8\n").await.expect("24 in all");
}

/// Amounts at the edge of what a row may carry: refused at their line past
/// the stated maximum, and sums past 64 bits refused with a sentence —
/// in one file or across two — never a panic, a wrapped sum or a float.
#[tokio::test]
async fn extreme_amounts_are_refused_or_exact_never_a_panic() {
    let (db, company) = setup().await;
    let before = common::dump(&db).await;
    let huge = "date,unit,kind,amount,currency\n2026-03-01,AMZ,other_income,922337203685477.5807,CNY\n";
    assert_eq!(refused(import(&db, &company, ImportKind::Facts, huge).await), vec![(2, "too_large".into())]);
    let rows = |n: usize| -> String {
        std::iter::once("date,unit,kind,amount,currency\n".to_string())
            .chain(std::iter::repeat_n("2026-03-01,AMZ,other_income,999999999999,CNY\n".to_string(), n))
            .collect()
    };
    let err = import(&db, &company, ImportKind::Facts, &rows(1000)).await.expect_err("a sum past 64 bits");
    assert!(matches!(err.refusal(), Some(amoeba_core::Refusal::SumTooLarge)), "{err}");
    assert_eq!(common::dump(&db).await, before, "nothing stored");
    import(&db, &company, ImportKind::Facts, &rows(500)).await.expect("500 fit");
    let second = rows(500).replace("999999999999", "999999999998");
    let err = import(&db, &company, ImportKind::Facts, &second).await.expect_err("the stored sum plus 500 more does not fit");
    assert!(matches!(err.refusal(), Some(amoeba_core::Refusal::SumTooLarge)), "{err}");
    let pnl = month_pnl(&db, &company, "2026-03".parse().expect("month")).await.expect("the month still reads");
    assert_eq!(
        pnl.group.get(amoeba_core::accounting::PnlLine::Sales),
        rust_decimal::Decimal::ZERO,
        "read without a panic: {:?}",
        pnl.errors
    );
}
