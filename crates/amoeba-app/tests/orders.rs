//! Orders on a real database (SQLite, or PostgreSQL with
//! AMOEBA_TEST_DATABASE_URL): an orders file books its shipments once,
//! a later file may bring only new events, a contradiction is refused at
//! its line, and nothing of a refused file is stored.

mod common;

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::AppError;
use amoeba_core::ledger::FactKind;
use amoeba_store::imports::ImportOutcome;
use amoeba_store::testing::fresh_db;
use common::dump;
use rust_decimal::Decimal;

const ORG: &str = r#"
[company]
code = "B2B"
name = "外贸测试"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "ALI"
name = "阿里国际站"
kind = "profit_centre"
parent = "G"

[[people]]
code = "E01"
name = "王业务"

[[people]]
code = "E02"
name = "李跟单"

[[stores]]
code = "ALI-1"
name = "Alibaba.com"
platform = "alibaba_com"
marketplace = "GLOBAL"
currency = "USD"
timezone = "Asia/Shanghai"
owners = [{ unit = "ALI", from = "2026-01-01" }]

[[skus]]
code = "LAMP"
name = "Desk lamp"
owners = [{ unit = "ALI", from = "2026-01-01" }]
costs = [{ from = "2026-01-01", purchase = "20.00", freight = "5.00" }]
"#;

const HEAD: &str = "order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n";

fn file(rows: &str) -> Vec<u8> {
    format!("{HEAD}{rows}").into_bytes()
}

async fn setup() -> (amoeba_store::Db, amoeba_store::org_repo::CompanyRow) {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    (db, company)
}

