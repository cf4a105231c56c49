//! Traffic behind every store's sales, one generic traffic CSV per store
//! and month: sessions (visitors), impressions, clicks, inquiries for the
//! Alibaba.com stores (with the Chinese headers of a 数据管家 export, cut the
//! Alibaba way), orders, units and sales — orders, units and sales are the
//! day's simulated ones, so a report's sales match what was sold. Each
//! platform converts at its own rate; conversion drifts week to week so a
//! report has changes to explain. The third-party operator's store (ALI-2)
//! gets its operator contract here too, with a 4-month trial.

use crate::money::{fmt_minor, per_mille};
use crate::orders::StoreSales;
use crate::rng::Rng;
use crate::stores::Platform;
use crate::world::World;
use amoeba_core::Month;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::fmt::Write;

/// A store's traffic file of one month.
pub(crate) struct TrafficFile {
    pub month: Month,
    pub text: String,
    pub rows: usize,
    /// Cut the Alibaba.com way (traffic on US Pacific time, orders and inquiries on China time).
    pub alibaba: bool,
}

/// Orders per session, in per mille, by platform (before the weekly drift).
fn conversion_pm(p: Platform) -> f64 {
    match p {
        Platform::Amazon => 110.0,
        Platform::Alibaba => 15.0,
        Platform::TikTok => 25.0,
        Platform::Wish => 20.0,
        Platform::Shopify => 22.0,
    }
}

/// The store's traffic files, one per month of the span.
pub(crate) fn files(w: &World, s: &StoreSales) -> Vec<TrafficFile> {
    let st = &w.stores[s.store];
    let alibaba = st.platform == Platform::Alibaba;
    let mut rng = Rng::new(w.seed, &format!("traffic-{}", st.code));
    let mut orders: HashMap<(NaiveDate, usize), u64> = HashMap::new();
    let mut seen: std::collections::HashSet<(NaiveDate, usize, &str)> = Default::default();
    for o in &s.orders {
        if seen.insert((o.day, o.sku, o.id.as_str())) {
            *orders.entry((o.day, o.sku)).or_default() += 1;
        }
    }
    let header = if alibaba {
        "日期,店铺,商品,曝光,点击,访客,反馈,订单,件数,销售额,币种\n"
    } else {
        "day,store,sku,impressions,clicks,visitors,page_views,orders,units,sales,currency\n"
    };
    let mut out: Vec<TrafficFile> = Vec::new();
    for (di, day) in w.span.days().enumerate() {
        if day < st.opened {
            continue;
        }
        let month = Month::of(day);
        if out.last().is_none_or(|f| f.month != month) {
            out.push(TrafficFile { month, text: header.to_string(), rows: 0, alibaba });
        }
        // Conversion drifts by ISO week (±25 %), the same for every SKU of the store.
        let week = day.iso_week();
        let mut wr = Rng::new(w.seed, &format!("traffic-week-{}-{}-{}", st.code, week.year(), week.week()));
        let conv = conversion_pm(st.platform) * wr.between(0.75, 1.25) / 1000.0;
        let Some(file) = out.last_mut() else { continue };
        for (l, &g) in s.listed.iter().enumerate() {
            let (units, sales) = s.daily[l].get(di).copied().unwrap_or((0, 0));
            let n = orders.get(&(day, g)).copied().unwrap_or(0);
            let browsing = rng.between(0.2, 1.2);
            let sessions = ((n as f64 + browsing) / conv).round().max(n as f64) as u64;
            if sessions == 0 && n == 0 {
                continue;
            }
            let impressions = (sessions as f64 * rng.between(12.0, 30.0)).round() as u64;
            let clicks = (sessions as f64 * rng.between(0.6, 0.9)).round() as u64;
            let sku = &w.skus[g].code;
            let money = fmt_minor(sales, st.cur.dp(), false);
            let cur = st.cur.code();
            if alibaba {
                let inquiries = per_mille(sessions as i64, rng.range(30, 60)).max(n as i64);
                let _ =
                    writeln!(file.text, "{day},{},{sku},{impressions},{clicks},{sessions},{inquiries},{n},{units},{money},{cur}", st.code);
            } else {
                let views = (sessions as f64 * rng.between(1.2, 1.8)).round() as u64;
                let _ = writeln!(file.text, "{day},{},{sku},{impressions},{clicks},{sessions},{views},{n},{units},{money},{cur}", st.code);
            }
            file.rows += 1;
        }
    }
    out.retain(|f| f.rows > 0);
    out
}

/// The operator contract of ALI-2 (seed 004's trial store), as TOML: from
/// the first day of the month five months before the span's last, a year's
/// term with a 4-month trial, ¥8 000 a month + 2 % of sales, passed with 3
/// of the 4 trial months at target. Targets are the trial months' simulated
/// sales at ¥7 per dollar, scaled so the first month misses and the
/// others are met by a margin — a trial that ramps up, as seed 004's did.
pub(crate) fn contract(w: &World, s: &StoreSales) -> Option<String> {
    let st = &w.stores[s.store];
    let operator = st.operator?;
    let mut start = Month::of(w.span.end);
    for _ in 0..5 {
        start = start.prev();
    }
    if start.first_day() < w.span.start {
        return None;
    }
    let mut month_sales: HashMap<Month, i64> = HashMap::new();
    for (di, day) in w.span.days().enumerate() {
        let total: i64 = s.daily.iter().map(|d| d.get(di).map_or(0, |x| x.1)).sum();
        *month_sales.entry(Month::of(day)).or_default() += total;
    }
    let mut targets = String::new();
    let mut m = start;
    for scale in [1.4, 0.8, 0.8, 0.75] {
        let cny = month_sales.get(&m).copied().unwrap_or(0) as f64 / 100.0 * 7.0 * scale;
        let target = ((cny / 1000.0).round() * 1000.0).max(1000.0);
        let _ = writeln!(targets, "    {{ month = \"{m}\", sales = \"{target}\" }},");
        m = m.next();
    }
    Some(format!(
        "# The third-party operator's contract for {store} (docs/oversight.md, \"Contracts\").\n\
         code = \"{store}-OP\"\n\
         operator = \"{operator}\"\n\
         stores = [\"{store}\"]\n\
         start = \"{start}\"\n\
         months = 12\n\
         trial_months = 4\n\
         pass = {{ rule = \"at_least\", months = 3 }}\n\
         renewal = {{ months = 12, only_if_trial_passed = true }}\n\
         fee = {{ fixed_monthly = \"8000\", sales_rate = \"0.02\" }}\n\
         targets = [\n{targets}]\n",
        store = st.code,
        start = start.first_day(),
    ))
}
