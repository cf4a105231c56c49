//! Goals and engagement on a real database (SQLite, or PostgreSQL with
//! AMOEBA_TEST_DATABASE_URL): the lottery's cut-off at 16:59:59 and 17:00:00
//! local time, a store abroad across its daylight-saving change, a list
//! frozen once and only after its cut-off, a day drawn once, a verify that
//! fails when one entry is altered; targets whose months add up to the year
//! and people to the month, to the fen; a PK where the team that sold more
//! but missed its own base loses.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_app::engage_refusal::EngageRefusal;
use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::lottery::DrawInput;
use amoeba_app::org::apply_org_file;
use amoeba_app::AppError;
use amoeba_core::engagement::lottery::{
    default_cutoff, verify_published, LotteryNumbers, LotteryRules, Prize, PrizeTier, RandomnessSource, Tier, VerifyError,
};
use amoeba_core::engagement::{PkMetric, PkOutcome};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::testing::fresh_db;
use amoeba_store::Db;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

const ORG: &str = r#"
[company]
code = "ENG"
name = "激励测试"
timezone = "Asia/Shanghai"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "ALI"
name = "阿里国际站"
kind = "profit_centre"
parent = "G"

[[units]]
code = "US"
name = "美国独立站"
kind = "profit_centre"
parent = "G"

[[people]]
code = "E01"
name = "王业务"

[[people]]
code = "E02"
name = "李跟单"

[[people]]
code = "E03"
name = "赵设计"

[[assignments]]
person = "E01"
unit = "ALI"
role = "sales"
from = "2025-01-01"

[[assignments]]
person = "E02"
unit = "ALI"
role = "order_follower"
from = "2025-01-01"

[[assignments]]
person = "E03"
unit = "US"
role = "designer"
from = "2025-01-01"

[[stores]]
code = "ALI-1"
name = "Alibaba.com"
platform = "alibaba_com"
marketplace = "GLOBAL"
currency = "CNY"
timezone = "Asia/Shanghai"
owners = [{ unit = "ALI", from = "2025-01-01" }]

[[stores]]
code = "US-1"
name = "Shop in Los Angeles"
platform = "shopify"
marketplace = "US"
currency = "CNY"
timezone = "America/Los_Angeles"
owners = [{ unit = "US", from = "2025-01-01" }]

[[skus]]
code = "LAMP"
name = "Desk lamp"
owners = [{ unit = "ALI", from = "2025-01-01" }]
costs = [{ from = "2025-01-01", purchase = "20.00", freight = "5.00" }]
"#;

const HEAD: &str = "order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n";

/// Orders whose shipments sit on both sides of the 17:00 Shanghai cut-off,
/// some in Los Angeles across the start of summer time (8 March 2026).
const ORDERS: &str = "\
SO-1,ALI-1,C-1,E01,E02,contract,2026-03-02 09:00:00,LAMP,2,200.00,CNY,\n\
SO-1,ALI-1,,,,ship,2026-03-02 16:59:59,LAMP,2,,CNY,\n\
SO-2,ALI-1,C-2,E01,,contract,2026-03-02 09:30:00,LAMP,1,100.00,CNY,\n\
SO-2,ALI-1,,,,ship,2026-03-02 17:00:00,LAMP,1,,CNY,\n\
LA-1,US-1,C-3,E02,,contract,2026-03-05 10:00:00,LAMP,1,100.00,CNY,\n\
LA-1,US-1,,,,ship,2026-03-06 00:59:59,LAMP,1,,CNY,\n\
LA-2,US-1,C-4,E03,,contract,2026-03-05 10:00:00,LAMP,1,100.00,CNY,\n\
LA-2,US-1,,,,ship,2026-03-06 01:00:00,LAMP,1,,CNY,\n\
LA-3,US-1,C-5,E01,,contract,2026-03-08 10:00:00,LAMP,1,100.00,CNY,\n\
LA-3,US-1,,,,ship,2026-03-09 01:59:59,LAMP,1,,CNY,\n\
LA-4,US-1,C-6,E02,,contract,2026-03-08 10:00:00,LAMP,1,100.00,CNY,\n\
LA-4,US-1,,,,ship,2026-03-09 02:00:00,LAMP,1,,CNY,\n";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn rules() -> LotteryRules {
    LotteryRules {
        version: "2026-03".into(),
        zone: "Asia/Shanghai".into(),
        cutoff: default_cutoff(),
        eligible_roles: ["sales", "order_follower"].iter().map(|s| s.to_string()).collect(),
        tiers: vec![
            PrizeTier { tier: Tier::Special, count: 1, prize: Prize { amount_cny: Some(Decimal::from(188)), description: None } },
            PrizeTier { tier: Tier::First, count: 1, prize: Prize { amount_cny: None, description: Some("奶茶".into()) } },
        ],
        calendar: Default::default(),
        randomness: RandomnessSource::Rfc3797 { sources: "test lottery".into() },
    }
}

