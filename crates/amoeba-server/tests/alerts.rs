//! Risk alerts on the pages and in the API: each role sees the alerts of
//! what it sees (the operator their store's, the member their unit's), the
//! board shows the viewer's open alerts and draws anew once one is
//! acknowledged (its cached page is keyed by them), and every word is in
//! the page's language.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::identity::Role;
use common::*;

#[tokio::test]
async fn each_role_sees_its_alerts_and_the_board_shows_an_acknowledgement() {
    let app = app().await;
    let [ali, amz] = common::alerts_seed::seed_alerts(&app.db, app.company_id).await;
    let ids = |body: &str| -> Vec<i64> {
        let v: serde_json::Value = serde_json::from_str(body).expect("JSON");
        v.as_array().expect("a list").iter().map(|e| e["id"].as_i64().expect("id")).collect()
    };
    for (role, want) in [(Role::Owner, vec![ali, amz]), (Role::Member, vec![amz]), (Role::ThirdParty, vec![ali])] {
        let s = app.login(role).await;
        let mut got = ids(&app.get("/api/v1/alerts", Some(&s)).await.body);
        got.sort_unstable();
        let mut want = want.clone();
        want.sort_unstable();
        assert_eq!(got, want, "{role:?}");
    }
    let op = app.login(Role::ThirdParty).await;
    let page = app.get("/alerts", Some(&op)).await.body;
    assert!(page.contains("ACoS 超限") && page.contains("ALI-1") && !page.contains("AMZ-US-1"), "{page}");
    let en = app.get("/alerts?lang=en", Some(&op)).await.body;
    assert!(en.contains("ACoS over guardrail") && en.contains("Acknowledge"), "{en}");

    let member = app.login(Role::Member).await;
    let board = app.get("/board", Some(&member)).await.body;
    assert!(board.contains("board-alerts") && board.contains("AMZ-US-1") && !board.contains("已确认"), "{board}");
    let ack = app.post_form(&format!("/alerts/{amz}/ack"), Some(&member), &[("note", "lowered bids")]).await;
    assert_eq!(ack.status.as_u16(), 303);
    let board = app.get("/board", Some(&member)).await.body;
    assert!(board.contains("已确认"), "the cached board is drawn anew after the acknowledgement: {board}");
    let page = app.get("/alerts", Some(&member)).await.body;
    assert!(page.contains("lowered bids"), "{page}");
}
