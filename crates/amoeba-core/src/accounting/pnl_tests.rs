//! Tests of the month engine: the worked example of docs/formulas.md
//! ("A whole month"), targeted behaviour, and a property test over random
//! organisations, facts, hours and rules.

use super::errors::PnlError;
use super::fx::{FxError, FxTable, Settlement};
use super::lines::PnlLine;
use super::pnl::{compute_month, CogsMode, FactAggregate, MonthPnl, OrderCount, PnlInput};
use super::rules::{AllocationRule, ChargeBasis, ChargeRule, Driver, FixedSplit};
use super::totals::Lines;
use crate::dates::EffectiveRange;
use crate::ledger::{FactKind, FxRate, HoursPeriod, HoursRecord};
use crate::money::Currency;
use crate::org::{Assignment, Company, Org, Ownership, Person, Platform, Sku, SkuCost, Store, Unit, UnitKind};
use crate::period::Month;
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn oct() -> Month {
    "2026-10".parse().unwrap()
}

fn since_2026() -> EffectiveRange {
    EffectiveRange::since(d("2026-01-01"))
}

fn unit(code: &str, parent: Option<&str>, kind: UnitKind) -> Unit {
    Unit { code: code.into(), name: code.into(), name_en: None, kind, function: None, parent: parent.map(Into::into), area_m2: None }
}

fn store(code: &str, currency: Currency, owners: Vec<Ownership>) -> Store {
    Store {
        code: code.into(),
        name: code.into(),
        platform: Platform::Amazon,
        marketplace: "US".into(),
        currency,
        timezone: "America/Los_Angeles".into(),
        owners,
        operator: None,
        books_sales_from: None,
    }
}

fn owned(unit: &str, range: EffectiveRange) -> Ownership {
    Ownership { unit: unit.into(), range }
}

fn sku(code: &str, owner: &str, purchase: Decimal, freight: Decimal) -> Sku {
    Sku {
        code: code.into(),
        name: code.into(),
        owners: vec![owned(owner, since_2026())],
        launch_date: None,
        costs: vec![SkuCost { from: d("2026-01-01"), purchase, freight }],
    }
}

fn assign(person: &str, unit: &str) -> Assignment {
    Assignment {
        person: person.into(),
        unit: unit.into(),
        role: "operator".into(),
        range: since_2026(),
        coefficient: Decimal::ONE,
        leader: false,
    }
}

#[allow(clippy::too_many_arguments)]
fn fact(
    day: &str,
    store: Option<&str>,
    unit: Option<&str>,
    sku: Option<&str>,
    kind: FactKind,
    cur: Currency,
    amount: Decimal,
    qty: i64,
) -> FactAggregate {
    FactAggregate {
        day: d(day),
        unit: unit.map(Into::into),
        store: store.map(Into::into),
        sku: sku.map(Into::into),
        kind,
        currency: cur,
        amount,
        quantity: qty,
        facts: 1,
    }
}

fn month_hours(person: &str, unit: &str, hours: Decimal, labour: Decimal) -> HoursRecord {
    HoursRecord {
        person: person.into(),
        unit: unit.into(),
        period: HoursPeriod::Month(oct()),
        hours,
        overtime_hours: Decimal::ZERO,
        labour_cost: labour,
        line: 2,
    }
}

fn fx() -> FxTable {
    let r = |day: &str, rate: Decimal| FxRate { date: d(day), currency: Currency::USD, rate, line: 2 };
    FxTable::new(Currency::CNY, &[r("2026-09-30", dec!(7.10)), r("2026-10-15", dec!(7.05))]).unwrap()
}

