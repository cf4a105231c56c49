//! The run's inputs indexed once, so every component reads its people's
//! figures by key: the period's credit rows summed per person, role, unit
//! and class; stage amounts per person; hours per person and unit; unit
//! months, metrics, reviews, SKU months, plans and targets by key. Building
//! it is one pass over each input; nothing later scans an input again, so
//! a run is linear in its rows and its people.

use super::inputs::{PaidSale, PayInputs, PersonStage, SaleRefund, SkuMonth, UnitMonth};
use crate::credit::Figures;
use crate::goals::Cycle;
use crate::ledger::HoursPeriod;
use crate::orders::CustomerClass;
use crate::org::{Assignment, Org};
use crate::period::Month;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A person's credit rows of one role, unit and class, summed over the period.
#[derive(Debug, Clone)]
pub(crate) struct CreditAgg<'a> {
    pub role: &'a str,
    pub unit: &'a str,
    pub class: CustomerClass,
    pub figures: Figures,
    pub rows: u64,
}

/// Per (role, unit): each credited person (`None`: the role's uncredited
/// bucket) with their sales, for splitting the unit's selling costs.
pub(crate) type RoleUnitRows<'a> = HashMap<(&'a str, &'a str), Vec<(Option<&'a str>, Decimal)>>;

/// A person's review in the cycle covering the period.
#[derive(Debug, Clone)]
pub(crate) struct ReviewInfo {
    pub multiplier: Option<Decimal>,
    pub score: Decimal,
    pub cycle: String,
}

fn add(a: &mut Figures, b: &Figures) {
    a.sales += b.sales;
    a.refunds += b.refunds;
    a.cogs += b.cogs;
    a.units += b.units;
    a.orders += b.orders;
    a.cash_collected += b.cash_collected;
}

/// Whether a review cycle covers `month` (a monthly cycle beats a quarter).
fn covers(cycle: &Cycle, month: Month) -> Option<u8> {
    match cycle {
        _ if !cycle.contains(month) => None,
        Cycle::Monthly(_) => Some(0),
        Cycle::Quarterly { .. } => Some(1),
    }
}

