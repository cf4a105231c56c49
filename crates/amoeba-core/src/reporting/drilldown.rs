//! The entries behind a P&L figure, as rows: a stored fact with its file and
//! line, an entry the engine derived (COGS from landed cost, internal
//! charges, allocations) with the rule that made it, an hours record, and
//! the rounding row that makes the rows add up to the figure shown.
//!
//! The rows always add up to the figure: the engine rounds once per
//! (unit, day, kind, currency) while rows are converted one by one, and the
//! cents between the two are one last row, "rounding" (docs/formulas.md,
//! "Drill-down"). Whole-month hours records are listed for the days counted
//! with the engine's own spread (`spread_month_record`), so a day lists the
//! day's part and the month to date the days elapsed. Reading the stored
//! facts a day at a time is the application's (`amoeba-app::drilldown`).

use crate::accounting::{spread_month_record, MonthPnl, PnlLine};
use crate::identity::PayGrain;
use crate::ledger::{FactKind, HoursPeriod, HoursRecord};
use crate::money::round_money;
use crate::{Lang, Month};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Which entries to list in a drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactsQuery {
    /// Unit code (already access-checked).
    pub unit: String,
    /// P&L line.
    pub line: PnlLine,
    /// Month.
    pub month: Month,
    /// A single day of the month, or the whole month (to its as-of day).
    pub day: Option<NaiveDate>,
    /// How finely labour and hours are listed.
    pub grain: PayGrain,
}

/// What a drill-down found besides its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactsSummary {
    /// The P&L figure the rows add up to, in base currency.
    pub total: Decimal,
    /// How many rows were sent.
    pub count: u64,
    /// The last day counted (month to date).
    pub as_of: Option<NaiveDate>,
}

/// One page of a drill-down: every row is counted, the window's are kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactsView {
    /// The rows of the window, in date order.
    pub rows: Vec<FactRow>,
    /// Sum of all entries in base currency (equals the P&L figure).
    pub total: Decimal,
    /// How many rows there are in all.
    pub count: u64,
    /// Index of the first row of the window (0-based).
    pub offset: u64,
    /// The last day counted (month to date).
    pub as_of: Option<NaiveDate>,
}

/// One entry: a stored fact (with its file and line) or a derived entry
/// (internal charge, allocation, COGS) with the rule that made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRow {
    /// Business day.
    pub day: NaiveDate,
    /// Store code, if any.
    pub store: Option<String>,
    /// SKU, if any.
    pub sku: Option<String>,
    /// Order id, if any.
    pub order_id: Option<String>,
    /// Fact kind (`sale`, `ad_spend`…) or derived entry kind.
    pub kind: String,
    /// Amount in the source currency.
    pub amount: Decimal,
    /// Source currency.
    pub currency: String,
    /// Amount in the base currency (what the P&L adds up).
    pub base_amount: Decimal,
    /// Where it came from: a file and line, or the rule for derived entries.
    pub source: Source,
    /// The source's own description.
    pub memo: Option<Memo>,
}

/// A row's memo: the file's own text, or one the close wrote (shown in the
/// reader's language).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Memo {
    /// As the source file has it.
    File(String),
    /// Written by the close, in both languages.
    Closing {
        /// 中文.
        zh: String,
        /// English (as stored).
        en: String,
    },
}

impl Memo {
    /// The memo in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            Memo::File(m) => m,
            Memo::Closing { zh, en } => lang.pick(zh, en),
        }
    }
}

/// Where a drill-down row came from, rendered in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Source {
    /// A stored fact: its file and line.
    Line {
        /// File name as imported (or `close YYYY-MM` for entries stored at close).
        file: String,
        /// Line in the file.
        line: u64,
    },
    /// COGS the engine derived from landed costs.
    Cogs {
        /// How the amount was reached, in Chinese and English.
        explain: (String, String),
    },
    /// A rule that charged or allocated from this unit to another.
    RuleTo {
        /// Rule code.
        rule: String,
        /// The other unit.
        unit: String,
    },
    /// A rule that charged or allocated to this unit from another.
    RuleFrom {
        /// Rule code.
        rule: String,
        /// The other unit.
        unit: String,
    },
    /// One person's hours record.
    Hours {
        /// Person code.
        person: String,
        /// Unit worked for.
        unit: String,
        /// Line in the hours file.
        line: u64,
        /// For a whole-month record: the last day its spread counts to.
        spread_to: Option<NaiveDate>,
    },
    /// A unit's hours or labour summed over its people.
    UnitHours {
        /// Unit code.
        unit: String,
        /// How many people's records were summed.
        people: usize,
        /// Whole-month records were spread to this day.
        spread_to: Option<NaiveDate>,
    },
    /// The cents between rows converted one by one and the engine's single
    /// rounding per (unit, day, kind, currency).
    Rounding,
}

