//! Pay in the web app: finance sees a month's run with its payroll (CSV
//! and XLSX), approves it; a leader sees the pools of their units once it
//! is approved, never a statement; a member sees their own statement line
//! by line (and nobody else's, by page and by API), disputes a line, and
//! finance sees the dispute.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_core::identity::Role;
use axum::http::StatusCode;
use common::*;

const PLAN: &str = r#"[pay_plan]
code = "T-PAY"
name = "测试提成方案"
version = 1
effective_from = 2026-01-01

[[components]]
code = "home_share"
name = "家居组利润分成"
method = "profit_share"
base = "unit_profit"
rate = "10%"
split = "coefficient"
who = { units = ["AMZ-US-HOME"] }
"#;

#[tokio::test]
async fn each_persona_sees_the_pay_the_policy_allows() {
    let app = app().await;
    let company = app.db.company(Some("T")).await.expect("company");
    let facts = b"date,unit,kind,amount,currency\n2026-03-02,AMZ-US-HOME,other_income,10000.00,CNY\n";
    import_file(&app.db, &company, ImportKind::Facts, "f.csv", facts, None, &mut NoProgress).await.expect("facts");
    amoeba_app::accounting::close(&app.db, &company, "2026-03".parse().unwrap()).await.expect("closed");
    amoeba_app::pay::import_plan_file(&app.db, &company, "plan.toml", PLAN, "test").await.expect("plan");
    let (owner, leader, member, operator) =
        (app.login(Role::Owner).await, app.login(Role::Leader).await, app.login(Role::Member).await, app.login(Role::ThirdParty).await);

    // Finance computes March from the admin page: a draft of 10 % of the Home team's 10 000.00, all M1's.
    let done = app.post_form("/admin/pay/runs/2026-03/compute", Some(&owner), &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("data-testid=\"notice\""), "{}", done.body);
    let run = app.get("/pay/runs/2026-03", Some(&owner)).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.body);
    assert!(run.body.contains("1,000.00") && run.body.contains("/people/M1/pay?month=2026-03"), "{}", run.body);
    let csv = app.get("/pay/runs/2026-03?table=payroll&format=csv", Some(&owner)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("M1") && csv.body.contains("T-PAY/home_share") && csv.body.contains("1000.00"), "{}", csv.body);
    let xlsx = app.get("/pay/runs/2026-03?table=payroll&format=xlsx", Some(&owner)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");

    // A draft is finance's: the leader does not see it, the member has no statement yet.
    assert_eq!(app.get("/pay/runs/2026-03", Some(&leader)).await.status, StatusCode::NOT_FOUND);
    let mine = app.get("/people/M1/pay?month=2026-03", Some(&member)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(!mine.body.contains("data-testid=\"statement-total\""), "{}", mine.body);

    let approved = app.post_form("/admin/pay/runs/2026-03/approve", Some(&owner), &[]).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);

    // The leader of AMZ-US sees the Home team's pool, not anyone's pay.
    let pools = app.get("/pay/runs/2026-03", Some(&leader)).await;
    assert_eq!(pools.status, StatusCode::OK, "{}", pools.body);
    assert!(pools.body.contains("亚马逊美国家居组") && pools.body.contains("1,000.00"), "{}", pools.body);
    assert!(!pools.body.contains("/people/M1/pay"), "no statement links for a leader");
    assert_eq!(app.get("/people/M1/pay?month=2026-03", Some(&leader)).await.status, StatusCode::NOT_FOUND);
    let api = app.get("/api/v1/pay/runs/2026-03", Some(&leader)).await;
    assert_eq!(api.status, StatusCode::OK);
    assert!(api.json()["payroll"].is_null() && api.json()["pools"].as_array().is_some_and(|p| p.len() == 1), "{}", api.body);
    assert_eq!(app.get("/pay/runs/2026-03", Some(&member)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/pay/runs/2026-03", Some(&operator)).await.status, StatusCode::FORBIDDEN);

    // The member sees their statement, each line with its arithmetic; nobody else's.
    let mine = app.get("/people/M1/pay?month=2026-03", Some(&member)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("data-testid=\"statement-total\""), "{}", mine.body);
    assert!(mine.body.contains("¥10 000.00") && mine.body.contains("¥1 000.00"), "the line shows its arithmetic: {}", mine.body);
    assert_eq!(app.get("/people/M2/pay?month=2026-03", Some(&member)).await.status, StatusCode::NOT_FOUND);
    let json = app.get("/api/v1/pay/statements/M1?month=2026-03", Some(&member)).await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.json()["statement"]["total"], "1000.00", "{}", json.body);
    assert_eq!(app.get("/api/v1/pay/statements/M2?month=2026-03", Some(&member)).await.status, StatusCode::NOT_FOUND);
    let me = app.get("/me?month=2026-03", Some(&member)).await;
    assert!(me.body.contains("data-testid=\"pay-link\""), "the member's page links to their statement");

    // The member disputes line 1; finance sees it.
    let d =
        app.post_form("/people/M1/pay/disputes", Some(&member), &[("month", "2026-03"), ("line", "1"), ("note", "rent is missing")]).await;
    assert_eq!(d.status, StatusCode::SEE_OTHER, "{}", d.body);
    assert!(app.get("/people/M1/pay?month=2026-03", Some(&member)).await.body.contains("rent is missing"));
    assert!(app.get("/admin/pay", Some(&owner)).await.body.contains("rent is missing"));
}
