//! Playbooks: a unit's library of templates — complaint replies, product
//! video scripts, livestream run-sheets — versioned, in Chinese and English,
//! with variables filled from a product, an order or a customer. Seed 004:
//! standard complaint answers, short product videos (product, use cases,
//! price, advantages) sent the moment an inquiry comes in, and livestreams
//! rehearsed from a plan, a poster brief, a promotion plan, a script and
//! reply templates.
//!
//! Syntax (docs/oversight.md, "Templates"): `{{ name }}` is replaced by the
//! variable's value; a name is dot-separated words of letters, digits and
//! `_` (`sku.name`, `order.id`, `customer.name`), spaces inside the braces
//! are ignored. There is no escape and no logic: a `{{` that is not closed
//! by `}}` on the same line, a name that is not a name, or a variable the
//! caller has no value for is an error naming its line and column, so a
//! reply never goes out with a hole in it. A lone `}}` is text.

use crate::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// A reply to a customer's complaint.
    ComplaintReply,
    /// A short product video: product, use cases, price, advantages.
    ProductVideoScript,
    /// Livestream run-sheet: the plan.
    LivestreamPlan,
    /// Livestream run-sheet: the poster brief for the designer.
    LivestreamPoster,
    /// Livestream run-sheet: the promotion plan.
    LivestreamPromotion,
    /// Livestream run-sheet: the host's script.
    LivestreamScript,
    /// Livestream run-sheet: replies to viewers' questions.
    LivestreamReplies,
}

impl TemplateKind {
    /// The kind's name in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            TemplateKind::ComplaintReply => ("客诉回复", "Complaint reply"),
            TemplateKind::ProductVideoScript => ("产品短视频脚本", "Product video script"),
            TemplateKind::LivestreamPlan => ("直播方案", "Livestream plan"),
            TemplateKind::LivestreamPoster => ("直播海报需求", "Livestream poster brief"),
            TemplateKind::LivestreamPromotion => ("直播促销计划", "Livestream promotion plan"),
            TemplateKind::LivestreamScript => ("直播脚本", "Livestream script"),
            TemplateKind::LivestreamReplies => ("直播回复模板", "Livestream reply templates"),
        };
        lang.pick(zh, en)
    }
}

/// One version of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// The unit whose library it is in.
    pub unit: String,
    /// Its code, the same across versions (`late-delivery`).
    pub code: String,
    /// Version, from 1.
    pub version: u32,
    /// What it is for.
    pub kind: TemplateKind,
    /// Title in Chinese.
    pub title_zh: String,
    /// Title in English.
    pub title_en: String,
    /// Body in Chinese.
    pub body_zh: String,
    /// Body in English.
    pub body_en: String,
    /// Search tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Template {
    /// The body in `lang`.
    pub fn body(&self, lang: Lang) -> &str {
        lang.pick(&self.body_zh, &self.body_en)
    }

    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title_zh, &self.title_en)
    }
}

/// Why a template cannot be used (or a version cannot be added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{{` without `}}` on its line.
    Unclosed {
        /// 1-based line.
        line: usize,
        /// 1-based column (characters) of the `{{`.
        column: usize,
    },
    /// Braces around something that is not a variable name.
    BadName {
        /// What was inside.
        name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column of the `{{`.
        column: usize,
    },
    /// A variable with no value.
    Unknown {
        /// The variable.
        name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column of the `{{`.
        column: usize,
    },
    /// A version that is not the next one of its template.
    NotNextVersion {
        /// The template's code.
        code: String,
        /// The version expected.
        expected: u32,
        /// The version given.
        got: u32,
    },
}

impl TemplateError {
    /// A stable snake_case id, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            TemplateError::Unclosed { .. } => "template_unclosed",
            TemplateError::BadName { .. } => "template_bad_name",
            TemplateError::Unknown { .. } => "template_unknown_variable",
            TemplateError::NotNextVersion { .. } => "template_not_next_version",
        }
    }

    /// The error as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (TemplateError::Unclosed { line, column }, Lang::Zh) => {
                format!("第 {line} 行第 {column} 列的「{{{{」没有在同一行用「}}}}」闭合")
            }
            (TemplateError::Unclosed { line, column }, Lang::En) => {
                format!("line {line}, column {column}: '{{{{' is not closed by '}}}}' on its line")
            }
            (TemplateError::BadName { name, line, column }, Lang::Zh) => {
                format!("第 {line} 行第 {column} 列：「{name}」不是变量名（应写成 sku.name 这样的形式）")
            }
            (TemplateError::BadName { name, line, column }, Lang::En) => {
                format!("line {line}, column {column}: '{name}' is not a variable name (expected e.g. sku.name)")
            }
            (TemplateError::Unknown { name, line, column }, Lang::Zh) => format!("第 {line} 行第 {column} 列：变量「{name}」没有值"),
            (TemplateError::Unknown { name, line, column }, Lang::En) => {
                format!("line {line}, column {column}: no value for variable '{name}'")
            }
            (TemplateError::NotNextVersion { code, expected, got }, Lang::Zh) => {
                format!("模板 {code} 的下一个版本应为 {expected}，实际为 {got}")
            }
            (TemplateError::NotNextVersion { code, expected, got }, Lang::En) => {
                format!("the next version of template {code} is {expected}, not {got}")
            }
        }
    }
}

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Var { name: &'a str, line: usize, column: usize },
}

