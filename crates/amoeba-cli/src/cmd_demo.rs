//! `amoeba demo` and `amoeba serve`.

use crate::cli::DemoArgs;
use amoeba_demo::DemoOptions;
use amoeba_server::AppState;
use amoeba_store::Db;
use std::net::SocketAddr;

pub async fn run(db: &Db, company: Option<&str>, a: DemoArgs) -> anyhow::Result<()> {
    let end = a.end.unwrap_or_else(|| chrono::Local::now().date_naive().pred_opt().expect("a day before today"));
    let loaded = amoeba_app::demo::load_demo(
        db,
        DemoOptions { seed: a.seed, months: a.months, volume_pct: a.volume, ..DemoOptions::new(end) },
        a.write_files.as_deref(),
        &mut |line: &str| eprintln!("{line}"),
    )
    .await?;
    match &loaded {
        Some(s) => println!("demo company {} loaded into {}: {}", s.company, db.display_url, s.summary),
        None => println!("demo company already present in {}; not reloaded", db.display_url),
    }
    let row = db.company(Some(amoeba_app::demo::DEMO_COMPANY)).await?;
    // Finance's month end, done for the demo: complete months closed, their pay run.
    if !a.no_month_end {
        let paid = amoeba_app::demo::close_and_pay(db, &row, end, &mut |line: &str| eprintln!("{line}")).await?;
        println!("demo month end: {} month(s) closed, {} pay run(s) (see /admin/pay)", paid.closed.len(), paid.runs.len());
    }
    println!("demo logins (login, password, who):");
    for l in amoeba_app::demo_logins::demo_logins(db, row.id).await? {
        println!("  {l}");
    }
    if a.no_serve {
        return Ok(());
    }
    serve(db, company.or(Some(amoeba_app::demo::DEMO_COMPANY)), a.addr).await
}

pub async fn serve(db: &Db, company: Option<&str>, addr: SocketAddr) -> anyhow::Result<()> {
    let state = AppState { db: db.clone(), company: company.map(str::to_string), clock: amoeba_app::clock::Clock::from_env()? };
    amoeba_server::serve(state, addr, |bound| {
        println!("Amoeba is serving on http://{bound}/  (Ctrl-C to stop)");
    })
    .await
}
