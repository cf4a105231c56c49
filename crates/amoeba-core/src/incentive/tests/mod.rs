//! Tests of the pay engine: the worked examples of docs/pay-plans.md (one
//! test each, named in the document), the invariants (property tests), the
//! errors' texts.

mod awards;
mod bonuses;
mod docs;
mod errors;
mod fixtures;
mod guard_draw;
mod individual;
mod partner_rerun;
mod pools;
mod props;
mod sale_claws;
mod scale;
mod stage;

/// The test company (G → AMZ, TT, ALI, WH), for unit tests outside `tests`.
pub(crate) fn fixtures_org() -> crate::org::Org {
    fixtures::org()
}
