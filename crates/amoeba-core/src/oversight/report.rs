//! The weekly and monthly operator report: every figure of the period with
//! its change over the period before, the sales change split into traffic,
//! conversion and order value ([`super::decompose`]), and which stores and
//! SKUs moved it. Seed 004's owner asked her third-party operator for
//! reports "accurate to 1 %" with the cause of every change; this is the
//! arithmetic of such a report, from per-day figures.
//!
//! Rounding (docs/oversight.md, "Reports"): every figure is summed or
//! divided exactly and rounded once for display — counts are whole, money
//! to the fen, ratios to [`RATIO_DP`] places as fractions (0.0200 = 2 %),
//! changes to [`PERCENT_DP`] place of a percent — half away from zero (the
//! rule of [`crate::accounting::metrics::round_dp`]). A change is computed
//! from the exact figures, not from the rounded ones shown.

use super::decompose::{decompose_sales, DecomposeError, PeriodSales, SalesDecomposition};
use super::exact::{count, largest_remainder, percent_of, rational, round_half_away, PERCENT_DP};
pub use super::period::{IsoWeek, ReportPeriod};
use crate::accounting::metrics::RATIO_DP;
use crate::money::MONEY_DP;
use crate::Lang;
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One store's figures for one day — of one SKU, or of the store as a whole
/// when `sku` is `None`. Money in one currency (the base currency, or the
/// store's: a report does not convert). Rows are summed, so give a figure
/// once: either on the SKU rows or on a store row, not both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayFigures {
    /// The day.
    pub day: NaiveDate,
    /// Store code.
    pub store: String,
    /// SKU code, `None` for figures only the store has (visitors of the shop page).
    pub sku: Option<String>,
    /// Sessions (Amazon) or visitors (Alibaba.com 访客).
    pub sessions: u64,
    /// Page views.
    pub page_views: u64,
    /// Search impressions (曝光).
    pub impressions: u64,
    /// Clicks (点击).
    pub clicks: u64,
    /// Inquiries (询盘/反馈).
    pub inquiries: u64,
    /// Orders.
    pub orders: u64,
    /// Units ordered.
    pub units: u64,
    /// Sales.
    pub sales: Decimal,
    /// Ad spend (magnitude or ledger sign: its magnitude is used).
    pub ad_spend: Decimal,
    /// Ad-attributed sales.
    pub ad_sales: Decimal,
    /// Profit.
    pub profit: Decimal,
}

/// A period's figures, summed exactly.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// Σ sessions.
    pub sessions: u64,
    /// Σ page views.
    pub page_views: u64,
    /// Σ impressions.
    pub impressions: u64,
    /// Σ clicks.
    pub clicks: u64,
    /// Σ inquiries.
    pub inquiries: u64,
    /// Σ orders.
    pub orders: u64,
    /// Σ units.
    pub units: u64,
    /// Σ sales.
    pub sales: Decimal,
    /// Σ |ad spend|.
    pub ad_spend: Decimal,
    /// Σ ad sales.
    pub ad_sales: Decimal,
    /// Σ profit.
    pub profit: Decimal,
}

impl Totals {
    /// Adds one day's row (counts saturate rather than wrap: no real store
    /// comes near 2^64 sessions).
    pub fn add(&mut self, d: &DayFigures) {
        self.sessions = self.sessions.saturating_add(d.sessions);
        self.page_views = self.page_views.saturating_add(d.page_views);
        self.impressions = self.impressions.saturating_add(d.impressions);
        self.clicks = self.clicks.saturating_add(d.clicks);
        self.inquiries = self.inquiries.saturating_add(d.inquiries);
        self.orders = self.orders.saturating_add(d.orders);
        self.units = self.units.saturating_add(d.units);
        self.sales += d.sales;
        self.ad_spend += d.ad_spend.abs();
        self.ad_sales += d.ad_sales;
        self.profit += d.profit;
    }

    /// The sales identity's figures, for the decomposition.
    pub fn period_sales(&self) -> PeriodSales {
        PeriodSales { sessions: self.sessions, orders: self.orders, sales: self.sales }
    }

