//! Problems of a month's P&L in the reader's language, and the units each
//! concerns — so a page shows a member their own units' problems, in
//! Chinese, and `Display` stays the English text logs and the CLI print.

use super::allocation::AllocError;
use super::charges::ChargeError;
use super::cogs::CogsError;
use super::errors::PnlError;
use super::fx::FxError;
use super::rules::RuleError;
use super::tree::TreeError;
use crate::Lang;

impl PnlError {
    /// The problem in words of `lang` (English is the `Display` text).
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => self.zh(),
        }
    }

    /// The units the problem is about (empty for the company as a whole:
    /// FX rates, landed costs, the tree). A store's problem is its owning
    /// unit's, which the caller resolves from the organisation.
    pub fn units(&self) -> Vec<&str> {
        match self {
            PnlError::UnknownUnit { .. } => Vec::new(),
            PnlError::StoreUnitMismatch { unit, owner, .. } => vec![unit, owner],
            PnlError::SaleWithoutSku { unit, .. } | PnlError::Hours { unit, .. } => vec![unit],
            PnlError::Charge(ChargeError::NegativeSales { unit, .. } | ChargeError::Overflow { unit, .. }) => vec![unit],
            PnlError::Allocation(AllocError::NegativeDriver { unit, .. }) => vec![unit],
            _ => Vec::new(),
        }
    }

    /// The store the problem is about, if it is one store's.
    pub fn store(&self) -> Option<&str> {
        match self {
            PnlError::UnknownStore { store } | PnlError::NoStoreOwner { store, .. } | PnlError::StoreUnitMismatch { store, .. } => {
                Some(store)
            }
            _ => None,
        }
    }

    fn zh(&self) -> String {
        match self {
            PnlError::Tree(TreeError::DuplicateUnit(u)) => format!("单位 '{u}' 定义了两次，第二次的定义被忽略"),
            PnlError::Tree(TreeError::Unreachable(u)) => format!("单位 '{u}' 不在任何根单位之下（上级未知或成环），未计入损益"),
            PnlError::BaseCurrency { org, fx } => format!("汇率表以 {fx} 为本位币，而公司本位币是 {org}"),
            PnlError::Fx(FxError::MissingRate { currency, day }) => {
                format!("缺少 {currency} 在 {day} 当天或之前的汇率：请导入自 {day} 起的 {currency} 汇率")
            }
            PnlError::Fx(FxError::Overflow { currency, day, amount }) => {
                format!("{day} 的 {amount} {currency} 换算溢出（请检查汇率或金额）")
            }
            PnlError::OutsideMonth { what, day, month } => format!("{} 的日期 {day} 不在正在计算的 {month} 内", what_zh(what)),
            PnlError::UnknownUnit { what, unit } => format!("{}：未知单位 '{unit}'", what_zh(what)),
            PnlError::UnknownStore { store } => format!("未知店铺 '{store}'（请在组织文件中添加）"),
            PnlError::NoStoreOwner { store, day } => format!("店铺 '{store}' 在 {day} 没有所属单位（请延长其归属期）"),
            PnlError::StoreUnitMismatch { store, unit, owner, day } => {
                format!("{day} 的明细写的是单位 '{unit}'，但店铺 '{store}' 当天属于 '{owner}'")
            }
            PnlError::Unplaced { kind, day } => format!("{day} 的{}明细没有店铺、单位或可归属的 SKU", kind.label(Lang::Zh)),
            PnlError::OutOfRange { kind, day, amount, quantity } => {
                format!("{day} 的{}明细：金额 {amount} / 数量 {quantity} 超出可接受范围", kind.label(Lang::Zh))
            }
            PnlError::SaleWithoutSku { unit, day, quantity } => {
                format!("单位 '{unit}' 在 {day} 有 {quantity} 件销售没有 SKU，无法推算销售成本")
            }
            PnlError::Rule(e) => rule_zh(e),
            PnlError::Charge(e) => match e {
                ChargeError::NoSalesToSplitBy { rule, month } => format!("规则 '{rule}'：按销售额分摊，但使用方在 {month} 没有销售"),
                ChargeError::NegativeSales { rule, unit, sales, month } => {
                    format!("规则 '{rule}'：使用方 '{unit}' 在 {month} 的销售额为负（{sales}），无法按销售额分摊")
                }
                ChargeError::NoUsers { rule } => format!("规则 '{rule}'：没有可收费的使用方"),
                ChargeError::Overflow { rule, unit, day } => format!("规则 '{rule}'：{day} 对 '{unit}' 的收费计算溢出"),
                ChargeError::Split { rule, .. } => format!("规则 '{rule}'：分摊计算失败（金额或销售额超出范围）"),
            },
            PnlError::Allocation(e) => match e {
                AllocError::ZeroDriver { rule, driver, cost } => {
                    format!("规则 '{rule}'：所有分摊对象的动因 '{driver}' 都为零，无法分摊 {cost}（请导入动因数据或更换动因）")
                }
                AllocError::NegativeDriver { rule, driver, unit, value } => {
                    format!("规则 '{rule}'：分摊对象 '{unit}' 的动因 '{driver}' 为负（{value}）")
                }
                AllocError::NoTargets { rule } => format!("规则 '{rule}'：没有分摊对象"),
                AllocError::NestedTargets { rule, outer, inner } => {
                    format!("规则 '{rule}'：分摊对象 '{inner}' 位于 '{outer}' 之下，动因会重复计算；只保留其一")
                }
                AllocError::ShareForNonTarget { rule, unit } => {
                    format!("规则 '{rule}'：为 '{unit}' 设了固定比例，但它不是本规则的分摊对象")
                }
                AllocError::Split { rule, .. } => format!("规则 '{rule}'：分摊计算失败（金额或权重超出范围，或有不足一分的尾数）"),
            },
            PnlError::Cogs(CogsError::MissingCost(list)) => {
                let skus: Vec<String> = list.iter().map(|c| format!("{}（自 {}）", c.sku, c.first_day)).collect();
                format!("{} 个 SKU 没有到岸成本：{}；请补充自这些日期起生效的成本", list.len(), skus.join("、"))
            }
            PnlError::Cogs(CogsError::Overflow { sku, day, quantity }) => {
                format!("SKU '{sku}' 在 {day} 的 {quantity} 件销售成本计算溢出（请检查其到岸成本）")
            }
            PnlError::Hours { line, person, unit, reason } => {
                format!("工时文件第 {line} 行（{person} 在 '{unit}'）：{}", hours_reason_zh(reason))
            }
            PnlError::NotNetZero { line, amount } => {
                let what = if *line == "internal" { "内部结算" } else { "费用分摊" };
                format!("集团的{what}合计为 {amount}，不为 0：导入的内部结算/分摊明细只有一方，请补上另一方")
            }
            PnlError::Truncated(n) => format!("另有 {n} 条问题未列出（含重复）"),
        }
    }
}

