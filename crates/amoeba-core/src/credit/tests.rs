//! Credit: the worked examples of docs/credit.md (validation, resolution,
//! the person-day grain) and the reconciliation property against the P&L.

use super::*;
use crate::accounting::{compute_month, CogsMode, FactAggregate, FxTable, OrderCount, PnlInput, PnlLine};
use crate::dates::EffectiveRange;
use crate::ledger::{FactKind, FxRate};
use crate::money::Currency;
use crate::orders::{self, CustomerClass, EventKind, OrderEvent, OrderHeader};
use crate::org::*;
use crate::Lang;
use chrono::{DateTime, Duration, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::HashMap;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("day")
}

fn since(s: &str) -> EffectiveRange {
    EffectiveRange::since(d(s))
}

fn unit(code: &str, parent: Option<&str>) -> Unit {
    Unit {
        code: code.into(),
        name: code.into(),
        name_en: None,
        kind: UnitKind::ProfitCentre,
        function: None,
        parent: parent.map(Into::into),
        area_m2: None,
    }
}

fn store(code: &str, platform: Platform, owner: &str) -> Store {
    Store {
        code: code.into(),
        name: code.into(),
        platform,
        marketplace: "US".into(),
        currency: Currency::USD,
        timezone: "Asia/Shanghai".into(),
        owners: vec![Ownership { unit: owner.into(), range: since("2026-01-01") }],
        operator: None,
        books_sales_from: None,
    }
}

fn sku(code: &str, owner: &str, cost: Decimal) -> Sku {
    Sku {
        code: code.into(),
        name: code.into(),
        owners: vec![Ownership { unit: owner.into(), range: since("2026-01-01") }],
        launch_date: None,
        costs: vec![SkuCost { from: d("2026-01-01"), purchase: cost, freight: Decimal::ZERO }],
    }
}

fn resp(person: &str, role: &str, scope: Scope, share: Decimal) -> Responsibility {
    Responsibility { person: person.into(), role: role.into(), scope, share, range: since("2026-01-01") }
}

fn pair(store: &str, skus: &[&str]) -> Scope {
    Scope::store_skus(store, skus.iter().map(|s| s.to_string()))
}

/// The organisation of docs/credit.md's worked examples.
fn org() -> Org {
    let mut org = Org::empty(Company::new("NB", "宁波"));
    org.units = vec![unit("G", None), unit("ALI", Some("G")), unit("AMZ", Some("G"))];
    for p in ["E01", "E02", "E03", "E04", "E05"] {
        org.people.push(Person { code: p.into(), name: p.into(), email: None, external: false });
    }
    org.stores = vec![store("ALI-1", Platform::AlibabaCom, "ALI"), store("AMZ-US", Platform::Amazon, "AMZ")];
    org.skus = vec![sku("LAMP", "ALI", dec!(25.00)), sku("SHADE", "ALI", dec!(10.00)), sku("MUG", "AMZ", dec!(3.00))];
    org.credit.responsibilities = vec![
        resp("E03", "operator", Scope::Store { store: "ALI-1".into() }, Decimal::ONE),
        resp("E03", "operator", pair("AMZ-US", &["MUG"]), dec!(0.5)),
        resp("E04", "operator", pair("AMZ-US", &["MUG"]), dec!(0.5)),
        resp("E04", "operator", Scope::Store { store: "AMZ-US".into() }, Decimal::ONE),
        resp("E05", "designer", Scope::Sku { sku: "LAMP".into() }, Decimal::ONE),
    ];
    org.credit.customer_owners = vec![CustomerOwner { customer: "C-88".into(), person: "E01".into(), range: since("2026-01-01") }];
    org.credit.key_accounts = vec![KeyAccount { customer: "C-99".into(), range: since("2026-06-01") }];
    org
}

// ── Validation ────────────────────────────────────────────────────────

#[test]
fn the_example_organisation_is_valid() {
    assert_eq!(org().validate(), vec![]);
}

