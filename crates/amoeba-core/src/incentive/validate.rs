//! A pay plan checked as a whole against the organisation, each problem
//! with the TOML key path it is at (`components[2].tiers[1]`), so the plan
//! file checker can name the line: tier gaps and overlaps, parts not
//! summing to 100 %, unknown roles, units, people and project groups, a
//! measure the data cannot provide for the method, limits. Two versions of
//! one plan code never overlap ([`super::versions::check_versions`]).

use super::error::PayError;
use super::limits::*;
use super::method::{Grain, Measure, Method, Pay, PoolSource, Split, Step};
use super::plan::{Component, Effect, Gate, PayPlan, Who};
use crate::accounting::PnlLine;
use crate::credit::SALES_ROLE;
use crate::goals::Band;
use crate::org::{Org, STANDARD_ROLES};
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// One problem of a plan, at a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblem {
    /// TOML key path (`pay_plan.version`, `components[0].who.roles`…).
    pub path: String,
    /// What is wrong.
    pub error: PayError,
}

struct Known<'a> {
    roles: HashSet<&'a str>,
    units: HashSet<&'a str>,
    people: HashSet<&'a str>,
    groups: HashSet<&'a str>,
}

struct Check<'a> {
    known: Known<'a>,
    out: Vec<PlanProblem>,
}

