//! Errors of an import: every bad row is reported with its line, column and
//! reason, and a whole file is refused when any row is bad.
//!
//! The list is capped ([`MAX_ERRORS`]) so that a file that is wrong on every
//! one of its ten million lines still produces a short, readable answer and
//! bounded memory; the number of errors left out is counted, never lost.

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
#[error("{}", self.render())]
pub struct ImportError {
    /// 1-based line in the file (the header is line 1); 0 for the file as a whole.
    pub line: u64,
    /// Header name of the offending column, when one column is to blame.
    pub column: Option<String>,
    /// What is wrong and, where possible, what was expected.
    pub message: String,
}

impl ImportError {
    /// An error about one cell.
    pub fn cell(line: u64, column: &str, message: impl Into<String>) -> Self {
        Self { line, column: Some(column.to_string()), message: message.into() }
    }

    /// An error about a whole line (or, with line 0, the whole file).
    pub fn line(line: u64, message: impl Into<String>) -> Self {
        Self { line, column: None, message: message.into() }
    }

    fn render(&self) -> String {
        match (&self.column, self.line) {
            (Some(c), 0) => format!("column \"{c}\": {}", self.message),
            (Some(c), l) => format!("line {l}, column \"{c}\": {}", self.message),
            (None, 0) => self.message.clone(),
            (None, l) => format!("line {l}: {}", self.message),
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
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.total();
        write!(f, "{} file refused, nothing imported: {n} error{}", self.file_kind, if n == 1 { "" } else { "s" })?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        if self.truncated > 0 {
            write!(f, "\n  … and {} more error(s) not listed", self.truncated)?;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_line_column_and_reason() {
        let e = ImportError::cell(7, "amount", "'12,3x' is not a number (expected e.g. 1234.56 or 1.234,56)");
        assert_eq!(e.to_string(), "line 7, column \"amount\": '12,3x' is not a number (expected e.g. 1234.56 or 1.234,56)");
        assert_eq!(ImportError::line(3, "too many fields").to_string(), "line 3: too many fields");
    }

    #[test]
    fn caps_the_list_and_counts_the_rest() {
        let mut list = ErrorList::new(FileKind::Facts);
        for i in 0..(MAX_ERRORS as u64 + 5) {
            list.push(ImportError::line(i + 2, "bad"));
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
