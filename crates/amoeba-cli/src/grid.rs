//! Aligned text tables for the engagement commands (CJK-aware widths).

use crate::cmd_org::{pad, width};

/// `rows` under `header`, columns padded to their widest cell, two spaces apart.
pub fn grid(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(width(c));
            }
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths.get(i).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
            + "\n"
    };
    let mut out = line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

/// An optional value, `-` when absent.
pub fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "-".into())
}

/// A percentage to two places, `-` when absent.
pub fn pct(v: Option<rust_decimal::Decimal>) -> String {
    v.map(|p| format!("{}%", p.round_dp(2))).unwrap_or_else(|| "-".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn aligns_columns() {
        let g = super::grid(&["A", "BB"], &[vec!["张三".into(), "1".into()], vec!["x".into(), "22".into()]]);
        assert_eq!(g, "A     BB\n张三  1\nx     22\n");
    }
}
