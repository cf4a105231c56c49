//! Cross-border metrics per unit for a month, with each metric's peer
//! average, peak and rank among comparable units (same kind, same depth).
//! Formulas: docs/formulas.md.

use crate::{AppError, Result};
use amoeba_core::accounting::cogs::{derive_cogs, SkuCosts, SoldUnits};
use amoeba_core::accounting::metrics::{
    acos, average_inventory, inventory_turnover_days, ltv_by_cohort, refund_rate, repurchase_rate, roas, tacos, CustomerOrder,
};
use amoeba_core::accounting::peers::{peer_stats, Direction, PeerMetric, PeerStats};
use amoeba_core::accounting::{FxTable, MonthPnl, PnlLine};
use amoeba_core::ledger::FactKind;
use amoeba_core::money::MONEY_DP;
use amoeba_core::org::Org;
use amoeba_core::Month;
use amoeba_store::customer_read::OrderFacts;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
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

fn ancestors_and_self(org: &Org, unit: &str) -> Vec<String> {
    let mut out = vec![unit.to_string()];
    let mut cur = org.unit(unit).and_then(|u| u.parent.clone());
    while let Some(p) = cur {
        assert!(out.len() <= org.units.len(), "cycle in unit tree");
        cur = org.unit(&p).and_then(|u| u.parent.clone());
        out.push(p);
    }
    out
}

/// The month's metrics for every unit: a closed month's snapshot, else
/// computed from what is stored.
pub async fn unit_metrics(db: &Db, company: &CompanyRow, month: Month) -> Result<MetricsReport> {
    if let Some(closed) = db.closed_period(company.id, month).await? {
        if let Some(stored) = closed.metrics {
            return serde_json::from_str(&stored).map_err(|e| {
                AppError::Store(amoeba_store::StoreError::Corrupt(format!(
                    "the metrics snapshot of closed period {month} does not read back: {e}"
                )))
            });
        }
        // Closed before metrics were kept with the close: computed, as then.
    }
    let pnl = crate::accounting::month_pnl(db, company, month).await?;
    metrics_of(db, company, month, &pnl).await
}

/// Computes the metrics of `month` whose P&L is `pnl` (the close computes
/// them from the P&L it is about to store).
pub(crate) async fn metrics_of(db: &Db, company: &CompanyRow, month: Month, pnl: &MonthPnl) -> Result<MetricsReport> {
    let org = db.load_org(company.id).await?;
    let rates = db.fx_rates(company.id).await?;
    let fx = FxTable::new(company.company.base_currency, &rates)
        .map_err(|e| AppError::Refused(amoeba_core::Refusal::FxInconsistent { problems: e.iter().map(|e| e.to_string()).collect() }))?;
    let end = month.last_day();

    // Ad-attributed sales (a metric, not money) rolled up the tree.
    let mut ad_sales: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in db.fact_aggregates(company.id, month).await?.into_iter().filter(|f| f.kind == FactKind::AdSales) {
        let owner = match &f.store {
            Some(s) => org.store_owner(s, f.day).map(str::to_string),
            None => f.unit.as_deref().map(str::to_string),
        };
        let (Some(owner), Ok(base)) = (owner, fx.convert(f.amount, f.currency, f.day)) else { continue };
        for u in ancestors_and_self(&org, &owner) {
            *ad_sales.entry(u).or_default() += base;
        }
    }

    // Repurchase: orders per (unit, customer) over the trailing window.
    let from = end - chrono::Duration::days(REPURCHASE_WINDOW_DAYS - 1);
    let mut orders: BTreeMap<String, BTreeMap<(String, String), u64>> = BTreeMap::new();
    for (store, customer, n) in db.customer_orders(company.id, from, end).await? {
        let Some(owner) = org.store_owner(&store, end) else { continue };
        for u in ancestors_and_self(&org, owner) {
            *orders.entry(u).or_default().entry((store.clone(), customer.clone())).or_default() += n;
        }
    }

    // Inventory at landed cost: snapshots from the previous month end to this month end.
    let mut stock: BTreeMap<String, BTreeMap<chrono::NaiveDate, Decimal>> = BTreeMap::new();
    for (day, store, sku, on_hand, _) in db.inventory_between(company.id, month.prev().last_day(), end).await? {
        let (Some(owner), Some(cost)) = (org.store_owner(&store, day), org.sku_cost(&sku, day)) else { continue };
        let value = Decimal::from(on_hand) * cost.purchase.checked_add(cost.freight).unwrap_or_default();
        for u in ancestors_and_self(&org, owner) {
            *stock.entry(u).or_default().entry(day).or_default() += value;
        }
    }

    // LTV: every identified customer's orders with their gross margin, placed
    // like repurchase (stores on their owner on the month's last day).
    let cohort = ltv_cohort(month);
    let mut ltv_orders: BTreeMap<String, Vec<CustomerOrder>> = BTreeMap::new();
    for (store, order) in order_margins(&org, &fx, &db.customer_order_facts(company.id, end).await?) {
        let Some(owner) = org.store_owner(&store, end) else { continue };
        for u in ancestors_and_self(&org, owner) {
            ltv_orders.entry(u).or_default().push(order.clone());
        }
    }

    let roots: Vec<String> = org.roots().iter().map(|u| u.code.clone()).collect();
    let units: Vec<&amoeba_core::org::Unit> = roots.iter().flat_map(|r| org.subtree(r)).collect();
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

    // Peers: same kind at the same depth.
    let group_of = |code: &str| -> String {
        let u = org.unit(code).expect("unit in org");
        format!("{}/{}", u.kind.as_str(), org.depth(code))
    };
    let mut stats: BTreeMap<(String, &'static str), PeerStats> = BTreeMap::new();
    let groups: std::collections::BTreeSet<String> = values.keys().map(|c| group_of(c)).collect();
    for g in &groups {
        for m in METRICS {
            let code = m.code();
            let members: BTreeMap<String, Option<Decimal>> =
                values.iter().filter(|(c, _)| &group_of(c) == g).map(|(c, v)| (c.clone(), v.get(code).copied().flatten())).collect();
            stats.insert((g.clone(), code), peer_stats(&members, m.direction(), m.dp()));
        }
    }
    let report_units = units
        .iter()
        .filter_map(|u| {
            let v = values.get(&u.code)?;
            let g = group_of(&u.code);
            let metrics = METRICS
                .iter()
                .map(|m| {
                    let code = m.code();
                    let s = stats.get(&(g.clone(), code));
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
            Some(UnitMetrics { unit: u.code.clone(), name: u.name.clone(), peer_group: g, metrics })
        })
        .collect();
    Ok(MetricsReport { month, ltv_horizon_days: LTV_HORIZON_DAYS, ltv_cohort: cohort, units: report_units })
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
    use amoeba_core::org::{Company, Sku, SkuCost};
    use amoeba_core::Currency;

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
