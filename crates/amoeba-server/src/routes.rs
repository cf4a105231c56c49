//! Every route in one list. The same list builds the router and feeds the
//! access-matrix test, so a route added without an expected answer for
//! every role fails the build's tests.
//!
//! The guard of each route decides who may reach it at all (by role); the
//! handler then checks the object (this unit, this person, this store)
//! through [`crate::access`].

use crate::state::S;
use crate::{api, guard, pages};
use amoeba_core::identity::Role;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, MethodRouter};
use axum::Router;

/// Who may reach a route at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Anyone, logged in or not (login, health, assets, API docs).
    Public,
    /// Any logged-in user.
    Signed,
    /// The company's own staff: owners, leaders and members (not third-party operators).
    Staff,
    /// Owners / finance only.
    Owner,
}

impl Guard {
    /// Whether a logged-in user of `role` passes.
    pub fn allows(&self, role: Role) -> bool {
        match self {
            Guard::Public | Guard::Signed => true,
            Guard::Staff => role.sees_board(),
            Guard::Owner => role.administers(),
        }
    }
}

/// One route.
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Path pattern (axum syntax, `{code}` for parameters).
    pub path: &'static str,
    /// Who may reach it.
    pub guard: Guard,
    /// Accepts a multipart file upload (large body limit; the upload reader checks CSRF).
    pub upload: bool,
    handler: fn() -> MethodRouter<S>,
}

/// Largest upload accepted by default (a year of Amazon settlements for a
/// big store); over it the answer is 413 naming the limit.
pub const UPLOAD_LIMIT: usize = 512 * 1024 * 1024;

const fn r(method: &'static str, path: &'static str, guard: Guard, handler: fn() -> MethodRouter<S>) -> Route {
    Route { method, path, guard, upload: false, handler }
}

const fn upload(path: &'static str, guard: Guard, handler: fn() -> MethodRouter<S>) -> Route {
    Route { method: "POST", path, guard, upload: true, handler }
}

use Guard::*;

