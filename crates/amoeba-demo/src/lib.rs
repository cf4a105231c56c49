//! The demo company of Amoeba: 宁波天启电商 (code `NBTQ`), a Ningbo seller
//! run as amoebas — six profit units on Amazon US (with a Home and an
//! Outdoor team) and DE, TikTok Shop, Wish, Alibaba.com and Shopify, five
//! service centres, ~80 people, ~300 SKUs — and a year of its business.
//!
//! There is no back door: [`generate`] returns **files in the real import
//! formats** (organisation TOML, FX CSV, Amazon settlement flat files V2 and
//! advertised-product reports, the generic facts CSV in UTF-8, UTF-8 with
//! BOM and GBK, hours, plans, inventory snapshots), and the CLI loads the
//! demo by importing them through the same code paths as a real seller's
//! files. Anything the demo shows, real data can show.
//!
//! The same options give byte-identical files: all randomness comes from
//! ChaCha8 streams seeded from [`DemoOptions::seed`], money is integer
//! minor units (never floating point), and [`generate`] reads neither the
//! clock nor any hash-map order.

#![warn(missing_docs)]

mod ads;
mod alert_rules;
mod b2b_orders;
mod calendar;
mod credit_rules;
mod facts_csv;
mod fx;
mod hours;
mod inventory;
mod lottery;
mod money;
mod names;
mod orders;
mod org;
mod org_toml;
mod pay_plan;
mod plans;
mod platform_facts;
mod playbooks;
mod rng;
mod settlement;
mod skus;
mod stores;
mod traffic;
mod unit_costs;
mod world;

use chrono::NaiveDate;
use facts_csv::Enc;
use stores::Platform;
use world::{Book, World};

/// The company code of the demo company.
pub const COMPANY_CODE: &str = "NBTQ";

/// The seed used when none is given, so every fresh demo looks the same.
pub const DEFAULT_SEED: u64 = 42;

/// Whole months of history of the standard demo: 13, so that even the
/// first month-to-date report has a complete 12-month LTV cohort behind it.
pub const DEFAULT_MONTHS: u32 = 13;

/// One file to import, in the format its `kind` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFile {
    /// The import kind, as `amoeba import KIND` takes it: `org`, `fx`,
    /// `facts`, `orders`, `amazon-settlement`, `amazon-ads`, `hours`,
    /// `plans` or `inventory`; `pay-plan` is the pay plan file
    /// (`amoeba pay-plan import`).
    /// `plans` or `inventory`; or what `amoeba lottery` reads:
    /// `lottery-rules` (the rules file) and `lottery-draws` (each draw
    /// day's public lottery numbers, `day,numbers`).
    pub kind: &'static str,
    /// File name, prefixed with its position (`017-…`) so a folder listing
    /// sorts in import order.
    pub name: String,
    /// The store a marketplace report belongs to (`--store`); such files do
    /// not name their store themselves. A traffic file's store, whose zone
    /// cuts its days. `None` for every other kind.
    pub store: Option<String>,
    /// The bytes, in the encoding a seller's file would have.
    pub content: Vec<u8>,
}

/// What demo to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Seed of every random choice; the same seed and dates give the same files.
    pub seed: u64,
    /// Last day with data (normally yesterday in Asia/Shanghai).
    pub end: NaiveDate,
    /// Whole months of history before the month to date (1–36; default
    /// [`DEFAULT_MONTHS`]).
    pub months: u32,
    /// Order volume in percent of the standard demo (1–1000; default 100),
    /// for bigger or smaller demo databases. Staff and fixed costs stay.
    pub volume_pct: u32,
}

impl DemoOptions {
    /// The standard demo ending on `end`: seed 42, [`DEFAULT_MONTHS`], 100 % volume.
    pub fn new(end: NaiveDate) -> Self {
        Self { seed: DEFAULT_SEED, end, months: DEFAULT_MONTHS, volume_pct: 100 }
    }

    /// The standard demo ending yesterday in the company's time zone.
    pub fn ending_yesterday() -> Self {
        let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
        Self::new(today.pred_opt().unwrap_or(today))
    }
}

