//! Customer classes for pay by customer class: an order is `new` when it
//! is its customer's first (the customer's first contract day across the
//! company), `returning` after that, `key_account` when the customer is
//! marked key account (大客户) on the order's contract day — the mark wins
//! over new/returning: the company said so explicitly. A figure without a
//! customer (settlements keep none) is `unknown`. An order's class is fixed
//! by its contract day, so every stage of one order has one class.

use crate::credit::KeyAccount;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The class of a customer's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerClass {
    /// The customer's first order (orders contracted on the first day all count).
    New,
    /// A later order.
    Returning,
    /// A key account's order.
    KeyAccount,
    /// No customer known.
    Unknown,
}

impl CustomerClass {
    /// Text code used in files, the database and pay plans.
    pub fn as_str(&self) -> &'static str {
        match self {
            CustomerClass::New => "new",
            CustomerClass::Returning => "returning",
            CustomerClass::KeyAccount => "key_account",
            CustomerClass::Unknown => "unknown",
        }
    }
}

/// The first contract day of each customer over `contracts` (customer,
/// contract day), merged into `known` (the stored first days): the
/// earlier day wins.
pub fn first_order_days<'a>(known: &mut HashMap<String, NaiveDate>, contracts: impl IntoIterator<Item = (&'a str, NaiveDate)>) {
    for (customer, day) in contracts {
        if customer.trim().is_empty() {
            continue;
        }
        known.entry(customer.to_string()).and_modify(|d| *d = (*d).min(day)).or_insert(day);
    }
}

/// Classes orders from the customers' first order days and the key-account
/// marks, indexed once.
#[derive(Debug, Clone)]
pub struct CustomerClasses<'a> {
    first: &'a HashMap<String, NaiveDate>,
    key: HashMap<&'a str, Vec<&'a KeyAccount>>,
}

impl<'a> CustomerClasses<'a> {
    /// Indexes the key accounts by customer.
    pub fn new(first: &'a HashMap<String, NaiveDate>, key_accounts: &'a [KeyAccount]) -> Self {
        let mut key: HashMap<&'a str, Vec<&'a KeyAccount>> = HashMap::new();
        for k in key_accounts {
            key.entry(k.customer.as_str()).or_default().push(k);
        }
        Self { first, key }
    }

    /// The class of an order of `customer` contracted on `day`. A customer
    /// with no first day on record, or one later than `day`, is on its
    /// first order.
    pub fn class_of(&self, customer: Option<&str>, day: NaiveDate) -> CustomerClass {
        let Some(c) = customer.filter(|c| !c.trim().is_empty()) else { return CustomerClass::Unknown };
        if self.key.get(c).is_some_and(|marks| marks.iter().any(|k| k.range.contains(day))) {
            return CustomerClass::KeyAccount;
        }
        match self.first.get(c) {
            Some(first) if *first < day => CustomerClass::Returning,
            _ => CustomerClass::New,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EffectiveRange;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("day")
    }

    /// docs/credit.md, "Customer classes" worked example.
    #[test]
    fn worked_example_customer_classes() {
        let mut first = HashMap::new();
        first_order_days(&mut first, [("C1", d("2026-03-05")), ("C2", d("2026-04-01")), ("C1", d("2026-02-10")), ("", d("2026-01-01"))]);
        assert_eq!(first.get("C1"), Some(&d("2026-02-10")), "the earlier contract is the first order");
        assert_eq!(first.len(), 2, "a blank customer has no first order");
        let marks =
            vec![KeyAccount { customer: "C2".into(), range: EffectiveRange::new(d("2026-05-01"), Some(d("2026-12-31"))).expect("range") }];
        let classes = CustomerClasses::new(&first, &marks);
        assert_eq!(classes.class_of(Some("C1"), d("2026-02-10")), CustomerClass::New);
        assert_eq!(classes.class_of(Some("C1"), d("2026-03-05")), CustomerClass::Returning);
        assert_eq!(classes.class_of(Some("C2"), d("2026-04-01")), CustomerClass::New);
        assert_eq!(classes.class_of(Some("C2"), d("2026-04-30")), CustomerClass::Returning);
        assert_eq!(classes.class_of(Some("C2"), d("2026-05-01")), CustomerClass::KeyAccount);
        assert_eq!(classes.class_of(Some("C2"), d("2027-01-01")), CustomerClass::Returning);
        assert_eq!(classes.class_of(Some("C3"), d("2026-06-01")), CustomerClass::New, "no first day on record: this is it");
        assert_eq!(classes.class_of(None, d("2026-06-01")), CustomerClass::Unknown);
    }
}
