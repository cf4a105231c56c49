//! [`EngageRefusal`]: why a goal or engagement request was refused — a rule
//! of the core (a target's stretch, a lottery record that does not verify,
//! a PK with one team) or the state of what is stored (a day drawn already,
//! a contest that has started) — with a stable code and a sentence in the
//! reader's language. Nothing was written.

use amoeba_core::engagement::lottery::{LotteryError, VerifyError};
use amoeba_core::engagement::EngageError;
use amoeba_core::goals::GoalError;
use amoeba_core::Lang;

/// Why a goal or engagement request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngageRefusal {
    /// A target, wish or review rule.
    Goal(GoalError),
    /// A lottery rule.
    Lottery(LotteryError),
    /// A draw record that does not check out.
    Verify(VerifyError),
    /// A PK or leaderboard rule.
    Contest(EngageError),
    /// A unit code that is not in the organisation.
    UnknownUnit {
        /// The code.
        code: String,
    },
    /// A person code that is not in the organisation.
    UnknownPerson {
        /// The code.
        code: String,
    },
    /// Neither the ledger nor the request gives the unit's operating cost.
    NoCost {
        /// The unit.
        unit: String,
        /// First month looked at.
        from: String,
        /// Last month looked at.
        to: String,
    },
    /// A value that does not read (a hold, lottery numbers, a beacon…).
    BadValue {
        /// What was being read.
        what: String,
        /// The value.
        value: String,
    },
    /// No lottery rules cover the day.
    NoRules {
        /// The day.
        day: String,
    },
    /// A rules version of that name exists already (versions are never changed).
    RulesVersionExists {
        /// The version.
        version: String,
    },
    /// New rules may only take effect on a day that has not opened yet.
    RulesTooLate {
        /// The first day asked for.
        from: String,
        /// The earliest day allowed.
        earliest: String,
    },
    /// The day's cut-off has not passed: its list cannot be frozen yet.
    TooEarly {
        /// The day.
        day: String,
        /// Its cut-off instant.
        cutoff: String,
    },
    /// The day's list is frozen already (once, at its cut-off).
    AlreadyFrozen {
        /// The day.
        day: String,
        /// The hash published then.
        list_hash: String,
    },
    /// The day's list is not frozen: there is nothing to draw.
    NotFrozen {
        /// The day.
        day: String,
    },
    /// The day is drawn already; a day is drawn once.
    AlreadyDrawn {
        /// The day.
        day: String,
    },
    /// The day has no draw.
    NotDrawn {
        /// The day.
        day: String,
    },
    /// The randomness given is not the kind the rules name.
    WrongRandomness {
        /// `drand` or `rfc3797`.
        expected: String,
    },
    /// A contest of that code exists (and has started, or no replacement was asked).
    ContestExists {
        /// The code.
        code: String,
    },
    /// No contest has that code.
    UnknownContest {
        /// The code.
        code: String,
    },
    /// A team that is neither a unit nor a project group.
    UnknownTeam {
        /// The code.
        code: String,
    },
    /// The metric cannot be measured for a project group.
    MetricNotForGroups {
        /// The metric.
        metric: String,
    },
    /// A contest's result is decided once it is over.
    ContestNotOver {
        /// The code.
        code: String,
        /// Its last day.
        end: String,
    },
    /// The contest's result is stored already.
    ContestDecided {
        /// The code.
        code: String,
    },
    /// A score entered on the review form is not a number.
    ScoreNotNumber {
        /// The person scored.
        person: String,
        /// The criterion (the form's field).
        criterion: String,
        /// What was entered.
        value: String,
    },
    /// The person is not in the unit during the cycle: nobody reviews them there.
    NotInUnit {
        /// The person.
        person: String,
        /// The unit.
        unit: String,
        /// The cycle.
        cycle: String,
    },
    /// The unit has no review of that cycle (open it first).
    NoReview {
        /// The cycle.
        cycle: String,
        /// The unit.
        unit: String,
    },
    /// The unit's review of that cycle is open already.
    ReviewExists {
        /// The cycle.
        cycle: String,
        /// The unit.
        unit: String,
    },
    /// Someone else saved scores of the same review meanwhile; nothing was written.
    ReviewChanged {
        /// The cycle.
        cycle: String,
        /// The unit.
        unit: String,
    },
}

