//! The goal and engagement pages and API on a small company: a lottery day
//! with its list hash, winners and the steps to verify it (in both
//! languages), the record the API serves verifying offline, the board
//! showing the latest winners as soon as a day is drawn, targets with their
//! arithmetic, a PK's standings and a leaderboard with "near me".
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::engagement::lottery::{
    default_cutoff, verify_published, DrawRecord, LotteryNumbers, LotteryRules, Prize, PrizeTier, RandomnessSource, Tier,
};
use amoeba_core::identity::Role;
use axum::http::StatusCode;
use common::*;

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// Rules from 2 November 2026, two orders of M1 and L1 shipped before the
/// 3 November cut-off, the 3rd frozen (not yet drawn).
async fn lottery_day(app: &App) -> amoeba_store::org_repo::CompanyRow {
    let company = app.db.company(Some("T")).await.unwrap();
    let orders = b"order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n\
        SO-1,ALI-1,C-1,M1,L1,contract,2026-11-02 10:00:00,SKU-1,2,40.00,USD,\n\
        SO-1,ALI-1,,,,ship,2026-11-03 00:30:00,SKU-1,2,,USD,\n";
    amoeba_app::import::import_file(
        &app.db,
        &company,
        amoeba_app::import::ImportKind::Orders,
        "o.csv",
        orders,
        None,
        &mut amoeba_app::import::NoProgress,
    )
    .await
    .expect("orders");
    let rules = LotteryRules {
        version: "2026-11".into(),
        zone: "Asia/Shanghai".into(),
        cutoff: default_cutoff(),
        eligible_roles: ["sales", "order_follower"].iter().map(|s| s.to_string()).collect(),
        tiers: vec![
            PrizeTier { tier: Tier::Special, count: 1, prize: Prize { amount_cny: Some(188.into()), description: None } },
            PrizeTier { tier: Tier::First, count: 1, prize: Prize { amount_cny: None, description: Some("movie tickets".into()) } },
        ],
        calendar: Default::default(),
        randomness: RandomnessSource::Rfc3797 { sources: "test lottery".into() },
    };
    amoeba_app::lottery::save_rules(&app.db, &company, rules, "2026-11-02".parse().unwrap(), at("2026-11-01T04:00:00Z")).await.unwrap();
    amoeba_app::lottery::freeze(&app.db, &company, "2026-11-03".parse().unwrap(), at("2026-11-03T09:00:00Z")).await.unwrap();
    company
}

