//! What is wrong with one line or cell of a file, as data rather than text:
//! the page, the API and the CLI render the same [`Reason`] in their
//! reader's language (Chinese first), and the API gives its stable
//! [`Reason::code`] so a program can act on it.

use amoeba_core::ledger::FactKind;
use amoeba_core::money::{Currency, CurrencyError};
use amoeba_core::{Lang, Month};
use std::fmt;

/// One kind of problem in an imported file, with what was found and what
/// was expected. Every variant renders in every [`Lang`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The bytes could not be read (the operating system's words).
    Unreadable {
        /// What the reader said.
        detail: String,
    },
    /// The file is neither UTF-8 nor GBK.
    NotText,
    /// A byte-order mark promises an encoding the file does not keep.
    BadBom {
        /// The encoding the mark names.
        encoding: String,
    },
    /// The file starts with a UTF-8 mark but this line is not UTF-8.
    BadUtf8AfterBom,
    /// One line is neither UTF-8 nor GBK.
    LineNotText,
    /// A line is too long to be a text report.
    LineTooLong {
        /// Longest line accepted, in bytes.
        max: usize,
    },
    /// A UTF-16 file too large to convert in memory.
    Utf16TooLarge,
    /// The file has no header row.
    EmptyFile,
    /// The CSV reader could not split the line.
    NotCsv {
        /// What the CSV reader said.
        detail: String,
    },
    /// A required column is absent from the header.
    MissingColumn {
        /// The column's name.
        column: String,
        /// Third-party exports: a header starting with the name is enough.
        prefix: bool,
    },
    /// A column is named twice in the header.
    DuplicateColumn,
    /// A header names a column this kind of file does not have.
    UnknownColumn {
        /// The columns this kind of file has.
        known: Vec<String>,
    },
    /// A facts file needs a `store` or a `unit` column.
    NeedsStoreOrUnitColumn,
    /// More rows than one file may hold.
    TooManyRows {
        /// Most rows accepted.
        max: u64,
    },
    /// A row is wider than the header.
    RowWiderThanHeader {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        header: usize,
    },
    /// A row has fewer fields than the header: a cell was lost.
    RowNarrowerThanHeader {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        header: usize,
    },
    /// A quote opened on this line is never closed: the rows after it
    /// would be read as one cell.
    UnclosedQuote {
        /// Most lines one quoted cell may span.
        max_lines: u64,
    },
    /// More fields on a line than a report has columns.
    TooManyFields {
        /// Most fields accepted.
        max: usize,
    },
    /// A header with more columns than a report has.
    TooManyColumns {
        /// Columns found.
        found: usize,
        /// Most columns accepted.
        max: usize,
    },
    /// One cell is longer than any real value.
    CellTooLong {
        /// 1-based field number.
        field: usize,
        /// Longest cell accepted, in characters.
        max: usize,
    },
    /// A value under a header cell that has no name.
    UnnamedColumnValue {
        /// 1-based field number.
        field: usize,
    },
    /// A row was refused without a more precise reason.
    RowRefused,
    /// A required cell is empty.
    Required {
        /// The column's name.
        column: String,
    },
    /// Not a number in the file's convention.
    NotANumber {
        /// The cell.
        value: String,
        /// The file's convention (`true`: decimal comma).
        comma: bool,
    },
    /// More digits than an amount can hold.
    TooManyDigits {
        /// The cell.
        value: String,
    },
    /// More decimal places than accepted (amounts are never rounded on import).
    TooManyDecimals {
        /// The cell.
        value: String,
        /// Places found.
        places: u32,
        /// Most places accepted.
        max: u32,
    },
    /// A number too large to store.
    TooLarge {
        /// The value.
        value: String,
    },
    /// Not a whole number.
    NotWholeNumber {
        /// The cell.
        value: String,
    },
    /// A quantity that is not a whole number of units.
    NotUnits {
        /// The cell.
        value: String,
    },
    /// Two amounts of one file written in different conventions.
    MixedNumberStyles {
        /// The cell.
        value: String,
        /// Its convention (`true`: decimal comma).
        comma: bool,
        /// The earlier cell that set the other convention.
        first: String,
        /// Its line.
        first_line: u64,
        /// `true` when the file's convention had been read, not just seen:
        /// the reader is told to give it explicitly.
        read: bool,
    },
    /// Not a date.
    NotADate {
        /// The cell.
        value: String,
    },
    /// Neither a date nor a timestamp.
    NotADateTime {
        /// The cell.
        value: String,
    },
    /// A local time skipped by a clock change.
    NoSuchLocalTime {
        /// The cell.
        value: String,
        /// The time zone.
        tz: String,
    },
    /// Not a month.
    NotAMonth {
        /// The cell.
        value: String,
    },
    /// Neither a date nor a month.
    NotAPeriod {
        /// The cell.
        value: String,
    },
    /// Not a fact kind.
    UnknownFactKind {
        /// The cell.
        value: String,
        /// The kinds there are.
        known: Vec<String>,
    },
    /// Not three letters.
    NotACurrency {
        /// The cell.
        value: String,
    },
    /// Three letters, but no ISO 4217 currency.
    UnknownCurrency {
        /// The code.
        value: String,
    },
    /// A fact names both a store and a unit.
    BothStoreAndUnit,
    /// A fact names neither a store nor a unit.
    NeitherStoreNorUnit,
    /// Lines in UTF-8 and lines in GBK in one file.
    MixedEncodings {
        /// The first line in UTF-8.
        utf8_line: u64,
    },
    /// A NUL character in the text.
    NulCharacter,
    /// A header and no rows.
    NoRows,
    /// The same key twice in one file (a day's rate, a plan line, a
    /// snapshot): which row counts would be a guess.
    DuplicateKey {
        /// The key, as the reader would name it.
        key: String,
        /// The line that had it first.
        first_line: u64,
    },
    /// A day before [`crate::context::EARLIEST_DAY`] or after today's margin.
    DayOutOfRange {
        /// The day.
        day: String,
        /// The earliest day accepted.
        earliest: String,
        /// The latest day accepted, when the caller knows today.
        latest: Option<String>,
    },
    /// An exchange rate above the largest the accounting accepts.
    RateTooLarge {
        /// The cell.
        value: String,
        /// The largest rate.
        max: String,
    },
    /// A rate for the base currency other than 1.
    BaseRateNotOne {
        /// The base currency.
        currency: String,
        /// The cell.
        value: String,
    },
    /// An exchange rate that is zero or negative.
    RateNotPositive {
        /// The rate.
        value: String,
    },
    /// A value that must not be negative.
    Negative {
        /// The value.
        value: String,
    },
    /// More hours than the period has.
    TooManyHours {
        /// Hours plus overtime.
        total: String,
        /// Hours in the period.
        cap: String,
    },
    /// Not a plan line.
    UnknownPlanLine {
        /// The cell.
        value: String,
        /// The lines there are.
        known: Vec<String>,
    },
    /// An ads row without currency, for a store without one.
    NoCurrency,
    /// A report of another kind than settlement or ads imported without
    /// naming its store (same code as [`Reason::StoreNotGiven`]).
    ReportWithoutStore {
        /// The kind of report.
        kind: crate::error::FileKind,
    },
    /// A traffic row whose days overlap a stored row of the same store
    /// and item over other days: its figures would be counted twice.
    TrafficOverlap {
        /// SKU and/or ASIN ('' for the store's own row).
        item: String,
        /// The stored row's first day.
        from: String,
        /// The stored row's last day.
        to: String,
    },
    /// A business report imported without the days it was downloaded for.
    ReportDaysNeeded,
    /// A date range whose first day is after its last.
    DaysReversed {
        /// The first day given.
        from: String,
        /// The last day given.
        to: String,
    },
    /// A percentage below 0 % or above 100 %.
    PercentOutOfRange {
        /// The cell.
        value: String,
    },
    /// A marketplace report imported without naming its store.
    StoreNotGiven {
        /// `true`: a settlement, `false`: an ads report.
        settlement: bool,
    },
    /// A settlement header without tabs.
    NotTabSeparated,
    /// The old settlement format.
    SettlementV1,
    /// The first data row is not the settlement summary.
    FirstRowNotSummary,
    /// A summary cell is empty.
    RequiredOnSummary {
        /// The column.
        column: String,
    },
    /// A transaction cell is empty.
    RequiredOnTransaction {
        /// The column.
        column: String,
    },
    /// A line of another settlement.
    SettlementIdDiffers {
        /// The line's id.
        value: String,
        /// The summary's id.
        summary: String,
    },
    /// A second summary row.
    SecondSummary,
    /// A line in another currency than its settlement.
    CurrencyDiffers {
        /// The line's currency.
        value: String,
        /// The settlement's.
        settlement: String,
    },
    /// More lines than one settlement may hold.
    TooManyLines {
        /// Most lines accepted.
        max: u64,
    },
    /// An empty settlement file.
    EmptySettlement,
    /// A settlement header without a summary row.
    NoSummary,
    /// A settlement whose lines do not add up to its total.
    DoesNotReconcile {
        /// Transaction lines read.
        lines: u64,
        /// Their sum.
        sum: String,
        /// The summary's total.
        total: String,
        /// The settlement's currency.
        currency: String,
        /// Total minus sum.
        diff: String,
    },
    /// A store the organisation does not have.
    UnknownStore {
        /// The code.
        code: String,
    },
    /// A unit the organisation does not have.
    UnknownUnit {
        /// The code.
        code: String,
    },
    /// A person the organisation does not have.
    UnknownPerson {
        /// The code.
        code: String,
    },
    /// A row in a closed month: closed periods never change.
    ClosedPeriod {
        /// The month.
        month: String,
    },
    /// An amount the ledger cannot hold.
    AmountDoesNotFit {
        /// The amount.
        value: String,
    },
    /// A problem of a workbook, an order export or a statement
    /// ([`crate::market_reason`]); its code and words are its own.
    Market(crate::market_reason::MarketReason),
    /// Not an order event.
    UnknownOrderEvent {
        /// The cell.
        value: String,
        /// The events there are.
        known: Vec<String>,
    },
    /// A timestamp without a time of day where one is needed (an order
    /// event: the lottery's 17:00 cut-off reads it).
    TimeRequired {
        /// The cell.
        value: String,
    },
    /// An order event that contradicts its order (`amoeba_core::orders`).
    Order(amoeba_core::orders::OrderError),
    /// An exchange rate already stored with another value.
    RateAlreadyStored {
        /// The currency.
        currency: String,
        /// The day.
        day: String,
        /// The stored rate.
        stored: String,
    },
}

