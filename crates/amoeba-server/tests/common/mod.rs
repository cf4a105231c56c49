//! Test support: a fresh database with a small organisation, one login per
//! role (made by `demo_logins`, so that is tested too), sessions, a stub
//! figures provider, and helpers to drive the router in-process.
#![allow(dead_code)]

pub mod alerts_seed;
pub mod playbooks_seed;

use amoeba_core::accounting::PnlLine;
use amoeba_core::identity::{Role, Seen};
use amoeba_core::org::{Person, Unit};
use amoeba_core::Month;
use amoeba_server::views::*;
use amoeba_server::{router_with, AppState};
use amoeba_store::Db;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use rust_decimal::Decimal;
use std::sync::Arc;
use tower::ServiceExt;

/// GROUP ─┬ AMZ-US ─ AMZ-US-HOME
///        ├ AMZ-DE
///        └ ALI
/// F1 finance (GROUP), L1 leads AMZ-US, M1 operator in AMZ-US-HOME, M2
/// operator in AMZ-DE, X1 external running ALI-1.
pub const ORG: &str = r#"
[company]
code = "T"
name = "测试电商"

[[units]]
code = "GROUP"
name = "集团"
kind = "profit_centre"

[[units]]
code = "AMZ-US"
name = "亚马逊美国"
name_en = "Amazon US"
kind = "profit_centre"
parent = "GROUP"

[[units]]
code = "AMZ-US-HOME"
name = "亚马逊美国家居组"
name_en = "Amazon US Home"
kind = "profit_centre"
parent = "AMZ-US"

[[units]]
code = "AMZ-DE"
name = "亚马逊德国"
kind = "profit_centre"
parent = "GROUP"

[[units]]
code = "ALI"
name = "阿里国际站"
kind = "profit_centre"
parent = "GROUP"

[[people]]
code = "F1"
name = "财务甲"

[[people]]
code = "L1"
name = "组长乙"

[[people]]
code = "M1"
name = "运营丙"

[[people]]
code = "M2"
name = "运营丁"

[[people]]
code = "X1"
name = "代运营戊"
external = true

[[assignments]]
person = "F1"
unit = "GROUP"
role = "finance"
from = "2025-01-01"

[[assignments]]
person = "L1"
unit = "AMZ-US"
role = "manager"
from = "2025-01-01"
leader = true
coefficient = 1.5

[[assignments]]
person = "M1"
unit = "AMZ-US-HOME"
role = "operator"
from = "2025-01-01"
coefficient = 1.2

[[assignments]]
person = "M2"
unit = "AMZ-DE"
role = "operator"
from = "2025-01-01"

[[stores]]
code = "AMZ-US-1"
name = "Amazon US 主店"
platform = "amazon"
marketplace = "US"
currency = "USD"
owners = [{ unit = "AMZ-US-HOME", from = "2025-01-01" }]

[[stores]]
code = "AMZ-DE-1"
name = "Amazon DE"
platform = "amazon"
marketplace = "DE"
currency = "EUR"
owners = [{ unit = "AMZ-DE", from = "2025-01-01" }]

[[stores]]
code = "ALI-1"
name = "阿里国际站店"
platform = "alibaba_com"
marketplace = "GLOBAL"
currency = "USD"
operator = "X1"
owners = [{ unit = "ALI", from = "2025-01-01" }]

[[skus]]
code = "SKU-1"
name = "收纳盒"
owners = [{ unit = "AMZ-US-HOME", from = "2025-01-01" }]
costs = [{ from = "2025-01-01", purchase = "12.30", freight = "3.10" }]
"#;

/// Logins by role, in matrix order.
pub const ROLES: [Role; 4] = [Role::Owner, Role::Leader, Role::Member, Role::ThirdParty];

/// A test application.
pub struct App {
    pub db: Db,
    pub company_id: i64,
    pub router: Router,
    /// user id per role (same order as [`ROLES`]).
    pub users: Vec<i64>,
}

/// A logged-in browser.
#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub csrf: String,
}

