//! The order lifecycle, its bookings and stage amounts: the worked
//! examples of docs/credit.md, every contradiction the issue lists, and
//! property tests over random orders.

use super::*;
use crate::ledger::FactKind;
use crate::money::Currency;
use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn header() -> OrderHeader {
    OrderHeader {
        id: "SO-1".into(),
        store: "ALI-1".into(),
        customer: Some("C-88".into()),
        salesperson: Some("E01".into()),
        follower: Some("E02".into()),
        currency: Currency::USD,
    }
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("instant")
}

/// An event of SO-1 at `when` (+08:00, the store's zone: its day is the local date).
fn ev(kind: EventKind, when: &str, sku: Option<&str>, quantity: i64, amount: Decimal) -> OrderEvent {
    let t = at(&format!("{when}+08:00"));
    OrderEvent {
        order_id: "SO-1".into(),
        kind,
        at: t,
        day: t.date_naive(),
        sku: sku.map(Into::into),
        quantity,
        amount,
        currency: Currency::USD,
        memo: None,
        line: 0,
    }
}

fn contract() -> Vec<OrderEvent> {
    vec![
        ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 3, dec!(100.00)),
        ev(EventKind::Contract, "2026-11-03T10:00:00", Some("SHADE"), 2, dec!(50.00)),
    ]
}

/// The worked example's events, in the order a file might list them.
fn example() -> Vec<OrderEvent> {
    let mut v = contract();
    v.extend([
        ev(EventKind::Pay, "2026-11-03T10:00:00", None, 0, dec!(60.00)),
        ev(EventKind::Ship, "2026-11-05T16:59:59", Some("LAMP"), 1, Decimal::ZERO),
        ev(EventKind::Ship, "2026-11-05T16:59:59", Some("SHADE"), 2, Decimal::ZERO),
        ev(EventKind::Ship, "2026-11-10T09:00:00", Some("LAMP"), 1, Decimal::ZERO),
        ev(EventKind::Pay, "2026-11-12T14:00:00", None, 0, dec!(70.00)),
        ev(EventKind::Cancel, "2026-11-15T09:00:00", None, 0, Decimal::ZERO),
        ev(EventKind::Refund, "2026-11-20T09:00:00", None, 0, dec!(13.33)),
        ev(EventKind::Refund, "2026-11-25T09:00:00", Some("SHADE"), 1, dec!(10.00)),
    ]);
    for (i, e) in v.iter_mut().enumerate() {
        e.line = i as u64 + 2;
    }
    v
}

