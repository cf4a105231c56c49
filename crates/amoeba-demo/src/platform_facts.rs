//! Facts of the stores whose platforms have no importer of their own yet
//! (TikTok Shop, Wish, Alibaba.com, Shopify): every order, fee, refund,
//! storage bill, subscription and ad day as rows of the generic facts CSV,
//! one file per store and month.
//!
//! Fees follow each platform: TikTok 6–8 % commission and a fulfilment fee
//! per order; Wish 15 % and WishPost postage; Shopify Payments 2.9 % + 30¢
//! (UK 2.2 % + 20p), a 3PL pick-and-pack fee and the monthly plan;
//! Alibaba.com a small Trade Assurance fee, the annual membership and P4P
//! top-ups in CNY, and, for the store run by the third-party operator, its
//! monthly service fee.

use crate::ads::channel_days;
use crate::facts_csv::{Rows, StoreFact};
use crate::money::{div_round, per_mille, Cur};
use crate::orders::StoreSales;
use crate::rng::Rng;
use crate::skus::Size;
use crate::stores::{Platform, Stock, StoreDef};
use crate::world::{Book, Line, World};
use amoeba_core::Month;
use chrono::{Duration, NaiveDate};

fn line_of(kind: &str) -> Option<Line> {
    Some(match kind {
        "sale" | "promotion" => Line::Sales,
        "refund" => Line::Refunds,
        "platform_fee" => Line::PlatformFees,
        "fulfilment_fee" => Line::Fulfilment,
        "storage_fee" => Line::Storage,
        "ad_spend" => Line::Ads,
        "freight" => Line::Freight,
        "other_expense" | "other_income" => Line::Other,
        _ => return None,
    })
}

struct Out<'a> {
    w: &'a World,
    st: &'a StoreDef,
    store: usize,
    rows: Rows,
    book: &'a mut Book,
}

