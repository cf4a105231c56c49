//! Calendar months: the unit of closing, planning and monthly P&L.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A calendar month such as `2026-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// Builds a month, refusing a month number outside 1..=12.
    pub fn new(year: i32, month: u32) -> Result<Self, String> {
        if (1..=12).contains(&month) && (1900..=9999).contains(&year) {
            Ok(Self { year, month })
        } else {
            Err(format!("{year}-{month:02} is not a month"))
        }
    }

    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> Self {
        Self { year: day.year(), month: day.month() }
    }

    /// Year number.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Month number, 1..=12.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// First day of the month.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    /// Last day of the month.
    pub fn last_day(&self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }

    /// Number of days in the month.
    pub fn days(&self) -> u32 {
        self.last_day().day()
    }

    /// The following month.
    pub fn next(&self) -> Self {
        if self.month == 12 {
            Self { year: self.year + 1, month: 1 }
        } else {
            Self { year: self.year, month: self.month + 1 }
        }
    }

    /// The preceding month.
    pub fn prev(&self) -> Self {
        if self.month == 1 {
            Self { year: self.year - 1, month: 12 }
        } else {
            Self { year: self.year, month: self.month - 1 }
        }
    }

    /// Whether `day` falls in this month.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day.year() == self.year && day.month() == self.month
    }
}

impl FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || format!("'{s}' is not a month (expected YYYY-MM, e.g. 2026-10)");
        let (y, m) = t.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Month::new(year, month).map_err(|_| bad())
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_walks_months() {
        let m: Month = "2026-12".parse().unwrap();
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.prev().to_string(), "2026-11");
        assert_eq!(m.days(), 31);
        assert_eq!("2028-02".parse::<Month>().unwrap().days(), 29);
        assert!("2026-13".parse::<Month>().is_err());
        assert!("26-01".parse::<Month>().is_err());
    }
}
