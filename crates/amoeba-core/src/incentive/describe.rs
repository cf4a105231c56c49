//! The words of a tiered line: a measure's figure (money or a count), a
//! rate (a percentage, or money per unit or order), a band, and the
//! arithmetic of one tier part — the same phrases on every statement.

use super::cx::LineCtx;
use super::method::Measure;
use super::statement::{inputs, Facts, LineKind, Rule, StatementLine};
use super::text::{equals_rounded, pct, plain, yuan, Text};
use super::tiers::{TierPart, Tiers};
use crate::goals::Band;
use rust_decimal::Decimal;

/// A figure of `measure`: `¥1 234.50`, or `120` for a count.
pub(crate) fn figure(measure: Measure, v: Decimal) -> String {
    if measure.is_count() {
        plain(v)
    } else {
        yuan(v)
    }
}

/// A rate on `measure`: `3%`, or `¥2.00` a unit or order.
pub(crate) fn rate(measure: Measure, r: Decimal) -> String {
    if measure.is_count() {
        yuan(r)
    } else {
        pct(r)
    }
}

/// A band: `¥100 000.00–¥200 000.00` or `¥100 000.00 以上` / `¥100 000.00 and above`.
pub(crate) fn band(measure: Measure, b: &Band) -> (String, String) {
    match b.to {
        Some(t) => {
            let s = format!("{}–{}", figure(measure, b.from), figure(measure, t));
            (s.clone(), s)
        }
        None => (format!("{} 以上", figure(measure, b.from)), format!("{} and above", figure(measure, b.from))),
    }
}

/// The statement lines of a tiered result (one per part), or one line
/// saying a result at or below 0 pays nothing. `note` is appended to the
/// description of the result (e.g. refunds taken out).
pub(crate) fn tier_lines(
    lctx: &LineCtx,
    measure: Measure,
    tiers: &Tiers,
    result: Decimal,
    note: &(String, String),
    facts: &Facts,
) -> Vec<StatementLine> {
    let (mz, me) = measure.label();
    let parts = tiers.parts(result);
    if parts.is_empty() {
        let text = Text::new(
            format!("{mz} {}{}：不大于 0，不提成", figure(measure, result), note.0),
            format!("{me} {}{}: at or below 0, nothing is paid", figure(measure, result), note.1),
        );
        let rule = Rule { method: lctx.method.into(), mode: Some(tiers.mode), band: None, rate: None };
        return vec![lctx.line(LineKind::Tier, rule, inputs(&[("base", result)]), text, facts.clone(), Decimal::ZERO)];
    }
    parts.iter().map(|p| tier_line(lctx, measure, tiers, result, p, note, facts)).collect()
}

fn tier_line(
    lctx: &LineCtx,
    measure: Measure,
    tiers: &Tiers,
    result: Decimal,
    p: &TierPart,
    note: &(String, String),
    facts: &Facts,
) -> StatementLine {
    let (mz, me) = measure.label();
    let r = rate(measure, p.bounds.rate);
    let eq = equals_rounded(p.exact, p.amount);
    let (bz, be) = band(measure, &p.bounds);
    let (modez, modee) = tiers.mode.label();
    let text = if tiers.is_flat() {
        Text::new(
            format!("{mz} {}{} × {r} {eq}", figure(measure, result), note.0),
            format!("{me} {}{} × {r} {eq}", figure(measure, result), note.1),
        )
    } else if p.on == result {
        Text::new(
            format!("{mz} {}{} × {r}（{bz} 档，{modez}）{eq}", figure(measure, result), note.0),
            format!("{me} {}{} × {r} (band {be}, {modee}) {eq}", figure(measure, result), note.1),
        )
    } else {
        Text::new(
            format!("{mz} {}{} 中落在 {bz} 档的 {} × {r}（{modez}）{eq}", figure(measure, result), note.0, figure(measure, p.on)),
            format!("{me} {}{}: the part in band {be}, {} × {r} ({modee}) {eq}", figure(measure, result), note.1, figure(measure, p.on)),
        )
    };
    let rule = Rule { method: lctx.method.into(), mode: Some(tiers.mode), band: Some(p.bounds), rate: Some(p.bounds.rate) };
    lctx.line(LineKind::Tier, rule, inputs(&[("base", result), ("on", p.on)]), text, facts.clone(), p.amount)
}

/// A pool filled from a result by tiers: its amount (each part rounded
/// once) and the arithmetic, e.g. `TT unit gross profit ¥100 000.00 × 8% = ¥8 000.00`.
pub(crate) fn pool_fill(team: &str, measure: Measure, tiers: &Tiers, result: Decimal) -> (Decimal, Text) {
    let (mz, me) = measure.label();
    let parts = tiers.parts(result);
    if parts.is_empty() {
        return (
            Decimal::ZERO,
            Text::new(
                format!("{team} {mz} {}：不大于 0，奖金池为 0", figure(measure, result)),
                format!("{team} {me} {}: at or below 0, the pool is 0", figure(measure, result)),
            ),
        );
    }
    let amount: Decimal = parts.iter().map(|p| p.amount).sum();
    let terms: Vec<String> = parts.iter().map(|p| format!("{} × {}", figure(measure, p.on), rate(measure, p.bounds.rate))).collect();
    let exact: Decimal = parts.iter().map(|p| p.exact).sum();
    let eq = if parts.len() == 1 { equals_rounded(exact, amount) } else { format!("= {}", yuan(amount)) };
    let (modez, modee) = tiers.mode.label();
    let (mode_zh, mode_en) =
        if tiers.is_flat() { (String::new(), String::new()) } else { (format!("（{modez}）"), format!(" ({modee})")) };
    (
        amount,
        Text::new(
            format!("{team} {mz} {}：{}{mode_zh} {eq}", figure(measure, result), terms.join(" + ")),
            format!("{team} {me} {}: {}{mode_en} {eq}", figure(measure, result), terms.join(" + ")),
        ),
    )
}
