//! Amazon settlement reports, flat file V2: one tab-separated file per
//! store and fortnight, whose summary row's `total-amount` is exactly the
//! sum of its lines. Amazon DE files use decimal commas and `DD.MM.YYYY`
//! dates like the German Seller Central export.
//!
//! Lines per order: `ItemPrice/Principal` (with the quantity), US sales tax
//! and its `ItemWithheldTax/MarketplaceFacilitatorTax-Principal` reversal,
//! coupon or event `Promotion`, `ItemFees/Commission` (referral, 15 %; 10 %
//! in Japan), `ItemFees/FBAPerUnitFulfillmentFee`. Refunds reverse price,
//! tax, promotion and commission and charge `RefundCommission`. Around them:
//! monthly storage fees (long-term storage in February), the subscription,
//! inbound placement fees, reimbursements and the rolling reserve.
//! Advertising is not billed here: it comes from the ads report.

use crate::calendar::Span;
use crate::money::{fmt_minor, per_mille, Cur};
use crate::orders::{Order, StoreSales};
use crate::rng::Rng;
use crate::stores::{Platform, StoreDef};
use crate::world::{Book, Line, World};
use amoeba_core::Month;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// The V2 header, in Amazon's column order.
pub(crate) const HEADER: &str = "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\tpromotion-id";

/// One generated settlement file.
pub(crate) struct SettlementFile {
    pub name: String,
    pub content: String,
    pub lines: usize,
}

/// A line that is not part of an order.
struct Other {
    day: NaiveDate,
    time: NaiveTime,
    tx: &'static str,
    amount_type: &'static str,
    desc: &'static str,
    amount: i64,
    sku: String,
    qty: i64,
    shipment: String,
    line: Option<Line>,
}

enum Event {
    Order(usize),
    Refund(usize),
    Other(Other),
}

/// Text conventions of a marketplace's export.
struct Style {
    comma: bool,
    german_dates: bool,
    dp: u32,
}

impl Style {
    fn of(st: &StoreDef) -> Self {
        Self { comma: st.cur == Cur::Eur, german_dates: st.marketplace == "DE", dp: st.cur.dp() }
    }
    fn amount(&self, v: i64) -> String {
        fmt_minor(v, self.dp, self.comma)
    }
    fn date(&self, d: NaiveDate) -> String {
        if self.german_dates {
            d.format("%d.%m.%Y").to_string()
        } else {
            d.format("%Y-%m-%d").to_string()
        }
    }
    fn stamp(&self, t: NaiveDateTime) -> String {
        format!("{} {} UTC", self.date(t.date()), t.format("%H:%M:%S"))
    }
}

/// Local day and time in the store's zone → UTC (skipping DST gaps).
fn to_utc(st: &StoreDef, d: NaiveDate, t: NaiveTime) -> NaiveDateTime {
    let local = d.and_time(t);
    match st.tz.from_local_datetime(&local).earliest() {
        Some(x) => x.naive_utc(),
        None => st.tz.from_local_datetime(&(local + Duration::hours(1))).earliest().map(|x| x.naive_utc()).unwrap_or(local),
    }
}

fn marketplace_name(st: &StoreDef) -> &'static str {
    match st.marketplace {
        "DE" => "Amazon.de",
        "JP" => "Amazon.co.jp",
        _ => "Amazon.com",
    }
}

/// Referral fee per mille.
fn referral_pm(st: &StoreDef) -> i64 {
    if st.cur == Cur::Jpy {
        100
    } else {
        150
    }
}

/// Storage rate per cubic foot and month: off-peak, October–December.
fn storage_rate(cur: Cur) -> (i64, i64) {
    match cur {
        Cur::Eur => (75, 110),
        Cur::Jpy => (120, 320),
        _ => (78, 240),
    }
}

/// Fixed amounts in the store currency: subscription, long-term storage
/// per cubic foot, inbound placement per unit.
fn fixed(cur: Cur) -> (i64, i64, i64) {
    match cur {
        Cur::Eur => (3900, 620, 25),
        Cur::Jpy => (4900, 1000, 30),
        _ => (3999, 690, 30),
    }
}

