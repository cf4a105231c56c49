//! The pay plan file (TOML): read it, check it whole against the
//! organisation and the versions already stored, and hand back the core's
//! `PayPlan`. Format: `docs/pay-plans.md`.
//!
//! A file is accepted whole or refused whole with every problem: its line,
//! its key path (`components[2].tiers[1].from`) and the reason — unknown
//! keys, a key of another method, wrong types, tier gaps or overlaps, parts
//! not summing to 100 %, unknown roles, units, people and project groups, a
//! base the data cannot provide, overlapping versions.

mod component;
mod reader;
mod reason;
mod sections;

#[cfg(test)]
mod tests;

pub use reason::PayPlanReason;

use amoeba_core::dates::EffectiveRange;
use amoeba_core::incentive::{check_versions, validate, PayPlan};
use amoeba_core::org::Org;
use amoeba_core::Lang;
use reader::Reader;
use std::collections::HashMap;
use std::fmt;
use toml::de::DeTable;

/// Most problems listed for one file; the rest are counted.
pub const MAX_ERRORS: usize = 200;

/// One problem of a pay plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayPlanError {
    /// 1-based line in the file.
    pub line: usize,
    /// Key path, like `components[0].tiers[1].from`.
    pub path: String,
    /// What is wrong.
    pub reason: PayPlanReason,
}

impl PayPlanError {
    /// The problem as one line in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let m = self.reason.render(lang);
        match lang {
            Lang::En => format!("line {}, {}: {m}", self.line, self.path),
            Lang::Zh => format!("第 {} 行，{}：{m}", self.line, self.path),
        }
    }
}

/// Every problem of a refused pay plan file, in line order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PayPlanErrors {
    /// The problems.
    pub errors: Vec<PayPlanError>,
}

impl PayPlanErrors {
    /// The refusal in `lang`: a summary, then one line per problem.
    pub fn render(&self, lang: Lang) -> String {
        let n = self.errors.len();
        let heading = match lang {
            Lang::En => format!("pay plan file refused ({n} problem(s); nothing was stored):\n"),
            Lang::Zh => format!("提成方案文件被拒收（{n} 个问题；未保存任何内容）：\n"),
        };
        crate::error::render_problem_list(heading, n, MAX_ERRORS, self.errors.iter().map(|e| e.render(lang)), lang)
    }
}

impl fmt::Display for PayPlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The line of `path`, or of the nearest enclosing key that was read.
fn locate(lines: &HashMap<String, usize>, path: &str) -> usize {
    let mut p = path;
    loop {
        if let Some(l) = lines.get(p) {
            return *l;
        }
        match p.rfind(['.', '[']) {
            Some(i) => p = &p[..i],
            None => return 1,
        }
    }
}

/// Reads the file into a plan; problems that need nothing else are reported.
fn read(text: &str) -> Result<(PayPlan, HashMap<String, usize>), PayPlanErrors> {
    let mut r = Reader::new(text);
    let doc = DeTable::parse(text).map_err(|e| {
        let line = e.span().map(|s| r.line(s.start)).unwrap_or(1).max(1);
        PayPlanErrors {
            errors: vec![PayPlanError {
                line,
                path: "file".into(),
                reason: PayPlanReason::Syntax { detail: e.message().trim().to_string() },
            }],
        }
    })?;
    let root = r.root(&doc);
    r.keys(&root, &["pay_plan", "components", "draws", "partners"]);
    let head = r.table(&root, "pay_plan", true);
    let (code, name, version, from, to) = match &head {
        Some(h) => {
            r.keys(h, &["code", "name", "version", "effective_from", "effective_to"]);
            (
                r.text(h, "code", true),
                r.text(h, "name", true),
                r.count(h, "version", true),
                r.date(h, "effective_from", true),
                r.date(h, "effective_to", false),
            )
        }
        None => (None, None, None, None, None),
    };
    let components: Vec<_> = r.tables(&root, "components").iter().filter_map(|c| component::component(&mut r, c)).collect();
    let draws: Vec<_> = r.tables(&root, "draws").iter().filter_map(|d| sections::draw(&mut r, d)).collect();
    let partners: Vec<_> = r.tables(&root, "partners").iter().filter_map(|p| sections::partner(&mut r, p)).collect();
    let effective = match (from, to) {
        (Some(f), t) => match EffectiveRange::new(f, t) {
            Ok(range) => Some(range),
            Err(_) => {
                let line = r.lines.get("pay_plan.effective_to").copied().unwrap_or(1);
                let reason = PayPlanReason::EndsBeforeStart { from: f.to_string(), to: t.map(|t| t.to_string()).unwrap_or_default() };
                r.err("pay_plan.effective_to", line, reason);
                None
            }
        },
        _ => None,
    };
    if !r.errors.is_empty() {
        let mut errors = r.errors;
        errors.sort_by_key(|e| e.line);
        return Err(PayPlanErrors { errors });
    }
    match (code, name, version, effective) {
        (Some(code), Some(name), Some(version), Some(effective)) => {
            Ok((PayPlan { code, name, version, effective, components, draws, partners }, r.lines))
        }
        _ => Err(PayPlanErrors {
            errors: vec![PayPlanError { line: 1, path: "pay_plan".into(), reason: PayPlanReason::MissingKey { key: "pay_plan".into() } }],
        }),
    }
}

/// Checks a pay plan file whole: its syntax and keys, then the plan against
/// `org` (roles, units, people, project groups, tiers, parts summing to
/// 100 %, measures the data can provide) and against the `stored` versions
/// of the same code (a stored version with the file's number is the one the
/// file replaces; any other must not share a day with it). Returns the plan
/// or every problem with its line.
pub fn check(text: &str, org: &Org, stored: &[PayPlan]) -> Result<PayPlan, PayPlanErrors> {
    let (plan, lines) = read(text)?;
    let mut errors: Vec<PayPlanError> = validate(&plan, org)
        .into_iter()
        .map(|p| PayPlanError { line: locate(&lines, &p.path), path: p.path, reason: PayPlanReason::Pay(p.error) })
        .collect();
    let mut versions: Vec<&PayPlan> = stored.iter().filter(|s| s.code == plan.code && s.version != plan.version).collect();
    versions.push(&plan);
    for p in check_versions(&versions) {
        errors.push(PayPlanError { line: locate(&lines, &p.path), path: p.path, reason: PayPlanReason::Pay(p.error) });
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(PayPlanErrors { errors })
    }
}
