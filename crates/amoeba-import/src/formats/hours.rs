//! Working hours and labour cost per person, unit and day or month: the
//! denominator of hourly efficiency and the labour line of the unit P&L.

use crate::context::ImportContext;
use crate::dates::parse_date;
use crate::error::{FileKind, ImportErrors};
use crate::fingerprint::FieldBuf;
use crate::reason::Reason;
use crate::table::{col, read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Parsed, Partial};
use amoeba_core::ledger::{HoursPeriod, HoursRecord};
use amoeba_core::money::SOURCE_DP;
use amoeba_core::period::Month;
use rust_decimal::Decimal;

const PERSON: usize = 0;
const UNIT: usize = 1;
const PERIOD: usize = 2;
const HOURS: usize = 3;
const OVERTIME: usize = 4;
const LABOUR: usize = 5;

const COLUMNS: &[ColumnSpec] = &[
    col("person", true, false),
    col("unit", true, false),
    col("period", true, false),
    col("hours", true, true),
    col("overtime_hours", false, true),
    col("labour_cost", false, true),
];

fn period(v: &str, ctx: &ImportContext) -> Result<HoursPeriod, Reason> {
    if let Ok(d) = parse_date(v) {
        return ctx.check_day(d).map(HoursPeriod::Day);
    }
    let m = v.parse::<Month>().map_err(|_| Reason::NotAPeriod { value: v.to_string() })?;
    ctx.check_day(m.first_day())?;
    Ok(HoursPeriod::Month(m))
}

fn non_negative(r: &mut Row<'_>, c: usize, required: bool) -> Option<Decimal> {
    let v = r.decimal(c, required, SOURCE_DP)?;
    if v.is_sign_negative() && !v.is_zero() {
        r.err(c, Reason::Negative { value: v.to_string() });
        return None;
    }
    Some(v)
}

fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<HoursRecord> {
    let person = r.required(PERSON).map(str::to_string);
    let unit = r.required(UNIT).map(str::to_string);
    let period = match r.required(PERIOD).map(|v| period(v, ctx)) {
        // A workbook's serial day.
        Some(Err(_)) if r.is_number(PERIOD) => r.date(PERIOD, true).map(HoursPeriod::Day),
        Some(Ok(p)) => Some(p),
        Some(Err(m)) => {
            r.err(PERIOD, m);
            None
        }
        None => None,
    };
    let hours = non_negative(r, HOURS, true);
    let overtime = if r.text(OVERTIME).is_some() { non_negative(r, OVERTIME, false) } else { Some(Decimal::ZERO) };
    let labour = if r.text(LABOUR).is_some() { non_negative(r, LABOUR, false) } else { Some(Decimal::ZERO) };
    if let (Some(p), Some(h), Some(o)) = (period, hours, overtime) {
        let cap = match p {
            HoursPeriod::Day(_) => Decimal::from(24),
            HoursPeriod::Month(m) => Decimal::from(24 * m.days()),
        };
        if h + o > cap {
            r.err(HOURS, Reason::TooManyHours { total: (h + o).to_string(), cap: cap.to_string() });
        }
    }
    if !r.errors.is_empty() {
        return None;
    }
    Some(HoursRecord {
        person: person?,
        unit: unit?,
        period: period?,
        hours: hours?,
        overtime_hours: overtime?,
        labour_cost: labour?,
        line: r.line,
    })
}

fn fields(x: &HoursRecord, b: &mut FieldBuf) {
    b.start("hours");
    b.str(&x.person);
    b.str(&x.unit);
    match x.period {
        HoursPeriod::Day(d) => b.display(d),
        HoursPeriod::Month(m) => b.display(m),
    }
    b.display(x.hours.normalize());
    b.display(x.overtime_hours.normalize());
    b.display(x.labour_cost.normalize());
}

/// Parses a working-hours CSV (`person, unit, period, hours, overtime_hours, labour_cost`).
pub fn parse_hours(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<HoursRecord>, ImportErrors> {
    read_hours(bytes, ctx).map_err(|p| p.errors)
}

/// [`parse_hours`], but a refusal keeps the good rows, for the caller to check
/// them against what is stored in the same pass.
pub fn read_hours(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<HoursRecord>, Partial<HoursRecord>> {
    read_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::Hours,
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
    fn reads_days_and_months() {
        let f = "person,unit,period,hours,overtime_hours,labour_cost\nP1,U1,2026-03-02,8,1.5,\nP2,U1,2026-03,168,,12000.00\n";
        let p = parse_hours(f.as_bytes(), &ImportContext::default()).unwrap();
        assert!(matches!(p.records[0].0.period, HoursPeriod::Day(_)));
        assert_eq!(p.records[0].0.overtime_hours, dec!(1.5));
        assert_eq!(p.records[0].0.labour_cost, dec!(0));
        assert_eq!(p.records[1].0.period, HoursPeriod::Month("2026-03".parse().unwrap()));
        assert_eq!(p.records[1].0.labour_cost, dec!(12000));
    }

    #[test]
    fn refuses_bad_hours() {
        let f = "person,unit,period,hours,overtime_hours\nP1,U1,2026-03-02,-1,\nP1,U1,2026-03-02,20,5\nP1,U1,March,8,\n,U1,2026-03-02,8,\n";
        let e = parse_hours(f.as_bytes(), &ImportContext::default()).unwrap_err();
        let d = describe(&e);
        assert_eq!(d.len(), 4, "{d:#?}");
        assert_eq!(d[0], "2:hours:must not be negative, got -1");
        assert!(d[1].contains("more than the 24"), "{}", d[1]);
        assert!(d[2].starts_with("4:period:'March' is neither"), "{}", d[2]);
        assert_eq!(d[3], "5:person:person is required");
    }
}
