//! First half of the month engine: places fact aggregates on units,
//! converts them to the base currency (the one rounding), derives COGS,
//! books hours and labour, and applies internal charges on the day's volumes.

use super::book::Book;
use super::charges::{apply_charges, ChargeEntry, DayVolume, Volumes};
use super::cogs::{cost_landed, CogsEntry, CogsError, Costed, Landed, MissingCosts, SkuCosts};
use super::errors::{ErrorSink, PnlError};
use super::lines::PnlLine;
use super::pnl::{CogsMode, FactAggregate, PnlInput};
use super::posting::Posting;
use super::rules::{month_days, ChargeBasis, ChargeRule};
use super::tree::UnitTree;
use crate::ledger::{FactKind, HoursPeriod, HoursRecord};
use crate::money::{round_money, split_largest_remainder, Currency};
use crate::org::{Org, Store};
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// Largest |amount| of one aggregate (10¹³ in any currency). Bounding inputs
/// keeps every product and sum far inside `Decimal`'s range, so the engine
/// can add without overflow checks and bad data gets a message, not a panic.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_316_134_912, 2_328, 0, false, 0);

/// Largest |quantity| of one aggregate, and largest order count per store-day.
pub const MAX_QUANTITY: u64 = 1_000_000_000;

/// Largest hours of one hours record (a month of a large team fits).
pub const MAX_HOURS: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Key of sold units: (unit, store id + 1 or 0 for none, SKU id, day
/// index), ids from [`CodeIds`]: four integers hash and compare in a few
/// nanoseconds, where two strings in a B-tree cost a third of a close of
/// millions of (store, SKU, day)s.
type SoldKey = (u32, u32, u32, u32);

/// Foldhash maps: the keys are the engine's own integers and codes.
type FastMap<K, V> = foldhash::HashMap<K, V>;

/// The month's store and SKU codes as small integers. Codes arrive shared
/// (one allocation per distinct code), so most are found by address.
#[derive(Debug, Default)]
pub(crate) struct CodeIds<'a> {
    /// The last code asked for in each lane (stores, SKUs) and its id: a
    /// store's aggregates come together, so its code is asked for many
    /// times in a row.
    last: [Option<(&'a str, u32)>; 2],
    by_address: FastMap<(usize, usize), u32>,
    by_text: FastMap<&'a str, u32>,
    texts: Vec<&'a str>,
}

impl<'a> CodeIds<'a> {
    /// The id of `code`; the same for equal texts wherever they live. The
    /// borrow keeps each address owned by its text for the whole run.
    /// `lane` (0 stores, 1 SKUs) picks the one-entry cache checked first.
    fn id(&mut self, code: &'a str, lane: usize) -> u32 {
        if let Some((last, i)) = self.last[lane] {
            if std::ptr::eq(last, code) {
                return i;
            }
        }
        let address = (code.as_ptr() as usize, code.len());
        if let Some(&i) = self.by_address.get(&address) {
            self.last[lane] = Some((code, i));
            return i;
        }
        let next = self.texts.len() as u32;
        let i = *self.by_text.entry(code).or_insert(next);
        if i == next {
            self.texts.push(code);
        }
        self.by_address.insert(address, i);
        self.last[lane] = Some((code, i));
        i
    }

    fn text(&self, id: u32) -> &'a str {
        self.texts[id as usize]
    }
}

/// What the facts say about volumes, kept for COGS and charges.
#[derive(Debug, Default)]
pub(crate) struct Sold<'a> {
    shipped: FastMap<(usize, usize), i64>,
    codes: CodeIds<'a>,
    /// Units (sold, returned) per key, each key once.
    units: Vec<(SoldKey, (i64, i64))>,
    /// The current day's units: aggregates come by day, so the map being
    /// filled holds one day (cache-sized), not the month.
    day_units: FastMap<SoldKey, (i64, i64)>,
    /// Day index of `day_units`, and whether a day came after a later one
    /// (then `units` may hold a key twice and is merged at the end).
    day: Option<u32>,
    days_out_of_order: bool,
    source_cogs: foldhash::HashSet<SoldKey>,
}