fn other_lines(w: &World, sales: &StoreSales, st: &StoreDef, rng: &mut Rng) -> Vec<Other> {
    let span = &w.span;
    let mut out = Vec::new();
    let (sub, ltsf_rate, placement) = fixed(st.cur);
    let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("time");
    let o = |day, time, tx, amount_type, desc, amount, line| Other {
        day,
        time,
        tx,
        amount_type,
        desc,
        amount,
        sku: String::new(),
        qty: 0,
        shipment: String::new(),
        line,
    };
    for m in span.months() {
        let first = m.first_day().max(span.start).max(st.opened);
        if first <= span.end && m.last_day() >= st.opened {
            out.push(o(first, at(6, 12), "ServiceFee", "other-transaction", "Subscription Fee", -sub, Some(Line::PlatformFees)));
        }
    }
    // Storage for month M is charged around the 8th of M+1.
    let (off, peak) = storage_rate(st.cur);
    for &(m, vol) in &sales.stock.volume {
        let day = m.next().first_day() + Duration::days(7);
        if !span.contains(day) {
            continue;
        }
        let rate = if m.month() >= 10 { peak } else { off };
        let fee = i128::from(vol) * i128::from(rate) / (1000 * i128::from(m.days()));
        if fee > 0 {
            out.push(o(day, at(9, 41), "other-transaction", "other-transaction", "Storage Fee", -(fee as i64), Some(Line::Storage)));
        }
    }
    for &(day, g, units) in &sales.stock.aged {
        let fee = units * w.skus[g].size.cuft_milli() * ltsf_rate / 1000;
        if fee > 0 {
            let mut x = o(day, at(10, 5), "other-transaction", "other-transaction", "FBA Long-Term Storage Fee", -fee, Some(Line::Storage));
            x.sku = w.skus[g].code.clone();
            x.qty = units;
            out.push(x);
        }
    }
    for sh in &sales.stock.shipments {
        if sh.air || !span.contains(sh.arrives) {
            continue;
        }
        let units: i64 = sh.lines.iter().map(|l| l.1).sum();
        let mut x = o(
            sh.arrives,
            at(14, 20),
            "other-transaction",
            "other-transaction",
            "FBA Inbound Placement Service Fee",
            -units * placement,
            Some(Line::Fulfilment),
        );
        x.shipment = format!("FBA{}", &sh.id[sh.id.len() - 6..]);
        out.push(x);
    }
    // Lost or damaged units Amazon pays back, about once a month.
    for d in span.days().filter(|d| *d >= st.opened) {
        if !rng.chance(33) || sales.listed.is_empty() {
            continue;
        }
        let g = *rng.pick(&sales.listed);
        if w.skus[g].launch > d {
            continue;
        }
        let units = rng.range(1, 4);
        let each = per_mille(w.skus[g].price(st), rng.range(380, 520));
        let desc = if rng.chance(700) { "WAREHOUSE_DAMAGE" } else { "WAREHOUSE_LOST" };
        let mut x = o(
            d,
            at(rng.range(8, 20) as u32, rng.range(0, 59) as u32),
            "other-transaction",
            "FBA Inventory Reimbursement",
            desc,
            units * each,
            Some(Line::Other),
        );
        x.sku = w.skus[g].code.clone();
        x.qty = units;
        out.push(x);
    }
    out
}

/// Settlement periods: fortnights, staggered per store, the last one
/// closing with the span.
fn periods(span: &Span, store: usize) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut a = span.start;
    let mut b = span.start + Duration::days(14 + (store as i64 * 3) % 14);
    while a <= span.end {
        let end = b.min(span.end + Duration::days(1));
        out.push((a, end));
        a = end;
        b = a + Duration::days(14);
    }
    out
}

/// Writes one row of 24 tab-separated cells from (column, text) pairs in
/// column order; missing cells are empty.
fn row(out: &mut String, cells: &[(usize, &str)]) {
    let mut col = 0;
    for &(c, v) in cells {
        while col < c {
            out.push('\t');
            col += 1;
        }
        out.push_str(v);
    }
    while col < 23 {
        out.push('\t');
        col += 1;
    }
    out.push('\n');
}

