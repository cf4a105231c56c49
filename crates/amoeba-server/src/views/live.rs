//! The provider backed by the application's screens: no rule of its own,
//! only the call.

use super::*;
use amoeba_app::screens;

/// Figures from `amoeba_app::screens`.
pub struct Live;

impl ViewProvider for Live {
    fn board<'a>(&'a self, cx: ViewCtx<'a>, day: NaiveDate) -> ViewFuture<'a, std::sync::Arc<BoardView>> {
        Box::pin(async move { screens::board::board(cx.db, cx.company, cx.current, day, cx.today).await })
    }

    fn pnl<'a>(&'a self, cx: ViewCtx<'a>, unit: Seen<'a, Unit>, month: Month) -> ViewFuture<'a, PnlView> {
        Box::pin(async move { screens::pnl::unit_pnl(cx.db, cx.company, cx.current, unit, month, cx.today).await })
    }

    fn facts<'a>(&'a self, cx: ViewCtx<'a>, q: &'a FactsQuery, out: RowSink) -> ViewFuture<'a, FactsSummary> {
        Box::pin(async move { screens::drilldown::facts(cx.db, cx.company, cx.current, q, cx.today, out).await })
    }

    fn person_share<'a>(&'a self, cx: ViewCtx<'a>, person: Seen<'a, Person>, m: Month) -> ViewFuture<'a, ShareView> {
        Box::pin(async move { screens::person::share(cx.db, cx.company, cx.current, person, m, cx.today).await })
    }
}