impl EngageRefusal {
    /// Stable code for programs and the API.
    pub fn code(&self) -> &'static str {
        use EngageRefusal::*;
        match self {
            Goal(e) => e.code(),
            Lottery(e) => e.code(),
            Verify(e) => e.code(),
            Contest(e) => e.code(),
            UnknownUnit { .. } => "unknown_unit",
            UnknownPerson { .. } => "unknown_person",
            NoCost { .. } => "target_no_cost",
            BadValue { .. } => "bad_value",
            NoRules { .. } => "lottery_no_rules",
            RulesVersionExists { .. } => "lottery_rules_version_exists",
            RulesTooLate { .. } => "lottery_rules_too_late",
            TooEarly { .. } => "lottery_too_early",
            AlreadyFrozen { .. } => "lottery_already_frozen",
            NotFrozen { .. } => "lottery_not_frozen",
            AlreadyDrawn { .. } => "lottery_already_drawn",
            NotDrawn { .. } => "lottery_not_drawn",
            WrongRandomness { .. } => "lottery_wrong_randomness",
            ContestExists { .. } => "pk_exists",
            UnknownContest { .. } => "pk_unknown",
            UnknownTeam { .. } => "pk_unknown_team",
            MetricNotForGroups { .. } => "pk_metric_not_for_groups",
            ContestNotOver { .. } => "pk_not_over",
            ContestDecided { .. } => "pk_decided",
            ScoreNotNumber { .. } => "review_score_not_number",
            NotInUnit { .. } => "review_not_in_unit",
            NoReview { .. } => "review_unknown",
            ReviewExists { .. } => "review_exists",
            ReviewChanged { .. } => "review_changed",
        }
    }

    /// Whether the refusal is about the state of what is stored (a conflict)
    /// rather than the request itself.
    pub fn is_conflict(&self) -> bool {
        use EngageRefusal::*;
        matches!(
            self,
            RulesVersionExists { .. }
                | RulesTooLate { .. }
                | TooEarly { .. }
                | AlreadyFrozen { .. }
                | NotFrozen { .. }
                | AlreadyDrawn { .. }
                | ContestExists { .. }
                | ContestNotOver { .. }
                | ContestDecided { .. }
                | ReviewExists { .. }
                | ReviewChanged { .. }
        )
    }

    /// Whether the refusal means "there is no such thing".
    pub fn is_missing(&self) -> bool {
        matches!(self, EngageRefusal::NotDrawn { .. } | EngageRefusal::UnknownContest { .. } | EngageRefusal::NoReview { .. })
    }

    /// The refusal as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use EngageRefusal::*;
        let zh = lang == Lang::Zh;
        match self {
            Goal(e) => e.render(lang),
            Lottery(e) => e.render(lang),
            Verify(e) => e.render(lang),
            Contest(e) => e.render(lang),
            UnknownUnit { code } if zh => format!("组织中没有单元 {code}"),
            UnknownUnit { code } => format!("there is no unit '{code}' in the organisation"),
            UnknownPerson { code } if zh => format!("组织中没有人员 {code}"),
            UnknownPerson { code } => format!("there is no person '{code}' in the organisation"),
            NoCost { unit, from, to } if zh => {
                format!("账上 {from} 至 {to} 没有 {unit} 的数据，无法得出运营成本；请用 --cost 给出")
            }
            NoCost { unit, from, to } => {
                format!("the ledger has no data of {unit} from {from} to {to} to take its operating cost from; give it with --cost")
            }
            BadValue { what, value } if zh => format!("{what} 无法读取：'{value}'"),
            BadValue { what, value } => format!("{what} does not read: '{value}'"),
            NoRules { day } if zh => format!("没有适用于 {day} 的抽奖规则；请先保存规则（amoeba lottery rules）"),
            NoRules { day } => format!("no lottery rules cover {day}; save rules first (amoeba lottery rules)"),
            RulesVersionExists { version } if zh => format!("规则版本 {version} 已存在；规则一经保存不再修改，请用新的版本号"),
            RulesVersionExists { version } => {
                format!("rules version {version} exists already; a saved version never changes, give the new rules a new version")
            }
            RulesTooLate { from, earliest } if zh => {
                format!("新规则只能从尚未开始的日子起生效：{from} 太早，最早 {earliest}")
            }
            RulesTooLate { from, earliest } => {
                format!("new rules can only take effect on a day that has not opened yet: {from} is too early, {earliest} at the earliest")
            }
            TooEarly { day, cutoff } if zh => format!("{day} 的截止时间 {cutoff} 还没到，名单不能提前冻结"),
            TooEarly { day, cutoff } => format!("{day}'s cut-off ({cutoff}) has not passed: its list cannot be frozen before it"),
            AlreadyFrozen { day, list_hash } if zh => format!("{day} 的名单已在截止时冻结，哈希 {list_hash}"),
            AlreadyFrozen { day, list_hash } => format!("{day}'s list was frozen at its cut-off already, hash {list_hash}"),
            NotFrozen { day } if zh => format!("{day} 的名单尚未冻结（amoeba lottery freeze），不能开奖"),
            NotFrozen { day } => format!("{day}'s list is not frozen (amoeba lottery freeze): there is nothing to draw"),
            AlreadyDrawn { day } if zh => format!("{day} 已经开过奖；每天只开一次，不能换输入重开"),
            AlreadyDrawn { day } => format!("{day} is drawn already; a day is drawn once and never again with other inputs"),
            NotDrawn { day } if zh => format!("{day} 没有开奖记录"),
            NotDrawn { day } => format!("{day} has no draw"),
            WrongRandomness { expected } if zh => format!("规则指定的随机来源是 {expected}，请给出对应的输入"),
            WrongRandomness { expected } => format!("the rules name {expected} as the randomness: give that"),
            ContestExists { code } if zh => format!("PK {code} 已存在；比赛开始后规则不能再改"),
            ContestExists { code } => format!("contest {code} exists already; its rules cannot change once it has started"),
            UnknownContest { code } if zh => format!("没有 PK {code}"),
            UnknownContest { code } => format!("there is no contest '{code}'"),
            UnknownTeam { code } if zh => format!("{code} 既不是单元也不是项目组"),
            UnknownTeam { code } => format!("'{code}' is neither a unit nor a project group"),
            MetricNotForGroups { metric } if zh => format!("项目组没有自己的损益，不能按 {metric} 比"),
            MetricNotForGroups { metric } => format!("a project group has no P&L of its own: it cannot compete on {metric}"),
            ContestNotOver { code, end } if zh => format!("PK {code} 到 {end} 才结束，结束后才能定结果"),
            ContestNotOver { code, end } => format!("contest {code} runs until {end}; its result is decided once it is over"),
            ContestDecided { code } if zh => format!("PK {code} 的结果已经确定"),
            ContestDecided { code } => format!("contest {code} is decided already"),
            ScoreNotNumber { person, criterion, value } if zh => {
                format!("{person} 的 '{criterion}' 得分 '{value}' 不是数字；请填 0 到 100 之间的分数")
            }
            ScoreNotNumber { person, criterion, value } => {
                format!("{person}'s score for '{criterion}' ('{value}') is not a number; enter a score from 0 to 100")
            }
            NotInUnit { person, unit, cycle } if zh => format!("{person} 在考核期 {cycle} 不属于 {unit}，不在该单元考核"),
            NotInUnit { person, unit, cycle } => format!("{person} is not in {unit} during {cycle}: they are not reviewed there"),
            NoReview { cycle, unit } if zh => format!("{unit} 没有 {cycle} 的考核；请先开启该考核期"),
            NoReview { cycle, unit } => format!("{unit} has no review of {cycle}; open the cycle first"),
            ReviewExists { cycle, unit } if zh => format!("{unit} 的 {cycle} 考核已开启"),
            ReviewExists { cycle, unit } => format!("{unit}'s review of {cycle} is open already"),
            ReviewChanged { cycle, unit } if zh => format!("{unit} 的 {cycle} 考核刚被别人保存过，本次未写入；请刷新后重填"),
            ReviewChanged { cycle, unit } => {
                format!("someone else saved {unit}'s review of {cycle} meanwhile; nothing was written: reload and enter again")
            }
        }
    }
}

impl std::fmt::Display for EngageRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl From<EngageRefusal> for crate::AppError {
    fn from(r: EngageRefusal) -> Self {
        crate::AppError::Engage(r)
    }
}

impl From<GoalError> for crate::AppError {
    fn from(e: GoalError) -> Self {
        crate::AppError::Engage(EngageRefusal::Goal(e))
    }
}

impl From<LotteryError> for crate::AppError {
    fn from(e: LotteryError) -> Self {
        crate::AppError::Engage(EngageRefusal::Lottery(e))
    }
}

impl From<VerifyError> for crate::AppError {
    fn from(e: VerifyError) -> Self {
        crate::AppError::Engage(EngageRefusal::Verify(e))
    }
}

impl From<EngageError> for crate::AppError {
    fn from(e: EngageError) -> Self {
        crate::AppError::Engage(EngageRefusal::Contest(e))
    }
}
