//! `amoeba playbook add|list|show|search|render`: each unit's template
//! library (docs/oversight.md, "Playbooks in use"). A file adds new
//! versions, never edits an old one; a render fills the variables from a
//! stored SKU, order or customer and refuses a variable without a value,
//! naming it and its line.

use crate::cli::Format;
use amoeba_app::playbooks::file::add_file;
use amoeba_app::playbooks::library::{search, versions};
use amoeba_app::playbooks::render::{render, RenderRequest};
use amoeba_app::playbooks::Access;
use amoeba_core::oversight::playbook::Template;
use amoeba_core::{Lang, Refusal};
use amoeba_store::Db;
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

/// `amoeba playbook …`.
#[derive(Subcommand, Debug)]
pub enum PlaybookCommand {
    /// Add templates from a TOML file ([[templates]]: unit, code, kind, titles, bodies, tags), each as its next version; all or nothing.
    Add {
        /// The playbook file.
        file: PathBuf,
        /// Who adds them (a login, kept with each version).
        #[arg(long, default_value = "cli")]
        by: String,
    },
    /// The latest version of each template (of one unit with --unit).
    List {
        /// Only this unit's library.
        #[arg(long)]
        unit: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Templates whose titles, bodies (either language) or tags contain the words, ignoring case.
    Search {
        /// What to look for.
        query: String,
        /// Only this unit's library.
        #[arg(long)]
        unit: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// One template: every version, or one with --version, in both languages.
    Show {
        /// The unit.
        unit: String,
        /// The template's code.
        code: String,
        /// Only this version.
        #[arg(long)]
        version: Option<u32>,
    },
    /// Render a template in the --lang language, its variables filled from a SKU, an order and/or a customer.
    Render {
        /// The unit.
        unit: String,
        /// The template's code.
        code: String,
        /// A version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
        /// Fill sku.* from this SKU (and sku.price from the order's line of it).
        #[arg(long)]
        sku: Option<String>,
        /// Fill order.* from this order, written STORE/ID.
        #[arg(long)]
        order: Option<String>,
        /// Fill customer.* from this customer id.
        #[arg(long)]
        customer: Option<String>,
        /// Any other variable, NAME=VALUE (repeatable).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
    },
}

fn listing(list: &[Template], format: Format, lang: Lang) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            let v: Vec<_> = list
                .iter()
                .map(|t| json!({"unit": t.unit, "code": t.code, "version": t.version, "kind": t.kind, "title": t.title(lang), "tags": t.tags}))
                .collect();
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        Format::Table => {
            if list.is_empty() {
                println!("{}", lang.pick("没有模板", "no templates"));
            }
            for t in list {
                println!("{} {} v{} [{}] {}", t.unit, t.code, t.version, t.kind.label(lang), t.title(lang));
            }
        }
    }
    Ok(())
}

fn show(t: &Template, by: &str, at: &str, lang: Lang) {
    println!("== {} {} v{} · {} · {} {by} {at}", t.unit, t.code, t.version, t.kind.label(lang), lang.pick("保存", "saved by"));
    println!("{}: {} / {}", lang.pick("标题", "title"), t.title_zh, t.title_en);
    if !t.tags.is_empty() {
        println!("{}: {}", lang.pick("标签", "tags"), t.tags.join(", "));
    }
    println!("--- 中文\n{}\n--- English\n{}", t.body_zh, t.body_en);
}

/// Runs a `playbook` command, writing messages in `lang`.
pub async fn run(db: &Db, company: Option<&str>, c: PlaybookCommand, lang: Lang) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    match c {
        PlaybookCommand::Add { file, by } => {
            let name = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
            for t in add_file(db, &row, &name, &text, &by, Access::Everything).await? {
                println!("{} {} {} v{}", lang.pick("已保存", "saved"), t.unit, t.code, t.version);
            }
        }
        PlaybookCommand::List { unit, format } => listing(&search(db, &row, unit.as_deref(), "", Access::Everything).await?, format, lang)?,
        PlaybookCommand::Search { query, unit, format } => {
            listing(&search(db, &row, unit.as_deref(), &query, Access::Everything).await?, format, lang)?
        }
        PlaybookCommand::Show { unit, code, version } => {
            let all = versions(db, &row, &unit, &code, Access::Everything).await?;
            let chosen: Vec<_> = all.iter().filter(|s| version.is_none_or(|v| s.template.version == v)).collect();
            if chosen.is_empty() {
                return Err(Refusal::UnknownPlaybook { unit, code: format!("{code} v{}", version.unwrap_or(0)) }.into());
            }
            for s in chosen {
                show(&s.template, &s.saved_by, &s.saved_at, lang);
            }
        }
        PlaybookCommand::Render { unit, code, version, sku, order, customer, set } => {
            let today = amoeba_app::clock::Clock::from_env()?.today(&row);
            let req = RenderRequest { unit, code, version, sku, order, customer, manual: set };
            let r = render(db, &row, &req, lang, today, Access::Everything).await?;
            println!("{}", r.text);
        }
    }
    Ok(())
}
