//! The person-day grain the pay, target, lottery and PK engines read:
//! per day, unit, person (or the role's uncredited bucket), role and
//! customer class — sales, refunds, COGS, gross profit, units, orders and
//! cash collected, in the base currency.
//!
//! Built from (a) the ledger's fact aggregates at SKU grain (settlements
//! keep no customer: their class is `unknown`), converted like the P&L
//! converts them — summed per unit, day, kind and currency, converted once
//! with the caller's rate, rounded once, then handed back to the stores,
//! SKUs and orders they came from by largest remainder — so a unit's sales
//! here are the P&L's to the fen; and (b) orders: an orders-booked store's
//! order bookings are carved out of the aggregates they are part of (and
//! credited to the order's salesperson and follower with its customer
//! class), and every order's payments and refunds give cash collected.
//!
//! Gross profit = sales + refunds + COGS, the P&L's `sales`, `refunds` and
//! `cogs` lines (sale and promotion facts, refund facts, COGS facts or COGS
//! derived the engine's way). Placement is `reporting::placement::place`.
//!
//! The invariant, asserted: for every unit, day (so month) and role,
//! Σ credited + uncredited = the unit's figure, for every figure.

use super::problem::CreditProblem;
use super::resolver::{Credit, CreditResolver, Subject};
use super::split::{apportion, split_count, split_money, whole_money};
use crate::accounting::cogs::{cost_landed, Costed, SkuCosts};
use crate::accounting::{CogsMode, FactAggregate, OrderCount, MAX_AMOUNT, MAX_QUANTITY};
use crate::ledger::{FactKind, FactRecord};
use crate::money::{round_money, Currency};
use crate::orders::{CustomerClass, OrderHeader, Stage, StageAmount};
use crate::org::{Org, SalesSource, Store};
use crate::reporting::placement::place;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The figures of a unit-day, a piece of it or a person's share of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Sales (the P&L's `sales` line: sales and promotions), base currency.
    pub sales: Decimal,
    /// Refunds (negative), the P&L's `refunds` line.
    pub refunds: Decimal,
    /// COGS (negative), the P&L's `cogs` line.
    pub cogs: Decimal,
    /// Units sold (Σ quantity of sale facts).
    pub units: i64,
    /// Orders: distinct orders per store and day (a settlement's count, or
    /// an order with a sale booked that day).
    pub orders: i64,
    /// Cash collected from orders (payments less refunds), base currency.
    pub cash_collected: Decimal,
}

impl Figures {
    /// Sales + refunds + COGS.
    pub fn gross_profit(&self) -> Decimal {
        self.sales + self.refunds + self.cogs
    }

    /// Adds `o` to these figures.
    pub fn add(&mut self, o: &Figures) {
        self.sales += o.sales;
        self.refunds += o.refunds;
        self.cogs += o.cogs;
        self.units += o.units;
        self.orders += o.orders;
        self.cash_collected += o.cash_collected;
    }

    /// The figures as [`Figures::split`] gives them to one credit holding
    /// the whole share (money at two decimals), without allocating.
    fn whole(&self) -> Figures {
        Figures {
            sales: whole_money(self.sales),
            refunds: whole_money(self.refunds),
            cogs: whole_money(self.cogs),
            cash_collected: whole_money(self.cash_collected),
            ..*self
        }
    }

    /// Each figure split over `credits` by share, by largest remainder.
    fn split(&self, credits: &[&Credit]) -> Vec<Figures> {
        let (s, r, c, k) = (
            split_money(self.sales, credits),
            split_money(self.refunds, credits),
            split_money(self.cogs, credits),
            split_money(self.cash_collected, credits),
        );
        let (u, o) = (split_count(self.units, credits), split_count(self.orders, credits));
        (0..credits.len())
            .map(|i| Figures { sales: s[i], refunds: r[i], cogs: c[i], units: u[i], orders: o[i], cash_collected: k[i] })
            .collect()
    }
}

