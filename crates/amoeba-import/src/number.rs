//! Exact numbers from text, in either of the two conventions sellers' files
//! use: decimal point (`1,234.56`, China, US, UK, JP) or decimal comma
//! (`1.234,56`, Amazon DE/FR/IT/ES). Never through `f64`.
//!
//! Accepted: an optional sign (`+`, `-`, `−`) or accounting parentheses
//! `(12.50)` for a negative; digits grouped by thousands with the style's
//! group mark, a space, a no-break space or an apostrophe (`1'234.56`);
//! groups must be exactly three digits. One currency symbol (`$ € £ ¥ ￥ ₩ ₹`)
//! before or after the number is **stripped**, because ad-console exports
//! write `$1.23`; the currency itself always comes from a currency column or
//! the caller, never from the symbol. Exponents, `NaN` and `inf` are refused.
//!
//! A file has one convention. Callers either state it (marketplace known) or
//! let [`detect_style`] find it from the amount columns: a value such as
//! `3,45` or `1.234,56` can only be decimal comma, `3.45` or `1,234.56` only
//! decimal point, while `1,234` or `1.234` could be either and decide nothing.
//! A file with no deciding value is read with a decimal point.

use crate::error::ImportError;
use crate::reason::Reason;
use rust_decimal::Decimal;
use std::fmt;

/// The decimal-separator convention of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    /// `1,234.56`
    Point,
    /// `1.234,56`
    Comma,
}

impl NumberStyle {
    /// The decimal separator.
    pub fn decimal_mark(&self) -> char {
        match self {
            NumberStyle::Point => '.',
            NumberStyle::Comma => ',',
        }
    }

    /// The thousands separator written by [`format_decimal`].
    pub fn group_mark(&self) -> char {
        match self {
            NumberStyle::Point => ',',
            NumberStyle::Comma => '.',
        }
    }

    fn is_comma(&self) -> bool {
        *self == NumberStyle::Comma
    }
}

impl fmt::Display for NumberStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberStyle::Point => "decimal point",
            NumberStyle::Comma => "decimal comma",
        })
    }
}

const CURRENCY_SYMBOLS: &[char] = &['$', '€', '£', '¥', '￥', '₩', '₹'];
const SPACES: &[char] = &[' ', '\u{a0}', '\u{202f}'];
const MAX_DIGITS: usize = 28;

/// Sign, parentheses and currency symbol removed: the bare digits and marks.
fn strip_decorations(s: &str) -> Option<(bool, &str)> {
    let mut t = s.trim_matches(|c: char| c.is_whitespace() || SPACES.contains(&c));
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    let mut signed = false;
    let mut symbol = false;
    for _ in 0..2 {
        if !symbol {
            if let Some(r) = t.strip_prefix(CURRENCY_SYMBOLS) {
                t = r.trim_start_matches(SPACES);
                symbol = true;
            }
        }
        if !signed {
            if let Some(r) = t.strip_prefix(['-', '−']) {
                if negative {
                    return None;
                }
                negative = true;
                signed = true;
                t = r;
            } else if let Some(r) = t.strip_prefix('+') {
                if negative {
                    return None;
                }
                signed = true;
                t = r;
            }
        }
    }
    if !symbol {
        if let Some(r) = t.strip_suffix(CURRENCY_SYMBOLS) {
            t = r.trim_end_matches(SPACES);
        }
    }
    Some((negative, t))
}

