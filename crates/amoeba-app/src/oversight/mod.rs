//! Oversight use cases (issue 16): operator contracts and their trial
//! verdicts, weekly and monthly operator reports with the notes written on
//! them. The rules are the core's (`amoeba_core::oversight`); this only
//! gathers what they read from the store.

pub mod contracts;
pub mod figures;
pub mod layout;
pub mod report;
