//! `amoeba import KIND FILE… [--store CODE]`: one file, many files or
//! folders of them. Each file is its own all-or-nothing, idempotent import
//! (a refused file stores nothing and the others go on); with more than one
//! file a summary ends the run, and the exit status says whether any file
//! was refused. Inside a folder, a sub-folder named after a store holds
//! that store's files (a seller with many accounts on one marketplace
//! keeps one folder per store: the file alone cannot tell them apart).

use crate::cli::ImportArgs;
use crate::progress::Bar;
use amoeba_app::import::{import_file, import_settlement_file, ImportKind, ImportReport};
use amoeba_app::traffic_import::{import_traffic, TrafficOptions};
use amoeba_core::{Lang, Refusal};
use amoeba_store::imports::ImportOutcome;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use std::path::{Path, PathBuf};

/// Most files one command imports (a seller with 100 stores downloads 100
/// settlements a fortnight; ten thousand is a folder gone wrong).
const MAX_FILES: usize = 10_000;

pub async fn run(db: &Db, company: Option<&str>, a: ImportArgs, lang: Lang) -> anyhow::Result<()> {
    if a.kind.trim() == "scores" {
        return scores(db, company, &a, lang).await;
    }
    let kind: ImportKind = a.kind.parse()?;
    let company = db.company(company).await?;
    let files = expand(db, &company, &a, lang).await?;
    if let [one] = files.as_slice() {
        let report = import_one(db, &company, kind, one, &a).await?;
        println!("{}", report.render(lang));
        if matches!(report.outcome, ImportOutcome::Imported { rows_added, .. } if rows_added > 0) {
            alerts_after(db, &company, lang).await?;
        }
        return Ok(());
    }
    let mut tally = Tally::default();
    for file in &files {
        match import_one(db, &company, kind, file, &a).await {
            Ok(report) => {
                println!("{}", report.render(lang));
                tally.add(&report.outcome);
            }
            Err(e) => {
                println!("{}: {}", file.path.display(), crate::describe(&e, lang));
                tally.refused += 1;
            }
        }
    }
    println!("{}", tally.render(files.len(), lang));
    alerts_after(db, &company, lang).await?;
    if tally.refused > 0 {
        anyhow::bail!(match lang {
            Lang::Zh => format!("{} 个文件中有 {} 个被拒绝（其余已导入）", files.len(), tally.refused),
            Lang::En => format!("{} of {} files were refused (the others were imported)", tally.refused, files.len()),
        });
    }
    Ok(())
}

/// The alert rules evaluated on the latest day with data once files are in:
/// new episodes printed, with the day and the time it took.
async fn alerts_after(db: &Db, company: &CompanyRow, lang: Lang) -> anyhow::Result<()> {
    let Some(done) = amoeba_app::alerts::after_import::run_latest(db, company).await? else { return Ok(()) };
    for a in &done.run.new {
        println!("{} {}", lang.pick("新预警", "NEW ALERT"), a.render(lang));
    }
    let ms = done.took.as_millis();
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("已评估 {} 的预警：{} 项新预警（用时 {ms} 毫秒）", done.day, done.run.new.len()),
            Lang::En => format!("alerts of {} evaluated: {} new ({ms} ms)", done.day, done.run.new.len()),
        }
    );
    Ok(())
}

/// `amoeba import scores FILE --cycle C --unit U`: review scores, the same
/// path as `amoeba review set` (one file: a cycle's scores replace the unit's).
async fn scores(db: &Db, company: Option<&str>, a: &ImportArgs, lang: Lang) -> anyhow::Result<()> {
    let need = |what: &str| match lang {
        Lang::Zh => anyhow::anyhow!("导入评分需要 --{what}（例如 --cycle 2026-11 --unit AMZ-US）"),
        Lang::En => anyhow::anyhow!("importing scores needs --{what} (e.g. --cycle 2026-11 --unit AMZ-US)"),
    };
    let (Some(cycle), Some(unit)) = (a.cycle.as_deref(), a.unit.as_deref()) else {
        return Err(need(if a.cycle.is_none() { "cycle" } else { "unit" }));
    };
    let [file] = a.files.as_slice() else {
        return Err(match lang {
            Lang::Zh => anyhow::anyhow!("一次导入一个评分文件（一个单元的一个考核期）"),
            Lang::En => anyhow::anyhow!("import one scores file at a time (one unit's cycle)"),
        });
    };
    let row = db.company(company).await?;
    let opts = crate::cmd_review::SetOpts { cycle, unit, self_share: a.self_share, out_of_100: a.out_of_100 };
    crate::cmd_review::set(db, &row, file, opts, lang).await
}

/// A file to import and the store it belongs to when its folder says so.
struct Named {
    path: PathBuf,
    store: Option<String>,
}

