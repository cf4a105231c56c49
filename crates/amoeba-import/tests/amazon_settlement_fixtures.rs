//! The acceptance test of the settlement importer: a real Amazon settlement
//! flat file V2 that nobody here wrote (see `fixtures/SOURCES.md`) imports
//! and reconciles to its own total-amount; a copy with one corrupted amount
//! is refused with that amount's line number; re-reading gives the same
//! fingerprints (so re-importing stores nothing new).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_core::ledger::FactKind;
use amoeba_import::amazon_settlement::{parse_settlement, read_settlement_summary};
use amoeba_import::{Encoding, ImportContext, NumberStyle};
use rust_decimal_macros::dec;

const REAL_DE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/amazon_settlement_de_real_2018.txt");
const HANDMADE_DE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/amazon_settlement_de_handmade.txt");

fn de() -> ImportContext {
    ImportContext::new(chrono_tz::Europe::Berlin).with_store("AMZ-DE")
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).expect("fixture present")
}

#[test]
fn real_de_settlement_imports_and_reconciles() {
    let s = parse_settlement(&read(REAL_DE), &de()).expect("the real settlement reconciles");
    assert_eq!(s.summary.settlement_id, "7293436482");
    assert_eq!(s.summary.total_amount, dec!(53.44));
    assert_eq!(s.summary.currency.as_str(), "EUR");
    assert_eq!(s.summary.start.day.to_string(), "2018-05-03");
    assert_eq!(s.summary.deposit_date.day.to_string(), "2018-05-06");
    assert_eq!(s.facts.number_style, NumberStyle::Comma);
    assert_eq!(s.facts.encoding, Encoding::Utf8);
    let facts: Vec<_> = s.facts.records.iter().map(|r| &r.0).collect();
    let kinds: Vec<_> = facts.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, vec![FactKind::Sale, FactKind::PlatformFee, FactKind::Refund, FactKind::PlatformFee, FactKind::PlatformFee]);
    let amounts: Vec<_> = facts.iter().map(|f| f.amount).collect();
    assert_eq!(amounts, vec![dec!(179.99), dec!(-32.40), dec!(-109.99), dec!(19.80), dec!(-3.96)]);
    assert_eq!(amounts.iter().sum::<rust_decimal::Decimal>(), s.summary.total_amount);
    assert_eq!(facts[0].quantity, 1);
    assert_eq!(facts[0].date.to_string(), "2018-05-03");
    assert_eq!(facts[0].order_id.as_deref(), Some("303-3746292-6119509"));
    assert_eq!(facts[0].sku.as_deref(), Some("3700546702556-180412-chp-18c10347-1"));
    assert_eq!(facts[0].line, 3);
    assert_eq!(facts[2].quantity, 0, "Amazon left quantity-purchased empty on the refund");
    assert!(s.unmapped.is_empty());
}

#[test]
fn real_de_settlement_reimports_as_the_same_rows() {
    let a = parse_settlement(&read(REAL_DE), &de()).unwrap();
    let b = parse_settlement(&read(REAL_DE), &de()).unwrap();
    let pa: Vec<_> = a.facts.records.iter().map(|r| r.1).collect();
    let pb: Vec<_> = b.facts.records.iter().map(|r| r.1).collect();
    assert_eq!(pa, pb);
    assert_eq!(a.facts.file_sha256, b.facts.file_sha256);
}

#[test]
fn corrupted_amount_is_refused_with_its_line() {
    let text = String::from_utf8(read(REAL_DE)).unwrap();
    let corrupted = text.replacen("\t-32,40\t", "\t-32,4O\t", 1);
    assert_ne!(text, corrupted);
    let err = parse_settlement(corrupted.as_bytes(), &de()).unwrap_err();
    assert_eq!(err.errors.len(), 1, "{err}");
    assert_eq!(err.errors[0].line, 4);
    assert_eq!(err.errors[0].column.as_deref(), Some("amount"));
    assert!(err.to_string().contains("line 4, column \"amount\": '-32,4O' is not a number"), "{err}");
}

#[test]
fn altered_but_well_formed_amount_is_refused_by_reconciliation() {
    let text = String::from_utf8(read(REAL_DE)).unwrap();
    let altered = text.replacen("\t-32,40\t", "\t-32,04\t", 1);
    let err = parse_settlement(altered.as_bytes(), &de()).unwrap_err();
    assert_eq!(err.errors.len(), 1, "{err}");
    let msg = &err.errors[0].reason.to_string();
    assert!(msg.contains("sum to 53.8 EUR but the settlement's total-amount is 53.44 EUR (difference -0.36)"), "{msg}");
}

#[test]
fn truncated_real_settlement_is_refused() {
    let text = String::from_utf8(read(REAL_DE)).unwrap();
    let cut: String = text.lines().take(5).map(|l| format!("{l}\n")).collect();
    let err = parse_settlement(cut.as_bytes(), &de()).unwrap_err();
    assert!(err.to_string().contains("incomplete or altered"), "{err}");
}

#[test]
fn the_summary_is_read_without_the_rest_of_the_file() {
    let text = String::from_utf8(read(REAL_DE)).unwrap();
    let whole = parse_settlement(text.as_bytes(), &de()).unwrap().summary;
    assert_eq!(read_settlement_summary(text.as_bytes(), &de()).unwrap(), whole);
    // Lines after the summary are not looked at: a truncated or broken body
    // still names its settlement (the full read refuses it later).
    let head: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    assert_eq!(read_settlement_summary(format!("{head}garbage\tline\n").as_bytes(), &de()).unwrap(), whole);
    let no_summary: String = text.lines().take(1).map(|l| format!("{l}\n")).collect();
    let err = read_settlement_summary(no_summary.as_bytes(), &de()).unwrap_err().to_string();
    assert!(err.contains("no settlement summary row"), "{err}");
    let bad_total = head.replacen("53,44", "53,4x", 1);
    let err = read_settlement_summary(bad_total.as_bytes(), &de()).unwrap_err().to_string();
    assert!(err.contains("line 2") && err.contains("total-amount"), "{err}");
}

#[test]
fn handmade_de_settlement_covers_the_mapping() {
    let s = parse_settlement(&read(HANDMADE_DE), &de()).expect("reconciles");
    assert_eq!(s.summary.total_amount, dec!(717.15));
    assert_eq!(s.facts.number_style, NumberStyle::Comma);
    let got: Vec<(FactKind, rust_decimal::Decimal, i64)> = s.facts.records.iter().map(|(f, _)| (f.kind, f.amount, f.quantity)).collect();
    use FactKind::*;
    assert_eq!(
        got,
        vec![
            (Sale, dec!(1234.56), 2),
            (Sale, dec!(4.99), 0),
            (PlatformFee, dec!(-185.18), 0),
            (FulfilmentFee, dec!(-9.80), 0),
            (Promotion, dec!(-4.99), 0),
            (Refund, dec!(-49.90), 1),
            (PlatformFee, dec!(7.49), 0),
            (PlatformFee, dec!(-1.50), 0),
            (StorageFee, dec!(-23.17), 0),
            (AdSpend, dec!(-120.00), 0),
            (Reimbursement, dec!(15.00), 0),
            (OtherExpense, dec!(-0.35), 0),
            (Transfer, dec!(100.00), 0),
            (Transfer, dec!(-250.00), 0),
        ]
    );
    // 23:30 UTC on 1 March is 2 March in Berlin.
    assert_eq!(s.facts.records[0].0.date.to_string(), "2026-03-02");
    assert_eq!(s.unmapped, vec![("other-transaction/other-transaction/Mystery Fee".to_string(), 1)]);
}