/// The inputs, indexed for one period.
pub(crate) struct Index<'a> {
    /// The month.
    pub period: Month,
    /// The organisation.
    pub org: &'a Org,
    /// Person → their credit rows of the month, summed per role, unit and class.
    pub credit: BTreeMap<&'a str, Vec<CreditAgg<'a>>>,
    /// (role, unit) → each credited person's (or the uncredited bucket's) sales.
    pub role_unit: RoleUnitRows<'a>,
    /// Person → their stage amounts of the month.
    pub stages: BTreeMap<&'a str, Vec<&'a PersonStage>>,
    /// (unit, month) → the unit's month.
    pub units: HashMap<(&'a str, Month), &'a UnitMonth>,
    /// (person, unit) → hours of the month.
    pub hours: HashMap<(&'a str, &'a str), Decimal>,
    /// (unit, month, metric) → value.
    pub metrics: HashMap<(&'a str, Month, &'a str), Option<Decimal>>,
    /// Person → review of the cycle covering the month.
    pub reviews: HashMap<&'a str, ReviewInfo>,
    /// SKU → its months, oldest first.
    pub skus: BTreeMap<&'a str, Vec<&'a SkuMonth>>,
    /// (unit, P&L line) → the month's plan.
    pub unit_plans: HashMap<(&'a str, &'a str), Decimal>,
    /// (person, measure) → the month's target.
    pub targets: HashMap<(&'a str, &'a str), Decimal>,
    /// Unit → assignments in force on some day of the month.
    pub assignments: HashMap<&'a str, Vec<&'a Assignment>>,
    /// Person → assignments in force on some day of the month.
    pub by_person: HashMap<&'a str, Vec<&'a Assignment>>,
    /// (person, plan, component, sale) → what was paid on it.
    pub paid: HashMap<(&'a str, &'a str, &'a str, &'a str), &'a PaidSale>,
    /// Person → the month's refunds of sales paid on earlier.
    pub refunds: BTreeMap<&'a str, Vec<&'a SaleRefund>>,
    /// Person → the sales behind their credit in the month.
    pub sales: BTreeMap<&'a str, Vec<&'a crate::credit::CreditSale>>,
    children: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Index<'a> {
    /// Indexes `inputs` for `period`.
    pub fn new(inputs: &PayInputs<'a>, period: Month) -> Self {
        let (first, last) = (period.first_day(), period.last_day());
        let mut agg: BTreeMap<(&'a str, &'a str, &'a str, CustomerClass), (Figures, u64)> = BTreeMap::new();
        let mut role_unit: BTreeMap<(&'a str, &'a str, Option<&'a str>), Decimal> = BTreeMap::new();
        for r in inputs.credit.iter().filter(|r| period.contains(r.day)) {
            *role_unit.entry((r.role.as_str(), r.unit.as_str(), r.person.as_deref())).or_default() += r.figures.sales;
            let Some(p) = r.person.as_deref() else { continue };
            let e = agg.entry((p, r.role.as_str(), r.unit.as_str(), r.customer_class)).or_default();
            add(&mut e.0, &r.figures);
            e.1 += 1;
        }
        let mut credit: BTreeMap<&'a str, Vec<CreditAgg<'a>>> = BTreeMap::new();
        for ((p, role, unit, class), (figures, rows)) in agg {
            credit.entry(p).or_default().push(CreditAgg { role, unit, class, figures, rows });
        }
        let mut ru: RoleUnitRows<'a> = HashMap::new();
        for ((role, unit, p), sales) in role_unit {
            ru.entry((role, unit)).or_default().push((p, sales));
        }
        let mut stages: BTreeMap<&'a str, Vec<&'a PersonStage>> = BTreeMap::new();
        for s in inputs.stages.iter().filter(|s| period.contains(s.day)) {
            stages.entry(s.person.as_str()).or_default().push(s);
        }
        let mut hours: HashMap<(&'a str, &'a str), Decimal> = HashMap::new();
        for h in inputs.hours {
            let counts = match h.period {
                HoursPeriod::Day(d) => d >= first && d <= last,
                HoursPeriod::Month(m) => m == period,
            };
            if counts {
                *hours.entry((h.person.as_str(), h.unit.as_str())).or_default() += h.hours + h.overtime_hours;
            }
        }
        let mut reviews: HashMap<&'a str, (u8, ReviewInfo)> = HashMap::new();
        for o in inputs.reviews {
            let Some(rank) = covers(&o.cycle, period) else { continue };
            for l in &o.lines {
                let info = ReviewInfo { multiplier: l.multiplier, score: l.score, cycle: o.cycle.label() };
                match reviews.get(l.person.as_str()) {
                    Some((r, _)) if *r <= rank => {}
                    _ => {
                        reviews.insert(l.person.as_str(), (rank, info));
                    }
                }
            }
        }
        let mut skus: BTreeMap<&'a str, Vec<&'a SkuMonth>> = BTreeMap::new();
        for s in inputs.skus {
            skus.entry(s.sku.as_str()).or_default().push(s);
        }
        for v in skus.values_mut() {
            v.sort_by_key(|s| s.month);
        }
        let mut assignments: HashMap<&'a str, Vec<&'a Assignment>> = HashMap::new();
        let mut by_person: HashMap<&'a str, Vec<&'a Assignment>> = HashMap::new();
        for a in inputs.org.assignments.iter().filter(|a| a.range.from <= last && a.range.to.is_none_or(|t| t >= first)) {
            assignments.entry(a.unit.as_str()).or_default().push(a);
            by_person.entry(a.person.as_str()).or_default().push(a);
        }
        let mut children: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
        for u in &inputs.org.units {
            if let Some(p) = &u.parent {
                children.entry(p.as_str()).or_default().push(u.code.as_str());
            }
        }
        let mut refunds: BTreeMap<&'a str, Vec<&'a SaleRefund>> = BTreeMap::new();
        for r in inputs.history.refunds.iter().filter(|r| period.contains(r.day)) {
            refunds.entry(r.person.as_str()).or_default().push(r);
        }
        let mut sales: BTreeMap<&'a str, Vec<&'a crate::credit::CreditSale>> = BTreeMap::new();
        for r in inputs.sales.iter().filter(|r| period.contains(r.day)) {
            sales.entry(r.person.as_str()).or_default().push(r);
        }
        Index {
            period,
            org: inputs.org,
            credit,
            role_unit: ru,
            stages,
            units: inputs.units.iter().map(|u| ((u.unit.as_str(), u.month), u)).collect(),
            hours,
            metrics: inputs.metrics.iter().map(|m| ((m.unit.as_str(), m.month, m.metric.as_str()), m.value)).collect(),
            reviews: reviews.into_iter().map(|(k, (_, v))| (k, v)).collect(),
            skus,
            unit_plans: inputs
                .unit_plans
                .iter()
                .filter(|p| p.month == period)
                .map(|p| ((p.unit.as_str(), p.line.as_str()), p.amount))
                .collect(),
            targets: inputs
                .person_targets
                .iter()
                .filter(|t| t.month == period)
                .map(|t| ((t.person.as_str(), t.measure.as_str()), t.amount))
                .collect(),
            assignments,
            by_person,
            paid: inputs
                .history
                .paid_sales
                .iter()
                .map(|s| ((s.person.as_str(), s.plan.as_str(), s.component.as_str(), s.sale.as_str()), s))
                .collect(),
            refunds,
            sales,
            children,
        }
    }

    /// `units`, and with `subtree` every unit below them.
    pub fn scope(&self, units: &'a [String], subtree: bool) -> HashSet<&'a str> {
        let mut out: HashSet<&'a str> = HashSet::new();
        let mut stack: Vec<&'a str> = units.iter().map(String::as_str).collect();
        while let Some(u) = stack.pop() {
            if !out.insert(u) || !subtree {
                continue;
            }
            if let Some(kids) = self.children.get(u) {
                stack.extend(kids.iter().copied());
            }
        }
        out
    }

    /// The same for one unit.
    pub fn scope_of(&self, unit: &'a str, subtree: bool) -> HashSet<&'a str> {
        let mut out: HashSet<&'a str> = HashSet::new();
        let mut stack = vec![unit];
        while let Some(u) = stack.pop() {
            if !out.insert(u) || !subtree {
                continue;
            }
            if let Some(kids) = self.children.get(u) {
                stack.extend(kids.iter().copied());
            }
        }
        out
    }

    /// Days in the period.
    pub fn days(&self) -> i64 {
        i64::from(self.period.last_day().day())
    }
}
