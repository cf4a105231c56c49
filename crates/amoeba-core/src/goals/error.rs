//! [`GoalError`]: every input the goal engines refuse, as data with a
//! stable code, so a page, the API and the CLI say the same thing in the
//! reader's language and a program can react to the code.

use crate::Lang;
use rust_decimal::Decimal;
use std::fmt;

/// Why a target, split, pace, wish goal or review could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalError {
    /// An amount that must not be negative is.
    Negative {
        /// What it is (`operating_cost`, `uplift`, `hold 3`…).
        what: String,
        /// The value given.
        value: Decimal,
    },
    /// An amount that must be a whole number of fen is not.
    NotFen {
        /// What it is.
        what: String,
        /// The value given.
        value: Decimal,
    },
    /// A stretch outside the source's 5–10 % without a reason for it.
    StretchOutOfRange {
        /// The stretch given (0.12 = 12 %).
        stretch: Decimal,
    },
    /// A month number outside 1..=12.
    MonthOutOfRange {
        /// The number given.
        month: u32,
    },
    /// The same month is held twice.
    DuplicateHold {
        /// The month.
        month: u32,
    },
    /// Held months add up to more than the year, or every month is held and
    /// they do not add up to it.
    HoldsDoNotFit {
        /// Sum of the held months.
        held: Decimal,
        /// The year's target.
        target: Decimal,
    },
    /// Last year's sales of a month are negative (refunds beyond sales).
    NegativeHistory {
        /// The month.
        month: u32,
        /// The figure given.
        value: Decimal,
    },
    /// A split over nobody.
    NoPeople,
    /// The same person (or team, or criterion) twice.
    Duplicate {
        /// The code.
        code: String,
    },
    /// A period that ends before it starts.
    PeriodReversed {
        /// First day.
        start: String,
        /// Last day.
        end: String,
    },
    /// A commission schedule with no band.
    NoBands,
    /// A schedule's first band does not start at 0.
    FirstBandNotZero {
        /// Where it starts.
        from: Decimal,
    },
    /// A band ends where it starts or before.
    BandReversed {
        /// Band start.
        from: Decimal,
        /// Band end.
        to: Decimal,
    },
    /// Two bands leave a gap or overlap.
    BandsNotContiguous {
        /// Where one band ends.
        end: Decimal,
        /// Where the next starts.
        next_from: Decimal,
    },
    /// Only the top band may be open-ended, and it must be.
    TopBandBounded {
        /// Where the top band ends.
        to: Decimal,
    },
    /// An open-ended band below the top.
    OpenBandBelowTop {
        /// Where it starts.
        from: Decimal,
    },
    /// A commission rate that must be above zero is not.
    RateNotPositive {
        /// The rate given.
        rate: Decimal,
    },
    /// More commission is wished than the schedule can ever pay: the top
    /// band pays nothing.
    Unreachable {
        /// Monthly sales from which no more commission is earned.
        from_level: Decimal,
        /// The most extra commission the schedule pays above the current level.
        max_extra: Decimal,
        /// The monthly payment wished for.
        wanted: Decimal,
    },
    /// A loan of zero months or a payment of zero.
    BadPayment,
    /// A scorecard without criteria.
    NoCriteria,
    /// Criterion weights do not add up to 100 %.
    WeightsNot100 {
        /// Their sum, in percent.
        sum: Decimal,
    },
    /// A weight of zero or below.
    WeightNotPositive {
        /// The criterion.
        criterion: String,
    },
    /// A score outside 0..=100.
    ScoreOutOfRange {
        /// The person.
        person: String,
        /// The criterion.
        criterion: String,
        /// The score.
        score: Decimal,
    },
    /// A criterion the leader did not score, or one the card does not have.
    ScoreMismatch {
        /// The person.
        person: String,
        /// The criterion missing or unknown.
        criterion: String,
    },
    /// A self-review share outside 0–100 %.
    SelfShareOutOfRange {
        /// The share given, in percent.
        share: Decimal,
    },
    /// A quarter outside 1..=4.
    QuarterOutOfRange {
        /// The number given.
        quarter: u32,
    },
    /// A figure too large for exact decimal arithmetic.
    Overflow {
        /// What overflowed.
        what: String,
    },
    /// More is wished a month than the component's monthly cap leaves
    /// above what the person's current level already pays.
    CapUnreachable {
        /// The pay plan component whose cap binds.
        component: String,
        /// Its cap per person per month.
        cap: Decimal,
        /// What the current level already pays (exact).
        at_baseline: Decimal,
        /// The most extra the cap leaves (not below 0).
        max_extra: Decimal,
        /// The monthly payment wished for.
        wanted: Decimal,
    },
}