/// docs/credit.md, "Shares" worked example.
#[test]
fn worked_example_shares_must_sum_to_100_percent_every_day() {
    let mut o = org();
    o.credit.responsibilities[1].range = EffectiveRange::new(d("2026-01-01"), Some(d("2026-03-31"))).expect("range");
    o.credit.responsibilities[2].share = dec!(0.4);
    let errs = o.validate();
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!((e.entity, e.index, e.field, e.problem.code()), ("responsibilities", 2, "share", "shares_not_100"));
    assert_eq!(
        e.problem,
        OrgProblem::SharesNot100 {
            scope: ScopeKey::StoreSku("AMZ-US".into(), "MUG".into()),
            role: "operator".into(),
            days: vec![
                (EffectiveRange::new(d("2026-01-01"), Some(d("2026-03-31"))).expect("range"), dec!(0.9)),
                (since("2026-04-01"), dec!(0.4)),
            ],
            also: 0,
        }
    );
    assert_eq!(
        e.problem.render(Lang::En),
        "the shares of role 'operator' for store AMZ-US × SKU MUG do not sum to 100% on 2026-01-01..=2026-03-31 (90%), 2026-04-01.. (40%)"
    );
    assert_eq!(
        e.problem.render(Lang::Zh),
        "店铺 AMZ-US × SKU MUG 的角色 'operator' 份额在 2026-01-01..=2026-03-31（合计 90%）、2026-04-01..（合计 40%） 合计不是 100%"
    );
}

#[test]
fn one_wrong_set_is_reported_once_for_all_its_skus() {
    let mut o = org();
    o.credit.responsibilities.push(resp("E05", "designer", pair("ALI-1", &["SHADE", "LAMP"]), dec!(0.6)));
    let errs = o.validate();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(matches!(&errs[0].problem, OrgProblem::SharesNot100 { also: 1, .. }), "{errs:?}");
    assert!(errs[0].problem.render(Lang::En).ends_with("(60%) (and 1 more SKU(s) of the same rules)"), "{}", errs[0].problem);
}

#[test]
fn a_gap_without_rules_is_fine_but_bad_references_and_shares_are_not() {
    let mut o = org();
    o.credit.responsibilities[0].range = EffectiveRange::new(d("2026-01-01"), Some(d("2026-01-31"))).expect("range");
    o.credit.responsibilities.push(Responsibility { range: since("2026-03-01"), ..o.credit.responsibilities[0].clone() });
    assert_eq!(o.validate(), vec![], "days with no rule at all are uncredited, not an error");
    o.credit.responsibilities.push(resp("E99", "astronaut", Scope::Sku { sku: "NOPE".into() }, dec!(1.5)));
    o.credit.responsibilities.push(resp("E01", "operator", Scope::Store { store: "ZZ".into() }, Decimal::ZERO));
    o.credit.responsibilities.push(resp("E01", "sales", pair("ALI-1", &[]), Decimal::ONE));
    let codes: Vec<(usize, &str, &str)> = o.validate().iter().map(|e| (e.index, e.field, e.problem.code())).collect();
    assert_eq!(
        codes,
        vec![
            (6, "person", "unknown_person"),
            (6, "role", "unknown_role"),
            (6, "share", "share_out_of_range"),
            (6, "sku", "unknown_sku"),
            (7, "share", "share_out_of_range"),
            (7, "store", "unknown_store"),
            (8, "skus", "empty_scope"),
        ]
    );
}

#[test]
fn overlapping_customer_owners_and_key_accounts_are_refused_naming_both() {
    let mut o = org();
    o.credit.customer_owners.push(CustomerOwner { customer: "C-88".into(), person: "E02".into(), range: since("2026-05-01") });
    o.credit.key_accounts.push(KeyAccount { customer: "C-99".into(), range: since("2026-12-01") });
    let errs = o.validate();
    let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        msgs,
        vec![
            "customer_owners[1].from: customer 'C-88' is already owned by E01 over 2026-01-01..; end that ownership first",
            "key_accounts[1].from: customer 'C-99' is already a key account over 2026-06-01..",
        ]
    );
    o.credit.customer_owners[0].range.to = Some(d("2026-04-30"));
    o.credit.key_accounts.pop();
    assert_eq!(o.validate(), vec![], "a handover the next day is fine");
}