/// The organisation of the worked example: group G with a management HQ,
/// a warehouse WH and two selling teams A (US store, USD) and B (CNY store).
fn example_org() -> Org {
    let mut org = Org::empty(Company::new("DEMO", "Demo"));
    org.units = vec![
        unit("G", None, UnitKind::ProfitCentre),
        unit("HQ", Some("G"), UnitKind::ServiceCentre),
        unit("WH", Some("G"), UnitKind::ServiceCentre),
        unit("A", Some("G"), UnitKind::ProfitCentre),
        unit("B", Some("G"), UnitKind::ProfitCentre),
    ];
    for p in ["p1", "p2", "p3", "p4", "p5"] {
        org.people.push(Person { code: p.into(), name: p.into(), email: None, external: false });
    }
    org.assignments = vec![assign("p1", "A"), assign("p2", "A"), assign("p3", "B"), assign("p4", "HQ"), assign("p5", "WH")];
    org.stores =
        vec![store("S-US", Currency::USD, vec![owned("A", since_2026())]), store("S-CN", Currency::CNY, vec![owned("B", since_2026())])];
    org.skus = vec![sku("MUG", "A", dec!(17.00), dec!(3.00)), sku("TEA", "B", dec!(8.50), dec!(1.50))];
    org
}

struct Example {
    org: Org,
    fx: FxTable,
    facts: Vec<FactAggregate>,
    hours: Vec<HoursRecord>,
    charges: Vec<ChargeRule>,
    allocations: Vec<AllocationRule>,
    settlements: Vec<Settlement>,
}

fn example() -> Example {
    let usd = Currency::USD;
    let cny = Currency::CNY;
    let us = Some("S-US");
    let cn = Some("S-CN");
    let facts = vec![
        fact("2026-10-03", us, None, Some("MUG"), FactKind::Sale, usd, dec!(10000.00), 400),
        fact("2026-10-03", us, None, Some("MUG"), FactKind::Refund, usd, dec!(-500.00), 20),
        fact("2026-10-03", us, None, Some("MUG"), FactKind::PlatformFee, usd, dec!(-1500.00), 0),
        fact("2026-10-03", us, None, Some("MUG"), FactKind::FulfilmentFee, usd, dec!(-1200.00), 0),
        fact("2026-10-03", us, None, Some("MUG"), FactKind::AdSpend, usd, dec!(-800.00), 0),
        fact("2026-10-03", us, None, Some("MUG"), FactKind::AdSales, usd, dec!(3000.00), 0),
        fact("2026-10-03", cn, None, Some("TEA"), FactKind::Sale, cny, dec!(20000.00), 400),
        fact("2026-10-03", cn, None, Some("TEA"), FactKind::PlatformFee, cny, dec!(-2000.00), 0),
        fact("2026-10-01", None, Some("HQ"), None, FactKind::OtherExpense, cny, dec!(-3000.00), 0),
    ];
    let hours = vec![
        month_hours("p1", "A", dec!(160), dec!(6000.00)),
        month_hours("p2", "A", dec!(160), dec!(6000.00)),
        month_hours("p3", "B", dec!(170), dec!(5500.00)),
        month_hours("p4", "HQ", dec!(160), dec!(9000.00)),
        month_hours("p5", "WH", dec!(160), dec!(5000.00)),
    ];
    let charges = vec![ChargeRule {
        code: "WH-PICK".into(),
        provider: "WH".into(),
        users: vec![],
        basis: ChargeBasis::PerUnitShipped { rate: dec!(2.00) },
        range: since_2026(),
    }];
    let allocations = vec![AllocationRule {
        code: "HQ-RENT".into(),
        source: "HQ".into(),
        kinds: vec![],
        targets: vec![],
        driver: Driver::Headcount,
        range: since_2026(),
    }];
    let settlements = vec![Settlement {
        id: "S1".into(),
        store: "S-US".into(),
        currency: usd,
        deposit_day: d("2026-10-17"),
        booked: vec![(d("2026-10-03"), dec!(6000.00))],
    }];
    Example { org: example_org(), fx: fx(), facts, hours, charges, allocations, settlements }
}

fn run(e: &Example, cogs: CogsMode) -> MonthPnl {
    compute_month(&PnlInput {
        org: &e.org,
        month: oct(),
        fx: &e.fx,
        facts: &e.facts,
        orders: &[],
        hours: &e.hours,
        charge_rules: &e.charges,
        allocation_rules: &e.allocations,
        settlements: &e.settlements,
        cogs,
    })
}

fn line(l: &Lines, line: PnlLine) -> Decimal {
    l.get(line)
}