fn stages(r: &Replay) -> Vec<(String, Stage, &str, Decimal, i64)> {
    stage_amounts(r).into_iter().map(|s| (s.day.to_string(), s.stage, leak(s.sku), s.amount, s.quantity)).collect()
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// docs/credit.md, "Orders" worked example: a 40 % deposit paid with the
/// contract, partial shipments, a second payment, a cancel of the rest, the
/// excess returned, then a shade returned.
#[test]
fn worked_example_order_lifecycle() {
    let r = check(&header(), &[], &example()).unwrap_or_else(|e| panic!("{e:?}"));
    let facts: Vec<(String, FactKind, &str, Decimal, i64)> = order_facts(&r)
        .into_iter()
        .map(|f| (f.date.to_string(), f.kind, leak(f.sku.as_deref().unwrap_or_default().to_string()), f.amount, f.quantity))
        .collect();
    assert_eq!(
        facts,
        vec![
            ("2026-11-05".into(), FactKind::Sale, "LAMP", dec!(33.33), 1),
            ("2026-11-05".into(), FactKind::Sale, "SHADE", dec!(50.00), 2),
            ("2026-11-10".into(), FactKind::Sale, "LAMP", dec!(33.34), 1),
            ("2026-11-25".into(), FactKind::Refund, "SHADE", dec!(-10.00), 1),
        ]
    );
    use Stage::*;
    assert_eq!(
        stages(&r),
        vec![
            ("2026-11-03".into(), Contract, "LAMP", dec!(100.00), 3),
            ("2026-11-03".into(), Contract, "SHADE", dec!(50.00), 2),
            ("2026-11-03".into(), Paid, "LAMP", dec!(40.00), 0),
            ("2026-11-03".into(), Paid, "SHADE", dec!(20.00), 0),
            ("2026-11-05".into(), Shipped, "LAMP", dec!(33.33), 1),
            ("2026-11-05".into(), Shipped, "SHADE", dec!(50.00), 2),
            ("2026-11-10".into(), Shipped, "LAMP", dec!(33.34), 1),
            ("2026-11-12".into(), Paid, "LAMP", dec!(46.67), 0),
            ("2026-11-12".into(), Paid, "SHADE", dec!(23.33), 0),
            ("2026-11-15".into(), Cancelled, "LAMP", dec!(-33.33), -1),
            ("2026-11-20".into(), Refunded, "LAMP", dec!(-8.89), 0),
            ("2026-11-20".into(), Refunded, "SHADE", dec!(-4.44), 0),
            ("2026-11-25".into(), Refunded, "SHADE", dec!(-10.00), -1),
        ]
    );
    let f = order_facts(&r);
    assert_eq!(f[0].order_id.as_deref(), Some("SO-1"));
    assert_eq!(f[0].customer_id.as_deref(), Some("C-88"));
    assert_eq!(f[0].store.as_deref(), Some("ALI-1"));
    assert_eq!(f[0].occurred_at, Some(at("2026-11-05T16:59:59+08:00")));
    assert_eq!(f[0].line, 5);
    assert_eq!((r.state.total(), r.state.paid(), r.state.refunded()), (dec!(150.00), dec!(130.00), dec!(23.33)));
}

/// docs/credit.md, "Orders": a refund returns the prepayment first; only
/// the rest is booked against sales.
#[test]
fn a_refund_returns_the_prepayment_first() {
    let mut v = vec![ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 2, dec!(100.00))];
    v.push(ev(EventKind::Pay, "2026-11-03T11:00:00", None, 0, dec!(80.00)));
    v.push(ev(EventKind::Ship, "2026-11-04T10:00:00", Some("LAMP"), 1, Decimal::ZERO));
    v.push(ev(EventKind::Refund, "2026-11-05T10:00:00", None, 0, dec!(40.00)));
    let r = check(&header(), &[], &v).expect("valid");
    // Shipped 50.00, paid 80.00: 30.00 is prepayment; of the 40.00 refund, 10.00 is booked.
    let refunds: Vec<Decimal> = order_facts(&r).iter().filter(|f| f.kind == FactKind::Refund).map(|f| f.amount).collect();
    assert_eq!(refunds, vec![dec!(-10.00)]);
    let refunded: Vec<Decimal> = stage_amounts(&r).iter().filter(|s| s.stage == Stage::Refunded).map(|s| s.amount).collect();
    assert_eq!(refunded, vec![dec!(-40.00)], "the cash returned is the whole refund");
}

/// docs/credit.md, "Orders": shipments book the line's value so far,
/// rounded once, minus what was booked — never negative, summing to the line.
#[test]
fn shipments_never_book_negative_and_sum_to_the_line() {
    let mut v = vec![ev(EventKind::Contract, "2026-11-03T10:00:00", Some("PIN"), 6, dec!(0.03))];
    for h in 11..17 {
        v.push(ev(EventKind::Ship, &format!("2026-11-03T{h}:00:00"), Some("PIN"), 1, Decimal::ZERO));
    }
    let r = check(&header(), &[], &v).expect("valid");
    let values: Vec<Decimal> = order_facts(&r).iter().map(|f| f.amount).collect();
    assert_eq!(values, vec![dec!(0.01), dec!(0.00), dec!(0.01), dec!(0.00), dec!(0.01), dec!(0.00)]);
}