/// Every [`Reason::code`], in the order of `docs/formats.md`.
pub const CODES: &[&str] = &[
    "unreadable",
    "not_text",
    "bad_bom",
    "bad_utf8_after_bom",
    "line_not_text",
    "line_too_long",
    "utf16_too_large",
    "empty_file",
    "not_csv",
    "missing_column",
    "duplicate_column",
    "unknown_column",
    "needs_store_or_unit_column",
    "too_many_rows",
    "row_wider_than_header",
    "too_many_fields",
    "too_many_columns",
    "cell_too_long",
    "unnamed_column_value",
    "row_refused",
    "required",
    "not_a_number",
    "too_many_digits",
    "too_many_decimals",
    "too_large",
    "not_whole_number",
    "not_units",
    "mixed_number_styles",
    "not_a_date",
    "not_a_date_time",
    "no_such_local_time",
    "not_a_month",
    "not_a_period",
    "unknown_fact_kind",
    "not_a_currency",
    "unknown_currency",
    "both_store_and_unit",
    "neither_store_nor_unit",
    "rate_not_positive",
    "negative",
    "too_many_hours",
    "unknown_plan_line",
    "no_currency",
    "store_not_given",
    "not_tab_separated",
    "settlement_v1",
    "first_row_not_summary",
    "required_on_summary",
    "required_on_transaction",
    "settlement_id_differs",
    "second_summary",
    "currency_differs",
    "too_many_lines",
    "empty_settlement",
    "no_summary",
    "does_not_reconcile",
    "unknown_store",
    "unknown_unit",
    "unknown_person",
    "closed_period",
    "amount_does_not_fit",
    "rate_already_stored",
    "row_narrower_than_header",
    "unclosed_quote",
    "day_out_of_range",
    "duplicate_key",
    "mixed_encodings",
    "nul_character",
    "no_rows",
    "rate_too_large",
    "base_rate_not_one",
    "days_reversed",
    "traffic_overlap",
    "report_days_needed",
    "percent_out_of_range",
    "unknown_order_event",
    "time_required",
];