/// docs/formulas.md, "A whole month" worked example.
#[test]
fn worked_example_month() {
    let e = example();
    let p = run(&e, CogsMode::Derive { reverse_refunds: true });
    assert!(p.is_clean(), "{:?}", p.errors);
    let a = &p.units["A"];
    let expect_a = [
        (PnlLine::Sales, dec!(71000.00)),
        (PnlLine::Refunds, dec!(-3550.00)),
        (PnlLine::Cogs, dec!(-7600.00)),
        (PnlLine::PlatformFees, dec!(-10650.00)),
        (PnlLine::Fulfilment, dec!(-8520.00)),
        (PnlLine::Ads, dec!(-5680.00)),
        (PnlLine::InternalPurchases, dec!(-800.00)),
        (PnlLine::Allocated, dec!(-2000.00)),
        (PnlLine::AddedValue, dec!(32200.00)),
        (PnlLine::Labour, dec!(-12000.00)),
        (PnlLine::Profit, dec!(20200.00)),
        (PnlLine::Hours, dec!(320)),
    ];
    for (l, v) in expect_a {
        assert_eq!(line(&a.own, l), v, "A {l}");
    }
    assert_eq!(a.hourly_efficiency, Some(dec!(100.63)));
    let b = &p.units["B"];
    assert_eq!((b.own.added_value(), b.own.profit(), b.hourly_efficiency), (dec!(12200.00), dec!(6700.00), Some(dec!(71.76))));
    let wh = &p.units["WH"];
    assert_eq!(
        (line(&wh.own, PnlLine::InternalSales), wh.own.profit(), wh.hourly_efficiency),
        (dec!(1600.00), dec!(-3400.00), Some(dec!(10.00)))
    );
    let hq = &p.units["HQ"];
    assert_eq!(hq.hourly_efficiency, Some(dec!(0.00)));
    assert_eq!(
        (line(&hq.own, PnlLine::Other), line(&hq.own, PnlLine::Allocated), hq.own.added_value()),
        (dec!(-3000.00), dec!(3000.00), dec!(0.00))
    );
    let g = &p.units["G"];
    assert_eq!(g.rolled_up, p.group);
    assert_eq!((p.group.added_value(), p.group.get(PnlLine::Labour), p.group.profit()), (dec!(46000.00), dec!(-31500.00), dec!(14500.00)));
    assert_eq!(p.group.hours(), dec!(810));
    assert_eq!(g.hourly_efficiency_rolled_up, Some(dec!(56.79)));
    assert_eq!(g.hourly_efficiency, None);
    assert_eq!(line(&p.group, PnlLine::InternalSales) + line(&p.group, PnlLine::InternalPurchases), dec!(0));
    // daily view: A on 3 October carries the facts, charges and its share of monthly hours and labour
    let a3 = &a.by_day[&d("2026-10-03")];
    assert_eq!((a3.added_value(), a3.hours(), a3.get(PnlLine::Labour)), (dec!(34200.00), dec!(10.3226), dec!(-387.10)));
    assert_eq!(a.by_day[&d("2026-10-01")].get(PnlLine::Allocated), dec!(-2000.00));
    // FX: 6000 USD booked at 7.10, deposited at 7.05
    assert_eq!((a.fx_gain_loss, g.fx_gain_loss_rolled_up, p.group_fx_gain_loss), (dec!(-300.00), dec!(-300.00), dec!(-300.00)));
    // derived entries for the close
    assert_eq!((p.entries.cogs.len(), p.entries.charges.len(), p.entries.allocations.len()), (2, 2, 2));
    assert_eq!(a.facts, 6);
}