/// Counts of what was generated, for logs and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoStats {
    /// Files per kind.
    pub files: Vec<(&'static str, usize)>,
    /// Data rows per kind: lines after the header (settlement lines
    /// without the summary row; for the organisation file, people).
    pub rows: Vec<(&'static str, usize)>,
}

impl DemoStats {
    fn add(&mut self, kind: &'static str, rows: usize) {
        match self.files.iter_mut().find(|x| x.0 == kind) {
            Some(x) => x.1 += 1,
            None => self.files.push((kind, 1)),
        }
        match self.rows.iter_mut().find(|x| x.0 == kind) {
            Some(x) => x.1 += rows,
            None => self.rows.push((kind, rows)),
        }
    }

    /// Rows of one kind.
    pub fn rows_of(&self, kind: &str) -> usize {
        self.rows.iter().find(|x| x.0 == kind).map_or(0, |x| x.1)
    }
}

struct Files {
    list: Vec<DemoFile>,
    stats: DemoStats,
}

impl Files {
    fn push(&mut self, kind: &'static str, name: String, store: Option<&str>, content: Vec<u8>, rows: usize) {
        let name = format!("{:03}-{name}", self.list.len());
        self.list.push(DemoFile { kind, name, store: store.map(str::to_string), content });
        self.stats.add(kind, rows);
    }
}

/// Generates the demo company's files, in the order they must be imported:
/// organisation first, then FX rates, then everything else.
pub fn generate(opts: &DemoOptions) -> Vec<DemoFile> {
    generate_with_stats(opts).0
}

/// [`generate`], also returning what was generated.
pub fn generate_with_stats(opts: &DemoOptions) -> (Vec<DemoFile>, DemoStats) {
    let months = opts.months.clamp(1, 36);
    let volume = opts.volume_pct.clamp(1, 1000);
    let w = World::new(opts.seed, opts.end, months, volume);
    let mut book = Book::new(&w.span);
    let mut f = Files { list: Vec::new(), stats: DemoStats::default() };

    let sales = orders::simulate(&w);
    let org = org_toml::render(&w, &sales);
    f.push("org", "organisation.toml".into(), None, org.into_bytes(), w.staff.people.len());
    let fx = w.fx.csv();
    let fx_rows = fx.lines().count() - 1;
    f.push("fx", "fx-rates.csv".into(), None, fx.into_bytes(), fx_rows);

    // Unit-level costs and freight bills: one GBK file from "Chinese Excel".
    let shipments: Vec<(usize, &inventory::Shipment)> =
        sales.iter().flat_map(|s| s.stock.shipments.iter().map(move |sh| (s.store, sh))).collect();
    let (text, n) = unit_costs::rows(&w, &shipments, &mut book).whole(facts_csv::UNIT_HEADER, true);
    f.push("facts", "unit-costs.csv".into(), None, facts_csv::encode(&text, Enc::Gbk), n);

    for s in sales.iter().filter(|s| w.stores[s.store].platform != Platform::Amazon) {
        let st = &w.stores[s.store];
        let enc = if st.code == "SHOP-UK" { Enc::Utf8Bom } else { Enc::Utf8 };
        for (m, text, n) in platform_facts::store_files(&w, s, &mut book) {
            f.push("facts", format!("facts_{}_{m}.csv", st.code), None, facts_csv::encode(&text, enc), n);
        }
    }
    // Alibaba.com trade-assurance orders: their shipments book the stores' sales.
    for s in sales.iter().filter(|s| w.stores[s.store].platform == Platform::Alibaba) {
        let st = &w.stores[s.store];
        for (m, text, n) in b2b_orders::files(&w, s) {
            f.push("orders", format!("orders_{}_{m}.csv", st.code), None, text.into_bytes(), n);
        }
    }
    for s in sales.iter().filter(|s| w.stores[s.store].platform == Platform::Amazon) {
        let st = &w.stores[s.store];
        for file in settlement::files(&w, s, &mut book) {
            f.push("amazon-settlement", file.name, Some(st.code), file.content.into_bytes(), file.lines);
        }
    }
    for s in sales.iter().filter(|s| w.stores[s.store].platform == Platform::Amazon) {
        let st = &w.stores[s.store];
        for file in ads::amazon_reports(&w, s, &mut book) {
            f.push("amazon-ads", format!("amazon-ads_{}_{}.csv", st.code, file.month), Some(st.code), file.content.into_bytes(), file.rows);
        }
    }
    // Inventory: one snapshot file per month end (and the last day).
    let mut snaps: Vec<(&str, &str, &inventory::Snapshot)> = Vec::new();
    for s in &sales {
        for x in &s.stock.snapshots {
            snaps.push((w.stores[s.store].code, &w.skus[x.sku].code, x));
        }
    }
    snaps.sort_by_key(|x| x.2.day);
    for chunk in snaps.chunk_by(|a, b| a.2.day == b.2.day) {
        let day = chunk[0].2.day;
        f.push("inventory", format!("inventory_{day}.csv"), None, inventory::csv(chunk).into_bytes(), chunk.len());
    }
    for (m, text, n) in hours::files(&w, &mut book) {
        f.push("hours", format!("hours_{m}.csv"), None, text.into_bytes(), n);
    }
    let (text, n) = plans::file(&w, &book);
    f.push("plans", "plans.csv".into(), None, text.into_bytes(), n);
    // Traffic behind every store's sales; the operator's contract (kind
    // `operator-contract`, saved rather than imported).
    for s in &sales {
        let st = &w.stores[s.store];
        for t in traffic::files(&w, s) {
            let cut = if t.alibaba { "alibaba" } else { "store" };
            f.push("traffic", format!("traffic_{cut}_{}_{}.csv", st.code, t.month), Some(st.code), t.text.into_bytes(), t.rows);
        }
    }
    for s in &sales {
        if let Some(text) = traffic::contract(&w, s) {
            f.push("operator-contract", format!("contract_{}.toml", w.stores[s.store].code), None, text.into_bytes(), 1);
        }
    }
    let pay = pay_plan::file(&w, &sales);
    let components = pay.matches("[[components]]").count();
    f.push("pay-plan", "pay-plan.toml".into(), None, pay.into_bytes(), components);
    // The daily order lottery: its rules, then every draw day's public numbers.
    f.push("lottery-rules", "lottery-rules.toml".into(), None, lottery::rules(&w).into_bytes(), 1);
    let (text, n) = lottery::numbers(&w);
    f.push("lottery-draws", "lottery-draws.csv".into(), None, text.into_bytes(), n);
    f.push("alert-rules", "alert-rules.toml".into(), None, alert_rules::RULES.as_bytes().to_vec(), 2);
    let templates = playbooks::FILE.matches("[[templates]]").count();
    f.push("playbooks", "playbooks.toml".into(), None, playbooks::FILE.as_bytes().to_vec(), templates);
    (f.list, f.stats)
}
