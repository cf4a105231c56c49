//! A pay plan (提成方案) as data: code, name, version, the months it is in
//! force, and its components — each a method on a measure, for some people,
//! with gates, a cap and guardrails — plus draws and partner agreements.
//! Not the unit *plans* of monthly targets (`ledger::PlanRecord`).

use super::method::Method;
use super::partner::PartnerAgreement;
use crate::accounting::PnlLine;
use crate::dates::EffectiveRange;
use crate::period::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One version of a pay plan. Versions of one code never overlap, and a
/// version is in force for whole months (checked), so one version pays a
/// month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayPlan {
    /// Plan code (stable across versions).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Version number (1, 2, …).
    pub version: u32,
    /// First and last day in force (the 1st of a month, a month's last day).
    pub effective: EffectiveRange,
    /// The components, in the order statements list them.
    pub components: Vec<Component>,
    /// Draws and guarantees.
    pub draws: Vec<Draw>,
    /// Partner agreements (分权、分钱、退出).
    pub partners: Vec<PartnerAgreement>,
}

impl PayPlan {
    /// Whether the version pays `month` (in force on its first day; whole
    /// months are checked by the plan's validation).
    pub fn in_force(&self, month: Month) -> bool {
        self.effective.contains(month.first_day())
    }
}

/// Who a component pays. A component with `units` names its teams (a pool
/// per unit); `people`, when given, are the members instead of the
/// people assigned; `roles` narrows the people assigned (and names the
/// credit roles a credited measure reads); `project_group` makes the
/// project's members the one team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Who {
    /// Roles (assignment roles; for credited measures the credit roles).
    pub roles: Vec<String>,
    /// Units (teams).
    pub units: Vec<String>,
    /// Whether a unit includes the units below it.
    pub subtree: bool,
    /// A project group.
    pub project_group: Option<String>,
    /// Named people.
    pub people: Vec<String>,
}

impl Default for Who {
    /// Nobody named, every unit, subtrees included — as a file without `who` reads.
    fn default() -> Self {
        Self { roles: Vec::new(), units: Vec::new(), subtree: true, project_group: None, people: Vec::new() }
    }
}

/// A condition a component's amount waits for; a gate not met pays
/// nothing and its line says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// The team unit's P&L line reaches `min_pct` of its monthly plan
    /// (`PlanRecord`), attainment by `reporting::attainment_pct`.
    UnitPlan {
        /// The P&L line planned.
        line: PnlLine,
        /// Attainment needed, in percent.
        min_pct: Decimal,
    },
    /// The person reaches `min_pct` of their own target for the measure.
    PersonTarget {
        /// Attainment needed, in percent.
        min_pct: Decimal,
    },
}

/// What a missed guardrail does to the component's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Reduced by a fraction (0.5 = half).
    Reduce(Decimal),
    /// Voided.
    Void,
}

/// Accountability (分权): people of `roles` answer for a unit metric —
/// operations for inventory turnover days, marketing for ACoS. Missed when
/// the metric is above `max` or below `min` in the unit the amount comes
/// from; a metric without a value is not evaluated and the line says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardrail {
    /// Metric code (`turnover_days`, `acos`, `tacos`, `refund_rate`, `days_of_cover`…).
    pub metric: String,
    /// Missed above this.
    pub max: Option<Decimal>,
    /// Missed below this.
    pub min: Option<Decimal>,
    /// Roles that answer for it (every member when empty).
    pub roles: Vec<String>,
    /// What it does.
    pub effect: Effect,
}

/// A part of a pay plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Code, unique in the plan.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Who it pays.
    pub who: Who,
    /// How it pays.
    pub method: Method,
    /// A result below this pays nothing (individual: the person's; pools:
    /// the team's).
    pub threshold: Option<Decimal>,
    /// Conditions.
    pub gates: Vec<Gate>,
    /// Most paid per person (individual, stage) or per pool, per period.
    pub cap: Option<Decimal>,
    /// Accountability rules.
    pub guardrails: Vec<Guardrail>,
}

/// Whether an advance is recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawKind {
    /// An advance against future commission: what is topped up is owed,
    /// and recovered from later positive balances.
    Recoverable,
    /// A guaranteed minimum: topped up, never recovered.
    Guarantee,
}

impl DrawKind {
    /// Code used in pay plan files.
    pub fn as_str(&self) -> &'static str {
        match self {
            DrawKind::Recoverable => "recoverable",
            DrawKind::Guarantee => "guarantee",
        }
    }
}

/// A draw: the people it covers are paid at least `amount` a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    /// Code, unique in the plan.
    pub code: String,
    /// Who it covers (people assigned in the period, or named).
    pub who: Who,
    /// Recoverable or guarantee.
    pub kind: DrawKind,
    /// The floor per period.
    pub amount: Decimal,
}