/// Every route of the server.
pub static ROUTES: &[Route] = &[
    r("GET", "/", Public, || get(pages::home::root)),
    r("GET", "/health", Public, || get(pages::home::health)),
    r("GET", "/assets/style.css", Public, || get(pages::assets::style)),
    r("GET", "/assets/app.js", Public, || get(pages::assets::script)),
    r("GET", "/login", Public, || get(pages::login::form)),
    r("POST", "/login", Public, || post(pages::login::submit)),
    r("POST", "/logout", Signed, || post(pages::login::logout)),
    r("GET", "/account", Signed, || get(pages::account::page)),
    r("POST", "/account/password", Signed, || post(pages::account::change_password)),
    r("POST", "/account/tokens", Signed, || post(pages::account::create_token)),
    r("POST", "/account/tokens/{id}/revoke", Signed, || post(pages::account::revoke_token)),
    r("GET", "/board", Staff, || get(pages::board::page)),
    r("GET", "/board/tv", Staff, || get(pages::meeting::tv)),
    r("GET", "/board/sheet", Staff, || get(pages::meeting::sheet)),
    r("GET", "/units", Staff, || get(pages::units::index)),
    r("GET", "/units/{code}/pnl", Staff, || get(pages::pnl::page)),
    r("GET", "/units/{code}/facts", Staff, || get(pages::facts::page)),
    r("GET", "/me", Signed, || get(pages::person::me)),
    r("GET", "/people/{code}", Signed, || get(pages::person::page)),
    r("GET", "/stores/{code}", Signed, || get(pages::store::page)),
    r("GET", "/orders/{store}/{id}", Signed, || get(pages::order::page)),
    r("GET", "/alerts", Signed, || get(pages::alerts::index)),
    r("POST", "/alerts/{id}/ack", Signed, || post(pages::alerts::ack)),
    r("GET", "/operator", Signed, || get(pages::operator::index)),
    r("POST", "/operator/contracts", Owner, || post(pages::operator::save)),
    r("GET", "/operator/{code}", Signed, || get(pages::operator::contract)),
    r("GET", "/operator/{code}/report", Signed, || get(pages::operator::report_page)),
    r("POST", "/operator/{code}/report/notes", Signed, || post(pages::operator::note)),
    r("GET", "/targets", Staff, || get(pages::targets::index)),
    r("GET", "/targets/{unit}", Staff, || get(pages::targets::unit)),
    r("GET", "/lottery", Staff, || get(pages::lottery::index)),
    r("GET", "/lottery/{day}", Staff, || get(pages::lottery::day)),
    r("GET", "/pk", Staff, || get(pages::pk::index)),
    r("GET", "/pk/{code}", Staff, || get(pages::pk::contest)),
    r("GET", "/leaderboard", Staff, || get(pages::leaderboard::page)),
    r("GET", "/imports", Owner, || get(pages::imports::page)),
    upload("/imports", Owner, || post(pages::imports::upload)),
    r("GET", "/admin/org", Owner, || get(pages::admin_org::page)),
    upload("/admin/org", Owner, || post(pages::admin_org::upload)),
    r("GET", "/admin/accounting", Owner, || get(pages::admin_accounting::page)),
    r("POST", "/admin/periods/{month}/close", Owner, || post(pages::admin_accounting::close)),
    r("GET", "/admin/pay", Owner, || get(pages::pay::admin)),
    upload("/admin/pay/plans", Owner, || post(pages::pay::upload_plan)),
    r("POST", "/admin/pay/runs/{month}/{action}", Owner, || post(pages::pay::run_action)),
    upload("/admin/pay/whatif", Owner, || post(pages::pay::whatif)),
    r("POST", "/admin/pay/disputes/{id}/answer", Owner, || post(pages::pay::answer)),
    r("GET", "/pay/runs/{month}", Staff, || get(pages::pay::run_page)),
    r("GET", "/people/{code}/pay", Signed, || get(pages::pay::statement_page)),
    r("POST", "/people/{code}/pay/disputes", Signed, || post(pages::pay::dispute)),
    r("GET", "/admin/users", Owner, || get(pages::admin_users::page)),
    r("POST", "/admin/users", Owner, || post(pages::admin_users::add)),
    r("POST", "/admin/users/{id}/reset", Owner, || post(pages::admin_users::reset)),
    r("POST", "/admin/users/{id}/disable", Owner, || post(pages::admin_users::disable)),
    r("POST", "/admin/users/{id}/enable", Owner, || post(pages::admin_users::enable)),
    r("GET", "/api/openapi.json", Public, || get(api::docs::openapi)),
    r("GET", "/api/docs", Public, || get(api::docs::viewer)),
    r("GET", "/api/docs/init.js", Public, || get(api::docs::init_js)),
    r("GET", "/api/docs/swagger-ui-bundle.js", Public, || get(api::docs::bundle_js)),
    r("GET", "/api/docs/swagger-ui.css", Public, || get(api::docs::bundle_css)),
    r("GET", "/api/v1/me", Signed, || get(api::me::me)),
    r("GET", "/api/v1/org", Staff, || get(api::org::org)),
    r("GET", "/api/v1/units/{code}", Staff, || get(api::org::unit)),
    r("GET", "/api/v1/units/{code}/pnl", Staff, || get(api::figures::pnl)),
    r("GET", "/api/v1/board", Staff, || get(api::figures::board)),
    r("GET", "/api/v1/people/{code}", Signed, || get(api::org::person)),
    r("GET", "/api/v1/stores/{code}", Signed, || get(api::org::store)),
    r("GET", "/api/v1/credit", Signed, || get(api::credit::credit)),
    r("GET", "/api/v1/orders/{store}/{id}", Signed, || get(api::credit::order)),
    r("GET", "/api/v1/alerts", Signed, || get(api::alerts::alerts)),
    r("GET", "/api/v1/operator/contracts", Signed, || get(api::operator::contracts)),
    r("GET", "/api/v1/operator/contracts/{code}", Signed, || get(api::operator::contract)),
    r("GET", "/api/v1/operator/contracts/{code}/report", Signed, || get(api::operator::report)),
    r("GET", "/api/v1/pay/plans", Owner, || get(api::pay::plans)),
    r("GET", "/api/v1/pay/runs", Owner, || get(api::pay::runs)),
    r("GET", "/api/v1/pay/runs/{month}", Staff, || get(api::pay::run)),
    r("POST", "/api/v1/pay/runs/{month}/approve", Owner, || post(api::pay::approve)),
    r("POST", "/api/v1/pay/runs/{month}/lock", Owner, || post(api::pay::lock)),
    r("GET", "/api/v1/pay/statements/{person}", Signed, || get(api::pay::statement)),
    r("GET", "/api/v1/targets", Staff, || get(api::engage::targets)),
    r("POST", "/api/v1/targets", Owner, || post(api::engage::derive)),
    r("GET", "/api/v1/targets/{unit}", Staff, || get(api::engage::unit_target)),
    r("GET", "/api/v1/people/{code}/targets", Signed, || get(api::engage::person_targets)),
    r("GET", "/api/v1/people/{code}/wishes", Signed, || get(api::engage::person_wishes)),
    r("GET", "/api/v1/people/{code}/reviews", Signed, || get(api::engage::person_reviews)),
    r("GET", "/api/v1/lottery", Staff, || get(api::engage::lottery)),
    r("GET", "/api/v1/lottery/{day}", Staff, || get(api::engage::lottery_day)),
    r("GET", "/api/v1/lottery/{day}/record", Staff, || get(api::engage::lottery_record)),
    r("POST", "/api/v1/lottery/{day}/freeze", Owner, || post(api::engage::freeze)),
    r("POST", "/api/v1/lottery/{day}/draw", Owner, || post(api::engage::draw)),
    r("GET", "/api/v1/pk", Staff, || get(api::engage::contests)),
    r("POST", "/api/v1/pk", Owner, || post(api::engage::create_contest)),
    r("GET", "/api/v1/pk/{code}", Staff, || get(api::engage::contest)),
    r("POST", "/api/v1/pk/{code}/result", Owner, || post(api::engage::decide)),
    r("GET", "/api/v1/leaderboard", Staff, || get(api::engage::leaderboard)),
    r("GET", "/api/v1/imports", Owner, || get(api::imports::list)),
    upload("/api/v1/imports", Owner, || post(api::imports::upload)),
    r("GET", "/reviews", Staff, || get(pages::review::index)),
    r("POST", "/reviews", Staff, || post(pages::review::open_cycle)),
    r("GET", "/reviews/{cycle}/{unit}", Staff, || get(pages::review_sheet::page)),
    r("POST", "/reviews/{cycle}/{unit}", Staff, || post(pages::review_sheet::score)),
    r("POST", "/reviews/{cycle}/{unit}/self", Staff, || post(pages::review_sheet::self_review)),
    r("GET", "/playbooks", Staff, || get(pages::playbooks::index)),
    r("POST", "/playbooks", Staff, || post(pages::playbooks::add)),
    r("GET", "/playbooks/{unit}/{code}", Staff, || get(pages::playbooks::template)),
    r("GET", "/playbooks/{unit}/{code}/render", Staff, || get(pages::playbooks::render_page)),
    r("GET", "/api/v1/playbooks", Staff, || get(api::playbooks::list)),
    r("GET", "/api/v1/playbooks/{unit}/{code}", Staff, || get(api::playbooks::template)),
    r("GET", "/api/v1/playbooks/{unit}/{code}/render", Staff, || get(api::playbooks::render)),
];

/// Builds the router from [`ROUTES`], each route behind its guard.
pub fn build(state: S) -> Router {
    let mut router = Router::new();
    for route in ROUTES {
        let mut method_router = (route.handler)().route_layer(axum::middleware::from_fn_with_state((state.clone(), route), guard::check));
        if route.upload {
            method_router = method_router.layer(DefaultBodyLimit::max(state.upload_limit));
        }
        router = router.route(route.path, method_router);
    }
    guard::global_layers(router.fallback(pages::home::not_found)).with_state(state)
}
