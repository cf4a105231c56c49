//! The company of the worked examples (docs/pay-plans.md, "The company"):
//! units, people, assignments and coefficients, a project group, SKUs —
//! and builders for inputs and plans.

use crate::credit::{CreditDay, Figures};
use crate::dates::EffectiveRange;
use crate::goals::{review, Criterion, Cycle, Normalise, PersonScores, ReviewConfig, ReviewOutcome, Scorecard, SelfReview};
use crate::incentive::*;
use crate::ledger::{HoursPeriod, HoursRecord, PlanRecord};
use crate::orders::{CustomerClass, Stage};
use crate::org::*;
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

pub(crate) fn m(s: &str) -> Month {
    s.parse().expect("a month")
}

/// November 2026, the period of most examples.
pub(crate) fn nov() -> Month {
    m("2026-11")
}

fn unit(code: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
    Unit { code: code.into(), name: code.into(), name_en: None, kind, function: None, parent: parent.map(Into::into), area_m2: None }
}

fn assign(person: &str, unit: &str, role: &str, coefficient: Decimal, from: &str) -> Assignment {
    Assignment {
        person: person.into(),
        unit: unit.into(),
        role: role.into(),
        range: EffectiveRange::since(d(from)),
        coefficient,
        leader: false,
    }
}

/// The company: G → AMZ, TT, ALI (profit centres), WH (warehouse).
pub(crate) fn org() -> Org {
    let mut o = Org::empty(Company::new("NB", "宁波天启"));
    o.units = vec![
        unit("G", UnitKind::ProfitCentre, None),
        unit("AMZ", UnitKind::ProfitCentre, Some("G")),
        unit("TT", UnitKind::ProfitCentre, Some("G")),
        unit("ALI", UnitKind::ProfitCentre, Some("G")),
        unit("WH", UnitKind::ServiceCentre, Some("G")),
    ];
    for p in ["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E09", "E10"] {
        o.people.push(Person { code: p.into(), name: p.into(), email: None, external: false });
    }
    o.assignments = vec![
        assign("E01", "AMZ", "operator", dec!(1.2), "2025-01-01"),
        assign("E02", "AMZ", "operator", dec!(1.0), "2025-01-01"),
        assign("E03", "AMZ", "marketing", dec!(0.8), "2025-01-01"),
        assign("E04", "ALI", "sales", dec!(1.0), "2025-01-01"),
        assign("E05", "ALI", "order_follower", dec!(0.8), "2025-01-01"),
        assign("E06", "TT", "operator", dec!(1.2), "2025-01-01"),
        assign("E07", "TT", "livestream_host", dec!(1.0), "2025-07-01"),
        assign("E08", "TT", "customer_service", dec!(0.8), "2026-11-16"),
        assign("E09", "WH", "logistics", dec!(1.0), "2025-01-01"),
        assign("E10", "WH", "logistics", dec!(1.0), "2025-01-01"),
    ];
    o.project_groups.push(ProjectGroup {
        code: "PG-LAUNCH".into(),
        name: "新品上市组".into(),
        range: EffectiveRange::since(d("2026-10-01")),
        members: vec![
            ProjectMember { person: "E01".into(), share: dec!(2) },
            ProjectMember { person: "E06".into(), share: dec!(1) },
            ProjectMember { person: "E03".into(), share: dec!(1) },
        ],
    });
    for (code, owner, launch) in [("MUG", "AMZ", None), ("LAMP", "TT", Some("2026-10-10"))] {
        o.skus.push(Sku {
            code: code.into(),
            name: code.into(),
            owners: vec![Ownership { unit: owner.into(), range: EffectiveRange::since(d("2025-01-01")) }],
            launch_date: launch.map(d),
            costs: Vec::new(),
        });
    }
    o
}

/// One credit row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn credit(
    day: &str,
    unit: &str,
    person: &str,
    role: &str,
    class: CustomerClass,
    sales: Decimal,
    refunds: Decimal,
    cogs: Decimal,
) -> CreditDay {
    CreditDay {
        day: d(day),
        unit: unit.into(),
        person: Some(person.into()),
        role: role.into(),
        customer_class: class,
        figures: Figures { sales, refunds, cogs, units: 0, orders: 0, cash_collected: Decimal::ZERO },
    }
}

/// A unit's month with the same own and rolled-up figures.
pub(crate) fn unit_month(unit: &str, month: &str, sales: Decimal, gross_profit: Decimal, profit: Decimal) -> UnitMonth {
    let f = UnitFigures {
        sales,
        refunds: Decimal::ZERO,
        cogs: gross_profit - sales,
        selling_costs: Decimal::ZERO,
        added_value: profit,
        profit,
    };
    UnitMonth { unit: unit.into(), month: m(month), own: f, rolled_up: f }
}

/// A stage amount credited to a person.
pub(crate) fn stage_row(
    day: &str,
    person: &str,
    role: &str,
    order: &str,
    class: CustomerClass,
    stage: Stage,
    amount: Decimal,
) -> PersonStage {
    PersonStage { day: d(day), person: person.into(), role: role.into(), unit: "ALI".into(), order: order.into(), class, stage, amount }
}

/// A month of hours.
pub(crate) fn hours(person: &str, unit: &str, month: &str, h: Decimal) -> HoursRecord {
    HoursRecord {
        person: person.into(),
        unit: unit.into(),
        period: HoursPeriod::Month(m(month)),
        hours: h,
        overtime_hours: Decimal::ZERO,
        labour_cost: Decimal::ZERO,
        line: 1,
    }
}

