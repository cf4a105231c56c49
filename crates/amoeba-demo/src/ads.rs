//! Advertising: the Amazon Sponsored Products advertised-product report
//! (one file per store and month, daily per advertised SKU), and the daily
//! ad spend / ad-attributed sales of the social and independent-site
//! channels, which arrive as facts.
//!
//! Attributed sales are a share of what the SKU really sold that day, so ad
//! sales never exceed sales; spend follows from a per-store target ACoS
//! (15–35 %, different for every unit so peers compare), a per-SKU factor
//! and daily noise, and launch campaigns run hotter.

use crate::money::{div_round, fmt_minor, per_mille, Cur};
use crate::orders::StoreSales;
use crate::rng::Rng;
use crate::stores::StoreDef;
use crate::world::{Book, Line, World};
use amoeba_core::Month;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One month's report of one store.
pub(crate) struct AdsFile {
    pub month: Month,
    pub content: String,
    pub rows: usize,
}

/// The report's columns (those Amoeba reads and the ones it ignores).
const HEADER: [&str; 18] = [
    "Date",
    "Portfolio name",
    "Currency",
    "Campaign Name",
    "Ad Group Name",
    "Advertised SKU",
    "Advertised ASIN",
    "Impressions",
    "Clicks",
    "Click-Thru Rate (CTR)",
    "Cost Per Click (CPC)",
    "Spend",
    "7 Day Total Sales ",
    "Total Advertising Cost of Sales (ACOS) ",
    "Total Return on Advertising Spend (ROAS)",
    "7 Day Total Orders (#)",
    "7 Day Total Units (#)",
    "7 Day Conversion Rate",
];

/// How many of a store's best sellers are advertised (plus its launches).
fn advertised_count(st: &StoreDef) -> usize {
    match st.code {
        "AMZ-US-1" => 16,
        "AMZ-US-2" => 12,
        "AMZ-DE-1" => 8,
        _ => 5,
    }
}

/// Cost per click range in minor units.
fn cpc_range(cur: Cur) -> (i64, i64) {
    match cur {
        Cur::Eur => (55, 95),
        Cur::Jpy => (35, 70),
        _ => (85, 135),
    }
}

struct Export {
    sep: char,
    comma: bool,
    dp: u32,
}

impl Export {
    fn money(&self, v: i64, cur: Cur) -> String {
        let n = fmt_minor(v, self.dp, self.comma);
        match cur {
            Cur::Eur => format!("{n} €"),
            Cur::Jpy => format!("¥{n}"),
            Cur::Gbp => format!("£{n}"),
            _ => format!("${n}"),
        }
    }
    fn pct(&self, basis_points: i64) -> String {
        let s = fmt_minor(basis_points, 2, self.comma);
        if self.comma {
            format!("{s} %")
        } else {
            format!("{s}%")
        }
    }
    fn ratio(&self, hundredths: i64) -> String {
        fmt_minor(hundredths, 2, self.comma)
    }
    fn date(&self, d: NaiveDate, cur: Cur) -> String {
        match cur {
            Cur::Eur => d.format("%d.%m.%Y").to_string(),
            Cur::Jpy => d.format("%Y/%m/%d").to_string(),
            _ => format!("\"{}\"", d.format("%b %d, %Y")),
        }
    }
}

/// Units attributed to ads out of `units`, each with probability `share`.
fn attributed(rng: &mut Rng, units: i64, share: f64) -> i64 {
    (0..units).filter(|_| rng.unit() < share).count() as i64
}

