//! Stock per store and SKU, day by day: replenishment shipments from
//! Ningbo (sea, or air when a seller has run dry), receipts, sales taken
//! out, storage volume for the fee, and month-end snapshots. Some SKUs are
//! over-bought on purpose so overstock, days of cover and long-term storage
//! have something to show.

use crate::calendar::Span;
use crate::rng::Rng;
use crate::stores::Stock;
use amoeba_core::Month;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::fmt::Write;

/// Goods sent from Ningbo to a store's warehouse.
pub(crate) struct Shipment {
    pub id: String,
    pub shipped: NaiveDate,
    pub arrives: NaiveDate,
    /// Global SKU index and units.
    pub lines: Vec<(usize, i64)>,
    pub air: bool,
}

/// Units on hand and inbound at the end of a day.
pub(crate) struct Snapshot {
    pub day: NaiveDate,
    pub sku: usize,
    pub on_hand: i64,
    pub inbound: i64,
}

/// What happened to one store's stock over the span.
#[derive(Default)]
pub(crate) struct StockLog {
    pub shipments: Vec<Shipment>,
    pub snapshots: Vec<Snapshot>,
    /// Cubic-feet-days (thousandths) held per month, for storage fees.
    pub volume: Vec<(Month, i64)>,
    /// Units aged over a year on the long-term-storage assessment day.
    pub aged: Vec<(NaiveDate, usize, i64)>,
    /// Orders lost because the SKU was out of stock.
    pub lost_orders: u32,
}

/// Expected daily units per listed SKU over the span and the months after
/// it (replenishment looks ahead), with prefix sums for window totals.
pub(crate) struct Forecast {
    first: NaiveDate,
    /// `prefix[local][k]` = expected units on days `0..k`.
    prefix: Vec<Vec<f64>>,
    /// Expected units without the hit boost, for the launch order.
    plain: Vec<Vec<f64>>,
}

impl Forecast {
    /// Builds from a per-day function `units(local, day) -> (expected, without hit boost)`.
    pub(crate) fn new(first: NaiveDate, days: usize, n: usize, mut units: impl FnMut(usize, NaiveDate) -> (f64, f64)) -> Self {
        let mut prefix = vec![vec![0.0; days + 1]; n];
        let mut plain = vec![vec![0.0; days + 1]; n];
        for k in 0..days {
            let d = first + Duration::days(k as i64);
            for l in 0..n {
                let (e, p) = units(l, d);
                prefix[l][k + 1] = prefix[l][k] + e;
                plain[l][k + 1] = plain[l][k] + p;
            }
        }
        Self { first, prefix, plain }
    }

    fn window(table: &[f64], first: NaiveDate, from: NaiveDate, days: i64) -> f64 {
        let last = table.len() as i64 - 1;
        let a = (from - first).num_days().clamp(0, last);
        let b = (a + days).clamp(0, last);
        table[b as usize] - table[a as usize]
    }

    /// Expected units of `local` over `days` days from `from`.
    pub(crate) fn units(&self, local: usize, from: NaiveDate, days: i64) -> f64 {
        Self::window(&self.prefix[local], self.first, from, days)
    }

    /// The same as a buyer sees it before launch (no hit boost).
    pub(crate) fn plain_units(&self, local: usize, from: NaiveDate, days: i64) -> f64 {
        Self::window(&self.plain[local], self.first, from, days)
    }
}

/// What the warehouse knows of a SKU.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StockSku {
    /// Global SKU index.
    pub sku: usize,
    pub launch: NaiveDate,
    /// Cubic feet per unit, thousandths.
    pub cuft_milli: i64,
    /// Destined to be over-bought once.
    pub overstock: bool,
}

/// A store's warehouse during the simulation.
pub(crate) struct Stockroom {
    kind: Stock,
    prefix: String,
    review_day: Weekday,
    lead: i64,
    cover: i64,
    skus: Vec<StockSku>,
    pub on_hand: Vec<i64>,
    pipeline: Vec<(NaiveDate, usize, i64)>,
    launched_stock: Vec<bool>,
    overbought: bool,
    volume_month: Option<(Month, i64)>,
    pub log: StockLog,
}

