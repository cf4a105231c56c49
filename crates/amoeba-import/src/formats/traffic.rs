//! Traffic files: sessions, impressions, clicks, inquiries, orders and sales
//! per store, SKU and day — the figures an operator report explains its
//! changes with. Two sources:
//!
//! * the generic **traffic CSV** (`day, store, sku, impressions, clicks,
//!   visitors, page_views, inquiries, orders, units, sales, currency`), whose
//!   headers may also be the Chinese of an Alibaba.com 数据管家 export
//!   (曝光, 点击, 访客, 询盘/反馈, 订单…);
//! * Amazon Seller Central's business report **"Detail Page Sales and
//!   Traffic by Child Item"**, which covers the days it was downloaded for
//!   without saying which, so the caller names them and the store.
//!
//! Neither file says when its days begin: the caller states the cut
//! ([`DataCut`]) and it travels with the records. Every bad row is refused
//! with its line, column and reason; a file with one is refused whole.

use crate::context::ImportContext;
use crate::error::{FileKind, ImportError, ImportErrors};
use crate::fingerprint::{FieldBuf, Fingerprinter};
use crate::number::parse_decimal;
use crate::reason::Reason;
use crate::table::{read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Parsed, Partial};
use amoeba_core::ledger::{DataCut, TrafficRecord};
use amoeba_core::money::{to_source_units, SOURCE_DP};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A parsed traffic file: its records and the time zones its days are cut in.
#[derive(Debug, Clone)]
pub struct TrafficFile {
    /// The records, each with its fingerprint.
    pub parsed: Parsed<TrafficRecord>,
    /// When the file's days begin, per kind of figure.
    pub cut: DataCut,
}

const fn spec(
    name: &'static str,
    required: bool,
    amount: bool,
    prefixes: &'static [&'static str],
    aliases: &'static [&'static str],
) -> ColumnSpec {
    ColumnSpec { name, required, amount, prefixes, aliases }
}

/// A count cell: `Some(None)` when empty, `Some(Some(n))` when a whole
/// number ≥ 0, `None` (error recorded) otherwise.
fn count(r: &mut Row<'_>, c: usize) -> Option<Option<i64>> {
    if r.text(c).is_none() {
        return Some(None);
    }
    let v = r.integer(c, false)?;
    if v < 0 {
        r.err(c, Reason::Negative { value: v.to_string() });
        return None;
    }
    Some(Some(v))
}

/// A money cell, ≥ 0 and storable, at most [`SOURCE_DP`] places.
fn sales(r: &mut Row<'_>, c: usize, required: bool) -> Option<Option<Decimal>> {
    if r.text(c).is_none() && !required {
        return Some(None);
    }
    let v = r.decimal(c, required, SOURCE_DP)?;
    if v.is_sign_negative() && !v.is_zero() {
        r.err(c, Reason::Negative { value: v.to_string() });
        return None;
    }
    if to_source_units(v).is_none() {
        r.err(c, Reason::TooLarge { value: v.to_string() });
        return None;
    }
    Some(Some(v))
}

/// A percentage cell (`12.5%`, `12,5 %`) as a share 0..=1.
fn share(r: &mut Row<'_>, c: usize) -> Option<Option<Decimal>> {
    let Some(raw) = r.text(c).map(str::to_string) else { return Some(None) };
    let body = raw.trim_end().strip_suffix('%').unwrap_or(&raw).trim_end();
    match parse_decimal(body, r.style, SOURCE_DP) {
        Ok(v) if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&v) => Some(Some(v / Decimal::ONE_HUNDRED)),
        Ok(_) => {
            r.err(c, Reason::PercentOutOfRange { value: raw });
            None
        }
        Err(e) => {
            r.err(c, e);
            None
        }
    }
}