    /// The exact value of a metric; `None` for a ratio without a denominator.
    pub fn exact(&self, m: Metric) -> Option<BigRational> {
        let ratio = |num: BigRational, den: BigRational| (den.is_positive()).then(|| num / den);
        Some(match m {
            Metric::Sessions => count(self.sessions),
            Metric::PageViews => count(self.page_views),
            Metric::Impressions => count(self.impressions),
            Metric::Clicks => count(self.clicks),
            Metric::Inquiries => count(self.inquiries),
            Metric::Orders => count(self.orders),
            Metric::Units => count(self.units),
            Metric::Sales => rational(self.sales),
            Metric::AdSpend => rational(self.ad_spend),
            Metric::AdSales => rational(self.ad_sales),
            Metric::Profit => rational(self.profit),
            Metric::Conversion => ratio(count(self.orders), count(self.sessions))?,
            Metric::OrderValue => ratio(rational(self.sales), count(self.orders))?,
            Metric::Acos => ratio(rational(self.ad_spend), rational(self.ad_sales))?,
            Metric::ClickThrough => ratio(count(self.clicks), count(self.impressions))?,
            Metric::InquiryRate => ratio(count(self.inquiries), count(self.sessions))?,
        })
    }
}

/// A figure of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// Sessions / visitors.
    Sessions,
    /// Page views.
    PageViews,
    /// Impressions.
    Impressions,
    /// Clicks.
    Clicks,
    /// Inquiries.
    Inquiries,
    /// Orders.
    Orders,
    /// Units.
    Units,
    /// Sales.
    Sales,
    /// Ad spend.
    AdSpend,
    /// Ad sales.
    AdSales,
    /// Profit.
    Profit,
    /// Orders ÷ sessions.
    Conversion,
    /// Sales ÷ orders.
    OrderValue,
    /// Ad spend ÷ ad sales.
    Acos,
    /// Clicks ÷ impressions.
    ClickThrough,
    /// Inquiries ÷ sessions.
    InquiryRate,
}

impl Metric {
    /// Every metric, in the order a report lists them.
    pub const ALL: [Metric; 16] = [
        Metric::Sessions,
        Metric::PageViews,
        Metric::Impressions,
        Metric::Clicks,
        Metric::Inquiries,
        Metric::Orders,
        Metric::Units,
        Metric::Sales,
        Metric::Conversion,
        Metric::OrderValue,
        Metric::AdSpend,
        Metric::AdSales,
        Metric::Acos,
        Metric::ClickThrough,
        Metric::InquiryRate,
        Metric::Profit,
    ];

    /// A stable snake_case id, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Metric::Sessions => "sessions",
            Metric::PageViews => "page_views",
            Metric::Impressions => "impressions",
            Metric::Clicks => "clicks",
            Metric::Inquiries => "inquiries",
            Metric::Orders => "orders",
            Metric::Units => "units",
            Metric::Sales => "sales",
            Metric::AdSpend => "ad_spend",
            Metric::AdSales => "ad_sales",
            Metric::Profit => "profit",
            Metric::Conversion => "conversion",
            Metric::OrderValue => "order_value",
            Metric::Acos => "acos",
            Metric::ClickThrough => "click_through",
            Metric::InquiryRate => "inquiry_rate",
        }
    }

    /// The metric's name in the reader's language.
    pub fn label(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Metric::Sessions => ("访客数", "Sessions"),
            Metric::PageViews => ("浏览量", "Page views"),
            Metric::Impressions => ("曝光", "Impressions"),
            Metric::Clicks => ("点击", "Clicks"),
            Metric::Inquiries => ("询盘", "Inquiries"),
            Metric::Orders => ("订单数", "Orders"),
            Metric::Units => ("件数", "Units"),
            Metric::Sales => ("销售额", "Sales"),
            Metric::AdSpend => ("广告费", "Ad spend"),
            Metric::AdSales => ("广告销售额", "Ad sales"),
            Metric::Profit => ("利润", "Profit"),
            Metric::Conversion => ("转化率", "Conversion"),
            Metric::OrderValue => ("客单价", "Average order value"),
            Metric::Acos => ("ACoS", "ACoS"),
            Metric::ClickThrough => ("点击率", "Click-through rate"),
            Metric::InquiryRate => ("询盘率", "Inquiry rate"),
        };
        lang.pick(zh, en)
    }

    /// Whether the metric is a ratio (shown as a fraction, with a change in points too).
    pub fn is_ratio(&self) -> bool {
        matches!(self, Metric::Conversion | Metric::Acos | Metric::ClickThrough | Metric::InquiryRate)
    }

    /// Decimal places the metric is shown with.
    pub fn dp(&self) -> u32 {
        match self {
            m if m.is_ratio() => RATIO_DP,
            Metric::Sales | Metric::AdSpend | Metric::AdSales | Metric::Profit | Metric::OrderValue => MONEY_DP,
            _ => 0,
        }
    }
}

