//! The organisation file (TOML): parse, validate against what is already
//! stored, and write back out. Format: `docs/org-file.md`.
//!
//! A file is accepted whole or refused whole: every problem is reported with
//! the file line, the field and the reason.

mod credit;
mod export;
mod raw;
mod reason;
mod rules;

pub use export::to_toml;
pub use reason::{Choice, OrgReason};

use amoeba_core::accounting::Rules;
use amoeba_core::credit::Scope;
use amoeba_core::dates::EffectiveRange;
use amoeba_core::org::*;
use amoeba_core::{Currency, Lang};
use chrono::NaiveDate;
use raw::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::ops::Range;
use std::str::FromStr;

/// Most problems listed for one file; the rest are counted.
pub const MAX_ERRORS: usize = 200;

/// One problem in an organisation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFileError {
    /// 1-based line in the file (0 when the problem is in what was stored before).
    pub line: usize,
    /// Field the problem is in, like `units[3].parent`.
    pub field: String,
    /// What is wrong and what was expected.
    pub reason: OrgReason,
}

impl OrgFileError {
    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.reason.render(lang)
    }

    /// The whole problem as one line in `lang` (the CLI's refusal).
    pub fn render(&self, lang: Lang) -> String {
        let m = self.message(lang);
        match (self.line, lang) {
            (0, Lang::En) => format!("stored organisation, {}: {m}", self.field),
            (0, Lang::Zh) => format!("已存的组织，{}：{m}", self.field),
            (l, Lang::En) => format!("line {l}, {}: {m}", self.field),
            (l, Lang::Zh) => format!("第 {l} 行，{}：{m}", self.field),
        }
    }
}

impl fmt::Display for OrgFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Every problem found in an organisation file; nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct OrgFileErrors {
    /// The problems, in line order.
    pub errors: Vec<OrgFileError>,
}

impl OrgFileErrors {
    /// The refusal in `lang`: a summary line, then one line per problem.
    pub fn render(&self, lang: Lang) -> String {
        let n = self.errors.len();
        let heading = match lang {
            Lang::En => format!("organisation file refused ({n} problem(s); nothing was stored):\n"),
            Lang::Zh => format!("组织文件被拒收（{n} 个问题；未保存任何内容）：\n"),
        };
        crate::error::render_problem_list(heading, n, MAX_ERRORS, self.errors.iter().map(|e| e.render(lang)), lang)
    }
}

impl fmt::Display for OrgFileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A parsed organisation file, with the positions needed to report problems
/// found later (when it is validated together with the stored organisation).
pub struct OrgFile {
    /// The company section, if the file has one.
    pub company: Option<Company>,
    /// The entities the file names (company taken from `company` or the store).
    pub org: Org,
    /// The charge and allocation rules the file names.
    pub rules: Rules,
    lines: HashMap<(&'static str, usize, &'static str), usize>,
}

struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(src: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }
    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

struct Ctx<'a> {
    src: &'a str,
    idx: LineIndex,
    errors: Vec<OrgFileError>,
    lines: HashMap<(&'static str, usize, &'static str), usize>,
}

impl<'a> Ctx<'a> {
    fn note(&mut self, entity: &'static str, i: usize, field: &'static str, span: Range<usize>) -> usize {
        let line = self.idx.line(span.start);
        self.lines.insert((entity, i, field), line);
        line
    }

    fn err(&mut self, entity: &'static str, i: usize, field: &str, span: Range<usize>, reason: OrgReason) {
        let line = self.idx.line(span.start);
        self.errors.push(OrgFileError { line, field: format!("{entity}[{i}].{field}"), reason });
    }