/// One file through the import use case: a settlement streamed from disk
/// (it can be millions of lines), any other kind read whole.
async fn import_one(db: &Db, company: &CompanyRow, kind: ImportKind, file: &Named, a: &ImportArgs) -> anyhow::Result<ImportReport> {
    let path = file.path.as_path();
    let name = path.display().to_string();
    let store = file.store.as_deref().or(a.store.as_deref());
    Ok(if matches!(kind, ImportKind::Traffic | ImportKind::AmazonBusinessReport) {
        let bytes = std::fs::read(path).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
        let opts = TrafficOptions { from: a.from, to: a.to, cut: a.cut };
        import_traffic(db, company, kind, &name, &bytes, store, opts).await?
    } else if kind == ImportKind::AmazonSettlement {
        import_settlement_file(db, company, &name, path, store, &mut Bar::new(&name)).await?
    } else {
        let bytes = std::fs::read(path).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
        import_file(db, company, kind, &name, &bytes, store, &mut Bar::new(&name)).await?
    })
}

/// The files named, a folder standing for its files (not hidden) and for
/// the files of its sub-folders named after stores, in name order so a run
/// is repeatable. A sub-folder that names no store is refused (its files
/// would otherwise be skipped unseen), as is one that contradicts `--store`.
async fn expand(db: &Db, company: &CompanyRow, a: &ImportArgs, lang: Lang) -> anyhow::Result<Vec<Named>> {
    let mut out = Vec::new();
    for p in &a.files {
        if !p.is_dir() {
            out.push(Named { path: p.clone(), store: None });
            continue;
        }
        let (files, folders) = listing(p)?;
        out.extend(files.into_iter().map(|path| Named { path, store: None }));
        for folder in folders {
            let code = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if let Err(known) = db.store_settings(company.id, &code).await? {
                anyhow::bail!(match lang {
                    Lang::Zh => format!("子文件夹 {} 不是店铺代码（店铺子文件夹须以店铺代码命名：{}）", folder.display(), known.join("、")),
                    Lang::En => format!(
                        "sub-folder {} is not a store code (a store's sub-folder is named by its code: {})",
                        folder.display(),
                        known.join(", ")
                    ),
                });
            }
            if let Some(given) = a.store.as_deref().filter(|g| *g != code) {
                anyhow::bail!(match lang {
                    Lang::Zh => format!("子文件夹 {} 属于店铺 {code}，与 --store {given} 不符", folder.display()),
                    Lang::En => format!("sub-folder {} belongs to store {code}, not --store {given}", folder.display()),
                });
            }
            let (inside, _) = listing(&folder)?;
            out.extend(inside.into_iter().map(|path| Named { path, store: Some(code.clone()) }));
        }
    }
    if out.is_empty() {
        let folder = a.files.first().map(|p| p.display().to_string()).unwrap_or_default();
        let detail = match lang {
            Lang::Zh => "文件夹中没有文件",
            Lang::En => "the folder holds no files",
        };
        return Err(Refusal::CannotRead { file: folder, detail: detail.into() }.into());
    }
    if out.len() > MAX_FILES {
        anyhow::bail!(match lang {
            Lang::Zh => format!("指定了 {} 个文件；一次最多导入 {MAX_FILES} 个", out.len()),
            Lang::En => format!("{} files named; at most {MAX_FILES} are imported in one run", out.len()),
        });
    }
    Ok(out)
}

/// A folder's files and sub-folders (hidden ones left out), each sorted by name.
fn listing(folder: &Path) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let read = std::fs::read_dir(folder).map_err(|e| Refusal::CannotRead { file: folder.display().to_string(), detail: e.to_string() })?;
    let visible = |f: &Path| !f.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for entry in read.filter_map(|e| e.ok().map(|e| e.path())).filter(|f| visible(f)) {
        if entry.is_dir() {
            folders.push(entry);
        } else if entry.is_file() {
            files.push(entry);
        }
    }
    files.sort();
    folders.sort();
    Ok((files, folders))
}

/// What a run of many files did.
#[derive(Default)]
struct Tally {
    imported: usize,
    rows_added: u64,
    already: usize,
    refused: usize,
}

impl Tally {
    fn add(&mut self, outcome: &ImportOutcome) {
        match outcome {
            ImportOutcome::Imported { rows_added, .. } => {
                self.imported += 1;
                self.rows_added += rows_added;
            }
            ImportOutcome::AlreadyImported { .. } => self.already += 1,
        }
    }

    fn render(&self, files: usize, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "共 {files} 个文件：导入 {} 个（新增 {} 行），已导入过 {} 个，被拒绝 {} 个",
                self.imported, self.rows_added, self.already, self.refused
            ),
            Lang::En => format!(
                "{files} files: {} imported ({} new rows), {} already imported, {} refused",
                self.imported, self.rows_added, self.already, self.refused
            ),
        }
    }
}
