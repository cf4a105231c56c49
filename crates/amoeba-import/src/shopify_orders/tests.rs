use super::*;
use crate::formats::test_util::describe;
use amoeba_core::ledger::{FactKind, FactRecord};
use rust_decimal_macros::dec;

const FIXTURE: &str = include_str!("../../tests/fixtures/shopify_orders_export.csv");

fn ctx() -> ImportContext {
    ImportContext::new(chrono_tz::America::Los_Angeles)
}

fn read(text: &str) -> Result<ShopifyOrders, ImportErrors> {
    parse_shopify_orders(text.as_bytes(), &ctx(), CustomerKey::Hashed)
}

const HEAD: &str = "Name,Email,Financial Status,Fulfillment Status,Fulfilled at,Currency,Subtotal,Shipping,Taxes,Total,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,Refunded Amount,Cancelled at";

#[test]
fn reads_the_fixture_export() {
    let p = read(FIXTURE).unwrap();
    assert_eq!(p.orders.len(), 3);
    let (o, _) = &p.orders[0];
    assert_eq!((o.name.as_str(), o.line, o.currency.as_str()), ("#1001", 2, "USD"));
    assert_eq!(
        o.lines.iter().map(|l| (l.sku.as_deref(), l.quantity, l.price, l.discount)).collect::<Vec<_>>(),
        vec![(Some("MUG-01"), 2, dec!(19.99), dec!(4.08)), (Some("COASTER-4"), 1, dec!(9.00), dec!(0.92))]
    );
    assert_eq!(o.lines[0].compare_at_price, Some(dec!(24.99)));
    assert_eq!((o.subtotal, o.shipping, o.taxes, o.discount, o.total), (dec!(43.98), dec!(5.00), dec!(3.52), dec!(5.00), dec!(52.50)));
    assert!(!o.taxes_included);
    let paid = o.paid_at.unwrap();
    assert_eq!(paid.at.unwrap().to_rfc3339(), "2026-11-03T16:59:59+08:00", "the instant keeps its offset");
    assert_eq!(paid.day.to_string(), "2026-11-03", "00:59:59 in Los Angeles");
    assert_eq!(o.fulfilled_at.unwrap().day.to_string(), "2026-11-03", "10:12 in Shanghai is 18:12 the day before in Los Angeles");
    assert_eq!(o.id.as_deref(), Some("5100000001001"));
    let (third, _) = &p.orders[2];
    assert_eq!(o.customer, third.customer, "one buyer whatever the case of the email");
    assert!(o.customer.as_deref().is_some_and(|c| c.starts_with("h:") && !c.contains('@')), "{:?}", o.customer);
    assert_eq!(p.orders[1].0.refunded, dec!(20.00));
    let again = read(FIXTURE).unwrap();
    assert_eq!(p.orders.iter().map(|o| o.1).collect::<Vec<_>>(), again.orders.iter().map(|o| o.1).collect::<Vec<_>>());
    assert_ne!(p.orders[0].1, p.orders[1].1);
}

#[test]
fn the_facts_of_each_fulfilled_order_sum_to_its_total() {
    let p = read(FIXTURE).unwrap();
    let f = p.to_facts("SHOP-US");
    assert_eq!(f.not_booked, vec![("#1003".to_string(), NotBooked::NotFulfilled { status: Some("unfulfilled".into()) })]);
    for (o, _) in p.orders.iter().take(2) {
        let of: Vec<&FactRecord> = f.facts.iter().map(|x| &x.0).filter(|x| x.order_id.as_deref() == Some(o.name.as_str())).collect();
        let sum: Decimal = of.iter().filter(|x| x.kind != FactKind::Refund).map(|x| x.amount).sum();
        assert_eq!(sum, o.total, "{}", o.name);
        assert!(of.iter().all(|x| x.store.as_deref() == Some("SHOP-US") && x.currency == o.currency));
    }
    let kinds: Vec<(FactKind, Decimal, i64)> = f.facts.iter().take(7).map(|x| (x.0.kind, x.0.amount, x.0.quantity)).collect();
    assert_eq!(
        kinds,
        vec![
            (FactKind::Sale, dec!(39.98), 2),
            (FactKind::Promotion, dec!(-4.08), 0),
            (FactKind::Sale, dec!(9), 1),
            (FactKind::Promotion, dec!(-0.92), 0),
            (FactKind::Sale, dec!(5), 0),
            (FactKind::Tax, dec!(3.52), 0),
            (FactKind::Sale, dec!(59), 1),
        ]
    );
    let refund = f.facts.iter().map(|x| &x.0).find(|x| x.kind == FactKind::Refund).unwrap();
    assert_eq!((refund.amount, refund.order_id.as_deref(), refund.date.to_string()), (dec!(-20), Some("#1002"), "2026-11-04".into()));
    let again = read(FIXTURE).unwrap().to_facts("SHOP-US");
    assert_eq!(f.facts.iter().map(|x| x.1).collect::<Vec<_>>(), again.facts.iter().map(|x| x.1).collect::<Vec<_>>());
}