    /// Refuses a code listed twice in one list of the file: merging by code
    /// would otherwise keep the last silently.
    fn listed_once<'s>(&mut self, entity: &'static str, codes: impl Iterator<Item = &'s S<String>>) {
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, c) in codes.enumerate() {
            let code = c.get_ref().trim().to_string();
            let line = self.idx.line(c.span().start);
            if let Some(&first_line) = first.get(&code) {
                self.err(entity, i, "code", c.span(), OrgReason::DuplicateInFile { code, first_line });
            } else {
                first.insert(code, line);
            }
        }
    }

    fn text(&mut self, entity: &'static str, i: usize, field: &'static str, v: &S<String>) -> String {
        self.note(entity, i, field, v.span());
        v.get_ref().trim().to_string()
    }

    fn parsed<T>(
        &mut self,
        entity: &'static str,
        i: usize,
        field: &'static str,
        v: &S<String>,
        read: impl Fn(&str) -> Result<T, OrgReason>,
    ) -> Option<T> {
        self.note(entity, i, field, v.span());
        match read(v.get_ref()) {
            Ok(t) => Some(t),
            Err(e) => {
                self.err(entity, i, field, v.span(), e);
                None
            }
        }
    }

    fn date(&mut self, entity: &'static str, i: usize, field: &'static str, v: &S<toml::Value>) -> Option<NaiveDate> {
        self.note(entity, i, field, v.span());
        let text = match v.get_ref() {
            toml::Value::String(s) => s.trim().to_string(),
            toml::Value::Datetime(d) => d.to_string(),
            other => {
                self.err(entity, i, field, v.span(), OrgReason::WrongType { expected: "date", found: other.type_str().to_string() });
                return None;
            }
        };
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.err(entity, i, field, v.span(), OrgReason::NotADate { value: text });
                None
            }
        }
    }

    /// Decimals may be written as strings ("12.30"), integers or TOML floats;
    /// a float is read from its literal text so no binary rounding creeps in.
    fn decimal(&mut self, entity: &'static str, i: usize, field: &'static str, v: &S<toml::Value>) -> Option<Decimal> {
        self.note(entity, i, field, v.span());
        let text = match v.get_ref() {
            toml::Value::String(s) => s.trim().to_string(),
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Float(_) => self.src[v.span()].trim().replace('_', ""),
            other => {
                self.err(entity, i, field, v.span(), OrgReason::WrongType { expected: "number", found: other.type_str().to_string() });
                return None;
            }
        };
        match Decimal::from_str(&text) {
            Ok(d) => Some(d),
            Err(_) => {
                self.err(entity, i, field, v.span(), OrgReason::NotADecimal { value: text });
                None
            }
        }
    }

    fn range(&mut self, entity: &'static str, i: usize, from: &S<toml::Value>, to: &Option<S<toml::Value>>) -> Option<EffectiveRange> {
        let f = self.date(entity, i, "from", from);
        let t = match to {
            Some(t) => Some(self.date(entity, i, "to", t)?),
            None => None,
        };
        let f = f?;
        match (EffectiveRange::new(f, t), t) {
            (Ok(r), _) => Some(r),
            (Err(_), t) => {
                let span = to.as_ref().map(|t| t.span()).unwrap_or(from.span());
                let reason = OrgReason::EndsBeforeStart { from: f.to_string(), to: t.map(|t| t.to_string()).unwrap_or_default() };
                self.err(entity, i, "to", span, reason);
                None
            }
        }
    }

    fn owners(&mut self, entity: &'static str, i: usize, raw: &[RawOwner]) -> Vec<Ownership> {
        let mut out = Vec::new();
        for o in raw {
            let unit = self.text(entity, i, "owners", &o.unit);
            if let Some(range) = self.range(entity, i, &o.from, &o.to) {
                out.push(Ownership { unit, range });
            }
        }
        out
    }
}

fn currency(v: &str) -> Result<Currency, OrgReason> {
    crate::reason::currency(v).map_err(OrgReason::Cell)
}

fn unit_kind(v: &str) -> Result<UnitKind, OrgReason> {
    v.parse::<UnitKind>().map_err(|_| OrgReason::UnknownChoice {
        what: Choice::UnitKind,
        value: v.to_string(),
        known: vec!["profit_centre".into(), "service_centre".into()],
    })
}

fn platform(v: &str) -> Result<Platform, OrgReason> {
    v.parse::<Platform>().map_err(|_| OrgReason::UnknownChoice {
        what: Choice::Platform,
        value: v.to_string(),
        known: Platform::ALL.iter().map(|p| p.as_str().to_string()).collect(),
    })
}

