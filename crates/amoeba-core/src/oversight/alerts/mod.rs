//! Risk alerts: rules as data ([`rules`]), evaluated daily over plain
//! inputs, each alert carrying the figures that fired it, fired once per
//! episode ([`episode`]). Seed 001: an FX swing "can eat half a year's
//! profit in a day", overstock and storage fees break cash flow, marketing
//! answers for ACoS. Each rule, its formula and a worked example are in
//! docs/oversight.md, "Alerts".

pub mod ads;
pub mod episode;
pub mod fx;
pub mod refunds;
pub mod rules;
pub mod slump;
pub mod stock;
pub mod storage;

use crate::money::Currency;
use crate::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an alert is about. Two alerts of one kind about one subject are the
/// same episode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Subject {
    /// The unit (FX exposure is a unit's).
    pub unit: Option<String>,
    /// The store.
    pub store: Option<String>,
    /// The SKU.
    pub sku: Option<String>,
    /// The currency (FX exposure).
    pub currency: Option<Currency>,
}

impl Subject {
    /// A store's, or a store's SKU's.
    pub fn store(store: &str, sku: Option<&str>) -> Self {
        Subject { store: Some(store.to_string()), sku: sku.map(str::to_string), ..Default::default() }
    }

    /// How the subject reads in a sentence: `ALI-1 / LAMP`, `U1 USD`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.unit.clone());
        parts.extend(self.store.clone());
        parts.extend(self.sku.clone());
        let mut s = parts.join(" / ");
        if let Some(c) = self.currency {
            s.push(' ');
            s.push_str(c.as_str());
        }
        s
    }
}

/// The kind of an alert and its subject: what makes two days' alerts one episode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AlertKey {
    /// The alert's code ([`AlertDetail::code`]).
    pub code: &'static str,
    /// What it is about.
    pub subject: Subject,
}

/// The figures that fired an alert, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "figures", rename_all = "snake_case")]
pub enum AlertDetail {
    /// Foreign money not yet deposited, and what the rate move since booking costs.
    FxExposure(fx::FxExposure),
    /// More days of cover than the limit, and what the excess costs in storage.
    Overstock(stock::Overstock),
    /// Fewer days of cover than lead time plus safety days.
    StockOutRisk(stock::StockOutRisk),
    /// Storage fees well above their usual level.
    StorageFeeSpike(storage::StorageFeeSpike),
    /// ACoS over its guardrail once enough was spent or clicked.
    AcosOverGuardrail(ads::AcosOverGuardrail),
    /// Sales or conversion below their normal variation.
    Slump(slump::Slump),
    /// Refund rate well above its baseline.
    RefundRateSpike(refunds::RefundRateSpike),
}

impl AlertDetail {
    /// A stable snake_case id, for programs and for episodes.
    pub fn code(&self) -> &'static str {
        match self {
            AlertDetail::FxExposure(_) => "fx_exposure",
            AlertDetail::Overstock(_) => "overstock",
            AlertDetail::StockOutRisk(_) => "stock_out_risk",
            AlertDetail::StorageFeeSpike(_) => "storage_fee_spike",
            AlertDetail::AcosOverGuardrail(_) => "acos_over_guardrail",
            AlertDetail::Slump(s) => s.metric.code(),
            AlertDetail::RefundRateSpike(_) => "refund_rate_spike",
        }
    }

    /// Why it fired, with its figures, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            AlertDetail::FxExposure(x) => x.render(lang),
            AlertDetail::Overstock(x) => x.render(lang),
            AlertDetail::StockOutRisk(x) => x.render(lang),
            AlertDetail::StorageFeeSpike(x) => x.render(lang),
            AlertDetail::AcosOverGuardrail(x) => x.render(lang),
            AlertDetail::Slump(x) => x.render(lang),
            AlertDetail::RefundRateSpike(x) => x.render(lang),
        }
    }
}

/// One fired alert: about what, on which day, and the figures behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// What it is about.
    pub subject: Subject,
    /// The day evaluated.
    pub day: NaiveDate,
    /// The figures that fired it.
    pub detail: AlertDetail,
}

impl Alert {
    /// Its episode key.
    pub fn key(&self) -> AlertKey {
        AlertKey { code: self.detail.code(), subject: self.subject.clone() }
    }

    /// The subject and the reason as one sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let sep = lang.pick("：", ": ");
        format!("{}{sep}{}", self.subject.describe(), self.detail.render(lang))
    }
}

/// The outcome of evaluating one rule for one subject on one day: an episode
/// ends only on a day its rule was evaluated and did not fire (a day without
/// data leaves it open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// What was evaluated.
    pub key: AlertKey,
    /// The alert, when the rule fired.
    pub alert: Option<Alert>,
}

impl Evaluation {
    fn of(code: &'static str, subject: Subject, day: NaiveDate, detail: Option<AlertDetail>) -> Self {
        let alert = detail.map(|detail| {
            debug_assert_eq!(detail.code(), code, "an evaluation's alert has the evaluation's code");
            Alert { subject: subject.clone(), day, detail }
        });
        Evaluation { key: AlertKey { code, subject }, alert }
    }
}

/// A ratio shown as a percentage with one decimal (0.18754 → `18.8%`).
pub(crate) fn pct(ratio: rust_decimal::Decimal) -> String {
    format!("{}%", crate::accounting::metrics::round_dp(ratio * rust_decimal::Decimal::ONE_HUNDRED, 1))
}

#[cfg(test)]
pub(crate) fn has_chinese(t: &str) -> bool {
    t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}
