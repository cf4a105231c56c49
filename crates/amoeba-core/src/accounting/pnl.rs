//! The month P&L engine: from pre-aggregated facts, hours, rules and rates
//! to every unit's P&L per day and per month, rolled up the unit tree, with
//! the derived entries (internal charges, allocations, COGS) the close stores.
//!
//! Order of work: facts are placed on units and converted (one rounding per
//! (unit, day, kind, line, currency)); COGS is derived; hours and labour are
//! booked; internal charges are applied on the day's volumes; allocation
//! rules run last, in the order given, so a later rule can re-allocate what
//! an earlier one moved (step-down) when it lists `allocation` as a kind.

use super::allocation::AllocationEntry;
use super::book::Book;
use super::charges::ChargeEntry;
use super::cogs::CogsEntry;
use super::errors::{ErrorSink, PnlError};
use super::fx::{fx_gain_loss, FxGainLoss, FxTable, Settlement};
use super::lines::PnlLine;
use super::posting::Posting;
use super::rules::{validate_allocation_rules, validate_charge_rules, AllocationRule, ChargeRule, RuleError};
use super::totals::Lines;
use super::tree::UnitTree;
use super::{drivers, ingest};
use crate::ledger::{FactKind, HoursRecord};
use crate::money::Currency;
use crate::org::Org;
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A shared code (store, unit, SKU): a month holds millions of aggregates
/// naming the same few thousand codes, so each is allocated once.
pub type Code = std::sync::Arc<str>;

/// Facts summed by the storage layer per (day, unit, store, SKU, kind,
/// currency) in the source currency, exactly. Internal-charge facts of
/// opposite sign must not be netted into one aggregate (their sign picks the line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactAggregate {
    /// Business day.
    pub day: NaiveDate,
    /// Unit named by the facts (facts without a store).
    pub unit: Option<Code>,
    /// Store of the facts; its owner on `day` gets them.
    pub store: Option<Code>,
    /// SKU, if any (needed to derive COGS).
    pub sku: Option<Code>,
    /// Fact kind.
    pub kind: FactKind,
    /// Source currency.
    pub currency: Currency,
    /// Σ amount in `currency` (ledger sign).
    pub amount: Decimal,
    /// Σ quantity (units shipped for sales, returned for refunds).
    pub quantity: i64,
    /// Number of facts summed (for drill-down counts).
    pub facts: u64,
}

/// Orders a store received on a day (basis of per-order charges).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCount {
    /// Store code.
    pub store: String,
    /// Day.
    pub day: NaiveDate,
    /// Distinct orders.
    pub orders: u64,
}

/// Whether the engine derives COGS from landed SKU costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CogsMode {
    /// The facts carry COGS; nothing is derived.
    FromSource,
    /// Derive COGS for sales (skipping any (store, SKU, day) whose facts already
    /// carry COGS); `reverse_refunds` puts returned units back at cost.
    Derive {
        /// Whether refunds with a returned quantity reverse COGS.
        reverse_refunds: bool,
    },
}

/// Everything the engine needs for one month. Borrowed, because the same
/// inputs serve the close, live reports and what-if runs.
#[derive(Debug, Clone, Copy)]
pub struct PnlInput<'a> {
    /// The organisation (units, stores, SKUs, assignments).
    pub org: &'a Org,
    /// Month computed.
    pub month: Month,
    /// Exchange rates (base = the company's base currency).
    pub fx: &'a FxTable,
    /// Pre-aggregated facts of the month.
    pub facts: &'a [FactAggregate],
    /// Order counts per store and day.
    pub orders: &'a [OrderCount],
    /// Hours and labour cost of the month.
    pub hours: &'a [HoursRecord],
    /// Internal charge rules (all versions; inactive ones are ignored).
    pub charge_rules: &'a [ChargeRule],
    /// Allocation rules, applied in this order.
    pub allocation_rules: &'a [AllocationRule],
    /// Settlements deposited in the month (for FX gain/loss).
    pub settlements: &'a [Settlement],
    /// COGS handling.
    pub cogs: CogsMode,
}

/// One unit's P&L for the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPnl {
    /// The unit's own figures (booked on it directly).
    pub own: Lines,
    /// Own + every unit below it.
    pub rolled_up: Lines,
    /// Own figures per day (every day of the month).
    pub by_day: BTreeMap<NaiveDate, Lines>,
    /// Rolled-up figures per day.
    pub rolled_up_by_day: BTreeMap<NaiveDate, Lines>,
    /// Own added value ÷ own hours (2 dp); `None` without hours.
    pub hourly_efficiency: Option<Decimal>,
    /// Rolled-up added value ÷ rolled-up hours (2 dp).
    pub hourly_efficiency_rolled_up: Option<Decimal>,
    /// FX gain/loss of settlements deposited for the unit's stores (outside profit).
    pub fx_gain_loss: Decimal,
    /// FX gain/loss of the subtree.
    pub fx_gain_loss_rolled_up: Decimal,
    /// Source facts behind the own figures.
    pub facts: u64,
}