async fn sales_facts(db: &amoeba_store::Db, company_id: i64) -> Vec<(String, Decimal, i64)> {
    let month = "2026-11".parse().expect("month");
    let mut out: Vec<(String, Decimal, i64)> = db
        .fact_aggregates(company_id, month)
        .await
        .expect("aggregates")
        .into_iter()
        .filter(|f| matches!(f.kind, FactKind::Sale | FactKind::Refund))
        .map(|f| (format!("{} {}", f.day, f.kind), f.amount, f.quantity))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn shipments_book_once_and_a_later_file_brings_only_new_events() {
    let (db, company) = setup().await;
    let first = file(
        "SO-1,ALI-1,C-88,E01,E02,contract,2026-11-03 10:00:00,LAMP,3,90.00,USD,\n\
         SO-1,ALI-1,,,,pay,2026-11-03 11:00:00,,,30.00,USD,deposit\n\
         SO-1,ALI-1,,,,ship,2026-11-05 16:59:59,LAMP,1,,USD,\n",
    );
    let r = import_file(&db, &company, ImportKind::Orders, "orders-1.csv", &first, None, &mut NoProgress).await.expect("imported");
    assert!(matches!(r.outcome, ImportOutcome::Imported { rows_read: 3, rows_added: 3, .. }), "{r}");
    assert_eq!(sales_facts(&db, company.id).await, vec![("2026-11-05 sale".into(), "30.00".parse().unwrap(), 1)]);

    // The same file again: nothing changes.
    let again = import_file(&db, &company, ImportKind::Orders, "orders-1.csv", &first, None, &mut NoProgress).await.expect("again");
    assert!(matches!(again.outcome, ImportOutcome::AlreadyImported { .. }));

    // A later export repeats the first events and adds a shipment: only the shipment books.
    let later = file(
        "SO-1,ALI-1,C-88,E01,E02,contract,2026-11-03 10:00:00,LAMP,3,90.00,USD,\n\
         SO-1,ALI-1,,,,pay,2026-11-03 11:00:00,,,30.00,USD,deposit\n\
         SO-1,ALI-1,,,,ship,2026-11-05 16:59:59,LAMP,1,,USD,\n\
         SO-1,ALI-1,,,,ship,2026-11-09 09:00:00,LAMP,2,,USD,\n",
    );
    let r = import_file(&db, &company, ImportKind::Orders, "orders-2.csv", &later, None, &mut NoProgress).await.expect("later");
    assert!(matches!(r.outcome, ImportOutcome::Imported { rows_read: 4, rows_added: 1, .. }), "{r}");
    assert_eq!(
        sales_facts(&db, company.id).await,
        vec![("2026-11-05 sale".into(), "30.00".parse().unwrap(), 1), ("2026-11-09 sale".into(), "60.00".parse().unwrap(), 2)]
    );
    let order = db.order(company.id, "ALI-1", "SO-1").await.expect("read").expect("stored");
    assert_eq!((order.events.len(), order.header.salesperson.as_deref(), order.books), (4, Some("E01"), true));
    assert_eq!(db.customer_first_days(company.id).await.expect("first days")["C-88"].to_string(), "2026-11-03");
}

#[tokio::test]
async fn a_contradiction_is_refused_at_its_line_and_nothing_is_stored() {
    let (db, company) = setup().await;
    let good = file("SO-2,ALI-1,C-1,E01,,contract,2026-11-03 10:00:00,LAMP,2,50.00,USD,\n");
    import_file(&db, &company, ImportKind::Orders, "a.csv", &good, None, &mut NoProgress).await.expect("contract");
    let before = dump(&db).await;
    let bad = file(
        "SO-2,ALI-1,,,,ship,2026-11-04 10:00:00,LAMP,3,,USD,\n\
         SO-2,ALI-1,,E02,,pay,2026-11-04 11:00:00,,,60.00,USD,\n\
         SO-3,ALI-1,C-2,E99,,contract,2026-11-04 12:00:00,LAMP,1,10.00,USD,\n",
    );
    let e = import_file(&db, &company, ImportKind::Orders, "b.csv", &bad, None, &mut NoProgress).await.expect_err("refused");
    let AppError::File { errors, .. } = &e else { panic!("{e}") };
    let found: Vec<(u64, String)> = errors.errors.iter().map(|e| (e.line, e.reason.code().to_string())).collect();
    assert!(found.contains(&(4, "unknown_person".into())), "{found:?}");
    assert_eq!(dump(&db).await, before, "a refused file stores nothing");
    let fixed = file("SO-2,ALI-1,,,,ship,2026-11-04 10:00:00,LAMP,3,,USD,\nSO-2,ALI-1,,,,pay,2026-11-04 11:00:00,,,60.00,USD,\n");
    let e = import_file(&db, &company, ImportKind::Orders, "c.csv", &fixed, None, &mut NoProgress).await.expect_err("refused");
    let AppError::File { errors, .. } = &e else { panic!("{e}") };
    let found: Vec<(u64, String)> = errors.errors.iter().map(|e| (e.line, e.reason.code().to_string())).collect();
    assert_eq!(found, vec![(2, "order_over_shipped".into()), (3, "order_over_paid".into())]);
    assert_eq!(dump(&db).await, before);
}

#[tokio::test]
async fn an_event_in_a_closed_month_is_refused_like_a_fact() {
    let (db, company) = setup().await;
    let oct = file("SO-4,ALI-1,C-1,E01,,contract,2026-10-03 10:00:00,LAMP,1,10.00,USD,\n");
    import_file(&db, &company, ImportKind::Orders, "oct.csv", &oct, None, &mut NoProgress).await.expect("october");
    amoeba_app::accounting::close(&db, &company, "2026-10".parse().unwrap()).await.expect("closed");
    let late = file("SO-4,ALI-1,,,,pay,2026-10-30 10:00:00,,,10.00,USD,\n");
    let e = import_file(&db, &company, ImportKind::Orders, "late.csv", &late, None, &mut NoProgress).await.expect_err("refused");
    assert!(e.render(amoeba_core::Lang::En).contains("2026-10"), "{e}");
}
