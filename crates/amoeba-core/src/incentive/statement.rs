//! A person's statement: lines that each name the component, the rule
//! (method, band, rate), the inputs, the arithmetic in Chinese and English
//! and the facts behind it — how many, and the keys a page drills down by —
//! with an amount rounded once to the fen. Lines add up to the statement,
//! statements to the run (asserted).

use super::limits::MAX_FACT_KEYS;
use super::text::Text;
use super::tiers::TierMode;
use crate::goals::Band;
use crate::orders::{CustomerClass, Stage};
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A tier band of an individual result.
    Tier,
    /// A customer class's result at its rate.
    Class,
    /// A stage part of an order's commission.
    Stage,
    /// A person's share of a pool (team, project, profit share, bonus).
    PoolShare,
    /// A partner's dividend.
    Dividend,
    /// An equity grant (no cash; the grant is in `equity`).
    EquityGrant,
    /// An accelerator above target.
    Accelerator,
    /// A decelerator below target.
    Decelerator,
    /// A gate or threshold not met: nothing paid, and why.
    Gate,
    /// The amount above the cap, taken off.
    Cap,
    /// A guardrail missed (or not evaluated).
    Guardrail,
    /// A refund of a sale paid on earlier, clawed back.
    Clawback,
    /// A re-run's difference carried into this period.
    Adjustment,
    /// A negative balance brought forward.
    BroughtForward,
    /// A negative balance carried to the next period.
    CarriedForward,
    /// An advance recovered.
    Recovery,
    /// A recoverable advance paid.
    Advance,
    /// A guarantee's top-up.
    Guarantee,
    /// A prize engagement gave (a lottery draw, a PK contest): earned.
    Award,
}

impl LineKind {
    /// Whether the line is part of what a component earned (what-if and
    /// re-run differences compare these), as against balances and draws.
    pub fn is_earned(&self) -> bool {
        !matches!(
            self,
            LineKind::Adjustment
                | LineKind::BroughtForward
                | LineKind::CarriedForward
                | LineKind::Recovery
                | LineKind::Advance
                | LineKind::Guarantee
        )
    }
}

/// The rule a line applied.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rule {
    /// Method code.
    pub method: String,
    /// Tier mode, for tiered lines.
    pub mode: Option<TierMode>,
    /// The band, for tiered lines.
    pub band: Option<Band>,
    /// The rate (or factor) applied.
    pub rate: Option<Decimal>,
}

/// A key a page drills down by, to the facts behind a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKey {
    /// The person's credit rows of a role, unit and class in a month.
    Credit {
        /// Person.
        person: String,
        /// Credit role.
        role: String,
        /// Unit.
        unit: String,
        /// Customer class.
        class: CustomerClass,
        /// Month.
        month: Month,
    },
    /// An order's stage amounts on a day.
    Stage {
        /// Order id.
        order: String,
        /// Stage.
        stage: Stage,
        /// Day.
        day: NaiveDate,
    },
    /// A unit's P&L line in a month (`profit`, `added_value`…).
    UnitLine {
        /// Unit.
        unit: String,
        /// Line code.
        line: String,
        /// Month.
        month: Month,
    },
    /// A SKU's month.
    Sku {
        /// SKU.
        sku: String,
        /// Month.
        month: Month,
    },
    /// A unit's metric in a month.
    Metric {
        /// Unit.
        unit: String,
        /// Metric code.
        metric: String,
        /// Month.
        month: Month,
    },
    /// A person's hours in a unit in a month.
    Hours {
        /// Person.
        person: String,
        /// Unit.
        unit: String,
        /// Month.
        month: Month,
    },
    /// A person's review in a cycle.
    Review {
        /// Person.
        person: String,
        /// Cycle label (`2026-03`, `2026-Q1`).
        cycle: String,
    },
    /// A sale paid on earlier.
    Sale {
        /// Sale key.
        sale: String,
    },
    /// A paid run.
    Run {
        /// Period.
        period: Month,
        /// Its SHA-256.
        sha256: String,
    },
    /// A prize: the lottery draw of a day, or a PK contest.
    Award {
        /// What gave it.
        source: super::awards::AwardSource,
        /// The draw day or the contest code.
        source_ref: String,
        /// Place or rank.
        slot: i64,
        /// When it was won.
        day: NaiveDate,
    },
}

/// The facts behind a line: how many, and up to [`MAX_FACT_KEYS`] keys.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facts {
    /// How many facts (rows) are behind the line.
    pub count: u64,
    /// Keys to drill down by (the first [`MAX_FACT_KEYS`]).
    pub keys: Vec<FactKey>,
}

impl Facts {
    /// One key with its row count.
    pub fn one(key: FactKey, count: u64) -> Self {
        let mut f = Facts::default();
        f.add(key, count);
        f
    }

    /// Adds a key and its rows (the key is kept while there is room).
    pub fn add(&mut self, key: FactKey, count: u64) {
        self.count += count;
        if self.keys.len() < MAX_FACT_KEYS && !self.keys.contains(&key) {
            self.keys.push(key);
        }
    }

    /// Merges another line's facts.
    pub fn extend(&mut self, other: &Facts) {
        self.count += other.count;
        for k in &other.keys {
            if self.keys.len() < MAX_FACT_KEYS && !self.keys.contains(k) {
                self.keys.push(k.clone());
            }
        }
    }
}

/// A named input of a line (`base`, `share`, `coefficient`, `score`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    /// Input name.
    pub name: String,
    /// Its value.
    pub value: Decimal,
}

/// Shorthand for a list of inputs.
pub fn inputs(pairs: &[(&str, Decimal)]) -> Vec<LineInput> {
    pairs.iter().map(|(n, v)| LineInput { name: (*n).to_string(), value: *v }).collect()
}

/// One line of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    /// Plan code (empty for balance lines).
    pub plan: String,
    /// Plan version.
    pub version: u32,
    /// Component (or draw, or agreement) code.
    pub component: String,
    /// What the line is.
    pub kind: LineKind,
    /// The rule applied.
    pub rule: Rule,
    /// The inputs.
    pub inputs: Vec<LineInput>,
    /// The arithmetic.
    pub text: Text,
    /// The facts behind it.
    pub facts: Facts,
    /// The amount, in the base currency, rounded once to the fen.
    pub amount: Decimal,
    /// Equity granted (a fraction), for equity grants.
    pub equity: Option<Decimal>,
}

/// A person's statement for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Person code.
    pub person: String,
    /// The lines.
    pub lines: Vec<StatementLine>,
    /// Σ of the earned lines (components, clawbacks).
    pub earned: Decimal,
    /// Σ of every line: what is paid (never below 0).
    pub total: Decimal,
    /// Negative balance carried to the next period (≤ 0).
    pub carried_forward: Decimal,
    /// Recoverable advances outstanding after this period.
    pub advance_outstanding: Decimal,
}

/// A pool as filled and split: its result, its amount and its arithmetic,
/// so every share line can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolRecord {
    /// Plan code.
    pub plan: String,
    /// Plan version.
    pub version: u32,
    /// Component (or agreement) code.
    pub component: String,
    /// The team: unit, project group or SKU.
    pub team: String,
    /// The result that filled it, when it is a result.
    pub result: Option<Decimal>,
    /// The pool, rounded once.
    pub amount: Decimal,
    /// Σ of the members' shares (= `amount` when split, 0 when not paid).
    pub paid_out: Decimal,
    /// Members it was split over.
    pub members: usize,
    /// How it was filled (and, when nothing is paid, why).
    pub text: Text,
    /// The facts behind the result.
    pub facts: Facts,
}
