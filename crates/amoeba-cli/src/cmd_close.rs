//! `amoeba close --period YYYY-MM`: lock a month (see `amoeba_app::accounting::close`).

use amoeba_store::Db;
use clap::Args;

/// `amoeba close`.
#[derive(Args, Debug)]
pub struct CloseArgs {
    /// Month to close, YYYY-MM. Earlier months with facts must be closed first.
    #[arg(long)]
    pub period: amoeba_core::Month,
}

/// Closes the month and says what was stored; a refusal lists every problem.
pub async fn run(db: &Db, company: Option<&str>, a: CloseArgs) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let done = amoeba_app::accounting::close(db, &row, a.period).await?;
    let profit = done.pnl.group.get(amoeba_core::accounting::PnlLine::Profit);
    println!(
        "period {} closed: {} internal charge(s), {} allocation(s), {} derived COGS entr(ies) stored as import #{}; group profit {} {}",
        done.month, done.charges, done.allocations, done.cogs, done.import_id, profit, done.pnl.base_currency
    );
    Ok(())
}
