//! Risk alerts (issue 16): the rules file imported whole, a day evaluated
//! from stored data, episodes stored (fired once, ended when the condition
//! clears) and acknowledged with a note. The rules and every figure are the
//! core's (`amoeba_core::oversight::alerts`); this only gathers their
//! inputs from the store and keeps the episodes.

pub mod after_import;
pub mod inputs;
pub mod rules_file;
pub mod run;
pub mod view;
