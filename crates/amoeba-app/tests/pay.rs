//! Pay on a real database (SQLite, or PostgreSQL with
//! AMOEBA_TEST_DATABASE_URL): a pay plan file is checked whole and stored
//! as a version; a closed month's run is a draft, approved, then locked; a
//! run computed again from the same facts and plan versions is byte for
//! byte the one stored; the next month reads what the locked run carries
//! (a refund of an order paid on claws back at the rate paid, a negative
//! balance is carried); a re-run after an organisation change is refused
//! in place, and once recorded its difference is carried into the next
//! month; a person disputes a line and finance answers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::pay::{self, PayRefusal, Payout};
use amoeba_app::AppError;
use amoeba_core::incentive::{add_paid, canonical_bytes, run::check, run_sha256, LineKind, PayRun};
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::pay_repo::PlanSaved;
use amoeba_store::testing::fresh_db;
use amoeba_store::Db;
use common::dump;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const ORG: &str = r#"
[company]
code = "PAY"
name = "提成测试"

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
code = "WH"
name = "仓储中心"
kind = "service_centre"
function = "warehouse"
parent = "G"

[[people]]
code = "E01"
name = "王业务"

[[people]]
code = "E02"
name = "李跟单"

[[people]]
code = "E03"
name = "张仓储"

[[people]]
code = "E04"
name = "赵仓储"

[[assignments]]
person = "E01"
unit = "ALI"
role = "sales"
from = "2026-01-01"

[[assignments]]
person = "E02"
unit = "ALI"
role = "order_follower"
from = "2026-01-01"

[[assignments]]
person = "E03"
unit = "WH"
role = "logistics"
from = "2026-01-01"

[[assignments]]
person = "E04"
unit = "WH"
role = "logistics"
from = "2026-01-01"
coefficient = COEF

[[stores]]
code = "ALI-1"
name = "Alibaba.com"
platform = "alibaba_com"
marketplace = "GLOBAL"
currency = "USD"
timezone = "Asia/Shanghai"
owners = [{ unit = "ALI", from = "2026-01-01" }]

[[skus]]
code = "LAMP"
name = "Desk lamp"
owners = [{ unit = "ALI", from = "2026-01-01" }]
costs = [{ from = "2026-01-01", purchase = "20.00", freight = "5.00" }]
"#;

const PLAN: &str = r#"[pay_plan]
code = "PAY-PLAN"
name = "测试提成方案"
version = 1
effective_from = 2026-01-01

[[components]]
code = "b2b_class"
name = "业务员客户分类提成"
method = "individual"
base = "sales"
who = { roles = ["sales"], units = ["ALI"] }
rates_by_class = { new = "3%", returning = "1.5%", key_account = "1%" }

[[components]]
code = "b2b_stage"
name = "跟单阶段提成"
method = "stage"
who = { roles = ["order_follower"], units = ["ALI"] }
rate = "1%"
stages = { contract = "30%", shipment = "30%", payment = "40%" }

[[components]]
code = "wh_share"
name = "仓储利润分成"
method = "profit_share"
base = "unit_profit"
rate = "10%"
split = "coefficient"
who = { units = ["WH"] }
"#;

const HEAD: &str = "order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n";

fn month(m: &str) -> Month {
    m.parse().unwrap()
}

