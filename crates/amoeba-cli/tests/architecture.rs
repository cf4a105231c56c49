//! ARCHITECTURE.md says which crate may depend on which; this holds the
//! code to it: a crate that gains a dependency the table does not allow
//! fails here, naming the crate and the dependency.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// crate → what it may depend on, from the table under "## Dependencies".
fn allowed(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let section = doc.split("## Dependencies").nth(1).expect("a Dependencies section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut out = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells[1].trim_matches('`').to_string();
        let deps = cells[2].split(',').map(|d| d.trim().trim_matches('`').to_string()).filter(|d| !d.is_empty()).collect();
        out.insert(name, deps);
    }
    out
}

/// The normal dependencies of a crate's manifest.
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_deps = t == "[dependencies]";
            continue;
        }
        if in_deps {
            if let Some((name, _)) = t.split_once('=') {
                let name = name.trim().trim_end_matches(".workspace").trim();
                if !name.is_empty() && !name.starts_with('#') {
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_crate_depends_only_on_what_architecture_md_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let allowed = allowed(&doc);
    let mut seen = 0;
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let dir = entry.expect("entry").path();
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        let name = dir.file_name().expect("name").to_string_lossy().to_string();
        let Some(may) = allowed.get(&name) else {
            wrong.push(format!("{name} is not in ARCHITECTURE.md's Dependencies table"));
            continue;
        };
        seen += 1;
        for dep in dependencies(&manifest) {
            if !may.contains(&dep) {
                wrong.push(format!("{name} depends on {dep}, which ARCHITECTURE.md does not allow"));
            }
        }
    }
    assert!(seen >= 7, "every workspace crate is checked (found {seen})");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_core_depends_on_no_workspace_crate_and_nothing_on_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let allowed = allowed(&std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md"));
    assert!(allowed["amoeba-core"].iter().all(|d| !d.starts_with("amoeba-")), "the core is pure");
    for (name, deps) in &allowed {
        assert!(!deps.contains("amoeba-cli"), "{name} may not depend on the binary");
    }
}
