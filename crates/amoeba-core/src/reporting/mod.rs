//! Reporting rules the pages, the API, exports and the CLI share: the one
//! place a figure derived from the P&L is computed — the board's rows, the
//! peers a unit is compared with, plan attainment, where a fact belongs and
//! rolls up, a person's share, the rows behind a figure — so no adapter
//! re-derives it with its own rounding. The incentive, goal and engagement
//! engines read these, they do not copy them.

pub mod attainment;
pub mod board;
pub mod drilldown;
pub mod peers;
pub mod placement;
pub mod pnl_view;
pub mod problem;
pub mod shares;
pub mod unit_metrics;

pub use attainment::{attainment, attainment_pct, ATTAINMENT_DP, ATTAINMENT_PCT_DP};
pub use board::{BoardRow, BoardView, DailyPoint};
pub use drilldown::{FactRow, FactsQuery, FactsSummary, FactsView, Memo, Source};
pub use peers::PeerGroup;
pub use pnl_view::{PnlRow, PnlView};
pub use problem::{Problem, MAX_PROBLEMS_SHOWN};
pub use shares::{person_shares, ShareLine, ShareRow, ShareView, SHARE_DP};
pub use unit_metrics::{MetricInputs, MetricsReport, OrderFacts, UnitMetrics};