impl GoalError {
    /// Stable code for programs and the API.
    pub fn code(&self) -> &'static str {
        use GoalError::*;
        match self {
            Negative { .. } => "goal_negative",
            NotFen { .. } => "goal_not_fen",
            StretchOutOfRange { .. } => "goal_stretch_out_of_range",
            MonthOutOfRange { .. } => "goal_month_out_of_range",
            DuplicateHold { .. } => "goal_duplicate_hold",
            HoldsDoNotFit { .. } => "goal_holds_do_not_fit",
            NegativeHistory { .. } => "goal_negative_history",
            NoPeople => "goal_no_people",
            Duplicate { .. } => "goal_duplicate",
            PeriodReversed { .. } => "goal_period_reversed",
            NoBands => "wish_no_bands",
            FirstBandNotZero { .. } => "wish_first_band_not_zero",
            BandReversed { .. } => "wish_band_reversed",
            BandsNotContiguous { .. } => "wish_bands_not_contiguous",
            TopBandBounded { .. } => "wish_top_band_bounded",
            OpenBandBelowTop { .. } => "wish_open_band_below_top",
            RateNotPositive { .. } => "wish_rate_not_positive",
            Unreachable { .. } => "wish_unreachable",
            BadPayment => "wish_bad_payment",
            NoCriteria => "review_no_criteria",
            WeightsNot100 { .. } => "review_weights_not_100",
            WeightNotPositive { .. } => "review_weight_not_positive",
            ScoreOutOfRange { .. } => "review_score_out_of_range",
            ScoreMismatch { .. } => "review_score_mismatch",
            SelfShareOutOfRange { .. } => "review_self_share_out_of_range",
            QuarterOutOfRange { .. } => "review_quarter_out_of_range",
            Overflow { .. } => "goal_overflow",
            CapUnreachable { .. } => "wish_cap_unreachable",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use GoalError::*;
        match self {
            Negative { what, value } => format!("{what} is {value}; it cannot be negative"),
            NotFen { what, value } => format!("{what} is {value}; it must be a whole number of fen (2 decimal places)"),
            StretchOutOfRange { stretch } => format!(
                "a stretch of {}% is outside the usual 5–10%; give the reason for it to use it anyway",
                stretch * Decimal::ONE_HUNDRED
            ),
            MonthOutOfRange { month } => format!("month {month} is not between 1 and 12"),
            DuplicateHold { month } => format!("month {month} is held twice"),
            HoldsDoNotFit { held, target } => {
                format!("the held months add up to {held} but the year's target is {target}: hold less, or leave a month free")
            }
            NegativeHistory { month, value } => format!("last year's sales of month {month} are {value}; a month's share cannot be negative"),
            NoPeople => "there is nobody to split the target over".into(),
            Duplicate { code } => format!("'{code}' is listed twice"),
            PeriodReversed { start, end } => format!("the period ends on {end}, before it starts on {start}"),
            NoBands => "the commission schedule has no band".into(),
            FirstBandNotZero { from } => format!("the first band starts at {from}; it must start at 0 (state a 0% band if nothing is paid below it)"),
            BandReversed { from, to } => format!("a band from {from} to {to} ends where it starts or before"),
            BandsNotContiguous { end, next_from } => {
                format!("a band ends at {end} but the next starts at {next_from}: bands must meet with no gap or overlap")
            }
            TopBandBounded { to } => format!("the top band ends at {to}; the top band must be open-ended (a 0% band above a cap says so)"),
            OpenBandBelowTop { from } => format!("the band from {from} is open-ended but is not the top band"),
            RateNotPositive { rate } => format!("a commission rate of {rate} earns nothing on extra sales; it must be above 0"),
            Unreachable { from_level, max_extra, wanted } => format!(
                "no amount of extra sales earns {wanted} a month: commission stops at monthly sales of {from_level} (the top band pays 0%), so at most {max_extra} more can be earned"
            ),
            BadPayment => "a wish needs a monthly payment above 0, or a price and a number of months above 0".into(),
            NoCriteria => "a scorecard needs at least one criterion".into(),
            WeightsNot100 { sum } => format!("the criteria's weights add up to {sum}%; they must add up to 100%"),
            WeightNotPositive { criterion } => format!("criterion '{criterion}' has a weight of 0 or less"),
            ScoreOutOfRange { person, criterion, score } => format!("{person}'s score for '{criterion}' is {score}; scores run from 0 to 100"),
            ScoreMismatch { person, criterion } => {
                format!("{person}'s scores and the scorecard disagree on '{criterion}' (missing, or not a criterion of the card)")
            }
            SelfShareOutOfRange { share } => format!("a self-review share of {share}% is outside 0–100%"),
            QuarterOutOfRange { quarter } => format!("quarter {quarter} is not between 1 and 4"),
            Overflow { what } => format!("{what} is too large to compute exactly"),
            CapUnreachable { component, cap, at_baseline, max_extra, wanted } => format!(
                "no amount of extra sales earns {wanted} a month: component {component} pays at most {cap} a month, the current level already earns {at_baseline}, so at most {max_extra} more can be earned"
            ),
        }
    }

