//! Marketplace exports that book facts: a Shopify orders export (its
//! fulfilled orders' sales, discounts, shipping, taxes and refunds) and a
//! TikTok Shop finance statement (what TikTok settled, row by row). The
//! parsers decide the facts (`amoeba_import::shopify_orders`,
//! `amoeba_import::tiktok`); this reads the file and hands the facts, each
//! with its fingerprint, to the same store path as the generic facts file, so
//! an export downloaded again books only what is new.

use crate::import::ImportKind;
use amoeba_core::ledger::FactRecord;
use amoeba_import::customer::CustomerKey;
use amoeba_import::shopify_orders::parse_shopify_orders;
use amoeba_import::tiktok::parse_tiktok_statement;
use amoeba_import::{ImportContext, ImportErrors, Parsed};

/// A marketplace file read into facts.
pub(crate) struct MarketRead {
    /// The facts and what the file was.
    pub parsed: Parsed<FactRecord>,
    /// Its encoding's name.
    pub encoding: String,
    /// What the summary should say besides the rows (orders not booked yet).
    pub notes: Vec<String>,
}

/// Reads a file of `kind` (a marketplace kind that books facts) for the
/// store of `ctx`.
pub(crate) fn read_market_file(kind: ImportKind, bytes: &[u8], ctx: &ImportContext) -> Result<MarketRead, ImportErrors> {
    let store = ctx.store.clone().unwrap_or_default();
    match kind {
        ImportKind::ShopifyOrders => {
            // Buyers' emails are kept as hashes: one customer across files, no address stored.
            let orders = parse_shopify_orders(bytes, ctx, CustomerKey::Hashed)?;
            let facts = orders.to_facts(&store);
            let booked = orders.orders.len() - facts.not_booked.len();
            let mut notes = vec![format!("{} order(s), {booked} fulfilled and booked", orders.orders.len())];
            if !facts.not_booked.is_empty() {
                let names: Vec<&str> = facts.not_booked.iter().take(10).map(|(n, _)| n.as_str()).collect();
                notes.push(format!(
                    "{} order(s) not fulfilled yet, booked by a later export once they are: {}{}",
                    facts.not_booked.len(),
                    names.join(", "),
                    if facts.not_booked.len() > names.len() { ", …" } else { "" }
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
            let notes = vec![format!("{} statement row(s) settling {} {}", statement.rows.len(), statement.total, statement.currency)];
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
