//! Importing a data file: read it with the right parser, then store it in
//! one transaction. Shared by `amoeba import` and the web upload page.

use crate::{AppError, Result};
use amoeba_core::ledger::FactRecord;
use amoeba_import::{amazon_ads, amazon_settlement, formats, Fingerprint, ImportContext, Parsed};
use amoeba_store::imports::{ImportMeta, ImportOutcome, NewFact};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::settlements::SettlementHeader;
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
    /// Working hours and labour cost.
    Hours,
    /// Monthly unit plans.
    Plans,
    /// Inventory snapshots.
    Inventory,
}

impl ImportKind {
    /// Every kind, as listed in help texts.
    pub const ALL: [ImportKind; 7] = [
        ImportKind::Facts,
        ImportKind::AmazonSettlement,
        ImportKind::AmazonAds,
        ImportKind::Fx,
        ImportKind::Hours,
        ImportKind::Plans,
        ImportKind::Inventory,
    ];

    /// The name used on the command line and in the imports table.
    pub fn as_str(&self) -> &'static str {
        match self {
            ImportKind::Facts => "facts",
            ImportKind::AmazonSettlement => "amazon-settlement",
            ImportKind::AmazonAds => "amazon-ads",
            ImportKind::Fx => "fx",
            ImportKind::Hours => "hours",
            ImportKind::Plans => "plans",
            ImportKind::Inventory => "inventory",
        }
    }

    /// Whether the file belongs to one store and needs `--store`.
    pub fn needs_store(&self) -> bool {
        matches!(self, ImportKind::AmazonSettlement | ImportKind::AmazonAds)
    }
}

