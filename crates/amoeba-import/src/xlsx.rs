//! XLSX workbooks read into the same rows the CSV reader gives, so every
//! table-based format (facts, fx, hours, plans, inventory, ads, traffic,
//! Shopify and TikTok exports) takes a workbook as it takes a CSV: sellers
//! download marketplace reports as XLSX, and "save it again as CSV UTF-8"
//! is a step where Excel re-rounds numbers and re-formats dates.
//!
//! * The first sheet is read, or the one the caller names
//!   ([`crate::ImportContext::sheet`]). Line numbers are **sheet row
//!   numbers** (row 1 is line 1), so an error points at the row Excel shows.
//! * A text cell is its text. A numeric cell is written as the **shortest
//!   decimal that reads back as the same binary number** (`0.1`, not
//!   `0.1000000000000000055…`), then parsed like any other cell: a value
//!   with more places than the column keeps (a float such as
//!   `0.30000000000000004` from a formula) is refused by the number parser,
//!   never rounded. The caller's number convention, if any, still applies to
//!   text cells; numeric cells always use a decimal point.
//! * A date-formatted cell is written `YYYY-MM-DD` (`YYYY-MM-DD HH:MM:SS[.fff]`
//!   with a time of day); a plain number in a date column is read as an
//!   Excel serial day by [`serial_to_datetime`] (1900 system with its
//!   1900-02-29 bug, or the 1904 system when the workbook says so).
//! * Cells Excel shows as errors (`#N/A`) are their error text, refused by
//!   whichever column reads them.
//!
//! Limits ([`MAX_XLSX_BYTES`], [`MAX_UNCOMPRESSED_BYTES`], [`MAX_SHEET_ROWS`],
//! [`MAX_SHEET_COLUMNS`], [`MAX_SHEET_CELLS`]) keep a hostile or broken
//! workbook (a ZIP bomb, a sheet of a million empty styled columns) from
//! taking the machine's memory.

use crate::error::ImportError;
use crate::market_reason::MarketReason;
use crate::reason::Reason;
use calamine::{DataRef, Reader, Xlsx};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use std::io::Cursor;

/// Largest workbook file accepted (bytes, compressed).
pub const MAX_XLSX_BYTES: usize = 256 * 1024 * 1024;

/// Largest sum of the uncompressed sizes a workbook's parts may declare: a
/// ZIP bomb is refused before anything is inflated.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Most rows of a sheet (Excel's own limit).
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// Most columns of a sheet read (a report has dozens; Excel allows 16 384).
pub const MAX_SHEET_COLUMNS: u32 = 1_024;

/// Most non-empty cells of a sheet read in memory.
pub const MAX_SHEET_CELLS: u64 = 40_000_000;

/// The first bytes of every ZIP file, and so of every XLSX workbook.
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";

/// Whether the bytes are a ZIP container (an XLSX workbook, if anything we read).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_SIGNATURE)
}

/// One row of a sheet: its cells as text, and for numeric cells the number
/// itself (a date column may hold serial days).
#[derive(Debug, Clone)]
pub(crate) struct SheetRow {
    /// Cells as the CSV reader would give them; its position's line is the sheet row.
    pub rec: csv::StringRecord,
    /// Per cell: the number of a numeric cell, else `None`.
    pub numbers: Vec<Option<f64>>,
}

/// A sheet read into rows, with the workbook's date system.
#[derive(Debug, Clone)]
pub(crate) struct SheetRows {
    /// Non-empty rows in sheet order, each as wide as the widest row.
    pub rows: Vec<SheetRow>,
    /// `true` when the workbook counts days from 1904-01-01.
    pub date1904: bool,
}

fn refused(reason: MarketReason) -> ImportError {
    ImportError::line(0, Reason::Market(reason))
}

/// Refuses a workbook whose parts declare more than
/// [`MAX_UNCOMPRESSED_BYTES`] once inflated.
fn check_declared_sizes(bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| refused(MarketReason::NotXlsx { detail: e.to_string() }))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| refused(MarketReason::NotXlsx { detail: e.to_string() }))?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(refused(MarketReason::WorkbookTooLarge { max_mib: MAX_UNCOMPRESSED_BYTES / (1024 * 1024) }));
    }
    Ok(())
}

