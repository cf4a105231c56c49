//! The one answer to "who is credited for this sale": for a fact (store,
//! SKU, customer, day) or an order event (its order's salesperson, follower
//! and customer, its store, SKU and day), every credited person with their
//! role, share and the rule that credits them. Pay, targets, the lottery
//! and PK read these answers; none re-derives them.
//!
//! Precedence (docs/credit.md, "Precedence"), per role:
//! * `sales`: the order's salesperson, else the customer's owner on the
//!   day, else the responsibilities of role `sales`;
//! * `order_follower`: the order's follower, else responsibilities;
//! * every other role: responsibilities only.
//!
//! Among responsibilities of one role, the most specific level with a rule
//! that applies on the day wins whole: store × SKU, then SKU, then store.
//! The shares of the winning rules sum to exactly 1 (validated with the
//! organisation and asserted on every answer).

use super::rules::{ScopeKey, FOLLOWER_ROLE, SALES_ROLE};
use super::validate::{validate_credit, Known};
use crate::orders::OrderHeader;
use crate::org::{Org, OrgError};
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Which rule credited a person: a pay statement line says *why* with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum RuleRef {
    /// A responsibility: its index in `Org::credit.responsibilities` and
    /// the elementary scope the subject matched.
    Responsibility {
        /// Index in the organisation's list.
        index: usize,
        /// The scope matched (a pair of a set, a SKU, a store).
        scope: ScopeKey,
    },
    /// The salesperson named on the order.
    OrderSalesperson {
        /// The order.
        order: String,
    },
    /// The order follower named on the order.
    OrderFollower {
        /// The order.
        order: String,
    },
    /// The customer's owner on the day (an order without a salesperson).
    CustomerOwner {
        /// Index in `Org::credit.customer_owners`.
        index: usize,
        /// The customer.
        customer: String,
    },
}

impl RuleRef {
    /// The rule in words of `lang`, for a statement line.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (RuleRef::Responsibility { index, scope }, Lang::En) => format!("responsibility #{} for {}", index + 1, scope.render(lang)),
            (RuleRef::Responsibility { index, scope }, Lang::Zh) => format!("业绩归属第 {} 条（{}）", index + 1, scope.render(lang)),
            (RuleRef::OrderSalesperson { order }, Lang::En) => format!("salesperson of order {order}"),
            (RuleRef::OrderSalesperson { order }, Lang::Zh) => format!("订单 {order} 的业务员"),
            (RuleRef::OrderFollower { order }, Lang::En) => format!("order follower of order {order}"),
            (RuleRef::OrderFollower { order }, Lang::Zh) => format!("订单 {order} 的跟单"),
            (RuleRef::CustomerOwner { index, customer }, Lang::En) => {
                format!("owner of customer {customer} (customer owner #{})", index + 1)
            }
            (RuleRef::CustomerOwner { index, customer }, Lang::Zh) => format!("客户 {customer} 的归属业务员（第 {} 条）", index + 1),
        }
    }
}

/// One person credited for a subject, under one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// Person code.
    pub person: String,
    /// Role credited.
    pub role: String,
    /// Share of the subject's figures under this role, in (0, 1].
    pub share: Decimal,
    /// The rule that gives it.
    pub rule: RuleRef,
}

/// The people an order names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderParties<'s> {
    /// The order id.
    pub order_id: &'s str,
    /// Salesperson (业务员), if named.
    pub salesperson: Option<&'s str>,
    /// Order follower (跟单), if named.
    pub follower: Option<&'s str>,
}

/// What is credited: a fact or a line of an order event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Subject<'s> {
    /// Store, if any.
    pub store: Option<&'s str>,
    /// SKU, if any.
    pub sku: Option<&'s str>,
    /// Customer, if known (settlements keep none).
    pub customer: Option<&'s str>,
    /// The order, for an order's events.
    pub order: Option<OrderParties<'s>>,
}

