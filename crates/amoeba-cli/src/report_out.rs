//! Where a report goes and how an XLSX report is laid out.
//!
//! Reports are written to `--output FILE` or standard output. XLSX is
//! binary, so it is refused on a terminal (it would only garble it) and
//! written when standard output is redirected or a file is named.
//!
//! The workbook follows the web export (`amoeba-server`'s `table.rs`, also
//! `rust_xlsxwriter`): numbers stay numbers so a spreadsheet can add them
//! up, money gets a thousands-separated two-place format. A report sheet
//! also gets a bold, frozen, filterable header row and columns sized to
//! their content, since a CLI export is usually opened straight away.

use crate::cmd_org::width;
use anyhow::Context;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// A cell of a report sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A decimal (money, ratio, days) shown with this many places; written as a number.
    Num(Decimal, u32),
    /// A whole number (a rank).
    Int(i64),
    /// Nothing (an undefined metric).
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    /// A decimal cell, or an empty one for `None` (e.g. a ratio without a denominator).
    pub fn num(v: Option<Decimal>, dp: u32) -> Self {
        v.map(|d| Cell::Num(d, dp)).unwrap_or(Cell::Empty)
    }

    /// Width of the cell as the sheet shows it (thousands separators
    /// included), for sizing its column.
    fn shown_width(&self) -> usize {
        match self {
            Cell::Text(s) => width(s),
            Cell::Num(d, dp) => {
                let s = format!("{:.*}", *dp as usize, d.round_dp(*dp));
                let digits = s.trim_start_matches('-').split('.').next().map_or(0, str::len);
                s.len() + digits.saturating_sub(1) / 3
            }
            Cell::Int(i) => i.to_string().len(),
            Cell::Empty => 0,
        }
    }
}

/// One worksheet: a header row and rows of cells (one per header).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Sheet tab name (cut to Excel's 31 characters, forbidden characters dropped).
    pub name: String,
    /// Column headings.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The Excel number format of a decimal with `dp` places: money-like
/// figures (up to 2 places) grouped in thousands with losses in red,
/// finer ratios plain.
fn number_format(dp: u32) -> String {
    let places = "0".repeat(dp as usize);
    let dot = if dp == 0 { "" } else { "." };
    if dp <= 2 {
        format!("#,##0{dot}{places};[Red]-#,##0{dot}{places}")
    } else {
        format!("0{dot}{places}")
    }
}

/// Widest a column is sized to, in characters (longer text still fits, clipped on screen).
const MAX_COLUMN_WIDTH: usize = 50;

/// The workbook of one sheet as bytes.
pub fn xlsx(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let name: String = sheet.name.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(31).collect();
    if !name.trim().is_empty() {
        ws.set_name(name.trim())?;
    }
    let bold = Format::new().set_bold();
    let mut formats: BTreeMap<u32, Format> = BTreeMap::new();
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| width(h)).collect();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, col(c)?, h, &bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        anyhow::ensure!(
            row.len() == sheet.header.len(),
            "row {} of sheet {} has {} cells for {} columns",
            r + 1,
            sheet.name,
            row.len(),
            sheet.header.len()
        );
        let r = u32::try_from(r + 1).context("too many rows for a worksheet")?;
        for (c, cell) in row.iter().enumerate() {
            widths[c] = widths[c].max(cell.shown_width());
            let c = col(c)?;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Num(d, dp) => {
                    let f = formats.entry(*dp).or_insert_with(|| Format::new().set_num_format(number_format(*dp)));
                    let v = d.to_f64().with_context(|| format!("{d} does not fit a spreadsheet number"))?;
                    ws.write_number_with_format(r, c, v, f)?;
                }
                Cell::Int(i) => {
                    ws.write_number(r, c, *i as f64)?;
                }
                Cell::Empty => {}
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // A little room for the filter button of the header.
        ws.set_column_width(col(c)?, (w + 3).min(MAX_COLUMN_WIDTH) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !sheet.header.is_empty() {
        let last_row = u32::try_from(sheet.rows.len()).context("too many rows for a worksheet")?;
        ws.autofilter(0, 0, last_row, col(sheet.header.len() - 1)?)?;
    }
    Ok(book.save_to_buffer()?)
}

fn col(c: usize) -> anyhow::Result<u16> {
    u16::try_from(c).context("too many columns for a worksheet")
}

/// Where a report is written: a file, or standard output.
#[derive(Debug, Clone)]
pub struct Destination {
    file: Option<PathBuf>,
}

impl Destination {
    /// Checks, before any work is done, that the report can go where asked:
    /// binary output (XLSX) needs `--output` or a redirected standard output.
    pub fn new(file: Option<PathBuf>, binary: bool) -> anyhow::Result<Self> {
        if binary && file.is_none() && std::io::stdout().is_terminal() {
            anyhow::bail!("XLSX is binary and standard output is a terminal: pass --output FILE.xlsx (or redirect: > FILE.xlsx)");
        }
        Ok(Self { file })
    }

    /// Writes the whole report.
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match &self.file {
            Some(path) => write_file(path, bytes),
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).and_then(|_| out.flush()).context("cannot write to standard output")
            }
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn number_formats_follow_places() {
        assert_eq!(number_format(2), "#,##0.00;[Red]-#,##0.00");
        assert_eq!(number_format(0), "#,##0;[Red]-#,##0");
        assert_eq!(number_format(4), "0.0000");
    }

    #[test]
    fn shown_text_sizes_columns_like_the_sheet() {
        assert_eq!(Cell::Num(dec("1234567.891"), 2).shown_width(), "1,234,567.89".len());
        assert_eq!(Cell::Num(dec("-12.5"), 2).shown_width(), "-12.50".len());
        assert_eq!(Cell::num(None, 2), Cell::Empty);
        assert_eq!(Cell::text("亚马逊").shown_width(), 6);
    }

    #[test]
    fn a_sheet_is_a_zip_workbook_and_ragged_rows_are_refused() {
        let mut s = Sheet { name: "P&L 2026-10 [x]".into(), header: vec!["unit".into(), "sales".into()], rows: vec![] };
        s.rows.push(vec![Cell::text("AMZ-US"), Cell::Num(dec("1234.5"), 2)]);
        s.rows.push(vec![Cell::text("WH"), Cell::Empty]);
        let bytes = xlsx(&s).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        s.rows.push(vec![Cell::text("short")]);
        assert!(xlsx(&s).is_err());
    }
}
