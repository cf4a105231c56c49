//! Cross-border metrics per unit for a month (ACoS, TACoS, ROAS, refund
//! rate, inventory turnover, repurchase rate, LTV…), each with its peers'
//! average, peak and rank — the one computation `amoeba report metrics`, the
//! close's snapshot and every page read. The application loads the inputs
//! ([`MetricInputs`]); placement, roll-up, landed cost and peer groups are
//! the reporting rules' ([`super::placement`], [`super::peers`]).
//! Formulas: docs/formulas.md.

use super::peers::{stats_by_group, PeerGroup};
use super::placement::{landed_cost, place, rolls_up_into};
use crate::accounting::cogs::{derive_cogs, SkuCosts, SoldUnits};
use crate::accounting::metrics::{
    acos, average_inventory, inventory_turnover_days, ltv_by_cohort, refund_rate, repurchase_rate, roas, tacos, CustomerOrder,
};
use crate::accounting::peers::{Direction, PeerMetric, PeerStats};
use crate::accounting::{FactAggregate, FxTable, MonthPnl, PnlLine};
use crate::ledger::FactKind;
use crate::money::{Currency, MONEY_DP};
use crate::org::Org;
use crate::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Days of history a repurchase rate looks back over (ending on the month's last day).
pub const REPURCHASE_WINDOW_DAYS: i64 = 365;

/// Days from each customer's first order over which LTV counts their
/// margin: the 12 months the product brief names, stated once here so the
/// report, its header and docs/formulas.md §11a say the same.
pub const LTV_HORIZON_DAYS: u32 = 365;

/// A reported metric. The engine's [`PeerMetric`]s are per-month figures;
/// LTV is computed by the engine per first-order cohort, and the report
/// shows one cohort of it ([`ltv_cohort`]) next to them, ranked the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// A per-month figure the peers engine knows.
    Peer(PeerMetric),
    /// Gross margin per customer of the month's LTV cohort over [`LTV_HORIZON_DAYS`].
    Ltv,
}

impl Metric {
    /// Stable code for files and JSON (see [`metric_code`]).
    pub fn code(&self) -> &'static str {
        match self {
            Metric::Peer(m) => metric_code(*m),
            Metric::Ltv => "ltv",
        }
    }

    /// Which way is better, for peak and rank: more margin per customer is better.
    pub fn direction(&self) -> Direction {
        match self {
            Metric::Peer(m) => m.direction(),
            Metric::Ltv => Direction::HigherIsBetter,
        }
    }

    /// Decimal places of the figure and its peer average (LTV is money).
    pub fn dp(&self) -> u32 {
        match self {
            Metric::Peer(m) => m.dp(),
            Metric::Ltv => MONEY_DP,
        }
    }
}

/// The metrics reported, in column order.
pub const METRICS: [Metric; 10] = [
    Metric::Peer(PeerMetric::Sales),
    Metric::Peer(PeerMetric::Profit),
    Metric::Peer(PeerMetric::HourlyEfficiency),
    Metric::Peer(PeerMetric::Acos),
    Metric::Peer(PeerMetric::Tacos),
    Metric::Peer(PeerMetric::Roas),
    Metric::Peer(PeerMetric::RefundRate),
    Metric::Peer(PeerMetric::TurnoverDays),
    Metric::Peer(PeerMetric::RepurchaseRate),
    Metric::Ltv,
];

/// The first-order month whose LTV a month's report shows: the latest
/// cohort whose every customer's horizon has ended by the month's last day
/// (for 365 days, the month a year earlier). So the figure is final — it
/// depends on nothing after the month — and every unit is compared on the
/// same customers' months.
pub fn ltv_cohort(month: Month) -> Month {
    let horizon = chrono::Days::new(u64::from(LTV_HORIZON_DAYS));
    let end = month.last_day();
    let limit = end.succ_opt().unwrap_or(end);
    let mut cohort = month;
    // A cohort is complete when its last customer's window has ended
    // (`Cohort::complete` in the engine); at most horizon ÷ 28 + 1 steps back.
    for _ in 0..=LTV_HORIZON_DAYS / 28 + 1 {
        if cohort.last_day().checked_add_days(horizon).is_some_and(|window_end| window_end <= limit) {
            break;
        }
        cohort = cohort.prev();
    }
    cohort
}