async fn import(db: &Db, company: &CompanyRow, kind: ImportKind, name: &str, text: &str) {
    import_file(db, company, kind, name, text.as_bytes(), None, &mut NoProgress).await.unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// October: SO-1 contracted, paid and shipped (1 000.00 USD at 7 = 7 000.00);
/// the warehouse earns 10 000.00. November: 200.00 USD of SO-1 refunded.
async fn company() -> (Db, CompanyRow) {
    company_with("").await
}

/// The company, with `more` order rows (after SO-1's) imported before the close.
async fn company_with(more: &str) -> (Db, CompanyRow) {
    let (db, company) = company_open(more).await;
    close_both(&db, &company).await;
    (db, company)
}

/// October and November closed.
async fn close_both(db: &Db, company: &CompanyRow) {
    for m in ["2026-10", "2026-11"] {
        amoeba_app::accounting::close(db, company, month(m)).await.unwrap_or_else(|e| panic!("close {m}: {e}"));
    }
}

/// The company's data, its months still open.
async fn company_open(more: &str) -> (Db, CompanyRow) {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", &ORG.replace("COEF", "1.0")).await.expect("org");
    let company = db.company(None).await.expect("company");
    import(&db, &company, ImportKind::Fx, "fx.csv", "date,currency,rate\n2026-10-01,USD,7\n").await;
    let orders = format!(
        "{HEAD}SO-1,ALI-1,C-1,E01,E02,contract,2026-10-03 10:00:00,LAMP,10,1000.00,USD,\n\
         SO-1,ALI-1,,,,pay,2026-10-05 10:00:00,,,1000.00,USD,\n\
         SO-1,ALI-1,,,,ship,2026-10-10 10:00:00,LAMP,10,,USD,\n\
         SO-1,ALI-1,,,,refund,2026-11-12 10:00:00,LAMP,2,200.00,USD,quality claim\n{more}"
    );
    import(&db, &company, ImportKind::Orders, "orders.csv", &orders).await;
    let facts = "date,unit,kind,amount,currency\n2026-10-15,WH,other_income,10000.00,CNY\n2026-11-15,WH,other_income,100.00,CNY\n";
    import(&db, &company, ImportKind::Facts, "wh.csv", facts).await;
    (db, company)
}

fn draft(p: Payout) -> pay::RunOf {
    match p {
        Payout::Draft(r) => r,
        other => panic!("expected a draft, got {other:?}"),
    }
}

fn earned(run: &PayRun, person: &str) -> Decimal {
    run.statements.iter().find(|s| s.person == person).map_or(Decimal::ZERO, |s| s.total)
}

#[tokio::test]
async fn a_plan_file_is_checked_whole_and_stored_as_a_version() {
    let (db, company) = company().await;
    let before = dump(&db).await;
    let codes = |e: AppError| -> Vec<(usize, String)> {
        let AppError::PayPlanFile { errors, .. } = &e else { panic!("{e}") };
        errors.errors.iter().map(|p| (p.line, p.reason.code().to_string())).collect()
    };
    let unknown = PLAN.replace("rate = \"1%\"", "rate = \"1%\"\nmystery = 1");
    let e = pay::import_plan_file(&db, &company, "bad.toml", &unknown, "test").await.expect_err("refused");
    assert_eq!(codes(e), vec![(21, "unknown_key".to_string())]);
    let parts = PLAN.replace("\"30%\", shipment", "\"20%\", shipment");
    let e = pay::check_plan_file(&db, &company, "bad.toml", &parts).await.expect_err("refused");
    assert_eq!(codes(e), vec![(21, "pay_shares_not_100".to_string())]);
    assert_eq!(dump(&db).await, before, "a refused plan file stores nothing");

    let done = pay::import_plan_file(&db, &company, "plan.toml", PLAN, "test").await.expect("stored");
    assert_eq!((done.code.as_str(), done.version, &done.outcome), ("PAY-PLAN", 1, &PlanSaved::Added));
    let again = pay::import_plan_file(&db, &company, "plan.toml", PLAN, "test").await.expect("again");
    assert_eq!(again.outcome, PlanSaved::Unchanged);
    let stored = pay::stored_plans(&db, &company).await.expect("plans");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].row.file_text, PLAN, "the file is kept as imported");
    assert_eq!(stored[0].row.imported_by, "test");
}

