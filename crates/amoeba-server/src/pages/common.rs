//! Small helpers the pages share: loading the organisation, the company's
//! "today", names in the reader's language, and the figure tiles.

use crate::ctx::Ctx;
use crate::error::Fail;
use crate::i18n::Lang;
use crate::state::S;
use crate::table::Value;
use amoeba_core::org::{standard_role, Org, UnitKind};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// The company's organisation (every page that checks an object needs it).
/// Read once per data change (every page needs it; an organisation file
/// raises the data version, so the kept one is never stale).
pub async fn load_org(s: &S, ctx: &Ctx) -> Result<Org, Fail> {
    let id = ctx.company.id;
    let version = s.db.data_version(id).await.map_err(|e| ctx.internal(e))?;
    let org = ORGS.get_or_compute(&s.db.display_url, id, version, String::new(), async { s.db.load_org(id).await.map(Arc::new) }).await;
    org.map(|o| Org::clone(&o)).map_err(|e| ctx.internal(e))
}

/// Organisations kept per data version.
static ORGS: amoeba_app::version_cache::VersionedCache<Arc<Org>> = amoeba_app::version_cache::VersionedCache::new();

/// Today in the company's time zone (the board's "yesterday" is the day before).
pub fn today(ctx: &Ctx) -> NaiveDate {
    ctx.today
}

/// The last day with any imported fact, so the board and P&L open on data
/// (a demo loaded up to last month shows last month, not an empty today).
pub async fn last_fact_day(s: &S, ctx: &Ctx) -> Result<Option<NaiveDate>, Fail> {
    s.db.last_fact_day(ctx.company.id).await.map_err(|e| ctx.internal(e))
}

/// The default day of the board: yesterday, or the last day with data if earlier.
pub async fn default_day(s: &S, ctx: &Ctx) -> Result<NaiveDate, Fail> {
    let yesterday = today(ctx).pred_opt().unwrap_or_else(|| today(ctx));
    Ok(match last_fact_day(s, ctx).await? {
        Some(d) if d < yesterday => d,
        _ => yesterday,
    })
}

/// A unit's name in the reader's language.
pub fn unit_name(org: &Org, code: &str, lang: Lang) -> String {
    match org.unit(code) {
        Some(u) => match (lang, &u.name_en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en.clone(),
            _ => u.name.clone(),
        },
        None => code.to_string(),
    }
}

/// A role's name in the reader's language (standard or custom role).
pub fn role_name(org: &Org, code: &str, lang: Lang) -> String {
    if let Some(r) = standard_role(code) {
        return match lang {
            Lang::Zh => r.name_zh.to_string(),
            Lang::En => r.name_en.to_string(),
        };
    }
    org.roles.iter().find(|r| r.code == code).map(|r| r.name.clone()).unwrap_or_else(|| code.to_string())
}

/// A person's display name.
pub fn person_name(org: &Org, code: &str) -> String {
    org.people.iter().find(|p| p.code == code).map(|p| p.name.clone()).unwrap_or_else(|| code.to_string())
}

/// Translation key of a unit kind.
pub fn kind_key(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::ProfitCentre => "unit.profit_centre",
        UnitKind::ServiceCentre => "unit.service_centre",
    }
}

/// A headline figure.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    /// Translation key of the label.
    pub key: &'static str,
    /// Formatted value.
    pub value: String,
    /// Shown as a loss.
    pub neg: bool,
}

impl Tile {
    /// A money tile (no decimals: a headline, the tables carry the cents).
    pub fn money(key: &'static str, amount: Decimal) -> Self {
        Tile { key, value: Value::Dec(amount, 0).text(), neg: amount.is_sign_negative() && !amount.is_zero() }
    }

    /// A tile that may have no value.
    pub fn opt(key: &'static str, value: Option<Value>) -> Self {
        let neg = matches!(&value, Some(Value::Dec(d, _)) if d.is_sign_negative() && !d.is_zero());
        Tile { key, value: value.map(|v| v.text()).unwrap_or_else(|| "—".into()), neg }
    }
}
