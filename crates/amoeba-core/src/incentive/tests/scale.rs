//! The scale: a month of ~3 000 people under a plan of every method.
//! The credit grain of a 10 M-line month is per person, day, role and
//! class — here 3 000 people × 30 days × 2 roles × 2 classes = 360 000
//! rows. Ignored by default (run with `--ignored`); it prints the time, and
//! asserts the 2 s only in an optimised build.

use super::fixtures::*;
use crate::credit::CreditDay;
use crate::dates::EffectiveRange;
use crate::incentive::*;
use crate::orders::{CustomerClass, Stage};
use crate::org::{Assignment, Person, ProjectGroup, ProjectMember, Unit, UnitKind};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::time::Instant;

const UNITS: usize = 100;
const PER_UNIT: usize = 30;

#[test]
#[ignore = "scale: run with --ignored"]
fn a_month_of_3000_people_under_every_method() {
    let mut org = org();
    let mut data = Data::default();
    let mut pg =
        ProjectGroup { code: "PG-BIG".into(), name: "big".into(), range: EffectiveRange::since(d("2026-01-01")), members: Vec::new() };
    for u in 0..UNITS {
        let unit = format!("U{u:03}");
        org.units.push(Unit {
            code: unit.clone(),
            name: unit.clone(),
            name_en: None,
            kind: UnitKind::ProfitCentre,
            function: None,
            parent: Some("G".into()),
            area_m2: None,
        });
        data.units.push(unit_month(&unit, "2026-11", dec!(500000), dec!(200000), dec!(80000)));
        data.metrics.push(metric(&unit, "2026-11", "turnover_days", Some(Decimal::from(40 + u as i64))));
        data.plans.push(unit_plan(&unit, "2026-11", "sales", dec!(450000)));
        for k in 0..PER_UNIT {
            let p = format!("S{u:03}{k:02}");
            org.people.push(Person { code: p.clone(), name: p.clone(), email: None, external: false });
            let role = if k % 3 == 0 { "sales" } else { "operator" };
            org.assignments.push(Assignment {
                person: p.clone(),
                unit: unit.clone(),
                role: role.into(),
                range: EffectiveRange::since(d("2025-01-01")),
                coefficient: Decimal::new(8 + (k % 5) as i64, 1),
                leader: false,
            });
            data.hours.push(hours(&p, &unit, "2026-11", Decimal::from(150 + k as i64)));
            if k == 0 {
                pg.members.push(ProjectMember { person: p.clone(), share: Decimal::ONE });
            }
            for day in 1..=30 {
                let date = format!("2026-11-{day:02}");
                for (r, class) in [
                    ("operator", CustomerClass::New),
                    ("operator", CustomerClass::Returning),
                    ("sales", CustomerClass::New),
                    ("sales", CustomerClass::KeyAccount),
                ] {
                    let sales = Decimal::new(100_000 + (u * 31 + k * 7 + day) as i64 * 13, 2);
                    data.credit.push(CreditDay {
                        person: Some(p.clone()),
                        ..credit(&date, &unit, &p, r, class, sales, dec!(-1.00), -sales / dec!(3))
                    });
                }
            }
            for (i, s) in [Stage::Contract, Stage::Shipped, Stage::Paid].into_iter().enumerate() {
                let mut row =
                    stage_row(&format!("2026-11-{:02}", 5 + i), &p, "sales", &format!("SO-{p}"), CustomerClass::New, s, dec!(10000));
                row.unit = unit.clone();
                data.stages.push(row);
            }
        }
    }
    org.project_groups.push(pg);
    let units: Vec<String> = (0..UNITS).map(|u| format!("U{u:03}")).collect();
    let unit_refs: Vec<&str> = units.iter().map(String::as_str).collect();
    let t = tiers(TierMode::Marginal, &[(0, Some(100_000), dec!(0.02)), (100_000, Some(200_000), dec!(0.03)), (200_000, None, dec!(0.04))]);
    let mut op = comp("op", who(&["operator"], &unit_refs), individual(Measure::GrossProfit, Pay::Tiers(t)));
    op.guardrails = vec![Guardrail {
        metric: "turnover_days".into(),
        max: Some(dec!(90)),
        min: None,
        roles: vec!["operator".into()],
        effect: Effect::Reduce(dec!(0.5)),
    }];
    let classes: ClassRates = [(CustomerClass::New, dec!(0.03)), (CustomerClass::KeyAccount, dec!(0.01))].into_iter().collect();
    let stages = [(Booking::Contract, dec!(0.3)), (Booking::Shipment, dec!(0.3)), (Booking::Payment, dec!(0.4))].into_iter().collect();
    let mut pool = comp(
        "pool",
        who(&[], &unit_refs),
        Method::TeamPool(Pool {
            source: PoolSource::Result { measure: Measure::UnitGrossProfit, tiers: Tiers::flat(dec!(0.04)) },
            sharing: sharing(Split::CoefficientHours, false),
        }),
    );
    pool.gates = vec![Gate::UnitPlan { line: crate::accounting::PnlLine::Sales, min_pct: dec!(100) }];
    let mut project = who(&[], &[]);
    project.project_group = Some("PG-BIG".into());
    let p = plan(vec![
        op,
        comp("class", who(&["sales"], &unit_refs), individual(Measure::Sales, Pay::ByClass(classes))),
        comp("stage", who(&["sales"], &unit_refs), Method::Stage(StagePay { rate: Rate::Flat(dec!(0.01)), stages })),
        pool,
        comp(
            "share",
            who(&[], &unit_refs),
            Method::ProfitShare(ProfitShare {
                measure: Measure::UnitProfit,
                rate: dec!(0.1),
                carry_losses: true,
                schedule: Schedule::Monthly,
                sharing: sharing(Split::Coefficient, false),
            }),
        ),
        comp(
            "project",
            project,
            Method::ProjectPool(Pool { source: PoolSource::Fixed(dec!(100000)), sharing: sharing(Split::ProjectShares, false) }),
        ),
    ]);
    let rows = data.credit.len();
    let start = Instant::now();
    let run = compute_run(std::slice::from_ref(&p), &data.inputs(&org), nov()).unwrap();
    let took = start.elapsed();
    let bytes = canonical_bytes(&run).len();
    eprintln!(
        "{} people, {rows} credit rows, {} lines: {took:?}, canonical {bytes} bytes",
        run.statements.len(),
        run.statements.iter().map(|s| s.lines.len()).sum::<usize>()
    );
    assert_eq!(run.statements.len(), UNITS * PER_UNIT);
    if !cfg!(debug_assertions) {
        assert!(took.as_secs_f64() < 2.0, "a 3 000-person month runs in under 2 s: {took:?}");
    }
}