/// docs/formulas.md, "Hours and labour" example.
#[test]
fn worked_example_hours_spread() {
    let org = example_org();
    let hours = [month_hours("p1", "A", dec!(160), dec!(6000.00))];
    let p = compute_month(&PnlInput {
        org: &org,
        month: oct(),
        fx: &fx(),
        facts: &[],
        orders: &[],
        hours: &hours,
        charge_rules: &[],
        allocation_rules: &[],
        settlements: &[],
        cogs: CogsMode::FromSource,
    });
    let days = &p.units["A"].by_day;
    let h = |day: &str| days[&d(day)].hours();
    let l = |day: &str| days[&d(day)].get(PnlLine::Labour);
    assert_eq!((h("2026-10-28"), h("2026-10-29"), h("2026-10-31")), (dec!(5.1613), dec!(5.1612), dec!(5.1612)));
    assert_eq!((l("2026-10-26"), l("2026-10-27")), (dec!(-193.55), dec!(-193.54)));
    assert_eq!((p.units["A"].own.hours(), p.units["A"].own.get(PnlLine::Labour)), (dec!(160), dec!(-6000.00)));
}

#[test]
fn source_cogs_is_not_derived_twice_and_missing_rates_are_reported_per_currency() {
    let mut e = example();
    e.facts.push(fact("2026-10-03", Some("S-US"), None, Some("MUG"), FactKind::Cogs, Currency::USD, dec!(-1000.00), 0));
    let p = run(&e, CogsMode::Derive { reverse_refunds: true });
    assert_eq!(p.units["A"].own.get(PnlLine::Cogs), dec!(-7100.00));
    assert_eq!(p.entries.cogs.len(), 1);

    e.fx = FxTable::new(Currency::CNY, &[]).unwrap();
    e.facts.push(fact("2026-10-02", None, Some("A"), None, FactKind::Freight, "EUR".parse().unwrap(), dec!(-1), 0));
    let p = run(&e, CogsMode::FromSource);
    let missing: Vec<&PnlError> = p.errors.iter().filter(|x| matches!(x, PnlError::Fx(FxError::MissingRate { .. }))).collect();
    assert_eq!(missing.len(), 2, "{:?}", p.errors);
    assert_eq!(missing[1].to_string(), "no USD rate on or before 2026-10-03: import FX rates for USD from 2026-10-03");
}

#[test]
fn store_ownership_switch_moves_facts_and_bad_placement_is_reported() {
    let mut e = example();
    e.org.stores[0].owners = vec![
        owned("A", EffectiveRange::new(d("2026-01-01"), Some(d("2026-10-09"))).unwrap()),
        owned("B", EffectiveRange::since(d("2026-10-10"))),
    ];
    e.facts = vec![
        fact("2026-10-09", Some("S-US"), None, None, FactKind::Sale, Currency::USD, dec!(1), 0),
        fact("2026-10-10", Some("S-US"), None, None, FactKind::Sale, Currency::USD, dec!(1), 0),
        fact("2026-10-10", Some("S-US"), Some("A"), None, FactKind::Sale, Currency::USD, dec!(1), 0),
        fact("2026-10-10", Some("NOPE"), None, None, FactKind::Sale, Currency::USD, dec!(1), 0),
        fact("2026-10-10", None, None, None, FactKind::Sale, Currency::USD, dec!(1), 0),
        fact("2026-11-01", None, Some("A"), None, FactKind::Sale, Currency::USD, dec!(1), 0),
        fact("2026-10-10", None, Some("ZZ"), None, FactKind::Sale, Currency::USD, dec!(1), 0),
    ];
    e.settlements.clear();
    let p = run(&e, CogsMode::FromSource);
    assert_eq!(p.units["A"].own.get(PnlLine::Sales), dec!(7.10));
    assert_eq!(p.units["B"].own.get(PnlLine::Sales), dec!(7.10));
    let msgs: Vec<String> = p.errors.iter().map(|x| x.to_string()).collect();
    assert_eq!(msgs.len(), 5, "{msgs:#?}");
    assert!(msgs.iter().any(|m| m.contains("belongs to 'B'")));
    assert!(msgs.iter().any(|m| m.contains("unknown store 'NOPE'")));
    assert!(msgs.iter().any(|m| m.contains("unknown unit 'ZZ'")));
    assert!(msgs.iter().any(|m| m.contains("outside 2026-10")));
}