fn fields(x: &TrafficRecord, b: &mut FieldBuf) {
    b.start("traffic");
    b.display(x.first_day);
    b.display(x.last_day);
    b.str(&x.store);
    for t in [&x.sku, &x.asin, &x.parent_asin, &x.title] {
        b.opt(t.as_deref());
    }
    for n in [x.impressions, x.clicks, x.sessions, x.page_views, x.inquiries, x.orders, x.units] {
        b.opt(n.map(|v| v.to_string()).as_deref());
    }
    b.opt(x.sales.map(|v| v.normalize().to_string()).as_deref());
    b.opt(x.currency.as_ref().map(|c| c.as_str()));
    b.opt(x.buy_box_share.map(|v| v.normalize().to_string()).as_deref());
}

/// Refuses a key seen twice (naming the first line), over the good rows of
/// a file, merged with the file's own errors: one refusal lists both.
fn once<K: std::hash::Hash + Eq>(
    kind: FileKind,
    result: Result<Parsed<TrafficRecord>, Partial<TrafficRecord>>,
    key: impl Fn(&TrafficRecord) -> (K, String),
    column: &str,
) -> Result<Parsed<TrafficRecord>, ImportErrors> {
    let (good, earlier): (Vec<&TrafficRecord>, Option<ImportErrors>) = match &result {
        Ok(p) => (p.records.iter().map(|r| &r.0).collect(), None),
        Err(p) => (p.good.iter().collect(), Some(p.errors.clone())),
    };
    let mut first: HashMap<K, u64> = HashMap::new();
    let mut dup = Vec::new();
    for r in good {
        let (k, label) = key(r);
        match first.get(&k) {
            Some(&line) => dup.push(ImportError::cell(r.line, column, Reason::DuplicateKey { key: label, first_line: line })),
            None => {
                first.insert(k, r.line);
            }
        }
    }
    match (result, earlier) {
        (_, Some(e)) => Err(e.merge(dup, 0)),
        (Ok(_), None) if !dup.is_empty() => Err(ImportErrors::from_errors(kind, dup, 0)),
        (Ok(p), None) => Ok(p),
        (Err(p), None) => Err(p.errors),
    }
}

mod generic {
    use super::*;

    pub(super) const DAY: usize = 0;
    const STORE: usize = 1;
    const SKU: usize = 2;
    const IMPRESSIONS: usize = 3;
    const CLICKS: usize = 4;
    const VISITORS: usize = 5;
    const PAGE_VIEWS: usize = 6;
    const INQUIRIES: usize = 7;
    const ORDERS: usize = 8;
    const UNITS: usize = 9;
    const SALES: usize = 10;
    const CURRENCY: usize = 11;

    pub(super) const COLUMNS: &[ColumnSpec] = &[
        spec("day", true, false, &[], &["date", "日期", "统计日期"]),
        spec("store", true, false, &[], &["店铺"]),
        spec("sku", false, false, &[], &["商品", "产品", "商品编码"]),
        spec("impressions", false, false, &[], &["曝光", "曝光量", "曝光次数"]),
        spec("clicks", false, false, &[], &["点击", "点击量", "点击次数"]),
        spec("visitors", false, false, &[], &["sessions", "访客", "访客数"]),
        spec("page_views", false, false, &[], &["浏览量", "页面浏览量"]),
        spec("inquiries", false, false, &[], &["询盘", "询盘数", "反馈", "反馈数"]),
        spec("orders", false, false, &[], &["订单", "订单数"]),
        spec("units", false, false, &[], &["件数", "销量"]),
        spec("sales", false, true, &[], &["销售额", "成交额"]),
        spec("currency", false, false, &[], &["币种"]),
    ];