/// One figure of the report with its change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricLine {
    /// The figure.
    pub metric: Metric,
    /// Its value in the period before (`None`: a ratio without a denominator).
    pub previous: Option<Decimal>,
    /// Its value in the period.
    pub current: Option<Decimal>,
    /// (current − previous) ÷ |previous| × 100 from the exact values, to
    /// [`PERCENT_DP`]; `None` without both values or when previous is zero.
    pub change_pct: Option<Decimal>,
    /// For ratios, the change in percentage points ((current − previous) × 100).
    pub change_points: Option<Decimal>,
}

/// What one store, or one SKU of a store, added to the sales change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    /// Store code.
    pub store: String,
    /// SKU code; `None` for the store's total, or its rows without a SKU.
    pub sku: Option<String>,
    /// Sales in the period before.
    pub previous: Decimal,
    /// Sales in the period.
    pub current: Decimal,
    /// Its part of the change, to the fen by largest remainder: the parts of
    /// a list add up to the report's sales change.
    pub change: Decimal,
    /// Its part as a percentage of the change (adding up to 100.0); `None`
    /// when sales did not change.
    pub share_of_change: Option<Decimal>,
    /// Its own change split into traffic, conversion and order value.
    pub decomposition: SalesDecomposition,
}

/// A weekly or monthly operator report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorReport {
    /// The period reported.
    pub period: ReportPeriod,
    /// The period compared with.
    pub previous_period: ReportPeriod,
    /// The period's totals.
    pub current: Totals,
    /// The totals of the period before.
    pub previous: Totals,
    /// Every metric with its change, in [`Metric::ALL`] order.
    pub lines: Vec<MetricLine>,
    /// The sales change split into its causes.
    pub decomposition: SalesDecomposition,
    /// Each store's part of the sales change, largest first.
    pub by_store: Vec<Contribution>,
    /// Each SKU's part of the sales change, largest first.
    pub by_sku: Vec<Contribution>,
}

fn shown(x: &Option<BigRational>, dp: u32) -> Result<Option<Decimal>, DecomposeError> {
    x.as_ref().map(|v| round_half_away(v, dp).ok_or(DecomposeError::TooLarge)).transpose()
}

fn line(metric: Metric, prev: &Totals, cur: &Totals) -> Result<MetricLine, DecomposeError> {
    let (p, c) = (prev.exact(metric), cur.exact(metric));
    let (change_pct, change_points) = match (&p, &c) {
        (Some(p), Some(c)) => {
            let pct = percent_of(&(c - p), &p.abs()).map(|x| round_half_away(&x, PERCENT_DP).ok_or(DecomposeError::TooLarge));
            let points = metric.is_ratio().then(|| {
                round_half_away(&((c - p) * BigRational::from_integer(BigInt::from(100u8))), PERCENT_DP).ok_or(DecomposeError::TooLarge)
            });
            (pct.transpose()?, points.transpose()?)
        }
        _ => (None, None),
    };
    Ok(MetricLine { metric, previous: shown(&p, metric.dp())?, current: shown(&c, metric.dp())?, change_pct, change_points })
}

type Key = (String, Option<String>);

