//! A person's result for a component: their credited figures of the
//! component's roles in its units (or their stage amounts), per customer
//! class, with the facts behind them. Contribution takes the person's part
//! of their units' platform, fulfilment and ad costs, split over the role's
//! credited sales by largest remainder; a refund of a sale the component
//! paid on earlier is taken out (it is clawed back on its own line).

use super::index::Index;
use super::method::{Booking, Measure};
use super::plan::Who;
use super::statement::{FactKey, Facts};
use crate::credit::Figures;
use crate::money::split_largest_remainder;
use crate::orders::CustomerClass;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A person's result.
#[derive(Debug, Clone, Default)]
pub(crate) struct Base<'a> {
    pub by_class: BTreeMap<CustomerClass, Decimal>,
    pub total: Decimal,
    pub facts: Facts,
    pub facts_by_class: BTreeMap<CustomerClass, Facts>,
    pub units: BTreeSet<&'a str>,
    pub roles: BTreeSet<&'a str>,
    /// Refunds of sales paid earlier, taken out of the result.
    pub excluded: Decimal,
}

/// The value of a measure in some credited figures (fees apart).
pub(crate) fn value(f: &Figures, m: Measure) -> Decimal {
    match m {
        Measure::Sales => f.sales + f.refunds,
        Measure::GrossProfit | Measure::Contribution => f.gross_profit(),
        Measure::Units => Decimal::from(f.units),
        Measure::Orders => Decimal::from(f.orders),
        Measure::CashCollected => f.cash_collected,
        _ => Decimal::ZERO,
    }
}

impl Measure {
    /// The measure's value in one person's credited figures, by the rule a
    /// run pays on ([`value`]); `None` for a measure not read from them
    /// alone (a unit's figures, order values, contribution's share of fees).
    /// A wish goal reads a person's level with it.
    pub fn person_value(&self, f: &Figures) -> Option<Decimal> {
        matches!(self, Measure::Sales | Measure::GrossProfit | Measure::Units | Measure::Orders | Measure::CashCollected)
            .then(|| value(f, *self))
    }
}

/// Reads one component's person-level measure.
pub(crate) struct Reader<'a, 'c> {
    idx: &'c Index<'a>,
    measure: Measure,
    roles: HashSet<&'a str>,
    scope: Option<HashSet<&'a str>>,
    fees: HashMap<(&'a str, &'a str, &'a str), Decimal>,
    plan: &'a str,
    component: &'a str,
}

impl<'a, 'c> Reader<'a, 'c> {
    /// A reader for `measure` of `who`'s roles in `who`'s units (all units
    /// when none), paid by `plan`/`component`.
    pub fn new(idx: &'c Index<'a>, measure: Measure, who: &'a Who, plan: &'a str, component: &'a str) -> Self {
        let scope = (!who.units.is_empty()).then(|| idx.scope(&who.units, who.subtree));
        let roles: HashSet<&'a str> = who.roles.iter().map(String::as_str).collect();
        let mut r = Reader { idx, measure, roles, scope, fees: HashMap::new(), plan, component };
        if measure == Measure::Contribution {
            r.fees = r.fee_shares();
        }
        r
    }

    /// A reader limited to one team's units.
    pub fn within(mut self, scope: HashSet<&'a str>) -> Self {
        self.scope = Some(scope);
        self
    }

    fn in_scope(&self, role: &str, unit: &str) -> bool {
        self.roles.contains(role) && self.scope.as_ref().is_none_or(|s| s.contains(unit))
    }

    /// Each credited person's part of their unit's selling costs, per role.
    fn fee_shares(&self) -> HashMap<(&'a str, &'a str, &'a str), Decimal> {
        let mut out = HashMap::new();
        let mut keys: Vec<&(&'a str, &'a str)> = self.idx.role_unit.keys().filter(|(r, u)| self.in_scope(r, u)).collect();
        keys.sort();
        for key in keys {
            let (role, unit) = *key;
            let fee = self.idx.units.get(&(unit, self.idx.period)).map(|m| m.own.selling_costs).unwrap_or_default();
            let rows = &self.idx.role_unit[key];
            let weights: Vec<Decimal> = rows.iter().map(|(_, s)| (*s).max(Decimal::ZERO)).collect();
            let Ok(parts) = split_largest_remainder(fee, &weights) else { continue };
            for ((p, _), part) in rows.iter().zip(parts) {
                if let Some(p) = p {
                    out.insert((role, unit, *p), part);
                }
            }
        }
        out
    }

