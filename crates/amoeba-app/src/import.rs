//! Importing a data file: read it with the right parser, then store it in
//! one transaction. Shared by `amoeba import` and the web upload page.

pub use crate::import_note::ImportNote;
pub use crate::settlement_import::import_settlement_file;
use crate::settlement_import::SettlementSource;
use crate::{AppError, Result};
use amoeba_core::ledger::FactRecord;
use amoeba_core::Refusal;
use amoeba_import::{amazon_ads, formats, FileKind, Fingerprint, ImportContext, ImportErrors, Parsed};
use amoeba_store::imports::{ImportMeta, ImportOutcome, NewFact, ReferenceRows};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use std::fmt;
use std::str::FromStr;

/// Facts handed to the store per batch: a multiple of the 1 024 rows one
/// INSERT statement carries, so no batch leaves a short statement behind.
pub const FACT_BATCH: usize = 4_096;

/// The kinds of file `amoeba import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// The generic facts CSV.
    Facts,
    /// Amazon settlement report, flat file V2.
    AmazonSettlement,
    /// Amazon Sponsored Products advertised-product report.
    AmazonAds,
    /// Exchange rates.
    Fx,
    /// Exchange rates that replace the stored ones for the same currency
    /// and day (open months only): how a wrong rate is corrected.
    FxCorrection,
    /// Working hours and labour cost.
    Hours,
    /// Monthly unit plans.
    Plans,
    /// Inventory snapshots.
    Inventory,
    /// Orders and their lifecycle events (Alibaba.com, offline B2B, own sites).
    Orders,
    /// Shopify admin "Export orders": fulfilled orders book their sales.
    ShopifyOrders,
    /// TikTok Shop finance statement ("Order details"): what TikTok settled.
    TiktokStatement,
    /// TikTok Shop order export: each order's lifecycle (books no money).
    TiktokOrders,
    /// Traffic per store, SKU and day (generic CSV, Alibaba.com 数据管家).
    Traffic,
    /// Amazon's "Detail Page Sales and Traffic by Child Item" business report.
    AmazonBusinessReport,
}

impl ImportKind {
    /// Every kind, as listed in help texts.
    pub const ALL: [ImportKind; 14] = [
        ImportKind::Facts,
        ImportKind::AmazonSettlement,
        ImportKind::AmazonAds,
        ImportKind::Fx,
        ImportKind::FxCorrection,
        ImportKind::Hours,
        ImportKind::Plans,
        ImportKind::Inventory,
        ImportKind::Orders,
        ImportKind::ShopifyOrders,
        ImportKind::TiktokStatement,
        ImportKind::TiktokOrders,
        ImportKind::Traffic,
        ImportKind::AmazonBusinessReport,
    ];

    /// The name used on the command line and in the imports table.
    pub fn as_str(&self) -> &'static str {
        match self {
            ImportKind::Facts => "facts",
            ImportKind::AmazonSettlement => "amazon-settlement",
            ImportKind::AmazonAds => "amazon-ads",
            ImportKind::Fx => "fx",
            ImportKind::FxCorrection => "fx-correction",
            ImportKind::Hours => "hours",
            ImportKind::Plans => "plans",
            ImportKind::Inventory => "inventory",
            ImportKind::Orders => "orders",
            ImportKind::ShopifyOrders => "shopify-orders",
            ImportKind::TiktokStatement => "tiktok-statement",
            ImportKind::TiktokOrders => "tiktok-orders",
            ImportKind::Traffic => "traffic",
            ImportKind::AmazonBusinessReport => "amazon-business-report",
        }
    }

    /// The kind as the parsers name it in a refusal.
    pub fn file_kind(&self) -> FileKind {
        match self {
            ImportKind::Facts => FileKind::Facts,
            ImportKind::AmazonSettlement => FileKind::AmazonSettlement,
            ImportKind::AmazonAds => FileKind::AmazonAds,
            ImportKind::Fx | ImportKind::FxCorrection => FileKind::Fx,
            ImportKind::Hours => FileKind::Hours,
            ImportKind::Plans => FileKind::Plans,
            ImportKind::Inventory => FileKind::Inventory,
            ImportKind::Orders => FileKind::Orders,
            ImportKind::ShopifyOrders => FileKind::ShopifyOrders,
            ImportKind::TiktokStatement => FileKind::TiktokStatement,
            ImportKind::TiktokOrders => FileKind::TiktokOrders,
            ImportKind::Traffic => FileKind::Traffic,
            ImportKind::AmazonBusinessReport => FileKind::AmazonBusinessReport,
        }
    }

    /// Whether the file belongs to one store and needs `--store`.
    pub fn needs_store(&self) -> bool {
        matches!(
            self,
            ImportKind::AmazonSettlement
                | ImportKind::AmazonAds
                | ImportKind::AmazonBusinessReport
                | ImportKind::ShopifyOrders
                | ImportKind::TiktokStatement
                | ImportKind::TiktokOrders
        )
    }
}

