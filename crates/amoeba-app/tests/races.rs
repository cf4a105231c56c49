//! Work that runs at the same time: a close and an import started together
//! must never leave a fact inside a closed month but outside its P&L, and a
//! second writer waits rather than failing (SQLite, or PostgreSQL when
//! AMOEBA_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::accounting::{close, month_pnl};
use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::AppError;
use amoeba_core::accounting::PnlLine;
use amoeba_core::{Month, Refusal};
use amoeba_store::testing::fresh_db;
use rust_decimal::Decimal;
use sqlx::Row;
use std::time::Duration;

const HEADER: &str = "date,store,unit,kind,amount,currency\n";

/// The 20 rounds of the reproduction: `close` and `import` of a
/// cost dated in the month being closed, the import started 0–4 ms later.
#[tokio::test]
async fn a_close_and_an_import_started_together_never_leave_a_fact_outside_the_closed_month() {
    let month: Month = "2026-10".parse().expect("month");
    let (mut landed, mut refused) = (0, 0);
    for round in 0..20u64 {
        let db = fresh_db().await;
        apply_org_file(&db, None, "org.toml", common::ORG).await.expect("org");
        let company = db.company(None).await.expect("company");
        let base = format!("{HEADER}2026-10-05,,AMZ,other_expense,-100.00,CNY\n");
        import_file(&db, &company, ImportKind::Facts, "base.csv", base.as_bytes(), None, &mut NoProgress).await.expect("base");
        let race_amount = Decimal::from(round + 1);
        let race = format!("{HEADER}2026-10-15,,AMZ,other_expense,-{race_amount}.00,CNY\n");
        let mut progress = NoProgress;
        let (closed, imported) = tokio::join!(close(&db, &company, month), async {
            tokio::time::sleep(Duration::from_millis(round % 5)).await;
            import_file(&db, &company, ImportKind::Facts, "race.csv", race.as_bytes(), None, &mut progress).await
        });
        let closed = closed.expect("the close succeeds, before or after the import");
        let snapshot = month_pnl(&db, &company, month).await.expect("pnl");
        assert_eq!(snapshot, closed.pnl, "round {round}: the report is the snapshot");
        let stored: i64 = sqlx::query("SELECT COUNT(*) FROM facts WHERE day = '2026-10-15'")
            .fetch_one(amoeba_store::testing::pool(&db))
            .await
            .expect("count")
            .get(0);
        let profit = snapshot.group.get(PnlLine::Profit);
        match imported {
            Ok(_) => {
                landed += 1;
                assert_eq!(stored, 1, "round {round}");
                assert_eq!(profit, Decimal::from(-100) - race_amount, "round {round}: the fact is inside the closed P&L");
            }
            Err(e) => {
                refused += 1;
                assert_eq!(stored, 0, "round {round}: a refused import stores nothing ({e})");
                assert_eq!(profit, Decimal::from(-100), "round {round}");
                let closed_under_it = matches!(e.refusal(), Some(Refusal::ClosedDuringImport { .. }));
                let closed_row =
                    matches!(&e, AppError::File { errors, .. } if errors.errors.iter().all(|r| r.reason.code() == "closed_period"));
                assert!(closed_under_it || closed_row, "round {round}: refused for the close, not a raw error: {e}");
            }
        }
        // Whatever the order, the import run again now says what a late
        // user sees: the month is closed.
        let again = import_file(&db, &company, ImportKind::Facts, "race.csv", race.as_bytes(), None, &mut NoProgress).await;
        if stored == 0 {
            assert!(matches!(again, Err(AppError::File { .. })), "round {round}: {again:?}");
        }
    }
    eprintln!("landed {landed} refused {refused}");
    assert_eq!(landed + refused, 20);
}

/// Two imports at once on one database: the second waits for the first
/// (SQLite takes its write lock at the start) and both land.
#[tokio::test]
async fn two_imports_at_once_both_land() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", common::ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    let a: String = std::iter::once(HEADER.to_string())
        .chain((1..=2000).map(|i| format!("2026-11-{:02},,AMZ,other_expense,-{i}.00,CNY\n", i % 28 + 1)))
        .collect();
    let b: String = std::iter::once(HEADER.to_string())
        .chain((1..=2000).map(|i| format!("2026-11-{:02},,WH,other_expense,-{i}.00,CNY\n", i % 28 + 1)))
        .collect();
    let (mut pa, mut pb) = (NoProgress, NoProgress);
    let (ra, rb) = tokio::join!(
        import_file(&db, &company, ImportKind::Facts, "a.csv", a.as_bytes(), None, &mut pa),
        import_file(&db, &company, ImportKind::Facts, "b.csv", b.as_bytes(), None, &mut pb)
    );
    ra.expect("a");
    rb.expect("b");
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM facts").fetch_one(amoeba_store::testing::pool(&db)).await.expect("count").get(0);
    assert_eq!(n, 4000);
    common::assert_daily_matches_facts(&db).await;
}
