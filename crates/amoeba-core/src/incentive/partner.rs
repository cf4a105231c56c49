//! Partner agreements (seed 001: 分权、分钱、退出): who the partners of a
//! unit are and in what shares its profit is split between their roles
//! (e.g. traffic operator 60 %, livestream host 40 %), when the dividend is
//! paid, and the **exit valuation** agreed in advance — multiple × trailing
//! profit, with a floor, a cap and vesting by months served — computed line
//! by line by [`exit_value`].

use super::error::PayError;
use super::inputs::UnitMonth;
use super::method::{Measure, Schedule};
use super::text::{equals_rounded, pct, plain, yuan, Text};
use crate::money::round_money;
use crate::period::Month;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Person code.
    pub person: String,
    /// The role the share is for (traffic operator, livestream host…).
    pub role: String,
    /// Share of the partnership (the shares sum to 100 %).
    pub share: Decimal,
    /// Day the person joined (vesting counts from here).
    pub joined: NaiveDate,
}

/// The exit valuation agreed in advance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitFormula {
    /// Multiple of trailing profit.
    pub multiple: Decimal,
    /// Months of trailing profit (the full months before the exit's month).
    pub trailing_months: u32,
    /// Lowest valuation.
    pub floor: Decimal,
    /// Highest valuation.
    pub cap: Option<Decimal>,
    /// Months over which a share vests linearly (0: vested at once).
    pub vesting_months: u32,
    /// Months before anything vests.
    pub cliff_months: u32,
}

/// A partner agreement of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerAgreement {
    /// Code, unique in the plan.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The unit the partners run.
    pub unit: String,
    /// Whether the unit's figures include the units below it.
    pub subtree: bool,
    /// `unit_profit` (or `unit_added_value`) the dividend and the valuation read.
    pub measure: Measure,
    /// Share of the measure paid out as the dividend.
    pub profit_pct: Decimal,
    /// When the dividend is paid.
    pub schedule: Schedule,
    /// Whether losses are carried against later dividends.
    pub carry_losses: bool,
    /// The partners.
    pub parties: Vec<Party>,
    /// The exit valuation.
    pub exit: ExitFormula,
}

/// One step of an exit valuation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitLine {
    /// Step code (`trailing`, `valuation`, `bounded`, `share`, `vested`, `value`).
    pub step: String,
    /// The arithmetic.
    pub text: Text,
    /// The step's figure.
    pub value: Decimal,
}

/// A partner's exit value, with every step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitValue {
    /// Agreement code.
    pub agreement: String,
    /// Person.
    pub person: String,
    /// Exit date.
    pub date: NaiveDate,
    /// The steps.
    pub lines: Vec<ExitLine>,
    /// The value, rounded once to the fen.
    pub value: Decimal,
}

/// Whole months from `from` to `to` (a month counts once its day is reached).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let m = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 - i32::from(to.day() < from.day());
    u32::try_from(m.max(0)).unwrap_or(0)
}

/// The figure a measure reads from a unit's month.
pub(crate) fn unit_value(m: &UnitMonth, subtree: bool, measure: Measure) -> Decimal {
    let f = if subtree { &m.rolled_up } else { &m.own };
    match measure {
        Measure::UnitSales => f.sales + f.refunds,
        Measure::UnitGrossProfit => f.sales + f.refunds + f.cogs,
        Measure::UnitContribution => f.sales + f.refunds + f.cogs + f.selling_costs,
        Measure::UnitAddedValue => f.added_value,
        _ => f.profit,
    }
}

/// Σ of `measure` over `months` of `unit`, or the months missing.
pub(crate) fn sum_months(
    by_month: &HashMap<(&str, Month), &UnitMonth>,
    unit: &str,
    months: &[Month],
    subtree: bool,
    measure: Measure,
) -> Result<Decimal, PayError> {
    let missing: Vec<Month> = months.iter().copied().filter(|m| !by_month.contains_key(&(unit, *m))).collect();
    if !missing.is_empty() {
        return Err(PayError::MissingMonths { unit: unit.to_string(), months: missing });
    }
    Ok(months.iter().filter_map(|m| by_month.get(&(unit, *m))).map(|u| unit_value(u, subtree, measure)).sum())
}

/// The `n` months before `month`, oldest first.
pub fn months_before(month: Month, n: u32) -> Vec<Month> {
    let mut out = Vec::with_capacity(n as usize);
    let mut m = month;
    for _ in 0..n {
        m = m.prev();
        out.push(m);
    }
    out.reverse();
    out
}