/// Reads the named sheet (else the first) of an XLSX workbook.
pub(crate) fn read_sheet(bytes: &[u8], name: Option<&str>) -> Result<SheetRows, ImportError> {
    if bytes.len() > MAX_XLSX_BYTES {
        return Err(refused(MarketReason::WorkbookTooLarge { max_mib: (MAX_XLSX_BYTES / (1024 * 1024)) as u64 }));
    }
    check_declared_sizes(bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| refused(MarketReason::NotXlsx { detail: e.to_string() }))?;
    let sheets = wb.sheet_names();
    let chosen = match name {
        Some(n) => sheets.iter().find(|s| s.trim().eq_ignore_ascii_case(n.trim())).cloned(),
        None => sheets.first().cloned(),
    };
    let Some(chosen) = chosen else {
        return Err(refused(MarketReason::SheetNotFound { name: name.unwrap_or("").to_string(), sheets }));
    };
    let date1904 = wb.has_1904_epoch();
    let mut cells = wb.worksheet_cells_reader(&chosen).map_err(|e| refused(MarketReason::NotXlsx { detail: e.to_string() }))?;
    let mut rows: Vec<(u32, Vec<String>, Vec<Option<f64>>)> = Vec::new();
    let (mut width, mut count) = (0usize, 0u64);
    while let Some(cell) = cells.next_cell().map_err(|e| refused(MarketReason::NotXlsx { detail: e.to_string() }))? {
        let (r, c) = cell.get_position();
        let (text, number) = cell_text(cell.get_value(), date1904);
        if text.is_empty() {
            continue;
        }
        count += 1;
        if r >= MAX_SHEET_ROWS || c >= MAX_SHEET_COLUMNS || count > MAX_SHEET_CELLS {
            let limits = MarketReason::SheetTooLarge { rows: MAX_SHEET_ROWS, columns: MAX_SHEET_COLUMNS, cells: MAX_SHEET_CELLS };
            return Err(ImportError::line(u64::from(r) + 1, Reason::Market(limits)));
        }
        if rows.last().is_none_or(|l| l.0 != r) {
            rows.push((r, Vec::new(), Vec::new()));
        }
        let Some(row) = rows.last_mut() else { continue };
        let c = c as usize;
        if row.1.len() <= c {
            row.1.resize(c + 1, String::new());
            row.2.resize(c + 1, None);
        }
        row.1[c] = text;
        row.2[c] = number;
        width = width.max(c + 1);
    }
    let rows = rows
        .into_iter()
        .map(|(r, mut texts, mut numbers)| {
            texts.resize(width, String::new());
            numbers.resize(width, None);
            let mut rec = csv::StringRecord::from(texts);
            let mut pos = csv::Position::new();
            pos.set_line(u64::from(r) + 1);
            rec.set_position(Some(pos));
            SheetRow { rec, numbers }
        })
        .collect();
    Ok(SheetRows { rows, date1904 })
}

/// A cell as text, with its number when it is numeric.
fn cell_text(v: &DataRef<'_>, date1904: bool) -> (String, Option<f64>) {
    match v {
        DataRef::Int(i) => (i.to_string(), Some(*i as f64)),
        DataRef::Float(f) => (float_text(*f), Some(*f)),
        DataRef::String(s) => (s.clone(), None),
        DataRef::SharedString(s) => (s.to_string(), None),
        DataRef::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), None),
        DataRef::DateTime(d) if d.is_datetime() => (serial_text(d.as_f64(), date1904), None),
        DataRef::DateTime(d) => (float_text(d.as_f64()), Some(d.as_f64())),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s.clone(), None),
        DataRef::Error(e) => (e.to_string(), None),
        DataRef::Empty => (String::new(), None),
    }
}

/// The shortest decimal text that reads back as `f` (Rust's `Display` for
/// `f64`: no exponent, shortest round trip); `-0` is `0`.
pub(crate) fn float_text(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    format!("{f}")
}

