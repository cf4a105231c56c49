//! Two open alert episodes for the access tests: one on ALI-1 (the
//! third-party operator's store) and one on AMZ-US-1 (the member's unit's).

use amoeba_core::oversight::alerts::ads::{evaluate_acos, AcosRule, AdsInput};
use amoeba_store::alerts_repo::NewEpisode;
use amoeba_store::Db;
use rust_decimal::Decimal;

/// Stores the two episodes; their ids, ALI-1's first.
pub async fn seed_alerts(db: &Db, company_id: i64) -> [i64; 2] {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).expect("a day");
    let rule = AcosRule { max_acos: Decimal::new(30, 2), min_clicks: 0, min_spend: Decimal::ZERO };
    let alert = |store: &str| {
        let input = AdsInput { store: store.into(), sku: None, clicks: 0, ad_spend: Decimal::from(50), ad_sales: Decimal::from(100) };
        evaluate_acos(&rule, &input, day).alert.expect("50 / 100 is over 30 %")
    };
    let (a, b) = (alert("ALI-1"), alert("AMZ-US-1"));
    let new = [NewEpisode { alert: &a, unit: "" }, NewEpisode { alert: &b, unit: "" }];
    db.apply_alert_day(company_id, day, &new, &[], &[]).await.expect("episodes stored");
    let stored = db.alert_episodes(company_id, true).await.expect("episodes");
    let id = |store: &str| stored.iter().find(|e| e.store == store).map(|e| e.id).expect("stored");
    [id("ALI-1"), id("AMZ-US-1")]
}
