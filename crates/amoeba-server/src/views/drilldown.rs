//! The entries behind a P&L figure, and a person's share of their units'
//! results.
//!
//! Drill-down lists, for a unit's subtree and one P&L line, every stored fact
//! with its file and line (converted at its day's rate) plus every entry the
//! engine derived (COGS from landed cost, internal charges, allocations) with
//! the rule that made it, and hours/labour records. The total shown is the
//! P&L figure itself; rows are converted one by one, so their cents may
//! differ from the figure by the rounding the engine does once per
//! (unit, day, kind, currency) — see docs/formulas.md.

use super::live::month;
use super::*;
use amoeba_core::accounting::{FxTable, MonthPnl};
use amoeba_core::ledger::{FactKind, HoursPeriod};
use amoeba_core::money::round_money;
use std::collections::BTreeSet;

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

pub(super) async fn facts(cx: ViewCtx<'_>, q: &FactsQuery) -> Result<Option<FactsView>, String> {
    let pnl = month(cx, q.month).await?;
    let Some(up) = pnl.units.get(&q.unit) else { return Ok(None) };
    let figure = match q.day {
        Some(d) => up.rolled_up_by_day.get(&d).map(|l| l.get(q.line)).unwrap_or_default(),
        None => up.rolled_up.get(q.line),
    };
    let subtree: BTreeSet<String> = cx.org.subtree(&q.unit).iter().map(|u| u.code.clone()).collect();
    let (from, to) = match q.day {
        Some(d) => (d, d),
        None => (q.month.first_day(), q.month.last_day()),
    };
    let in_range = |d: NaiveDate| d >= from && d <= to;
    let mut rows: Vec<FactRow> = Vec::new();

    // Stored facts placed on a unit of the subtree.
    let kinds = kinds_for(q.line);
    if !kinds.is_empty() {
        let stores: Vec<String> =
            cx.org.stores.iter().filter(|s| s.owners.iter().any(|o| subtree.contains(&o.unit))).map(|s| s.code.clone()).collect();
        let units: Vec<String> = subtree.iter().cloned().collect();
        let rates = cx.db.fx_rates(cx.company.id).await.map_err(err)?;
        let fx = FxTable::new(cx.company.company.base_currency, &rates).map_err(|e| format!("{e:?}"))?;
        for f in cx.db.sourced_facts(cx.company.id, from, to, &kinds, &stores, &units).await.map_err(err)? {
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
                source: format!("{} line {}", f.file, f.line),
                memo: f.memo,
            });
        }
    }

    // Entries derived by the engine: once a month is closed they are stored
    // facts (import `close YYYY-MM`) and were listed above already.
    let closed = cx.db.closed_period(cx.company.id, q.month).await.map_err(err)?.is_some();
    if !closed {
        derived_rows(&pnl, q.line, &subtree, &in_range, &mut rows);
    }

    // Hours and labour records.
    if matches!(q.line, PnlLine::Labour | PnlLine::Hours) {
        for h in cx.db.hours_of_month(cx.company.id, q.month).await.map_err(err)? {
            if !subtree.contains(&h.unit) {
                continue;
            }
            let (day, whole_month) = match h.period {
                HoursPeriod::Day(d) => (d, false),
                HoursPeriod::Month(m) => (m.first_day(), true),
            };
            if !whole_month && !in_range(day) {
                continue;
            }
            let amount = if q.line == PnlLine::Labour { -round_money(h.labour_cost) } else { h.hours + h.overtime_hours };
            rows.push(FactRow {
                day,
                store: None,
                sku: None,
                order_id: None,
                kind: if q.line == PnlLine::Labour { "labour".into() } else { "hours".into() },
                amount,
                currency: if q.line == PnlLine::Labour { cx.company.company.base_currency.to_string() } else { "h".into() },
                base_amount: amount,
                source: format!("hours of {} in {}", h.person, h.unit),
                memo: whole_month.then(|| format!("{} total, spread evenly over the month's days", q.month)),
            });
        }
    }

    rows.sort_by_key(|r| r.day);
    let truncated = rows.len() > q.limit;
    rows.truncate(q.limit);
    Ok(Some(FactsView { rows, total: figure, truncated }))
}