#[tokio::test]
async fn runs_are_drafted_approved_locked_and_reproduced_byte_for_byte() {
    let (db, company) = company().await;
    let e = pay::payout(&db, &company, month("2026-10"), "test", false).await.expect_err("no plan yet");
    assert!(matches!(e, AppError::Pay(PayRefusal::NoPlan)), "{e}");
    pay::import_plan_file(&db, &company, "plan.toml", PLAN, "test").await.expect("plan");
    let e = pay::payout(&db, &company, month("2026-12"), "test", false).await.expect_err("open month");
    assert!(matches!(e, AppError::Pay(PayRefusal::NotClosed { .. })), "{e}");

    let oct = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    check(&oct.run);
    // E01: new customer's 7 000.00 × 3 % = 210.00. E02: 7 000.00 × 1 % ×
    // (30 % + 30 % + 40 %) = 70.00. WH's profit share: its profit × 10 %, halves.
    assert_eq!(earned(&oct.run, "E01"), dec!(210.00));
    assert_eq!(earned(&oct.run, "E02"), dec!(70.00));
    assert_eq!(earned(&oct.run, "E03"), dec!(500.00));
    assert_eq!(earned(&oct.run, "E04"), dec!(500.00));
    assert_eq!(oct.row.status, pay::DRAFT);
    assert_eq!(oct.row.total, oct.run.total);
    let bytes = db.pay_run_bytes(company.id, oct.row.id).await.expect("bytes").expect("stored");
    assert_eq!(bytes.as_bytes(), canonical_bytes(&oct.run).as_slice(), "the stored bytes are the run's canonical bytes");
    assert_eq!(oct.row.run_sha256, run_sha256(&oct.run));
    let statements = db.pay_statements(company.id, oct.row.id).await.expect("statements");
    assert_eq!(statements.iter().map(|s| s.total).sum::<Decimal>(), oct.row.total, "the statements add up to the run");

    // A draft is computed again in place; November waits for October's lock.
    let again = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("again"));
    assert_eq!(again.row.run_sha256, oct.row.run_sha256, "the same facts and plan give the same run");
    let e = pay::payout(&db, &company, month("2026-11"), "finance", false).await.expect_err("october not locked");
    assert!(matches!(e, AppError::Pay(PayRefusal::EarlierNotLocked { .. })), "{e}");
    let e = pay::lock(&db, &company, month("2026-10"), "boss").await.expect_err("not approved");
    assert!(matches!(e, AppError::Pay(PayRefusal::NoRun { .. })), "{e}");
    let approved = pay::approve(&db, &company, month("2026-10"), "boss").await.expect("approved");
    assert_eq!((approved.status.as_str(), approved.approved_by.as_deref()), (pay::APPROVED, Some("boss")));
    let locked = pay::lock(&db, &company, month("2026-10"), "boss").await.expect("locked");
    assert_eq!(locked.status, pay::LOCKED);
    assert!(locked.locked_at.is_some());

    // A locked month computed again: byte for byte what was stored.
    match pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("recomputed") {
        Payout::Reproduced(r) => assert_eq!(r.run_sha256, locked.run_sha256),
        other => panic!("expected the same run, got {other:?}"),
    }

    // November: 1 400.00 of SO-1 refunded. E02 was paid 70.00 on SO-1:
    // −1 400.00 × 1 % × 40 % = −5.60, clawed back at the stage rate; nothing
    // else earned, so −5.60 is carried forward and the statement pays 0.
    let nov = draft(pay::payout(&db, &company, month("2026-11"), "finance", false).await.expect("november"));
    check(&nov.run);
    let e02 = nov.run.statements.iter().find(|s| s.person == "E02").expect("E02's statement");
    let claw: Decimal = e02.lines.iter().filter(|l| l.kind == LineKind::Clawback).map(|l| l.amount).sum();
    assert_eq!(claw, dec!(-5.60), "{:#?}", e02.lines);
    assert_eq!((e02.total, e02.carried_forward), (Decimal::ZERO, dec!(-5.60)));
}