/// The Amazon ads reports of one store, month by month; spend is booked.
pub(crate) fn amazon_reports(w: &World, sales: &StoreSales, book: &mut Book) -> Vec<AdsFile> {
    let st = &w.stores[sales.store];
    let mut rng = Rng::new(w.seed, &format!("ads/{}", st.code));
    let ex = Export { sep: if st.cur == Cur::Eur { ';' } else { ',' }, comma: st.cur == Cur::Eur, dp: st.cur.dp() };
    // Best sellers by base popularity, then every launch of the span.
    let mut order: Vec<usize> = (0..sales.listed.len()).collect();
    order.sort_by(|&a, &b| w.skus[sales.listed[b]].weight.total_cmp(&w.skus[sales.listed[a]].weight).then(a.cmp(&b)));
    let mut ads: Vec<usize> = order.iter().copied().take(advertised_count(st)).collect();
    for (l, &g) in sales.listed.iter().enumerate() {
        if w.skus[g].launch >= w.span.start && !ads.contains(&l) {
            ads.push(l);
        }
    }
    ads.sort_unstable();
    let sku_factor: Vec<i64> = ads.iter().map(|_| rng.range(750, 1300)).collect();
    let (cpc_lo, cpc_hi) = cpc_range(st.cur);
    let mut files: Vec<AdsFile> = Vec::new();
    let mut header = String::new();
    for (i, h) in HEADER.iter().enumerate() {
        if i > 0 {
            header.push(ex.sep);
        }
        header.push_str(h);
    }
    for (di, d) in w.span.days().enumerate() {
        if d < st.opened {
            continue;
        }
        let m = Month::of(d);
        if files.last().is_none_or(|f| f.month != m) {
            files.push(AdsFile { month: m, content: format!("{header}\n"), rows: 0 });
        }
        let file = files.last_mut().expect("pushed");
        for (k, &l) in ads.iter().enumerate() {
            let sku = &w.skus[sales.listed[l]];
            if sku.launch > d || rng.chance(40) {
                continue;
            }
            let (units, sold) = sales.daily[l][di];
            let launching = d < sku.launch + Duration::days(60);
            let share = if launching { rng.between(0.6, 0.8) } else { rng.between(0.3, 0.55) };
            let k_units = attributed(&mut rng, units, share);
            let ad_sales = if units > 0 { div_round(sold * k_units, units) } else { 0 };
            let cpc = rng.range(cpc_lo, cpc_hi);
            let spend = if ad_sales > 0 {
                let acos = st.acos_pm * sku_factor[k] / 1000 * if launching { 14 } else { 10 } / 10;
                div_round(ad_sales * acos * rng.range(800, 1200), 1_000_000).max(cpc)
            } else {
                cpc * rng.range(0, 3)
            };
            let clicks = if spend > 0 { (spend / cpc).max(1) } else { 0 };
            let impressions = clicks.max(1) * rng.range(180, 520);
            let orders = k_units;
            let acos_bp = if ad_sales > 0 { div_round(spend * 10_000, ad_sales) } else { 0 };
            let roas = if spend > 0 { div_round(ad_sales * 100, spend) } else { 0 };
            let ctr_bp = div_round(clicks * 10_000, impressions);
            let conv_bp = if clicks > 0 { div_round(orders * 10_000, clicks) } else { 0 };
            let asin = format!("B0{:08X}", crate::rng::scramble(sales.listed[l] as u64 + 7) & 0xFFFF_FFFF);
            let portfolio = if launching { "New launches" } else { "Core" };
            let campaign = format!("SP - {} - {}", if k % 3 == 0 { "Manual" } else { "Auto" }, sku.code);
            let cells = [
                ex.date(d, st.cur),
                portfolio.to_string(),
                st.cur.code().to_string(),
                campaign,
                sku.code.clone(),
                sku.code.clone(),
                asin,
                impressions.to_string(),
                clicks.to_string(),
                ex.pct(ctr_bp),
                ex.money(if clicks > 0 { div_round(spend, clicks) } else { 0 }, st.cur),
                ex.money(spend, st.cur),
                ex.money(ad_sales, st.cur),
                ex.pct(acos_bp),
                ex.ratio(roas),
                orders.to_string(),
                k_units.to_string(),
                ex.pct(conv_bp),
            ];
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    file.content.push(ex.sep);
                }
                file.content.push_str(c);
            }
            file.content.push('\n');
            file.rows += 1;
            if spend > 0 {
                book.money(&w.fx, w.store_unit(sales.store, d), d, Line::Ads, -spend, st.cur);
            }
        }
    }
    files
}

/// A day's ad figures of a channel: spend (positive) and attributed sales
/// and units.
pub(crate) struct AdDay {
    pub day: NaiveDate,
    pub channel: &'static str,
    pub spend: i64,
    pub sales: i64,
    pub units: i64,
}

/// Daily ad results of a non-Amazon store (TikTok ads, Meta and Google for
/// the Shopify sites, weekly ProductBoost on Wish).
pub(crate) fn channel_days(w: &World, sales: &StoreSales) -> Vec<AdDay> {
    let st = &w.stores[sales.store];
    let mut rng = Rng::new(w.seed, &format!("ads/{}", st.code));
    // Channel, attributed share of sales (per mille, low–high), ACoS scale.
    let channels: &[(&str, i64, i64, i64)] = match st.code {
        "TTS-US-1" => &[("TikTok Ads · GMV Max", 450, 600, 1000)],
        "SHOP-US" => &[("Meta Ads", 280, 380, 1000), ("Google Ads", 120, 200, 800)],
        "SHOP-UK" => &[("Meta Ads", 350, 450, 1000)],
        "WISH-1" => &[("ProductBoost", 80, 120, 0)],
        _ => &[],
    };
    let mut out = Vec::new();
    let mut week = (0i64, 0i64);
    for (di, d) in w.span.days().enumerate() {
        if d < st.opened {
            continue;
        }
        let (units, sold) = sales.daily.iter().fold((0, 0), |a, x| (a.0 + x[di].0, a.1 + x[di].1));
        for &(name, lo, hi, acos_scale) in channels {
            if acos_scale == 0 {
                // Wish: booked weekly on Sundays at a fixed 20 % ACoS.
                week.0 += units;
                week.1 += sold;
                if d.weekday() == Weekday::Sun || d == w.span.end {
                    let share = rng.range(lo, hi);
                    let ad_sales = per_mille(week.1, share);
                    let ad_units = week.0 * share / 1000;
                    let spend = div_round(ad_sales * 200, 1000);
                    if spend > 0 {
                        out.push(AdDay { day: d, channel: name, spend, sales: ad_sales, units: ad_units });
                    }
                    week = (0, 0);
                }
                continue;
            }
            let share = rng.range(lo, hi);
            let ad_sales = per_mille(sold, share);
            let ad_units = units * share / 1000;
            let acos = st.acos_pm * acos_scale / 1000;
            let spend = div_round(ad_sales * acos * rng.range(850, 1150), 1_000_000) + rng.range(500, 1500);
            out.push(AdDay { day: d, channel: name, spend, sales: ad_sales, units: ad_units });
        }
    }
    out
}
