//! Issue acceptance: a real Amazon.de settlement flat file (V2) that nobody
//! here wrote imports and reconciles to its own total-amount, re-imports as a
//! no-op, and a copy with one corrupted amount is refused with its line
//! number and nothing stored — on SQLite and PostgreSQL. The same
//! settlement in other bytes (CRLF line ends) is recognised by its id, and
//! its FX gain/loss reaches the month's P&L from what was stored.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::accounting::month_pnl;
use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_core::money::round_money;
use amoeba_core::Month;
use amoeba_import::ImportContext;
use amoeba_store::imports::{ImportMeta, ImportOutcome, NewFact};
use amoeba_store::settlements::SettlementHeader;
use amoeba_store::testing::fresh_db;
use common::{assert_daily_matches_facts, dump};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

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

[[stores]]
code = "AMZ-DE-2"
name = "Amazon.de (second code)"
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
    let empty = dump(&db).await;

    // Corrupt one amount on line 4 (its third line of data): refused with
    // the line, nothing stored (the settlement row neither).
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
    assert_eq!(dump(&db).await, empty, "a refused file stores nothing");

    let first = import_file(&db, &company, ImportKind::AmazonSettlement, "real.txt", REAL.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress)
        .await
        .unwrap();
    assert!(matches!(first.outcome, ImportOutcome::Imported { rows_added, .. } if rows_added > 0), "{first}");
    assert!(first.notes.iter().any(|n| n.to_string().contains("reconciles") && n.to_string().contains("53.44 EUR")), "{first}");
    assert_daily_matches_facts(&db).await;
    lines_are_kept_for_drill_down(&db, &company).await;
    let once = dump(&db).await;

    let again = import_file(&db, &company, ImportKind::AmazonSettlement, "real.txt", REAL.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress)
        .await
        .unwrap();
    assert!(matches!(again.outcome, ImportOutcome::AlreadyImported { .. }), "{again}");
    assert_eq!(dump(&db).await, once);

    // Same settlement, other bytes: found by its settlement id, not its
    // hash; once a settlement is stored, no copy of it changes anything.
    for (name, copy) in [("crlf.txt", REAL.replace('\n', "\r\n")), ("bad-again.txt", corrupted)] {
        let other = import_file(&db, &company, ImportKind::AmazonSettlement, name, copy.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress)
            .await
            .unwrap();
        assert!(matches!(other.outcome, ImportOutcome::AlreadyImported { .. }), "{other}");
        assert!(other.notes.iter().any(|n| n.to_string().contains("7293436482")), "{other}");
        assert_eq!(dump(&db).await, once);
    }

    // The same payout under another store code would double its sales:
    // refused, naming the store it belongs to, in either bytes.
    for copy in [REAL.to_string(), REAL.replace('\n', "\r\n")] {
        let err = import_file(&db, &company, ImportKind::AmazonSettlement, "copy.txt", copy.as_bytes(), Some("AMZ-DE-2"), &mut NoProgress)
            .await
            .unwrap_err();
        let refusal = err.refusal().cloned();
        assert!(
            matches!(&refusal, Some(amoeba_core::Refusal::SettlementOfAnotherStore { settlement, store, .. }) if settlement == "7293436482" && store == "AMZ-DE-1"),
            "{err}"
        );
        assert_eq!(dump(&db).await, once);
    }
}

/// The real settlement as the parser reads it for the company's store.
fn parse_real(company: &amoeba_store::org_repo::CompanyRow) -> amoeba_import::amazon_settlement::Settlement {
    let tz: chrono_tz::Tz = company.company.timezone.parse().unwrap();
    let ctx = ImportContext::new(tz).with_store("AMZ-DE-1").with_currency("EUR".parse().unwrap());
    amoeba_import::amazon_settlement::parse_settlement(REAL.as_bytes(), &ctx).unwrap()
}

/// The settlement's blocks hold every line as the parser read it; drill-down
/// finds them with file and line, and distinct orders per day are counted.
async fn lines_are_kept_for_drill_down(db: &amoeba_store::Db, company: &amoeba_store::org_repo::CompanyRow) {
    // Business days are the store's (Amazon.de: Europe/Berlin).
    let tz: chrono_tz::Tz = db.store_settings(company.id, "AMZ-DE-1").await.unwrap().unwrap().timezone.parse().unwrap();
    let ctx = ImportContext::new(tz).with_store("AMZ-DE-1").with_currency("EUR".parse().unwrap());
    let parsed = amoeba_import::amazon_settlement::parse_settlement(REAL.as_bytes(), &ctx).unwrap();
    let want: Vec<_> = parsed
        .facts
        .records
        .iter()
        .map(|(f, _)| (f.line, f.date, f.kind, f.amount, f.sku.clone(), f.order_id.clone(), f.memo.clone()))
        .collect();
    let stored: Vec<_> = common::block_facts(db)
        .await
        .into_iter()
        .map(|(_, f)| (f.line, f.day, f.kind, amoeba_core::money::from_source_units(f.amount), f.sku, f.order_id, f.memo))
        .collect();
    assert_eq!(stored, want);

    let (from, to) = (want.iter().map(|w| w.1).min().unwrap(), want.iter().map(|w| w.1).max().unwrap());
    let kinds = amoeba_core::ledger::FactKind::ALL;
    let found = db.sourced_facts(company.id, from, to, &kinds, &["AMZ-DE-1".to_string()], &[]).await.unwrap();
    assert_eq!(found.len(), want.len());
    assert!(found.iter().all(|f| f.file == "real.txt" && f.store.as_deref() == Some("AMZ-DE-1")));
    let mut lines: Vec<u64> = found.iter().map(|f| f.line).collect();
    lines.sort_unstable();
    assert_eq!(lines, want.iter().map(|w| w.0).collect::<Vec<_>>());
    assert!(db.sourced_facts(company.id, from, to, &kinds, &["OTHER".to_string()], &[]).await.unwrap().is_empty());

    let mut orders: BTreeMap<chrono::NaiveDate, std::collections::BTreeSet<String>> = BTreeMap::new();
    for w in want.iter().filter(|w| w.2 == amoeba_core::ledger::FactKind::Sale) {
        if let Some(o) = &w.5 {
            orders.entry(w.1).or_default().insert(o.to_string());
        }
    }
    let mut counted: BTreeMap<chrono::NaiveDate, u64> = BTreeMap::new();
    for m in [amoeba_core::Month::of(from), amoeba_core::Month::of(to)].into_iter().collect::<std::collections::BTreeSet<_>>() {
        for c in db.order_counts(company.id, m).await.unwrap() {
            *counted.entry(c.day).or_default() += c.orders;
        }
    }
    assert!(!orders.is_empty());
    assert_eq!(counted, orders.into_iter().map(|(d, o)| (d, o.len() as u64)).collect());
}