impl Sold<'_> {
    /// The entry of `key`, moving to its day first.
    fn units_of(&mut self, key: SoldKey) -> &mut (i64, i64) {
        if self.day != Some(key.3) {
            if self.day.is_some_and(|d| key.3 < d) {
                self.days_out_of_order = true;
            }
            self.flush_day();
            self.day = Some(key.3);
        }
        self.day_units.entry(key).or_default()
    }

    fn flush_day(&mut self) {
        self.units.extend(self.day_units.drain());
    }

    /// Ends the filling: every key once in `units`.
    fn finish(&mut self) {
        self.flush_day();
        if self.days_out_of_order {
            self.units.sort_unstable_by_key(|(k, _)| *k);
            let mut merged: Vec<(SoldKey, (i64, i64))> = Vec::with_capacity(self.units.len());
            for (k, (s, r)) in self.units.drain(..) {
                match merged.last_mut() {
                    Some((last, v)) if *last == k => {
                        v.0 = v.0.saturating_add(s);
                        v.1 = v.1.saturating_add(r);
                    }
                    _ => merged.push((k, (s, r))),
                }
            }
            self.units = merged;
        }
    }
}

/// Stores by code (first definition wins).
pub(crate) fn store_index(org: &Org) -> HashMap<&str, &Store> {
    let mut m = HashMap::with_capacity(org.stores.len());
    for s in &org.stores {
        m.entry(s.code.as_str()).or_insert(s);
    }
    m
}

/// Index of the unit owning `store` on `day`, or an error naming why not.
pub(crate) fn owner_ix(
    stores: &HashMap<&str, &Store>,
    tree: &UnitTree,
    store: &str,
    day: NaiveDate,
    errors: &mut ErrorSink,
) -> Option<usize> {
    let Some(s) = stores.get(store) else {
        errors.push(PnlError::UnknownStore { store: store.to_string() });
        return None;
    };
    let Some(o) = s.owners.iter().find(|o| o.range.contains(day)) else {
        errors.push(PnlError::NoStoreOwner { store: store.to_string(), day });
        return None;
    };
    let ix = tree.index(&o.unit);
    if ix.is_none() {
        errors.push(PnlError::UnknownUnit { what: format!("owner of store '{store}'"), unit: o.unit.clone() });
    }
    ix
}

/// Books a derived posting. Its unit and day come from the engine itself,
/// so an unknown one is a programming error.
pub(crate) fn post(book: &mut Book, tree: &UnitTree, p: &Posting) {
    let unit = tree.index(&p.unit).unwrap_or_else(|| panic!("derived posting for unknown unit {}", p.unit));
    let day = book.day_ix(p.day).unwrap_or_else(|| panic!("derived posting outside the month: {}", p.day));
    book.post(unit, day, Some(p.kind), p.line, p.amount);
}

/// Decimal places of hours, as the `hours` import accepts them.
pub const HOURS_DP: u32 = 4;

/// Spreads `hours` (at most [`HOURS_DP`] places) evenly over `days` days by
/// largest remainder in units of 0.0001 h, so the days sum to it exactly.
fn spread_hours(hours: Decimal, days: usize) -> Option<Vec<Decimal>> {
    let scale = Decimal::ONE_HUNDRED;
    let parts = split_largest_remainder(hours * scale, &vec![Decimal::ONE; days]).ok()?;
    Some(parts.into_iter().map(|p| p / scale).collect())
}

/// A whole-month hours record as the engine books it, one part per day of
/// `month`: `(day, hours, labour)` with hours spread in 0.0001 h and labour
/// (negative, rounded once to the cent) in cents, both by largest remainder
/// so the days sum to the record exactly. The drill-down lists a day's part
/// with this same function. `None` when the record cannot be spread (too
/// many decimals or an amount beyond the accepted range).
pub fn spread_month_record(r: &HoursRecord, month: Month) -> Option<Vec<(NaiveDate, Decimal, Decimal)>> {
    let days = month_days(month);
    let labour = -round_money(r.labour_cost);
    let hours = spread_hours(r.hours + r.overtime_hours, days.len())?;
    let labour = split_largest_remainder(labour, &vec![Decimal::ONE; days.len()]).ok()?;
    Some(days.into_iter().zip(hours).zip(labour).map(|((d, h), l)| (d, h, l)).collect())
}

