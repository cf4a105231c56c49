//! Same options, same bytes; other options, other data — and any sensible
//! options give files the importers accept.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_demo::{generate, DemoOptions};
use chrono::NaiveDate;
use common::{apply_org, parse_all};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_same_seed_and_end_give_byte_identical_files() {
    let opts = DemoOptions::new(d("2026-03-14"));
    let a = generate(&opts);
    let b = generate(&opts);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert!(x.content == y.content, "{} differs between two runs", x.name);
    }
    let other = generate(&DemoOptions { seed: 7, ..opts.clone() });
    assert_ne!(a[0].content, other[0].content, "another seed, other people");
    let settle = |files: &[amoeba_demo::DemoFile]| files.iter().find(|f| f.kind == "amazon-settlement").unwrap().content.clone();
    assert_ne!(settle(&a), settle(&other), "another seed, other orders");
}

#[test]
fn short_small_and_leap_day_demos_are_accepted_too() {
    for opts in [
        DemoOptions { seed: 1, end: d("2024-02-29"), months: 1, volume_pct: 20 },
        DemoOptions { seed: 99, end: d("2025-12-31"), months: 3, volume_pct: 10 },
    ] {
        let files = generate(&opts);
        let org = apply_org(&files);
        let p = parse_all(&files, &org);
        assert!(!p.facts.is_empty(), "{opts:?}");
        assert!(p.facts.iter().all(|f| f.date <= opts.end), "{opts:?}");
    }
}
