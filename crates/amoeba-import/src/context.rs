//! What the caller knows about a file that the file itself does not say:
//! the store it belongs to, that store's time zone, its currency and the
//! marketplace's number convention.

use crate::number::NumberStyle;
use amoeba_core::money::Currency;
use chrono_tz::Tz;

/// Caller-supplied facts about the file being imported.
#[derive(Debug, Clone)]
pub struct ImportContext {
    /// Time zone in which a timestamp becomes a business day: the store's
    /// zone for marketplace files, the company's for generic files.
    pub tz: Tz,
    /// Store code (`--store`); required for marketplace reports, which do
    /// not name the store they belong to.
    pub store: Option<String>,
    /// Currency to assume when a file has no currency column (ads reports).
    pub currency: Option<Currency>,
    /// Number convention when known (e.g. decimal comma for Amazon DE/FR/IT/ES);
    /// `None` lets the parser detect it from the file.
    pub number_style: Option<NumberStyle>,
}

impl ImportContext {
    /// A context with only a time zone: no store, currency or number style.
    pub fn new(tz: Tz) -> Self {
        Self { tz, store: None, currency: None, number_style: None }
    }

    /// Sets the store the file belongs to.
    pub fn with_store(mut self, store: impl Into<String>) -> Self {
        self.store = Some(store.into());
        self
    }

    /// Sets the currency to assume when the file does not say.
    pub fn with_currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// Forces a number convention instead of detecting it.
    pub fn with_number_style(mut self, style: NumberStyle) -> Self {
        self.number_style = Some(style);
        self
    }
}

impl Default for ImportContext {
    /// The company default: Asia/Shanghai, nothing else known.
    fn default() -> Self {
        Self::new(chrono_tz::Asia::Shanghai)
    }
}