impl RuleError {
    /// The problem in words of `lang` (English is the `Display` text): the
    /// org file's refusal and the P&L's problems panel show the same words.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => rule_zh(self),
        }
    }
}

fn rule_zh(e: &RuleError) -> String {
    match e {
        RuleError::UnknownUnit { rule, field, unit } => format!("规则 '{rule}'：{field} 指向未知单位 '{unit}'"),
        RuleError::ProviderIsUser { rule, unit } => format!("规则 '{rule}'：提供方 '{unit}' 也被列为使用方"),
        RuleError::FigureOutOfRange { rule, field, value } => format!("规则 '{rule}'：{field} 的值 {value} 超出允许范围"),
        RuleError::NotCents { rule, amount } => format!("规则 '{rule}'：金额 {amount} 不是整分"),
        RuleError::OverlappingVersions { rule, first, second } => {
            format!("规则 '{rule}'：版本 {first:?} 与 {second:?} 的有效期重叠（请让前一版在后一版开始前结束）")
        }
        RuleError::DoubleAllocation { rule, other, source_unit, kind } => {
            format!("规则 '{rule}' 与 '{other}' 在重叠的日期都分摊 '{source_unit}' 的{}；请区分类型或日期", kind.label(Lang::Zh))
        }
        RuleError::KindNotAllocatable { rule, kind } => format!("规则 '{rule}'：{}不计入损益，不能分摊", kind.label(Lang::Zh)),
    }
}