/// Parses an organisation file. Problems that need no other data (syntax,
/// unknown fields, bad dates or numbers) are reported here.
pub fn parse(src: &str) -> Result<OrgFile, OrgFileErrors> {
    let idx = LineIndex::new(src);
    let raw: RawFile = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| idx.line(s.start)).unwrap_or(0).max(1);
        OrgFileErrors { errors: vec![OrgFileError { line, field: "file".into(), reason: reason::from_toml(e.message()) }] }
    })?;
    let mut cx = Ctx { src, idx, errors: Vec::new(), lines: HashMap::new() };

    let company = raw.company.as_ref().map(|c| {
        let mut company = Company::new(&cx.text("company", 0, "code", &c.code), &cx.text("company", 0, "name", &c.name));
        if let Some(cur) = &c.base_currency {
            if let Some(cur) = cx.parsed("company", 0, "base_currency", cur, currency) {
                company.base_currency = cur;
            }
        }
        if let Some(tz) = &c.timezone {
            company.timezone = cx.text("company", 0, "timezone", tz);
        }
        company
    });
    let company_tz = company.as_ref().map(|c| c.timezone.clone()).unwrap_or_else(|| "Asia/Shanghai".into());
    let mut org = Org::empty(company.clone().unwrap_or_else(|| Company::new("", "")));

    for (i, u) in raw.units.iter().enumerate() {
        let code = cx.text("units", i, "code", &u.code);
        let name = cx.text("units", i, "name", &u.name);
        let kind = cx.parsed("units", i, "kind", &u.kind, unit_kind);
        let parent = u.parent.as_ref().map(|p| cx.text("units", i, "parent", p));
        let area_m2 = u.area_m2.as_ref().and_then(|a| cx.decimal("units", i, "area_m2", a));
        if let Some(kind) = kind {
            org.units.push(Unit { code, name, name_en: u.name_en.clone(), kind, function: u.function.clone(), parent, area_m2 });
        }
    }
    for (i, p) in raw.people.iter().enumerate() {
        let code = cx.text("people", i, "code", &p.code);
        let name = cx.text("people", i, "name", &p.name);
        org.people.push(Person { code, name, email: p.email.clone(), external: p.external });
    }
    for (i, r) in raw.roles.iter().enumerate() {
        let code = cx.text("roles", i, "code", &r.code);
        let name = cx.text("roles", i, "name", &r.name);
        org.roles.push(CustomRole { code, name });
    }
    for (i, a) in raw.assignments.iter().enumerate() {
        let person = cx.text("assignments", i, "person", &a.person);
        let unit = cx.text("assignments", i, "unit", &a.unit);
        let role = cx.text("assignments", i, "role", &a.role);
        let range = cx.range("assignments", i, &a.from, &a.to);
        let coefficient = match &a.coefficient {
            Some(c) => cx.decimal("assignments", i, "coefficient", c),
            None => Some(Decimal::ONE),
        };
        if let (Some(range), Some(coefficient)) = (range, coefficient) {
            org.assignments.push(Assignment { person, unit, role, range, coefficient, leader: a.leader });
        }
    }
    for (i, g) in raw.project_groups.iter().enumerate() {
        let code = cx.text("project_groups", i, "code", &g.code);
        let name = cx.text("project_groups", i, "name", &g.name);
        let range = cx.range("project_groups", i, &g.from, &g.to);
        let mut members = Vec::new();
        for m in &g.members {
            let person = cx.text("project_groups", i, "members", &m.person);
            let share = match &m.share {
                Some(s) => cx.decimal("project_groups", i, "members", s),
                None => Some(Decimal::ONE),
            };
            if let Some(share) = share {
                members.push(ProjectMember { person, share });
            }
        }
        if let Some(range) = range {
            org.project_groups.push(ProjectGroup { code, name, range, members });
        }
    }
    for (i, s) in raw.stores.iter().enumerate() {
        let code = cx.text("stores", i, "code", &s.code);
        let name = cx.text("stores", i, "name", &s.name);
        let platform = cx.parsed("stores", i, "platform", &s.platform, platform);
        let marketplace = cx.text("stores", i, "marketplace", &s.marketplace).to_ascii_uppercase();
        let currency = cx.parsed("stores", i, "currency", &s.currency, currency);
        let timezone = match &s.timezone {
            Some(tz) => cx.text("stores", i, "timezone", tz),
            None => marketplace_timezone(&marketplace).map(str::to_string).unwrap_or_else(|| company_tz.clone()),
        };
        let operator = s.operator.as_ref().map(|o| cx.text("stores", i, "operator", o));
        let books_sales_from = match &s.books_sales_from {
            Some(v) => cx.parsed("stores", i, "books_sales_from", v, credit::sales_source).map(Some),
            None => Some(None),
        };
        if s.owners.is_empty() {
            cx.note("stores", i, "owners", s.code.span());
        }
        let owners = cx.owners("stores", i, &s.owners);
        if let (Some(platform), Some(currency), Some(books_sales_from)) = (platform, currency, books_sales_from) {
            org.stores.push(Store { code, name, platform, marketplace, currency, timezone, owners, operator, books_sales_from });
        }
    }
    for (i, s) in raw.skus.iter().enumerate() {
        let code = cx.text("skus", i, "code", &s.code);
        let name = cx.text("skus", i, "name", &s.name);
        let launch_date = s.launch_date.as_ref().and_then(|d| cx.date("skus", i, "launch_date", d));
        let owners = cx.owners("skus", i, &s.owners);
        let mut costs = Vec::new();
        for c in &s.costs {
            let from = cx.date("skus", i, "costs", &c.from);
            let purchase = cx.decimal("skus", i, "costs", &c.purchase);
            let freight = match &c.freight {
                Some(f) => cx.decimal("skus", i, "costs", f),
                None => Some(Decimal::ZERO),
            };
            if let (Some(from), Some(purchase), Some(freight)) = (from, purchase, freight) {
                costs.push(SkuCost { from, purchase, freight });
            }
        }
        org.skus.push(Sku { code, name, owners, launch_date, costs });
    }

    let rules =
        Rules { charges: rules::charges(&mut cx, &raw.charge_rules), allocations: rules::allocations(&mut cx, &raw.allocation_rules) };
    org.credit = credit::credit(&mut cx, &raw.responsibilities, &raw.customer_owners, &raw.key_accounts);
    cx.listed_once("units", raw.units.iter().map(|u| &u.code));
    cx.listed_once("people", raw.people.iter().map(|p| &p.code));
    cx.listed_once("roles", raw.roles.iter().map(|r| &r.code));
    cx.listed_once("project_groups", raw.project_groups.iter().map(|g| &g.code));
    cx.listed_once("stores", raw.stores.iter().map(|s| &s.code));
    cx.listed_once("skus", raw.skus.iter().map(|s| &s.code));

    if cx.errors.is_empty() {
        Ok(OrgFile { company, org, rules, lines: cx.lines })
    } else {
        cx.errors.sort_by_key(|e| e.line);
        Err(OrgFileErrors { errors: cx.errors })
    }
}