/// Stable code of a metric for files and JSON.
pub fn metric_code(m: PeerMetric) -> &'static str {
    match m {
        PeerMetric::Sales => "sales",
        PeerMetric::AddedValue => "added_value",
        PeerMetric::Profit => "profit",
        PeerMetric::HourlyEfficiency => "hourly_efficiency",
        PeerMetric::Roas => "roas",
        PeerMetric::RepurchaseRate => "repurchase_rate",
        PeerMetric::Acos => "acos",
        PeerMetric::Tacos => "tacos",
        PeerMetric::TurnoverDays => "turnover_days",
        PeerMetric::RefundRate => "refund_rate",
    }
}

/// One unit's metric with how it stands among its peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricValue {
    /// The unit's value (`None` when its denominator is zero).
    pub value: Option<Decimal>,
    /// Rank among peers (1 = best).
    pub rank: Option<u32>,
    /// Peer average.
    pub peer_average: Option<Decimal>,
    /// Peer peak (best value).
    pub peer_peak: Option<Decimal>,
}

/// A unit's metrics for the month (its whole subtree).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitMetrics {
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Peer group: `kind/depth`.
    pub peer_group: String,
    /// Metric code → value and peer standing.
    pub metrics: BTreeMap<String, MetricValue>,
}

/// Metrics of every unit for a month. A closed month's are the snapshot
/// stored at its close, like its P&L.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsReport {
    /// Month.
    pub month: Month,
    /// Horizon of LTV in days ([`LTV_HORIZON_DAYS`]), stated with the figure.
    pub ltv_horizon_days: u32,
    /// First-order month of the customers LTV is about ([`ltv_cohort`]).
    pub ltv_cohort: Month,
    /// Per unit, in tree order.
    pub units: Vec<UnitMetrics>,
}

/// The facts of one order summed per (day, kind, SKU, currency), so LTV can
/// convert, cost and add them up without reading every fact row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFacts {
    /// Store the order was placed in.
    pub store: String,
    /// Order id (unique within the store).
    pub order_id: String,
    /// Buyer id, when these facts carry one (fees usually do not; the
    /// order's sale does).
    pub customer: Option<String>,
    /// Business day.
    pub day: NaiveDate,
    /// Kind (one of [`ORDER_MARGIN_KINDS`]).
    pub kind: FactKind,
    /// SKU, if any.
    pub sku: Option<String>,
    /// Source currency.
    pub currency: Currency,
    /// Σ amount in `currency` (ledger sign).
    pub amount: Decimal,
    /// Σ quantity (units sold, or returned on refunds).
    pub quantity: i64,
}

/// The fact kinds that make up an order's gross margin for LTV: sales and
/// promotions (the `sales` line), refunds, platform and fulfilment fees,
/// and COGS when the source carries it per order.
pub const ORDER_MARGIN_KINDS: [FactKind; 6] =
    [FactKind::Sale, FactKind::Promotion, FactKind::Refund, FactKind::PlatformFee, FactKind::FulfilmentFee, FactKind::Cogs];

/// One inventory snapshot: (day, store, SKU, units on hand, units inbound).
pub type Snapshot = (NaiveDate, String, String, i64, i64);

/// What the metrics of a month are computed from besides its P&L.
#[derive(Debug, Clone, Copy)]
pub struct MetricInputs<'a> {
    /// The month's fact aggregates (ad-attributed sales are read from them).
    pub facts: &'a [FactAggregate],
    /// Orders per (store, customer) over the repurchase window ending on the month's last day.
    pub customer_orders: &'a [(String, String, u64)],
    /// Inventory snapshots from the previous month's end to this month's end.
    pub inventory: &'a [Snapshot],
    /// Every identified customer's order facts up to the month's last day (LTV).
    pub order_facts: &'a [OrderFacts],
}

