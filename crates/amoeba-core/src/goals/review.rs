//! Performance reviews with scorecards: each cycle (month or quarter) the
//! leader scores every person on weighted criteria (results, attitude,
//! skill, teamwork…), optionally beside the person's own self-review, and
//! the weighted score becomes a multiplier a pay plan's scorecard method can
//! split a pool by.
//!
//! Rules, stated once here and in `docs/goals.md`:
//! * weights are percentages that add up to exactly 100; scores run 0–100;
//! * a self-review is either shown beside the leader's score and not counted
//!   ([`SelfReview::ShownBeside`], the default), or counted with a configured
//!   share ([`SelfReview::Weighted`], e.g. 20 % self, 80 % leader);
//! * the final score is computed from the exact sub-scores and rounded once,
//!   to 2 places (half away from zero); the sub-scores shown beside it are
//!   rounded for display only;
//! * the multiplier is either score ÷ the team's average score
//!   ([`Normalise::TeamAverage`], 1.0000 = average; what splitting a pool
//!   needs) or score ÷ 100 ([`Normalise::OutOf100`]), 4 places.

use super::GoalError;
use crate::accounting::metrics::round_dp;
use crate::period::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Decimal places of a score.
pub const SCORE_DP: u32 = 2;
/// Decimal places of a multiplier.
pub const MULTIPLIER_DP: u32 = 4;

/// A review cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    /// One month.
    Monthly(Month),
    /// A quarter of a year.
    Quarterly {
        /// The year.
        year: i32,
        /// 1..=4.
        quarter: u32,
    },
}

impl Cycle {
    /// A quarter, refusing one outside 1..=4.
    pub fn quarterly(year: i32, quarter: u32) -> Result<Cycle, GoalError> {
        if (1..=4).contains(&quarter) {
            Ok(Cycle::Quarterly { year, quarter })
        } else {
            Err(GoalError::QuarterOutOfRange { quarter })
        }
    }

    /// The days the cycle covers: who belonged to a unit then is reviewed in it.
    pub fn days(&self) -> crate::dates::EffectiveRange {
        let (first, last) = match *self {
            Cycle::Monthly(m) => (m, m),
            Cycle::Quarterly { year, quarter } => {
                let first = Month::new(year, quarter.clamp(1, 4) * 3 - 2).unwrap_or(Month::of(chrono::NaiveDate::MIN));
                (first, first.next().next())
            }
        };
        crate::dates::EffectiveRange { from: first.first_day(), to: Some(last.last_day()) }
    }

    /// Whether the cycle reviews `month` (its month, or a month of its
    /// quarter): the scores a pay run of that month weighs a pool by.
    pub fn contains(&self, month: Month) -> bool {
        match self {
            Cycle::Monthly(m) => *m == month,
            Cycle::Quarterly { year, quarter } => *year == month.year() && (month.month() - 1) / 3 + 1 == *quarter,
        }
    }

    /// `2026-03` or `2026-Q1`, as shown on the review page.
    pub fn label(&self) -> String {
        match self {
            Cycle::Monthly(m) => m.to_string(),
            Cycle::Quarterly { year, quarter } => format!("{year}-Q{quarter}"),
        }
    }
}

/// A criterion and its weight in percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Code (`results`, `attitude`, `skill`, `teamwork`…).
    pub code: String,
    /// Weight in percent; all weights add up to 100.
    pub weight_pct: Decimal,
}

/// Validated criteria: unique codes, positive weights adding up to 100 %.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Criterion>", into = "Vec<Criterion>")]
pub struct Scorecard {
    criteria: Vec<Criterion>,
}

impl Scorecard {
    /// Validates the criteria.
    pub fn new(criteria: Vec<Criterion>) -> Result<Self, GoalError> {
        if criteria.is_empty() {
            return Err(GoalError::NoCriteria);
        }
        let mut seen = BTreeSet::new();
        for c in &criteria {
            if !seen.insert(c.code.as_str()) {
                return Err(GoalError::Duplicate { code: c.code.clone() });
            }
            if c.weight_pct <= Decimal::ZERO {
                return Err(GoalError::WeightNotPositive { criterion: c.code.clone() });
            }
        }
        let sum: Decimal = criteria.iter().map(|c| c.weight_pct).sum();
        if sum != Decimal::ONE_HUNDRED {
            return Err(GoalError::WeightsNot100 { sum });
        }
        Ok(Self { criteria })
    }

