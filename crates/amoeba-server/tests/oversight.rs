//! Oversight end to end: traffic uploaded through the imports page, an
//! operator contract saved from its TOML text, the weekly report with the
//! issue's exact decomposition on the page, in its XLSX export and in the
//! API, notes with who and when, and who may see and write what.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::identity::Role;
use axum::http::StatusCode;
use common::*;

/// The issue's two weeks on ALI-1 (X1's store): W09 10 000 visitors, 200
/// orders, ¥60 000; W10 12 000, 216, ¥69 120 — split over two SKUs and days.
const TRAFFIC: &str = "日期,店铺,商品,曝光,点击,访客,反馈,订单,销售额,币种
2026-02-23,ALI-1,SKU-1,90000,5000,6000,30,120,36000.00,CNY
2026-02-24,ALI-1,SKU-2,60000,3000,4000,20,80,24000.00,CNY
2026-03-02,ALI-1,SKU-1,120000,7000,9000,40,170,55420.00,CNY
2026-03-08,ALI-1,SKU-2,40000,2000,3000,10,46,13700.00,CNY
";

const CONTRACT: &str = r#"
code = "C1"
operator = "X1"
stores = ["ALI-1"]
start = "2026-01-01"
months = 12
trial_months = 4
pass = { rule = "at_least", months = 3 }
fee = { fixed_monthly = "8000", sales_rate = "0.02" }
targets = [{ month = "2026-01", sales = "100000" }]
"#;

async fn setup() -> (App, Session, Session) {
    let app = app().await;
    let owner = app.login(Role::Owner).await;
    let operator = app.login(Role::ThirdParty).await;
    let up = app.upload("/imports", Some(&owner), &[("kind", "traffic"), ("cut", "alibaba")], ("traffic.csv", TRAFFIC.as_bytes())).await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    let again = app.upload("/imports", Some(&owner), &[("kind", "traffic"), ("cut", "alibaba")], ("traffic.csv", TRAFFIC.as_bytes())).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("本次未做任何更改"), "the same file again is already imported");
    let saved = app.post_form("/operator/contracts", Some(&owner), &[("toml", CONTRACT)]).await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/operator/C1"), "{}", saved.body);
    (app, owner, operator)
}

#[tokio::test]
async fn oversight_report_has_the_issue_decomposition() {
    let (app, owner, operator) = setup().await;
    let api = app.get("/api/v1/operator/contracts/C1/report?period=2026-W10&lang=en", Some(&operator)).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let doc = api.json();
    let causes: Vec<(String, String)> = doc["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["section"] == "causes")
        .map(|l| (l["code"].as_str().unwrap().to_string(), l["change"].as_str().unwrap().to_string()))
        .collect();
    let want = [("sales_change", "9120.00"), ("traffic", "11773.34"), ("conversion", "-6826.67"), ("order_value", "4173.33")];
    assert_eq!(causes, want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec());
    let footnotes = doc["footnotes"].to_string();
    assert!(footnotes.contains("Shapley") && footnotes.contains("America/Los_Angeles"), "{footnotes}");
    let skus: Vec<&str> =
        doc["lines"].as_array().unwrap().iter().filter(|l| l["section"] == "skus").map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(skus, vec!["ALI-1/SKU-1", "ALI-1/SKU-2"], "largest change first");
    let page = app.get("/operator/C1/report?period=2026-W10", Some(&owner)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("11,773.34") && page.body.contains("流量"), "the page shows the causes in Chinese");
    let xlsx = app.get("/operator/C1/report?period=2026-W10&table=causes&format=xlsx", Some(&owner)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(&xlsx.bytes[..2], b"PK", "an XLSX workbook");
    let month = app.get("/api/v1/operator/contracts/C1/report?period=2026-03", Some(&operator)).await.json();
    assert_eq!(month["previous_period"], "2026-02");
}

#[tokio::test]
async fn notes_are_kept_with_who_and_when_and_only_the_contract_s_people_see_it() {
    let (app, owner, operator) = setup().await;
    let note = app
        .post_form("/operator/C1/report/notes", Some(&operator), &[("period", "2026-W10"), ("body", "转化率下降：新品图片未上线")])
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER, "{}", note.body);
    let comment = app.post_form("/operator/C1/report/notes", Some(&owner), &[("period", "2026-W10"), ("body", "下周补上主图")]).await;
    assert_eq!(comment.status, StatusCode::SEE_OTHER);
    let empty = app.post_form("/operator/C1/report/notes", Some(&owner), &[("period", "2026-W10"), ("body", "  ")]).await;
    assert_eq!(empty.status, StatusCode::SEE_OTHER, "an empty note is not kept");
    let doc = app.get("/api/v1/operator/contracts/C1/report?period=2026-W10", Some(&owner)).await.json();
    let notes: Vec<(String, String)> = doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["kind"].as_str().unwrap().into(), n["author"].as_str().unwrap().into()))
        .collect();
    assert_eq!(notes, vec![("operator".to_string(), "operator".to_string()), ("leader".to_string(), "owner".to_string())]);
    assert!(doc["notes"][0]["written_at"].as_str().unwrap().ends_with('Z'));
    let leader = app.login(Role::Leader).await;
    assert_eq!(app.get("/operator/C1", Some(&leader)).await.status, StatusCode::NOT_FOUND, "not the leader's store");
    let list = app.get("/api/v1/operator/contracts", Some(&leader)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 0);
    let list = app.get("/api/v1/operator/contracts", Some(&operator)).await.json();
    assert_eq!(list[0]["contract"]["code"], "C1");
    let contract = app.get("/api/v1/operator/contracts/C1", Some(&operator)).await.json();
    // Nothing booked in January against a ¥100 000 target: judged and missed;
    // the trial is over (today is after April), so the verdict is in.
    let v = &contract["verdict"];
    assert_eq!((v["months_judged"].as_u64(), v["months_met"].as_u64(), v["passed"].as_bool()), (Some(1), Some(0), Some(false)), "{v}");
    assert_eq!(v["fees"], "32000.00", "four months of the fixed fee");
}

#[tokio::test]
async fn a_business_report_needs_its_days_and_a_bad_contract_is_refused_with_its_reason() {
    let (app, owner, _) = setup().await;
    let report = "\u{feff}(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions,Units Ordered,Ordered Product Sales,Total Order Items\nB0P,B01,Box,SKU-1,\"1,024\",40,\"$1,234.56\",38\n";
    let fields = [("kind", "amazon-business-report"), ("store", "ALI-1")];
    let refused = app.upload("/api/v1/imports", Some(&owner), &fields, ("BusinessReport.csv", report.as_bytes())).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(refused.json()["errors"][0]["code"], "report_days_needed");
    let with_days = [("kind", "amazon-business-report"), ("store", "ALI-1"), ("from", "2026-03-09"), ("to", "2026-03-15")];
    let ok = app.upload("/api/v1/imports", Some(&owner), &with_days, ("BusinessReport.csv", report.as_bytes())).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let overlap = [("kind", "amazon-business-report"), ("store", "ALI-1"), ("from", "2026-03-12"), ("to", "2026-03-18")];
    let twice = app.upload("/api/v1/imports", Some(&owner), &overlap, ("BusinessReport.csv", report.as_bytes())).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "overlapping days: {}", twice.body);
    assert_eq!(twice.json()["errors"][0]["code"], "traffic_overlap");
    let bad = app.post_form("/operator/contracts", Some(&owner), &[("toml", &CONTRACT.replace("months = 12", "months = 2"))]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("试用期 4 个月，超过了合同期 2 个月"), "{}", bad.body);
}
