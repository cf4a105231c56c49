//! What is wrong with one place of an organisation file, as data: the admin
//! page and the CLI render the same [`OrgReason`] in the reader's language.

use crate::reason::Reason;
use amoeba_core::accounting::rules::RuleError;
use amoeba_core::org::OrgProblem;
use amoeba_core::Lang;
use std::fmt;

/// Which closed list a value was looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A unit's `kind`.
    UnitKind,
    /// A store's `platform`.
    Platform,
    /// A charge rule's `basis`.
    Basis,
    /// A fixed charge's `split`.
    Split,
    /// An allocation rule's `driver`.
    Driver,
    /// A store's `books_sales_from`.
    SalesSource,
}

impl Choice {
    fn zh(self) -> &'static str {
        match self {
            Choice::UnitKind => "巴的类型",
            Choice::Platform => "平台",
            Choice::Basis => "计费方式",
            Choice::Split => "分摊方式",
            Choice::Driver => "分摊动因",
            Choice::SalesSource => "销售入账来源",
        }
    }
    fn en(self) -> &'static str {
        match self {
            Choice::UnitKind => "unit kind",
            Choice::Platform => "platform",
            Choice::Basis => "basis",
            Choice::Split => "split",
            Choice::Driver => "driver",
            Choice::SalesSource => "sales source",
        }
    }
}

/// One problem of an organisation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgReason {
    /// The TOML does not parse (the parser's own words follow).
    Syntax {
        /// What the TOML reader said.
        detail: String,
    },
    /// A key this section does not have.
    UnknownKey {
        /// The key.
        key: String,
        /// The keys it has.
        expected: Vec<String>,
    },
    /// A required key is absent.
    MissingKey {
        /// The key.
        key: String,
    },
    /// A value of the wrong TOML type.
    WrongType {
        /// `date` or `number`.
        expected: &'static str,
        /// The TOML type found.
        found: String,
    },
    /// Not a YYYY-MM-DD date.
    NotADate {
        /// The text.
        value: String,
    },
    /// Not a decimal number.
    NotADecimal {
        /// The text.
        value: String,
    },
    /// A date range that ends before it starts.
    EndsBeforeStart {
        /// First day.
        from: String,
        /// Last day.
        to: String,
    },
    /// A value outside a closed list.
    UnknownChoice {
        /// Which list.
        what: Choice,
        /// The value.
        value: String,
        /// The values there are.
        known: Vec<String>,
    },
    /// A figure the rule's basis does not use.
    FigureNotUsed {
        /// The key given.
        key: String,
        /// The basis.
        basis: String,
        /// The key the basis takes.
        takes: String,
    },
    /// The basis's figure is missing.
    BasisNeeds {
        /// The basis.
        basis: String,
        /// The key it needs.
        key: String,
    },
    /// `split` on a basis other than a fixed monthly amount.
    SplitOnlyFixed {
        /// The basis.
        basis: String,
    },
    /// `fixed_shares` without shares.
    SharesNeeded,
    /// `shares` on another driver.
    SharesNotUsed {
        /// The driver.
        driver: String,
    },
    /// One rule version twice in the file.
    RuleTwice {
        /// The rule code.
        code: String,
        /// Its first day.
        from: String,
    },
    /// One code twice in the same list of the file.
    DuplicateInFile {
        /// The code.
        code: String,
        /// The line of its first entry.
        first_line: usize,
    },
    /// No company section and no company stored.
    NoCompany,
    /// A responsibility with both `sku` and `skus`.
    SkuAndSkus,
    /// A responsibility with `skus` and no `store`.
    SkusNeedStore,
    /// A code twice in one list of one entry (a SKU twice in `skus`), or
    /// one credit rule's key twice in the file.
    ListedTwice {
        /// The code or key.
        code: String,
    },
    /// A cell value the data-file reader also refuses (currency, fact kind).
    Cell(Reason),
    /// The organisation after the merge breaks a rule.
    Org(OrgProblem),
    /// A charge or allocation rule breaks a rule of the engine.
    Rule(RuleError),
}