/// The exit value of `person` under `agreement` on `date`: the valuation
/// (multiple × the trailing months' profit of the unit, bounded by floor
/// and cap) × the person's share × the part vested by months served,
/// rounded once to the fen. Each step is a line with its arithmetic.
pub fn exit_value(agreement: &PartnerAgreement, person: &str, date: NaiveDate, units: &[UnitMonth]) -> Result<ExitValue, PayError> {
    let party = agreement
        .parties
        .iter()
        .find(|p| p.person == person)
        .ok_or_else(|| PayError::NotAParty { person: person.to_string(), agreement: agreement.code.clone() })?;
    if date < party.joined {
        return Err(PayError::ExitBeforeJoining { joined: party.joined.to_string(), date: date.to_string() });
    }
    let f = &agreement.exit;
    let by_month: HashMap<(&str, Month), &UnitMonth> = units.iter().map(|u| ((u.unit.as_str(), u.month), u)).collect();
    let months = months_before(Month::of(date), f.trailing_months);
    let trailing = sum_months(&by_month, &agreement.unit, &months, agreement.subtree, agreement.measure)?;
    let (first, last) = (months.first().map(Month::to_string).unwrap_or_default(), months.last().map(Month::to_string).unwrap_or_default());
    let (mz, me) = agreement.measure.label();
    let mut lines = vec![ExitLine {
        step: "trailing".into(),
        text: Text::new(
            format!("{} 近 {} 个月（{first} 至 {last}）{mz}合计 {}", agreement.unit, f.trailing_months, yuan(trailing)),
            format!("{} {me} over the {} months {first} to {last}: {}", agreement.unit, f.trailing_months, yuan(trailing)),
        ),
        value: trailing,
    }];
    let raw = f.multiple * trailing;
    lines.push(ExitLine {
        step: "valuation".into(),
        text: Text::new(
            format!("估值 = {} × {} = {}", plain(f.multiple), yuan(trailing), yuan(raw)),
            format!("valuation = {} × {} = {}", plain(f.multiple), yuan(trailing), yuan(raw)),
        ),
        value: raw,
    });
    let mut bounded = raw.max(f.floor);
    if let Some(cap) = f.cap {
        bounded = bounded.min(cap);
    }
    let cap_text = f.cap.map(yuan);
    lines.push(ExitLine {
        step: "bounded".into(),
        text: Text::new(
            format!("下限 {}、上限 {}：{}", yuan(f.floor), cap_text.clone().unwrap_or_else(|| "无".into()), yuan(bounded)),
            format!("floor {}, cap {}: {}", yuan(f.floor), cap_text.unwrap_or_else(|| "none".into()), yuan(bounded)),
        ),
        value: bounded,
    });
    lines.push(ExitLine {
        step: "share".into(),
        text: Text::new(
            format!("{person}（{}）的份额 {}", party.role, pct(party.share)),
            format!("{person} ({}) holds {}", party.role, pct(party.share)),
        ),
        value: party.share,
    });
    let served = months_between(party.joined, date);
    let (num, den) = if served < f.cliff_months {
        (0, 1)
    } else if f.vesting_months == 0 {
        (1, 1)
    } else {
        (served.min(f.vesting_months), f.vesting_months)
    };
    let vested = Decimal::from(num) / Decimal::from(den);
    lines.push(ExitLine {
        step: "vested".into(),
        text: Text::new(
            format!(
                "自 {} 起已满 {served} 个月（等待期 {} 个月，{} 个月内线性归属）：归属 {num} ÷ {den}",
                party.joined, f.cliff_months, f.vesting_months
            ),
            format!(
                "{served} whole months served since {} (cliff {}, vesting over {} months): vested {num} ÷ {den}",
                party.joined, f.cliff_months, f.vesting_months
            ),
        ),
        value: vested,
    });
    let exact = bounded * party.share * Decimal::from(num) / Decimal::from(den);
    let value = round_money(exact);
    let arith = format!("{} × {} × {num} ÷ {den} {}", yuan(bounded), pct(party.share), equals_rounded(exact, value));
    lines.push(ExitLine {
        step: "value".into(), text: Text::new(format!("退出价值 = {arith}"), format!("exit value = {arith}")), value
    });
    Ok(ExitValue { agreement: agreement.code.clone(), person: person.to_string(), date, lines, value })
}
