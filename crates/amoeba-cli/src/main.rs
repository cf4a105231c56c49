//! `amoeba`: the command-line entry point. Parses arguments, opens the
//! database and hands over to the application services.

mod cli;
mod cmd_alerts;
mod cmd_close;
mod cmd_credit;
mod cmd_demo;
mod cmd_goal;
mod cmd_import;
mod cmd_lottery;
mod cmd_metrics;
mod cmd_operator;
mod cmd_org;
mod cmd_pay;
mod cmd_pk;
mod cmd_playbook;
mod cmd_report;
mod cmd_review;
mod cmd_target;
mod cmd_user;
mod grid;
mod progress;
mod report_out;

use amoeba_store::{url_for, Db};
use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

/// Picks the database: `--db`, else `$DATABASE_URL`, else `./amoeba.db`.
fn database_url(flag: Option<&str>) -> String {
    match flag {
        Some(db) => url_for(db),
        None => match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => url_for(url.trim()),
            _ => url_for("amoeba.db"),
        },
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Verifying a published record needs no database: anyone can run it.
    if let Command::Lottery(cmd_lottery::LotteryCommand::Verify { record: Some(path), list_hash, .. }) = &cli.command {
        return cmd_lottery::verify_file(path, list_hash.as_deref());
    }
    let lang = cli_lang(cli.lang.as_deref());
    let db = Db::connect(&database_url(cli.db.as_deref())).await?;
    let company = cli.company.as_deref();
    let result = match cli.command {
        Command::Init(a) => cmd_org::init(&db, a).await,
        Command::Org(c) => cmd_org::run(&db, company, c).await,
        Command::Import(a) => cmd_import::run(&db, company, a, lang).await,
        Command::Demo(a) => cmd_demo::run(&db, company, a).await,
        Command::Serve(a) => cmd_demo::serve(&db, company, a.addr).await,
        Command::Close(a) => cmd_close::run(&db, company, a).await,
        Command::User(c) => cmd_user::run(&db, company, c).await,
        Command::Report(r) => cmd_report::run(&db, company, r).await,
        Command::Operator(c) => cmd_operator::run(&db, company, c).await,
        Command::Alerts(c) => cmd_alerts::run(&db, company, c, lang).await,
        Command::PayPlan(c) => cmd_pay::plan(&db, company, c, lang).await,
        Command::Payout(a) => cmd_pay::payout(&db, company, a).await,
        Command::Pay(c) => cmd_pay::pay(&db, company, c, lang).await,
        Command::Partner(c) => cmd_pay::partner(&db, company, c, lang).await,
        Command::Target(c) => cmd_target::run(&db, company, c).await,
        Command::Goal(c) => cmd_goal::run(&db, company, c).await,
        Command::Review(c) => cmd_review::run(&db, company, c, lang).await,
        Command::Lottery(c) => cmd_lottery::run(&db, company, c).await,
        Command::Pk(c) => cmd_pk::run(&db, company, c).await,
        Command::Leaderboard(a) => cmd_pk::leaderboard(&db, company, a).await,
        Command::Awards(a) => cmd_pk::awards(&db, company, a).await,
        Command::Playbook(c) => cmd_playbook::run(&db, company, c, lang).await,
    };
    db.close().await;
    result
}

/// The language of the CLI's messages: English, unless `LANG` (or
/// `LC_ALL`, which overrides it) asks for Chinese.
fn cli_lang(flag: Option<&str>) -> amoeba_core::Lang {
    if let Some(code) = flag {
        return amoeba_core::Lang::from_code(code);
    }
    let locale = std::env::var("LC_ALL").ok().filter(|v| !v.is_empty()).or_else(|| std::env::var("LANG").ok()).unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("zh") {
        amoeba_core::Lang::Zh
    } else {
        amoeba_core::Lang::En
    }
}

/// An error as the reader should see it: every refusal in their language;
/// only an internal fault (a bug or a broken disk) stays in English, for
/// whoever reads the log.
pub(crate) fn describe(e: &anyhow::Error, lang: amoeba_core::Lang) -> String {
    if let Some(app) = e.downcast_ref::<amoeba_app::AppError>() {
        return app.render(lang);
    }
    if let Some(amoeba_store::StoreError::Refused(r)) = e.downcast_ref::<amoeba_store::StoreError>() {
        return r.render(lang);
    }
    if let Some(r) = e.downcast_ref::<amoeba_app::pay::PayRefusal>() {
        return r.render(lang);
    }
    if let Some(r) = e.downcast_ref::<amoeba_core::Refusal>() {
        return r.render(lang);
    }
    e.to_string()
}

/// What reaches the terminal unless `AMOEBA_LOG` says otherwise: warnings,
/// except sqlx's "slow statement" notices (target `sqlx::query`), which a
/// month close of millions of lines triggers by design and which only
/// alarm the person running it; `AMOEBA_LOG=warn` shows them again.
const DEFAULT_LOG: &str = "warn,sqlx::query=error";

fn log_filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_from_env("AMOEBA_LOG").unwrap_or_else(|_| DEFAULT_LOG.into())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt().with_env_filter(log_filter()).with_writer(std::io::stderr).init();
    let lang = cli_lang(cli.lang.as_deref());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", describe(&e, lang));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    #[test]
    fn slow_statement_notices_are_quiet_by_default_but_warnings_show() {
        let subscriber = tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new(DEFAULT_LOG)).finish();
        tracing::subscriber::with_default(subscriber, || {
            assert!(!tracing::enabled!(target: "sqlx::query", Level::WARN), "slow statements stay off the terminal");
            assert!(tracing::enabled!(target: "sqlx::query", Level::ERROR), "sqlx errors still show");
            assert!(tracing::enabled!(target: "sqlx::pool::acquire", Level::WARN), "other sqlx warnings still show");
            assert!(tracing::enabled!(target: "amoeba_server", Level::WARN), "our warnings still show");
            assert!(!tracing::enabled!(target: "amoeba_server", Level::INFO));
        });
    }
}
