//! Issue 11, store/file consistency and marketplace exports: a settlement
//! or export whose currency or marketplace does not fit the `--store` it is
//! imported into is refused naming both values (nothing stored); without
//! `--store` the one store that fits is taken, and several that fit are
//! listed; another content under a stored settlement id is named as such.
//! Shopify and TikTok Shop exports in their documented columns book facts,
//! and come back as no-ops. On SQLite, and on PostgreSQL with
//! `AMOEBA_TEST_DATABASE_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::import::{import_file, import_settlement_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::AppError;
use amoeba_core::Refusal;
use amoeba_store::imports::ImportOutcome;
use amoeba_store::testing::fresh_db;
use common::dump;

const REAL: &str = include_str!("../../amoeba-import/tests/fixtures/amazon_settlement_de_real_2018.txt");
const SHOPIFY: &str = include_str!("../../amoeba-import/tests/fixtures/shopify_orders_export.csv");
const TIKTOK_ORDERS: &str = include_str!("../../amoeba-import/tests/fixtures/tiktok_orders_export.csv");
const TIKTOK: &str = include_str!("../../amoeba-import/tests/fixtures/tiktok_statement_order_details.csv");

const ORG: &str = r#"
[company]
code = "FIT"
name = "店铺匹配测试"

[[units]]
code = "EU"
name = "欧洲站"
kind = "profit_centre"

[[stores]]
code = "AMZ-US"
name = "Amazon.com"
platform = "amazon"
marketplace = "US"
currency = "USD"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[stores]]
code = "AMZ-FR"
name = "Amazon.fr"
platform = "amazon"
marketplace = "FR"
currency = "EUR"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[stores]]
code = "AMZ-DE"
name = "Amazon.de"
platform = "amazon"
marketplace = "DE"
currency = "EUR"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[stores]]
code = "SHOP"
name = "独立站"
platform = "shopify"
marketplace = "US"
currency = "USD"
timezone = "Asia/Shanghai"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[stores]]
code = "TT-MY"
name = "TikTok 马来西亚"
platform = "tiktok_shop"
marketplace = "MY"
currency = "MYR"
timezone = "Asia/Kuala_Lumpur"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[skus]]
code = "MUG-01"
name = "Mug"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[skus]]
code = "MUG-02"
name = "Mug, blue"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[skus]]
code = "COASTER-4"
name = "Coasters"
owners = [{ unit = "EU", from = "2018-01-01" }]

[[skus]]
code = "LAMP-01"
name = "Lamp"
owners = [{ unit = "EU", from = "2018-01-01" }]
"#;

fn refusal(e: AppError) -> Refusal {
    match e {
        AppError::Refused(r) => r,
        other => panic!("expected a refusal, got {other}"),
    }
}

#[tokio::test]
async fn a_settlement_goes_to_the_store_it_fits_or_is_refused_naming_both() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let empty = dump(&db).await;
    let kind = ImportKind::AmazonSettlement;

    // An EUR Amazon.de settlement into the USD store: currency named.
    let e = import_file(&db, &company, kind, "de.txt", REAL.as_bytes(), Some("AMZ-US"), &mut NoProgress).await.unwrap_err();
    assert_eq!(
        refusal(e),
        Refusal::StoreCurrencyMismatch { store: "AMZ-US".into(), store_currency: "USD".into(), file_currency: "EUR".into() }
    );
    // Into the EUR Amazon.fr store: the marketplace is named.
    let e = import_file(&db, &company, kind, "de.txt", REAL.as_bytes(), Some("AMZ-FR"), &mut NoProgress).await.unwrap_err();
    assert_eq!(
        refusal(e),
        Refusal::StoreMarketplaceMismatch { store: "AMZ-FR".into(), store_marketplace: "FR".into(), file_marketplace: "Amazon.de".into() }
    );
    assert_eq!(dump(&db).await, empty, "a refused file stores nothing");

    // No --store: the one store of the file's marketplace and currency.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("de.txt");
    std::fs::write(&path, REAL).unwrap();
    let r = import_settlement_file(&db, &company, "de.txt", &path, None, &mut NoProgress).await.unwrap();
    assert!(matches!(r.outcome, ImportOutcome::Imported { rows_added, .. } if rows_added > 0), "{r}");
    assert!(r.notes.iter().any(|n| n.to_string().contains("store AMZ-DE chosen from the file")), "{r}");
    assert!(r.notes.iter().any(|n| n.text(amoeba_core::Lang::Zh).contains("选定店铺 AMZ-DE")), "the note in Chinese too: {r}");

    // The same payout id with another total: named as another content.
    let changed = REAL.replacen("53,44\tEUR", "54,44\tEUR", 1);
    assert_ne!(changed, REAL);
    let e = import_file(&db, &company, kind, "de2.txt", changed.as_bytes(), Some("AMZ-DE"), &mut NoProgress).await.unwrap_err();
    match refusal(e) {
        Refusal::SettlementContentDiffers { settlement, stored_lines, file_lines, stored_total, file_total } => {
            assert_eq!(settlement, "7293436482");
            assert_eq!(stored_lines, file_lines, "one amount changed, not a line");
            assert!(stored_lines > 0);
            assert_eq!((stored_total.as_str(), file_total.as_str()), ("53.44 EUR", "54.44 EUR"));
        }
        other => panic!("expected settlement_content_differs, got {other:?}"),
    }
    // The same content in other bytes is still a no-op.
    let crlf = REAL.replace('\n', "\r\n");
    let again = import_file(&db, &company, kind, "crlf.txt", crlf.as_bytes(), None, &mut NoProgress).await.unwrap();
    assert!(matches!(again.outcome, ImportOutcome::AlreadyImported { .. }), "{again}");
}

