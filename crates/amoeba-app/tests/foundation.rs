//! The foundation's promises, end to end on a real database (SQLite, or
//! PostgreSQL when AMOEBA_TEST_DATABASE_URL is set): organisation files are
//! all-or-nothing and round-trip; imports are idempotent and refused whole.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::AppError;
use amoeba_import::org_file;
use amoeba_store::imports::ImportOutcome;
use amoeba_store::testing::fresh_db;
use common::{assert_daily_matches_facts, dump, ORG};

#[tokio::test]
async fn an_org_file_round_trips_through_the_database() {
    let db = fresh_db().await;
    let done = apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    assert!(done.created);
    let row = db.company(None).await.unwrap();
    let stored = db.load_org(row.id).await.unwrap();
    assert_eq!(stored.units.len(), 3);
    let exported = org_file::to_toml(&stored, &db.load_rules(row.id).await.unwrap());
    let again = apply_org_file(&db, None, "export.toml", &exported).await.unwrap();
    assert!(!again.created);
    assert_eq!(db.load_org(row.id).await.unwrap(), stored);
}

#[tokio::test]
async fn a_bad_org_file_stores_nothing_and_names_every_line() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let before = dump(&db).await;
    let bad = format!("{ORG}\n[[units]]\ncode = \"X\"\nname = \"x\"\nkind = \"profit_centre\"\nparent = \"NOPE\"\n\n[[units]]\ncode = \"Y\"\nname = \"y\"\nkind = \"team\"\n");
    let err = apply_org_file(&db, None, "bad.toml", &bad).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, AppError::OrgFile { .. }), "{text}");
    assert!(text.starts_with("bad.toml: "), "{text}");
    let n_lines = bad.lines().count();
    assert!(text.contains(&format!("line {}, units[4].kind", n_lines)), "{text}");
    assert_eq!(dump(&db).await, before);
    // A cycle introduced against stored data is refused too.
    let cycle = "[[units]]\ncode = \"G\"\nname = \"集团\"\nkind = \"profit_centre\"\nparent = \"AMZ\"\n";
    let err = apply_org_file(&db, None, "cycle.toml", cycle).await.unwrap_err().to_string();
    assert!(err.contains("line 5") && err.contains("cycle"), "{err}");
    assert_eq!(dump(&db).await, before);
}

const FACTS: &str = "date,store,unit,kind,amount,currency,sku,order_id,quantity\n\
2026-03-01,S1,,sale,19.99,USD,SKU1,O-1,1\n\
2026-03-01,S1,,platform_fee,-3.00,USD,SKU1,O-1,\n\
2026-03-02,,WH,other_expense,-500.00,CNY,,,\n";

#[tokio::test]
async fn importing_a_file_twice_equals_importing_it_once() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let first = import_file(&db, &company, ImportKind::Facts, "f.csv", FACTS.as_bytes(), None, &mut NoProgress).await.unwrap();
    assert!(matches!(first.outcome, ImportOutcome::Imported { rows_read: 3, rows_added: 3, .. }), "{first}");
    let once = dump(&db).await;
    let second = import_file(&db, &company, ImportKind::Facts, "f.csv", FACTS.as_bytes(), None, &mut NoProgress).await.unwrap();
    assert!(matches!(second.outcome, ImportOutcome::AlreadyImported { .. }), "{second}");
    assert_eq!(dump(&db).await, once);
    // A different file that repeats two rows and adds one adds only the new row.
    let overlapping = format!("{FACTS}2026-03-03,S1,,refund,-19.99,USD,SKU1,O-1,1\n");
    let third = import_file(&db, &company, ImportKind::Facts, "g.csv", overlapping.as_bytes(), None, &mut NoProgress).await.unwrap();
    assert!(matches!(third.outcome, ImportOutcome::Imported { rows_read: 4, rows_added: 1, .. }), "{third}");
    assert_daily_matches_facts(&db).await;
    // New rows on an existing (day, store, SKU, kind) add to its aggregate.
    let more = "date,store,unit,kind,amount,currency,sku,order_id,quantity\n2026-03-01,S1,,sale,5.01,USD,SKU1,O-2,2\n2026-03-02,,WH,other_expense,-0.5,CNY,,,\n";
    let fourth = import_file(&db, &company, ImportKind::Facts, "h.csv", more.as_bytes(), None, &mut NoProgress).await.unwrap();
    assert!(matches!(fourth.outcome, ImportOutcome::Imported { rows_read: 2, rows_added: 2, .. }), "{fourth}");
    assert_daily_matches_facts(&db).await;
}

