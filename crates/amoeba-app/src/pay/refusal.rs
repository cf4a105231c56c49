//! Why a pay request is refused — as data with a stable code and a
//! sentence in Chinese and English, like every refusal (`amoeba_core::
//! Refusal`), so the page, the API and the CLI say the same thing.

use amoeba_core::incentive::PayError;
use amoeba_core::Lang;
use std::fmt;

/// A pay request refused; nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayRefusal {
    /// No pay plan has been imported.
    NoPlan,
    /// Pay runs read closed months only.
    NotClosed {
        /// The month.
        month: String,
    },
    /// An earlier month's run is not locked yet: its carry is this month's history.
    EarlierNotLocked {
        /// The month asked for.
        month: String,
        /// The earlier month.
        earlier: String,
        /// Its run's status.
        status: String,
    },
    /// A later month's run is approved or locked already.
    LaterRunFinal {
        /// The month asked for.
        month: String,
        /// The later month.
        later: String,
    },
    /// The month's run is approved or locked: it is never computed again in place.
    RunFinal {
        /// The month.
        month: String,
        /// `approved` or `locked`.
        status: String,
    },
    /// The month has no run (in the status needed).
    NoRun {
        /// The month.
        month: String,
        /// The status looked for (`draft`, `approved`, `locked`, or any).
        status: Option<String>,
    },
    /// A re-run needs a locked run.
    NotLocked {
        /// The month.
        month: String,
    },
    /// A plan version a run that is not a draft paid by is never replaced.
    PlanPaid {
        /// Plan code.
        code: String,
        /// Version.
        version: u32,
        /// The run's month.
        month: String,
        /// Its status.
        status: String,
    },
    /// The engine refused (no version in force, a plan breaking a rule, an exit that cannot be valued…).
    Engine(PayError),
    /// A person that is not in the organisation.
    UnknownPerson {
        /// The code given.
        code: String,
    },
    /// A dispute of a line that is not on the statement.
    NoSuchLine {
        /// The line number given (1-based).
        line: usize,
        /// Lines on the statement.
        lines: usize,
    },
    /// A dispute needs words.
    EmptyNote,
    /// The dispute does not exist or is answered already.
    DisputeClosed {
        /// Its id.
        id: i64,
    },
    /// A dispute is raised on an approved or locked run (a draft is still being checked).
    DraftNotDisputable {
        /// The month.
        month: String,
    },
}

impl From<PayError> for PayRefusal {
    fn from(e: PayError) -> Self {
        PayRefusal::Engine(e)
    }
}

