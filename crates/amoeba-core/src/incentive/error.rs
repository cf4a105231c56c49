//! [`PayError`]: everything the pay engine refuses — a plan that breaks a
//! rule, a run that cannot be made, an exit that cannot be valued — as
//! data with a stable code and a sentence in Chinese and English, so the
//! plan checker, the page, the API and the CLI say the same thing.

use crate::period::Month;
use crate::Lang;
use rust_decimal::Decimal;
use std::fmt;

/// Why a pay plan, run or exit value is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayError {
    /// A required text is blank.
    Blank,
    /// A version in force for part of a month.
    NotWholeMonths {
        /// First day.
        from: String,
        /// Last day, if any.
        to: Option<String>,
    },
    /// Version 0.
    VersionZero,
    /// Two versions of one plan in force on a common day.
    VersionsOverlap {
        /// Plan code.
        code: String,
        /// This version.
        version: u32,
        /// The other.
        other: u32,
    },
    /// A plan without components.
    NoComponents,
    /// More of something than the engine allows.
    TooMany {
        /// What (`components`, `tiers`…).
        what: &'static str,
        /// The limit.
        limit: usize,
        /// How many were given.
        found: usize,
    },
    /// A code listed twice.
    Duplicate {
        /// The code.
        code: String,
    },
    /// A tiered rate without a band.
    NoBands,
    /// The first band does not start at 0.
    FirstBandNotZero {
        /// Where it starts.
        from: Decimal,
    },
    /// A band ends where it starts or before.
    BandReversed {
        /// Start.
        from: Decimal,
        /// End.
        to: Decimal,
    },
    /// The next band starts after this one ends.
    BandGap {
        /// Where this band ends.
        end: Decimal,
        /// Where the next starts.
        next: Decimal,
    },
    /// The next band starts before this one ends.
    BandOverlap {
        /// Where this band ends.
        end: Decimal,
        /// Where the next starts.
        next: Decimal,
    },
    /// The top band has an end.
    TopBandBounded {
        /// Its end.
        to: Decimal,
    },
    /// A band below the top has no end.
    OpenBandBelowTop {
        /// Its start.
        from: Decimal,
    },
    /// A negative rate.
    NegativeRate {
        /// The rate.
        rate: Decimal,
    },
    /// A rate above 100 % on a money measure (write `2%` or 0.02).
    RateAbove100 {
        /// The rate.
        rate: Decimal,
    },
    /// Parts that must sum to 100 % do not.
    SharesNot100 {
        /// Their sum (fraction).
        sum: Decimal,
    },
    /// A fraction outside 0–100 %.
    PctOutOfRange {
        /// The value (fraction).
        value: Decimal,
    },
    /// An amount, threshold or factor beyond what a plan may state.
    TooLarge {
        /// The value.
        value: Decimal,
    },
    /// A negative amount or figure.
    Negative {
        /// The value.
        value: Decimal,
    },
    /// A role the organisation does not have.
    UnknownRole {
        /// The code.
        code: String,
    },
    /// A unit the organisation does not have.
    UnknownUnit {
        /// The code.
        code: String,
    },
    /// A person the organisation does not have.
    UnknownPerson {
        /// The code.
        code: String,
    },
    /// A project group the organisation does not have.
    UnknownProjectGroup {
        /// The code.
        code: String,
    },
    /// The data gives the measure at a grain the method cannot pay on.
    MeasureNotAvailable {
        /// Measure code.
        measure: &'static str,
        /// Method code.
        method: &'static str,
    },
    /// A credited measure without the credit role(s) to read.
    NeedsRoles {
        /// Measure code.
        measure: &'static str,
    },
    /// A team method without a unit (or a project pool without a project group).
    NeedsTeam {
        /// Method code.
        method: &'static str,
    },
    /// `result_share` on a pool whose result is not a credited measure.
    SplitNeedsCredit,
    /// `project_shares` on a pool that is not a project's.
    SplitNeedsProject,
    /// A gate the method cannot use.
    GateNotForMethod {
        /// Method code.
        method: &'static str,
    },
    /// Accelerator or decelerator steps out of order or on the wrong side of 100 %.
    StepsOutOfOrder,
    /// A month number outside 1..=12.
    MonthOutOfRange {
        /// The number.
        month: u32,
    },
    /// The peak month is also listed as off-season.
    PeakInOffSeason {
        /// The month.
        month: u32,
    },
    /// An equity trigger that grants nothing.
    NoGrant,
    /// A floor above the cap.
    FloorAboveCap {
        /// Floor.
        floor: Decimal,
        /// Cap.
        cap: Decimal,
    },
    /// A cliff longer than the vesting.
    CliffAboveVesting {
        /// Cliff months.
        cliff: u32,
        /// Vesting months.
        vesting: u32,
    },
    /// A count of months outside 1..=120.
    MonthsOutOfRange {
        /// The number.
        months: u32,
    },
    /// No plan version in force in the period.
    NoPlanInForce {
        /// The period.
        period: Month,
    },
    /// A plan is invalid (`path` is its TOML key path).
    InPlan {
        /// Plan code.
        plan: String,
        /// Version.
        version: u32,
        /// Key path.
        path: String,
        /// The problem.
        problem: Box<PayError>,
    },
    /// A pool with more members than the engine splits.
    PoolTooLarge {
        /// The team.
        team: String,
        /// Members.
        found: usize,
    },
    /// An exit valued for someone not party to the agreement.
    NotAParty {
        /// Person.
        person: String,
        /// Agreement.
        agreement: String,
    },
    /// An exit dated before the person joined.
    ExitBeforeJoining {
        /// Joined.
        joined: String,
        /// Exit date.
        date: String,
    },
    /// Months of unit profit the trailing sum needs are missing.
    MissingMonths {
        /// The unit.
        unit: String,
        /// The months missing.
        months: Vec<Month>,
    },
    /// A retroactive schedule asked for as marginal bands.
    NotMarginal,
}

