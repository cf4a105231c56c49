//! One table type for every table Amoeba shows. The same value renders to
//! the page (HTML), to CSV and to XLSX, so an export can never drift from
//! what the page shows.

use amoeba_core::csv_safe::neutralise;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;

/// What a cell holds. Numbers stay numbers in XLSX (so Excel can add them up).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A money amount or other decimal, shown with `dp` places.
    Dec(Decimal, u32),
    /// A ratio shown as a percentage with one decimal (0.853 → 85.3%).
    Pct(Decimal),
    /// Nothing.
    Empty,
}

impl Value {
    /// The text shown on the page and written to CSV.
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(i) => group_thousands(&i.to_string()),
            Value::Dec(d, dp) => group_thousands(&format!("{:.*}", *dp as usize, d.round_dp(*dp))),
            Value::Pct(r) => format!("{:.1}%", (r * Decimal::ONE_HUNDRED).round_dp(1)),
            Value::Empty => String::new(),
        }
    }

    /// Whether it is a number (right-aligned, signed colouring).
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Dec(..) | Value::Pct(_))
    }

    fn is_negative(&self) -> bool {
        match self {
            Value::Int(i) => *i < 0,
            Value::Dec(d, _) | Value::Pct(d) => d.is_sign_negative() && !d.is_zero(),
            _ => false,
        }
    }
}

/// `1234567.89` → `1,234,567.89` (sign and decimals kept).
pub fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map(|r| ("-", r)).unwrap_or(("", s));
    let (int, frac) = rest.split_once('.').map(|(i, f)| (i, Some(f))).unwrap_or((rest, None));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A cell: a value, optionally a link (drill-down) and an SVG (sparkline).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The value.
    pub value: Value,
    /// Where clicking the cell leads.
    pub href: Option<String>,
    /// Inline chart drawn next to the value (page only; exports carry the value).
    pub svg: Option<String>,
    /// A negative number that is normal here (an expense line) is not drawn as a loss.
    pub quiet: bool,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Value::Text(s.into()).into()
    }

    /// An optional text cell.
    pub fn opt(s: Option<impl Into<String>>) -> Self {
        s.map(|s| Cell::text(s)).unwrap_or_else(|| Value::Empty.into())
    }

    /// A money cell (two places).
    pub fn money(d: Decimal) -> Self {
        Value::Dec(d, 2).into()
    }

    /// A linked cell.
    pub fn link(mut self, href: impl Into<String>) -> Self {
        self.href = Some(href.into());
        self
    }

    /// Does not mark a negative value as a loss (expenses are negative by convention).
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// A cell with an inline chart.
    pub fn chart(mut self, svg: String) -> Self {
        self.svg = Some(svg);
        self
    }
}

impl From<Value> for Cell {
    fn from(value: Value) -> Self {
        Cell { value, href: None, svg: None, quiet: false }
    }
}

/// A column heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Heading in the reader's language.
    pub label: String,
}

/// A titled table with a stable id (the `table=` of export links).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Stable id, also the export file name.
    pub id: &'static str,
    /// Caption.
    pub title: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<Cell>>,
    /// Shown instead of an empty table.
    pub empty: String,
    /// Buttons per row (page only, never exported); empty for read-only tables.
    #[serde(skip)]
    pub actions: Vec<Vec<Action>>,
}

/// A button that posts a small form (e.g. "reset password") for one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// Where the form posts.
    pub url: String,
    /// Translation key of the button.
    pub label: &'static str,
    /// Translation key of a confirmation question, if the action needs one.
    pub confirm: Option<&'static str>,
    /// Drawn as destructive.
    pub danger: bool,
    /// The session's CSRF token.
    pub csrf: String,
}

impl Table {
    /// A table with headings and no rows yet.
    pub fn new(id: &'static str, title: impl Into<String>, columns: &[&str], empty: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            columns: columns.iter().map(|c| Column { label: c.to_string() }).collect(),
            rows: Vec::new(),
            empty: empty.into(),
            actions: Vec::new(),
        }
    }

    /// Adds a row (must have one cell per column).
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of table {}", self.id);
        self.rows.push(row);
    }

    /// Adds a row with its buttons.
    pub fn push_with_actions(&mut self, row: Vec<Cell>, actions: Vec<Action>) {
        self.push(row);
        self.actions.resize(self.rows.len() - 1, Vec::new());
        self.actions.push(actions);
    }

    /// CSV with a UTF-8 byte-order mark, so Excel opens Chinese text correctly.
    /// Text cells that a spreadsheet would run as a formula are neutralised
    /// ([`amoeba_core::csv_safe`]); numbers are written as they are.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        let _ = w.write_record(self.columns.iter().map(|c| neutralise(&c.label).into_owned()));
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(|c| csv_text(&c.value)));
        }
        w.into_inner().unwrap_or_default()
    }

    /// An XLSX workbook with one sheet; numbers are written as numbers.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, String> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let name: String = self.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        if !name.trim().is_empty() {
            sheet.set_name(name.trim()).map_err(|e| e.to_string())?;
        }
        let bold = Format::new().set_bold();
        let money = Format::new().set_num_format("#,##0.00");
        let pct = Format::new().set_num_format("0.0%");
        for (c, col) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, &col.label, &bold).map_err(|e| e.to_string())?;
            sheet.set_column_width(c as u16, 14).map_err(|e| e.to_string())?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                let done = match &cell.value {
                    Value::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                    Value::Int(i) => sheet.write_number(r, c, *i as f64).map(|_| ()),
                    Value::Dec(d, _) => sheet.write_number_with_format(r, c, to_f64(*d), &money).map(|_| ()),
                    Value::Pct(d) => sheet.write_number_with_format(r, c, to_f64(*d), &pct).map(|_| ()),
                    Value::Empty => Ok(()),
                };
                done.map_err(|e| e.to_string())?;
            }
        }
        book.save_to_buffer().map_err(|e| e.to_string())
    }

    /// The serialisable view the templates draw, with export links.
    pub fn view(&self, uri: &str) -> TableView<'_> {
        let mut actions = self.actions.clone();
        if !actions.is_empty() {
            actions.resize(self.rows.len(), Vec::new());
        }
        TableView {
            table: self,
            num_cols: (0..self.columns.len()).map(|c| self.rows.iter().any(|r| r.get(c).is_some_and(|x| x.value.is_number()))).collect(),
            actions,
            csv: export_href(uri, self.id, "csv"),
            xlsx: export_href(uri, self.id, "xlsx"),
            cells: self
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|c| CellView {
                            text: c.value.text(),
                            num: c.value.is_number(),
                            neg: c.value.is_negative() && !c.quiet,
                            href: c.href.as_deref(),
                            svg: c.svg.as_deref(),
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// Plain text for CSV: numbers without thousands separators so spreadsheets
/// read them; text neutralised so a spreadsheet never runs it as a formula.
pub(crate) fn csv_text(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Dec(d, dp) => format!("{:.*}", *dp as usize, d.round_dp(*dp)),
        Value::Pct(d) => d.round_dp(4).normalize().to_string(),
        Value::Text(s) => neutralise(s).into_owned(),
        Value::Empty => String::new(),
    }
}

fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// What a template needs to draw a table.
#[derive(Debug, Serialize)]
pub struct TableView<'a> {
    /// The table.
    pub table: &'a Table,
    /// Which columns hold numbers (right-aligned headings).
    pub num_cols: Vec<bool>,
    /// Buttons per row.
    pub actions: Vec<Vec<Action>>,
    /// Link to the CSV export.
    pub csv: String,
    /// Link to the XLSX export.
    pub xlsx: String,
    /// Cells as text with their flags.
    pub cells: Vec<Vec<CellView<'a>>>,
}