impl Stockroom {
    /// An empty warehouse.
    pub(crate) fn new(kind: Stock, prefix: String, review_day: Weekday, lead: i64, cover: i64, skus: Vec<StockSku>) -> Self {
        let n = skus.len();
        Self {
            kind,
            prefix,
            review_day,
            lead,
            cover,
            skus,
            on_hand: vec![0; n],
            pipeline: Vec::new(),
            launched_stock: vec![false; n],
            overbought: false,
            volume_month: None,
            log: StockLog::default(),
        }
    }

    /// Whether stock limits sales at all.
    pub(crate) fn tracked(&self) -> bool {
        self.kind != Stock::None
    }

    /// Stock on the first selling day: ~55 days on hand and a shipment on
    /// the water.
    pub(crate) fn open(&mut self, d: NaiveDate, fc: &Forecast, rng: &mut Rng) {
        if !self.tracked() {
            return;
        }
        let mut lines = Vec::new();
        for l in 0..self.skus.len() {
            if self.skus[l].launch > d {
                continue;
            }
            self.launched_stock[l] = true;
            let f = fc.units(l, d, 55) * rng.between(0.85, 1.25);
            self.on_hand[l] = round10(f);
            let q = round10(fc.units(l, d + Duration::days(40), 35));
            if q > 0 {
                lines.push((l, q));
            }
        }
        let arrives = d + Duration::days(rng.range(12, 25));
        self.ship(arrives - Duration::days(self.lead), arrives, lines, false);
    }

    fn ship(&mut self, shipped: NaiveDate, arrives: NaiveDate, lines: Vec<(usize, i64)>, air: bool) {
        if lines.is_empty() {
            return;
        }
        for &(l, q) in &lines {
            self.pipeline.push((arrives, l, q));
        }
        let n = self.log.shipments.len() + 1;
        let id = format!("{}-{}{:03}", self.prefix, if air { "AIR" } else { "SEA" }, n);
        let global = lines.iter().map(|&(l, q)| (self.skus[l].sku, q)).collect();
        self.log.shipments.push(Shipment { id, shipped, arrives, lines: global, air });
    }

    /// Books what arrives on `d`.
    pub(crate) fn receive(&mut self, d: NaiveDate) {
        let on_hand = &mut self.on_hand;
        self.pipeline.retain(|&(a, l, q)| {
            if a <= d {
                on_hand[l] += q;
                false
            } else {
                true
            }
        });
    }

    /// Takes up to `qty` units; returns what was there.
    pub(crate) fn take(&mut self, local: usize, qty: i64) -> i64 {
        if !self.tracked() {
            return qty;
        }
        let q = qty.min(self.on_hand[local]);
        self.on_hand[local] -= q;
        if q == 0 {
            self.log.lost_orders += 1;
        }
        q
    }

    fn inbound(&self, local: usize) -> i64 {
        self.pipeline.iter().filter(|p| p.1 == local).map(|p| p.2).sum()
    }

