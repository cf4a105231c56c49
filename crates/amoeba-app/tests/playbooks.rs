//! Playbooks on a real database (SQLite, or PostgreSQL with
//! AMOEBA_TEST_DATABASE_URL): a file adds new versions (an old one never
//! changes), refused files store nothing, search finds the latest version,
//! a render fills variables from a stored SKU, order and customer
//! (docs/oversight.md, "Playbooks in use", worked example) and refuses a
//! variable without a value naming it and its line; who reads and who adds.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_app::import::{import_file, ImportKind, NoProgress};
use amoeba_app::org::apply_org_file;
use amoeba_app::playbooks::file::add_file;
use amoeba_app::playbooks::library::{search, versions};
use amoeba_app::playbooks::render::{render, RenderRequest};
use amoeba_app::playbooks::Access;
use amoeba_app::AppError;
use amoeba_core::identity::{Role, User, Viewer};
use amoeba_core::oversight::playbook::TemplateError;
use amoeba_core::{Lang, Refusal};
use amoeba_store::testing::fresh_db;
use chrono::NaiveDate;

const ORG: &str = r#"
[company]
code = "PB"
name = "话术测试"

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
code = "SHOP"
name = "独立站"
kind = "profit_centre"
parent = "G"

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
name = "LED desk lamp"
owners = [{ unit = "ALI", from = "2026-01-01" }]
costs = [{ from = "2026-01-01", purchase = "20.00", freight = "5.00" }]

[[skus]]
code = "MUG"
name = "Ceramic mug"
owners = [{ unit = "ALI", from = "2026-01-01" }]
costs = [{ from = "2026-01-01", purchase = "1.00", freight = "0.50" }]
"#;

/// docs/oversight.md, "Playbooks in use", worked example: the file.
pub const FILE_V1: &str = r#"
[[templates]]
unit = "ALI"
code = "late-delivery"
kind = "complaint_reply"
title_zh = "物流延误致歉"
title_en = "Late delivery apology"
tags = ["物流", "logistics"]
body_zh = """
尊敬的客户 {{customer.id}}：
您的订单 {{order.id}}（{{order.items}}，合计 {{order.amount}}）延误了，非常抱歉。"""
body_en = """
Dear customer {{customer.id}},
we are sorry that order {{order.id}} ({{order.items}}, {{order.amount}}) is late.
Your {{sku.name}} costs {{sku.price}} a unit; your next order gets {{discount}} off."""
"#;

const FILE_V2: &str = r#"
[[templates]]
unit = "ALI"
code = "late-delivery"
kind = "complaint_reply"
title_zh = "物流延误致歉（新）"
title_en = "Late delivery apology (new)"
tags = ["logistics", "refund"]
body_zh = "订单 {{order.id}} 已退运费。"
body_en = "We refunded the shipping of order {{order.id}}."
"#;

/// Orders A-1001 and A-1002 of customer C-88 in ALI-1.
const ORDERS: &str = "order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n\
    A-1001,ALI-1,C-88,,,contract,2026-11-03 10:00:00,LAMP,40,1000.00,USD,\n\
    A-1001,ALI-1,C-88,,,contract,2026-11-03 10:00:00,MUG,30,100.00,USD,\n\
    A-1002,ALI-1,C-88,,,contract,2026-02-14 09:00:00,LAMP,10,250.00,USD,\n";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn refusal(e: AppError) -> Refusal {
    e.refusal().cloned().unwrap_or_else(|| panic!("not a refusal: {e}"))
}

fn user(role: Role, person: Option<&str>, unit: Option<&str>) -> User {
    User {
        id: 1,
        company_id: 1,
        login: "u".into(),
        role,
        person: person.map(Into::into),
        unit: unit.map(Into::into),
        store: None,
        created_at: String::new(),
        disabled: false,
    }
}

async fn setup() -> (amoeba_store::Db, amoeba_store::org_repo::CompanyRow) {
    let db = fresh_db().await;
    apply_org_file(&db, None, "org.toml", ORG).await.unwrap();
    let company = db.company(Some("PB")).await.unwrap();
    import_file(&db, &company, ImportKind::Orders, "orders.csv", ORDERS.as_bytes(), None, &mut NoProgress).await.expect("orders");
    (db, company)
}

