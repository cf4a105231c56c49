//! The board's page is drawn once per viewer and data version, and never
//! shown stale: an import raises the version and the next request draws
//! anew; two viewers never get each other's page.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::identity::Role;
use common::*;
use std::sync::Arc;

const FACTS: &[u8] = b"date,unit,kind,amount,currency\n2026-03-02,AMZ-US-HOME,sale,1234.56,CNY\n";
const MORE: &[u8] = b"date,unit,kind,amount,currency\n2026-03-02,AMZ-US-HOME,sale,1000.00,CNY\n2026-03-02,AMZ-US-HOME,sale,0.44,CNY\n";

#[tokio::test]
async fn an_import_is_on_the_next_board_and_each_viewer_gets_their_own_page() {
    let app = app_with(Arc::new(amoeba_server::views::Live)).await;
    let owner = app.login(Role::Owner).await;
    let member = app.login(Role::Member).await;
    let up = app.upload("/imports", Some(&owner), &[("kind", "facts")], ("sales.csv", FACTS)).await;
    assert_eq!(up.status, 200, "{}", up.body);

    let first = app.get("/board?day=2026-03-02", Some(&owner)).await;
    assert!(first.body.contains("1,234.56"), "the board shows the sale");
    let again = app.get("/board?day=2026-03-02", Some(&owner)).await;
    assert_eq!(first.body, again.body, "the same viewer and version: the same page");

    let theirs = app.get("/board?day=2026-03-02", Some(&member)).await;
    assert!(first.body.contains("/admin/org") && !theirs.body.contains("/admin/org"), "a member never gets the owner's page");
    assert!(theirs.body.contains(&member.csrf) && !theirs.body.contains(&owner.csrf), "each session's own form token");

    let up = app.upload("/imports", Some(&owner), &[("kind", "facts")], ("more.csv", MORE)).await;
    assert_eq!(up.status, 200, "{}", up.body);
    let after = app.get("/board?day=2026-03-02", Some(&owner)).await;
    assert!(after.body.contains("2,235.00"), "the next request after an import shows it");
}
