//! docs/pay-plans.md, "The full example": the organisation and the pay plan
//! as the page shows them are read and checked by the real readers, then
//! November 2026 is run on the data the page describes; every statement
//! and the run's total are the page's.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use amoeba_core::credit::{CreditDay, Figures};
use amoeba_core::goals::{review, Criterion, Cycle, Normalise, PersonScores, ReviewConfig, Scorecard, SelfReview};
use amoeba_core::incentive::*;
use amoeba_core::ledger::PlanRecord;
use amoeba_core::orders::{CustomerClass, Stage};
use amoeba_core::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;

const DOC: &str = include_str!("../../../docs/pay-plans.md");

/// The TOML block of the page whose first line is `# file: {name}`.
fn block(name: &str) -> String {
    let marker = format!("```toml\n# file: {name}\n");
    let start = DOC.find(&marker).unwrap_or_else(|| panic!("docs/pay-plans.md has no block {name}")) + marker.len();
    let len = DOC[start..].find("```").expect("the block ends");
    DOC[start..start + len].to_string()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Month {
    s.parse().unwrap()
}

fn row(day: &str, unit: &str, person: &str, role: &str, class: CustomerClass, f: (Decimal, Decimal, Decimal)) -> CreditDay {
    CreditDay {
        day: d(day),
        unit: unit.into(),
        person: Some(person.into()),
        role: role.into(),
        customer_class: class,
        figures: Figures { sales: f.0, refunds: f.1, cogs: f.2, units: 0, orders: 0, cash_collected: Decimal::ZERO },
    }
}

fn unit(code: &str, month: Month, sales: Decimal, gross_profit: Decimal, profit: Decimal) -> UnitMonth {
    let f = UnitFigures { sales, refunds: dec!(0), cogs: gross_profit - sales, selling_costs: dec!(0), added_value: profit, profit };
    UnitMonth { unit: code.into(), month, own: f, rolled_up: f }
}

fn stage(day: &str, stage: Stage, amount: Decimal) -> PersonStage {
    PersonStage {
        day: d(day),
        person: "E05".into(),
        role: "order_follower".into(),
        unit: "ALI".into(),
        order: "SO-7".into(),
        class: CustomerClass::New,
        stage,
        amount,
    }
}

#[test]
fn the_full_example_plan_pays_what_the_document_says() {
    let org = amoeba_import::org_file::parse(&block("org.toml")).unwrap().apply_to(None).unwrap();
    let plan = amoeba_import::pay_plan::check(&block("pay-plan.toml"), &org, &[]).unwrap();
    let nov = m("2026-11");
    let u = CustomerClass::Unknown;
    let credit = vec![
        row("2026-11-03", "AMZ", "E01", "operator", u, (dec!(100000.00), dec!(-4000.00), dec!(-12543.22))),
        row("2026-11-20", "AMZ", "E01", "operator", u, (dec!(50000.00), dec!(0), dec!(-10000.00))),
        row("2026-11-06", "AMZ", "E02", "operator", u, (dec!(62000.00), dec!(-2000.00), dec!(-20000.00))),
        row("2026-11-10", "ALI", "E04", "sales", CustomerClass::New, (dec!(40000.00), dec!(0), dec!(0))),
        row("2026-11-10", "ALI", "E04", "sales", CustomerClass::Returning, (dec!(60000.00), dec!(0), dec!(0))),
        row("2026-11-10", "ALI", "E04", "sales", CustomerClass::KeyAccount, (dec!(100000.00), dec!(0), dec!(0))),
    ];
    let stages = vec![
        stage("2026-11-02", Stage::Contract, dec!(200000.00)),
        stage("2026-11-10", Stage::Shipped, dec!(80000.00)),
        stage("2026-11-20", Stage::Paid, dec!(50000.00)),
    ];
    let mut units = vec![unit("WH", nov, dec!(0), dec!(0), dec!(30000.00))];
    let mut month = m("2025-12");
    while month <= nov {
        units.push(unit("TT", month, dec!(600000.00), dec!(250000.00), dec!(100000.00)));
        month = month.next();
    }
    let card = Scorecard::new(
        [("results", 50), ("attitude", 20), ("skill", 15), ("teamwork", 15)]
            .iter()
            .map(|(c, w)| Criterion { code: c.to_string(), weight_pct: Decimal::from(*w) })
            .collect(),
    )
    .unwrap();
    let scores = |v: [i64; 4]| -> BTreeMap<String, Decimal> {
        ["results", "attitude", "skill", "teamwork"].iter().zip(v).map(|(c, x)| (c.to_string(), Decimal::from(x))).collect()
    };
    let config = ReviewConfig { cycle: Cycle::Monthly(nov), card, self_review: SelfReview::ShownBeside, normalise: Normalise::TeamAverage };
    let reviews = vec![review(
        &config,
        &[
            PersonScores { person: "E09".into(), leader: scores([90, 80, 70, 85]), self_scores: None },
            PersonScores { person: "E10".into(), leader: scores([70, 90, 80, 75]), self_scores: None },
        ],
    )
    .unwrap()];
    let metrics = vec![UnitMetric { unit: "AMZ".into(), month: nov, metric: "turnover_days".into(), value: Some(dec!(72.5)) }];
    let skus = vec![
        SkuMonth { sku: "LAMP".into(), unit: "TT".into(), month: m("2026-10"), sales: dec!(120000.00), profit: dec!(30000.00) },
        SkuMonth { sku: "LAMP".into(), unit: "TT".into(), month: nov, sales: dec!(320000.00), profit: dec!(80000.00) },
    ];
    let plans = vec![PlanRecord { unit: "TT".into(), month: nov, line: "sales".into(), amount: dec!(550000.00), line_no: 1 }];
    let history = History {
        paid_sales: vec![PaidSale {
            person: "E02".into(),
            plan: "NB-PAY".into(),
            component: "op_gp".into(),
            sale: "AMZ-4".into(),
            base: dec!(2000.00),
            paid: dec!(60.00),
            clawed: dec!(0),
        }],
        refunds: vec![SaleRefund {
            person: "E02".into(),
            role: "operator".into(),
            unit: "AMZ".into(),
            class: u,
            sale: "AMZ-4".into(),
            day: d("2026-11-06"),
            figures: Figures { refunds: dec!(-2000.00), ..Figures::default() },
        }],
        ..History::default()
    };
    let inputs = PayInputs {
        org: &org,
        credit: &credit,
        stages: &stages,
        sales: &[],
        units: &units,
        hours: &[],
        reviews: &reviews,
        metrics: &metrics,
        skus: &skus,
        unit_plans: &plans,
        person_targets: &[],
        history: &history,
        awards: &[],
    };
    let run = compute_run(std::slice::from_ref(&plan), &inputs, nov).unwrap();
    let totals: Vec<(&str, Decimal)> = run.statements.iter().map(|s| (s.person.as_str(), s.total)).collect();
    assert_eq!(
        totals,
        vec![
            ("E01", dec!(1351.85)),
            ("E02", dec!(360.00)),
            ("E04", dec!(3100.00)),
            ("E05", dec!(1040.00)),
            ("E06", dec!(10153.85)),
            ("E07", dec!(8461.54)),
            ("E08", dec!(5000.00)),
            ("E09", dec!(1574.70)),
            ("E10", dec!(1425.30)),
        ]
    );
    assert_eq!(run.total, dec!(32467.24));
    assert_eq!(run.carry.advances.get("E08"), Some(&dec!(1615.39)));
    let exit = exit_value(&plan.partners[0], "E07", d("2026-12-15"), &units).unwrap();
    assert_eq!(exit.value, dec!(680000.00));
    // every line explains itself in both languages
    for s in &run.statements {
        for l in &s.lines {
            assert!(!l.text.zh.is_empty() && !l.text.en.is_empty(), "{l:?}");
        }
    }
}