/// What the engine names in `OutsideMonth` / `UnknownUnit` (ingest.rs,
/// pnl.rs: `hours line N`, `settlement 'X'`, `KIND facts`, `owner of store
/// 'S'`, `owner of SKU 'K'`, `orders of store 'S'`), in Chinese.
fn what_zh(what: &str) -> String {
    let quoted = |prefix: &str| what.strip_prefix(prefix).map(str::to_string);
    if let Some(n) = what.strip_prefix("hours line ") {
        return format!("工时文件第 {n} 行");
    }
    if let Some(id) = quoted("settlement ") {
        return format!("结算单 {id}");
    }
    if let Some(s) = quoted("owner of store ") {
        return format!("店铺 {s} 的所属单位");
    }
    if let Some(k) = quoted("owner of SKU ") {
        return format!("SKU {k} 的所属单位");
    }
    if let Some(s) = quoted("orders of store ") {
        return format!("店铺 {s} 的订单");
    }
    if let Some(kind) = what.strip_suffix(" facts") {
        if let Ok(k) = kind.parse::<crate::ledger::FactKind>() {
            return format!("{}明细", k.label(Lang::Zh));
        }
    }
    what.to_string()
}

/// The engine's reasons for refusing an hours record (ingest.rs), in Chinese.
fn hours_reason_zh(reason: &str) -> &str {
    match reason {
        "hours and labour cost must not be negative" => "工时和人工成本不能为负",
        "hours or labour cost beyond the accepted range" => "工时或人工成本超出可接受范围",
        "hours take at most 4 decimals" => "工时最多 4 位小数",
        "cannot be spread over the month" => "无法按天均摊到本月",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn problems_read_in_chinese_and_name_their_units() {
        let day: chrono::NaiveDate = "2026-11-02".parse().expect("day");
        let cases = vec![
            PnlError::Fx(FxError::MissingRate { currency: Currency::USD, day }),
            PnlError::UnknownStore { store: "S9".into() },
            PnlError::SaleWithoutSku { unit: "U1".into(), day, quantity: 3 },
            PnlError::Hours { line: 4, person: "P1".into(), unit: "U1".into(), reason: "hours take at most 4 decimals".into() },
            PnlError::NotNetZero { line: "internal", amount: rust_decimal::Decimal::ONE },
            PnlError::Truncated(3),
        ];
        for e in &cases {
            let zh = e.render(Lang::Zh);
            assert!(has_chinese(&zh) && !zh.contains("rate on or before"), "{zh}");
            assert_eq!(e.render(Lang::En), e.to_string());
        }
        assert_eq!(cases[2].units(), vec!["U1"]);
        assert!(cases[0].units().is_empty(), "a missing rate is the company's");
        assert_eq!(cases[1].store(), Some("S9"));
        assert!(cases[3].render(Lang::Zh).contains("工时最多 4 位小数"));
        let outside = PnlError::OutsideMonth { what: "hours line 12".into(), day, month: "2026-10".parse().expect("month") };
        assert_eq!(outside.render(Lang::Zh), "工时文件第 12 行 的日期 2026-11-02 不在正在计算的 2026-10 内");
        let unknown = PnlError::UnknownUnit { what: "ad_spend facts".into(), unit: "X".into() };
        assert_eq!(unknown.render(Lang::Zh), "广告费明细：未知单位 'X'");
    }
}