#[test]
fn too_many_rules_for_one_scope_are_refused() {
    let mut o = org();
    let base = resp("E01", "marketing", Scope::Store { store: "ALI-1".into() }, Decimal::ONE);
    for k in 0..=MAX_RESPONSIBILITIES_PER_SCOPE as u32 {
        let day = d("2026-01-01") + Duration::days(i64::from(k));
        o.credit.responsibilities.push(Responsibility { range: EffectiveRange::new(day, Some(day)).expect("range"), ..base.clone() });
    }
    let errs = o.validate();
    assert_eq!(errs.iter().map(|e| e.problem.code()).collect::<Vec<_>>(), vec!["too_many_responsibilities"]);
}

// ── Resolution ────────────────────────────────────────────────────────

fn header(salesperson: Option<&str>, customer: Option<&str>) -> OrderHeader {
    OrderHeader {
        id: "SO-1".into(),
        store: "ALI-1".into(),
        customer: customer.map(Into::into),
        salesperson: salesperson.map(Into::into),
        follower: Some("E02".into()),
        currency: Currency::USD,
    }
}

fn who(credits: &[Credit]) -> Vec<(String, String, Decimal)> {
    credits.iter().map(|c| (c.role.clone(), c.person.clone(), c.share)).collect()
}

fn t(role: &str, person: &str, share: Decimal) -> (String, String, Decimal) {
    (role.into(), person.into(), share)
}

/// docs/credit.md, "Precedence" worked example: the store × SKU pair wins
/// over the store, whole.
#[test]
fn worked_example_a_pair_rule_wins_over_the_store_rule_whole() {
    let o = org();
    let r = CreditResolver::new(&o).expect("valid");
    assert_eq!(r.roles(), &["designer", "operator", "order_follower", "sales"]);
    let mug = r.resolve(&Subject::fact(Some("AMZ-US"), Some("MUG")), d("2026-11-05"));
    assert_eq!(who(&mug), vec![t("operator", "E03", dec!(0.5)), t("operator", "E04", dec!(0.5))]);
    assert_eq!(mug[0].rule, RuleRef::Responsibility { index: 1, scope: ScopeKey::StoreSku("AMZ-US".into(), "MUG".into()) });
    assert_eq!(mug[0].rule.render(Lang::En), "responsibility #2 for store AMZ-US × SKU MUG");
    let lamp_on_amazon = r.resolve(&Subject::fact(Some("AMZ-US"), Some("LAMP")), d("2026-11-05"));
    assert_eq!(who(&lamp_on_amazon), vec![t("designer", "E05", Decimal::ONE), t("operator", "E04", Decimal::ONE)]);
    assert!(r.resolve(&Subject::fact(Some("AMZ-US"), Some("MUG")), d("2025-12-31")).is_empty(), "no rule yet");
}

/// docs/credit.md, "Orders' people" worked example.
#[test]
fn worked_example_an_order_credits_its_people_and_falls_back_to_the_customer_owner() {
    let o = org();
    let r = CreditResolver::new(&o).expect("valid");
    let with = header(Some("E04"), Some("C-88"));
    let credits = r.resolve(&Subject::order(&with, Some("LAMP")), d("2026-11-05"));
    assert_eq!(
        who(&credits),
        vec![
            t("designer", "E05", Decimal::ONE),
            t("operator", "E03", Decimal::ONE),
            t("order_follower", "E02", Decimal::ONE),
            t("sales", "E04", Decimal::ONE)
        ]
    );
    assert_eq!(credits[3].rule, RuleRef::OrderSalesperson { order: "SO-1".into() });
    let without = header(None, Some("C-88"));
    let credits = r.resolve(&Subject::order(&without, Some("SHADE")), d("2026-11-05"));
    assert_eq!(
        credits.last().map(|c| (c.person.as_str(), &c.rule)),
        Some(("E01", &RuleRef::CustomerOwner { index: 0, customer: "C-88".into() }))
    );
    assert_eq!(credits.last().map(|c| c.rule.render(Lang::Zh)), Some("客户 C-88 的归属业务员（第 1 条）".to_string()));
    let nobody = header(None, Some("C-77"));
    let credits = r.resolve(&Subject::order(&nobody, Some("SHADE")), d("2026-11-05"));
    assert!(credits.iter().all(|c| c.role != "sales"), "no salesperson, no owner: uncredited");
}

