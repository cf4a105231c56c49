//! Errors of an import: every bad row is reported with its line, column and
//! reason, and a whole file is refused when any row is bad.
//!
//! The list is capped ([`MAX_ERRORS`]) so that a file that is wrong on every
//! one of its ten million lines still produces a short, readable answer and
//! bounded memory; the number of errors left out is counted, never lost.

use crate::reason::Reason;
use amoeba_core::Lang;
use std::fmt;

/// At most this many errors are kept per file; the rest are only counted.
pub const MAX_ERRORS: usize = 1000;

/// Which kind of file an import read. The text form is the CLI's `KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// The generic facts CSV.
    Facts,
    /// Exchange rates.
    Fx,
    /// Working hours and labour cost.
    Hours,
    /// Monthly unit plans.
    Plans,
    /// Inventory snapshots.
    Inventory,
    /// Amazon settlement report, flat file V2.
    AmazonSettlement,
    /// Amazon Sponsored Products advertised-product report.
    AmazonAds,
    /// Traffic per store, SKU and day (the generic traffic CSV, Alibaba.com 数据管家 exports).
    Traffic,
    /// Amazon's "Detail Page Sales and Traffic by Child Item" business report.
    AmazonBusinessReport,
    /// Shopify admin's "Export orders" CSV.
    ShopifyOrders,
    /// TikTok Shop Seller Center's order export.
    TiktokOrders,
    /// TikTok Shop's finance statement ("Order details") export.
    TiktokStatement,
    /// Orders and their lifecycle events (Alibaba.com, offline B2B, own sites).
    Orders,
}

impl FileKind {
    /// The name the CLI and the docs use for this kind of file.
    pub fn as_str(&self) -> &'static str {
        match self {
            FileKind::Facts => "facts",
            FileKind::Fx => "fx",
            FileKind::Hours => "hours",
            FileKind::Plans => "plans",
            FileKind::Inventory => "inventory",
            FileKind::AmazonSettlement => "amazon-settlement",
            FileKind::AmazonAds => "amazon-ads",
            FileKind::Traffic => "traffic",
            FileKind::AmazonBusinessReport => "amazon-business-report",
            FileKind::ShopifyOrders => "shopify-orders",
            FileKind::TiktokOrders => "tiktok-orders",
            FileKind::TiktokStatement => "tiktok-statement",
            FileKind::Orders => "orders",
        }
    }

    /// The kind's name for a reader of `lang` (English keeps the CLI's name).
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.as_str(),
            Lang::Zh => match self {
                FileKind::Facts => "业务数据",
                FileKind::Fx => "汇率",
                FileKind::Hours => "工时",
                FileKind::Plans => "计划",
                FileKind::Inventory => "库存",
                FileKind::AmazonSettlement => "亚马逊结算报告",
                FileKind::AmazonAds => "亚马逊广告报告",
                FileKind::Traffic => "流量数据",
                FileKind::AmazonBusinessReport => "亚马逊业务报告",
                FileKind::ShopifyOrders => "Shopify 订单导出",
                FileKind::TiktokOrders => "TikTok Shop 订单导出",
                FileKind::TiktokStatement => "TikTok Shop 结算账单",
                FileKind::Orders => "订单",
            },
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in a file: where it is and what is wrong, in words a finance
/// person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub struct ImportError {
    /// 1-based line in the file (the header is line 1); 0 for the file as a whole.
    pub line: u64,
    /// Header name of the offending column, when one column is to blame.
    pub column: Option<String>,
    /// What is wrong and, where possible, what was expected (boxed: an
    /// error is rare, and a small `Err` keeps every parse result small on
    /// the hot path of a ten-million-line file).
    pub reason: Box<Reason>,
}

impl ImportError {
    /// An error about one cell.
    pub fn cell(line: u64, column: &str, reason: Reason) -> Self {
        Self { line, column: Some(column.to_string()), reason: Box::new(reason) }
    }

    /// An error about a whole line (or, with line 0, the whole file).
    pub fn line(line: u64, reason: Reason) -> Self {
        Self { line, column: None, reason: Box::new(reason) }
    }

