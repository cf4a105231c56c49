//! Orders, day by day and store by store: how many (base volume × season ×
//! weekday × growth), which SKU (popularity, launches, fading products,
//! stock-outs), how many units, coupons and event discounts, US sales tax,
//! new or returning customers, and which orders come back as refunds.

use crate::calendar::{is_event, season, weekday_factor};
use crate::inventory::{Forecast, StockLog, StockSku, Stockroom};
use crate::money::per_mille;
use crate::rng::{scramble, Rng};
use crate::stores::{Platform, StoreDef};
use crate::world::World;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

/// Money back to a buyer.
#[derive(Debug, Clone)]
pub(crate) struct Refund {
    pub day: NaiveDate,
    pub time: NaiveTime,
    /// Units returned (0 for a B2B quality claim).
    pub qty: i64,
    /// Item price refunded (positive, store minor units).
    pub principal: i64,
    /// Share of the promotion given back to the seller.
    pub promo: i64,
    /// Sales tax refunded.
    pub tax: i64,
}

/// One order line (one SKU).
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub day: NaiveDate,
    /// Local time in the store's zone.
    pub time: NaiveTime,
    pub id: String,
    /// Global SKU index.
    pub sku: usize,
    pub qty: i64,
    /// Unit price.
    pub price: i64,
    /// Discount on the line (positive).
    pub promo: i64,
    /// US sales tax collected by Amazon (positive).
    pub tax: i64,
    pub customer: Option<String>,
    pub refund: Option<Refund>,
}

impl Order {
    /// Price × quantity.
    pub(crate) fn principal(&self) -> i64 {
        self.price * self.qty
    }
}

/// Everything one store sold, with its stock history.
pub(crate) struct StoreSales {
    pub store: usize,
    pub orders: Vec<Order>,
    /// Global indices of the SKUs listed.
    pub listed: Vec<usize>,
    /// `daily[local][day]` = (units, sales net of promotions).
    pub daily: Vec<Vec<(i64, i64)>>,
    pub stock: StockLog,
}

/// Orders on an ordinary day before noise.
pub(crate) fn lambda(w: &World, st: &StoreDef, d: NaiveDate) -> f64 {
    if d < st.opened {
        return 0.0;
    }
    let p = w.span.progress(d).clamp(0.0, 1.0);
    let growth = st.growth.0 + (st.growth.1 - st.growth.0) * p;
    st.base_orders * season(st.season, d) * weekday_factor(st.week, d) * growth * f64::from(w.volume_pct) / 100.0
}

const HOUR_WEIGHTS: [f64; 24] =
    [1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.5, 3.5, 4.0, 4.5, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.5, 6.0, 6.5, 6.0, 4.5, 2.5];

fn time_of_day(rng: &mut Rng, hours_cum: &[f64], business: bool) -> NaiveTime {
    let h = if business { rng.range(9, 18) as u32 } else { rng.weighted(hours_cum) as u32 };
    NaiveTime::from_hms_opt(h, rng.below(60) as u32, rng.below(60) as u32).expect("time")
}

fn order_id(rng: &mut Rng, st: &StoreDef, serial: u64) -> String {
    match (st.platform, st.marketplace) {
        (Platform::Amazon, "US") => format!("11{}-{}-{}", rng.range(1, 4), rng.digits(7), rng.digits(7)),
        (Platform::Amazon, "DE") => format!("30{}-{}-{}", rng.range(2, 6), rng.digits(7), rng.digits(7)),
        (Platform::Amazon, _) => format!("503-{}-{}", rng.digits(7), rng.digits(7)),
        (Platform::TikTok, _) => format!("57{}", rng.digits(16)),
        (Platform::Wish, _) => format!("{:012x}{:012x}", rng.below(1 << 48), scramble(serial)),
        (Platform::Shopify, "UK") => format!("#UK{}", 1001 + serial),
        (Platform::Shopify, _) => format!("#TQ{}", 1001 + serial),
        (Platform::Alibaba, _) => format!("1{}{:06}", rng.digits(9), serial),
    }
}