/// One row of the grain: what one person (or a role's uncredited bucket)
/// is credited with in one unit on one day, for one customer class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditDay {
    /// Business day.
    pub day: NaiveDate,
    /// The unit the figures belong to (`place`).
    pub unit: String,
    /// The person; `None` is the role's uncredited bucket.
    pub person: Option<String>,
    /// The role.
    pub role: String,
    /// The customer class of the figures.
    pub customer_class: CustomerClass,
    /// The figures.
    pub figures: Figures,
}

impl CreditDay {
    /// Sales + refunds + COGS.
    pub fn gross_profit(&self) -> Decimal {
        self.figures.gross_profit()
    }
}

/// An order as the grain reads it: its header, its customer class, what it
/// books ([`crate::orders::order_facts`]) and its stage amounts
/// ([`crate::orders::stage_amounts`]).
#[derive(Debug, Clone, Copy)]
pub struct OrderFigures<'a> {
    /// The order.
    pub header: &'a OrderHeader,
    /// Its customer class (by its contract day).
    pub class: CustomerClass,
    /// Its ledger bookings.
    pub facts: &'a [FactRecord],
    /// Its stage amounts.
    pub stages: &'a [StageAmount],
}

/// Everything the grain is built from.
#[derive(Clone, Copy)]
pub struct GrainInput<'a> {
    /// The organisation (placement, stores' sales source, landed costs).
    pub org: &'a Org,
    /// Its credit rules, indexed.
    pub resolver: &'a CreditResolver<'a>,
    /// The ledger's aggregates at SKU grain (sale, promotion, refund and
    /// COGS kinds are read; the rest is ignored).
    pub facts: &'a [FactAggregate],
    /// Distinct orders per store and day of settlement-booked stores (an
    /// orders-booked store's orders are counted from its orders).
    pub order_counts: &'a [OrderCount],
    /// The orders.
    pub orders: &'a [OrderFigures<'a>],
    /// Base-currency units per unit of a currency on a day (the P&L's
    /// rate: pass `|c, d| fx.rate(c, d).ok()`).
    pub rate: &'a dyn Fn(Currency, NaiveDate) -> Option<Decimal>,
    /// Whether COGS is derived, as for the P&L.
    pub cogs: CogsMode,
}

/// The grain, the unit-day figures it adds up to, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreditGrain {
    /// Rows sorted by day, unit, role, person (uncredited first), class.
    pub days: Vec<CreditDay>,
    /// Each unit's figures per day: what every role's rows add up to.
    pub units: BTreeMap<(String, NaiveDate), Figures>,
    /// Figures left out, each once.
    pub problems: Vec<CreditProblem>,
    /// The orders' part of the credited rows, per sale: the sales behind
    /// a person's credit (a settlement's figures name no sale).
    pub sales: Vec<CreditSale>,
}

/// What one person is credited with from one order (a sale) in one unit on
/// one day, for one role — its sale pieces and its refund pieces apart, so
/// a refund of a sale paid on earlier can be clawed back at its own rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditSale {
    /// The sale's key (`STORE/ORDER`, `incentive::order_key`).
    pub sale: String,
    /// Business day.
    pub day: NaiveDate,
    /// The unit the figures belong to.
    pub unit: String,
    /// The person credited.
    pub person: String,
    /// The role.
    pub role: String,
    /// The order's customer class.
    pub customer_class: CustomerClass,
    /// Whether these are the refund's pieces (refund, reversed COGS, cash paid back).
    pub refund: bool,
    /// The person's part of the figures.
    pub figures: Figures,
}

/// A sale row's key while the grain is built.
type SaleKey<'a> = (usize, NaiveDate, &'a str, &'a str, String, CustomerClass, bool);

/// Who a piece of figures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    /// The ledger (a settlement, a facts file), no order.
    Ledger,
    /// The order at this index of the input.
    Order(usize),
}