    fn chinese(&self) -> String {
        use GoalError::*;
        match self {
            Negative { what, value } => format!("{what} 为 {value}，不能为负数"),
            NotFen { what, value } => format!("{what} 为 {value}，必须精确到分（两位小数）"),
            StretchOutOfRange { stretch } => {
                format!("挑战系数 {}% 超出常规的 5–10%；如仍要使用，请填写理由", stretch * Decimal::ONE_HUNDRED)
            }
            MonthOutOfRange { month } => format!("月份 {month} 不在 1 到 12 之间"),
            DuplicateHold { month } => format!("{month} 月被锁定了两次"),
            HoldsDoNotFit { held, target } => format!("锁定月份合计 {held}，但年度目标为 {target}：请少锁定一些，或留出一个月不锁定"),
            NegativeHistory { month, value } => format!("去年 {month} 月销售额为 {value}；月度占比不能为负"),
            NoPeople => "没有可分摊目标的人员".into(),
            Duplicate { code } => format!("'{code}' 重复出现"),
            PeriodReversed { start, end } => format!("期间结束日 {end} 早于开始日 {start}"),
            NoBands => "提成阶梯没有任何档位".into(),
            FirstBandNotZero { from } => format!("第一档从 {from} 开始；必须从 0 开始（如以下不提成，请写明 0% 档）"),
            BandReversed { from, to } => format!("档位 {from} 至 {to} 的终点不大于起点"),
            BandsNotContiguous { end, next_from } => {
                format!("一档止于 {end}，下一档却始于 {next_from}：各档必须首尾相接，不能有空档或重叠")
            }
            TopBandBounded { to } => format!("最高档止于 {to}；最高档必须不设上限（封顶请用 0% 档表示）"),
            OpenBandBelowTop { from } => format!("从 {from} 开始的档位不设上限，但它不是最高档"),
            RateNotPositive { rate } => format!("提成比例 {rate} 对新增销售额没有提成；必须大于 0"),
            Unreachable { from_level, max_extra, wanted } => format!(
                "无论新增多少销售额都挣不到每月 {wanted}：月销售额到 {from_level} 以上不再提成（最高档为 0%），最多只能多挣 {max_extra}"
            ),
            BadPayment => "愿望目标需要大于 0 的月供，或大于 0 的价格和期数".into(),
            NoCriteria => "评分表至少需要一个考核项".into(),
            WeightsNot100 { sum } => format!("各考核项权重合计 {sum}%，必须正好为 100%"),
            WeightNotPositive { criterion } => format!("考核项 '{criterion}' 的权重不大于 0"),
            ScoreOutOfRange { person, criterion, score } => format!("{person} 的 '{criterion}' 得分为 {score}；分数范围为 0 到 100"),
            ScoreMismatch { person, criterion } => {
                format!("{person} 的评分与评分表在 '{criterion}' 上不一致（缺少评分，或评分表中没有该项）")
            }
            SelfShareOutOfRange { share } => format!("自评占比 {share}% 超出 0–100%"),
            QuarterOutOfRange { quarter } => format!("季度 {quarter} 不在 1 到 4 之间"),
            Overflow { what } => format!("{what} 数值过大，无法精确计算"),
            CapUnreachable { component, cap, at_baseline, max_extra, wanted } => format!(
                "无论新增多少销售额都挣不到每月 {wanted}：提成项 {component} 每月封顶 {cap}，目前水平已挣 {at_baseline}，最多只能多挣 {max_extra}"
            ),
        }
    }
}

