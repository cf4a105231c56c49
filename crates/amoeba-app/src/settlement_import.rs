//! Importing an Amazon settlement: the file is read on every core (blocks
//! of lines, [`amazon_settlement::for_each_settlement_line`]), each thread
//! filling its own shard of the import ([`SettlementShard`]), while this
//! task writes the blocks the shards finish inside the import's
//! transaction. All or nothing: a bad line, a line in a closed month or
//! lines that do not sum to `total-amount` roll everything back.

use crate::import::{context, meta, rows_error, ImportKind, ImportReport, Progress};
use crate::import_note::ImportNote;
use crate::{AppError, Result};
use amoeba_core::Refusal;
use amoeba_import::amazon_settlement::{self, SettlementFact, SettlementSummary};
use amoeba_import::ImportContext;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::settlement_shard::{SettlementShard, ShardBlock};
use amoeba_store::settlements::SettlementHeader;
use amoeba_store::Db;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Batches of finished blocks waiting to be written while the threads read
/// on (each batch a fact block of ~200 kB or a few day blocks).
const SETTLEMENT_QUEUE: usize = 8;

/// Most threads one settlement is read on.
const MAX_READERS: usize = 4;

/// Where a settlement's bytes come from: already in memory (web upload,
/// demo) or a file read as it goes (`amoeba import`), so a
/// 10-million-line file is never held whole.
#[derive(Clone)]
pub(crate) enum SettlementSource {
    Bytes(Arc<Vec<u8>>),
    Path(std::path::PathBuf),
}

impl SettlementSource {
    /// Opens a fresh reader at the start; `counted` is bumped with every
    /// byte read, for progress.
    fn open(&self, counted: Option<Arc<AtomicU64>>) -> std::io::Result<CountingReader> {
        let inner: Box<dyn std::io::Read + Send> = match self {
            SettlementSource::Bytes(b) => Box::new(std::io::Cursor::new(ArcBytes(b.clone()))),
            SettlementSource::Path(p) => Box::new(std::fs::File::open(p)?),
        };
        Ok(CountingReader { inner, counted })
    }

    fn len(&self) -> std::io::Result<u64> {
        match self {
            SettlementSource::Bytes(b) => Ok(b.len() as u64),
            SettlementSource::Path(p) => Ok(std::fs::metadata(p)?.len()),
        }
    }
}

/// Lets a `Cursor` read shared bytes without copying them again.
struct ArcBytes(Arc<Vec<u8>>);
impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// Counts the bytes read, so progress can be shown before the number of
/// lines is known.
struct CountingReader {
    inner: Box<dyn std::io::Read + Send>,
    counted: Option<Arc<AtomicU64>>,
}
impl std::io::Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(c) = &self.counted {
            c.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// Imports an Amazon settlement straight from a file on disk, streaming it:
/// memory stays flat whatever the file's size. Same rules as
/// [`crate::import::import_file`]: all or nothing, and a settlement already
/// imported for the store (by settlement id) is a no-op.
pub async fn import_settlement_file(
    db: &Db,
    company: &CompanyRow,
    file: &str,
    path: &std::path::Path,
    store: Option<&str>,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let kind = ImportKind::AmazonSettlement;
    let head = crate::store_pick::head_of(path)
        .map_err(|e| AppError::Refused(Refusal::CannotRead { file: file.to_string(), detail: e.to_string() }))?;
    let picked = crate::store_pick::pick_store(db, company, kind, store, &head).await?;
    let store = picked.store.as_deref();
    let ctx = context(db, company, kind, store).await?;
    let mut report = import_settlement(db, company.id, file, SettlementSource::Path(path.to_path_buf()), ctx, store, progress).await?;
    report.notes.splice(0..0, picked.note);
    Ok(report)
}

/// Lines after the header and the summary row: a settlement's transaction
/// lines, counted only to name them when a stored payout id comes back with
/// another content.
fn transaction_lines(source: &SettlementSource) -> std::io::Result<u64> {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(source.open(None)?);
    let (mut lines, mut buf) = (0u64, Vec::new());
    while reader.read_until(b'\n', &mut buf)? > 0 {
        if buf.iter().any(|b| !b.is_ascii_whitespace()) {
            lines += 1;
        }
        buf.clear();
    }
    Ok(lines.saturating_sub(2))
}

fn when_text(w: &amoeba_import::dates::When) -> String {
    match w.at {
        Some(at) => at.to_rfc3339(),
        None => w.day.to_string(),
    }
}

/// One reading thread's sink: its shard, and the way to the writer.
struct Sink {
    shard: SettlementShard,
    ready: tokio::sync::mpsc::Sender<Vec<ShardBlock>>,
}

impl Sink {
    fn take(&mut self, summary: &SettlementSummary, f: &SettlementFact<'_>) {
        self.shard.push(&f.fact_ref(summary.currency));
        if self.shard.has_ready() {
            // A closed channel means the writer failed; keep reading to the
            // end, the result is discarded.
            let _ = self.ready.blocking_send(self.shard.take_ready());
        }
    }
}

/// Threads to read a settlement on: the machine's cores, at most
/// [`MAX_READERS`].
fn readers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_READERS)
}