#[test]
fn failing_rule_leaves_cost_at_source_and_names_the_rule() {
    let mut e = example();
    e.allocations[0].driver = Driver::Area;
    e.allocations[0].targets = vec!["A".into(), "B".into()];
    let p = run(&e, CogsMode::FromSource);
    assert_eq!(p.units["HQ"].own.get(PnlLine::Other), dec!(-3000.00));
    assert_eq!(p.units["HQ"].own.get(PnlLine::Allocated), dec!(0));
    assert!(p.errors.iter().any(|x| x.to_string().starts_with("rule 'HQ-RENT': driver 'area' is zero")), "{:?}", p.errors);
}

#[test]
fn fixed_and_per_order_charges_use_store_orders() {
    let mut e = example();
    e.charges = vec![
        ChargeRule {
            code: "CS".into(),
            provider: "WH".into(),
            users: vec!["A".into()],
            basis: ChargeBasis::PerOrder { rate: dec!(1.50) },
            range: since_2026(),
        },
        ChargeRule {
            code: "IT".into(),
            provider: "HQ".into(),
            users: vec![],
            basis: ChargeBasis::FixedPerMonth { amount: dec!(310.00), split: FixedSplit::Equal },
            range: since_2026(),
        },
    ];
    let orders = vec![OrderCount { store: "S-US".into(), day: d("2026-10-03"), orders: 10 }];
    let p = compute_month(&PnlInput {
        org: &e.org,
        month: oct(),
        fx: &e.fx,
        facts: &e.facts,
        orders: &orders,
        hours: &e.hours,
        charge_rules: &e.charges,
        allocation_rules: &[],
        settlements: &[],
        cogs: CogsMode::FromSource,
    });
    assert!(p.is_clean(), "{:?}", p.errors);
    assert_eq!(p.units["A"].own.get(PnlLine::InternalPurchases), dec!(-170.00));
    assert_eq!(p.units["B"].own.get(PnlLine::InternalPurchases), dec!(-155.00));
    assert_eq!(p.units["HQ"].own.get(PnlLine::InternalSales), dec!(310.00));
    assert_eq!(p.units["A"].by_day[&d("2026-10-31")].get(PnlLine::InternalPurchases), dec!(-5.00));
}

#[test]
fn invalid_hours_and_rules_are_reported_not_applied() {
    let mut e = example();
    e.hours.push(HoursRecord { hours: dec!(-1), line: 9, ..month_hours("p1", "A", dec!(0), dec!(0)) });
    e.hours.push(HoursRecord { hours: dec!(1.00005), line: 10, ..month_hours("p1", "A", dec!(0), dec!(0)) });
    e.charges[0].users = vec!["WH".into()];
    let p = run(&e, CogsMode::FromSource);
    let msgs: Vec<String> = p.errors.iter().map(|x| x.to_string()).collect();
    assert!(msgs.iter().any(|m| m.starts_with("hours line 9")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.starts_with("hours line 10")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("provider 'WH' is also listed")), "{msgs:?}");
    assert!(p.entries.charges.is_empty());
}

// ---------------------------------------------------------------------------
// Property test: random organisations, facts, hours and rules.

const KINDS: [FactKind; 11] = [
    FactKind::Sale,
    FactKind::Refund,
    FactKind::Promotion,
    FactKind::PlatformFee,
    FactKind::FulfilmentFee,
    FactKind::AdSpend,
    FactKind::AdSales,
    FactKind::Cogs,
    FactKind::OtherExpense,
    FactKind::OtherIncome,
    FactKind::Tax,
];

#[derive(Debug, Clone)]
struct World {
    parents: Vec<Option<usize>>,
    kinds: Vec<bool>,
    store_owners: Vec<(usize, usize, u32)>,
    facts: Vec<(u32, usize, usize, usize, bool, i64, i64)>,
    hours: Vec<(usize, bool, u32, u32, u32)>,
    charges: Vec<(usize, Vec<usize>, u8, i64)>,
    allocs: Vec<(usize, Vec<usize>, u8)>,
    derive: bool,
}

