//! What a component pays on (its [`Measure`]) and how ([`Method`]): the
//! eight allocation methods of the source (seed 003) and the special bonuses
//! of seed 001, as plain data a pay plan file spells out.

pub use super::basis::{Booking, Grain, Measure};
use super::tiers::Tiers;
use crate::orders::CustomerClass;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rate per customer class (新客 / 老客 / 大客户 / unknown); a class
/// without a rate pays nothing.
pub type ClassRates = BTreeMap<CustomerClass, Decimal>;

/// How an individual result pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pay {
    /// Tiered (a flat rate is one band).
    Tiers(Tiers),
    /// A rate per customer class, each class's result at its own rate.
    ByClass(ClassRates),
}

/// A multiplier reached at an attainment of the person's target: the
/// highest accelerator at or above `pct`, or the lowest decelerator below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Attainment in percent (100 = the target).
    pub pct: Decimal,
    /// Factor on the component's amount (1.5 pays 150 %).
    pub multiplier: Decimal,
}

/// (1) and (4): the person's own result × rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Individual {
    /// The result.
    pub measure: Measure,
    /// Tiers, or rates per customer class.
    pub pay: Pay,
    /// Multipliers from attainment ≥ their `pct` (above 100 %).
    pub accelerators: Vec<Step>,
    /// Multipliers for attainment below their `pct`.
    pub decelerators: Vec<Step>,
}

/// A stage rate: one for every order, or per customer class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    /// One rate.
    Flat(Decimal),
    /// A rate per customer class.
    ByClass(ClassRates),
}

impl Rate {
    /// The rate of an order of `class`, if it is paid.
    pub fn of(&self, class: CustomerClass) -> Option<Decimal> {
        match self {
            Rate::Flat(r) => Some(*r),
            Rate::ByClass(m) => m.get(&class).copied(),
        }
    }
}

/// (5): the order's value × rate, in parts paid as each stage happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagePay {
    /// The commission rate on the order value.
    pub rate: Rate,
    /// Each booking's part of the commission; the parts sum to 100 %.
    pub stages: BTreeMap<Booking, Decimal>,
}

/// How a pool is split over its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// By each member's share of the team's (credited) result.
    ResultShare,
    /// By role coefficient × days assigned in the period.
    Coefficient,
    /// By role coefficient × hours worked in the team.
    CoefficientHours,
    /// In equal parts.
    Equal,
    /// By the project group's members' agreed shares.
    ProjectShares,
}

impl Split {
    /// Code used in pay plan files.
    pub fn as_str(&self) -> &'static str {
        match self {
            Split::ResultShare => "result_share",
            Split::Coefficient => "coefficient",
            Split::CoefficientHours => "coefficient_hours",
            Split::Equal => "equal",
            Split::ProjectShares => "project_shares",
        }
    }

    /// Every split, for messages.
    pub const ALL: [Split; 5] = [Split::ResultShare, Split::Coefficient, Split::CoefficientHours, Split::Equal, Split::ProjectShares];
}

/// Who shares a pool and by what weights; `scorecard` (method 7) scales
/// each weight by the person's review multiplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharing {
    /// The weights.
    pub split: Split,
    /// Whether review multipliers scale the weights.
    pub scorecard: bool,
}

/// What fills a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolSource {
    /// The team's result × (tiered) rate.
    Result {
        /// The result: a credited measure summed over the members, or the unit's.
        measure: Measure,
        /// The rate.
        tiers: Tiers,
    },
    /// A fixed amount per period.
    Fixed(Decimal),
}

/// (2), (3), (7), (8): a pool per team (unit) or project, split over its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    /// What fills it.
    pub source: PoolSource,
    /// How it is split.
    pub sharing: Sharing,
}

/// When a profit share or dividend is paid, on the months since the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// Every month, on the month.
    Monthly,
    /// In March, June, September and December, on the quarter.
    Quarterly,
    /// In December, on the year.
    Annually,
}

impl Schedule {
    /// Code used in pay plan files.
    pub fn as_str(&self) -> &'static str {
        match self {
            Schedule::Monthly => "monthly",
            Schedule::Quarterly => "quarterly",
            Schedule::Annually => "annually",
        }
    }

    /// How many months one payment covers.
    pub fn months(&self) -> u32 {
        match self {
            Schedule::Monthly => 1,
            Schedule::Quarterly => 3,
            Schedule::Annually => 12,
        }
    }
}

/// (6): a share of the unit's profit (or added value) for its team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfitShare {
    /// `unit_profit` or `unit_added_value`.
    pub measure: Measure,
    /// The share paid.
    pub rate: Decimal,
    /// Whether a loss is carried forward against later shares.
    pub carry_losses: bool,
    /// When it is paid.
    pub schedule: Schedule,
    /// How it is split.
    pub sharing: Sharing,
}