fn numbers(n: u64) -> DrawInput {
    DrawInput::Rfc3797(LotteryNumbers { sources: vec![vec![n, 7, 12]] })
}

async fn setup() -> (Db, CompanyRow) {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    let file = format!("{HEAD}{ORDERS}").into_bytes();
    import_file(&db, &company, ImportKind::Orders, "orders.csv", &file, None, &mut NoProgress).await.expect("orders");
    (db, company)
}

fn people(list: &amoeba_store::engage::StoredList) -> Vec<(String, Vec<String>)> {
    list.list.entries.iter().map(|e| (e.person.clone(), e.evidence.iter().map(|v| v.order_id.clone()).collect())).collect()
}

fn refusal(e: AppError) -> EngageRefusal {
    match e {
        AppError::Engage(r) => r,
        other => panic!("not an engagement refusal: {other}"),
    }
}

#[tokio::test]
async fn the_cut_off_splits_16_59_59_from_17_00_00_even_across_summer_time_abroad() {
    let (db, company) = setup().await;
    amoeba_app::lottery::save_rules(&db, &company, rules(), d("2026-03-02"), at("2026-03-01T04:00:00Z")).await.expect("rules");
    let freeze = |day: &'static str| {
        let (db, company) = (db.clone(), company.clone());
        async move { amoeba_app::lottery::freeze(&db, &company, d(day), at("2026-03-20T00:00:00Z")).await.expect("frozen") }
    };
    // 16:59:59 in Shanghai counts on Monday; 17:00:00 counts on Tuesday.
    assert_eq!(people(&freeze("2026-03-02").await), vec![("E01".into(), vec!["SO-1".into()]), ("E02".into(), vec!["SO-1".into()])]);
    assert_eq!(people(&freeze("2026-03-03").await), vec![("E01".into(), vec!["SO-2".into()])]);
    // Los Angeles on PST (−08:00): 00:59:59 is 16:59:59 in Shanghai, Friday's draw;
    // 01:00:00 is 17:00:00, Monday's.
    assert_eq!(people(&freeze("2026-03-06").await), vec![("E02".into(), vec!["LA-1".into()])]);
    // After the 8 March change (PDT, −07:00) the same Shanghai 17:00 is 02:00 in Los Angeles:
    // 01:59:59 still counts on Monday, with Friday's late order.
    assert_eq!(
        people(&freeze("2026-03-09").await),
        vec![("E01".into(), vec!["LA-3".into()]), ("E03".into(), vec!["LA-2".into()])],
        "E03 is the order's salesperson: credited under sales, whatever their job"
    );
    assert_eq!(people(&freeze("2026-03-10").await), vec![("E02".into(), vec!["LA-4".into()])]);
}