#[tokio::test]
async fn a_refused_file_leaves_the_database_as_it_was() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    import_file(&db, &company, ImportKind::Facts, "f.csv", FACTS.as_bytes(), None, &mut NoProgress).await.unwrap();
    let before = dump(&db).await;

    // A parse error on line 3 (bad amount) and line 4 (unknown kind).
    let bad =
        "date,store,unit,kind,amount,currency\n2026-03-05,S1,,sale,1.00,USD\n2026-03-05,S1,,sale,12,3x,USD\n2026-03-05,S1,,salez,1,USD\n";
    let err =
        import_file(&db, &company, ImportKind::Facts, "bad.csv", bad.as_bytes(), None, &mut NoProgress).await.unwrap_err().to_string();
    assert!(err.starts_with("bad.csv: "), "{err}");
    assert!(err.contains("line 3") && err.contains("line 4"), "{err}");
    assert_eq!(dump(&db).await, before);

    // A reference error found only against the database (unknown store, line 3).
    let unknown = "date,store,unit,kind,amount,currency\n2026-03-05,S1,,sale,1.00,USD\n2026-03-05,S9,,sale,2.00,USD\n";
    let err = import_file(&db, &company, ImportKind::Facts, "unknown.csv", unknown.as_bytes(), None, &mut NoProgress)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3, column \"store\": unknown store 'S9'"), "{err}");
    assert_eq!(dump(&db).await, before);
}

#[tokio::test]
async fn one_refusal_lists_format_and_reference_errors_together_in_line_order() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let before = dump(&db).await;
    // Format errors on lines 2 (bad amount) and 7 (a currency that is not
    // ISO 4217), an unknown store on line 5 (found only against the database).
    let bad = "date,store,unit,kind,amount,currency\n\
               2026-03-05,S1,,sale,1.0x,USD\n\
               2026-03-05,S1,,sale,1.00,USD\n\
               2026-03-05,S1,,sale,2.00,USD\n\
               2026-03-05,S9,,sale,3.00,USD\n\
               2026-03-05,S1,,sale,4.00,USD\n\
               2026-03-05,S1,,sale,5.00,XYZ\n";
    let err = import_file(&db, &company, ImportKind::Facts, "bad.csv", bad.as_bytes(), None, &mut NoProgress).await.unwrap_err();
    let AppError::File { errors, .. } = &err else { panic!("a file refusal: {err}") };
    let found: Vec<(u64, Option<&str>, &str)> = errors.errors.iter().map(|e| (e.line, e.column.as_deref(), e.reason.code())).collect();
    assert_eq!(
        found,
        vec![(2, Some("amount"), "not_a_number"), (5, Some("store"), "unknown_store"), (7, Some("currency"), "unknown_currency")],
        "{err}"
    );
    let text = err.to_string();
    assert!(text.contains("3 errors") && text.contains("line 5, column \"store\": unknown store 'S9'"), "{text}");
    assert_eq!(dump(&db).await, before, "nothing stored");
}