/// An organisation file merged into what was stored, validated, ready to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The whole organisation after the merge.
    pub org: Org,
    /// Every rule after the merge (stored rules the file does not name are kept).
    pub rules: Rules,
}

impl OrgFile {
    /// Merges the file into a stored organisation that has no rules and
    /// returns the organisation; the file's rules are still validated (a file
    /// with a bad rule is refused) but not returned. For callers that only
    /// need the organisation; use [`OrgFile::apply`] to keep the rules.
    pub fn apply_to(self, stored: Option<Org>) -> Result<Org, OrgFileErrors> {
        self.apply(stored.map(|o| (o, Rules::default()))).map(|a| a.org)
    }

    /// Merges the file into the stored organisation and rules and validates
    /// the result as a whole: the organisation with `Org::validate`, the rules
    /// (merged by code + `from`) with the accounting engine's validators
    /// against the merged units. Problems the file causes point at its lines.
    pub fn apply(self, stored: Option<(Org, Rules)>) -> Result<Applied, OrgFileErrors> {
        let (stored, mut rules) = match stored {
            Some((org, rules)) => (Some(org), rules),
            None => (None, Rules::default()),
        };
        rules.merge(self.rules.clone());
        let (mut merged, file_org) = match (stored, self.company.clone()) {
            (Some(org), _) => (org, self.org.clone()),
            (None, Some(company)) => (Org::empty(company), self.org.clone()),
            (None, None) => {
                return Err(OrgFileErrors { errors: vec![OrgFileError { line: 1, field: "company".into(), reason: OrgReason::NoCompany }] })
            }
        };
        let mut incoming = file_org;
        if let Some(c) = &self.company {
            incoming.company = c.clone();
        } else {
            incoming.company = merged.company.clone();
        }
        merged.merge(incoming);
        let problems = merged.validate();
        let rule_errors = rules::validate(&rules, &merged, &self.rules, &self.lines);
        if problems.is_empty() && rule_errors.is_empty() {
            return Ok(Applied { org: merged, rules });
        }
        let keys = FileKeys::new(&self.org);
        let mut errors: Vec<OrgFileError> = problems.into_iter().map(|p| self.locate(&keys, &merged, p)).collect();
        errors.extend(rule_errors);
        errors.sort_by_key(|e| e.line);
        errors.dedup();
        Err(OrgFileErrors { errors })
    }

