//! Traffic files (the generic traffic CSV, Alibaba.com exports, Amazon's
//! business report): every row's store must exist and a store's item may
//! not be counted twice over overlapping days; then one transaction. A
//! newer file's figures for the same store, item and days replace the
//! stored ones (platforms revise their counts for a few days); the same
//! figures again add nothing.

use super::*;
use amoeba_core::ledger::{DataCut, TrafficRecord};

/// A stored row's key: store, SKU ('' for none), ASIN ('' for none).
type Item = (String, String, String);

fn item(r: &TrafficRecord) -> Item {
    (r.store.clone(), r.sku.clone().unwrap_or_default(), r.asin.clone().unwrap_or_default())
}

/// The stored day ranges of the items of `rows` that touch their days.
async fn stored_ranges(
    conn: &mut AnyConnection,
    company_id: i64,
    rows: &[(TrafficRecord, String)],
) -> Result<HashMap<Item, Vec<(NaiveDate, NaiveDate)>>> {
    let mut out: HashMap<Item, Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    let (Some(first), Some(last)) = (rows.iter().map(|r| r.0.first_day).min(), rows.iter().map(|r| r.0.last_day).max()) else {
        return Ok(out);
    };
    let stores: BTreeSet<&str> = rows.iter().map(|r| r.0.store.as_str()).collect();
    let found = sqlx::query(
        "SELECT store_code, sku, asin, first_day, last_day FROM traffic \
         WHERE company_id = $1 AND first_day <= $2 AND last_day >= $3",
    )
    .bind(company_id)
    .bind(last.to_string())
    .bind(first.to_string())
    .fetch_all(&mut *conn)
    .await?;
    for r in found {
        let store: String = r.get(0);
        if !stores.contains(store.as_str()) {
            continue;
        }
        let (a, b): (String, String) = (r.get(3), r.get(4));
        let (Ok(a), Ok(b)) = (a.parse::<NaiveDate>(), b.parse::<NaiveDate>()) else { continue };
        out.entry((store, r.get(1), r.get(2))).or_default().push((a, b));
    }
    Ok(out)
}

impl Db {
    /// Stores a traffic file's rows (with their fingerprints), cut as `cut`
    /// says. Refused whole when a store is unknown or a row's days overlap
    /// a stored row of the same item over other days (its figures would be
    /// counted twice).
    pub async fn import_traffic(
        &self,
        company_id: i64,
        meta: &ImportMeta,
        cut: DataCut,
        rows_in: Vec<(TrafficRecord, String)>,
    ) -> Result<ImportOutcome> {
        let backend = self.backend;
        let n = rows_in.len() as u64;
        self.reference_rows(company_id, meta, n, reference::Mode::Store, move |conn, import_id, _closed| {
            Box::pin(async move {
                let stores = code_ids(conn, "stores", company_id).await?;
                let ranges = stored_ranges(conn, company_id, &rows_in).await?;
                let mut problems = Vec::new();
                let mut rows = Vec::new();
                let opt_i = Val::NI;
                for (r, fp) in rows_in {
                    if !stores.contains_key(&r.store) {
                        problems.push(unknown_store(r.line, &r.store));
                    }
                    let key = item(&r);
                    let clash = ranges
                        .get(&key)
                        .into_iter()
                        .flatten()
                        .find(|(a, b)| (*a, *b) != (r.first_day, r.last_day) && *a <= r.last_day && *b >= r.first_day);
                    if let Some((a, b)) = clash {
                        problems.push(ImportError::cell(
                            r.line,
                            "day",
                            Reason::TrafficOverlap {
                                item: [key.1.as_str(), key.2.as_str()].join(" ").trim().to_string(),
                                from: a.to_string(),
                                to: b.to_string(),
                            },
                        ));
                    }
                    rows.push(vec![
                        Val::I(company_id),
                        Val::T(r.store),
                        Val::T(r.first_day.to_string()),
                        Val::T(r.last_day.to_string()),
                        Val::T(key.1),
                        Val::T(key.2),
                        Val::N(r.parent_asin),
                        Val::N(r.title),
                        opt_i(r.impressions),
                        opt_i(r.clicks),
                        opt_i(r.sessions),
                        opt_i(r.page_views),
                        opt_i(r.inquiries),
                        opt_i(r.orders),
                        opt_i(r.units),
                        Val::N(r.sales.map(|v| v.normalize().to_string())),
                        Val::N(r.currency.map(|c| c.to_string())),
                        Val::N(r.buy_box_share.map(|v| v.normalize().to_string())),
                        Val::T(cut.traffic_zone.name().to_string()),
                        Val::T(cut.orders_zone.name().to_string()),
                        Val::T(cut.inquiries_zone.name().to_string()),
                        Val::I(import_id),
                        Val::I(r.line as i64),
                        Val::T(fp),
                    ]);
                }
                if !problems.is_empty() {
                    problems.sort_by_key(|p| p.line);
                    return Err(StoreError::RowsRefused(problems));
                }
                insert_many(conn, backend, "traffic", TRAFFIC_COLUMNS, rows, TRAFFIC_UPSERT).await
            })
        })
        .await
    }
}

/// The columns a traffic row is written with.
const TRAFFIC_COLUMNS: &[&str] = &[
    "company_id",
    "store_code",
    "first_day",
    "last_day",
    "sku",
    "asin",
    "parent_asin",
    "title",
    "impressions",
    "clicks",
    "sessions",
    "page_views",
    "inquiries",
    "orders",
    "units",
    "sales",
    "currency",
    "buy_box_share",
    "traffic_zone",
    "orders_zone",
    "inquiries_zone",
    "import_id",
    "line",
    "fingerprint",
];

/// A newer file's figures replace the stored ones; the same figures again
/// (the same fingerprint) change nothing and count as not added.
const TRAFFIC_UPSERT: &str = "ON CONFLICT (company_id, store_code, sku, asin, first_day, last_day) DO UPDATE SET \
    parent_asin = excluded.parent_asin, title = excluded.title, impressions = excluded.impressions, clicks = excluded.clicks, \
    sessions = excluded.sessions, page_views = excluded.page_views, inquiries = excluded.inquiries, orders = excluded.orders, \
    units = excluded.units, sales = excluded.sales, currency = excluded.currency, buy_box_share = excluded.buy_box_share, \
    traffic_zone = excluded.traffic_zone, orders_zone = excluded.orders_zone, inquiries_zone = excluded.inquiries_zone, \
    import_id = excluded.import_id, line = excluded.line, fingerprint = excluded.fingerprint \
    WHERE traffic.fingerprint <> excluded.fingerprint";
