//! Reading a TOML table key by key with every value's line: typed getters
//! that report a wrong type, a bad number or date, an unknown key, a
//! missing key — each with the key path (`components[2].tiers[1].rate`) and
//! the line — and go on, so one pass lists every problem of the file.

use super::reason::PayPlanReason;
use super::PayPlanError;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A value with its span.
pub(super) type V<'i> = Spanned<DeValue<'i>>;

/// A table being read, with its key path and line.
pub(super) struct Table<'t, 'i> {
    /// Key path (`components[0]`, `components[0].who`).
    pub path: String,
    /// Its keys and values.
    pub map: &'t DeTable<'i>,
    /// Its first line.
    pub line: usize,
}

/// The reader: the source's line starts, the problems found, the line of every key path read.
pub(super) struct Reader {
    starts: Vec<usize>,
    /// Problems found.
    pub errors: Vec<PayPlanError>,
    /// Line of each key path read.
    pub lines: HashMap<String, usize>,
}

impl Reader {
    /// A reader of `src`.
    pub fn new(src: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts, errors: Vec::new(), lines: HashMap::new() }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Records a problem.
    pub fn err(&mut self, path: impl Into<String>, line: usize, reason: PayPlanReason) {
        self.errors.push(PayPlanError { line, path: path.into(), reason });
    }

    /// The root table.
    pub fn root<'t, 'i>(&mut self, doc: &'t Spanned<DeTable<'i>>) -> Table<'t, 'i> {
        Table { path: String::new(), map: doc.get_ref(), line: 1 }
    }

