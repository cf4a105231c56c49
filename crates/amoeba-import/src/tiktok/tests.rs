use super::*;
use crate::customer::CustomerKey;
use crate::formats::test_util::describe;
use crate::{ImportContext, ImportErrors};
use amoeba_core::ledger::FactKind;
use amoeba_core::money::Currency;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const ORDERS: &str = include_str!("../../tests/fixtures/tiktok_orders_export.csv");
const STATEMENT: &str = include_str!("../../tests/fixtures/tiktok_statement_order_details.csv");

fn us() -> ImportContext {
    ImportContext::new(chrono_tz::America::Los_Angeles).with_store("TT-US").with_currency(Currency::USD)
}

fn my() -> ImportContext {
    ImportContext::new(chrono_tz::Asia::Kuala_Lumpur).with_store("TT-MY")
}

fn orders(text: &str) -> Result<TiktokOrders, ImportErrors> {
    parse_tiktok_orders(text.as_bytes(), &us(), CustomerKey::Hashed)
}

#[test]
fn reads_the_order_export_fixture() {
    let p = orders(ORDERS).unwrap();
    assert_eq!(p.day_order, DayOrder::MonthFirst);
    assert_eq!(p.orders.len(), 2, "the description row is not an order");
    let o = &p.orders[0];
    assert_eq!((o.order_id.as_str(), o.line, o.lines.len()), ("576000000000000001", 3, 2));
    assert_eq!(o.created.at.unwrap().to_rfc3339(), "2026-11-03T16:59:59-08:00");
    assert_eq!(o.shipped.unwrap().at.unwrap().to_rfc3339(), "2026-11-04T14:30:00-08:00");
    assert_eq!(o.delivered.unwrap().day.to_string(), "2026-11-07");
    assert_eq!(o.cancelled, None);
    let l = &o.lines[0];
    assert_eq!(
        (l.seller_sku.as_deref(), l.quantity, l.unit_original_price, l.platform_discount, l.seller_discount, l.subtotal_after_discount),
        (Some("MUG-01"), 2, Some(dec!(19.99)), dec!(2.00), dec!(4.00), Some(dec!(33.98)))
    );
    assert_eq!(o.money.order_amount, Some(dec!(46.42)));
    assert!(o.buyer.as_deref().is_some_and(|b| b.starts_with("h:")), "{:?}", o.buyer);
    let c = &p.orders[1];
    assert_eq!(
        (c.status.as_deref(), c.cancelled.unwrap().at.unwrap().to_rfc3339()),
        (Some("Canceled"), "2026-11-05T21:00:00-08:00".to_string())
    );
    assert!(c.logistics.contains(&("Cancel Reason", "No longer needed".to_string())), "{:?}", c.logistics);
    let again = orders(ORDERS).unwrap();
    assert_eq!(o.fingerprint(), again.orders[0].fingerprint(), "the same order, the same identity");
    assert_ne!(o.fingerprint(), c.fingerprint());
}

#[test]
fn order_export_refusals() {
    let head = "Order ID,Order Status,Seller SKU,Quantity,SKU Unit Original Price,SKU Subtotal Before Discount,SKU Platform Discount,SKU Seller Discount,SKU Subtotal After Discount,Created Time";
    let f = format!("{head}\n1,Shipped,A,2,5.00,10.01,0,0,10.01,25/03/2026 10:00\n1,Shipped,B,1,5.00,5.00,1.00,0,5.00,25/03/2026 10:00\n2,Canceled,A,1,5.00,5.00,0,0,5.00,25/03/2026 10:00\n2,Shipped,A,1,5.00,5.00,0,0,5.00,25/03/2026 10:00\n");
    let d = describe(&orders(&f).unwrap_err());
    assert_eq!(d.len(), 3, "{d:#?}");
    assert!(d[0].starts_with("2:SKU Subtotal Before Discount:10.01 is not the sum of its parts: 2 × 5.00 = 10.00"), "{}", d[0]);
    assert!(d[1].starts_with("3:SKU Subtotal After Discount:5.00 is not the sum of its parts"), "{}", d[1]);
    assert!(d[2].starts_with("5:Order Status:order 2 says 'Shipped' here but 'Canceled'"), "{}", d[2]);
    let mixed = format!("{head}\n1,Shipped,A,1,5.00,5.00,0,0,5.00,25/03/2026 10:00\n2,Shipped,A,1,5.00,5.00,0,0,5.00,03/26/2026 10:00\n");
    let e = orders(&mixed).unwrap_err();
    assert_eq!((e.errors[0].line, e.errors[0].reason.code()), (3, "day_month_order"), "{e}");
    let no_currency = parse_tiktok_orders(ORDERS.as_bytes(), &ImportContext::default(), CustomerKey::Hashed).unwrap_err();
    assert_eq!(no_currency.errors[0].reason.code(), "no_currency");
}