#[tokio::test]
async fn a_re_run_of_a_locked_month_is_never_an_edit_and_its_difference_is_carried() {
    let (db, company) = company().await;
    pay::import_plan_file(&db, &company, "plan.toml", PLAN, "test").await.expect("plan");
    draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    pay::approve(&db, &company, month("2026-10"), "boss").await.expect("approved");
    let locked = pay::lock(&db, &company, month("2026-10"), "boss").await.expect("locked");

    // E04's coefficient becomes 1.5: October's warehouse share would be 400 / 600.
    apply_org_file(&db, None, "org.toml", &ORG.replace("COEF", "1.5")).await.expect("org change");
    let e = pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("compared");
    let Payout::Differs { paid, diff, rerun, .. } = e else { panic!("expected a difference, got {e:?}") };
    assert_eq!((paid.id, rerun), (locked.id, None), "not recorded without --rerun");
    let deltas: Vec<(&str, Decimal)> = diff.iter().map(|d| (d.person.as_str(), d.delta)).collect();
    assert_eq!(deltas, vec![("E03", dec!(-100.00)), ("E04", dec!(100.00))]);
    let plan = pay::stored_plans(&db, &company).await.expect("plans");
    let e = pay::import_plan_file(&db, &company, "plan.toml", &PLAN.replace("10%", "12%"), "test").await.expect_err("paid version");
    assert!(matches!(e, AppError::Pay(PayRefusal::PlanPaid { .. })), "{e}");
    assert_eq!(pay::stored_plans(&db, &company).await.expect("plans")[0].row.file_sha256, plan[0].row.file_sha256);

    let Payout::Differs { rerun: Some(rerun), .. } = pay::payout(&db, &company, month("2026-10"), "finance", true).await.expect("re-run")
    else {
        panic!("expected a recorded re-run")
    };
    assert_eq!((rerun.status.as_str(), rerun.seq), (pay::RERUN, 2));
    // The locked run is untouched.
    assert_eq!(db.pay_run(company.id, locked.id).await.expect("read").expect("kept").run_sha256, locked.run_sha256);

    // November carries the difference as adjustment lines, and locking it marks the re-run carried.
    let nov = draft(pay::payout(&db, &company, month("2026-11"), "finance", false).await.expect("november"));
    let adj = |p: &str| -> Decimal {
        nov.run
            .statements
            .iter()
            .filter(|s| s.person == p)
            .flat_map(|s| &s.lines)
            .filter(|l| l.kind == LineKind::Adjustment)
            .map(|l| l.amount)
            .sum()
    };
    assert_eq!((adj("E03"), adj("E04")), (dec!(-100.00), dec!(100.00)));
    pay::approve(&db, &company, month("2026-11"), "boss").await.expect("approved");
    pay::lock(&db, &company, month("2026-11"), "boss").await.expect("locked");
    let rows = db.pay_runs(company.id).await.expect("runs");
    let carried = rows.iter().find(|r| r.id == rerun.id).expect("the re-run");
    assert_eq!(carried.carried_into.as_deref(), Some("2026-11"));
    // A re-run of October now reproduces the re-run (the latest version).
    assert!(matches!(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("again"), Payout::Reproduced(_)));
}