/// Reads the summary row first (which settlement is this? is it stored
/// already?), then the whole file on every core into shards of the import
/// while this task writes their finished blocks; the file's SHA-256 is
/// computed on the way.
pub(crate) async fn import_settlement(
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
    let io_err = |e: std::io::Error| AppError::Refused(Refusal::CannotRead { file: file.to_string(), detail: e.to_string() });
    let parser_stopped = |e: tokio::task::JoinError| AppError::Internal(format!("the settlement parser stopped: {e}"));
    let summary = {
        let (src, c) = (source.clone(), ctx.clone());
        tokio::task::spawn_blocking(move || -> std::io::Result<_> {
            Ok(amazon_settlement::read_settlement_summary(std::io::BufReader::new(src.open(None)?), &c))
        })
        .await
        .map_err(parser_stopped)?
        .map_err(io_err)?
        .map_err(file_err)?
    };
    let total_amount = amoeba_core::money::to_source_units(summary.total_amount)
        .ok_or_else(|| Refusal::TotalTooPrecise { total: summary.total_amount.to_string() })?;
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
    let begun = match db.begin_settlement_import(company_id, &m, header).await {
        Err(amoeba_store::StoreError::Refused(Refusal::SettlementContentDiffers {
            settlement,
            stored_lines,
            stored_total,
            file_total,
            ..
        })) => {
            let file_lines = transaction_lines(&source).map_err(io_err)?;
            return Err(Refusal::SettlementContentDiffers { settlement, stored_lines, stored_total, file_lines, file_total }.into());
        }
        other => other,
    };
    let mut import = match begun.map_err(rows_error(file, ImportKind::AmazonSettlement))? {
        Ok(i) => i,
        Err(done) => {
            let note = ImportNote::settlement_stored(&summary.settlement_id, store.unwrap_or_default());
            return Ok(ImportReport { file: file.into(), kind, encoding: String::new(), outcome: done, notes: vec![note] });
        }
    };
    let counted = Arc::new(AtomicU64::new(0));
    progress.start_bytes(source.len().map_err(io_err)?);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<ShardBlock>>(SETTLEMENT_QUEUE);
    let mut sinks: Vec<Sink> = (0..readers()).map(|_| Sink { shard: import.settlement_shard(), ready: tx.clone() }).collect();
    drop(tx);
    let reader = source.open(Some(counted.clone())).map_err(io_err)?;
    let parser = tokio::task::spawn_blocking(move || {
        let stats = amazon_settlement::for_each_settlement_line(reader, &ctx, &mut sinks, Sink::take);
        let mut shards: Vec<SettlementShard> = sinks.into_iter().map(|s| s.shard).collect();
        if stats.is_ok() {
            // Each shard sorts what it holds: on all cores, not on the writer's.
            std::thread::scope(|scope| {
                for shard in &mut shards {
                    scope.spawn(|| shard.close());
                }
            });
        }
        (stats, shards)
    });
    let mut written = Ok(());
    let mut shown = 0;
    while let Some(blocks) = rx.recv().await {
        if let Err(e) = import.write_blocks(blocks).await {
            written = Err(e);
            break;
        }
        let now = counted.load(Ordering::Relaxed);
        progress.advance(now - shown);
        shown = now;
    }
    drop(rx);
    let (parsed, shards) = parser.await.map_err(parser_stopped)?;
    progress.finish();
    if let Err(e) = written {
        return Err(rows_error(file, ImportKind::AmazonSettlement)(e));
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
        return Err(Refusal::FileChanged { file: file.to_string() }.into());
    }
    for shard in shards {
        import.absorb_shard(shard).await.map_err(rows_error(file, ImportKind::AmazonSettlement))?;
    }
    let encoding = stats.encoding.as_str().to_string();
    import.set_encoding(&encoding);
    import.set_file_sha256(&hex::encode(stats.file_sha256));
    let outcome = import.finish().await.map_err(rows_error(file, ImportKind::AmazonSettlement))?;
    let mut notes =
        vec![ImportNote::settlement_reconciles(&stats.summary.settlement_id, stats.summary.total_amount, stats.summary.currency)];
    for (what, n) in &stats.unmapped {
        notes.push(ImportNote::unmapped(n, what));
    }
    Ok(ImportReport { file: file.into(), kind, encoding, outcome, notes })
}
