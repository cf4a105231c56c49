//! [`EngageError`]: what the PK and leaderboard engines refuse, with a
//! stable code and a sentence in Chinese or English.

use crate::Lang;
use std::fmt;

/// Why a PK contest or a leaderboard view could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngageError {
    /// A PK needs two teams or more.
    TooFewTeams {
        /// Teams given.
        teams: usize,
    },
    /// A team listed twice.
    DuplicateTeam {
        /// The code.
        team: String,
    },
    /// An empty team or person code.
    EmptyCode,
    /// A base target of 0 or less: there is nothing to reach first.
    BaseNotPositive {
        /// The team.
        team: String,
    },
    /// Per-capita scoring without a head-count above 0.
    HeadcountMissing {
        /// The team.
        team: String,
    },
    /// A period that ends before it starts.
    PeriodReversed {
        /// First day.
        start: String,
        /// Last day.
        end: String,
    },
    /// A code not on the board.
    NotOnBoard {
        /// The code.
        code: String,
    },
    /// On the board but without a value (e.g. no hours): no rank to be near.
    NotRanked {
        /// The code.
        code: String,
    },
}

impl EngageError {
    /// Stable code for programs and the API.
    pub fn code(&self) -> &'static str {
        match self {
            EngageError::TooFewTeams { .. } => "pk_too_few_teams",
            EngageError::DuplicateTeam { .. } => "pk_duplicate_team",
            EngageError::EmptyCode => "engage_empty_code",
            EngageError::BaseNotPositive { .. } => "pk_base_not_positive",
            EngageError::HeadcountMissing { .. } => "pk_headcount_missing",
            EngageError::PeriodReversed { .. } => "pk_period_reversed",
            EngageError::NotOnBoard { .. } => "board_not_on_board",
            EngageError::NotRanked { .. } => "board_not_ranked",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use EngageError::*;
        match (self, lang) {
            (TooFewTeams { teams }, Lang::En) => format!("a PK needs at least two teams; {teams} given"),
            (TooFewTeams { teams }, Lang::Zh) => format!("PK 至少需要两支队伍，现有 {teams} 支"),
            (DuplicateTeam { team }, Lang::En) => format!("team '{team}' is listed twice"),
            (DuplicateTeam { team }, Lang::Zh) => format!("队伍 '{team}' 重复出现"),
            (EmptyCode, Lang::En) => "a team or person code is empty".into(),
            (EmptyCode, Lang::Zh) => "队伍或人员代码为空".into(),
            (BaseNotPositive { team }, Lang::En) => {
                format!("team '{team}' has a base target of 0 or less; each team must have a base to reach first")
            }
            (BaseNotPositive { team }, Lang::Zh) => format!("队伍 '{team}' 的基础目标不大于 0；每支队伍都必须先有基础目标"),
            (HeadcountMissing { team }, Lang::En) => format!("per-capita scoring needs team '{team}''s head-count (above 0)"),
            (HeadcountMissing { team }, Lang::Zh) => format!("按人均计分需要队伍 '{team}' 的人数（大于 0）"),
            (PeriodReversed { start, end }, Lang::En) => format!("the PK ends on {end}, before it starts on {start}"),
            (PeriodReversed { start, end }, Lang::Zh) => format!("PK 结束日 {end} 早于开始日 {start}"),
            (NotOnBoard { code }, Lang::En) => format!("'{code}' is not on this board"),
            (NotOnBoard { code }, Lang::Zh) => format!("'{code}' 不在此排行榜上"),
            (NotRanked { code }, Lang::En) => format!("'{code}' has no figure for this metric, so no rank"),
            (NotRanked { code }, Lang::Zh) => format!("'{code}' 在此指标上没有数值，因此没有排名"),
        }
    }
}

impl fmt::Display for EngageError {
    /// English, for logs; pages use [`EngageError::render`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for EngageError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_renders_in_both_languages_with_a_distinct_code() {
        use EngageError::*;
        let s = |v: &str| v.to_string();
        let all = [
            TooFewTeams { teams: 1 },
            DuplicateTeam { team: s("A") },
            EmptyCode,
            BaseNotPositive { team: s("A") },
            HeadcountMissing { team: s("A") },
            PeriodReversed { start: s("2026-03-31"), end: s("2026-03-01") },
            NotOnBoard { code: s("P1") },
            NotRanked { code: s("P1") },
        ];
        let mut codes: Vec<&str> = all.iter().map(EngageError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for e in &all {
            assert!(e.render(Lang::Zh).chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{e:?}");
            assert!(e.render(Lang::En).is_ascii(), "{e:?}");
        }
    }
}
