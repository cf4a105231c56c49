//! The machinery every generic CSV format shares: decode, sniff the
//! delimiter, map the header, detect the number style, walk the rows and
//! collect every error, fingerprint what is good.
//!
//! Header names are matched case-insensitively, ignoring surrounding spaces
//! and treating spaces and hyphens as underscores (`Order ID` = `order_id`).
//! An unknown column is an error that names it (a misspelt optional column
//! would otherwise be silently ignored); a column without a name is allowed
//! only while it stays empty (Excel's trailing separators).

use crate::context::ImportContext;
use crate::dates::When;
use crate::decode::{decode, Encoding};
use crate::error::{ErrorList, FileKind, ImportError, ImportErrors};
use crate::fingerprint::{file_sha256, FieldBuf, Fingerprinter};
use crate::market_reason::MarketReason;
use crate::number::{parse_decimal, parse_integer, NumberStyle, StyleDetector};
use crate::reason::Reason;
use crate::{Parsed, Partial};
use amoeba_core::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use source::Source;

mod source;

/// Rows accepted in one generic CSV file.
pub const MAX_ROWS: u64 = 20_000_000;

/// Longest cell accepted (characters).
pub const MAX_CELL_CHARS: usize = 10_000;

/// One column a format knows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColumnSpec {
    pub name: &'static str,
    pub required: bool,
    /// Amount-like: looked at to detect the file's number style.
    pub amount: bool,
    /// For exports whose headers vary ([`HeaderMode::Prefix`]): the
    /// normalised prefixes (letters and digits only) that name this column;
    /// with [`HeaderMode::Named`], the whole names, the first found winning.
    pub prefixes: &'static [&'static str],
    /// Other names of the column in [`HeaderMode::Exact`] (a Chinese
    /// export's `曝光` for `impressions`), matched like the name.
    pub aliases: &'static [&'static str],
}

pub(crate) const fn col(name: &'static str, required: bool, amount: bool) -> ColumnSpec {
    ColumnSpec { name, required, amount, prefixes: &[], aliases: &[] }
}

/// How header names are matched to columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderMode {
    /// Our own formats: exact (normalised) names; unknown columns are errors.
    Exact,
    /// Third-party exports: the first column whose letters-and-digits form
    /// starts with one of the spec's prefixes; other columns are ignored.
    Prefix,
    /// Third-party exports with look-alike columns (`Sessions - Total` next
    /// to `Sessions - Total - B2B`): a column whose letters-and-digits form
    /// *equals* one of the spec's names, earlier names preferred; other
    /// columns are ignored, rows are checked against the header's width.
    Named,
}

/// Letters and digits only, lower-case: `7 Day Total Sales (£) ` → `7daytotalsales`.
pub(crate) fn alnum_lower(h: &str) -> String {
    h.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Normalises a header name for matching.
pub(crate) fn normalise_header(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_lowercase().replace([' ', '-'], "_")
}

/// Chooses `,`, tab or `;` by counting them in the header line, outside quotes.
pub(crate) fn sniff_delimiter(header_line: &str) -> u8 {
    let (mut comma, mut tab, mut semi, mut quoted) = (0, 0, 0, false);
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => comma += 1,
            '\t' if !quoted => tab += 1,
            ';' if !quoted => semi += 1,
            _ => {}
        }
    }
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma && semi > tab {
        b';'
    } else {
        b','
    }
}

/// One data row, with typed accessors that record errors against the row's
/// line and the column's name.
pub(crate) struct Row<'r> {
    pub line: u64,
    rec: &'r csv::StringRecord,
    /// For a workbook row: the number of each numeric cell.
    numbers: Option<&'r [Option<f64>]>,
    /// The workbook counts days from 1904 (irrelevant for CSV).
    date1904: bool,
    map: &'r [Option<usize>],
    /// The header's names, as written (trimmed).
    names: &'r [String],
    specs: &'r [ColumnSpec],
    pub style: NumberStyle,
    pub errors: Vec<ImportError>,
    ctx: &'r ImportContext,
}

