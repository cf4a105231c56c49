//! A provider with no figures: every page shows its "no data yet" state.

use super::*;

/// Answers "no data yet" to every question.
pub struct NoData;

impl ViewProvider for NoData {
    fn board<'a>(&'a self, _: ViewCtx<'a>, _: NaiveDate) -> ViewFuture<'a, std::sync::Arc<BoardView>> {
        Box::pin(async { Ok(None) })
    }

    fn pnl<'a>(&'a self, _: ViewCtx<'a>, _: Seen<'a, Unit>, _: Month) -> ViewFuture<'a, PnlView> {
        Box::pin(async { Ok(None) })
    }

    fn facts<'a>(&'a self, _: ViewCtx<'a>, _: &'a FactsQuery, _: RowSink) -> ViewFuture<'a, FactsSummary> {
        Box::pin(async { Ok(None) })
    }

    fn person_share<'a>(&'a self, _: ViewCtx<'a>, _: Seen<'a, Person>, _: Month) -> ViewFuture<'a, ShareView> {
        Box::pin(async { Ok(None) })
    }
}
