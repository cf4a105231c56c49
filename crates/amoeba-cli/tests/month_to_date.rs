//! The month in progress counts its costs for the days elapsed, and the
//! board, the unit P&L, a person's page and `amoeba report pnl` agree on
//! every day of a month (issue: month-to-date figures charged the whole
//! month's labour against month-to-date sales).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_core::identity::{NewUser, Role, Viewer};
use amoeba_server::views::{Live, ViewCtx, ViewProvider};
use amoeba_store::testing::fresh_database_url;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::process::{Command, Output};

fn amoeba(db: &str, today: Option<NaiveDate>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amoeba"));
    cmd.args(args).args(["--db", db]).env_remove("DATABASE_URL").env_remove("AMOEBA_TODAY");
    if let Some(d) = today {
        cmd.env("AMOEBA_TODAY", d.to_string());
    }
    let out = cmd.output().expect("run amoeba");
    assert!(out.status.success(), "amoeba {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

const ORG: &str = r#"
[company]
code = "MTD"
name = "月中测试"

[[units]]
code = "GROUP"
name = "集团"
kind = "profit_centre"

[[units]]
code = "U-A"
name = "甲组"
kind = "profit_centre"
parent = "GROUP"

[[people]]
code = "P1"
name = "运营一"

[[assignments]]
person = "P1"
unit = "U-A"
role = "operator"
from = "2026-01-01"
"#;

fn dec(v: &serde_json::Value) -> Decimal {
    v.as_str().expect("decimal text").parse().expect("decimal")
}

#[tokio::test]
async fn board_pnl_person_page_and_cli_agree_on_every_day_of_a_month() {
    let url = fresh_database_url().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let org = dir.path().join("org.toml");
    std::fs::write(&org, ORG).expect("org file");
    // November 2026: sales of 1 000 + 10 × day a day; one monthly labour
    // record of 30 000.00 (1 000.00 a day once spread over 30 days).
    let mut facts = String::from("date,unit,kind,amount,currency\n");
    for day in 1..=30 {
        facts.push_str(&format!("2026-11-{day:02},U-A,sale,{}.00,CNY\n", 1000 + 10 * day));
    }
    let facts_path = dir.path().join("sales.csv");
    std::fs::write(&facts_path, facts).expect("facts");
    let hours_path = dir.path().join("hours.csv");
    std::fs::write(&hours_path, "person,unit,period,hours,overtime_hours,labour_cost\nP1,U-A,2026-11,240,0,30000.00\n").expect("hours");
    amoeba(&url, None, &["org", "import", org.to_str().unwrap()]);
    amoeba(&url, None, &["import", "facts", facts_path.to_str().unwrap()]);
    amoeba(&url, None, &["import", "hours", hours_path.to_str().unwrap()]);

    let db = Db::connect(&url).await.expect("connect");
    let company = db.company(Some("MTD")).await.expect("company");
    let current = amoeba_app::current::current(&db, &company).await.expect("current");
    let owner = NewUser { login: "boss".into(), role: Some(Role::Owner), ..NewUser::default() };
    let (owner, _) = amoeba_app::identity::add_user(&db, company.id, &current.org, &owner, None).await.expect("owner login");
    let viewer = Viewer::new(&owner, &current.org);
    let month = "2026-11".parse().expect("month");
    let mut sales = Decimal::ZERO;
    for day in 1..=30u32 {
        let today = NaiveDate::from_ymd_opt(2026, 11, day).expect("day");
        sales += Decimal::from(1000 + 10 * day);
        let expected = sales - Decimal::from(1000 * day);
        let cx = ViewCtx { db: &db, company: &company, current: &current, today };

        let board = Live.board(cx, today).await.expect("board").expect("board data");
        let row = board.rows.iter().find(|r| r.unit == "U-A").expect("U-A on the board");
        assert_eq!(row.mtd_profit, expected, "board, {today}");

        let pnl = Live.pnl(cx, viewer.unit("U-A").expect("visible"), month).await.expect("pnl").expect("pnl data");
        let profit = pnl.lines.iter().find(|l| l.line == amoeba_core::accounting::PnlLine::Profit).expect("profit").month;
        assert_eq!(profit, expected, "unit P&L, {today}");
        assert_eq!(pnl.as_of, today);
        assert_eq!(pnl.hourly_efficiency, row.hourly_efficiency, "hourly efficiency, {today}");

        let share = Live.person_share(cx, viewer.person("P1").expect("visible"), month).await.expect("share").expect("share data");
        assert_eq!((share.rows[0].unit_profit, share.rows[0].amount), (expected, expected), "person page, {today}");

        let out = amoeba(&url, Some(today), &["report", "pnl", "--period", "2026-11", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let unit = json["units"].as_array().expect("units").iter().find(|u| u["code"] == "U-A").expect("U-A in the report");
        assert_eq!(dec(&unit["lines"]["profit"]), expected, "amoeba report pnl, {today}");
        assert_eq!(json["as_of"], today.to_string());
    }
}
