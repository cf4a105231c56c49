//! A person's balance for the period, after every component: a negative
//! balance brought forward is taken off; a negative balance is carried to
//! the next period (never paid as a debt); a positive one first recovers
//! outstanding recoverable advances; then a draw tops the payout up to its
//! floor — a guarantee for good, a recoverable draw as an advance to be
//! recovered later. Every step is a line; the lines add up to the total
//! (asserted), and the total is never below 0.

use super::inputs::History;
use super::plan::{Draw, DrawKind};
use super::statement::{inputs, Facts, LineKind, Rule, Statement, StatementLine};
use super::text::{yuan, Text};
use rust_decimal::Decimal;

fn line(plan: &str, version: u32, code: &str, kind: LineKind, text: Text, amount: Decimal, ins: &[(&str, Decimal)]) -> StatementLine {
    StatementLine {
        plan: plan.to_string(),
        version,
        component: code.to_string(),
        kind,
        rule: Rule { method: "balance".into(), ..Rule::default() },
        inputs: inputs(ins),
        text,
        facts: Facts::default(),
        amount,
        equity: None,
    }
}

/// The draw covering a person: plan code, version and the draw.
pub(crate) type DrawRef<'a> = (&'a str, u32, &'a Draw);

/// Settles `person`'s `lines` (components, clawbacks, adjustments) into a statement.
pub(crate) fn settle(person: &str, mut lines: Vec<StatementLine>, history: &History, draw: Option<DrawRef>) -> Statement {
    let earned: Decimal = lines.iter().filter(|l| l.kind.is_earned()).map(|l| l.amount).sum();
    let mut balance: Decimal = lines.iter().map(|l| l.amount).sum();
    let bf = history.balances.get(person).copied().unwrap_or_default().min(Decimal::ZERO);
    if !bf.is_zero() {
        balance += bf;
        let t = Text::new(format!("上期结转负余额 {}", yuan(bf)), format!("negative balance brought forward {}", yuan(bf)));
        lines.push(line("", 0, "balance", LineKind::BroughtForward, t, bf, &[("balance", bf)]));
    }
    let mut outstanding = history.advances.get(person).copied().unwrap_or_default().max(Decimal::ZERO);
    let mut carried = Decimal::ZERO;
    if balance < Decimal::ZERO {
        carried = balance;
        let t = Text::new(
            format!("余额 {} 为负，结转下期冲抵（本期不扣款）", yuan(balance)),
            format!("balance {} is negative: carried to the next period (nothing is deducted now)", yuan(balance)),
        );
        lines.push(line("", 0, "balance", LineKind::CarriedForward, t, -balance, &[("balance", balance)]));
        balance = Decimal::ZERO;
    } else if balance > Decimal::ZERO && outstanding > Decimal::ZERO {
        let r = outstanding.min(balance);
        let t = Text::new(
            format!("收回预支：未收回 {}，本期余额 {}，收回 {}", yuan(outstanding), yuan(balance), yuan(r)),
            format!("advance recovered: {} outstanding, balance {}, {} recovered", yuan(outstanding), yuan(balance), yuan(r)),
        );
        lines.push(line("", 0, "advance", LineKind::Recovery, t, -r, &[("outstanding", outstanding), ("balance", balance)]));
        outstanding -= r;
        balance -= r;
    }
    if let Some((plan, version, d)) = draw {
        if balance < d.amount {
            let top = d.amount - balance;
            let (kind, zh, en) = match d.kind {
                DrawKind::Guarantee => (LineKind::Guarantee, "保底（不收回）", "guaranteed minimum (not recovered)"),
                DrawKind::Recoverable => {
                    (LineKind::Advance, "预支（以后从正余额中收回）", "recoverable draw (recovered from later positive balances)")
                }
            };
            let t = Text::new(
                format!("{zh} {}：本期 {}，补足 {}", yuan(d.amount), yuan(balance), yuan(top)),
                format!("{en} {}: balance {}, topped up by {}", yuan(d.amount), yuan(balance), yuan(top)),
            );
            lines.push(line(plan, version, &d.code, kind, t, top, &[("floor", d.amount), ("balance", balance)]));
            if d.kind == DrawKind::Recoverable {
                outstanding += top;
            }
            balance = d.amount;
        }
    }
    let total: Decimal = lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, balance, "a statement's lines add up to its total ({person})");
    assert!(total >= Decimal::ZERO, "a statement never pays below 0 ({person})");
    Statement { person: person.to_string(), lines, earned, total, carried_forward: carried, advance_outstanding: outstanding }
}
