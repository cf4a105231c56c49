//! The OpenAPI document, generated from the handlers' annotations.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Amoeba API",
        description = "Amoeba (阿米巴) REST API. Authenticate with `Authorization: Bearer amb_…` (make a token on the account page) \
                       or the browser session cookie (then send `X-CSRF-Token` on POST). What a caller may not see answers 404.",
        version = "1"
    ),
    paths(
        super::me::me,
        super::org::org,
        super::org::unit,
        super::org::person,
        super::org::store,
        super::figures::board,
        super::figures::pnl,
        super::imports::list,
        super::imports::upload,
        super::credit::credit,
        super::credit::order,
        super::alerts::alerts,
        super::operator::contracts,
        super::operator::contract,
        super::operator::report,
        super::pay::plans,
        super::pay::runs,
        super::pay::run,
        super::pay::approve,
        super::pay::lock,
        super::pay::statement,
        super::engage::targets,
        super::engage::derive,
        super::engage::unit_target,
        super::engage::person_targets,
        super::engage::person_wishes,
        super::engage::person_reviews,
        super::engage::lottery,
        super::engage::lottery_day,
        super::engage::lottery_record,
        super::engage::freeze,
        super::engage::draw,
        super::engage::contests,
        super::engage::contest,
        super::engage::create_contest,
        super::engage::decide,
        super::engage::leaderboard,
        super::playbooks::list,
        super::playbooks::template,
        super::playbooks::render,
    ),
    modifiers(&Security),
    tags(
        (name = "account", description = "Who is calling"),
        (name = "organisation", description = "Units, people, stores"),
        (name = "figures", description = "Morning board and unit P&L"),
        (name = "imports", description = "Data files in"),
        (name = "credit", description = "Who earned each sale; orders and their lifecycle"),
        (name = "alerts", description = "Risk alerts: episodes with the figures that fired them"),
        (name = "operator", description = "Third-party operators: contracts, trial verdicts, weekly and monthly reports"),
        (name = "pay", description = "Pay plans, payout runs (approve, lock), statements"),
        (name = "goals", description = "Targets: derivation, attainment and pace"),
        (name = "engagement", description = "The daily order lottery, PK contests, leaderboards"),
        (name = "playbooks", description = "Each unit's versioned templates: complaint replies, video scripts, livestream run-sheets; rendered with variables")
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
        components.add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::cookies::SESSION))));
    }
}

/// The document as pretty JSON.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