/// New-product hit (新品打爆奖): a share of a new SKU's profit in the month
/// its sales first reach `min_sales` within `within_days` of its launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProductHit {
    /// Share of the SKU's profit (15 % in the source).
    pub rate: Decimal,
    /// Monthly sales that make a hit.
    pub min_sales: Decimal,
    /// Days from launch within which the hit must happen.
    pub within_days: u32,
    /// How it is split over the owning team.
    pub sharing: Sharing,
}

/// Off-season breakthrough (淡季突围奖): a share of the off-season months'
/// profit, paid in the peak month, when stock was built early and turnover
/// met its target in each of the three months before the peak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffSeason {
    /// Share of the off-season profit (20 % in the source).
    pub rate: Decimal,
    /// The peak month (12 for the Christmas peak).
    pub peak_month: u32,
    /// The off-season months (month numbers, the latest before the peak each).
    pub off_season_months: Vec<u32>,
    /// Turnover days each of the three months before the peak must stay at or under.
    pub turnover_max_days: Decimal,
    /// Days of cover the first of those months must end with (stock built early).
    pub cover_min_days: Decimal,
    /// How it is split.
    pub sharing: Sharing,
}

/// Equity / dividend trigger (股权挂钩): once the unit's valuation (multiple ×
/// trailing profit) reaches the threshold, a one-time grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EquityTrigger {
    /// Valuation multiple of trailing profit.
    pub multiple: Decimal,
    /// Months of trailing profit (12).
    pub trailing_months: u32,
    /// Valuation that triggers the grant (¥50 M in the source).
    pub threshold: Decimal,
    /// Cash granted, split over the members.
    pub grant_cash: Option<Decimal>,
    /// Equity granted to each member, as a fraction (0.01 = 1 %).
    pub grant_equity: Option<Decimal>,
    /// How the cash is split.
    pub sharing: Sharing,
}

/// A component's method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// (1)(4) individual result × rate.
    Individual(Individual),
    /// (5) by stage.
    Stage(StagePay),
    /// (2)(3)(7) team pool.
    TeamPool(Pool),
    /// (8) project pool.
    ProjectPool(Pool),
    /// (6) profit share.
    ProfitShare(ProfitShare),
    /// New-product hit bonus.
    NewProductHit(NewProductHit),
    /// Off-season breakthrough bonus.
    OffSeason(OffSeason),
    /// Equity / dividend trigger.
    EquityTrigger(EquityTrigger),
}

impl Method {
    /// Code used in pay plan files.
    pub fn code(&self) -> &'static str {
        match self {
            Method::Individual(_) => "individual",
            Method::Stage(_) => "stage",
            Method::TeamPool(_) => "team_pool",
            Method::ProjectPool(_) => "project_pool",
            Method::ProfitShare(_) => "profit_share",
            Method::NewProductHit(_) => "new_product_hit",
            Method::OffSeason(_) => "off_season",
            Method::EquityTrigger(_) => "equity_trigger",
        }
    }

    /// Every method code, for messages.
    pub const CODES: [&'static str; 8] =
        ["individual", "stage", "team_pool", "project_pool", "profit_share", "new_product_hit", "off_season", "equity_trigger"];

    /// Name on a statement.
    pub fn label(&self) -> (&'static str, &'static str) {
        match self {
            Method::Individual(_) => ("个人业绩提成", "individual result"),
            Method::Stage(_) => ("阶段提成", "stage-based"),
            Method::TeamPool(_) => ("团队奖金池", "team pool"),
            Method::ProjectPool(_) => ("项目奖金池", "project pool"),
            Method::ProfitShare(_) => ("利润分成", "profit share"),
            Method::NewProductHit(_) => ("新品打爆奖", "new-product hit"),
            Method::OffSeason(_) => ("淡季突围奖", "off-season breakthrough"),
            Method::EquityTrigger(_) => ("股权激励触发", "equity trigger"),
        }
    }

    /// The sharing of a pooled method (`None` for individual and stage pay).
    pub fn sharing(&self) -> Option<Sharing> {
        match self {
            Method::TeamPool(p) | Method::ProjectPool(p) => Some(p.sharing),
            Method::ProfitShare(p) => Some(p.sharing),
            Method::NewProductHit(p) => Some(p.sharing),
            Method::OffSeason(p) => Some(p.sharing),
            Method::EquityTrigger(p) => Some(p.sharing),
            Method::Individual(_) | Method::Stage(_) => None,
        }
    }
}