/// An answer.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub async fn app_with(views: Arc<dyn ViewProvider>) -> App {
    let db = amoeba_store::testing::fresh_db().await;
    amoeba_app::org::apply_org_file(&db, Some("T"), "org.toml", ORG).await.expect("fixture organisation");
    let company_id = db.company(Some("T")).await.expect("company").id;
    let logins = amoeba_app::demo_logins::demo_logins(&db, company_id).await.expect("demo logins");
    let mut users = Vec::new();
    for role in ROLES {
        let l = logins.iter().find(|l| l.role == role).unwrap_or_else(|| panic!("no demo login for {role}"));
        users.push(db.user_by_login(company_id, &l.login).await.expect("lookup").expect("user").id);
    }
    let router = router_with(AppState { db: db.clone(), company: Some("T".into()), clock: Default::default() }, views);
    App { db, company_id, router, users }
}

/// The application with figures.
pub async fn app() -> App {
    app_with(Arc::new(Stub)).await
}

impl App {
    /// A fresh session for a role.
    pub async fn login(&self, role: Role) -> Session {
        let i = ROLES.iter().position(|r| *r == role).expect("role");
        let s = amoeba_app::identity::open_session(&self.db, self.company_id, self.users[i], chrono::Utc::now()).await.expect("session");
        Session { token: s.token, csrf: s.csrf }
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(req).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes }
    }

    pub async fn get(&self, uri: &str, session: Option<&Session>) -> Answer {
        let mut req = Request::get(uri);
        if let Some(s) = session {
            req = req.header(header::COOKIE, format!("amoeba_session={}", s.token));
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// A url-encoded form post; `csrf` is added from the session.
    pub async fn post_form(&self, uri: &str, session: Option<&Session>, fields: &[(&str, &str)]) -> Answer {
        let mut pairs: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut req = Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(s) = session {
            pairs.push(("csrf".into(), s.csrf.clone()));
            req = req.header(header::COOKIE, format!("amoeba_session={}", s.token));
        }
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
        self.send(req.body(Body::from(body.join("&"))).expect("request")).await
    }

    /// A JSON post, as an API client sends it: the session with its CSRF header.
    pub async fn post_json(&self, uri: &str, session: Option<&Session>, json: &str) -> Answer {
        let mut req = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(s) = session {
            req = req.header(header::COOKIE, format!("amoeba_session={}", s.token)).header("x-csrf-token", s.csrf.clone());
        }
        self.send(req.body(Body::from(json.to_string())).expect("request")).await
    }

    /// A multipart upload with `csrf` first (from the session), then the fields, then the file.
    pub async fn upload(&self, uri: &str, session: Option<&Session>, fields: &[(&str, &str)], file: (&str, &[u8])) -> Answer {
        let mut parts: Vec<(String, String)> = Vec::new();
        if let Some(s) = session {
            parts.push(("csrf".into(), s.csrf.clone()));
        }
        parts.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let body = multipart(&parts, file);
        let mut req = Request::post(uri).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
        if let Some(s) = session {
            req = req.header(header::COOKIE, format!("amoeba_session={}", s.token));
        }
        self.send(req.body(Body::from(body)).expect("request")).await
    }
}

impl App {
    /// A multipart upload of several `file` parts (the imports page's multiple input).
    pub async fn upload_many(&self, uri: &str, session: &Session, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Answer {
        let mut body = Vec::new();
        let mut parts: Vec<(String, String)> = vec![("csrf".into(), session.csrf.clone())];
        parts.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        for (k, v) in &parts {
            body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
        }
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let req = Request::post(uri)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .header(header::COOKIE, format!("amoeba_session={}", session.token));
        self.send(req.body(Body::from(body)).expect("request")).await
    }
}

pub const BOUNDARY: &str = "----amoebatestboundary";

pub fn multipart(fields: &[(String, String)], file: (&str, &[u8])) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n", file.0)
            .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A facts file whose second line has a bad amount (line 2, column "amount").
pub const BAD_FACTS: &[u8] = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US,other_expense,12.3x,CNY\n";

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("day")
}

/// Figures for tests (the real provider comes from the accounting use cases).
pub struct Stub;

impl ViewProvider for Stub {
    fn board<'a>(&'a self, _: ViewCtx<'a>, _day: NaiveDate) -> ViewFuture<'a, Arc<BoardView>> {
        Box::pin(async {
            let row = |unit: &str, profit: &str, rank: u32| BoardRow {
                unit: unit.into(),
                yesterday_sales: d("1000.50"),
                yesterday_profit: d(profit),
                mtd_sales: d("30500.25"),
                mtd_profit: d(profit) * d("10"),
                hourly_efficiency: Some(d("88.40")),
                plan_attainment: Some(d("0.9123")),
                peer_group: "profit_centre/1".into(),
                rank: Some(rank),
                peer_avg: Some(d("70.00")),
                peer_peak: Some(d("88.40")),
                daily_profit: vec![d("10"), d("-5"), d(profit)],
            };
            Ok(Some(Arc::new(BoardView {
                day: day("2026-03-03"),
                rows: vec![row("AMZ-US-HOME", "321.09", 1), row("AMZ-DE", "-45.60", 2)],
                mtd_sales: d("4001"),
                mtd_profit: d("355.49"),
                daily: vec![
                    DailyPoint { day: day("2026-03-01"), sales: d("900"), profit: d("100") },
                    DailyPoint { day: day("2026-03-02"), sales: d("1100"), profit: d("-20") },
                    DailyPoint { day: day("2026-03-03"), sales: d("2001"), profit: d("275.49") },
                ],
                problems: vec![
                    Problem {
                        zh: "缺少 USD 2026-03-02 的汇率".into(), en: "FX rate USD 2026-03-02 missing".into(), units: Vec::new()
                    },
                    Problem { zh: "德国站的问题".into(), en: "a problem of AMZ-DE".into(), units: vec!["AMZ-DE".into()] },
                    Problem { zh: "家居组的问题".into(), en: "a problem of AMZ-US-HOME".into(), units: vec!["AMZ-US-HOME".into()] },
                ],
            })))
        })
    }

    fn pnl<'a>(&'a self, _: ViewCtx<'a>, _unit: Seen<'a, Unit>, _month: Month) -> ViewFuture<'a, PnlView> {
        Box::pin(async {
            let days = vec![day("2026-03-01"), day("2026-03-02")];
            let row = |line: PnlLine, a: &str, b: &str, plan: Option<&str>| PnlRow::new(line, d(a) + d(b), plan.map(d), vec![d(a), d(b)]);
            Ok(Some(PnlView {
                days,
                lines: vec![
                    row(PnlLine::Sales, "1000", "1500.55", Some("3000")),
                    row(PnlLine::Ads, "-100", "-150", None),
                    row(PnlLine::AddedValue, "900", "1350.55", None),
                    row(PnlLine::Labour, "-300", "-300", None),
                    row(PnlLine::Profit, "600", "1050.55", Some("2000")),
                    row(PnlLine::Hours, "16", "16", None),
                ],
                hourly_efficiency: Some(d("70.33")),
                closed: false,
                as_of: day("2026-03-31"),
                whole_month: true,
                problems: Vec::new(),
                fx_gain_loss: d("-12.34"),
            }))
        })
    }

    fn facts<'a>(&'a self, _: ViewCtx<'a>, q: &'a FactsQuery, out: RowSink) -> ViewFuture<'a, FactsSummary> {
        Box::pin(async move {
            let rows = vec![FactRow {
                day: q.day.unwrap_or(q.month.first_day()),
                store: Some("AMZ-US-1".into()),
                sku: Some("SKU-1".into()),
                order_id: Some("111-222".into()),
                kind: "sale".into(),
                amount: d("19.99"),
                currency: "USD".into(),
                base_amount: d("143.93"),
                source: Source::Line { file: "settlement-2026-03.txt".into(), line: 42 },
                memo: Some(Memo::File("Principal".into())),
            }];
            let count = rows.len() as u64;
            let _ = out.send(rows).await;
            Ok(Some(FactsSummary { total: d("143.93"), count, as_of: Some(q.month.last_day()) }))
        })
    }

    fn person_share<'a>(&'a self, _: ViewCtx<'a>, _person: Seen<'a, Person>, _month: Month) -> ViewFuture<'a, ShareView> {
        Box::pin(async {
            Ok(Some(ShareView {
                rows: vec![ShareRow {
                    unit: "AMZ-US-HOME".into(),
                    role: "operator".into(),
                    unit_profit: d("1650.55"),
                    share: d("0.25"),
                    amount: d("412.64"),
                }],
                as_of: day("2026-03-31"),
            }))
        })
    }
}
