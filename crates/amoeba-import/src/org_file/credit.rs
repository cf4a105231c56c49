//! The credit sections of the organisation file: `[[responsibilities]]`
//! (a person credited under a role for a store, a SKU or a store × SKU set,
//! with a share written `50%` or `0.5`), `[[customer_owners]]` and
//! `[[key_accounts]]`, and a store's `books_sales_from`. What needs the
//! rest of the organisation (known codes, the 100 % rule, overlaps) is
//! checked by `Org::validate` after the merge.

use super::raw::{RawCustomerOwner, RawKeyAccount, RawResponsibility, S};
use super::{Choice, Ctx, OrgReason};
use amoeba_core::credit::{CreditRules, CustomerOwner, KeyAccount, Responsibility, Scope};
use amoeba_core::org::{OrgProblem, SalesSource};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

/// Section name of responsibilities (also the field prefix in messages).
pub(super) const RESPONSIBILITIES: &str = "responsibilities";
/// Section name of customer owners.
pub(super) const OWNERS: &str = "customer_owners";
/// Section name of key accounts.
pub(super) const KEY_ACCOUNTS: &str = "key_accounts";

/// Reads a store's `books_sales_from`.
pub(super) fn sales_source(v: &str) -> Result<SalesSource, OrgReason> {
    v.parse::<SalesSource>().map_err(|_| OrgReason::UnknownChoice {
        what: Choice::SalesSource,
        value: v.to_string(),
        known: SalesSource::ALL.iter().map(|s| s.as_str().to_string()).collect(),
    })
}

/// A share: `"50%"`, `"0.5"`, `0.5` or `1` (read from its text, never
/// through binary floating point). Its bounds are the organisation's check.
fn share(cx: &mut Ctx, i: usize, v: &S<toml::Value>) -> Option<Decimal> {
    cx.note(RESPONSIBILITIES, i, "share", v.span());
    let text = match v.get_ref() {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(_) => cx.src[v.span()].trim().replace('_', ""),
        other => {
            let reason = OrgReason::WrongType { expected: "number", found: other.type_str().to_string() };
            cx.err(RESPONSIBILITIES, i, "share", v.span(), reason);
            return None;
        }
    };
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (text.as_str(), false),
    };
    match Decimal::from_str(number) {
        Ok(d) if percent => Some(d / Decimal::ONE_HUNDRED),
        Ok(d) => Some(d),
        Err(_) => {
            cx.err(RESPONSIBILITIES, i, "share", v.span(), OrgReason::NotADecimal { value: text.clone() });
            None
        }
    }
}

/// The scope a responsibility names: `store` alone, `sku` alone, `store`
/// with `sku` or with `skus = [...]`.
fn scope(cx: &mut Ctx, i: usize, r: &RawResponsibility) -> Option<Scope> {
    let store = r.store.as_ref().map(|s| cx.text(RESPONSIBILITIES, i, "store", s));
    let sku = r.sku.as_ref().map(|s| cx.text(RESPONSIBILITIES, i, "sku", s));
    let anchor = r.store.as_ref().or(r.sku.as_ref()).map(|s| s.span()).unwrap_or_else(|| r.person.span());
    cx.note(RESPONSIBILITIES, i, "scope", anchor.clone());
    let skus = match &r.skus {
        None => None,
        Some(list) => {
            cx.note(RESPONSIBILITIES, i, "skus", list.span());
            let mut seen: Vec<String> = Vec::new();
            for k in list.get_ref() {
                let code = k.get_ref().trim().to_string();
                if seen.contains(&code) {
                    cx.err(RESPONSIBILITIES, i, "skus", k.span(), OrgReason::ListedTwice { code });
                    return None;
                }
                seen.push(code);
            }
            Some(seen)
        }
    };
    match (store, sku, skus) {
        (_, Some(_), Some(_)) => {
            cx.err(RESPONSIBILITIES, i, "skus", anchor, OrgReason::SkuAndSkus);
            None
        }
        (None, None, Some(_)) => {
            cx.err(RESPONSIBILITIES, i, "skus", anchor, OrgReason::SkusNeedStore);
            None
        }
        (None, None, None) => {
            cx.err(RESPONSIBILITIES, i, "store", anchor, OrgReason::Org(OrgProblem::EmptyScope));
            None
        }
        (Some(store), None, None) => Some(Scope::Store { store }),
        (None, Some(sku), None) => Some(Scope::Sku { sku }),
        (Some(store), Some(sku), None) => Some(Scope::store_skus(store, [sku])),
        (Some(store), None, Some(skus)) => Some(Scope::store_skus(store, skus)),
    }
}

/// A rule's key in words, for "listed twice".
fn scope_words(s: &Scope) -> String {
    match s {
        Scope::Store { store } => format!("store {store}"),
        Scope::Sku { sku } => format!("sku {sku}"),
        Scope::StoreSkus { store, skus } => format!("store {store} skus {}", skus.join(",")),
    }
}

/// Reads the three credit sections; bad values are reported on `cx` and
/// the entry skipped. One key twice in the file is refused at the second
/// (merging by key would keep the last silently).
pub(super) fn credit(
    cx: &mut Ctx,
    responsibilities: &[RawResponsibility],
    owners: &[RawCustomerOwner],
    key_accounts: &[RawKeyAccount],
) -> CreditRules {
    let mut out = CreditRules::default();
    let mut keys: HashMap<String, usize> = HashMap::new();
    for (i, r) in responsibilities.iter().enumerate() {
        let person = cx.text(RESPONSIBILITIES, i, "person", &r.person);
        let role = cx.text(RESPONSIBILITIES, i, "role", &r.role);
        let scope = scope(cx, i, r);
        let share = share(cx, i, &r.share);
        let range = cx.range(RESPONSIBILITIES, i, &r.from, &r.to);
        let (Some(scope), Some(share), Some(range)) = (scope, share, range) else { continue };
        let key = format!("{person} {role} {} from {}", scope_words(&scope), range.from);
        if keys.insert(key.clone(), i).is_some() {
            cx.err(RESPONSIBILITIES, i, "from", r.from.span(), OrgReason::ListedTwice { code: key });
            continue;
        }
        out.responsibilities.push(Responsibility { person, role, scope, share, range });
    }
    for (i, o) in owners.iter().enumerate() {
        let customer = cx.text(OWNERS, i, "customer", &o.customer);
        let person = cx.text(OWNERS, i, "person", &o.person);
        let Some(range) = cx.range(OWNERS, i, &o.from, &o.to) else { continue };
        let key = format!("customer owner {customer} from {}", range.from);
        if keys.insert(key.clone(), i).is_some() {
            cx.err(OWNERS, i, "from", o.from.span(), OrgReason::ListedTwice { code: key });
            continue;
        }
        out.customer_owners.push(CustomerOwner { customer, person, range });
    }
    for (i, k) in key_accounts.iter().enumerate() {
        let customer = cx.text(KEY_ACCOUNTS, i, "customer", &k.customer);
        let Some(range) = cx.range(KEY_ACCOUNTS, i, &k.from, &k.to) else { continue };
        let key = format!("key account {customer} from {}", range.from);
        if keys.insert(key.clone(), i).is_some() {
            cx.err(KEY_ACCOUNTS, i, "from", k.from.span(), OrgReason::ListedTwice { code: key });
            continue;
        }
        out.key_accounts.push(KeyAccount { customer, range });
    }
    out
}