impl fmt::Display for GoalError {
    /// English, for logs; pages use [`GoalError::render`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for GoalError {}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn every() -> Vec<GoalError> {
        use GoalError::*;
        let s = |v: &str| v.to_string();
        vec![
            Negative { what: s("operating_cost"), value: dec!(-1) },
            NotFen { what: s("year target"), value: dec!(1.001) },
            StretchOutOfRange { stretch: dec!(0.12) },
            MonthOutOfRange { month: 13 },
            DuplicateHold { month: 3 },
            HoldsDoNotFit { held: dec!(2), target: dec!(1) },
            NegativeHistory { month: 2, value: dec!(-5) },
            NoPeople,
            Duplicate { code: s("P1") },
            PeriodReversed { start: s("2026-03-31"), end: s("2026-03-01") },
            NoBands,
            FirstBandNotZero { from: dec!(10) },
            BandReversed { from: dec!(10), to: dec!(5) },
            BandsNotContiguous { end: dec!(10), next_from: dec!(12) },
            TopBandBounded { to: dec!(100) },
            OpenBandBelowTop { from: dec!(0) },
            RateNotPositive { rate: dec!(0) },
            Unreachable { from_level: dec!(100), max_extra: dec!(2), wanted: dec!(5) },
            BadPayment,
            NoCriteria,
            WeightsNot100 { sum: dec!(90) },
            WeightNotPositive { criterion: s("attitude") },
            ScoreOutOfRange { person: s("P1"), criterion: s("skill"), score: dec!(120) },
            ScoreMismatch { person: s("P1"), criterion: s("skill") },
            SelfShareOutOfRange { share: dec!(120) },
            QuarterOutOfRange { quarter: 5 },
            Overflow { what: s("target") },
            CapUnreachable {
                component: s("sales_commission"),
                cap: dec!(3000),
                at_baseline: dec!(1600),
                max_extra: dec!(1400),
                wanted: dec!(5000),
            },
        ]
    }

    fn has_chinese(t: &str) -> bool {
        t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_goal_error_renders_in_both_languages_with_a_distinct_code() {
        let all = every();
        let mut codes: Vec<&str> = all.iter().map(GoalError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "every variant has its own code");
        for e in all {
            let (zh, en) = (e.render(Lang::Zh), e.render(Lang::En));
            assert!(has_chinese(&zh), "the Chinese of {e:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "the English of {e:?} has Chinese: {en}");
            assert_eq!(e.to_string(), en);
        }
    }
}