pub(crate) fn is_name(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(|w| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// Splits a body into text and variables, or the first error.
fn parse(body: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut line_start = 0usize;
    for (line_no, line) in body.split_inclusive('\n').enumerate() {
        let mut rest = 0usize;
        while let Some(open) = line[rest..].find("{{") {
            let at = rest + open;
            let column = line[..at].chars().count() + 1;
            let Some(close) = line[at + 2..].find("}}") else {
                return Err(TemplateError::Unclosed { line: line_no + 1, column });
            };
            let inner = &line[at + 2..at + 2 + close];
            let name = inner.trim();
            if !is_name(name) {
                return Err(TemplateError::BadName { name: inner.to_string(), line: line_no + 1, column });
            }
            out.push(Piece::Text(&body[line_start + rest..line_start + at]));
            out.push(Piece::Var { name, line: line_no + 1, column });
            rest = at + 2 + close + 2;
        }
        out.push(Piece::Text(&body[line_start + rest..line_start + line.len()]));
        line_start += line.len();
    }
    Ok(out)
}

/// The variables a body uses, each once, in order of first use.
pub fn variables(body: &str) -> Result<Vec<String>, TemplateError> {
    let mut out: Vec<String> = Vec::new();
    for p in parse(body)? {
        if let Piece::Var { name, .. } = p {
            if !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
    }
    Ok(out)
}

/// The body with every variable replaced by its value from `values`; the
/// first variable without a value is an error naming its place.
pub fn render(body: &str, values: &BTreeMap<String, String>) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(body.len());
    for p in parse(body)? {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Var { name, line, column } => match values.get(name) {
                Some(v) => out.push_str(v),
                None => return Err(TemplateError::Unknown { name: name.to_string(), line, column }),
            },
        }
    }
    Ok(out)
}

/// A unit's templates, every version kept.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Library {
    /// All versions of all templates.
    pub templates: Vec<Template>,
}

impl Library {
    /// Adds a version: it must be the next of its (unit, code), 1 for a new
    /// template, and both bodies must parse. Versions are never replaced.
    pub fn add(&mut self, t: Template) -> Result<(), TemplateError> {
        let expected = self.latest(&t.unit, &t.code).map_or(1, |l| l.version + 1);
        if t.version != expected {
            return Err(TemplateError::NotNextVersion { code: t.code.clone(), expected, got: t.version });
        }
        parse(&t.body_zh)?;
        parse(&t.body_en)?;
        self.templates.push(t);
        Ok(())
    }

    /// The latest version of a template.
    pub fn latest(&self, unit: &str, code: &str) -> Option<&Template> {
        self.templates.iter().filter(|t| t.unit == unit && t.code == code).max_by_key(|t| t.version)
    }

    /// One version of a template.
    pub fn version(&self, unit: &str, code: &str, version: u32) -> Option<&Template> {
        self.templates.iter().find(|t| t.unit == unit && t.code == code && t.version == version)
    }