/// Entries the engine derived, for the close to store as facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedEntries {
    /// Internal charges.
    pub charges: Vec<ChargeEntry>,
    /// Allocations.
    pub allocations: Vec<AllocationEntry>,
    /// Derived COGS.
    pub cogs: Vec<CogsEntry>,
}

impl DerivedEntries {
    /// Every derived amount as a posting (charges and allocations two each).
    pub fn postings(&self) -> Vec<Posting> {
        let mut out: Vec<Posting> = self.charges.iter().flat_map(|c| c.postings()).collect();
        out.extend(self.allocations.iter().flat_map(|a| a.postings()));
        out.extend(self.cogs.iter().map(|c| c.posting()));
        out
    }
}

/// The month's P&L for every unit and the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPnl {
    /// Month computed.
    pub month: Month,
    /// Currency of every figure.
    pub base_currency: Currency,
    /// Every unit in the tree, by code.
    pub units: BTreeMap<String, UnitPnl>,
    /// The group: Σ of the root units' rolled-up figures (= Σ of all units' own).
    pub group: Lines,
    /// The group per day.
    pub group_by_day: BTreeMap<NaiveDate, Lines>,
    /// FX gain/loss of every settlement deposited in the month.
    pub fx: Vec<FxGainLoss>,
    /// Group FX gain/loss (outside operating profit).
    pub group_fx_gain_loss: Decimal,
    /// Derived entries for the close to store.
    pub entries: DerivedEntries,
    /// Problems; the close must not lock a month with any.
    #[serde(skip)]
    pub errors: Vec<PnlError>,
}

impl MonthPnl {
    /// Whether the month computed without a single problem (closable).
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The rules without any validation error (a rule code with an error is
/// skipped in all its versions, since which version is wrong is ambiguous).
fn valid_rules<'r, R>(rules: &'r [R], errors: &[RuleError], code: impl Fn(&R) -> &str) -> Vec<&'r R> {
    let bad: BTreeSet<&str> = errors.iter().map(RuleError::rule).collect();
    rules.iter().filter(|r| !bad.contains(code(r))).collect()
}

/// Computes the month. Never panics on bad data: problems are returned in
/// [`MonthPnl::errors`] and the figures cover everything else. Invariants
/// (group = Σ roots, parent = own + Σ children, month = Σ days, derived
/// internal entries net to zero) are asserted before returning.
pub fn compute_month(input: &PnlInput) -> MonthPnl {
    let mut errors = ErrorSink::default();
    let (tree, tree_errors) = UnitTree::new(input.org);
    tree_errors.into_iter().for_each(|e| errors.push(e));
    if input.fx.base() != input.org.company.base_currency {
        errors.push(PnlError::BaseCurrency { org: input.org.company.base_currency, fx: input.fx.base() });
    }
    let is_unit = |u: &str| tree.index(u).is_some();
    let charge_errors = validate_charge_rules(input.charge_rules, is_unit);
    let alloc_errors = validate_allocation_rules(input.allocation_rules, is_unit);
    let charge_rules: Vec<ChargeRule> = valid_rules(input.charge_rules, &charge_errors, |r| &r.code).into_iter().cloned().collect();
    let alloc_rules = valid_rules(input.allocation_rules, &alloc_errors, |r| &r.code);
    charge_errors.into_iter().chain(alloc_errors).for_each(|e| errors.push(e));

    let mut book = Book::new(tree.len(), input.month);
    let mut entries = DerivedEntries::default();
    let mut eng = ingest::Ingest::new(input, &tree, &mut book, &mut errors);
    let sold = eng.facts();
    entries.cogs = eng.cogs(&sold);
    eng.hours();
    entries.charges = eng.charges(&sold, &charge_rules);
    drop(eng);
    entries.allocations = drivers::run_allocations(input, &tree, &mut book, &mut errors, &alloc_rules);
    let (fx, fx_by_unit) = settlements(input, &tree, &book, &mut errors);
    let pnl = assemble(input, &tree, &book, &fx_by_unit, entries, fx, &mut errors);
    MonthPnl { errors: errors.finish(), ..pnl }
}

fn settlements(input: &PnlInput, tree: &UnitTree, book: &Book, errors: &mut ErrorSink) -> (Vec<FxGainLoss>, Vec<Decimal>) {
    let mut by_unit = vec![Decimal::ZERO; tree.len()];
    let mut out = Vec::new();
    let stores = ingest::store_index(input.org);
    for s in input.settlements {
        if book.day_ix(s.deposit_day).is_none() {
            let what = format!("settlement '{}'", s.id);
            errors.push(PnlError::OutsideMonth { what, day: s.deposit_day, month: input.month });
            continue;
        }
        let Some(owner) = ingest::owner_ix(&stores, tree, &s.store, s.deposit_day, errors) else { continue };
        let days = s.booked.iter().map(|(d, _)| *d).chain([s.deposit_day]);
        let missing = input.fx.missing(days.map(|d| (s.currency, d)));
        if !missing.is_empty() {
            missing.into_iter().for_each(|e| errors.push(e));
            continue;
        }
        match fx_gain_loss(input.fx, s) {
            Ok(r) => {
                by_unit[owner] += r.gain_loss;
                out.push(r);
            }
            Err(e) => errors.push(e),
        }
    }
    (out, by_unit)
}

