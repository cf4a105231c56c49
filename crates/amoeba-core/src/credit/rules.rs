//! Credit rules as data, part of the organisation: who is responsible for
//! which sales (a store, a SKU, or a store × SKU set, with a share), which
//! salesperson (业务员) owns which customer, and which customers are key
//! accounts (大客户) — each effective-dated like the rest of the org.
//! `docs/credit.md` states every rule with a worked example.

use crate::dates::EffectiveRange;
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The role an order's salesperson (业务员) is credited under: fixed, so
/// that the shares of one role never mix an order's salesperson with a
/// person's assignment role (docs/credit.md, "Roles").
pub const SALES_ROLE: &str = "sales";

/// The role an order's follower (跟单) is credited under (a standard role).
pub const FOLLOWER_ROLE: &str = "order_follower";

/// Most responsibility rules one elementary scope (a store, a SKU, or one
/// store × SKU pair) may have for one role over all time: a scope shared by
/// more people than that is a data error, and the bound keeps each lookup
/// of the resolver short.
pub const MAX_RESPONSIBILITIES_PER_SCOPE: usize = 64;

/// Most SKUs one store × SKU set may list.
pub const MAX_SKUS_PER_SET: usize = 2_000;

/// What a responsibility covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every sale of a store (e.g. a TikTok store's livestream host).
    Store {
        /// Store code.
        store: String,
    },
    /// Every sale of a SKU, whichever store sold it (a product line's designer 美工).
    Sku {
        /// SKU code.
        sku: String,
    },
    /// The sales of some SKUs in one store (an operator's listings 运营).
    StoreSkus {
        /// Store code.
        store: String,
        /// SKU codes, sorted, each once ([`Scope::store_skus`]).
        skus: Vec<String>,
    },
}

impl Scope {
    /// A store × SKU set with its SKUs sorted and each kept once, so one
    /// set has one identity whatever order a file lists it in.
    pub fn store_skus(store: impl Into<String>, skus: impl IntoIterator<Item = String>) -> Scope {
        let mut skus: Vec<String> = skus.into_iter().collect();
        skus.sort();
        skus.dedup();
        Scope::StoreSkus { store: store.into(), skus }
    }

    /// The elementary scopes the scope covers: itself for a store or a SKU,
    /// one store × SKU pair per SKU of a set. Shares are summed per
    /// elementary scope.
    pub fn elements(&self) -> Vec<ScopeKey> {
        match self {
            Scope::Store { store } => vec![ScopeKey::Store(store.clone())],
            Scope::Sku { sku } => vec![ScopeKey::Sku(sku.clone())],
            Scope::StoreSkus { store, skus } => skus.iter().map(|k| ScopeKey::StoreSku(store.clone(), k.clone())).collect(),
        }
    }
}

/// One elementary scope: what a sale is matched against. Ordered by
/// precedence: a store × SKU pair is more specific than a SKU, which is
/// more specific than a store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKey {
    /// A store.
    Store(String),
    /// A SKU in any store.
    Sku(String),
    /// One SKU in one store.
    StoreSku(String, String),
}

impl ScopeKey {
    /// Precedence: 2 for a store × SKU pair, 1 for a SKU, 0 for a store —
    /// when several levels have rules of one role, the highest wins whole.
    pub fn level(&self) -> u8 {
        match self {
            ScopeKey::Store(_) => 0,
            ScopeKey::Sku(_) => 1,
            ScopeKey::StoreSku(..) => 2,
        }
    }

    /// The scope in words of `lang` (`store S × SKU K`, `店铺 S × SKU K`).
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (ScopeKey::Store(s), Lang::En) => format!("store {s}"),
            (ScopeKey::Store(s), Lang::Zh) => format!("店铺 {s}"),
            (ScopeKey::Sku(k), _) => format!("SKU {k}"),
            (ScopeKey::StoreSku(s, k), Lang::En) => format!("store {s} × SKU {k}"),
            (ScopeKey::StoreSku(s, k), Lang::Zh) => format!("店铺 {s} × SKU {k}"),
        }
    }
}

impl fmt::Display for ScopeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A person credited, under a role, with a share of the sales of a scope
/// over a period (e.g. the operator of a listing 50 %, another 50 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    /// Person code.
    pub person: String,
    /// Role code (a standard or custom role, or [`SALES_ROLE`]).
    pub role: String,
    /// What the person is credited for.
    pub scope: Scope,
    /// Share of the scope's sales, in (0, 1]; the shares of one elementary
    /// scope and role sum to exactly 1 on every day any of them applies.
    pub share: Decimal,
    /// When the responsibility applies.
    pub range: EffectiveRange,
}

impl Responsibility {
    /// The key an organisation file merges responsibilities by.
    pub fn key(&self) -> (String, String, Scope, NaiveDate) {
        (self.person.clone(), self.role.clone(), self.scope.clone(), self.range.from)
    }
}

/// A B2B salesperson (业务员) owning a customer from a date: an order of
/// the customer without a salesperson is credited to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOwner {
    /// Customer id, as the orders file writes it.
    pub customer: String,
    /// Person code of the owner.
    pub person: String,
    /// When they own the customer; one owner per customer at a time.
    pub range: EffectiveRange,
}

/// A customer marked key account (大客户) over a period: its orders are
/// classed `key_account` whatever their rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAccount {
    /// Customer id.
    pub customer: String,
    /// When the customer is a key account.
    pub range: EffectiveRange,
}

/// Every credit rule of an organisation (empty by default: then every sale
/// is in the uncredited bucket of every role).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRules {
    /// Responsibilities for stores, SKUs and store × SKU sets.
    #[serde(default)]
    pub responsibilities: Vec<Responsibility>,
    /// Customer owners.
    #[serde(default)]
    pub customer_owners: Vec<CustomerOwner>,
    /// Key accounts.
    #[serde(default)]
    pub key_accounts: Vec<KeyAccount>,
}

impl CreditRules {
    /// Whether there is no rule at all.
    pub fn is_empty(&self) -> bool {
        self.responsibilities.is_empty() && self.customer_owners.is_empty() && self.key_accounts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_has_one_identity_whatever_its_order() {
        let a = Scope::store_skus("S", vec!["B".to_string(), "A".to_string(), "B".to_string()]);
        let b = Scope::store_skus("S", vec!["A".to_string(), "B".to_string()]);
        assert_eq!(a, b);
        assert_eq!(a.elements(), vec![ScopeKey::StoreSku("S".into(), "A".into()), ScopeKey::StoreSku("S".into(), "B".into())]);
    }

    #[test]
    fn the_pair_is_more_specific_than_the_sku_than_the_store() {
        let (store, sku, pair) = (ScopeKey::Store("S".into()), ScopeKey::Sku("K".into()), ScopeKey::StoreSku("S".into(), "K".into()));
        assert!(pair.level() > sku.level() && sku.level() > store.level());
        assert_eq!(pair.render(Lang::Zh), "店铺 S × SKU K");
        assert_eq!(store.to_string(), "store S");
    }
}