/// A metric of a unit.
pub(crate) fn metric(unit: &str, month: &str, code: &str, v: Option<Decimal>) -> UnitMetric {
    UnitMetric { unit: unit.into(), month: m(month), metric: code.into(), value: v }
}

/// A unit's monthly plan line.
pub(crate) fn unit_plan(unit: &str, month: &str, line: &str, amount: Decimal) -> PlanRecord {
    PlanRecord { unit: unit.into(), month: m(month), line: line.into(), amount, line_no: 1 }
}

/// The review of docs/goals.md: E09 84.25, E10 76.25, team-average multipliers.
pub(crate) fn wh_review() -> ReviewOutcome {
    let card = Scorecard::new(vec![
        Criterion { code: "results".into(), weight_pct: dec!(50) },
        Criterion { code: "attitude".into(), weight_pct: dec!(20) },
        Criterion { code: "skill".into(), weight_pct: dec!(15) },
        Criterion { code: "teamwork".into(), weight_pct: dec!(15) },
    ])
    .expect("a scorecard");
    let s = |v: [i64; 4]| -> BTreeMap<String, Decimal> {
        ["results", "attitude", "skill", "teamwork"].iter().zip(v).map(|(c, x)| (c.to_string(), Decimal::from(x))).collect()
    };
    let config =
        ReviewConfig { cycle: Cycle::Monthly(nov()), card, self_review: SelfReview::ShownBeside, normalise: Normalise::TeamAverage };
    review(
        &config,
        &[
            PersonScores { person: "E09".into(), leader: s([90, 80, 70, 85]), self_scores: None },
            PersonScores { person: "E10".into(), leader: s([70, 90, 80, 75]), self_scores: None },
        ],
    )
    .expect("a review")
}

/// Everything a run reads, owned.
#[derive(Default)]
pub(crate) struct Data {
    pub credit: Vec<CreditDay>,
    pub stages: Vec<PersonStage>,
    pub sales: Vec<crate::credit::CreditSale>,
    pub units: Vec<UnitMonth>,
    pub hours: Vec<HoursRecord>,
    pub reviews: Vec<ReviewOutcome>,
    pub metrics: Vec<UnitMetric>,
    pub skus: Vec<SkuMonth>,
    pub plans: Vec<PlanRecord>,
    pub targets: Vec<PersonTarget>,
    pub history: History,
    pub awards: Vec<crate::incentive::PrizeAward>,
}

impl Data {
    /// The inputs over `org`.
    pub fn inputs<'a>(&'a self, org: &'a Org) -> PayInputs<'a> {
        PayInputs {
            org,
            credit: &self.credit,
            stages: &self.stages,
            sales: &self.sales,
            units: &self.units,
            hours: &self.hours,
            reviews: &self.reviews,
            metrics: &self.metrics,
            skus: &self.skus,
            unit_plans: &self.plans,
            person_targets: &self.targets,
            history: &self.history,
            awards: &self.awards,
        }
    }
}

/// `who` by roles in units (subtree).
pub(crate) fn who(roles: &[&str], units: &[&str]) -> Who {
    Who {
        roles: roles.iter().map(|r| r.to_string()).collect(),
        units: units.iter().map(|u| u.to_string()).collect(),
        subtree: true,
        project_group: None,
        people: Vec::new(),
    }
}

/// A component without gates, cap or guardrails.
pub(crate) fn comp(code: &str, who: Who, method: Method) -> Component {
    Component { code: code.into(), name: code.into(), who, method, threshold: None, gates: Vec::new(), cap: None, guardrails: Vec::new() }
}

/// Version 1 of plan NB-PAY, in force from 2026-01-01.
pub(crate) fn plan(components: Vec<Component>) -> PayPlan {
    PayPlan {
        code: "NB-PAY".into(),
        name: "宁波天启提成方案".into(),
        version: 1,
        effective: EffectiveRange::since(d("2026-01-01")),
        components,
        draws: Vec::new(),
        partners: Vec::new(),
    }
}

/// Tiers from (from, to, rate) triples.
pub(crate) fn tiers(mode: TierMode, bands: &[(i64, Option<i64>, Decimal)]) -> Tiers {
    Tiers {
        mode,
        bands: bands.iter().map(|(f, t, r)| crate::goals::Band { from: Decimal::from(*f), to: t.map(Decimal::from), rate: *r }).collect(),
    }
}

/// An individual component on `measure` at `pay`.
pub(crate) fn individual(measure: Measure, pay: Pay) -> Method {
    Method::Individual(Individual { measure, pay, accelerators: Vec::new(), decelerators: Vec::new() })
}

/// A pool's sharing.
pub(crate) fn sharing(split: Split, scorecard: bool) -> Sharing {
    Sharing { split, scorecard }
}

/// The statement of `person` in `run`.
pub(crate) fn statement<'r>(run: &'r PayRun, person: &str) -> &'r Statement {
    run.statements.iter().find(|s| s.person == person).unwrap_or_else(|| panic!("no statement for {person}"))
}

/// The amounts of a person's lines of `kind`.
pub(crate) fn amounts(run: &PayRun, person: &str, kind: LineKind) -> Vec<Decimal> {
    statement(run, person).lines.iter().filter(|l| l.kind == kind).map(|l| l.amount).collect()
}