fn style_en(comma: bool) -> &'static str {
    if comma {
        "decimal comma"
    } else {
        "decimal point"
    }
}

fn style_zh(comma: bool) -> &'static str {
    if comma {
        "小数逗号"
    } else {
        "小数点"
    }
}

impl Reason {
    /// A stable snake_case id of the kind of problem, for programs (the
    /// API's `code`); never translated.
    pub fn code(&self) -> &'static str {
        use Reason::*;
        match self {
            Unreadable { .. } => "unreadable",
            NotText => "not_text",
            BadBom { .. } => "bad_bom",
            BadUtf8AfterBom => "bad_utf8_after_bom",
            LineNotText => "line_not_text",
            LineTooLong { .. } => "line_too_long",
            Utf16TooLarge => "utf16_too_large",
            EmptyFile => "empty_file",
            NotCsv { .. } => "not_csv",
            MissingColumn { .. } => "missing_column",
            DuplicateColumn => "duplicate_column",
            UnknownColumn { .. } => "unknown_column",
            NeedsStoreOrUnitColumn => "needs_store_or_unit_column",
            TooManyRows { .. } => "too_many_rows",
            RowWiderThanHeader { .. } => "row_wider_than_header",
            RowNarrowerThanHeader { .. } => "row_narrower_than_header",
            UnclosedQuote { .. } => "unclosed_quote",
            TooManyFields { .. } => "too_many_fields",
            TooManyColumns { .. } => "too_many_columns",
            CellTooLong { .. } => "cell_too_long",
            UnnamedColumnValue { .. } => "unnamed_column_value",
            RowRefused => "row_refused",
            Required { .. } => "required",
            NotANumber { .. } => "not_a_number",
            TooManyDigits { .. } => "too_many_digits",
            TooManyDecimals { .. } => "too_many_decimals",
            TooLarge { .. } => "too_large",
            NotWholeNumber { .. } => "not_whole_number",
            NotUnits { .. } => "not_units",
            MixedNumberStyles { .. } => "mixed_number_styles",
            NotADate { .. } => "not_a_date",
            NotADateTime { .. } => "not_a_date_time",
            NoSuchLocalTime { .. } => "no_such_local_time",
            NotAMonth { .. } => "not_a_month",
            NotAPeriod { .. } => "not_a_period",
            UnknownFactKind { .. } => "unknown_fact_kind",
            NotACurrency { .. } => "not_a_currency",
            UnknownCurrency { .. } => "unknown_currency",
            BothStoreAndUnit => "both_store_and_unit",
            NeitherStoreNorUnit => "neither_store_nor_unit",
            RateNotPositive { .. } => "rate_not_positive",
            DayOutOfRange { .. } => "day_out_of_range",
            DuplicateKey { .. } => "duplicate_key",
            MixedEncodings { .. } => "mixed_encodings",
            NulCharacter => "nul_character",
            NoRows => "no_rows",
            RateTooLarge { .. } => "rate_too_large",
            BaseRateNotOne { .. } => "base_rate_not_one",
            Negative { .. } => "negative",
            TooManyHours { .. } => "too_many_hours",
            UnknownPlanLine { .. } => "unknown_plan_line",
            NoCurrency => "no_currency",
            StoreNotGiven { .. } | ReportWithoutStore { .. } => "store_not_given",
            DaysReversed { .. } => "days_reversed",
            TrafficOverlap { .. } => "traffic_overlap",
            ReportDaysNeeded => "report_days_needed",
            PercentOutOfRange { .. } => "percent_out_of_range",
            NotTabSeparated => "not_tab_separated",
            SettlementV1 => "settlement_v1",
            FirstRowNotSummary => "first_row_not_summary",
            RequiredOnSummary { .. } => "required_on_summary",
            RequiredOnTransaction { .. } => "required_on_transaction",
            SettlementIdDiffers { .. } => "settlement_id_differs",
            SecondSummary => "second_summary",
            CurrencyDiffers { .. } => "currency_differs",
            TooManyLines { .. } => "too_many_lines",
            EmptySettlement => "empty_settlement",
            NoSummary => "no_summary",
            DoesNotReconcile { .. } => "does_not_reconcile",
            UnknownStore { .. } => "unknown_store",
            UnknownUnit { .. } => "unknown_unit",
            UnknownPerson { .. } => "unknown_person",
            ClosedPeriod { .. } => "closed_period",
            AmountDoesNotFit { .. } => "amount_does_not_fit",
            RateAlreadyStored { .. } => "rate_already_stored",
            Market(m) => m.code(),
            UnknownOrderEvent { .. } => "unknown_order_event",
            TimeRequired { .. } => "time_required",
            Order(e) => e.code(),
        }
    }

    /// The reason as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Order(e), _) => e.render(lang),
            (_, Lang::En) => self.english(),
            (_, Lang::Zh) => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use Reason::*;
        match self {
            Market(m) => m.render(Lang::En),
            Unreadable { detail } => format!("could not read the file: {detail}"),
            NotText => "the file is neither UTF-8 nor GBK text; save it again as \"CSV UTF-8\"".into(),
            BadBom { encoding } => format!("the file starts with a {encoding} mark but is not valid {encoding}"),
            BadUtf8AfterBom => "the file starts with a UTF-8 mark but this line is not valid UTF-8".into(),
            LineNotText => "this line is neither UTF-8 nor GBK text".into(),
            LineTooLong { max } => format!("line is longer than {max} bytes; is this really a text report?"),
            Utf16TooLarge => "UTF-16 file is too large; save it as UTF-8 text".into(),
            EmptyFile => "the file is empty; a header row is required".into(),
            NotCsv { detail } => format!("not readable as CSV: {detail}"),
            MissingColumn { column, prefix: false } => format!("missing required column \"{column}\""),
            MissingColumn { column, prefix: true } => format!("missing required column \"{column}\" (a header starting with it)"),
            DuplicateColumn => "column appears twice in the header".into(),
            UnknownColumn { known } => format!("unknown column (this file kind has: {})", known.join(", ")),
            NeedsStoreOrUnitColumn => "the header needs a \"store\" or a \"unit\" column (each fact belongs to one)".into(),
            TooManyRows { max } => format!("more than {max} rows; split the file"),
            RowWiderThanHeader { found, header } => format!("row has {found} fields but the header has {header}"),
            RowNarrowerThanHeader { found, header } => {
                format!("row has {found} fields but the header has {header}: a cell is missing (leave it empty, but keep its separator)")
            }
            UnclosedQuote { max_lines } => format!(
                "a quote opened on this line is not closed (before the end of the file, or within {max_lines} lines): the rows after it would be read as text — close the quote or remove it"
            ),
            TooManyFields { max } => format!("more than {max} fields"),
            TooManyColumns { found, max } => format!("{found} columns; at most {max} expected"),
            CellTooLong { field, max } => format!("field {field} is longer than {max} characters"),
            UnnamedColumnValue { field } => format!("field {field} has a value but its column has no name in the header"),
            RowRefused => "row refused".into(),
            Required { column } => format!("{column} is required"),
            NotANumber { value, comma: false } => {
                format!("'{value}' is not a number (expected e.g. 1234.56 or 1,234.56; this file uses a decimal point)")
            }
            NotANumber { value, comma: true } => {
                format!("'{value}' is not a number (expected e.g. 1234,56 or 1.234,56; this file uses a decimal comma)")
            }
            TooManyDigits { value } => format!("'{value}' has too many digits"),
            TooManyDecimals { value, places, max } => {
                format!("'{value}' has {places} decimal places; at most {max} are accepted (amounts are never rounded on import)")
            }
            TooLarge { value } => format!("'{value}' is too large: one row may carry at most 1,000,000,000,000"),
            NotWholeNumber { value } => format!("'{value}' is not a whole number"),
            NotUnits { value } => format!("'{value}' is not a whole number of units"),
            MixedNumberStyles { value, comma, first, first_line, read: false } => format!(
                "'{value}' is written with a {} but '{first}' on line {first_line} with a {}; a file must use one convention",
                style_en(*comma),
                style_en(!comma)
            ),
            MixedNumberStyles { value, comma, first, first_line, read: true } => format!(
                "'{value}' is written with a {} but '{first}' on line {first_line} was read with a {}; \
                 a file must use one convention (give the number style explicitly)",
                style_en(*comma),
                style_en(!comma)
            ),
            NotADate { value } => format!("'{value}' is not a date (expected a date like 2026-03-01, 2026/03/01 or 01.03.2026)"),
            NotADateTime { value } => {
                format!("'{value}' is not a date or time (expected e.g. 2026-03-01, 01.03.2026 or 2026-03-01T14:23:00+00:00)")
            }
            NoSuchLocalTime { value, tz } => format!("'{value}' does not exist in time zone {tz} (the clocks changed); add a UTC offset"),
            NotAMonth { value } => format!("'{value}' is not a month (expected YYYY-MM, e.g. 2026-10)"),
            NotAPeriod { value } => format!("'{value}' is neither a date (2026-03-01) nor a month (2026-03)"),
            UnknownFactKind { value, known } => format!("unknown fact kind '{value}' (expected one of: {})", known.join(", ")),
            NotACurrency { value } => format!("'{value}' is not a currency code (expected three letters such as CNY, USD, EUR)"),
            UnknownCurrency { value } => format!("'{value}' is not an ISO 4217 currency code (such as CNY, USD, EUR)"),
            BothStoreAndUnit => "both store and unit are given; a fact belongs to exactly one".into(),
            NeitherStoreNorUnit => "neither store nor unit is given; a fact belongs to exactly one".into(),
            RateNotPositive { value } => format!("rate must be above zero, got {value}"),
            MixedEncodings { utf8_line } => format!(
                "this line is in GBK but line {utf8_line} is in UTF-8: the file mixes two encodings and one would be stored garbled — save it again in one (UTF-8)"
            ),
            NulCharacter => "a NUL character (byte 0) is in this line: no real cell has one — save the file again as text".into(),
            NoRows => "the file has a header but no rows: nothing to import (was it exported before its data?)".into(),
            DuplicateKey { key, first_line } => format!("{key} is in this file twice (first on line {first_line}): keep one row"),
            DayOutOfRange { day, earliest, latest } => match latest {
                Some(l) => format!("{day} is not a plausible day (expected from {earliest} to {l}): check the cell"),
                None => format!("{day} is before {earliest}, earlier than any marketplace record: check the cell"),
            },
            RateTooLarge { value, max } => format!("rate {value} is above the largest accepted ({max} base units per unit): check the cell"),
            BaseRateNotOne { currency, value } => format!("{currency} is the base currency: its rate is 1, got {value}"),
            Negative { value } => format!("must not be negative, got {value}"),
            TooManyHours { total, cap } => format!("{total} hours in total is more than the {cap} the period has"),
            UnknownPlanLine { value, known } => format!("unknown plan line '{value}' (expected one of: {})", known.join(", ")),
            NoCurrency => "no Currency column value and no store currency given".into(),
            StoreNotGiven { settlement: true } => "a settlement file does not name its store; give the store code (--store)".into(),
            StoreNotGiven { settlement: false } => "an ads report does not name its store; give the store code (--store)".into(),
            ReportWithoutStore { kind } => format!("a {kind} file does not name its store; give the store code (--store)"),
            DaysReversed { from, to } => format!("the report's first day {from} is after its last day {to}"),
            TrafficOverlap { item, from, to } => format!(
                "the store's figures for '{item}' are stored for {from}..{to}, days this row overlaps: import the same days, or days that do not overlap"
            ),
            ReportDaysNeeded => "a business report does not say which days it covers: give them (--from DAY --to DAY)".to_string(),
            PercentOutOfRange { value } => format!("'{value}' is not a percentage between 0% and 100%"),
            NotTabSeparated => "not a settlement flat file: the header is not tab-separated".into(),
            SettlementV1 => "this is the old settlement flat file (V1); download the \"Flat File V2\" settlement report instead".into(),
            FirstRowNotSummary => "the first data row must be the settlement summary (no transaction-type); is the file cut?".into(),
            RequiredOnSummary { column } => format!("{column} is required on the summary row"),
            RequiredOnTransaction { column } => format!("{column} is required on a transaction line"),
            SettlementIdDiffers { value, summary } => {
                format!("'{value}' differs from the summary's '{summary}'; one file holds one settlement")
            }
            SecondSummary => {
                "a second summary row (no transaction-type, amount-type or amount-description); one file holds one settlement".into()
            }
            CurrencyDiffers { value, settlement } => format!("'{value}' differs from the settlement currency {settlement}"),
            TooManyLines { max } => format!("more than {max} lines in one settlement"),
            EmptySettlement => "the file is empty; expected a settlement flat file V2".into(),
            NoSummary => "the file has a header but no settlement summary row".into(),
            DoesNotReconcile { lines, sum, total, currency, diff } => format!(
                "the {lines} transaction lines sum to {sum} {currency} but the settlement's total-amount is {total} {currency} \
                 (difference {diff}); the file is incomplete or altered"
            ),
            UnknownStore { code } => format!("unknown store '{code}' (add it to the organisation file first)"),
            UnknownUnit { code } => format!("unknown unit '{code}'"),
            UnknownPerson { code } => format!("unknown person '{code}'"),
            ClosedPeriod { month } => format!(
                "period {month} is closed and never changes; book the correction in an open period as a fact of kind \
                 'adjustment' whose 'corrects' column names the fact (or file and line) it corrects"
            ),
            AmountDoesNotFit { value } => format!("{value} has more than 4 decimal places or is too large"),
            RateAlreadyStored { currency, day, stored } => {
                format!("{currency} on {day} is already stored as {stored}; a rate is not overwritten by an ordinary FX file — to correct it, import the right rate as kind fx-correction")
            }
            UnknownOrderEvent { value, known } => format!("unknown order event '{value}' (expected one of: {})", known.join(", ")),
            TimeRequired { value } => format!("'{value}' has no time of day; write e.g. 2026-11-03 16:59:59 (store time) or 2026-11-03T16:59:59+08:00"),
            Order(e) => e.render(Lang::En),
        }
    }

    fn chinese(&self) -> String {
        use Reason::*;
        match self {
            Market(m) => m.render(Lang::Zh),
            Unreadable { detail } => format!("无法读取文件：{detail}"),
            NotText => "文件既不是 UTF-8 也不是 GBK 文本；请用「CSV UTF-8」格式重新保存".into(),
            BadBom { encoding } => format!("文件开头标明是 {encoding} 编码，但内容不是有效的 {encoding}"),
            BadUtf8AfterBom => "文件开头标明是 UTF-8 编码，但这一行不是有效的 UTF-8".into(),
            LineNotText => "这一行既不是 UTF-8 也不是 GBK 文本".into(),
            LineTooLong { max } => format!("这一行超过 {max} 字节；请确认这是文本格式的报告"),
            Utf16TooLarge => "UTF-16 文件过大；请另存为 UTF-8 文本".into(),
            EmptyFile => "文件是空的；第一行必须是表头".into(),
            NotCsv { detail } => format!("无法按 CSV 读取：{detail}"),
            MissingColumn { column, prefix: false } => format!("缺少必填列「{column}」"),
            MissingColumn { column, prefix: true } => format!("缺少必填列「{column}」（表头以它开头即可）"),
            DuplicateColumn => "表头中这一列出现了两次".into(),
            UnknownColumn { known } => format!("未知列（此类文件的列为：{}）", known.join("、")),
            NeedsStoreOrUnitColumn => "表头需要有「store」（店铺）或「unit」（巴）列：每条数据都属于其中之一".into(),
            TooManyRows { max } => format!("超过 {max} 行；请拆分文件"),
            RowWiderThanHeader { found, header } => format!("这一行有 {found} 个字段，但表头只有 {header} 个"),
            RowNarrowerThanHeader { found, header } => {
                format!("这一行只有 {found} 个字段，但表头有 {header} 个：缺了一个单元格（可以留空，但分隔符要保留）")
            }
            UnclosedQuote { max_lines } => {
                format!("这一行开始的引号没有闭合（直到文件结尾，或超过 {max_lines} 行）：后面的行会被当成文字读入——请补上或删去引号")
            }
            TooManyFields { max } => format!("字段超过 {max} 个"),
            TooManyColumns { found, max } => format!("表头有 {found} 列，最多只能有 {max} 列"),
            CellTooLong { field, max } => format!("第 {field} 个字段超过 {max} 个字符"),
            UnnamedColumnValue { field } => format!("第 {field} 个字段有值，但表头中这一列没有列名"),
            RowRefused => "这一行被拒收".into(),
            Required { column } => format!("「{column}」必须填写"),
            NotANumber { value, comma: false } => {
                format!("'{value}' 不是数字（应写成 1234.56 或 1,234.56；本文件以小数点表示小数）")
            }
            NotANumber { value, comma: true } => {
                format!("'{value}' 不是数字（应写成 1234,56 或 1.234,56；本文件以逗号表示小数）")
            }
            TooManyDigits { value } => format!("'{value}' 位数过多"),
            TooManyDecimals { value, places, max } => {
                format!("'{value}' 有 {places} 位小数，最多 {max} 位（导入时金额从不四舍五入）")
            }
            TooLarge { value } => format!("'{value}' 数值过大：每行金额最多 1,000,000,000,000"),
            NotWholeNumber { value } => format!("'{value}' 不是整数"),
            NotUnits { value } => format!("'{value}' 不是整数件数"),
            MixedNumberStyles { value, comma, first, first_line, read } => {
                let hint = if *read { "（请明确指定数字格式）" } else { "" };
                format!(
                    "'{value}' 用的是{}，但第 {first_line} 行的 '{first}' 用的是{}；同一文件只能使用一种数字格式{hint}",
                    style_zh(*comma),
                    style_zh(!comma)
                )
            }
            NotADate { value } => format!("'{value}' 不是日期（应写成 2026-03-01、2026/03/01 或 01.03.2026）"),
            NotADateTime { value } => {
                format!("'{value}' 不是日期或时间（应写成 2026-03-01、01.03.2026 或 2026-03-01T14:23:00+00:00）")
            }
            NoSuchLocalTime { value, tz } => format!("'{value}' 在时区 {tz} 中不存在（当时正值时钟调整）；请加上 UTC 时差"),
            NotAMonth { value } => format!("'{value}' 不是月份（应写成 YYYY-MM，例如 2026-10）"),
            NotAPeriod { value } => format!("'{value}' 既不是日期（2026-03-01）也不是月份（2026-03）"),
            UnknownFactKind { value, known } => format!("未知的数据类型 '{value}'（可用类型：{}）", known.join("、")),
            NotACurrency { value } => format!("'{value}' 不是币种代码（应为三个字母，例如 CNY、USD、EUR）"),
            UnknownCurrency { value } => format!("'{value}' 不是 ISO 4217 币种代码（例如 CNY、USD、EUR）"),
            BothStoreAndUnit => "同时填写了店铺和巴；每条数据只能属于其中一个".into(),
            NeitherStoreNorUnit => "店铺和巴都没有填写；每条数据必须属于其中一个".into(),
            RateNotPositive { value } => format!("汇率必须大于零，实际为 {value}"),
            MixedEncodings { utf8_line } => {
                format!("这一行是 GBK 编码，而第 {utf8_line} 行是 UTF-8：文件混用了两种编码，其中一种会存成乱码——请统一另存为 UTF-8")
            }
            NulCharacter => "这一行含有 NUL 字符（字节 0）：正常单元格不会有——请重新另存为文本文件".into(),
            NoRows => "文件只有表头，没有数据行：没有可导入的内容（是否在数据生成前导出？）".into(),
            DuplicateKey { key, first_line } => format!("{key} 在本文件中出现两次（第一次在第 {first_line} 行）：请只保留一行"),
            DayOutOfRange { day, earliest, latest } => match latest {
                Some(l) => format!("{day} 不是可信的日期（应在 {earliest} 至 {l} 之间）：请检查该单元格"),
                None => format!("{day} 早于 {earliest}，比任何平台记录都早：请检查该单元格"),
            },
            RateTooLarge { value, max } => format!("汇率 {value} 超过可接受的上限（每单位 {max} 本位币）：请检查该单元格"),
            BaseRateNotOne { currency, value } => format!("{currency} 是本位币，汇率应为 1，实际为 {value}"),
            Negative { value } => format!("不能为负数，实际为 {value}"),
            TooManyHours { total, cap } => format!("合计 {total} 小时，超过了该期间的 {cap} 小时"),
            UnknownPlanLine { value, known } => format!("未知的计划项目 '{value}'（可用项目：{}）", known.join("、")),
            NoCurrency => "没有「Currency」（币种）列的值，店铺也没有设置币种".into(),
            StoreNotGiven { settlement: true } => "结算报告中没有写明店铺；请指定店铺代码（--store）".into(),
            StoreNotGiven { settlement: false } => "广告报告中没有写明店铺；请指定店铺代码（--store）".into(),
            ReportWithoutStore { kind } => format!("{}文件中没有写明店铺；请指定店铺代码（--store）", kind.name(Lang::Zh)),
            DaysReversed { from, to } => format!("报告的开始日期 {from} 晚于结束日期 {to}"),
            TrafficOverlap { item, from, to } => {
                format!("该店铺「{item}」已保存 {from}..{to} 的数据，本行日期与之重叠：请导入相同日期，或不重叠的日期")
            }
            ReportDaysNeeded => "业务报告中没有写明覆盖的日期：请指定（--from 日期 --to 日期）".to_string(),
            PercentOutOfRange { value } => format!("'{value}' 不是 0% 到 100% 之间的百分比"),
            NotTabSeparated => "不是结算平面文件：表头不是以制表符分隔".into(),
            SettlementV1 => "这是旧版结算平面文件（V1）；请改为下载「Flat File V2」结算报告".into(),
            FirstRowNotSummary => "第一行数据必须是结算汇总行（不填 transaction-type）；文件是否被截断？".into(),
            RequiredOnSummary { column } => format!("汇总行必须填写「{column}」"),
            RequiredOnTransaction { column } => format!("交易行必须填写「{column}」"),
            SettlementIdDiffers { value, summary } => {
                format!("'{value}' 与汇总行的 '{summary}' 不同；一个文件只能包含一次结算")
            }
            SecondSummary => {
                "出现第二个汇总行（没有 transaction-type、amount-type 和 amount-description）；一个文件只能包含一次结算".into()
            }
            CurrencyDiffers { value, settlement } => format!("'{value}' 与本次结算的币种 {settlement} 不同"),
            TooManyLines { max } => format!("一次结算超过 {max} 行"),
            EmptySettlement => "文件是空的；应为 V2 结算平面文件".into(),
            NoSummary => "文件只有表头，没有结算汇总行".into(),
            DoesNotReconcile { lines, sum, total, currency, diff } => format!(
                "{lines} 条交易合计 {sum} {currency}，但结算总额（total-amount）为 {total} {currency}（相差 {diff}）；\
                 文件不完整或已被修改"
            ),
            UnknownStore { code } => format!("未知店铺 '{code}'（请先在组织文件中添加）"),
            UnknownUnit { code } => format!("未知的巴 '{code}'（请先在组织文件中添加）"),
            UnknownPerson { code } => format!("未知人员 '{code}'（请先在组织文件中添加）"),
            ClosedPeriod { month } => format!(
                "{month} 期间已结账，不能再改动；请在未结账的期间录入一条类型为「adjustment」（调整）的数据，\
                 并在「corrects」列注明所更正的数据（或文件及行号）"
            ),
            AmountDoesNotFit { value } => format!("{value} 的小数超过 4 位或数值过大"),
            RateAlreadyStored { currency, day, stored } => {
                format!("{currency} 在 {day} 的汇率已存为 {stored}；普通汇率文件不会覆盖已存汇率——如需更正，请以 fx-correction 类型导入正确的汇率")
            }
            UnknownOrderEvent { value, known } => format!("未知的订单事件 '{value}'（可用：{}）", known.join("、")),
            TimeRequired { value } => format!("'{value}' 没有时刻；请写成 2026-11-03 16:59:59（店铺当地时间）或 2026-11-03T16:59:59+08:00"),
            Order(e) => e.render(Lang::Zh),
        }
    }
}

