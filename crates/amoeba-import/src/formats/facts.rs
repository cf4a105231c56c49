//! The generic facts CSV: anything money-like that is not in a marketplace
//! report (rent, head-haul freight, COGS from a purchasing system, manual
//! adjustments). Columns are documented in `docs/formats.md`.

use crate::context::ImportContext;
use crate::error::{FileKind, ImportErrors};
use crate::fingerprint::FieldBuf;
use crate::reason::{fact_kind, Reason};
use crate::table::{col, read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Parsed, Partial};
use amoeba_core::ledger::FactRecord;
use amoeba_core::money::{to_source_units, SOURCE_DP};

const DATE: usize = 0;
const STORE: usize = 1;
const UNIT: usize = 2;
const KIND: usize = 3;
const AMOUNT: usize = 4;
const CURRENCY: usize = 5;
const SKU: usize = 6;
const ORDER_ID: usize = 7;
const CUSTOMER_ID: usize = 8;
const QUANTITY: usize = 9;
const MEMO: usize = 10;
const CORRECTS: usize = 11;

const COLUMNS: &[ColumnSpec] = &[
    col("date", true, false),
    col("store", false, false),
    col("unit", false, false),
    col("kind", true, false),
    col("amount", true, true),
    col("currency", true, false),
    col("sku", false, false),
    col("order_id", false, false),
    col("customer_id", false, false),
    col("quantity", false, false),
    col("memo", false, false),
    col("corrects", false, false),
];

fn header_check(map: &[Option<usize>]) -> Option<Reason> {
    (map[STORE].is_none() && map[UNIT].is_none()).then_some(Reason::NeedsStoreOrUnitColumn)
}

fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<FactRecord> {
    let when = r.when(DATE, true, Some(ctx.tz));
    let store = r.owned(STORE);
    let unit = r.owned(UNIT);
    match (&store, &unit) {
        (Some(_), Some(_)) => r.row_err(Reason::BothStoreAndUnit),
        (None, None) => r.row_err(Reason::NeitherStoreNorUnit),
        _ => {}
    }
    let kind = match r.required(KIND).map(fact_kind) {
        Some(Ok(k)) => Some(k),
        Some(Err(m)) => {
            r.err(KIND, m);
            None
        }
        None => None,
    };
    let amount = r.decimal(AMOUNT, true, SOURCE_DP);
    if let Some(a) = amount {
        if to_source_units(a).is_none() {
            r.err(AMOUNT, Reason::TooLarge { value: a.to_string() });
        }
    }
    let currency = r.currency(CURRENCY, true);
    let quantity = r.integer(QUANTITY, false).unwrap_or(0);
    if !r.errors.is_empty() {
        return None;
    }
    let when = when?;
    Some(FactRecord {
        date: when.day,
        occurred_at: when.at,
        store: store.map(Into::into),
        unit,
        sku: r.owned(SKU).map(Into::into),
        order_id: r.owned(ORDER_ID).map(Into::into),
        customer_id: r.owned(CUSTOMER_ID),
        quantity,
        kind: kind?,
        amount: amount?,
        currency: currency?,
        memo: r.owned(MEMO).map(Into::into),
        corrects: r.owned(CORRECTS),
        line: r.line,
    })
}

/// The normalised fields of a fact, for its fingerprint. Shared by every
/// importer that produces facts so one fact has one identity.
pub(crate) fn fact_fields(f: &FactRecord, b: &mut FieldBuf) {
    b.start("fact");
    b.display(f.date);
    b.opt(f.occurred_at.map(|t| t.to_rfc3339()).as_deref());
    b.opt(f.store.as_deref());
    b.opt(f.unit.as_deref());
    b.opt(f.sku.as_deref());
    b.opt(f.order_id.as_deref());
    b.opt(f.customer_id.as_deref());
    b.display(f.quantity);
    b.str(f.kind.as_str());
    b.display(f.amount.normalize());
    b.str(f.currency.as_str());
    b.opt(f.memo.as_deref());
    b.opt(f.corrects.as_deref());
}