/// A piece of one unit-day's figures with its subject, before credit.
#[derive(Debug, Clone, Copy)]
struct Item<'a> {
    unit: &'a str,
    day: NaiveDate,
    store: Option<&'a str>,
    sku: Option<&'a str>,
    who: Who,
    /// A refund's piece (its refund, reversed COGS or returned cash).
    refund: bool,
    figures: Figures,
}

/// A source-currency amount waiting for its conversion.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    unit: &'a str,
    day: NaiveDate,
    store: Option<&'a str>,
    sku: Option<&'a str>,
    who: Who,
    kind: FactKind,
    currency: Currency,
    amount: Decimal,
    quantity: i64,
}

impl Source<'_> {
    /// A refund, or cash paid back.
    fn is_refund(&self) -> bool {
        self.kind == FactKind::Refund || (self.kind == FactKind::Transfer && self.amount < Decimal::ZERO)
    }
}

/// A merged aggregate: day, unit, store, SKU, kind, currency.
type AggKey<'a> = (NaiveDate, Option<&'a str>, Option<&'a str>, Option<&'a str>, FactKind, Currency);

/// Where a figure is placed from: store, unit, SKU (when neither), day.
type PlaceKey<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, NaiveDate);

/// COGS is derived per unit, store, SKU and day.
type CogsKey<'a> = (&'a str, Option<&'a str>, &'a str, NaiveDate);

/// Credits are resolved once per store, SKU, order and day.
type SubjectKey<'a> = (Option<&'a str>, Option<&'a str>, Who, NaiveDate);

struct Builder<'i, 'a> {
    input: &'i GrainInput<'a>,
    stores: HashMap<&'a str, &'a Store>,
    placed: HashMap<PlaceKey<'a>, Option<&'a str>>,
    items: Vec<Item<'a>>,
    problems: Vec<CreditProblem>,
}

/// Builds the grain. Never panics on data: what cannot be placed,
/// converted or costed is left out and listed in `problems` (the P&L
/// refuses to close such a month).
pub fn credit_days(input: &GrainInput) -> CreditGrain {
    let mut b = Builder { input, stores: HashMap::new(), placed: HashMap::new(), items: Vec::new(), problems: Vec::new() };
    for s in &input.org.stores {
        b.stores.entry(s.code.as_str()).or_insert(s);
    }
    let sources = b.ledger_sources();
    b.convert(&sources, |f, base, s| match s.kind {
        FactKind::Sale | FactKind::Promotion => {
            f.sales = base;
            if s.kind == FactKind::Sale {
                f.units = s.quantity;
            }
        }
        FactKind::Refund => f.refunds = base,
        _ => f.cogs = base,
    });
    if let CogsMode::Derive { reverse_refunds } = input.cogs {
        b.derive_cogs(&sources, reverse_refunds);
    }
    b.order_counts();
    let cash = b.cash_sources();
    b.convert(&cash, |f, base, _| f.cash_collected = base);
    b.finish()
}

impl<'i, 'a> Builder<'i, 'a> {
    fn sales_source(&self, store: &str) -> Option<SalesSource> {
        self.stores.get(store).map(|s| s.sales_source())
    }