/// The month's metrics for every unit (its subtree), with peers.
pub fn unit_metrics(org: &Org, fx: &FxTable, month: Month, pnl: &MonthPnl, inputs: &MetricInputs<'_>) -> MetricsReport {
    let end = month.last_day();
    let ad_sales = ad_sales_by_unit(org, fx, inputs.facts);
    let orders = orders_by_unit(org, inputs.customer_orders, end);
    let stock = stock_by_unit(org, inputs.inventory);
    let cohort = ltv_cohort(month);
    let ltv_orders = ltv_orders_by_unit(org, fx, inputs.order_facts, end);

    let roots: Vec<String> = org.roots().iter().map(|u| u.code.clone()).collect();
    let units: Vec<&crate::org::Unit> = roots.iter().flat_map(|r| org.subtree(r)).collect();
    let mut values: BTreeMap<String, BTreeMap<&'static str, Option<Decimal>>> = BTreeMap::new();
    for u in &units {
        let Some(p) = pnl.units.get(&u.code) else { continue };
        let l = &p.rolled_up;
        let sales = l.get(PnlLine::Sales);
        let ads = l.get(PnlLine::Ads);
        let ad = ad_sales.get(&u.code).copied().unwrap_or_default();
        let snapshots: Vec<Decimal> = stock.get(&u.code).map(|m| m.values().copied().collect()).unwrap_or_default();
        let per_customer: Vec<u64> = orders.get(&u.code).map(|m| m.values().copied().collect()).unwrap_or_default();
        let mut v = BTreeMap::new();
        v.insert("sales", Some(sales));
        v.insert("profit", Some(l.profit()));
        v.insert("hourly_efficiency", p.hourly_efficiency_rolled_up);
        v.insert("acos", acos(ads, ad));
        v.insert("tacos", tacos(ads, sales));
        v.insert("roas", roas(ads, ad));
        v.insert("refund_rate", refund_rate(l.get(PnlLine::Refunds), sales));
        v.insert(
            "turnover_days",
            average_inventory(&snapshots).and_then(|avg| inventory_turnover_days(avg, l.get(PnlLine::Cogs), month.days())),
        );
        v.insert("repurchase_rate", repurchase_rate(&per_customer));
        let ltv = ltv_orders.get(&u.code).and_then(|orders| {
            ltv_by_cohort(orders, LTV_HORIZON_DAYS, end).into_iter().find(|c| c.month == cohort && c.complete).and_then(|c| c.ltv)
        });
        v.insert("ltv", ltv);
        values.insert(u.code.clone(), v);
    }

    let stats: BTreeMap<&'static str, BTreeMap<PeerGroup, PeerStats>> = METRICS
        .iter()
        .map(|m| {
            let code = m.code();
            let of_metric: BTreeMap<String, Option<Decimal>> =
                values.iter().map(|(c, v)| (c.clone(), v.get(code).copied().flatten())).collect();
            (code, stats_by_group(org, &of_metric, m.direction(), m.dp()))
        })
        .collect();
    let report_units = units
        .iter()
        .filter_map(|u| {
            let v = values.get(&u.code)?;
            let group = PeerGroup::of(org, &u.code)?;
            let metrics = METRICS
                .iter()
                .map(|m| {
                    let code = m.code();
                    let s = stats.get(code).and_then(|by_group| by_group.get(&group));
                    (
                        code.to_string(),
                        MetricValue {
                            value: v.get(code).copied().flatten(),
                            rank: s.and_then(|s| s.ranks.get(&u.code).copied()),
                            peer_average: s.and_then(|s| s.average),
                            peer_peak: s.and_then(|s| s.peak),
                        },
                    )
                })
                .collect();
            Some(UnitMetrics { unit: u.code.clone(), name: u.name.clone(), peer_group: group.code(), metrics })
        })
        .collect();
    MetricsReport { month, ltv_horizon_days: LTV_HORIZON_DAYS, ltv_cohort: cohort, units: report_units }
}

/// Ad-attributed sales (a metric, not money) of each unit's subtree.
fn ad_sales_by_unit(org: &Org, fx: &FxTable, facts: &[FactAggregate]) -> BTreeMap<String, Decimal> {
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in facts.iter().filter(|f| f.kind == FactKind::AdSales) {
        let owner = place(org, f.store.as_deref(), f.unit.as_deref(), f.sku.as_deref(), f.day);
        let (Some(owner), Ok(base)) = (owner, fx.convert(f.amount, f.currency, f.day)) else { continue };
        for u in rolls_up_into(org, owner) {
            *out.entry(u.to_string()).or_default() += base;
        }
    }
    out
}