    fn key_path(t: &Table, key: &str) -> String {
        if t.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", t.path)
        }
    }

    /// Reports every key of `t` not in `allowed`.
    pub fn keys(&mut self, t: &Table, allowed: &[&str]) {
        for (k, _) in t.map.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                let line = self.line(k.span().start);
                let expected = allowed.iter().map(|a| a.to_string()).collect();
                self.err(Self::key_path(t, key), line, PayPlanReason::UnknownKey { key: key.to_string(), expected });
            }
        }
    }

    /// Reports `key` of `t` as not used by `method`, if present.
    pub fn not_for(&mut self, t: &Table, key: &str, method: &str) {
        if let Some((k, _)) = t.map.get_key_value(key) {
            let line = self.line(k.span().start);
            self.err(Self::key_path(t, key), line, PayPlanReason::KeyNotForMethod { key: key.to_string(), method: method.to_string() });
        }
    }

    /// Whether `t` has `key`.
    pub fn has(t: &Table, key: &str) -> bool {
        t.map.contains_key(key)
    }

    /// The value of `key`, its line noted; a missing required key is reported.
    pub fn value<'t, 'i>(&mut self, t: &Table<'t, 'i>, key: &str, required: bool) -> Option<(String, usize, &'t V<'i>)> {
        let path = Self::key_path(t, key);
        match t.map.get(key) {
            Some(v) => {
                let line = self.line(v.span().start);
                self.lines.insert(path.clone(), line);
                Some((path, line, v))
            }
            None => {
                if required {
                    self.err(path, t.line, PayPlanReason::MissingKey { key: key.to_string() });
                }
                None
            }
        }
    }

    fn wrong(&mut self, path: String, line: usize, expected: &'static str, v: &V) {
        self.err(path, line, PayPlanReason::WrongType { expected, found: v.get_ref().type_str().to_string() });
    }

    /// Text.
    pub fn text(&mut self, t: &Table, key: &str, required: bool) -> Option<String> {
        let (path, line, v) = self.value(t, key, required)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.trim().to_string()),
            _ => {
                self.wrong(path, line, "text", v);
                None
            }
        }
    }

    /// A number written as a number or as text, read from its digits (never through binary floating point).
    pub fn number_of(&mut self, path: String, line: usize, v: &V, percent_ok: bool) -> Option<Decimal> {
        let text = match v.get_ref() {
            DeValue::String(s) => s.trim().to_string(),
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            _ => {
                self.wrong(path, line, "number", v);
                return None;
            }
        };
        let (digits, percent) = match text.strip_suffix('%') {
            Some(n) if percent_ok => (n.trim().to_string(), true),
            _ => (text.clone(), false),
        };
        match Decimal::from_str(&digits) {
            Ok(d) if percent => Some(d / Decimal::ONE_HUNDRED),
            Ok(d) => Some(d),
            Err(_) => {
                self.err(path, line, PayPlanReason::NotADecimal { value: text });
                None
            }
        }
    }

    /// A decimal.
    pub fn decimal(&mut self, t: &Table, key: &str, required: bool) -> Option<Decimal> {
        let (path, line, v) = self.value(t, key, required)?;
        self.number_of(path, line, v, false)
    }

    /// A rate or share: `"2%"`, `"0.02"` or `0.02`.
    pub fn rate(&mut self, t: &Table, key: &str, required: bool) -> Option<Decimal> {
        let (path, line, v) = self.value(t, key, required)?;
        self.number_of(path, line, v, true)
    }

    /// A whole number ≥ 0.
    pub fn count(&mut self, t: &Table, key: &str, required: bool) -> Option<u32> {
        let (path, line, v) = self.value(t, key, required)?;
        self.count_of(path, line, v)
    }

    fn count_of(&mut self, path: String, line: usize, v: &V) -> Option<u32> {
        match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => match i.as_str().replace('_', "").parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.err(path, line, PayPlanReason::NotADecimal { value: i.as_str().to_string() });
                    None
                }
            },
            _ => {
                self.wrong(path, line, "whole number", v);
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn flag(&mut self, t: &Table, key: &str) -> Option<bool> {
        let (path, line, v) = self.value(t, key, false)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong(path, line, "true or false", v);
                None
            }
        }
    }

    /// A date, as a TOML date or as text `YYYY-MM-DD`.
    pub fn date(&mut self, t: &Table, key: &str, required: bool) -> Option<NaiveDate> {
        let (path, line, v) = self.value(t, key, required)?;
        let text = match v.get_ref() {
            DeValue::String(s) => s.trim().to_string(),
            DeValue::Datetime(d) => d.to_string(),
            _ => {
                self.wrong(path, line, "date", v);
                return None;
            }
        };
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.err(path, line, PayPlanReason::NotADate { value: text });
                None
            }
        }
    }

    /// A list of texts (a single text is a list of one).
    pub fn texts(&mut self, t: &Table, key: &str) -> Vec<String> {
        let Some((path, line, v)) = self.value(t, key, false) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(s) => vec![s.trim().to_string()],
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(s.trim().to_string()),
                        _ => {
                            let l = self.line(item.span().start);
                            self.wrong(format!("{path}[{i}]"), l, "text", item);
                        }
                    }
                }
                out
            }
            _ => {
                self.wrong(path, line, "list", v);
                Vec::new()
            }
        }
    }

    /// A list of whole numbers.
    pub fn counts(&mut self, t: &Table, key: &str, required: bool) -> Vec<u32> {
        let Some((path, line, v)) = self.value(t, key, required) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let l = self.line(item.span().start);
                    self.count_of(format!("{path}[{i}]"), l, item)
                })
                .collect(),
            _ => {
                self.wrong(path, line, "list", v);
                Vec::new()
            }
        }
    }

    /// A table (`[x]` or `x = { … }`).
    pub fn table<'t, 'i>(&mut self, t: &Table<'t, 'i>, key: &str, required: bool) -> Option<Table<'t, 'i>> {
        let (path, line, v) = self.value(t, key, required)?;
        match v.get_ref() {
            DeValue::Table(map) => Some(Table { path, map, line }),
            _ => {
                self.wrong(path, line, "table", v);
                None
            }
        }
    }

    /// A list of tables (`[[x]]` or `x = [{ … }, …]`).
    pub fn tables<'t, 'i>(&mut self, t: &Table<'t, 'i>, key: &str) -> Vec<Table<'t, 'i>> {
        let Some((path, line, v)) = self.value(t, key, false) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong(path, line, "list", v);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let first_key = match item.get_ref() {
                DeValue::Table(map) => map.iter().map(|(k, _)| k.span().start).min(),
                _ => None,
            };
            let l = self.line(first_key.unwrap_or(item.span().start));
            self.lines.insert(p.clone(), l);
            match item.get_ref() {
                DeValue::Table(map) => out.push(Table { path: p, map, line: l }),
                _ => self.wrong(p, l, "table", item),
            }
        }
        out
    }

    /// A value from a closed list.
    pub fn choice<T>(
        &mut self,
        t: &Table,
        key: &str,
        what: &'static str,
        known: &[&str],
        required: bool,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let line_of = t.map.get(key).map(|v| self.line(v.span().start)).unwrap_or(t.line);
        let value = self.text(t, key, required)?;
        let parsed = parse(&value);
        if parsed.is_none() {
            let known = known.iter().map(|k| k.to_string()).collect();
            self.err(Self::key_path(t, key), line_of, PayPlanReason::UnknownChoice { what, value, known });
        }
        parsed
    }
}