/// Parses `s` in `style`, refusing more than `max_dp` decimal places.
/// The error names the value and says what was expected.
pub fn parse_decimal(s: &str, style: NumberStyle, max_dp: u32) -> Result<Decimal, Reason> {
    let bad = || Reason::NotANumber { value: s.to_string(), comma: style.is_comma() };
    let (negative, body) = strip_decorations(s).ok_or_else(bad)?;
    if body.is_empty() {
        return Err(bad());
    }
    let dec = style.decimal_mark();
    let (int_part, frac_part) = match body.find(dec) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut mantissa: i128 = 0;
    let mut digits = 0usize;
    let mut push = |d: u8| -> bool {
        digits += 1;
        if digits > MAX_DIGITS {
            return false;
        }
        mantissa = mantissa * 10 + i128::from(d - b'0');
        true
    };
    // Integer part, with optional thousands grouping.
    let group_marks: [char; 5] = [style.group_mark(), ' ', '\u{a0}', '\u{202f}', '\''];
    let mut group_mark: Option<char> = None;
    let mut group_len = 0usize;
    let mut groups = 0usize;
    for c in int_part.chars() {
        if c.is_ascii_digit() {
            if !push(c as u8) {
                return Err(Reason::TooManyDigits { value: s.to_string() });
            }
            group_len += 1;
        } else if group_marks.contains(&c) || c == '’' {
            if group_mark.is_some_and(|g| g != c) {
                return Err(bad());
            }
            group_mark = Some(c);
            if groups == 0 {
                if group_len == 0 || group_len > 3 {
                    return Err(bad());
                }
            } else if group_len != 3 {
                return Err(bad());
            }
            groups += 1;
            group_len = 0;
        } else {
            return Err(bad());
        }
    }
    if groups > 0 && group_len != 3 {
        return Err(bad());
    }
    let mut scale = 0u32;
    if let Some(frac) = frac_part {
        for c in frac.chars() {
            if !c.is_ascii_digit() {
                return Err(bad());
            }
            if !push(c as u8) {
                return Err(Reason::TooManyDigits { value: s.to_string() });
            }
            scale += 1;
        }
        if scale == 0 && int_part.is_empty() {
            return Err(bad());
        }
    }
    if digits == 0 {
        return Err(bad());
    }
    if scale > max_dp {
        return Err(Reason::TooManyDecimals { value: s.to_string(), places: scale, max: max_dp });
    }
    if negative {
        mantissa = -mantissa;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| Reason::TooLarge { value: s.to_string() })
}

/// Parses a whole number (quantities, units on hand) in `style`.
pub fn parse_integer(s: &str, style: NumberStyle) -> Result<i64, Reason> {
    let d = parse_decimal(s, style, 28)?;
    if !d.fract().is_zero() {
        return Err(Reason::NotWholeNumber { value: s.to_string() });
    }
    i64::try_from(d.trunc()).map_err(|_| Reason::TooLarge { value: s.to_string() })
}

/// Writes `d` in `style`, optionally with thousands grouping; the inverse of
/// [`parse_decimal`]. Used to write files back in a marketplace's convention.
pub fn format_decimal(d: Decimal, style: NumberStyle, group: bool) -> String {
    let plain = d.to_string();
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, plain.as_str()),
    };
    let (int_part, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    let n = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if group && i > 0 && (n - i) % 3 == 0 {
            out.push(style.group_mark());
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(style.decimal_mark());
        out.push_str(f);
    }
    out
}

/// What one value says about the file's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// Only readable one way.
    Decides(NumberStyle),
    /// `1,234` / `1.234`: thousands or three decimals, cannot tell.
    Ambiguous,
    /// No separator at all (or not a number): says nothing.
    Nothing,
}

/// Classifies one raw value (see the module docs for the rule). Only a
/// value that is a valid number in the style it points to counts.
pub(crate) fn evidence(s: &str) -> Evidence {
    match raw_evidence(s) {
        Evidence::Decides(style) if parse_decimal(s, style, MAX_DIGITS as u32).is_err() => Evidence::Nothing,
        Evidence::Ambiguous if parse_decimal(s, NumberStyle::Point, MAX_DIGITS as u32).is_err() => Evidence::Nothing,
        e => e,
    }
}