    /// The unit of a figure: `place`, once per store (or unit, or SKU) and day.
    fn place(
        &mut self,
        kind: FactKind,
        store: Option<&'a str>,
        unit: Option<&'a str>,
        sku: Option<&'a str>,
        day: NaiveDate,
    ) -> Option<&'a str> {
        let key = (store, unit, if store.is_none() && unit.is_none() { sku } else { None }, day);
        let org = self.input.org;
        let found = *self.placed.entry(key).or_insert_with(|| {
            let owner = place(org, store, unit, sku, day);
            // The engine refuses a fact naming a unit other than its store's owner.
            match (store, unit, owner) {
                (Some(_), Some(u), Some(o)) if u != o => None,
                _ => owner,
            }
        });
        if found.is_none() {
            self.note(CreditProblem::Unplaced { kind, store: store.map(str::to_string), day });
        }
        found
    }

    fn note(&mut self, p: CreditProblem) {
        if !self.problems.contains(&p) {
            self.problems.push(p);
        }
    }

    /// The ledger's sale, promotion, refund and COGS aggregates, merged per
    /// key, with the bookings of orders-booked stores carved out of them
    /// as pieces of their own; each placed on its unit.
    fn ledger_sources(&mut self) -> Vec<Source<'a>> {
        let input = self.input;
        // Sorted and summed per key (a B-tree of ~3 M string keys cost
        // seconds at 10 M lines); the same order as a map by key.
        let mut rows: Vec<(AggKey<'a>, Decimal, i64)> = Vec::with_capacity(input.facts.len());
        for f in input.facts {
            if !matches!(f.kind, FactKind::Sale | FactKind::Promotion | FactKind::Refund | FactKind::Cogs) {
                continue;
            }
            if f.amount.abs() > MAX_AMOUNT || f.quantity.unsigned_abs() > MAX_QUANTITY {
                self.note(CreditProblem::OutOfRange { kind: f.kind, day: f.day, amount: f.amount });
                continue;
            }
            rows.push(((f.day, f.unit.as_deref(), f.store.as_deref(), f.sku.as_deref(), f.kind, f.currency), f.amount, f.quantity));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut merged: Vec<(AggKey<'a>, Decimal, i64)> = Vec::with_capacity(rows.len());
        for (key, amount, quantity) in rows {
            match merged.last_mut() {
                Some(last) if last.0 == key => {
                    last.1 += amount;
                    last.2 = last.2.saturating_add(quantity);
                }
                _ => merged.push((key, amount, quantity)),
            }
        }
        let mut carved: Vec<(AggKey<'a>, Who, Decimal, i64)> = Vec::new();
        for (i, o) in input.orders.iter().enumerate() {
            match self.sales_source(&o.header.store) {
                Some(SalesSource::Orders) => {}
                Some(SalesSource::Settlement) => continue,
                None => {
                    self.note(CreditProblem::UnknownStore { store: o.header.store.clone() });
                    continue;
                }
            }
            for f in o.facts.iter().filter(|f| matches!(f.kind, FactKind::Sale | FactKind::Refund)) {
                let key = (f.date, None, Some(o.header.store.as_str()), f.sku.as_deref(), f.kind, f.currency);
                match merged.binary_search_by(|m| m.0.cmp(&key)) {
                    Ok(at) => {
                        let agg = &mut merged[at];
                        agg.1 -= f.amount;
                        agg.2 = agg.2.saturating_sub(f.quantity);
                        carved.push((key, Who::Order(i), f.amount, f.quantity));
                    }
                    Err(_) => self.note(CreditProblem::OrderNotInLedger {
                        order: o.header.id.clone(),
                        sku: f.sku.as_deref().unwrap_or_default().to_string(),
                        day: f.date,
                    }),
                }
            }
        }
        let all = merged.into_iter().map(|(k, a, q)| (k, Who::Ledger, a, q)).chain(carved);
        let mut out = Vec::new();
        for ((day, unit, store, sku, kind, currency), who, amount, quantity) in all.collect::<Vec<_>>() {
            let Some(placed) = self.place(kind, store, unit, sku, day) else { continue };
            out.push(Source { unit: placed, day, store, sku, who, kind, currency, amount, quantity });
        }
        out
    }

    /// Converts sources the P&L's way — Σ per unit, day, kind and currency,
    /// `round_money(Σ × rate)` once — and apportions each converted sum
    /// back over its sources; `set` puts a source's base amount on its
    /// figures.
    fn convert(&mut self, sources: &[Source<'a>], set: impl Fn(&mut Figures, Decimal, &Source<'a>)) {
        // Sources in key order, each group in source order (a stable sort).
        let group_of = |i: usize| (sources[i].unit, sources[i].day, sources[i].kind, sources[i].currency);
        let mut order: Vec<usize> = (0..sources.len()).collect();
        order.sort_by_key(|&i| group_of(i));
        for members in order.chunk_by(|&a, &b| group_of(a) == group_of(b)) {
            let (_, day, _, currency) = group_of(members[0]);
            let Some(rate) = (self.input.rate)(currency, day) else {
                self.note(CreditProblem::MissingRate { currency: currency.to_string(), day });
                continue;
            };
            let exact: Option<Vec<Decimal>> = members.iter().map(|&i| sources[i].amount.checked_mul(rate)).collect();
            let total: Option<Decimal> = members.iter().try_fold(Decimal::ZERO, |acc, &i| acc.checked_add(sources[i].amount));
            let (Some(exact), Some(total)) = (exact, total.and_then(|t| t.checked_mul(rate))) else {
                self.note(CreditProblem::OutOfRange { kind: sources[members[0]].kind, day, amount: sources[members[0]].amount });
                continue;
            };
            let parts = apportion(round_money(total), &exact);
            for (&i, base) in members.iter().zip(parts) {
                let s = &sources[i];
                let mut figures = Figures::default();
                set(&mut figures, base, s);
                self.items.push(Item { unit: s.unit, day: s.day, store: s.store, sku: s.sku, who: s.who, refund: s.is_refund(), figures });
            }
        }
    }

    /// COGS derived the engine's way — per unit, store, SKU and day, net
    /// units × landed cost that day, rounded once (skipped where the facts
    /// carry COGS) — apportioned over the sales and refund pieces by their
    /// units.
    fn derive_cogs(&mut self, sources: &[Source<'a>], reverse_refunds: bool) {
        // Pieces sorted by key (stable: each key's pieces in source order).
        let mut keyed: Vec<(CogsKey<'a>, usize, i64)> = Vec::new();
        let mut from_source: std::collections::HashSet<CogsKey<'a>> = Default::default();
        for (i, s) in sources.iter().enumerate() {
            let Some(sku) = s.sku else { continue };
            let key = (s.unit, s.store, sku, s.day);
            match s.kind {
                FactKind::Sale if s.quantity != 0 => keyed.push((key, i, s.quantity)),
                FactKind::Refund if reverse_refunds && s.quantity != 0 => keyed.push((key, i, -s.quantity.abs())),
                FactKind::Cogs => {
                    from_source.insert(key);
                }
                _ => {}
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let costs = SkuCosts::new(self.input.org);
        for group in keyed.chunk_by(|a, b| a.0 == b.0) {
            let key = group[0].0;
            if from_source.contains(&key) {
                continue;
            }
            let (_, _, sku, day) = key;
            let net: i64 = group.iter().map(|p| p.2).sum();
            if net == 0 {
                continue;
            }
            let (unit_cost, total) = match cost_landed(costs.landed(sku, day), net) {
                Costed::Cost(c, a) => (c, a),
                Costed::Missing => {
                    self.note(CreditProblem::MissingCost { sku: sku.to_string(), day });
                    continue;
                }
                Costed::Overflow => {
                    self.note(CreditProblem::CogsOverflow { sku: sku.to_string(), day });
                    continue;
                }
            };
            let exact: Option<Vec<Decimal>> = group.iter().map(|(_, _, q)| Decimal::from(-*q).checked_mul(unit_cost)).collect();
            let Some(exact) = exact else {
                self.note(CreditProblem::CogsOverflow { sku: sku.to_string(), day });
                continue;
            };
            for ((_, i, _), cogs) in group.iter().zip(apportion(total, &exact)) {
                let s = &sources[*i];
                let figures = Figures { cogs, ..Figures::default() };
                self.items.push(Item { unit: s.unit, day: s.day, store: s.store, sku: s.sku, who: s.who, refund: s.is_refund(), figures });
            }
        }
    }

    /// Orders: a settlement-booked store's count per day as the ledger has
    /// it; an orders-booked store's order counts once on each day it books
    /// a sale. Counts are credited at store grain (no SKU).
    fn order_counts(&mut self) {
        let input = self.input;
        for c in input.order_counts {
            match self.sales_source(&c.store) {
                Some(SalesSource::Settlement) => {}
                Some(SalesSource::Orders) => continue,
                None => {
                    self.note(CreditProblem::UnknownStore { store: c.store.clone() });
                    continue;
                }
            }
            let count = i64::try_from(c.orders.min(MAX_QUANTITY)).unwrap_or(0);
            let Some(unit) = self.place(FactKind::Sale, Some(&c.store), None, None, c.day) else { continue };
            let figures = Figures { orders: count, ..Figures::default() };
            self.items.push(Item { unit, day: c.day, store: Some(&c.store), sku: None, who: Who::Ledger, refund: false, figures });
        }
        for (i, o) in input.orders.iter().enumerate() {
            if self.sales_source(&o.header.store) != Some(SalesSource::Orders) {
                continue;
            }
            let mut days: Vec<NaiveDate> = o.facts.iter().filter(|f| f.kind == FactKind::Sale).map(|f| f.date).collect();
            days.sort_unstable();
            days.dedup();
            for day in days {
                let Some(unit) = self.place(FactKind::Sale, Some(&o.header.store), None, None, day) else { continue };
                let figures = Figures { orders: 1, ..Figures::default() };
                self.items.push(Item { unit, day, store: Some(&o.header.store), sku: None, who: Who::Order(i), refund: false, figures });
            }
        }
    }

    /// Every order's payments (+) and refunds (−) per SKU and day, as
    /// sources to convert.
    fn cash_sources(&mut self) -> Vec<Source<'a>> {
        let input = self.input;
        let mut out = Vec::new();
        for (i, o) in input.orders.iter().enumerate() {
            if self.sales_source(&o.header.store).is_none() {
                continue;
            }
            for s in o.stages.iter().filter(|s| matches!(s.stage, Stage::Paid | Stage::Refunded)) {
                let Some(unit) = self.place(FactKind::Transfer, Some(&o.header.store), None, None, s.day) else { continue };
                out.push(Source {
                    unit,
                    day: s.day,
                    store: Some(&o.header.store),
                    sku: Some(&s.sku),
                    who: Who::Order(i),
                    kind: FactKind::Transfer,
                    currency: o.header.currency,
                    amount: s.amount,
                    quantity: 0,
                });
            }
        }
        out
    }

    /// Credits every item: per role, its figures split over the credited
    /// people by share, or all to the role's uncredited bucket; then checks
    /// that every role's rows add up to each unit-day's figures.
    fn finish(self) -> CreditGrain {
        let input = self.input;
        let resolver = input.resolver;
        let roles = resolver.roles();
        let mut sales: BTreeMap<SaleKey, Figures> = BTreeMap::new();
        // A piece with nothing in it (an aggregate its orders took whole) has no row.
        let items: Vec<&Item<'a>> = self.items.iter().filter(|it| it.figures != Figures::default()).collect();
        // Each subject is resolved once; a SKU no rule names resolves as its
        // store's (so a store-level rule is resolved per store and day, not
        // per SKU: ~3 M SKU-days at 10 M lines).
        let mut cache: HashMap<SubjectKey, usize> = HashMap::new();
        let mut resolved: Vec<Vec<Vec<Credit>>> = Vec::new();
        let mut answer: Vec<usize> = Vec::with_capacity(items.len());
        for it in &items {
            let sku = match it.who {
                Who::Ledger => it.sku.filter(|k| resolver.sku_has_rules(it.store, k)),
                Who::Order(_) => it.sku,
            };
            let at = *cache.entry((it.store, sku, it.who, it.day)).or_insert_with(|| {
                let subject = match it.who {
                    Who::Ledger => Subject::fact(it.store, sku),
                    Who::Order(i) => Subject::order(input.orders[i].header, it.sku),
                };
                let credits = resolver.resolve(&subject, it.day);
                resolved.push(roles.iter().map(|&r| credits.iter().filter(|c| c.role == r).cloned().collect()).collect());
                resolved.len() - 1
            });
            answer.push(at);
        }
        type RowKey<'k> = (NaiveDate, &'k str, usize, Option<&'k str>, CustomerClass);
        let mut rows: HashMap<RowKey, Figures> = HashMap::new();
        let mut units: HashMap<(&str, NaiveDate), Figures> = HashMap::new();
        for (it, &at) in items.iter().zip(&answer) {
            let class = match it.who {
                Who::Ledger => CustomerClass::Unknown,
                Who::Order(i) => input.orders[i].class,
            };
            units.entry((it.unit, it.day)).or_default().add(&it.figures);
            for (r, credits) in resolved[at].iter().enumerate() {
                let role = roles[r];
                match credits.as_slice() {
                    [] => rows.entry((it.day, it.unit, r, None, class)).or_default().add(&it.figures),
                    // One person holds the whole share: the split is the whole.
                    [only] => {
                        let part = it.figures.whole();
                        rows.entry((it.day, it.unit, r, Some(only.person.as_str()), class)).or_default().add(&part);
                        if let Who::Order(i) = it.who {
                            sales.entry((i, it.day, it.unit, role, only.person.clone(), class, it.refund)).or_default().add(&part);
                        }
                    }
                    many => {
                        let mine: Vec<&Credit> = many.iter().collect();
                        for (c, part) in many.iter().zip(it.figures.split(&mine)) {
                            rows.entry((it.day, it.unit, r, Some(c.person.as_str()), class)).or_default().add(&part);
                            if let Who::Order(i) = it.who {
                                sales.entry((i, it.day, it.unit, role, c.person.clone(), class, it.refund)).or_default().add(&part);
                            }
                        }
                    }
                }
            }
        }
        // Sorted by day, unit, role, person (uncredited first), class.
        let mut rows: Vec<(RowKey, Figures)> = rows.into_iter().collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let days: Vec<CreditDay> = rows
            .into_iter()
            .map(|((day, unit, r, person, customer_class), figures)| CreditDay {
                day,
                unit: unit.to_string(),
                person: person.map(str::to_string),
                role: roles[r].to_string(),
                customer_class,
                figures,
            })
            .collect();
        let units: BTreeMap<(String, NaiveDate), Figures> = units.into_iter().map(|((u, d), f)| ((u.to_string(), d), f)).collect();
        reconcile(&days, &units, roles);
        let sales = sales
            .into_iter()
            .map(|((i, day, unit, role, person, customer_class, refund), figures)| CreditSale {
                sale: crate::incentive::order_key(&input.orders[i].header.store, &input.orders[i].header.id),
                day,
                unit: unit.to_string(),
                person,
                role: role.to_string(),
                customer_class,
                refund,
                figures,
            })
            .collect();
        CreditGrain { days, units, problems: self.problems, sales }
    }
}

/// The invariant: for every unit, day and role, the credited people plus
/// the uncredited bucket add up to the unit's figures, to the fen.
fn reconcile(days: &[CreditDay], units: &BTreeMap<(String, NaiveDate), Figures>, roles: &[&str]) {
    let mut by_role: HashMap<(&str, NaiveDate, &str), Figures> = HashMap::new();
    for d in days {
        by_role.entry((d.unit.as_str(), d.day, d.role.as_str())).or_default().add(&d.figures);
    }
    for ((unit, day), total) in units {
        for role in roles {
            let credited = by_role.get(&(unit.as_str(), *day, role)).copied().unwrap_or_default();
            assert_eq!(
                credited, *total,
                "credit of role {role} in unit {unit} on {day}: credited + uncredited must equal the unit's figures"
            );
        }
    }
}