impl fmt::Display for Reason {
    /// The English rendering (logs, the CLI's default).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

/// Reads a currency cell: an ISO 4217 code, else why not.
pub(crate) fn currency(v: &str) -> Result<Currency, Reason> {
    Currency::parse_code(v).map_err(|e| match e {
        CurrencyError::NotACode => Reason::NotACurrency { value: v.to_string() },
        CurrencyError::Unknown => Reason::UnknownCurrency { value: v.trim().to_ascii_uppercase() },
    })
}

/// Reads a month cell (`2026-03`).
pub(crate) fn month(v: &str) -> Result<Month, Reason> {
    v.parse::<Month>().map_err(|_| Reason::NotAMonth { value: v.to_string() })
}

/// Reads a fact kind cell.
pub(crate) fn fact_kind(v: &str) -> Result<FactKind, Reason> {
    v.parse::<FactKind>().map_err(|_| Reason::UnknownFactKind {
        value: v.to_string(),
        known: FactKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn s(v: &str) -> String {
        v.to_string()
    }

    /// One of every variant (both forms where a flag changes the words).
    fn every_reason() -> Vec<Reason> {
        use Reason::*;
        vec![
            Unreadable { detail: s("broken pipe") },
            NotText,
            BadBom { encoding: s("UTF-16LE") },
            BadUtf8AfterBom,
            LineNotText,
            LineTooLong { max: 1 },
            Utf16TooLarge,
            EmptyFile,
            NotCsv { detail: s("x") },
            MissingColumn { column: s("date"), prefix: false },
            MissingColumn { column: s("date"), prefix: true },
            DuplicateColumn,
            UnknownColumn { known: vec![s("date"), s("amount")] },
            NeedsStoreOrUnitColumn,
            TooManyRows { max: 1 },
            RowWiderThanHeader { found: 3, header: 2 },
            RowNarrowerThanHeader { found: 2, header: 3 },
            UnclosedQuote { max_lines: 50 },
            TooManyFields { max: 1 },
            TooManyColumns { found: 3, max: 2 },
            CellTooLong { field: 1, max: 1 },
            UnnamedColumnValue { field: 1 },
            RowRefused,
            Required { column: s("date") },
            NotANumber { value: s("x"), comma: false },
            NotANumber { value: s("x"), comma: true },
            TooManyDigits { value: s("1") },
            TooManyDecimals { value: s("1.23456"), places: 5, max: 4 },
            TooLarge { value: s("1") },
            NotWholeNumber { value: s("1.5") },
            NotUnits { value: s("1.5") },
            MixedNumberStyles { value: s("1,5"), comma: true, first: s("2.5"), first_line: 2, read: false },
            MixedNumberStyles { value: s("1,5"), comma: true, first: s("2.5"), first_line: 2, read: true },
            NotADate { value: s("x") },
            NotADateTime { value: s("x") },
            NoSuchLocalTime { value: s("x"), tz: s("Europe/Berlin") },
            NotAMonth { value: s("x") },
            NotAPeriod { value: s("x") },
            UnknownFactKind { value: s("x"), known: vec![s("sale")] },
            NotACurrency { value: s("US") },
            UnknownCurrency { value: s("XYZ") },
            BothStoreAndUnit,
            NeitherStoreNorUnit,
            RateNotPositive { value: s("0") },
            DayOutOfRange { day: s("1900-01-01"), earliest: s("2000-01-01"), latest: Some(s("2026-12-07")) },
            DayOutOfRange { day: s("1900-01-01"), earliest: s("2000-01-01"), latest: None },
            DuplicateKey { key: s("USD 2026-03-01"), first_line: 2 },
            MixedEncodings { utf8_line: 2 },
            NulCharacter,
            NoRows,
            RateTooLarge { value: s("1000001"), max: s("1000000") },
            BaseRateNotOne { currency: s("CNY"), value: s("7") },
            Negative { value: s("-1") },
            TooManyHours { total: s("25"), cap: s("24") },
            UnknownPlanLine { value: s("x"), known: vec![s("revenue")] },
            NoCurrency,
            StoreNotGiven { settlement: true },
            StoreNotGiven { settlement: false },
            ReportWithoutStore { kind: crate::error::FileKind::AmazonBusinessReport },
            DaysReversed { from: s("2026-03-08"), to: s("2026-03-02") },
            TrafficOverlap { item: s("LAMP"), from: s("2026-03-02"), to: s("2026-03-08") },
            ReportDaysNeeded,
            PercentOutOfRange { value: s("120%") },
            NotTabSeparated,
            SettlementV1,
            FirstRowNotSummary,
            RequiredOnSummary { column: s("currency") },
            RequiredOnTransaction { column: s("amount") },
            SettlementIdDiffers { value: s("1"), summary: s("2") },
            SecondSummary,
            CurrencyDiffers { value: s("EUR"), settlement: s("USD") },
            TooManyLines { max: 1 },
            EmptySettlement,
            NoSummary,
            DoesNotReconcile { lines: 2, sum: s("1"), total: s("2"), currency: s("USD"), diff: s("1") },
            UnknownStore { code: s("S9") },
            UnknownUnit { code: s("U9") },
            UnknownPerson { code: s("P9") },
            ClosedPeriod { month: s("2026-03") },
            AmountDoesNotFit { value: s("1") },
            RateAlreadyStored { currency: s("USD"), day: s("2026-03-01"), stored: s("7.1") },
            UnknownOrderEvent { value: s("shipt"), known: vec![s("contract"), s("ship")] },
            TimeRequired { value: s("2026-11-03") },
            Order(amoeba_core::orders::OrderError::FullyShipped),
            Order(amoeba_core::orders::OrderError::OverPaid { total: 100.into(), paid: 50.into(), amount: 60.into() }),
        ]
    }

    fn has_chinese(t: &str) -> bool {
        t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_reason_renders_in_both_languages() {
        for r in every_reason() {
            let (zh, en) = (r.render(Lang::Zh), r.render(Lang::En));
            assert!(!en.is_empty() && !zh.is_empty(), "{r:?}");
            assert!(has_chinese(&zh), "the Chinese of {r:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "the English of {r:?} has Chinese: {en}");
            assert_eq!(r.to_string(), en, "Display is the English rendering");
        }
    }

    #[test]
    fn every_code_is_listed_once_and_every_variant_is_tested() {
        let listed: BTreeSet<&str> = CODES.iter().copied().collect();
        assert_eq!(listed.len(), CODES.len(), "a code is listed twice");
        // An order event's codes are the core's (`OrderError::CODES`).
        let order_codes: BTreeSet<&str> = amoeba_core::orders::OrderError::CODES.iter().copied().collect();
        let tested: BTreeSet<&str> = every_reason().iter().map(Reason::code).filter(|c| !order_codes.contains(c)).collect();
        assert_eq!(tested, listed, "every code has a variant in the test and a line in CODES");
        assert!(listed.is_disjoint(&order_codes), "an import code and an order code never clash");
        assert!(CODES.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch.is_ascii_digit())));
    }
}
