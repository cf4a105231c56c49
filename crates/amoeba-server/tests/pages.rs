//! In-process tests of the web app: login, sessions, CSRF, throttling,
//! language, pages with and without figures, exports, imports, admin, API.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::identity::{LoginOutcome, Role};
use amoeba_server::views::NoData;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use std::sync::Arc;

fn cookie_of(a: &Answer, name: &str) -> Option<String> {
    a.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie.split(';').next().and_then(|kv| kv.split_once('=')).map(|(_, v)| v.to_string()).unwrap_or_default()
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("no field {name}"));
    body[start..].split('"').next().unwrap_or_default().to_string()
}

async fn login_form(app: &App, login: &str, password: &str, proto: Option<&str>) -> Answer {
    let form = app.get("/login", None).await;
    let csrf = hidden(&form.body, "csrf");
    let cookie = cookie_value(&cookie_of(&form, "amoeba_login_csrf").expect("login csrf cookie"));
    let body = format!("csrf={csrf}&login={}&password={}&next=", enc(login), enc(password));
    let mut req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("amoeba_login_csrf={cookie}"));
    if let Some(p) = proto {
        req = req.header("x-forwarded-proto", p);
    }
    app.send(req.body(Body::from(body)).expect("request")).await
}

#[tokio::test]
async fn logging_in_sets_a_strict_http_only_cookie_and_lands_on_the_board() {
    let app = app().await;
    let ok = login_form(&app, "owner", "demo-owner-2026", None).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location(), "/board");
    let set = cookie_of(&ok, "amoeba_session").expect("session cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && !set.contains("Secure"), "{set}");
    let board = app.get("/board", Some(&Session { token: cookie_value(&set), csrf: String::new() })).await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(board.body.contains("晨会看板"));

    let tls = login_form(&app, "operator", "demo-operator-2026", Some("https")).await;
    assert_eq!(tls.location(), "/stores/ALI-1", "third-party operators land on their store");
    assert!(cookie_of(&tls, "amoeba_session").expect("cookie").contains("Secure"), "Secure behind a TLS proxy");

    let wrong = login_form(&app, "owner", "nope", None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("账户或密码不正确"));
}

#[tokio::test]
async fn the_login_form_needs_its_own_token() {
    let app = app().await;
    let body = "csrf=forged&login=owner&password=demo-owner-2026";
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, "amoeba_login_csrf=different")
        .body(Body::from(body))
        .expect("request");
    let a = app.send(req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(cookie_of(&a, "amoeba_session").is_none());
}