impl<'s> Subject<'s> {
    /// A fact of the ledger (settlements and aggregates keep no customer).
    pub fn fact(store: Option<&'s str>, sku: Option<&'s str>) -> Self {
        Subject { store, sku, customer: None, order: None }
    }

    /// One SKU (or, with `None`, the whole) of an order.
    pub fn order(header: &'s OrderHeader, sku: Option<&'s str>) -> Self {
        Subject {
            store: Some(header.store.as_str()),
            sku,
            customer: header.customer.as_deref(),
            order: Some(OrderParties {
                order_id: header.id.as_str(),
                salesperson: header.salesperson.as_deref(),
                follower: header.follower.as_deref(),
            }),
        }
    }
}

/// The credit rules of an organisation, indexed once: a lookup reads the
/// few rules of the subject's store, SKU and pair (at most
/// [`super::rules::MAX_RESPONSIBILITIES_PER_SCOPE`] per role each), never
/// every rule.
#[derive(Debug)]
pub struct CreditResolver<'a> {
    org: &'a Org,
    roles: Vec<&'a str>,
    by_store: HashMap<&'a str, Vec<usize>>,
    by_sku: HashMap<&'a str, Vec<usize>>,
    by_pair: HashMap<(&'a str, &'a str), Vec<usize>>,
    owners: HashMap<&'a str, Vec<usize>>,
}

fn nonblank(s: Option<&str>) -> Option<&str> {
    s.filter(|v| !v.trim().is_empty())
}

impl<'a> CreditResolver<'a> {
    /// Indexes the organisation's credit rules. Refuses rules that break
    /// the share rule or name what does not exist (the organisation file
    /// refuses them first; this keeps the resolver's assertion an
    /// invariant, never a panic on data).
    pub fn new(org: &'a Org) -> Result<Self, Vec<OrgError>> {
        let set = |it: &mut dyn Iterator<Item = &'a str>| it.map(str::to_string).collect::<HashSet<String>>();
        let people = set(&mut org.people.iter().map(|p| p.code.as_str()));
        let mut roles_known = set(&mut org.roles.iter().map(|r| r.code.as_str()));
        roles_known.extend(crate::org::STANDARD_ROLES.iter().map(|r| r.code.to_string()));
        let stores = set(&mut org.stores.iter().map(|s| s.code.as_str()));
        let skus = set(&mut org.skus.iter().map(|s| s.code.as_str()));
        let known = Known { people: &people, roles: &roles_known, stores: &stores, skus: &skus };
        let errors = validate_credit(&org.credit, &known);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut r = CreditResolver {
            org,
            roles: Vec::new(),
            by_store: HashMap::new(),
            by_sku: HashMap::new(),
            by_pair: HashMap::new(),
            owners: HashMap::new(),
        };
        let mut roles: Vec<&'a str> = vec![SALES_ROLE, FOLLOWER_ROLE];
        for (i, rule) in org.credit.responsibilities.iter().enumerate() {
            roles.push(rule.role.as_str());
            match &rule.scope {
                super::Scope::Store { store } => r.by_store.entry(store.as_str()).or_default().push(i),
                super::Scope::Sku { sku } => r.by_sku.entry(sku.as_str()).or_default().push(i),
                super::Scope::StoreSkus { store, skus } => {
                    for k in skus {
                        r.by_pair.entry((store.as_str(), k.as_str())).or_default().push(i);
                    }
                }
            }
        }
        roles.sort_unstable();
        roles.dedup();
        r.roles = roles;
        for (i, o) in org.credit.customer_owners.iter().enumerate() {
            r.owners.entry(o.customer.as_str()).or_default().push(i);
        }
        Ok(r)
    }

    /// Every role credit is resolved for, sorted: the roles of the
    /// responsibilities plus `sales` and `order_follower`. For each, a
    /// subject's figures go to its credited people or, without one, to the
    /// role's uncredited bucket.
    pub fn roles(&self) -> &[&'a str] {
        &self.roles
    }