    pub(super) fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<TrafficRecord> {
        let day = r.date(DAY, true);
        let store = r.required(STORE).map(str::to_string);
        let counts: Vec<Option<Option<i64>>> =
            [IMPRESSIONS, CLICKS, VISITORS, PAGE_VIEWS, INQUIRIES, ORDERS, UNITS].iter().map(|c| count(r, *c)).collect();
        let amount = sales(r, SALES, false);
        let currency = match (r.text(CURRENCY), amount) {
            (Some(_), _) => r.currency(CURRENCY, false),
            (None, Some(Some(_))) if ctx.currency.is_none() => {
                r.err(SALES, Reason::NoCurrency);
                None
            }
            (None, Some(Some(_))) => ctx.currency,
            (None, _) => None,
        };
        if !r.errors.is_empty() {
            return None;
        }
        let c: Vec<Option<i64>> = counts.into_iter().map(|x| x.flatten()).collect();
        let day = day?;
        Some(TrafficRecord {
            first_day: day,
            last_day: day,
            store: store?,
            sku: r.owned(SKU),
            asin: None,
            parent_asin: None,
            title: None,
            impressions: c[0],
            clicks: c[1],
            sessions: c[2],
            page_views: c[3],
            inquiries: c[4],
            orders: c[5],
            units: c[6],
            sales: amount.flatten(),
            currency,
            buy_box_share: None,
            line: r.line,
        })
    }
}

/// Parses a generic traffic CSV whose days are cut as `cut` says (e.g.
/// [`DataCut::alibaba`] for an Alibaba.com export). Sales without a
/// currency take `ctx.currency`. A day, store and SKU twice is refused.
pub fn parse_traffic(bytes: &[u8], ctx: &ImportContext, cut: DataCut) -> Result<TrafficFile, ImportErrors> {
    let format = Format {
        kind: FileKind::Traffic,
        columns: generic::COLUMNS,
        row: generic::row,
        header_check: |_| None,
        fields,
        header_mode: HeaderMode::Exact,
        description_row: None,
    };
    let result = read_table(bytes, ctx, &format);
    let parsed = once(
        FileKind::Traffic,
        result,
        |r| {
            let sku = r.sku.clone().unwrap_or_default();
            ((r.first_day, r.store.clone(), r.sku.clone()), format!("{} {} {sku}", r.first_day, r.store).trim_end().to_string())
        },
        generic::COLUMNS[generic::DAY].name,
    )?;
    Ok(TrafficFile { parsed, cut })
}

mod business {
    use super::*;

    const PARENT: usize = 0;
    pub(super) const CHILD: usize = 1;
    const TITLE: usize = 2;
    const SKU: usize = 3;
    const SESSIONS: usize = 4;
    const SESSIONS_APP: usize = 5;
    const SESSIONS_BROWSER: usize = 6;
    const PAGE_VIEWS: usize = 7;
    const PAGE_VIEWS_APP: usize = 8;
    const PAGE_VIEWS_BROWSER: usize = 9;
    const BUY_BOX: usize = 10;
    const UNITS: usize = 11;
    const SALES: usize = 12;
    const ORDER_ITEMS: usize = 13;

    /// Names are letters and digits of the header, lower-cased; the first
    /// name found wins (`Sessions - Total` before the older `Sessions`).
    pub(super) const COLUMNS: &[ColumnSpec] = &[
        spec("(Parent) ASIN", false, false, &["parentasin"], &[]),
        spec("(Child) ASIN", true, false, &["childasin"], &[]),
        spec("Title", false, false, &["title"], &[]),
        spec("SKU", false, false, &["sku"], &[]),
        spec("Sessions - Total", false, true, &["sessionstotal", "sessions"], &[]),
        spec("Sessions - Mobile App", false, true, &["sessionsmobileapp"], &[]),
        spec("Sessions - Browser", false, true, &["sessionsbrowser"], &[]),
        spec("Page Views - Total", false, true, &["pageviewstotal", "pageviews"], &[]),
        spec("Page Views - Mobile App", false, true, &["pageviewsmobileapp"], &[]),
        spec("Page Views - Browser", false, true, &["pageviewsbrowser"], &[]),
        spec(
            "Featured Offer (Buy Box) Percentage",
            false,
            false,
            &["featuredofferbuyboxpercentage", "buyboxpercentage", "featuredofferpercentage"],
            &[],
        ),
        spec("Units Ordered", true, true, &["unitsordered"], &[]),
        spec("Ordered Product Sales", true, true, &["orderedproductsales"], &[]),
        spec("Total Order Items", true, true, &["totalorderitems"], &[]),
    ];

