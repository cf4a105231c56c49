//! The pages, one module each. A handler loads what it shows, asks
//! the viewer (`Authed::viewer`) for every object, builds [`crate::table::Table`]s and
//! hands a [`crate::render::Page`] back (which also serves the exports).

pub mod account;
pub mod admin_accounting;
pub mod admin_org;
pub mod admin_users;
pub mod alerts;
pub mod assets;
pub mod board;
pub mod engage;
pub mod facts;
pub mod home;
pub mod imports;
pub mod leaderboard;
pub mod login;
pub mod lottery;
pub mod meeting;
pub mod operator;
pub mod order;
pub mod pay;
pub mod person;
pub mod pk;
pub mod playbooks;
pub mod pnl;
pub mod review;
pub mod review_sheet;
pub mod store;
pub mod targets;
pub mod units;

mod common;

/// The page sources, for the test that every translation key they use exists.
#[cfg(test)]
pub const SOURCES: &[&str] = &[
    include_str!("account.rs"),
    include_str!("admin_org.rs"),
    include_str!("admin_users.rs"),
    include_str!("board.rs"),
    include_str!("common.rs"),
    include_str!("facts.rs"),
    include_str!("imports.rs"),
    include_str!("login.rs"),
    include_str!("operator.rs"),
    include_str!("order.rs"),
    include_str!("pay.rs"),
    include_str!("person.rs"),
    include_str!("pnl.rs"),
    include_str!("store.rs"),
    include_str!("units.rs"),
    include_str!("engage.rs"),
    include_str!("targets.rs"),
    include_str!("lottery.rs"),
    include_str!("pk.rs"),
    include_str!("leaderboard.rs"),
    include_str!("meeting.rs"),
    include_str!("../nav.rs"),
    include_str!("../ctx.rs"),
    include_str!("../upload.rs"),
    include_str!("../shared/mod.rs"),
    include_str!("../shared/params.rs"),
    include_str!("../shared/import_answer.rs"),
    include_str!("review.rs"),
    include_str!("review_sheet.rs"),
];
