//! What a pay run reads: plain data the application loads for a period
//! (docs/pay-plans.md, "Inputs"). Everything is in the base currency;
//! credit is never re-derived here — the person-day grain
//! (`credit::CreditDay`) says who earned what.

use crate::accounting::{MonthPnl, PnlLine, UnitPnl};
use crate::credit::{CreditDay, CreditSale, Figures};
use crate::goals::ReviewOutcome;
use crate::ledger::{HoursRecord, PlanRecord};
use crate::orders::{CustomerClass, Stage};
use crate::org::Org;
use crate::period::Month;
use crate::reporting::MetricsReport;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One stage amount of one order credited to one person: the order's
/// `orders::StageAmount` for a SKU, with the person's credit share already
/// applied (`credit::split`) and converted to the base currency — the
/// caller resolves credit once, the engine never re-derives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonStage {
    /// Business day of the event.
    pub day: NaiveDate,
    /// The person credited.
    pub person: String,
    /// The credit role (`sales`, `order_follower`…).
    pub role: String,
    /// The unit the order's store belongs to that day.
    pub unit: String,
    /// Order id.
    pub order: String,
    /// The order's customer class.
    pub class: CustomerClass,
    /// The stage.
    pub stage: Stage,
    /// The person's part of the stage amount, signed as the stage.
    pub amount: Decimal,
}

/// A unit's P&L figures used by pay (one month), in ledger signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UnitFigures {
    /// `sales`.
    pub sales: Decimal,
    /// `refunds` (−).
    pub refunds: Decimal,
    /// `cogs` (−).
    pub cogs: Decimal,
    /// `platform_fees` + `fulfilment` + `ads` (−): what contribution deducts.
    pub selling_costs: Decimal,
    /// Added value.
    pub added_value: Decimal,
    /// Profit.
    pub profit: Decimal,
}

impl UnitFigures {
    /// From a unit's P&L lines.
    pub fn from_lines(l: &crate::accounting::Lines) -> Self {
        Self {
            sales: l.get(PnlLine::Sales),
            refunds: l.get(PnlLine::Refunds),
            cogs: l.get(PnlLine::Cogs),
            selling_costs: l.get(PnlLine::PlatformFees) + l.get(PnlLine::Fulfilment) + l.get(PnlLine::Ads),
            added_value: l.added_value(),
            profit: l.profit(),
        }
    }
}

/// A unit's month as pay reads it: its own figures (what credit rows of the
/// unit add up to) and its subtree's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMonth {
    /// Unit code.
    pub unit: String,
    /// Month.
    pub month: Month,
    /// The unit's own figures.
    pub own: UnitFigures,
    /// Own + every unit below it.
    pub rolled_up: UnitFigures,
}

impl UnitMonth {
    /// Every unit's month from a month's P&L (a closed month's snapshot).
    pub fn from_pnl(pnl: &MonthPnl) -> Vec<UnitMonth> {
        pnl.units.iter().map(|(code, u): (&String, &UnitPnl)| UnitMonth::of(code, pnl.month, u)).collect()
    }

    fn of(code: &str, month: Month, u: &UnitPnl) -> UnitMonth {
        UnitMonth { unit: code.to_string(), month, own: UnitFigures::from_lines(&u.own), rolled_up: UnitFigures::from_lines(&u.rolled_up) }
    }
}

/// A unit's metric for a month (turnover days, ACoS, days of cover…);
/// `None` when it has no value (its denominator is 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMetric {
    /// Unit code.
    pub unit: String,
    /// Month.
    pub month: Month,
    /// Metric code as `reporting::unit_metrics` names it (`turnover_days`, `acos`…).
    pub metric: String,
    /// The value (ratios as fractions: ACoS 0.25 = 25 %).
    pub value: Option<Decimal>,
}

impl UnitMetric {
    /// Every unit's metrics from a month's metrics report.
    pub fn from_report(report: &MetricsReport) -> Vec<UnitMetric> {
        let mut out = Vec::new();
        for u in &report.units {
            for (code, v) in &u.metrics {
                out.push(UnitMetric { unit: u.unit.clone(), month: report.month, metric: code.clone(), value: v.value });
            }
        }
        out
    }
}

/// A SKU's month, for the new-product hit bonus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuMonth {
    /// SKU code (its launch date is the organisation's).
    pub sku: String,
    /// The unit owning it that month.
    pub unit: String,
    /// Month.
    pub month: Month,
    /// Sales net of refunds.
    pub sales: Decimal,
    /// Profit (sales + refunds + COGS + the SKU's platform, fulfilment and ad costs).
    pub profit: Decimal,
}

/// A person's target for a measure and month (`goals::split_month` makes
/// sales targets), for accelerators, decelerators and person gates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonTarget {
    /// Person code.
    pub person: String,
    /// Month.
    pub month: Month,
    /// Measure code (`sales`, `gross_profit`…).
    pub measure: String,
    /// The target.
    pub amount: Decimal,
}

