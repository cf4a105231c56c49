//! The one rule for writing a text cell into a CSV file that a spreadsheet
//! may open: a cell a spreadsheet would read as a formula is neutralised.
//!
//! Memos, unit names and other text come from files people upload; a cell
//! such as `=HYPERLINK("http://…","click")` would otherwise run as a formula
//! when the export is opened in Excel or LibreOffice ("CSV injection"). The
//! OWASP rule is followed: a text cell starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return gets a leading single quote, so it is shown as
//! the text it is. Number cells never pass through here: a negative amount
//! such as `-12.34` stays a number the spreadsheet can add up.
//!
//! Every CSV export (web tables, CLI reports) uses [`neutralise`], so the
//! rule has one home.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as it is safe to write into a CSV file: unchanged, unless it
/// starts like a formula, then with a leading `'` (OWASP's rule).
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_starts_get_a_quote() {
        assert_eq!(neutralise("=HYPERLINK(\"http://127.0.0.1/x\",\"click\")"), "'=HYPERLINK(\"http://127.0.0.1/x\",\"click\")");
        assert_eq!(neutralise("+1+1"), "'+1+1");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\t=1"), "'\t=1");
        assert_eq!(neutralise("\r=1"), "'\r=1");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for s in ["", "AMZ-US", "仓库 WH", "a=b", " =1", "'=1"] {
            assert!(matches!(neutralise(s), Cow::Borrowed(b) if b == s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn result_never_starts_like_a_formula_and_keeps_the_text(s in ".*") {
            let out = neutralise(&s);
            prop_assert!(!out.starts_with(FORMULA_STARTS));
            let quoted = format!("'{s}");
            prop_assert!(out == s || out == quoted);
            prop_assert_eq!(out != s, s.starts_with(FORMULA_STARTS));
        }
    }
}