impl Row<'_> {
    fn name(&self, c: usize) -> &'static str {
        self.specs[c].name
    }

    /// The trimmed cell of spec column `c`, `None` when absent or empty.
    pub fn text(&self, c: usize) -> Option<&str> {
        let i = self.map.get(c).copied().flatten()?;
        let v = self.rec.get(i)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// The cell, recording "is required" when empty.
    pub fn required(&mut self, c: usize) -> Option<&str> {
        if self.text(c).is_none() {
            let column = self.name(c).to_string();
            self.err(c, Reason::Required { column });
            return None;
        }
        self.text(c)
    }

    /// Records an error against column `c`.
    pub fn err(&mut self, c: usize, reason: Reason) {
        let e = ImportError::cell(self.line, self.name(c), reason);
        self.errors.push(e);
    }

    /// Records an error against the whole row.
    pub fn row_err(&mut self, reason: Reason) {
        self.errors.push(ImportError::line(self.line, reason));
    }

    fn parse<T>(&mut self, c: usize, required: bool, f: impl Fn(&str, NumberStyle) -> Result<T, Reason>) -> Option<T> {
        let style = self.style;
        let v = if required { self.required(c)? } else { self.text(c)? };
        match f(v, style) {
            Ok(x) => Some(x),
            Err(m) => {
                self.err(c, m);
                None
            }
        }
    }

    /// A decimal with at most `max_dp` places.
    pub fn decimal(&mut self, c: usize, required: bool, max_dp: u32) -> Option<Decimal> {
        self.parse(c, required, |v, s| parse_decimal(v, s, max_dp))
    }

    /// A whole number.
    pub fn integer(&mut self, c: usize, required: bool) -> Option<i64> {
        self.parse(c, required, parse_integer)
    }

    /// A day (in a workbook, also an Excel serial day).
    pub fn date(&mut self, c: usize, required: bool) -> Option<NaiveDate> {
        let w = self.when(c, required, None)?;
        Some(w.day)
    }

    /// The non-empty cells of columns the format does not read, as
    /// (header name, value): what a reconciliation that fails may blame.
    pub fn unread(&self) -> Vec<(String, String)> {
        let read: Vec<usize> = self.map.iter().flatten().copied().collect();
        self.rec
            .iter()
            .enumerate()
            .filter(|(i, v)| !read.contains(i) && !v.trim().is_empty())
            .map(|(i, v)| (self.names.get(i).cloned().unwrap_or_default(), v.trim().to_string()))
            .collect()
    }

    /// Whether the cell was a number in a workbook.
    pub fn is_number(&self, c: usize) -> bool {
        self.number(c).is_some()
    }

    /// The number a workbook's numeric cell held, if the cell was one.
    fn number(&self, c: usize) -> Option<f64> {
        let i = self.map.get(c).copied().flatten()?;
        self.numbers?.get(i).copied().flatten()
    }

    /// A day or, when `tz` is given, a day or timestamp placed on its
    /// business day in `tz`; a workbook's number is an Excel serial day
    /// (a local time in `tz`). The day must be plausible.
    pub fn when(&mut self, c: usize, required: bool, tz: Option<chrono_tz::Tz>) -> Option<When> {
        let v = if required { self.required(c)? } else { self.text(c)? }.to_string();
        let parsed = match (self.number(c), tz) {
            (Some(serial), _) => self.serial(&v, serial, tz),
            (None, Some(tz)) => crate::dates::parse_when(&v, tz),
            (None, None) => crate::dates::parse_date(&v).map(|day| When { day, at: None }),
        };
        match parsed.and_then(|w| self.ctx.check_day(w.day).map(|_| w)) {
            Ok(w) => Some(w),
            Err(m) => {
                self.err(c, m);
                None
            }
        }
    }

    /// An Excel serial day, with its time of day when `tz` is given.
    fn serial(&self, v: &str, serial: f64, tz: Option<chrono_tz::Tz>) -> Result<When, Reason> {
        let t = crate::xlsx::serial_to_datetime(serial, self.date1904).map_err(|e| {
            Reason::Market(MarketReason::NotAnExcelDay { value: v.to_string(), leap_bug: e == crate::xlsx::SerialError::Excel1900LeapDay })
        })?;
        match tz {
            None if t.time() == chrono::NaiveTime::MIN => Ok(When { day: t.date(), at: None }),
            None => Err(Reason::NotADate { value: v.to_string() }),
            Some(tz) => crate::dates::parse_when(&t.format("%Y-%m-%d %H:%M:%S%.3f").to_string(), tz),
        }
    }

    /// A currency code.
    pub fn currency(&mut self, c: usize, required: bool) -> Option<Currency> {
        self.parse(c, required, |v, _| crate::reason::currency(v))
    }

    /// An owned optional text.
    pub fn owned(&self, c: usize) -> Option<String> {
        self.text(c).map(str::to_string)
    }
}