    /// The reason alone, in `lang` (the page shows line and column apart).
    pub fn message(&self, lang: Lang) -> String {
        self.reason.render(lang)
    }

    /// Line, column and reason as one sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let m = self.reason.render(lang);
        match (lang, &self.column, self.line) {
            (Lang::En, Some(c), 0) => format!("column \"{c}\": {m}"),
            (Lang::En, Some(c), l) => format!("line {l}, column \"{c}\": {m}"),
            (Lang::En, None, l) if l > 0 => format!("line {l}: {m}"),
            (Lang::Zh, Some(c), 0) => format!("「{c}」列：{m}"),
            (Lang::Zh, Some(c), l) => format!("第 {l} 行「{c}」列：{m}"),
            (Lang::Zh, None, l) if l > 0 => format!("第 {l} 行：{m}"),
            (_, None, _) => m,
        }
    }
}

/// Why a file was refused: every bad row (up to [`MAX_ERRORS`]) and how many
/// more were not listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors {
    /// The kind of file that was being read.
    pub file_kind: FileKind,
    /// The errors, in file order.
    pub errors: Vec<ImportError>,
    /// How many further errors were found but not kept.
    pub truncated: u64,
}

impl ImportErrors {
    /// A refusal with a single error.
    pub fn single(file_kind: FileKind, error: ImportError) -> Self {
        Self { file_kind, errors: vec![error], truncated: 0 }
    }

    /// Total number of errors found, listed or not.
    pub fn total(&self) -> u64 {
        self.errors.len() as u64 + self.truncated
    }

    /// A refusal of everything `errors` holds: sorted by line, the first
    /// [`MAX_ERRORS`] kept and the rest counted (with `truncated` more
    /// already left out by whoever found them).
    pub fn from_errors(file_kind: FileKind, mut errors: Vec<ImportError>, truncated: u64) -> Self {
        errors.sort_by_key(|e| e.line);
        let extra = errors.len().saturating_sub(MAX_ERRORS) as u64;
        errors.truncate(MAX_ERRORS);
        Self { file_kind, errors, truncated: truncated + extra }
    }

    /// Adds errors found by another check of the same file (references
    /// against the organisation, closed months): one refusal, in line order.
    pub fn merge(self, errors: Vec<ImportError>, truncated: u64) -> Self {
        let mut all = self.errors;
        all.extend(errors);
        Self::from_errors(self.file_kind, all, self.truncated + truncated)
    }

    /// The refusal in `lang`: a header line, then one line per error.
    pub fn render(&self, lang: Lang) -> String {
        let n = self.total();
        let mut out = match lang {
            Lang::En => format!("{} file refused, nothing imported: {n} error{}", self.file_kind, if n == 1 { "" } else { "s" }),
            Lang::Zh => format!("{}文件被拒收，未导入任何数据：共 {n} 处错误", self.file_kind.name(lang)),
        };
        for e in &self.errors {
            out.push_str("\n  ");
            out.push_str(&e.render(lang));
        }
        if self.truncated > 0 {
            out.push_str(&match lang {
                Lang::En => format!("\n  … and {} more error(s) not listed", self.truncated),
                Lang::Zh => format!("\n  ……另有 {} 处错误未列出", self.truncated),
            });
        }
        out
    }
}

impl fmt::Display for ImportErrors {
    /// The English rendering.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Collects errors while a file is read, keeping the first [`MAX_ERRORS`].
#[derive(Debug)]
pub(crate) struct ErrorList {
    kind: FileKind,
    errors: Vec<ImportError>,
    truncated: u64,
}

impl ErrorList {
    pub(crate) fn new(kind: FileKind) -> Self {
        Self { kind, errors: Vec::new(), truncated: 0 }
    }

    pub(crate) fn push(&mut self, e: ImportError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        } else {
            self.truncated += 1;
        }
    }

    /// Adds the errors another reader of the same file found: the list
    /// stays in line order and keeps the first [`MAX_ERRORS`] of both.
    pub(crate) fn absorb(&mut self, other: ErrorList) {
        self.errors.extend(other.errors);
        self.errors.sort_by_key(|e| e.line);
        let extra = self.errors.len().saturating_sub(MAX_ERRORS);
        self.errors.truncate(MAX_ERRORS);
        self.truncated += other.truncated + extra as u64;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.truncated == 0
    }

