//! Small helpers the pages share: names in the reader's language and the
//! figure tiles.

use crate::i18n::Lang;
use crate::table::Value;
use amoeba_core::org::{standard_role, Org, UnitKind};
use rust_decimal::Decimal;
use serde::Serialize;

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
