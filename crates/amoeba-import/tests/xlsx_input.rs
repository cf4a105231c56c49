//! Workbooks read as their CSV twins: files made here with rust_xlsxwriter
//! (as Excel or a marketplace would write them) go through the same parsers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_core::ledger::FactKind;
use amoeba_core::money::Currency;
use amoeba_import::amazon_ads::parse_ads;
use amoeba_import::formats::{parse_facts, parse_fx, parse_hours, parse_inventory};
use amoeba_import::{Encoding, ImportContext, ImportErrors};
use rust_decimal_macros::dec;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Read, Write};

fn ads_ctx() -> ImportContext {
    ImportContext::new(chrono_tz::America::Los_Angeles).with_store("AMZ-US").with_currency(Currency::USD)
}

fn codes(e: &ImportErrors) -> Vec<(u64, String, String)> {
    e.errors.iter().map(|e| (e.line, e.column.clone().unwrap_or_default(), e.reason.code().to_string())).collect()
}

/// A Sponsored Products advertised-product report as Amazon's console
/// writes it: a title-cased header with a trailing space and a no-break
/// space, the date column as plain serial numbers, money as numbers.
fn ads_report(serial_dates: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sponsored Product Advertised P").unwrap();
    let header = [
        "Date",
        "Portfolio name",
        "Currency",
        "Campaign Name",
        "Ad Group Name",
        "Advertised SKU",
        "Advertised ASIN",
        "Impressions",
        "Clicks",
        "Spend",
        "7 Day Total Sales\u{a0}",
        "7 Day Total Units (#) ",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let rows: [(f64, &str, f64, f64, f64); 3] =
        [(44166.0, "MUG-01", 5.4, 59.97, 3.0), (44166.0, "MUG-02", 0.0, 0.0, 0.0), (44167.0, "MUG-02", 2.0, 19.99, 1.0)];
    for (i, (day, sku, spend, sales, units)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        if serial_dates {
            ws.write_number(r, 0, *day).unwrap();
        } else {
            let dt = ExcelDateTime::from_serial_datetime(*day).unwrap();
            ws.write_datetime_with_format(r, 0, &dt, &date_format).unwrap();
        }
        ws.write_string(r, 1, "Not grouped").unwrap();
        ws.write_string(r, 2, "USD").unwrap();
        ws.write_string(r, 3, "Auto - Mugs").unwrap();
        ws.write_string(r, 4, "Mugs").unwrap();
        ws.write_string(r, 5, *sku).unwrap();
        ws.write_string(r, 6, "B000000001").unwrap();
        ws.write_number(r, 7, 1520).unwrap();
        ws.write_number(r, 8, 12).unwrap();
        ws.write_number(r, 9, *spend).unwrap();
        ws.write_number(r, 10, *sales).unwrap();
        ws.write_number(r, 11, *units).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_ads_report_workbook_with_serial_dates_reads_like_its_csv() {
    for serial in [true, false] {
        let p = parse_ads(&ads_report(serial), &ads_ctx()).unwrap();
        assert_eq!(p.encoding, Encoding::Xlsx);
        let facts: Vec<_> = p.records.iter().map(|r| &r.0).collect();
        assert_eq!(facts.len(), 4, "zero spend and zero sales make no facts: {facts:#?}");
        assert_eq!((facts[0].kind, facts[0].amount, facts[0].date.to_string()), (FactKind::AdSpend, dec!(-5.4), "2020-12-01".into()));
        assert_eq!((facts[1].kind, facts[1].amount, facts[1].quantity), (FactKind::AdSales, dec!(59.97), 3));
        assert_eq!(facts[1].line, 2, "line numbers are sheet rows");
        assert_eq!(facts[2].date.to_string(), "2020-12-02");
        assert_eq!(facts[3].line, 4);
    }
    // The same report as CSV gives the same facts and fingerprints.
    let csv = "Date,Currency,Campaign Name,Ad Group Name,Advertised SKU,Spend,7 Day Total Sales ,7 Day Total Units (#)\n\
               2020-12-01,USD,Auto - Mugs,Mugs,MUG-01,5.4,59.97,3\n2020-12-01,USD,Auto - Mugs,Mugs,MUG-02,0,0,0\n\
               2020-12-02,USD,Auto - Mugs,Mugs,MUG-02,2,19.99,1\n";
    let from_csv = parse_ads(csv.as_bytes(), &ads_ctx()).unwrap();
    let from_xlsx = parse_ads(&ads_report(true), &ads_ctx()).unwrap();
    let prints = |p: &amoeba_import::Parsed<_>| p.records.iter().map(|r: &(_, amoeba_import::Fingerprint)| r.1).collect::<Vec<_>>();
    assert_eq!(prints(&from_csv), prints(&from_xlsx), "one row, one identity, whatever the file type");
}

fn facts_book(rows: &[(&str, f64)]) -> Workbook {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["date", "store ", "kind", "amount", "currency"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (day, amount)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *day).unwrap();
        ws.write_string(r, 1, "AMZ-US").unwrap();
        ws.write_string(r, 2, "sale").unwrap();
        ws.write_number(r, 3, *amount).unwrap();
        ws.write_string(r, 4, "USD").unwrap();
    }
    wb
}

#[test]
fn a_float_that_is_not_the_decimal_shown_is_refused_not_rounded() {
    let mut wb = facts_book(&[("2026-03-01", 19.99), ("2026-03-01", 0.1 + 0.2), ("2026-03-02", 1e15)]);
    let e = parse_facts(&wb.save_to_buffer().unwrap(), &ImportContext::default()).unwrap_err();
    assert_eq!(codes(&e), vec![(3, "amount".into(), "too_many_decimals".into()), (4, "amount".into(), "too_large".into())], "{e}");
    assert!(e.to_string().contains("0.30000000000000004"), "the cell's exact value is named: {e}");
    let mut ok = facts_book(&[("2026-03-01", 19.99), ("2026-03-01", 1234.5)]);
    let p = parse_facts(&ok.save_to_buffer().unwrap(), &ImportContext::default()).unwrap();
    assert_eq!(p.records.iter().map(|r| r.0.amount).collect::<Vec<_>>(), vec![dec!(19.99), dec!(1234.5)]);
}

#[test]
fn the_named_sheet_is_read_and_a_missing_one_is_named() {
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Notes").unwrap().write_string(0, 0, "read me first").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Rates").unwrap();
    ws.write_string(0, 0, "date").unwrap();
    ws.write_string(0, 1, "currency").unwrap();
    ws.write_string(0, 2, "rate").unwrap();
    ws.write_string(2, 0, "2026-03-01").unwrap();
    ws.write_string(2, 1, "USD").unwrap();
    ws.write_number(2, 2, 7.1234).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let p = parse_fx(&bytes, &ImportContext::default().with_sheet("rates")).unwrap();
    assert_eq!((p.records[0].0.rate, p.records[0].0.line), (dec!(7.1234), 3), "an empty sheet row is skipped, lines stay sheet rows");
    let e = parse_fx(&bytes, &ImportContext::default()).unwrap_err();
    assert_eq!(codes(&e)[0].2, "unknown_column", "the first sheet is read unless one is named: {e}");
    let e = parse_fx(&bytes, &ImportContext::default().with_sheet("FX")).unwrap_err();
    assert_eq!(codes(&e), vec![(0, String::new(), "sheet_not_found".into())]);
    assert!(e.to_string().contains("Notes, Rates"), "{e}");
}

#[test]
fn date_cells_serials_and_error_cells() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["date", "store", "sku", "on_hand"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let f = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(1, 0, ExcelDateTime::from_ymd(2026, 3, 1).unwrap(), &f).unwrap();
    ws.write_number(2, 0, 46082).unwrap();
    ws.write_number(3, 0, 60).unwrap();
    ws.write_number(4, 0, 46082.5).unwrap();
    for r in 1..=4 {
        ws.write_string(r, 1, "AMZ-US").unwrap();
        ws.write_string(r, 2, format!("SKU-{r}")).unwrap();
        ws.write_number(r, 3, 12).unwrap();
    }
    ws.write_formula(4, 3, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
    let e = parse_inventory(&wb.save_to_buffer().unwrap(), &ImportContext::default()).unwrap_err();
    assert_eq!(
        codes(&e),
        vec![
            (4, "date".into(), "not_an_excel_day".into()),
            (5, "date".into(), "not_a_date".into()),
            (5, "on_hand".into(), "not_a_number".into())
        ],
        "{e}"
    );
    assert!(e.errors[0].to_string().contains("1900-02-29"), "{}", e.errors[0]);
}

/// Sets the workbook's date system to 1904, as Excel for Mac did.
fn to_1904(xlsx: &[u8]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut body = Vec::new();
        part.read_to_end(&mut body).unwrap();
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(body).unwrap().replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1);
            assert!(text.contains("date1904"), "{text}");
            body = text.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&body).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn the_1904_date_system_is_honoured() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["person", "unit", "period", "hours"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "P-1").unwrap();
    ws.write_string(1, 1, "U-1").unwrap();
    ws.write_number(1, 2, 46082.0 - 1462.0).unwrap();
    ws.write_number(1, 3, 8).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let as_1900 = parse_hours(&bytes, &ImportContext::default()).unwrap();
    let as_1904 = parse_hours(&to_1904(&bytes), &ImportContext::default()).unwrap();
    assert_eq!(format!("{:?}", as_1904.records[0].0.period), "Day(2026-03-01)");
    assert_ne!(as_1900.records[0].0.period, as_1904.records[0].0.period, "the same number is another day in 1904");
}

#[test]
fn a_zip_that_is_no_workbook_is_refused_whole() {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(b"hello").unwrap();
    let bytes = z.finish().unwrap().into_inner();
    let e = parse_facts(&bytes, &ImportContext::default()).unwrap_err();
    assert_eq!(codes(&e), vec![(0, String::new(), "not_xlsx".into())], "{e}");
}
