//! Charge and allocation rules kept with the organisation, applied by the
//! month P&L, and the period close, end to end on a real database (SQLite,
//! or PostgreSQL when AMOEBA_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::accounting::{close, month_pnl};
use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::AppError;
use amoeba_core::accounting::PnlLine;
use amoeba_core::Month;
use amoeba_import::org_file;
use amoeba_store::testing::fresh_db;
use amoeba_store::Db;
use rust_decimal::Decimal;
use sqlx::Row;

const ORG: &str = r#"
[company]
code = "R1"
name = "规则公司"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "AMZ"
name = "亚马逊"
kind = "profit_centre"
parent = "G"
area_m2 = 100

[[units]]
code = "TT"
name = "TikTok"
kind = "profit_centre"
parent = "G"
area_m2 = 50

[[units]]
code = "WH"
name = "仓储"
kind = "service_centre"
function = "warehouse"
parent = "G"

[[stores]]
code = "S1"
name = "Shop 1"
platform = "other"
marketplace = "GLOBAL"
currency = "CNY"
owners = [{ unit = "AMZ", from = "2026-01-01" }]

[[stores]]
code = "S2"
name = "Shop 2"
platform = "other"
marketplace = "GLOBAL"
currency = "CNY"
owners = [{ unit = "TT", from = "2026-01-01" }]

[[skus]]
code = "K1"
name = "Kettle"
costs = [{ from = "2026-01-01", purchase = "20.00", freight = "5.00" }]

[[charge_rules]]
code = "WH-SHIP"
provider = "WH"
basis = "per_unit_shipped"
rate = "3.50"
from = "2026-01-01"

[[charge_rules]]
code = "WH-FIX"
provider = "WH"
basis = "fixed_per_month"
amount = 1000
split = "equal"
from = "2026-01-01"

[[allocation_rules]]
code = "RENT"
source = "G"
kinds = ["other_expense"]
driver = "area"
from = "2026-01-01"
"#;

const SEPTEMBER: &str = "date,store,unit,kind,amount,currency,sku,order_id,quantity\n\
2026-09-15,S1,,sale,10.00,CNY,K1,O-0,1\n";

const OCTOBER: &str = "date,store,unit,kind,amount,currency,sku,order_id,quantity\n\
2026-10-01,S1,,sale,100.00,CNY,K1,O-1,2\n\
2026-10-02,S2,,sale,50.00,CNY,K1,O-2,1\n\
2026-10-03,,G,other_expense,-300.00,CNY,,,\n";

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn oct() -> Month {
    "2026-10".parse().expect("month")
}

async fn setup() -> (Db, amoeba_store::org_repo::CompanyRow) {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    (db, company)
}

async fn import(db: &Db, company: &amoeba_store::org_repo::CompanyRow, name: &str, csv: &str) -> Result<(), AppError> {
    import_file(db, company, ImportKind::Facts, name, csv.as_bytes(), None, &mut NoProgress).await.map(|_| ())
}

#[tokio::test]
async fn rules_round_trip_through_the_database_and_the_file() {
    let (db, company) = setup().await;
    let rules = db.load_rules(company.id).await.expect("rules");
    assert_eq!((rules.charges.len(), rules.allocations.len()), (2, 1));
    let exported = org_file::to_toml(&db.load_org(company.id).await.expect("org"), &rules);
    assert!(exported.contains("[[charge_rules]]") && exported.contains("driver = \"area\""), "{exported}");
    apply_org_file(&db, None, "export.toml", &exported).await.expect("re-import");
    assert_eq!(db.load_rules(company.id).await.expect("rules"), rules);
    // A rule naming a unit that does not exist is refused with its line; nothing changes.
    let before = common::dump(&db).await;
    let bad = "[[charge_rules]]\ncode = \"X\"\nprovider = \"NOPE\"\nbasis = \"per_order\"\nrate = 1\nfrom = \"2026-01-01\"\n";
    let err = apply_org_file(&db, None, "bad.toml", bad).await.expect_err("refused").to_string();
    assert!(err.contains("line 3, charge_rules[0].provider") && err.contains("unknown unit 'NOPE'"), "{err}");
    assert_eq!(common::dump(&db).await, before);
    assert_eq!(db.load_rules(company.id).await.expect("rules"), rules);
}

#[tokio::test]
async fn month_pnl_applies_the_stored_rules_and_internal_lines_net_to_zero() {
    let (db, company) = setup().await;
    import(&db, &company, "oct.csv", OCTOBER).await.expect("import");
    let pnl = month_pnl(&db, &company, oct()).await.expect("pnl");
    assert!(pnl.is_clean(), "{:?}", pnl.errors);
    let g = &pnl.group;
    assert_eq!(g.get(PnlLine::InternalSales) + g.get(PnlLine::InternalPurchases), Decimal::ZERO);
    assert_eq!(g.get(PnlLine::Allocated), Decimal::ZERO);
    // WH charges 3.50 per unit shipped plus 1000 a month split equally.
    assert_eq!(pnl.units["WH"].own.get(PnlLine::InternalSales), dec("1010.50"));
    assert_eq!(pnl.units["AMZ"].own.get(PnlLine::InternalPurchases), dec("-507.00"));
    assert_eq!(pnl.units["TT"].own.get(PnlLine::InternalPurchases), dec("-503.50"));
    // G's 300 of rent goes by area 100 : 50.
    assert_eq!(pnl.units["AMZ"].own.get(PnlLine::Allocated), dec("-200.00"));
    assert_eq!(pnl.units["TT"].own.get(PnlLine::Allocated), dec("-100.00"));
    assert_eq!(pnl.units["G"].own.get(PnlLine::Allocated), dec("300.00"));
    assert_eq!(pnl.units["AMZ"].own.get(PnlLine::Cogs), dec("-50.00"));
}

