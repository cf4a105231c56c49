//! Oversight: what a third-party operator (代运营) and the owner who checks
//! them need — reports whose every change has an exact cause, contracts and
//! trial verdicts, risk alerts that fire once per episode, and the playbook
//! templates a team answers customers with. Pure engines over plain inputs;
//! the formulas, rounding places and a worked example each are in
//! `docs/oversight.md`.

pub mod alerts;
pub mod contract;
pub mod decompose;
pub mod exact;
mod period;
pub mod playbook;
pub mod report;
