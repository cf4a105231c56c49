//! Hardening of the web app (issue 14): CSV exports never carry a live
//! formula, a password reset or change ends API tokens, nothing is cached,
//! uploads stream to disk and over the limit answer 413 naming it, failure
//! pages keep the navigation, and stored timestamps show in local time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::identity::Role;
use amoeba_core::Month;
use amoeba_server::views::*;
use amoeba_server::{router_with_upload_limit, AppState};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::NaiveDate;
use common::*;
use std::sync::Arc;

const FORMULA: &str = "=HYPERLINK(\"http://127.0.0.1/x\",\"click\")";

/// The stub's figures, but the facts come from a file whose memo is a formula.
struct FormulaMemo;

impl ViewProvider for FormulaMemo {
    fn board<'a>(&'a self, cx: ViewCtx<'a>, day: NaiveDate) -> ViewFuture<'a, std::sync::Arc<BoardView>> {
        Stub.board(cx, day)
    }

    fn pnl<'a>(
        &'a self,
        cx: ViewCtx<'a>,
        unit: amoeba_core::identity::Seen<'a, amoeba_core::org::Unit>,
        month: Month,
    ) -> ViewFuture<'a, PnlView> {
        Stub.pnl(cx, unit, month)
    }

    fn facts<'a>(&'a self, _: ViewCtx<'a>, q: &'a FactsQuery, out: RowSink) -> ViewFuture<'a, FactsSummary> {
        Box::pin(async move {
            let d = |s: &str| s.parse::<rust_decimal::Decimal>().expect("decimal");
            let rows = vec![FactRow {
                day: q.month.first_day(),
                store: Some("AMZ-US-1".into()),
                sku: Some("@SKU".into()),
                order_id: Some("-111-222".into()),
                kind: "refund".into(),
                amount: d("-12.34"),
                currency: "USD".into(),
                base_amount: d("-88.85"),
                source: Source::Line { file: "facts.csv".into(), line: 2 },
                memo: Some(Memo::File(FORMULA.into())),
            }];
            let _ = out.send(rows).await;
            Ok(Some(FactsSummary { total: d("-88.85"), count: 1, as_of: Some(q.month.last_day()) }))
        })
    }

    fn person_share<'a>(
        &'a self,
        cx: ViewCtx<'a>,
        person: amoeba_core::identity::Seen<'a, amoeba_core::org::Person>,
        month: Month,
    ) -> ViewFuture<'a, ShareView> {
        Stub.person_share(cx, person, month)
    }
}

/// The CSV's records (after the byte-order mark), parsed back.
fn records(csv: &str) -> Vec<Vec<String>> {
    let mut r = ::csv::ReaderBuilder::new().has_headers(false).from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    r.records().map(|rec| rec.expect("a CSV record").iter().map(str::to_string).collect()).collect()
}

#[tokio::test]
async fn csv_exports_neutralise_formulas_and_keep_negative_numbers() {
    let app = app_with(Arc::new(FormulaMemo)).await;
    let leader = app.login(Role::Leader).await;
    let csv = app.get("/units/AMZ-US-HOME/facts?line=sales&month=2026-03&table=facts&format=csv", Some(&leader)).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let rows = records(&csv.body);
    let row = rows.iter().find(|r| r.iter().any(|c| c.contains("HYPERLINK"))).unwrap_or_else(|| panic!("memo row: {}", csv.body));
    assert!(row.contains(&format!("'{FORMULA}")), "the memo is text, not a formula: {row:?}");
    assert!(row.contains(&"'@SKU".to_string()) && row.contains(&"'-111-222".to_string()), "every text cell: {row:?}");
    assert!(row.contains(&"-12.34".to_string()) && row.contains(&"-88.85".to_string()), "numbers stay numbers: {row:?}");
    assert!(!rows.iter().flatten().any(|c| c.starts_with(['=', '+', '@', '\t', '\r'])), "{rows:?}");

    // A unit name from the organisation file, on the board.
    let org = ORG.replace("name = \"亚马逊德国\"", &format!("name = '{FORMULA}'"));
    amoeba_app::org::apply_org_file(&app.db, Some("T"), "org.toml", &org).await.expect("renamed unit");
    let board = app.get("/board?table=board&format=csv", Some(&leader)).await;
    let rows = records(&board.body);
    let de = rows.iter().find(|r| r.iter().any(|c| c.contains("HYPERLINK"))).unwrap_or_else(|| panic!("AMZ-DE row: {}", board.body));
    assert!(de.contains(&format!("'{FORMULA}")), "{de:?}");
    assert!(de.contains(&"-45.60".to_string()), "a negative profit stays a number: {de:?}");
}