impl OrgReason {
    /// A stable snake_case id, for programs; never translated.
    pub fn code(&self) -> &'static str {
        use OrgReason::*;
        match self {
            Syntax { .. } => "toml_syntax",
            UnknownKey { .. } => "unknown_key",
            MissingKey { .. } => "missing_key",
            WrongType { .. } => "wrong_type",
            NotADate { .. } => "not_a_date",
            NotADecimal { .. } => "not_a_decimal",
            EndsBeforeStart { .. } => "ends_before_start",
            UnknownChoice { .. } => "unknown_choice",
            FigureNotUsed { .. } => "figure_not_used",
            BasisNeeds { .. } => "basis_needs",
            SplitOnlyFixed { .. } => "split_only_fixed",
            SharesNeeded => "shares_needed",
            SharesNotUsed { .. } => "shares_not_used",
            RuleTwice { .. } => "rule_twice",
            DuplicateInFile { .. } => "duplicate_in_file",
            NoCompany => "no_company",
            SkuAndSkus => "sku_and_skus",
            SkusNeedStore => "skus_need_store",
            ListedTwice { .. } => "listed_twice",
            Cell(r) => r.code(),
            Org(p) => p.code(),
            Rule(_) => "rule",
        }
    }

    /// The reason as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use OrgReason::*;
        match (self, lang) {
            (Cell(r), _) => r.render(lang),
            (Org(p), _) => p.render(lang),
            (Rule(e), _) => e.render(lang),
            (_, Lang::En) => self.english(),
            (_, Lang::Zh) => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use OrgReason::*;
        match self {
            Syntax { detail } => format!("not valid TOML: {detail}"),
            UnknownKey { key, expected } => format!("unknown key `{key}` (this section has: {})", expected.join(", ")),
            MissingKey { key } => format!("missing key `{key}`"),
            WrongType { expected: "date", found } => format!("expected a date like 2026-01-31, got {found}"),
            WrongType { found, .. } => format!("expected a number like 12.30, got {found}"),
            NotADate { value } => format!("'{value}' is not a date (expected YYYY-MM-DD, e.g. 2026-01-31)"),
            NotADecimal { value } => format!("'{value}' is not a decimal number (expected e.g. 12.30)"),
            EndsBeforeStart { from, to } => format!("ends on {to}, before it starts on {from}"),
            UnknownChoice { what, value, known } => format!("unknown {} '{value}' (expected one of: {})", what.en(), known.join(", ")),
            FigureNotUsed { key, basis, takes } => format!("`{key}` is not used by basis '{basis}' (it takes `{takes}`)"),
            BasisNeeds { basis, key } => format!("basis '{basis}' needs `{key}`"),
            SplitOnlyFixed { basis } => format!("`split` is only used by basis 'fixed_per_month', not '{basis}'"),
            SharesNeeded => "driver 'fixed_shares' needs `shares = [{ unit = \"…\", share = 1 }, …]`".into(),
            SharesNotUsed { driver } => format!("`shares` is only used by driver 'fixed_shares', not '{driver}'"),
            RuleTwice { code, from } => format!("rule '{code}' from {from} is listed twice in this file"),
            DuplicateInFile { code, first_line } => {
                format!("'{code}' is already listed on line {first_line} of this file; list each code once")
            }
            NoCompany => "the file has no [company] section and no company exists yet; add [company] with code and name".into(),
            SkuAndSkus => "give either `sku` (one SKU) or `skus` (a list), not both".into(),
            SkusNeedStore => {
                "`skus` is a store × SKU set and needs `store`; for a SKU in every store write one responsibility per `sku`".into()
            }
            ListedTwice { code } => format!("'{code}' is listed twice; list it once"),
            Cell(_) | Org(_) | Rule(_) => unreachable!("rendered by their own type"),
        }
    }

    fn chinese(&self) -> String {
        use OrgReason::*;
        match self {
            Syntax { detail } => format!("不是有效的 TOML：{detail}"),
            UnknownKey { key, expected } => format!("未知的键 `{key}`（本节可用的键：{}）", expected.join("、")),
            MissingKey { key } => format!("缺少键 `{key}`"),
            WrongType { expected: "date", found } => format!("应为日期（如 2026-01-31），实际是 {}", toml_type_zh(found)),
            WrongType { found, .. } => format!("应为数字（如 12.30），实际是 {}", toml_type_zh(found)),
            NotADate { value } => format!("'{value}' 不是日期（应写成 YYYY-MM-DD，例如 2026-01-31）"),
            NotADecimal { value } => format!("'{value}' 不是数字（例如 12.30）"),
            EndsBeforeStart { from, to } => format!("结束日 {to} 早于开始日 {from}"),
            UnknownChoice { what, value, known } => format!("未知的{} '{value}'（可选：{}）", what.zh(), known.join("、")),
            FigureNotUsed { key, basis, takes } => format!("计费方式 '{basis}' 不使用 `{key}`（它使用 `{takes}`）"),
            BasisNeeds { basis, key } => format!("计费方式 '{basis}' 需要 `{key}`"),
            SplitOnlyFixed { basis } => format!("`split` 只用于计费方式 'fixed_per_month'，不用于 '{basis}'"),
            SharesNeeded => "分摊动因 'fixed_shares' 需要 `shares = [{ unit = \"…\", share = 1 }, …]`".into(),
            SharesNotUsed { driver } => format!("`shares` 只用于分摊动因 'fixed_shares'，不用于 '{driver}'"),
            RuleTwice { code, from } => format!("规则 '{code}' 自 {from} 起的版本在本文件中出现了两次"),
            DuplicateInFile { code, first_line } => format!("'{code}' 已在本文件第 {first_line} 行列出；每个代码只能列一次"),
            NoCompany => "文件没有 [company] 部分，且尚未建立公司；请添加包含 code 和 name 的 [company]".into(),
            SkuAndSkus => "`sku`（单个 SKU）与 `skus`（列表）只能填一个".into(),
            SkusNeedStore => "`skus` 表示店铺 × SKU 组合，需要填写 `store`；若要覆盖所有店铺的某个 SKU，请每个 SKU 写一条 `sku`".into(),
            ListedTwice { code } => format!("'{code}' 列了两次；只列一次"),
            Cell(_) | Org(_) | Rule(_) => unreachable!("rendered by their own type"),
        }
    }
}