/// The contributions of each key, largest change first, parts adding up to the total change.
fn contributions(groups: BTreeMap<Key, [Totals; 2]>) -> Result<Vec<Contribution>, DecomposeError> {
    let keys: Vec<(Key, [Totals; 2])> = groups.into_iter().collect();
    let exact: Vec<BigRational> = keys.iter().map(|(_, [p, c])| rational(c.sales) - rational(p.sales)).collect();
    let changes = largest_remainder(&exact, MONEY_DP).ok_or(DecomposeError::TooLarge)?;
    let total = exact.iter().fold(BigRational::zero(), |a, x| a + x);
    let shares = if total.is_zero() {
        None
    } else {
        let pct: Vec<BigRational> = exact.iter().filter_map(|x| percent_of(x, &total)).collect();
        Some(largest_remainder(&pct, PERCENT_DP).ok_or(DecomposeError::TooLarge)?)
    };
    let mut out = Vec::with_capacity(keys.len());
    for (i, ((store, sku), [p, c])) in keys.into_iter().enumerate() {
        out.push(Contribution {
            store,
            sku,
            previous: p.sales,
            current: c.sales,
            change: changes[i],
            share_of_change: shares.as_ref().map(|s| s[i]),
            decomposition: decompose_sales(&p.period_sales(), &c.period_sales())?,
        });
    }
    out.sort_by(|a, b| b.change.abs().cmp(&a.change.abs()).then_with(|| (&a.store, &a.sku).cmp(&(&b.store, &b.sku))));
    Ok(out)
}