#[tokio::test]
async fn a_list_is_frozen_once_after_its_cut_off_and_a_day_is_drawn_once() {
    let (db, company) = setup().await;
    let day = d("2026-03-02");
    // Rules take effect only on a day that has not opened yet.
    let late = amoeba_app::lottery::save_rules(&db, &company, rules(), day, at("2026-03-02T01:00:00Z")).await.expect_err("too late");
    assert!(matches!(refusal(late), EngageRefusal::RulesTooLate { .. }));
    amoeba_app::lottery::save_rules(&db, &company, rules(), day, at("2026-03-01T04:00:00Z")).await.expect("rules");
    let again = amoeba_app::lottery::save_rules(&db, &company, rules(), d("2026-03-05"), at("2026-03-01T04:00:00Z"))
        .await
        .expect_err("same version");
    assert!(matches!(refusal(again), EngageRefusal::RulesVersionExists { .. }));

    let early = amoeba_app::lottery::freeze(&db, &company, day, at("2026-03-02T08:59:59Z")).await.expect_err("before the cut-off");
    assert!(matches!(refusal(early), EngageRefusal::TooEarly { .. }));
    let not_frozen = amoeba_app::lottery::draw(&db, &company, day, numbers(1), at("2026-03-02T12:00:00Z")).await.expect_err("no list");
    assert!(matches!(refusal(not_frozen), EngageRefusal::NotFrozen { .. }));
    let list = amoeba_app::lottery::freeze(&db, &company, day, at("2026-03-02T09:00:00Z")).await.expect("at the cut-off");
    let twice = amoeba_app::lottery::freeze(&db, &company, day, at("2026-03-02T10:00:00Z")).await.expect_err("frozen once");
    assert_eq!(refusal(twice), EngageRefusal::AlreadyFrozen { day: "2026-03-02".into(), list_hash: list.list_hash.clone() });

    // A late file adds an order shipped before the cut-off: the frozen list does not change.
    let late_order = format!(
        "{HEAD}SO-9,ALI-1,C-9,E02,,contract,2026-03-02 08:00:00,LAMP,1,10.00,CNY,\nSO-9,ALI-1,,,,ship,2026-03-02 10:00:00,LAMP,1,,CNY,\n"
    );
    import_file(&db, &company, ImportKind::Orders, "late.csv", late_order.as_bytes(), None, &mut NoProgress).await.expect("late order");

    let wrong = amoeba_app::lottery::draw(
        &db,
        &company,
        day,
        DrawInput::Drand(amoeba_core::engagement::lottery::DrandBeacon { round: 1, signature: "00".into(), previous_signature: None }),
        at("2026-03-02T12:00:00Z"),
    );
    assert!(matches!(refusal(wrong.await.expect_err("wrong kind")), EngageRefusal::WrongRandomness { .. }));
    let drawn = amoeba_app::lottery::draw(&db, &company, day, numbers(3), at("2026-03-02T12:00:00Z")).await.expect("drawn");
    assert_eq!(drawn.record.list_hash, list.list_hash);
    assert_eq!(drawn.record.winners.len(), 2, "two slips, two entrants");
    let redraw = amoeba_app::lottery::draw(&db, &company, day, numbers(4), at("2026-03-02T13:00:00Z")).await.expect_err("drawn once");
    assert!(matches!(refusal(redraw), EngageRefusal::AlreadyDrawn { .. }));

    // The prizes are awards, ready for a payout.
    let awards = db.awards_between(company.id, day, day).await.expect("awards");
    assert_eq!(awards.len(), 2);
    assert_eq!((awards[0].label.as_str(), awards[0].amount), ("special", Some(Decimal::from(188))));
    assert_eq!((awards[1].label.as_str(), awards[1].description.as_deref()), ("first", Some("奶茶")));

    // Anyone can verify; altering one entry fails.
    let ok = amoeba_app::lottery::verify_day(&db, &company, day).await.expect("verifies");
    assert_eq!(ok.entrants, 2);
    let mut altered = drawn.record.clone();
    altered.list.entries[0].evidence[0].order_id = "SO-99".into();
    assert!(matches!(verify_published(&altered, &list.list_hash), Err(VerifyError::ListHashMismatch { .. })));
    let mut friend = drawn.record.clone();
    let mut e = friend.list.entries[0].clone();
    e.person = "E09".into();
    friend.list.entries.push(e);
    let redone = amoeba_core::engagement::lottery::draw(&friend.rules, &friend.list, &friend.randomness).expect("a consistent forgery");
    assert!(matches!(verify_published(&redone, &list.list_hash), Err(VerifyError::PublishedHashDiffers { .. })));
}

