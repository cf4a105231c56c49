//! One order's page: its lines and its timeline, replayed from what is stored.

use crate::{AppError, Result};
use amoeba_core::identity::Seen;
use amoeba_core::orders::{replay, OrderView};
use amoeba_core::org::Store;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;

/// The order `id` of `store`, or `None` when there is no such order.
pub async fn order(db: &Db, company: &CompanyRow, store: Seen<'_, Store>, id: &str) -> Result<Option<OrderView>> {
    let Some(stored) = db.order(company.id, &store.code, id).await? else { return Ok(None) };
    let replayed = replay(&stored.header, &stored.events)
        .map_err(|e| AppError::Internal(format!("stored order {id} of {} does not replay: {e:?}", store.code)))?;
    Ok(Some(OrderView::of(&replayed, stored.books)))
}