impl Check<'_> {
    fn err(&mut self, path: impl Into<String>, error: PayError) {
        self.out.push(PlanProblem { path: path.into(), error });
    }

    fn limit(&mut self, path: &str, what: &'static str, found: usize, limit: usize) {
        if found > limit {
            self.err(path, PayError::TooMany { what, limit, found });
        }
    }

    /// A figure a plan states: not beyond [`MAX_PLAN_AMOUNT`], so the
    /// engine's products stay inside a decimal.
    fn bounded(&mut self, path: String, v: Decimal) -> bool {
        if v.abs() > MAX_PLAN_AMOUNT {
            self.err(path, PayError::TooLarge { value: v });
            return false;
        }
        true
    }

    fn nonneg(&mut self, path: String, v: Decimal) {
        if !self.bounded(path.clone(), v) {
            return;
        }
        if v < Decimal::ZERO {
            self.err(path, PayError::Negative { value: v });
        }
    }

    fn fraction(&mut self, path: String, v: Decimal) {
        if v < Decimal::ZERO || v > Decimal::ONE {
            self.err(path, PayError::PctOutOfRange { value: v });
        }
    }

    fn rate(&mut self, path: String, rate: Decimal, count: bool) {
        if !self.bounded(path.clone(), rate) {
            return;
        }
        if rate < Decimal::ZERO {
            self.err(path, PayError::NegativeRate { rate });
        } else if !count && rate > Decimal::ONE {
            self.err(path, PayError::RateAbove100 { rate });
        }
    }

    fn who(&mut self, path: &str, w: &Who) {
        self.limit(&format!("{path}.roles"), "roles", w.roles.len(), MAX_WHO);
        self.limit(&format!("{path}.units"), "units", w.units.len(), MAX_WHO);
        self.limit(&format!("{path}.people"), "people", w.people.len(), MAX_WHO);
        for r in &w.roles {
            if !self.known.roles.contains(r.as_str()) {
                self.err(format!("{path}.roles"), PayError::UnknownRole { code: r.clone() });
            }
        }
        for u in &w.units {
            if !self.known.units.contains(u.as_str()) {
                self.err(format!("{path}.units"), PayError::UnknownUnit { code: u.clone() });
            }
        }
        for p in &w.people {
            if !self.known.people.contains(p.as_str()) {
                self.err(format!("{path}.people"), PayError::UnknownPerson { code: p.clone() });
            }
        }
        if let Some(g) = &w.project_group {
            if !self.known.groups.contains(g.as_str()) {
                self.err(format!("{path}.project_group"), PayError::UnknownProjectGroup { code: g.clone() });
            }
        }
    }

    fn bands(&mut self, path: &str, bands: &[Band], count: bool) {
        self.limit(path, "tiers", bands.len(), MAX_TIERS);
        let Some(first) = bands.first() else {
            self.err(path, PayError::NoBands);
            return;
        };
        if !first.from.is_zero() {
            self.err(format!("{path}[0].from"), PayError::FirstBandNotZero { from: first.from });
        }
        let last = bands.len() - 1;
        for (i, b) in bands.iter().enumerate() {
            self.rate(format!("{path}[{i}].rate"), b.rate, count);
            self.bounded(format!("{path}[{i}].from"), b.from);
            if let Some(to) = b.to {
                self.bounded(format!("{path}[{i}].to"), to);
            }
            match (b.to, i == last) {
                (Some(to), true) => self.err(format!("{path}[{i}].to"), PayError::TopBandBounded { to }),
                (None, false) => self.err(format!("{path}[{i}]"), PayError::OpenBandBelowTop { from: b.from }),
                (Some(to), false) => {
                    let next = bands[i + 1].from;
                    if to <= b.from {
                        self.err(format!("{path}[{i}].to"), PayError::BandReversed { from: b.from, to });
                    } else if next > to {
                        self.err(format!("{path}[{}].from", i + 1), PayError::BandGap { end: to, next });
                    } else if next < to {
                        self.err(format!("{path}[{}].from", i + 1), PayError::BandOverlap { end: to, next });
                    }
                }
                (None, true) => {}
            }
        }
    }

    fn steps(&mut self, path: String, steps: &[Step], accelerate: bool) {
        self.limit(&path, "steps", steps.len(), MAX_STEPS);
        for (i, s) in steps.iter().enumerate() {
            self.bounded(format!("{path}[{i}].pct"), s.pct);
            self.bounded(format!("{path}[{i}].multiplier"), s.multiplier);
        }
        let sided = steps.iter().all(|s| if accelerate { s.pct >= Decimal::ONE_HUNDRED } else { s.pct < Decimal::ONE_HUNDRED });
        let ascending = steps.windows(2).all(|w| w[0].pct < w[1].pct);
        if !sided || !ascending || steps.iter().any(|s| s.multiplier < Decimal::ZERO) {
            self.err(path, PayError::StepsOutOfOrder);
        }
    }

    fn person_measure(&mut self, path: &str, measure: Measure, who: &Who, method: &'static str) {
        if measure.grain() != Grain::Person {
            self.err(format!("{path}.base"), PayError::MeasureNotAvailable { measure: measure.code(), method });
        } else if who.roles.is_empty() {
            self.err(format!("{path}.who.roles"), PayError::NeedsRoles { measure: measure.code() });
        }
    }

    fn sharing(&mut self, path: &str, split: Split, person_result: bool, project: bool) {
        if split == Split::ResultShare && !person_result {
            self.err(format!("{path}.split"), PayError::SplitNeedsCredit);
        }
        if split == Split::ProjectShares && !project {
            self.err(format!("{path}.split"), PayError::SplitNeedsProject);
        }
    }

    fn team(&mut self, path: &str, c: &Component) {
        if c.who.units.is_empty() {
            self.err(format!("{path}.who.units"), PayError::NeedsTeam { method: c.method.code() });
        }
    }

    fn component(&mut self, path: &str, c: &Component) {
        if c.code.trim().is_empty() {
            self.err(format!("{path}.code"), PayError::Blank);
        }
        self.who(&format!("{path}.who"), &c.who);
        let project = c.who.project_group.is_some();
        match &c.method {
            Method::Individual(m) => {
                self.person_measure(path, m.measure, &c.who, c.method.code());
                match &m.pay {
                    Pay::Tiers(t) => self.bands(&format!("{path}.tiers"), &t.bands, m.measure.is_count()),
                    Pay::ByClass(rates) => {
                        for r in rates.values() {
                            self.rate(format!("{path}.rates_by_class"), *r, m.measure.is_count());
                        }
                    }
                }
                self.steps(format!("{path}.accelerators"), &m.accelerators, true);
                self.steps(format!("{path}.decelerators"), &m.decelerators, false);
            }
            Method::Stage(s) => {
                if c.who.roles.is_empty() {
                    self.err(format!("{path}.who.roles"), PayError::NeedsRoles { measure: "order_value" });
                }
                let rates: Vec<Decimal> = match &s.rate {
                    super::method::Rate::Flat(r) => vec![*r],
                    super::method::Rate::ByClass(m) => m.values().copied().collect(),
                };
                for r in rates {
                    self.rate(format!("{path}.rate"), r, false);
                }
                let sum: Decimal = s.stages.values().copied().sum();
                if sum != Decimal::ONE || s.stages.values().any(|v| *v < Decimal::ZERO) {
                    self.err(format!("{path}.stages"), PayError::SharesNot100 { sum });
                }
            }
            Method::TeamPool(p) | Method::ProjectPool(p) => {
                let is_project = matches!(c.method, Method::ProjectPool(_));
                if is_project && !project {
                    self.err(format!("{path}.who.project_group"), PayError::NeedsTeam { method: c.method.code() });
                } else if !is_project {
                    self.team(path, c);
                }
                let person_result = match &p.source {
                    PoolSource::Result { measure, tiers } => {
                        if measure.grain() == Grain::Person && c.who.roles.is_empty() {
                            self.err(format!("{path}.who.roles"), PayError::NeedsRoles { measure: measure.code() });
                        }
                        if is_project && measure.grain() == Grain::Unit {
                            self.err(
                                format!("{path}.base"),
                                PayError::MeasureNotAvailable { measure: measure.code(), method: c.method.code() },
                            );
                        }
                        self.bands(&format!("{path}.tiers"), &tiers.bands, measure.is_count());
                        measure.grain() == Grain::Person
                    }
                    PoolSource::Fixed(a) => {
                        self.nonneg(format!("{path}.amount"), *a);
                        false
                    }
                };
                self.sharing(path, p.sharing.split, person_result, project && is_project);
            }
            Method::ProfitShare(p) => {
                self.team(path, c);
                if !matches!(p.measure, Measure::UnitProfit | Measure::UnitAddedValue) {
                    self.err(format!("{path}.base"), PayError::MeasureNotAvailable { measure: p.measure.code(), method: c.method.code() });
                }
                self.fraction(format!("{path}.rate"), p.rate);
                self.sharing(path, p.sharing.split, false, false);
            }
            Method::NewProductHit(h) => {
                self.fraction(format!("{path}.rate"), h.rate);
                self.nonneg(format!("{path}.min_sales"), h.min_sales);
                if h.within_days == 0 {
                    self.err(format!("{path}.within_days"), PayError::Negative { value: Decimal::ZERO });
                }
                self.sharing(path, h.sharing.split, false, false);
            }
            Method::OffSeason(o) => {
                self.team(path, c);
                self.fraction(format!("{path}.rate"), o.rate);
                if !(1..=12).contains(&o.peak_month) {
                    self.err(format!("{path}.peak_month"), PayError::MonthOutOfRange { month: o.peak_month });
                }
                for m in &o.off_season_months {
                    if !(1..=12).contains(m) {
                        self.err(format!("{path}.off_season_months"), PayError::MonthOutOfRange { month: *m });
                    } else if *m == o.peak_month {
                        self.err(format!("{path}.off_season_months"), PayError::PeakInOffSeason { month: *m });
                    }
                }
                self.nonneg(format!("{path}.turnover_max_days"), o.turnover_max_days);
                self.nonneg(format!("{path}.cover_min_days"), o.cover_min_days);
                self.sharing(path, o.sharing.split, false, false);
            }
            Method::EquityTrigger(e) => {
                self.team(path, c);
                self.nonneg(format!("{path}.multiple"), e.multiple);
                self.nonneg(format!("{path}.valuation_threshold"), e.threshold);
                if !(1..=MAX_MONTHS).contains(&e.trailing_months) {
                    self.err(format!("{path}.trailing_months"), PayError::MonthsOutOfRange { months: e.trailing_months });
                }
                match (e.grant_cash, e.grant_equity) {
                    (None, None) => self.err(path.to_string(), PayError::NoGrant),
                    (cash, equity) => {
                        if let Some(c) = cash {
                            self.nonneg(format!("{path}.grant_cash"), c);
                        }
                        if let Some(q) = equity {
                            self.fraction(format!("{path}.grant_equity"), q);
                        }
                    }
                }
                self.sharing(path, e.sharing.split, false, false);
            }
        }
        if let Some(t) = c.threshold {
            self.nonneg(format!("{path}.threshold"), t);
        }
        if let Some(cap) = c.cap {
            self.nonneg(format!("{path}.cap"), cap);
        }
        self.limit(&format!("{path}.gates"), "gates", c.gates.len(), MAX_GUARDRAILS);
        for (k, g) in c.gates.iter().enumerate() {
            let gp = format!("{path}.gates[{k}]");
            match g {
                Gate::UnitPlan { min_pct, line } => {
                    self.nonneg(format!("{gp}.min_pct"), *min_pct);
                    if !matches!(line, PnlLine::Sales | PnlLine::AddedValue | PnlLine::Profit) {
                        self.err(format!("{gp}.line"), PayError::MeasureNotAvailable { measure: line.as_str(), method: "gate" });
                    }
                    if c.who.units.is_empty() {
                        self.err(gp, PayError::GateNotForMethod { method: c.method.code() });
                    }
                }
                Gate::PersonTarget { min_pct } => {
                    self.nonneg(format!("{gp}.min_pct"), *min_pct);
                    if !matches!(c.method, Method::Individual(_)) {
                        self.err(gp, PayError::GateNotForMethod { method: c.method.code() });
                    }
                }
            }
        }
        self.limit(&format!("{path}.guardrails"), "guardrails", c.guardrails.len(), MAX_GUARDRAILS);
        for (k, g) in c.guardrails.iter().enumerate() {
            let gp = format!("{path}.guardrails[{k}]");
            for r in &g.roles {
                if !self.known.roles.contains(r.as_str()) {
                    self.err(format!("{gp}.roles"), PayError::UnknownRole { code: r.clone() });
                }
            }
            for (key, v) in [("max", g.max), ("min", g.min)] {
                if let Some(v) = v {
                    self.bounded(format!("{gp}.{key}"), v);
                }
            }
            if let Effect::Reduce(f) = g.effect {
                self.fraction(format!("{gp}.reduce"), f);
            }
        }
    }
}

