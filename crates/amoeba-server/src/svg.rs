//! Charts drawn on the server as inline SVG: no JavaScript, no fonts to
//! download, crisp on a phone, styled by the page's stylesheet (classes, no
//! inline styles). Floating point is used for pixel positions only; every
//! number printed comes from the exact decimals.

use crate::render::html_escape;
use crate::table::Value;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::fmt::Write;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Width of a character in half-em units (CJK characters are twice as wide).
fn char_width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Cuts a label to `max` half-em units, ending it with "…" when cut.
fn short(label: &str, max: usize) -> String {
    if label.chars().map(char_width).sum::<usize>() <= max {
        return label.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in label.chars() {
        if used + char_width(c) > max - 1 {
            break;
        }
        used += char_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// Horizontal bars, one per labelled value, around a zero line (losses go left).
pub fn bars(items: &[(String, Decimal)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let (w, label_w, row_h, pad) = (600.0, 150.0, 26.0, 8.0);
    let h = items.len() as f64 * row_h + pad * 2.0;
    let max = items.iter().map(|(_, v)| f(*v)).fold(0.0_f64, f64::max);
    let min = items.iter().map(|(_, v)| f(*v)).fold(0.0_f64, f64::min);
    let span = if max - min > 0.0 { max - min } else { 1.0 };
    let plot_w = w - label_w - 90.0;
    let x = |v: f64| label_w + (v - min) / span * plot_w;
    let zero = x(0.0);
    let mut out = format!(r#"<svg class="chart bars" viewBox="0 0 {w} {h}" role="img" preserveAspectRatio="xMinYMin meet">"#);
    for (i, (label, value)) in items.iter().enumerate() {
        let y = pad + i as f64 * row_h;
        let v = f(*value);
        let (x0, x1) = if v >= 0.0 { (zero, x(v)) } else { (x(v), zero) };
        let class = if v < 0.0 { "bar neg" } else { "bar" };
        let text = Value::Dec(*value, 0).text();
        let _ = write!(
            out,
            r#"<text class="lbl" x="{lx}" y="{ty}" text-anchor="end">{label}</text><rect class="{class}" x="{x0:.1}" y="{ry}" width="{bw:.1}" height="{bh}"><title>{full}: {text}</title></rect><text class="val" x="{vx:.1}" y="{ty}">{text}</text>"#,
            lx = label_w - 8.0,
            ty = y + row_h * 0.62,
            label = html_escape(&short(label, 15)),
            full = html_escape(label),
            ry = y + 4.0,
            bw = (x1 - x0).max(1.0),
            bh = row_h - 8.0,
            vx = x0.max(x1) + 6.0,
        );
    }
    let _ = write!(out, r#"<line class="axis" x1="{zero:.1}" y1="0" x2="{zero:.1}" y2="{h}"/></svg>"#);
    out
}

/// Lines over days (e.g. sales and profit), with a zero line and the
/// extreme values labelled; each point has a tooltip.
pub fn trend(days: &[NaiveDate], series: &[(&str, &[Decimal])]) -> String {
    if days.is_empty() || series.iter().all(|(_, s)| s.is_empty()) {
        return String::new();
    }
    let (w, h, left, right, top, bottom) = (600.0, 220.0, 70.0, 10.0, 10.0, 24.0);
    let all = series.iter().flat_map(|(_, s)| s.iter().map(|d| f(*d)));
    let (min, mut max) = all.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if max - min <= 0.0 {
        max = min + 1.0;
    }
    let n = days.len().max(2) - 1;
    let x = |i: usize| left + i as f64 / n as f64 * (w - left - right);
    let y = |v: f64| top + (max - v) / (max - min) * (h - top - bottom);
    let mut out = format!(r#"<svg class="chart trend" viewBox="0 0 {w} {h}" role="img" preserveAspectRatio="xMinYMin meet">"#);
    for v in [max, 0.0, min] {
        if v == 0.0 || (v - 0.0).abs() > (max - min) * 0.08 {
            let _ = write!(
                out,
                r#"<line class="{cls}" x1="{left}" y1="{py:.1}" x2="{x2}" y2="{py:.1}"/><text class="tick" x="{tx}" y="{ty:.1}" text-anchor="end">{label}</text>"#,
                cls = if v == 0.0 { "axis" } else { "grid" },
                py = y(v),
                x2 = w - right,
                tx = left - 6.0,
                ty = y(v) + 4.0,
                label = Value::Dec(Decimal::from_f64_retain(v).unwrap_or_default(), 0).text(),
            );
        }
    }
    let first = days[0].format("%m-%d");
    let last = days[days.len() - 1].format("%m-%d");
    let _ = write!(
        out,
        r#"<text class="tick" x="{left}" y="{by}">{first}</text><text class="tick" x="{rx}" y="{by}" text-anchor="end">{last}</text>"#,
        by = h - 6.0,
        rx = w - right,
    );
    for (class, values) in series {
        let points: Vec<String> = values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(f(*v)))).collect();
        let _ = write!(out, r#"<polyline class="line {class}" points="{}"/>"#, points.join(" "));
        for (i, v) in values.iter().enumerate() {
            if let Some(day) = days.get(i) {
                let _ = write!(
                    out,
                    r#"<circle class="dot {class}" cx="{:.1}" cy="{:.1}" r="2.5"><title>{day}: {}</title></circle>"#,
                    x(i),
                    y(f(*v)),
                    Value::Dec(*v, 2).text()
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// A word-sized line of values (a unit's daily profit on the board).
pub fn sparkline(values: &[Decimal]) -> String {
    if values.len() < 2 {
        return String::new();
    }
    let (w, h) = (72.0, 18.0);
    let min = values.iter().map(|v| f(*v)).fold(f64::INFINITY, f64::min).min(0.0);
    let max = values.iter().map(|v| f(*v)).fold(f64::NEG_INFINITY, f64::max).max(0.0);
    let span = if max - min > 0.0 { max - min } else { 1.0 };
    let n = (values.len() - 1) as f64;
    let points: Vec<String> =
        values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", i as f64 / n * w, 1.0 + (max - f(*v)) / span * (h - 2.0))).collect();
    let zero = 1.0 + max / span * (h - 2.0);
    format!(
        r#"<svg class="spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-hidden="true"><line class="axis" x1="0" y1="{zero:.1}" x2="{w}" y2="{zero:.1}"/><polyline points="{}"/></svg>"#,
        points.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn bars_escape_labels_and_mark_losses() {
        let svg = bars(&[("<AMZ>".into(), d("1200")), ("WH".into(), d("-300"))]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("&lt;AMZ&gt;") && !svg.contains("<AMZ>"));
        assert!(svg.contains("bar neg"));
        assert!(svg.contains("1,200"));
    }

    #[test]
    fn trend_draws_one_line_per_series_with_tooltips() {
        let days: Vec<NaiveDate> = (1..=3).map(|i| NaiveDate::from_ymd_opt(2026, 3, i).expect("day")).collect();
        let sales = [d("10"), d("20"), d("15")];
        let profit = [d("2"), d("-1"), d("3")];
        let svg = trend(&days, &[("sales", &sales), ("profit", &profit)]);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 6);
        assert!(svg.contains("2026-03-02: -1.00"));
        assert_eq!(trend(&[], &[]), "");
    }

    #[test]
    fn labels_are_cut_by_width() {
        assert_eq!(short("亚马逊美国事业部", 16), "亚马逊美国事业部");
        assert_eq!(short("亚马逊美国·家居组", 16), "亚马逊美国·家…");
        assert_eq!(short("Amazon US · Home team", 16), "Amazon US · Ho…");
        assert_eq!(short("Wish", 16), "Wish");
    }

    #[test]
    fn sparklines_need_two_points() {
        assert_eq!(sparkline(&[d("1")]), "");
        assert!(sparkline(&[d("1"), d("-2"), d("3")]).contains("<polyline"));
    }
}