impl Out<'_> {
    /// Books a figure in the demo's own book without writing a row: the
    /// Alibaba.com stores' sales and refunds come from their orders file.
    fn book_only(&mut self, date: NaiveDate, kind: &'static str, amount: i64, cur: Cur) {
        if let Some(l) = line_of(kind) {
            self.book.money(&self.w.fx, self.w.store_unit(self.store, date), date, l, amount, cur);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn fact(
        &mut self,
        date: NaiveDate,
        kind: &'static str,
        amount: i64,
        cur: Cur,
        sku: &str,
        order: &str,
        customer: &str,
        qty: i64,
        memo: &str,
    ) {
        self.rows.store(&StoreFact {
            date,
            store: self.st.code,
            kind,
            amount,
            cur,
            sku,
            order_id: order,
            customer_id: customer,
            qty,
            memo,
        });
        if let Some(l) = line_of(kind) {
            self.book.money(&self.w.fx, self.w.store_unit(self.store, date), date, l, amount, cur);
        }
    }
}

/// Per-order fulfilment fee of a platform, in the store currency.
fn fulfilment_fee(st: &StoreDef, size: Size, qty: i64) -> i64 {
    let extra = qty - 1;
    match st.platform {
        Platform::TikTok => {
            (match size {
                Size::Small => 358,
                Size::Standard => 475,
                _ => 790,
            }) + extra * 50
        }
        Platform::Wish => (if size == Size::Small { 220 } else { 370 }) + extra * 60,
        Platform::Shopify if st.cur == Cur::Gbp => 360 + extra * 60,
        Platform::Shopify => 450 + extra * 80,
        _ => 0,
    }
}

/// Writes the facts of one non-Amazon store, returning rows per month.
pub(crate) fn store_files(w: &World, sales: &StoreSales, book: &mut Book) -> Vec<(Month, String, usize)> {
    let st = &w.stores[sales.store];
    let mut rng = Rng::new(w.seed, &format!("facts/{}", st.code));
    let mut out = Out { w, st, store: sales.store, rows: Rows::default(), book };
    let cur = st.cur;
    for o in &sales.orders {
        let sku = &w.skus[o.sku];
        let customer = o.customer.as_deref().unwrap_or("");
        let line = o.principal();
        let by_orders = st.platform == Platform::Alibaba;
        if by_orders {
            out.book_only(o.day, "sale", line - o.promo, cur);
        } else {
            out.fact(o.day, "sale", line, cur, &sku.code, &o.id, customer, o.qty, "");
        }
        let unit = w.store_unit(sales.store, o.day);
        out.book.raw(unit, Month::of(o.day), Line::Cogs, -o.qty * sku.landed(o.day));
        if o.promo > 0 && !by_orders {
            let code = if o.promo * 1000 >= line * 150 { "BFCM20" } else { "WELCOME10" };
            out.fact(o.day, "promotion", -o.promo, cur, &sku.code, &o.id, customer, 0, &format!("Discount code {code}"));
        }
        let paid = line - o.promo;
        let (fee, memo) = match st.platform {
            Platform::TikTok => (per_mille(paid, sku.tiktok_fee_pm), "Referral fee"),
            Platform::Wish => (per_mille(paid, 150), "Wish revenue share"),
            Platform::Shopify if cur == Cur::Gbp => (per_mille(paid, 22) + 20, "Shopify Payments"),
            Platform::Shopify => (per_mille(paid, 29) + 30, "Shopify Payments"),
            Platform::Alibaba => (per_mille(paid, 15), "Trade Assurance service fee"),
            Platform::Amazon => (0, ""),
        };
        out.fact(o.day, "platform_fee", -fee, cur, &sku.code, &o.id, "", 0, memo);
        let ff = fulfilment_fee(st, sku.size, o.qty);
        if ff > 0 {
            let memo = match st.platform {
                Platform::TikTok => "FBT fulfillment fee",
                Platform::Wish => "WishPost shipping",
                _ => "3PL pick & pack",
            };
            out.fact(o.day, "fulfilment_fee", -ff, cur, &sku.code, &o.id, "", 0, memo);
        }
        if let Some(r) = &o.refund {
            let back = r.principal - r.promo;
            if by_orders {
                out.book_only(r.day, "refund", -back, cur);
            } else {
                out.fact(r.day, "refund", -back, cur, &sku.code, &o.id, customer, r.qty, "Customer return");
            }
            if matches!(st.platform, Platform::TikTok | Platform::Wish) {
                let fee_back = per_mille(back, if st.platform == Platform::Wish { 150 } else { sku.tiktok_fee_pm });
                out.fact(r.day, "platform_fee", fee_back, cur, &sku.code, &o.id, "", 0, "Fee reversal on refund");
            }
        }
    }
    monthly(&mut out, sales, &mut rng);
    for a in channel_days(w, sales) {
        out.fact(a.day, "ad_spend", -a.spend, cur, "", "", "", 0, a.channel);
        if a.sales > 0 {
            out.fact(a.day, "ad_sales", a.sales, cur, "", "", "", a.units, a.channel);
        }
    }
    out.rows.by_month(crate::facts_csv::STORE_HEADER)
}

/// Storage bills, subscriptions, membership, P4P and the operator's fee.
fn monthly(out: &mut Out<'_>, sales: &StoreSales, rng: &mut Rng) {
    let (w, st) = (out.w, out.st);
    let span = w.span;
    if st.stock == Stock::ThreePl {
        let rate = if st.cur == Cur::Gbp { 45 } else { 55 };
        for &(m, vol) in &sales.stock.volume {
            let (_, last) = span.clip(m);
            if last != m.last_day() {
                continue;
            }
            let fee = div_round(vol * rate, 1000 * i64::from(m.days()));
            let memo = if st.platform == Platform::TikTok { "FBT storage" } else { "3PL warehouse storage" };
            out.fact(last, "storage_fee", -fee, st.cur, "", "", "", 0, memo);
        }
    }
    for m in span.months() {
        let (first, last) = span.clip(m);
        if last < st.opened {
            continue;
        }
        let first = first.max(st.opened);
        match st.platform {
            Platform::Shopify => {
                let (plan, apps) = if st.cur == Cur::Gbp { (6500, 3200) } else { (7900, 4500) };
                out.fact(first, "platform_fee", -plan, st.cur, "", "", "", 0, "Shopify plan");
                out.fact(first, "platform_fee", -(apps + rng.range(0, 1500)), st.cur, "", "", "", 0, "Shopify apps");
            }
            Platform::Alibaba => {
                let topup = rng.range(12_000, 20_000) * 100;
                out.fact(first, "ad_spend", -topup, Cur::Cny, "", "", "", 0, "外贸直通车 P4P 充值");
                if st.operator.is_some() && m.first_day() > span.start {
                    // Base fee plus 3 % of last month's sales, invoiced on the 5th.
                    let prev = m.prev();
                    let prev_sales: i64 =
                        sales.orders.iter().filter(|o| prev.contains(o.day)).map(|o| w.fx.to_fen(o.principal(), st.cur, o.day)).sum();
                    let fee = 600_000 + per_mille(prev_sales, 30);
                    let day = (m.first_day() + Duration::days(4)).min(span.end);
                    out.fact(day, "other_expense", -fee, Cur::Cny, "", "", "", 0, "代运营服务费（基础 6000 + 上月销售额 3%）");
                }
            }
            _ => {}
        }
    }
    if st.platform == Platform::Alibaba {
        let (after, fee, memo) =
            if st.operator.is_some() { (200, 2_980_000, "出口通会员年费") } else { (40, 8_000_000, "金品诚企会员年费") };
        let day = span.start + Duration::days(after);
        if span.contains(day) {
            out.fact(day, "platform_fee", -fee, Cur::Cny, "", "", "", 0, memo);
        }
    }
}