/// A date cell's text: the day, and the time of day when it has one.
fn serial_text(serial: f64, date1904: bool) -> String {
    match serial_to_datetime(serial, date1904) {
        Ok(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
        Ok(t) => t.format("%Y-%m-%d %H:%M:%S%.3f").to_string().trim_end_matches(".000").to_string(),
        // Not a day (the 1900-02-29 that never was, a negative serial): its
        // text is refused by the date column with the cell's value.
        Err(_) if !date1904 && serial.floor() == 60.0 => "1900-02-29".into(),
        Err(_) => float_text(serial),
    }
}

/// Most serial days Excel shows (9999-12-31 in the 1900 system).
const MAX_SERIAL: f64 = 2_958_465.0;

/// Why a number is not an Excel day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialError {
    /// Zero, negative, past 9999-12-31, or not finite.
    OutOfRange,
    /// Serial 60 of the 1900 system: 1900-02-29, a day Excel invented
    /// (Lotus 1-2-3's leap-year bug) and no calendar has.
    Excel1900LeapDay,
}

/// An Excel serial day (with its fraction of a day) as a local date and
/// time. The 1900 system counts 1900-01-01 as day 1 and keeps Lotus's
/// non-existent 1900-02-29 as day 60, so days from 61 on are one more than
/// a true count from 1899-12-31; the 1904 system counts 1904-01-01 as day 0.
/// The time of day is rounded to the millisecond, Excel's own precision.
pub fn serial_to_datetime(serial: f64, date1904: bool) -> Result<NaiveDateTime, SerialError> {
    if !serial.is_finite() || !(0.0..=MAX_SERIAL).contains(&serial) || (!date1904 && serial < 1.0) {
        return Err(SerialError::OutOfRange);
    }
    let days = serial.floor();
    let (epoch, offset) = if date1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1), 0.0)
    } else if days < 60.0 {
        (NaiveDate::from_ymd_opt(1899, 12, 31), 0.0)
    } else if days == 60.0 {
        return Err(SerialError::Excel1900LeapDay);
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 31), 1.0)
    };
    let epoch = epoch.ok_or(SerialError::OutOfRange)?;
    // Bounded by MAX_SERIAL above: the cast is exact.
    let day = epoch.checked_add_signed(Duration::days((days - offset) as i64)).ok_or(SerialError::OutOfRange)?;
    let millis = ((serial - days) * 86_400_000.0).round() as i64;
    day.and_hms_opt(0, 0, 0).and_then(|midnight| midnight.checked_add_signed(Duration::milliseconds(millis))).ok_or(SerialError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn serials_of_the_1900_system_with_its_leap_bug() {
        assert_eq!(serial_to_datetime(1.0, false), Ok(d("1900-01-01 00:00:00")));
        assert_eq!(serial_to_datetime(59.0, false), Ok(d("1900-02-28 00:00:00")));
        assert_eq!(serial_to_datetime(60.0, false), Err(SerialError::Excel1900LeapDay));
        assert_eq!(serial_to_datetime(61.0, false), Ok(d("1900-03-01 00:00:00")));
        assert_eq!(serial_to_datetime(44166.0, false), Ok(d("2020-12-01 00:00:00")));
        assert_eq!(serial_to_datetime(45943.5, false), Ok(d("2025-10-13 12:00:00")));
        assert_eq!(serial_to_datetime(46329.70832175926, false), Ok(d("2026-11-03 16:59:59")));
        assert_eq!(serial_to_datetime(0.0, false), Err(SerialError::OutOfRange));
        assert_eq!(serial_to_datetime(-1.0, false), Err(SerialError::OutOfRange));
        assert_eq!(serial_to_datetime(f64::NAN, false), Err(SerialError::OutOfRange));
        assert_eq!(serial_to_datetime(MAX_SERIAL, false), Ok(d("9999-12-31 00:00:00")));
    }

    #[test]
    fn serials_of_the_1904_system() {
        assert_eq!(serial_to_datetime(0.0, true), Ok(d("1904-01-01 00:00:00")));
        // The same day is 1 462 days apart in the two systems.
        assert_eq!(serial_to_datetime(44166.0 - 1462.0, true), Ok(d("2020-12-01 00:00:00")));
    }

    #[test]
    fn floats_are_written_as_their_shortest_round_trip() {
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(5.4), "5.4");
        assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_text(1e21), "1000000000000000000000");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(1234.5), "1234.5");
    }

    #[test]
    fn only_zip_bytes_are_workbooks() {
        assert!(is_xlsx(b"PK\x03\x04rest"));
        assert!(!is_xlsx(b"date,amount\n"));
        let e = read_sheet(b"PK\x03\x04 not really a zip", None).unwrap_err();
        assert_eq!(e.reason.code(), "not_xlsx", "{e}");
    }
}