#[tokio::test]
async fn five_failures_throttle_the_login_with_a_clear_429() {
    let app = app().await;
    for _ in 0..5 {
        assert_eq!(login_form(&app, "member", "wrong", None).await.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = login_form(&app, "member", "demo-member-2026", None).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers.contains_key(header::RETRY_AFTER));
    assert!(blocked.body.contains("登录失败次数过多") && blocked.body.contains("分钟"), "{}", blocked.body);
    assert_eq!(login_form(&app, "owner", "demo-owner-2026", None).await.status, StatusCode::SEE_OTHER, "other logins are not affected");
}

#[tokio::test]
async fn posts_without_the_session_token_are_refused() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let cookie = format!("amoeba_session={}", s.token);
    let form = |body: &'static str| {
        Request::post("/account/tokens")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie.clone())
            .body(Body::from(body))
            .expect("request")
    };
    assert_eq!(app.send(form("name=x")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.send(form("name=x&csrf=0000")).await.status, StatusCode::FORBIDDEN);
    let forged = Session { token: s.token.clone(), csrf: "0000".into() };
    assert_eq!(app.upload("/imports", Some(&forged), &[("kind", "facts")], ("a.csv", BAD_FACTS)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_form("/account/tokens", Some(&s), &[("name", "x")]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn logout_and_password_change_end_sessions() {
    let app = app().await;
    let s = app.login(Role::Member).await;
    assert_eq!(app.post_form("/logout", Some(&s), &[]).await.location(), "/login");
    let after = app.get("/board", Some(&s)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), "/login?next=/board");

    let mine = app.login(Role::Member).await;
    let other = app.login(Role::Member).await;
    let wrong = app
        .post_form("/account/password", Some(&mine), &[("current", "nope"), ("new", "a brand new pw"), ("repeat", "a brand new pw")])
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let ok = app
        .post_form(
            "/account/password",
            Some(&mine),
            &[("current", "demo-member-2026"), ("new", "a brand new pw"), ("repeat", "a brand new pw")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(app.get("/me", Some(&mine)).await.status, StatusCode::OK, "this session stays");
    assert_eq!(app.get("/me", Some(&other)).await.status, StatusCode::SEE_OTHER, "other sessions end");
    assert!(matches!(
        amoeba_app::identity::login(&app.db, app.company_id, "member", "a brand new pw", chrono::Utc::now()).await.expect("login"),
        LoginOutcome::Success(_)
    ));
}

#[tokio::test]
async fn the_language_switch_sticks() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let zh = app.get("/board", Some(&s)).await;
    assert!(zh.body.contains("晨会看板") && zh.body.contains("lang=\"zh-CN\""));
    let en = app.get("/board?lang=en", Some(&s)).await;
    assert!(en.body.contains("Morning board") && !en.body.contains("晨会看板"), "English page has no Chinese labels");
    assert!(cookie_of(&en, "amoeba_lang").expect("language cookie").starts_with("amoeba_lang=en"));
    let req = Request::get("/units")
        .header(header::COOKIE, format!("amoeba_session={}; amoeba_lang=en", s.token))
        .body(Body::empty())
        .expect("request");
    let later = app.send(req).await;
    assert!(later.body.contains("Unit P&amp;L") || later.body.contains("Unit P&L"), "the cookie keeps English");
    assert!(later.body.contains("Amazon US Home"), "unit names in English where the organisation has them");
}

#[tokio::test]
async fn the_board_shows_every_unit_with_charts_and_exports() {
    let app = app().await;
    let member = app.login(Role::Member).await;
    let b = app.get("/board", Some(&member)).await;
    assert_eq!(b.status, StatusCode::OK);
    assert!(b.body.contains("亚马逊美国家居组") && b.body.contains("亚马逊德国"), "glass-transparent: every unit's row");
    assert!(b.body.contains("1,000.50") && b.body.contains("91.2%") && b.body.contains("<svg"));
    assert!(b.body.contains("href=\"/units/AMZ-US-HOME/pnl?month=2026-03\""), "own unit links to its P&L: {}", b.body);
    assert!(!b.body.contains("href=\"/units/AMZ-DE/pnl"), "no link to a P&L the member may not open");

    let csv = app.get("/board?table=board&format=csv", Some(&member)).await;
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(csv.body.starts_with('\u{feff}') && csv.body.contains("亚马逊美国家居组,1000.50,321.09"), "{}", csv.body);
    let xlsx = app.get("/board?table=board&format=xlsx", Some(&member)).await;
    assert_eq!(&xlsx.bytes[..2], b"PK");
    assert!(xlsx.headers[header::CONTENT_DISPOSITION].to_str().expect("ascii").contains("board.xlsx"));
    assert_eq!(app.get("/board?table=nope&format=csv", Some(&member)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_pnl_links_every_booked_figure_to_its_entries() {
    let app = app().await;
    let leader = app.login(Role::Leader).await;
    let p = app.get("/units/AMZ-US-HOME/pnl?month=2026-03", Some(&leader)).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("2,500.55") && p.body.contains("83.4%"), "month total and attainment");
    assert!(p.body.contains("汇兑损益") && p.body.contains("-12.34"), "FX gain/loss is shown beside profit");
    assert!(p.body.contains("/units/AMZ-US-HOME/facts?line=sales&amp;month=2026-03&amp;day=2026-03-02"), "day figures drill down");
    assert!(!p.body.contains("facts?line=profit"), "subtotals are not drilled");
    let f = app.get("/units/AMZ-US-HOME/facts?line=sales&month=2026-03&day=2026-03-02", Some(&leader)).await;
    assert_eq!(f.status, StatusCode::OK);
    assert!(f.body.contains("settlement-2026-03.txt 第 42 行") && f.body.contains("143.93"));
    assert_eq!(app.get("/units/AMZ-US-HOME/facts?line=nonsense&month=2026-03", Some(&leader)).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/units/AMZ-US-HOME/facts?line=sales&month=2026-03&day=2026-04-01", Some(&leader)).await.status,
        StatusCode::BAD_REQUEST
    );
    let csv = app.get("/units/AMZ-US-HOME/pnl?month=2026-03&table=daily&format=csv", Some(&leader)).await;
    assert!(csv.body.contains("2026-03-02,1500.55"), "{}", csv.body);
}

#[tokio::test]
async fn without_figures_pages_say_so() {
    let app = app_with(Arc::new(NoData)).await;
    let s = app.login(Role::Owner).await;
    for uri in ["/board", "/units/AMZ-US/pnl", "/units/AMZ-US/facts?line=sales"] {
        let a = app.get(uri, Some(&s)).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(a.body.contains("data-testid=\"no-data\"") && a.body.contains("暂无数据"), "{uri}");
    }
    let me = app.get("/me", Some(&s)).await;
    assert!(me.body.contains("data-testid=\"share\"") && me.body.contains("暂无数据"));
    let api = app.get("/api/v1/board", Some(&s)).await.json();
    assert_eq!(api["has_data"], false);
}

#[tokio::test]
async fn my_page_lists_units_roles_stores_and_share() {
    let app = app().await;
    let s = app.login(Role::Member).await;
    let me = app.get("/me", Some(&s)).await;
    assert_eq!(me.status, StatusCode::OK);
    for text in ["运营丙", "亚马逊美国家居组", "运营", "1.20", "2025-01-01", "AMZ-US-1", "412.64", "25.0%"] {
        assert!(me.body.contains(text), "my page lacks {text}");
    }
    let other = app.get("/people/M2", Some(&s)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "someone else's page does not exist for a member");
    assert!(!other.body.contains("运营丁"));
}

#[tokio::test]
async fn an_import_with_a_bad_row_lists_line_and_column_and_stores_nothing() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let bad = app.upload("/imports", Some(&s), &[("kind", "facts")], ("bad.csv", BAD_FACTS)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("data-testid=\"errors\""));
    assert!(bad.body.contains("<td class=\"num\">2</td><td><code>amount</code></td>"), "{}", bad.body);
    assert!(bad.body.contains("还没有导入任何文件"), "nothing stored");

    let good = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US,other_expense,-12.30,CNY\n";
    let ok = app.upload("/imports", Some(&s), &[("kind", "facts"), ("store", "")], ("rent.csv", good)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("data-testid=\"import-result\"") && ok.body.contains("rent.csv"));
    let again = app.upload("/imports", Some(&s), &[("kind", "facts")], ("rent.csv", good)).await;
    assert!(again.body.contains("本次未做任何更改"));
    let settlement = app.upload("/imports", Some(&s), &[("kind", "amazon-settlement")], ("s.txt", b"x")).await;
    assert_eq!(settlement.status, StatusCode::BAD_REQUEST, "a settlement needs its store");
    let list = app.get("/api/v1/imports", Some(&s)).await.json();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["file_name"], "rent.csv");
}

#[tokio::test]
async fn several_files_upload_at_once_each_its_own_import() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let good = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US,other_expense,-12.30,CNY\n";
    let also = b"date,unit,kind,amount,currency\n2026-03-02,AMZ-US,other_expense,-1.00,CNY\n";
    let files: [(&str, &[u8]); 3] = [("rent.csv", good), ("bad.csv", BAD_FACTS), ("fee.csv", also)];
    let page = app.upload_many("/imports", &s, &[("kind", "facts")], &files).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "one refused file makes the answer a refusal");
    assert!(page.body.contains("共 3 个文件：导入 2 个，已导入过 0 个，被拒绝 1 个"), "{}", page.body);
    assert_eq!(page.body.matches("data-testid=\"import-result\"").count(), 2);
    assert!(page.body.contains("<code>bad.csv</code>") && page.body.contains("<td class=\"num\">2</td><td><code>amount</code></td>"));
    let list = app.get("/api/v1/imports", Some(&s)).await.json();
    let mut names: Vec<&str> = list.as_array().unwrap().iter().map(|i| i["file_name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["fee.csv", "rent.csv"], "the refused file stored nothing, the others landed");
}

/// A bad amount (line 2), a store the organisation lacks (line 3) and a
/// currency that is not ISO 4217 (line 4): one refusal lists all three.
const MIXED_FACTS: &[u8] = b"date,store,unit,kind,amount,currency\n\
2026-03-01,,AMZ-US,other_expense,12.3x,CNY\n\
2026-03-01,S9,,sale,1.00,USD\n\
2026-03-01,,AMZ-US,other_expense,-1.00,XYZ\n";

#[tokio::test]
async fn import_errors_are_in_the_page_language_with_english_on_request() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let zh = app.upload("/imports", Some(&s), &[("kind", "facts")], ("mixed.csv", MIXED_FACTS)).await;
    assert_eq!(zh.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = zh.body.replace("&#39;", "'");
    for text in ["'12.3x' 不是数字", "未知店铺 'S9'（请先在组织文件中添加）", "'XYZ' 不是 ISO 4217 币种代码"] {
        assert!(body.contains(text), "the Chinese page lacks {text}: {body}");
    }
    for english in ["is not a number", "unknown store", "not an ISO 4217"] {
        assert!(!zh.body.contains(english), "the Chinese page speaks English ({english})");
    }
    let en = app.upload("/imports?lang=en", Some(&s), &[("kind", "facts")], ("mixed.csv", MIXED_FACTS)).await;
    assert_eq!(en.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = en.body.replace("&#39;", "'");
    for text in ["'12.3x' is not a number", "unknown store 'S9'", "'XYZ' is not an ISO 4217 currency code"] {
        assert!(body.contains(text), "the English page lacks {text}: {body}");
    }
    assert!(!en.body.contains("未知店铺"), "the English page speaks Chinese");

    // The API: the same rows with a stable code; the message in Chinese unless asked otherwise.
    let api = |uri: &str| {
        Request::post(uri)
            .header(header::COOKIE, format!("amoeba_session={}", s.token))
            .header("x-csrf-token", s.csrf.clone())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(multipart(&[("kind".into(), "facts".into())], ("mixed.csv", MIXED_FACTS))))
            .expect("request")
    };
    let j = app.send(api("/api/v1/imports")).await.json();
    let codes: Vec<_> = j["errors"].as_array().expect("errors").iter().map(|e| (e["line"].clone(), e["code"].clone())).collect();
    assert_eq!(
        codes,
        vec![(2.into(), "not_a_number".into()), (3.into(), "unknown_store".into()), (4.into(), "unknown_currency".into())],
        "{j}"
    );
    assert_eq!(j["errors"][1]["column"], "store");
    assert_eq!(j["errors"][1]["message"], "未知店铺 'S9'（请先在组织文件中添加）");
    let j = app.send(api("/api/v1/imports?lang=en")).await.json();
    assert_eq!(j["errors"][1]["message"], "unknown store 'S9' (add it to the organisation file first)");
    assert_eq!(j["errors"][1]["code"], "unknown_store");
}

#[tokio::test]
async fn the_api_takes_bearer_tokens_and_reports_refused_rows() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let page = app.post_form("/account/tokens", Some(&s), &[("name", "BI")]).await;
    let start = page.body.find("data-testid=\"new-token\">").expect("token shown") + "data-testid=\"new-token\">".len();
    let token: String = page.body[start..].chars().take_while(|c| *c != '<').collect();
    assert!(token.starts_with("amb_"));
    let bearer =
        |uri: &str| Request::get(uri).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).expect("request");
    let me = app.send(bearer("/api/v1/me")).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["role"], "owner");
    let body = multipart(&[("kind".into(), "facts".into())], ("bad.csv", BAD_FACTS));
    let req = Request::post("/api/v1/imports")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .expect("request");
    let refused = app.send(req).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let j = refused.json();
    assert_eq!(j["status"], "refused");
    assert_eq!(j["errors"][0]["line"], 2);
    assert_eq!(j["errors"][0]["column"], "amount");
    let org = app.send(bearer("/api/v1/org")).await.json();
    assert_eq!(org["units"][0]["code"], "GROUP");
    let tokens = app.db.api_tokens(app.company_id, app.users[0]).await.expect("tokens");
    app.post_form(&format!("/account/tokens/{}/revoke", tokens[0].id), Some(&s), &[]).await;
    assert_eq!(app.send(bearer("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn api_posts_with_a_session_need_the_csrf_header_or_field() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let body = multipart(&[("kind".into(), "facts".into())], ("bad.csv", BAD_FACTS));
    let send = |csrf: Option<&str>| {
        let mut r = Request::post("/api/v1/imports")
            .header(header::COOKIE, format!("amoeba_session={}", s.token))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
        if let Some(c) = csrf {
            r = r.header("x-csrf-token", c);
        }
        r.body(Body::from(body.clone())).expect("request")
    };
    assert_eq!(app.send(send(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.send(send(Some(&s.csrf))).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn admins_add_reset_and_disable_logins() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let added = app
        .post_form(
            "/admin/users",
            Some(&s),
            &[("login", "M2"), ("role", "member"), ("person", "M2"), ("unit", ""), ("store", ""), ("password", "")],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let start = added.body.find("data-testid=\"new-password\">").expect("password shown") + "data-testid=\"new-password\">".len();
    let password: String = added.body[start..].chars().take_while(|c| *c != '<').collect();
    let now = chrono::Utc::now();
    let LoginOutcome::Success(user) = amoeba_app::identity::login(&app.db, app.company_id, "m2", &password, now).await.expect("login")
    else {
        panic!("new login works")
    };
    let no_scope = app.post_form("/admin/users", Some(&s), &[("login", "lead2"), ("role", "leader")]).await;
    assert_eq!(no_scope.status, StatusCode::BAD_REQUEST);
    assert!(no_scope.body.contains("--unit"));

    let reset = app.post_form(&format!("/admin/users/{}/reset", user.id), Some(&s), &[]).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(amoeba_app::identity::login(&app.db, app.company_id, "m2", &password, now).await.expect("login"), LoginOutcome::Refused);
    app.post_form(&format!("/admin/users/{}/disable", user.id), Some(&s), &[]).await;
    assert!(app.db.user_by_id(app.company_id, user.id).await.expect("user").expect("exists").disabled);
    let own = app.post_form(&format!("/admin/users/{}/disable", app.users[0]), Some(&s), &[]).await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "an owner cannot lock themselves out");
    let csv = app.get("/admin/users?table=users&format=csv", Some(&s)).await;
    assert!(csv.body.contains("m2,成员") && csv.body.contains("已停用"), "{}", csv.body);
}

#[tokio::test]
async fn admins_upload_organisation_files() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let add = b"[[units]]\ncode = \"TTS\"\nname = \"TikTok\"\nkind = \"profit_centre\"\nparent = \"GROUP\"\n";
    let ok = app.upload("/admin/org", Some(&s), &[], ("more.toml", add)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("data-testid=\"org-result\"") && ok.body.contains(">TTS<"));
    let bad = b"[[units]]\ncode = \"X\"\nname = \"X\"\nkind = \"profit_centre\"\nparent = \"NOWHERE\"\n";
    let refused = app.upload("/admin/org", Some(&s), &[], ("bad.toml", bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("NOWHERE") && refused.body.contains("units[0].parent"), "{}", refused.body);
    for (table, text) in [("units", "TTS"), ("people", "F1"), ("assignments", "L1"), ("stores", "ALI-1"), ("skus", "SKU-1")] {
        let csv = app.get(&format!("/admin/org?table={table}&format=csv"), Some(&s)).await;
        assert!(csv.body.contains(text), "{table} export lacks {text}");
    }
}

/// Refusals that are not row errors (the organisation file, the kind, the
/// store) are in the page's language too, and the API names them by code.
#[tokio::test]
async fn organisation_and_request_refusals_are_in_the_page_language() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let bad = b"[[units]]\ncode = \"X\"\nname = \"X\"\nkind = \"profit_centre\"\nparent = \"NOWHERE\"\n";
    let zh = app.upload("/admin/org", Some(&s), &[], ("bad.toml", bad)).await;
    let body = zh.body.replace("&#39;", "'");
    assert!(body.contains("未知的巴 'NOWHERE'"), "{body}");
    assert!(!body.contains("unknown unit"), "the Chinese page speaks English: {body}");
    let en = app.upload("/admin/org?lang=en", Some(&s), &[], ("bad.toml", bad)).await;
    assert!(en.body.replace("&#39;", "'").contains("unknown unit 'NOWHERE'"), "{}", en.body);
    let latin1 = app.upload("/admin/org", Some(&s), &[], ("latin1.toml", b"name = \"\xe9\"\n")).await;
    assert!(latin1.body.contains("latin1.toml 不是 UTF-8 文本（第 8 字节）"), "{}", latin1.body);

    let settlement = app.upload("/imports", Some(&s), &[("kind", "amazon-settlement")], ("s.txt", b"x")).await;
    assert_eq!(settlement.status, StatusCode::BAD_REQUEST);
    assert!(settlement.body.contains("请选择店铺"), "{}", settlement.body);
    let kind = app.upload("/imports", Some(&s), &[("kind", "nonsense")], ("s.txt", b"x")).await;
    assert_eq!(kind.status, StatusCode::BAD_REQUEST);
    assert!(kind.body.replace("&#39;", "'").contains("未知的导入类型 'nonsense'"), "{}", kind.body);

    let api = |uri: &str, kind: &str| {
        Request::post(uri)
            .header(header::COOKIE, format!("amoeba_session={}", s.token))
            .header("x-csrf-token", s.csrf.clone())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(multipart(&[("kind".into(), kind.into())], ("s.txt", b"x"))))
            .expect("request")
    };
    let j = app.send(api("/api/v1/imports", "nonsense")).await.json();
    assert_eq!(j["code"], "unknown_import_kind", "{j}");
    assert!(j["message"].as_str().is_some_and(|m| m.starts_with("未知的导入类型")), "{j}");
    let j = app.send(api("/api/v1/imports?lang=en", "amazon-settlement")).await.json();
    assert_eq!(j["code"], "store_needed", "{j}");
    assert!(j["message"].as_str().is_some_and(|m| m.contains("--store")), "{j}");
}

#[tokio::test]
async fn the_openapi_document_covers_every_api_route() {
    let app = app().await;
    let doc = app.get("/api/openapi.json", None).await.json();
    for r in amoeba_server::ROUTES.iter().filter(|r| r.path.starts_with("/api/v1/")) {
        let op = &doc["paths"][r.path][r.method.to_lowercase()];
        assert!(op.is_object(), "{} {} is not documented", r.method, r.path);
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let docs = app.get("/api/docs", None).await;
    assert!(docs.body.contains("/api/docs/swagger-ui-bundle.js"));
    let js = app.get("/api/docs/swagger-ui-bundle.js", None).await;
    assert!(js.bytes.len() > 1_000_000 && js.headers[header::CONTENT_TYPE].to_str().expect("ascii").starts_with("text/javascript"));
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let app = app().await;
    let a = app.get("/login", None).await;
    assert!(a.headers[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii").contains("script-src 'self'"));
    assert_eq!(a.headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let missing = app.get("/no/such/page", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_logins_are_idempotent_and_cover_every_persona() {
    let app = app().await;
    let again = amoeba_app::demo_logins::demo_logins(&app.db, app.company_id).await.expect("again");
    let roles: Vec<Role> = again.iter().map(|l| l.role).collect();
    assert_eq!(roles, vec![Role::Owner, Role::Leader, Role::Member, Role::ThirdParty]);
    let leader = app.db.user_by_login(app.company_id, "leader").await.expect("lookup").expect("leader");
    assert_eq!(leader.unit.as_deref(), Some("AMZ-US"));
    let member = app.db.user_by_login(app.company_id, "member").await.expect("lookup").expect("member");
    assert_eq!(member.person.as_deref(), Some("M1"));
    let operator = app.db.user_by_login(app.company_id, "operator").await.expect("lookup").expect("operator");
    assert_eq!((operator.store.as_deref(), operator.person.as_deref()), (Some("ALI-1"), Some("X1")));
    assert!(again[0].to_string().contains("demo-owner-2026"));
}

#[tokio::test]
async fn the_live_board_and_pnl_show_what_the_accounting_engine_computes() {
    use amoeba_app::import::{import_file, ImportKind, NoProgress};
    let app = app_with(Arc::new(amoeba_server::views::Live)).await;
    let s = app.login(Role::Owner).await;
    let empty = app.get("/board", Some(&s)).await;
    assert!(empty.body.contains("data-testid=\"no-data\""), "no facts, no figures");
    let company = app.db.company(Some("T")).await.expect("company");
    let facts = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US-HOME,sale,1000.00,CNY\n2026-03-02,AMZ-US-HOME,ad_spend,-100.00,CNY\n2026-03-02,AMZ-DE,sale,50.00,CNY\n";
    import_file(&app.db, &company, ImportKind::Facts, "f.csv", facts, None, &mut NoProgress).await.expect("import");
    let engine = amoeba_app::accounting::month_pnl(&app.db, &company, "2026-03".parse().expect("month")).await.expect("pnl");
    let us = &engine.units["AMZ-US"].rolled_up;
    assert_eq!(us.get(amoeba_core::accounting::PnlLine::Sales), "1000".parse().expect("dec"));

    let pnl = app.get("/units/AMZ-US/pnl?month=2026-03", Some(&s)).await;
    assert_eq!(pnl.status, StatusCode::OK);
    assert!(pnl.body.contains(">1,000.00<") && pnl.body.contains(">-100.00<") && pnl.body.contains(">900.00<"), "{}", pnl.body);
    let csv = app.get("/units/AMZ-US/pnl?month=2026-03&table=daily&format=csv", Some(&s)).await;
    assert!(csv.body.lines().any(|l| l.starts_with("2026-03-01,1000.00")), "{}", csv.body);
    assert_eq!(csv.body.lines().count(), 3, "header + the two days with data");

    let board = app.get("/board?day=2026-03-02", Some(&s)).await;
    assert_eq!(board.status, StatusCode::OK);
    let table = app.get("/board?day=2026-03-02&table=board&format=csv", Some(&s)).await;
    let home = table.body.lines().find(|l| l.contains("亚马逊美国家居组")).expect("home row");
    assert!(home.contains(",0.00,-100.00,1000.00,900.00,"), "yesterday sales, yesterday profit, MTD sales, MTD profit: {home}");
    let api = app.get("/api/v1/units/AMZ-US/pnl?month=2026-03", Some(&s)).await.json();
    assert_eq!(api["has_data"], true);
    assert_eq!(api["pnl"]["lines"][0]["line"], "sales");
    let month: rust_decimal::Decimal = api["pnl"]["lines"][0]["month"].as_str().expect("decimal text").parse().expect("decimal");
    assert_eq!(month, "1000".parse().expect("dec"));
}

/// A day's drill-down lists that day's part of a whole-month record, and the
/// rows listed always add up to the total shown.
#[tokio::test]
async fn a_days_drilldown_lists_the_days_part_and_adds_up() {
    use amoeba_app::import::{import_file, ImportKind, NoProgress};
    let app = app_with(Arc::new(amoeba_server::views::Live)).await;
    let company = app.db.company(Some("T")).await.expect("company");
    let facts = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US-HOME,sale,1000.00,CNY\n";
    import_file(&app.db, &company, ImportKind::Facts, "f.csv", facts, None, &mut NoProgress).await.expect("facts");
    // 31 000.00 over March's 31 days: 1 000.00 a day.
    let hours = b"person,unit,period,hours,overtime_hours,labour_cost\nM1,AMZ-US-HOME,2026-03,186,0,31000.00\n";
    import_file(&app.db, &company, ImportKind::Hours, "hours.csv", hours, None, &mut NoProgress).await.expect("hours");
    let s = app.login(Role::Owner).await;
    let csv = app.get("/units/AMZ-US-HOME/facts?line=labour&month=2026-03&day=2026-03-15&table=facts&format=csv", Some(&s)).await;
    let rows: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{}", csv.body);
    assert!(rows[0].starts_with("2026-03-15,") && rows[0].contains(",-1000.00,"), "the day's part: {}", rows[0]);
    let page = app.get("/units/AMZ-US-HOME/facts?line=labour&month=2026-03&day=2026-03-15", Some(&s)).await;
    assert!(page.body.contains(">-1,000.00<") && !page.body.contains("-31,000.00"), "total and rows of the day");
    // The whole month: the record once, adding up to the month's labour.
    let month = app.get("/units/AMZ-US-HOME/facts?line=labour&month=2026-03&table=facts&format=csv", Some(&s)).await;
    assert!(month.body.contains(",-31000.00,"), "{}", month.body);
}

/// A page shows a window and says which; the CSV export has every row.
#[tokio::test]
async fn drilldown_pages_say_which_rows_and_exports_are_complete() {
    use amoeba_app::import::{import_file, ImportKind, NoProgress};
    let app = app_with(Arc::new(amoeba_server::views::Live)).await;
    let company = app.db.company(Some("T")).await.expect("company");
    let mut facts = String::from("date,unit,kind,amount,currency,memo\n");
    for i in 0..1200 {
        facts.push_str(&format!("2026-03-{:02},AMZ-US-HOME,sale,{}.01,CNY,order {i}\n", 1 + i % 28, 10 + i));
    }
    import_file(&app.db, &company, ImportKind::Facts, "many.csv", facts.as_bytes(), None, &mut NoProgress).await.expect("facts");
    let s = app.login(Role::Owner).await;
    let first = app.get("/units/AMZ-US-HOME/facts?line=sales&month=2026-03", Some(&s)).await;
    assert!(first.body.contains("第 1–500 条，共 1200 条"), "the page says which rows it shows");
    assert_eq!(first.body.matches("many.csv 第").count(), 500);
    let last = app.get("/units/AMZ-US-HOME/facts?line=sales&month=2026-03&page=3", Some(&s)).await;
    assert!(last.body.contains("第 1001–1200 条，共 1200 条"));
    assert_eq!(last.body.matches("many.csv 第").count(), 200);
    let csv = app.get("/units/AMZ-US-HOME/facts?line=sales&month=2026-03&table=facts&format=csv", Some(&s)).await;
    let rows: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().skip(1).collect();
    assert_eq!(rows.len(), 1200, "every row is exported");
    let sum: rust_decimal::Decimal =
        rows.iter().map(|r| r.split(',').nth(7).expect("base amount").parse::<rust_decimal::Decimal>().expect("dec")).sum();
    let expected: rust_decimal::Decimal = (0..1200).map(|i| rust_decimal::Decimal::new((10 + i) * 100 + 1, 2)).sum();
    assert_eq!(sum, expected, "the export adds up to the figure");
}

/// The store page shows the store's own figures (lines, metrics, trend) —
/// the page a third-party operator lives on — and nothing of other stores.
#[tokio::test]
async fn the_operators_store_page_shows_its_own_figures() {
    use amoeba_app::import::{import_file, ImportKind, NoProgress};
    let app = app_with(Arc::new(amoeba_server::views::Live)).await;
    let company = app.db.company(Some("T")).await.expect("company");
    let fx = b"date,currency,rate\n2026-03-01,USD,7.0000\n";
    import_file(&app.db, &company, ImportKind::Fx, "fx.csv", fx, None, &mut NoProgress).await.expect("fx");
    let facts = b"date,store,kind,amount,currency\n2026-03-01,ALI-1,sale,1234.00,USD\n2026-03-01,ALI-1,ad_spend,-100.00,USD\n2026-03-01,ALI-1,ad_sales,400.00,USD\n2026-03-02,AMZ-US-1,sale,5555.00,USD\n";
    import_file(&app.db, &company, ImportKind::Facts, "f.csv", facts, None, &mut NoProgress).await.expect("facts");
    let s = app.login(Role::ThirdParty).await;
    let page = app.get("/stores/ALI-1?month=2026-03", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("将在此显示"), "no placeholder");
    assert!(page.body.contains("8,638.00"), "sales 1 234 USD × 7: {}", page.body);
    assert!(page.body.contains("店铺贡献") && page.body.contains("7,938.00"), "contribution after ads");
    assert!(page.body.contains("25.0%"), "ACoS 100 / 400");
    assert!(!page.body.contains("38,885.00"), "another store's sales are not shown");
    let csv = app.get("/stores/ALI-1?month=2026-03&table=daily&format=csv", Some(&s)).await;
    assert!(csv.body.contains("2026-03-01,8638.00"), "{}", csv.body);
    assert_eq!(app.get("/stores/AMZ-US-1?month=2026-03", Some(&s)).await.status, StatusCode::NOT_FOUND);
}

/// On the 1st of a month the trend still shows the last 30 days, while the
/// month-to-date tiles and rows count the new month only.
#[tokio::test]
async fn the_board_trend_reaches_back_30_days_and_month_to_date_stays_in_the_month() {
    use amoeba_app::import::{import_file, ImportKind, NoProgress};
    let app = app_with(Arc::new(amoeba_server::views::Live)).await;
    let company = app.db.company(Some("T")).await.expect("company");
    let mut facts = String::from("date,unit,kind,amount,currency\n");
    for day in ["2026-01-31", "2026-02-10", "2026-02-28", "2026-03-01"] {
        facts.push_str(&format!("{day},AMZ-US-HOME,sale,100.00,CNY\n"));
    }
    import_file(&app.db, &company, ImportKind::Facts, "f.csv", facts.as_bytes(), None, &mut NoProgress).await.expect("facts");
    let s = app.login(Role::Owner).await;
    let board = app.get("/api/v1/board?day=2026-03-01", Some(&s)).await.json();
    let daily = board["board"]["daily"].as_array().expect("daily");
    assert_eq!(daily.len(), 30, "30 days: 31 Jan … 1 Mar");
    assert_eq!(daily[0]["day"], "2026-01-31");
    assert_eq!(
        board["board"]["mtd_sales"].as_str().map(|v| v.parse::<rust_decimal::Decimal>().expect("dec")),
        Some(rust_decimal::Decimal::from(100))
    );
    let home = board["board"]["rows"].as_array().expect("rows").iter().find(|r| r["unit"] == "AMZ-US-HOME").cloned().expect("home");
    assert_eq!(
        home["mtd_sales"].as_str().map(|v| v.parse::<rust_decimal::Decimal>().expect("dec")),
        Some(rust_decimal::Decimal::from(100))
    );
    assert_eq!(home["peer_group"], "profit_centre/2");
    let page = app.get("/board?day=2026-03-01", Some(&s)).await;
    assert!(page.body.contains("利润中心 · 第 2 层"), "the peer group is named on the board");
}

/// The problems panel shows a member their own units' problems only, in the
/// page's language; company-wide ones are finance's.
#[tokio::test]
async fn the_problems_panel_shows_each_viewer_their_own_units() {
    let app = app().await;
    for (role, home, de, company) in
        [(Role::Owner, true, true, true), (Role::Leader, true, false, false), (Role::Member, true, false, false)]
    {
        let s = app.login(role).await;
        let board = app.get("/board", Some(&s)).await;
        assert_eq!(board.body.contains("家居组的问题"), home, "{role}: own unit's problem");
        assert_eq!(board.body.contains("德国站的问题"), de, "{role}: another unit's problem");
        assert_eq!(board.body.contains("缺少 USD 2026-03-02 的汇率"), company, "{role}: the company's problem");
        assert!(!board.body.contains("a problem of"), "{role}: a Chinese page speaks Chinese");
        let api = app.get("/api/v1/board", Some(&s)).await.json();
        let n = api["board"]["problems"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(n, [home, de, company].iter().filter(|x| **x).count(), "{role}: the API filters the same");
    }
    let s = app.login(Role::Member).await;
    let en = app.get("/board?lang=en", Some(&s)).await;
    assert!(en.body.contains("a problem of AMZ-US-HOME"));
}

/// A parameter that does not read answers 400 in the page's language.
#[tokio::test]
async fn bad_parameters_are_explained_in_the_pages_language() {
    let app = app().await;
    let s = app.login(Role::Owner).await;
    let zh = app.get("/units/AMZ-US-HOME/pnl?month=2026-13", Some(&s)).await;
    assert_eq!(zh.status, StatusCode::BAD_REQUEST);
    assert!(zh.body.contains("「2026-13」不是月份") && !zh.body.contains("is not a month"), "{}", zh.body);
    let en = app.get("/units/AMZ-US-HOME/pnl?month=2026-13&lang=en", Some(&s)).await;
    assert!(en.body.contains("is not a month"));
    let day = app.get("/board?day=2026-02-30", Some(&s)).await;
    assert!(day.status == StatusCode::BAD_REQUEST && day.body.contains("「2026-02-30」不是日期"));
    let line = app.get("/units/AMZ-US-HOME/facts?line=nonsense&month=2026-03", Some(&s)).await;
    assert!(line.body.contains("「nonsense」不是损益项目"));
    let api = app.get("/api/v1/board?day=x", Some(&s)).await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
}

/// An imported order shows on its page (lines, timeline, what it booked)
/// and credits its salesperson: their person page and the API carry the
/// line; another member sees nothing of it.
#[tokio::test]
async fn an_order_credits_its_salesperson_on_their_page_and_in_the_api() {
    let app = app().await;
    let company = app.db.company(Some("T")).await.expect("company");
    let orders = b"order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n\
        SO-7,ALI-1,C-9,X1,,contract,2026-11-03 10:00:00,SKU-1,4,80.00,USD,\n\
        SO-7,ALI-1,,,,pay,2026-11-03 11:00:00,,,20.00,USD,deposit\n\
        SO-7,ALI-1,,,,ship,2026-11-05 16:59:59,SKU-1,3,,USD,\n";
    let kind = amoeba_app::import::ImportKind::Orders;
    amoeba_app::import::import_file(&app.db, &company, kind, "orders.csv", orders, None, &mut amoeba_app::import::NoProgress)
        .await
        .expect("imported");

    let owner = app.login(Role::Owner).await;
    // Without a USD rate the sale cannot be credited: the person page says why.
    let person = app.get("/people/X1?month=2026-11", Some(&owner)).await;
    assert!(person.body.contains("data-testid=\"credit-problems\"") && person.body.contains("USD 汇率"), "the missing rate is named");
    let rates = b"currency,date,rate\nUSD,2026-11-01,7.1000\n";
    let kind = amoeba_app::import::ImportKind::Fx;
    amoeba_app::import::import_file(&app.db, &company, kind, "fx.csv", rates, None, &mut amoeba_app::import::NoProgress)
        .await
        .expect("rates");

    let page = app.get("/orders/ALI-1/SO-7", Some(&owner)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for text in ["C-9", "X1", "80.00", "60.00", "2026-11-05 16:59:59 +08:00", "签约", "发货"] {
        assert!(page.body.contains(text), "the order page shows {text}");
    }

    let person = app.get("/people/X1?month=2026-11", Some(&owner)).await;
    let credit = person.body.split("data-table=\"credit\"").nth(1).expect("a credit table").split("</section>").next().unwrap();
    assert!(
        credit.contains("426.00") && credit.contains("业务员"),
        "X1 is credited the shipped 60.00 USD (426.00 CNY) as salesperson: {credit}"
    );

    let x1 = app.login(Role::ThirdParty).await;
    let api = app.get("/api/v1/credit?month=2026-11", Some(&x1)).await.json();
    let lines = api["lines"].as_array().expect("lines");
    assert!(!lines.is_empty() && lines.iter().all(|l| l["person"] == "X1"), "an outside contractor sees only their own lines: {api}");
    let sales = lines.iter().find(|l| l["role"] == "sales").expect("the sales line");
    assert_eq!(sales["figures"]["sales"], "426.00", "{sales}");
    let order = app.get("/api/v1/orders/ALI-1/SO-7", Some(&x1)).await.json();
    assert_eq!(order["timeline"].as_array().map(Vec::len), Some(3), "{order}");

    let member = app.login(Role::Member).await;
    let api = app.get("/api/v1/credit?month=2026-11", Some(&member)).await.json();
    assert_eq!(api["lines"].as_array().map(Vec::len), Some(0), "M1 was credited nothing and sees no one else's: {api}");
}
