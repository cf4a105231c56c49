//! Today, in the company's time zone: the one clock the month-to-date rule
//! (`amoeba_core::accounting::as_of_day`) and the pages read.
//!
//! `AMOEBA_TODAY=YYYY-MM-DD` fixes the day — to rehearse a month as it will
//! stand on a given day, and for tests that walk through a month. Anything
//! else in it is refused, never silently ignored.

use crate::{AppError, Result};
use amoeba_store::org_repo::CompanyRow;
use chrono::NaiveDate;

/// The environment variable that fixes today.
pub const TODAY_VAR: &str = "AMOEBA_TODAY";

/// Where "today" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system clock, read in the company's zone.
    #[default]
    System,
    /// A fixed day (rehearsals and tests).
    Fixed(NaiveDate),
}

impl Clock {
    /// The clock `AMOEBA_TODAY` asks for (the system clock when unset).
    pub fn from_env() -> Result<Clock> {
        match std::env::var(TODAY_VAR) {
            Ok(fixed) => fixed.trim().parse().map(Clock::Fixed).map_err(|_| {
                AppError::Refused(amoeba_core::Refusal::BadSetting {
                    name: TODAY_VAR.to_string(),
                    value: fixed.to_string(),
                    expected: "a day, YYYY-MM-DD".to_string(),
                })
            }),
            Err(_) => Ok(Clock::System),
        }
    }

    /// The instant now: the system clock, or the last second of the fixed
    /// day in the company's zone (a rehearsed day has passed all its cut-offs).
    pub fn now(&self, company: &CompanyRow) -> chrono::DateTime<chrono::Utc> {
        match self {
            Clock::System => chrono::Utc::now(),
            Clock::Fixed(day) => {
                let tz: chrono_tz::Tz = company.company.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
                let end = day.and_hms_opt(23, 59, 59).unwrap_or_default();
                chrono::TimeZone::from_local_datetime(&tz, &end).earliest().map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc))
            }
        }
    }

    /// Today in the company's zone (Asia/Shanghai when the zone is unreadable).
    pub fn today(&self, company: &CompanyRow) -> NaiveDate {
        match self {
            Clock::Fixed(day) => *day,
            Clock::System => {
                let tz: chrono_tz::Tz = company.company.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
                chrono::Utc::now().with_timezone(&tz).date_naive()
            }
        }
    }
}
