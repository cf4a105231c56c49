//! Reading orders back: an order with its events in arrival order (what
//! the lifecycle replays), the orders active over some days (what credit,
//! stage-based pay and the lottery read), and each customer's first order.

use crate::{Db, Result, StoreError};
use amoeba_core::orders::{EventKind, OrderEvent, OrderHeader};
use chrono::{DateTime, NaiveDate};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// An order as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOrder {
    /// The order.
    pub header: OrderHeader,
    /// Whether its shipments and refunds book the ledger.
    pub books: bool,
    /// Its events in arrival order.
    pub events: Vec<OrderEvent>,
    /// Each event's fingerprint (same order as `events`).
    pub fingerprints: Vec<String>,
    /// The import and line that first named it.
    pub source: (i64, u64),
}

/// Orders looked up per query by [`Db::stored_orders_among`] (two binds each).
const ORDERS_PER_LOOKUP: usize = 200;

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} '{v}'"))
}

const HEADER: &str = "s.code, o.order_id, o.customer, o.salesperson, o.follower, o.currency, o.books, o.import_id, o.line, o.store_id";

fn header_of(r: &sqlx::any::AnyRow) -> Result<(i64, StoredOrder)> {
    let currency: String = r.get(5);
    let header = OrderHeader {
        store: r.get(0),
        id: r.get(1),
        customer: r.get(2),
        salesperson: r.get(3),
        follower: r.get(4),
        currency: currency.parse().map_err(|_| corrupt("currency", &currency))?,
    };
    let source = (r.get::<i64, _>(7), r.get::<i64, _>(8) as u64);
    Ok((r.get(9), StoredOrder { header, books: r.get::<i64, _>(6) != 0, events: Vec::new(), fingerprints: Vec::new(), source }))
}

fn event_of(r: &sqlx::any::AnyRow, order_id: &str) -> Result<(OrderEvent, String)> {
    let kind: String = r.get(0);
    let at: String = r.get(1);
    let day: String = r.get(2);
    let amount: String = r.get(5);
    let currency: String = r.get(6);
    let event = OrderEvent {
        order_id: order_id.to_string(),
        kind: kind.parse::<EventKind>().map_err(|_| corrupt("order event kind", &kind))?,
        at: DateTime::parse_from_rfc3339(&at).map_err(|_| corrupt("order event time", &at))?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| corrupt("date", &day))?,
        sku: r.get(3),
        quantity: r.get(4),
        amount: amount.parse().map_err(|_| corrupt("amount", &amount))?,
        currency: currency.parse().map_err(|_| corrupt("currency", &currency))?,
        memo: r.get(7),
        line: r.get::<i64, _>(8) as u64,
    };
    Ok((event, r.get(9)))
}

/// Fills each order's events (one query per order: an order has at most
/// `orders::MAX_EVENTS_PER_ORDER`).
async fn with_events(conn: &mut AnyConnection, company_id: i64, orders: Vec<(i64, StoredOrder)>) -> Result<Vec<StoredOrder>> {
    let mut out = Vec::with_capacity(orders.len());
    for (store_id, mut o) in orders {
        let rows = sqlx::query(
            "SELECT kind, at, day, sku, quantity, amount, currency, memo, line, fingerprint FROM order_events \
             WHERE company_id = $1 AND store_id = $2 AND order_id = $3 ORDER BY seq",
        )
        .bind(company_id)
        .bind(store_id)
        .bind(o.header.id.clone())
        .fetch_all(&mut *conn)
        .await?;
        for r in &rows {
            let (e, fp) = event_of(r, &o.header.id)?;
            o.events.push(e);
            o.fingerprints.push(fp);
        }
        out.push(o);
    }
    Ok(out)
}

