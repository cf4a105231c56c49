//! Amazon Sponsored Products "advertised product" report (CSV, TSV or the
//! XLSX the console downloads, read by [`crate::xlsx`]): per day and advertised SKU, what was spent and what the ads sold
//! within seven days. Spend becomes an `ad_spend` fact (negative, money);
//! attributed sales an `ad_sales` fact (positive, a metric that never enters
//! profit) carrying the attributed units.
//!
//! Export headers drift (`Date` / `Start Date`, trailing spaces,
//! `7 Day Total Sales ($)` / `7 Day Total Sales (£)`), so columns are found by
//! the normalised prefix of their header (letters and digits, lower-case),
//! and the many columns Amoeba does not use are ignored. Zero spend or zero
//! sales produce no fact. Currency comes from the `Currency` column when
//! present, else from the caller (the store's currency).

use crate::context::ImportContext;
use crate::error::{FileKind, ImportError, ImportErrors};
use crate::fingerprint::{FieldBuf, Fingerprint};
use crate::formats::fact_fields;
use crate::reason::Reason;
use crate::table::{parse_table, ColumnSpec, Format, HeaderMode, Row};
use crate::Parsed;
use amoeba_core::ledger::{FactKind, FactRecord};
use amoeba_core::money::SOURCE_DP;
use sha2::{Digest, Sha256};

const DATE: usize = 0;
const CURRENCY: usize = 1;
const CAMPAIGN: usize = 2;
const AD_GROUP: usize = 3;
const SKU: usize = 4;
const SPEND: usize = 5;
const SALES: usize = 6;
const UNITS: usize = 7;

const fn pcol(name: &'static str, required: bool, amount: bool, prefixes: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec { name, required, amount, prefixes, aliases: &[] }
}

const COLUMNS: &[ColumnSpec] = &[
    pcol("Date", true, false, &["date", "startdate"]),
    pcol("Currency", false, false, &["currency"]),
    pcol("Campaign Name", false, false, &["campaignname"]),
    pcol("Ad Group Name", false, false, &["adgroupname"]),
    pcol("Advertised SKU", true, false, &["advertisedsku"]),
    pcol("Spend", true, true, &["spend"]),
    pcol("7 Day Total Sales", true, true, &["7daytotalsales"]),
    pcol("7 Day Total Units (#)", false, false, &["7daytotalunits"]),
];

/// One report row: its spend and sales facts (either may be absent when zero).
#[derive(Debug, Clone)]
struct AdRow {
    spend: Option<FactRecord>,
    sales: Option<FactRecord>,
}

fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<AdRow> {
    let date = r.date(DATE, true);
    let sku = r.required(SKU).map(str::to_string);
    let spend = r.decimal(SPEND, true, SOURCE_DP);
    let sales = r.decimal(SALES, true, SOURCE_DP);
    let units = r.integer(UNITS, false).unwrap_or(0);
    let currency = match r.text(CURRENCY) {
        Some(_) => r.currency(CURRENCY, false),
        None if ctx.currency.is_some() => ctx.currency,
        None => {
            r.row_err(Reason::NoCurrency);
            None
        }
    };
    for (c, v) in [(SPEND, spend), (SALES, sales)] {
        if let Some(v) = v {
            if v.is_sign_negative() && !v.is_zero() {
                r.err(c, Reason::Negative { value: v.to_string() });
            } else if amoeba_core::money::to_source_units(v).is_none() {
                // Named by its own column, not the ledger's `amount`.
                r.err(c, Reason::TooLarge { value: v.to_string() });
            }
        }
    }
    if units < 0 {
        r.err(UNITS, Reason::Negative { value: units.to_string() });
    }
    if !r.errors.is_empty() {
        return None;
    }
    let memo = match (r.text(CAMPAIGN), r.text(AD_GROUP)) {
        (Some(c), Some(g)) => Some(format!("{c} / {g}")),
        (Some(c), None) => Some(c.to_string()),
        (None, Some(g)) => Some(g.to_string()),
        (None, None) => None,
    };
    let (date, sku, spend, sales, currency) = (date?, sku?, spend?, sales?, currency?);
    let fact = |kind: FactKind, amount, quantity| FactRecord {
        date,
        occurred_at: None,
        store: ctx.store.as_deref().map(Into::into),
        unit: None,
        sku: Some(sku.as_str().into()),
        order_id: None,
        customer_id: None,
        quantity,
        kind,
        amount,
        currency,
        memo: memo.as_deref().map(Into::into),
        corrects: None,
        line: r.line,
    };
    Some(AdRow {
        spend: (!spend.is_zero()).then(|| fact(FactKind::AdSpend, -spend, 0)),
        sales: (!sales.is_zero()).then(|| fact(FactKind::AdSales, sales, units)),
    })
}