#[tokio::test]
async fn versions_are_added_never_edited_and_refused_files_store_nothing() {
    let (db, company) = setup().await;
    let added = add_file(&db, &company, "v1.toml", FILE_V1, "li.na", Access::Everything).await.unwrap();
    assert_eq!(added.iter().map(|t| t.version).collect::<Vec<_>>(), [1]);
    add_file(&db, &company, "v2.toml", FILE_V2, "wang", Access::Everything).await.unwrap();
    let all = versions(&db, &company, "ALI", "late-delivery", Access::Everything).await.unwrap();
    assert_eq!(all.iter().map(|s| (s.template.version, s.saved_by.as_str())).collect::<Vec<_>>(), [(1, "li.na"), (2, "wang")]);
    assert!(all[0].template.body_en.contains("{{discount}}"), "version 1 is kept as it was");

    // Refused: a broken body (with the template, body, line, column), an unknown unit, an unreadable file.
    let broken = FILE_V2.replace("{{order.id}} 已", "{{order.id 已");
    let e = refusal(add_file(&db, &company, "b.toml", &broken, "x", Access::Everything).await.unwrap_err());
    assert_eq!(
        e,
        Refusal::PlaybookTemplate {
            code: "late-delivery".into(),
            field: "body_zh".into(),
            problem: TemplateError::Unclosed { line: 1, column: 4 }
        }
    );
    assert_eq!(e.render(Lang::En), "template late-delivery, body_zh: line 1, column 4: '{{' is not closed by '}}' on its line");
    let elsewhere = FILE_V2.replace("unit = \"ALI\"", "unit = \"NOPE\"");
    assert_eq!(refusal(add_file(&db, &company, "u.toml", &elsewhere, "x", Access::Everything).await.unwrap_err()).code(), "unknown_unit");
    let e = refusal(add_file(&db, &company, "t.toml", "[[templates]]\nunit = 1\n", "x", Access::Everything).await.unwrap_err());
    assert_eq!(e.code(), "playbook_file");
    assert!(e.render(Lang::En).starts_with("t.toml is not a playbook file"), "{}", e.render(Lang::En));
    // Two templates, the second broken: neither is stored.
    let both = format!("{FILE_V2}\n{}", broken);
    assert!(add_file(&db, &company, "both.toml", &both, "x", Access::Everything).await.is_err());
    assert_eq!(versions(&db, &company, "ALI", "late-delivery", Access::Everything).await.unwrap().len(), 2, "nothing of a refused file");

    // Search: the latest version's words, tags in either language, the unit's library.
    let hits = |q: &'static str| {
        let (db, company) = (db.clone(), company.clone());
        async move { search(&db, &company, None, q, Access::Everything).await.unwrap().iter().map(|t| t.version).collect::<Vec<_>>() }
    };
    assert_eq!(hits("REFUNDED").await, [2]);
    assert_eq!(hits("discount").await, Vec::<u32>::new(), "only the latest version is searched");
    assert_eq!(hits("logistics").await, [2]);
    assert!(search(&db, &company, Some("SHOP"), "", Access::Everything).await.unwrap().is_empty());
}

#[tokio::test]
async fn worked_example_render() {
    let (db, company) = setup().await;
    add_file(&db, &company, "v1.toml", FILE_V1, "li.na", Access::Everything).await.unwrap();
    let mut req = RenderRequest {
        unit: "ALI".into(),
        code: "late-delivery".into(),
        sku: Some("MUG".into()),
        order: Some("ALI-1/A-1001".into()),
        customer: Some("C-88".into()),
        manual: vec!["discount=5 %".into()],
        ..RenderRequest::default()
    };
    let today = d("2026-11-10");
    let r = render(&db, &company, &req, Lang::En, today, Access::Everything).await.unwrap();
    assert_eq!(
        r.text,
        "Dear customer C-88,\nwe are sorry that order A-1001 (LAMP × 40, MUG × 30, 1100.00 USD) is late.\n\
         Your Ceramic mug costs 3.33 USD a unit; your next order gets 5 % off."
    );
    assert_eq!((r.values["customer.orders"].as_str(), r.values["customer.since"].as_str()), ("2", "2026-02-14"));
    let zh = render(&db, &company, &req, Lang::Zh, today, Access::Everything).await.unwrap();
    assert_eq!(zh.text, "尊敬的客户 C-88：\n您的订单 A-1001（LAMP × 40, MUG × 30，合计 1100.00 USD）延误了，非常抱歉。");

    // Without the discount: refused, naming the variable and its line.
    req.manual.clear();
    let e = refusal(render(&db, &company, &req, Lang::En, today, Access::Everything).await.unwrap_err());
    assert_eq!(e.render(Lang::En), "template late-delivery, body_en: line 3, column 68: no value for variable 'discount'");
    assert!(e.render(Lang::Zh).contains("变量「discount」"));
    // Sources that are not stored.
    for (sku, order, customer, what) in [
        (Some("NOPE"), None, None, "sku"),
        (None, Some("ALI-1/NOPE"), None, "order"),
        (None, Some("A-1001"), None, "order"),
        (None, None, Some("C-0"), "customer"),
    ] {
        let req =
            RenderRequest { sku: sku.map(Into::into), order: order.map(Into::into), customer: customer.map(Into::into), ..req.clone() };
        let e = refusal(render(&db, &company, &req, Lang::En, today, Access::Everything).await.unwrap_err());
        assert!(matches!(&e, Refusal::PlaybookSource { what: w, .. } if w == what), "{e:?}");
    }
    let old = RenderRequest { version: Some(9), ..req.clone() };
    assert_eq!(refusal(render(&db, &company, &old, Lang::En, today, Access::Everything).await.unwrap_err()).code(), "unknown_playbook");
}