#[tokio::test]
async fn a_line_is_disputed_by_its_person_and_answered_by_finance() {
    let (db, company) = company().await;
    pay::import_plan_file(&db, &company, "plan.toml", PLAN, "test").await.expect("plan");
    draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    let e = pay::dispute(&db, &company, month("2026-10"), "E01", 1, "too little", "e01").await.expect_err("a draft");
    assert!(matches!(e, AppError::Pay(PayRefusal::DraftNotDisputable { .. })), "{e}");
    pay::approve(&db, &company, month("2026-10"), "boss").await.expect("approved");
    let e = pay::dispute(&db, &company, month("2026-10"), "E01", 9, "too little", "e01").await.expect_err("no such line");
    assert!(matches!(e, AppError::Pay(PayRefusal::NoSuchLine { line: 9, .. })), "{e}");
    let d = pay::dispute(&db, &company, month("2026-10"), "E01", 1, "  the customer was not new  ", "e01").await.expect("disputed");
    assert_eq!((d.line, d.component.as_str(), d.note.as_str()), (1, "b2b_class", "the customer was not new"));
    let a = pay::answer(&db, &company, d.id, "C-1 placed no order before October", "boss").await.expect("answered");
    assert_eq!(a.answered_by.as_deref(), Some("boss"));
    let e = pay::answer(&db, &company, d.id, "again", "boss").await.expect_err("answered already");
    assert!(matches!(e, AppError::Pay(PayRefusal::DisputeClosed { .. })), "{e}");
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A draw of `d` (its list frozen at 17:00 Shanghai), with the public numbers `n`.
async fn draw_day(db: &Db, company: &CompanyRow, d: &str, n: u64) {
    use amoeba_app::lottery::{draw, freeze, DrawInput};
    use amoeba_core::engagement::lottery::LotteryNumbers;
    freeze(db, company, day(d), utc(&format!("{d}T09:00:00Z"))).await.unwrap_or_else(|e| panic!("freeze {d}: {e}"));
    let numbers = DrawInput::Rfc3797(LotteryNumbers { sources: vec![vec![n, 7, 12]] });
    draw(db, company, day(d), numbers, utc(&format!("{d}T12:00:00Z"))).await.unwrap_or_else(|e| panic!("draw {d}: {e}"));
}

/// The person who won `d`'s cash prize.
async fn cash_winner(db: &Db, company: &CompanyRow, d: &str) -> String {
    let awards = db.awards_between(company.id, day(d), day(d)).await.expect("awards");
    awards.iter().find(|a| a.amount.is_some()).and_then(|a| a.person.clone()).expect("a cash prize")
}

fn award_lines(run: &PayRun, person: &str) -> Vec<(Decimal, String)> {
    let s = run.statements.iter().find(|s| s.person == person).expect("a statement");
    s.lines.iter().filter(|l| l.kind == LineKind::Award).map(|l| (l.amount, l.text.zh.clone())).collect()
}

/// docs/pay-plans.md, "Awards": October's lottery prize and PK stake are
/// paid in October's run and marked paid when it locks; October computed
/// again pays the same ones, byte for byte, even after a later draw of an
/// October day, which November pays.
#[tokio::test]
async fn lottery_prizes_and_pk_stakes_are_paid_once_through_the_run() {
    use amoeba_core::engagement::lottery::{default_cutoff, LotteryRules, Prize, PrizeTier, RandomnessSource, Tier};
    let (db, company) = company_with(
        "SO-2,ALI-1,C-1,E01,E02,contract,2026-10-13 10:00:00,LAMP,1,10.00,USD,\nSO-2,ALI-1,,,,ship,2026-10-14 10:00:00,LAMP,1,,USD,\n\
         SO-3,ALI-1,C-1,E01,E02,contract,2026-10-13 10:00:00,LAMP,1,10.00,USD,\nSO-3,ALI-1,,,,ship,2026-10-15 10:00:00,LAMP,1,,USD,\n",
    )
    .await;
    pay::import_plan_file(&db, &company, "plan.toml", PLAN, "test").await.expect("plan");
    let rules = LotteryRules {
        version: "2026-10".into(),
        zone: "Asia/Shanghai".into(),
        cutoff: default_cutoff(),
        eligible_roles: ["sales", "order_follower"].iter().map(|s| s.to_string()).collect(),
        tiers: vec![
            PrizeTier { tier: Tier::Special, count: 1, prize: Prize { amount_cny: Some(dec!(188.00)), description: None } },
            PrizeTier { tier: Tier::First, count: 1, prize: Prize { amount_cny: None, description: Some("奶茶".into()) } },
        ],
        calendar: Default::default(),
        randomness: RandomnessSource::Rfc3797 { sources: "test lottery".into() },
    };
    amoeba_app::lottery::save_rules(&db, &company, rules, day("2026-10-12"), utc("2026-10-01T00:00:00Z")).await.expect("rules");
    draw_day(&db, &company, "2026-10-14", 3).await;
    let winner = cash_winner(&db, &company, "2026-10-14").await;
    let contest = amoeba_app::pk::NewContest {
        code: "PK-10".into(),
        name: "十月 PK".into(),
        start: day("2026-10-01"),
        end: day("2026-10-31"),
        metric: amoeba_core::engagement::PkMetric::Sales,
        per_capita: false,
        teams: vec![("ALI".into(), dec!(1000)), ("WH".into(), dec!(1000))],
        stake: Some(amoeba_app::pk::Stake { amount: Some(dec!(500.01)), description: Some("锦旗".into()) }),
    };
    amoeba_app::pk::create(&db, &company, contest, day("2026-09-20"), false).await.expect("contest");
    amoeba_app::pk::decide(&db, &company, "PK-10", day("2026-11-02")).await.expect("decided");

    let oct = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    check(&oct.run);
    // ALI won PK-10: ¥500.01 split between E01 and E02 (in ALI on 31 October), the odd fen to E01.
    let pk = |p: &str| award_lines(&oct.run, p).into_iter().filter(|l| l.1.contains("PK-10")).map(|l| l.0).collect::<Vec<_>>();
    assert_eq!((pk("E01"), pk("E02")), (vec![dec!(250.01)], vec![dec!(250.00)]));
    let lottery: Vec<(Decimal, String)> = award_lines(&oct.run, &winner).into_iter().filter(|l| l.1.contains("抽奖")).collect();
    assert_eq!(lottery, vec![(dec!(188.00), "2026-10-14 日出单抽奖 特等奖（第 1 位）：奖金 ¥188.00".to_string())]);
    assert_eq!(oct.run.carry.awards.len(), 2, "the milk tea is no cash: not paid through the run");
    let org = db.load_org(company.id).await.expect("org");
    let roll = pay::payroll(&oct.run, &org);
    let col = roll.columns.iter().position(|c| c == "award").expect("an award column");
    assert_eq!(roll.rows.iter().map(|r| r.amounts[col]).sum::<Decimal>(), dec!(688.01));

    pay::approve(&db, &company, month("2026-10"), "boss").await.expect("approved");
    let locked = pay::lock(&db, &company, month("2026-10"), "boss").await.expect("locked");
    let paid_in = |a: &amoeba_store::engage::Award| a.paid_in.clone();
    let awards = db.awards_between(company.id, day("2026-10-01"), day("2026-10-31")).await.expect("awards");
    let marks: Vec<(String, Option<String>)> = awards.iter().map(|a| (a.label.clone(), paid_in(a))).collect();
    assert_eq!(marks, vec![("special".into(), Some("2026-10".into())), ("first".into(), None), ("winner".into(), Some("2026-10".into()))]);

    // A late draw of an October day: October computed again pays what it paid, byte for byte.
    draw_day(&db, &company, "2026-10-15", 5).await;
    let late = cash_winner(&db, &company, "2026-10-15").await;
    match pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("recomputed") {
        Payout::Reproduced(r) => assert_eq!(r.run_sha256, locked.run_sha256),
        other => panic!("expected the same run, got {other:?}"),
    }
    // November pays the late prize, and only it.
    let nov = draft(pay::payout(&db, &company, month("2026-11"), "finance", false).await.expect("november"));
    let paid: Vec<&str> = nov.run.carry.awards.iter().map(|a| a.source_ref.as_str()).collect();
    assert_eq!(paid, vec!["2026-10-15"]);
    assert_eq!(award_lines(&nov.run, &late).iter().map(|l| l.0).collect::<Vec<_>>(), vec![dec!(188.00)]);
    pay::approve(&db, &company, month("2026-11"), "boss").await.expect("approved");
    pay::lock(&db, &company, month("2026-11"), "boss").await.expect("locked");
    let awards = db.awards_between(company.id, day("2026-10-15"), day("2026-10-15")).await.expect("awards");
    assert_eq!(awards.iter().find(|a| a.amount.is_some()).and_then(paid_in), Some("2026-11".into()));
}

/// docs/pay-plans.md, "Person targets in runs": the people split of ALI's
/// derived target is E01's October target; E01's credited sales beat it,
/// so the accelerator applies in the stored run.
#[tokio::test]
async fn a_derived_person_target_makes_the_accelerator_apply_in_a_stored_run() {
    let (db, company) = company_open("").await;
    let mut req = amoeba_app::goals::TargetRequest::new(2026, "ALI");
    req.cost = Some(dec!(85470.09));
    let target = amoeba_app::goals::derive(&db, &company, &req, day("2026-01-08")).await.expect("derived");
    close_both(&db, &company).await;
    let plan = PLAN.replace(
        "rates_by_class = { new = \"3%\", returning = \"1.5%\", key_account = \"1%\" }",
        "rates_by_class = { new = \"3%\", returning = \"1.5%\", key_account = \"1%\" }\naccelerators = [{ pct = 100, multiplier = 1.2 }]",
    );
    pay::import_plan_file(&db, &company, "plan.toml", &plan, "test").await.expect("plan");
    let oct = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    let e01 = oct.run.statements.iter().find(|s| s.person == "E01").expect("E01");
    let acc: Vec<_> = e01.lines.iter().filter(|l| l.kind == LineKind::Accelerator).collect();
    assert_eq!(acc.len(), 1, "{:#?}", e01.lines);
    let expected_target = target.derivation.person_target("E01", month("2026-10")).expect("E01 has an October target");
    let input = |n: &str| acc[0].inputs.iter().find(|i| i.name == n).map(|i| i.value);
    assert_eq!(input("target"), Some(expected_target));
    assert!(dec!(7000.00) >= expected_target, "E01 sold 7 000.00 against {expected_target}");
    // 7 000.00 × 3 % = 210.00; × (1.2 − 1) = 42.00.
    assert_eq!((acc[0].amount, e01.total), (dec!(42.00), dec!(252.00)));
    // Computed again: the same run.
    let again = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("again"));
    assert_eq!(again.row.run_sha256, oct.row.run_sha256);
}

