//! docs/pay-plans.md, "Clawbacks of individual pay": what an individual
//! component pays on credited sales is attributed to the sales behind it,
//! and a later refund of one claws back at the rate its class was paid at,
//! never more than was paid on that sale.

use super::fixtures::*;
use crate::credit::{CreditSale, Figures};
use crate::incentive::*;
use crate::orders::CustomerClass;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const NEW: CustomerClass = CustomerClass::New;
const RET: CustomerClass = CustomerClass::Returning;

/// E04's credit from sale `sale` on `day` (a refund's pieces when `refunds` is below 0).
fn sale(day: &str, sale: &str, class: CustomerClass, sales: Decimal, refunds: Decimal) -> CreditSale {
    CreditSale {
        sale: sale.into(),
        day: d(day),
        unit: "ALI".into(),
        person: "E04".into(),
        role: "sales".into(),
        customer_class: class,
        refund: refunds < Decimal::ZERO,
        figures: Figures { sales, refunds, ..Figures::default() },
    }
}

/// The credit rows the sales add up to.
fn rows(sales: &[CreditSale]) -> Vec<crate::credit::CreditDay> {
    let day = |s: &CreditSale| s.day.format("%Y-%m-%d").to_string();
    sales.iter().map(|s| credit(&day(s), "ALI", "E04", "sales", s.customer_class, s.figures.sales, s.figures.refunds, dec!(0))).collect()
}

fn class_plan() -> PayPlan {
    let rates: ClassRates = [(NEW, dec!(0.03)), (RET, dec!(0.015))].into_iter().collect();
    plan(vec![comp("b2b", who(&["sales"], &["ALI"]), individual(Measure::Sales, Pay::ByClass(rates)))])
}

/// The month's run after `before` (the earlier runs' carries, oldest first).
fn month_run(month: &str, sales: Vec<CreditSale>, before: &[&PayRun]) -> PayRun {
    let org = org();
    let mut paid = Vec::new();
    for r in before {
        paid = add_paid(&paid, &r.carry.paid_sales);
    }
    let balances = before.last().map(|r| r.carry.balances.clone()).unwrap_or_default();
    let refunds = sale_refunds(&sales, &paid);
    let data = Data {
        credit: rows(&sales),
        sales,
        history: History { paid_sales: paid, refunds, balances, ..History::default() },
        ..Data::default()
    };
    compute_run(&[class_plan()], &data.inputs(&org), m(month)).unwrap()
}

#[test]
fn worked_example_a_refund_claws_back_individual_pay_at_its_sales_rate() {
    // October: SO-1 (new) 6 000.00 × 3 % = 180.00; SO-2 (returning) 4 000.00 × 1.5 % = 60.00.
    let oct = month_run(
        "2026-10",
        vec![sale("2026-10-05", "S/SO-1", NEW, dec!(6000.00), dec!(0)), sale("2026-10-09", "S/SO-2", RET, dec!(4000.00), dec!(0))],
        &[],
    );
    assert_eq!(statement(&oct, "E04").total, dec!(240.00));
    let paid: Vec<_> = oct.carry.paid_sales.iter().map(|p| (p.sale.as_str(), p.base, p.paid)).collect();
    assert_eq!(paid, vec![("S/SO-1", dec!(6000.00), dec!(180.00)), ("S/SO-2", dec!(4000.00), dec!(60.00))]);
    // November: 2 000.00 of SO-2 refunded: −60.00 × 2 000 ÷ 4 000 = −30.00 (its 1.5 %, not the
    // 3 % of new customers); the refund is taken out of November's result, so nothing else.
    let nov = month_run("2026-11", vec![sale("2026-11-12", "S/SO-2", RET, dec!(0), dec!(-2000.00))], &[&oct]);
    assert_eq!(amounts(&nov, "E04", LineKind::Clawback), vec![dec!(-30.00)]);
    assert_eq!((statement(&nov, "E04").total, nov.carry.balances.get("E04").copied()), (dec!(0), Some(dec!(-30.00))));
    // December: 3 000.00 more of SO-2 refunded would claw 45.00; only 30.00 is left of what was paid on it.
    let dec_run = month_run("2026-12", vec![sale("2026-12-02", "S/SO-2", RET, dec!(0), dec!(-3000.00))], &[&oct, &nov]);
    assert_eq!(amounts(&dec_run, "E04", LineKind::Clawback), vec![dec!(-30.00)]);
}

#[test]
fn pay_partly_from_settlements_is_attributed_to_the_orders_part_only() {
    // 10 000.00 credited, 6 000.00 of it from one order: 3 % = 300.00, 180.00 of it paid on SO-1.
    let org = org();
    let s = vec![sale("2026-11-05", "S/SO-1", NEW, dec!(6000.00), dec!(0))];
    let data = Data {
        credit: vec![credit("2026-11-05", "ALI", "E04", "sales", NEW, dec!(10000.00), dec!(0), dec!(0))],
        sales: s,
        ..Data::default()
    };
    let run = compute_run(&[class_plan()], &data.inputs(&org), nov()).unwrap();
    assert_eq!(statement(&run, "E04").total, dec!(300.00));
    assert_eq!(run.carry.paid_sales.iter().map(|p| p.paid).collect::<Vec<_>>(), vec![dec!(180.00)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever a month's sales and the later refunds: what is recorded per
    /// sale adds up to the pay when every credit is an order's, and no
    /// sale's clawbacks add up to more than was paid on it.
    #[test]
    fn a_sale_s_clawbacks_never_exceed_what_was_paid_on_it(
        sold in proptest::collection::vec((1i64..5_000_000, any::<bool>()), 1..6),
        refunds in proptest::collection::vec((0usize..6, 1i64..8_000_000), 0..6),
    ) {
        let oct_sales: Vec<CreditSale> = sold
            .iter()
            .enumerate()
            .map(|(i, (v, new))| sale("2026-10-05", &format!("S/SO-{i}"), if *new { NEW } else { RET }, Decimal::new(*v, 2), dec!(0)))
            .collect();
        let oct = month_run("2026-10", oct_sales.clone(), &[]);
        let recorded: Decimal = oct.carry.paid_sales.iter().map(|p| p.paid).sum();
        prop_assert_eq!(recorded, statement(&oct, "E04").total);
        let (mut runs, mut clawed) = (vec![oct], std::collections::BTreeMap::<String, Decimal>::new());
        for (k, (i, r)) in refunds.iter().enumerate() {
            let s = &oct_sales[i % oct_sales.len()];
            let month = ["2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04"][k];
            let before: Vec<&PayRun> = runs.iter().collect();
            let run = month_run(month, vec![sale(&format!("{month}-10"), &s.sale, s.customer_class, dec!(0), -Decimal::new(*r, 2))], &before);
            for l in statement_lines(&run).filter(|l| l.kind == LineKind::Clawback) {
                *clawed.entry(s.sale.clone()).or_default() -= l.amount;
            }
            runs.push(run);
        }
        for p in &runs[0].carry.paid_sales {
            prop_assert!(clawed.get(&p.sale).copied().unwrap_or_default() <= p.paid, "{} clawed beyond {}", p.sale, p.paid);
        }
    }
}

fn statement_lines(run: &PayRun) -> impl Iterator<Item = &StatementLine> {
    run.statements.iter().flat_map(|s| s.lines.iter())
}