/// Twelve months of 2025 sales for ALI, one order a month, shipped mid-month.
fn year_of_orders() -> String {
    let mut s = String::from(HEAD);
    for m in 1..=12u32 {
        let amount = 1000 * (m + 3);
        s.push_str(&format!("Y-{m},ALI-1,C-{m},E01,E02,contract,2025-{m:02}-10 10:00:00,LAMP,1,{amount}.00,CNY,\n"));
        s.push_str(&format!("Y-{m},ALI-1,,,,ship,2025-{m:02}-15 10:00:00,LAMP,1,,CNY,\n"));
    }
    s
}

#[tokio::test]
async fn targets_add_up_to_the_fen_and_each_derivation_is_a_new_version() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    import_file(&db, &company, ImportKind::Orders, "year.csv", year_of_orders().as_bytes(), None, &mut NoProgress).await.expect("orders");
    let today = d("2026-01-08");
    let mut req = amoeba_app::goals::TargetRequest::new(2026, "ALI");
    req.cost = Some("1234567.89".parse().unwrap());
    let v1 = amoeba_app::goals::derive(&db, &company, &req, today).await.expect("derived");
    let d1 = &v1.derivation;
    assert_eq!(v1.version, 1);
    assert_eq!(d1.annual.target, "1733333.32".parse::<Decimal>().unwrap(), "1 234 567.89 × 1.30 × 1.08, rounded once");
    assert_eq!(d1.months.months.iter().copied().sum::<Decimal>(), d1.annual.target, "months add up to the year");
    assert_eq!(serde_json::to_value(d1.months.basis).unwrap(), "last_year_shares", "2025's shipped sales give the seasonality");
    // docs/engagement.md, "Target derivation, worked example": 2025 sold 4 000 … 15 000 a
    // month (114 000); each month gets its share of 1 733 333.32 by largest remainder.
    let fen = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(
        (d1.months.months[0], d1.months.months[2], d1.months.months[5], d1.months.months[11]),
        (fen("60818.71"), fen("91228.07"), fen("136842.10"), fen("228070.17"))
    );
    let january = d1.people[0].split.as_ref().unwrap();
    let split: Vec<(&str, Decimal)> = january.people.iter().map(|p| (p.person.as_str(), p.target)).collect();
    assert_eq!(split, vec![("E01", fen("30409.36")), ("E02", fen("30409.35"))], "no hours recorded: an even split, the odd fen first");
    for m in &d1.people {
        let split = m.split.as_ref().expect("E01 and E02 are in ALI");
        assert_eq!(split.people.iter().map(|p| p.target).sum::<Decimal>(), d1.months.months[m.month.month() as usize - 1], "{}", m.month);
    }
    // The months are the unit's sales plans.
    let plans = db.plans_of_month(company.id, "2026-03".parse().unwrap()).await.expect("plans");
    assert_eq!(amoeba_core::reporting::board::planned(&plans, "ALI", amoeba_core::accounting::PnlLine::Sales), Some(d1.months.months[2]));

    // A held month, re-spread: version 2, and the plans follow.
    req.holds = vec![amoeba_core::goals::MonthHold { month: 6, amount: "100000.00".parse().unwrap() }];
    let v2 = amoeba_app::goals::derive(&db, &company, &req, today).await.expect("version 2");
    assert_eq!((v2.version, v2.derivation.months.months[5]), (2, "100000.00".parse().unwrap()));
    assert_eq!(v2.derivation.months.months.iter().copied().sum::<Decimal>(), d1.annual.target);
    let in_force = amoeba_app::goals::targets_of_year(&db, &company, 2026).await.expect("in force");
    assert_eq!(in_force.iter().map(|t| t.version).collect::<Vec<_>>(), vec![2]);
    let plans = db.plans_of_month(company.id, "2026-06".parse().unwrap()).await.expect("plans");
    assert_eq!(
        amoeba_core::reporting::board::planned(&plans, "ALI", amoeba_core::accounting::PnlLine::Sales),
        Some("100000.00".parse().unwrap())
    );

    // A stretch outside 5–10 % needs a reason; the ledger gives the cost when none is given.
    req.stretch = "0.12".parse().unwrap();
    assert!(matches!(refusal(amoeba_app::goals::preview(&db, &company, &req, today).await.expect_err("stretch")), EngageRefusal::Goal(_)));
    let from_ledger =
        amoeba_app::goals::preview(&db, &company, &amoeba_app::goals::TargetRequest::new(2026, "ALI"), today).await.expect("ledger");
    assert!(matches!(from_ledger.cost, amoeba_app::goals::CostBasis::Ledger(_)));
    let unknown = amoeba_app::goals::preview(&db, &company, &amoeba_app::goals::TargetRequest::new(2026, "NOPE"), today).await;
    assert!(matches!(refusal(unknown.expect_err("unknown unit")), EngageRefusal::UnknownUnit { .. }));

    // Progress: March 2026 has no sales; the whole target remains.
    let p = amoeba_app::goals::unit_progress(&db, &company, "2026-03".parse().unwrap(), d("2026-03-10")).await.expect("progress");
    assert_eq!(p[0].month_progress.pace.remaining, v2.derivation.months.months[2]);
}

