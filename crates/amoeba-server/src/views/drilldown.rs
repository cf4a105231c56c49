//! The entries behind a P&L figure, and a person's share of their units'
//! results.
//!
//! Drill-down lists, for a unit's subtree and one P&L line, every stored fact
//! with its file and line (converted at its day's rate) plus every entry the
//! engine derived (COGS from landed cost, internal charges, allocations) with
//! the rule that made it, and hours/labour records. It reads one day at a
//! time, so a month of millions of facts streams in bounded memory.
//!
//! The rows always add up to the figure shown: the engine rounds once per
//! (unit, day, kind, currency) while rows are converted one by one, and the
//! cents between the two are one last row, "rounding" (docs/formulas.md,
//! "Drill-down"). Whole-month hours records are listed for the days counted
//! with the engine's own spread (`spread_month_record`), so a day lists the
//! day's part and the month to date the days elapsed.

use super::*;
use amoeba_core::accounting::{spread_month_record, FxTable, MonthPnl};
use amoeba_core::ledger::{FactKind, HoursPeriod, HoursRecord};
use amoeba_core::money::round_money;
use amoeba_core::reporting::person_shares;
use amoeba_core::Lang;
use std::collections::{BTreeMap, BTreeSet};

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Kinds whose facts can land on `line` (internal charges land on either
/// internal line depending on their sign, so both are asked for).
fn kinds_for(line: PnlLine) -> Vec<FactKind> {
    FactKind::ALL
        .iter()
        .copied()
        .filter(|k| PnlLine::for_fact(*k, Decimal::ONE) == Some(line) || PnlLine::for_fact(*k, -Decimal::ONE) == Some(line))
        .collect()
}

/// Entry kinds the engine adds (the stored fact kinds use [`FactKind::as_str`]).
pub const KIND_COGS_DERIVED: &str = "cogs_derived";
/// An hours / labour record of one person.
pub const KIND_LABOUR: &str = "labour";
/// Hours of one person.
pub const KIND_HOURS: &str = "hours";
/// A unit's labour or hours summed over its people.
pub const KIND_UNIT_TOTAL: &str = "unit_total";
/// The cents between rows converted one by one and the engine's one rounding.
pub const KIND_ROUNDING: &str = "rounding";

pub(super) async fn facts(cx: ViewCtx<'_>, q: &FactsQuery, out: RowSink) -> Result<Option<FactsSummary>, String> {
    let mtd = amoeba_app::accounting::month_to_date(cx.db, cx.company, q.month, cx.today).await.map_err(err)?;
    let Some(as_of) = mtd.as_of else { return Ok(None) };
    let pnl = &mtd.pnl;
    let Some(up) = pnl.units.get(&q.unit) else { return Ok(None) };
    let (from, to) = match q.day {
        Some(d) if d > as_of => return Ok(None),
        Some(d) => (d, d),
        None => (q.month.first_day(), as_of),
    };
    let figure = match q.day {
        Some(d) => up.rolled_up_by_day.get(&d).map(|l| l.get(q.line)).unwrap_or_default(),
        None => up.rolled_up.get(q.line),
    };
    let subtree: BTreeSet<String> = cx.org.subtree(&q.unit).iter().map(|u| u.code.clone()).collect();

    // Rows that are not stored facts, by day: derived entries (an open
    // month; a closed month stores them as facts) and hours records.
    let mut extra: BTreeMap<NaiveDate, Vec<FactRow>> = BTreeMap::new();
    let closed = cx.db.closed_period(cx.company.id, q.month).await.map_err(err)?.is_some();
    if !closed {
        derived_rows(pnl, q.line, &subtree, from, to, &mut extra);
    }
    if matches!(q.line, PnlLine::Labour | PnlLine::Hours) {
        let records = cx.db.hours_of_month(cx.company.id, q.month).await.map_err(err)?;
        hours_rows(&records, q, &subtree, from, to, &cx.company.company.base_currency.to_string(), &mut extra);
    }

    let kinds = kinds_for(q.line);
    let stores: Vec<String> =
        cx.org.stores.iter().filter(|s| s.owners.iter().any(|o| subtree.contains(&o.unit))).map(|s| s.code.clone()).collect();
    let units: Vec<String> = subtree.iter().cloned().collect();
    let fx = if kinds.is_empty() {
        None
    } else {
        let rates = cx.db.fx_rates(cx.company.id).await.map_err(err)?;
        Some(FxTable::new(cx.company.company.base_currency, &rates).map_err(|e| format!("{e:?}"))?)
    };
    let (mut listed, mut count) = (Decimal::ZERO, 0u64);
    for day in from.iter_days().take_while(|d| *d <= to) {
        let mut rows = Vec::new();
        if let Some(fx) = &fx {
            for f in cx.db.sourced_facts(cx.company.id, day, day, &kinds, &stores, &units).await.map_err(err)? {
                let owner = match &f.store {
                    Some(s) => cx.org.store_owner(s, f.day).map(str::to_string),
                    None => f.unit.clone(),
                };
                if !owner.is_some_and(|o| subtree.contains(&o)) || PnlLine::for_fact(f.kind, f.amount) != Some(q.line) {
                    continue;
                }
                let base_amount = fx.convert(f.amount, f.currency, f.day).unwrap_or_default();
                rows.push(FactRow {
                    day: f.day,
                    store: f.store,
                    sku: f.sku,
                    order_id: f.order_id,
                    kind: f.kind.as_str().into(),
                    amount: f.amount,
                    currency: f.currency.to_string(),
                    base_amount,
                    source: Source::Line { file: f.file, line: f.line },
                    memo: f.memo.map(|m| match amoeba_app::accounting::closing_memo(&m, Lang::Zh) {
                        Some(zh) => Memo::Closing { zh, en: m },
                        None => Memo::File(m),
                    }),
                });
            }
        }
        rows.extend(extra.remove(&day).unwrap_or_default());
        if rows.is_empty() {
            continue;
        }
        listed += rows.iter().map(|r| r.base_amount).sum::<Decimal>();
        count += rows.len() as u64;
        if out.send(rows).await.is_err() {
            return Ok(None);
        }
    }
    let rounding = figure - listed;
    if !rounding.is_zero() {
        let base = cx.company.company.base_currency.to_string();
        let row = FactRow {
            day: to,
            store: None,
            sku: None,
            order_id: None,
            kind: KIND_ROUNDING.into(),
            amount: rounding,
            currency: base,
            base_amount: rounding,
            source: Source::Rounding,
            memo: None,
        };
        count += 1;
        if out.send(vec![row]).await.is_err() {
            return Ok(None);
        }
    }
    Ok(Some(FactsSummary { total: figure, count, as_of: Some(as_of) }))
}

fn derived(day: NaiveDate, kind: &str, amount: Decimal, base: &str, source: Source, store: Option<String>, sku: Option<String>) -> FactRow {
    FactRow { day, store, sku, order_id: None, kind: kind.into(), amount, currency: base.into(), base_amount: amount, source, memo: None }
}

fn derived_rows(
    pnl: &MonthPnl,
    line: PnlLine,
    subtree: &BTreeSet<String>,
    from: NaiveDate,
    to: NaiveDate,
    out: &mut BTreeMap<NaiveDate, Vec<FactRow>>,
) {
    let base = pnl.base_currency.to_string();
    let e = &pnl.entries;
    let in_range = |d: NaiveDate| d >= from && d <= to;
    let mut push = |row: FactRow| out.entry(row.day).or_default().push(row);
    match line {
        PnlLine::Cogs => {
            for c in e.cogs.iter().filter(|c| subtree.contains(&c.unit) && in_range(c.day)) {
                let source = Source::Cogs { explain: (c.explain_in(Lang::Zh), c.explain_in(Lang::En)) };
                push(derived(c.day, KIND_COGS_DERIVED, c.amount, &base, source, c.store.clone(), c.sku.clone()));
            }
        }
        PnlLine::InternalSales => {
            for c in e.charges.iter().filter(|c| subtree.contains(&c.provider) && in_range(c.day)) {
                let source = Source::RuleTo { rule: c.rule.clone(), unit: c.user.clone() };
                push(derived(c.day, FactKind::InternalCharge.as_str(), c.amount, &base, source, None, None));
            }
        }
        PnlLine::InternalPurchases => {
            for c in e.charges.iter().filter(|c| subtree.contains(&c.user) && in_range(c.day)) {
                let source = Source::RuleFrom { rule: c.rule.clone(), unit: c.provider.clone() };
                push(derived(c.day, FactKind::InternalCharge.as_str(), -c.amount, &base, source, None, None));
            }
        }
        PnlLine::Allocated => {
            for a in e.allocations.iter().filter(|a| in_range(a.day)) {
                if subtree.contains(&a.source) {
                    let source = Source::RuleTo { rule: a.rule.clone(), unit: a.target.clone() };
                    push(derived(a.day, FactKind::Allocation.as_str(), -a.amount, &base, source, None, None));
                }
                if subtree.contains(&a.target) {
                    let source = Source::RuleFrom { rule: a.rule.clone(), unit: a.source.clone() };
                    push(derived(a.day, FactKind::Allocation.as_str(), a.amount, &base, source, None, None));
                }
            }
        }
        _ => {}
    }
}

/// A record's hours and labour over `from..=to`: a day record on its day, a
/// whole-month record by the engine's spread. `None` outside the range or
/// for a record the engine refuses (it is a problem of the P&L then).
fn record_in_range(r: &HoursRecord, month: Month, from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, Decimal, Decimal)> {
    match r.period {
        HoursPeriod::Day(d) => (d >= from && d <= to).then(|| (d, r.hours + r.overtime_hours, -round_money(r.labour_cost))),
        HoursPeriod::Month(m) if m == month => {
            let parts = spread_month_record(r, month)?;
            let (h, l) = parts
                .iter()
                .filter(|(d, _, _)| *d >= from && *d <= to)
                .fold((Decimal::ZERO, Decimal::ZERO), |acc, p| (acc.0 + p.1, acc.1 + p.2));
            Some((from, h, l))
        }
        HoursPeriod::Month(_) => None,
    }
}

fn hours_rows(
    records: &[HoursRecord],
    q: &FactsQuery,
    subtree: &BTreeSet<String>,
    from: NaiveDate,
    to: NaiveDate,
    base: &str,
    out: &mut BTreeMap<NaiveDate, Vec<FactRow>>,
) {
    let labour = q.line == PnlLine::Labour;
    let (currency, kind) = if labour { (base.to_string(), KIND_LABOUR) } else { ("h".to_string(), KIND_HOURS) };
    // Unit totals: (day, unit) → (amount, people, whole-month records).
    let mut totals: BTreeMap<(NaiveDate, String), (Decimal, BTreeSet<String>, bool)> = BTreeMap::new();
    for r in records.iter().filter(|r| subtree.contains(&r.unit)) {
        let Some((day, hours, cost)) = record_in_range(r, q.month, from, to) else { continue };
        let amount = if labour { cost } else { hours };
        let whole_month = matches!(r.period, HoursPeriod::Month(_));
        match q.grain {
            PayGrain::PerPerson => {
                let source =
                    Source::Hours { person: r.person.clone(), unit: r.unit.clone(), line: r.line, spread_to: whole_month.then_some(to) };
                let row = derived(day, kind, amount, &currency, source, None, None);
                out.entry(day).or_default().push(row);
            }
            PayGrain::UnitTotals => {
                let t = totals.entry((day, r.unit.clone())).or_default();
                t.0 += amount;
                t.1.insert(r.person.clone());
                t.2 |= whole_month;
            }
        }
    }
    for ((day, unit), (amount, people, whole_month)) in totals {
        let source = Source::UnitHours { unit, people: people.len(), spread_to: whole_month.then_some(to) };
        let row = derived(day, KIND_UNIT_TOTAL, amount, &currency, source, None, None);
        out.entry(day).or_default().push(row);
    }
}

/// A person's share of each unit they worked in during the counted days of
/// the month (`amoeba_core::reporting::shares`: largest remainder, so the
/// parts of everyone in a unit sum to its profit).
pub(super) fn person_share(org: &Org, pnl: &MonthPnl, person: &str, m: Month, as_of: NaiveDate) -> Option<ShareView> {
    let profits: BTreeMap<String, Decimal> = pnl.units.iter().map(|(code, u)| (code.clone(), u.rolled_up.profit())).collect();
    let lines = person_shares(org, &profits, person, m.first_day(), as_of);
    if lines.is_empty() {
        return None;
    }
    let rows = lines
        .into_iter()
        .map(|l| ShareRow { unit: l.unit, role: l.role, unit_profit: l.unit_profit, share: l.share, amount: l.amount })
        .collect();
    Some(ShareView { rows, as_of })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_lines_ask_for_internal_charges() {
        assert_eq!(kinds_for(PnlLine::InternalPurchases), vec![FactKind::InternalCharge]);
        assert!(kinds_for(PnlLine::Sales).contains(&FactKind::Promotion));
        assert!(kinds_for(PnlLine::Profit).is_empty());
    }

    #[test]
    fn a_whole_month_record_lists_the_days_counted() {
        let r = HoursRecord {
            person: "P1".into(),
            unit: "U".into(),
            period: HoursPeriod::Month("2026-11".parse().unwrap()),
            hours: Decimal::from(300),
            overtime_hours: Decimal::ZERO,
            labour_cost: Decimal::new(3000000, 2),
            line: 2,
        };
        let m: Month = "2026-11".parse().unwrap();
        let day: NaiveDate = "2026-11-15".parse().unwrap();
        // 30 000.00 over 30 days: 1 000.00 a day; 300 h: 10 h a day.
        assert_eq!(record_in_range(&r, m, day, day), Some((day, Decimal::from(10), Decimal::new(-100000, 2))));
        let first = m.first_day();
        assert_eq!(record_in_range(&r, m, first, day), Some((first, Decimal::from(150), Decimal::new(-1500000, 2))));
    }
}