/// The report for `period` from the day rows of it and of the period before
/// (other rows are ignored).
pub fn build_report(period: ReportPeriod, days: &[DayFigures]) -> Result<OperatorReport, DecomposeError> {
    let previous_period = period.previous();
    let (mut prev, mut cur) = (Totals::default(), Totals::default());
    let mut stores: BTreeMap<Key, [Totals; 2]> = BTreeMap::new();
    let mut skus: BTreeMap<Key, [Totals; 2]> = BTreeMap::new();
    for d in days {
        let side = if period.contains(d.day) {
            cur.add(d);
            1
        } else if previous_period.contains(d.day) {
            prev.add(d);
            0
        } else {
            continue;
        };
        stores.entry((d.store.clone(), None)).or_default()[side].add(d);
        skus.entry((d.store.clone(), d.sku.clone())).or_default()[side].add(d);
    }
    let lines = Metric::ALL.iter().map(|m| line(*m, &prev, &cur)).collect::<Result<Vec<_>, _>>()?;
    let decomposition = decompose_sales(&prev.period_sales(), &cur.period_sales())?;
    let by_store = contributions(stores)?;
    let by_sku = contributions(skus)?;
    for list in [&by_store, &by_sku] {
        assert_eq!(
            list.iter().map(|c| c.change).sum::<Decimal>(),
            decomposition.change,
            "report: the contributions must add up to the sales change"
        );
    }
    Ok(OperatorReport { period, previous_period, current: cur, previous: prev, lines, decomposition, by_store, by_sku })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(day: &str, store: &str, sku: &str, sessions: u64, orders: u64, sales: Decimal) -> DayFigures {
        DayFigures { day: d(day), store: store.into(), sku: Some(sku.into()), sessions, orders, units: orders, sales, ..Default::default() }
    }

    /// docs/oversight.md, "Reports", worked example: the week split
    /// over two SKUs, with ads.
    #[test]
    fn worked_example_weekly_report() {
        let mut days = vec![
            // 2026-W09 (the week before): 10 000 sessions, 200 orders, ¥60 000.
            row("2026-02-23", "ALI-1", "LAMP", 6000, 120, dec!(36000)),
            row("2026-02-24", "ALI-1", "FAN", 4000, 80, dec!(24000)),
            // 2026-W10: 12 000 sessions, 216 orders, ¥69 120.
            row("2026-03-02", "ALI-1", "LAMP", 9000, 170, dec!(55420)),
            row("2026-03-08", "ALI-1", "FAN", 3000, 46, dec!(13700)),
            // Outside both weeks: ignored.
            row("2026-03-09", "ALI-1", "FAN", 999, 99, dec!(9999)),
        ];
        days[0].ad_spend = dec!(-1500);
        days[0].ad_sales = dec!(6000);
        days[2].ad_spend = dec!(-2100);
        days[2].ad_sales = dec!(7000);
        let r = build_report(ReportPeriod::week_of(d("2026-03-04")), &days).unwrap();
        assert_eq!(r.previous_period.to_string(), "2026-W09");
        let get = |m: Metric| r.lines.iter().find(|l| l.metric == m).unwrap().clone();
        let sessions = get(Metric::Sessions);
        assert_eq!((sessions.previous, sessions.current, sessions.change_pct), (Some(dec!(10000)), Some(dec!(12000)), Some(dec!(20.0))));
        let conv = get(Metric::Conversion);
        assert_eq!((conv.previous, conv.current), (Some(dec!(0.0200)), Some(dec!(0.0180))));
        assert_eq!((conv.change_pct, conv.change_points), (Some(dec!(-10.0)), Some(dec!(-0.2))));
        let aov = get(Metric::OrderValue);
        assert_eq!((aov.previous, aov.current, aov.change_pct), (Some(dec!(300.00)), Some(dec!(320.00)), Some(dec!(6.7))));
        let acos = get(Metric::Acos);
        assert_eq!((acos.previous, acos.current, acos.change_pct), (Some(dec!(0.2500)), Some(dec!(0.3000)), Some(dec!(20.0))));
        assert_eq!(get(Metric::Sales).change_pct, Some(dec!(15.2)));
        assert_eq!(get(Metric::ClickThrough).current, None, "no impressions: no click-through rate");
        let amounts: Vec<_> = r.decomposition.effects.iter().map(|e| e.amount).collect();
        assert_eq!(amounts, vec![dec!(11773.34), dec!(-6826.67), dec!(4173.33)]);
        // LAMP +19 420, FAN −10 300: the SKUs add up to +9 120.
        let skus: Vec<_> = r.by_sku.iter().map(|c| (c.sku.clone().unwrap(), c.change, c.share_of_change.unwrap())).collect();
        assert_eq!(skus, vec![("LAMP".into(), dec!(19420.00), dec!(212.9)), ("FAN".into(), dec!(-10300.00), dec!(-112.9))]);
        assert_eq!(r.by_store.len(), 1);
        assert_eq!(r.by_store[0].change, dec!(9120.00));
        assert_eq!(r.by_sku[1].decomposition.effects.iter().map(|e| e.amount).sum::<Decimal>(), dec!(-10300.00));
    }

    #[test]
    fn a_loss_turning_smaller_is_a_positive_change() {
        let mut a = row("2026-02-10", "S", "K", 1, 0, dec!(0));
        a.profit = dec!(-200);
        let mut b = row("2026-03-10", "S", "K", 1, 0, dec!(0));
        b.profit = dec!(-50);
        let r = build_report(ReportPeriod::month_of(d("2026-03-01")), &[a, b]).unwrap();
        let p = r.lines.iter().find(|l| l.metric == Metric::Profit).unwrap();
        assert_eq!(p.change_pct, Some(dec!(75.0)));
        assert_eq!(r.decomposition.effects.iter().map(|e| e.amount).sum::<Decimal>(), dec!(0.00));
        assert_eq!(r.by_sku[0].share_of_change, None, "no change, no shares");
    }

    #[test]
    fn metric_names_render_in_both_languages() {
        for m in Metric::ALL {
            assert!(!m.label(Lang::Zh).is_empty() && !m.label(Lang::En).is_empty() && !m.code().is_empty());
        }
    }

    proptest! {
        #[test]
        fn stores_and_skus_add_up_to_the_sales_change(
            rows in proptest::collection::vec((0u8..3, 0u8..4, 0u64..500, 0u64..20, 0i64..10_000_000, 0u32..3, any::<bool>()), 0..40),
        ) {
            let days: Vec<DayFigures> = rows.iter().map(|(store, sku, s, o, cents, dp, later)| {
                let day = if *later { "2026-03-03" } else { "2026-02-25" };
                row(day, &format!("S{store}"), &format!("K{sku}"), *s, *o, Decimal::new(*cents, *dp))
            }).collect();
            let r = build_report(ReportPeriod::week_of(d("2026-03-03")), &days).unwrap();
            let change = crate::money::round_money(r.current.sales - r.previous.sales);
            prop_assert_eq!(r.decomposition.change, change);
            prop_assert_eq!(r.by_sku.iter().map(|c| c.change).sum::<Decimal>(), change);
            prop_assert_eq!(r.by_store.iter().map(|c| c.change).sum::<Decimal>(), change);
            for w in r.by_sku.windows(2) {
                prop_assert!(w[0].change.abs() >= w[1].change.abs());
            }
        }
    }
}