impl PayRefusal {
    /// Stable code for programs.
    pub fn code(&self) -> &'static str {
        use PayRefusal::*;
        match self {
            NoPlan => "pay_no_plan",
            NotClosed { .. } => "pay_month_not_closed",
            EarlierNotLocked { .. } => "pay_earlier_run_not_locked",
            LaterRunFinal { .. } => "pay_later_run_final",
            RunFinal { .. } => "pay_run_final",
            NoRun { .. } => "pay_no_run",
            NotLocked { .. } => "pay_run_not_locked",
            PlanPaid { .. } => "pay_plan_version_paid",
            Engine(e) => e.code(),
            UnknownPerson { .. } => "pay_unknown_person",
            NoSuchLine { .. } => "pay_no_such_line",
            EmptyNote => "pay_empty_note",
            DisputeClosed { .. } => "pay_dispute_closed",
            DraftNotDisputable { .. } => "pay_draft_not_disputable",
        }
    }

    /// Whether the refusal is about the state of a run or month (HTTP 409) rather than the request.
    pub fn is_conflict(&self) -> bool {
        use PayRefusal::*;
        matches!(
            self,
            NotClosed { .. }
                | EarlierNotLocked { .. }
                | LaterRunFinal { .. }
                | RunFinal { .. }
                | NotLocked { .. }
                | PlanPaid { .. }
                | DisputeClosed { .. }
                | DraftNotDisputable { .. }
        )
    }

    /// The refusal in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use PayRefusal::*;
        let zh = lang == Lang::Zh;
        let status_zh = |s: &str| match s {
            "draft" => "草稿",
            "approved" => "已审批",
            "locked" => "已锁定",
            "rerun" => "重算",
            _ => "（无）",
        };
        match self {
            NoPlan if zh => "尚未导入提成方案：先运行 amoeba pay-plan import 文件。".into(),
            NoPlan => "no pay plan has been imported: run amoeba pay-plan import FILE first".into(),
            NotClosed { month } if zh => format!("{month} 尚未结账：提成只按已结账月份计算（先结账）。"),
            NotClosed { month } => format!("{month} is not closed: pay runs read closed months only (close it first)"),
            EarlierNotLocked { month, earlier, status } if zh => {
                format!("{earlier} 的提成核算{}，尚未锁定：其结转是 {month} 的期初，先审批并锁定 {earlier}。", status_zh(status))
            }
            EarlierNotLocked { month, earlier, status } => format!(
                "{earlier}'s pay run is {status}, not locked: what it carries is {month}'s history, so approve and lock {earlier} first"
            ),
            LaterRunFinal { month, later } if zh => format!("{later} 的提成核算已审批或锁定：不能再计算更早的 {month}。"),
            LaterRunFinal { month, later } => format!("{later}'s pay run is approved or locked: {month}, before it, cannot be run now"),
            RunFinal { month, status } if zh => {
                format!("{month} 的提成核算{}，不再原地重算；重算的差额计入下一个未锁定的月份（--rerun）。", status_zh(status))
            }
            RunFinal { month, status } => format!(
                "{month}'s pay run is {status}: it is never computed again in place; a re-run's difference is carried into the next month (--rerun)"
            ),
            NoRun { month, status: Some(s) } if zh => format!("{month} 没有{}的提成核算。", status_zh(s)),
            NoRun { month, status: Some(s) } => format!("{month} has no {s} pay run"),
            NoRun { month, status: None } if zh => format!("{month} 还没有提成核算：先运行 amoeba payout --month {month}。"),
            NoRun { month, status: None } => format!("{month} has no pay run yet: run amoeba payout --month {month} first"),
            NotLocked { month } if zh => format!("{month} 的提成核算尚未锁定：锁定前直接重新计算即可，无需重算记录。"),
            NotLocked { month } => format!("{month}'s pay run is not locked: until it is, compute it again instead of a re-run"),
            PlanPaid { code, version, month, status } if zh => format!(
                "方案 {code} 第 {version} 版已用于 {month} 的提成核算（{}），不能替换：请以新版本号导入。",
                status_zh(status)
            ),
            PlanPaid { code, version, month, status } => format!(
                "plan {code} version {version} paid {month}'s run ({status}): it is never replaced; import the change as a new version"
            ),
            Engine(e) => e.render(lang),
            UnknownPerson { code } if zh => format!("组织中没有人员 {code}。"),
            UnknownPerson { code } => format!("no person '{code}' in the organisation"),
            NoSuchLine { line, lines } if zh => format!("工资单没有第 {line} 行（共 {lines} 行）。"),
            NoSuchLine { line, lines } => format!("the statement has no line {line} (it has {lines})"),
            EmptyNote if zh => "请写明异议的理由。".into(),
            EmptyNote => "a dispute needs a note saying what is wrong".into(),
            DisputeClosed { id } if zh => format!("异议 #{id} 不存在或已答复。"),
            DisputeClosed { id } => format!("dispute #{id} does not exist or is answered already"),
            DraftNotDisputable { month } if zh => format!("{month} 的提成核算仍是草稿：审批后才可提出异议。"),
            DraftNotDisputable { month } => format!("{month}'s pay run is still a draft: lines are disputed once it is approved"),
        }
    }
}

impl fmt::Display for PayRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for PayRefusal {}