impl FromStr for ImportKind {
    type Err = Refusal;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        ImportKind::ALL.iter().copied().find(|k| k.as_str() == s.trim()).ok_or_else(|| Refusal::UnknownImportKind {
            value: s.to_string(),
            known: ImportKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
        })
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Hooks for showing progress of long imports (the CLI draws a bar).
pub trait Progress: Send {
    /// Called once the file is read, with the number of records to write.
    fn start(&mut self, _records: u64) {}
    /// Called instead of [`Progress::start`] when a file is streamed and
    /// only its size is known: `advance` then counts bytes read.
    fn start_bytes(&mut self, _bytes: u64) {}
    /// Called after each batch is written.
    fn advance(&mut self, _records: u64) {}
    /// Called when writing is over.
    fn finish(&mut self) {}
}

/// Progress that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// What an import did, for messages and the imports page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// File name as given.
    pub file: String,
    /// Kind of file.
    pub kind: ImportKind,
    /// Encoding it was read in.
    pub encoding: String,
    /// What the store did.
    pub outcome: ImportOutcome,
    /// Extra lines worth telling (e.g. settlement reconciliation), in both languages.
    pub notes: Vec<ImportNote>,
}

impl ImportReport {
    /// The summary in `lang` (`Display` gives the English one).
    pub fn render(&self, lang: amoeba_core::Lang) -> String {
        if lang == amoeba_core::Lang::En {
            return self.to_string();
        }
        let mut out = match &self.outcome {
            ImportOutcome::Imported { import_id, rows_read, rows_added } => format!(
                "{}：已导入为 #{import_id}（{}，{}）：读取 {rows_read} 行，新增 {rows_added} 行，{} 行此前已存",
                self.file,
                self.kind,
                self.encoding,
                rows_read - rows_added
            ),
            ImportOutcome::AlreadyImported { import_id, imported_at } => {
                format!("{}：已于 {imported_at} 导入为 #{import_id}，未作改动", self.file)
            }
        };
        for n in &self.notes {
            out.push_str("\n  ");
            out.push_str(n.text(lang));
        }
        out
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            ImportOutcome::Imported { import_id, rows_read, rows_added } => write!(
                f,
                "{}: imported as #{import_id} ({}, {}): {rows_read} rows read, {rows_added} new, {} already stored",
                self.file,
                self.kind,
                self.encoding,
                rows_read - rows_added
            )?,
            ImportOutcome::AlreadyImported { import_id, imported_at } => {
                write!(f, "{}: already imported as #{import_id} on {imported_at}; nothing changed", self.file)?
            }
        }
        for n in &self.notes {
            write!(f, "\n  {n}")?;
        }
        Ok(())
    }
}