impl PayError {
    /// Stable code for programs and the API.
    pub fn code(&self) -> &'static str {
        use PayError::*;
        match self {
            Blank => "pay_blank",
            NotWholeMonths { .. } => "pay_not_whole_months",
            VersionZero => "pay_version_zero",
            VersionsOverlap { .. } => "pay_versions_overlap",
            NoComponents => "pay_no_components",
            TooMany { .. } => "pay_too_many",
            Duplicate { .. } => "pay_duplicate",
            NoBands => "pay_no_bands",
            FirstBandNotZero { .. } => "pay_first_band_not_zero",
            BandReversed { .. } => "pay_band_reversed",
            BandGap { .. } => "pay_band_gap",
            BandOverlap { .. } => "pay_band_overlap",
            TopBandBounded { .. } => "pay_top_band_bounded",
            OpenBandBelowTop { .. } => "pay_open_band_below_top",
            NegativeRate { .. } => "pay_negative_rate",
            RateAbove100 { .. } => "pay_rate_above_100",
            SharesNot100 { .. } => "pay_shares_not_100",
            PctOutOfRange { .. } => "pay_pct_out_of_range",
            TooLarge { .. } => "pay_too_large",
            Negative { .. } => "pay_negative",
            UnknownRole { .. } => "pay_unknown_role",
            UnknownUnit { .. } => "pay_unknown_unit",
            UnknownPerson { .. } => "pay_unknown_person",
            UnknownProjectGroup { .. } => "pay_unknown_project_group",
            MeasureNotAvailable { .. } => "pay_measure_not_available",
            NeedsRoles { .. } => "pay_needs_roles",
            NeedsTeam { .. } => "pay_needs_team",
            SplitNeedsCredit => "pay_split_needs_credit",
            SplitNeedsProject => "pay_split_needs_project",
            GateNotForMethod { .. } => "pay_gate_not_for_method",
            StepsOutOfOrder => "pay_steps_out_of_order",
            MonthOutOfRange { .. } => "pay_month_out_of_range",
            PeakInOffSeason { .. } => "pay_peak_in_off_season",
            NoGrant => "pay_no_grant",
            FloorAboveCap { .. } => "pay_floor_above_cap",
            CliffAboveVesting { .. } => "pay_cliff_above_vesting",
            MonthsOutOfRange { .. } => "pay_months_out_of_range",
            NoPlanInForce { .. } => "pay_no_plan_in_force",
            InPlan { .. } => "pay_in_plan",
            PoolTooLarge { .. } => "pay_pool_too_large",
            NotAParty { .. } => "pay_not_a_party",
            ExitBeforeJoining { .. } => "pay_exit_before_joining",
            MissingMonths { .. } => "pay_missing_months",
            NotMarginal => "pay_not_marginal",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }
}

impl fmt::Display for PayError {
    /// English, for logs; pages use [`PayError::render`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for PayError {}