fn raw_evidence(s: &str) -> Evidence {
    let Some((_, body)) = strip_decorations(s) else {
        return Evidence::Nothing;
    };
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    let one_way = |sep: char, style_if_decimal: NumberStyle| -> Evidence {
        let other = match style_if_decimal {
            NumberStyle::Point => NumberStyle::Comma,
            NumberStyle::Comma => NumberStyle::Point,
        };
        if body.matches(sep).count() > 1 {
            // Repeated: it can only be a thousands mark.
            return Evidence::Decides(other);
        }
        let (head, tail) = body.split_once(sep).unwrap_or((body, ""));
        let head_digits = head.trim_start_matches(|c: char| !c.is_ascii_digit());
        if tail.len() == 3 && tail.bytes().all(|b| b.is_ascii_digit()) && (1..=3).contains(&head_digits.len()) {
            Evidence::Ambiguous
        } else {
            Evidence::Decides(style_if_decimal)
        }
    };
    match (last_dot, last_comma) {
        (Some(d), Some(c)) => Evidence::Decides(if d > c { NumberStyle::Point } else { NumberStyle::Comma }),
        (Some(_), None) => one_way('.', NumberStyle::Point),
        (None, Some(_)) => one_way(',', NumberStyle::Comma),
        (None, None) => Evidence::Nothing,
    }
}

/// Finds a file's convention from its amount cells, fed one at a time: the
/// first deciding value fixes it, a later value deciding otherwise is an error.
#[derive(Debug, Default, Clone)]
pub(crate) struct StyleDetector {
    found: Option<(NumberStyle, u64, String)>,
}

