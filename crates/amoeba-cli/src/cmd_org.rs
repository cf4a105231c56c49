//! `amoeba init` and `amoeba org import|export|show`.

use crate::cli::{Format, InitArgs, OrgCommand};
use amoeba_core::org::{Company, OrgTree, UnitNode};
use amoeba_core::Refusal;
use amoeba_import::org_file;
use amoeba_store::Db;
use anyhow::Context;

pub async fn init(db: &Db, a: InitArgs) -> anyhow::Result<()> {
    let mut company = Company::new(a.code.trim(), a.name.trim());
    company.base_currency = a.currency.parse().map_err(anyhow::Error::msg)?;
    company.timezone = a.timezone;
    let row = db.create_company(&company).await?;
    println!(
        "created company {} ({}), base currency {}, time zone {}",
        row.company.code, row.company.name, row.company.base_currency, row.company.timezone
    );
    Ok(())
}

pub async fn run(db: &Db, company: Option<&str>, c: OrgCommand) -> anyhow::Result<()> {
    match c {
        OrgCommand::Import { file } => {
            let name = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
            let text = String::from_utf8(bytes).map_err(|e| Refusal::NotUtf8 { file: name.clone(), byte: e.utf8_error().valid_up_to() })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let done = amoeba_app::org::apply_org_file(db, company, &name, text).await?;
            println!(
                "{name}: organisation of {} {} — {} units, {} people, {} stores, {} SKUs",
                done.company,
                if done.created { "created" } else { "updated" },
                done.units,
                done.people,
                done.stores,
                done.skus
            );
        }
        OrgCommand::Export { out } => {
            let row = db.company(company).await?;
            let text = org_file::to_toml(&db.load_org(row.id).await?, &db.load_rules(row.id).await?);
            match out {
                Some(path) => std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{text}"),
            }
        }
        OrgCommand::Show { format, as_of } => {
            let row = db.company(company).await?;
            let org = db.load_org(row.id).await?;
            let day = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let tree = org.tree(day);
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&tree)?),
                Format::Table => print!("{}", table(&tree)),
            }
        }
    }
    Ok(())
}

/// Display width in a terminal: CJK characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => {
                2
            }
            _ => 1,
        })
        .sum()
}

pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

fn table(tree: &OrgTree) -> String {
    let rows: Vec<[String; 7]> = tree
        .flatten()
        .into_iter()
        .map(|n: &UnitNode| {
            [
                format!("{}{}", "  ".repeat(n.depth), n.code),
                n.name.clone(),
                n.kind.as_str().to_string(),
                n.leader.as_ref().map(|l| format!("{} {}", l.name, l.code)).unwrap_or_else(|| "-".into()),
                n.headcount.to_string(),
                n.headcount_total.to_string(),
                n.stores.join(","),
            ]
        })
        .collect();
    let header = ["UNIT", "NAME", "KIND", "LEADER", "HEAD", "TOTAL", "STORES"];
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let mut out = format!("{} ({}) · base {} · as of {}\n", tree.name, tree.company, tree.base_currency, tree.as_of);
    let line = |cells: Vec<String>| {
        cells.iter().enumerate().map(|(i, c)| pad(c, widths[i])).collect::<Vec<_>>().join("  ").trim_end().to_string() + "\n"
    };
    out.push_str(&line(header.iter().map(|h| h.to_string()).collect()));
    for r in rows {
        out.push_str(&line(r.to_vec()));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn cjk_counts_double() {
        assert_eq!(super::width("亚马逊US"), 8);
        assert_eq!(super::pad("张伟", 6), "张伟  ");
    }
}