    pub(super) fn header_check(map: &[Option<usize>]) -> Option<Reason> {
        let sessions = map[SESSIONS].is_some() || (map[SESSIONS_APP].is_some() && map[SESSIONS_BROWSER].is_some());
        (!sessions).then(|| Reason::MissingColumn {
            column: "Sessions - Total (or Sessions, or Sessions - Mobile App and Sessions - Browser)".to_string(),
            prefix: false,
        })
    }

    /// A total from its column, or the sum of its app and browser columns.
    fn total(r: &mut Row<'_>, all: usize, app: usize, browser: usize) -> Option<Option<i64>> {
        if r.text(all).is_some() {
            return count(r, all);
        }
        let (a, b) = (count(r, app)?, count(r, browser)?);
        Some(match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        })
    }

    pub(super) fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<TrafficRecord> {
        let asin = r.required(CHILD).map(str::to_string);
        let sessions = total(r, SESSIONS, SESSIONS_APP, SESSIONS_BROWSER);
        let page_views = total(r, PAGE_VIEWS, PAGE_VIEWS_APP, PAGE_VIEWS_BROWSER);
        let buy_box = share(r, BUY_BOX);
        let units = if r.text(UNITS).is_some() { count(r, UNITS) } else { r.required(UNITS).map(|_| None) };
        let amount = sales(r, SALES, true);
        let items = if r.text(ORDER_ITEMS).is_some() { count(r, ORDER_ITEMS) } else { r.required(ORDER_ITEMS).map(|_| None) };
        if !r.errors.is_empty() {
            return None;
        }
        Some(TrafficRecord {
            // Stamped with the caller's days once the file is read.
            first_day: crate::context::EARLIEST_DAY,
            last_day: crate::context::EARLIEST_DAY,
            store: ctx.store.clone()?,
            sku: r.owned(SKU),
            asin: Some(asin?),
            parent_asin: r.owned(PARENT),
            title: r.owned(TITLE),
            impressions: None,
            clicks: None,
            sessions: sessions?,
            page_views: page_views?,
            inquiries: None,
            orders: items?,
            units: units?,
            sales: amount?,
            currency: ctx.currency,
            buy_box_share: buy_box?,
            line: r.line,
        })
    }
}