impl StyleDetector {
    /// Looks at one cell.
    pub(crate) fn feed(&mut self, line: u64, column: &str, v: &str) -> Result<(), ImportError> {
        if let Evidence::Decides(style) = evidence(v) {
            match &self.found {
                None => self.found = Some((style, line, v.to_string())),
                Some((s, l, first)) if *s != style => {
                    return Err(ImportError::cell(
                        line,
                        column,
                        Reason::MixedNumberStyles {
                            value: v.to_string(),
                            comma: style.is_comma(),
                            first: first.clone(),
                            first_line: *l,
                            read: false,
                        },
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// The convention found, if any value decided it.
    pub(crate) fn style(&self) -> Option<NumberStyle> {
        self.found.as_ref().map(|f| f.0)
    }
}

/// Finds the convention of a file from its amount cells `(line, column, value)`.
/// `Ok(None)` when no value decides; an error when two values disagree.
pub fn detect_style<'a>(values: impl IntoIterator<Item = (u64, &'a str, &'a str)>) -> Result<Option<NumberStyle>, ImportError> {
    let mut d = StyleDetector::default();
    for (line, column, v) in values {
        d.feed(line, column, v)?;
    }
    Ok(d.style())
}

/// Decides the convention as a streamed file goes, for files too large to
/// read twice: the first deciding value fixes it; a value that contradicts
/// it (or an ambiguous value read as decimal point earlier) is an error.
#[derive(Debug, Clone)]
pub(crate) struct StyleTracker {
    style: Option<NumberStyle>,
    forced: bool,
    assumed: Option<(u64, String)>,
    decided_by: Option<(u64, String)>,
}

impl StyleTracker {
    pub(crate) fn new(forced: Option<NumberStyle>) -> Self {
        Self { style: forced, forced: forced.is_some(), assumed: None, decided_by: None }
    }

    /// The convention in use (decimal point until something says otherwise).
    pub(crate) fn style(&self) -> NumberStyle {
        self.style.unwrap_or(NumberStyle::Point)
    }

    /// The convention once no later value can change it: given by the
    /// caller, or decided by a value read. From then on a value parses the
    /// same on any thread, in any order.
    pub(crate) fn settled(&self) -> Option<NumberStyle> {
        (self.forced || self.decided_by.is_some()).then(|| self.style())
    }

    /// Parses one value on `line`, updating the file's convention.
    pub(crate) fn parse(&mut self, s: &str, line: u64, max_dp: u32) -> Result<Decimal, Reason> {
        if self.decided_by.is_some() {
            // Settled: a value of the other convention fails to parse (its
            // groups are not of three), so only failures need a closer look.
            return parse_decimal(s, self.style(), max_dp).map_err(|m| self.explain(s, m));
        }
        if !self.forced {
            match evidence(s) {
                Evidence::Decides(e) => match self.style {
                    None => {
                        self.style = Some(e);
                        self.decided_by = Some((line, s.to_string()));
                    }
                    Some(cur) if cur != e => {
                        let (l, v) = self.decided_by.as_ref().or(self.assumed.as_ref()).cloned().unwrap_or_default();
                        debug_assert_ne!(e, cur);
                        return Err(Reason::MixedNumberStyles {
                            value: s.to_string(),
                            comma: e.is_comma(),
                            first: v,
                            first_line: l,
                            read: true,
                        });
                    }
                    Some(_) => {
                        if self.decided_by.is_none() {
                            self.decided_by = Some((line, s.to_string()));
                        }
                    }
                },
                Evidence::Ambiguous if self.style.is_none() => {
                    self.style = Some(NumberStyle::Point);
                    self.assumed = Some((line, s.to_string()));
                }
                _ => {}
            }
        }
        parse_decimal(s, self.style(), max_dp)
    }

    fn explain(&self, s: &str, parse_error: Reason) -> Reason {
        match (evidence(s), &self.decided_by) {
            (Evidence::Decides(e), Some((l, v))) if e != self.style() => {
                Reason::MixedNumberStyles { value: s.to_string(), comma: e.is_comma(), first: v.clone(), first_line: *l, read: true }
            }
            _ => parse_error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn p(s: &str) -> Result<Decimal, String> {
        parse_decimal(s, NumberStyle::Point, 4).map_err(|r| r.to_string())
    }
    fn c(s: &str) -> Result<Decimal, String> {
        parse_decimal(s, NumberStyle::Comma, 4).map_err(|r| r.to_string())
    }

    #[test]
    fn point_style() {
        assert_eq!(p("1234.56"), Ok(dec!(1234.56)));
        assert_eq!(p("-1234.56"), Ok(dec!(-1234.56)));
        assert_eq!(p("1,234.56"), Ok(dec!(1234.56)));
        assert_eq!(p("+7"), Ok(dec!(7)));
        assert_eq!(p("1 234 567.5"), Ok(dec!(1234567.5)));
        assert_eq!(p("1'234.5"), Ok(dec!(1234.5)));
        assert_eq!(p("1\u{a0}234.5"), Ok(dec!(1234.5)));
        assert_eq!(p(".5"), Ok(dec!(0.5)));
        assert_eq!(p("  42  "), Ok(dec!(42)));
        assert_eq!(p("0.00"), Ok(dec!(0.00)));
    }

    #[test]
    fn comma_style() {
        assert_eq!(c("1.234,56"), Ok(dec!(1234.56)));
        assert_eq!(c("-3,45"), Ok(dec!(-3.45)));
        assert_eq!(c("179,99"), Ok(dec!(179.99)));
        assert_eq!(c("1 234,5"), Ok(dec!(1234.5)));
        assert_eq!(c("12"), Ok(dec!(12)));
    }

    #[test]
    fn currency_symbols_and_parentheses() {
        assert_eq!(p("$1.23"), Ok(dec!(1.23)));
        assert_eq!(p("-$1.23"), Ok(dec!(-1.23)));
        assert_eq!(p("$-1.23"), Ok(dec!(-1.23)));
        assert_eq!(c("12,50 €"), Ok(dec!(12.50)));
        assert_eq!(p("¥1,000"), Ok(dec!(1000)));
        assert_eq!(p("(55.00)"), Ok(dec!(-55.00)));
        assert!(p("-(5)").is_err());
        assert!(p("$$5").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in ["", "-", "abc", "12,3x", "1e5", "NaN", "inf", "1.2.3", "12,34", "1,23,456.7", "1..2", "--1", ","] {
            assert!(p(bad).is_err(), "{bad:?} should be refused in point style");
        }
        for bad in ["1.23", "1,2,3", "12.3"] {
            assert!(c(bad).is_err(), "{bad:?} should be refused in comma style");
        }
        let msg = p("12,3x").unwrap_err();
        assert_eq!(msg, "'12,3x' is not a number (expected e.g. 1234.56 or 1,234.56; this file uses a decimal point)");
    }

    #[test]
    fn refuses_more_than_four_places() {
        assert_eq!(p("1.2345"), Ok(dec!(1.2345)));
        let msg = p("1.23456").unwrap_err();
        assert!(msg.contains("5 decimal places"), "{msg}");
        assert_eq!(parse_decimal("7.12345678", NumberStyle::Point, 8), Ok(dec!(7.12345678)));
    }

    #[test]
    fn refuses_huge_numbers() {
        assert!(p("12345678901234567890123456789").is_err());
    }

    #[test]
    fn integers() {
        assert_eq!(parse_integer("3", NumberStyle::Point), Ok(3));
        assert_eq!(parse_integer("-2", NumberStyle::Point), Ok(-2));
        assert_eq!(parse_integer("1.000", NumberStyle::Comma), Ok(1000));
        assert!(parse_integer("1.5", NumberStyle::Point).is_err());
        assert!(parse_integer("99999999999999999999", NumberStyle::Point).is_err());
    }

    #[test]
    fn evidence_rules() {
        use Evidence::*;
        assert_eq!(evidence("3,45"), Decides(NumberStyle::Comma));
        assert_eq!(evidence("-1.234,56"), Decides(NumberStyle::Comma));
        assert_eq!(evidence("1,234.56"), Decides(NumberStyle::Point));
        assert_eq!(evidence("3.45"), Decides(NumberStyle::Point));
        assert_eq!(evidence("1,234"), Ambiguous);
        assert_eq!(evidence("1.234"), Ambiguous);
        assert_eq!(evidence("1,234,567"), Decides(NumberStyle::Point));
        assert_eq!(evidence("1.234.567"), Decides(NumberStyle::Comma));
        assert_eq!(evidence("12,3456"), Decides(NumberStyle::Comma));
        assert_eq!(evidence("1234,567"), Decides(NumberStyle::Comma));
        assert_eq!(evidence("100"), Nothing);
    }

    #[test]
    fn detection_over_a_file() {
        let v = [(2, "amount", "100"), (3, "amount", "1.234"), (4, "amount", "-3,45")];
        assert_eq!(detect_style(v), Ok(Some(NumberStyle::Comma)));
        assert_eq!(detect_style([(2, "amount", "100")]), Ok(None));
        let err = detect_style([(2, "amount", "3,45"), (5, "amount", "2.50")]).unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.reason.to_string().contains("one convention"), "{}", err.reason);
    }

    #[test]
    fn tracker_fixes_style_on_first_deciding_value() {
        let mut t = StyleTracker::new(None);
        assert_eq!(t.parse("100", 2, 4), Ok(dec!(100)));
        assert_eq!(t.parse("53,44", 3, 4), Ok(dec!(53.44)));
        assert_eq!(t.style(), NumberStyle::Comma);
        assert!(t.parse("1.50", 4, 4).is_err());
        let mut t = StyleTracker::new(None);
        assert_eq!(t.parse("1.234", 2, 4), Ok(dec!(1.234)));
        let msg = t.parse("5,50", 3, 4).unwrap_err().to_string();
        assert!(msg.contains("line 2"), "{msg}");
        let mut forced = StyleTracker::new(Some(NumberStyle::Comma));
        assert_eq!(forced.parse("1.234", 2, 4), Ok(dec!(1234)));
    }

    #[test]
    fn formats_both_styles() {
        assert_eq!(format_decimal(dec!(-1234567.5), NumberStyle::Comma, true), "-1.234.567,5");
        assert_eq!(format_decimal(dec!(1234.56), NumberStyle::Point, true), "1,234.56");
        assert_eq!(format_decimal(dec!(123), NumberStyle::Point, true), "123");
        assert_eq!(format_decimal(dec!(0.05), NumberStyle::Comma, false), "0,05");
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(
            m in -10_000_000_000_000_000i64..10_000_000_000_000_000i64,
            scale in 0u32..=4,
            comma in any::<bool>(),
            group in any::<bool>(),
        ) {
            let d = Decimal::new(m, scale);
            let style = if comma { NumberStyle::Comma } else { NumberStyle::Point };
            let text = format_decimal(d, style, group);
            prop_assert_eq!(parse_decimal(&text, style, 4), Ok(d));
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}") {
            let _ = parse_decimal(&s, NumberStyle::Point, 4);
            let _ = parse_decimal(&s, NumberStyle::Comma, 4);
            let _ = evidence(&s);
        }
    }
}