fn assemble(
    input: &PnlInput,
    tree: &UnitTree,
    book: &Book,
    fx_by_unit: &[Decimal],
    entries: DerivedEntries,
    fx: Vec<FxGainLoss>,
    errors: &mut ErrorSink,
) -> MonthPnl {
    let n = tree.len();
    let days: Vec<NaiveDate> = (0..book.days()).map(|i| book.day(i)).collect();
    let mut own = Vec::with_capacity(n);
    for u in 0..n {
        let month = Lines::sum((0..days.len()).map(|d| book.cell(u, d)));
        assert_eq!(&month, book.month(u), "unit {}: month must equal the sum of its days", tree.code(u));
        month.check();
        own.push(month);
    }
    // Bottom-up roll-up: children are finished before their parent.
    let mut rolled = own.clone();
    let mut rolled_days: Vec<Vec<Lines>> = (0..n).map(|u| (0..days.len()).map(|d| book.cell(u, d).clone()).collect()).collect();
    let mut fx_rolled = fx_by_unit.to_vec();
    for &u in tree.bottom_up() {
        for &c in tree.children(u) {
            let child = rolled[c].clone();
            rolled[u].add_lines(&child);
            let child_fx = fx_rolled[c];
            fx_rolled[u] += child_fx;
            let child_days = rolled_days[c].clone();
            for (dst, src) in rolled_days[u].iter_mut().zip(&child_days) {
                dst.add_lines(src);
            }
        }
    }
    let group = Lines::sum(tree.roots().iter().map(|&r| &rolled[r]));
    assert_eq!(group, Lines::sum(own.iter()), "group must equal the sum of every unit's own P&L");
    let group_by_day: BTreeMap<NaiveDate, Lines> =
        days.iter().enumerate().map(|(d, day)| (*day, Lines::sum(tree.roots().iter().map(|&r| &rolled_days[r][d])))).collect();
    assert_eq!(Lines::sum(group_by_day.values()), group, "group month must equal the sum of its days");
    let mut units = BTreeMap::new();
    for u in 0..n {
        let expected = Lines::sum(std::iter::once(&own[u]).chain(tree.children(u).iter().map(|&c| &rolled[c])));
        assert_eq!(rolled[u], expected, "unit {}: rolled_up must be own + Σ children", tree.code(u));
        assert_eq!(Lines::sum(rolled_days[u].iter()), rolled[u], "unit {}: rolled-up days", tree.code(u));
        units.insert(
            tree.code(u).to_string(),
            UnitPnl {
                hourly_efficiency: own[u].hourly_efficiency(),
                hourly_efficiency_rolled_up: rolled[u].hourly_efficiency(),
                own: own[u].clone(),
                rolled_up: rolled[u].clone(),
                by_day: days.iter().enumerate().map(|(d, day)| (*day, book.cell(u, d).clone())).collect(),
                rolled_up_by_day: days.iter().copied().zip(rolled_days[u].iter().cloned()).collect(),
                fx_gain_loss: fx_by_unit[u],
                fx_gain_loss_rolled_up: fx_rolled[u],
                facts: book.facts[u],
            },
        );
    }
    check_internal_netting(&group, &entries, errors);
    let group_fx_gain_loss = fx.iter().map(|f| f.gain_loss).sum();
    MonthPnl {
        month: input.month,
        base_currency: input.org.company.base_currency,
        units,
        group,
        group_by_day,
        fx,
        group_fx_gain_loss,
        entries,
        errors: Vec::new(),
    }
}

/// Derived charges and allocations net to zero by construction (asserted);
/// imported internal facts might not, which is bad data, reported not panicked.
fn check_internal_netting(group: &Lines, entries: &DerivedEntries, errors: &mut ErrorSink) {
    let charges: Decimal = entries.charges.iter().flat_map(|c| c.postings()).map(|p| p.amount).sum();
    let allocations: Decimal = entries.allocations.iter().flat_map(|a| a.postings()).map(|p| p.amount).sum();
    assert!(charges.is_zero() && allocations.is_zero(), "derived internal entries must net to zero");
    let internal = group.get(PnlLine::InternalSales) + group.get(PnlLine::InternalPurchases);
    if !internal.is_zero() {
        errors.push(PnlError::NotNetZero { line: "internal", amount: internal });
    }
    let allocated = group.get(PnlLine::Allocated);
    if !allocated.is_zero() {
        errors.push(PnlError::NotNetZero { line: "allocated", amount: allocated });
    }
}
