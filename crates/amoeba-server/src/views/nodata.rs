//! The provider used until the accounting use cases are wired in: it has
//! no figures, so every page shows its "no data yet" state.

use super::*;

/// Answers "no data yet" to every question.
pub struct NoData;

impl ViewProvider for NoData {
    fn board<'a>(&'a self, _: ViewCtx<'a>, _: NaiveDate) -> ViewFuture<'a, BoardView> {
        Box::pin(async { Ok(None) })
    }

    fn pnl<'a>(&'a self, _: ViewCtx<'a>, _: &'a str, _: Month) -> ViewFuture<'a, PnlView> {
        Box::pin(async { Ok(None) })
    }

    fn facts<'a>(&'a self, _: ViewCtx<'a>, _: &'a FactsQuery, _: RowSink) -> ViewFuture<'a, FactsSummary> {
        Box::pin(async { Ok(None) })
    }

    fn person_share<'a>(&'a self, _: ViewCtx<'a>, _: &'a str, _: Month) -> ViewFuture<'a, ShareView> {
        Box::pin(async { Ok(None) })
    }
}