    /// The criteria, in the order given.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }
}

impl TryFrom<Vec<Criterion>> for Scorecard {
    type Error = GoalError;
    fn try_from(v: Vec<Criterion>) -> Result<Self, GoalError> {
        Scorecard::new(v)
    }
}

impl From<Scorecard> for Vec<Criterion> {
    fn from(s: Scorecard) -> Self {
        s.criteria
    }
}

/// How a self-review counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelfReview {
    /// Shown beside the leader's score, not counted.
    #[default]
    ShownBeside,
    /// Counted: final = leader × (100 − share)% + self × share%.
    Weighted {
        /// The self-review's share in percent (0–100).
        share_pct: Decimal,
    },
}

/// What the multiplier is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalise {
    /// score ÷ team average: the team's multipliers average 1.
    #[default]
    TeamAverage,
    /// score ÷ 100: an absolute scale.
    OutOf100,
}

/// A cycle's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewConfig {
    /// The cycle reviewed.
    pub cycle: Cycle,
    /// The criteria.
    pub card: Scorecard,
    /// How a self-review counts.
    pub self_review: SelfReview,
    /// What the multiplier is relative to.
    pub normalise: Normalise,
}

/// One person's scores per criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonScores {
    /// Person code.
    pub person: String,
    /// The leader's score per criterion code.
    pub leader: BTreeMap<String, Decimal>,
    /// The person's own scores, if they reviewed themselves.
    pub self_scores: Option<BTreeMap<String, Decimal>>,
}

/// One person's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLine {
    /// Person code.
    pub person: String,
    /// The leader's weighted score (shown, 2 dp).
    pub leader_score: Decimal,
    /// The self-review's weighted score (shown, 2 dp).
    pub self_score: Option<Decimal>,
    /// Whether the self-review counted in `score`.
    pub self_counted: bool,
    /// The final score, rounded once to 2 dp.
    pub score: Decimal,
    /// The multiplier (4 dp); `None` when the team's scores are all 0 (team-average mode).
    pub multiplier: Option<Decimal>,
}

/// A cycle's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewOutcome {
    /// The cycle.
    pub cycle: Cycle,
    /// Mean of the final scores (2 dp).
    pub team_average: Option<Decimal>,
    /// One line per person, in input order.
    pub lines: Vec<ReviewLine>,
}

fn weighted(card: &Scorecard, person: &str, scores: &BTreeMap<String, Decimal>) -> Result<Decimal, GoalError> {
    for code in scores.keys() {
        if !card.criteria.iter().any(|c| &c.code == code) {
            return Err(GoalError::ScoreMismatch { person: person.into(), criterion: code.clone() });
        }
    }
    let mut total = Decimal::ZERO;
    for c in &card.criteria {
        let s = *scores.get(&c.code).ok_or_else(|| GoalError::ScoreMismatch { person: person.into(), criterion: c.code.clone() })?;
        if s < Decimal::ZERO || s > Decimal::ONE_HUNDRED {
            return Err(GoalError::ScoreOutOfRange { person: person.into(), criterion: c.code.clone(), score: s });
        }
        total += s * c.weight_pct;
    }
    Ok(total / Decimal::ONE_HUNDRED)
}

/// The self-review's share of the final score (`None`: shown beside, not counted).
fn self_share(config: &ReviewConfig) -> Result<Option<Decimal>, GoalError> {
    match config.self_review {
        SelfReview::ShownBeside => Ok(None),
        SelfReview::Weighted { share_pct } if share_pct < Decimal::ZERO || share_pct > Decimal::ONE_HUNDRED => {
            Err(GoalError::SelfShareOutOfRange { share: share_pct })
        }
        SelfReview::Weighted { share_pct } => Ok(Some(share_pct / Decimal::ONE_HUNDRED)),
    }
}

