//! Third-party operator (代运营) contracts: who runs which stores from when,
//! the monthly targets they promised, what they are paid, and the verdict at
//! the end of the trial. Seed 004: an owner gave one of two Alibaba.com
//! stores to an operator on a 4-month trial, and by the second month the
//! store beat the contract's target; the verdict view is that judgement,
//! computed (docs/oversight.md, "Contracts").

use super::exact::{largest_remainder, percent_of, rational, round_half_away, PERCENT_DP};
use crate::money::MONEY_DP;
use crate::period::Month;
use crate::Lang;
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the operator promised for one month; a target left out is not judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTarget {
    /// The month.
    pub month: Month,
    /// Sales target.
    #[serde(default)]
    pub sales: Option<Decimal>,
    /// Profit target.
    #[serde(default)]
    pub profit: Option<Decimal>,
}

/// What the operator is paid each month: a fixed fee (for the days of the
/// month under contract), a share of sales, and a share of gross profit
/// above a base. Any part may be zero, which gives the two usual deals:
/// "fixed + % of sales" and "% of gross profit above a base".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FeeTerms {
    /// Fixed fee of a whole month.
    #[serde(default)]
    pub fixed_monthly: Decimal,
    /// Share of the month's sales (0.03 = 3 %).
    #[serde(default)]
    pub sales_rate: Decimal,
    /// Share of the month's gross profit above `gross_profit_base`.
    #[serde(default)]
    pub gross_profit_rate: Decimal,
    /// Gross profit of a whole month that earns nothing.
    #[serde(default)]
    pub gross_profit_base: Decimal,
}

/// When a trial is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum PassRule {
    /// Every judged trial month met its targets.
    AllMonths,
    /// At least this many trial months met their targets.
    AtLeast {
        /// Months needed.
        months: u32,
    },
    /// The last trial month met its targets (the operator has ramped up).
    LastMonth,
}

/// What happens after the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewal {
    /// Months of the renewed term (seed 004: the trial store went to a year).
    pub months: u32,
    /// Whether renewal needs a passed trial.
    pub only_if_trial_passed: bool,
}

/// A contract with a third-party operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorContract {
    /// Contract code.
    pub code: String,
    /// The operator's person code (their login sees only `stores`).
    pub operator: String,
    /// Stores they run.
    pub stores: Vec<String>,
    /// First day under contract.
    pub start: NaiveDate,
    /// Term in months from `start`.
    pub months: u32,
    /// Trial months from `start` (e.g. 4).
    pub trial_months: u32,
    /// Monthly targets.
    #[serde(default)]
    pub targets: Vec<MonthTarget>,
    /// Fee terms.
    pub fee: FeeTerms,
    /// When the trial is passed.
    pub pass: PassRule,
    /// Renewal terms, if any.
    #[serde(default)]
    pub renewal: Option<Renewal>,
}

/// What is wrong with a contract, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractProblem {
    /// No store.
    NoStores,
    /// A term of zero months.
    NoTerm,
    /// A trial longer than the term.
    TrialLongerThanTerm {
        /// Trial months.
        trial: u32,
        /// Term months.
        term: u32,
    },
    /// A rate outside 0..=1 or a negative fee or base.
    BadFee {
        /// The field.
        field: &'static str,
    },
    /// A target for a month outside the term, or twice.
    BadTargetMonth {
        /// The month.
        month: Month,
    },
    /// A pass rule asking for more months than the trial has.
    PassRuleTooStrict {
        /// Months asked for.
        months: u32,
    },
}

