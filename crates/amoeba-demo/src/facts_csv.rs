//! The generic facts CSV (`docs/formats.md`, "facts"): rows collected per
//! store or unit, sorted by day, split into monthly files and encoded as
//! UTF-8, UTF-8 with BOM (as Excel saves it) or GBK (as Chinese Excel does).

use crate::money::{fmt, Cur};
use amoeba_core::Month;
use chrono::NaiveDate;
use std::fmt::Write;

/// Header of a store's facts file.
pub(crate) const STORE_HEADER: &str = "date,store,kind,amount,currency,sku,order_id,customer_id,quantity,memo";
/// Header of the unit-level costs file.
pub(crate) const UNIT_HEADER: &str = "date,unit,kind,amount,currency,memo";

/// Text encoding of a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Enc {
    Utf8,
    Utf8Bom,
    Gbk,
}

/// Encodes text for a file.
pub(crate) fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => {
            let mut v = b"\xEF\xBB\xBF".to_vec();
            v.extend_from_slice(text.as_bytes());
            v
        }
        Enc::Gbk => {
            let (bytes, _, bad) = encoding_rs::GBK.encode(text);
            debug_assert!(!bad, "text not representable in GBK");
            bytes.into_owned()
        }
    }
}

/// Quotes a CSV cell when it needs it.
pub(crate) fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Rows of one facts file family (one store, or the unit costs), kept with
/// their day so they can be sorted and split by month.
#[derive(Default)]
pub(crate) struct Rows {
    rows: Vec<(NaiveDate, u32, String)>,
}

/// A store fact before it is written.
pub(crate) struct StoreFact<'a> {
    pub date: NaiveDate,
    pub store: &'a str,
    pub kind: &'static str,
    pub amount: i64,
    pub cur: Cur,
    pub sku: &'a str,
    pub order_id: &'a str,
    pub customer_id: &'a str,
    pub qty: i64,
    pub memo: &'a str,
}

impl Rows {
    /// Adds a store fact.
    pub(crate) fn store(&mut self, f: &StoreFact<'_>) {
        let mut line = String::with_capacity(96);
        let qty = if f.qty != 0 { f.qty.to_string() } else { String::new() };
        let _ = write!(
            line,
            "{},{},{},{},{},{},{},{},{},{}",
            f.date,
            f.store,
            f.kind,
            fmt(f.amount, f.cur),
            f.cur.code(),
            cell(f.sku),
            cell(f.order_id),
            cell(f.customer_id),
            qty,
            cell(f.memo)
        );
        let n = self.rows.len() as u32;
        self.rows.push((f.date, n, line));
    }

    /// Adds a unit fact (CNY).
    pub(crate) fn unit(&mut self, date: NaiveDate, unit: &str, kind: &str, fen: i64, memo: &str) {
        let line = format!("{date},{unit},{kind},{},CNY,{}", fmt(fen, Cur::Cny), cell(memo));
        let n = self.rows.len() as u32;
        self.rows.push((date, n, line));
    }

    /// The rows as files, one per calendar month, in day order.
    pub(crate) fn by_month(mut self, header: &str) -> Vec<(Month, String, usize)> {
        self.rows.sort_by_key(|r| (r.0, r.1));
        let mut out: Vec<(Month, String, usize)> = Vec::new();
        for (d, _, line) in self.rows {
            let m = Month::of(d);
            if out.last().is_none_or(|x| x.0 != m) {
                out.push((m, format!("{header}\n"), 0));
            }
            let last = out.last_mut().expect("pushed");
            last.1.push_str(&line);
            last.1.push('\n');
            last.2 += 1;
        }
        out
    }

    /// All rows in one file, in day order.
    pub(crate) fn whole(mut self, header: &str, crlf: bool) -> (String, usize) {
        self.rows.sort_by_key(|r| (r.0, r.1));
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut out = format!("{header}{nl}");
        let n = self.rows.len();
        for (_, _, line) in self.rows {
            out.push_str(&line);
            out.push_str(nl);
        }
        (out, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(cell("abc"), "abc");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
    }

    #[test]
    fn splits_by_month_in_day_order() {
        let mut r = Rows::default();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        r.unit(d("2026-02-01"), "U", "other_expense", -100, "b");
        r.unit(d("2026-01-31"), "U", "other_expense", -100, "a");
        let files = r.by_month(UNIT_HEADER);
        assert_eq!(files.len(), 2);
        assert!(files[0].1.ends_with("memo\n2026-01-31,U,other_expense,-1.00,CNY,a\n"), "{}", files[0].1);
    }

    #[test]
    fn gbk_and_bom() {
        assert_eq!(&encode("租金", Enc::Gbk)[..], &encoding_rs::GBK.encode("租金").0[..]);
        assert!(encode("x", Enc::Utf8Bom).starts_with(b"\xEF\xBB\xBF"));
    }
}