impl FromStr for ImportKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        ImportKind::ALL.iter().copied().find(|k| k.as_str() == s.trim()).ok_or_else(|| {
            let all: Vec<&str> = ImportKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown import kind '{s}' (expected one of: {})", all.join(", "))
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
    /// Extra lines worth telling (e.g. settlement reconciliation).
    pub notes: Vec<String>,
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

async fn context(db: &Db, company: &CompanyRow, kind: ImportKind, store: Option<&str>) -> Result<ImportContext> {
    let company_tz: chrono_tz::Tz =
        company.company.timezone.parse().map_err(|_| AppError::Invalid("company time zone is not valid".into()))?;
    let Some(code) = store else {
        if kind.needs_store() {
            return Err(AppError::Invalid(format!("a {kind} file belongs to one store: name it with --store CODE")));
        }
        return Ok(ImportContext::new(company_tz));
    };
    let s = db
        .store_settings(company.id, code)
        .await?
        .map_err(|known| AppError::Invalid(format!("unknown store '{code}' (known stores: {})", known.join(", "))))?;
    let tz: chrono_tz::Tz = s.timezone.parse().unwrap_or(company_tz);
    let currency = s.currency.parse().map_err(|_| AppError::Invalid(format!("store '{code}' has an invalid currency '{}'", s.currency)))?;
    Ok(ImportContext::new(tz).with_store(code).with_currency(currency))
}

fn meta(kind: ImportKind, file: &str, sha: [u8; 32], encoding: &str, store: Option<&str>) -> ImportMeta {
    ImportMeta {
        kind: kind.as_str().into(),
        file_name: file.into(),
        file_sha256: hex::encode(sha),
        encoding: encoding.into(),
        store: store.map(str::to_string),
    }
}

fn rows_error(file: &str) -> impl Fn(amoeba_store::StoreError) -> AppError + '_ {
    move |e| match e {
        e @ amoeba_store::StoreError::RowsRefused(_) => AppError::Rows { file: file.into(), source: e },
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
    let ctx = context(db, company, kind, store).await?;
    let file_err = |errors| AppError::File { file: file.into(), errors };
    let notes = Vec::new();
    let (parsed, encoding): (Parsed<FactRecord>, String) = match kind {
        ImportKind::Facts => {
            let p = formats::parse_facts(bytes, &ctx).map_err(file_err)?;
            let enc = p.encoding.as_str().to_string();
            (p, enc)
        }
        ImportKind::AmazonAds => {
            let p = amazon_ads::parse_ads(bytes, &ctx).map_err(file_err)?;
            let enc = p.encoding.as_str().to_string();
            (p, enc)
        }
        ImportKind::AmazonSettlement => {
            let source = SettlementSource::Bytes(std::sync::Arc::new(bytes.to_vec()));
            return import_settlement(db, company.id, file, source, ctx, store, progress).await;
        }
        ImportKind::Fx => {
            let p = formats::parse_fx(bytes, &ctx).map_err(file_err)?;
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let outcome = db.import_fx(company.id, &m, p.records.into_iter().map(|(r, _)| r).collect()).await.map_err(rows_error(file))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
        ImportKind::Hours => {
            let p = formats::parse_hours(bytes, &ctx).map_err(file_err)?;
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let rows = p.records.into_iter().map(|(r, f)| (r, f.to_hex())).collect();
            let outcome = db.import_hours(company.id, &m, rows).await.map_err(rows_error(file))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
        ImportKind::Plans => {
            let p = formats::parse_plans(bytes, &ctx).map_err(file_err)?;
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let outcome =
                db.import_plans(company.id, &m, p.records.into_iter().map(|(r, _)| r).collect()).await.map_err(rows_error(file))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
        ImportKind::Inventory => {
            let p = formats::parse_inventory(bytes, &ctx).map_err(file_err)?;
            let m = meta(kind, file, p.file_sha256, p.encoding.as_str(), store);
            let outcome =
                db.import_inventory(company.id, &m, p.records.into_iter().map(|(r, _)| r).collect()).await.map_err(rows_error(file))?;
            return Ok(ImportReport { file: file.into(), kind, encoding: m.encoding, outcome, notes });
        }
    };
    let m = meta(kind, file, parsed.file_sha256, &encoding, store);
    let outcome = store_facts(db, company.id, &m, parsed.records, progress).await.map_err(rows_error(file))?;
    Ok(ImportReport { file: file.into(), kind, encoding, outcome, notes })
}

/// Settlement batches waiting to be written while the parser reads on.
const SETTLEMENT_QUEUE: usize = 4;

/// Read buffer for a settlement streamed from disk.
const SETTLEMENT_READ_BUFFER: usize = 1 << 20;

/// Where a settlement's bytes come from: already in memory (web upload,
/// demo) or a file the parser reads as it goes (`amoeba import`), so a
/// 10-million-line file is never held whole.
#[derive(Clone)]
enum SettlementSource {
    Bytes(std::sync::Arc<Vec<u8>>),
    Path(std::path::PathBuf),
}

impl SettlementSource {
    /// Opens a fresh reader at the start; `counted` is bumped with every
    /// byte read, for progress.
    fn open(&self, counted: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>) -> std::io::Result<Box<dyn std::io::BufRead + Send>> {
        let inner: Box<dyn std::io::Read + Send> = match self {
            SettlementSource::Bytes(b) => Box::new(std::io::Cursor::new(ArcBytes(b.clone()))),
            SettlementSource::Path(p) => Box::new(std::fs::File::open(p)?),
        };
        Ok(Box::new(std::io::BufReader::with_capacity(SETTLEMENT_READ_BUFFER, CountingReader { inner, counted })))
    }

    fn len(&self) -> std::io::Result<u64> {
        match self {
            SettlementSource::Bytes(b) => Ok(b.len() as u64),
            SettlementSource::Path(p) => Ok(std::fs::metadata(p)?.len()),
        }
    }
}

/// Lets a `Cursor` read shared bytes without copying them again.
struct ArcBytes(std::sync::Arc<Vec<u8>>);
impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// Counts the bytes read, so progress can be shown before the number of
/// lines is known.
struct CountingReader {
    inner: Box<dyn std::io::Read + Send>,
    counted: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}
impl std::io::Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(c) = &self.counted {
            c.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// Imports an Amazon settlement straight from a file on disk, streaming it:
/// memory stays flat whatever the file's size. Same rules as
/// [`import_file`]: all or nothing, and a settlement already imported for
/// the store (by settlement id) is a no-op.
pub async fn import_settlement_file(
    db: &Db,
    company: &CompanyRow,
    file: &str,
    path: &std::path::Path,
    store: Option<&str>,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let ctx = context(db, company, ImportKind::AmazonSettlement, store).await?;
    import_settlement(db, company.id, file, SettlementSource::Path(path.to_path_buf()), ctx, store, progress).await
}

fn when_text(w: &amoeba_import::dates::When) -> String {
    match w.at {
        Some(at) => at.to_rfc3339(),
        None => w.day.to_string(),
    }
}

/// Streams a settlement: a blocking task parses lines into batches of
/// [`FACT_BATCH`] facts while this task writes the previous ones in the
/// import's transaction, so parsing and writing overlap and the facts are
/// never all in memory. The settlement is recognised by its id (read from
/// the summary row first), so its lines need no fingerprints and the file's
/// SHA-256 is computed on the way. A file refused by the parser (a bad
/// line, or lines that do not sum to `total-amount`) rolls everything back.
async fn import_settlement(
    db: &Db,
    company_id: i64,
    file: &str,
    source: SettlementSource,
    ctx: ImportContext,
    store: Option<&str>,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let kind = ImportKind::AmazonSettlement;
    let file_err = |errors| AppError::File { file: file.into(), errors };
    let io_err = |e: std::io::Error| AppError::Invalid(format!("cannot read {file}: {e}"));
    let summary = {
        let (src, c) = (source.clone(), ctx.clone());
        tokio::task::spawn_blocking(move || -> std::io::Result<_> { Ok(amazon_settlement::read_settlement_summary(src.open(None)?, &c)) })
            .await
            .map_err(|e| AppError::Invalid(format!("the settlement parser stopped: {e}")))?
            .map_err(io_err)?
            .map_err(file_err)?
    };
    let total_amount = amoeba_core::money::to_source_units(summary.total_amount)
        .ok_or_else(|| AppError::Invalid(format!("{file}: total-amount {} has too many decimals", summary.total_amount)))?;
    let header = SettlementHeader {
        settlement_id: summary.settlement_id.clone(),
        store: ctx.store.clone().unwrap_or_default(),
        currency: summary.currency,
        start_at: when_text(&summary.start),
        end_at: when_text(&summary.end),
        deposit_day: summary.deposit_date.day,
        total_amount,
    };
    // The real SHA-256 is known once the file is read; until then the row
    // carries a placeholder unique to this settlement.
    let provisional = format!("settlement:{}:{}", header.store, header.settlement_id);
    let mut m = meta(kind, file, [0; 32], "", store);
    m.file_sha256 = provisional;
    let mut import = match db.begin_settlement_import(company_id, &m, header).await.map_err(rows_error(file))? {
        Ok(i) => i,
        Err(done) => {
            let note = format!("settlement {} of store {} is already stored", summary.settlement_id, store.unwrap_or_default());
            return Ok(ImportReport { file: file.into(), kind, encoding: String::new(), outcome: done, notes: vec![note] });
        }
    };
    let counted = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    progress.start_bytes(source.len().map_err(io_err)?);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<NewFact>>(SETTLEMENT_QUEUE);
    let reader = source.open(Some(counted.clone())).map_err(io_err)?;
    let parser = tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(FACT_BATCH);
        let stats = amazon_settlement::for_each_settlement_fact_unfingerprinted(reader, &ctx, |_, record| {
            batch.push(NewFact { record, fingerprint: None });
            if batch.len() == FACT_BATCH {
                // A closed channel means the writer failed; keep reading to
                // the end, the result is discarded.
                let _ = tx.blocking_send(std::mem::replace(&mut batch, Vec::with_capacity(FACT_BATCH)));
            }
        });
        if stats.is_ok() && !batch.is_empty() {
            let _ = tx.blocking_send(batch);
        }
        stats
    });
    let mut written = Ok(());
    let mut shown = 0;
    while let Some(batch) = rx.recv().await {
        if let Err(e) = import.add(batch).await {
            written = Err(e);
            break;
        }
        let now = counted.load(std::sync::atomic::Ordering::Relaxed);
        progress.advance(now - shown);
        shown = now;
    }
    drop(rx);
    let parsed = parser.await.map_err(|e| AppError::Invalid(format!("the settlement parser stopped: {e}")))?;
    progress.finish();
    if let Err(e) = written {
        return Err(rows_error(file)(e));
    }
    let stats = match parsed {
        Ok(s) => s,
        Err(errors) => {
            import.abort().await?;
            return Err(AppError::File { file: file.into(), errors });
        }
    };
    if stats.summary.settlement_id != summary.settlement_id {
        import.abort().await?;
        return Err(AppError::Invalid(format!("{file} changed while it was read")));
    }
    let encoding = stats.encoding.as_str().to_string();
    import.set_encoding(&encoding);
    import.set_file_sha256(&hex::encode(stats.file_sha256));
    let outcome = import.finish().await.map_err(rows_error(file))?;
    let mut notes = vec![format!(
        "settlement {} reconciles: facts sum to total-amount {} {}",
        stats.summary.settlement_id, stats.summary.total_amount, stats.summary.currency
    )];
    for (what, n) in &stats.unmapped {
        notes.push(format!("{n} line(s) of unmapped type {what} booked as other income/expense"));
    }
    Ok(ImportReport { file: file.into(), kind, encoding, outcome, notes })
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
