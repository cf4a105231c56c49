//! How a statement writes its numbers, in Chinese and English: money as
//! `¥123 456.78` (a space between thousands, at least two places, every
//! exact place kept), rates as `3%`, and a rounding shown as `= exact →
//! rounded` so the one rounding of a line is visible on the line.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A sentence in both languages: every statement line and pool carries its
/// arithmetic this way, so the page, the export and the API show the same
/// words in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// 简体中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Both languages at once.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// Groups the digits of a non-negative integer text by three with spaces.
fn group(int: &str) -> String {
    let n = int.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A decimal with grouped thousands and at least `min_dp` places; places
/// beyond that are kept only when they are not zero (an exact product shows
/// all of its digits).
pub fn number(x: Decimal, min_dp: u32) -> String {
    let mut v = x.normalize();
    if v.scale() < min_dp {
        v.rescale(min_dp);
    }
    let text = v.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let sign = if x.is_sign_negative() && !x.is_zero() { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{}.{f}", group(&int)),
        None => format!("{sign}{}", group(&int)),
    }
}

/// Money in the base currency: `¥123 456.78`, `-¥5.00`.
pub fn yuan(x: Decimal) -> String {
    let n = number(x, 2);
    match n.strip_prefix('-') {
        Some(rest) => format!("-¥{rest}"),
        None => format!("¥{n}"),
    }
}

/// A rate given as a fraction, shown in percent: 0.03 → `3%`, 0.015 → `1.5%`.
pub fn pct(rate: Decimal) -> String {
    format!("{}%", (rate * Decimal::ONE_HUNDRED).normalize())
}

/// A percentage already in percent (an attainment of 92.35): `92.35%`.
pub fn pct_value(p: Decimal) -> String {
    format!("{}%", p.normalize())
}

/// A plain factor or count as written: 1.2, 160, 1.0498.
pub fn plain(x: Decimal) -> String {
    x.normalize().to_string()
}

/// A factor or weight that may not terminate (a days-weighted coefficient,
/// an exact share): as is when it has at most 4 places, else `≈` and 4 places.
pub fn approx(x: Decimal) -> String {
    let r = x.round_dp(4);
    if r == x {
        plain(x)
    } else {
        format!("≈{}", plain(r))
    }
}

/// Money that may not terminate (an exact share of a pool): `¥1 234.5678`
/// or `≈¥3 333.3333`.
pub fn approx_yuan(x: Decimal) -> String {
    let r = x.round_dp(4);
    if r == x {
        yuan(x)
    } else {
        format!("≈{}", yuan(r))
    }
}

/// `= ¥703.7034 → ¥703.70` when rounding changed the figure, else `= ¥703.70`.
pub fn equals_rounded(exact: Decimal, rounded: Decimal) -> String {
    if exact == rounded {
        format!("= {}", yuan(rounded))
    } else {
        format!("= {} → {}", yuan(exact), yuan(rounded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_groups_thousands_and_keeps_exact_places() {
        assert_eq!(yuan(dec!(123456.78)), "¥123 456.78");
        assert_eq!(yuan(dec!(100000)), "¥100 000.00");
        assert_eq!(yuan(dec!(703.7034)), "¥703.7034");
        assert_eq!(yuan(dec!(-5)), "-¥5.00");
        assert_eq!(yuan(dec!(0.5)), "¥0.50");
        assert_eq!(yuan(dec!(1234567)), "¥1 234 567.00");
        assert_eq!(pct(dec!(0.03)), "3%");
        assert_eq!(pct(dec!(0.015)), "1.5%");
        assert_eq!(pct_value(dec!(92.350)), "92.35%");
        assert_eq!(equals_rounded(dec!(703.7034), dec!(703.70)), "= ¥703.7034 → ¥703.70");
        assert_eq!(equals_rounded(dec!(3.00), dec!(3.00)), "= ¥3.00");
    }
}
