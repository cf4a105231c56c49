//! Who may see an operator contract and its reports — the pages and the
//! API ask here, so the rule is written once: a viewer sees a contract when
//! they see every one of its stores (an owner sees all; a third-party
//! operator only a contract of their own store; a leader one whose stores
//! their units own).

use crate::ctx::Authed;
use crate::error::Fail;
use amoeba_app::oversight::contracts::contract;
use amoeba_core::identity::Role;
use amoeba_store::oversight_repo::StoredContract;

/// Whether the viewer sees the contract.
pub fn sees(who: &Authed, c: &StoredContract) -> bool {
    let viewer = who.viewer();
    c.contract.stores.iter().all(|s| viewer.sees_store(s))
}

/// The contract of `code`, or 404 when there is none or the viewer may not see it.
pub async fn visible(s: &crate::state::S, who: &Authed, code: &str) -> Result<StoredContract, Fail> {
    match contract(&s.db, &who.ctx.company, code).await {
        Ok(c) if sees(who, &c) => Ok(c),
        Ok(_) => Err(who.ctx.not_found()),
        Err(e) if e.refusal().is_some() => Err(who.ctx.not_found()),
        Err(e) => Err(who.ctx.app_error(e)),
    }
}

/// The note a viewer writes on a report: a third-party operator's is the
/// operator's note, an owner's or leader's a comment; members write none.
pub fn note_kind(who: &Authed) -> Option<amoeba_app::oversight::report::NoteKind> {
    use amoeba_app::oversight::report::NoteKind;
    match who.user.role {
        Role::ThirdParty => Some(NoteKind::Operator),
        Role::Owner | Role::Leader => Some(NoteKind::Leader),
        Role::Member => None,
    }
}