fn only_error(stored: &[OrderEvent], new: &[OrderEvent]) -> EventError {
    let errors = check(&header(), stored, new).expect_err("refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].clone()
}

#[test]
fn a_payment_beyond_the_total_is_refused() {
    let mut v = contract();
    v.push(ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(100.00)));
    v.push(ev(EventKind::Pay, "2026-11-05T10:00:00", None, 0, dec!(50.01)));
    let e = only_error(&[], &v);
    assert_eq!(e.origin, Origin::New(3));
    assert_eq!(e.error, OrderError::OverPaid { total: dec!(150.00), paid: dec!(100.00), amount: dec!(50.01) });
    assert_eq!(e.error.column(), "amount");
}

#[test]
fn a_shipment_beyond_the_ordered_units_is_refused_cumulatively() {
    let mut v = contract();
    v.push(ev(EventKind::Ship, "2026-11-04T10:00:00", Some("LAMP"), 2, Decimal::ZERO));
    v.push(ev(EventKind::Ship, "2026-11-05T10:00:00", Some("LAMP"), 2, Decimal::ZERO));
    let e = only_error(&[], &v);
    assert_eq!(e.error, OrderError::OverShipped { sku: "LAMP".into(), ordered: 3, shipped: 2, quantity: 2 });
    v[3].sku = Some("MUG".into());
    v[3].quantity = 1;
    assert_eq!(only_error(&[], &v).error, OrderError::UnknownSku { sku: "MUG".into() });
}

#[test]
fn an_event_before_the_contract_is_refused() {
    let mut v = contract();
    v.push(ev(EventKind::Pay, "2026-11-03T09:59:59", None, 0, dec!(10.00)));
    let e = only_error(&[], &v);
    assert_eq!(e.error, OrderError::BeforeContract { contract_at: Some("2026-11-03T10:00:00+08:00".into()) });
    assert_eq!(e.error.column(), "at");
    let e = only_error(&[], &v[2..]);
    assert_eq!(e.error, OrderError::BeforeContract { contract_at: None }, "no contract at all");
}

#[test]
fn only_refunds_follow_a_cancel() {
    let mut v = contract();
    v.push(ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(30.00)));
    v.push(ev(EventKind::Cancel, "2026-11-05T10:00:00", None, 0, Decimal::ZERO));
    v.push(ev(EventKind::Refund, "2026-11-06T10:00:00", None, 0, dec!(30.00)));
    let r = check(&header(), &[], &v).expect("a refund after a cancel is fine");
    assert!(order_facts(&r).is_empty(), "a deposit returned on a cancelled, unshipped order books nothing");
    v.push(ev(EventKind::Ship, "2026-11-07T10:00:00", Some("LAMP"), 1, Decimal::ZERO));
    let e = only_error(&[], &v);
    assert_eq!(e.error, OrderError::AfterCancel { cancelled_at: "2026-11-05T10:00:00+08:00".into() });
    assert_eq!(e.origin, Origin::New(5));
}

#[test]
fn a_new_cancel_before_a_recorded_shipment_is_the_cancel_s_fault() {
    let mut stored = contract();
    stored.push(ev(EventKind::Ship, "2026-11-06T10:00:00", Some("LAMP"), 1, Decimal::ZERO));
    let new = vec![ev(EventKind::Cancel, "2026-11-05T10:00:00", None, 0, Decimal::ZERO)];
    let e = only_error(&stored, &new);
    assert_eq!(e.origin, Origin::New(0));
    assert_eq!(e.error, OrderError::CancelBeforeRecorded { event: EventKind::Ship, at: "2026-11-06T10:00:00+08:00".into() });
}