/// Says whether a first data row (the record, and the header's column
/// map) describes the columns instead of holding data.
pub(crate) type DescriptionRow = fn(&csv::StringRecord, &[Option<usize>]) -> bool;

/// What a format supplies to [`parse_table`].
pub(crate) struct Format<T> {
    pub kind: FileKind,
    pub columns: &'static [ColumnSpec],
    /// Builds a record from a row; returns `None` (with errors on the row) if bad.
    pub row: fn(&mut Row<'_>, &ImportContext) -> Option<T>,
    /// Checks the header beyond required columns (e.g. "store or unit").
    pub header_check: fn(&[Option<usize>]) -> Option<Reason>,
    /// Writes the normalised fields of a record for its fingerprint.
    pub fields: fn(&T, &mut FieldBuf),
    /// How the header is matched.
    pub header_mode: HeaderMode,
    /// A first data row that describes the columns rather than holding
    /// data (TikTok's second header row): skipped when this says so.
    pub description_row: Option<DescriptionRow>,
}

struct Header {
    names: Vec<String>,
    map: Vec<Option<usize>>,
    unnamed: Vec<usize>,
    width: usize,
}

fn read_prefix_header(rec: &csv::StringRecord, line: u64, columns: &[ColumnSpec], errs: &mut ErrorList) -> Header {
    let names: Vec<String> = rec.iter().map(alnum_lower).collect();
    let mut map = vec![None; columns.len()];
    for (c, spec) in columns.iter().enumerate() {
        map[c] = names.iter().position(|n| spec.prefixes.iter().any(|p| n.starts_with(p)));
        if spec.required && map[c].is_none() {
            errs.push(ImportError::line(line, Reason::MissingColumn { column: spec.name.to_string(), prefix: true }));
        }
    }
    Header { names: rec.iter().map(|h| h.trim().to_string()).collect(), map, unnamed: Vec::new(), width: rec.len() }
}

fn read_named_header(rec: &csv::StringRecord, line: u64, columns: &[ColumnSpec], errs: &mut ErrorList) -> Header {
    let names: Vec<String> = rec.iter().map(alnum_lower).collect();
    let mut map = vec![None; columns.len()];
    for (c, spec) in columns.iter().enumerate() {
        map[c] = spec.prefixes.iter().find_map(|p| names.iter().position(|n| n == p));
        if spec.required && map[c].is_none() {
            errs.push(ImportError::line(line, Reason::MissingColumn { column: spec.name.to_string(), prefix: false }));
        }
    }
    Header { names: rec.iter().map(|h| h.trim().to_string()).collect(), map, unnamed: Vec::new(), width: rec.len() }
}

fn read_header(rec: &csv::StringRecord, line: u64, columns: &[ColumnSpec], errs: &mut ErrorList) -> Header {
    let mut map = vec![None; columns.len()];
    let mut unnamed = Vec::new();
    for (i, raw) in rec.iter().enumerate() {
        let h = normalise_header(raw);
        if h.is_empty() {
            unnamed.push(i);
            continue;
        }
        match columns.iter().position(|c| c.name == h || c.aliases.iter().any(|a| normalise_header(a) == h)) {
            Some(c) if map[c].is_some() => errs.push(ImportError::cell(line, raw.trim(), Reason::DuplicateColumn)),
            Some(c) => map[c] = Some(i),
            None => {
                let known = columns.iter().map(|c| c.name.to_string()).collect();
                errs.push(ImportError::cell(line, raw.trim(), Reason::UnknownColumn { known }))
            }
        }
    }
    for (c, spec) in columns.iter().enumerate() {
        if spec.required && map[c].is_none() {
            errs.push(ImportError::line(line, Reason::MissingColumn { column: spec.name.to_string(), prefix: false }));
        }
    }
    Header { names: rec.iter().map(|h| h.trim().to_string()).collect(), map, unnamed, width: rec.len() }
}

pub(super) fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes())
}

