//! Importing orders: the generic orders CSV (Alibaba.com trade-assurance and
//! offline B2B orders, own-site orders). Each file is one transaction: its
//! orders are checked against what is stored (a later file may bring only
//! new events of a known order; an event that contradicts its order is a
//! row error), their new events appended, and — for a store whose sales
//! come from its orders (`books_sales_from`) — the sales and refunds their
//! new shipments and refunds book written as facts, once, whatever files
//! the events came through (`amoeba_core::orders::new_bookings`).

use crate::import::{context, meta, rows_error, ImportKind, ImportReport, Progress, FACT_BATCH};
use crate::import_note::ImportNote;
use crate::{AppError, Result};
use amoeba_core::ledger::FactRecord;
use amoeba_core::orders::{check, new_bookings, replay, OrderEvent, OrderHeader};
use amoeba_core::org::{Org, SalesSource};
use amoeba_import::formats::{self, FileOrder};
use amoeba_import::market_reason::MarketReason;
use amoeba_import::{FileKind, ImportError, ImportErrors, Reason};
use amoeba_store::imports::{FactImport, NewFact, OrderWrite};
use amoeba_store::order_read::StoredOrder;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// An event's identity across files: the same event re-exported adds
/// nothing. `nth` counts the identical events before it in the file (two
/// parcels of the same SKU and size leaving in the same second are two
/// events, and stay two when the file is exported again).
pub(crate) fn event_fingerprint(store: &str, e: &OrderEvent, nth: usize) -> String {
    let text = format!(
        "order-event\t{store}\t{nth}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        e.order_id,
        e.kind.as_str(),
        e.at.to_rfc3339(),
        e.sku.as_deref().unwrap_or(""),
        e.quantity,
        e.amount.normalize(),
        e.currency
    );
    hex::encode(&Sha256::digest(text.as_bytes())[..16])
}

/// A booking's identity: the event that booked it, the SKU and the kind.
fn booking_fingerprint(event_fp: &str, f: &FactRecord) -> String {
    let text = format!("order-booking\t{event_fp}\t{}\t{}", f.sku.as_deref().unwrap_or(""), f.kind.as_str());
    hex::encode(&Sha256::digest(text.as_bytes())[..16])
}

/// Each store's IANA zone, for the local timestamps of a file naming stores.
pub(crate) fn store_zones(org: &Org, company_tz: chrono_tz::Tz) -> HashMap<String, chrono_tz::Tz> {
    org.stores.iter().map(|s| (s.code.clone(), s.timezone.parse().unwrap_or(company_tz))).collect()
}

/// Reads an orders file and stores it (see the module's documentation).
pub(crate) async fn import_orders(
    db: &Db,
    company: &CompanyRow,
    file: &str,
    bytes: &[u8],
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let kind = ImportKind::Orders;
    let file_err = |errors| AppError::File { file: file.into(), errors };
    let current = crate::current::current(db, company).await?;
    let org = &current.org;
    let ctx = context(db, company, kind, None).await?;
    let ctx = ctx.clone().with_store_zones(store_zones(org, ctx.tz));
    let parsed = formats::parse_orders(bytes, &ctx).map_err(file_err)?;
    let rows: Vec<formats::OrderRow> = parsed.records.into_iter().map(|(r, _)| r).collect();
    let (orders, errors) = formats::orders_of(&rows);
    let mut errors = errors;
    errors.extend(unknown_people(org, &orders));
    if !errors.is_empty() {
        return Err(file_err(ImportErrors::from_errors(FileKind::Orders, errors, 0)));
    }
    let encoding = parsed.encoding.as_str().to_string();
    let source = OrdersSource { kind, file, sha: parsed.file_sha256, encoding, store: None, events: rows.len() as u64, books: true };
    store_orders(db, company, org, source, orders, progress).await
}

/// Where a file's orders came from, and whether they may book.
pub(crate) struct OrdersSource<'a> {
    pub kind: ImportKind,
    pub file: &'a str,
    pub sha: [u8; 32],
    pub encoding: String,
    pub store: Option<&'a str>,
    /// Rows (events) read.
    pub events: u64,
    /// `false` for marketplace order exports: their money is booked by the
    /// marketplace's settlement or statement, so their orders never book.
    pub books: bool,
}

/// Stores the new events of `orders` in one import (see the module's
/// documentation): every contradiction refuses the file.
pub(crate) async fn store_orders(
    db: &Db,
    company: &CompanyRow,
    org: &Org,
    source: OrdersSource<'_>,
    orders: Vec<FileOrder>,
    progress: &mut dyn Progress,
) -> Result<ImportReport> {
    let OrdersSource { kind, file, sha, encoding, store, events, books } = source;
    let file_err = |errors| AppError::File { file: file.into(), errors };
    let m = meta(kind, file, sha, &encoding, store);
    let mut import = match db.begin_fact_import(company.id, &m).await.map_err(rows_error(file, kind))? {
        Ok(i) => i,
        Err(done) => return Ok(ImportReport { file: file.into(), kind, encoding, outcome: done, notes: Vec::new() }),
    };
    import.count_events(events);
    progress.start(events);
    let keys: Vec<(String, String)> = orders.iter().map(|o| (o.header.store.clone(), o.header.id.clone())).collect();
    let stored = import.stored_orders(&keys).await.map_err(rows_error(file, kind))?;
    let planned = plan(org, &orders, &stored, books);
    if !planned.errors.is_empty() {
        import.abort().await?;
        return Err(file_err(ImportErrors::from_errors(kind.file_kind(), planned.errors, 0)));
    }
    let booked = planned.facts.len();
    import.add_orders(planned.writes).await.map_err(rows_error(file, kind))?;
    write_facts(&mut import, planned.facts).await.map_err(rows_error(file, kind))?;
    progress.advance(events);
    progress.finish();
    let outcome = import.finish().await.map_err(rows_error(file, kind))?;
    let n = orders.len();
    let notes =
        vec![ImportNote::new(format!("{n} 个订单；账上 {booked} 笔记账"), format!("{n} order(s); {booked} booking(s) in the ledger"))];
    Ok(ImportReport { file: file.into(), kind, encoding, outcome, notes })
}