/// Orders per (store, customer) of each unit's subtree, stores placed on
/// their owner on the month's last day.
fn orders_by_unit(
    org: &Org,
    customer_orders: &[(String, String, u64)],
    end: NaiveDate,
) -> BTreeMap<String, BTreeMap<(String, String), u64>> {
    let mut out: BTreeMap<String, BTreeMap<(String, String), u64>> = BTreeMap::new();
    for (store, customer, n) in customer_orders {
        let Some(owner) = place(org, Some(store), None, None, end) else { continue };
        for u in rolls_up_into(org, owner) {
            *out.entry(u.to_string()).or_default().entry((store.clone(), customer.clone())).or_default() += n;
        }
    }
    out
}

/// Inventory at landed cost per day of each unit's subtree (a SKU without
/// a landed cost is left out, never counted at zero).
fn stock_by_unit(org: &Org, inventory: &[Snapshot]) -> BTreeMap<String, BTreeMap<NaiveDate, Decimal>> {
    let mut out: BTreeMap<String, BTreeMap<NaiveDate, Decimal>> = BTreeMap::new();
    for (day, store, sku, on_hand, _) in inventory {
        let (Some(owner), Some(cost)) = (place(org, Some(store), None, None, *day), landed_cost(org, sku, *day)) else { continue };
        let Some(value) = Decimal::from(*on_hand).checked_mul(cost) else { continue };
        for u in rolls_up_into(org, owner) {
            *out.entry(u.to_string()).or_default().entry(*day).or_default() += value;
        }
    }
    out
}

/// Every identified customer's orders with their gross margin, placed like
/// repurchase (stores on their owner on the month's last day).
fn ltv_orders_by_unit(org: &Org, fx: &FxTable, facts: &[OrderFacts], end: NaiveDate) -> BTreeMap<String, Vec<CustomerOrder>> {
    let mut out: BTreeMap<String, Vec<CustomerOrder>> = BTreeMap::new();
    for (store, order) in order_margins(org, fx, facts) {
        let Some(owner) = place(org, Some(&store), None, None, end) else { continue };
        for u in rolls_up_into(org, owner) {
            out.entry(u.to_string()).or_default().push(order.clone());
        }
    }
    out
}

/// One order on its way to a [`CustomerOrder`].
#[derive(Default)]
struct OrderAcc {
    customer: Option<String>,
    first_sale: Option<NaiveDate>,
    margin: Decimal,
    /// (SKU, day) → (units sold, units returned), for COGS the source lacks.
    units: BTreeMap<(String, NaiveDate), (i64, i64)>,
    /// (SKU, day)s whose facts carry COGS (not derived again).
    source_cogs: BTreeSet<(String, NaiveDate)>,
}