/// Engine state while facts, COGS, hours and charges are booked.
pub(crate) struct Ingest<'a, 'b> {
    input: &'b PnlInput<'a>,
    tree: &'b UnitTree,
    book: &'b mut Book,
    errors: &'b mut ErrorSink,
    stores: HashMap<&'a str, &'a Store>,
    skus: SkuCosts<'a>,
    owners: FastMap<(&'a str, NaiveDate), Option<usize>>,
    /// The last store and day placed, and its owner (aggregates come by
    /// day and store).
    last_owner: Option<(&'a str, NaiveDate, Option<usize>)>,
}

impl<'a, 'b> Ingest<'a, 'b> {
    /// Prepares indexes over the organisation.
    pub(crate) fn new(input: &'b PnlInput<'a>, tree: &'b UnitTree, book: &'b mut Book, errors: &'b mut ErrorSink) -> Self {
        Self {
            input,
            tree,
            book,
            errors,
            stores: store_index(input.org),
            skus: SkuCosts::new(input.org),
            owners: FastMap::default(),
            last_owner: None,
        }
    }

    fn store_owner(&mut self, store: &'a str, day: NaiveDate) -> Option<usize> {
        if let Some((s, d, ix)) = self.last_owner {
            if d == day && std::ptr::eq(s, store) {
                return ix;
            }
        }
        let ix = match self.owners.get(&(store, day)) {
            Some(cached) => *cached,
            None => {
                let ix = owner_ix(&self.stores, self.tree, store, day, self.errors);
                self.owners.insert((store, day), ix);
                ix
            }
        };
        self.last_owner = Some((store, day, ix));
        ix
    }

    /// The unit an aggregate belongs to: its store's owner that day, else
    /// the unit it names, else its SKU's owner that day.
    fn place(&mut self, agg: &'a FactAggregate) -> Option<usize> {
        if let Some(store) = agg.store.as_deref() {
            let owner = self.store_owner(store, agg.day)?;
            if let Some(unit) = agg.unit.as_deref() {
                if unit != self.tree.code(owner) {
                    self.errors.push(PnlError::StoreUnitMismatch {
                        store: store.to_string(),
                        unit: unit.to_string(),
                        owner: self.tree.code(owner).to_string(),
                        day: agg.day,
                    });
                    return None;
                }
            }
            return Some(owner);
        }
        let code = agg.unit.as_deref().or_else(|| agg.sku.as_deref().and_then(|s| self.skus.owner(s, agg.day)));
        let Some(code) = code else {
            self.errors.push(PnlError::Unplaced { kind: agg.kind, day: agg.day });
            return None;
        };
        let ix = self.tree.index(code);
        if ix.is_none() {
            self.errors.push(PnlError::UnknownUnit { what: format!("{} facts", agg.kind), unit: code.to_string() });
        }
        ix
    }

    /// Places, sums per (unit, day, kind, line, currency) and converts each
    /// sum once. Returns the volumes COGS and charges need.
    pub(crate) fn facts(&mut self) -> Sold<'a> {
        let facts: &'a [FactAggregate] = self.input.facts;
        let derive = matches!(self.input.cogs, CogsMode::Derive { .. });
        let mut sums: FastMap<(usize, usize, FactKind, PnlLine, Currency), Decimal> = FastMap::default();
        let mut sold = Sold::default();
        for agg in facts {
            let Some(d) = self.book.day_ix(agg.day) else {
                let what = format!("{} facts", agg.kind);
                self.errors.push(PnlError::OutsideMonth { what, day: agg.day, month: self.input.month });
                continue;
            };
            if agg.amount.abs() > MAX_AMOUNT || agg.quantity.unsigned_abs() > MAX_QUANTITY {
                let (kind, day, amount, quantity) = (agg.kind, agg.day, agg.amount, agg.quantity);
                self.errors.push(PnlError::OutOfRange { kind, day, amount, quantity });
                continue;
            }
            let Some(u) = self.place(agg) else { continue };
            self.book.facts[u] = self.book.facts[u].saturating_add(agg.facts);
            let key = agg.sku.as_deref().map(|sku| {
                let store = agg.store.as_deref().map_or(0, |s| sold.codes.id(s, 0) + 1);
                (u as u32, store, sold.codes.id(sku, 1), d as u32)
            });
            match agg.kind {
                FactKind::Sale => {
                    let shipped = sold.shipped.entry((u, d)).or_default();
                    *shipped = shipped.saturating_add(agg.quantity);
                    if derive && agg.quantity != 0 {
                        match key {
                            Some(k) => {
                                let e = sold.units_of(k);
                                e.0 = e.0.saturating_add(agg.quantity);
                            }
                            None => self.errors.push(PnlError::SaleWithoutSku {
                                unit: self.tree.code(u).to_string(),
                                day: agg.day,
                                quantity: agg.quantity,
                            }),
                        }
                    }
                }
                FactKind::Refund => {
                    if let (true, Some(k)) = (derive, key) {
                        let e = sold.units_of(k);
                        e.1 = e.1.saturating_add(agg.quantity.abs());
                    }
                }
                FactKind::Cogs => {
                    if let Some(k) = key {
                        sold.source_cogs.insert(k);
                    }
                }
                _ => {}
            }
            if let Some(line) = PnlLine::for_fact(agg.kind, agg.amount) {
                *sums.entry((u, d, agg.kind, line, agg.currency)).or_default() += agg.amount;
            }
        }
        for ((u, d, kind, line, currency), amount) in sums {
            match self.input.fx.convert(amount, currency, self.book.day(d)) {
                Ok(base) => self.book.post(u, d, Some(kind), line, base),
                Err(e) => self.errors.push(e),
            }
        }
        sold.finish();
        sold
    }

    /// Derives COGS when asked, skipping (store, SKU, day)s whose facts
    /// carry it: each SKU's net units × its landed cost that day, rounded
    /// once per SKU, summed into one entry per (unit, store, day). Costs are
    /// looked up as the map is walked, so a month of millions of (store,
    /// SKU, day)s holds no second copy of them.
    pub(crate) fn cogs(&mut self, sold: &Sold<'a>) -> Vec<CogsEntry> {
        let CogsMode::Derive { reverse_refunds } = self.input.cogs else { return Vec::new() };
        let mut missing = MissingCosts::default();
        let mut merged: BTreeMap<(usize, Option<&str>, usize), CogsEntry> = BTreeMap::new();
        let mut overflows = Vec::new();
        // Each SKU looked up once, by its id, not once per store and day.
        let mut sku_of: Vec<Option<Landed>> = vec![None; sold.codes.texts.len()];
        for (key, (s, r)) in &sold.units {
            if sold.source_cogs.contains(key) {
                continue;
            }
            let (u, d) = (key.0 as usize, key.3 as usize);
            let store = (key.1 > 0).then(|| sold.codes.text(key.1 - 1));
            let sku = sold.codes.text(key.2);
            let quantity = if reverse_refunds { s - r } else { *s };
            if quantity == 0 {
                continue;
            }
            let day = self.book.day(d);
            let landed = *sku_of[key.2 as usize].get_or_insert_with(|| Landed::of(self.skus.sku(sku)));
            let (unit_cost, amount) = match cost_landed(landed.on(day), quantity) {
                Costed::Cost(c, a) => (c, a),
                Costed::Missing => {
                    missing.note(sku, day);
                    continue;
                }
                Costed::Overflow => {
                    overflows.push(CogsError::Overflow { sku: sku.to_string(), day, quantity });
                    continue;
                }
            };
            match merged.entry((u, store, d)) {
                std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().add_skus(1, quantity, amount),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(CogsEntry {
                        day,
                        unit: self.tree.code(u).to_string(),
                        store: store.map(str::to_string),
                        sku: Some(sku.to_string()),
                        skus: 1,
                        quantity,
                        unit_cost: Some(unit_cost),
                        amount,
                    });
                }
            }
        }
        // The map's order is arbitrary: report overflows in a fixed one.
        overflows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        for e in overflows {
            self.errors.push(e);
        }
        if let Some(e) = missing.into_error() {
            self.errors.push(e);
        }
        let entries: Vec<CogsEntry> = merged.into_values().collect();
        for e in &entries {
            post(self.book, self.tree, &e.posting());
        }
        entries
    }

