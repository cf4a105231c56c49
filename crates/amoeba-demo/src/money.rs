//! Amounts as integers of the currency's minor unit (cents, or yen), and
//! their text in either number convention. No floating point touches money.

use rust_decimal::Decimal;

/// The currencies the demo company deals in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cur {
    Cny,
    Usd,
    Eur,
    Gbp,
    Jpy,
}

impl Cur {
    /// ISO code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Cur::Cny => "CNY",
            Cur::Usd => "USD",
            Cur::Eur => "EUR",
            Cur::Gbp => "GBP",
            Cur::Jpy => "JPY",
        }
    }

    /// Decimal places of the minor unit (yen have none).
    pub(crate) fn dp(self) -> u32 {
        match self {
            Cur::Jpy => 0,
            _ => 2,
        }
    }

    /// Foreign currencies, in FX-file order.
    pub(crate) const FOREIGN: [Cur; 4] = [Cur::Usd, Cur::Eur, Cur::Gbp, Cur::Jpy];

    /// Index into [`Cur::FOREIGN`] (`None` for the base currency).
    pub(crate) fn foreign_index(self) -> Option<usize> {
        Cur::FOREIGN.iter().position(|c| *c == self)
    }
}

/// Formats `minor` units with `dp` decimals, with a decimal point or comma.
/// No thousands separators (neither Amazon nor spreadsheets write them in
/// exports).
pub(crate) fn fmt_minor(minor: i64, dp: u32, comma: bool) -> String {
    if dp == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(dp);
    let sign = if minor < 0 { "-" } else { "" };
    let a = minor.unsigned_abs();
    let mark = if comma { ',' } else { '.' };
    format!("{sign}{}{mark}{:0width$}", a / scale as u64, a % scale as u64, width = dp as usize)
}

/// Formats an amount in `cur` with a decimal point.
pub(crate) fn fmt(minor: i64, cur: Cur) -> String {
    fmt_minor(minor, cur.dp(), false)
}

/// `value × per_mille / 1000`, rounded half away from zero.
pub(crate) fn per_mille(value: i64, per_mille: i64) -> i64 {
    div_round(value * per_mille, 1000)
}

/// `a / b` rounded half away from zero (`b > 0`).
pub(crate) fn div_round(a: i64, b: i64) -> i64 {
    debug_assert!(b > 0);
    if a >= 0 {
        (a + b / 2) / b
    } else {
        -((-a + b / 2) / b)
    }
}

/// Minor units as an exact decimal.
pub(crate) fn decimal(minor: i64, dp: u32) -> Decimal {
    Decimal::new(minor, dp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_both_conventions() {
        assert_eq!(fmt_minor(123456, 2, false), "1234.56");
        assert_eq!(fmt_minor(-5, 2, true), "-0,05");
        assert_eq!(fmt_minor(-1980, 0, false), "-1980");
        assert_eq!(fmt_minor(7123400, 6, false), "7.123400");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(per_mille(1005, 150), 151);
        assert_eq!(per_mille(-1005, 150), -151);
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(-5, 2), -3);
    }
}
