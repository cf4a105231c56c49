//! One use case per screen, each written once for the pages, the API,
//! exports and the CLI: they load what the screen needs (by the data version
//! a request read once, [`crate::current`]), hand it to the reporting rules
//! of `amoeba_core::reporting`, and return what the screen shows. The
//! adapters only translate (HTTP or clap in, template, JSON or table out).
//!
//! Objects come in as `Seen` handles from `amoeba_core::identity::Viewer`,
//! so a screen cannot be asked about something its viewer may not see.

pub mod board;
pub mod credit;
pub mod drilldown;
pub mod order;
pub mod person;
pub mod pnl;