    /// Maps a problem in the merged organisation back to the file line of
    /// the entity (matched by its key), or to the stored organisation.
    fn locate(&self, keys: &FileKeys, merged: &Org, p: OrgError) -> OrgFileError {
        let file_index = match p.entity {
            "company" => Some(0),
            "units" => keys.units.get(merged.units[p.index].code.as_str()).copied(),
            "people" => keys.people.get(merged.people[p.index].code.as_str()).copied(),
            "roles" => keys.roles.get(merged.roles[p.index].code.as_str()).copied(),
            "assignments" => {
                let a = &merged.assignments[p.index];
                keys.assignments.get(&(a.person.as_str(), a.unit.as_str(), a.role.as_str(), a.range.from)).copied()
            }
            "project_groups" => keys.project_groups.get(merged.project_groups[p.index].code.as_str()).copied(),
            "stores" => keys.stores.get(merged.stores[p.index].code.as_str()).copied(),
            "skus" => keys.skus.get(merged.skus[p.index].code.as_str()).copied(),
            "responsibilities" => {
                let r = &merged.credit.responsibilities[p.index];
                keys.responsibilities.get(&(r.person.as_str(), r.role.as_str(), &r.scope, r.range.from)).copied()
            }
            "customer_owners" => {
                let o = &merged.credit.customer_owners[p.index];
                keys.customer_owners.get(&(o.customer.as_str(), o.range.from)).copied()
            }
            "key_accounts" => {
                let k = &merged.credit.key_accounts[p.index];
                keys.key_accounts.get(&(k.customer.as_str(), k.range.from)).copied()
            }
            _ => None,
        };
        match file_index {
            Some(i) => {
                let line = self
                    .lines
                    .get(&(p.entity, i, p.field))
                    .or_else(|| self.lines.get(&(p.entity, i, "code")))
                    .or_else(|| self.lines.get(&(p.entity, i, "person")))
                    .or_else(|| self.lines.get(&(p.entity, i, "customer")))
                    .copied()
                    .unwrap_or(1);
                OrgFileError { line, field: format!("{}[{}].{}", p.entity, i, p.field), reason: OrgReason::Org(p.problem) }
            }
            None => OrgFileError { line: 0, field: format!("{}[{}].{}", p.entity, p.index, p.field), reason: OrgReason::Org(p.problem) },
        }
    }
}

/// Position in the file of the first entity with each key, built once per
/// refused file: searching the file's list for every problem was quadratic
/// when a large file has many problems (e.g. every SKU naming a missing unit).
struct FileKeys<'a> {
    units: HashMap<&'a str, usize>,
    people: HashMap<&'a str, usize>,
    roles: HashMap<&'a str, usize>,
    assignments: HashMap<(&'a str, &'a str, &'a str, NaiveDate), usize>,
    project_groups: HashMap<&'a str, usize>,
    stores: HashMap<&'a str, usize>,
    skus: HashMap<&'a str, usize>,
    responsibilities: HashMap<(&'a str, &'a str, &'a Scope, NaiveDate), usize>,
    customer_owners: HashMap<(&'a str, NaiveDate), usize>,
    key_accounts: HashMap<(&'a str, NaiveDate), usize>,
}

impl<'a> FileKeys<'a> {
    fn new(org: &'a Org) -> Self {
        Self {
            units: first_index(org.units.iter().map(|u| u.code.as_str())),
            people: first_index(org.people.iter().map(|p| p.code.as_str())),
            roles: first_index(org.roles.iter().map(|r| r.code.as_str())),
            assignments: first_index(org.assignments.iter().map(|a| (a.person.as_str(), a.unit.as_str(), a.role.as_str(), a.range.from))),
            project_groups: first_index(org.project_groups.iter().map(|g| g.code.as_str())),
            stores: first_index(org.stores.iter().map(|s| s.code.as_str())),
            skus: first_index(org.skus.iter().map(|s| s.code.as_str())),
            responsibilities: first_index(
                org.credit.responsibilities.iter().map(|r| (r.person.as_str(), r.role.as_str(), &r.scope, r.range.from)),
            ),
            customer_owners: first_index(org.credit.customer_owners.iter().map(|o| (o.customer.as_str(), o.range.from))),
            key_accounts: first_index(org.credit.key_accounts.iter().map(|k| (k.customer.as_str(), k.range.from))),
        }
    }
}

/// Maps each key to the index of its first occurrence.
fn first_index<K: Eq + Hash>(keys: impl Iterator<Item = K>) -> HashMap<K, usize> {
    let mut out = HashMap::new();
    for (i, k) in keys.enumerate() {
        out.entry(k).or_insert(i);
    }
    out
}

#[cfg(test)]
mod tests;