fn duplicates<'a>(c: &mut Check, path: &str, codes: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for (i, code) in codes.enumerate() {
        if !seen.insert(code) {
            c.err(format!("{path}[{i}].code"), PayError::Duplicate { code: code.to_string() });
        }
    }
}

/// Every problem of `plan` against `org`; empty when it is sound.
pub fn validate(plan: &PayPlan, org: &Org) -> Vec<PlanProblem> {
    let mut roles: HashSet<&str> = org.roles.iter().map(|r| r.code.as_str()).collect();
    roles.extend(STANDARD_ROLES.iter().map(|r| r.code));
    roles.insert(SALES_ROLE);
    let known = Known {
        roles,
        units: org.units.iter().map(|u| u.code.as_str()).collect(),
        people: org.people.iter().map(|p| p.code.as_str()).collect(),
        groups: org.project_groups.iter().map(|g| g.code.as_str()).collect(),
    };
    let mut c = Check { known, out: Vec::new() };
    if plan.code.trim().is_empty() {
        c.err("pay_plan.code", PayError::Blank);
    }
    if plan.name.trim().is_empty() {
        c.err("pay_plan.name", PayError::Blank);
    }
    if plan.version == 0 {
        c.err("pay_plan.version", PayError::VersionZero);
    }
    let (from, to) = (plan.effective.from, plan.effective.to);
    let ends_month = to.is_none_or(|t| t.succ_opt().is_none_or(|n| n.day() == 1));
    if from.day() != 1 || !ends_month {
        let key = if from.day() != 1 { "pay_plan.effective_from" } else { "pay_plan.effective_to" };
        c.err(key, PayError::NotWholeMonths { from: from.to_string(), to: to.map(|t| t.to_string()) });
    }
    if plan.components.is_empty() {
        c.err("components", PayError::NoComponents);
    }
    c.limit("components", "components", plan.components.len(), MAX_COMPONENTS);
    c.limit("draws", "draws", plan.draws.len(), MAX_DRAWS);
    c.limit("partners", "partners", plan.partners.len(), MAX_PARTNERS);
    duplicates(&mut c, "components", plan.components.iter().map(|x| x.code.as_str()));
    duplicates(&mut c, "draws", plan.draws.iter().map(|x| x.code.as_str()));
    duplicates(&mut c, "partners", plan.partners.iter().map(|x| x.code.as_str()));
    for (i, comp) in plan.components.iter().enumerate() {
        c.component(&format!("components[{i}]"), comp);
    }
    for (i, d) in plan.draws.iter().enumerate() {
        c.who(&format!("draws[{i}].who"), &d.who);
        c.nonneg(format!("draws[{i}].amount"), d.amount);
    }
    for (i, a) in plan.partners.iter().enumerate() {
        super::validate_partner::partner(&mut c.out, &c.known.units, &c.known.people, &c.known.roles, &format!("partners[{i}]"), a);
    }
    c.out
}
