//! What can be wrong with a marketplace export beyond one cell's value:
//! a workbook that is not one, an order whose figures do not add up, a
//! statement row whose parts do not make its settlement. Carried inside
//! [`crate::Reason::Market`] so every refusal still has one reason type,
//! one stable code and a sentence in each language.

use amoeba_core::Lang;

/// A problem of a workbook, an order export or a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarketReason {
    /// A ZIP file that is not an XLSX workbook (or a broken one).
    NotXlsx {
        /// What the workbook reader said.
        detail: String,
    },
    /// A workbook larger than Amoeba reads.
    WorkbookTooLarge {
        /// The limit, in MiB.
        max_mib: u64,
    },
    /// The sheet asked for is not in the workbook.
    SheetNotFound {
        /// The name asked for (empty: the workbook has no sheet).
        name: String,
        /// The sheets there are.
        sheets: Vec<String>,
    },
    /// A sheet past the rows, columns or cells read.
    SheetTooLarge {
        /// Most rows.
        rows: u32,
        /// Most columns.
        columns: u32,
        /// Most non-empty cells.
        cells: u64,
    },
    /// A number in a date column that is no Excel day.
    NotAnExcelDay {
        /// The cell.
        value: String,
        /// It is serial 60 of the 1900 system, the 1900-02-29 that never was.
        leap_bug: bool,
    },
    /// A later row of an order repeats an order-level field with another value.
    OrderFieldDiffers {
        /// The order.
        order: String,
        /// The value on this row.
        value: String,
        /// The value on the order's first row.
        first: String,
        /// The order's first line.
        first_line: u64,
    },
    /// An order whose lines, discounts, shipping and taxes do not make its total.
    OrderDoesNotReconcile {
        /// The order.
        order: String,
        /// The sum, written out (`2 × 19.99 − 4.00 + 5.00 + 3.20`).
        parts: String,
        /// Its value.
        computed: String,
        /// The order's total.
        total: String,
        /// The currency.
        currency: String,
    },
    /// A file with amounts in two currencies.
    MixedCurrencies {
        /// This row's currency.
        value: String,
        /// The file's first currency.
        first: String,
        /// Where it was.
        first_line: u64,
    },
    /// Slash dates read day-first on one line and month-first on another.
    DayMonthOrder {
        /// This cell.
        value: String,
        /// The cell that decided the other order.
        first: String,
        /// Its line.
        first_line: u64,
    },
    /// A statement subtotal that is not the sum of its parts.
    SubtotalDoesNotAddUp {
        /// The subtotal's value.
        value: String,
        /// Its parts, written out.
        parts: String,
        /// Their sum.
        sum: String,
    },
    /// A statement row whose parts do not make its total settlement amount.
    RowDoesNotReconcile {
        /// The parts read, written out.
        parts: String,
        /// Their sum.
        sum: String,
        /// The row's total settlement amount.
        total: String,
        /// Columns with amounts Amoeba does not read, if any (the likely cause).
        unread: Vec<String>,
    },
    /// A statement whose rows do not sum to the statement's total.
    StatementDoesNotReconcile {
        /// Rows read.
        rows: u64,
        /// Their sum.
        sum: String,
        /// The statement's total.
        total: String,
        /// The currency.
        currency: String,
    },
}

/// Every [`MarketReason::code`], in the order of `docs/formats.md`.
pub const MARKET_CODES: &[&str] = &[
    "not_xlsx",
    "workbook_too_large",
    "sheet_not_found",
    "sheet_too_large",
    "not_an_excel_day",
    "order_field_differs",
    "order_does_not_reconcile",
    "mixed_currencies",
    "day_month_order",
    "subtotal_does_not_add_up",
    "row_does_not_reconcile",
    "statement_does_not_reconcile",
];

