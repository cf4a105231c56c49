//! Clawbacks: a refund in the period of a sale an earlier run paid on gives
//! a negative line, in this period, at the rate it was paid at — what was
//! paid on the sale × the part of it refunded — and never more than what
//! is left of what was paid on that sale (asserted). Stage pay claws back
//! through its own refunded and cancelled stage amounts (`methods::stage`).

use super::cx::{LineCtx, RunCx};
use super::inputs::PaidSale;
use super::statement::{inputs, FactKey, Facts, LineKind};
use super::text::{approx, equals_rounded, yuan, Text};
use crate::money::round_money;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What to claw back for a refund of `refunded` of a sale of `base` on
/// which `paid` was paid and `clawed` already clawed back: `paid ×
/// refunded ÷ base` (the rate it was paid at; all of it when the base is
/// not above 0), rounded once, never above what is left (asserted).
/// Returns the exact figure and the clawback.
pub fn clawback_amount(paid: Decimal, clawed: Decimal, base: Decimal, refunded: Decimal) -> (Decimal, Decimal) {
    let left = paid - clawed;
    if left <= Decimal::ZERO || refunded <= Decimal::ZERO {
        return (Decimal::ZERO, Decimal::ZERO);
    }
    let exact = if base > Decimal::ZERO { paid * refunded / base } else { paid };
    let claw = round_money(exact).min(left);
    assert!(claw <= left && claw >= Decimal::ZERO, "a clawback never exceeds what was paid on its sale");
    (exact, claw)
}

/// What a statement line paid on each sale behind it: `paid` split over
/// the sales (key, credited value) by their values, largest remainder — so
/// the records add up to the line, and a later refund of any of them is
/// clawed back at the line's rate. For a credited base (stage pay records
/// its orders itself); `None` when there is nothing to split over.
pub fn paid_on_sales(person: &str, plan: &str, component: &str, paid: Decimal, sales: &[(String, Decimal)]) -> Option<Vec<PaidSale>> {
    let weighted: Vec<(String, Decimal, Decimal)> = sales.iter().map(|(k, v)| (k.clone(), *v, *v)).collect();
    attribute_paid(person, plan, component, paid, &weighted)
}

/// `paid` split over sales (key, base, weight) by their weights, largest
/// remainder — the records add up to `paid` (asserted). The weight is what
/// the sale earned (its value × the rate of its class), the base what a
/// refund of it is measured against; `None` when no weight is above 0.
pub fn attribute_paid(
    person: &str,
    plan: &str,
    component: &str,
    paid: Decimal,
    sales: &[(String, Decimal, Decimal)],
) -> Option<Vec<PaidSale>> {
    let weights: Vec<Decimal> = sales.iter().map(|(_, _, w)| w.max(&Decimal::ZERO)).copied().collect();
    if weights.iter().all(|w| w.is_zero()) {
        return None;
    }
    let parts = crate::money::split_largest_remainder(paid, &weights).ok()?;
    assert_eq!(parts.iter().copied().sum::<Decimal>(), paid, "what a line paid on its sales adds up to the line");
    Some(
        sales
            .iter()
            .zip(parts)
            .map(|((sale, base, _), part)| PaidSale {
                person: person.to_string(),
                plan: plan.to_string(),
                component: component.to_string(),
                sale: sale.clone(),
                base: *base,
                paid: part,
                clawed: Decimal::ZERO,
            })
            .collect(),
    )
}