#[test]
fn a_refund_beyond_what_was_paid_is_refused() {
    let mut v = contract();
    v.push(ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(30.00)));
    v.push(ev(EventKind::Refund, "2026-11-05T10:00:00", None, 0, dec!(20.00)));
    v.push(ev(EventKind::Refund, "2026-11-06T10:00:00", None, 0, dec!(10.01)));
    assert_eq!(only_error(&[], &v).error, OrderError::OverRefunded { paid: dec!(10.00), amount: dec!(10.01) });
    // A refund dated before the payment is beyond what was paid by then.
    let mut early = contract();
    early.push(ev(EventKind::Refund, "2026-11-04T09:00:00", None, 0, dec!(1.00)));
    early.push(ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(30.00)));
    assert_eq!(only_error(&[], &early).error, OrderError::OverRefunded { paid: dec!(0), amount: dec!(1.00) });
}

#[test]
fn another_currency_is_refused() {
    let mut v = contract();
    let mut pay = ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(30.00));
    pay.currency = "EUR".parse().expect("EUR");
    v.push(pay);
    let e = only_error(&[], &v);
    assert_eq!(e.error, OrderError::CurrencyDiffers { currency: "EUR".into(), order: "USD".into() });
    assert_eq!(e.error.column(), "currency");
}

#[test]
fn a_second_contract_with_other_lines_is_refused_and_a_repeat_is_nothing() {
    let stored = contract();
    let repeat = contract();
    let r = check(&header(), &stored, &repeat).expect("a later file repeating the contract adds nothing");
    assert_eq!(r.state.lines.len(), 2);
    assert!(r.applied.iter().filter(|a| matches!(a.origin, Origin::New(_))).all(|a| a.effects.is_empty()));
    let mut changed = contract();
    changed[1].amount = dec!(55.00);
    let e = only_error(&stored, &changed);
    assert_eq!((e.origin, e.error), (Origin::New(1), OrderError::SecondContract { contract_at: "2026-11-03T10:00:00+08:00".into() }));
    let later = vec![ev(EventKind::Contract, "2026-11-04T10:00:00", Some("BULB"), 1, dec!(5.00))];
    assert!(matches!(only_error(&stored, &later).error, OrderError::SecondContract { .. }));
    let mut twice = contract();
    twice.push(ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 1, dec!(1.00)));
    assert_eq!(only_error(&[], &twice).error, OrderError::DuplicateLine { sku: "LAMP".into() });
}

#[test]
fn a_later_file_is_checked_against_what_is_stored() {
    let mut stored = contract();
    stored.push(ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(100.00)));
    let new = vec![ev(EventKind::Pay, "2026-11-08T10:00:00", None, 0, dec!(60.00))];
    let e = only_error(&stored, &new);
    assert_eq!(
        (e.origin, e.error),
        (Origin::New(0), OrderError::OverPaid { total: dec!(150.00), paid: dec!(100.00), amount: dec!(60.00) })
    );
    let ok = vec![ev(EventKind::Pay, "2026-11-08T10:00:00", None, 0, dec!(50.00))];
    assert_eq!(check(&header(), &stored, &ok).expect("fits").state.paid(), dec!(150.00));
}

#[test]
fn shapes_are_checked_per_kind() {
    let mut v = contract();
    v.push(ev(EventKind::Pay, "2026-11-04T10:00:00", Some("LAMP"), 0, dec!(1.00)));
    assert_eq!(only_error(&[], &v).error, OrderError::FieldNotUsed { event: EventKind::Pay, field: "sku" });
    v[2] = ev(EventKind::Ship, "2026-11-04T10:00:00", Some("LAMP"), 1, dec!(1.00));
    assert_eq!(only_error(&[], &v).error, OrderError::FieldNotUsed { event: EventKind::Ship, field: "amount" });
    v[2] = ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(1.001));
    assert_eq!(only_error(&[], &v).error, OrderError::NotCents { amount: dec!(1.001) });
    v[2] = ev(EventKind::Refund, "2026-11-04T10:00:00", None, 1, dec!(1.00));
    assert_eq!(only_error(&[], &v).error, OrderError::FieldRequired { event: EventKind::Refund, field: "sku" });
    v[2] = ev(EventKind::Ship, "2026-11-04T10:00:00", Some("LAMP"), 0, Decimal::ZERO);
    assert_eq!(only_error(&[], &v).error, OrderError::QuantityOutOfRange { quantity: 0 });
}

