//! The Shopify and TikTok Shop fixtures (which follow the exports' real
//! column lists, `tests/fixtures/SOURCES.md`) read as CSV and as the XLSX
//! a seller downloads, with the same result.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_core::ledger::FactKind;
use amoeba_core::money::Currency;
use amoeba_import::shopify_orders::{parse_shopify_orders, CustomerKey};
use amoeba_import::tiktok::{parse_tiktok_orders, parse_tiktok_statement};
use amoeba_import::{Encoding, ImportContext};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const SHOPIFY: &str = include_str!("fixtures/shopify_orders_export.csv");
const TIKTOK_ORDERS: &str = include_str!("fixtures/tiktok_orders_export.csv");
const TIKTOK_STATEMENT: &str = include_str!("fixtures/tiktok_statement_order_details.csv");

/// A CSV written into a sheet: numbers as numbers (as Excel would type
/// them), the rest as text; `dates` columns as date cells when they are days.
fn workbook(csv_text: &str, sheet: &str, header_suffix: &str, dates: &[&str]) -> Vec<u8> {
    let mut wb = Workbook::new();
    if !dates.is_empty() {
        // A statement workbook opens on its summary sheet.
        wb.add_worksheet().set_name("Reports").unwrap().write_string(0, 0, "Statement summary").unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let day = Format::new().set_num_format("yyyy/mm/dd");
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let mut date_cols = Vec::new();
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        for (c, v) in rec.iter().enumerate() {
            let (r, c16) = (r as u32, c as u16);
            if r == 0 {
                if dates.contains(&v) {
                    date_cols.push(c);
                }
                ws.write_string(0, c16, format!("{v}{header_suffix}")).unwrap();
            } else if v.is_empty() {
            } else if let (true, Ok(d)) = (date_cols.contains(&c), chrono::NaiveDate::parse_from_str(v, "%Y/%m/%d")) {
                use chrono::Datelike;
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                ws.write_datetime_with_format(r, c16, dt, &day).unwrap();
            } else if let Ok(n) = v.parse::<f64>().map_err(|_| ()).and_then(|n| if v.len() < 15 { Ok(n) } else { Err(()) }) {
                ws.write_number(r, c16, n).unwrap();
            } else {
                ws.write_string(r, c16, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_tiktok_statement_workbook_reads_like_its_csv() {
    let ctx = ImportContext::new(chrono_tz::Asia::Kuala_Lumpur).with_sheet("Order details");
    let xlsx = workbook(TIKTOK_STATEMENT, "Order details", "  ", &["Order created time", "Order settled time"]);
    let from_xlsx = parse_tiktok_statement(&xlsx, &ctx).unwrap();
    let from_csv = parse_tiktok_statement(TIKTOK_STATEMENT.as_bytes(), &ctx).unwrap();
    assert_eq!(from_xlsx.encoding, Encoding::Xlsx);
    assert_eq!(from_xlsx.rows, from_csv.rows, "trailing spaces in headers, date cells and numeric cells read as the CSV");
    assert_eq!(from_xlsx.total, dec!(15.83));
    let facts = from_xlsx.to_facts("TT-MY");
    let by_kind = |k: FactKind| facts.iter().filter(|f| f.0.kind == k).map(|f| f.0.amount).sum::<Decimal>();
    assert_eq!(by_kind(FactKind::Sale), dec!(107.98));
    assert_eq!(by_kind(FactKind::Refund), dec!(-59.00));
    assert_eq!(by_kind(FactKind::AdSpend), dec!(-20.00));
    let e = parse_tiktok_statement(&xlsx, &ImportContext::new(chrono_tz::Asia::Kuala_Lumpur)).unwrap_err();
    assert!(e.to_string().contains("missing required column"), "the first sheet is the summary: {e}");
}

#[test]
fn shopify_and_tiktok_order_workbooks_read_like_their_csv() {
    let la = ImportContext::new(chrono_tz::America::Los_Angeles).with_currency(Currency::USD);
    let csv = parse_shopify_orders(SHOPIFY.as_bytes(), &la, CustomerKey::Hashed).unwrap();
    let xlsx = parse_shopify_orders(&workbook(SHOPIFY, "orders_export", "", &[]), &la, CustomerKey::Hashed).unwrap();
    assert_eq!(csv.orders, xlsx.orders);
    let csv = parse_tiktok_orders(TIKTOK_ORDERS.as_bytes(), &la, CustomerKey::Hashed).unwrap();
    let xlsx = parse_tiktok_orders(&workbook(TIKTOK_ORDERS, "OrderSKUList", "\u{a0}", &[]), &la, CustomerKey::Hashed).unwrap();
    assert_eq!(csv.orders, xlsx.orders);
    assert_eq!(xlsx.orders.len(), 2);
}