/// Claws back refunds of sales paid on earlier, except under the stage
/// components in `stage` (plan, component), which claw back themselves.
/// `versions` gives the version in force of each plan code.
pub(crate) fn clawbacks(cx: &mut RunCx, stage: &HashSet<(String, String)>, versions: &BTreeMap<String, u32>) {
    let mut by_sale: HashMap<(&str, &str), Vec<&PaidSale>> = HashMap::new();
    for p in &cx.history.paid_sales {
        by_sale.entry((p.person.as_str(), p.sale.as_str())).or_default().push(p);
    }
    let mut left: HashMap<(String, String, String, String), Decimal> = HashMap::new();
    let mut out = Vec::new();
    for (person, refunds) in &cx.idx.refunds {
        for r in refunds {
            for ps in by_sale.get(&(*person, r.sale.as_str())).map(Vec::as_slice).unwrap_or(&[]) {
                if stage.contains(&(ps.plan.clone(), ps.component.clone())) {
                    continue;
                }
                let key = (ps.person.clone(), ps.plan.clone(), ps.component.clone(), ps.sale.clone());
                let clawed = *left.entry(key.clone()).or_insert(ps.clawed);
                let (exact, claw) = clawback_amount(ps.paid, clawed, ps.base, r.refunded());
                if claw.is_zero() {
                    continue;
                }
                left.insert(key, clawed + claw);
                let version = versions.get(&ps.plan).copied().unwrap_or(0);
                let lctx = LineCtx { plan: &ps.plan, version, component: &ps.component, method: "clawback" };
                let rate = if ps.base > Decimal::ZERO { ps.paid / ps.base } else { Decimal::ONE };
                let (cz, ce) = if round_money(exact) > claw {
                    let rest = ps.paid - clawed;
                    (
                        format!("，以尚未追回的 {} 为限：{}", yuan(rest), yuan(-claw)),
                        format!(", limited to the {} not yet clawed back: {}", yuan(rest), yuan(-claw)),
                    )
                } else {
                    (String::new(), String::new())
                };
                let arith = format!(
                    "{} × {} ÷ {} {}",
                    yuan(-ps.paid),
                    yuan(r.refunded()),
                    yuan(ps.base),
                    equals_rounded(-exact, -round_money(exact))
                );
                let text = Text::new(
                    format!(
                        "退款追回：销售 {} 于 {} 退款 {}；此前按其 {} 发放 {}（比例 {}）：{arith}{cz}",
                        r.sale,
                        r.day,
                        yuan(r.refunded()),
                        yuan(ps.base),
                        yuan(ps.paid),
                        approx(rate)
                    ),
                    format!(
                        "clawback: sale {} refunded {} on {}; {} was paid on its {} (rate {}): {arith}{ce}",
                        r.sale,
                        yuan(r.refunded()),
                        r.day,
                        yuan(ps.paid),
                        yuan(ps.base),
                        approx(rate)
                    ),
                );
                let ins = inputs(&[("paid", ps.paid), ("clawed_before", clawed), ("base", ps.base), ("refunded", r.refunded())]);
                let facts = Facts::one(FactKey::Sale { sale: r.sale.clone() }, 1);
                let line = lctx.line(LineKind::Clawback, lctx.rule(Some(rate)), ins, text, facts, -claw);
                out.push(((*person).to_string(), line, (*ps).clone(), claw));
            }
        }
    }
    for (person, line, ps, claw) in out {
        // A change adds to what is stored per sale: the base was recorded once, when it was paid on.
        cx.paid_sales.push(PaidSale { base: Decimal::ZERO, paid: Decimal::ZERO, clawed: claw, ..ps });
        cx.push(&person, vec![line]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_line_s_pay_is_attributed_to_its_sales_to_the_fen() {
        // 300.00 paid on 10 000.00 of sales: 3 333.33, 3 333.33, 3 333.34 → 99.99…, the fen to the largest remainder
        let sales = vec![("A".to_string(), dec!(3333.33)), ("B".to_string(), dec!(3333.33)), ("C".to_string(), dec!(3333.34))];
        let got = paid_on_sales("E01", "NB-PAY", "op_sales", dec!(300.00), &sales).unwrap();
        let paid: Vec<Decimal> = got.iter().map(|p| p.paid).collect();
        assert_eq!(paid, vec![dec!(100.00), dec!(100.00), dec!(100.00)]);
        assert_eq!(got[2].base, dec!(3333.34));
        assert!(paid_on_sales("E01", "P", "c", dec!(1), &[]).is_none());
    }
}
