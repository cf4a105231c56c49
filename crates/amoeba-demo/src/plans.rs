//! Monthly plans (budgets) per profit unit: sales, added value, profit and
//! hours. There is no earlier year in the demo, so plans are set from what
//! the year really brought, each month and unit off by a random 80–120 %
//! attainment — the spread a plan-vs-actual board needs. Service-centre and
//! head-office costs are spread over the selling units by sales, as the
//! internal charges and allocations will do, so profit plans are in the
//! right range.

use crate::org::{unit_index, Kind, UNITS};
use crate::rng::Rng;
use crate::world::{Book, Line, World};
use amoeba_core::Month;
use std::fmt::Write;

/// Units with plans, each with the units whose figures it adds up.
const PLANNED: &[(&str, &[&str])] = &[
    ("GROUP", &[]),
    ("AMZ-US", &["AMZ-US", "AMZ-US-HOME", "AMZ-US-OUTDOOR"]),
    ("AMZ-US-HOME", &["AMZ-US-HOME"]),
    ("AMZ-US-OUTDOOR", &["AMZ-US-OUTDOOR"]),
    ("AMZ-DE", &["AMZ-DE"]),
    ("TTS-US", &["TTS-US"]),
    ("WISH", &["WISH"]),
    ("ALI", &["ALI"]),
    ("SHOP", &["SHOP"]),
];

const MONEY: [Line; 9] =
    [Line::Sales, Line::Refunds, Line::Cogs, Line::PlatformFees, Line::Fulfilment, Line::Storage, Line::Ads, Line::Freight, Line::Other];

/// Header of the plans file.
pub(crate) const HEADER: &str = "unit,month,line,amount";

fn round_yuan100(fen: i64) -> i64 {
    crate::money::div_round(fen, 10_000) * 100
}

/// Estimated figures of every unit for a month as booked so far:
/// `[sales, flows of added value, fixed added value, labour, hours×100]`.
/// Flows (sales and the costs that come with them) grow with the days of
/// data; the fixed part (the selling unit's share of service centres'
/// labour) and labour and hours are the whole month's already (hours.rs).
fn estimate(book: &Book, m: Month) -> Vec<[i64; 5]> {
    let n = UNITS.len();
    let direct: Vec<i64> = (0..n).map(|u| MONEY.iter().map(|l| book.get(u, m, *l)).sum()).collect();
    let labour: Vec<i64> = (0..n).map(|u| book.get(u, m, Line::Labour)).collect();
    let sales: Vec<i64> = (0..n).map(|u| book.get(u, m, Line::Sales)).collect();
    let hours: Vec<i64> = (0..n).map(|u| book.get(u, m, Line::Hours)).collect();
    let group = unit_index("GROUP");
    let shared: Vec<usize> = (0..n).filter(|&u| u == group || UNITS[u].kind == Kind::Service).collect();
    let overhead_flows: i64 = shared.iter().map(|&u| direct[u]).sum();
    let overhead_labour: i64 = shared.iter().map(|&u| labour[u]).sum();
    let selling: Vec<usize> = (0..n).filter(|u| !shared.contains(u)).collect();
    let total_sales: i64 = selling.iter().map(|&u| sales[u].max(0)).sum::<i64>().max(1);
    let part = |v: i64, u: usize| (i128::from(v) * i128::from(sales[u].max(0)) / i128::from(total_sales)) as i64;
    let mut out = vec![[0i64; 5]; n];
    for &u in &selling {
        out[u] = [sales[u], direct[u] + part(overhead_flows, u), part(overhead_labour, u), labour[u], hours[u]];
    }
    out[group] = [sales.iter().sum(), direct.iter().sum(), 0, labour.iter().sum(), hours.iter().sum()];
    out
}

/// A whole month's (sales, added value, profit, hours×100) from the
/// figures of its first `elapsed` of `days` days: flows scale to the month,
/// the fixed parts do not (every month follows this one logic).
fn whole_month(e: [i64; 5], elapsed: i64, days: i64) -> [i64; 4] {
    let scale = |v: i64| v * days / elapsed;
    let av = scale(e[1]) + e[2];
    [scale(e[0]), av, av + e[3], e[4]]
}

/// The estimate of a planned unit: its own, or the sum of its parts.
fn planned_sum(est: &[[i64; 5]], code: &str, parts: &[&str]) -> [i64; 5] {
    if parts.is_empty() {
        return est[unit_index(code)];
    }
    let mut sum = [0i64; 5];
    for p in parts {
        for (s, v) in sum.iter_mut().zip(est[unit_index(p)]) {
            *s += v;
        }
    }
    sum
}

/// `m` shifted by `back` months into the past.
fn months_before(m: Month, back: u32) -> Month {
    (0..back).fold(m, |acc, _| acc.prev())
}

/// The plans file and its row count.
///
/// One logic for every month: a plan is the whole month's figures at a
/// random attainment. A month the data covers whole is its own figures. The
/// month in progress is not known whole yet (a monthly fee booked on its 1st
/// would be multiplied by the days if its first days were extrapolated), so
/// it is the same month last year grown by the last full month's year-on-year
/// sales growth, with this month's hours; without a year of history its days
/// so far are extrapolated.
pub(crate) fn file(w: &World, book: &Book) -> (String, usize) {
    let mut rng = Rng::new(w.seed, "plans");
    let mut text = format!("{HEADER}\n");
    let mut rows = 0;
    let months = book.months();
    for &m in months {
        let est = estimate(book, m);
        let (a, b) = w.span.clip(m);
        let elapsed = (b - a).num_days() + 1;
        let days = i64::from(m.days());
        let (last_year, prev, prev_ly) = (months_before(m, 12), m.prev(), months_before(m, 13));
        let history = (elapsed < days && [last_year, prev, prev_ly].iter().all(|x| months.contains(x)))
            .then(|| (estimate(book, last_year), estimate(book, prev), estimate(book, prev_ly)));
        for &(code, parts) in PLANNED {
            let sum = planned_sum(&est, code, parts);
            let full = match &history {
                Some((ly, p, ply)) => {
                    let ly = whole_month(planned_sum(ly, code, parts), 1, 1);
                    let (now, then) = (planned_sum(p, code, parts)[0], planned_sum(ply, code, parts)[0]);
                    // Growth in per mille, bounded to 0.5×–2×.
                    let growth = if then > 0 { (now * 1000 / then).clamp(500, 2000) } else { 1000 };
                    [ly[0] * growth / 1000, ly[1] * growth / 1000, ly[2] * growth / 1000, sum[4]]
                }
                // A plan is for the whole month even when the data stops mid-month.
                None => whole_month(sum, elapsed, days),
            };
            let att = rng.range(820, 1180);
            let sales = round_yuan100(full[0] * 1000 / att);
            let att = rng.range(800, 1200);
            let adjust = |v: i64| if v >= 0 { v * 1000 / att } else { v * att / 1000 };
            let av = round_yuan100(adjust(full[1]));
            let profit = round_yuan100(adjust(full[2]));
            let hours = full[3] * 1000 / rng.range(950, 1050) / 100;
            for (line, v) in [("sales", sales), ("added_value", av), ("profit", profit), ("hours", hours)] {
                let _ = writeln!(text, "{code},{m},{line},{v}");
                rows += 1;
            }
        }
    }
    (text, rows)
}