pub(crate) async fn context(db: &Db, company: &CompanyRow, kind: ImportKind, store: Option<&str>) -> Result<ImportContext> {
    let company_tz: chrono_tz::Tz = company
        .company
        .timezone
        .parse()
        .map_err(|_| AppError::Internal(format!("stored company time zone '{}' is not valid", company.company.timezone)))?;
    // The latest plausible day: the later of the clock's today (a fixed
    // AMOEBA_TODAY rehearses a month) and the system's.
    let system = crate::clock::Clock::System.today(company);
    let today = crate::clock::Clock::from_env().map_or(system, |c| c.today(company).max(system));
    let Some(code) = store else {
        if kind.needs_store() {
            return Err(Refusal::StoreNeeded { kind: kind.to_string() }.into());
        }
        return Ok(ImportContext::new(company_tz).with_base(company.company.base_currency).with_today(today));
    };
    let s = db.store_settings(company.id, code).await?.map_err(|known| Refusal::UnknownStore { code: code.to_string(), known })?;
    let tz: chrono_tz::Tz = s.timezone.parse().unwrap_or(company_tz);
    let currency =
        s.currency.parse().map_err(|_| AppError::Internal(format!("stored store '{code}' has an invalid currency '{}'", s.currency)))?;
    Ok(ImportContext::new(tz).with_store(code).with_currency(currency).with_base(company.company.base_currency).with_today(today))
}

pub(crate) fn meta(kind: ImportKind, file: &str, sha: [u8; 32], encoding: &str, store: Option<&str>) -> ImportMeta {
    ImportMeta {
        kind: kind.as_str().into(),
        file_name: file.into(),
        file_sha256: hex::encode(sha),
        encoding: encoding.into(),
        store: store.map(str::to_string),
    }
}

/// Turns rows the store refused (unknown store, closed month…) into the
/// same refusal a parser gives, so every reader sees one kind of list.
pub(crate) fn rows_error(file: &str, kind: ImportKind) -> impl Fn(amoeba_store::StoreError) -> AppError + '_ {
    move |e| match e {
        amoeba_store::StoreError::RowsRefused(rows) => {
            AppError::File { file: file.into(), errors: ImportErrors::from_errors(kind.file_kind(), rows, 0) }
        }
        e => AppError::Store(e),
    }
}

