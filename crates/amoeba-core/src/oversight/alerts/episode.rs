//! Alerts fire once per episode, not every day. An episode opens on the
//! first day its rule fires for a subject, continues (silently) while the
//! rule keeps firing, and ends on the first day the rule is evaluated and
//! does not fire; a day the rule could not be evaluated (no data) changes
//! nothing. An episode can be acknowledged with a note; it stays open until
//! the rule stops firing.

use super::{Alert, AlertKey, Evaluation};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Who acknowledged an episode, when, and what they said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// Login or person code.
    pub by: String,
    /// The day.
    pub on: NaiveDate,
    /// What they are doing about it.
    pub note: String,
}

/// An alert that is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    /// Kind and subject.
    pub key: AlertKey,
    /// The day it first fired.
    pub opened: NaiveDate,
    /// The latest alert of the episode (its figures are the latest ones).
    pub latest: Alert,
    /// Its acknowledgement, if any.
    pub acknowledged: Option<Acknowledgement>,
}

/// Today's changes to the open episodes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EpisodeChanges {
    /// Alerts that open an episode today: the ones to notify.
    pub new: Vec<Alert>,
    /// Alerts of episodes already open: not notified again.
    pub continuing: Vec<Alert>,
    /// Episodes whose rule was evaluated today and did not fire.
    pub ended: Vec<Episode>,
    /// The episodes open after today (tomorrow's input).
    pub open: Vec<Episode>,
}

/// Applies today's evaluations to the episodes open until yesterday. A key
/// evaluated twice today counts once, by its last evaluation.
pub fn track_episodes(open: &[Episode], today: NaiveDate, evaluations: &[Evaluation]) -> EpisodeChanges {
    let mut today_by_key: BTreeMap<&AlertKey, &Evaluation> = BTreeMap::new();
    for e in evaluations {
        today_by_key.insert(&e.key, e);
    }
    let mut out = EpisodeChanges::default();
    let mut still_open: BTreeMap<AlertKey, Episode> = BTreeMap::new();
    for ep in open {
        match today_by_key.get(&ep.key).map(|e| &e.alert) {
            Some(Some(alert)) => {
                out.continuing.push(alert.clone());
                still_open.insert(ep.key.clone(), Episode { latest: alert.clone(), ..ep.clone() });
            }
            Some(None) => out.ended.push(ep.clone()),
            None => {
                still_open.insert(ep.key.clone(), ep.clone());
            }
        }
    }
    for (key, e) in today_by_key {
        if let (Some(alert), false) = (&e.alert, still_open.contains_key(key)) {
            out.new.push(alert.clone());
            still_open.insert(key.clone(), Episode { key: key.clone(), opened: today, latest: alert.clone(), acknowledged: None });
        }
    }
    out.open = still_open.into_values().collect();
    debug_assert_eq!(
        out.open.len() + out.ended.len(),
        open.iter().map(|e| &e.key).collect::<std::collections::BTreeSet<_>>().len() + out.new.len(),
        "every episode is open or ended, and only new alerts open one"
    );
    out
}

/// Marks an episode acknowledged (a later acknowledgement replaces an earlier one).
pub fn acknowledge(episode: &mut Episode, by: &str, on: NaiveDate, note: &str) {
    episode.acknowledged = Some(Acknowledgement { by: by.to_string(), on, note: note.to_string() });
}

#[cfg(test)]
mod tests {
    use super::super::ads::{evaluate_acos, AcosRule, AdsInput};
    use super::*;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn acos_day(day: &str, spend: Decimal) -> Evaluation {
        let rule = AcosRule { max_acos: dec!(0.30), min_clicks: 0, min_spend: dec!(0) };
        let input = AdsInput { store: "AMZ-US".into(), sku: Some("MUG-01".into()), clicks: 100, ad_spend: spend, ad_sales: dec!(100) };
        evaluate_acos(&rule, &input, d(day))
    }

    /// docs/oversight.md, "Episodes", worked example.
    #[test]
    fn worked_example_episodes() {
        // Day 1 fires: new.
        let d1 = track_episodes(&[], d("2026-03-01"), &[acos_day("2026-03-01", dec!(40))]);
        assert_eq!((d1.new.len(), d1.continuing.len(), d1.ended.len(), d1.open.len()), (1, 0, 0, 1));
        let mut open = d1.open;
        acknowledge(&mut open[0], "li.na", d("2026-03-01"), "lowered bids on the auto campaign");
        // Day 2 fires again: continues, not new; acknowledgement kept, figures updated.
        let d2 = track_episodes(&open, d("2026-03-02"), &[acos_day("2026-03-02", dec!(45))]);
        assert_eq!((d2.new.len(), d2.continuing.len()), (0, 1));
        assert_eq!(d2.open[0].opened, d("2026-03-01"));
        assert!(d2.open[0].acknowledged.is_some());
        assert_eq!(d2.open[0].latest.day, d("2026-03-02"));
        // Day 3 has no ads data: nothing evaluated, the episode stays open.
        let d3 = track_episodes(&d2.open, d("2026-03-03"), &[]);
        assert_eq!((d3.new.len(), d3.ended.len(), d3.open.len()), (0, 0, 1));
        // Day 4 is within the guardrail: ended.
        let d4 = track_episodes(&d3.open, d("2026-03-04"), &[acos_day("2026-03-04", dec!(20))]);
        assert_eq!((d4.ended.len(), d4.open.len()), (1, 0));
        // Day 5 fires again: a new episode.
        let d5 = track_episodes(&d4.open, d("2026-03-05"), &[acos_day("2026-03-05", dec!(50))]);
        assert_eq!((d5.new.len(), d5.open[0].opened), (1, d("2026-03-05")));
    }
}