/// Writes every settlement of an Amazon store and books its amounts.
pub(crate) fn files(w: &World, sales: &StoreSales, book: &mut Book) -> Vec<SettlementFile> {
    let st = &w.stores[sales.store];
    debug_assert_eq!(st.platform, Platform::Amazon);
    let mut rng = Rng::new(w.seed, &format!("settlement/{}", st.code));
    let style = Style::of(st);
    let cx = Cx { w, st, style: &style };
    let mut events: Vec<(NaiveDate, NaiveTime, Event)> = Vec::new();
    for (i, o) in sales.orders.iter().enumerate() {
        events.push((o.day, o.time, Event::Order(i)));
        if let Some(r) = &o.refund {
            events.push((r.day, r.time, Event::Refund(i)));
        }
    }
    for x in other_lines(w, sales, st, &mut rng) {
        events.push((x.day, x.time, Event::Other(x)));
    }
    events.sort_by_key(|e| (e.0, e.1));

    let mut files = Vec::new();
    let mut reserve_prev = 0i64;
    let mut ev = events.into_iter().peekable();
    let mut id_base = 11_000_000_000u64 + sales.store as u64 * 7_919_000;
    for (a, b) in periods(&w.span, sales.store) {
        id_base += 104_729;
        let id = (id_base + rng.below(1000)).to_string();
        let mut body = String::with_capacity(64 * 1024);
        let mut total = 0i64;
        let mut lines = 0usize;
        let mut sold = 0i64;
        let mut push = |body: &mut String, cells: &[(usize, &str)], amount: i64, day: NaiveDate, line: Option<Line>, book: &mut Book| {
            let mut c: Vec<(usize, &str)> = Vec::with_capacity(cells.len() + 1);
            c.push((0, id.as_str()));
            c.extend_from_slice(cells);
            row(body, &c);
            total += amount;
            lines += 1;
            if let Some(l) = line {
                book.money(&w.fx, w.store_unit(sales.store, day), day, l, amount, st.cur);
            }
        };
        if reserve_prev != 0 {
            let t = style.stamp(to_utc(st, a, NaiveTime::from_hms_opt(0, 5, 0).expect("t")));
            let amt = style.amount(reserve_prev);
            push(
                &mut body,
                &[
                    (6, "other-transaction"),
                    (12, "other-transaction"),
                    (13, "Previous Reserve Amount Balance"),
                    (14, &amt),
                    (16, &t[..10]),
                    (17, &t),
                ],
                reserve_prev,
                a,
                None,
                book,
            );
        }
        while let Some(e) = ev.peek() {
            if e.0 >= b {
                break;
            }
            let (day, time, e) = ev.next().expect("peeked");
            let at = to_utc(st, day, time);
            let stamp = style.stamp(at);
            let date = style.date(at.date());
            match e {
                Event::Order(i) => {
                    let o = &sales.orders[i];
                    sold += o.principal() - o.promo;
                    write_order(
                        &cx,
                        o,
                        &stamp,
                        &date,
                        &mut |cells, amount, line| push(&mut body, cells, amount, day, line, book),
                        &mut rng,
                    );
                    let cogs = o.qty * w.skus[o.sku].landed(day);
                    book.raw(w.store_unit(sales.store, day), Month::of(day), Line::Cogs, -cogs);
                }
                Event::Refund(i) => {
                    let o = &sales.orders[i];
                    write_refund(
                        &cx,
                        o,
                        &stamp,
                        &date,
                        &mut |cells, amount, line| push(&mut body, cells, amount, day, line, book),
                        &mut rng,
                    );
                }
                Event::Other(x) => {
                    let amt = style.amount(x.amount);
                    let qty = if x.qty > 0 { x.qty.to_string() } else { String::new() };
                    let mut cells: Vec<(usize, &str)> = vec![(6, x.tx)];
                    if !x.shipment.is_empty() {
                        cells.push((10, &x.shipment));
                    }
                    cells.extend_from_slice(&[(12, x.amount_type), (13, x.desc), (14, &amt), (16, &date), (17, &stamp)]);
                    if !x.sku.is_empty() {
                        cells.extend_from_slice(&[(21, &x.sku), (22, &qty)]);
                    }
                    push(&mut body, &cells, x.amount, day, x.line, book);
                }
            }
        }
        // Amazon holds back part of recent sales and releases it next time.
        let reserve = -per_mille(sold, 30);
        if reserve != 0 && b <= w.span.end {
            let t = style.stamp(to_utc(st, b - Duration::days(1), NaiveTime::from_hms_opt(23, 50, 0).expect("t")));
            let amt = style.amount(reserve);
            push(
                &mut body,
                &[
                    (6, "other-transaction"),
                    (12, "other-transaction"),
                    (13, "Current Reserve Amount"),
                    (14, &amt),
                    (16, &t[..10]),
                    (17, &t),
                ],
                reserve,
                b,
                None,
                book,
            );
            reserve_prev = -reserve;
        } else {
            reserve_prev = 0;
        }
        let start = style.stamp(to_utc(st, a, NaiveTime::MIN));
        let end = style.stamp(to_utc(st, b, NaiveTime::MIN));
        let deposit = style.stamp(to_utc(st, b + Duration::days(2), NaiveTime::from_hms_opt(6, 0, 0).expect("t")));
        let mut content = String::with_capacity(body.len() + 1024);
        content.push_str(HEADER);
        content.push('\n');
        row(&mut content, &[(0, &id), (1, &start), (2, &end), (3, &deposit), (4, &style.amount(total)), (5, st.cur.code())]);
        content.push_str(&body);
        let name = format!("amazon-settlement_{}_{}_{}.txt", st.code, a, id);
        files.push(SettlementFile { name, content, lines });
    }
    files
}