    /// `Ok(())` when nothing went wrong, else every error collected.
    pub(crate) fn finish(self) -> Result<(), ImportErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ImportErrors { file_kind: self.kind, errors: self.errors, truncated: self.truncated })
        }
    }

    pub(crate) fn into_errors(self) -> ImportErrors {
        ImportErrors { file_kind: self.kind, errors: self.errors, truncated: self.truncated }
    }
}

/// A refused TOML file's problems as the reader sees them: `heading` (the
/// summary line, already in `lang`), then one indented line per problem up
/// to `cap` and how many more of the `n` there are. Shared by the
/// organisation and pay plan files.
pub(crate) fn render_problem_list(heading: String, n: usize, cap: usize, problems: impl Iterator<Item = String>, lang: Lang) -> String {
    let mut out = heading;
    for p in problems.take(cap) {
        out.push_str(&format!("  {p}\n"));
    }
    if n > cap {
        out.push_str(&match lang {
            Lang::En => format!("  … and {} more\n", n - cap),
            Lang::Zh => format!("  ……另有 {} 个\n", n - cap),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_line_column_and_reason() {
        let e = ImportError::cell(7, "amount", Reason::NotANumber { value: "12,3x".into(), comma: false });
        assert_eq!(
            e.to_string(),
            "line 7, column \"amount\": '12,3x' is not a number (expected e.g. 1234.56 or 1,234.56; this file uses a decimal point)"
        );
        assert_eq!(ImportError::line(3, Reason::TooManyFields { max: 9 }).to_string(), "line 3: more than 9 fields");
    }

    #[test]
    fn renders_line_column_and_reason_in_chinese() {
        let e = ImportError::cell(5, "store", Reason::UnknownStore { code: "S9".into() });
        assert_eq!(e.render(Lang::Zh), "第 5 行「store」列：未知店铺 'S9'（请先在组织文件中添加）");
        let errs = ImportErrors::single(FileKind::Facts, e);
        let zh = errs.render(Lang::Zh);
        assert!(zh.starts_with("业务数据文件被拒收，未导入任何数据：共 1 处错误"), "{zh}");
        assert!(errs.to_string().starts_with("facts file refused, nothing imported: 1 error\n"), "{errs}");
    }

    #[test]
    fn merging_keeps_line_order_and_the_cap() {
        let mut list = ErrorList::new(FileKind::Facts);
        list.push(ImportError::line(2, Reason::RowRefused));
        list.push(ImportError::line(7, Reason::RowRefused));
        let errs = list.into_errors().merge(vec![ImportError::cell(5, "store", Reason::UnknownStore { code: "S9".into() })], 0);
        assert_eq!(errs.errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 5, 7]);
        let many = (0..MAX_ERRORS as u64 + 3).map(|i| ImportError::line(i + 2, Reason::RowRefused)).collect();
        let errs = errs.merge(many, 4);
        assert_eq!(errs.errors.len(), MAX_ERRORS);
        assert_eq!(errs.total(), MAX_ERRORS as u64 + 3 + 3 + 4);
    }

    #[test]
    fn caps_the_list_and_counts_the_rest() {
        let mut list = ErrorList::new(FileKind::Facts);
        for i in 0..(MAX_ERRORS as u64 + 5) {
            list.push(ImportError::line(i + 2, Reason::RowRefused));
        }
        let errs = list.finish().unwrap_err();
        assert_eq!(errs.errors.len(), MAX_ERRORS);
        assert_eq!(errs.truncated, 5);
        assert_eq!(errs.total(), MAX_ERRORS as u64 + 5);
        let text = errs.to_string();
        assert!(text.starts_with("facts file refused, nothing imported: 1005 errors"), "{text}");
        assert!(text.ends_with("… and 5 more error(s) not listed"), "{text}");
    }

    #[test]
    fn empty_list_is_ok() {
        assert!(ErrorList::new(FileKind::Fx).finish().is_ok());
    }
}
