//! Which fact kind each settlement line is: an explicit, ordered table over
//! (transaction-type, amount-type, amount-description). The first matching
//! rule wins; matching ignores ASCII case. `docs/formats.md` reproduces this
//! table — change both together.
//!
//! A line no rule matches is still imported (the settlement must reconcile)
//! as `other_income` when positive and `other_expense` otherwise, and is
//! counted so the import log can ask for a rule to be added.

use amoeba_core::ledger::FactKind;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the cache keys are short and trusted-size, SipHash is overkill.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// How one field of a rule matches.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pat {
    /// Matches anything.
    Any,
    /// Equal (ASCII case-insensitive).
    Is(&'static str),
    /// Starts with.
    Prefix(&'static str),
    /// Contains.
    Contains(&'static str),
}

impl Pat {
    fn matches(&self, v: &str) -> bool {
        match self {
            Pat::Any => true,
            Pat::Is(p) => v.eq_ignore_ascii_case(p),
            Pat::Prefix(p) => v.len() >= p.len() && v.is_char_boundary(p.len()) && v[..p.len()].eq_ignore_ascii_case(p),
            Pat::Contains(p) => v.to_ascii_lowercase().contains(&p.to_ascii_lowercase()),
        }
    }
}

use FactKind::*;
use Pat::*;

/// The rules: (transaction-type, amount-type, amount-description) → kind.
pub(crate) const RULES: &[(Pat, Pat, Pat, FactKind)] = &[
    // Taxes collected on behalf of, or withheld by, the marketplace.
    (Any, Is("ItemPrice"), Is("Tax"), Tax),
    (Any, Is("ItemPrice"), Is("ShippingTax"), Tax),
    (Any, Is("ItemPrice"), Is("GiftWrapTax"), Tax),
    (Any, Is("ItemWithheldTax"), Any, Tax),
    (Any, Any, Prefix("MarketplaceFacilitator"), Tax),
    (Any, Any, Prefix("LowValueGoods"), Tax),
    (Any, Any, Prefix("TCS-"), Tax),
    (Any, Any, Prefix("TDS"), Tax),
    // Promotions given to buyers.
    (Any, Is("Promotion"), Any, Promotion),
    // Money back to buyers.
    (Is("Refund"), Is("ItemPrice"), Any, Refund),
    (Contains("Chargeback"), Is("ItemPrice"), Any, Refund),
    (Contains("Guarantee"), Is("ItemPrice"), Any, Refund),
    // Product revenue.
    (Any, Is("ItemPrice"), Any, Sale),
    // Fulfilment.
    (Any, Any, Prefix("FBAPerUnitFulfillment"), FulfilmentFee),
    (Any, Any, Prefix("FBAPerOrderFulfillment"), FulfilmentFee),
    (Any, Any, Prefix("FBAWeightBased"), FulfilmentFee),
    (Any, Is("ItemFees"), Is("ShippingHB"), FulfilmentFee),
    (Any, Is("ItemFees"), Is("ShippingChargeback"), FulfilmentFee),
    (Any, Is("ItemFees"), Is("GiftwrapChargeback"), FulfilmentFee),
    (Any, Any, Contains("Shipping label"), FulfilmentFee),
    (Any, Any, Prefix("Postage"), FulfilmentFee),
    (Any, Any, Contains("Inbound Placement"), FulfilmentFee),
    (Any, Any, Contains("InboundConvenience"), FulfilmentFee),
    (Any, Any, Contains("Removal"), FulfilmentFee),
    (Any, Any, Contains("Disposal"), FulfilmentFee),
    (Any, Any, Contains("LowInventoryLevel"), FulfilmentFee),
    (Any, Any, Contains("FBA Return"), FulfilmentFee),
    // Referral fees and other per-item marketplace fees.
    (Any, Is("ItemFees"), Any, PlatformFee),
    // Storage, including long-term storage and renewal billing.
    (Any, Any, Contains("Storage"), StorageFee),
    (Contains("Storage"), Any, Any, StorageFee),
    // Advertising billed through the settlement.
    (Any, Is("Cost of Advertising"), Any, AdSpend),
    (Any, Any, Is("Cost of Advertising"), AdSpend),
    // Reimbursements for lost or damaged inventory.
    (Any, Contains("Reimbursement"), Any, Reimbursement),
    (Any, Any, Contains("Reimburs"), Reimbursement),
    (Any, Any, Is("WAREHOUSE_DAMAGE"), Reimbursement),
    (Any, Any, Is("WAREHOUSE_LOST"), Reimbursement),
    (Any, Any, Prefix("WAREHOUSE_"), Reimbursement),
    (Any, Any, Is("MISSING_FROM_INBOUND"), Reimbursement),
    (Any, Any, Is("INCORRECT_FEES_ITEMS"), Reimbursement),
    (Any, Any, Is("COMPENSATED_CLAWBACK"), Reimbursement),
    (Any, Any, Is("CUSTOMER_RETURN"), Reimbursement),
    // Cash movements that are neither income nor expense.
    (Any, Any, Contains("Reserve"), Transfer),
    (Contains("Reserve"), Any, Any, Transfer),
    (Is("Transfer"), Any, Any, Transfer),
    (Any, Any, Is("Transfer"), Transfer),
    (Any, Any, Is("Successful charge"), Transfer),
    (Is("Successful charge"), Any, Any, Transfer),
    (Any, Any, Is("Payable to Amazon"), Transfer),
    (Is("Payable to Amazon"), Any, Any, Transfer),
    (Any, Any, Contains("Failed disbursement"), Transfer),
    (Any, Any, Contains("Unavailable balance"), Transfer),
    // Freight into Amazon's warehouses (first mile / head-haul).
    (Any, Any, Contains("Inbound Transportation"), Freight),
    (Contains("Inbound Transportation"), Any, Any, Freight),
    (Any, Any, Contains("InboundTransportation"), Freight),
    // Account-level marketplace fees.
    (Any, Any, Contains("Subscription"), PlatformFee),
    (Contains("Subscription"), Any, Any, PlatformFee),
    (Any, Any, Contains("CouponRedemption"), PlatformFee),
    (Any, Any, Contains("Deal"), PlatformFee),
    (Any, Any, Contains("Vine"), PlatformFee),
    (Contains("Vine"), Any, Any, PlatformFee),
    (Is("ServiceFee"), Any, Any, PlatformFee),
];

/// Looks kinds up, remembering each combination once (a settlement has a
/// few dozen distinct combinations over millions of lines).
#[derive(Default, Clone)]
pub(crate) struct Classifier {
    cache: HashMap<String, Option<FactKind>, BuildHasherDefault<Fnv>>,
    key: String,
}

impl Classifier {
    /// The kind by rule, or `None` when no rule matches.
    pub(crate) fn rule_kind(&mut self, tx: &str, amount_type: &str, desc: &str) -> Option<FactKind> {
        self.key.clear();
        self.key.push_str(tx);
        self.key.push('\u{1f}');
        self.key.push_str(amount_type);
        self.key.push('\u{1f}');
        self.key.push_str(desc);
        if let Some(k) = self.cache.get(self.key.as_str()) {
            return *k;
        }
        let found = RULES.iter().find(|(t, a, d, _)| t.matches(tx) && a.matches(amount_type) && d.matches(desc)).map(|r| r.3);
        if self.cache.len() < 10_000 {
            self.cache.insert(self.key.clone(), found);
        }
        found
    }
}

/// The kind for a line no rule matches, by the sign of its amount.
pub(crate) fn fallback_kind(negative: bool) -> FactKind {
    if negative {
        OtherExpense
    } else {
        OtherIncome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(tx: &str, at: &str, d: &str) -> Option<FactKind> {
        Classifier::default().rule_kind(tx, at, d)
    }

    #[test]
    fn the_documented_examples() {
        assert_eq!(k("Order", "ItemPrice", "Principal"), Some(Sale));
        assert_eq!(k("Order", "ItemPrice", "Shipping"), Some(Sale));
        assert_eq!(k("Order", "ItemPrice", "Tax"), Some(Tax));
        assert_eq!(k("Order", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal"), Some(Tax));
        assert_eq!(k("Order", "ItemFees", "Commission"), Some(PlatformFee));
        assert_eq!(k("Order", "ItemFees", "FBAPerUnitFulfillmentFee"), Some(FulfilmentFee));
        assert_eq!(k("Order", "Promotion", "Shipping"), Some(Promotion));
        assert_eq!(k("Refund", "ItemPrice", "Principal"), Some(Refund));
        assert_eq!(k("Refund", "ItemPrice", "Tax"), Some(Tax));
        assert_eq!(k("Refund", "ItemFees", "Commission"), Some(PlatformFee));
        assert_eq!(k("Refund", "ItemFees", "RefundCommission"), Some(PlatformFee));
        assert_eq!(k("other-transaction", "other-transaction", "Storage Fee"), Some(StorageFee));
        assert_eq!(k("other-transaction", "other-transaction", "StorageRenewalBilling"), Some(StorageFee));
        assert_eq!(k("other-transaction", "other-transaction", "FBA Long-Term Storage Fee"), Some(StorageFee));
        assert_eq!(k("ServiceFee", "Cost of Advertising", "TransactionTotalAmount"), Some(AdSpend));
        assert_eq!(k("ServiceFee", "other-transaction", "Subscription Fee"), Some(PlatformFee));
        assert_eq!(k("other-transaction", "FBA Inventory Reimbursement", "REVERSAL_REIMBURSEMENT"), Some(Reimbursement));
        assert_eq!(k("other-transaction", "FBA Inventory Reimbursement", "WAREHOUSE_DAMAGE"), Some(Reimbursement));
        assert_eq!(k("other-transaction", "other-transaction", "WAREHOUSE_LOST"), Some(Reimbursement));
        assert_eq!(k("Transfer", "other-transaction", "Previous Reserve Amount Balance"), Some(Transfer));
        assert_eq!(k("other-transaction", "other-transaction", "Current Reserve Amount"), Some(Transfer));
        assert_eq!(k("Successful charge", "", ""), Some(Transfer));
        assert_eq!(k("other-transaction", "other-transaction", "Something new"), None);
        assert_eq!(fallback_kind(true), OtherExpense);
        assert_eq!(fallback_kind(false), OtherIncome);
    }

    #[test]
    fn case_is_ignored_and_results_are_cached() {
        let mut c = Classifier::default();
        assert_eq!(c.rule_kind("order", "itemprice", "principal"), Some(Sale));
        assert_eq!(c.rule_kind("order", "itemprice", "principal"), Some(Sale));
        assert_eq!(c.cache.len(), 1);
    }
}
