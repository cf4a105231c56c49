//! Risk alerts on a real database (SQLite, or PostgreSQL with
//! AMOEBA_TEST_DATABASE_URL): the rules file stored whole or refused with
//! every problem; a day evaluated from the stored ledger and traffic fires
//! each wired kind once per episode (docs/oversight.md, "Alerts", worked
//! example); an episode ends when its condition clears; acknowledgements
//! keep who, when and the note.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_app::alerts::rules_file::import_rules;
use amoeba_app::alerts::run::run_day;
use amoeba_app::alerts::view::{acknowledge, episodes};
use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::traffic_import::{import_traffic, CutChoice, TrafficOptions};
use amoeba_core::oversight::alerts::AlertDetail;
use amoeba_core::{Lang, Refusal};
use amoeba_store::testing::fresh_db;
use chrono::NaiveDate;
use rust_decimal_macros::dec;

const ORG: &str = r#"
[company]
code = "AL"
name = "预警测试"

[[units]]
code = "ALI"
name = "阿里国际站"
kind = "profit_centre"

[[stores]]
code = "ALI-1"
name = "Alibaba.com"
platform = "alibaba_com"
marketplace = "GLOBAL"
currency = "USD"
timezone = "Asia/Shanghai"
owners = [{ unit = "ALI", from = "2026-01-01" }]
"#;

/// docs/oversight.md, "Alerts", worked example: the rules file.
pub const RULES: &str = r#"
[[rules]]
scope = "company"
sales_slump = { weeks = 8, min_drop = "100" }
conversion_slump = { weeks = 8, min_drop = "0.005" }
acos = { max_acos = "0.30", min_spend = "100" }
storage_spike = { max_increase = "0.30", min_increase = "50" }
"#;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Eight Mondays of ordinary sales and conversion, then a bad Monday
/// (2026-03-09): sales 300 against a median of 1 000, conversion 0.5 %
/// against 2 %, ad spend 500 for ad sales of 1 000 (ACoS 50 %), and March's
/// storage fee 400 against 100 in January and February.
fn data() -> (String, String) {
    let mut facts = String::from("date,store,kind,amount,currency\n");
    let mut traffic = String::from("day,store,visitors,orders,sales,currency\n");
    let usual = [1000, 1100, 900, 1000, 1050, 950, 1000, 1000];
    for (w, sale) in usual.iter().enumerate() {
        let day = d("2026-01-12") + chrono::Duration::days(7 * w as i64);
        facts.push_str(&format!("{day},ALI-1,sale,{sale}.00,CNY\n"));
        traffic.push_str(&format!("{day},ALI-1,1000,20,{sale}.00,CNY\n"));
    }
    facts.push_str(
        "2026-01-20,ALI-1,storage_fee,-100.00,CNY\n2026-02-20,ALI-1,storage_fee,-100.00,CNY\n2026-03-05,ALI-1,storage_fee,-400.00,CNY\n",
    );
    facts.push_str("2026-03-09,ALI-1,sale,300.00,CNY\n2026-03-09,ALI-1,ad_spend,-500.00,CNY\n2026-03-09,ALI-1,ad_sales,1000.00,CNY\n");
    traffic.push_str("2026-03-09,ALI-1,1000,5,300.00,CNY\n");
    (facts, traffic)
}

#[tokio::test]
async fn a_rules_file_is_stored_whole_or_refused_with_every_problem() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let bad_toml = "[[rules]]\nscope = \"company\"\nsales_slump = { weeks = \"eight\", min_drop = \"1\" }\n";
    let e = import_rules(&db, &company, "a.toml", bad_toml, "t").await.unwrap_err();
    let text = e.render(Lang::En);
    assert!(text.contains("a.toml") && text.contains("line 3") && text.contains("weeks"), "{text}");
    let unknown = "[[rules]]\nscope = { unit = \"NOPE\" }\nacos = { max_acos = \"0.3\" }\n[[rules]]\nscope = { store = \"GONE\" }\n";
    let e = import_rules(&db, &company, "b.toml", unknown, "t").await.unwrap_err();
    let Some(Refusal::AlertRulesFile { problems, .. }) = e.refusal() else { panic!("{e}") };
    assert_eq!(problems.iter().map(|p| p.code()).collect::<Vec<_>>(), ["alert_unknown_unit", "alert_unknown_store"]);
    assert!(e.render(Lang::Zh).contains("未保存"), "{}", e.render(Lang::Zh));
    assert!(db.alert_rules(company.id).await.unwrap().is_none(), "a refused file stores nothing");
    assert!(!run_day(&db, &company, d("2026-03-09")).await.unwrap().has_rules);
    import_rules(&db, &company, "rules.toml", RULES, "t").await.unwrap();
    let stored = db.alert_rules(company.id).await.unwrap().unwrap();
    assert_eq!((stored.file_name.as_str(), stored.body.as_str(), stored.rules.rules.len()), ("rules.toml", RULES, 1));
}

