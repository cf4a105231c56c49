//! Engagement engines (issue 13): the daily order lottery, PK contests and
//! leaderboards — what keeps people moving between pay days. Pure: inputs
//! in, data out; storage and pages wire them later.

mod error;
pub mod leaderboard;
pub mod lottery;
pub mod pk;

pub use error::EngageError;
pub use leaderboard::{leaderboard, near_me, BoardMetric, BoardRow, Leaderboard, NearMe};
pub use pk::{pk_result, PkContest, PkMetric, PkOutcome, PkResult, PkTeam, Standing, TieBreak};