#[test]
fn a_resolver_refuses_rules_the_organisation_would_refuse() {
    let mut o = org();
    o.credit.responsibilities[2].share = dec!(0.4);
    let errs = CreditResolver::new(&o).expect_err("refused");
    assert_eq!(errs[0].problem.code(), "shares_not_100");
}

/// The lottery reads an order's shipments from credit: its salesperson and
/// follower, with the instant each shipment left.
#[test]
fn an_order_s_shipments_are_the_lottery_s_shipments() {
    let o = org();
    let r = CreditResolver::new(&o).expect("valid");
    let h = header(None, Some("C-88"));
    let events = vec![
        ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 2, dec!(100.00)),
        ev(EventKind::Ship, "2026-11-05T16:59:59", Some("LAMP"), 1, Decimal::ZERO),
        ev(EventKind::Ship, "2026-11-05T17:00:00", Some("LAMP"), 1, Decimal::ZERO),
    ];
    let replay = orders::check(&h, &[], &events).expect("valid");
    let got: Vec<(String, String, String)> =
        lottery_shipments(&r, &replay).into_iter().map(|s| (s.person, s.role, s.shipped_at.to_rfc3339())).collect();
    assert_eq!(
        got,
        vec![
            ("E02".into(), "order_follower".into(), "2026-11-05T16:59:59+08:00".into()),
            ("E01".into(), "sales".into(), "2026-11-05T16:59:59+08:00".into()),
            ("E02".into(), "order_follower".into(), "2026-11-05T17:00:00+08:00".into()),
            ("E01".into(), "sales".into(), "2026-11-05T17:00:00+08:00".into()),
        ],
        "no salesperson on the order: the customer's owner E01 is credited"
    );
}

// ── The grain ─────────────────────────────────────────────────────────

fn agg(day: &str, store: &str, sku: Option<&str>, kind: FactKind, amount: Decimal, quantity: i64) -> FactAggregate {
    FactAggregate {
        day: d(day),
        unit: None,
        store: Some(store.into()),
        sku: sku.map(Into::into),
        kind,
        currency: Currency::USD,
        amount,
        quantity,
        facts: 1,
    }
}

fn ev(kind: EventKind, when: &str, sku: Option<&str>, quantity: i64, amount: Decimal) -> OrderEvent {
    let at = DateTime::parse_from_rfc3339(&format!("{when}+08:00")).expect("instant");
    OrderEvent {
        order_id: "SO-1".into(),
        kind,
        at,
        day: at.date_naive(),
        sku: sku.map(Into::into),
        quantity,
        amount,
        currency: Currency::USD,
        memo: None,
        line: 0,
    }
}

fn fx() -> FxTable {
    FxTable::new(Currency::CNY, &[FxRate { date: d("2026-01-01"), currency: Currency::USD, rate: dec!(7.00), line: 2 }]).expect("fx")
}