/// The same one pass for every reference file: its own errors and the
/// store's problems with its good rows, in line order, nothing stored.
#[tokio::test]
async fn reference_files_list_format_and_reference_errors_in_one_pass() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    import_file(&db, &company, ImportKind::Fx, "fx.csv", b"date,currency,rate\n2026-03-01,USD,7.1\n", None, &mut NoProgress).await.unwrap();
    let before = dump(&db).await;
    /// A file of a kind, and the (line, code) of every refusal expected.
    type Case<'a> = (ImportKind, &'a str, Vec<(u64, &'a str)>);
    let cases: [Case; 4] = [
        (
            ImportKind::Hours,
            "person,unit,period,hours\nE1,AMZ,2026-03-02,x\nNOBODY,AMZ,2026-03-02,8\nE1,NOWHERE,2026-03-03,8\n",
            vec![(2, "not_a_number"), (3, "unknown_person"), (4, "unknown_unit")],
        ),
        (
            ImportKind::Inventory,
            "date,store,sku,on_hand\n2026-03-01,S1,K1,-1\n2026-03-01,S9,K1,5\n",
            vec![(2, "negative"), (3, "unknown_store")],
        ),
        (
            ImportKind::Plans,
            "unit,month,line,amount\nNOWHERE,2026-03,sales,100\nAMZ,2026-03,sales,1x\n",
            vec![(2, "unknown_unit"), (3, "not_a_number")],
        ),
        (
            ImportKind::Fx,
            "date,currency,rate\n2026-03-01,USD,7.2\n2026-03-02,USD,0\n",
            vec![(2, "rate_already_stored"), (3, "rate_not_positive")],
        ),
    ];
    for (kind, file, want) in cases {
        let err = import_file(&db, &company, kind, "bad.csv", file.as_bytes(), None, &mut NoProgress).await.unwrap_err();
        let AppError::File { errors, .. } = &err else { panic!("{kind}: a file refusal: {err}") };
        let found: Vec<(u64, &str)> = errors.errors.iter().map(|e| (e.line, e.reason.code())).collect();
        assert_eq!(found, want, "{kind}: {err}");
    }
    assert_eq!(dump(&db).await, before, "nothing stored");
}

#[tokio::test]
async fn a_closed_period_refuses_imports_and_says_how_to_correct() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    sqlx::query("INSERT INTO periods (company_id, month, closed_at, summary) VALUES ($1, '2026-03', '2026-04-01T00:00:00Z', '{}')")
        .bind(company.id)
        .execute(amoeba_store::testing::pool(&db))
        .await
        .unwrap();
    let err =
        import_file(&db, &company, ImportKind::Facts, "f.csv", FACTS.as_bytes(), None, &mut NoProgress).await.unwrap_err().to_string();
    assert!(err.contains("period 2026-03 is closed") && err.contains("adjustment"), "{err}");
}

/// Credit rules and a store's sales source are stored with the
/// organisation and read back whole (an organisation file's credit
/// sections were once validated, then lost on save).
#[tokio::test]
async fn credit_rules_and_sales_sources_round_trip_through_the_database() {
    let db = fresh_db().await;
    let src = format!(
        "{ORG}\n{}",
        r#"
[[skus]]
code = "K1"
name = "Kettle"
owners = [{ unit = "AMZ", from = "2026-01-01" }]

[[responsibilities]]
person = "E1"
role = "operator"
store = "S1"
skus = ["K1"]
share = "100%"
from = "2026-01-01"

[[responsibilities]]
person = "E1"
role = "designer"
sku = "K1"
share = 1
from = "2026-01-01"
to = "2026-06-30"

[[customer_owners]]
customer = "C-88"
person = "E1"
from = "2026-02-01"

[[key_accounts]]
customer = "C-88"
from = "2026-03-01"
"#
    )
    .replace("currency = \"USD\"\n", "currency = \"USD\"\nbooks_sales_from = \"orders\"\n");
    apply_org_file(&db, None, "org.toml", &src).await.unwrap();
    let row = db.company(None).await.unwrap();
    let stored = db.load_org(row.id).await.unwrap();
    let c = &stored.credit;
    assert_eq!((c.responsibilities.len(), c.customer_owners.len(), c.key_accounts.len()), (2, 1, 1));
    assert_eq!(stored.stores[0].books_sales_from, Some(amoeba_core::org::SalesSource::Orders));
    let exported = org_file::to_toml(&stored, &db.load_rules(row.id).await.unwrap());
    apply_org_file(&db, None, "export.toml", &exported).await.unwrap();
    assert_eq!(db.load_org(row.id).await.unwrap(), stored, "export and import again changes nothing");
}