type Emit<'a> = dyn FnMut(&[(usize, &str)], i64, Option<Line>) + 'a;

/// What the order and refund writers need to know about the store.
struct Cx<'a> {
    w: &'a World,
    st: &'a StoreDef,
    style: &'a Style,
}

fn write_order(cx: &Cx<'_>, o: &Order, stamp: &str, date: &str, emit: &mut Emit<'_>, rng: &mut Rng) {
    let (w, st, style) = (cx.w, cx.st, cx.style);
    let sku = &w.skus[o.sku];
    let item = rng.digits(14);
    let ship = format!("{}{}", char::from(b'B' + rng.below(20) as u8), rng.digits(8));
    let qty = o.qty.to_string();
    let mut send = |at: &'static str, desc: &'static str, amount: i64, promo: &str, line: Option<Line>| {
        let a = style.amount(amount);
        let mut c: Vec<(usize, &str)> = vec![
            (6, "Order"),
            (7, &o.id),
            (10, &ship),
            (11, marketplace_name(st)),
            (12, at),
            (13, desc),
            (14, &a),
            (15, "AFN"),
            (16, date),
            (17, stamp),
            (18, &item),
            (21, &sku.code),
            (22, &qty),
        ];
        if !promo.is_empty() {
            c.push((23, promo));
        }
        emit(&c, amount, line);
    };
    let line = o.principal();
    send("ItemPrice", "Principal", line, "", Some(Line::Sales));
    if o.tax > 0 {
        send("ItemPrice", "Tax", o.tax, "", None);
        send("ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", -o.tax, "", None);
    }
    if o.promo > 0 {
        let pid = format!("A{}-{}", rng.digits(6), o.day.format("%m%d"));
        send("Promotion", "Principal", -o.promo, &pid, Some(Line::Sales));
    }
    let referral = per_mille(line - o.promo, referral_pm(st));
    send("ItemFees", "Commission", -referral, "", Some(Line::PlatformFees));
    let fba = sku.size.fba_fee(st.cur, sku.fee_variant) * o.qty;
    send("ItemFees", "FBAPerUnitFulfillmentFee", -fba, "", Some(Line::Fulfilment));
}

fn write_refund(cx: &Cx<'_>, o: &Order, stamp: &str, date: &str, emit: &mut Emit<'_>, rng: &mut Rng) {
    let (w, st, style) = (cx.w, cx.st, cx.style);
    let Some(r) = &o.refund else { return };
    let sku = &w.skus[o.sku];
    let adj = format!("amzn1:crow:{}", rng.digits(12));
    let madj = rng.digits(12);
    let qty = r.qty.to_string();
    let mut send = |at: &'static str, desc: &'static str, amount: i64, principal: bool, line: Option<Line>| {
        let a = style.amount(amount);
        let mut c: Vec<(usize, &str)> = vec![
            (6, "Refund"),
            (7, &o.id),
            (8, &o.id),
            (9, &adj),
            (11, marketplace_name(st)),
            (12, at),
            (13, desc),
            (14, &a),
            (15, "AFN"),
            (16, date),
            (17, stamp),
            (20, &madj),
            (21, &sku.code),
        ];
        if principal {
            c.push((22, &qty));
        }
        emit(&c, amount, line);
    };
    send("ItemPrice", "Principal", -r.principal, true, Some(Line::Refunds));
    if r.tax > 0 {
        send("ItemPrice", "Tax", -r.tax, false, None);
        send("ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", r.tax, false, None);
    }
    if r.promo > 0 {
        send("Promotion", "Principal", r.promo, false, Some(Line::Sales));
    }
    let referral = per_mille(r.principal - r.promo, referral_pm(st));
    send("ItemFees", "Commission", referral, false, Some(Line::PlatformFees));
    // 20 % of the referral, at most 5.00 (¥500).
    let admin = per_mille(referral, 200).min(500);
    send("ItemFees", "RefundCommission", -admin, false, Some(Line::PlatformFees));
}
