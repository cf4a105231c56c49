//! Command-line definitions (clap). Every verb has `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Amoeba — amoeba management for cross-border e-commerce sellers.
#[derive(Parser, Debug)]
#[command(name = "amoeba", version, about, long_about = None)]
pub struct Cli {
    /// Database: a SQLite file path (created on first use) or a postgres:// URL.
    /// Defaults to $DATABASE_URL, else ./amoeba.db.
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub db: Option<String>,

    /// Company code, when the database holds more than one.
    #[arg(long, global = true, value_name = "CODE")]
    pub company: Option<String>,

    /// Language of refusals: zh or en. Defaults to $LC_ALL / $LANG (zh… is Chinese, anything else English).
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The verbs.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create an empty company.
    Init(InitArgs),
    /// The organisation: units, people, roles, stores, SKUs.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Import a data file (all-or-nothing, idempotent).
    Import(ImportArgs),
    /// Load the demo company (if absent) and serve it.
    Demo(DemoArgs),
    /// Serve the web UI and API for an existing database.
    Serve(ServeArgs),
    /// Logins of the web app: add, reset a password, list.
    #[command(subcommand)]
    User(crate::cmd_user::UserCommand),
    /// Compute and lock a month: derived entries stored, P&L snapshot kept, imports into it refused.
    Close(crate::cmd_close::CloseArgs),
    /// Reports: unit P&L and cross-border metrics.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Third-party operators (代运营): contracts, weekly and monthly reports, notes.
    #[command(subcommand)]
    Operator(crate::cmd_operator::OperatorCommand),
    /// Risk alerts: import the rules, evaluate a day, list and acknowledge episodes.
    #[command(subcommand)]
    Alerts(crate::cmd_alerts::AlertsCommand),
    /// Pay plans (提成方案, docs/pay-plans.md): check a file, import it as a version, list the versions.
    #[command(subcommand, name = "pay-plan")]
    PayPlan(crate::cmd_pay::PlanCommand),
    /// A month's payout run from its closed data: stored as a draft, then --approve, then --lock.
    Payout(crate::cmd_pay::PayoutArgs),
    /// Pay statements, what-if runs of a draft plan, disputes.
    #[command(subcommand)]
    Pay(crate::cmd_pay::PayCommand),
    /// Partner agreements: a partner's exit value.
    #[command(subcommand)]
    Partner(crate::cmd_pay::PartnerCommand),
    /// Targets: derive a unit's annual target (months, people), show attainment and pace.
    #[command(subcommand)]
    Target(crate::cmd_target::TargetCommand),
    /// Wish goals: what a person wants to buy as the extra monthly sales that pay for it.
    #[command(subcommand)]
    Goal(crate::cmd_goal::GoalCommand),
    /// Review cycles: a unit's weighted scorecard and scores, set from a file.
    #[command(subcommand)]
    Review(crate::cmd_review::ReviewCommand),
    /// The daily order lottery: rules, announce, freeze, draw, verify, record, history.
    #[command(subcommand)]
    Lottery(crate::cmd_lottery::LotteryCommand),
    /// PK contests: create, list, standings, result.
    #[command(subcommand)]
    Pk(crate::cmd_pk::PkCommand),
    /// A leaderboard of units or people on one metric, with average, peak and near me.
    Leaderboard(crate::cmd_pk::BoardArgs),
    /// What the lottery and PK contests gave (prizes, stakes) over some days, for a payout.
    Awards(crate::cmd_pk::AwardsArgs),
    /// Playbooks: each unit's versioned templates (complaint replies, video scripts, livestream run-sheets); add, list, search, show, render.
    #[command(subcommand)]
    Playbook(crate::cmd_playbook::PlaybookCommand),
}

