//! The variables a playbook template is filled from (docs/oversight.md,
//! "Playbooks in use"): a product (`sku.*`), an order (`order.*`) and a
//! customer (`customer.*`), each a plain map from name to text, so a render
//! only ever uses what was stored — a name not here is refused by
//! [`super::playbook::render`] with its line and column.

use crate::money::round_money;
use crate::orders::{EventKind, OrderEvent, OrderHeader};
use crate::org::Sku;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Variable name → value.
pub type Values = BTreeMap<String, String>;

/// Money as written in a reply: rounded to the cent, always two places.
fn cents(amount: Decimal) -> Decimal {
    let mut a = round_money(amount);
    a.rescale(2);
    a
}

/// `sku.code`, `sku.name`, `sku.unit` (the owning unit on `on`, when one
/// owns it) and `sku.launch_date` (when known).
pub fn sku_values(sku: &Sku, on: NaiveDate) -> Values {
    let mut v = Values::new();
    v.insert("sku.code".into(), sku.code.clone());
    v.insert("sku.name".into(), sku.name.clone());
    if let Some(o) = sku.owners.iter().find(|o| o.range.contains(on)) {
        v.insert("sku.unit".into(), o.unit.clone());
    }
    if let Some(d) = sku.launch_date {
        v.insert("sku.launch_date".into(), d.to_string());
    }
    v
}

/// `order.id`, `order.store`, `order.currency`, `order.customer` (when
/// known), `order.date` (the first event's business day), `order.amount`
/// (the contract lines' amounts summed, with the currency), `order.items`
/// (`SKU × quantity`, by contract line) and `order.units`; with `sku` given
/// and a contract line of it, `sku.quantity` and `sku.price` (the line's
/// amount ÷ its units, rounded to the cent).
pub fn order_values(header: &OrderHeader, events: &[OrderEvent], sku: Option<&str>) -> Values {
    let mut v = Values::new();
    v.insert("order.id".into(), header.id.clone());
    v.insert("order.store".into(), header.store.clone());
    v.insert("order.currency".into(), header.currency.to_string());
    if let Some(c) = &header.customer {
        v.insert("order.customer".into(), c.clone());
    }
    if let Some(first) = events.iter().map(|e| e.day).min() {
        v.insert("order.date".into(), first.to_string());
    }
    let lines: Vec<&OrderEvent> = events.iter().filter(|e| e.kind == EventKind::Contract).collect();
    let amount: Decimal = lines.iter().map(|e| e.amount).sum();
    let units: i64 = lines.iter().map(|e| e.quantity).sum();
    v.insert("order.amount".into(), format!("{} {}", cents(amount), header.currency));
    v.insert("order.units".into(), units.to_string());
    let items: Vec<String> = lines.iter().map(|e| format!("{} × {}", e.sku.as_deref().unwrap_or("?"), e.quantity)).collect();
    v.insert("order.items".into(), items.join(", "));
    if let Some(line) = sku.and_then(|s| lines.iter().find(|e| e.sku.as_deref() == Some(s))) {
        v.insert("sku.quantity".into(), line.quantity.to_string());
        if line.quantity > 0 {
            let price = cents(line.amount / Decimal::from(line.quantity));
            v.insert("sku.price".into(), format!("{price} {}", header.currency));
        }
    }
    v
}

/// `customer.id`, `customer.orders` (how many stored orders name them) and
/// `customer.since` (their first order's day, when known).
pub fn customer_values(id: &str, orders: usize, since: Option<NaiveDate>) -> Values {
    let mut v = Values::new();
    v.insert("customer.id".into(), id.to_string());
    v.insert("customer.orders".into(), orders.to_string());
    if let Some(d) = since {
        v.insert("customer.since".into(), d.to_string());
    }
    v
}

/// `name=value` pairs given by hand (a promotion price, a host's name),
/// added to `into`; a pair without `=` or with a name that is not a
/// variable name is answered with the pair, so the caller can say which.
pub fn add_manual(into: &mut Values, pairs: &[String]) -> Result<(), String> {
    for p in pairs {
        let Some((name, value)) = p.split_once('=') else { return Err(p.clone()) };
        let name = name.trim();
        if !super::playbook::is_name(name) {
            return Err(p.clone());
        }
        into.insert(name.to_string(), value.to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EffectiveRange;
    use crate::money::Currency;
    use crate::org::Ownership;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn event(kind: EventKind, day: &str, sku: &str, quantity: i64, amount: Decimal) -> OrderEvent {
        let at = chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00")).unwrap();
        OrderEvent {
            order_id: "A-1001".into(),
            kind,
            at,
            day: d(day),
            sku: Some(sku.into()),
            quantity,
            amount,
            currency: Currency::parse_code("USD").unwrap(),
            memo: None,
            line: 1,
        }
    }

    /// docs/oversight.md, "Playbooks in use", worked example: the values.
    #[test]
    fn worked_example_render_values() {
        let usd = Currency::parse_code("USD").unwrap();
        let header = OrderHeader {
            id: "A-1001".into(),
            store: "ALI-1".into(),
            customer: Some("C-88".into()),
            salesperson: None,
            follower: None,
            currency: usd,
        };
        let events = [
            event(EventKind::Contract, "2026-11-03", "LAMP", 40, dec!(1000)),
            event(EventKind::Contract, "2026-11-03", "MUG", 30, dec!(100)),
            event(EventKind::Ship, "2026-11-09", "LAMP", 40, dec!(0)),
        ];
        let v = order_values(&header, &events, Some("MUG"));
        assert_eq!(v["order.amount"], "1100.00 USD");
        assert_eq!(v["order.items"], "LAMP × 40, MUG × 30");
        assert_eq!(v["order.units"], "70");
        assert_eq!(v["order.date"], "2026-11-03");
        assert_eq!(v["sku.price"], "3.33 USD", "100 ÷ 30 = 3.333… rounds to 3.33");
        assert_eq!(v["sku.quantity"], "30");
        assert!(!order_values(&header, &events, Some("NONE")).contains_key("sku.price"));
        let sku = Sku {
            code: "LAMP".into(),
            name: "LED desk lamp".into(),
            owners: vec![Ownership { unit: "ALI".into(), range: EffectiveRange::since(d("2026-01-01")) }],
            launch_date: None,
            costs: vec![],
        };
        let s = sku_values(&sku, d("2026-11-03"));
        assert_eq!((s["sku.name"].as_str(), s["sku.unit"].as_str()), ("LED desk lamp", "ALI"));
        assert!(!sku_values(&sku, d("2025-12-31")).contains_key("sku.unit"), "nobody owned it then");
        let c = customer_values("C-88", 3, Some(d("2026-02-14")));
        assert_eq!((c["customer.orders"].as_str(), c["customer.since"].as_str()), ("3", "2026-02-14"));
    }

    #[test]
    fn manual_values_must_be_name_equals_value() {
        let mut v = Values::new();
        add_manual(&mut v, &["promo.price=9.99 USD".into(), "host = Li Na".into()]).unwrap();
        assert_eq!(v["promo.price"], "9.99 USD");
        assert_eq!(v["host"], " Li Na");
        assert_eq!(add_manual(&mut v, &["nothing".into()]), Err("nothing".to_string()));
        assert_eq!(add_manual(&mut v, &["a b=1".into()]), Err("a b=1".to_string()));
    }
}
