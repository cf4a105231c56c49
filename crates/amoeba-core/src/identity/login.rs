//! What makes a login name and a password acceptable, how long a session
//! lasts, and when repeated failures throttle a login.

use crate::Refusal;
use chrono::{DateTime, Duration, Utc};

/// How long a browser session lasts after login (a phone on the morning
/// board should not ask for the password every day).
pub const SESSION_DAYS: i64 = 14;
/// Failed logins allowed per login name within [`THROTTLE_MINUTES`].
pub const MAX_FAILURES: usize = 5;
/// Window over which failed logins are counted.
pub const THROTTLE_MINUTES: i64 = 15;
/// Shortest password accepted when a person chooses one.
pub const MIN_PASSWORD_LEN: usize = 10;
/// Login names are this long at least and at most.
const LOGIN_LEN: (usize, usize) = (2, 64);

/// Lower-cases and trims a login name so `Zhang.Wei ` and `zhang.wei` are one login.
pub fn normalise_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Refuses login names that would be awkward in URLs, cookies or terminals.
pub fn check_login(login: &str) -> Result<(), Refusal> {
    let l = normalise_login(login);
    let (min, max) = LOGIN_LEN;
    if l.len() < min || l.len() > max {
        return Err(Refusal::LoginLength { min, max });
    }
    if !l.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@')) {
        return Err(Refusal::LoginCharacters { login: l });
    }
    Ok(())
}

/// Refuses passwords that are too easy to guess when a person picks one.
pub fn check_password(password: &str) -> Result<(), Refusal> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(Refusal::PasswordTooShort { min: MIN_PASSWORD_LEN });
    }
    Ok(())
}

/// Whether a login is throttled `now`, given the times of its failed
/// attempts within the last [`THROTTLE_MINUTES`]: after [`MAX_FAILURES`]
/// every attempt is refused unchecked until the oldest counted failure
/// leaves the window. Answers the seconds to wait (at least 1).
pub fn throttled(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<i64> {
    let window = Duration::minutes(THROTTLE_MINUTES);
    let counted: Vec<DateTime<Utc>> = failures.iter().copied().filter(|t| *t > now - window).collect();
    if counted.len() < MAX_FAILURES {
        return None;
    }
    let oldest = counted.iter().min().copied().unwrap_or(now);
    Some((oldest + window - now).num_seconds().max(1))
}

/// How a login attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Password right, login enabled.
    Success(super::User),
    /// Unknown login, wrong password or disabled login (not told apart, so
    /// the answer does not reveal which logins exist).
    Refused,
    /// Too many failures lately; try again after this many seconds.
    Throttled {
        /// Seconds until the oldest counted failure leaves the window.
        retry_after_secs: i64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_normalised_and_checked() {
        assert_eq!(normalise_login(" Zhang.Wei "), "zhang.wei");
        assert!(check_login("zhang.wei@nbtq").is_ok());
        assert!(check_login("a b").is_err());
        assert!(check_login("x").is_err());
        assert!(check_password("short").is_err());
        assert!(check_password("long enough pw").is_ok());
    }

    #[test]
    fn the_fifth_failure_in_the_window_throttles_until_the_oldest_leaves() {
        let t0 = Utc::now();
        let failures: Vec<DateTime<Utc>> = (0..MAX_FAILURES as i64).map(|i| t0 + Duration::seconds(i)).collect();
        assert_eq!(throttled(&failures[..MAX_FAILURES - 1], t0 + Duration::seconds(10)), None);
        let wait = throttled(&failures, t0 + Duration::seconds(10)).expect("throttled");
        assert_eq!(wait, THROTTLE_MINUTES * 60 - 10);
        assert_eq!(throttled(&failures, t0 + Duration::minutes(THROTTLE_MINUTES) + Duration::seconds(1)), None);
    }
}