/// Parses a generic facts CSV (see `docs/formats.md`, section "facts").
/// Timestamps become business days in `ctx.tz`.
pub fn parse_facts(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<FactRecord>, ImportErrors> {
    read_facts(bytes, ctx).map_err(|p| p.errors)
}

/// [`parse_facts`], but a refusal keeps the facts of the good rows, for
/// the caller to check them against the organisation in the same pass.
pub fn read_facts(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<FactRecord>, Partial<FactRecord>> {
    read_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::Facts,
            columns: COLUMNS,
            row,
            header_check,
            fields: fact_fields,
            header_mode: HeaderMode::Exact,
            description_row: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::{describe, only};
    use crate::{Encoding, NumberStyle};
    use amoeba_core::ledger::FactKind;
    use rust_decimal_macros::dec;

    fn ctx() -> ImportContext {
        ImportContext::new(chrono_tz::Asia::Shanghai)
    }

    const GOOD: &str = "\
date,store,unit,kind,amount,currency,sku,order_id,customer_id,quantity,memo,corrects
2026-03-01,AMZ-US,,sale,19.99,USD,SKU-1,111-222,c1,1,first order,
2026-03-01T20:00:00Z,AMZ-US,,platform_fee,-3.00,usd,SKU-1,111-222,,,,
2026/03/02,,NB-WH,other_expense,\"-1,200.00\",CNY,,,,,rent March,
";

    #[test]
    fn reads_a_good_file() {
        let p = parse_facts(GOOD.as_bytes(), &ctx()).unwrap();
        assert_eq!(p.records.len(), 3);
        assert_eq!(p.encoding, Encoding::Utf8);
        assert_eq!(p.number_style, NumberStyle::Point);
        let (sale, _) = &p.records[0];
        assert_eq!(sale.kind, FactKind::Sale);
        assert_eq!(sale.amount, dec!(19.99));
        assert_eq!(sale.quantity, 1);
        assert_eq!(sale.line, 2);
        assert_eq!(sale.memo.as_deref(), Some("first order"));
        assert_eq!(sale.corrects, None);
        let (fee, _) = &p.records[1];
        assert_eq!(fee.date.to_string(), "2026-03-02", "20:00 UTC is the next day in Shanghai");
        assert!(fee.occurred_at.is_some());
        assert_eq!(fee.currency.as_str(), "USD");
        let (rent, _) = &p.records[2];
        assert_eq!(rent.unit.as_deref(), Some("NB-WH"));
        assert_eq!(rent.store, None);
        assert_eq!(rent.amount, dec!(-1200.00));
    }

    #[test]
    fn reimport_gives_the_same_fingerprints_and_duplicates_are_kept() {
        let twice = format!("{GOOD}2026-03-01,AMZ-US,,sale,19.99,USD,SKU-1,111-222,c1,1,first order,\n");
        let a = parse_facts(twice.as_bytes(), &ctx()).unwrap();
        let b = parse_facts(twice.as_bytes(), &ctx()).unwrap();
        assert_eq!(a.records.len(), 4);
        let fa: Vec<_> = a.records.iter().map(|r| r.1).collect();
        let fb: Vec<_> = b.records.iter().map(|r| r.1).collect();
        assert_eq!(fa, fb);
        assert_ne!(fa[0], fa[3], "identical rows in one file are both kept");
        assert_eq!(a.file_sha256, b.file_sha256);
    }

    #[test]
    fn header_is_case_insensitive_and_columns_optional() {
        let f = "DATE,Unit,Kind,Amount,Currency\n2026-03-01,U1,cogs,-5,CNY\n";
        let p = parse_facts(f.as_bytes(), &ctx()).unwrap();
        assert_eq!(p.records[0].0.quantity, 0);
    }

    #[test]
    fn refuses_a_currency_that_is_not_iso_4217() {
        let f = "date,store,kind,amount,currency\n2026-03-01,S1,sale,1.00,USD\n2026-03-01,S1,sale,1.00,xyz\n";
        let e = parse_facts(f.as_bytes(), &ctx()).unwrap_err();
        assert_eq!(describe(&e), vec!["3:currency:'XYZ' is not an ISO 4217 currency code (such as CNY, USD, EUR)"]);
        assert_eq!(e.errors[0].render(amoeba_core::Lang::Zh), "第 3 行「currency」列：'XYZ' 不是 ISO 4217 币种代码（例如 CNY、USD、EUR）");
    }

    #[test]
    fn a_refusal_keeps_the_good_rows_for_reference_checks() {
        let f = "date,store,kind,amount,currency\n2026-03-01,S1,sale,1.0x,USD\n2026-03-01,S9,sale,2.00,USD\n";
        let p = read_facts(f.as_bytes(), &ctx()).unwrap_err();
        assert_eq!(p.errors.errors.len(), 1);
        assert_eq!(p.good.iter().map(|r| (r.line, r.store.as_deref())).collect::<Vec<_>>(), vec![(3, Some("S9"))]);
    }

    #[test]
    fn every_bad_row_is_reported() {
        let f = "\
date,store,unit,kind,amount,currency,quantity
2026-13-01,S1,,sale,1.00,USD,
2026-03-01,S1,,sale,\"12,3x\",USD,
2026-03-01,S1,,salez,1.00,USD,
2026-03-01,S1,U1,sale,1.00,USD,
2026-03-01,,,sale,1.00,USD,
2026-03-01,S1,,sale,1.00,US,
2026-03-01,S1,,sale,1.00,USD,1.5
2026-03-01,S1,,sale,1.23456,USD,
2026-03-01,S1,,,1.00,USD,
2026-03-01,S1,,sale,1.00,USD,
";
        let e = parse_facts(f.as_bytes(), &ctx()).unwrap_err();
        let d = describe(&e);
        assert_eq!(d.len(), 9, "{d:#?}");
        assert!(d[0].starts_with("2:date:'2026-13-01' is not a date"), "{}", d[0]);
        assert_eq!(d[1], "3:amount:'12,3x' is not a number (expected e.g. 1234.56 or 1,234.56; this file uses a decimal point)");
        assert!(d[2].starts_with("4:kind:unknown fact kind 'salez'"), "{}", d[2]);
        assert_eq!(d[3], "5::both store and unit are given; a fact belongs to exactly one");
        assert_eq!(d[4], "6::neither store nor unit is given; a fact belongs to exactly one");
        assert!(d[5].starts_with("7:currency:'US' is not a currency code"), "{}", d[5]);
        assert_eq!(d[6], "8:quantity:'1.5' is not a whole number");
        assert!(d[7].starts_with("9:amount:'1.23456' has 5 decimal places"), "{}", d[7]);
        assert_eq!(d[8], "10:kind:kind is required");
        assert!(e.to_string().contains("line 3, column \"amount\": '12,3x' is not a number"));
    }

    #[test]
    fn unknown_and_missing_columns() {
        let e = only(parse_facts(b"date,store,kind,amount,currency,colour\n", &ctx()));
        assert!(e.starts_with("1:colour:unknown column"), "{e}");
        let e = only(parse_facts(b"date,store,kind,currency\n2026-03-01,S,sale,USD\n", &ctx()));
        assert_eq!(e, "1::missing required column \"amount\"");
        let e = only(parse_facts(b"date,kind,amount,currency\n", &ctx()));
        assert!(e.contains("\"store\" or a \"unit\""), "{e}");
        let e = only(parse_facts(b"date,store,store,kind,amount,currency\n", &ctx()));
        assert!(e.contains("twice"), "{e}");
        let e = only(parse_facts(b"", &ctx()));
        assert!(e.contains("empty"), "{e}");
    }

    #[test]
    fn decimal_comma_semicolon_file() {
        let f = "date;store;kind;amount;currency\n01.03.2026;AMZ-DE;sale;1.234,56;EUR\n01.03.2026;AMZ-DE;refund;-3,45;EUR\n";
        let p = parse_facts(f.as_bytes(), &ctx()).unwrap();
        assert_eq!(p.number_style, NumberStyle::Comma);
        assert_eq!(p.records[0].0.amount, dec!(1234.56));
        assert_eq!(p.records[1].0.amount, dec!(-3.45));
        assert_eq!(p.records[0].0.date.to_string(), "2026-03-01");
    }

    #[test]
    fn mixed_conventions_are_refused() {
        let f = "date,store,kind,amount,currency\n2026-03-01,S,sale,3.45,EUR\n2026-03-01,S,sale,\"3,45\",EUR\n";
        let e = only(parse_facts(f.as_bytes(), &ctx()));
        assert!(e.starts_with("3:amount:'3,45' is written with a decimal comma"), "{e}");
    }

    #[test]
    fn caller_style_wins() {
        let f = "date,store,kind,amount,currency\n2026-03-01,S,sale,1.234,EUR\n";
        let p = parse_facts(f.as_bytes(), &ctx().with_number_style(NumberStyle::Comma)).unwrap();
        assert_eq!(p.records[0].0.amount, dec!(1234));
        let p = parse_facts(f.as_bytes(), &ctx()).unwrap();
        assert_eq!(p.records[0].0.amount, dec!(1.234), "ambiguous values default to a decimal point");
    }

    #[test]
    fn tab_separated_with_bom_and_crlf() {
        let f = "\u{feff}date\tstore\tkind\tamount\tcurrency\r\n2026-03-01\tS\tsale\t5\tUSD\r\n";
        let p = parse_facts(f.as_bytes(), &ctx()).unwrap();
        assert_eq!(p.encoding, Encoding::Utf8Bom);
        assert_eq!(p.records[0].0.currency.as_str(), "USD");
    }

    #[test]
    fn gbk_file_from_chinese_excel() {
        let text = "date,unit,kind,amount,currency,memo\r\n2026-03-01,宁波仓,other_expense,-8000,CNY,三月房租\r\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let p = parse_facts(&bytes, &ctx()).unwrap();
        assert_eq!(p.encoding, Encoding::Gbk);
        assert_eq!(p.records[0].0.memo.as_deref(), Some("三月房租"));
        assert_eq!(p.records[0].0.unit.as_deref(), Some("宁波仓"));
    }

    #[test]
    fn excel_trailing_separators_are_tolerated_while_empty() {
        let f = "date,store,kind,amount,currency,\n2026-03-01,S,sale,5,USD,\n";
        assert!(parse_facts(f.as_bytes(), &ctx()).is_ok());
        let f = "date,store,kind,amount,currency,\n2026-03-01,S,sale,5,USD,oops\n";
        let e = only(parse_facts(f.as_bytes(), &ctx()));
        assert!(e.contains("no name"), "{e}");
        let f = "date,store,kind,amount,currency\n2026-03-01,S,sale,5,USD,x\n";
        let e = only(parse_facts(f.as_bytes(), &ctx()));
        assert!(e.contains("6 fields but the header has 5"), "{e}");
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = parse_facts(&bytes, &ctx());
        }

        #[test]
        fn random_rows_under_a_real_header_never_panic(
            rows in proptest::collection::vec("[,;\"a-z0-9.:\\- ]{0,40}", 0..10)
        ) {
            let f = format!("date,store,unit,kind,amount,currency,quantity\n{}", rows.join("\n"));
            let _ = parse_facts(f.as_bytes(), &ctx());
        }
    }

    #[test]
    fn blank_lines_are_skipped() {
        let f = "date,store,kind,amount,currency\n\n2026-03-01,S,sale,5,USD\n\n";
        assert_eq!(parse_facts(f.as_bytes(), &ctx()).unwrap().records.len(), 1);
    }

    #[test]
    fn an_unterminated_quote_refuses_the_file_at_its_line_instead_of_swallowing_rows() {
        let f = "date,unit,kind,amount,currency,memo\n\
2026-03-01,U1,other_expense,-1.00,CNY,\"unterminated memo\n\
2026-03-01,U1,platform_fee,-3.00,CNY,\n\
2026-03-02,U1,other_expense,\"-1,234.56\",CNY,rent\n";
        let d = describe(&parse_facts(f.as_bytes(), &ctx()).unwrap_err());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("2::a quote opened on this line is not closed"), "{d:?}");
    }

    #[test]
    fn a_row_missing_its_trailing_cells_is_refused() {
        let f = "date,unit,kind,amount,currency,memo\n2026-03-01,U1,other_expense,-1.00,CNY\n2026-03-01,U1,other_expense,-1.00,CNY,\n";
        let d = describe(&parse_facts(f.as_bytes(), &ctx()).unwrap_err());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("2::row has 5 fields but the header has 6"), "{d:?}");
    }

    #[test]
    fn a_header_alone_is_not_an_import() {
        let d = describe(&parse_facts(b"date,unit,kind,amount,currency\n", &ctx()).unwrap_err());
        assert_eq!(d, vec!["2::the file has a header but no rows: nothing to import (was it exported before its data?)".to_string()]);
    }

    #[test]
    fn a_quoted_memo_over_two_lines_is_one_cell_and_lines_stay_right() {
        let f = "date,unit,kind,amount,currency,memo\n2026-03-01,U1,other_expense,-1.00,CNY,\"rent\nMarch\"\n2026-03-02,U1,other_expense,x,CNY,\n";
        let e = parse_facts(f.as_bytes(), &ctx()).unwrap_err();
        let d = describe(&e);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("4:amount:"), "the row after a two-line cell is on line 4: {d:?}");
        let ok = "date,unit,kind,amount,currency,memo\n2026-03-01,U1,other_expense,-1.00,CNY,\"rent\nMarch\"\n";
        let p = parse_facts(ok.as_bytes(), &ctx()).unwrap();
        assert_eq!(p.records[0].0.memo.as_deref(), Some("rent\nMarch"));
    }
}
