//! Marketplace exports that book facts: a Shopify orders export (its
//! fulfilled orders' sales, discounts, shipping, taxes and refunds) and a
//! TikTok Shop finance statement (what TikTok settled, row by row). The
//! parsers decide the facts (`amoeba_import::shopify_orders`,
//! `amoeba_import::tiktok`); this reads the file and hands the facts, each
//! with its fingerprint, to the same store path as the generic facts file, so
//! an export downloaded again books only what is new.

use crate::import::{ImportKind, ImportReport, Progress};
use crate::import_note::ImportNote;
use crate::orders_import::{store_orders, OrdersSource};
use crate::{AppError, Result};
use amoeba_core::ledger::FactRecord;
use amoeba_import::customer::CustomerKey;
use amoeba_import::shopify_orders::parse_shopify_orders;
use amoeba_import::tiktok::parse_tiktok_orders;
use amoeba_import::tiktok::parse_tiktok_statement;
use amoeba_import::{ImportContext, ImportErrors, Parsed};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;

/// A marketplace file read into facts.
pub(crate) struct MarketRead {
    /// The facts and what the file was.
    pub parsed: Parsed<FactRecord>,
    /// Its encoding's name.
    pub encoding: String,
    /// What the summary should say besides the rows (orders not booked yet).
    pub notes: Vec<ImportNote>,
}

/// Reads a file of `kind` (a marketplace kind that books facts) for the
/// store of `ctx`.
pub(crate) fn read_market_file(kind: ImportKind, bytes: &[u8], ctx: &ImportContext) -> std::result::Result<MarketRead, ImportErrors> {
    let store = ctx.store.clone().unwrap_or_default();
    match kind {
        ImportKind::ShopifyOrders => {
            // Buyers' emails are kept as hashes: one customer across files, no address stored.
            let orders = parse_shopify_orders(bytes, ctx, CustomerKey::Hashed)?;
            let facts = orders.to_facts(&store);
            let booked = orders.orders.len() - facts.not_booked.len();
            let n = orders.orders.len();
            let mut notes = vec![ImportNote::new(
                format!("{n} 个订单，其中 {booked} 个已发货并入账"),
                format!("{n} order(s), {booked} fulfilled and booked"),
            )];
            if !facts.not_booked.is_empty() {
                let names: Vec<&str> = facts.not_booked.iter().take(10).map(|(n, _)| n.as_str()).collect();
                let (count, more) = (facts.not_booked.len(), if facts.not_booked.len() > names.len() { "…" } else { "" });
                notes.push(ImportNote::new(
                    format!("{count} 个订单尚未发货，发货后由之后的导出入账：{}{more}", names.join("、")),
                    format!("{count} order(s) not fulfilled yet, booked by a later export once they are: {}{more}", names.join(", ")),
                ));
            }
            Ok(MarketRead {
                parsed: Parsed {
                    records: facts.facts,
                    encoding: orders.encoding,
                    number_style: orders.number_style,
                    file_sha256: orders.file_sha256,
                },
                encoding: orders.encoding.as_str().to_string(),
                notes,
            })
        }
        ImportKind::TiktokStatement => {
            let statement = parse_tiktok_statement(bytes, ctx)?;
            let (rows, total, currency) = (statement.rows.len(), statement.total, statement.currency);
            let notes = vec![ImportNote::new(
                format!("{rows} 行结算明细，结算金额 {total} {currency}"),
                format!("{rows} statement row(s) settling {total} {currency}"),
            )];
            Ok(MarketRead {
                parsed: Parsed {
                    records: statement.to_facts(&store),
                    encoding: statement.encoding,
                    number_style: statement.number_style,
                    file_sha256: statement.file_sha256,
                },
                encoding: statement.encoding.as_str().to_string(),
                notes,
            })
        }
        other => unreachable!("{other} is not a marketplace kind that books facts"),
    }
}

/// Stores a TikTok Shop order export's orders — their lifecycle events only
/// (`amoeba_import::tiktok` `lifecycle`): the statement books their money.
/// A later export adds only the events not stored yet.
pub(crate) async fn import_tiktok_orders(
    db: &Db,
    company: &CompanyRow,
    file: &str,
    bytes: &[u8],
    ctx: &ImportContext,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let kind = ImportKind::TiktokOrders;
    let store = ctx.store.clone().unwrap_or_default();
    let read = parse_tiktok_orders(bytes, ctx, CustomerKey::Hashed).map_err(|errors| AppError::File { file: file.into(), errors })?;
    let orders = read.to_orders(&store);
    let events = orders.iter().map(|o| o.events.len() as u64).sum();
    let current = crate::current::current(db, company).await?;
    let source = OrdersSource {
        kind,
        file,
        sha: read.file_sha256,
        encoding: read.encoding.as_str().to_string(),
        store: Some(&store),
        events,
        books: false,
    };
    let mut report = store_orders(db, company, &current.org, source, orders, progress).await?;
    let n = read.orders.len();
    report.notes.push(ImportNote::new(
        format!("导出中 {n} 个订单；其款项由 TikTok 结算单入账"),
        format!("{n} order(s) of the export; their money is booked by the TikTok statement"),
    ));
    Ok(report)
}