#[tokio::test]
async fn alerts_fire_once_per_episode_end_when_clear_and_are_acknowledged() {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(None).await.unwrap();
    let (facts, traffic) = data();
    import_file(&db, &company, ImportKind::Facts, "f.csv", facts.as_bytes(), None, &mut NoProgress).await.unwrap();
    let cut = TrafficOptions { cut: Some(CutChoice::Alibaba), ..Default::default() };
    import_traffic(&db, &company, ImportKind::Traffic, "t.csv", traffic.as_bytes(), None, cut).await.unwrap();
    import_rules(&db, &company, "rules.toml", RULES, "t").await.unwrap();

    let day = d("2026-03-09");
    let r = run_day(&db, &company, day).await.unwrap();
    let mut codes: Vec<&str> = r.new.iter().map(|a| a.detail.code()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["acos_over_guardrail", "conversion_slump", "sales_slump", "storage_fee_spike"], "{:?}", r.new);
    assert_eq!((r.evaluated, r.continuing, r.ended), (4, 0, 0));
    for a in &r.new {
        match &a.detail {
            AlertDetail::Slump(s) if a.detail.code() == "sales_slump" => {
                assert_eq!((s.value, s.median, s.mad, s.drop), (dec!(300), dec!(1000), dec!(25), dec!(700)));
            }
            AlertDetail::Slump(s) => assert_eq!((s.value, s.median), (dec!(0.005), dec!(0.02))),
            AlertDetail::AcosOverGuardrail(x) => assert_eq!((x.ad_spend, x.ad_sales, x.acos), (dec!(500), dec!(1000), Some(dec!(0.5)))),
            AlertDetail::StorageFeeSpike(x) => assert_eq!((x.current, x.median, x.increase), (dec!(400), dec!(100), dec!(300))),
            other => panic!("unexpected {other:?}"),
        }
    }
    let stored = episodes(&db, &company, true, |_| true).await.unwrap();
    assert_eq!(stored.len(), 4);
    assert!(stored.iter().all(|e| e.unit == "ALI" && e.store == "ALI-1" && e.opened == day));

    // The same day again: nothing new, every episode continues.
    let again = run_day(&db, &company, day).await.unwrap();
    assert_eq!((again.new.len(), again.continuing, again.ended), (0, 4, 0));
    assert_eq!(episodes(&db, &company, false, |_| true).await.unwrap().len(), 4);

    // Acknowledged with a note: kept with who and when; an unknown or hidden one is refused alike.
    let acos = stored.iter().find(|e| e.alert.detail.code() == "acos_over_guardrail").unwrap();
    acknowledge(&db, &company, acos.id, "li.na", day, "  lowered bids  ", |_| true).await.unwrap();
    let e = acknowledge(&db, &company, acos.id, "x", day, "n", |_| false).await.unwrap_err();
    assert!(matches!(e.refusal(), Some(Refusal::UnknownAlert { .. })), "{e}");
    assert!(acknowledge(&db, &company, 999_999, "x", day, "n", |_| true).await.is_err());
    let after = db.alert_episode(company.id, acos.id).await.unwrap().unwrap();
    let ack = after.acknowledged.unwrap();
    assert_eq!((ack.by.as_str(), ack.on, ack.note.as_str()), ("li.na", day, "lowered bids"));

    // The next day: ad sales come in (ACoS 500 / 6 000 = 8.3 %): the ACoS
    // episode ends. The ledger now has the Tuesday, whose sales (0) are as
    // usual for a Tuesday (0 on each before): the sales slump ends too. No
    // traffic that day: the conversion slump is not evaluated and stays open.
    let more = "date,store,kind,amount,currency\n2026-03-10,ALI-1,ad_sales,5000.00,CNY\n";
    import_file(&db, &company, ImportKind::Facts, "g.csv", more.as_bytes(), None, &mut NoProgress).await.unwrap();
    let next = run_day(&db, &company, d("2026-03-10")).await.unwrap();
    assert_eq!((next.new.len(), next.continuing, next.ended), (0, 1, 2), "storage continues; ACoS and sales end");
    let open = episodes(&db, &company, true, |_| true).await.unwrap();
    let mut open_codes: Vec<&str> = open.iter().map(|e| e.alert.detail.code()).collect();
    open_codes.sort_unstable();
    assert_eq!(open_codes, ["conversion_slump", "storage_fee_spike"]);
    let ended = db.alert_episode(company.id, acos.id).await.unwrap().unwrap();
    assert_eq!(ended.ended, Some(d("2026-03-10")));
}