fn world() -> impl Strategy<Value = World> {
    (2usize..8).prop_flat_map(|n| {
        let parents = proptest::collection::vec(any::<prop::sample::Index>(), n).prop_map(move |ix| {
            ix.iter().enumerate().map(|(i, x)| if i == 0 || x.index(4) == 0 { None } else { Some(x.index(i)) }).collect::<Vec<_>>()
        });
        (
            parents,
            proptest::collection::vec(any::<bool>(), n),
            proptest::collection::vec((0..n, 0..n, 1u32..31), 2),
            proptest::collection::vec(
                (1u32..32, 0usize..3, 0..n, 0usize..KINDS.len(), any::<bool>(), -5_000_000i64..5_000_000, -5i64..50),
                0..40,
            ),
            proptest::collection::vec((0..n, any::<bool>(), 1u32..32, 0u32..20_000, 0u32..2_000_000), 0..8),
            proptest::collection::vec((0..n, proptest::collection::vec(0..n, 0..3), 0u8..5, 0i64..100_000), 0..4),
            proptest::collection::vec((0..n, proptest::collection::vec(0..n, 0..3), 0u8..5), 0..3),
            any::<bool>(),
        )
            .prop_map(|(parents, kinds, store_owners, facts, hours, charges, allocs, derive)| World {
                parents,
                kinds,
                store_owners,
                facts,
                hours,
                charges,
                allocs,
                derive,
            })
    })
}

fn build(w: &World) -> (Org, Vec<FactAggregate>, Vec<HoursRecord>, Vec<ChargeRule>, Vec<AllocationRule>) {
    let code = |i: usize| format!("U{i}");
    let mut org = Org::empty(Company::new("P", "P"));
    for (i, p) in w.parents.iter().enumerate() {
        let kind = if w.kinds[i] { UnitKind::ProfitCentre } else { UnitKind::ServiceCentre };
        let mut u = unit(&code(i), p.map(code).as_deref(), kind);
        u.area_m2 = Some(Decimal::from(i as u64 * 10));
        org.units.push(u);
        org.people.push(Person { code: format!("p{i}"), name: "x".into(), email: None, external: false });
        org.assignments.push(assign(&format!("p{i}"), &code(i)));
    }
    for (s, (a, b, switch)) in w.store_owners.iter().enumerate() {
        let first_end = d("2026-10-01") + chrono::Days::new(u64::from(*switch) - 1);
        org.stores.push(store(
            &format!("S{s}"),
            Currency::USD,
            vec![
                owned(&code(*a), EffectiveRange::new(d("2026-01-01"), Some(first_end)).unwrap()),
                owned(&code(*b), EffectiveRange::since(first_end + chrono::Days::new(1))),
            ],
        ));
    }
    org.skus = vec![sku("K0", &code(0), dec!(3.333), dec!(0.5)), sku("K1", &code(w.parents.len() - 1), dec!(12), dec!(0))];
    let facts = w
        .facts
        .iter()
        .map(|(day, place, u, k, usd, cents, qty)| {
            let day = format!("2026-10-{day:02}");
            let (store, unit) = match place {
                0 => (Some(format!("S{}", u % 2)), None),
                1 => (None, Some(code(*u))),
                _ => (None, None),
            };
            let cur = if *usd { Currency::USD } else { Currency::CNY };
            let sku = Some(format!("K{}", u % 2));
            FactAggregate {
                day: d(&day),
                unit: unit.map(Into::into),
                store: store.map(Into::into),
                sku: sku.map(Into::into),
                kind: KINDS[*k],
                currency: cur,
                amount: Decimal::new(*cents, 2),
                quantity: *qty,
                facts: 1,
            }
        })
        .collect();
    let hours = w
        .hours
        .iter()
        .map(|(u, monthly, day, h, labour)| HoursRecord {
            person: "p".into(),
            unit: code(*u),
            period: if *monthly { HoursPeriod::Month(oct()) } else { HoursPeriod::Day(d(&format!("2026-10-{day:02}"))) },
            hours: Decimal::new(i64::from(*h), 2),
            overtime_hours: Decimal::ZERO,
            labour_cost: Decimal::new(i64::from(*labour), 2),
            line: 2,
        })
        .collect();
    let charges = w
        .charges
        .iter()
        .enumerate()
        .map(|(i, (p, users, b, rate))| {
            let rate = Decimal::new(*rate, 2);
            let basis = match b {
                0 => ChargeBasis::PerUnitShipped { rate },
                1 => ChargeBasis::PerOrder { rate },
                2 => ChargeBasis::PerListing { rate },
                3 => ChargeBasis::PercentOfSales { percent: rate / dec!(100) },
                _ => ChargeBasis::FixedPerMonth { amount: rate, split: if i % 2 == 0 { FixedSplit::Equal } else { FixedSplit::BySales } },
            };
            ChargeRule {
                code: format!("C{i}"),
                provider: code(*p),
                users: users.iter().map(|u| code(*u)).collect(),
                basis,
                range: since_2026(),
            }
        })
        .collect();
    let allocs = w
        .allocs
        .iter()
        .enumerate()
        .map(|(i, (s, targets, drv))| {
            let driver = match drv {
                0 => Driver::Headcount,
                1 => Driver::Sales,
                2 => Driver::Hours,
                3 => Driver::Area,
                _ => Driver::FixedShares(targets.iter().map(|t| (code(*t), Decimal::from(*t as u64 + 1))).collect()),
            };
            let kinds = if i % 2 == 0 { vec![] } else { vec![FactKind::Allocation, FactKind::InternalCharge, FactKind::Sale] };
            AllocationRule {
                code: format!("A{i}"),
                source: code(*s),
                kinds,
                targets: targets.iter().map(|t| code(*t)).collect(),
                driver,
                range: since_2026(),
            }
        })
        .collect();
    (org, facts, hours, charges, allocs)
}

