use super::*;
use crate::formats::test_util::describe;
use amoeba_core::orders::{order_facts, stage_amounts};
use chrono_tz::Tz;
use rust_decimal_macros::dec;

/// The example of docs/formats.md, "orders".
pub(crate) const EXAMPLE: &str = "\
order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo
TA-1001,ALI-1,C-88,E01,E02,contract,2026-11-03 10:00:00,LAMP,3,100.00,USD,trade assurance
TA-1001,ALI-1,C-88,E01,E02,contract,2026-11-03 10:00:00,SHADE,2,50.00,USD,
TA-1001,ALI-1,,,,pay,2026-11-03 10:00:00,,,60.00,USD,40% deposit
TA-1001,ALI-1,,,,ship,2026-11-05 16:59:59,LAMP,1,,USD,
TA-1001,ALI-1,,,,发货,2026-11-05 16:59:59,SHADE,2,,USD,
TA-1001,ALI-1,,,,ship,2026-11-10T09:00:00+08:00,LAMP,1,,USD,
TA-1001,ALI-1,,,,收款,2026-11-12 14:00:00,,,70.00,USD,balance
TA-1001,ALI-1,,,,cancel,2026-11-15 09:00:00,,,,USD,customer cancelled the last lamp
TA-1001,ALI-1,,,,refund,2026-11-20 09:00:00,,,13.33,USD,excess deposit
TA-1001,ALI-1,,,,refund,2026-11-25 09:00:00,SHADE,1,10.00,USD,one shade returned
SHOP-77,SHOP-1,c-9001,,,contract,2026-11-04 21:15:00,MUG,2,39.98,USD,own site
SHOP-77,SHOP-1,c-9001,,,pay,2026-11-04 21:15:00,,,39.98,USD,
SHOP-77,SHOP-1,c-9001,,,ship,2026-11-05 08:30:00,MUG,2,,USD,
";

fn ctx() -> ImportContext {
    let zones: HashMap<String, Tz> =
        [("ALI-1".to_string(), chrono_tz::Asia::Shanghai), ("SHOP-1".to_string(), chrono_tz::America::Los_Angeles)].into_iter().collect();
    ImportContext::default().with_store_zones(zones)
}

#[test]
fn reads_the_documented_example() {
    let doc = include_str!("../../../../../docs/formats.md");
    assert!(doc.contains(EXAMPLE), "docs/formats.md shows the example file this test reads");
    let p = parse_orders(EXAMPLE.as_bytes(), &ctx()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.records.len(), 13);
    let rows: Vec<OrderRow> = p.records.iter().map(|r| r.0.clone()).collect();
    assert_eq!(rows[4].event.kind, EventKind::Ship, "发货 is a shipment");
    assert_eq!(rows[3].event.at.to_rfc3339(), "2026-11-05T16:59:59+08:00", "local time in the store's zone");
    let own_site = &rows[10].event;
    assert_eq!((own_site.at.to_rfc3339(), own_site.day.to_string()), ("2026-11-04T21:15:00-08:00".into(), "2026-11-04".into()));
    let (orders, errors) = orders_of(&rows);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(orders.len(), 2);
    let ta = &orders[0];
    assert_eq!((ta.header.salesperson.as_deref(), ta.header.follower.as_deref(), ta.contract_in_file), (Some("E01"), Some("E02"), true));
    assert_eq!(ta.events.len(), 10);
    // The file's order is the worked example of docs/credit.md: the same bookings.
    let r = amoeba_core::orders::check(&ta.header, &[], &ta.events).expect("valid");
    let sales: Vec<_> = order_facts(&r).iter().map(|f| (f.date.to_string(), f.amount)).collect();
    assert_eq!(
        sales,
        vec![
            ("2026-11-05".into(), dec!(33.33)),
            ("2026-11-05".into(), dec!(50.00)),
            ("2026-11-10".into(), dec!(33.34)),
            ("2026-11-25".into(), dec!(-10.00))
        ]
    );
    assert_eq!(stage_amounts(&r).len(), 13);
    let again = parse_orders(EXAMPLE.as_bytes(), &ctx()).expect("parses");
    assert_eq!(p.records.iter().map(|r| r.1).collect::<Vec<_>>(), again.records.iter().map(|r| r.1).collect::<Vec<_>>());
}

#[test]
fn chinese_headers_gbk_and_a_bom_are_read() {
    let zh = "订单号,店铺,客户,业务员,跟单,事件,时间,商品编码,数量,金额,币种,备注\n\
              A1,ALI-1,客户甲,E01,,签约,2026-11-03 10:00:00,LAMP,1,10.00,USD,样品单\n\
              A1,ALI-1,,,,付款,2026-11-03 11:00:00,,,10.00,USD,\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(zh);
    let p = parse_orders(&gbk, &ctx()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.encoding, crate::Encoding::Gbk);
    assert_eq!(p.records[0].0.header.customer.as_deref(), Some("客户甲"));
    assert_eq!(p.records[1].0.event.kind, EventKind::Pay);
    let bom = format!("\u{feff}{zh}");
    assert_eq!(parse_orders(bom.as_bytes(), &ctx()).expect("BOM").records.len(), 2);
}

const HEADER: &str = "order_id,store,customer,salesperson,follower,event,at,sku,quantity,amount,currency,memo\n";

fn errors(body: &str) -> Vec<String> {
    describe(&parse_orders(format!("{HEADER}{body}").as_bytes(), &ctx()).expect_err("refused"))
}