/// Reads `bytes` as a file of `kind` and stores it for `company`, in one
/// transaction. Re-importing the same file is a no-op; any bad row refuses
/// the whole file.
pub async fn import_file(
    db: &Db,
    company: &CompanyRow,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    store: Option<&str>,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let picked = crate::store_pick::pick_store(db, company, kind, store, bytes).await?;
    let store = picked.store.as_deref();
    let ctx = context(db, company, kind, store).await?;
    let file_err = |errors| AppError::File { file: file.into(), errors };
    let mut notes: Vec<ImportNote> = picked.note.into_iter().collect();
    let (parsed, encoding): (Parsed<FactRecord>, String) = match kind {
        ImportKind::Facts => {
            let p = match formats::read_facts(bytes, &ctx) {
                Ok(p) => p,
                Err(partial) => {
                    // One pass: the good rows' reference problems join the file's own.
                    let refs = db.check_fact_references(company.id, &partial.good).await?;
                    return Err(file_err(partial.errors.merge(refs, 0)));
                }
            };
            let enc = p.encoding.as_str().to_string();
            (p, enc)
        }
        ImportKind::AmazonAds => {
            let p = amazon_ads::parse_ads(bytes, &ctx).map_err(file_err)?;
            let enc = p.encoding.as_str().to_string();
            (p, enc)
        }
        ImportKind::Orders => return crate::orders_import::import_orders(db, company, file, bytes, progress).await,
        ImportKind::TiktokOrders => {
            let mut report = crate::market_import::import_tiktok_orders(db, company, file, bytes, &ctx, progress).await?;
            report.notes.splice(0..0, notes);
            return Ok(report);
        }
        ImportKind::ShopifyOrders | ImportKind::TiktokStatement => {
            let read = crate::market_import::read_market_file(kind, bytes, &ctx).map_err(file_err)?;
            notes.extend(read.notes);
            (read.parsed, read.encoding)
        }
        ImportKind::Traffic | ImportKind::AmazonBusinessReport => {
            let opts = crate::traffic_import::TrafficOptions::default();
            return crate::traffic_import::import_traffic(db, company, kind, file, bytes, store, opts).await;
        }
        ImportKind::AmazonSettlement => {
            let source = SettlementSource::Bytes(std::sync::Arc::new(bytes.to_vec()));
            let mut report = crate::settlement_import::import_settlement(db, company.id, file, source, ctx, store, progress).await?;
            report.notes.splice(0..0, notes);
            return Ok(report);
        }
        ImportKind::Fx | ImportKind::FxCorrection => {
            let p = match formats::read_fx(bytes, &ctx) {
                Ok(p) => p,
                Err(partial) => {
                    let good = match kind {
                        ImportKind::FxCorrection => ReferenceRows::FxCorrection(partial.good),
                        _ => ReferenceRows::Fx(partial.good),
                    };
                    return Err(one_pass(db, company, partial.errors, good, file).await?);
                }
            };
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let rates = p.records.into_iter().map(|(r, _)| r).collect();
            let outcome = match kind {
                ImportKind::FxCorrection => db.correct_fx(company.id, &m, rates).await,
                _ => db.import_fx(company.id, &m, rates).await,
            }
            .map_err(rows_error(file, kind))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
        ImportKind::Hours => {
            let p = match formats::read_hours(bytes, &ctx) {
                Ok(p) => p,
                Err(partial) => {
                    let good = partial.good.into_iter().map(|r| (r, String::new())).collect();
                    return Err(one_pass(db, company, partial.errors, ReferenceRows::Hours(good), file).await?);
                }
            };
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let rows = p.records.into_iter().map(|(r, f)| (r, f.to_hex())).collect();
            let outcome = db.import_hours(company.id, &m, rows).await.map_err(rows_error(file, kind))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
        ImportKind::Plans => {
            let p = match formats::read_plans(bytes, &ctx) {
                Ok(p) => p,
                Err(partial) => return Err(one_pass(db, company, partial.errors, ReferenceRows::Plans(partial.good), file).await?),
            };
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let outcome =
                db.import_plans(company.id, &m, p.records.into_iter().map(|(r, _)| r).collect()).await.map_err(rows_error(file, kind))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
        ImportKind::Inventory => {
            let p = match formats::read_inventory(bytes, &ctx) {
                Ok(p) => p,
                Err(partial) => return Err(one_pass(db, company, partial.errors, ReferenceRows::Inventory(partial.good), file).await?),
            };
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let outcome = db
                .import_inventory(company.id, &m, p.records.into_iter().map(|(r, _)| r).collect())
                .await
                .map_err(rows_error(file, kind))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
    };
    let m = meta(kind, file, parsed.file_sha256, &encoding, store);
    let outcome = store_facts(db, company.id, &m, parsed.records, progress).await.map_err(rows_error(file, kind))?;
    Ok(ImportReport { file: file.into(), kind, encoding, outcome, notes })
}

/// A reference file refused for its own errors: the store's problems with
/// the good rows join them, so one pass lists every bad row.
async fn one_pass(db: &Db, company: &CompanyRow, errors: ImportErrors, good: ReferenceRows, file: &str) -> Result<AppError> {
    let refs = db.check_reference_rows(company.id, good).await?;
    Ok(AppError::File { file: file.into(), errors: errors.merge(refs, 0) })
}

async fn store_facts(
    db: &Db,
    company_id: i64,
    meta: &ImportMeta,
    records: Vec<(FactRecord, Fingerprint)>,
    progress: &mut dyn Progress,
) -> std::result::Result<ImportOutcome, amoeba_store::StoreError> {
    let mut import = match db.begin_fact_import(company_id, meta).await? {
        Ok(i) => i,
        Err(done) => return Ok(done),
    };
    progress.start(records.len() as u64);
    let mut batch = Vec::with_capacity(FACT_BATCH);
    for (record, fp) in records {
        batch.push(NewFact { record, fingerprint: Some(fp.to_hex()) });
        if batch.len() == FACT_BATCH {
            let n = batch.len() as u64;
            import.add(std::mem::take(&mut batch)).await?;
            progress.advance(n);
        }
    }
    let n = batch.len() as u64;
    import.add(batch).await?;
    progress.advance(n);
    progress.finish();
    import.finish().await
}
