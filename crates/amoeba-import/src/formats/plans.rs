//! Monthly unit plans (budgets): one amount per unit, month and P&L line,
//! the "plan" side of plan vs actual.

use crate::context::ImportContext;
use crate::error::{FileKind, ImportErrors};
use crate::fingerprint::FieldBuf;
use crate::reason::{month, Reason};
use crate::table::{col, read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Parsed, Partial};
use amoeba_core::ledger::PlanRecord;
use amoeba_core::money::SOURCE_DP;

/// The P&L line codes a plan may use, in report order.
pub const PLAN_LINES: [&str; 15] = [
    "sales",
    "internal_sales",
    "refunds",
    "cogs",
    "platform_fees",
    "fulfilment",
    "storage",
    "ads",
    "freight",
    "internal_purchases",
    "allocated",
    "added_value",
    "labour",
    "profit",
    "hours",
];

const COLUMNS: &[ColumnSpec] = &[col("unit", true, false), col("month", true, false), col("line", true, false), col("amount", true, true)];

fn row(r: &mut Row<'_>, _ctx: &ImportContext) -> Option<PlanRecord> {
    let unit = r.required(0).map(str::to_string);
    let month = match r.required(1).map(month) {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            r.err(1, e);
            None
        }
        None => None,
    };
    let line = match r.required(2).map(|v| v.to_ascii_lowercase()) {
        Some(l) if PLAN_LINES.contains(&l.as_str()) => Some(l),
        Some(_) => {
            let v = r.text(2).unwrap_or_default().to_string();
            r.err(2, Reason::UnknownPlanLine { value: v, known: PLAN_LINES.iter().map(|l| l.to_string()).collect() });
            None
        }
        None => None,
    };
    let amount = r.decimal(3, true, SOURCE_DP);
    Some(PlanRecord { unit: unit?, month: month?, line: line?, amount: amount?, line_no: r.line })
}

fn fields(x: &PlanRecord, b: &mut FieldBuf) {
    b.start("plan");
    b.str(&x.unit);
    b.display(x.month);
    b.str(&x.line);
    b.display(x.amount.normalize());
}

/// Parses a monthly plans CSV (`unit, month, line, amount`).
pub fn parse_plans(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<PlanRecord>, ImportErrors> {
    read_plans(bytes, ctx).map_err(|p| p.errors)
}

/// [`parse_plans`], but a refusal keeps the good rows, for the caller to check
/// them against what is stored in the same pass.
pub fn read_plans(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<PlanRecord>, Partial<PlanRecord>> {
    read_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::Plans,
            columns: COLUMNS,
            row,
            header_check: |_| None,
            fields,
            header_mode: HeaderMode::Exact,
            description_row: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_util::describe;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_plans_and_refuses_unknown_lines() {
        let p =
            parse_plans(b"unit,month,line,amount\nU1,2026-03,Sales,100000\nU1,2026-03,hours,1200\n", &ImportContext::default()).unwrap();
        assert_eq!(p.records[0].0.line, "sales");
        assert_eq!(p.records[1].0.amount, dec!(1200));
        let e = parse_plans(b"unit,month,line,amount\nU1,2026-03,revenue,1\nU1,2026-3-1,sales,1\n", &ImportContext::default()).unwrap_err();
        let d = describe(&e);
        assert!(d[0].starts_with("2:line:unknown plan line 'revenue'"), "{}", d[0]);
        assert!(d[1].starts_with("3:month:"), "{}", d[1]);
    }
}