#[test]
fn every_bad_row_is_refused_with_line_and_column() {
    let got = errors(
        "\
A1,ALI-1,,,,contract,2026-11-03 10:00:00,LAMP,1,10.00,USD,
A1,ALI-1,,,,shipt,2026-11-03 11:00:00,LAMP,1,,USD,
A1,ALI-1,,,,ship,2026-11-03,LAMP,1,,USD,
A1,ALI-9,,,,pay,2026-11-03 11:00:00,,,1.00,USD,
A1,ALI-1,,,,ship,2026-11-03 11:00:00,LAMP,1,5.00,USD,
A1,ALI-1,,,,pay,2026-11-03 11:00:00,LAMP,,1.00,USD,
A1,ALI-1,,,,contract,2026-11-03 10:00:00,SHADE,,5.00,USD,
A1,ALI-1,,,,pay,2026-11-03 11:00:00,,,1.001,USD,
A1,ALI-1,,,,pay,2026-11-03 11:00:00,,,-1.00,USD,
",
    );
    assert_eq!(
        got,
        vec![
            "3:event:unknown order event 'shipt' (expected one of: contract, pay, ship, refund, cancel)",
            "4:at:'2026-11-03' has no time of day; write e.g. 2026-11-03 16:59:59 (store time) or 2026-11-03T16:59:59+08:00",
            "5:store:unknown store 'ALI-9' (add it to the organisation file first)",
            "6:amount:a shipment row does not use amount; leave it empty",
            "7:sku:a payment row does not use sku; leave it empty",
            "8:quantity:a contract row needs quantity",
            "9:amount:'1.001' has 3 decimal places; at most 2 are accepted (amounts are never rounded on import)",
            "10:amount:amount -1.00 must be above 0 and at most 1,000,000,000,000",
        ]
    );
}

#[test]
fn events_contradicting_their_order_are_row_errors() {
    let e = parse_orders(
        format!(
            "{HEADER}\
A1,ALI-1,C1,E01,,contract,2026-11-03 10:00:00,LAMP,2,100.00,USD,
A1,ALI-1,,,,pay,2026-11-03 09:00:00,,,10.00,USD,
A1,ALI-1,,,,ship,2026-11-04 10:00:00,LAMP,3,,USD,
A1,ALI-1,,,,pay,2026-11-04 10:00:00,,,100.01,USD,
A1,ALI-1,,,,pay,2026-11-04 11:00:00,,,10.00,EUR,
A1,ALI-1,,,,cancel,2026-11-05 10:00:00,,,,USD,
A1,ALI-1,,,,ship,2026-11-06 10:00:00,LAMP,1,,USD,
A1,ALI-1,,,,refund,2026-11-07 10:00:00,,,50.00,USD,
"
        )
        .as_bytes(),
        &ctx(),
    )
    .expect_err("refused");
    let got: Vec<(u64, String, &str)> = e.errors.iter().map(|x| (x.line, x.column.clone().unwrap_or_default(), x.reason.code())).collect();
    assert_eq!(
        got,
        vec![
            (3, "at".into(), "order_before_contract"),
            (4, "quantity".into(), "order_over_shipped"),
            (5, "amount".into(), "order_over_paid"),
            (6, "currency".into(), "order_currency_differs"),
            (8, "at".into(), "order_after_cancel"),
            (9, "amount".into(), "order_over_refunded"),
        ]
    );
    assert!(e.to_string().contains("line 5, column \"amount\": payment of 100.01 after 0 paid goes beyond the order total 100.00"), "{e}");
}

#[test]
fn a_later_file_may_bring_only_new_events_of_a_known_order() {
    let p = parse_orders(format!("{HEADER}A1,ALI-1,,,,ship,2026-11-06 10:00:00,LAMP,1,,USD,\n").as_bytes(), &ctx())
        .expect("the store checks it");
    let (orders, _) = orders_of(&p.records.iter().map(|r| r.0.clone()).collect::<Vec<_>>());
    assert!(!orders[0].contract_in_file);
}

#[test]
fn an_order_has_one_store_customer_and_salesperson() {
    let got = errors(
        "\
A1,ALI-1,C1,E01,,contract,2026-11-03 10:00:00,LAMP,1,10.00,USD,
A1,ALI-1,C1,E05,,pay,2026-11-03 11:00:00,,,1.00,USD,
A1,SHOP-1,,,,pay,2026-11-03 12:00:00,,,1.00,USD,
",
    );
    assert_eq!(
        got,
        vec![
            "3:salesperson:order A1 says 'E05' here but 'E01' on its first row (line 2); a later row of an order leaves order fields empty or repeats them",
            "4:store:order A1 says 'SHOP-1' here but 'ALI-1' on its first row (line 2); a later row of an order leaves order fields empty or repeats them",
        ]
    );
}

#[test]
fn a_refusal_keeps_the_rows_no_error_names() {
    let body = "A1,ALI-1,,,,contract,2026-11-03 10:00:00,LAMP,1,10.00,USD,\nA1,ALI-1,,,,pay,2026-11-03 11:00:00,,,11.00,USD,\n";
    let p = read_orders(format!("{HEADER}{body}").as_bytes(), &ctx()).expect_err("over paid");
    assert_eq!(p.good.iter().map(|r| r.event.line).collect::<Vec<_>>(), vec![2]);
}
