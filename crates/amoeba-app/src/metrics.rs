//! Cross-border metrics per unit for a month, with each metric's peer
//! average, peak and rank among comparable units (same kind, same depth).
//! Formulas: docs/formulas.md.

use crate::{AppError, Result};
use amoeba_core::accounting::metrics::{acos, average_inventory, inventory_turnover_days, refund_rate, repurchase_rate, roas, tacos};
use amoeba_core::accounting::peers::{peer_stats, PeerMetric, PeerStats};
use amoeba_core::accounting::{FxTable, PnlLine};
use amoeba_core::ledger::FactKind;
use amoeba_core::org::Org;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Days of history a repurchase rate looks back over (ending on the month's last day).
pub const REPURCHASE_WINDOW_DAYS: i64 = 365;

/// The metrics reported, in column order.
pub const METRICS: [PeerMetric; 9] = [
    PeerMetric::Sales,
    PeerMetric::Profit,
    PeerMetric::HourlyEfficiency,
    PeerMetric::Acos,
    PeerMetric::Tacos,
    PeerMetric::Roas,
    PeerMetric::RefundRate,
    PeerMetric::TurnoverDays,
    PeerMetric::RepurchaseRate,
];

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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct UnitMetrics {
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Peer group: `kind/depth`.
    pub peer_group: String,
    /// Metric code → value and peer standing.
    pub metrics: BTreeMap<&'static str, MetricValue>,
}

/// Metrics of every unit for a month.
#[derive(Debug, Clone, Serialize)]
pub struct MetricsReport {
    /// Month.
    pub month: Month,
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

/// Computes the month's metrics for every unit.
pub async fn unit_metrics(db: &Db, company: &CompanyRow, month: Month) -> Result<MetricsReport> {
    let org = db.load_org(company.id).await?;
    let pnl = crate::accounting::month_pnl(db, company, month).await?;
    let rates = db.fx_rates(company.id).await?;
    let fx = FxTable::new(company.company.base_currency, &rates)
        .map_err(|e| AppError::Invalid(format!("stored FX rates are inconsistent: {e:?}")))?;
    let end = month.last_day();

    // Ad-attributed sales (a metric, not money) rolled up the tree.
    let mut ad_sales: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in db.fact_aggregates(company.id, month).await?.into_iter().filter(|f| f.kind == FactKind::AdSales) {
        let owner = match &f.store {
            Some(s) => org.store_owner(s, f.day).map(str::to_string),
            None => f.unit.clone(),
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
            let code = metric_code(m);
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
                    let code = metric_code(*m);
                    let s = stats.get(&(g.clone(), code));
                    (
                        code,
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
    Ok(MetricsReport { month, units: report_units })
}
