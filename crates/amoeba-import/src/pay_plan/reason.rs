//! What is wrong at one place of a pay plan file, as data: the admin page
//! and the CLI render the same [`PayPlanReason`] in the reader's language;
//! a program reads its stable code.

use amoeba_core::incentive::PayError;
use amoeba_core::Lang;
use std::fmt;

/// One problem of a pay plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayPlanReason {
    /// The TOML does not parse (the parser's words follow).
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
    /// A key this component's method does not use.
    KeyNotForMethod {
        /// The key.
        key: String,
        /// The method.
        method: String,
    },
    /// A required key is absent.
    MissingKey {
        /// The key.
        key: String,
    },
    /// Two keys that exclude each other.
    BothKeys {
        /// One.
        a: String,
        /// The other.
        b: String,
    },
    /// One of two keys is needed.
    EitherKey {
        /// One.
        a: String,
        /// The other.
        b: String,
    },
    /// A value of the wrong TOML type.
    WrongType {
        /// What was expected (`text`, `number`, `date`, `table`, `list`, `true or false`, `whole number`).
        expected: &'static str,
        /// The TOML type found.
        found: String,
    },
    /// Not a YYYY-MM-DD date.
    NotADate {
        /// The text.
        value: String,
    },
    /// Not a decimal number (or a percentage).
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
        /// What the list is (`method`, `base`, `split`…).
        what: &'static str,
        /// The value.
        value: String,
        /// The values there are.
        known: Vec<String>,
    },
    /// The plan breaks a rule of the pay engine.
    Pay(PayError),
}

fn zh_type(t: &str) -> &str {
    match t {
        "string" | "text" => "文本",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "布尔值",
        "datetime" => "日期时间",
        "array" | "list" => "列表",
        "table" => "表",
        "number" => "数字",
        "date" => "日期",
        "true or false" => "true 或 false",
        "whole number" => "整数",
        other => other,
    }
}

impl PayPlanReason {
    /// A stable snake_case code, for programs; never translated.
    pub fn code(&self) -> &'static str {
        use PayPlanReason::*;
        match self {
            Syntax { .. } => "toml_syntax",
            UnknownKey { .. } => "unknown_key",
            KeyNotForMethod { .. } => "key_not_for_method",
            MissingKey { .. } => "missing_key",
            BothKeys { .. } => "both_keys",
            EitherKey { .. } => "either_key",
            WrongType { .. } => "wrong_type",
            NotADate { .. } => "not_a_date",
            NotADecimal { .. } => "not_a_decimal",
            EndsBeforeStart { .. } => "ends_before_start",
            UnknownChoice { .. } => "unknown_choice",
            Pay(e) => e.code(),
        }
    }

    /// The reason as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use PayPlanReason::*;
        match (self, lang) {
            (Pay(e), _) => e.render(lang),
            (Syntax { detail }, Lang::En) => format!("not valid TOML: {detail}"),
            (Syntax { detail }, Lang::Zh) => format!("不是有效的 TOML：{detail}"),
            (UnknownKey { key, expected }, Lang::En) => format!("unknown key `{key}` (this section has: {})", expected.join(", ")),
            (UnknownKey { key, expected }, Lang::Zh) => format!("未知的键 `{key}`（本节可用的键：{}）", expected.join("、")),
            (KeyNotForMethod { key, method }, Lang::En) => format!("`{key}` is not used by method '{method}'"),
            (KeyNotForMethod { key, method }, Lang::Zh) => format!("方法 '{method}' 不使用 `{key}`"),
            (MissingKey { key }, Lang::En) => format!("missing key `{key}`"),
            (MissingKey { key }, Lang::Zh) => format!("缺少键 `{key}`"),
            (BothKeys { a, b }, Lang::En) => format!("give `{a}` or `{b}`, not both"),
            (BothKeys { a, b }, Lang::Zh) => format!("`{a}` 与 `{b}` 只能填一个"),
            (EitherKey { a, b }, Lang::En) => format!("give `{a}` or `{b}`"),
            (EitherKey { a, b }, Lang::Zh) => format!("需要填写 `{a}` 或 `{b}`"),
            (WrongType { expected, found }, Lang::En) => format!("expected {expected}, got {found}"),
            (WrongType { expected, found }, Lang::Zh) => format!("应为{}，实际是{}", zh_type(expected), zh_type(found)),
            (NotADate { value }, Lang::En) => format!("'{value}' is not a date (expected YYYY-MM-DD, e.g. 2026-01-31)"),
            (NotADate { value }, Lang::Zh) => format!("'{value}' 不是日期（应写成 YYYY-MM-DD，例如 2026-01-31）"),
            (NotADecimal { value }, Lang::En) => format!("'{value}' is not a number (expected e.g. 12.30, or a rate as \"2%\" or 0.02)"),
            (NotADecimal { value }, Lang::Zh) => format!("'{value}' 不是数字（例如 12.30；比例写成 \"2%\" 或 0.02）"),
            (EndsBeforeStart { from, to }, Lang::En) => format!("ends on {to}, before it starts on {from}"),
            (EndsBeforeStart { from, to }, Lang::Zh) => format!("结束日 {to} 早于开始日 {from}"),
            (UnknownChoice { what, value, known }, Lang::En) => format!("unknown {what} '{value}' (expected one of: {})", known.join(", ")),
            (UnknownChoice { what, value, known }, Lang::Zh) => format!("未知的 {what} '{value}'（可选：{}）", known.join("、")),
        }
    }
}

impl fmt::Display for PayPlanReason {
    /// English, for logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amoeba_core::incentive::PayError;

    #[test]
    fn every_reason_renders_in_both_languages_with_a_distinct_code() {
        let s = |v: &str| v.to_string();
        let all = vec![
            PayPlanReason::Syntax { detail: s("x") },
            PayPlanReason::UnknownKey { key: s("k"), expected: vec![s("a")] },
            PayPlanReason::KeyNotForMethod { key: s("tiers"), method: s("stage") },
            PayPlanReason::MissingKey { key: s("code") },
            PayPlanReason::BothKeys { a: s("rate"), b: s("tiers") },
            PayPlanReason::EitherKey { a: s("rate"), b: s("tiers") },
            PayPlanReason::WrongType { expected: "number", found: s("boolean") },
            PayPlanReason::NotADate { value: s("x") },
            PayPlanReason::NotADecimal { value: s("x") },
            PayPlanReason::EndsBeforeStart { from: s("2026-02-01"), to: s("2026-01-31") },
            PayPlanReason::UnknownChoice { what: "method", value: s("x"), known: vec![s("individual")] },
            PayPlanReason::Pay(PayError::NoBands),
        ];
        let mut codes: Vec<&str> = all.iter().map(PayPlanReason::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for r in all {
            assert!(chinese(&r.render(Lang::Zh)), "{r:?}");
            assert!(!chinese(&r.render(Lang::En)), "{r:?}");
        }
    }
}