#[tokio::test]
async fn a_team_that_sold_more_but_missed_its_own_base_does_not_win() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    // ALI ships 1 100 in March, US 4 900.
    let orders = format!(
        "{HEAD}P-1,ALI-1,C-1,E01,,contract,2026-03-02 09:00:00,LAMP,1,1100.00,CNY,\nP-1,ALI-1,,,,ship,2026-03-03 10:00:00,LAMP,1,,CNY,\n\
         P-2,US-1,C-2,E03,,contract,2026-03-02 09:00:00,LAMP,1,4900.00,CNY,\nP-2,US-1,,,,ship,2026-03-20 10:00:00,LAMP,1,,CNY,\n"
    );
    import_file(&db, &company, ImportKind::Orders, "pk.csv", orders.as_bytes(), None, &mut NoProgress).await.expect("orders");
    let new = amoeba_app::pk::NewContest {
        code: "PK-3".into(),
        name: "三月".into(),
        start: d("2026-03-01"),
        end: d("2026-03-31"),
        metric: PkMetric::Sales,
        per_capita: false,
        teams: vec![("ALI".into(), Decimal::from(1000)), ("US".into(), Decimal::from(5000))],
        stake: Some(amoeba_app::pk::Stake { amount: Some(Decimal::from(500)), description: None }),
    };
    amoeba_app::pk::create(&db, &company, new.clone(), d("2026-02-20"), false).await.expect("defined");
    let again = amoeba_app::pk::create(&db, &company, new.clone(), d("2026-03-02"), true).await.expect_err("started: fixed");
    assert!(matches!(refusal(again), EngageRefusal::ContestExists { .. }));
    let early = amoeba_app::pk::decide(&db, &company, "PK-3", d("2026-03-20")).await.expect_err("not over");
    assert!(matches!(refusal(early), EngageRefusal::ContestNotOver { .. }));

    let v = amoeba_app::pk::decide(&db, &company, "PK-3", d("2026-04-02")).await.expect("decided");
    assert_eq!(v.result.outcome, PkOutcome::Winner { team: "ALI".into(), decided_by: None }, "US sold more but missed its own base");
    let ali = v.teams.iter().find(|t| t.code == "ALI").unwrap();
    assert_eq!((ali.actual, ali.reached_on), (Decimal::from(1100), Some(d("2026-03-03"))));
    let awards = db.awards_between(company.id, d("2026-03-31"), d("2026-03-31")).await.expect("awards");
    assert_eq!((awards.len(), awards[0].unit.as_deref(), awards[0].amount), (1, Some("ALI"), Some(Decimal::from(500))));
    let twice = amoeba_app::pk::decide(&db, &company, "PK-3", d("2026-04-03")).await.expect_err("decided once");
    assert!(matches!(refusal(twice), EngageRefusal::ContestDecided { .. }));
    // The decided result is what the standings show from now on.
    assert!(amoeba_app::pk::standings(&db, &company, "PK-3", d("2026-05-01")).await.expect("standings").decided);
}

