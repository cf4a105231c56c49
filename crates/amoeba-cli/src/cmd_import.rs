//! `amoeba import KIND FILE [--store CODE]`.

use crate::cli::ImportArgs;
use crate::progress::Bar;
use amoeba_app::import::{import_file, import_settlement_file, ImportKind};
use amoeba_app::traffic_import::{import_traffic, TrafficOptions};
use amoeba_core::Refusal;
use amoeba_store::Db;

pub async fn run(db: &Db, company: Option<&str>, a: ImportArgs) -> anyhow::Result<()> {
    let kind: ImportKind = a.kind.parse()?;
    let name = a.file.display().to_string();
    let company = db.company(company).await?;
    let report = if matches!(kind, ImportKind::Traffic | ImportKind::AmazonBusinessReport) {
        let bytes = std::fs::read(&a.file).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
        let opts = TrafficOptions { from: a.from, to: a.to, cut: a.cut };
        import_traffic(db, &company, kind, &name, &bytes, a.store.as_deref(), opts).await?
    } else if kind == ImportKind::AmazonSettlement {
        // Streamed from disk: a settlement can be millions of lines.
        import_settlement_file(db, &company, &name, &a.file, a.store.as_deref(), &mut Bar::new(&name)).await?
    } else {
        let bytes = std::fs::read(&a.file).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
        import_file(db, &company, kind, &name, &bytes, a.store.as_deref(), &mut Bar::new(&name)).await?
    };
    println!("{report}");
    Ok(())
}
