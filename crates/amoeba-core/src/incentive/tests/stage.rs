//! docs/pay-plans.md, method (5): stage-based B2B commission.

use super::fixtures::*;
use crate::incentive::*;
use crate::orders::{CustomerClass, Stage};
use rust_decimal_macros::dec;

fn paid(sale: &str, paid: rust_decimal::Decimal) -> PaidSale {
    PaidSale {
        person: "E04".into(),
        plan: "NB-PAY".into(),
        component: "b2b_stage".into(),
        sale: sale.into(),
        base: dec!(0),
        paid,
        clawed: dec!(0),
    }
}

#[test]
fn worked_example_stage_based() {
    let org = org();
    let (n, r) = (CustomerClass::New, CustomerClass::Returning);
    let data = Data {
        stages: vec![
            stage_row("2026-11-02", "E04", "sales", "SO-7", n, Stage::Contract, dec!(200000.00)),
            stage_row("2026-11-10", "E04", "sales", "SO-7", n, Stage::Shipped, dec!(80000.00)),
            stage_row("2026-11-20", "E04", "sales", "SO-7", n, Stage::Paid, dec!(50000.00)),
            stage_row("2026-11-12", "E04", "sales", "SO-3", r, Stage::Refunded, dec!(-10000.00)),
            stage_row("2026-11-15", "E04", "sales", "SO-2", r, Stage::Cancelled, dec!(-5000.00)),
            stage_row("2026-10-30", "E04", "sales", "SO-2", r, Stage::Contract, dec!(5000.00)),
        ],
        history: History { paid_sales: vec![paid("SO-3", dec!(1200.00)), paid("SO-2", dec!(20.00))], ..History::default() },
        ..Data::default()
    };
    let stages = [(Booking::Contract, dec!(0.3)), (Booking::Shipment, dec!(0.3)), (Booking::Payment, dec!(0.4))].into_iter().collect();
    let method = Method::Stage(StagePay { rate: Rate::Flat(dec!(0.02)), stages });
    let run = compute_run(&[plan(vec![comp("b2b_stage", who(&["sales"], &["ALI"]), method)])], &data.inputs(&org), nov()).unwrap();
    let s = statement(&run, "E04");
    let got: Vec<_> = s.lines.iter().map(|l| (l.kind, l.amount)).collect();
    assert_eq!(
        got,
        vec![
            // SO-2: cancel −5 000 × 2% × 30% = −30.00, but only 20.00 was paid on it: +10.00
            (LineKind::Clawback, dec!(-30.00)),
            (LineKind::Cap, dec!(10.00)),
            // SO-3: refund −10 000 × 2% × 40% = −80.00 (1 200.00 was paid on it)
            (LineKind::Clawback, dec!(-80.00)),
            // SO-7: 200 000 × 2% × 30% = 1 200.00; 80 000 × 2% × 30% = 480.00; 50 000 × 2% × 40% = 400.00
            (LineKind::Stage, dec!(1200.00)),
            (LineKind::Stage, dec!(480.00)),
            (LineKind::Stage, dec!(400.00)),
        ]
    );
    assert_eq!(s.total, dec!(1980.00));
    assert_eq!(s.lines[3].text.en, "order SO-7 contracted on 2026-11-02 ¥200 000.00 × 2% × 30% (contract part) = ¥1 200.00");
    assert_eq!(s.lines[3].text.zh, "订单 SO-7 2026-11-02 签约 ¥200 000.00 × 2% × 30%（签约部分）= ¥1 200.00");
    // what the run leaves: per order, paid and clawed back
    let carry: Vec<_> = run.carry.paid_sales.iter().map(|p| (p.sale.as_str(), p.paid, p.clawed)).collect();
    assert_eq!(carry, vec![("SO-2", dec!(0), dec!(20.00)), ("SO-3", dec!(0), dec!(80.00)), ("SO-7", dec!(2080.00), dec!(0))]);
}