type Row = (String, &'static str, &'static str, Option<&'static str>, CustomerClass, Decimal, Decimal, i64, i64, Decimal);

fn rows(g: &CreditGrain, day: &str) -> Vec<Row> {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    g.days
        .iter()
        .filter(|r| r.day == d(day))
        .map(|r| {
            let f = r.figures;
            (
                r.day.to_string(),
                leak(&r.unit),
                leak(&r.role),
                r.person.as_deref().map(leak),
                r.customer_class,
                f.sales,
                f.cogs,
                f.units,
                f.orders,
                f.cash_collected,
            )
        })
        .collect()
}

/// docs/credit.md, "The person-day grain" worked example.
#[test]
fn worked_example_person_day_grain() {
    let o = org();
    let resolver = CreditResolver::new(&o).expect("valid");
    let h = header(Some("E01"), Some("C-88"));
    let events = vec![
        ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 3, dec!(100.00)),
        ev(EventKind::Contract, "2026-11-03T10:00:00", Some("SHADE"), 2, dec!(50.00)),
        ev(EventKind::Pay, "2026-11-03T10:00:00", None, 0, dec!(60.00)),
        ev(EventKind::Ship, "2026-11-05T16:59:59", Some("LAMP"), 1, Decimal::ZERO),
        ev(EventKind::Ship, "2026-11-05T16:59:59", Some("SHADE"), 2, Decimal::ZERO),
    ];
    let replay = orders::check(&h, &[], &events).expect("valid order");
    let (facts, stages) = (orders::order_facts(&replay), orders::stage_amounts(&replay));
    let mut first = HashMap::new();
    orders::first_order_days(&mut first, [("C-88", d("2026-11-03"))]);
    let classes = orders::CustomerClasses::new(&first, &o.credit.key_accounts);
    let class = classes.class_of(h.customer.as_deref(), d("2026-11-03"));
    assert_eq!(class, CustomerClass::New);
    let order = OrderFigures { header: &h, class, facts: &facts, stages: &stages };
    // The ledger: the order's two sales plus an offline LAMP sale of 16.67
    // from a facts file (one aggregate per store, SKU, day); Amazon's MUG
    // sale and refund from a settlement, with its one order that day.
    let ledger = vec![
        agg("2026-11-05", "ALI-1", Some("LAMP"), FactKind::Sale, dec!(50.00), 2),
        agg("2026-11-05", "ALI-1", Some("SHADE"), FactKind::Sale, dec!(50.00), 2),
        agg("2026-11-05", "AMZ-US", Some("MUG"), FactKind::Sale, dec!(19.99), 1),
        agg("2026-11-05", "AMZ-US", Some("MUG"), FactKind::Refund, dec!(-5.00), 1),
    ];
    let counts = vec![OrderCount { store: "AMZ-US".into(), day: d("2026-11-05"), orders: 1 }];
    let fx = fx();
    let rate = |c: Currency, day: NaiveDate| fx.rate(c, day).ok();
    let input = GrainInput {
        org: &o,
        resolver: &resolver,
        facts: &ledger,
        order_counts: &counts,
        orders: &[order],
        rate: &rate,
        cogs: CogsMode::Derive { reverse_refunds: true },
    };
    let g = credit_days(&input);
    assert_eq!(g.problems, vec![]);
    use CustomerClass::{New, Unknown};
    let r = |unit, role, person, class, sales, cogs, units, orders, cash| -> Row {
        ("2026-11-05".into(), unit, role, person, class, sales, cogs, units, orders, cash)
    };
    let z = Decimal::ZERO;
    assert_eq!(
        rows(&g, "2026-11-05"),
        vec![
            r("ALI", "designer", None, New, dec!(350.00), dec!(-20.00), 2, 1, z),
            r("ALI", "designer", Some("E05"), New, dec!(233.31), dec!(-25.00), 1, 0, z),
            r("ALI", "designer", Some("E05"), Unknown, dec!(116.69), dec!(-25.00), 1, 0, z),
            r("ALI", "operator", Some("E03"), New, dec!(583.31), dec!(-45.00), 3, 1, z),
            r("ALI", "operator", Some("E03"), Unknown, dec!(116.69), dec!(-25.00), 1, 0, z),
            r("ALI", "order_follower", None, Unknown, dec!(116.69), dec!(-25.00), 1, 0, z),
            r("ALI", "order_follower", Some("E02"), New, dec!(583.31), dec!(-45.00), 3, 1, z),
            r("ALI", "sales", None, Unknown, dec!(116.69), dec!(-25.00), 1, 0, z),
            r("ALI", "sales", Some("E01"), New, dec!(583.31), dec!(-45.00), 3, 1, z),
            r("AMZ", "designer", None, Unknown, dec!(139.93), z, 1, 1, z),
            r("AMZ", "operator", Some("E03"), Unknown, dec!(69.97), z, 1, 0, z),
            r("AMZ", "operator", Some("E04"), Unknown, dec!(69.96), z, 0, 1, z),
            r("AMZ", "order_follower", None, Unknown, dec!(139.93), z, 1, 1, z),
            r("AMZ", "sales", None, Unknown, dec!(139.93), z, 1, 1, z),
        ]
    );
    let amz_e03 = g.days.iter().find(|r| r.unit == "AMZ" && r.person.as_deref() == Some("E03")).expect("row");
    assert_eq!((amz_e03.figures.refunds, amz_e03.gross_profit()), (dec!(-17.50), dec!(52.47)));
    let ali = g.units[&("ALI".to_string(), d("2026-11-05"))];
    assert_eq!((ali.sales, ali.cogs, ali.units, ali.orders, ali.gross_profit()), (dec!(700.00), dec!(-70.00), 4, 1, dec!(630.00)));
    // Cash on the contract day: the 60.00 deposit, 40.00 LAMP + 20.00 SHADE, × 7.
    let cash: Vec<(&str, Option<&str>, Decimal)> = g
        .days
        .iter()
        .filter(|r| r.day == d("2026-11-03"))
        .map(|r| (r.role.as_str(), r.person.as_deref(), r.figures.cash_collected))
        .collect();
    assert_eq!(
        cash,
        vec![
            ("designer", None, dec!(140.00)),
            ("designer", Some("E05"), dec!(280.00)),
            ("operator", Some("E03"), dec!(420.00)),
            ("order_follower", Some("E02"), dec!(420.00)),
            ("sales", Some("E01"), dec!(420.00)),
        ]
    );
    // The same unit-days as the P&L, to the fen.
    let pnl = compute_month(&PnlInput {
        org: &o,
        month: "2026-11".parse().expect("month"),
        fx: &fx,
        facts: &ledger,
        orders: &counts,
        hours: &[],
        charge_rules: &[],
        allocation_rules: &[],
        settlements: &[],
        cogs: CogsMode::Derive { reverse_refunds: true },
    });
    for ((u, day), f) in &g.units {
        let lines = &pnl.units[u].by_day[day];
        assert_eq!(
            (f.sales, f.refunds, f.cogs),
            (lines.get(PnlLine::Sales), lines.get(PnlLine::Refunds), lines.get(PnlLine::Cogs)),
            "{u} {day}"
        );
    }
}