    /// The person's result, or `None` when nothing of theirs is in scope.
    pub fn person(&self, person: &'a str) -> Option<Base<'a>> {
        match self.measure {
            Measure::OrderValue(b) => self.stages(person, b),
            _ => self.credited(person),
        }
    }

    fn credited(&self, person: &'a str) -> Option<Base<'a>> {
        let aggs = self.idx.credit.get(person)?;
        let mut b = Base::default();
        let mut any = false;
        for a in aggs.iter().filter(|a| self.in_scope(a.role, a.unit)) {
            any = true;
            let mut v = value(&a.figures, self.measure);
            if self.measure == Measure::Contribution {
                v += self.fees.get(&(a.role, a.unit, person)).copied().unwrap_or_default();
            }
            *b.by_class.entry(a.class).or_default() += v;
            b.units.insert(a.unit);
            b.roles.insert(a.role);
            let key = FactKey::Credit {
                person: person.to_string(),
                role: a.role.to_string(),
                unit: a.unit.to_string(),
                class: a.class,
                month: self.idx.period,
            };
            b.facts_by_class.entry(a.class).or_default().add(key.clone(), a.rows);
            b.facts.add(key, a.rows);
        }
        for r in self.idx.refunds.get(person).map(Vec::as_slice).unwrap_or(&[]) {
            let paid = self.idx.paid.contains_key(&(person, self.plan, self.component, r.sale.as_str()));
            if paid && self.in_scope(&r.role, &r.unit) {
                let v = value(&r.figures, self.measure);
                *b.by_class.entry(r.class).or_default() -= v;
                b.excluded -= v;
                b.facts_by_class.entry(r.class).or_default().add(FactKey::Sale { sale: r.sale.clone() }, 1);
                b.facts.add(FactKey::Sale { sale: r.sale.clone() }, 1);
            }
        }
        if !any && b.excluded.is_zero() {
            return None;
        }
        b.total = b.by_class.values().copied().sum();
        Some(b)
    }

    /// The sales behind the person's credited result, summed per sale and
    /// customer class over the rows in scope: (sale, class, net sales, the
    /// measure's value). Empty for a measure of stage amounts.
    pub fn sales(&self, person: &'a str) -> Vec<(&'a str, CustomerClass, Decimal, Decimal)> {
        if matches!(self.measure, Measure::OrderValue(_)) {
            return Vec::new();
        }
        let mut by_sale: BTreeMap<(&'a str, CustomerClass), Figures> = BTreeMap::new();
        for r in self.idx.sales.get(person).map(Vec::as_slice).unwrap_or(&[]) {
            if self.in_scope(&r.role, &r.unit) {
                by_sale.entry((r.sale.as_str(), r.customer_class)).or_default().add(&r.figures);
            }
        }
        by_sale.into_iter().map(|((sale, class), f)| (sale, class, f.sales + f.refunds, value(&f, self.measure))).collect()
    }

    fn stages(&self, person: &'a str, booking: Booking) -> Option<Base<'a>> {
        let rows = self.idx.stages.get(person)?;
        let mut b = Base::default();
        let mut any = false;
        for s in rows.iter().filter(|s| Booking::of(s.stage) == booking && self.in_scope(&s.role, &s.unit)) {
            any = true;
            *b.by_class.entry(s.class).or_default() += s.amount;
            b.units.insert(s.unit.as_str());
            b.roles.insert(s.role.as_str());
            let key = FactKey::Stage { order: s.order.clone(), stage: s.stage, day: s.day };
            b.facts_by_class.entry(s.class).or_default().add(key.clone(), 1);
            b.facts.add(key, 1);
        }
        if !any {
            return None;
        }
        b.total = b.by_class.values().copied().sum();
        Some(b)
    }
}