/// The TOML type names the parser reports, in Chinese.
fn toml_type_zh(t: &str) -> &str {
    match t {
        "string" => "文本",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "布尔值",
        "datetime" => "日期时间",
        "array" => "数组",
        "table" => "表",
        other => other,
    }
}

impl fmt::Display for OrgReason {
    /// The English rendering (logs, the CLI's default).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Reads what the TOML reader says into a reason: serde's unknown and
/// missing fields become their own reasons, the rest keeps the parser's words.
pub(super) fn from_toml(message: &str) -> OrgReason {
    let m = message.trim();
    if let Some(rest) = m.strip_prefix("unknown field `") {
        if let Some((key, tail)) = rest.split_once('`') {
            let expected = tail
                .split_once("expected ")
                .map(|(_, list)| {
                    list.split([',', ' '])
                        .map(|w| w.trim_matches(|c| c == '`' || c == '.'))
                        .filter(|w| !w.is_empty() && *w != "or" && *w != "one" && *w != "of")
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            return OrgReason::UnknownKey { key: key.to_string(), expected };
        }
    }
    if let Some(rest) = m.strip_prefix("missing field `") {
        if let Some((key, _)) = rest.split_once('`') {
            return OrgReason::MissingKey { key: key.to_string() };
        }
    }
    OrgReason::Syntax { detail: m.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_field_messages_become_reasons() {
        let r = from_toml("unknown field `colour`, expected one of `code`, `name`, `kind`");
        assert_eq!(r, OrgReason::UnknownKey { key: "colour".into(), expected: vec!["code".into(), "name".into(), "kind".into()] });
        assert!(r.render(Lang::Zh).contains("未知的键 `colour`"));
        assert_eq!(from_toml("missing field `name`"), OrgReason::MissingKey { key: "name".into() });
        assert!(matches!(from_toml("invalid table header"), OrgReason::Syntax { .. }));
    }
}