    /// Weekly replenishment: launch stock (75 days of ordinary demand) for
    /// products about to launch, untouched for their first month; a sea
    /// shipment topping every SKU up to lead time + cover days of expected
    /// demand (more in the run-up to Q4); air freight for sellers that ran
    /// dry (hits outrun their launch stock); one over-buy of the SKUs
    /// destined to overstock.
    pub(crate) fn review(&mut self, d: NaiveDate, span: &Span, fc: &Forecast, rng: &mut Rng) {
        if !self.tracked() || d.weekday() != self.review_day {
            return;
        }
        let build_up = if (7..=9).contains(&d.month()) { 30 } else { 0 };
        let over_buy = !self.overbought && d >= span.start + Duration::days(45);
        let mut sea = Vec::new();
        let mut launch_lines = Vec::new();
        let mut air = Vec::new();
        for l in 0..self.skus.len() {
            let StockSku { launch, overstock, .. } = self.skus[l];
            if !self.launched_stock[l] {
                if (launch - d).num_days() <= self.lead + 7 {
                    self.launched_stock[l] = true;
                    let q = round10(fc.plain_units(l, launch, 75)).max(50);
                    self.pipeline.push((launch.max(d + Duration::days(self.lead)), l, q));
                    launch_lines.push((l, q));
                }
                continue;
            }
            // A launch sells its first stock before anyone reorders.
            if d < launch + Duration::days(30) {
                continue;
            }
            let position = self.on_hand[l] + self.inbound(l);
            let reorder = fc.units(l, d, self.lead + 30);
            let mut q = 0;
            if (position as f64) < reorder {
                q = round10(fc.units(l, d, self.lead + self.cover + build_up) - position as f64);
            }
            if over_buy && overstock {
                q += round10(fc.units(l, d, 150) * rng.between(0.9, 1.3));
            }
            if q > 0 {
                sea.push((l, q));
            }
            if self.on_hand[l] == 0 && self.lead > 20 && fc.units(l, d, 1) > 1.0 {
                let next = self.pipeline.iter().filter(|p| p.1 == l).map(|p| p.0).min();
                let q = round10(fc.units(l, d, 25));
                if q > 0 && next.is_none_or(|n| n > d + Duration::days(14)) {
                    air.push((l, q));
                }
            }
        }
        if over_buy {
            self.overbought = true;
        }
        for &(l, q) in &sea {
            self.pipeline.push((d + Duration::days(self.lead + rng.range(-3, 4)), l, q));
        }
        // One sea shipment with everything that left today.
        sea.extend(launch_lines);
        if !sea.is_empty() {
            let n = self.log.shipments.len() + 1;
            let mode = if self.kind == Stock::OwnWarehouse { "TRK" } else { "SEA" };
            let id = format!("{}-{mode}{:03}", self.prefix, n);
            let global = sea.iter().map(|&(l, q)| (self.skus[l].sku, q)).collect();
            self.log.shipments.push(Shipment { id, shipped: d, arrives: d + Duration::days(self.lead), lines: global, air: false });
        }
        if !air.is_empty() {
            let arrives = d + Duration::days(rng.range(8, 12));
            self.ship(d, arrives, air, true);
        }
    }

    /// End-of-day bookkeeping: storage volume, month-end snapshot, the
    /// long-term-storage assessment on 15 February.
    pub(crate) fn close_day(&mut self, d: NaiveDate, span: &Span, rng: &mut Rng) {
        if !self.tracked() {
            return;
        }
        let vol: i64 = self.on_hand.iter().zip(&self.skus).map(|(q, s)| q * s.cuft_milli).sum();
        let m = Month::of(d);
        match &mut self.volume_month {
            Some((cur, v)) if *cur == m => *v += vol,
            other => {
                if let Some(done) = other.take() {
                    self.log.volume.push(done);
                }
                *other = Some((m, vol));
            }
        }
        if d.month() == 2 && d.day() == 15 {
            for l in 0..self.skus.len() {
                let StockSku { sku: g, launch, overstock, .. } = self.skus[l];
                if (d - launch).num_days() < 365 || self.on_hand[l] == 0 {
                    continue;
                }
                let share = if overstock { rng.range(350, 550) } else { rng.range(0, 60) };
                let aged = self.on_hand[l] * share / 1000;
                if aged > 0 {
                    self.log.aged.push((d, g, aged));
                }
            }
        }
        if d == m.last_day() || d == span.end {
            for l in 0..self.skus.len() {
                let inbound = self.inbound(l);
                if self.skus[l].launch <= d || inbound > 0 {
                    self.log.snapshots.push(Snapshot { day: d, sku: self.skus[l].sku, on_hand: self.on_hand[l], inbound });
                }
            }
        }
        if d == span.end {
            if let Some(done) = self.volume_month.take() {
                self.log.volume.push(done);
            }
        }
    }
}

fn round10(v: f64) -> i64 {
    if v <= 0.0 {
        0
    } else {
        ((v / 10.0).ceil() as i64) * 10
    }
}

/// The inventory file of one snapshot day: `date,store,sku,on_hand,inbound`.
pub(crate) fn csv(rows: &[(&str, &str, &Snapshot)]) -> String {
    let mut out = String::from("date,store,sku,on_hand,inbound\n");
    for (store, sku, s) in rows {
        let _ = writeln!(out, "{},{store},{sku},{},{}", s.day, s.on_hand, s.inbound);
    }
    out
}