#[tokio::test]
async fn several_stores_that_fit_are_listed() {
    let db = fresh_db().await;
    let two_de = ORG.replace("code = \"AMZ-FR\"", "code = \"AMZ-DE-2\"").replace("marketplace = \"FR\"", "marketplace = \"DE\"");
    apply_org_file(&db, None, "org.toml", &two_de).await.unwrap();
    let company = db.company(None).await.unwrap();
    let e = import_file(&db, &company, ImportKind::AmazonSettlement, "de.txt", REAL.as_bytes(), None, &mut NoProgress).await.unwrap_err();
    assert_eq!(refusal(e), Refusal::AmbiguousStore { file: "amazon DE EUR".into(), candidates: vec!["AMZ-DE-2".into(), "AMZ-DE".into()] });
}

#[tokio::test]
async fn shopify_and_tiktok_exports_book_their_facts_once() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();

    // Shopify: the store is found by platform and currency; the fulfilled
    // orders book, the unfulfilled one is named.
    let r = import_file(&db, &company, ImportKind::ShopifyOrders, "orders_export.csv", SHOPIFY.as_bytes(), None, &mut NoProgress)
        .await
        .unwrap();
    assert!(matches!(r.outcome, ImportOutcome::Imported { rows_added, .. } if rows_added > 0), "{r}");
    assert!(r.notes.iter().any(|n| n.to_string().contains("store SHOP chosen")), "{r}");
    assert!(r.notes.iter().any(|n| n.to_string().contains("3 order(s), 2 fulfilled and booked")), "{r}");
    assert!(r.notes.iter().any(|n| n.to_string().contains("#1003")), "{r}");
    let again = import_file(
        &db,
        &company,
        ImportKind::ShopifyOrders,
        "copy.csv",
        SHOPIFY.replace('\n', "\r\n").as_bytes(),
        Some("SHOP"),
        &mut NoProgress,
    )
    .await
    .unwrap();
    assert!(matches!(again.outcome, ImportOutcome::Imported { rows_added: 0, .. }), "a re-download adds nothing: {again}");
    // A USD export into the MYR TikTok store is refused.
    let e = import_file(&db, &company, ImportKind::ShopifyOrders, "x.csv", SHOPIFY.as_bytes(), Some("TT-MY"), &mut NoProgress)
        .await
        .unwrap_err();
    assert!(matches!(refusal(e), Refusal::StoreCurrencyMismatch { .. }));

    // TikTok Shop statement: MYR names the Malaysian shop.
    let t =
        import_file(&db, &company, ImportKind::TiktokStatement, "statement.csv", TIKTOK.as_bytes(), None, &mut NoProgress).await.unwrap();
    assert!(matches!(t.outcome, ImportOutcome::Imported { rows_added, .. } if rows_added > 0), "{t}");
    assert!(t.notes.iter().any(|n| n.to_string().contains("store TT-MY chosen")), "{t}");
    let t2 =
        import_file(&db, &company, ImportKind::TiktokStatement, "statement.csv", TIKTOK.as_bytes(), None, &mut NoProgress).await.unwrap();
    assert!(matches!(t2.outcome, ImportOutcome::AlreadyImported { .. }), "{t2}");

    // TikTok Shop orders: the lifecycle only (the statement books the money);
    // the export names no currency, so the store must be named.
    let e = import_file(&db, &company, ImportKind::TiktokOrders, "orders.csv", TIKTOK_ORDERS.as_bytes(), None, &mut NoProgress)
        .await
        .unwrap_err();
    assert!(matches!(refusal(e), Refusal::StoreNeeded { .. }));
    let facts = |d: Vec<String>| d.into_iter().filter(|l| l.starts_with("facts")).collect::<Vec<_>>();
    let before = facts(dump(&db).await);
    let o = import_file(&db, &company, ImportKind::TiktokOrders, "orders.csv", TIKTOK_ORDERS.as_bytes(), Some("TT-MY"), &mut NoProgress)
        .await
        .unwrap();
    assert!(matches!(o.outcome, ImportOutcome::Imported { rows_read, .. } if rows_read > 0), "{o}");
    assert!(o.notes.iter().any(|n| n.to_string().contains("0 booking(s)")), "{o}");
    assert_eq!(facts(dump(&db).await), before, "an order export books nothing");
    let order = db.order(company.id, "TT-MY", "576000000000000001").await.unwrap().expect("stored");
    assert!(!order.books);
    let kinds: Vec<&str> = order.events.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains(&"contract") && kinds.contains(&"pay") && kinds.contains(&"ship"), "{kinds:?}");
    let ship = order.events.iter().find(|e| e.kind.as_str() == "ship").unwrap();
    assert_eq!(ship.at.to_rfc3339(), "2026-11-04T14:30:00+08:00", "the shipped instant in the shop's zone");
    let copy = TIKTOK_ORDERS.replace('\n', "\r\n");
    let o2 =
        import_file(&db, &company, ImportKind::TiktokOrders, "copy.csv", copy.as_bytes(), Some("TT-MY"), &mut NoProgress).await.unwrap();
    assert!(matches!(o2.outcome, ImportOutcome::Imported { rows_added: 0, .. }), "a re-download adds no event: {o2}");
}
