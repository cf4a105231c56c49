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

/// Estimated (sales, added value, profit, hours×100) of every unit for a month.
fn estimate(book: &Book, m: Month) -> Vec<[i64; 4]> {
    let n = UNITS.len();
    let direct: Vec<i64> = (0..n).map(|u| MONEY.iter().map(|l| book.get(u, m, *l)).sum()).collect();
    let labour: Vec<i64> = (0..n).map(|u| book.get(u, m, Line::Labour)).collect();
    let sales: Vec<i64> = (0..n).map(|u| book.get(u, m, Line::Sales)).collect();
    let hours: Vec<i64> = (0..n).map(|u| book.get(u, m, Line::Hours)).collect();
    let group = unit_index("GROUP");
    let shared: Vec<usize> = (0..n).filter(|&u| u == group || UNITS[u].kind == Kind::Service).collect();
    let overhead: i64 = shared.iter().map(|&u| direct[u] + labour[u]).sum();
    let selling: Vec<usize> = (0..n).filter(|u| !shared.contains(u)).collect();
    let total_sales: i64 = selling.iter().map(|&u| sales[u].max(0)).sum::<i64>().max(1);
    let mut out = vec![[0i64; 4]; n];
    for &u in &selling {
        let share = (i128::from(overhead) * i128::from(sales[u].max(0)) / i128::from(total_sales)) as i64;
        let av = direct[u] + share;
        out[u] = [sales[u], av, av + labour[u], hours[u]];
    }
    let all_direct: i64 = direct.iter().sum();
    let all_labour: i64 = labour.iter().sum();
    out[group] = [sales.iter().sum(), all_direct, all_direct + all_labour, hours.iter().sum()];
    out
}

/// The plans file and its row count.
pub(crate) fn file(w: &World, book: &Book) -> (String, usize) {
    let mut rng = Rng::new(w.seed, "plans");
    let mut text = format!("{HEADER}\n");
    let mut rows = 0;
    for &m in book.months() {
        let est = estimate(book, m);
        let (a, b) = w.span.clip(m);
        let elapsed = (b - a).num_days() + 1;
        let days = i64::from(m.days());
        for &(code, parts) in PLANNED {
            let mut sum = [0i64; 4];
            if parts.is_empty() {
                sum = est[unit_index(code)];
            } else {
                for p in parts {
                    let e = est[unit_index(p)];
                    for i in 0..4 {
                        sum[i] += e[i];
                    }
                }
            }
            // A plan is for the whole month even when the data stops mid-month.
            let full: Vec<i64> = sum.iter().map(|v| v * days / elapsed).collect();
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