/// Scores a cycle: weighted scores, the final score and the multiplier per person.
pub fn review(config: &ReviewConfig, people: &[PersonScores]) -> Result<ReviewOutcome, GoalError> {
    if people.is_empty() {
        return Err(GoalError::NoPeople);
    }
    let share = self_share(config)?;
    let mut seen = BTreeSet::new();
    let mut lines = Vec::with_capacity(people.len());
    for p in people {
        if !seen.insert(p.person.as_str()) {
            return Err(GoalError::Duplicate { code: p.person.clone() });
        }
        let leader = weighted(&config.card, &p.person, &p.leader)?;
        let own = p.self_scores.as_ref().map(|s| weighted(&config.card, &p.person, s)).transpose()?;
        let (exact, self_counted) = match (share, own) {
            (Some(w), Some(o)) => (leader * (Decimal::ONE - w) + o * w, true),
            _ => (leader, false),
        };
        lines.push(ReviewLine {
            person: p.person.clone(),
            leader_score: round_dp(leader, SCORE_DP),
            self_score: own.map(|o| round_dp(o, SCORE_DP)),
            self_counted,
            score: round_dp(exact, SCORE_DP),
            multiplier: None,
        });
    }
    let n = Decimal::from(lines.len() as u64);
    let sum: Decimal = lines.iter().map(|l| l.score).sum();
    for l in &mut lines {
        l.multiplier = match config.normalise {
            Normalise::OutOf100 => Some(round_dp(l.score / Decimal::ONE_HUNDRED, MULTIPLIER_DP)),
            Normalise::TeamAverage if sum.is_zero() => None,
            Normalise::TeamAverage => Some(round_dp(l.score * n / sum, MULTIPLIER_DP)),
        };
    }
    Ok(ReviewOutcome { cycle: config.cycle, team_average: Some(round_dp(sum / n, SCORE_DP)), lines })
}

/// The leader's (or a self-review's) weighted score of one person, shown to
/// 2 places: what a review form shows beside the scores as they are entered,
/// by the same rule as [`review`] (every criterion scored, 0–100).
pub fn weighted_score(card: &Scorecard, person: &str, scores: &BTreeMap<String, Decimal>) -> Result<Decimal, GoalError> {
    weighted(card, person, scores).map(|w| round_dp(w, SCORE_DP))
}