fn customer_prefix(p: Platform) -> &'static str {
    match p {
        Platform::TikTok => "tt-",
        Platform::Wish => "wish-",
        Platform::Shopify => "cus-",
        Platform::Alibaba => "buyer-",
        Platform::Amazon => "amz-",
    }
}

/// Simulates every store.
pub(crate) fn simulate(w: &World) -> Vec<StoreSales> {
    (0..w.stores.len()).map(|s| simulate_store(w, s)).collect()
}

fn simulate_store(w: &World, s: usize) -> StoreSales {
    let st = &w.stores[s];
    let mut rng = Rng::new(w.seed, &format!("orders/{}", st.code));
    let mut stock_rng = Rng::new(w.seed, &format!("stock/{}", st.code));
    let listed: Vec<usize> = (0..w.skus.len()).filter(|&i| w.skus[i].stores.contains(&s)).collect();
    let prices: Vec<i64> = listed.iter().map(|&g| w.skus[g].price(st)).collect();
    let n = listed.len();
    let b2b = st.platform == Platform::Alibaba;
    let avg_qty = 1.45;

    // Expected units per SKU and day, looking 200 days past the end.
    let horizon = w.span.len() + 200;
    let mut weights = vec![0.0; n];
    let fc = Forecast::new(w.span.start, horizon, n, |l, d| {
        if l == 0 {
            let total: f64 = listed.iter().map(|&g| w.skus[g].demand(d, &w.span)).sum();
            for (k, &g) in listed.iter().enumerate() {
                weights[k] = if total > 0.0 { w.skus[g].demand(d, &w.span) / total } else { 0.0 };
            }
        }
        let sku = &w.skus[listed[l]];
        let e = lambda(w, st, d) * weights[l] * avg_qty;
        let age = (d - sku.launch).num_days().max(0) as f64;
        let boost = if sku.hit { 1.0 + 3.0 * age.min(60.0) / 60.0 } else { 1.0 };
        (e, e / boost)
    });
    let skus_info = listed
        .iter()
        .map(|&g| {
            let k = &w.skus[g];
            StockSku { sku: g, launch: k.launch, cuft_milli: k.size.cuft_milli(), overstock: k.overstock }
        })
        .collect();
    let review_day = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu][s % 4];
    let mut room = Stockroom::new(st.stock, format!("SHP-{}", st.code), review_day, st.lead_days, st.cover_days, skus_info);

    let mut hours_cum = Vec::with_capacity(24);
    let mut acc = 0.0;
    for h in HOUR_WEIGHTS {
        acc += h;
        hours_cum.push(acc);
    }
    let mut orders = Vec::new();
    let mut daily = vec![vec![(0i64, 0i64); w.span.len()]; n];
    let mut customers: Vec<String> = Vec::new();
    let mut serial = 0u64;
    let mut cum = vec![0.0; n];
    let opened = st.opened.max(w.span.start);
    for (di, d) in w.span.days().enumerate() {
        if d < opened {
            continue;
        }
        if d == opened {
            room.open(d, &fc, &mut stock_rng);
        }
        room.receive(d);
        let mut total = 0.0;
        for (k, &g) in listed.iter().enumerate() {
            total += w.skus[g].demand(d, &w.span);
            cum[k] = total;
        }
        let count = if total > 0.0 { rng.count(lambda(w, st, d)) } else { 0 };
        let event = is_event(st.season, d);
        for _ in 0..count {
            let l = rng.weighted(&cum);
            let g = listed[l];
            let want = if b2b {
                // Mostly 200–1 000 units, now and then a container order.
                if rng.chance(50) {
                    rng.range(40, 100) * 50
                } else {
                    rng.range(4, 20) * 50
                }
            } else {
                // Singles, bundles and the odd family-size order.
                match rng.below(1000) {
                    0..700 => 1,
                    700..890 => 2,
                    890..960 => 3,
                    _ => 4,
                }
            };
            let qty = room.take(l, want);
            if qty == 0 {
                continue;
            }
            let mut price = prices[l];
            if b2b && qty >= 1000 {
                price = per_mille(price, 950);
            }
            let line = price * qty;
            let promo_pm = match st.platform {
                Platform::Amazon if event && rng.chance(550) => rng.range(150, 250),
                Platform::Amazon if rng.chance(70) => 100,
                Platform::Shopify if event && rng.chance(600) => 200,
                Platform::Shopify if rng.chance(150) => 100,
                _ => 0,
            };
            let promo = per_mille(line, promo_pm);
            let tax = if st.platform == Platform::Amazon && st.marketplace == "US" && rng.chance(880) {
                per_mille(line - promo, rng.range(40, 102))
            } else {
                0
            };
            let customer = (st.repeat_pm > 0).then(|| {
                if !customers.is_empty() && rng.chance(st.repeat_pm) {
                    let u = rng.unit();
                    let len = customers.len() as f64;
                    let i = if b2b { (len * u * u * u) as usize } else { customers.len() - 1 - (len * u * u) as usize };
                    customers[i.min(customers.len() - 1)].clone()
                } else {
                    let id = format!("{}{:010x}", customer_prefix(st.platform), scramble(customers.len() as u64 + 1));
                    customers.push(id.clone());
                    id
                }
            });
            serial += 1;
            let id = order_id(&mut rng, st, serial);
            let time = time_of_day(&mut rng, &hours_cum, b2b);
            let refund_pm = st.refund_pm + if matches!(d.month(), 12 | 1) { st.refund_pm / 4 } else { 0 };
            let refund = if rng.chance(refund_pm) {
                let (lo, hi) = if b2b { (20, 60) } else { (3, 35) };
                let rday = d + Duration::days(rng.range(lo, hi));
                let rtime = time_of_day(&mut rng, &hours_cum, b2b);
                (rday <= w.span.end).then(|| {
                    if b2b {
                        Refund { day: rday, time: rtime, qty: 0, principal: per_mille(line, rng.range(80, 250)), promo: 0, tax: 0 }
                    } else {
                        let back = if qty > 1 && rng.chance(500) { 1 } else { qty };
                        Refund {
                            day: rday,
                            time: rtime,
                            qty: back,
                            principal: price * back,
                            promo: promo * back / qty,
                            tax: tax * back / qty,
                        }
                    }
                })
            } else {
                None
            };
            let cell = &mut daily[l][di];
            cell.0 += qty;
            cell.1 += line - promo;
            orders.push(Order { day: d, time, id, sku: g, qty, price, promo, tax, customer, refund });
        }
        room.review(d, &w.span, &fc, &mut stock_rng);
        room.close_day(d, &w.span, &mut stock_rng);
    }
    StoreSales { store: s, orders, listed, daily, stock: room.log }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stores::Stock;

    #[test]
    fn stock_outs_are_rare_and_overstock_shows() {
        let w = World::new(42, "2026-03-14".parse().unwrap(), 12, 100);
        let sales = simulate(&w);
        let mut overstocked = 0;
        for s in &sales {
            let st = &w.stores[s.store];
            let lost = s.stock.lost_orders as usize;
            assert!(lost * 100 <= s.orders.len() * 5 + 20, "{}: {lost} of {} orders lost", st.code, s.orders.len());
            if st.stock == Stock::None {
                assert!(s.stock.snapshots.is_empty());
                continue;
            }
            // Days of cover at the last snapshot: on hand ÷ last 30 days' daily units.
            let last = w.span.len();
            for (l, &g) in s.listed.iter().enumerate() {
                let sold: i64 = s.daily[l][last - 30..].iter().map(|x| x.0).sum();
                let snap = s.stock.snapshots.iter().rev().find(|x| x.sku == g);
                if let Some(x) = snap {
                    if sold > 0 && x.on_hand * 30 / sold > 180 {
                        overstocked += 1;
                    }
                }
            }
        }
        assert!(overstocked >= 3, "{overstocked} SKUs with more than 180 days of cover");
    }
}
