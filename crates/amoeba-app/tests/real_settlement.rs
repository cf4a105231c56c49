//! Issue acceptance: a real Amazon.de settlement flat file (V2) that nobody
//! here wrote imports and reconciles to its own total-amount, re-imports as a
//! no-op, and a copy with one corrupted amount is refused with its line
//! number and nothing stored — on SQLite and PostgreSQL.

mod common;

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_store::imports::ImportOutcome;
use amoeba_store::testing::fresh_db;
use common::dump;

const REAL: &str = include_str!("../../amoeba-import/tests/fixtures/amazon_settlement_de_real_2018.txt");

const ORG: &str = r#"
[company]
code = "DE"
name = "德国站测试"

[[units]]
code = "AMZ-DE"
name = "亚马逊德国"
kind = "profit_centre"

[[stores]]
code = "AMZ-DE-1"
name = "Amazon.de"
platform = "amazon"
marketplace = "DE"
currency = "EUR"
owners = [{ unit = "AMZ-DE", from = "2018-01-01" }]
"#;

#[tokio::test]
async fn a_real_settlement_imports_once_and_a_corrupted_copy_stores_nothing() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();

    let first = import_file(&db, &company, ImportKind::AmazonSettlement, "real.txt", REAL.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress)
        .await
        .unwrap();
    assert!(matches!(first.outcome, ImportOutcome::Imported { rows_added, .. } if rows_added > 0), "{first}");
    assert!(first.notes.iter().any(|n| n.contains("reconciles") && n.contains("53.44 EUR")), "{first}");
    let once = dump(&db).await;

    let again = import_file(&db, &company, ImportKind::AmazonSettlement, "real.txt", REAL.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress)
        .await
        .unwrap();
    assert!(matches!(again.outcome, ImportOutcome::AlreadyImported { .. }), "{again}");
    assert_eq!(dump(&db).await, once);

    // Corrupt one amount on line 4 (its third line of data).
    let mut lines: Vec<String> = REAL.lines().map(str::to_string).collect();
    let cells: Vec<&str> = lines[3].split('\t').collect();
    let amount_col = REAL.lines().next().unwrap().split('\t').position(|h| h == "amount").unwrap();
    let mut bad_cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    bad_cells[amount_col] = format!("{}x", bad_cells[amount_col]);
    lines[3] = bad_cells.join("\t");
    let corrupted = lines.join("\n") + "\n";
    let err = import_file(&db, &company, ImportKind::AmazonSettlement, "bad.txt", corrupted.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 4") && err.contains("amount"), "{err}");
    assert_eq!(dump(&db).await, once, "a refused file stores nothing");
}