    /// The latest version of each template of `unit` (all units when `None`)
    /// whose titles, bodies (either language) or tags contain `query`,
    /// ignoring case; sorted by unit and code.
    pub fn search(&self, unit: Option<&str>, query: &str) -> Vec<&Template> {
        let q = query.trim().to_lowercase();
        let mut latest: BTreeMap<(&str, &str), &Template> = BTreeMap::new();
        for t in self.templates.iter().filter(|t| unit.is_none_or(|u| t.unit == u)) {
            let e = latest.entry((t.unit.as_str(), t.code.as_str())).or_insert(t);
            if t.version > e.version {
                *e = t;
            }
        }
        latest
            .into_values()
            .filter(|t| {
                [&t.title_zh, &t.title_en, &t.body_zh, &t.body_en].iter().any(|s| s.to_lowercase().contains(&q))
                    || t.tags.iter().any(|g| g.to_lowercase().contains(&q))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn late_delivery(version: u32, extra: &str) -> Template {
        Template {
            unit: "ALI-TEAM".into(),
            code: "late-delivery".into(),
            version,
            kind: TemplateKind::ComplaintReply,
            title_zh: "物流延误致歉".into(),
            title_en: "Late delivery apology".into(),
            body_zh: format!("尊敬的 {{{{customer.name}}}}：\n您的订单 {{{{ order.id }}}} 延误了，非常抱歉。{extra}"),
            body_en: format!("Dear {{{{customer.name}}}},\nwe are sorry that order {{{{ order.id }}}} ({{{{sku.name}}}}) is late.{extra}"),
            tags: vec!["Logistics".into(), "物流".into()],
        }
    }

    /// docs/oversight.md, "Templates", worked example.
    #[test]
    fn worked_example_template() {
        let t = late_delivery(1, "");
        assert_eq!(variables(&t.body_en).unwrap(), vec!["customer.name", "order.id", "sku.name"]);
        let v = vars(&[("customer.name", "Ms Rossi"), ("order.id", "A-1001"), ("sku.name", "LED desk lamp")]);
        assert_eq!(render(t.body(Lang::En), &v).unwrap(), "Dear Ms Rossi,\nwe are sorry that order A-1001 (LED desk lamp) is late.");
        assert_eq!(render(t.body(Lang::Zh), &v).unwrap(), "尊敬的 Ms Rossi：\n您的订单 A-1001 延误了，非常抱歉。");
        let missing = render(t.body(Lang::En), &vars(&[("customer.name", "Ms Rossi")])).unwrap_err();
        assert_eq!(missing, TemplateError::Unknown { name: "order.id".into(), line: 2, column: 25 });
        assert_eq!(missing.render(Lang::En), "line 2, column 25: no value for variable 'order.id'");
    }

    #[test]
    fn unclosed_and_bad_names_name_their_place() {
        let e = render("ok\n价格 {{sku.price\n}}", &BTreeMap::new()).unwrap_err();
        assert_eq!(e, TemplateError::Unclosed { line: 2, column: 4 });
        assert_eq!(e.render(Lang::En), "line 2, column 4: '{{' is not closed by '}}' on its line");
        assert!(e.render(Lang::Zh).contains("第 2 行第 4 列"));
        let e = variables("a {{ sku name }} b").unwrap_err();
        assert_eq!(e.code(), "template_bad_name");
        assert_eq!(variables("{{}}").unwrap_err().code(), "template_bad_name");
        assert_eq!(variables("{{a..b}}").unwrap_err().code(), "template_bad_name");
        assert_eq!(render("a }} b", &BTreeMap::new()).unwrap(), "a }} b", "a lone }} is text");
        assert_eq!(render("{{x}}{{x}}", &vars(&[("x", "1")])).unwrap(), "11");
    }

    #[test]
    fn versions_follow_one_another_and_search_finds_the_latest() {
        let mut lib = Library::default();
        lib.add(late_delivery(1, "")).unwrap();
        assert_eq!(
            lib.add(late_delivery(3, "")).unwrap_err(),
            TemplateError::NotNextVersion { code: "late-delivery".into(), expected: 2, got: 3 }
        );
        lib.add(late_delivery(2, " We refunded the shipping.")).unwrap();
        let broken = Template { body_en: "{{oops".into(), ..late_delivery(3, "") };
        assert_eq!(lib.add(broken).unwrap_err().code(), "template_unclosed");
        assert_eq!(lib.latest("ALI-TEAM", "late-delivery").map(|t| t.version), Some(2));
        assert!(lib.version("ALI-TEAM", "late-delivery", 1).is_some());
        let video = Template {
            code: "lamp-video".into(),
            version: 1,
            kind: TemplateKind::ProductVideoScript,
            title_zh: "台灯短视频".into(),
            title_en: "Desk lamp video".into(),
            body_zh: "{{sku.name}}：适用场景……".into(),
            body_en: "{{sku.name}}: where it shines…".into(),
            tags: vec![],
            ..late_delivery(1, "")
        };
        lib.add(video).unwrap();
        let found: Vec<_> = lib.search(Some("ALI-TEAM"), "LOGISTICS").iter().map(|t| (t.code.clone(), t.version)).collect();
        assert_eq!(found, vec![("late-delivery".to_string(), 2)]);
        assert_eq!(lib.search(None, "refunded").len(), 1, "the body of the latest version");
        assert_eq!(lib.search(None, "台灯").len(), 1);
        assert_eq!(lib.search(Some("OTHER"), "lamp").len(), 0);
        assert_eq!(lib.search(None, "").len(), 2, "an empty query lists everything");
        assert_ne!(TemplateKind::LivestreamPoster.label(Lang::Zh), TemplateKind::LivestreamPoster.label(Lang::En));
    }
}