impl ContractProblem {
    /// A stable snake_case id, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            ContractProblem::NoStores => "contract_no_stores",
            ContractProblem::NoTerm => "contract_no_term",
            ContractProblem::TrialLongerThanTerm { .. } => "contract_trial_longer_than_term",
            ContractProblem::BadFee { .. } => "contract_bad_fee",
            ContractProblem::BadTargetMonth { .. } => "contract_bad_target_month",
            ContractProblem::PassRuleTooStrict { .. } => "contract_pass_rule_too_strict",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (ContractProblem::NoStores, Lang::Zh) => "合同没有指定店铺".into(),
            (ContractProblem::NoStores, Lang::En) => "the contract names no store".into(),
            (ContractProblem::NoTerm, Lang::Zh) => "合同期限为 0 个月".into(),
            (ContractProblem::NoTerm, Lang::En) => "the contract's term is 0 months".into(),
            (ContractProblem::TrialLongerThanTerm { trial, term }, Lang::Zh) => format!("试用期 {trial} 个月，超过了合同期 {term} 个月"),
            (ContractProblem::TrialLongerThanTerm { trial, term }, Lang::En) => {
                format!("a trial of {trial} months is longer than the {term}-month term")
            }
            (ContractProblem::BadFee { field }, Lang::Zh) => format!("费用条款「{field}」无效：比例须在 0 到 1 之间，金额不能为负"),
            (ContractProblem::BadFee { field }, Lang::En) => {
                format!("fee term '{field}' is invalid: rates are between 0 and 1, amounts not negative")
            }
            (ContractProblem::BadTargetMonth { month }, Lang::Zh) => format!("{month} 的目标不在合同期内，或重复出现"),
            (ContractProblem::BadTargetMonth { month }, Lang::En) => format!("the target for {month} is outside the term or given twice"),
            (ContractProblem::PassRuleTooStrict { months }, Lang::Zh) => format!("通过条件要求 {months} 个月达标，超过了试用期"),
            (ContractProblem::PassRuleTooStrict { months }, Lang::En) => {
                format!("the pass rule asks for {months} months met, more than the trial has")
            }
        }
    }
}

/// The day after the last day of `months` months from `start` (the 31st
/// plus one month is the end of the next month, as chrono counts).
fn months_after(start: NaiveDate, months: u32) -> NaiveDate {
    start.checked_add_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MAX)
}

impl OperatorContract {
    /// Every problem of the contract (empty when it is usable).
    pub fn problems(&self) -> Vec<ContractProblem> {
        let mut out = Vec::new();
        if self.stores.is_empty() {
            out.push(ContractProblem::NoStores);
        }
        if self.months == 0 {
            out.push(ContractProblem::NoTerm);
        }
        if self.trial_months > self.months {
            out.push(ContractProblem::TrialLongerThanTerm { trial: self.trial_months, term: self.months });
        }
        let rate_ok = |r: Decimal| (Decimal::ZERO..=Decimal::ONE).contains(&r);
        let f = &self.fee;
        for (field, ok) in [
            ("fixed_monthly", !f.fixed_monthly.is_sign_negative()),
            ("sales_rate", rate_ok(f.sales_rate)),
            ("gross_profit_rate", rate_ok(f.gross_profit_rate)),
            ("gross_profit_base", !f.gross_profit_base.is_sign_negative()),
        ] {
            if !ok {
                out.push(ContractProblem::BadFee { field });
            }
        }
        let term = self.calendar_months();
        let mut seen = Vec::new();
        for t in &self.targets {
            if !term.contains(&t.month) || seen.contains(&t.month) {
                out.push(ContractProblem::BadTargetMonth { month: t.month });
            }
            seen.push(t.month);
        }
        if let PassRule::AtLeast { months } = self.pass {
            if months > self.trial_months {
                out.push(ContractProblem::PassRuleTooStrict { months });
            }
        }
        out
    }

    /// The last day under contract.
    pub fn end(&self) -> NaiveDate {
        months_after(self.start, self.months).pred_opt().unwrap_or(self.start)
    }

    /// The last day of the trial.
    pub fn trial_end(&self) -> NaiveDate {
        months_after(self.start, self.trial_months).pred_opt().unwrap_or(self.start)
    }