#[test]
fn a_fully_shipped_order_cannot_be_cancelled() {
    let mut v = contract();
    v.push(ev(EventKind::Ship, "2026-11-04T10:00:00", Some("LAMP"), 3, Decimal::ZERO));
    v.push(ev(EventKind::Ship, "2026-11-04T10:00:00", Some("SHADE"), 2, Decimal::ZERO));
    v.push(ev(EventKind::Cancel, "2026-11-05T10:00:00", None, 0, Decimal::ZERO));
    assert_eq!(only_error(&[], &v).error, OrderError::FullyShipped);
}

#[test]
fn too_many_events_are_refused_at_the_bound() {
    let mut v = vec![ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 1, dec!(100000.00))];
    for i in 0..MAX_EVENTS_PER_ORDER {
        let mut p = ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(0.01));
        p.at += Duration::seconds(i as i64);
        v.push(p);
    }
    let errors = check(&header(), &[], &v).expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].origin, &errors[0].error),
        (Origin::New(MAX_EVENTS_PER_ORDER), &OrderError::TooManyEvents { max: MAX_EVENTS_PER_ORDER })
    );
}

/// A random valid order: lines, then events built so each fits.
fn valid_order() -> impl Strategy<Value = Vec<OrderEvent>> {
    let lines = proptest::collection::vec((1i64..12, 0i64..2_000_000), 1..4);
    let steps = proptest::collection::vec((0u8..4, 0usize..4, 1i64..12, 1i64..1_000_000), 0..24);
    (lines, steps).prop_map(|(lines, steps)| {
        let t0 = at("2026-11-03T10:00:00+08:00");
        let mk = |kind, n: i64, sku: Option<String>, quantity, amount| OrderEvent {
            order_id: "SO-1".into(),
            kind,
            at: t0 + Duration::hours(n),
            day: (t0 + Duration::hours(n)).date_naive(),
            sku,
            quantity,
            amount,
            currency: Currency::USD,
            memo: None,
            line: n as u64,
        };
        let mut v: Vec<OrderEvent> = lines
            .iter()
            .enumerate()
            .map(|(i, (q, a))| mk(EventKind::Contract, 0, Some(format!("K{i}")), *q, Decimal::new(*a, 2)))
            .collect();
        let total: i64 = lines.iter().map(|l| l.1).sum();
        let (mut shipped, mut paid, mut refunded) = (vec![0i64; lines.len()], 0i64, 0i64);
        for (n, (kind, line, q, cents)) in steps.into_iter().enumerate() {
            let n = n as i64 + 1;
            let i = line % lines.len();
            match kind {
                0 if shipped[i] < lines[i].0 => {
                    let q = q.min(lines[i].0 - shipped[i]);
                    shipped[i] += q;
                    v.push(mk(EventKind::Ship, n, Some(format!("K{i}")), q, Decimal::ZERO));
                }
                1 if paid < total => {
                    let c = cents.min(total - paid);
                    paid += c;
                    v.push(mk(EventKind::Pay, n, None, 0, Decimal::new(c, 2)));
                }
                2 if paid > refunded => {
                    let c = cents.min(paid - refunded);
                    refunded += c;
                    v.push(mk(EventKind::Refund, n, None, 0, Decimal::new(c, 2)));
                }
                _ => {}
            }
        }
        v
    })
}