#[test]
fn an_order_missing_from_the_ledger_is_named_not_counted() {
    let o = org();
    let resolver = CreditResolver::new(&o).expect("valid");
    let h = header(Some("E01"), Some("C-88"));
    let events = vec![
        ev(EventKind::Contract, "2026-11-03T10:00:00", Some("LAMP"), 1, dec!(10.00)),
        ev(EventKind::Ship, "2026-11-05T10:00:00", Some("LAMP"), 1, Decimal::ZERO),
    ];
    let replay = orders::check(&h, &[], &events).expect("valid");
    let (facts, stages) = (orders::order_facts(&replay), orders::stage_amounts(&replay));
    let order = OrderFigures { header: &h, class: CustomerClass::New, facts: &facts, stages: &stages };
    let rate = |_: Currency, _: NaiveDate| Some(dec!(7));
    let input = GrainInput {
        org: &o,
        resolver: &resolver,
        facts: &[],
        order_counts: &[],
        orders: &[order],
        rate: &rate,
        cogs: CogsMode::FromSource,
    };
    let g = credit_days(&input);
    assert_eq!(g.problems, vec![CreditProblem::OrderNotInLedger { order: "SO-1".into(), sku: "LAMP".into(), day: d("2026-11-05") }]);
    assert!(g.days.iter().all(|r| r.figures.sales.is_zero()), "nothing the P&L does not have");
}

// ── The reconciliation property ───────────────────────────────────────

