//! One line at a time: the parser that turns a settlement line into a fact
//! (and its row fingerprint), shared by the one-thread and block readers.

use super::*;

/// `amount` in ten-thousandths, exactly (at most [`SOURCE_DP`] places were accepted).
pub(super) fn source_units(amount: Decimal) -> i128 {
    let scale = amount.scale().min(SOURCE_DP);
    amount.mantissa() * 10i128.pow(SOURCE_DP - scale)
}

pub(super) struct Parser<'c> {
    pub(super) ctx: &'c ImportContext,
    pub(super) store: Code,
    pub(super) cols: Cols,
    pub(super) style: StyleTracker,
    pub(super) kinds: LineKinds,
    pub(super) summary: Option<SettlementSummary>,
    pub(super) sum_units: i128,
    pub(super) last_when: Option<(String, When)>,
}

impl<'c> Parser<'c> {
    pub(super) fn new(ctx: &'c ImportContext, store: Code, cols: Cols) -> Self {
        Parser {
            ctx,
            store,
            cols,
            style: StyleTracker::new(ctx.number_style),
            kinds: LineKinds::default(),
            summary: None,
            sum_units: 0,
            last_when: None,
        }
    }

    /// A parser for another thread's lines of the same file: the same
    /// columns, summary and number convention, its own caches and sums
    /// (nothing shared, so threads never touch each other's counters).
    pub(super) fn for_worker(&self) -> Parser<'c> {
        let mut p = Parser::new(self.ctx, (*self.store).into(), self.cols.clone());
        p.style = self.style.clone();
        p.summary = self.summary.clone();
        p
    }
    pub(super) fn cell<'a>(&self, cells: &[&'a str], i: usize) -> &'a str {
        cells.get(i).copied().unwrap_or("")
    }

    pub(super) fn opt<'a>(&self, cells: &[&'a str], i: Option<usize>) -> Option<&'a str> {
        i.and_then(|i| cells.get(i).copied()).filter(|s| !s.is_empty())
    }

    pub(super) fn when(&mut self, s: &str, line: u64, column: &str, errs: &mut Vec<ImportError>) -> Option<When> {
        if let Some((k, w)) = &self.last_when {
            if k == s {
                return Some(*w);
            }
        }
        match parse_when(s, self.ctx.tz) {
            Ok(w) => {
                match &mut self.last_when {
                    Some((k, last)) => {
                        k.clear();
                        k.push_str(s);
                        *last = w;
                    }
                    None => self.last_when = Some((s.to_string(), w)),
                }
                Some(w)
            }
            Err(m) => {
                errs.push(ImportError::cell(line, column, m));
                None
            }
        }
    }

    pub(super) fn summary_row(&mut self, cells: &[&str], line: u64, errs: &mut Vec<ImportError>) {
        let c = &self.cols;
        let (id, start, end, deposit, total, currency) = (
            self.cell(cells, c.settlement_id),
            self.cell(cells, c.start),
            self.cell(cells, c.end),
            self.cell(cells, c.deposit),
            self.cell(cells, c.total),
            self.cell(cells, c.currency),
        );
        if !self.cell(cells, c.tx).is_empty() {
            errs.push(ImportError::line(line, Reason::FirstRowNotSummary));
            return;
        }
        let mut req = |v: &str, name: &str| {
            if v.is_empty() {
                errs.push(ImportError::cell(line, name, Reason::RequiredOnSummary { column: name.to_string() }));
            }
        };
        for (v, n) in [
            (id, "settlement-id"),
            (start, "settlement-start-date"),
            (end, "settlement-end-date"),
            (deposit, "deposit-date"),
            (total, "total-amount"),
            (currency, "currency"),
        ] {
            req(v, n);
        }
        if !errs.is_empty() {
            return;
        }
        let start = self.when(start, line, "settlement-start-date", errs);
        let end = self.when(end, line, "settlement-end-date", errs);
        let deposit = self.when(deposit, line, "deposit-date", errs);
        let total = match self.style.parse(total, line, SOURCE_DP) {
            Ok(t) => Some(t),
            Err(m) => {
                errs.push(ImportError::cell(line, "total-amount", m));
                None
            }
        };
        let currency = match crate::reason::currency(currency) {
            Ok(c) => Some(c),
            Err(m) => {
                errs.push(ImportError::cell(line, "currency", m));
                None
            }
        };
        if let (Some(start), Some(end), Some(deposit_date), Some(total_amount), Some(currency)) = (start, end, deposit, total, currency) {
            self.summary = Some(SettlementSummary { settlement_id: id.to_string(), start, end, deposit_date, total_amount, currency });
        }
    }

    /// The amount in ten-thousandths: plain amounts directly once the
    /// file's number convention is settled, the rest by the full parser.
    pub(super) fn amount(&mut self, raw: &str, line: u64) -> Result<i64, Reason> {
        if let Some(units) = self.style.settled().and_then(|style| plain_units(raw, style.decimal_mark() as u8)) {
            return Ok(units);
        }
        let d = self.style.parse(raw, line, SOURCE_DP)?;
        i64::try_from(source_units(d)).map_err(|_| Reason::TooLarge { value: raw.to_string() })
    }

    pub(super) fn detail_row<'s>(&'s mut self, cells: &[&'s str], line: u64, errs: &mut Vec<ImportError>) -> Option<SettlementFact<'s>> {
        let c = &self.cols;
        let (tx_i, at_i, desc_i, id_i, cur_i, amount_i) = (c.tx, c.amount_type, c.desc, c.settlement_id, c.currency, c.amount);
        let (pdt_i, pd_i, q_i, sku_i, order_i) = (c.posted_date_time, c.posted_date, c.quantity, c.sku, c.order_id);
        let tx = self.cell(cells, tx_i);
        let amount_type = self.cell(cells, at_i);
        let desc = self.cell(cells, desc_i);
        let id = self.cell(cells, id_i);
        let (summary_id, summary_currency) = {
            let s = self.summary.as_ref()?;
            (s.settlement_id.as_str(), s.currency)
        };
        if !id.is_empty() && id != summary_id {
            errs.push(ImportError::cell(
                line,
                "settlement-id",
                Reason::SettlementIdDiffers { value: id.to_string(), summary: summary_id.to_string() },
            ));
        }
        if tx.is_empty() && amount_type.is_empty() && desc.is_empty() {
            errs.push(ImportError::line(line, Reason::SecondSummary));
            return None;
        }
        let currency = self.cell(cells, cur_i);
        if !currency.is_empty() && !currency.eq_ignore_ascii_case(summary_currency.as_str()) {
            errs.push(ImportError::cell(
                line,
                "currency",
                Reason::CurrencyDiffers { value: currency.to_string(), settlement: summary_currency.to_string() },
            ));
        }
        let raw_amount = self.cell(cells, amount_i);
        let amount = if raw_amount.is_empty() {
            errs.push(ImportError::cell(line, "amount", Reason::RequiredOnTransaction { column: "amount".into() }));
            None
        } else {
            match self.amount(raw_amount, line) {
                Ok(a) => Some(a),
                Err(m) => {
                    errs.push(ImportError::cell(line, "amount", m));
                    None
                }
            }
        };
        let posted_dt = self.opt(cells, pdt_i);
        let posted_d = self.opt(cells, pd_i);
        let when = match (posted_dt, posted_d) {
            (Some(v), _) => self.when(v, line, "posted-date-time", errs),
            (None, Some(v)) => self.when(v, line, "posted-date", errs),
            (None, None) => {
                errs.push(ImportError::cell(line, "posted-date", Reason::RequiredOnTransaction { column: "posted-date".into() }));
                None
            }
        };
        let is_principal = amount_type.eq_ignore_ascii_case("ItemPrice") && desc.eq_ignore_ascii_case("Principal");
        let quantity = match self.opt(cells, q_i) {
            Some(q) if is_principal => match q.parse::<i64>() {
                Ok(q) if q >= 0 => q,
                _ => {
                    errs.push(ImportError::cell(line, "quantity-purchased", Reason::NotUnits { value: q.to_string() }));
                    0
                }
            },
            _ => 0,
        };
        let (amount, when) = (amount?, when?);
        if !errs.is_empty() {
            return None;
        }
        self.sum_units += i128::from(amount);
        let sku = self.opt(cells, sku_i);
        let order_id = self.opt(cells, order_i);
        let k = self.kinds.get(tx, amount_type, desc, line);
        let kind = k.rule.unwrap_or_else(|| fallback_kind(amount < 0));
        Some(SettlementFact {
            line,
            when,
            kind,
            amount,
            quantity: if kind == FactKind::Sale || kind == FactKind::Refund { quantity } else { 0 },
            sku,
            order_id,
            memo: &k.memo,
        })
    }
}

/// Row fingerprints of a settlement's lines (for stores that keep them).
pub(super) struct Printer {
    pub(super) identity: Vec<(&'static str, Option<usize>)>,
    pub(super) fp: Fingerprinter,
    pub(super) fields: FieldBuf,
}

impl Printer {
    pub(super) fn new(cols: &Cols) -> Self {
        Printer { identity: cols.identity.clone(), fp: Fingerprinter::default(), fields: FieldBuf::default() }
    }

    pub(super) fn fingerprint(&mut self, store: &str, summary_id: &str, cells: &[&str], amount: i64) -> Fingerprint {
        let b = &mut self.fields;
        b.start("amazon-settlement");
        b.str(store);
        b.str(summary_id);
        for (_, i) in &self.identity {
            b.opt(i.and_then(|i| cells.get(i).copied()));
        }
        b.bytes(&Decimal::new(amount, SOURCE_DP).normalize().serialize());
        self.fp.fingerprint(&self.fields)
    }
}