fn line_of(rec: &csv::StringRecord, fallback: u64) -> u64 {
    rec.position().map_or(fallback, |p| p.line())
}

pub(super) fn is_blank(rec: &csv::StringRecord) -> bool {
    rec.iter().all(|f| f.trim().is_empty())
}

/// Parses a whole generic CSV file: all records, or every error.
pub(crate) fn parse_table<T>(bytes: &[u8], ctx: &ImportContext, f: &Format<T>) -> Result<Parsed<T>, ImportErrors> {
    read_table(bytes, ctx, f).map_err(|p| p.errors)
}

/// Parses a whole generic CSV file: all records, or every error together
/// with the records of the rows that did parse, so that the caller can
/// check those against what is stored in the same pass.
pub(crate) fn read_table<T>(bytes: &[u8], ctx: &ImportContext, f: &Format<T>) -> Result<Parsed<T>, Partial<T>> {
    let refused = |errors| Partial { errors, good: Vec::new() };
    let decoded;
    let (source, encoding) = if crate::xlsx::is_xlsx(bytes) {
        let sheet = crate::xlsx::read_sheet(bytes, ctx.sheet.as_deref()).map_err(|e| refused(ImportErrors::single(f.kind, e)))?;
        (Source::Sheet(sheet), Encoding::Xlsx)
    } else {
        decoded = decode(bytes).map_err(|e| refused(ImportErrors::single(f.kind, e)))?;
        let text: &str = &decoded.text;
        let Some(header_line) = text.lines().find(|l| !l.trim().is_empty()) else {
            return Err(refused(ImportErrors::single(f.kind, ImportError::line(1, Reason::EmptyFile))));
        };
        let delimiter = sniff_delimiter(header_line);
        if let Some(line) = crate::quotes::unclosed_quote(text, delimiter) {
            let reason = Reason::UnclosedQuote { max_lines: crate::quotes::MAX_QUOTED_LINES };
            return Err(refused(ImportErrors::single(f.kind, ImportError::line(line, reason))));
        }
        (Source::Csv { text, delimiter }, decoded.encoding)
    };
    let mut errs = ErrorList::new(f.kind);

    // Header.
    let mut records = source.rows();
    let header = loop {
        match records.next() {
            Some(Ok((rec, _))) if is_blank(&rec) => continue,
            Some(Ok((rec, _))) => {
                let line = line_of(&rec, 1);
                break match f.header_mode {
                    HeaderMode::Exact => read_header(&rec, line, f.columns, &mut errs),
                    HeaderMode::Prefix => read_prefix_header(&rec, line, f.columns, &mut errs),
                    HeaderMode::Named => read_named_header(&rec, line, f.columns, &mut errs),
                };
            }
            Some(Err(e)) => {
                return Err(refused(ImportErrors::single(f.kind, ImportError::line(1, Reason::NotCsv { detail: e.to_string() }))))
            }
            None => unreachable_header(f.kind).map_err(refused)?,
        }
    };
    if let Some(reason) = (f.header_check)(&header.map) {
        errs.push(ImportError::line(1, reason));
    }
    if !errs.is_empty() {
        return Err(refused(errs.into_errors()));
    }

    // Pass 1: number style (a workbook's numeric cells decide nothing
    // beyond their decimal point: they are written with one).
    let style = match ctx.number_style {
        Some(s) => s,
        None => {
            let mut det = StyleDetector::default();
            let amount_cols: Vec<(usize, &str)> =
                f.columns.iter().zip(&header.map).filter_map(|(spec, m)| m.filter(|_| spec.amount).map(|i| (i, spec.name))).collect();
            for (rec, _) in source.rows().flatten() {
                let line = line_of(&rec, 0);
                for (i, name) in &amount_cols {
                    if let Some(v) = rec.get(*i) {
                        if let Err(e) = det.feed(line, name, v.trim()) {
                            errs.push(e);
                        }
                    }
                }
            }
            if !errs.is_empty() {
                return Err(refused(errs.into_errors()));
            }
            det.style().unwrap_or(NumberStyle::Point)
        }
    };
    let date1904 = source.date1904();

    // Pass 2: rows.
    let mut fp = Fingerprinter::default();
    let mut fields = FieldBuf::default();
    let mut out = Vec::new();
    let mut rows = 0u64;
    let mut first_data_row = true;
    for (n, rec) in records.enumerate() {
        let (rec, numbers) = match rec {
            Ok(r) => r,
            Err(e) => {
                errs.push(ImportError::line(n as u64 + 2, Reason::NotCsv { detail: e.to_string() }));
                continue;
            }
        };
        if is_blank(&rec) {
            continue;
        }
        let line = line_of(&rec, n as u64 + 2);
        if std::mem::take(&mut first_data_row) && f.description_row.is_some_and(|d| d(&rec, &header.map)) {
            continue;
        }
        rows += 1;
        if rows > MAX_ROWS {
            errs.push(ImportError::line(line, Reason::TooManyRows { max: MAX_ROWS }));
            break;
        }
        let checks_width = matches!(f.header_mode, HeaderMode::Exact | HeaderMode::Named);
        if rec.len() > header.width && checks_width {
            let extra_nonblank = rec.iter().skip(header.width).any(|v| !v.trim().is_empty());
            if extra_nonblank {
                errs.push(ImportError::line(line, Reason::RowWiderThanHeader { found: rec.len(), header: header.width }));
                continue;
            }
        }
        if rec.len() < header.width && checks_width {
            errs.push(ImportError::line(line, Reason::RowNarrowerThanHeader { found: rec.len(), header: header.width }));
            continue;
        }
        if let Some(c) = rec.iter().position(|v| v.chars().count() > MAX_CELL_CHARS) {
            errs.push(ImportError::line(line, Reason::CellTooLong { field: c + 1, max: MAX_CELL_CHARS }));
            continue;
        }
        let mut row = Row {
            line,
            rec: &rec,
            numbers,
            date1904,
            map: &header.map,
            names: &header.names,
            specs: f.columns,
            style,
            errors: Vec::new(),
            ctx,
        };
        for &u in &header.unnamed {
            if rec.get(u).is_some_and(|v| !v.trim().is_empty()) {
                row.row_err(Reason::UnnamedColumnValue { field: u + 1 });
            }
        }
        let record = (f.row)(&mut row, ctx);
        let row_errors = std::mem::take(&mut row.errors);
        match record {
            Some(r) if row_errors.is_empty() => {
                (f.fields)(&r, &mut fields);
                let print = fp.fingerprint(&fields);
                out.push((r, print));
            }
            _ => {
                if row_errors.is_empty() {
                    errs.push(ImportError::line(line, Reason::RowRefused));
                }
                for e in row_errors {
                    errs.push(e);
                }
            }
        }
    }
    if rows == 0 {
        // A header alone is a file exported before its data, not an import.
        errs.push(ImportError::line(2, Reason::NoRows));
    }
    if let Err(errors) = errs.finish() {
        return Err(Partial { errors, good: out.into_iter().map(|(r, _)| r).collect() });
    }
    Ok(Parsed { records: out, encoding, number_style: style, file_sha256: file_sha256(bytes) })
}

fn unreachable_header<T>(kind: FileKind) -> Result<T, ImportErrors> {
    Err(ImportErrors::single(kind, ImportError::line(1, Reason::EmptyFile)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("date,amount,memo"), b',');
        assert_eq!(sniff_delimiter("date\tamount\tmemo"), b'\t');
        assert_eq!(sniff_delimiter("date;amount;memo"), b';');
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
        assert_eq!(sniff_delimiter("date"), b',');
    }

    #[test]
    fn header_names_are_normalised() {
        assert_eq!(normalise_header(" Order ID "), "order_id");
        assert_eq!(normalise_header("Overtime-Hours"), "overtime_hours");
    }
}