/// Each identified customer's orders with their gross margin for LTV
/// (docs/formulas.md §11a), keyed by store: the sum of sales, promotions,
/// refunds, platform and fulfilment fees and COGS, in the base currency.
/// Each (kind, day, currency) sum of an order is converted at the day's
/// rate and rounded once; COGS the source does not carry is derived like
/// the P&L does (§5: net units × landed cost, refunds reversed) per order.
/// Amounts without a rate or landed cost are left out, as the other
/// metrics do (the P&L report lists them). A customer is a buyer id within
/// a store.
fn order_margins(org: &Org, fx: &FxTable, facts: &[OrderFacts]) -> Vec<(String, CustomerOrder)> {
    let mut orders: BTreeMap<(&str, &str), OrderAcc> = BTreeMap::new();
    for f in facts {
        let o = orders.entry((f.store.as_str(), f.order_id.as_str())).or_default();
        if o.customer.is_none() {
            o.customer.clone_from(&f.customer);
        }
        if let Ok(base) = fx.convert(f.amount, f.currency, f.day) {
            o.margin = o.margin.checked_add(base).unwrap_or(o.margin);
        }
        let Some(sku) = &f.sku else { continue };
        let key = (sku.clone(), f.day);
        match f.kind {
            FactKind::Sale => {
                o.first_sale = Some(o.first_sale.map_or(f.day, |d| d.min(f.day)));
                o.units.entry(key).or_default().0 += f.quantity;
            }
            FactKind::Refund => o.units.entry(key).or_default().1 += f.quantity.abs(),
            FactKind::Cogs => {
                o.source_cogs.insert(key);
            }
            _ => {}
        }
    }
    let costs = SkuCosts::new(org);
    orders
        .into_iter()
        .filter_map(|((store, _), o)| {
            let (Some(customer), Some(day)) = (o.customer, o.first_sale) else { return None };
            let sold: Vec<SoldUnits> = o
                .units
                .iter()
                .filter(|(k, _)| !o.source_cogs.contains(*k))
                .map(|((sku, day), (sold, returned))| SoldUnits {
                    day: *day,
                    unit: String::new(),
                    store: Some(store.to_string()),
                    sku: sku.clone(),
                    sold: *sold,
                    returned: *returned,
                })
                .collect();
            let (cogs, _missing_costs) = derive_cogs(&costs, &sold, true);
            let gross_margin = cogs.iter().fold(o.margin, |m, c| m.checked_add(c.amount).unwrap_or(m));
            Some((store.to_string(), CustomerOrder { customer: format!("{store}\t{customer}"), day, gross_margin }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{Company, Sku, SkuCost};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn ltv_cohort_is_the_latest_complete_one() {
        let m = |s: &str| s.parse::<Month>().unwrap();
        assert_eq!(ltv_cohort(m("2026-10")), m("2025-10"));
        assert_eq!(ltv_cohort(m("2025-02")), m("2024-02"));
        assert_eq!(ltv_cohort(m("2024-02")), m("2023-02"));
        assert_eq!(ltv_cohort(m("2026-01")), m("2025-01"));
        // The engine agrees: that cohort is complete at the month end, the next one is not.
        for month in ["2024-02", "2025-02", "2026-01", "2026-10", "2026-12"] {
            let month = m(month);
            let c = ltv_cohort(month);
            let o = |day: NaiveDate| CustomerOrder { customer: day.to_string(), day, gross_margin: Decimal::ONE };
            let cohorts = ltv_by_cohort(&[o(c.last_day()), o(c.next().first_day())], LTV_HORIZON_DAYS, month.last_day());
            assert!(cohorts[0].complete && !cohorts[1].complete, "{month}: {cohorts:?}");
        }
    }

    fn fact(order: &str, customer: Option<&str>, day: &str, kind: FactKind, amount: &str, currency: &str, qty: i64) -> OrderFacts {
        OrderFacts {
            store: "S1".into(),
            order_id: order.into(),
            customer: customer.map(str::to_string),
            day: d(day),
            kind,
            sku: Some("K1".into()),
            currency: currency.parse::<Currency>().unwrap(),
            amount: dec(amount),
            quantity: qty,
        }
    }

    /// docs/formulas.md §11a, LTV worked example: the order's margin.
    #[test]
    fn worked_example_ltv_order_margin() {
        let mut org = Org::empty(Company::new("T", "T"));
        org.skus.push(Sku {
            code: "K1".into(),
            name: "Kettle".into(),
            owners: vec![],
            launch_date: None,
            costs: vec![SkuCost { from: d("2026-01-01"), purchase: dec("20.00"), freight: dec("5.00") }],
        });
        let fx = FxTable::new("CNY".parse().unwrap(), &[]).unwrap();
        let facts = [
            fact("O1", Some("c1"), "2026-01-05", FactKind::Sale, "200.00", "CNY", 2),
            fact("O1", Some("c1"), "2026-01-05", FactKind::Promotion, "-20.00", "CNY", 0),
            fact("O1", None, "2026-01-05", FactKind::PlatformFee, "-27.00", "CNY", 0),
            fact("O1", None, "2026-01-05", FactKind::FulfilmentFee, "-15.00", "CNY", 0),
            fact("O1", Some("c1"), "2026-01-20", FactKind::Refund, "-90.00", "CNY", 1),
            // No customer on any fact: not an identified customer's order.
            fact("O2", None, "2026-01-06", FactKind::Sale, "100.00", "CNY", 1),
        ];
        let orders = order_margins(&org, &fx, &facts);
        assert_eq!(orders.len(), 1);
        let (store, o) = &orders[0];
        assert_eq!(store, "S1");
        assert_eq!(o.day, d("2026-01-05"));
        // 200 − 20 − 27 − 15 − 90 − (2 − 1) × 25.00 = 23.00
        assert_eq!(o.gross_margin, dec("23.00"));
    }
}