    /// The calendar months the term touches (one more than `months` when it
    /// starts after the 1st).
    pub fn calendar_months(&self) -> Vec<Month> {
        let mut out = Vec::new();
        if self.months == 0 {
            return out;
        }
        let (mut m, last) = (Month::of(self.start), Month::of(self.end()));
        while m <= last {
            out.push(m);
            m = m.next();
        }
        out
    }

    /// Days of `month` under contract.
    pub fn days_in(&self, month: Month) -> u32 {
        if self.months == 0 {
            return 0;
        }
        let from = month.first_day().max(self.start);
        let to = month.last_day().min(self.end());
        if to < from {
            0
        } else {
            (to - from).num_days() as u32 + 1
        }
    }

    fn target(&self, month: Month) -> Option<&MonthTarget> {
        self.targets.iter().find(|t| t.month == month)
    }
}

/// A month's actual figures for the contract's stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthActual {
    /// The month.
    pub month: Month,
    /// Sales.
    pub sales: Decimal,
    /// Profit (what a profit target is judged on).
    pub profit: Decimal,
    /// Gross profit (what a gross-profit share is paid on).
    pub gross_profit: Decimal,
}

/// A month's fee, each part rounded by largest remainder so they add up to
/// the total, which is rounded once from the exact sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// Days of the month under contract.
    pub days: u32,
    /// Days in the month.
    pub days_in_month: u32,
    /// fixed_monthly × days ÷ days in month.
    pub fixed: Decimal,
    /// sales × sales_rate.
    pub sales_share: Decimal,
    /// max(0, gross profit − base × days ÷ days in month) × gross_profit_rate.
    pub profit_share: Decimal,
    /// The fee, to the fen.
    pub total: Decimal,
}

/// The fee of `month` given its actuals, or `None` when the month is not
/// under contract (or a figure is beyond a decimal). A month partly under
/// contract pays the fixed fee and has the profit base for its days only;
/// the shares are of the actuals given (the caller passes the contract's
/// days' figures).
pub fn month_fee(c: &OperatorContract, actual: &MonthActual) -> Option<Fee> {
    let days = c.days_in(actual.month);
    if days == 0 {
        return None;
    }
    let days_in_month = actual.month.days();
    let part = BigRational::new(BigInt::from(days), BigInt::from(days_in_month));
    let f = &c.fee;
    let fixed = rational(f.fixed_monthly) * &part;
    let sales_share = rational(actual.sales) * rational(f.sales_rate);
    let above_base = rational(actual.gross_profit) - rational(f.gross_profit_base) * &part;
    let profit_share = if above_base.is_positive() { above_base * rational(f.gross_profit_rate) } else { BigRational::zero() };
    let exact = [fixed, sales_share, profit_share];
    let parts = largest_remainder(&exact, MONEY_DP)?;
    let total = round_half_away(&exact.iter().fold(BigRational::zero(), |a, x| a + x), MONEY_DP)?;
    assert_eq!(parts.iter().copied().sum::<Decimal>(), total, "a fee's parts must add up to the fee");
    Some(Fee { days, days_in_month, fixed: parts[0], sales_share: parts[1], profit_share: parts[2], total })
}

/// Target against actual for one contract month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthResult {
    /// The month.
    pub month: Month,
    /// The target, if any.
    pub target: Option<MonthTarget>,
    /// The actuals, once known.
    pub actual: Option<MonthActual>,
    /// Sales ≥ its target (`None`: no target or no actuals yet).
    pub sales_met: Option<bool>,
    /// Profit ≥ its target.
    pub profit_met: Option<bool>,
    /// Every target given was met (`None`: nothing to judge).
    pub met: Option<bool>,
    /// The fee earned.
    pub fee: Option<Fee>,
    /// Sales change over the contract month before, in percent to [`PERCENT_DP`].
    pub sales_change_pct: Option<Decimal>,
}

