//! What each line is: its combination of transaction-type, amount-type and
//! amount-description remembered once, and the SKU and order id shared
//! between an order's consecutive lines.

use super::*;

/// Most distinct (transaction-type, amount-type, amount-description)
/// combinations remembered; a file with more classifies the rest per line.
pub(super) const MAX_LINE_KINDS: usize = 256;

/// What one combination of transaction-type, amount-type and
/// amount-description is: its kind by rule (`None`: unmapped), its memo,
/// and for unmapped ones how many lines had it from which line on.
#[derive(Clone)]
pub(super) struct LineKind {
    pub(super) tx: String,
    pub(super) amount_type: String,
    pub(super) desc: String,
    pub(super) rule: Option<FactKind>,
    pub(super) memo: Code,
    pub(super) first_line: u64,
    pub(super) lines: u64,
}

/// Remembers each combination a settlement repeats line after line (a few
/// dozen over millions of lines), so a line is classified by comparing
/// three short strings, and its memo is shared, not built.
#[derive(Clone, Default)]
pub(super) struct LineKinds {
    pub(super) known: Vec<LineKind>,
    pub(super) last: usize,
    /// For each known combination, the one that followed it last time:
    /// lines of an order come in the same sequence (principal, commission,
    /// fulfilment fee), so the guess is nearly always right.
    pub(super) next: Vec<usize>,
    pub(super) classify: Classifier,
    /// Combinations beyond [`MAX_LINE_KINDS`]: the latest one.
    pub(super) overflow: Option<LineKind>,
    /// Unmapped combinations beyond [`MAX_LINE_KINDS`], counted per line.
    pub(super) unmapped_overflow: Vec<(String, u64, u64)>,
}

impl LineKinds {
    pub(super) fn find(&self, tx: &str, amount_type: &str, desc: &str) -> Option<usize> {
        let is = |k: &LineKind| k.desc == desc && k.amount_type == amount_type && k.tx == tx;
        let guess = self.next.get(self.last).copied().unwrap_or(usize::MAX);
        if self.known.get(guess).is_some_and(is) {
            return Some(guess);
        }
        self.known.iter().position(is)
    }

    /// Notes that `i` followed the previous line's combination.
    pub(super) fn follow(&mut self, i: usize) {
        if let Some(n) = self.next.get_mut(self.last) {
            *n = i;
        }
        self.last = i;
    }

    /// The combination's entry; its `lines` counts this line.
    pub(super) fn get(&mut self, tx: &str, amount_type: &str, desc: &str, line: u64) -> &LineKind {
        if let Some(i) = self.find(tx, amount_type, desc) {
            self.follow(i);
            let k = &mut self.known[i];
            k.lines += 1;
            return k;
        }
        let rule = self.classify.rule_kind(tx, amount_type, desc);
        let memo: Code = format!("{tx}/{amount_type}/{desc}").into();
        let k = LineKind { tx: tx.into(), amount_type: amount_type.into(), desc: desc.into(), rule, memo, first_line: line, lines: 1 };
        if self.known.len() < MAX_LINE_KINDS {
            self.known.push(k);
            self.next.push(usize::MAX);
            self.follow(self.known.len() - 1);
            return &self.known[self.last];
        }
        if rule.is_none() {
            let key = k.memo.to_string();
            let room = self.unmapped_overflow.len() < 100;
            match self.unmapped_overflow.iter_mut().find(|(m, _, _)| *m == key) {
                Some(e) => e.2 += 1,
                // Only the first 100 are ever shown.
                None if room => self.unmapped_overflow.push((key, line, 1)),
                None => {}
            }
        }
        self.overflow.insert(k)
    }

    /// Unmapped combinations: (memo, first line, lines).
    pub(super) fn unmapped(&self) -> Vec<(String, u64, u64)> {
        let mut out: Vec<(String, u64, u64)> =
            self.known.iter().filter(|k| k.rule.is_none()).map(|k| (k.memo.to_string(), k.first_line, k.lines)).collect();
        out.extend(self.unmapped_overflow.iter().cloned());
        out
    }
}

/// Up to 100 unmapped combinations with their line counts, in the order
/// they first appear in the file, from every part of it.
pub(super) fn unmapped_list(parts: impl IntoIterator<Item = Vec<(String, u64, u64)>>) -> Vec<(String, u64)> {
    let mut all: Vec<(String, u64, u64)> = Vec::new();
    for part in parts {
        for (memo, first, n) in part {
            match all.iter_mut().find(|(m, _, _)| *m == memo) {
                Some(e) => {
                    e.1 = e.1.min(first);
                    e.2 += n;
                }
                None => all.push((memo, first, n)),
            }
        }
    }
    all.sort_by_key(|e| e.1);
    all.into_iter().take(100).map(|(m, _, n)| (m, n)).collect()
}

/// Shared copies of the SKU and order id of an order's consecutive lines,
/// for callers that want owned [`FactRecord`]s.
#[derive(Default)]
pub(super) struct Repeats {
    pub(super) last_sku: Option<Code>,
    pub(super) last_order: Option<Code>,
}

/// `last` when it holds `s`, else a new shared copy kept as the last.
pub(super) fn same_or_new(last: &mut Option<Code>, s: &str) -> Code {
    match last {
        Some(c) if &**c == s => c.clone(),
        _ => {
            let c: Code = s.into();
            *last = Some(c.clone());
            c
        }
    }
}

impl Repeats {
    /// The line as an owned record of `store`.
    pub(super) fn record(&mut self, store: &Code, currency: Currency, f: &SettlementFact<'_>) -> FactRecord {
        FactRecord {
            date: f.when.day,
            occurred_at: f.when.at,
            store: Some(store.clone()),
            unit: None,
            sku: f.sku.map(|v| same_or_new(&mut self.last_sku, v)),
            order_id: f.order_id.map(|v| same_or_new(&mut self.last_order, v)),
            customer_id: None,
            quantity: f.quantity,
            kind: f.kind,
            amount: Decimal::new(f.amount, SOURCE_DP).normalize(),
            currency,
            memo: Some(f.memo.clone()),
            corrects: None,
            line: f.line,
        }
    }
}