#[tokio::test]
async fn a_stored_settlement_brings_its_fx_gain_or_loss_to_the_deposit_month() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let rates = "date,currency,rate\n2018-05-01,EUR,7.5\n2018-05-06,EUR,7.7\n";
    import_file(&db, &company, ImportKind::Fx, "fx.csv", rates.as_bytes(), None, &mut NoProgress).await.unwrap();
    import_file(&db, &company, ImportKind::AmazonSettlement, "real.txt", REAL.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress).await.unwrap();

    // Expected, from the parsed file alone: Σ per booking day of
    // round(day's EUR × that day's rate) against round(total × deposit rate).
    let parsed = parse_real(&company);
    let mut by_day: BTreeMap<chrono::NaiveDate, Decimal> = BTreeMap::new();
    for (f, _) in &parsed.facts.records {
        *by_day.entry(f.date).or_default() += f.amount;
    }
    let rate = |d: chrono::NaiveDate| {
        if d >= chrono::NaiveDate::from_ymd_opt(2018, 5, 6).unwrap() {
            Decimal::new(77, 1)
        } else {
            Decimal::new(75, 1)
        }
    };
    let booked: Decimal = by_day.iter().map(|(d, a)| round_money(*a * rate(*d))).sum();
    let total: Decimal = by_day.values().sum();
    assert_eq!(total, parsed.summary.total_amount);
    let settled = round_money(total * rate(parsed.summary.deposit_date.day));

    let month = Month::of(parsed.summary.deposit_date.day);
    let pnl = month_pnl(&db, &company, month).await.unwrap();
    assert_eq!(pnl.fx.len(), 1, "{:?}", pnl.errors);
    assert_eq!(pnl.fx[0].settlement, "7293436482");
    assert_eq!((pnl.fx[0].settled, pnl.fx[0].booked), (settled, booked));
    assert_eq!(pnl.group_fx_gain_loss, settled - booked);
    assert!(!pnl.group_fx_gain_loss.is_zero(), "the rates were chosen to move");
    assert_eq!(pnl.units["AMZ-DE"].fx_gain_loss, settled - booked, "lands on the store's owner");
}

#[tokio::test]
async fn a_settlement_written_in_pieces_keeps_its_daily_sums_exact() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let parsed = parse_real(&company);
    let s = &parsed.summary;
    let header = SettlementHeader {
        settlement_id: s.settlement_id.clone(),
        store: "AMZ-DE-1".into(),
        currency: s.currency,
        start_at: s.start.day.to_string(),
        end_at: s.end.day.to_string(),
        deposit_day: s.deposit_date.day,
        total_amount: amoeba_core::money::to_source_units(s.total_amount).unwrap(),
    };
    let meta = ImportMeta {
        kind: "amazon-settlement".into(),
        file_name: "real.txt".into(),
        file_sha256: "pieces".into(),
        encoding: "UTF-8".into(),
        store: Some("AMZ-DE-1".into()),
    };
    let mut import = db.begin_settlement_import(company.id, &meta, header).await.unwrap().unwrap();
    // Write the daily sums every 2 keys, in batches of 3 facts: the same
    // key is upserted several times and must still add up.
    import.set_daily_flush_cells(2);
    let facts: Vec<NewFact> = parsed.facts.records.into_iter().map(|(record, _)| NewFact { record, fingerprint: None }).collect();
    for batch in facts.chunks(3) {
        import.add(batch.to_vec()).await.unwrap();
    }
    assert!(matches!(import.finish().await.unwrap(), ImportOutcome::Imported { .. }));
    assert_daily_matches_facts(&db).await;
}

#[tokio::test]
async fn a_settlement_in_a_closed_month_is_refused_with_its_lines_and_stores_nothing() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let parsed = parse_real(&company);
    // Close the month of the file's last line (marked as the close would).
    let last = parsed.facts.records.last().unwrap().0.clone();
    let month = Month::of(last.date).to_string();
    sqlx::query("INSERT INTO periods (company_id, month, closed_at, summary) VALUES ($1, $2, $3, $4)")
        .bind(company.id)
        .bind(month.clone())
        .bind("2026-12-01T00:00:00Z")
        .bind("{}")
        .execute(amoeba_store::testing::pool(&db))
        .await
        .unwrap();
    let before = dump(&db).await;
    let err = import_file(&db, &company, ImportKind::AmazonSettlement, "real.txt", REAL.as_bytes(), Some("AMZ-DE-1"), &mut NoProgress)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains(&format!("period {month} is closed")) && err.contains("adjustment"), "{err}");
    assert!(err.contains(&format!("line {}", last.line)), "the refused lines are named: {err}");
    assert_eq!(dump(&db).await, before, "a refused settlement stores nothing");
}