/// A random organisation's credit rules: per store × SKU pair, SKU and
/// store, with probability, one to three people sharing a role, shares
/// summing to exactly 1.
fn random_rules(o: &mut Org, picks: &[(u8, u8, u8, u8)]) {
    let stores = ["ALI-1", "AMZ-US"];
    let skus = ["LAMP", "SHADE", "MUG"];
    let people = ["E01", "E02", "E03", "E04", "E05"];
    let roles = ["operator", "designer", "sales"];
    let mut seen = std::collections::HashSet::new();
    for &(level, what, n, role) in picks {
        let (st, k) = (stores[usize::from(what) % 2], skus[usize::from(what) % 3]);
        let scope = match level % 3 {
            0 => Scope::Store { store: st.into() },
            1 => Scope::Sku { sku: k.into() },
            _ => pair(st, &[k]),
        };
        let role = roles[usize::from(role) % 3];
        if !seen.insert((scope.clone(), role)) {
            continue;
        }
        let n = usize::from(n % 3) + 1;
        for p in 0..n {
            let share = if p + 1 == n { Decimal::ONE - Decimal::new(3, 1) * Decimal::from(n - 1) } else { Decimal::new(3, 1) };
            o.credit.responsibilities.push(resp(people[(usize::from(what) + p) % 5], role, scope.clone(), share));
        }
    }
}