/// A new API token of a fresh session of `role`.
async fn token_of(app: &App, role: Role) -> String {
    let s = app.login(role).await;
    let page = app.post_form("/account/tokens", Some(&s), &[("name", "BI")]).await;
    let start = page.body.find("data-testid=\"new-token\">").expect("token shown") + "data-testid=\"new-token\">".len();
    page.body[start..].chars().take_while(|c| *c != '<').collect()
}

async fn me_with(app: &App, token: &str) -> StatusCode {
    let req = Request::get("/api/v1/me").header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).expect("request");
    app.send(req).await.status
}

#[tokio::test]
async fn a_password_reset_or_change_ends_api_tokens() {
    let app = app().await;
    let owner = app.login(Role::Owner).await;
    let member_token = token_of(&app, Role::Member).await;
    let leader_token = token_of(&app, Role::Leader).await;
    assert_eq!(me_with(&app, &member_token).await, StatusCode::OK);
    let member_id = app.users[2];
    let reset = app.post_form(&format!("/admin/users/{member_id}/reset"), Some(&owner), &[]).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(me_with(&app, &member_token).await, StatusCode::UNAUTHORIZED, "the admin's reset ends the member's token");
    assert_eq!(me_with(&app, &leader_token).await, StatusCode::OK, "other logins keep theirs");

    // Changing one's own password ends one's tokens too (the safe default).
    let owner_token = token_of(&app, Role::Owner).await;
    let form = [("current", "demo-owner-2026"), ("new", "a brand new pw"), ("repeat", "a brand new pw")];
    let changed = app.post_form("/account/password", Some(&owner), &form).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(changed.body.contains("API 令牌已全部作废"), "the page says so");
    assert_eq!(me_with(&app, &owner_token).await, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/account", Some(&owner)).await.status, StatusCode::OK, "the session that changed it stays");
}

#[tokio::test]
async fn pages_exports_and_api_answers_are_not_stored_but_assets_are_cacheable() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let token = token_of(&app, Role::Owner).await;
    let api = app
        .send(Request::get("/api/v1/org").header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).expect("request"))
        .await;
    let answers = [
        ("page", app.get("/board", Some(&s)).await),
        ("export", app.get("/board?table=board&format=csv", Some(&s)).await),
        ("xlsx", app.get("/admin/users?table=users&format=xlsx", Some(&s)).await),
        ("api", api),
        ("login", app.get("/login", None).await),
        ("error", app.get("/no/such/page", Some(&s)).await),
    ];
    for (what, a) in answers {
        assert_eq!(a.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap_or("")), Some("no-store"), "{what}");
    }
    let css = app.get("/assets/style.css", None).await;
    assert!(css.headers[header::CACHE_CONTROL].to_str().expect("ascii").contains("max-age"), "assets stay cacheable");
}

/// The test application, accepting uploads of at most 64 KiB.
async fn small_limit_app() -> App {
    let mut app = app().await;
    app.router = router_with_upload_limit(
        AppState { db: app.db.clone(), company: Some("T".into()), clock: Default::default() },
        Arc::new(Stub),
        64 * 1024,
    );
    app
}