impl Source {
    /// The source in words.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Source::Line { file, line }, Lang::Zh) => match file.strip_prefix("close ") {
                Some(month) => format!("{month} 结账记录第 {line} 行"),
                None => format!("{file} 第 {line} 行"),
            },
            (Source::Line { file, line }, Lang::En) => format!("{file} line {line}"),
            (Source::Cogs { explain }, Lang::Zh) => format!("系统推算：{}", explain.0),
            (Source::Cogs { explain }, Lang::En) => format!("derived: {}", explain.1),
            (Source::RuleTo { rule, unit }, Lang::Zh) => format!("规则 {rule} → {unit}"),
            (Source::RuleTo { rule, unit }, Lang::En) => format!("rule {rule} → {unit}"),
            (Source::RuleFrom { rule, unit }, Lang::Zh) => format!("规则 {rule}，来自 {unit}"),
            (Source::RuleFrom { rule, unit }, Lang::En) => format!("rule {rule} from {unit}"),
            (Source::Hours { person, unit, line, spread_to }, Lang::Zh) => {
                let spread = spread_to.map(|d| format!("；月度合计按天均摊，计至 {d}")).unwrap_or_default();
                format!("工时文件第 {line} 行：{person} 在 {unit}{spread}")
            }
            (Source::Hours { person, unit, line, spread_to }, Lang::En) => {
                let spread = spread_to.map(|d| format!("; month total spread evenly over its days, counted to {d}")).unwrap_or_default();
                format!("hours line {line}: {person} in {unit}{spread}")
            }
            (Source::UnitHours { unit, people, spread_to }, Lang::Zh) => {
                let spread = spread_to.map(|d| format!("；月度合计按天均摊，计至 {d}")).unwrap_or_default();
                format!("{unit} 的 {people} 人合计（个人明细仅本人与财务可见）{spread}")
            }
            (Source::UnitHours { unit, people, spread_to }, Lang::En) => {
                let spread = spread_to.map(|d| format!("; month totals spread evenly over their days, counted to {d}")).unwrap_or_default();
                format!("{unit}: total of {people} people (each person's line is seen by them and finance only){spread}")
            }
            (Source::Rounding, Lang::Zh) => "舍入差：系统按单位、日、类型、币种各舍入一次，逐行换算的分差列于此".into(),
            (Source::Rounding, Lang::En) => {
                "rounding: the engine rounds once per unit, day, kind and currency; the cents of converting row by row".into()
            }
        }
    }
}

/// A drill-down row's kind in words: a stored fact kind, or an entry the
/// engine or the drill-down adds.
pub fn kind_label(kind: &str, lang: Lang) -> String {
    if let Ok(k) = kind.parse::<FactKind>() {
        return k.label(lang).to_string();
    }
    let (zh, en) = match kind {
        KIND_COGS_DERIVED => ("销售成本（系统推算）", "COGS (derived)"),
        KIND_LABOUR => ("人工成本", "Labour"),
        KIND_HOURS => ("工时", "Hours"),
        KIND_UNIT_TOTAL => ("单位合计", "Unit total"),
        KIND_ROUNDING => ("舍入差", "Rounding"),
        other => return other.to_string(),
    };
    lang.pick(zh, en).to_string()
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

/// Kinds whose facts can land on `line` (internal charges land on either
/// internal line depending on their sign, so both are asked for).
pub fn kinds_for(line: PnlLine) -> Vec<FactKind> {
    FactKind::ALL
        .iter()
        .copied()
        .filter(|k| PnlLine::for_fact(*k, Decimal::ONE) == Some(line) || PnlLine::for_fact(*k, -Decimal::ONE) == Some(line))
        .collect()
}

/// The figure a drill-down adds up to: the unit's line for the day, or for
/// the month to date.
pub fn figure(pnl: &MonthPnl, q: &FactsQuery) -> Decimal {
    let Some(up) = pnl.units.get(&q.unit) else { return Decimal::ZERO };
    match q.day {
        Some(d) => up.rolled_up_by_day.get(&d).map(|l| l.get(q.line)).unwrap_or_default(),
        None => up.rolled_up.get(q.line),
    }
}

/// The row that makes the rows add up to the figure (`None` when they do).
pub fn rounding_row(figure: Decimal, listed: Decimal, day: NaiveDate, base: &str) -> Option<FactRow> {
    let rounding = figure - listed;
    (!rounding.is_zero()).then(|| derived(day, KIND_ROUNDING, rounding, base, Source::Rounding, None, None))
}

fn derived(day: NaiveDate, kind: &str, amount: Decimal, base: &str, source: Source, store: Option<String>, sku: Option<String>) -> FactRow {
    FactRow { day, store, sku, order_id: None, kind: kind.into(), amount, currency: base.into(), base_amount: amount, source, memo: None }
}

/// The entries the engine derived for an open month (a closed month stores
/// them as facts) that land on `line` for a unit of `subtree`, by day.
pub fn derived_rows(
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

/// The hours records of `subtree` on the labour or hours line, by day, at
/// the viewer's grain: one row per person's record, or one per unit and day.
pub fn hours_rows(
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