fn fields(x: &AdRow, b: &mut FieldBuf) {
    // The row's identity: both halves, so the occurrence count is per row.
    let mut inner = FieldBuf::default();
    b.start("amazon-ads");
    for f in [&x.spend, &x.sales] {
        match f {
            Some(f) => {
                fact_fields(f, &mut inner);
                b.str("some");
                b.display(hex_of(&inner));
            }
            None => b.opt(None),
        }
    }
}

fn hex_of(b: &FieldBuf) -> String {
    let mut tmp = Vec::new();
    b.write_to(&mut tmp);
    hex::encode(Sha256::digest(&tmp))
}

fn derive(row_print: Fingerprint, half: &str) -> Fingerprint {
    let mut h = Sha256::new();
    h.update(row_print.0);
    h.update(half.as_bytes());
    let d = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    Fingerprint(out)
}

/// Parses an advertised-product report into `ad_spend` and `ad_sales` facts
/// for the store in `ctx.store` (required).
pub fn parse_ads(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<FactRecord>, ImportErrors> {
    if ctx.store.is_none() {
        return Err(ImportErrors::single(FileKind::AmazonAds, ImportError::line(0, Reason::StoreNotGiven { settlement: false })));
    }
    let rows = parse_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::AmazonAds,
            columns: COLUMNS,
            row,
            header_check: |_| None,
            fields,
            header_mode: HeaderMode::Prefix,
            description_row: None,
        },
    )?;
    let mut records = Vec::with_capacity(rows.records.len() * 2);
    for (r, print) in rows.records {
        if let Some(f) = r.spend {
            records.push((f, derive(print, "spend")));
        }
        if let Some(f) = r.sales {
            records.push((f, derive(print, "sales")));
        }
    }
    Ok(Parsed { records, encoding: rows.encoding, number_style: rows.number_style, file_sha256: rows.file_sha256 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::describe;
    use crate::{Encoding, NumberStyle};
    use amoeba_core::money::Currency;
    use rust_decimal_macros::dec;

    fn ctx() -> ImportContext {
        ImportContext::new(chrono_tz::America::Los_Angeles).with_store("AMZ-US").with_currency(Currency::USD)
    }

    const US: &str = "\
Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Advertised SKU,Advertised ASIN,Impressions,Clicks,Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,7 Day Total Sales ,Total Advertising Cost of Sales (ACOS) ,Total Return on Advertising Spend (ROAS),7 Day Total Orders (#),7 Day Total Units (#),7 Day Conversion Rate
\"Dec 01, 2020\",Not grouped,USD,Auto - Mugs,Mugs,MUG-01,B000000001,1520,12,0.79%,$0.45,$5.40,$59.97,9.00%,11.11,3,3,25.00%
2020-12-01,Not grouped,USD,Manual - Mugs,Exact,MUG-01,B000000001,300,0,0.00%,$0.00,$0.00,$0.00,,,0,0,0.00%
2020-12-02,Not grouped,USD,Auto - Mugs,Mugs,MUG-02,B000000002,880,4,0.45%,$0.50,$2.00,$0.00,,0.00,0,0,0.00%
";

    #[test]
    fn reads_a_us_export() {
        let p = parse_ads(US.as_bytes(), &ctx()).unwrap();
        let facts: Vec<_> = p.records.iter().map(|r| &r.0).collect();
        assert_eq!(facts.len(), 3, "zero spend and zero sales make no facts: {facts:#?}");
        assert_eq!(facts[0].kind, FactKind::AdSpend);
        assert_eq!(facts[0].amount, dec!(-5.40));
        assert_eq!(facts[0].date.to_string(), "2020-12-01");
        assert_eq!(facts[0].sku.as_deref(), Some("MUG-01"));
        assert_eq!(facts[0].memo.as_deref(), Some("Auto - Mugs / Mugs"));
        assert_eq!(facts[1].kind, FactKind::AdSales);
        assert_eq!(facts[1].amount, dec!(59.97));
        assert_eq!(facts[1].quantity, 3);
        assert_eq!(facts[2].amount, dec!(-2.00));
        assert_eq!(facts[2].store.as_deref(), Some("AMZ-US"));
        let again = parse_ads(US.as_bytes(), &ctx()).unwrap();
        let a: Vec<_> = p.records.iter().map(|r| r.1).collect();
        let b: Vec<_> = again.records.iter().map(|r| r.1).collect();
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
    }

    #[test]
    fn reads_a_uk_tsv_with_pound_headers_and_no_currency_column() {
        let f = "Start Date\tCampaign Name\tAdvertised SKU\tSpend\t7 Day Total Sales (£)\t7 Day Total Units (#)\n\
                 01.12.2020\tC1\tSKU-9\t£3.10\t£20.00\t2\n";
        let c = ImportContext::new(chrono_tz::Europe::London).with_store("AMZ-UK").with_currency("GBP".parse().unwrap());
        let p = parse_ads(f.as_bytes(), &c).unwrap();
        assert_eq!(p.records.len(), 2);
        assert_eq!(p.records[0].0.currency.as_str(), "GBP");
        assert_eq!(p.records[1].0.amount, dec!(20.00));
    }

    #[test]
    fn reads_a_german_export_with_decimal_commas() {
        let f = "Datum;Date;Currency;Advertised SKU;Spend;7 Day Total Sales (€)\n;2020-12-01;EUR;SKU-1;1,50 €;12,99 €\n";
        let p = parse_ads(f.as_bytes(), &ctx()).unwrap();
        assert_eq!(p.number_style, NumberStyle::Comma);
        assert_eq!(p.encoding, Encoding::Utf8);
        assert_eq!(p.records[0].0.amount, dec!(-1.50));
        assert_eq!(p.records[1].0.currency.as_str(), "EUR");
    }

    #[test]
    fn refuses_bad_rows_and_missing_columns() {
        let f = "Date,Advertised SKU,Spend,7 Day Total Sales \n2020-12-01,,1.00,2.00\n2020-12-01,S,-1.00,2.00\n2020-13-01,S,1.00,2.00\n";
        let e = parse_ads(f.as_bytes(), &ctx()).unwrap_err();
        let d = describe(&e);
        assert_eq!(d.len(), 3, "{d:#?}");
        assert_eq!(d[0], "2:Advertised SKU:Advertised SKU is required");
        assert_eq!(d[1], "3:Spend:must not be negative, got -1.00");
        assert!(d[2].starts_with("4:Date:"), "{}", d[2]);
        let huge = "Date,Advertised SKU,Spend,7 Day Total Sales \n2020-12-01,S,922337203685478,2.00\n";
        let d = describe(&parse_ads(huge.as_bytes(), &ctx()).unwrap_err());
        assert!(d[0].starts_with("2:Spend:"), "an overflow names its own column: {d:?}");
        let e = parse_ads(b"Date,Advertised SKU,Spend\n", &ctx()).unwrap_err();
        assert!(describe(&e)[0].contains("7 Day Total Sales"), "{e}");
        let e = parse_ads(b"Date,Advertised SKU,Spend,7 Day Total Sales\n", &ImportContext::default()).unwrap_err();
        assert!(e.to_string().contains("--store"), "{e}");
        let no_cur = ImportContext::default().with_store("S");
        let e = parse_ads(b"Date,Advertised SKU,Spend,7 Day Total Sales\n2020-12-01,S,1,2\n", &no_cur).unwrap_err();
        assert!(e.to_string().contains("no Currency"), "{e}");
    }
}
