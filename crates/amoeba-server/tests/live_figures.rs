//! The live provider on the demo company: the drill-down reaches the facts
//! behind a P&L figure and adds up to it; the person's share is computed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_app::demo::{load_demo, DEMO_COMPANY};
use amoeba_core::accounting::PnlLine;
use amoeba_core::identity::{NewUser, Role, Viewer};
use amoeba_core::Lang;
use amoeba_core::Month;
use amoeba_demo::DemoOptions;
use amoeba_server::views::{facts_window, FactsQuery, Live, PayGrain, ViewCtx, ViewProvider, KIND_ROUNDING};
use amoeba_store::testing::fresh_db;
use rust_decimal::Decimal;

#[tokio::test]
async fn drilldown_adds_up_to_the_pnl_figure() {
    let db = fresh_db().await;
    let end = "2026-10-31".parse().unwrap();
    let opts = DemoOptions { months: 1, volume_pct: 5, ..DemoOptions::new(end) };
    load_demo(&db, opts, None, &mut |_: &str| {}).await.unwrap().expect("demo loaded");
    let company = db.company(Some(DEMO_COMPANY)).await.unwrap();
    let current = amoeba_app::current::current(&db, &company).await.unwrap();
    let org = &current.org;
    let owner = NewUser { login: "boss".into(), role: Some(Role::Owner), ..NewUser::default() };
    let (owner, _) = amoeba_app::identity::add_user(&db, company.id, org, &owner, None).await.unwrap();
    let viewer = Viewer::new(&owner, org);
    let cx = ViewCtx { db: &db, company: &company, current: &current, today: "2026-12-02".parse().unwrap() };
    let month: Month = "2026-10".parse().unwrap();
    let ask = |line: PnlLine| FactsQuery { unit: "AMZ-US".into(), line, month, day: None, grain: PayGrain::PerPerson };
    let all = |q: FactsQuery| async move { facts_window(&Live, cx, &q, 0, u64::MAX).await };

    // Sales: stored facts with file and line; per-row conversion may differ
    // from the figure only by the cents of the engine's one rounding per group.
    let q = ask(PnlLine::Sales);
    let sales = all(q.clone()).await.unwrap().expect("sales facts");
    assert!(!sales.rows.is_empty() && sales.total > Decimal::ZERO);
    assert!(
        sales.rows.iter().filter(|r| r.kind != KIND_ROUNDING).all(|r| r.source.render(Lang::En).contains(" line ")),
        "every fact names its file and line"
    );
    let listed: Decimal = sales.rows.iter().map(|r| r.base_amount).sum();
    assert!((listed - sales.total).abs() <= Decimal::new(sales.rows.len() as i64, 2), "{listed} vs {}", sales.total);

    // Derived COGS and labour add up exactly.
    for line in [PnlLine::Cogs, PnlLine::Labour] {
        let q = ask(line);
        let v = all(q.clone()).await.unwrap().expect("rows");
        assert!(!v.rows.is_empty(), "{line}");
        assert_eq!(v.rows.iter().map(|r| r.base_amount).sum::<Decimal>(), v.total, "{line}");
    }

    // One day of the month narrows the rows to that day.
    let q = FactsQuery { day: Some("2026-10-15".parse().unwrap()), ..ask(PnlLine::Sales) };
    let day = all(q.clone()).await.unwrap().expect("day facts");
    assert!(day.rows.iter().all(|r| r.day.to_string() == "2026-10-15"));

    // After the close the derived entries are stored facts: listed once, still adding up.
    for (m, _) in db.fact_months(company.id).await.unwrap() {
        amoeba_app::accounting::close(&db, &company, m.parse().unwrap()).await.unwrap();
    }
    let q = ask(PnlLine::Cogs);
    let closed = all(q.clone()).await.unwrap().expect("rows after close");
    assert!(closed.rows.iter().all(|r| r.source.render(Lang::En).starts_with("close 2026-10 line")), "{:?}", closed.rows.first());
    assert_eq!(closed.rows.iter().map(|r| r.base_amount).sum::<Decimal>(), closed.total);

    // A member of AMZ-US-HOME gets a share of the unit's profit.
    let member = org.assignments.iter().find(|a| a.unit == "AMZ-US-HOME" && !a.leader).unwrap().person.clone();
    let share = Live.person_share(cx, viewer.person(&member).unwrap(), month).await.unwrap().expect("share");
    let row = share.rows.iter().find(|r| r.unit == "AMZ-US-HOME").unwrap();
    assert!(row.share > Decimal::ZERO && row.share < Decimal::ONE);
}