#[tokio::test]
async fn an_upload_over_the_limit_answers_413_naming_it() {
    let app = small_limit_app().await;
    let s = app.login(Role::Owner).await;
    let big = vec![b'x'; 100 * 1024];
    // A page, in Chinese and in English, with the navigation.
    let zh = app.upload("/imports", Some(&s), &[("kind", "facts")], ("big.csv", &big)).await;
    assert_eq!(zh.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", zh.body);
    assert!(zh.body.contains("文件过大") && zh.body.contains("上限 64 KiB"), "{}", zh.body);
    assert!(zh.body.contains("href=\"/imports\""), "the page keeps the navigation");
    let en = app.upload("/imports?lang=en", Some(&s), &[("kind", "facts")], ("big.csv", &big)).await;
    assert_eq!(en.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(en.body.contains("File too large") && en.body.contains("the limit is 64 KiB"), "{}", en.body);
    let org = app.upload("/admin/org", Some(&s), &[], ("big.toml", &big)).await;
    assert_eq!(org.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", org.body);

    // The API, told by the declared length before the body is read, and by the stream without one.
    let token = token_of(&app, Role::Owner).await;
    let body = multipart(&[("kind".into(), "facts".into())], ("big.csv", &big));
    for declared in [true, false] {
        for (lang, sentence) in [("zh", "文件过大：上限 64 KiB"), ("en", "File too large: the limit is 64 KiB")] {
            let mut req = Request::post(format!("/api/v1/imports?lang={lang}"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
            if declared {
                req = req.header(header::CONTENT_LENGTH, body.len());
            }
            let a = app.send(req.body(Body::from(body.clone())).expect("request")).await;
            assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "declared {declared}: {}", a.body);
            assert_eq!(a.json()["error"], sentence, "declared {declared}");
        }
    }

    // Under the limit all is as before.
    let good = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US,other_expense,-12.30,CNY\n";
    let ok = app.upload("/imports", Some(&s), &[("kind", "facts")], ("rent.csv", good)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
}

#[tokio::test]
async fn a_settlement_upload_is_imported_from_the_file_on_disk() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let file = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../amoeba-import/tests/fixtures/amazon_settlement_de_handmade.txt"))
        .expect("fixture");
    let ok = app.upload("/imports", Some(&s), &[("kind", "amazon-settlement"), ("store", "AMZ-DE-1")], ("s.txt", &file)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let list = app.get("/api/v1/imports", Some(&s)).await.json();
    assert_eq!(list[0]["kind"], "amazon-settlement", "{list}");
    assert!(list[0]["rows_read"].as_u64().is_some_and(|n| n > 0), "{list}");
}

#[tokio::test]
async fn a_forbidden_page_keeps_the_navigation() {
    let app = app().await;
    let member = app.login(Role::Member).await;
    let a = app.get("/admin/users", Some(&member)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.body.contains("您的角色无权访问此页面"), "{}", a.body);
    assert!(a.body.contains("href=\"/board\"") && a.body.contains("/logout"), "navigation and logout: {}", a.body);
    let anonymous = app.get("/no/such/page", None).await;
    assert!(!anonymous.body.contains("/logout"), "no navigation without a login");
}

#[tokio::test]
async fn stored_timestamps_show_in_the_company_time_zone() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    token_of(&app, Role::Owner).await;
    let tz: chrono_tz::Tz = app.db.company(Some("T")).await.expect("company").company.timezone.parse().expect("zone");
    let shown = |stamp: &str| {
        chrono::DateTime::parse_from_rfc3339(stamp).expect("RFC 3339").with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    };
    let tokens = app.db.api_tokens(app.company_id, app.users[0]).await.expect("tokens");
    let account = app.get("/account", Some(&s)).await;
    assert!(account.body.contains(&shown(&tokens[0].created_at)), "{}", account.body);
    assert!(!account.body.contains(&tokens[0].created_at), "not the raw UTC stamp");
    let users = app.get("/admin/users", Some(&s)).await;
    let owner = app.db.user_by_id(app.company_id, app.users[0]).await.expect("user").expect("owner");
    assert!(users.body.contains(&shown(&owner.created_at)) && !users.body.contains(&owner.created_at), "{}", users.body);
    let good = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US,other_expense,-12.30,CNY\n";
    app.upload("/imports", Some(&s), &[("kind", "facts")], ("rent.csv", good)).await;
    let api = app.get("/api/v1/imports", Some(&s)).await.json();
    let at = api[0]["imported_at"].as_str().expect("the API keeps RFC 3339").to_string();
    assert!(at.ends_with('Z'), "{at}");
    let page = app.get("/imports", Some(&s)).await;
    assert!(page.body.contains(&shown(&at)) && !page.body.contains(&at), "{}", page.body);
}
