//! Attainment and pace: how far along a target is, and what each remaining
//! day (or working day) must bring to reach it — the line a morning meeting
//! reads out ("还差 ¥x，每天要做 ¥y").
//!
//! `actual` covers the period's days up to and including `as_of` (normally
//! yesterday, the last complete day); the remaining days are those after
//! `as_of` up to the period's end. The pace is rounded *up* to the fen: a
//! pace met every day then always reaches the target, which a rounded-down
//! pace would miss by a few fen.

use super::GoalError;
use crate::reporting::attainment_pct;
use crate::workdays::WorkCalendar;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a period stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceStatus {
    /// Days remain and the target is not met yet.
    InProgress,
    /// The target is met (days may remain; the pace is 0).
    Met,
    /// The period is over and the target was missed: no pace can help.
    Missed,
}

/// Attainment and the pace still needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pace {
    /// actual ÷ target × 100, 2 dp; `None` when the target is 0.
    pub attainment_pct: Option<Decimal>,
    /// target − actual, never below 0.
    pub remaining: Decimal,
    /// Calendar days after `as_of` up to the period's end.
    pub days_left: u32,
    /// remaining ÷ days_left, rounded up to the fen; 0 once met; `None` when missed.
    pub per_day: Option<Decimal>,
    /// Working days left, when a calendar was given.
    pub working_days_left: Option<u32>,
    /// remaining ÷ working days left (rounded up); `None` without a calendar,
    /// when missed, or when no working day is left but calendar days are.
    pub per_working_day: Option<Decimal>,
    /// Where the period stands.
    pub status: PaceStatus,
}

/// A target's period and what has been reached so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaceInput {
    /// The target.
    pub target: Decimal,
    /// Actual through `as_of`.
    pub actual: Decimal,
    /// Last day included in `actual`.
    pub as_of: NaiveDate,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
}

/// Attainment and pace for `input`, per working day too when `calendar` is given.
///
/// An `as_of` before the start means nothing has been counted yet (every day
/// remains); at or after the end the period is over.
pub fn pace(input: &PaceInput, calendar: Option<&WorkCalendar>) -> Result<Pace, GoalError> {
    if input.end < input.start {
        return Err(GoalError::PeriodReversed { start: input.start.to_string(), end: input.end.to_string() });
    }
    if input.target.is_sign_negative() && !input.target.is_zero() {
        return Err(GoalError::Negative { what: "target".into(), value: input.target });
    }
    let attainment_pct = if input.target.is_zero() {
        None
    } else {
        Some(attainment_pct(input.actual, input.target).ok_or_else(|| GoalError::Overflow { what: "attainment".into() })?)
    };
    let remaining = (input.target - input.actual).max(Decimal::ZERO);
    let first_left = input.as_of.max(input.start.pred_opt().unwrap_or(input.start)).succ_opt().unwrap_or(input.end);
    let days_left = if input.as_of >= input.end { 0 } else { (input.end - first_left).num_days() as u32 + 1 };
    let working_days_left = calendar.map(|c| if days_left == 0 { 0 } else { c.count(first_left, input.end) });
    let status = if remaining.is_zero() {
        PaceStatus::Met
    } else if days_left == 0 {
        PaceStatus::Missed
    } else {
        PaceStatus::InProgress
    };
    let per = |n: u32| match status {
        PaceStatus::Met => Some(Decimal::ZERO),
        PaceStatus::Missed => None,
        PaceStatus::InProgress if n == 0 => None,
        PaceStatus::InProgress => Some(crate::money::round_money_up(remaining / Decimal::from(n))),
    };
    Ok(Pace {
        attainment_pct,
        remaining,
        days_left,
        per_day: per(days_left),
        working_days_left,
        per_working_day: working_days_left.and_then(per),
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn march(target: Decimal, actual: Decimal, as_of: &str) -> PaceInput {
        PaceInput { target, actual, as_of: d(as_of), start: d("2026-03-01"), end: d("2026-03-31") }
    }

    /// docs/goals.md, "Attainment and pace" worked example.
    #[test]
    fn worked_example_mid_month() {
        let cal = WorkCalendar::default();
        let p = pace(&march(dec!(300_000.00), dec!(120_000.00), "2026-03-15"), Some(&cal)).unwrap();
        assert_eq!(p.attainment_pct, Some(dec!(40.00)));
        assert_eq!(p.remaining, dec!(180_000.00));
        assert_eq!(p.days_left, 16, "16th to 31st");
        assert_eq!(p.per_day, Some(dec!(11_250.00)));
        // 16–31 March 2026: Mon 16 … Tue 31 → 12 working days
        assert_eq!(p.working_days_left, Some(12));
        assert_eq!(p.per_working_day, Some(dec!(15_000.00)));
        assert_eq!(p.status, PaceStatus::InProgress);
    }

    #[test]
    fn the_pace_rounds_up_so_meeting_it_reaches_the_target() {
        let p = pace(&march(dec!(100.00), dec!(0), "2026-03-28"), None).unwrap();
        assert_eq!(p.days_left, 3);
        assert_eq!(p.per_day, Some(dec!(33.34)), "33.333… up, not 33.33");
        assert!(p.per_day.unwrap() * Decimal::from(p.days_left) >= p.remaining);
        assert_eq!(p.working_days_left, None);
        assert_eq!(p.per_working_day, None);
    }

    #[test]
    fn met_target_and_finished_period() {
        let met = pace(&march(dec!(100), dec!(130), "2026-03-10"), None).unwrap();
        assert_eq!((met.status, met.remaining, met.per_day), (PaceStatus::Met, dec!(0), Some(dec!(0))));
        assert_eq!(met.attainment_pct, Some(dec!(130.00)));
        let over = pace(&march(dec!(100), dec!(90), "2026-03-31"), Some(&WorkCalendar::default())).unwrap();
        assert_eq!((over.status, over.days_left, over.per_day, over.per_working_day), (PaceStatus::Missed, 0, None, None));
        assert_eq!(over.remaining, dec!(10));
        let before = pace(&march(dec!(310), dec!(0), "2026-02-20"), None).unwrap();
        assert_eq!((before.days_left, before.per_day), (31, Some(dec!(10.00))));
        let zero = pace(&march(dec!(0), dec!(5), "2026-03-02"), None).unwrap();
        assert_eq!((zero.attainment_pct, zero.status), (None, PaceStatus::Met));
    }

    #[test]
    fn only_weekends_left_gives_no_working_day_pace() {
        let p = pace(&march(dec!(100), dec!(0), "2026-03-27"), Some(&WorkCalendar::default())).unwrap();
        // 28 Sat, 29 Sun, 30 Mon, 31 Tue
        assert_eq!(p.working_days_left, Some(2));
        let weekend = PaceInput { end: d("2026-03-29"), ..march(dec!(100), dec!(0), "2026-03-27") };
        let w = pace(&weekend, Some(&WorkCalendar::default())).unwrap();
        assert_eq!((w.working_days_left, w.per_working_day, w.per_day), (Some(0), None, Some(dec!(50.00))));
    }

    #[test]
    fn refuses_a_reversed_period() {
        let bad = PaceInput { start: d("2026-03-31"), end: d("2026-03-01"), ..march(dec!(1), dec!(0), "2026-03-02") };
        assert!(matches!(pace(&bad, None), Err(GoalError::PeriodReversed { .. })));
    }
}