/// Target against actual for every month of the contract.
pub fn target_vs_actual(c: &OperatorContract, actuals: &[MonthActual]) -> Vec<MonthResult> {
    let mut out: Vec<MonthResult> = Vec::new();
    for month in c.calendar_months() {
        let actual = actuals.iter().find(|a| a.month == month).copied();
        let target = c.target(month).cloned();
        let judge = |t: Option<Decimal>, a: Option<Decimal>| Some(a? >= t?);
        let sales_met = judge(target.as_ref().and_then(|t| t.sales), actual.map(|a| a.sales));
        let profit_met = judge(target.as_ref().and_then(|t| t.profit), actual.map(|a| a.profit));
        let met = match (sales_met, profit_met) {
            (None, None) => None,
            (s, p) => Some(s.unwrap_or(true) && p.unwrap_or(true)),
        };
        let previous_sales = out.last().and_then(|r| r.actual).map(|a| a.sales);
        let sales_change_pct = match (previous_sales, actual) {
            (Some(p), Some(a)) if p > Decimal::ZERO => {
                percent_of(&(rational(a.sales) - rational(p)), &rational(p)).and_then(|x| round_half_away(&x, PERCENT_DP))
            }
            _ => None,
        };
        let fee = actual.as_ref().and_then(|a| month_fee(c, a));
        out.push(MonthResult { month, target, actual, sales_met, profit_met, met, fee, sales_change_pct });
    }
    out
}

/// How sales moved over the trial months with actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Up every month.
    Rising,
    /// Down every month.
    Falling,
    /// Unchanged.
    Flat,
    /// Up and down.
    Mixed,
    /// Fewer than two months to compare.
    TooShort,
}

impl Trend {
    /// The trend in the reader's language.
    pub fn label(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Trend::Rising => ("逐月上升", "rising every month"),
            Trend::Falling => ("逐月下降", "falling every month"),
            Trend::Flat => ("持平", "flat"),
            Trend::Mixed => ("有升有降", "up and down"),
            Trend::TooShort => ("不足两个月，无法判断", "fewer than two months to compare"),
        };
        lang.pick(zh, en)
    }
}

fn trend(sales: &[Decimal]) -> Trend {
    if sales.len() < 2 {
        return Trend::TooShort;
    }
    let steps: Vec<std::cmp::Ordering> = sales.windows(2).map(|w| w[1].cmp(&w[0])).collect();
    use std::cmp::Ordering::*;
    if steps.iter().all(|s| *s == Greater) {
        Trend::Rising
    } else if steps.iter().all(|s| *s == Less) {
        Trend::Falling
    } else if steps.iter().all(|s| *s == Equal) {
        Trend::Flat
    } else {
        Trend::Mixed
    }
}

/// The judgement at the end of a trial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialVerdict {
    /// The trial's months, target against actual.
    pub months: Vec<MonthResult>,
    /// Trial months that met their targets.
    pub months_met: u32,
    /// Trial months judged (with a target and actuals).
    pub months_judged: u32,
    /// Whether the trial is over and every trial month has actuals.
    pub complete: bool,
    /// Whether the trial is passed under the contract's rule; `None` until complete.
    pub passed: Option<bool>,
    /// Σ fees earned over the trial months.
    pub fees: Decimal,
    /// How sales moved month by month.
    pub trend: Trend,
    /// Whether the contract renews under its renewal terms; `None` without
    /// renewal terms or before the verdict.
    pub renews: Option<bool>,
}