/// docs/goals.md, "Reviews" worked example, through a scores file: P01 84.25
/// (self 94.25 shown beside), P02 76.25, multipliers 1.0498 and 0.9502.
#[tokio::test]
async fn a_review_file_scores_as_the_worked_example() {
    use amoeba_core::goals::{Cycle, Normalise, SelfReview};
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    let file =
        "person,by,results@50,attitude@20,skill@15,teamwork@15\nE01,leader,90,80,70,85\nE01,self,95,95,90,95\nE02,leader,70,90,80,75\n";
    let cycle = amoeba_app::review::parse_cycle("2026-03").unwrap();
    assert_eq!(cycle, Cycle::Monthly("2026-03".parse().unwrap()));
    let r = amoeba_app::review::set(&db, &company, cycle, "ALI", file, SelfReview::ShownBeside, Normalise::TeamAverage).await.expect("set");
    let lines: Vec<(String, Decimal, Option<Decimal>)> =
        r.outcome.lines.iter().map(|l| (l.person.clone(), l.score, l.multiplier)).collect();
    let dec = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(lines, vec![("E01".into(), dec("84.25"), Some(dec("1.0498"))), ("E02".into(), dec("76.25"), Some(dec("0.9502")))]);
    assert_eq!(r.outcome.lines[0].self_score, Some(dec("94.25")));
    let m = amoeba_app::review::multipliers(&db, &company, cycle).await.expect("multipliers");
    assert_eq!(m["E02"], dec("0.9502"));
    assert_eq!(amoeba_app::review::person_lines(&db, &company, "E01").await.unwrap().len(), 1);
    // Weights must add up to 100; a person the organisation does not know is refused.
    let (short, stranger) = (file.replace("@15\n", "@10\n"), file.replace("E02", "E99"));
    let bad = amoeba_app::review::set(&db, &company, cycle, "ALI", &short, SelfReview::ShownBeside, Normalise::TeamAverage).await;
    assert!(matches!(refusal(bad.expect_err("95 %")), EngageRefusal::Goal(_)));
    let bad = amoeba_app::review::set(&db, &company, cycle, "ALI", &stranger, SelfReview::ShownBeside, Normalise::TeamAverage).await;
    assert!(matches!(refusal(bad.expect_err("unknown")), EngageRefusal::UnknownPerson { .. }));
    assert!(amoeba_app::review::parse_cycle("2026-Q5").is_err());
}

/// A closed month keeps the sales plan it had: a target derived later holds
/// it and spreads the rest of the year over the open months.
#[tokio::test]
async fn a_closed_month_keeps_its_plan_when_a_target_is_derived() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.expect("org");
    let company = db.company(None).await.expect("company");
    import_file(&db, &company, ImportKind::Orders, "year.csv", year_of_orders().as_bytes(), None, &mut NoProgress).await.expect("orders");
    let plans = "unit,month,line,amount\nALI,2025-01,sales,5000.00\n";
    import_file(&db, &company, ImportKind::Plans, "plans.csv", plans.as_bytes(), None, &mut NoProgress).await.expect("plans");
    amoeba_app::accounting::close(&db, &company, "2025-01".parse().unwrap()).await.expect("January closed");
    let mut req = amoeba_app::goals::TargetRequest::new(2025, "ALI");
    req.cost = Some(Decimal::from(100_000));
    let t = amoeba_app::goals::derive(&db, &company, &req, d("2025-06-10")).await.expect("derived");
    let dec = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(t.derivation.closed_held, vec![1]);
    assert_eq!(t.derivation.months.months[0], dec("5000.00"), "January keeps its plan");
    assert_eq!(t.derivation.months.months.iter().copied().sum::<Decimal>(), t.derivation.annual.target);
    let jan = db.plans_of_month(company.id, "2025-01".parse().unwrap()).await.unwrap();
    assert_eq!(amoeba_core::reporting::board::planned(&jan, "ALI", amoeba_core::accounting::PnlLine::Sales), Some(dec("5000.00")));
}
