//! Tests of the pay engine: the worked examples of docs/pay-plans.md (one
//! test each, named in the document), the invariants (property tests), the
//! errors' texts.

mod bonuses;
mod docs;
mod errors;
mod fixtures;
mod guard_draw;
mod individual;
mod partner_rerun;
mod pools;
mod props;
mod scale;
mod stage;