/// The verdict on `c`'s trial as of `today` (provisional, `passed: None`,
/// until the trial is over and its months have actuals).
pub fn trial_verdict(c: &OperatorContract, actuals: &[MonthActual], today: NaiveDate) -> TrialVerdict {
    let trial_end = c.trial_end();
    let months: Vec<MonthResult> = if c.trial_months == 0 {
        Vec::new()
    } else {
        target_vs_actual(c, actuals).into_iter().filter(|r| r.month <= Month::of(trial_end)).collect()
    };
    let months_met = months.iter().filter(|r| r.met == Some(true)).count() as u32;
    let months_judged = months.iter().filter(|r| r.met.is_some()).count() as u32;
    let complete = today > trial_end && !months.is_empty() && months.iter().all(|r| r.actual.is_some());
    let passed = complete.then(|| match c.pass {
        PassRule::AllMonths => months_judged > 0 && months_met == months_judged,
        PassRule::AtLeast { months } => months_met >= months,
        PassRule::LastMonth => months.last().and_then(|r| r.met) == Some(true),
    });
    let fees = months.iter().filter_map(|r| r.fee.map(|f| f.total)).sum();
    let sales: Vec<Decimal> = months.iter().filter_map(|r| r.actual.map(|a| a.sales)).collect();
    let renews = match (c.renewal, passed) {
        (Some(r), Some(p)) => Some(!r.only_if_trial_passed || p),
        _ => None,
    };
    TrialVerdict { months, months_met, months_judged, complete, passed, fees, trend: trend(&sales), renews }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Seed 004's trial: one Alibaba.com store, 4 months from 2020-03-01,
    /// ¥300 000 of sales a month promised, ¥8 000 a month + 2 % of sales.
    fn seed_contract() -> OperatorContract {
        OperatorContract {
            code: "C-2020-01".into(),
            operator: "EXT01".into(),
            stores: vec!["ALI-2".into()],
            start: d("2020-03-01"),
            months: 4,
            trial_months: 4,
            targets: ["2020-03", "2020-04", "2020-05", "2020-06"]
                .iter()
                .map(|s| MonthTarget { month: m(s), sales: Some(dec!(300000)), profit: None })
                .collect(),
            fee: FeeTerms { fixed_monthly: dec!(8000), sales_rate: dec!(0.02), ..Default::default() },
            pass: PassRule::AtLeast { months: 3 },
            renewal: Some(Renewal { months: 12, only_if_trial_passed: true }),
        }
    }

    fn actual(month: &str, sales: Decimal) -> MonthActual {
        MonthActual { month: m(month), sales, profit: Decimal::ZERO, gross_profit: Decimal::ZERO }
    }

    /// docs/oversight.md, "Contracts", worked example: the trial verdict.
    #[test]
    fn worked_example_trial_verdict() {
        let c = seed_contract();
        assert!(c.problems().is_empty());
        let actuals = [
            actual("2020-03", dec!(210000)),
            actual("2020-04", dec!(318500)),
            actual("2020-05", dec!(352000)),
            actual("2020-06", dec!(401234.56)),
        ];
        let early = trial_verdict(&c, &actuals[..2], d("2020-05-10"));
        assert_eq!((early.complete, early.passed, early.renews), (false, None, None));
        let v = trial_verdict(&c, &actuals, d("2020-07-01"));
        let met: Vec<_> = v.months.iter().map(|r| r.met).collect();
        assert_eq!(met, vec![Some(false), Some(true), Some(true), Some(true)]);
        assert_eq!((v.months_met, v.months_judged, v.complete, v.passed), (3, 4, true, Some(true)));
        let fees: Vec<_> = v.months.iter().map(|r| r.fee.unwrap().total).collect();
        assert_eq!(fees, vec![dec!(12200.00), dec!(14370.00), dec!(15040.00), dec!(16024.69)]);
        assert_eq!(v.fees, dec!(57634.69));
        assert_eq!(v.trend, Trend::Rising);
        let changes: Vec<_> = v.months.iter().map(|r| r.sales_change_pct).collect();
        assert_eq!(changes, vec![None, Some(dec!(51.7)), Some(dec!(10.5)), Some(dec!(14.0))]);
        assert_eq!(v.renews, Some(true));
        let strict = OperatorContract { pass: PassRule::AllMonths, ..c };
        assert_eq!(trial_verdict(&strict, &actuals, d("2020-07-01")).passed, Some(false));
    }

    /// docs/oversight.md, "Contracts", worked example: a month partly under
    /// contract and a gross-profit share above a base.
    #[test]
    fn worked_example_partial_month_and_profit_share() {
        let c = OperatorContract {
            start: d("2026-03-10"),
            fee: FeeTerms { fixed_monthly: dec!(3100), sales_rate: dec!(0), gross_profit_rate: dec!(0.15), gross_profit_base: dec!(20000) },
            ..seed_contract()
        };
        assert_eq!(c.end(), d("2026-07-09"));
        assert_eq!(c.calendar_months().len(), 5);
        assert_eq!(c.days_in(m("2026-03")), 22);
        let fee = month_fee(&c, &MonthActual { month: m("2026-03"), sales: dec!(0), profit: dec!(0), gross_profit: dec!(30000) }).unwrap();
        // fixed 3100 × 22/31 = 2200; base 20 000 × 22/31 = 14 193.548…; (30 000 − 14 193.548…) × 15 % = 2370.967…
        assert_eq!((fee.fixed, fee.profit_share, fee.total), (dec!(2200.00), dec!(2370.97), dec!(4570.97)));
        let below = month_fee(&c, &MonthActual { month: m("2026-04"), sales: dec!(0), profit: dec!(0), gross_profit: dec!(5000) }).unwrap();
        assert_eq!(below.total, dec!(3100.00), "below the base earns no share, never a negative one");
        assert_eq!(month_fee(&c, &MonthActual { month: m("2026-08"), ..actual("2026-08", dec!(1)) }), None);
    }

    #[test]
    fn problems_are_listed_and_render_in_both_languages() {
        let mut c = seed_contract();
        c.stores.clear();
        c.trial_months = 5;
        c.fee.sales_rate = dec!(1.5);
        c.targets.push(MonthTarget { month: m("2021-01"), sales: None, profit: None });
        c.pass = PassRule::AtLeast { months: 9 };
        let p = c.problems();
        let codes: Vec<_> = p.iter().map(|x| x.code()).collect();
        assert_eq!(
            codes,
            vec![
                "contract_no_stores",
                "contract_trial_longer_than_term",
                "contract_bad_fee",
                "contract_bad_target_month",
                "contract_pass_rule_too_strict"
            ]
        );
        for x in p.iter().chain([ContractProblem::NoTerm].iter()) {
            assert!(x.render(Lang::Zh).chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
            assert!(x.render(Lang::En).is_ascii());
        }
    }

    #[test]
    fn trends() {
        assert_eq!(trend(&[dec!(1), dec!(2)]), Trend::Rising);
        assert_eq!(trend(&[dec!(2), dec!(1)]), Trend::Falling);
        assert_eq!(trend(&[dec!(2), dec!(2)]), Trend::Flat);
        assert_eq!(trend(&[dec!(1), dec!(2), dec!(1)]), Trend::Mixed);
        assert_eq!(trend(&[dec!(1)]), Trend::TooShort);
        assert_ne!(Trend::Mixed.label(Lang::Zh), Trend::Mixed.label(Lang::En));
    }

    #[test]
    fn a_contract_is_data_a_finance_person_can_read() {
        let text = r#"
            code = "C-2020-01"
            operator = "EXT01"
            stores = ["ALI-2"]
            start = "2020-03-01"
            months = 4
            trial_months = 4
            pass = { rule = "at_least", months = 3 }
            renewal = { months = 12, only_if_trial_passed = true }
            fee = { fixed_monthly = "8000", sales_rate = "0.02" }
            targets = [
                { month = "2020-03", sales = "300000" },
                { month = "2020-04", sales = "300000" },
                { month = "2020-05", sales = "300000" },
                { month = "2020-06", sales = "300000" },
            ]
        "#;
        let c: OperatorContract = toml::from_str(text).unwrap();
        assert_eq!(c, seed_contract());
    }
}
