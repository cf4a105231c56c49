//! The settlement's columns: found by header name, and a line split into
//! its cells (tabs found eight bytes at a time, plain amounts read without
//! the full number parser).

use super::*;

/// Column positions, looked up by header name.
#[derive(Debug, Default, Clone)]
pub(super) struct Cols {
    pub(super) settlement_id: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) deposit: usize,
    pub(super) total: usize,
    pub(super) currency: usize,
    pub(super) tx: usize,
    pub(super) amount_type: usize,
    pub(super) desc: usize,
    pub(super) amount: usize,
    pub(super) posted_date: Option<usize>,
    pub(super) posted_date_time: Option<usize>,
    pub(super) order_id: Option<usize>,
    pub(super) sku: Option<usize>,
    pub(super) quantity: Option<usize>,
    pub(super) identity: Vec<(&'static str, Option<usize>)>,
}

/// Columns whose raw text identifies a line (with the normalised amount,
/// the store and the settlement id). Columns implied by these (merchant ids,
/// marketplace, fulfilment channel, quantity) are left out: less to hash.
pub(super) const IDENTITY: &[&str] = &[
    "transaction-type",
    "order-id",
    "adjustment-id",
    "shipment-id",
    "amount-type",
    "amount-description",
    "posted-date",
    "posted-date-time",
    "order-item-code",
    "merchant-adjustment-item-id",
    "sku",
    "promotion-id",
];

impl Cols {
    /// The columns a transaction line is read from, as a bit mask.
    pub(super) fn body_mask(&self) -> u64 {
        let used = [self.settlement_id, self.currency, self.tx, self.amount_type, self.desc, self.amount];
        let optional = [self.posted_date, self.posted_date_time, self.order_id, self.sku, self.quantity];
        used.into_iter().chain(optional.into_iter().flatten()).fold(0, |m, i| m | 1 << i)
    }
}

pub(super) fn header(line: &str, errs: &mut ErrorList) -> Option<Cols> {
    if !line.contains('\t') {
        errs.push(ImportError::line(1, Reason::NotTabSeparated));
        return None;
    }
    let names: Vec<String> = line.split('\t').map(|h| h.trim().to_ascii_lowercase()).collect();
    if names.len() > MAX_COLUMNS {
        errs.push(ImportError::line(1, Reason::TooManyColumns { found: names.len(), max: MAX_COLUMNS }));
        return None;
    }
    let find = |n: &str| names.iter().position(|h| h == n);
    if find("amount-type").is_none() && (find("price-type").is_some() || find("item-related-fee-type").is_some()) {
        errs.push(ImportError::line(1, Reason::SettlementV1));
        return None;
    }
    let mut missing = Vec::new();
    let mut need = |n: &'static str| {
        let p = find(n);
        if p.is_none() {
            missing.push(n);
        }
        p.unwrap_or(0)
    };
    let cols = Cols {
        settlement_id: need("settlement-id"),
        start: need("settlement-start-date"),
        end: need("settlement-end-date"),
        deposit: need("deposit-date"),
        total: need("total-amount"),
        currency: need("currency"),
        tx: need("transaction-type"),
        amount_type: need("amount-type"),
        desc: need("amount-description"),
        amount: need("amount"),
        posted_date: find("posted-date"),
        posted_date_time: find("posted-date-time"),
        order_id: find("order-id"),
        sku: find("sku"),
        quantity: find("quantity-purchased"),
        identity: IDENTITY.iter().map(|n| (*n, find(n))).collect(),
    };
    if cols.posted_date.is_none() && cols.posted_date_time.is_none() {
        missing.push("posted-date");
    }
    for m in &missing {
        errs.push(ImportError::line(1, Reason::MissingColumn { column: m.to_string(), prefix: false }));
    }
    missing.is_empty().then_some(cols)
}

/// `s` in ten-thousandths when it is plain digits with at most four
/// decimals after `mark` (`-1234.56`): nearly every settlement amount.
/// `None` sends anything else to the full parser.
pub(super) fn plain_units(s: &str, mark: u8) -> Option<i64> {
    let b = s.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let int_len = b.iter().position(|c| !c.is_ascii_digit()).unwrap_or(b.len());
    if int_len == 0 || int_len > 14 {
        return None;
    }
    let mut v: i64 = 0;
    for c in &b[..int_len] {
        v = v * 10 + i64::from(c - b'0');
    }
    let rest = &b[int_len..];
    let mut scale = 10_000;
    if let Some((&m, frac)) = rest.split_first() {
        if m != mark || frac.is_empty() || frac.len() > 4 {
            return None;
        }
        for c in frac {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(c - b'0');
            scale /= 10;
        }
    }
    let v = v * scale;
    Some(if negative { -v } else { v })
}

/// Splits a line on tabs into `cells`, each trimmed; `None` when there are
/// more than [`MAX_COLUMNS`].
pub(super) fn split<'a>(line: &'a str, cells: &mut [&'a str; MAX_COLUMNS]) -> Option<usize> {
    split_some(line, u64::MAX, cells)
}

/// [`split`] that fills only the cells whose bit is set in `wanted` (the
/// columns a transaction line is read from), leaving the rest empty; the
/// cells are still counted.
pub(super) fn split_some<'a>(line: &'a str, wanted: u64, cells: &mut [&'a str; MAX_COLUMNS]) -> Option<usize> {
    let mut n = 0;
    let mut start = 0;
    let fits = each_tab(line.as_bytes(), |tab| {
        if n == MAX_COLUMNS - 1 {
            return false;
        }
        if wanted & (1 << n) != 0 {
            cells[n] = line[start..tab].trim_ascii();
        }
        n += 1;
        start = tab + 1;
        true
    });
    if !fits {
        return None;
    }
    if wanted & (1 << n) != 0 {
        cells[n] = line[start..].trim_ascii();
    }
    Some(n + 1)
}

/// Calls `each` with the offset of every tab in `b`, in order, until it
/// returns `false` (then `false`). Eight bytes at a time: a settlement line
/// is ~170 bytes with ~25 tabs, where a search call per tab costs more than
/// the scan.
#[inline(always)]
pub(super) fn each_tab(b: &[u8], mut each: impl FnMut(usize) -> bool) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TABS: u64 = 0x0909_0909_0909_0909;
    let words = b.chunks_exact(8);
    let tail = words.remainder();
    for (i, w) in words.enumerate() {
        let x = u64::from_le_bytes(w.try_into().expect("chunks of eight")) ^ TABS;
        // High bit set exactly in the bytes of `x` that are zero (tabs):
        // no carry crosses a byte, so there are no false hits.
        let mut hits = !(((x & LOW7) + LOW7) | x) & !LOW7;
        while hits != 0 {
            if !each(i * 8 + hits.trailing_zeros() as usize / 8) {
                return false;
            }
            hits &= hits - 1;
        }
    }
    let base = b.len() - tail.len();
    for (j, c) in tail.iter().enumerate() {
        if *c == b'\t' && !each(base + j) {
            return false;
        }
    }
    true
}
