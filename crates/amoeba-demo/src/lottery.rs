//! The daily order lottery of the demo (日出单抽奖, `docs/lottery.md`): its
//! rules file — Alibaba.com salespeople and order followers, the 17:00
//! cut-off in Shanghai, special prize and 1st … 3rd, Monday to Friday with
//! New Year's Day off — and the public lottery numbers of every draw day.
//!
//! The demo cannot reach a drand beacon (no network, and it must be the same
//! every time), so it uses the rules' RFC 3797 mode, with numbers drawn here
//! in the shape of the 福彩双色球 (six red balls of 1–33, one blue of 1–16).
//! They are simulated: a real company names real lotteries drawn after the
//! cut-off, or a drand chain.

use crate::rng::Rng;
use crate::world::World;
use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt::Write;

/// The rules version the demo saves.
pub(crate) const VERSION: &str = "demo-1";

fn is_draw_day(d: NaiveDate) -> bool {
    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let new_year = d.month() == 1 && d.day() == 1;
    !(weekend || new_year)
}

/// The rules file: in force from the first day of the demo's data.
pub(crate) fn rules(w: &World) -> String {
    let start = w.span.start;
    let holidays: Vec<String> = w.span.days().filter(|d| d.month() == 1 && d.day() == 1).map(|d| format!("\"{d}\"")).collect();
    let mut o = String::new();
    let _ = writeln!(o, "# 日出单抽奖规则（演示公司）：当天 17:00 前有订单发货的业务员、跟单各抽一次，17:00 及以后的算下一个工作日。");
    let _ = writeln!(o, "version = \"{VERSION}\"");
    let _ = writeln!(o, "effective_from = \"{start}\"");
    let _ = writeln!(o, "zone = \"Asia/Shanghai\"");
    let _ = writeln!(o, "cutoff = \"17:00:00\"");
    let _ = writeln!(o, "eligible_roles = [\"sales\", \"order_follower\"]");
    let _ = writeln!(o, "weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]");
    let _ = writeln!(o, "holidays = [{}]", holidays.join(", "));
    for (tier, count, amount, description) in [
        ("special", 1, "188.00", Some("特等奖：188 元 + 周五提前一小时下班")),
        ("first", 1, "88.00", None),
        ("second", 1, "50.00", None),
        ("third", 1, "20.00", Some("奶茶一杯")),
    ] {
        let _ = write!(o, "\n[[tiers]]\ntier = \"{tier}\"\ncount = {count}\namount = \"{amount}\"\n");
        if let Some(d) = description {
            let _ = writeln!(o, "description = \"{d}\"");
        }
    }
    let _ = write!(
        o,
        "\n[randomness]\nmode = \"rfc3797\"\nsources = \"福彩双色球 on the evening of the draw day (6 red balls, then the blue ball); \
         demo data: the numbers are simulated\"\n"
    );
    o
}

/// The draw days with their public lottery numbers, `day,numbers` with the
/// two sources separated by `/`.
pub(crate) fn numbers(w: &World) -> (String, usize) {
    let mut rng = Rng::new(w.seed, "lottery/numbers");
    let mut o = String::from("day,numbers\n");
    let mut n = 0;
    for d in w.span.days().filter(|d| is_draw_day(*d)) {
        let mut red: Vec<u64> = Vec::with_capacity(6);
        while red.len() < 6 {
            let x = rng.range(1, 33) as u64;
            if !red.contains(&x) {
                red.push(x);
            }
        }
        let blue = rng.range(1, 16);
        let red: Vec<String> = red.iter().map(u64::to_string).collect();
        let _ = writeln!(o, "{d},{} / {blue}", red.join(" "));
        n += 1;
    }
    (o, n)
}