#[test]
fn each_statement_row_reconciles_and_books_its_parts() {
    let s = parse_tiktok_statement(STATEMENT.as_bytes(), &my()).unwrap();
    assert_eq!((s.rows.len(), s.currency.as_str(), s.total), (4, "MYR", dec!(15.83)));
    for r in &s.rows {
        assert_eq!(r.parts.iter().map(|p| p.amount).sum::<Decimal>(), r.total, "line {}", r.line);
    }
    let kinds = |i: usize| s.rows[i].parts.iter().map(|p| (p.kind, p.amount)).collect::<Vec<_>>();
    assert_eq!(
        kinds(0),
        vec![
            (FactKind::Sale, dec!(48.98)),
            (FactKind::Promotion, dec!(-4.00)),
            (FactKind::PlatformFee, dec!(-1.35)),
            (FactKind::PlatformFee, dec!(-2.70)),
            (FactKind::FulfilmentFee, dec!(-5.99)),
            (FactKind::FulfilmentFee, dec!(5.99)),
            (FactKind::PlatformFee, dec!(-4.50)),
            (FactKind::FulfilmentFee, dec!(-0.60)),
        ]
    );
    assert_eq!(
        kinds(1),
        vec![
            (FactKind::Sale, dec!(59.00)),
            (FactKind::Refund, dec!(-59.00)),
            (FactKind::FulfilmentFee, dec!(-3.20)),
            (FactKind::FulfilmentFee, dec!(-2.80)),
        ]
    );
    assert_eq!(kinds(2), vec![(FactKind::Reimbursement, dec!(6.00))]);
    assert_eq!(kinds(3), vec![(FactKind::AdSpend, dec!(-20.00))]);
    assert_eq!(s.rows[0].settled.day.to_string(), "2026-11-12");
    assert_eq!(s.rows[2].related_order.as_deref(), Some("576000000000000003"));
    assert!(s.check_total(dec!(15.83)).is_ok());
    let e = s.check_total(dec!(16.83)).unwrap_err();
    assert!(e.to_string().contains("the 4 rows sum to 15.83 MYR but the statement's total is 16.83 MYR"), "{e}");
    let facts = s.to_facts("TT-MY");
    assert_eq!(facts.len(), 14);
    assert_eq!(facts.iter().map(|f| f.0.amount).sum::<Decimal>(), s.total);
    let reimb = &facts[12].0;
    assert_eq!(
        (reimb.kind, reimb.order_id.as_deref(), reimb.date.to_string()),
        (FactKind::Reimbursement, Some("576000000000000003"), "2026-11-13".into())
    );
    let again = parse_tiktok_statement(STATEMENT.as_bytes(), &my()).unwrap().to_facts("TT-MY");
    assert_eq!(facts.iter().map(|f| f.1).collect::<Vec<_>>(), again.iter().map(|f| f.1).collect::<Vec<_>>());
}

const HEAD: &str = "Order/adjustment ID,Type,Order settled time,Currency,Total settlement amount,Total revenue,Subtotal after seller discounts,Subtotal before discounts,Seller discounts,Total fees,Transaction fee,Mystery fee,Ajustment amount";

#[test]
fn fees_not_itemised_are_booked_and_a_row_that_does_not_add_up_is_refused() {
    let f = format!("{HEAD}\n1,Order,2026/11/12,MYR,7.00,10.00,10.00,10.00,0,-3.00,-1.00,-2.00,0\n");
    let s = parse_tiktok_statement(f.as_bytes(), &my()).unwrap();
    let last = s.rows[0].parts.last().unwrap();
    assert_eq!((last.kind, last.amount, last.column.as_str()), (FactKind::PlatformFee, dec!(-2.00), "Total fees (not itemised)"));
    let f = format!("{HEAD}\n1,Order,2026/11/12,MYR,8.00,10.00,10.00,10.00,0,-3.00,-1.00,-2.00,0\n2,Order,2026/11/12,MYR,9.00,10.00,10.00,11.00,-2.00,-1.00,-1.00,0,0\n");
    let d = describe(&parse_tiktok_statement(f.as_bytes(), &my()).unwrap_err());
    assert_eq!(d, vec![
        "2:Total settlement amount:Total revenue 10.00 + Total fees -3.00 + Adjustment amount 0 = 7.00, but the total settlement amount is 8.00; columns Amoeba does not read have amounts on this row: Mystery fee -2.00".to_string(),
        "3:Subtotal after seller discounts:Subtotal after seller discounts 10.00 is not the sum of its parts: Subtotal before discounts + Seller discounts = 9.00".to_string(),
    ]);
}

#[test]
fn one_currency_per_statement() {
    let f = format!("{HEAD}\n1,Order,2026/11/12,MYR,7.00,10.00,10.00,10.00,0,-3.00,-3.00,0,0\n2,Order,2026/11/12,SGD,7.00,10.00,10.00,10.00,0,-3.00,-3.00,0,0\n");
    let e = parse_tiktok_statement(f.as_bytes(), &my()).unwrap_err();
    assert_eq!((e.errors[0].line, e.errors[0].reason.code()), (3, "mixed_currencies"), "{e}");
}