#[tokio::test]
async fn a_units_people_read_its_library_and_its_leaders_add_to_it() {
    let (db, company) = setup().await;
    add_file(&db, &company, "v1.toml", FILE_V1, "owner", Access::Everything).await.unwrap();
    let org = db.load_org(company.id).await.unwrap();
    let (ali_lead, shop_lead) = (user(Role::Leader, None, Some("ALI")), user(Role::Leader, None, Some("SHOP")));
    let (ali, shop) = (Viewer::new(&ali_lead, &org), Viewer::new(&shop_lead, &org));
    assert_eq!(search(&db, &company, None, "", Access::Viewer(&ali)).await.unwrap().len(), 1);
    assert!(search(&db, &company, None, "", Access::Viewer(&shop)).await.unwrap().is_empty());
    let e = refusal(versions(&db, &company, "ALI", "late-delivery", Access::Viewer(&shop)).await.unwrap_err());
    assert_eq!(e.code(), "unknown_playbook", "another unit's template is answered like a missing one");
    assert_eq!(
        refusal(add_file(&db, &company, "v2.toml", FILE_V2, "shop", Access::Viewer(&shop)).await.unwrap_err()).code(),
        "unknown_unit"
    );
    let added = add_file(&db, &company, "v2.toml", FILE_V2, "ali", Access::Viewer(&ali)).await.unwrap();
    assert_eq!(added[0].version, 2);
    // The whole group's leader may add to every unit under it.
    let g = user(Role::Leader, None, Some("G"));
    assert!(Viewer::new(&g, &org).edits_unit("SHOP"));
}

/// The demo's playbooks arrive through the real path: two units, the
/// complaint reply in two versions, and a run-sheet template renders with a
/// demo SKU's name.
#[tokio::test]
async fn the_demo_has_playbooks_for_two_units_that_render() {
    let db = fresh_db().await;
    let opts = amoeba_demo::DemoOptions { seed: 42, end: "2026-03-14".parse().expect("day"), months: 1, volume_pct: 10 };
    amoeba_app::demo::load_demo(&db, opts, None, &mut |_| {}).await.expect("demo").expect("loaded");
    let company = db.company(None).await.unwrap();
    let all = search(&db, &company, None, "", Access::Everything).await.unwrap();
    let units: std::collections::BTreeSet<&str> = all.iter().map(|t| t.unit.as_str()).collect();
    assert_eq!(units.into_iter().collect::<Vec<_>>(), ["ALI", "AMZ-US-HOME"]);
    assert_eq!(versions(&db, &company, "ALI", "late-delivery", Access::Everything).await.unwrap().len(), 2);
    let org = db.load_org(company.id).await.unwrap();
    let day = d("2026-03-14");
    let sku = org.skus.iter().find(|s| s.owners.iter().any(|o| o.unit == "ALI" && o.range.contains(day))).expect("an ALI SKU");
    let req = RenderRequest {
        unit: "ALI".into(),
        code: "live-plan".into(),
        sku: Some(sku.code.clone()),
        manual: vec!["live.date=2026-03-20 20:00".into(), "live.host=Li Na".into(), "live.target_inquiries=30".into()],
        ..RenderRequest::default()
    };
    let r = render(&db, &company, &req, Lang::En, day, Access::Everything).await.unwrap();
    assert_eq!(r.text, format!("Theme: {}, factory direct\nWhen: 2026-03-20 20:00\nHost: Li Na\nGoal: 30 inquiries", sku.name));
    // Alerts after an import: the latest day evaluated, timed (docs/oversight.md quotes the figure).
    let after = amoeba_app::alerts::after_import::run_latest(&db, &company).await.unwrap().expect("the demo has rules and data");
    assert_eq!(after.day, db.last_fact_day(company.id).await.unwrap().unwrap());
    assert!(after.run.has_rules && after.run.evaluated > 0);
    eprintln!("alerts after import: {} evaluated {} rules in {} ms", after.day, after.run.evaluated, after.took.as_millis());
}