/// Scores a cycle while it is being entered: people the leader has not
/// scored yet (an empty leader map — a self-review may already be there)
/// are left out of the scores and the team average, their self-review
/// still checked; nobody scored yet is a cycle without lines rather than
/// an error. Everyone scored gives exactly [`review`]'s outcome.
pub fn review_entered(config: &ReviewConfig, people: &[PersonScores]) -> Result<ReviewOutcome, GoalError> {
    self_share(config)?;
    for p in people.iter().filter(|p| p.leader.is_empty()) {
        if let Some(own) = &p.self_scores {
            weighted(&config.card, &p.person, own)?;
        }
    }
    let scored: Vec<PersonScores> = people.iter().filter(|p| !p.leader.is_empty()).cloned().collect();
    if scored.is_empty() {
        return Ok(ReviewOutcome { cycle: config.cycle, team_average: None, lines: Vec::new() });
    }
    review(config, &scored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn card() -> Scorecard {
        Scorecard::new(vec![
            Criterion { code: "results".into(), weight_pct: dec!(50) },
            Criterion { code: "attitude".into(), weight_pct: dec!(20) },
            Criterion { code: "skill".into(), weight_pct: dec!(15) },
            Criterion { code: "teamwork".into(), weight_pct: dec!(15) },
        ])
        .unwrap()
    }

    fn scores(v: [i64; 4]) -> BTreeMap<String, Decimal> {
        ["results", "attitude", "skill", "teamwork"].iter().zip(v).map(|(c, s)| (c.to_string(), Decimal::from(s))).collect()
    }

    fn config(self_review: SelfReview, normalise: Normalise) -> ReviewConfig {
        ReviewConfig { cycle: Cycle::Monthly(Month::new(2026, 3).unwrap()), card: card(), self_review, normalise }
    }

    fn team() -> Vec<PersonScores> {
        vec![
            PersonScores { person: "P01".into(), leader: scores([90, 80, 70, 85]), self_scores: Some(scores([95, 95, 90, 95])) },
            PersonScores { person: "P02".into(), leader: scores([70, 90, 80, 75]), self_scores: None },
        ]
    }

    /// docs/goals.md, "Reviews" worked example.
    #[test]
    fn worked_example_self_review_shown_beside_and_team_multiplier() {
        let o = review(&config(SelfReview::ShownBeside, Normalise::TeamAverage), &team()).unwrap();
        // P01: 90×.5 + 80×.2 + 70×.15 + 85×.15 = 45 + 16 + 10.5 + 12.75 = 84.25
        // P02: 35 + 18 + 12 + 11.25 = 76.25
        assert_eq!((o.lines[0].score, o.lines[1].score), (dec!(84.25), dec!(76.25)));
        assert_eq!(o.lines[0].self_score, Some(dec!(94.25)));
        assert!(!o.lines[0].self_counted);
        assert_eq!(o.team_average, Some(dec!(80.25)));
        // 84.25 × 2 ÷ 160.50 = 1.04984… ; 76.25 × 2 ÷ 160.50 = 0.95015…
        assert_eq!(o.lines[0].multiplier, Some(dec!(1.0498)));
        assert_eq!(o.lines[1].multiplier, Some(dec!(0.9502)));
        assert_eq!(o.cycle.label(), "2026-03");
    }

    /// docs/goals.md, "Reviews" worked example with a 20 % self share.
    #[test]
    fn worked_example_self_review_weighted() {
        let o = review(&config(SelfReview::Weighted { share_pct: dec!(20) }, Normalise::OutOf100), &team()).unwrap();
        // P01: 84.25 × 0.8 + 94.25 × 0.2 = 67.4 + 18.85 = 86.25
        assert_eq!(o.lines[0].score, dec!(86.25));
        assert!(o.lines[0].self_counted);
        assert_eq!(o.lines[0].multiplier, Some(dec!(0.8625)));
        assert_eq!(o.lines[1].score, dec!(76.25), "no self-review: the leader's score alone");
        assert!(!o.lines[1].self_counted);
    }

    #[test]
    fn rounds_once_from_exact_sub_scores() {
        let card = Scorecard::new(vec![
            Criterion { code: "a".into(), weight_pct: dec!(12.5) },
            Criterion { code: "b".into(), weight_pct: dec!(87.5) },
        ])
        .unwrap();
        let cfg = ReviewConfig {
            cycle: Cycle::quarterly(2026, 1).unwrap(),
            card,
            self_review: SelfReview::Weighted { share_pct: dec!(50) },
            normalise: Normalise::OutOf100,
        };
        let s = |a: i64| [("a".to_string(), Decimal::from(a)), ("b".to_string(), Decimal::ZERO)].into_iter().collect();
        // leader 0.125 (shown 0.13), self 0.375 (shown 0.38): the exact blend is 0.25;
        // blending the shown figures would give 0.255 → 0.26, a second rounding.
        let o = review(&cfg, &[PersonScores { person: "X".into(), leader: s(1), self_scores: Some(s(3)) }]).unwrap();
        assert_eq!((o.lines[0].leader_score, o.lines[0].self_score, o.lines[0].score), (dec!(0.13), Some(dec!(0.38)), dec!(0.25)));
        assert_eq!(cfg.cycle.label(), "2026-Q1");
        assert_eq!(cfg.cycle.days().to_string(), "2026-01-01..=2026-03-31");
    }

    #[test]
    fn refuses_bad_cards_and_scores() {
        let c = |code: &str, w: Decimal| Criterion { code: code.into(), weight_pct: w };
        assert_eq!(Scorecard::new(vec![]), Err(GoalError::NoCriteria));
        assert_eq!(Scorecard::new(vec![c("a", dec!(60)), c("b", dec!(30))]), Err(GoalError::WeightsNot100 { sum: dec!(90) }));
        assert!(matches!(Scorecard::new(vec![c("a", dec!(100)), c("b", dec!(0))]), Err(GoalError::WeightNotPositive { .. })));
        assert!(matches!(Scorecard::new(vec![c("a", dec!(50)), c("a", dec!(50))]), Err(GoalError::Duplicate { .. })));
        let cfg = config(SelfReview::ShownBeside, Normalise::TeamAverage);
        let mut t = team();
        t[0].leader.insert("results".into(), dec!(101));
        assert!(matches!(review(&cfg, &t), Err(GoalError::ScoreOutOfRange { .. })));
        let mut t = team();
        t[1].leader.remove("skill");
        assert!(matches!(review(&cfg, &t), Err(GoalError::ScoreMismatch { .. })));
        let mut t = team();
        t[1].leader.insert("charm".into(), dec!(50));
        assert!(matches!(review(&cfg, &t), Err(GoalError::ScoreMismatch { .. })));
        assert_eq!(Cycle::quarterly(2026, 5), Err(GoalError::QuarterOutOfRange { quarter: 5 }));
        let bad = config(SelfReview::Weighted { share_pct: dec!(120) }, Normalise::OutOf100);
        assert!(matches!(review(&bad, &team()), Err(GoalError::SelfShareOutOfRange { .. })));
    }

    #[test]
    fn all_zero_scores_have_no_team_multiplier() {
        let t = vec![PersonScores { person: "A".into(), leader: scores([0, 0, 0, 0]), self_scores: None }];
        let o = review(&config(SelfReview::ShownBeside, Normalise::TeamAverage), &t).unwrap();
        assert_eq!(o.lines[0].multiplier, None);
    }

    #[test]
    fn entered_so_far_leaves_out_whom_the_leader_has_not_scored() {
        let cfg = config(SelfReview::ShownBeside, Normalise::TeamAverage);
        let mut t = team();
        t.push(PersonScores { person: "P03".into(), leader: BTreeMap::new(), self_scores: Some(scores([60, 60, 60, 60])) });
        let o = review_entered(&cfg, &t).unwrap();
        assert_eq!(o, review(&cfg, &team()).unwrap(), "the unscored self-review changes nobody's score");
        t[2].self_scores = Some(scores([60, 60, 60, 160]));
        assert!(matches!(review_entered(&cfg, &t), Err(GoalError::ScoreOutOfRange { .. })), "a self-review is still checked");
        let only_self = vec![PersonScores { person: "P03".into(), leader: BTreeMap::new(), self_scores: Some(scores([60, 70, 80, 90])) }];
        let o = review_entered(&cfg, &only_self).unwrap();
        assert!(o.lines.is_empty() && o.team_average.is_none());
        let bad = config(SelfReview::Weighted { share_pct: dec!(-1) }, Normalise::OutOf100);
        assert!(matches!(review_entered(&bad, &[]), Err(GoalError::SelfShareOutOfRange { .. })), "checked with nobody scored");
        // 60×.5 + 70×.2 + 80×.15 + 90×.15 = 30 + 14 + 12 + 13.5 = 69.5
        assert_eq!(weighted_score(&card(), "P03", &scores([60, 70, 80, 90])).unwrap(), dec!(69.50));
    }

    #[test]
    fn a_cycle_contains_its_month_or_the_months_of_its_quarter() {
        let m = |t: &str| t.parse::<Month>().unwrap();
        assert!(Cycle::Monthly(m("2026-11")).contains(m("2026-11")));
        assert!(!Cycle::Monthly(m("2026-11")).contains(m("2026-10")));
        let q4 = Cycle::quarterly(2026, 4).unwrap();
        for inside in ["2026-10", "2026-11", "2026-12"] {
            assert!(q4.contains(m(inside)), "{inside}");
        }
        for outside in ["2026-09", "2025-11", "2027-01"] {
            assert!(!q4.contains(m(outside)), "{outside}");
        }
    }
}
