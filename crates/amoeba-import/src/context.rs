//! What the caller knows about a file that the file itself does not say:
//! the store it belongs to, that store's time zone, its currency and the
//! marketplace's number convention.

use crate::number::NumberStyle;
use crate::reason::Reason;
use amoeba_core::money::Currency;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::HashMap;
use std::sync::Arc;

/// The earliest business day a file may carry. Amoeba's marketplaces
/// (Amazon's third-party selling, TikTok Shop, Alibaba.com, Wish) all began
/// later; a `1900-01-01` or `0000-01-01` is a broken cell, and stored it
/// would make every close demand that its month be closed first.
pub const EARLIEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("2000-01-01 is a date"),
};

/// Days after today a dated row may carry: a store's zone can be a day
/// ahead of the company's, nothing real is further ahead.
pub const FUTURE_DAYS: u64 = 1;

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
    /// The company's base currency, whose rate must be 1.
    pub base: Option<Currency>,
    /// The last business day a row may carry (today + [`FUTURE_DAYS`]);
    /// `None` when the caller has no clock (only [`EARLIEST_DAY`] holds).
    pub latest_day: Option<NaiveDate>,
    /// For an XLSX workbook: the sheet to read (case ignored); `None` reads
    /// the first sheet.
    pub sheet: Option<String>,
    /// Each store's time zone, for files whose rows name their store and
    /// carry local timestamps (orders); `None`: every row is in `tz`.
    pub store_zones: Option<Arc<HashMap<String, Tz>>>,
}

impl ImportContext {
    /// A context with only a time zone: no store, currency or number style.
    pub fn new(tz: Tz) -> Self {
        Self { tz, store: None, currency: None, number_style: None, base: None, latest_day: None, sheet: None, store_zones: None }
    }

    /// Sets the base currency (an FX file's rate for it must be 1).
    pub fn with_base(mut self, base: Currency) -> Self {
        self.base = Some(base);
        self
    }

    /// Sets today, so a row dated beyond today + [`FUTURE_DAYS`] is refused.
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.latest_day = today.checked_add_days(chrono::Days::new(FUTURE_DAYS));
        self
    }

    /// Refuses a day no real record carries (see [`EARLIEST_DAY`],
    /// [`FUTURE_DAYS`]): validated at import, since stored it would poison
    /// every later close and report.
    pub fn check_day(&self, day: NaiveDate) -> Result<NaiveDate, Reason> {
        let too_late = self.latest_day.is_some_and(|l| day > l);
        if day < EARLIEST_DAY || too_late {
            return Err(Reason::DayOutOfRange {
                day: day.to_string(),
                earliest: EARLIEST_DAY.to_string(),
                latest: self.latest_day.map(|d| d.to_string()),
            });
        }
        Ok(day)
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

    /// Names the sheet of an XLSX workbook to read (else the first).
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Gives each store's IANA time zone (the organisation's stores):
    /// a row naming a store not in the map is refused (`unknown_store`).
    pub fn with_store_zones(mut self, zones: HashMap<String, Tz>) -> Self {
        self.store_zones = Some(Arc::new(zones));
        self
    }

    /// The time zone of a row of `store`: its zone from
    /// [`Self::with_store_zones`], else the file's `tz` when no map was
    /// given; an unknown store is refused.
    pub fn zone_of(&self, store: &str) -> Result<Tz, Reason> {
        match &self.store_zones {
            None => Ok(self.tz),
            Some(zones) => zones.get(store).copied().ok_or_else(|| Reason::UnknownStore { code: store.to_string() }),
        }
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