fn derived(day: NaiveDate, kind: &str, amount: Decimal, base: &str, source: String, store: Option<String>, sku: Option<String>) -> FactRow {
    FactRow { day, store, sku, order_id: None, kind: kind.into(), amount, currency: base.into(), base_amount: amount, source, memo: None }
}

fn derived_rows(pnl: &MonthPnl, line: PnlLine, subtree: &BTreeSet<String>, in_range: &dyn Fn(NaiveDate) -> bool, rows: &mut Vec<FactRow>) {
    let base = pnl.base_currency.to_string();
    let e = &pnl.entries;
    match line {
        PnlLine::Cogs => {
            for c in e.cogs.iter().filter(|c| subtree.contains(&c.unit) && in_range(c.day)) {
                let source = format!("derived: {}", c.explain());
                rows.push(derived(c.day, "cogs (derived)", c.amount, &base, source, c.store.clone(), c.sku.clone()));
            }
        }
        PnlLine::InternalSales => {
            for c in e.charges.iter().filter(|c| subtree.contains(&c.provider) && in_range(c.day)) {
                rows.push(derived(c.day, "internal_charge", c.amount, &base, format!("rule {} → {}", c.rule, c.user), None, None));
            }
        }
        PnlLine::InternalPurchases => {
            for c in e.charges.iter().filter(|c| subtree.contains(&c.user) && in_range(c.day)) {
                rows.push(derived(c.day, "internal_charge", -c.amount, &base, format!("rule {} from {}", c.rule, c.provider), None, None));
            }
        }
        PnlLine::Allocated => {
            for a in e.allocations.iter().filter(|a| in_range(a.day)) {
                if subtree.contains(&a.source) {
                    rows.push(derived(a.day, "allocation", -a.amount, &base, format!("rule {} to {}", a.rule, a.target), None, None));
                }
                if subtree.contains(&a.target) {
                    rows.push(derived(a.day, "allocation", a.amount, &base, format!("rule {} from {}", a.rule, a.source), None, None));
                }
            }
        }
        _ => {}
    }
}

/// A person's share of each unit they worked in during the month: their
/// role coefficient × days assigned, over the same for everyone in the
/// unit's subtree (whose rolled-up profit the unit reports).
pub(super) fn person_share(org: &Org, pnl: &MonthPnl, person: &str, m: Month) -> Option<ShareView> {
    let weight = |a: &amoeba_core::org::Assignment| -> Decimal {
        let from = a.range.from.max(m.first_day());
        let to = a.range.to.unwrap_or(m.last_day()).min(m.last_day());
        if to < from {
            return Decimal::ZERO;
        }
        Decimal::from((to - from).num_days() + 1) * a.coefficient
    };
    let mut rows = Vec::new();
    for a in org.assignments.iter().filter(|a| a.person == person) {
        let mine = weight(a);
        if mine.is_zero() {
            continue;
        }
        let members: BTreeSet<&str> = org.subtree(&a.unit).iter().map(|u| u.code.as_str()).collect();
        let total: Decimal = org.assignments.iter().filter(|b| members.contains(b.unit.as_str())).map(weight).sum();
        let Some(up) = pnl.units.get(&a.unit) else { continue };
        let share = (mine / total).round_dp(4);
        let unit_profit = up.rolled_up.profit();
        rows.push(ShareRow {
            unit: a.unit.clone(),
            role: a.role.clone(),
            unit_profit,
            share,
            amount: round_money(unit_profit * mine / total),
        });
    }
    if rows.is_empty() {
        return None;
    }
    Some(ShareView {
        rows,
        basis: "份额 = 本人角色系数 × 本月在岗天数 ÷ 单元（含下级）全员同口径之和（仅供参考，实际奖金以激励方案为准）/ Share = your role coefficient × days in the unit this month ÷ the same for everyone in the unit and its sub-units (a preview; incentive plans decide pay)".into(),
    })
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
}