#[test]
fn an_order_that_does_not_add_up_is_refused_naming_both_figures() {
    let f = format!(
        "{HEAD}\n#1,a@example.com,paid,fulfilled,2026-11-04 10:00:00 +0800,USD,40.00,5.00,3.20,48.21,4.00,2026-11-03 16:59:59 +0800,2,Mug,20.00,MUG,4.00,,\n"
    );
    let d = describe(&read(&f).unwrap_err());
    assert_eq!(d, vec!["2:Total:order #1: 2 × 20.00 − 4.00 (discount) + 5.00 (shipping) + 3.20 (taxes) = 44.20 USD, but its Total is 48.21 USD; the export is incomplete or altered".to_string()]);
}

#[test]
fn tax_inclusive_prices_are_recognised_and_booked_net() {
    let f = format!(
        "{HEAD}\n#2,a@example.com,paid,fulfilled,2026-11-04 10:00:00 +0100,USD,24.00,0.00,4.00,24.00,,2026-11-03 10:00:00 +0100,1,Mug,24.00,MUG,,,\n"
    );
    let p = read(&f).unwrap();
    assert!(p.orders[0].0.taxes_included);
    let facts = p.to_facts("S").facts;
    let net_sales: Decimal = facts.iter().filter(|x| x.0.kind == FactKind::Sale).map(|x| x.0.amount).sum();
    assert_eq!(net_sales, dec!(20.00));
    assert_eq!(facts.iter().map(|x| x.0.amount).sum::<Decimal>(), dec!(24.00));
}

#[test]
fn later_lines_of_an_order_may_not_disagree_and_an_order_comes_once() {
    let f = format!(
        "{HEAD}\n\
#3,a@example.com,paid,fulfilled,2026-11-04 10:00:00 +0800,USD,40.00,0,0,40.00,,2026-11-03 10:00:00 +0800,1,Mug,10.00,MUG,,,\n\
#3,,,,,USD,,,,,,,2,Cup,10.00,CUP,,,\n\
#3,,,,,EUR,,,,,,,1,Cup,10.00,CUP,,,\n\
#4,b@example.com,paid,unfulfilled,,USD,10.00,0,0,10.00,,2026-11-03 11:00:00 +0800,1,Mug,10.00,MUG,,,\n\
#3,,,,,,,,,,,,1,Mug,10.00,MUG,,,\n\
#5,c@example.com,paid,unfulfilled,,,,0,0,,,,1,Mug,10.00,MUG,,,\n\
#8,b@example.com,paid,unfulfilled,,USD,10.00,0,0,10.00,,2026-11-03 11:00:00 +0800,0,Mug,10.00,MUG,,,\n"
    );
    let d = describe(&read(&f).unwrap_err());
    assert_eq!(d.len(), 6, "{d:#?}");
    assert!(d[0].starts_with("4:Currency:order #3 says 'EUR' here but 'USD' on its first row (line 2)"), "{}", d[0]);
    assert!(d[1].starts_with("6:Name:order #3"), "{}", d[1]);
    assert_eq!(&d[2..5], ["7:Currency:Currency is required", "7:Total:Total is required", "7:Created at:Created at is required"]);
    assert!(d[5].starts_with("8:Lineitem quantity:'0' is not"), "{}", d[5]);
}

#[test]
fn a_file_in_two_currencies_is_refused() {
    let f = format!(
        "{HEAD}\n#6,a@example.com,paid,unfulfilled,,USD,10.00,0,0,10.00,,2026-11-03 10:00:00 +0800,1,Mug,10.00,MUG,,,\n\
#7,a@example.com,paid,unfulfilled,,EUR,10.00,0,0,10.00,,2026-11-03 10:00:00 +0800,1,Mug,10.00,MUG,,,\n"
    );
    let e = read(&f).unwrap_err();
    assert_eq!((e.errors[0].line, e.errors[0].reason.code()), (3, "mixed_currencies"), "{e}");
}

#[test]
fn emails_as_given_and_a_missing_required_column() {
    let p = parse_shopify_orders(FIXTURE.as_bytes(), &ctx(), CustomerKey::AsGiven).unwrap();
    assert_eq!(p.orders[0].0.customer.as_deref(), Some("buyer.one@example.com"));
    let e = read("Name,Currency,Subtotal,Shipping,Taxes,Created at,Lineitem quantity,Lineitem name,Lineitem price\n").unwrap_err();
    assert_eq!(describe(&e), vec!["1::missing required column \"Total\"".to_string()]);
}