/// `amoeba report …`.
#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Unit P&L for a month (or one day of it): every unit rolled up its subtree, and the group.
    Pnl {
        /// Month, YYYY-MM.
        #[arg(long)]
        period: amoeba_core::Month,
        /// Only this unit (its own figures and its subtree's).
        #[arg(long)]
        unit: Option<String>,
        /// Only this day of the month.
        #[arg(long)]
        day: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write the report to this file instead of standard output (needed
        /// for xlsx unless standard output is redirected).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Cross-border metrics per unit (ACoS, TACoS, ROAS, refund rate, turnover
    /// days, repurchase rate, hourly efficiency, LTV…) with peer average, peak and rank.
    Metrics {
        /// Month, YYYY-MM.
        #[arg(long)]
        period: amoeba_core::Month,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write the report to this file instead of standard output (needed
        /// for xlsx unless standard output is redirected).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Who earned each sale: every person's credited sales, refunds, COGS,
    /// gross profit, units, orders and cash collected per unit and role, each
    /// role's uncredited bucket, and the rules behind each person's credit.
    Credit {
        /// Month, YYYY-MM.
        #[arg(long)]
        period: amoeba_core::Month,
        /// Only this person's lines.
        #[arg(long)]
        person: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write the report to this file instead of standard output (needed
        /// for xlsx unless standard output is redirected).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Output formats for reports.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned text for people.
    Table,
    /// JSON for programs.
    Json,
    /// CSV for spreadsheets.
    Csv,
    /// Excel workbook (binary: with --output, or standard output redirected).
    Xlsx,
}

/// `amoeba init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Company code (short, no spaces), e.g. NBTQ.
    #[arg(long)]
    pub code: String,
    /// Company name.
    #[arg(long)]
    pub name: String,
    /// Base currency every P&L is stated in.
    #[arg(long, default_value = "CNY")]
    pub currency: String,
    /// Head-office time zone (IANA name).
    #[arg(long, default_value = "Asia/Shanghai")]
    pub timezone: String,
}

/// `amoeba org …`.
#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Apply an organisation file (TOML, docs/org-file.md): adds or updates what it names.
    Import {
        /// The organisation file.
        file: PathBuf,
    },
    /// Write the whole organisation as an organisation file.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Show the unit tree with kind, leader and head-count.
    Show {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Day to show (default today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
}

/// Output formats for listings.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// JSON for programs.
    Json,
}

/// `amoeba import KIND FILE… [--store CODE]`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// facts | amazon-settlement | amazon-ads | fx | fx-correction | hours | plans | inventory | orders | shopify-orders | tiktok-statement | tiktok-orders | traffic | amazon-business-report | scores (review scores: --cycle and --unit, as `amoeba review set`)
    pub kind: String,
    /// The files to import, or folders of them (a sub-folder named after a
    /// store holds that store's files): each file is its own all-or-nothing
    /// import; one summary at the end.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Store the files belong to. Settlements and marketplace exports that
    /// name their marketplace and currency find their store without it when
    /// exactly one store fits; amazon-ads and amazon-business-report always need it.
    #[arg(long)]
    pub store: Option<String>,
    /// First day an amazon-business-report covers (the days it was downloaded for).
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Last day an amazon-business-report covers.
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// When a traffic file's days begin: `alibaba` (traffic on US Pacific
    /// time, orders and inquiries on China time) or a time zone; default the
    /// store's zone, or the company's.
    #[arg(long, value_name = "alibaba|ZONE")]
    pub cut: Option<amoeba_app::traffic_import::CutChoice>,
    /// scores: the review cycle, a month (2026-11) or a quarter (2026-Q4).
    #[arg(long)]
    pub cycle: Option<String>,
    /// scores: the unit reviewed.
    #[arg(long)]
    pub unit: Option<String>,
    /// scores: count self-reviews with this share in percent (default: shown beside, not counted).
    #[arg(long)]
    pub self_share: Option<rust_decimal::Decimal>,
    /// scores: multipliers out of 100 instead of relative to the team's average.
    #[arg(long)]
    pub out_of_100: bool,
}

/// `amoeba demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Seed of the generator: the same seed and end date give the same company.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Last day with data (default yesterday).
    #[arg(long)]
    pub end: Option<chrono::NaiveDate>,
    /// Months of history before the month to date (1–36; the default 13
    /// gives every month's report a complete 12-month LTV cohort).
    #[arg(long, default_value_t = amoeba_demo::DEFAULT_MONTHS)]
    pub months: u32,
    /// Order volume in percent of the standard demo (1–1000).
    #[arg(long, default_value_t = 100)]
    pub volume: u32,
    /// Load and exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
    /// Leave every month open: no month-end (by default the complete months
    /// are closed and their pay run, as finance would).
    #[arg(long)]
    pub no_month_end: bool,
    /// Also write the generated files to this folder (to look at or re-import).
    #[arg(long, value_name = "DIR")]
    pub write_files: Option<PathBuf>,
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

/// `amoeba serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}
