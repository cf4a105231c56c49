//! Review scoring on the web (docs/engagement.md, "Review cycles"): a
//! leader opens a cycle and scores their people per criterion, a member
//! enters their own self-review, each row shows the weighted scores the
//! core computes, who entered them and when, and the multipliers a pay
//! plan's scorecard method reads are the ones entered here. Refusals name
//! the person and the criterion in the page's language.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::goals::Cycle;
use amoeba_core::identity::Role;
use axum::http::StatusCode;
use common::*;
use rust_decimal::Decimal;

fn march() -> Cycle {
    Cycle::Monthly("2026-03".parse().unwrap())
}

/// results 60 %, attitude 40 %; M1 scored 90 / 70 by the leader = 54 + 28 = 82.00;
/// M1's own 100 / 80 = 60 + 32 = 92.00, shown beside and not counted.
#[tokio::test]
async fn a_leader_scores_a_member_reviews_themselves_and_the_core_weighs() {
    let app = app().await;
    let (leader, member, owner) = (app.login(Role::Leader).await, app.login(Role::Member).await, app.login(Role::Owner).await);
    let open = [("cycle", "2026-03"), ("unit", "AMZ-US-HOME"), ("criteria", "results@60, attitude@40")];
    let opened = app.post_form("/reviews", Some(&leader), &open).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    assert_eq!(app.post_form("/reviews", Some(&owner), &open).await.status, StatusCode::CONFLICT, "a cycle is opened once");

    // The member cannot give the leader's score, only their own self-review.
    assert_eq!(app.post_form("/reviews/2026-03/AMZ-US-HOME", Some(&member), &[("M1|results", "100")]).await.status, StatusCode::NOT_FOUND);
    let own = app.post_form("/reviews/2026-03/AMZ-US-HOME/self", Some(&member), &[("self|results", "100"), ("self|attitude", "80")]).await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let page = app.get("/reviews/2026-03/AMZ-US-HOME", Some(&member)).await.body;
    assert!(page.contains("92.00") && !page.contains("name=\"M1|results\""), "self-review weighted, no leader inputs for the member");

    // A bad score is refused naming the person and the field, in the page's language; nothing is written.
    let bad = app.post_form("/reviews/2026-03/AMZ-US-HOME", Some(&leader), &[("M1|results", "120"), ("M1|attitude", "70")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("M1 的 &#39;results&#39; 得分为 120"), "{}", bad.body);
    assert!(bad.body.contains("value=\"120\""), "what was typed is kept");
    let bad_en = app.post_form("/reviews/2026-03/AMZ-US-HOME?lang=en", Some(&leader), &[("M1|results", "9o"), ("M1|attitude", "70")]).await;
    assert!(bad_en.body.contains("M1&#39;s score for &#39;results&#39; (&#39;9o&#39;) is not a number"), "{}", bad_en.body);
    let missing = app.post_form("/reviews/2026-03/AMZ-US-HOME", Some(&leader), &[("M1|results", "90"), ("M1|attitude", "")]).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "a half-scored row names the criterion left out");
    assert!(missing.body.contains("attitude"));
    let stored =
        amoeba_app::review_entry::one(&app.db, &app.db.company(Some("T")).await.unwrap(), march(), "AMZ-US-HOME").await.unwrap().unwrap();
    assert!(stored.outcome.lines.is_empty(), "refused entries store nothing");

    let ok = app.post_form("/reviews/2026-03/AMZ-US-HOME", Some(&leader), &[("M1|results", "90"), ("M1|attitude", "70")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let company = app.db.company(Some("T")).await.unwrap();
    let r = amoeba_app::review_entry::one(&app.db, &company, march(), "AMZ-US-HOME").await.unwrap().unwrap();
    let line = &r.outcome.lines[0];
    assert_eq!(
        (line.leader_score, line.self_score, line.self_counted, line.score),
        (Decimal::from(82), Some(Decimal::from(92)), false, Decimal::from(82))
    );
    let who: Vec<(&str, &str)> =
        r.marks.iter().map(|m| (m.by.as_str(), if m.hand == amoeba_app::review::Hand::Leader { "leader" } else { "self" })).collect();
    assert_eq!(who, vec![("member", "self"), ("leader", "leader")], "who entered what");
    assert!(r.marks.iter().all(|m| m.at.ends_with('Z')), "and when");
    let multipliers = amoeba_app::review::multipliers(&app.db, &company, march()).await.unwrap();
    assert_eq!(multipliers.get("M1"), Some(&Decimal::ONE), "the pay engine reads the scores entered on the form");

    let page = app.get("/reviews/2026-03/AMZ-US-HOME", Some(&leader)).await.body;
    assert!(page.contains("82.00") && page.contains("92.00") && page.contains("name=\"M1|results\" value=\"90\""), "{page}");
    let list = app.get("/reviews", Some(&leader)).await.body;
    assert!(list.contains("/reviews/2026-03/AMZ-US-HOME") && list.contains("1 / 1"), "{list}");
}

/// A cycle whose self-reviews count 20 %: 82 × 0.8 + 92 × 0.2 = 84.00.
#[tokio::test]
async fn a_cycle_that_counts_self_reviews_blends_them_as_the_core_says() {
    let app = app().await;
    let (owner, member) = (app.login(Role::Owner).await, app.login(Role::Member).await);
    let open =
        [("cycle", "2026-Q1"), ("unit", "AMZ-US-HOME"), ("criteria", "results@60, attitude@40"), ("self_share", "20"), ("out_of_100", "1")];
    assert_eq!(app.post_form("/reviews", Some(&owner), &open).await.status, StatusCode::SEE_OTHER);
    app.post_form("/reviews/2026-Q1/AMZ-US-HOME", Some(&owner), &[("M1|results", "90"), ("M1|attitude", "70")]).await;
    app.post_form("/reviews/2026-Q1/AMZ-US-HOME/self", Some(&member), &[("self|results", "100"), ("self|attitude", "80")]).await;
    let company = app.db.company(Some("T")).await.unwrap();
    let r = amoeba_app::review_entry::one(&app.db, &company, Cycle::quarterly(2026, 1).unwrap(), "AMZ-US-HOME").await.unwrap().unwrap();
    assert_eq!((r.outcome.lines[0].score, r.outcome.lines[0].self_counted), (Decimal::from(84), true));
    assert_eq!(r.outcome.lines[0].multiplier, Some("0.84".parse().unwrap()), "out of 100");
    // Withdrawing the self-review: the leader's score alone again.
    app.post_form("/reviews/2026-Q1/AMZ-US-HOME/self", Some(&member), &[("self|results", ""), ("self|attitude", "")]).await;
    let r = amoeba_app::review_entry::one(&app.db, &company, Cycle::quarterly(2026, 1).unwrap(), "AMZ-US-HOME").await.unwrap().unwrap();
    assert_eq!(r.outcome.lines[0].score, Decimal::from(82));
    let bad = app
        .post_form("/reviews", Some(&owner), &[("cycle", "2026-Q2"), ("unit", "AMZ-US-HOME"), ("criteria", "results@60, attitude@30")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("90%") && bad.body.contains("100%"), "the weights' sum is named: {}", bad.body);
}