#[tokio::test]
async fn closing_october_locks_it_and_keeps_the_report() {
    let (db, company) = setup().await;
    import(&db, &company, "sep.csv", SEPTEMBER).await.expect("sep");
    import(&db, &company, "oct.csv", OCTOBER).await.expect("oct");
    let before = month_pnl(&db, &company, oct()).await.expect("pnl");

    // September has facts and is open: October must wait, and nothing is stored.
    let dump = common::dump(&db).await;
    let err = close(&db, &company, oct()).await.expect_err("refused").to_string();
    assert!(err.contains("2026-09") && err.contains("close 2026-09 first"), "{err}");
    assert_eq!(common::dump(&db).await, dump);

    close(&db, &company, "2026-09".parse().expect("month")).await.expect("close sep");
    let done = close(&db, &company, oct()).await.expect("close oct");
    // Charges are daily (the fixed one spread over every day), rent on the day it was booked.
    assert!(done.charges >= 3 && done.allocations == 2 && done.cogs == 2, "{done:?}");
    assert_eq!(done.pnl, before);

    // The derived entries are facts of an import of kind `close`, naming their rule.
    let rows = sqlx::query(
        "SELECT f.kind, f.memo, i.file_name FROM facts f JOIN imports i ON i.id = f.import_id WHERE i.kind = 'close' AND f.day >= '2026-10-01'",
    )
    .fetch_all(amoeba_store::testing::pool(&db))
    .await
    .expect("facts");
    assert_eq!(rows.len(), 2 * done.charges + 2 * done.allocations + done.cogs);
    assert!(rows.iter().all(|r| r.get::<String, _>(2) == "close 2026-10"));
    assert!(rows.iter().any(|r| r.get::<String, _>(0) == "internal_charge" && r.get::<String, _>(1).contains("WH-SHIP")));
    assert!(rows.iter().any(|r| r.get::<String, _>(0) == "allocation" && r.get::<String, _>(1).contains("RENT")));

    // After the close the report is the snapshot: equal, and not counted twice.
    let after = month_pnl(&db, &company, oct()).await.expect("pnl");
    assert_eq!(after, before);

    // A closed month is closed once, and refuses imports with the way to correct.
    let err = close(&db, &company, oct()).await.expect_err("again").to_string();
    assert!(err.contains("already closed"), "{err}");
    let late = "date,store,unit,kind,amount,currency,sku,order_id,quantity\n2026-10-20,S1,,sale,5.00,CNY,K1,O-9,1\n";
    let err = import(&db, &company, "late.csv", late).await.expect_err("refused").to_string();
    assert!(err.contains("period 2026-10 is closed") && err.contains("adjustment"), "{err}");
    // Rules changed later do not change the closed month.
    let cheaper =
        "[[charge_rules]]\ncode = \"WH-SHIP\"\nprovider = \"WH\"\nbasis = \"per_unit_shipped\"\nrate = \"1\"\nfrom = \"2026-01-01\"\n";
    apply_org_file(&db, None, "cheaper.toml", cheaper).await.expect("new rate");
    assert_eq!(month_pnl(&db, &company, oct()).await.expect("pnl"), before);
}

#[tokio::test]
async fn a_month_with_problems_is_not_closed_and_every_problem_is_listed() {
    let (db, company) = setup().await;
    let usd = "date,store,unit,kind,amount,currency,sku,order_id,quantity\n\
2026-11-03,,AMZ,other_expense,-10.00,USD,,,\n\
2026-11-04,S1,,sale,10.00,CNY,NOCOST,O-1,1\n";
    import(&db, &company, "nov.csv", usd).await.expect("import");
    let dump = common::dump(&db).await;
    let err = close(&db, &company, "2026-11".parse().expect("month")).await.expect_err("refused");
    let text = err.to_string();
    assert!(matches!(err, AppError::NotClosable { .. }), "{text}");
    assert!(text.contains("USD") && text.contains("2026-11-03"), "{text}");
    assert!(text.contains("NOCOST"), "{text}");
    assert_eq!(common::dump(&db).await, dump);
}

#[tokio::test]
async fn the_demo_company_closes_with_its_rules() {
    let db = fresh_db().await;
    let opts = amoeba_demo::DemoOptions { seed: 42, end: "2026-03-14".parse().expect("day"), months: 1, volume_pct: 10 };
    amoeba_app::demo::load_demo(&db, opts, None, &mut |_| {}).await.expect("demo").expect("loaded");
    let company = db.company(Some("NBTQ")).await.expect("company");
    let rules = db.load_rules(company.id).await.expect("rules");
    assert_eq!((rules.charges.len(), rules.allocations.len()), (5, 1));
    let feb: Month = "2026-02".parse().expect("month");
    let pnl = month_pnl(&db, &company, feb).await.expect("pnl");
    assert!(pnl.is_clean(), "{:#?}", pnl.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
    let g = &pnl.group;
    assert_eq!(g.get(PnlLine::InternalSales) + g.get(PnlLine::InternalPurchases), Decimal::ZERO);
    assert!(g.get(PnlLine::InternalSales) > Decimal::ZERO);
    assert_eq!(g.get(PnlLine::Allocated), Decimal::ZERO);
    assert!(pnl.units["GROUP"].own.get(PnlLine::Allocated) > Decimal::ZERO, "rent moved off the group office");
    let done = close(&db, &company, feb).await.expect("close");
    assert_eq!(month_pnl(&db, &company, feb).await.expect("snapshot"), done.pnl);
}