impl MarketReason {
    /// A stable snake_case id, for programs; never translated.
    pub fn code(&self) -> &'static str {
        use MarketReason::*;
        match self {
            NotXlsx { .. } => "not_xlsx",
            WorkbookTooLarge { .. } => "workbook_too_large",
            SheetNotFound { .. } => "sheet_not_found",
            SheetTooLarge { .. } => "sheet_too_large",
            NotAnExcelDay { .. } => "not_an_excel_day",
            OrderFieldDiffers { .. } => "order_field_differs",
            OrderDoesNotReconcile { .. } => "order_does_not_reconcile",
            MixedCurrencies { .. } => "mixed_currencies",
            DayMonthOrder { .. } => "day_month_order",
            SubtotalDoesNotAddUp { .. } => "subtotal_does_not_add_up",
            RowDoesNotReconcile { .. } => "row_does_not_reconcile",
            StatementDoesNotReconcile { .. } => "statement_does_not_reconcile",
        }
    }

    /// The reason as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use MarketReason::*;
        match self {
            NotXlsx { detail } => format!("the file is a ZIP archive but not a readable XLSX workbook ({detail}); save it again as .xlsx or CSV UTF-8"),
            WorkbookTooLarge { max_mib } => format!("the workbook is larger than {max_mib} MiB unpacked; export a shorter period"),
            SheetNotFound { name, sheets } if sheets.is_empty() => format!("the workbook has no sheet (asked for '{name}')"),
            SheetNotFound { name, sheets } => format!("the workbook has no sheet '{name}' (its sheets: {})", sheets.join(", ")),
            SheetTooLarge { rows, columns, cells } => {
                format!("the sheet is larger than {rows} rows, {columns} columns or {cells} cells; export a shorter period")
            }
            NotAnExcelDay { value, leap_bug: true } => {
                format!("'{value}' is Excel's day 60, 1900-02-29, a day that never was (Excel's 1900 leap-year bug): check the cell")
            }
            NotAnExcelDay { value, leap_bug: false } => format!("'{value}' is not an Excel day number: check the cell"),
            OrderFieldDiffers { order, value, first, first_line } => format!(
                "order {order} says '{value}' here but '{first}' on its first row (line {first_line}); a later row of an order leaves order fields empty or repeats them"
            ),
            OrderDoesNotReconcile { order, parts, computed, total, currency } => format!(
                "order {order}: {parts} = {computed} {currency}, but its Total is {total} {currency}; the export is incomplete or altered"
            ),
            MixedCurrencies { value, first, first_line } => {
                format!("'{value}' is not the file's currency {first} (line {first_line}); one file holds one currency")
            }
            DayMonthOrder { value, first, first_line } => format!(
                "'{value}' can only be read with the other day/month order than '{first}' on line {first_line}; one file writes dates one way"
            ),
            SubtotalDoesNotAddUp { value, parts, sum } => format!("{value} is not the sum of its parts: {parts} = {sum}"),
            RowDoesNotReconcile { parts, sum, total, unread } if unread.is_empty() => {
                format!("{parts} = {sum}, but the total settlement amount is {total}")
            }
            RowDoesNotReconcile { parts, sum, total, unread } => format!(
                "{parts} = {sum}, but the total settlement amount is {total}; columns Amoeba does not read have amounts on this row: {}",
                unread.join(", ")
            ),
            StatementDoesNotReconcile { rows, sum, total, currency } => format!(
                "the {rows} rows sum to {sum} {currency} but the statement's total is {total} {currency}; the export is incomplete or altered"
            ),
        }
    }

    fn chinese(&self) -> String {
        use MarketReason::*;
        match self {
            NotXlsx { detail } => format!("文件是 ZIP 压缩包，但不是可读的 XLSX 工作簿（{detail}）；请另存为 .xlsx 或「CSV UTF-8」"),
            WorkbookTooLarge { max_mib } => format!("工作簿解压后超过 {max_mib} MiB；请导出较短的期间"),
            SheetNotFound { name, sheets } if sheets.is_empty() => format!("工作簿中没有工作表（要求的是「{name}」）"),
            SheetNotFound { name, sheets } => format!("工作簿中没有工作表「{name}」（现有工作表：{}）", sheets.join("、")),
            SheetTooLarge { rows, columns, cells } => {
                format!("工作表超过 {rows} 行、{columns} 列或 {cells} 个单元格；请导出较短的期间")
            }
            NotAnExcelDay { value, leap_bug: true } => {
                format!("'{value}' 是 Excel 的第 60 天，即并不存在的 1900-02-29（Excel 1900 年闰年错误）：请检查该单元格")
            }
            NotAnExcelDay { value, leap_bug: false } => format!("'{value}' 不是 Excel 日期序号：请检查该单元格"),
            OrderFieldDiffers { order, value, first, first_line } => format!(
                "订单 {order} 在这一行写的是 '{value}'，但在其第一行（第 {first_line} 行）是 '{first}'；同一订单的后续行应留空或与第一行相同"
            ),
            OrderDoesNotReconcile { order, parts, computed, total, currency } => {
                format!("订单 {order}：{parts} = {computed} {currency}，但订单总额（Total）为 {total} {currency}；导出文件不完整或已被修改")
            }
            MixedCurrencies { value, first, first_line } => {
                format!("'{value}' 与本文件的币种 {first}（第 {first_line} 行）不同；一个文件只能有一种币种")
            }
            DayMonthOrder { value, first, first_line } => {
                format!("'{value}' 的日、月顺序与第 {first_line} 行的 '{first}' 相反；同一文件的日期只能用一种写法")
            }
            SubtotalDoesNotAddUp { value, parts, sum } => format!("{value} 不等于其各项之和：{parts} = {sum}"),
            RowDoesNotReconcile { parts, sum, total, unread } if unread.is_empty() => {
                format!("{parts} = {sum}，但结算总额（Total settlement amount）为 {total}")
            }
            RowDoesNotReconcile { parts, sum, total, unread } => format!(
                "{parts} = {sum}，但结算总额（Total settlement amount）为 {total}；这一行有 Amoeba 未读取的列带金额：{}",
                unread.join("、")
            ),
            StatementDoesNotReconcile { rows, sum, total, currency } => {
                format!("{rows} 行合计 {sum} {currency}，但账单总额为 {total} {currency}；导出文件不完整或已被修改")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn s(v: &str) -> String {
        v.to_string()
    }

    pub(crate) fn every_market_reason() -> Vec<MarketReason> {
        use MarketReason::*;
        vec![
            NotXlsx { detail: s("bad zip") },
            WorkbookTooLarge { max_mib: 256 },
            SheetNotFound { name: s("Orders"), sheets: vec![s("Sheet1")] },
            SheetNotFound { name: s("Orders"), sheets: vec![] },
            SheetTooLarge { rows: 1, columns: 1, cells: 1 },
            NotAnExcelDay { value: s("60"), leap_bug: true },
            NotAnExcelDay { value: s("-3"), leap_bug: false },
            OrderFieldDiffers { order: s("#1001"), value: s("EUR"), first: s("USD"), first_line: 2 },
            OrderDoesNotReconcile { order: s("#1001"), parts: s("1 × 2.00"), computed: s("2.00"), total: s("3.00"), currency: s("USD") },
            MixedCurrencies { value: s("EUR"), first: s("USD"), first_line: 2 },
            DayMonthOrder { value: s("25/03/2026"), first: s("03/25/2026"), first_line: 2 },
            SubtotalDoesNotAddUp { value: s("Total fees -3.00"), parts: s("-1.00 + -1.00"), sum: s("-2.00") },
            RowDoesNotReconcile { parts: s("a"), sum: s("1"), total: s("2"), unread: vec![] },
            RowDoesNotReconcile { parts: s("a"), sum: s("1"), total: s("2"), unread: vec![s("Foo fee -1.00")] },
            StatementDoesNotReconcile { rows: 2, sum: s("1"), total: s("2"), currency: s("GBP") },
        ]
    }

    fn has_chinese(t: &str) -> bool {
        t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_market_reason_renders_in_both_languages_and_is_listed() {
        let all = every_market_reason();
        for r in &all {
            let (zh, en) = (r.render(Lang::Zh), r.render(Lang::En));
            assert!(has_chinese(&zh), "{r:?}: {zh}");
            assert!(!has_chinese(&en), "{r:?}: {en}");
        }
        let tested: BTreeSet<&str> = all.iter().map(MarketReason::code).collect();
        let listed: BTreeSet<&str> = MARKET_CODES.iter().copied().collect();
        assert_eq!(listed.len(), MARKET_CODES.len());
        assert_eq!(tested, listed);
        for c in MARKET_CODES {
            assert!(!crate::reason::CODES.contains(c), "{c} is also a cell code");
        }
    }
}
