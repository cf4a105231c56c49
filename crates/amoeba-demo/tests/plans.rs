//! The demo's monthly plans follow one logic in every month — the month in
//! progress included (it used to plan AMZ-US a loss of 1.4 M on 2.4 M of
//! sales in December, one day into the month).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_demo::{generate, DemoOptions};
use std::collections::BTreeMap;

type Plans = BTreeMap<(String, String), BTreeMap<String, f64>>;

/// `(unit, month) → line → amount` of the demo's plans file.
fn plans(opts: &DemoOptions) -> Plans {
    let files = generate(opts);
    let file = files.iter().find(|f| f.kind == "plans").expect("a plans file");
    let text = String::from_utf8(file.content.clone()).expect("utf-8");
    let mut out = Plans::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        out.entry((cols[0].into(), cols[1].into())).or_default().insert(cols[2].into(), cols[3].parse().expect("amount"));
    }
    out
}

fn margin(p: &Plans, unit: &str, month: &str) -> f64 {
    let l = &p[&(unit.to_string(), month.to_string())];
    l["profit"] / l["sales"]
}

#[test]
fn the_month_in_progress_plans_like_a_whole_month() {
    // (last day with data, the month in progress, the same month a year before)
    for (end, month, last_year) in
        [("2026-12-01", "2026-12", "2025-12"), ("2026-11-15", "2026-11", "2025-11"), ("2026-11-02", "2026-11", "2025-11")]
    {
        let all = plans(&DemoOptions { months: 13, ..DemoOptions::new(end.parse().expect("day")) });
        for ((unit, m), lines) in &all {
            assert!(lines["sales"] > 0.0, "{unit} {m} plans sales");
            let mg = margin(&all, unit, m);
            assert!(mg.abs() < 1.0, "{unit} {m}: an absurd planned margin {mg:.3}");
        }
        for unit in ["GROUP", "AMZ-US", "AMZ-US-HOME", "AMZ-DE", "TTS-US", "WISH", "ALI", "SHOP"] {
            let (now, then) = (margin(&all, unit, month), margin(&all, unit, last_year));
            assert!((now - then).abs() <= 0.15, "{unit} {month} (data to {end}): margin {now:.3} vs {then:.3} a year before");
        }
        assert!(margin(&all, "GROUP", month) > 0.0 && margin(&all, "AMZ-US", month) > 0.0, "{month} plans a profit");
    }
}
