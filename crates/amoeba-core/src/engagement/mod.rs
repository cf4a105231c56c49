//! Engagement engines (issue 13): the daily order lottery, PK contests and
//! leaderboards — what keeps people moving between pay days. Pure: inputs
//! in, data out; storage and pages wire them later.

pub mod lottery;
