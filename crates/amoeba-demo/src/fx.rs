//! Daily exchange rates to CNY as a bounded random walk, and the FX file.
//!
//! Rates are kept in millionths of a yuan (integers) so the walk is exact.
//! The file lists working days only, like the PBOC central parity; facts on
//! weekends use the latest earlier rate, which is exactly what the importer
//! does.

use crate::calendar::Span;
use crate::money::{fmt_minor, Cur};
use crate::rng::Rng;
use chrono::{Datelike, Duration, NaiveDate};
use std::fmt::Write;

/// Days of rates before the span starts, so the first (weekend) day of data
/// already has a rate on or before it.
const LEAD_DAYS: i64 = 10;

/// Walk parameters per foreign currency: start, low, high, daily step (all
/// in millionths) and the decimals written to the file.
const WALK: [(i64, i64, i64, i64, u32); 4] = [
    (7_180_000, 7_100_000, 7_300_000, 9_000, 4),
    (7_850_000, 7_700_000, 8_000_000, 14_000, 4),
    (9_150_000, 9_000_000, 9_300_000, 16_000, 4),
    (48_500, 47_000, 50_000, 160, 6),
];

/// Every day's rate of every foreign currency.
pub(crate) struct FxTable {
    first: NaiveDate,
    /// `rates[day][currency]` in millionths of CNY per unit.
    rates: Vec<[i64; 4]>,
}

impl FxTable {
    /// A walk covering the span and [`LEAD_DAYS`] before it.
    pub(crate) fn generate(seed: u64, span: &Span) -> Self {
        let mut rng = Rng::new(seed, "fx");
        let first = span.start - Duration::days(LEAD_DAYS);
        let days = (span.end - first).num_days() as usize + 1;
        let mut cur: [i64; 4] = [0; 4];
        for (i, w) in WALK.iter().enumerate() {
            cur[i] = w.0 + rng.range(-w.3 * 5, w.3 * 5);
        }
        let mut rates = Vec::with_capacity(days);
        for _ in 0..days {
            for (i, &(_, lo, hi, step, _)) in WALK.iter().enumerate() {
                let centre = (lo + hi) / 2;
                let pull = (centre - cur[i]) / 40;
                let mut next = cur[i] + rng.range(-step, step) + pull;
                if next < lo {
                    next = lo + (lo - next);
                }
                if next > hi {
                    next = hi - (next - hi);
                }
                cur[i] = next.clamp(lo, hi);
            }
            rates.push(cur);
        }
        Self { first, rates }
    }

    /// Millionths of CNY per unit of `cur` on `d` (CNY itself: 1 000 000).
    pub(crate) fn micro(&self, cur: Cur, d: NaiveDate) -> i64 {
        let Some(i) = cur.foreign_index() else { return 1_000_000 };
        let idx = (d - self.first).num_days().clamp(0, self.rates.len() as i64 - 1) as usize;
        self.rates[idx][i]
    }

    /// Converts an amount in `cur`'s minor unit to CNY fen at `d`'s rate.
    pub(crate) fn to_fen(&self, minor: i64, cur: Cur, d: NaiveDate) -> i64 {
        let to_cents = if cur.dp() == 0 { 100 } else { 1 };
        let v = i128::from(minor) * i128::from(to_cents) * i128::from(self.micro(cur, d));
        (v / 1_000_000) as i64
    }

    /// The FX file: `date,currency,rate` for every working day.
    pub(crate) fn csv(&self) -> String {
        let mut out = String::from("date,currency,rate\n");
        for (k, day) in self.rates.iter().enumerate() {
            let d = self.first + Duration::days(k as i64);
            if d.weekday().num_days_from_monday() >= 5 {
                continue;
            }
            for (i, c) in Cur::FOREIGN.iter().enumerate() {
                let dp = WALK[i].4;
                let v = day[i] / 10i64.pow(6 - dp);
                let _ = writeln!(out, "{d},{},{}", c.code(), fmt_minor(v, dp, false));
            }
        }
        out
    }

    /// Number of days covered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.rates.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_stay_in_their_bands() {
        let span = Span::ending("2026-03-14".parse().unwrap(), 12);
        let fx = FxTable::generate(42, &span);
        assert!(fx.len() > 370);
        for d in span.days() {
            let usd = fx.micro(Cur::Usd, d);
            assert!((7_100_000..=7_300_000).contains(&usd), "{usd}");
            let jpy = fx.micro(Cur::Jpy, d);
            assert!((47_000..=50_000).contains(&jpy), "{jpy}");
        }
        assert_eq!(fx.to_fen(100, Cur::Cny, span.start), 100);
        let csv = fx.csv();
        assert!(csv.lines().nth(1).unwrap().contains(",USD,7."));
    }
}