/// The stored orders among `ids` (store id, order id), with their events.
pub(crate) async fn stored_order_rows(conn: &mut AnyConnection, company_id: i64, ids: &[(i64, &str)]) -> Result<Vec<StoredOrder>> {
    let mut headers = Vec::new();
    for (store_id, order_id) in ids {
        let row = sqlx::query(&format!(
            "SELECT {HEADER} FROM orders o JOIN stores s ON s.id = o.store_id \
             WHERE o.company_id = $1 AND o.store_id = $2 AND o.order_id = $3"
        ))
        .bind(company_id)
        .bind(*store_id)
        .bind(order_id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(r) = row {
            headers.push(header_of(&r)?);
        }
    }
    with_events(conn, company_id, headers).await
}

impl Db {
    /// The orders with an event between `from` and `to` (both included),
    /// each with all its events (a replay needs the ones before `from`):
    /// two queries, whatever the number of orders.
    pub async fn orders_between(&self, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<StoredOrder>> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(&format!(
            "SELECT {HEADER} FROM orders o JOIN stores s ON s.id = o.store_id \
             WHERE o.company_id = $1 AND o.first_day <= $2 AND o.last_day >= $3 ORDER BY o.store_id, o.order_id"
        ))
        .bind(company_id)
        .bind(to.to_string())
        .bind(from.to_string())
        .fetch_all(&mut *conn)
        .await?;
        let mut orders = rows.iter().map(header_of).collect::<Result<Vec<_>>>()?;
        let events = sqlx::query(
            "SELECT e.kind, e.at, e.day, e.sku, e.quantity, e.amount, e.currency, e.memo, e.line, e.fingerprint, e.store_id, e.order_id \
             FROM order_events e JOIN orders o ON o.company_id = e.company_id AND o.store_id = e.store_id AND o.order_id = e.order_id \
             WHERE o.company_id = $1 AND o.first_day <= $2 AND o.last_day >= $3 ORDER BY e.store_id, e.order_id, e.seq",
        )
        .bind(company_id)
        .bind(to.to_string())
        .bind(from.to_string())
        .fetch_all(&mut *conn)
        .await?;
        let at: HashMap<(i64, String), usize> = orders.iter().enumerate().map(|(i, (s, o))| ((*s, o.header.id.clone()), i)).collect();
        for r in &events {
            let key: (i64, String) = (r.get(10), r.get(11));
            let Some(&i) = at.get(&key) else { continue };
            let (e, fp) = event_of(r, &key.1)?;
            orders[i].1.events.push(e);
            orders[i].1.fingerprints.push(fp);
        }
        Ok(orders.into_iter().map(|(_, o)| o).collect())
    }

    /// One order with its events, by store code and order id.
    pub async fn order(&self, company_id: i64, store: &str, order_id: &str) -> Result<Option<StoredOrder>> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(&format!(
            "SELECT {HEADER} FROM orders o JOIN stores s ON s.id = o.store_id \
             WHERE o.company_id = $1 AND s.code = $2 AND o.order_id = $3"
        ))
        .bind(company_id)
        .bind(store.to_string())
        .bind(order_id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(with_events(&mut conn, company_id, vec![header_of(&r)?]).await?.pop())
    }

    /// Which of `orders` (store code, order id) are stored: a drill-down
    /// links only those to their page.
    pub async fn stored_orders_among(
        &self,
        company_id: i64,
        orders: &[(String, String)],
    ) -> Result<std::collections::HashSet<(String, String)>> {
        let mut out = std::collections::HashSet::new();
        for chunk in orders.chunks(ORDERS_PER_LOOKUP) {
            let marks: Vec<String> =
                (0..chunk.len()).map(|i| format!("(s.code = ${} AND o.order_id = ${})", 2 * i + 2, 2 * i + 3)).collect();
            let sql = format!(
                "SELECT s.code, o.order_id FROM orders o JOIN stores s ON s.id = o.store_id WHERE o.company_id = $1 AND ({})",
                marks.join(" OR ")
            );
            let mut q = sqlx::query(&sql).bind(company_id);
            for (store, order) in chunk {
                q = q.bind(store.clone()).bind(order.clone());
            }
            for r in q.fetch_all(&self.pool).await? {
                out.insert((r.get(0), r.get(1)));
            }
        }
        Ok(out)
    }

    /// Each customer's first contract day (new vs returning customers).
    pub async fn customer_first_days(&self, company_id: i64) -> Result<HashMap<String, NaiveDate>> {
        let rows = sqlx::query("SELECT customer, first_day FROM customer_first_orders WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let day: String = r.get(1);
                Ok((r.get(0), NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| corrupt("date", &day))?))
            })
            .collect()
    }
}
