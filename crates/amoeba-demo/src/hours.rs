//! Working hours and labour cost per person, unit and month — the
//! denominator of hourly efficiency and the labour line of each P&L.
//!
//! Regular hours are 8 per working day of the assignment inside the month
//! (a person switching roles mid-month has a row for each unit), minus the
//! odd day of leave; overtime grows in Q4, and livestream hosts work
//! evenings all year. Labour cost is the monthly cost pro rata plus
//! overtime at 1.5×.
//!
//! The month in progress has its whole month's payroll, as a company that
//! loads its monthly payroll does: the engine counts it for the days
//! elapsed (docs/formulas.md §14), so month-to-date profit is fair.

use crate::calendar::weekdays_between;
use crate::money::{div_round, fmt, Cur};
use crate::org::{unit_index, Kind, UNITS};
use crate::rng::Rng;
use crate::world::{Book, Line, World};
use amoeba_core::Month;
use std::fmt::Write;

/// Header of the hours file.
pub(crate) const HEADER: &str = "person,unit,period,hours,overtime_hours,labour_cost";

/// One file per month: (month, text, rows).
pub(crate) fn files(w: &World, book: &mut Book) -> Vec<(Month, String, usize)> {
    let mut rng = Rng::new(w.seed, "hours");
    let mut out = Vec::new();
    for m in w.span.months() {
        // The whole month (the span may end mid-month): see the module doc.
        let (a, b) = (w.span.clip(m).0, m.last_day());
        let full = weekdays_between(m.first_day(), m.last_day()).max(1);
        let mut text = format!("{HEADER}\n");
        let mut rows = 0;
        for asg in &w.staff.assignments {
            let from = asg.from.max(a);
            let to = asg.to.map_or(b, |t| t.min(b));
            if from > to {
                continue;
            }
            let days = i64::from(weekdays_between(from, to));
            if days == 0 {
                continue;
            }
            let leave = if days > 5 && rng.chance(300) { rng.range(1, 2) } else { 0 };
            let regular = (days - leave) * 8;
            let service = UNITS[unit_index(asg.unit)].kind == Kind::Service;
            let q4 = m.month() >= 10;
            let mut ot = match (service, q4) {
                (false, false) => rng.range(0, 12),
                (false, true) => rng.range(12, 36),
                (true, false) => rng.range(0, 8),
                (true, true) => rng.range(4, 20),
            };
            if asg.role == "livestream_host" {
                ot += rng.range(12, 20);
            }
            if matches!(asg.unit, "WH" | "LOG") && q4 {
                ot += rng.range(8, 20);
            }
            if asg.role == "manager" && asg.unit == "GROUP" {
                ot = 0;
            }
            // Overtime only over the part of the month worked.
            ot = ot * days / i64::from(full);
            let salary_fen = asg.salary * 100;
            let base = div_round(salary_fen * days, i64::from(full));
            let hourly = div_round(salary_fen, 174);
            let labour = base + ot * hourly * 3 / 2;
            let person = &w.staff.people[asg.person].code;
            let _ = writeln!(text, "{person},{},{m},{regular},{ot},{}", asg.unit, fmt(labour, Cur::Cny));
            rows += 1;
            let u = unit_index(asg.unit);
            book.raw(u, m, Line::Labour, -labour);
            book.raw(u, m, Line::Hours, (regular + ot) * 100);
        }
        out.push((m, text, rows));
    }
    out
}