    fn hours_error(&mut self, r: &HoursRecord, reason: &str) {
        let (line, person, unit) = (r.line, r.person.clone(), r.unit.clone());
        self.errors.push(PnlError::Hours { line, person, unit, reason: reason.to_string() });
    }

    /// Books hours (+) and labour (−, rounded once to the cent per record).
    /// Month totals are spread evenly over the month's days by largest
    /// remainder (hours in 0.0001 h, labour in cents) so the daily view has
    /// them too and the days sum to the month exactly.
    pub(crate) fn hours(&mut self) {
        let records: &'a [HoursRecord] = self.input.hours;
        for r in records {
            let Some(u) = self.tree.index(&r.unit) else {
                let what = format!("hours line {}", r.line);
                self.errors.push(PnlError::UnknownUnit { what, unit: r.unit.clone() });
                continue;
            };
            let figures = [r.hours, r.overtime_hours, r.labour_cost];
            if figures.iter().any(|x| x.is_sign_negative() && !x.is_zero()) {
                self.hours_error(r, "hours and labour cost must not be negative");
                continue;
            }
            if r.hours > MAX_HOURS || r.overtime_hours > MAX_HOURS || r.labour_cost > MAX_AMOUNT {
                self.hours_error(r, "hours or labour cost beyond the accepted range");
                continue;
            }
            if !figures[..2].iter().all(|x| x.round_dp(HOURS_DP) == *x) {
                self.hours_error(r, "hours take at most 4 decimals");
                continue;
            }
            let hours = r.hours + r.overtime_hours;
            // The one rounding of a labour cost: to the cent, per record.
            let labour = -round_money(r.labour_cost);
            match r.period {
                HoursPeriod::Day(day) => {
                    let Some(d) = self.book.day_ix(day) else {
                        let what = format!("hours line {}", r.line);
                        self.errors.push(PnlError::OutsideMonth { what, day, month: self.input.month });
                        continue;
                    };
                    self.book.post(u, d, None, PnlLine::Hours, hours);
                    self.book.post(u, d, None, PnlLine::Labour, labour);
                }
                HoursPeriod::Month(m) => {
                    if m != self.input.month {
                        let what = format!("hours line {}", r.line);
                        self.errors.push(PnlError::OutsideMonth { what, day: m.first_day(), month: self.input.month });
                        continue;
                    }
                    let Some(parts) = spread_month_record(r, m) else {
                        self.hours_error(r, "cannot be spread over the month");
                        continue;
                    };
                    for (d, (_, hh, ll)) in parts.into_iter().enumerate() {
                        self.book.post(u, d, None, PnlLine::Hours, hh);
                        self.book.post(u, d, None, PnlLine::Labour, ll);
                    }
                }
            }
        }
    }

