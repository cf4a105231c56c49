//! Orders and their events, written in the import's one transaction beside
//! the facts their shipments and refunds book: an order's header once, its
//! events appended in arrival order (a re-exported event adds nothing: its
//! fingerprint is unique), each customer's first contract day kept.

use super::*;
use crate::order_read::{stored_order_rows, StoredOrder};
use amoeba_core::orders::{EventKind, OrderEvent, OrderHeader};

/// An order as an import writes it.
#[derive(Debug, Clone)]
pub struct OrderWrite {
    /// The order (the stored header when it was known already).
    pub header: OrderHeader,
    /// Whether its shipments and refunds book the ledger.
    pub books: bool,
    /// Events not stored yet, each with its fingerprint, in file order.
    pub new_events: Vec<(OrderEvent, String)>,
    /// The file line the order is first named on.
    pub line: u64,
}

impl FactImport {
    /// Makes this an orders import: the file's rows are its events (read
    /// and added as events), not the facts their shipments book.
    pub fn count_events(&mut self, rows_read: u64) {
        self.facts_are_rows = false;
        self.rows_read = rows_read;
    }

    /// The stored orders among `keys` (store code, order id), read inside
    /// the import's transaction so what is checked is what is appended to.
    pub async fn stored_orders(&mut self, keys: &[(String, String)]) -> Result<HashMap<(String, String), StoredOrder>> {
        let mut out = HashMap::new();
        for chunk in keys.chunks(MAX_ORDERS_READ) {
            let ids: Vec<(i64, &str)> = chunk.iter().filter_map(|(s, o)| self.stores.get(s).map(|id| (*id, o.as_str()))).collect();
            for o in stored_order_rows(&mut self.tx, self.company_id, &ids).await? {
                out.insert((o.header.store.clone(), o.header.id.clone()), o);
            }
        }
        Ok(out)
    }

    /// Writes orders and their new events. An event in a closed month is a
    /// row error (like a fact): a closed period never changes.
    pub async fn add_orders(&mut self, orders: Vec<OrderWrite>) -> Result<()> {
        for o in orders {
            let Some(&store_id) = self.stores.get(&o.header.store) else {
                self.refuse_order_row(unknown_store(o.line, &o.header.store));
                continue;
            };
            for (e, _) in &o.new_events {
                let month = Month::of(e.day);
                if self.closed.contains(&month.to_string()) {
                    self.refuse_order_row(closed_period(e.line, "at", month.to_string()));
                }
            }
            if !self.problems.is_empty() || o.new_events.is_empty() {
                continue;
            }
            self.write_order(store_id, o).await?;
        }
        Ok(())
    }

    fn refuse_order_row(&mut self, e: ImportError) {
        if self.problems.len() < MAX_KEPT_PROBLEMS {
            self.problems.push(e);
        }
    }

    async fn write_order(&mut self, store_id: i64, o: OrderWrite) -> Result<()> {
        let first = o.new_events.iter().map(|(e, _)| e.day).min().expect("an order written has new events");
        let last = o.new_events.iter().map(|(e, _)| e.day).max().expect("an order written has new events");
        let h = &o.header;
        sqlx::query(
            "INSERT INTO orders (company_id, store_id, order_id, customer, salesperson, follower, currency, books, first_day, last_day, \
             import_id, line) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (company_id, store_id, order_id) DO UPDATE SET \
             first_day = CASE WHEN excluded.first_day < orders.first_day THEN excluded.first_day ELSE orders.first_day END, \
             last_day = CASE WHEN excluded.last_day > orders.last_day THEN excluded.last_day ELSE orders.last_day END",
        )
        .bind(self.company_id)
        .bind(store_id)
        .bind(h.id.clone())
        .bind(h.customer.clone())
        .bind(h.salesperson.clone())
        .bind(h.follower.clone())
        .bind(h.currency.to_string())
        .bind(i64::from(o.books))
        .bind(first.to_string())
        .bind(last.to_string())
        .bind(self.import_id)
        .bind(o.line as i64)
        .execute(&mut *self.tx)
        .await?;
        let seq: i64 = sqlx::query("SELECT COUNT(*) FROM order_events WHERE company_id = $1 AND store_id = $2 AND order_id = $3")
            .bind(self.company_id)
            .bind(store_id)
            .bind(h.id.clone())
            .fetch_one(&mut *self.tx)
            .await?
            .get(0);
        let rows = o
            .new_events
            .iter()
            .enumerate()
            .map(|(i, (e, fp))| {
                vec![
                    Val::I(self.company_id),
                    Val::I(store_id),
                    Val::T(h.id.clone()),
                    Val::I(seq + i as i64),
                    Val::T(e.kind.as_str().to_string()),
                    Val::T(e.at.to_rfc3339()),
                    Val::T(e.day.to_string()),
                    Val::N(e.sku.clone()),
                    Val::I(e.quantity),
                    Val::T(e.amount.to_string()),
                    Val::T(e.currency.to_string()),
                    Val::N(e.memo.clone()),
                    Val::I(self.import_id),
                    Val::I(e.line as i64),
                    Val::T(fp.clone()),
                ]
            })
            .collect();
        let cols = [
            "company_id",
            "store_id",
            "order_id",
            "seq",
            "kind",
            "at",
            "day",
            "sku",
            "quantity",
            "amount",
            "currency",
            "memo",
            "import_id",
            "line",
            "fingerprint",
        ];
        let stored = insert_many(&mut self.tx, self.backend, "order_events", &cols, rows, "").await?;
        self.rows_added += stored;
        if let Some(customer) = &h.customer {
            let contracts = o.new_events.iter().filter(|(e, _)| e.kind == EventKind::Contract).map(|(e, _)| e.day).min();
            if let Some(day) = contracts {
                sqlx::query(
                    "INSERT INTO customer_first_orders (company_id, customer, first_day) VALUES ($1, $2, $3) \
                     ON CONFLICT (company_id, customer) DO UPDATE SET first_day = \
                     CASE WHEN excluded.first_day < customer_first_orders.first_day THEN excluded.first_day \
                     ELSE customer_first_orders.first_day END",
                )
                .bind(self.company_id)
                .bind(customer.clone())
                .bind(day.to_string())
                .execute(&mut *self.tx)
                .await?;
            }
        }
        Ok(())
    }
}

/// Orders read per query when an import looks its orders up.
const MAX_ORDERS_READ: usize = 200;