/// Parses Amazon's "Detail Page Sales and Traffic by Child Item" business
/// report (CSV, UTF-8 with BOM as Seller Central writes it) for the store
/// `ctx.store` (required, in `ctx.currency`, required) over the days
/// `first_day..=last_day` it was downloaded for. Its days are the
/// marketplace's (`ctx.tz`). Column names: the report as exported from
/// Seller Central (Reports → Business Reports → By ASIN) and the
/// `salesAndTrafficByAsin` fields of the Selling Partner API's
/// `GET_SALES_AND_TRAFFIC_REPORT` schema (amzn/selling-partner-api-models,
/// `schemas/reports/sellerSalesAndTrafficReport.json`): older exports write
/// `Sessions`, `Page Views`, `Buy Box Percentage`; newer ones split sessions
/// and page views into `- Mobile App`, `- Browser` and `- Total` (each with
/// a `- B2B` twin, ignored) and write `Featured Offer (Buy Box) Percentage`.
/// `Session Percentage` and `Unit Session Percentage` are derived figures
/// and not read. `Total Order Items` is the report's order count.
pub fn parse_amazon_business_report(
    bytes: &[u8],
    ctx: &ImportContext,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Result<TrafficFile, ImportErrors> {
    let kind = FileKind::AmazonBusinessReport;
    let mut setup = Vec::new();
    if ctx.store.is_none() {
        setup.push(ImportError::line(0, Reason::ReportWithoutStore { kind }));
    }
    if ctx.currency.is_none() {
        setup.push(ImportError::line(0, Reason::NoCurrency));
    }
    if first_day > last_day {
        setup.push(ImportError::line(0, Reason::DaysReversed { from: first_day.to_string(), to: last_day.to_string() }));
    }
    for day in [first_day, last_day] {
        if let Err(reason) = ctx.check_day(day) {
            setup.push(ImportError::line(0, reason));
        }
    }
    if !setup.is_empty() {
        return Err(ImportErrors::from_errors(kind, setup, 0));
    }
    let format = Format {
        kind,
        columns: business::COLUMNS,
        row: business::row,
        header_check: business::header_check,
        fields,
        header_mode: HeaderMode::Named,
        description_row: None,
    };
    let result = read_table(bytes, ctx, &format);
    let mut parsed = once(
        kind,
        result,
        |r| {
            let sku = r.sku.clone().unwrap_or_default();
            ((r.asin.clone(), r.sku.clone()), format!("{} {sku}", r.asin.clone().unwrap_or_default()).trim_end().to_string())
        },
        business::COLUMNS[business::CHILD].name,
    )?;
    // The days are the caller's: stamp them, then fingerprint with them, so
    // the same ASIN's figures of another week are another record.
    let mut fp = Fingerprinter::default();
    let mut buf = FieldBuf::default();
    for (rec, print) in &mut parsed.records {
        rec.first_day = first_day;
        rec.last_day = last_day;
        fields(rec, &mut buf);
        *print = fp.fingerprint(&buf);
    }
    Ok(TrafficFile { parsed, cut: DataCut::uniform(ctx.tz) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::describe;
    use crate::{Encoding, NumberStyle};
    use amoeba_core::money::Currency;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn amazon_ctx() -> ImportContext {
        ImportContext::new(chrono_tz::America::Los_Angeles).with_store("AMZ-US").with_currency(Currency::USD)
    }

    const OLD_US: &str = "\u{feff}(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions,Session Percentage,Page Views,Page Views Percentage,Buy Box Percentage,Units Ordered,Unit Session Percentage,Ordered Product Sales,Total Order Items
B000PARENT,B000000001,\"Mug, 350 ml\",MUG-01,\"1,024\",12.50%,\"1,530\",10.2%,98.5%,40,3.91%,\"$1,234.56\",38
B000PARENT,B000000002,Mug 500 ml,MUG-02,210,2.56%,260,1.7%,100%,0,0.00%,$0.00,0
";

    #[test]
    fn reads_an_older_us_business_report() {
        let f = parse_amazon_business_report(OLD_US.as_bytes(), &amazon_ctx(), d("2026-03-02"), d("2026-03-08")).unwrap();
        assert_eq!(f.parsed.encoding, Encoding::Utf8Bom);
        let r = &f.parsed.records[0].0;
        assert_eq!((r.first_day, r.last_day, r.store.as_str()), (d("2026-03-02"), d("2026-03-08"), "AMZ-US"));
        assert_eq!(
            (r.asin.as_deref(), r.parent_asin.as_deref(), r.sku.as_deref(), r.title.as_deref()),
            (Some("B000000001"), Some("B000PARENT"), Some("MUG-01"), Some("Mug, 350 ml"))
        );
        assert_eq!((r.sessions, r.page_views, r.units, r.orders), (Some(1024), Some(1530), Some(40), Some(38)));
        assert_eq!((r.sales, r.currency, r.buy_box_share), (Some(dec!(1234.56)), Some(Currency::USD), Some(dec!(0.985))));
        assert_eq!((r.impressions, r.inquiries), (None, None), "the report has neither");
        assert_eq!(f.cut, DataCut::uniform(chrono_tz::America::Los_Angeles));
        let next_week = parse_amazon_business_report(OLD_US.as_bytes(), &amazon_ctx(), d("2026-03-09"), d("2026-03-15")).unwrap();
        assert_ne!(f.parsed.records[0].1, next_week.parsed.records[0].1, "another week's figures are another record");
        let again = parse_amazon_business_report(OLD_US.as_bytes(), &amazon_ctx(), d("2026-03-02"), d("2026-03-08")).unwrap();
        assert_eq!(f.parsed.records[0].1, again.parsed.records[0].1);
    }

    #[test]
    fn reads_a_newer_german_report_with_split_sessions_and_b2b_twins() {
        let f = "\u{feff}(Parent) ASIN;(Child) ASIN;Title;Sessions - Mobile App;Sessions - Mobile App - B2B;Sessions - Browser;Sessions - Browser - B2B;Page Views - Total;Page Views - Total - B2B;Featured Offer (Buy Box) Percentage;Units Ordered;Units Ordered - B2B;Ordered Product Sales;Ordered Product Sales - B2B;Total Order Items;Total Order Items - B2B
B0P;B01;Tasse;600;5;424;7;1.530;12;97,5 %;40;2;1.234,56 €;20,00 €;38;2
";
        let ctx = ImportContext::new(chrono_tz::Europe::Berlin).with_store("AMZ-DE").with_currency("EUR".parse().unwrap());
        let p = parse_amazon_business_report(f.as_bytes(), &ctx, d("2026-03-02"), d("2026-03-02")).unwrap();
        assert_eq!(p.parsed.number_style, NumberStyle::Comma);
        let r = &p.parsed.records[0].0;
        assert_eq!((r.sessions, r.page_views, r.units, r.orders), (Some(1024), Some(1530), Some(40), Some(38)), "B2B twins are not added");
        assert_eq!((r.sales, r.buy_box_share, r.sku.clone()), (Some(dec!(1234.56)), Some(dec!(0.975)), None));
    }

    #[test]
    fn a_newer_total_column_wins_over_its_parts() {
        let f = "(Child) ASIN,Sessions - Mobile App,Sessions - Browser,Sessions - Total,Units Ordered,Ordered Product Sales,Total Order Items\nB01,1,2,10,1,$5.00,1\n";
        let p = parse_amazon_business_report(f.as_bytes(), &amazon_ctx(), d("2026-03-02"), d("2026-03-02")).unwrap();
        assert_eq!(p.parsed.records[0].0.sessions, Some(10));
    }

    #[test]
    fn refuses_every_bad_row_and_what_the_caller_forgot() {
        let f = "(Child) ASIN,SKU,Sessions,Buy Box Percentage,Units Ordered,Ordered Product Sales,Total Order Items
B01,K1,-3,50%,1,$5.00,1
,K2,10,120%,1,$5.00,1
B03,K3,10,50%,1.5,$5.00001,x
B01,K1,10,50%,1,$5.00,1
";
        let e = parse_amazon_business_report(f.as_bytes(), &amazon_ctx(), d("2026-03-02"), d("2026-03-08")).unwrap_err();
        let got = describe(&e);
        assert_eq!(got.len(), 6, "{got:#?}");
        assert_eq!(got[0], "2:Sessions - Total:must not be negative, got -3");
        assert_eq!(got[1], "3:(Child) ASIN:(Child) ASIN is required");
        assert_eq!(got[2], "3:Featured Offer (Buy Box) Percentage:'120%' is not a percentage between 0% and 100%");
        assert!(got[3].starts_with("4:Units Ordered:'1.5' is not a whole number"), "{}", got[3]);
        assert!(got[4].starts_with("4:Ordered Product Sales:"), "{}", got[4]);
        assert!(got[5].starts_with("4:Total Order Items:'x' is not a number"), "{}", got[5]);
        let dup = "(Child) ASIN,SKU,Sessions,Units Ordered,Ordered Product Sales,Total Order Items\nB01,K1,1,1,$5.00,1\nB02,K2,1,1,$5.00,1\nB01,K1,2,1,$5.00,1\n";
        let e = parse_amazon_business_report(dup.as_bytes(), &amazon_ctx(), d("2026-03-02"), d("2026-03-08")).unwrap_err();
        assert_eq!(describe(&e), vec!["4:(Child) ASIN:B01 K1 is in this file twice (first on line 2): keep one row".to_string()]);
        let e = parse_amazon_business_report(
            b"(Child) ASIN,Units Ordered,Ordered Product Sales,Total Order Items\n",
            &amazon_ctx(),
            d("2026-03-02"),
            d("2026-03-02"),
        )
        .unwrap_err();
        assert!(describe(&e)[0].contains("Sessions - Total (or Sessions"), "{e}");
        let e = parse_amazon_business_report(OLD_US.as_bytes(), &ImportContext::default(), d("2026-03-08"), d("2026-03-02")).unwrap_err();
        let codes: Vec<_> = e.errors.iter().map(|x| x.reason.code()).collect();
        assert_eq!(codes, vec!["store_not_given", "no_currency", "days_reversed"]);
        assert!(e.render(amoeba_core::Lang::Zh).contains("亚马逊业务报告文件中没有写明店铺"), "{}", e.render(amoeba_core::Lang::Zh));
    }

    const ALIBABA_GBK_TEXT: &str = "日期,店铺,商品,曝光,点击,访客,反馈,订单,销售额,币种
2026-03-02,ALI-1,LAMP,\"12,000\",360,240,12,3,\"1,500.00\",USD
2026-03-02,ALI-1,,800,20,35,1,,,
";

    #[test]
    fn reads_an_alibaba_export_in_gbk_with_chinese_headers() {
        let (bytes, _, _) = encoding_rs::GBK.encode(ALIBABA_GBK_TEXT);
        let f = parse_traffic(&bytes, &ImportContext::default(), DataCut::alibaba()).unwrap();
        assert_eq!(f.parsed.encoding, Encoding::Gbk);
        assert_eq!(f.cut, DataCut::alibaba());
        let r = &f.parsed.records[0].0;
        assert_eq!((r.first_day, r.store.as_str(), r.sku.as_deref()), (d("2026-03-02"), "ALI-1", Some("LAMP")));
        assert_eq!(
            (r.impressions, r.clicks, r.sessions, r.inquiries, r.orders, r.units),
            (Some(12000), Some(360), Some(240), Some(12), Some(3), None)
        );
        assert_eq!((r.sales, r.currency), (Some(dec!(1500.00)), Some(Currency::USD)));
        let store_row = &f.parsed.records[1].0;
        assert_eq!((store_row.sku.clone(), store_row.sessions, store_row.orders, store_row.sales), (None, Some(35), None, None));
    }

    #[test]
    fn reads_the_english_generic_file_and_refuses_bad_rows() {
        let ok = "day,store,sku,impressions,clicks,sessions,inquiries,orders,units,sales\n2026-03-02,ALI-1,LAMP,100,5,4,1,1,2,30.00\n";
        let ctx = ImportContext::default().with_currency(Currency::USD);
        let f = parse_traffic(ok.as_bytes(), &ctx, DataCut::uniform(chrono_tz::Asia::Shanghai)).unwrap();
        assert_eq!((f.parsed.records[0].0.sessions, f.parsed.records[0].0.currency), (Some(4), Some(Currency::USD)));
        let bad = "day,store,sku,visitors,orders,sales,currency
2026-03-02,ALI-1,LAMP,-1,1,30.00,USD
2026-03-02,,LAMP,1,1,30.00,XYZ
2026-03-02,ALI-1,LAMP,1,1,30.00,USD
2026-03-02,ALI-1,FAN,1,1,30.00,
2026-03-02,ALI-1,LAMP,1,1,30.00,USD
";
        let e = parse_traffic(bad.as_bytes(), &ImportContext::default(), DataCut::alibaba()).unwrap_err();
        let got = describe(&e);
        assert_eq!(
            got,
            vec![
                "2:visitors:must not be negative, got -1".to_string(),
                "3:store:store is required".to_string(),
                "3:currency:'XYZ' is not an ISO 4217 currency code (such as CNY, USD, EUR)".to_string(),
                "5:sales:no Currency column value and no store currency given".to_string(),
                "6:day:2026-03-02 ALI-1 LAMP is in this file twice (first on line 4): keep one row".to_string(),
            ]
        );
        let e = parse_traffic(b"day,store,exposure\n", &ImportContext::default(), DataCut::alibaba()).unwrap_err();
        assert!(describe(&e)[0].starts_with("1:exposure:unknown column"), "{e}");
        let e = parse_traffic("日期,店铺,曝光,曝光量\n2026-03-02,A,1,2\n".as_bytes(), &ImportContext::default(), DataCut::alibaba())
            .unwrap_err();
        assert_eq!(e.errors[0].reason.code(), "duplicate_column");
    }
}