proptest! {
    /// Shipments sum to what is booked; a fully shipped line books exactly
    /// its amount; every payment and refund is split over the lines to the
    /// cent; refunds never book more than the sales; a split of the events
    /// into stored and new replays the same.
    #[test]
    fn replays_conserve_every_amount(events in valid_order(), split in 0usize..30) {
        let r = check(&header(), &[], &events).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let facts = order_facts(&r);
        let sales: Decimal = facts.iter().filter(|f| f.kind == FactKind::Sale).map(|f| f.amount).sum();
        let refunds: Decimal = facts.iter().filter(|f| f.kind == FactKind::Refund).map(|f| f.amount).sum();
        prop_assert_eq!(sales, r.state.lines.iter().map(|l| l.shipped_value).sum::<Decimal>());
        prop_assert!(-refunds <= sales);
        for l in &r.state.lines {
            if l.shipped == l.ordered { prop_assert_eq!(l.shipped_value, l.amount); }
        }
        for a in &r.applied {
            let sum: Decimal = a.effects.iter().map(|e| e.amount).sum();
            if matches!(a.event.kind, EventKind::Pay | EventKind::Refund) { prop_assert_eq!(sum, a.event.amount); }
        }
        let stages = stage_amounts(&r);
        let paid: Decimal = stages.iter().filter(|s| s.stage == Stage::Paid).map(|s| s.amount).sum();
        prop_assert_eq!(paid, r.state.paid());
        let contracts = events.iter().filter(|e| e.kind == EventKind::Contract).count();
        let k = contracts + split % (events.len() - contracts + 1);
        let again = check(&header(), &events[..k], &events[k..]).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(again.state, r.state);
    }

    /// Whatever the events, checking answers (accepted or every problem)
    /// and never panics.
    #[test]
    fn any_events_are_answered(raw in proptest::collection::vec((0u8..5, 0usize..3, -2i64..8, -100i64..100_000, 0i64..20), 0..16)) {
        let kinds = [EventKind::Contract, EventKind::Ship, EventKind::Pay, EventKind::Cancel, EventKind::Refund];
        let t0 = at("2026-11-03T10:00:00+08:00");
        let events: Vec<OrderEvent> = raw.iter().map(|(k, sku, q, cents, h)| OrderEvent {
            order_id: "SO-1".into(),
            kind: kinds[*k as usize],
            at: t0 + Duration::hours(*h),
            day: t0.date_naive(),
            sku: (*sku > 0).then(|| format!("K{sku}")),
            quantity: *q,
            amount: Decimal::new(*cents, 2),
            currency: Currency::USD,
            memo: None,
            line: 0,
        }).collect();
        if let Err(errors) = check(&header(), &[], &events) {
            prop_assert!(!errors.is_empty());
        }
    }
}

/// A later file's events book once: a new shipment books its own sale and
/// nothing else; a new shipment dated before a stored one that would change
/// the stored one's booking (cumulative rounding) is refused.
#[test]
fn new_events_book_once_and_never_rewrite_stored_bookings() {
    let stored = vec![
        ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 3, dec!(10.00)),
        ev(EventKind::Ship, "2026-11-05T10:00:00", Some("LAMP"), 1, Decimal::ZERO),
    ];
    let before = replay(&header(), &stored).expect("stored replay");
    let later = vec![ev(EventKind::Ship, "2026-11-06T10:00:00", Some("LAMP"), 1, Decimal::ZERO)];
    let full = check(&header(), &stored, &later).expect("checked");
    let booked = new_bookings(&before, &full).expect("appends");
    assert_eq!(booked.len(), 1);
    assert_eq!((booked[0].0, booked[0].1.kind, booked[0].1.amount), (0, FactKind::Sale, dec!(3.34)));
    let paid = vec![ev(EventKind::Pay, "2026-11-04T10:00:00", None, 0, dec!(5.00))];
    let full = check(&header(), &stored, &paid).expect("checked");
    assert!(new_bookings(&before, &full).expect("appends").is_empty(), "a payment books nothing");
    let earlier = vec![ev(EventKind::Ship, "2026-11-04T10:00:00", Some("LAMP"), 1, Decimal::ZERO)];
    let full = check(&header(), &stored, &earlier).expect("checked");
    assert_eq!(
        new_bookings(&before, &full).unwrap_err(),
        OrderError::RewritesHistory { stored: EventKind::Ship, day: "2026-11-05".parse().expect("day") }
    );
}
