//! The Alibaba.com stores' trade-assurance orders as the generic orders CSV
//! (`docs/formats.md`, "orders"), one file per month of contracts: each
//! order's contract, a deposit or full prepayment, its shipment on the day
//! the simulation sold it — many around 17:00 local time, some just after,
//! some in two parts — the balance a couple of weeks later, quality-claim
//! refunds, and a few orders cancelled after their deposit. Salespeople own
//! their buyers (`credit_rules::owner_of`), two followers share the orders.
//! These orders book the stores' sales (`books_sales_from = "orders"`).

use crate::credit_rules::{followers, owner_of};
use crate::money::{decimal, Cur};
use crate::orders::StoreSales;
use crate::rng::Rng;
use crate::world::World;
use amoeba_core::Month;
use chrono::{Duration, NaiveDate, NaiveTime, Timelike};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Header of the orders file.
pub(crate) const HEADER: &str = "order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo";

/// One row of the file, sorted by contract month then order then time.
struct Row {
    contract_month: Month,
    order: String,
    at: (NaiveDate, NaiveTime),
    text: String,
}

fn amount(minor: i64, cur: Cur) -> String {
    decimal(minor, cur.dp()).to_string()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// The store's orders files: (month of contracts, text, rows).
pub(crate) fn files(w: &World, sales: &StoreSales) -> Vec<(Month, String, usize)> {
    let st = &w.stores[sales.store];
    let cur = st.cur;
    let mut rng = Rng::new(w.seed, &format!("b2b/{}", st.code));
    let follow = followers(w);
    let mut rows: Vec<Row> = Vec::new();
    let mut push = |order: &str, contract: NaiveDate, day: NaiveDate, t: NaiveTime, text: String| {
        rows.push(Row { contract_month: Month::of(contract), order: order.to_string(), at: (day, t), text });
    };
    for (n, o) in sales.orders.iter().enumerate() {
        let sku = &w.skus[o.sku].code;
        let buyer = o.customer.clone().unwrap_or_else(|| format!("buyer-walkin-{n}"));
        let seller = owner_of(w, sales.store, &buyer);
        let follower = if follow.is_empty() { String::new() } else { follow[n % follow.len()].clone() };
        let total = o.principal() - o.promo;
        let lead = rng.range(2, 10);
        let contract = o.day - Duration::days(lead);
        let c_time = time(rng.range(9, 15) as u32, rng.range(0, 59) as u32);
        let at = |d: NaiveDate, t: NaiveTime| format!("{d} {}", t.format("%H:%M:%S"));
        let line = |event: &str, d: NaiveDate, t: NaiveTime, sku: &str, qty: String, money: String, memo: &str| {
            format!("{},{},,,,{event},{},{sku},{qty},{money},{},{memo}", o.id, st.code, at(d, t), cur.code())
        };
        push(
            &o.id,
            contract,
            contract,
            c_time,
            format!(
                "{},{},{buyer},{seller},{follower},contract,{},{sku},{},{},{},",
                o.id,
                st.code,
                at(contract, c_time),
                o.qty,
                amount(total, cur),
                cur.code()
            ),
        );
        // Most buyers pay a 30 % deposit with the contract; some pay in full.
        let deposit = if rng.chance(700) { total * 3 / 10 } else { total };
        if deposit > 0 {
            let t = time(c_time.hour() + 1, 5);
            push(&o.id, contract, contract, t, line("pay", contract, t, "", String::new(), amount(deposit, cur), "T/T deposit"));
        }
        // Shipped on the day sold, around the 17:00 cut-off; two parts now and then.
        let minutes = rng.range(0, 120) as u32;
        let t1 = time(16 + minutes / 60, minutes % 60);
        if o.qty >= 2 && rng.chance(300) {
            // The first parcel leaves before the cut-off, the second after it.
            let first = o.qty / 2;
            let t1 = time(16, minutes % 60);
            let t2 = time(17, rng.range(5, 55) as u32);
            push(&o.id, contract, o.day, t1, line("ship", o.day, t1, sku, first.to_string(), String::new(), "partial"));
            push(&o.id, contract, o.day, t2, line("ship", o.day, t2, sku, (o.qty - first).to_string(), String::new(), ""));
        } else {
            push(&o.id, contract, o.day, t1, line("ship", o.day, t1, sku, o.qty.to_string(), String::new(), ""));
        }
        // The balance a couple of weeks later (before any refund, within the data).
        let balance = total - deposit;
        if balance > 0 {
            let mut day = o.day + Duration::days(rng.range(5, 20));
            if let Some(r) = &o.refund {
                day = day.min(r.day);
            }
            if day <= w.span.end {
                let t = time(10, 30);
                push(&o.id, contract, day, t, line("pay", day, t, "", String::new(), amount(balance, cur), "T/T balance"));
            }
        }
        if let Some(r) = &o.refund {
            let back = r.principal - r.promo;
            let (sku, qty) = if r.qty > 0 { (sku.as_str(), r.qty.to_string()) } else { ("", String::new()) };
            if back > 0 {
                // After the day's shipments (the latest is before 18:00).
                let t = time(18, 30);
                push(&o.id, contract, r.day, t, line("refund", r.day, t, sku, qty, amount(back, cur), "Quality claim"));
            }
        }
    }
    cancelled(w, sales, &mut rng, &mut push);
    rows.sort_by(|a, b| (a.contract_month, &a.order, a.at).cmp(&(b.contract_month, &b.order, b.at)));
    let mut by_month: BTreeMap<Month, (String, usize)> = BTreeMap::new();
    for r in rows {
        let e = by_month.entry(r.contract_month).or_insert_with(|| (format!("{HEADER}\n"), 0));
        let _ = writeln!(e.0, "{}", r.text);
        e.1 += 1;
    }
    by_month.into_iter().map(|(m, (text, n))| (m, text, n)).collect()
}

/// A few orders cancelled after their deposit, the deposit returned: they
/// book nothing, but they are part of the salespeople's pipeline.
fn cancelled(w: &World, sales: &StoreSales, rng: &mut Rng, push: &mut impl FnMut(&str, NaiveDate, NaiveDate, NaiveTime, String)) {
    let st = &w.stores[sales.store];
    let count = sales.orders.len() / 30;
    for i in 0..count {
        let o = &sales.orders[(i * 29) % sales.orders.len().max(1)];
        let Some(buyer) = &o.customer else { continue };
        let id = format!("{}-X{i}", o.id);
        let seller = owner_of(w, sales.store, buyer);
        let sku = &w.skus[o.sku].code;
        let total = o.principal();
        let deposit = total * 3 / 10;
        let day = o.day - Duration::days(rng.range(1, 4));
        let cancel_day = (day + Duration::days(rng.range(2, 6))).min(w.span.end);
        let (c, p, x, r) = (time(10, 0), time(11, 0), time(15, 0), time(15, 30));
        let cur = st.cur.code();
        push(
            &id,
            day,
            day,
            c,
            format!("{id},{},{buyer},{seller},,contract,{day} 10:00:00,{sku},{},{},{cur},", st.code, o.qty, decimal(total, st.cur.dp())),
        );
        push(&id, day, day, p, format!("{id},{},,,,pay,{day} 11:00:00,,,{},{cur},T/T deposit", st.code, decimal(deposit, st.cur.dp())));
        push(&id, day, cancel_day, x, format!("{id},{},,,,cancel,{cancel_day} 15:00:00,,,,{cur},buyer withdrew", st.code));
        push(
            &id,
            day,
            cancel_day,
            r,
            format!("{id},{},,,,refund,{cancel_day} 15:30:00,,,{},{cur},deposit returned", st.code, decimal(deposit, st.cur.dp())),
        );
    }
}