/// A cell as the template draws it.
#[derive(Debug, Serialize)]
pub struct CellView<'a> {
    /// Shown text.
    pub text: String,
    /// Right-aligned.
    pub num: bool,
    /// Negative number.
    pub neg: bool,
    /// Link.
    pub href: Option<&'a str>,
    /// Inline SVG.
    pub svg: Option<&'a str>,
}

/// The current URI with `table` and `format` set (other parameters kept, so
/// an export of March is March).
pub fn export_href(uri: &str, table: &str, format: &str) -> String {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("table=") && !p.starts_with("format=") && !p.starts_with("lang="))
        .map(str::to_string)
        .collect();
    params.push(format!("table={table}"));
    params.push(format!("format={format}"));
    format!("{path}?{}", params.join("&"))
}

/// An export format asked for with `?format=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// Comma-separated values.
    Csv,
    /// Excel workbook.
    Xlsx,
}

/// The export (format, table id) a URI asks for, if any.
pub fn export_of(uri: &str) -> Option<(Export, Option<String>)> {
    let query = uri.split_once('?')?.1;
    let mut format = None;
    let mut table = None;
    for p in query.split('&') {
        match p.split_once('=') {
            Some(("format", "csv")) => format = Some(Export::Csv),
            Some(("format", "xlsx")) => format = Some(Export::Xlsx),
            Some(("table", t)) => table = Some(t.to_string()),
            _ => {}
        }
    }
    format.map(|f| (f, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn sample() -> Table {
        let mut t = Table::new("units", "单位", &["代码", "销售额", "达成"], "—");
        t.push(vec![Cell::text("AMZ-US"), Cell::money(dec("1234567.891")), Value::Pct(dec("0.8534")).into()]);
        t.push(vec![Cell::text("WH, \"仓\""), Cell::money(dec("-5")), Value::Empty.into()]);
        t
    }

    #[test]
    fn numbers_are_grouped_and_rounded_once() {
        assert_eq!(group_thousands("-1234567.89"), "-1,234,567.89");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(Value::Dec(dec("1234567.891"), 2).text(), "1,234,567.89");
        assert_eq!(Value::Pct(dec("0.8534")).text(), "85.3%");
    }

    #[test]
    fn csv_has_bom_header_and_plain_numbers() {
        let csv = String::from_utf8(sample().to_csv()).expect("utf-8");
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines, vec!["代码,销售额,达成", "AMZ-US,1234567.89,0.8534", "\"WH, \"\"仓\"\"\",-5.00,"]);
    }

    #[test]
    fn csv_neutralises_formula_text_but_not_negative_numbers() {
        let mut t = Table::new("facts", "明细", &["备注", "金额"], "—");
        t.push(vec![Cell::text("=HYPERLINK(\"http://127.0.0.1/x\",\"click\")"), Cell::money(dec("-12.34"))]);
        t.push(vec![Cell::text("-refund"), Value::Int(-3).into()]);
        let csv = String::from_utf8(t.to_csv()).expect("utf-8");
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines, vec!["备注,金额", "\"'=HYPERLINK(\"\"http://127.0.0.1/x\"\",\"\"click\"\")\",-12.34", "'-refund,-3"]);
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = sample().to_xlsx().expect("xlsx");
        assert_eq!(&bytes[..2], b"PK");
    }

    #[test]
    fn export_links_keep_other_parameters() {
        assert_eq!(export_href("/units/A/pnl?month=2026-03&lang=en", "pnl", "csv"), "/units/A/pnl?month=2026-03&table=pnl&format=csv");
        assert_eq!(export_of("/x?month=1&table=pnl&format=xlsx"), Some((Export::Xlsx, Some("pnl".into()))));
        assert_eq!(export_of("/x?month=1"), None);
    }
}