fn random_ledger() -> impl Strategy<Value = Vec<(u8, u8, u8, u8, i64, i64)>> {
    proptest::collection::vec((0u8..2, 0u8..3, 0u8..4, 0u8..5, -5_000_000i64..50_000_000, 0i64..5), 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    /// For every unit, day and role: Σ credited + uncredited = the unit's
    /// sales, refunds, COGS, units and orders (asserted inside the grain),
    /// and those are the P&L's own lines to the fen — with orders carved
    /// out of the ledger they were booked in.
    #[test]
    fn credited_plus_uncredited_equals_the_unit_s_figures_to_the_fen(
        picks in proptest::collection::vec((0u8..3, 0u8..6, 0u8..3, 0u8..3), 0..10),
        ledger in random_ledger(),
        ships in proptest::collection::vec((0u8..2, 1i64..6, 0i64..4), 0..8),
        rate in 1i64..10_000_000,
    ) {
        let mut o = org();
        o.credit.responsibilities.clear();
        random_rules(&mut o, &picks);
        let resolver = CreditResolver::new(&o).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let stores = ["ALI-1", "AMZ-US"];
        let skus = [Some("LAMP"), Some("SHADE"), Some("MUG"), None];
        let kinds = [FactKind::Sale, FactKind::Refund, FactKind::Promotion, FactKind::Cogs, FactKind::Sale];
        let mut facts: Vec<FactAggregate> = ledger.iter().map(|&(s, day, k, kind, amount, q)| {
            let kind = kinds[usize::from(kind)];
            let qty = if kind == FactKind::Sale || kind == FactKind::Refund { q } else { 0 };
            let mut a = agg(&format!("2026-11-0{}", day + 1), stores[usize::from(s)], skus[usize::from(k)], kind, Decimal::new(amount, 4), qty);
            if kind != FactKind::Sale { a.amount = -a.amount.abs(); }
            a
        }).collect();
        // One order of the orders-booked store, its bookings in the ledger too.
        let h = header(Some("E01"), Some("C-88"));
        let mut events = vec![
            ev(EventKind::Contract, "2026-11-01T09:00:00", Some("LAMP"), 12, dec!(1234.57)),
            ev(EventKind::Contract, "2026-11-01T09:00:00", Some("SHADE"), 12, dec!(99.99)),
            ev(EventKind::Pay, "2026-11-01T10:00:00", None, 0, dec!(500.00)),
        ];
        let mut left = [12i64, 12];
        for (i, &(k, q, day)) in ships.iter().enumerate() {
            let q = q.min(left[usize::from(k)]);
            if q == 0 { continue; }
            left[usize::from(k)] -= q;
            let mut e = ev(EventKind::Ship, &format!("2026-11-0{}T10:00:00", day + 1), Some(["LAMP", "SHADE"][usize::from(k)]), q, Decimal::ZERO);
            e.at += Duration::seconds(i as i64);
            events.push(e);
        }
        let replay = orders::check(&h, &[], &events).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let (ofacts, stages) = (orders::order_facts(&replay), orders::stage_amounts(&replay));
        for f in &ofacts {
            facts.push(agg(&f.date.to_string(), &h.store, f.sku.as_deref(), f.kind, f.amount, f.quantity));
        }
        let order = OrderFigures { header: &h, class: CustomerClass::Returning, facts: &ofacts, stages: &stages };
        let counts = vec![OrderCount { store: "AMZ-US".into(), day: d("2026-11-02"), orders: 3 }];
        let fx = FxTable::new(Currency::CNY, &[FxRate { date: d("2026-01-01"), currency: Currency::USD, rate: Decimal::new(rate, 6), line: 2 }])
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let rate_of = |c: Currency, day: NaiveDate| fx.rate(c, day).ok();
        let cogs = CogsMode::Derive { reverse_refunds: true };
        let input = GrainInput { org: &o, resolver: &resolver, facts: &facts, order_counts: &counts, orders: &[order], rate: &rate_of, cogs };
        let g = credit_days(&input);
        prop_assert!(g.problems.iter().all(|p| p.code() == "credit_unplaced" || p.code() == "credit_missing_cost"), "{:?}", g.problems);
        // Every role's rows add up to the unit's figures (also asserted inside).
        let mut sums: HashMap<(String, NaiveDate, String), Figures> = HashMap::new();
        for r in &g.days {
            let e = sums.entry((r.unit.clone(), r.day, r.role.clone())).or_default();
            e.sales += r.figures.sales; e.refunds += r.figures.refunds; e.cogs += r.figures.cogs;
            e.units += r.figures.units; e.orders += r.figures.orders; e.cash_collected += r.figures.cash_collected;
        }
        for ((u, day), f) in &g.units {
            for role in resolver.roles() {
                prop_assert_eq!(sums.get(&(u.clone(), *day, role.to_string())).copied().unwrap_or_default(), *f);
            }
        }
        let pnl = compute_month(&PnlInput {
            org: &o, month: "2026-11".parse().expect("month"), fx: &fx, facts: &facts, orders: &counts, hours: &[],
            charge_rules: &[], allocation_rules: &[], settlements: &[], cogs,
        });
        for (u, up) in &pnl.units {
            for (day, lines) in &up.by_day {
                let f = g.units.get(&(u.clone(), *day)).copied().unwrap_or_default();
                prop_assert_eq!((f.sales, f.refunds, f.cogs), (lines.get(PnlLine::Sales), lines.get(PnlLine::Refunds), lines.get(PnlLine::Cogs)), "{} {}", u, day);
            }
        }
    }
}

proptest! {
    /// The days the share rule reports are exactly the days, checked one by
    /// one, on which some rule of the scope applies and the shares do not
    /// sum to 100 %.
    #[test]
    fn the_days_reported_are_the_days_whose_shares_are_wrong(
        rules in proptest::collection::vec((0i64..40, proptest::option::of(0i64..20), 1u32..5), 1..6),
    ) {
        let mut o = org();
        o.credit.responsibilities.clear();
        let base = d("2026-01-01");
        for (from, len, quarter) in &rules {
            let start = base + Duration::days(*from);
            let range = EffectiveRange::new(start, len.map(|l| start + Duration::days(l))).expect("range");
            let share = Decimal::new(i64::from(*quarter) * 25, 2);
            o.credit.responsibilities.push(Responsibility { range, ..resp("E01", "marketing", Scope::Store { store: "ALI-1".into() }, share) });
        }
        let reported: Vec<(EffectiveRange, Decimal)> = o
            .validate()
            .into_iter()
            .filter_map(|e| match e.problem { OrgProblem::SharesNot100 { days, .. } => Some(days), _ => None })
            .flatten()
            .collect();
        for k in 0..80 {
            let day = base + Duration::days(k);
            let applying: Vec<Decimal> =
                o.credit.responsibilities.iter().filter(|r| r.range.contains(day)).map(|r| r.share).collect();
            let sum: Decimal = applying.iter().copied().sum();
            let wrong = !applying.is_empty() && sum != Decimal::ONE;
            let found: Vec<Decimal> = reported.iter().filter(|(r, _)| r.contains(day)).map(|(_, s)| *s).collect();
            prop_assert_eq!(found, if wrong { vec![sum] } else { vec![] }, "day {}", day);
        }
    }
}
