//! The access matrix: every route × every role → the expected status.
//!
//! The table below must have at least one row for every entry of
//! `amoeba_server::ROUTES` (the list the router is built from), and every
//! row must name a real route: a route added without deciding who may see
//! it fails here. Object checks are exercised by several sample URLs per
//! route (yours / someone else's / nonexistent).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::identity::{NewUser, Role};
use amoeba_server::ROUTES;
use axum::http::StatusCode;
use common::*;
use std::collections::BTreeSet;

/// What a request carries.
#[derive(Clone, Copy)]
enum Body {
    None,
    /// Url-encoded form (with the session's CSRF token added).
    Form(&'static [(&'static str, &'static str)]),
    /// Multipart upload with `csrf`, the fields and a file.
    Upload(&'static [(&'static str, &'static str)], &'static str, &'static [u8]),
}

/// `(method, route pattern, sample URI, body, [anonymous, owner, leader, member, operator])`.
/// `{victim}` in a sample URI is replaced by the id of a throw-away login.
type Row = (&'static str, &'static str, &'static str, Body, [u16; 5]);

const BAD_ORG: &[u8] = b"[[units]]\ncode = \"X\"\nkind = \"nonsense\"\n";

const BAD_PLAN: &[u8] = b"[pay_plan]\ncode = 1\n";

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    ("GET", "/", "/", Body::None, [303, 303, 303, 303, 303]),
    ("GET", "/health", "/health", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/assets/style.css", "/assets/style.css", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/assets/app.js", "/assets/app.js", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/login", "/login", Body::None, [200, 303, 303, 303, 303]),
    ("POST", "/login", "/login", Body::Form(&[("login", "owner"), ("password", "x")]), [400, 400, 400, 400, 400]),
    ("POST", "/logout", "/logout", Body::Form(&[]), [303, 303, 303, 303, 303]),
    ("GET", "/account", "/account", Body::None, [303, 200, 200, 200, 200]),
    ("POST", "/account/password", "/account/password", Body::Form(&[("current", "x"), ("new", "short"), ("repeat", "short")]), [303, 400, 400, 400, 400]),
    ("POST", "/account/tokens", "/account/tokens", Body::Form(&[("name", "")]), [303, 400, 400, 400, 400]),
    ("POST", "/account/tokens/{id}/revoke", "/account/tokens/999999/revoke", Body::Form(&[]), [303, 404, 404, 404, 404]),
    ("GET", "/board", "/board", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/board/tv", "/board/tv", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/board/sheet", "/board/sheet?day=2026-03-03", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/units", "/units", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/units/{code}/pnl", "/units/AMZ-US-HOME/pnl?month=2026-03", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/units/{code}/pnl", "/units/AMZ-US/pnl", Body::None, [303, 200, 200, 404, 403]),
    ("GET", "/units/{code}/pnl", "/units/AMZ-DE/pnl", Body::None, [303, 200, 404, 404, 403]),
    ("GET", "/units/{code}/pnl", "/units/NOPE/pnl", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/units/{code}/facts", "/units/AMZ-US-HOME/facts?line=sales&month=2026-03", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/units/{code}/facts", "/units/AMZ-DE/facts?line=sales&month=2026-03&day=2026-03-02", Body::None, [303, 200, 404, 404, 403]),
    ("GET", "/me", "/me", Body::None, [303, 200, 200, 200, 200]),
    ("GET", "/people/{code}", "/people/M1", Body::None, [303, 200, 200, 200, 404]),
    ("GET", "/people/{code}", "/people/M2", Body::None, [303, 200, 404, 404, 404]),
    ("GET", "/people/{code}", "/people/L1", Body::None, [303, 200, 200, 404, 404]),
    ("GET", "/people/{code}", "/people/X1", Body::None, [303, 200, 404, 404, 200]),
    ("GET", "/people/{code}", "/people/NOPE", Body::None, [303, 404, 404, 404, 404]),
    ("GET", "/stores/{code}", "/stores/ALI-1", Body::None, [303, 200, 404, 404, 200]),
    ("GET", "/stores/{code}", "/stores/AMZ-US-1", Body::None, [303, 200, 200, 200, 404]),
    ("GET", "/stores/{code}", "/stores/AMZ-DE-1", Body::None, [303, 200, 404, 404, 404]),
    ("GET", "/orders/{store}/{id}", "/orders/ALI-1/SO-1", Body::None, [303, 200, 404, 404, 200]),
    ("GET", "/orders/{store}/{id}", "/orders/ALI-1/NOPE", Body::None, [303, 404, 404, 404, 404]),
    ("GET", "/orders/{store}/{id}", "/orders/AMZ-DE-1/SO-1", Body::None, [303, 404, 404, 404, 404]),
    ("GET", "/orders/{store}/{id}", "/orders/NOPE/SO-1", Body::None, [303, 404, 404, 404, 404]),
    ("GET", "/alerts", "/alerts?all=1", Body::None, [303, 200, 200, 200, 200]),
    ("POST", "/alerts/{id}/ack", "/alerts/{alert1}/ack", Body::Form(&[("note", "x")]), [303, 303, 404, 404, 303]),
    ("POST", "/alerts/{id}/ack", "/alerts/{alert2}/ack", Body::Form(&[("note", "x")]), [303, 303, 303, 303, 404]),
    ("POST", "/alerts/{id}/ack", "/alerts/999999/ack", Body::Form(&[("note", "x")]), [303, 404, 404, 404, 404]),
    ("POST", "/alerts/{id}/ack", "/alerts/{alert2}/ack", Body::Form(&[("note", " ")]), [303, 400, 400, 400, 400]),
    ("GET", "/operator", "/operator", Body::None, [303, 200, 200, 200, 200]),
    ("POST", "/operator/contracts", "/operator/contracts", Body::Form(&[("toml", "code = 1")]), [303, 400, 403, 403, 403]),
    ("GET", "/operator/{code}", "/operator/C1", Body::None, [303, 200, 404, 404, 200]),
    ("GET", "/operator/{code}", "/operator/C2", Body::None, [303, 200, 200, 200, 404]),
    ("GET", "/operator/{code}", "/operator/NOPE", Body::None, [303, 404, 404, 404, 404]),
    ("GET", "/operator/{code}/report", "/operator/C1/report?period=2026-W45", Body::None, [303, 200, 404, 404, 200]),
    ("GET", "/operator/{code}/report", "/operator/C1/report?period=2026-W99", Body::None, [303, 400, 404, 404, 400]),
    ("GET", "/operator/{code}/report", "/operator/C2/report?period=2026-10", Body::None, [303, 200, 200, 200, 404]),
    ("POST", "/operator/{code}/report/notes", "/operator/C1/report/notes", Body::Form(&[("period", "2026-W45"), ("body", "x")]), [303, 303, 404, 403, 303]),
    ("POST", "/operator/{code}/report/notes", "/operator/C2/report/notes", Body::Form(&[("period", "2026-W45"), ("body", "x")]), [303, 303, 303, 403, 404]),
    ("GET", "/targets", "/targets", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/targets", "/targets?month=2026-03", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/targets/{unit}", "/targets/AMZ-US-HOME?month=2026-03", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/targets/{unit}", "/targets/AMZ-DE", Body::None, [303, 200, 404, 404, 403]),
    ("GET", "/targets/{unit}", "/targets/NOPE", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/lottery", "/lottery", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/lottery/{day}", "/lottery/2026-11-03", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/lottery/{day}", "/lottery/1999-01-04", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/lottery/{day}", "/lottery/nonsense", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/pk", "/pk", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/pk/{code}", "/pk/PK-1", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/pk/{code}", "/pk/NOPE", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/leaderboard", "/leaderboard", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/leaderboard", "/leaderboard?scope=units&metric=acos&month=2026-03", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/leaderboard", "/leaderboard?scope=martians", Body::None, [303, 400, 400, 400, 403]),
    ("GET", "/imports", "/imports", Body::None, [303, 200, 403, 403, 403]),
    ("POST", "/imports", "/imports", Body::Upload(&[("kind", "facts")], "bad.csv", BAD_FACTS), [303, 422, 403, 403, 403]),
    ("GET", "/admin/org", "/admin/org", Body::None, [303, 200, 403, 403, 403]),
    ("POST", "/admin/org", "/admin/org", Body::Upload(&[], "bad.toml", BAD_ORG), [303, 422, 403, 403, 403]),
    ("GET", "/admin/accounting", "/admin/accounting", Body::None, [303, 200, 403, 403, 403]),
    ("GET", "/admin/accounting", "/admin/accounting?month=2026-10", Body::None, [303, 200, 403, 403, 403]),
    ("POST", "/admin/periods/{month}/close", "/admin/periods/2001-01/close", Body::Form(&[]), [303, 200, 403, 403, 403]),
    ("POST", "/admin/periods/{month}/close", "/admin/periods/nonsense/close", Body::Form(&[]), [303, 404, 403, 403, 403]),
    ("GET", "/admin/pay", "/admin/pay", Body::None, [303, 200, 403, 403, 403]),
    ("POST", "/admin/pay/plans", "/admin/pay/plans", Body::Upload(&[], "plan.toml", BAD_PLAN), [303, 422, 403, 403, 403]),
    ("POST", "/admin/pay/runs/{month}/{action}", "/admin/pay/runs/2026-10/compute", Body::Form(&[]), [303, 400, 403, 403, 403]),
    ("POST", "/admin/pay/runs/{month}/{action}", "/admin/pay/runs/2026-10/explode", Body::Form(&[]), [303, 404, 403, 403, 403]),
    ("POST", "/admin/pay/runs/{month}/{action}", "/admin/pay/runs/nonsense/approve", Body::Form(&[]), [303, 404, 403, 403, 403]),
    ("POST", "/admin/pay/whatif", "/admin/pay/whatif", Body::Upload(&[("month", "2026-10")], "draft.toml", BAD_PLAN), [303, 422, 403, 403, 403]),
    ("POST", "/admin/pay/disputes/{id}/answer", "/admin/pay/disputes/999999/answer", Body::Form(&[("answer", "x")]), [303, 409, 403, 403, 403]),
    ("GET", "/pay/runs/{month}", "/pay/runs/2026-10", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/people/{code}/pay", "/people/M1/pay?month=2026-10", Body::None, [303, 200, 404, 200, 404]),
    ("GET", "/people/{code}/pay", "/people/L1/pay", Body::None, [303, 200, 200, 404, 404]),
    ("GET", "/people/{code}/pay", "/people/NOPE/pay", Body::None, [303, 404, 404, 404, 404]),
    ("POST", "/people/{code}/pay/disputes", "/people/M1/pay/disputes", Body::Form(&[("month", "2026-10"), ("line", "1"), ("note", "x")]), [303, 403, 404, 400, 404]),
    ("GET", "/admin/users", "/admin/users", Body::None, [303, 200, 403, 403, 403]),
    ("POST", "/admin/users", "/admin/users", Body::Form(&[("login", ""), ("role", "member")]), [303, 400, 403, 403, 403]),
    ("POST", "/admin/users/{id}/reset", "/admin/users/{victim}/reset", Body::Form(&[]), [303, 200, 403, 403, 403]),
    ("POST", "/admin/users/{id}/disable", "/admin/users/{victim}/disable", Body::Form(&[]), [303, 200, 403, 403, 403]),
    ("POST", "/admin/users/{id}/enable", "/admin/users/{victim}/enable", Body::Form(&[]), [303, 200, 403, 403, 403]),
    ("POST", "/admin/users/{id}/reset", "/admin/users/999999/reset", Body::Form(&[]), [303, 404, 403, 403, 403]),
    ("GET", "/api/openapi.json", "/api/openapi.json", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/api/docs", "/api/docs", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/api/docs/init.js", "/api/docs/init.js", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui-bundle.js", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/api/docs/swagger-ui.css", "/api/docs/swagger-ui.css", Body::None, [200, 200, 200, 200, 200]),
    ("GET", "/api/v1/me", "/api/v1/me", Body::None, [401, 200, 200, 200, 200]),
    ("GET", "/api/v1/org", "/api/v1/org", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/units/{code}", "/api/v1/units/AMZ-US-HOME", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/units/{code}", "/api/v1/units/AMZ-DE", Body::None, [401, 200, 404, 404, 403]),
    ("GET", "/api/v1/units/{code}/pnl", "/api/v1/units/AMZ-US-HOME/pnl?month=2026-03", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/units/{code}/pnl", "/api/v1/units/AMZ-DE/pnl", Body::None, [401, 200, 404, 404, 403]),
    ("GET", "/api/v1/board", "/api/v1/board", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/people/{code}", "/api/v1/people/M1", Body::None, [401, 200, 200, 200, 404]),
    ("GET", "/api/v1/people/{code}", "/api/v1/people/M2", Body::None, [401, 200, 404, 404, 404]),
    ("GET", "/api/v1/stores/{code}", "/api/v1/stores/ALI-1", Body::None, [401, 200, 404, 404, 200]),
    ("GET", "/api/v1/stores/{code}", "/api/v1/stores/AMZ-US-1", Body::None, [401, 200, 200, 200, 404]),
    ("GET", "/api/v1/credit", "/api/v1/credit?month=2026-11", Body::None, [401, 200, 200, 200, 200]),
    ("GET", "/api/v1/orders/{store}/{id}", "/api/v1/orders/ALI-1/SO-1", Body::None, [401, 200, 404, 404, 200]),
    ("GET", "/api/v1/orders/{store}/{id}", "/api/v1/orders/AMZ-US-1/SO-1", Body::None, [401, 404, 404, 404, 404]),
    ("GET", "/api/v1/alerts", "/api/v1/alerts?all=true", Body::None, [401, 200, 200, 200, 200]),
    ("GET", "/api/v1/operator/contracts", "/api/v1/operator/contracts", Body::None, [401, 200, 200, 200, 200]),
    ("GET", "/api/v1/operator/contracts/{code}", "/api/v1/operator/contracts/C1", Body::None, [401, 200, 404, 404, 200]),
    ("GET", "/api/v1/operator/contracts/{code}", "/api/v1/operator/contracts/C2", Body::None, [401, 200, 200, 200, 404]),
    ("GET", "/api/v1/operator/contracts/{code}/report", "/api/v1/operator/contracts/C1/report?period=2026-W45", Body::None, [401, 200, 404, 404, 200]),
    ("GET", "/api/v1/operator/contracts/{code}/report", "/api/v1/operator/contracts/NOPE/report", Body::None, [401, 404, 404, 404, 404]),
    ("GET", "/api/v1/pay/plans", "/api/v1/pay/plans", Body::None, [401, 200, 403, 403, 403]),
    ("GET", "/api/v1/pay/runs", "/api/v1/pay/runs", Body::None, [401, 200, 403, 403, 403]),
    ("GET", "/api/v1/pay/runs/{month}", "/api/v1/pay/runs/2026-10", Body::None, [401, 404, 404, 404, 403]),
    ("POST", "/api/v1/pay/runs/{month}/approve", "/api/v1/pay/runs/2026-10/approve", Body::Form(&[]), [401, 400, 403, 403, 403]),
    ("POST", "/api/v1/pay/runs/{month}/lock", "/api/v1/pay/runs/2026-10/lock", Body::Form(&[]), [401, 400, 403, 403, 403]),
    ("GET", "/api/v1/pay/statements/{person}", "/api/v1/pay/statements/M1?month=2026-10", Body::None, [401, 200, 404, 200, 404]),
    ("GET", "/api/v1/pay/statements/{person}", "/api/v1/pay/statements/M2", Body::None, [401, 200, 404, 404, 404]),
    ("GET", "/api/v1/targets", "/api/v1/targets?month=2026-03", Body::None, [401, 200, 200, 200, 403]),
    ("POST", "/api/v1/targets", "/api/v1/targets", Body::Form(&[]), [401, 400, 403, 403, 403]),
    ("GET", "/api/v1/targets/{unit}", "/api/v1/targets/AMZ-US-HOME?month=2026-03", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/targets/{unit}", "/api/v1/targets/AMZ-DE", Body::None, [401, 200, 404, 404, 403]),
    ("GET", "/api/v1/people/{code}/targets", "/api/v1/people/M1/targets?month=2026-03", Body::None, [401, 200, 200, 200, 404]),
    ("GET", "/api/v1/people/{code}/targets", "/api/v1/people/M2/targets", Body::None, [401, 200, 404, 404, 404]),
    ("GET", "/api/v1/people/{code}/wishes", "/api/v1/people/M1/wishes", Body::None, [401, 200, 200, 200, 404]),
    ("GET", "/api/v1/people/{code}/wishes", "/api/v1/people/M2/wishes?month=2026-11", Body::None, [401, 200, 404, 404, 404]),
    ("GET", "/api/v1/people/{code}/reviews", "/api/v1/people/M1/reviews", Body::None, [401, 200, 200, 200, 404]),
    ("GET", "/api/v1/people/{code}/reviews", "/api/v1/people/M2/reviews", Body::None, [401, 200, 404, 404, 404]),
    ("GET", "/api/v1/lottery", "/api/v1/lottery?month=2026-11", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/lottery/{day}", "/api/v1/lottery/2026-11-03", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/lottery/{day}", "/api/v1/lottery/1999-01-04", Body::None, [401, 404, 404, 404, 403]),
    ("GET", "/api/v1/lottery/{day}/record", "/api/v1/lottery/2026-11-03/record", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/lottery/{day}/record", "/api/v1/lottery/2026-11-04/record", Body::None, [401, 404, 404, 404, 403]),
    ("POST", "/api/v1/lottery/{day}/freeze", "/api/v1/lottery/2026-11-03/freeze", Body::Form(&[]), [401, 409, 403, 403, 403]),
    ("POST", "/api/v1/lottery/{day}/freeze", "/api/v1/lottery/1999-01-04/freeze", Body::Form(&[]), [401, 400, 403, 403, 403]),
    ("POST", "/api/v1/lottery/{day}/draw", "/api/v1/lottery/2026-11-03/draw", Body::Form(&[]), [401, 400, 403, 403, 403]),
    ("GET", "/api/v1/pk", "/api/v1/pk", Body::None, [401, 200, 200, 200, 403]),
    ("POST", "/api/v1/pk", "/api/v1/pk", Body::Form(&[]), [401, 400, 403, 403, 403]),
    ("GET", "/api/v1/pk/{code}", "/api/v1/pk/PK-1", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/pk/{code}", "/api/v1/pk/NOPE", Body::None, [401, 404, 404, 404, 403]),
    ("POST", "/api/v1/pk/{code}/result", "/api/v1/pk/PK-1/result", Body::Form(&[]), [401, 409, 403, 403, 403]),
    ("POST", "/api/v1/pk/{code}/result", "/api/v1/pk/NOPE/result", Body::Form(&[]), [401, 404, 403, 403, 403]),
    ("GET", "/api/v1/leaderboard", "/api/v1/leaderboard?scope=people&month=2026-03", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/imports", "/api/v1/imports", Body::None, [401, 200, 403, 403, 403]),
    ("POST", "/api/v1/imports", "/api/v1/imports", Body::Upload(&[("kind", "facts")], "bad.csv", BAD_FACTS), [401, 422, 403, 403, 403]),
    ("GET", "/reviews", "/reviews", Body::None, [303, 200, 200, 200, 403]),
    ("POST", "/reviews", "/reviews", Body::Form(&[("cycle", "2026-04"), ("unit", "AMZ-US-HOME"), ("criteria", "results@60")]), [303, 400, 400, 403, 403]),
    ("POST", "/reviews", "/reviews", Body::Form(&[("cycle", "2026-04"), ("unit", "AMZ-DE"), ("criteria", "results@100")]), [303, 303, 404, 403, 403]),
    ("GET", "/reviews/{cycle}/{unit}", "/reviews/2026-03/AMZ-US-HOME", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/reviews/{cycle}/{unit}", "/reviews/2026-03/AMZ-DE", Body::None, [303, 200, 404, 404, 403]),
    ("GET", "/reviews/{cycle}/{unit}", "/reviews/2026-03/NOPE", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/reviews/{cycle}/{unit}", "/reviews/nonsense/AMZ-US-HOME", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/reviews/{cycle}/{unit}", "/reviews/2026-05/AMZ-US-HOME", Body::None, [303, 404, 404, 404, 403]),
    ("POST", "/reviews/{cycle}/{unit}", "/reviews/2026-03/AMZ-US-HOME", Body::Form(&[("M1|results", "eighty")]), [303, 400, 400, 404, 403]),
    ("POST", "/reviews/{cycle}/{unit}", "/reviews/2026-03/AMZ-US-HOME", Body::Form(&[("M1|results", "80")]), [303, 303, 303, 404, 403]),
    ("POST", "/reviews/{cycle}/{unit}", "/reviews/2026-03/AMZ-US", Body::Form(&[("L1|results", "80")]), [303, 303, 404, 404, 403]),
    ("POST", "/reviews/{cycle}/{unit}", "/reviews/2026-03/AMZ-DE", Body::Form(&[("M2|results", "80")]), [303, 303, 404, 404, 403]),
    ("POST", "/reviews/{cycle}/{unit}/self", "/reviews/2026-03/AMZ-US-HOME/self", Body::Form(&[("self|results", "90")]), [303, 400, 400, 303, 403]),
    ("POST", "/reviews/{cycle}/{unit}/self", "/reviews/2026-03/AMZ-DE/self", Body::Form(&[("self|results", "90")]), [303, 400, 404, 404, 403]),
    ("GET", "/playbooks", "/playbooks?q=late", Body::None, [303, 200, 200, 200, 403]),
    ("POST", "/playbooks", "/playbooks", Body::Form(&[("toml", "templates = 1")]), [303, 400, 400, 403, 403]),
    ("POST", "/playbooks", "/playbooks", Body::Form(&[("toml", PLAYBOOK_DE)]), [303, 303, 400, 403, 403]),
    ("POST", "/playbooks", "/playbooks", Body::Form(&[("toml", PLAYBOOK_HOME)]), [303, 303, 303, 403, 403]),
    ("GET", "/playbooks/{unit}/{code}", "/playbooks/AMZ-US-HOME/late", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/playbooks/{unit}/{code}", "/playbooks/AMZ-DE/de-late", Body::None, [303, 200, 404, 404, 403]),
    ("GET", "/playbooks/{unit}/{code}", "/playbooks/AMZ-US-HOME/nope", Body::None, [303, 404, 404, 404, 403]),
    ("GET", "/playbooks/{unit}/{code}/render", "/playbooks/AMZ-US-HOME/late/render?set=customer.name%3DRossi%0Aorder.id%3DA-1&out=en", Body::None, [303, 200, 200, 200, 403]),
    ("GET", "/playbooks/{unit}/{code}/render", "/playbooks/AMZ-US-HOME/late/render?set=customer.name%3DRossi&order=ALI-1%2FSO-1", Body::None, [303, 200, 400, 400, 403]),
    ("GET", "/playbooks/{unit}/{code}/render", "/playbooks/AMZ-US-HOME/late/render?out=en", Body::None, [303, 400, 400, 400, 403]),
    ("GET", "/playbooks/{unit}/{code}/render", "/playbooks/AMZ-DE/de-late/render", Body::None, [303, 200, 404, 404, 403]),
    ("GET", "/api/v1/playbooks", "/api/v1/playbooks?q=late", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/playbooks/{unit}/{code}", "/api/v1/playbooks/AMZ-US-HOME/late", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/playbooks/{unit}/{code}", "/api/v1/playbooks/AMZ-DE/de-late", Body::None, [401, 200, 404, 404, 403]),
    ("GET", "/api/v1/playbooks/{unit}/{code}/render", "/api/v1/playbooks/AMZ-US-HOME/late/render?set=customer.name%3DRossi%0Aorder.id%3DA-1", Body::None, [401, 200, 200, 200, 403]),
    ("GET", "/api/v1/playbooks/{unit}/{code}/render", "/api/v1/playbooks/AMZ-US-HOME/late/render?order=ALI-1%2FSO-1&set=customer.name%3DR", Body::None, [401, 200, 400, 400, 403]),
    ("GET", "/api/v1/playbooks/{unit}/{code}/render", "/api/v1/playbooks/AMZ-DE/de-late/render?out=zh", Body::None, [401, 400, 404, 404, 403]),
];

/// A new version of AMZ-DE's template: only the owner may add it.
const PLAYBOOK_DE: &str = "[[templates]]\nunit = \"AMZ-DE\"\ncode = \"de-late\"\nkind = \"complaint_reply\"\ntitle_zh = \"延误\"\ntitle_en = \"Late\"\nbody_zh = \"订单 {{order.id}}\"\nbody_en = \"Order {{order.id}}\"\n";

/// A new version of AMZ-US-HOME's: the owner and its leader may add it.
const PLAYBOOK_HOME: &str = "[[templates]]\nunit = \"AMZ-US-HOME\"\ncode = \"late\"\nkind = \"complaint_reply\"\ntitle_zh = \"延误\"\ntitle_en = \"Late\"\nbody_zh = \"{{customer.name}} {{order.id}}\"\nbody_en = \"{{customer.name}}, {{order.id}}\"\n";

#[test]
fn every_route_has_an_entry_and_every_entry_a_route() {
    let routes: BTreeSet<(&str, &str)> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
    let covered: BTreeSet<(&str, &str)> = MATRIX.iter().map(|r| (r.0, r.1)).collect();
    let missing: Vec<_> = routes.difference(&covered).collect();
    let stale: Vec<_> = covered.difference(&routes).collect();
    assert!(missing.is_empty(), "routes without an access-matrix entry (add one per role to MATRIX): {missing:?}");
    assert!(stale.is_empty(), "matrix entries for routes that do not exist: {stale:?}");
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_matrix_says() {
    let app = app().await;
    let org = app.db.load_org(app.company_id).await.expect("org");
    let victim = NewUser {
        login: "victim".into(),
        role: Some(amoeba_core::identity::Role::Member),
        person: Some("M2".into()),
        ..NewUser::default()
    };
    let (victim, _) = amoeba_app::identity::add_user(&app.db, app.company_id, &org, &victim, None).await.expect("victim");
    let company = app.db.company(Some("T")).await.expect("company");
    let orders = b"order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n\
        SO-1,ALI-1,C-1,,,contract,2026-11-03 10:00:00,SKU-1,2,40.00,USD,\n";
    amoeba_app::import::import_file(
        &app.db,
        &company,
        amoeba_app::import::ImportKind::Orders,
        "orders.csv",
        orders,
        None,
        &mut amoeba_app::import::NoProgress,
    )
    .await
    .expect("an order to look at");
    for (code, operator, store) in [("C1", "X1", "ALI-1"), ("C2", "M1", "AMZ-US-1")] {
        let text = format!("code = \"{code}\"\noperator = \"{operator}\"\nstores = [\"{store}\"]\nstart = \"2026-09-01\"\nmonths = 12\ntrial_months = 4\npass = {{ rule = \"all_months\" }}\nfee = {{ fixed_monthly = \"8000\" }}\n");
        let c = amoeba_app::oversight::contracts::parse_contract("c.toml", &text).expect("contract");
        amoeba_app::oversight::contracts::save_contract(&app.db, &company, &c, "owner").await.expect("saved");
    }
    engagement(&app, &company).await;
    let [alert1, alert2] = common::alerts_seed::seed_alerts(&app.db, app.company_id).await;
    common::playbooks_seed::seed_playbooks(&app.db, &company).await;
    let mut wrong = Vec::new();
    for (method, _, sample, body, expected) in MATRIX {
        let uri = sample
            .replace("{victim}", &victim.id.to_string())
            .replace("{alert1}", &alert1.to_string())
            .replace("{alert2}", &alert2.to_string());
        for (i, want) in expected.iter().enumerate() {
            let session = if i == 0 { None } else { Some(app.login(ROLES[i - 1]).await) };
            let answer = match (*method, body) {
                ("GET", _) => app.get(&uri, session.as_ref()).await,
                (_, Body::Form(fields)) => app.post_form(&uri, session.as_ref(), fields).await,
                (_, Body::Upload(fields, name, bytes)) => app.upload(&uri, session.as_ref(), fields, (name, bytes)).await,
                (_, Body::None) => app.post_form(&uri, session.as_ref(), &[]).await,
            };
            if answer.status.as_u16() != *want {
                let who = if i == 0 { "anonymous".to_string() } else { ROLES[i - 1].to_string() };
                wrong.push(format!(
                    "{method} {uri} as {who}: expected {want}, got {} ({})",
                    answer.status,
                    answer.body.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{} answer(s) differ from the matrix:\n{}", wrong.len(), wrong.join("\n"));
}

/// A lottery drawn on 2 November 2026, a target for AMZ-US-HOME and a PK
/// contest, so the engagement routes have objects to show or refuse.
async fn engagement(app: &App, company: &amoeba_store::org_repo::CompanyRow) {
    use amoeba_core::engagement::lottery::{default_cutoff, LotteryNumbers, LotteryRules, Prize, PrizeTier, RandomnessSource, Tier};
    let day: chrono::NaiveDate = "2026-11-03".parse().unwrap();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
    let rules = LotteryRules {
        version: "t-1".into(),
        zone: "Asia/Shanghai".into(),
        cutoff: default_cutoff(),
        eligible_roles: ["sales".to_string()].into_iter().collect(),
        tiers: vec![PrizeTier { tier: Tier::Special, count: 1, prize: Prize { amount_cny: Some(100.into()), description: None } }],
        calendar: Default::default(),
        randomness: RandomnessSource::Rfc3797 { sources: "test numbers".into() },
    };
    amoeba_app::lottery::save_rules(&app.db, company, rules, "2026-11-02".parse().unwrap(), at("2026-11-01T04:00:00Z"))
        .await
        .expect("rules");
    amoeba_app::lottery::freeze(&app.db, company, day, at("2026-11-03T09:00:01Z")).await.expect("frozen");
    let numbers = amoeba_app::lottery::DrawInput::Rfc3797(LotteryNumbers { sources: vec![vec![1, 2, 3]] });
    amoeba_app::lottery::draw(&app.db, company, day, numbers, at("2026-11-03T13:00:00Z")).await.expect("drawn");
    let target =
        amoeba_app::goals::TargetRequest { cost: Some(1_000_000.into()), ..amoeba_app::goals::TargetRequest::new(2026, "AMZ-US-HOME") };
    amoeba_app::goals::derive(&app.db, company, &target, "2026-03-15".parse().unwrap()).await.expect("target");
    let pk = amoeba_app::pk::NewContest {
        code: "PK-1".into(),
        name: "A contest not over for a long while".into(),
        start: "2099-03-01".parse().unwrap(),
        end: "2099-03-31".parse().unwrap(),
        metric: amoeba_core::engagement::PkMetric::Sales,
        per_capita: false,
        teams: vec![("AMZ-US-HOME".into(), 100.into()), ("AMZ-DE".into(), 100.into())],
        stake: None,
    };
    amoeba_app::pk::create(&app.db, company, pk, "2099-02-01".parse().unwrap(), false).await.expect("contest");
    for unit in ["AMZ-US-HOME", "AMZ-US", "AMZ-DE"] {
        let cycle = amoeba_core::goals::Cycle::Monthly("2026-03".parse().unwrap());
        let criteria = vec![amoeba_core::goals::Criterion { code: "results".into(), weight_pct: 100.into() }];
        let new = amoeba_app::review_entry::NewCycle {
            cycle,
            unit: unit.into(),
            criteria,
            self_review: Default::default(),
            normalise: Default::default(),
        };
        amoeba_app::review_entry::open(&app.db, company, new).await.expect("a review cycle");
    }
}

/// The shared strings of an XLSX workbook (where its text cells live).
fn xlsx_strings(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an XLSX is a zip");
    let mut s = String::new();
    zip.by_name("xl/sharedStrings.xml").expect("shared strings").read_to_string(&mut s).expect("utf-8");
    s
}

/// One person's labour cost and hours are pay: only owner/finance see them
/// per person, on the page and in both exports; a leader and a member see
/// the unit's total (glass transparency is about units' figures).
#[tokio::test]
async fn labour_and_hours_are_listed_per_person_to_owners_only() {
    use amoeba_app::import::{import_file, ImportKind, NoProgress};
    let app = app_with(std::sync::Arc::new(amoeba_server::views::Live)).await;
    let company = app.db.company(Some("T")).await.expect("company");
    let facts = b"date,unit,kind,amount,currency\n2026-03-01,AMZ-US-HOME,sale,1000.00,CNY\n";
    import_file(&app.db, &company, ImportKind::Facts, "f.csv", facts, None, &mut NoProgress).await.expect("facts");
    let hours =
        b"person,unit,period,hours,overtime_hours,labour_cost\nM1,AMZ-US-HOME,2026-03,186,0,31000.00\nL1,AMZ-US,2026-03-02,8,0,900.00\n";
    import_file(&app.db, &company, ImportKind::Hours, "hours.csv", hours, None, &mut NoProgress).await.expect("hours");
    let base = "/units/AMZ-US/facts?line=labour&month=2026-03";
    for (role, per_person) in [(Role::Owner, true), (Role::Leader, false), (Role::Member, false)] {
        let s = app.login(role).await;
        // The member sees AMZ-US-HOME only (their unit); the others AMZ-US.
        let uri = if role == Role::Member { base.replace("/AMZ-US/", "/AMZ-US-HOME/") } else { base.to_string() };
        let page = app.get(&uri, Some(&s)).await;
        let csv = app.get(&format!("{uri}&table=facts&format=csv"), Some(&s)).await;
        let xlsx = app.get(&format!("{uri}&table=facts&format=xlsx"), Some(&s)).await;
        assert_eq!((page.status, csv.status, xlsx.status), (StatusCode::OK, StatusCode::OK, StatusCode::OK), "{role}");
        let xlsx = xlsx_strings(&xlsx.bytes);
        for (what, text) in [("page", &page.body), ("csv", &csv.body), ("xlsx", &xlsx)] {
            assert_eq!(text.contains("M1 在 AMZ-US-HOME"), per_person, "{role} {what}: M1's own line");
            assert_eq!(text.contains("人合计"), !per_person, "{role} {what}: unit totals");
        }
    }
}
