//! Everything the generators share: the span, the story dates, the
//! organisation, the catalogue and the FX walk; plus the [`Book`], where
//! every generated amount is also added up per unit and month in CNY so the
//! plans can be set against what the files will really show.

use crate::calendar::Span;
use crate::fx::FxTable;
use crate::money::Cur;
use crate::org::{staff, unit_index, Staff, UNITS};
use crate::skus::{catalogue, SkuDef};
use crate::stores::{stores, StoreDef, Story};
use amoeba_core::Month;
use chrono::NaiveDate;

/// The generated company before any file is written.
pub(crate) struct World {
    pub seed: u64,
    pub span: Span,
    /// Order-volume multiplier in percent.
    pub volume_pct: u32,
    pub stores: Vec<StoreDef>,
    pub skus: Vec<SkuDef>,
    pub staff: Staff,
    pub fx: FxTable,
}

impl World {
    /// Builds the company for `end` and `months`.
    pub(crate) fn new(seed: u64, end: NaiveDate, months: u32, volume_pct: u32) -> Self {
        let span = Span::ending(end, months);
        let story = Story::new(span.start);
        let stores = stores(&story);
        let skus = catalogue(seed, &story, &span, &stores);
        let staff = staff(seed, &story, &span);
        let fx = FxTable::generate(seed, &span);
        Self { seed, span, volume_pct, stores, skus, staff, fx }
    }

    /// Index of the unit owning store `s` on `d`.
    pub(crate) fn store_unit(&self, s: usize, d: NaiveDate) -> usize {
        unit_index(self.stores[s].owner_on(d))
    }
}

/// A line of the book (the P&L lines a plan is compared on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    Sales,
    Refunds,
    Cogs,
    PlatformFees,
    Fulfilment,
    Storage,
    Ads,
    Freight,
    Other,
    Labour,
    /// Hours in hundredths.
    Hours,
}

const LINES: usize = 11;

/// Amounts in CNY fen per unit, month and line, as the files state them.
pub(crate) struct Book {
    months: Vec<Month>,
    cells: Vec<i64>,
}

impl Book {
    /// An empty book over the span's months.
    pub(crate) fn new(span: &Span) -> Self {
        let months = span.months();
        let cells = vec![0; UNITS.len() * months.len() * LINES];
        Self { months, cells }
    }

    fn slot(&self, unit: usize, m: Month, line: Line) -> Option<usize> {
        let mi = self.months.iter().position(|x| *x == m)?;
        Some((unit * self.months.len() + mi) * LINES + line as usize)
    }

    /// Adds an amount in `cur` minor units, converted at `d`'s rate.
    pub(crate) fn money(&mut self, fx: &crate::fx::FxTable, unit: usize, d: NaiveDate, line: Line, minor: i64, cur: Cur) {
        let fen = fx.to_fen(minor, cur, d);
        self.raw(unit, Month::of(d), line, fen);
    }

    /// Adds a figure as it is (fen, or hundredths of hours).
    pub(crate) fn raw(&mut self, unit: usize, m: Month, line: Line, v: i64) {
        if let Some(i) = self.slot(unit, m, line) {
            self.cells[i] += v;
        }
    }

    /// The figure of one unit (not its subtree).
    pub(crate) fn get(&self, unit: usize, m: Month, line: Line) -> i64 {
        self.slot(unit, m, line).map_or(0, |i| self.cells[i])
    }

    /// The months covered.
    pub(crate) fn months(&self) -> &[Month] {
        &self.months
    }
}