fn check_invariants(org: &Org, p: &MonthPnl) -> Result<(), TestCaseError> {
    let roots: Vec<&Unit> = org.units.iter().filter(|u| u.parent.is_none()).collect();
    prop_assert_eq!(&p.group, &Lines::sum(roots.iter().map(|r| &p.units[&r.code].rolled_up)));
    prop_assert_eq!(&p.group, &Lines::sum(p.units.values().map(|u| &u.own)));
    for u in &org.units {
        let up = &p.units[&u.code];
        let children = org.units.iter().filter(|c| c.parent.as_deref() == Some(u.code.as_str()));
        let expected = Lines::sum(std::iter::once(&up.own).chain(children.map(|c| &p.units[&c.code].rolled_up)));
        prop_assert_eq!(&up.rolled_up, &expected);
        prop_assert_eq!(&Lines::sum(up.by_day.values()), &up.own);
        prop_assert_eq!(up.by_day.len(), 31);
        prop_assert!(up.own.is_consistent());
    }
    prop_assert_eq!(&Lines::sum(p.group_by_day.values()), &p.group);
    prop_assert_eq!(p.group.get(PnlLine::InternalSales) + p.group.get(PnlLine::InternalPurchases), Decimal::ZERO);
    prop_assert_eq!(p.group.get(PnlLine::Allocated), Decimal::ZERO);
    let derived: Decimal = p
        .entries
        .charges
        .iter()
        .flat_map(|c| c.postings())
        .chain(p.entries.allocations.iter().flat_map(|a| a.postings()))
        .map(|x| x.amount)
        .sum();
    prop_assert_eq!(derived, Decimal::ZERO);
    for l in super::lines::PnlLine::BOOKED {
        prop_assert_eq!(p.group.get(l), p.group.get(l).round_dp(2));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
    #[test]
    fn month_invariants_hold_for_any_world(w in world()) {
        let (org, facts, hours, charges, allocs) = build(&w);
        let fx = FxTable::new(Currency::CNY, &[FxRate { date: d("2026-10-05"), currency: Currency::USD, rate: dec!(7.123456), line: 2 }]).unwrap();
        let p = compute_month(&PnlInput {
            org: &org,
            month: oct(),
            fx: &fx,
            facts: &facts,
            orders: &[OrderCount { store: "S0".into(), day: d("2026-10-07"), orders: 3 }],
            hours: &hours,
            charge_rules: &charges,
            allocation_rules: &allocs,
            settlements: &[],
            cogs: if w.derive { CogsMode::Derive { reverse_refunds: true } } else { CogsMode::FromSource },
        });
        check_invariants(&org, &p)?;
    }
}

#[test]
fn absurd_figures_are_reported_not_panicked() {
    let mut e = example();
    e.org.skus[0].costs[0].purchase = Decimal::MAX;
    e.org.units[3].area_m2 = Some(Decimal::MAX);
    e.org.units.push(Unit { area_m2: Some(Decimal::MAX), ..unit("A1", Some("A"), UnitKind::ServiceCentre) });
    let big = dec!(9_999_999_999_999);
    let us = Some("S-US");
    e.facts.push(fact("2026-10-04", us, None, Some("MUG"), FactKind::Sale, Currency::USD, Decimal::MAX, i64::MIN));
    e.facts.push(fact("2026-10-04", us, None, Some("MUG"), FactKind::Sale, Currency::USD, big, 999_999_999));
    e.facts.push(fact("2026-10-04", us, None, Some("MUG"), FactKind::Sale, Currency::USD, big, 999_999_999));
    e.hours.push(HoursRecord { labour_cost: Decimal::MAX, ..month_hours("p1", "A", dec!(1), dec!(0)) });
    e.charges.push(ChargeRule {
        code: "PCT".into(),
        provider: "WH".into(),
        users: vec!["A".into()],
        basis: ChargeBasis::PercentOfSales { percent: dec!(1_000_000_000) },
        range: since_2026(),
    });
    e.allocations[0].driver = Driver::Area;
    e.allocations[0].targets = vec!["A".into(), "B".into()];
    let by_sales = AllocationRule {
        code: "WH-SALES".into(),
        source: "WH".into(),
        kinds: vec![FactKind::InternalCharge],
        targets: vec![],
        driver: Driver::Sales,
        range: since_2026(),
    };
    e.allocations.push(by_sales);
    let p = run(&e, CogsMode::Derive { reverse_refunds: true });
    let msgs: Vec<String> = p.errors.iter().map(|x| x.to_string()).collect();
    let has = |start: &str, part: &str| msgs.iter().any(|m| m.starts_with(start) && m.contains(part));
    assert!(has("sale facts on 2026-10-04", "beyond the accepted range"), "{msgs:#?}");
    assert!(has("COGS of 380 unit(s)", "overflows"), "{msgs:#?}");
    assert!(has("rule 'HQ-RENT'", "beyond the largest"), "{msgs:#?}");
    assert!(has("rule 'WH-SALES'", "beyond the largest"), "{msgs:#?}");
    assert!(has("hours line 2", "beyond the accepted range"), "{msgs:#?}");
    assert_eq!(p.group.get(PnlLine::InternalSales) + p.group.get(PnlLine::InternalPurchases), dec!(0));
}

/// COGS rounds each SKU's units of a day once, whatever order the
/// aggregates come in and however a day's units are split over them.
#[test]
fn cogs_is_the_same_for_aggregates_out_of_day_order_and_split() {
    let usd = Currency::USD;
    let us = Some("S-US");
    let mut e = example();
    e.facts.push(fact("2026-10-02", us, None, Some("MUG"), FactKind::Sale, usd, dec!(250.00), 10));
    let whole = run(&e, CogsMode::Derive { reverse_refunds: true });
    let mut split = example();
    let sale = split.facts.remove(0);
    let half = FactAggregate { amount: sale.amount / dec!(2), quantity: sale.quantity / 2, ..sale.clone() };
    split.facts.reverse();
    split.facts.insert(0, half.clone());
    split.facts.push(fact("2026-10-02", us, None, Some("MUG"), FactKind::Sale, usd, dec!(250.00), 10));
    split.facts.push(half);
    let parts = run(&split, CogsMode::Derive { reverse_refunds: true });
    assert!(whole.is_clean() && parts.is_clean(), "{:?} {:?}", whole.errors, parts.errors);
    assert_eq!(whole.entries.cogs, parts.entries.cogs);
    assert_eq!(line(&whole.units["A"].own, PnlLine::Cogs), line(&parts.units["A"].own, PnlLine::Cogs));
}
