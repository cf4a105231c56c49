//! Stored timestamps as pages show them. The database keeps RFC 3339 in UTC
//! (`2026-12-02T13:43:11Z`, also what the API returns); people read the
//! company's local time to the minute (`2026-12-02 21:43` in Shanghai).
//! Every page showing a stored timestamp goes through [`local`].

use crate::ctx::Ctx;
use chrono::DateTime;
use chrono_tz::Tz;

/// `stamp` in the company's time zone, as `YYYY-MM-DD HH:MM`.
pub fn local(ctx: &Ctx, stamp: &str) -> String {
    in_zone(stamp, &ctx.company.company.timezone)
}

/// `stamp` in the IANA zone `tz` (UTC when the name is not known), as
/// `YYYY-MM-DD HH:MM`; a text that is not RFC 3339 is shown as it is.
pub fn in_zone(stamp: &str, tz: &str) -> String {
    let Ok(at) = DateTime::parse_from_rfc3339(stamp) else { return stamp.to_string() };
    let zone: Tz = tz.parse().unwrap_or(Tz::UTC);
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_stamps_show_in_the_company_zone_to_the_minute() {
        assert_eq!(in_zone("2026-12-02T13:43:11Z", "Asia/Shanghai"), "2026-12-02 21:43");
        assert_eq!(in_zone("2026-12-31T20:00:00Z", "Asia/Shanghai"), "2027-01-01 04:00", "the day turns over");
        assert_eq!(in_zone("2026-07-01T12:00:00Z", "America/Los_Angeles"), "2026-07-01 05:00", "summer time");
        assert_eq!(in_zone("2026-12-02T13:43:11Z", "Nowhere/Else"), "2026-12-02 13:43");
        assert_eq!(in_zone("2026-12-02", "Asia/Shanghai"), "2026-12-02", "not a stamp: as it is");
    }
}
