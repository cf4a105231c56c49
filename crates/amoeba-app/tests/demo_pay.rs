//! The demo company's month end pays its plan's accelerators: the
//! Alibaba.com salespeople's commission is measured against the people
//! splits of the units' derived targets (docs/pay-plans.md, "Person
//! targets"), and at least one stored run applies a step.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_core::incentive::{LineKind, PayRun};
use amoeba_store::testing::fresh_db;

#[tokio::test]
async fn the_demo_runs_apply_an_accelerator_or_decelerator_from_derived_person_targets() {
    let db = fresh_db().await;
    let end = "2026-03-14".parse().expect("day");
    let opts = amoeba_demo::DemoOptions { seed: 42, end, months: 3, volume_pct: 10 };
    amoeba_app::demo::load_demo(&db, opts, None, &mut |_| {}).await.expect("demo").expect("loaded");
    let company = db.company(Some("NBTQ")).await.expect("company");
    let paid = amoeba_app::demo::close_and_pay(&db, &company, end, &mut |_| {}).await.expect("month end");
    assert!(!paid.runs.is_empty(), "the demo pays its complete months");
    let mut steps = Vec::new();
    for row in db.pay_runs(company.id).await.expect("runs") {
        let run: PayRun = amoeba_app::pay::load_run(&db, &company, &row).await.expect("run");
        for s in &run.statements {
            for l in s.lines.iter().filter(|l| matches!(l.kind, LineKind::Accelerator | LineKind::Decelerator)) {
                let target = l.inputs.iter().find(|i| i.name == "target").map(|i| i.value).expect("a step names its target");
                steps.push((row.month.clone(), s.person.clone(), l.component.clone(), l.kind, target, l.amount));
            }
        }
    }
    assert!(steps.iter().any(|s| s.2 == "b2b_class" && s.3 == LineKind::Accelerator), "{steps:#?}");
    assert!(steps.iter().all(|s| s.4 > rust_decimal::Decimal::ZERO), "{steps:#?}");
}

/// The service centres' profit share (`svc_share`, scorecard) weighs its
/// members by the reviews the demo stores: in some stored run a member's
/// line names a review multiplier, the multiplier is the one stored for
/// that person and month, and no member of a reviewed centre weighs × 1.
#[tokio::test]
async fn the_demo_service_centres_scorecard_reads_the_stored_reviews() {
    let db = fresh_db().await;
    let end = "2026-03-14".parse().expect("day");
    let opts = amoeba_demo::DemoOptions { seed: 42, end, months: 3, volume_pct: 10 };
    amoeba_app::demo::load_demo(&db, opts, None, &mut |_| {}).await.expect("demo").expect("loaded");
    let company = db.company(Some("NBTQ")).await.expect("company");
    amoeba_app::demo::close_and_pay(&db, &company, end, &mut |_| {}).await.expect("month end");
    let mut weighed = 0;
    for row in db.pay_runs(company.id).await.expect("runs") {
        let month: amoeba_core::Month = row.month.parse().expect("month");
        let stored = amoeba_app::review::multipliers(&db, &company, amoeba_core::goals::Cycle::Monthly(month)).await.expect("reviews");
        let run: PayRun = amoeba_app::pay::load_run(&db, &company, &row).await.expect("run");
        for s in &run.statements {
            for l in s.lines.iter().filter(|l| l.component == "svc_share" && !l.amount.is_zero()) {
                assert!(!l.text.zh.contains("本期无考评"), "{} {}: {}", row.month, s.person, l.text.zh);
                let m = stored.get(&s.person).unwrap_or_else(|| panic!("{} has no stored review for {}", s.person, row.month));
                assert!(
                    l.text.zh.contains(&format!("考评系数 {}", m.normalize())),
                    "{} {}: {} (stored {m})",
                    row.month,
                    s.person,
                    l.text.zh
                );
                weighed += 1;
            }
        }
    }
    assert!(weighed > 0, "some stored run pays the service centres' share by scorecard");
}