    /// Whether a rule names `sku` (alone, or with `store`): when none does,
    /// a fact of that SKU resolves as one of its store without a SKU, so
    /// the grain resolves each store and day once instead of each SKU.
    pub fn sku_has_rules(&self, store: Option<&str>, sku: &str) -> bool {
        self.by_sku.contains_key(sku) || store.is_some_and(|s| self.by_pair.contains_key(&(s, sku)))
    }

    /// The owner of `customer` on `day`, with the index of the rule.
    pub fn customer_owner(&self, customer: &str, day: NaiveDate) -> Option<(usize, &'a str)> {
        let list = self.owners.get(customer)?;
        let i = *list.iter().find(|&&i| self.org.credit.customer_owners[i].range.contains(day))?;
        Some((i, self.org.credit.customer_owners[i].person.as_str()))
    }

    /// Who is credited for `subject` on `day`: for each role in
    /// [`Self::roles`] order, the credited people (none: the role's
    /// uncredited bucket). The shares of one role sum to exactly 1.
    pub fn resolve(&self, subject: &Subject, day: NaiveDate) -> Vec<Credit> {
        let rules = &self.org.credit.responsibilities;
        // The responsibilities applying on the day, with the level matched.
        let mut active: Vec<(u8, usize, ScopeKey)> = Vec::new();
        let mut take = |list: Option<&Vec<usize>>, key: &dyn Fn() -> ScopeKey| {
            for &i in list.into_iter().flatten() {
                if rules[i].range.contains(day) {
                    let k = key();
                    active.push((k.level(), i, k));
                }
            }
        };
        let (store, sku) = (nonblank(subject.store), nonblank(subject.sku));
        if let (Some(s), Some(k)) = (store, sku) {
            take(self.by_pair.get(&(s, k)), &|| ScopeKey::StoreSku(s.to_string(), k.to_string()));
        }
        if let Some(k) = sku {
            take(self.by_sku.get(k), &|| ScopeKey::Sku(k.to_string()));
        }
        if let Some(s) = store {
            take(self.by_store.get(s), &|| ScopeKey::Store(s.to_string()));
        }
        let mut out = Vec::new();
        for &role in &self.roles {
            if let Some(c) = self.named_on_order(subject, role, day) {
                out.push(c);
                continue;
            }
            let Some(level) = active.iter().filter(|(_, i, _)| rules[*i].role == role).map(|(l, _, _)| *l).max() else { continue };
            let start = out.len();
            for (l, i, key) in &active {
                if *l == level && rules[*i].role == role {
                    let rule = RuleRef::Responsibility { index: *i, scope: key.clone() };
                    out.push(Credit { person: rules[*i].person.clone(), role: role.to_string(), share: rules[*i].share, rule });
                }
            }
            let sum: Decimal = out[start..].iter().map(|c| c.share).sum();
            assert_eq!(
                sum,
                Decimal::ONE,
                "credit shares of role {role} for {subject:?} on {day} must sum to 1 (the organisation validates it)"
            );
        }
        out
    }

    /// The order's own answer for `sales` and `order_follower`: the person
    /// it names, else (for `sales`) the customer's owner on the day.
    fn named_on_order(&self, subject: &Subject, role: &str, day: NaiveDate) -> Option<Credit> {
        let order = subject.order;
        let credit = |person: &str, rule: RuleRef| Credit { person: person.to_string(), role: role.to_string(), share: Decimal::ONE, rule };
        if role == SALES_ROLE {
            if let Some(o) = order {
                if let Some(p) = nonblank(o.salesperson) {
                    return Some(credit(p, RuleRef::OrderSalesperson { order: o.order_id.to_string() }));
                }
            }
            let customer = nonblank(subject.customer)?;
            let (index, person) = self.customer_owner(customer, day)?;
            return Some(credit(person, RuleRef::CustomerOwner { index, customer: customer.to_string() }));
        }
        if role == FOLLOWER_ROLE {
            let o = order?;
            let p = nonblank(o.follower)?;
            return Some(credit(p, RuleRef::OrderFollower { order: o.order_id.to_string() }));
        }
        None
    }
}