/// Sets WH's review of `cycle` from the leader's scores of E03 and E04 on
/// one criterion (team-average multipliers).
async fn review_wh(db: &Db, company: &CompanyRow, cycle: &str, e03: u32, e04: u32) {
    use amoeba_core::goals::{Normalise, SelfReview};
    let file = format!("person,by,results@100\nE03,leader,{e03}\nE04,leader,{e04}\n");
    let cycle = amoeba_app::review::parse_cycle(cycle).expect("cycle");
    amoeba_app::review::set(db, company, cycle, "WH", &file, SelfReview::ShownBeside, Normalise::TeamAverage).await.expect("review");
}

#[tokio::test]
async fn stored_review_scores_scale_the_scorecard_split_of_a_stored_run() {
    let (db, company) = company().await;
    let plan = PLAN.replace(
        "split = \"coefficient\"\nwho = { units = [\"WH\"] }",
        "split = \"coefficient\"\nscorecard = true\nwho = { units = [\"WH\"] }",
    );
    assert_ne!(plan, PLAN, "the plan's WH share takes the scorecard");
    pay::import_plan_file(&db, &company, "plan.toml", &plan, "test").await.expect("plan");
    // No review yet: 1 000.00 halves.
    let before = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    assert_eq!((earned(&before.run, "E03"), earned(&before.run, "E04")), (dec!(500.00), dec!(500.00)));
    // A quarter's review and another month's do not apply to October...
    review_wh(&db, &company, "2026-09", 100, 20).await;
    let other = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    assert_eq!(other.row.run_sha256, before.row.run_sha256, "September's scores do not touch October");
    // ...Q4's does: 90 and 60 average 75 → × 1.2 and × 0.8: 600.00 and 400.00.
    review_wh(&db, &company, "2026-Q4", 90, 60).await;
    let q4 = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    assert_eq!((earned(&q4.run, "E03"), earned(&q4.run, "E04")), (dec!(600.00), dec!(400.00)));
    // October's own review beats the quarter's: 70 and 80 average 75 →
    // × 0.9333 and × 1.0667: 1 000.00 × 0.9333 ÷ 2 = 466.65, × 1.0667 ÷ 2 = 533.35.
    review_wh(&db, &company, "2026-10", 70, 80).await;
    let oct = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    check(&oct.run);
    assert_eq!((earned(&oct.run, "E03"), earned(&oct.run, "E04")), (dec!(466.65), dec!(533.35)));
    let e03 = oct.run.statements.iter().find(|s| s.person == "E03").expect("E03");
    let line = e03.lines.iter().find(|l| l.component == "wh_share").expect("wh_share line");
    assert!(line.text.zh.contains("考评系数 0.9333（2026-10 得分 70"), "{}", line.text.zh);
    assert_ne!(oct.row.inputs_sha256, before.row.inputs_sha256, "the scores are inputs");
    // Locked, the month computed again reproduces byte for byte.
    pay::approve(&db, &company, month("2026-10"), "boss").await.expect("approved");
    let locked = pay::lock(&db, &company, month("2026-10"), "boss").await.expect("locked");
    match pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("recomputed") {
        Payout::Reproduced(r) => assert_eq!(r.run_sha256, locked.run_sha256),
        other => panic!("expected the same run, got {other:?}"),
    }
    // Scores changed after the lock are late data: a difference, never an edit.
    review_wh(&db, &company, "2026-10", 80, 70).await;
    match pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("recomputed") {
        Payout::Differs { diff, .. } => assert!(!diff.is_empty()),
        other => panic!("expected a difference, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refund_of_a_sale_paid_individual_commission_on_claws_back_at_its_rate() {
    let (db, company) = company().await;
    pay::import_plan_file(&db, &company, "plan.toml", PLAN, "test").await.expect("plan");
    // October: E01's 3 % of SO-1's 7 000.00 (a new customer) = 210.00, recorded as paid on the sale.
    let oct = draft(pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("october"));
    let on_sale: Vec<_> = oct
        .run
        .carry
        .paid_sales
        .iter()
        .filter(|p| p.component == "b2b_class")
        .map(|p| (p.person.as_str(), p.sale.as_str(), p.base, p.paid))
        .collect();
    assert_eq!(on_sale, vec![("E01", "ALI-1/SO-1", dec!(7000.00), dec!(210.00))]);
    pay::approve(&db, &company, month("2026-10"), "boss").await.expect("approved");
    let locked = pay::lock(&db, &company, month("2026-10"), "boss").await.expect("locked");
    match pay::payout(&db, &company, month("2026-10"), "finance", false).await.expect("recomputed") {
        Payout::Reproduced(r) => assert_eq!(r.run_sha256, locked.run_sha256),
        other => panic!("expected the same run, got {other:?}"),
    }
    // November: 1 400.00 of SO-1 refunded: −210.00 × 1 400 ÷ 7 000 = −42.00 at the 3 % it was paid
    // at; the refund is taken out of E01's November result, nothing else is earned: −42.00 carried.
    let nov = draft(pay::payout(&db, &company, month("2026-11"), "finance", false).await.expect("november"));
    check(&nov.run);
    let e01 = nov.run.statements.iter().find(|s| s.person == "E01").expect("E01's statement");
    let claws: Vec<_> = e01.lines.iter().filter(|l| l.kind == LineKind::Clawback).map(|l| (l.component.as_str(), l.amount)).collect();
    assert_eq!(claws, vec![("b2b_class", dec!(-42.00))], "{:#?}", e01.lines);
    assert_eq!((e01.total, e01.carried_forward), (Decimal::ZERO, dec!(-42.00)));
    let claw = e01.lines.iter().find(|l| l.kind == LineKind::Clawback).expect("clawback");
    assert!(claw.text.zh.contains("销售 ALI-1/SO-1"), "{}", claw.text.zh);
    // Locked, November's clawback is recorded against the sale.
    pay::approve(&db, &company, month("2026-11"), "boss").await.expect("approved");
    pay::lock(&db, &company, month("2026-11"), "boss").await.expect("locked");
    let after = add_paid(&[], &db.pay_paid_sales_before(company.id, "2026-12").await.expect("paid"));
    let so1 = after.iter().find(|p| p.person == "E01" && p.component == "b2b_class").expect("E01 on SO-1");
    assert_eq!((so1.base, so1.paid, so1.clawed), (dec!(7000.00), dec!(210.00), dec!(42.00)));
}