    fn volumes(&mut self, sold: &Sold<'a>, rules: &[ChargeRule]) -> Volumes {
        let mut v = Volumes::new();
        for (&(u, d), &q) in &sold.shipped {
            v.entry((self.tree.code(u).to_string(), self.book.day(d))).or_default().shipped += q;
        }
        for u in 0..self.tree.len() {
            for d in 0..self.book.days() {
                let sales = self.book.cell(u, d).get(PnlLine::Sales);
                if !sales.is_zero() {
                    v.entry((self.tree.code(u).to_string(), self.book.day(d))).or_default().sales = sales;
                }
            }
        }
        let orders = self.input.orders;
        for o in orders {
            if self.book.day_ix(o.day).is_none() {
                let what = format!("orders of store '{}'", o.store);
                self.errors.push(PnlError::OutsideMonth { what, day: o.day, month: self.input.month });
                continue;
            }
            let Ok(n) = i64::try_from(o.orders.min(MAX_QUANTITY)) else { continue };
            if let Some(u) = self.store_owner(&o.store, o.day) {
                let e = v.entry((self.tree.code(u).to_string(), o.day)).or_default();
                e.orders = e.orders.saturating_add(n);
            }
        }
        if rules.iter().any(|r| matches!(r.basis, ChargeBasis::PerListing { .. })) {
            self.listings(&mut v);
        }
        v
    }

    /// Active listings: SKUs owned by each unit on each day of the month.
    fn listings(&mut self, v: &mut Volumes) {
        let org: &'a Org = self.input.org;
        let days = month_days(self.input.month);
        for sku in &org.skus {
            for o in &sku.owners {
                let Some(u) = self.tree.index(&o.unit) else {
                    let what = format!("owner of SKU '{}'", sku.code);
                    self.errors.push(PnlError::UnknownUnit { what, unit: o.unit.clone() });
                    continue;
                };
                for day in days.iter().filter(|d| o.range.contains(**d)) {
                    let e: &mut DayVolume = v.entry((self.tree.code(u).to_string(), *day)).or_default();
                    e.listings += 1;
                }
            }
        }
    }

    /// Applies the (valid) charge rules and books their entries.
    pub(crate) fn charges(&mut self, sold: &Sold<'a>, rules: &[ChargeRule]) -> Vec<ChargeEntry> {
        if rules.is_empty() {
            return Vec::new();
        }
        let volumes = self.volumes(sold, rules);
        let defaults: Vec<String> = self.tree.leaf_profit_centres().into_iter().map(|u| self.tree.code(u).to_string()).collect();
        let outcome = apply_charges(self.input.month, rules, &defaults, &volumes);
        for e in outcome.errors {
            self.errors.push(e);
        }
        for e in &outcome.entries {
            for p in e.postings() {
                post(self.book, self.tree, &p);
            }
        }
        outcome.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn hours_spread_to_the_ten_thousandth_and_sum_exactly() {
        let parts = spread_hours(dec!(7.3333), 31).unwrap();
        assert_eq!(parts.iter().copied().sum::<Decimal>(), dec!(7.3333));
        assert_eq!(parts[0], dec!(0.2366));
        assert_eq!(parts[30], dec!(0.2365));
        assert_eq!(spread_hours(dec!(1.00001), 31), None);
    }

    #[test]
    fn bounds_are_what_they_say() {
        assert_eq!(MAX_AMOUNT, dec!(10_000_000_000_000));
        assert_eq!(MAX_HOURS, dec!(1_000_000));
    }
}