#[tokio::test]
async fn a_lottery_day_shows_its_hash_winners_and_how_to_verify_and_the_record_verifies() {
    let app = app().await;
    let company = lottery_day(&app).await;
    let owner = app.login(Role::Owner).await;
    let member = app.login(Role::Member).await;
    let list = app.db.lottery_list(company.id, "2026-11-03".parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(list.list.entries.len(), 2, "M1 (sales) and L1 (order follower)");

    // Frozen, not drawn: the hash is public, the record is not there yet.
    let page = app.get("/lottery/2026-11-03", Some(&member)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&list.list_hash) && page.body.contains("尚未开奖"), "{}", page.body);
    assert_eq!(app.get("/api/v1/lottery/2026-11-03/record", Some(&member)).await.status, StatusCode::NOT_FOUND);

    // The board before and after the draw: the latest winners show at once.
    let before = app.get("/board", Some(&member)).await;
    assert!(!before.body.contains("lottery-winners"));
    let numbers = amoeba_app::lottery::DrawInput::Rfc3797(LotteryNumbers { sources: vec![vec![9, 3, 27]] });
    amoeba_app::lottery::draw(&app.db, &company, "2026-11-03".parse().unwrap(), numbers, at("2026-11-03T13:15:00Z")).await.unwrap();
    let after = app.get("/board", Some(&member)).await;
    assert!(after.body.contains("lottery-winners") && after.body.contains("特等奖"), "the board is not kept past a draw");

    let page = app.get("/lottery/2026-11-03", Some(&member)).await;
    for text in ["amoeba lottery verify --record record-2026-11-03.json --list-hash", "运营丙 M1", "组长乙 L1", "如何复核", "¥188.00"]
    {
        assert!(page.body.contains(text), "{text} missing:\n{}", page.body);
    }
    let en = app.get("/lottery/2026-11-03?lang=en", Some(&member)).await;
    assert!(en.body.contains("How to verify") && en.body.contains("Special prize") && en.body.contains("movie tickets"), "{}", en.body);

    let record = app.get("/api/v1/lottery/2026-11-03/record", Some(&member)).await;
    assert_eq!(record.status, StatusCode::OK);
    let record: DrawRecord = serde_json::from_slice(&record.bytes).unwrap();
    verify_published(&record, &list.list_hash).expect("the published record verifies offline");
    let day = app.get("/api/v1/lottery/2026-11-03", Some(&owner)).await.json();
    assert_eq!(day["list_hash"], list.list_hash.as_str());
    assert_eq!(day["winners"].as_array().unwrap().len(), 2);

    // Owners draw through the API too, once.
    let again = app.post_json("/api/v1/lottery/2026-11-03/draw", Some(&owner), r#"{"numbers": [[1, 2]]}"#).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let index = app.get("/lottery?month=2026-11", Some(&member)).await;
    assert!(index.body.contains("/lottery/2026-11-03") && index.body.contains("2026-11"), "{}", index.body);
}

#[tokio::test]
async fn targets_pk_and_leaderboards_show_what_the_engines_compute() {
    let app = app().await;
    let owner = app.login(Role::Owner).await;
    let member = app.login(Role::Member).await;

    // An owner derives through the API (a dry run stores nothing).
    let dry = app
        .post_json("/api/v1/targets", Some(&owner), r#"{"year": 2026, "unit": "AMZ-US-HOME", "cost": "1000000", "dry_run": true}"#)
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(dry.json()["version"].is_null());
    let bad = app
        .post_json("/api/v1/targets", Some(&owner), r#"{"year": 2026, "unit": "AMZ-US-HOME", "cost": "1000000", "stretch": "0.2"}"#)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "a stretch outside 5–10 % needs a reason: {}", bad.body);
    let done = app.post_json("/api/v1/targets", Some(&owner), r#"{"year": 2026, "unit": "AMZ-US-HOME", "cost": "1000000"}"#).await;
    assert_eq!(done.json()["version"], 1);
    let page = app.get("/targets/AMZ-US-HOME?month=2026-03", Some(&member)).await;
    for text in ["1000000 × 1.30 = 1300000.00", "1,404,000.00", "运营丙"] {
        assert!(page.body.contains(text), "{text} missing:\n{}", page.body);
    }
    let index = app.get("/targets?month=2026-03", Some(&member)).await;
    assert!(index.body.contains("117,000.00"), "1 404 000 ÷ 12 a month:\n{}", index.body);
    let mine = app.get("/api/v1/people/M1/targets?month=2026-03", Some(&member)).await.json();
    assert_eq!(mine[0]["progress"]["target"], "117000.00", "M1 is AMZ-US-HOME's only person: {mine}");

    // A PK, its standings and a leaderboard.
    let pk = r#"{"code": "PK-9", "name": "Spring", "start": "2099-03-01", "end": "2099-03-31",
                "teams": [{"code": "AMZ-US-HOME", "base": "1000"}, {"code": "AMZ-DE", "base": "2000"}], "stake": {"amount": "500.00"}}"#;
    let created = app.post_json("/api/v1/pk", Some(&owner), pk).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert_eq!(created.json()["result"]["outcome"], "no_winner");
    let page = app.get("/pk/PK-9", Some(&member)).await;
    assert!(page.body.contains("暂无冠军") && page.body.contains("¥500.00"), "{}", page.body);
    let dup = app.post_json("/api/v1/pk", Some(&owner), pk).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(app.get("/leaderboard?scope=people&metric=attainment&month=2026-03", Some(&member)).await.status, StatusCode::OK);
    let board = app.get("/api/v1/leaderboard?scope=units&metric=profit&month=2026-03", Some(&member)).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    assert_eq!(board.json()["board"]["metric"]["peer"], "profit");
}