/// What earlier runs paid on one sale (an order id, or any key the caller
/// gives a sale) under one component — so a refund can be clawed back at
/// the rate it was paid at, never beyond what was paid. In a run's
/// [`crate::incentive::Carry`] the records are this run's changes: add
/// `paid` and `clawed` to what is stored for the same key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidSale {
    /// Person paid.
    pub person: String,
    /// Plan code.
    pub plan: String,
    /// Component code.
    pub component: String,
    /// The sale's key.
    pub sale: String,
    /// The sale's amount the pay was computed on (its credited value).
    pub base: Decimal,
    /// Paid on it (what was paid ÷ `base` is the rate a refund is clawed back at).
    pub paid: Decimal,
    /// Clawed back from it so far (≥ 0; never above `paid`).
    pub clawed: Decimal,
}

impl PaidSale {
    /// What is left to claw back.
    pub fn remaining(&self) -> Decimal {
        self.paid - self.clawed
    }
}

/// A refund in the period of a sale earlier runs paid on, as credited to
/// the person: its effect on the person's credited figures is taken out of
/// this period's result (it is clawed back on its own line instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRefund {
    /// Person credited.
    pub person: String,
    /// Credit role.
    pub role: String,
    /// Unit.
    pub unit: String,
    /// Customer class.
    pub class: CustomerClass,
    /// The sale's key.
    pub sale: String,
    /// Day of the refund.
    pub day: NaiveDate,
    /// The refund's effect on the person's figures (refunds −, COGS reversed +).
    pub figures: Figures,
}

impl SaleRefund {
    /// The amount refunded (positive).
    pub fn refunded(&self) -> Decimal {
        -self.figures.refunds
    }
}

/// A difference of a re-run (a later version of a paid period's run),
/// carried into the current period — never an edit of what was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Person.
    pub person: String,
    /// The period re-run.
    pub period: Month,
    /// Plan code.
    pub plan: String,
    /// Component code.
    pub component: String,
    /// What the paid run gave.
    pub old: Decimal,
    /// What the re-run gives.
    pub new: Decimal,
    /// `new − old`, paid (or recovered) now.
    pub delta: Decimal,
    /// SHA-256 of the paid run.
    pub old_run: String,
    /// SHA-256 of the re-run.
    pub new_run: String,
}

/// What earlier runs leave to this one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct History {
    /// Negative balances brought forward, per person (≤ 0).
    pub balances: BTreeMap<String, Decimal>,
    /// Recoverable advances outstanding, per person (≥ 0).
    pub advances: BTreeMap<String, Decimal>,
    /// Losses carried forward per profit-share key (`plan/component/unit`), ≥ 0.
    pub losses: BTreeMap<String, Decimal>,
    /// Equity triggers already fired (`plan/component/unit`).
    pub grants: BTreeSet<String>,
    /// What was paid on each sale.
    pub paid_sales: Vec<PaidSale>,
    /// Refunds in the period of sales paid on earlier.
    pub refunds: Vec<SaleRefund>,
    /// Re-run differences to carry into this period.
    pub adjustments: Vec<Adjustment>,
}

/// Everything a run reads for a period. Rows outside the period are
/// ignored where only the period counts; unit months, metrics and SKU
/// months of earlier months are read by the bonuses that look back.
#[derive(Debug, Clone, Copy)]
pub struct PayInputs<'a> {
    /// The organisation.
    pub org: &'a Org,
    /// The person-day credit grain (rows of the period count).
    pub credit: &'a [CreditDay],
    /// Stage amounts per person.
    pub stages: &'a [PersonStage],
    /// The sales behind the credit rows (`credit::CreditGrain::sales`):
    /// what an individual component pays is attributed to them, so a later
    /// refund of one claws back at the rate it was paid at.
    pub sales: &'a [CreditSale],
    /// Units' months (the period's, and earlier ones for look-backs).
    pub units: &'a [UnitMonth],
    /// Hours per person and unit.
    pub hours: &'a [HoursRecord],
    /// Review outcomes (the cycle covering the period is used).
    pub reviews: &'a [ReviewOutcome],
    /// Unit metrics.
    pub metrics: &'a [UnitMetric],
    /// SKU months.
    pub skus: &'a [SkuMonth],
    /// Units' monthly plans (targets).
    pub unit_plans: &'a [PlanRecord],
    /// Person targets.
    pub person_targets: &'a [PersonTarget],
    /// What earlier runs leave.
    pub history: &'a History,
    /// Prizes due (not paid by an earlier locked run); those won after the
    /// period are left for later.
    pub awards: &'a [super::awards::PrizeAward],
}