/// Salespeople and followers must be people of the organisation.
fn unknown_people(org: &Org, orders: &[FileOrder]) -> Vec<ImportError> {
    let known: HashSet<&str> = org.people.iter().map(|p| p.code.as_str()).collect();
    let mut out = Vec::new();
    for o in orders {
        let line = o.events.first().map_or(0, |e| e.line);
        for (column, code) in [("salesperson", &o.header.salesperson), ("follower", &o.header.follower)] {
            if let Some(code) = code.as_deref().filter(|c| !known.contains(c)) {
                out.push(ImportError::cell(line, column, Reason::UnknownPerson { code: code.to_string() }));
            }
        }
    }
    out
}

/// What a file's orders write: their new events, the facts those book, or
/// every row that contradicts what is stored.
struct Planned {
    writes: Vec<OrderWrite>,
    facts: Vec<NewFact>,
    errors: Vec<ImportError>,
}

fn plan(org: &Org, orders: &[FileOrder], stored: &HashMap<(String, String), StoredOrder>, may_book: bool) -> Planned {
    let mut p = Planned { writes: Vec::new(), facts: Vec::new(), errors: Vec::new() };
    for o in orders {
        let key = (o.header.store.clone(), o.header.id.clone());
        let line = o.events.first().map_or(0, |e| e.line);
        let known = stored.get(&key);
        if let Some(s) = known {
            p.errors.extend(header_differs(&s.header, &o.header, s.source.1, line));
        }
        let books = match known {
            Some(s) => s.books,
            None => {
                may_book && org.stores.iter().find(|s| s.code == o.header.store).is_some_and(|s| s.sales_source() == SalesSource::Orders)
            }
        };
        let header: &OrderHeader = known.map_or(&o.header, |s| &s.header);
        let (stored_events, stored_fps): (&[OrderEvent], &[String]) = known.map_or((&[], &[]), |s| (&s.events, &s.fingerprints));
        let seen: HashSet<&str> = stored_fps.iter().map(String::as_str).collect();
        let mut alike: HashMap<String, usize> = HashMap::new();
        let new: Vec<(OrderEvent, String)> = o
            .events
            .iter()
            .map(|e| {
                let n = alike.entry(event_fingerprint(&header.store, e, 0)).or_insert(0);
                let fp = event_fingerprint(&header.store, e, *n);
                *n += 1;
                (e.clone(), fp)
            })
            .filter(|(_, fp)| !seen.contains(fp.as_str()))
            .collect();
        if new.is_empty() {
            continue;
        }
        let new_events: Vec<OrderEvent> = new.iter().map(|(e, _)| e.clone()).collect();
        let blame = |origin: amoeba_core::orders::Origin| match origin {
            amoeba_core::orders::Origin::New(i) => new_events[i].line,
            amoeba_core::orders::Origin::Stored(_) => line,
        };
        let full = match check(header, stored_events, &new_events) {
            Ok(full) => full,
            Err(errs) => {
                for e in errs {
                    p.errors.push(ImportError::cell(blame(e.origin), e.error.column(), Reason::Order(e.error)));
                }
                continue;
            }
        };
        if books {
            let before = match replay(header, stored_events) {
                Ok(r) => r,
                Err(_) => continue, // the stored events were checked when stored
            };
            match new_bookings(&before, &full) {
                Ok(facts) => p.facts.extend(facts.into_iter().map(|(i, f)| {
                    let fingerprint = Some(booking_fingerprint(&new[i].1, &f));
                    NewFact { record: f, fingerprint }
                })),
                Err(e) => p.errors.push(ImportError::cell(line, e.column(), Reason::Order(e))),
            }
        }
        p.writes.push(OrderWrite { header: header.clone(), books, new_events: new, line });
    }
    p
}

/// A file naming another customer, salesperson, follower or currency for a
/// stored order: an order's header never changes.
fn header_differs(stored: &OrderHeader, file: &OrderHeader, stored_line: u64, line: u64) -> Vec<ImportError> {
    let pairs = [
        ("customer", stored.customer.clone(), file.customer.clone()),
        ("salesperson", stored.salesperson.clone(), file.salesperson.clone()),
        ("follower", stored.follower.clone(), file.follower.clone()),
        ("currency", Some(stored.currency.to_string()), Some(file.currency.to_string())),
    ];
    pairs
        .into_iter()
        .filter(|(_, s, f)| f.is_some() && s != f)
        .map(|(column, s, f)| {
            let reason = Reason::Market(MarketReason::OrderFieldDiffers {
                order: file.id.clone(),
                value: f.unwrap_or_default(),
                first: s.unwrap_or_default(),
                first_line: stored_line,
            });
            ImportError::cell(line, column, reason)
        })
        .collect()
}

async fn write_facts(import: &mut FactImport, facts: Vec<NewFact>) -> amoeba_store::Result<()> {
    let mut batch = Vec::with_capacity(FACT_BATCH);
    for f in facts {
        batch.push(f);
        if batch.len() == FACT_BATCH {
            import.add(std::mem::take(&mut batch)).await?;
        }
    }
    import.add(batch).await
}
