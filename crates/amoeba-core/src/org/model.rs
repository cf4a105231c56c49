//! Organisation entities.

use crate::credit::CreditRules;
use crate::dates::EffectiveRange;
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

/// The legal/management entity whose books Amoeba keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Company {
    /// Short code (e.g. `NBTQ`).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Currency every P&L is stated in.
    pub base_currency: Currency,
    /// IANA time zone of the head office (default `Asia/Shanghai`).
    pub timezone: String,
}

impl Company {
    /// A company with the defaults of a Chinese seller: CNY, Asia/Shanghai.
    pub fn new(code: &str, name: &str) -> Self {
        Self { code: code.to_string(), name: name.to_string(), base_currency: Currency::CNY, timezone: "Asia/Shanghai".to_string() }
    }
}

/// Whether a unit sells (and so has its own sales) or serves the sellers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Sells to customers and answers for its profit.
    ProfitCentre,
    /// Serves profit centres (warehouse, purchasing, IT, design, logistics…)
    /// and charges them for what they use.
    ServiceCentre,
}

impl UnitKind {
    /// Text code used in files and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            UnitKind::ProfitCentre => "profit_centre",
            UnitKind::ServiceCentre => "service_centre",
        }
    }
}

impl FromStr for UnitKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
            "profit_centre" | "profit_center" | "profit" => Ok(UnitKind::ProfitCentre),
            "service_centre" | "service_center" | "service" => Ok(UnitKind::ServiceCentre),
            _ => Err(format!("unknown unit kind '{s}' (expected profit_centre or service_centre)")),
        }
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A node of the organisation tree: a business group, business unit, team…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Unique code.
    pub code: String,
    /// Display name (Chinese as a rule).
    pub name: String,
    /// English display name, if different.
    pub name_en: Option<String>,
    /// Profit or service centre.
    pub kind: UnitKind,
    /// What a service centre does (`warehouse`, `purchasing`, `it`, `design`,
    /// `logistics`, `management`…) or a profit centre's focus platform.
    pub function: Option<String>,
    /// Parent unit code; `None` for the root.
    pub parent: Option<String>,
    /// Floor area in square metres, a driver for rent allocation.
    pub area_m2: Option<Decimal>,
}

/// A person who works for (or with) the company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Unique code (employee number).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Contact e-mail, if known.
    pub email: Option<String>,
    /// True for third-party operators (代运营) who are not employees.
    pub external: bool,
}

/// A role declared by the company on top of the standard set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomRole {
    /// Unique code (must not clash with a standard role).
    pub code: String,
    /// Display name.
    pub name: String,
}

/// A person holding a role in a unit for a period, with a role coefficient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// Person code.
    pub person: String,
    /// Unit code.
    pub unit: String,
    /// Role code (standard or custom).
    pub role: String,
    /// When the assignment applies.
    pub range: EffectiveRange,
    /// Weight of the role in splits (e.g. operator 1.2, customer service 0.8).
    pub coefficient: Decimal,
    /// Whether the person leads the unit during the assignment.
    pub leader: bool,
}

/// A member of a cross-unit project group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectMember {
    /// Person code.
    pub person: String,
    /// Agreed contribution share (weights, need not sum to 1).
    pub share: Decimal,
}

/// A project group spanning units (e.g. a new-product launch squad).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectGroup {
    /// Unique code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// When the group exists.
    pub range: EffectiveRange,
    /// Members and their shares.
    pub members: Vec<ProjectMember>,
}

/// The marketplace / sales channel a store sells on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Amazon.
    Amazon,
    /// TikTok Shop.
    TiktokShop,
    /// Alibaba.com international station.
    AlibabaCom,
    /// Wish.
    Wish,
    /// A Shopify independent site.
    Shopify,
    /// Anything else.
    Other,
}

impl Platform {
    /// Every platform.
    pub const ALL: [Platform; 6] =
        [Platform::Amazon, Platform::TiktokShop, Platform::AlibabaCom, Platform::Wish, Platform::Shopify, Platform::Other];

    /// Text code used in files and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            Platform::Amazon => "amazon",
            Platform::TiktokShop => "tiktok_shop",
            Platform::AlibabaCom => "alibaba_com",
            Platform::Wish => "wish",
            Platform::Shopify => "shopify",
            Platform::Other => "other",
        }
    }
}

impl FromStr for Platform {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-', '.'], "_");
        Platform::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == t)
            .ok_or_else(|| format!("unknown platform '{s}' (expected amazon, tiktok_shop, alibaba_com, wish, shopify or other)"))
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which unit owns a store or SKU during a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ownership {
    /// Owning unit code.
    pub unit: String,
    /// When it owns it.
    pub range: EffectiveRange,
}

/// A seller account on a platform and marketplace, selling in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Store {
    /// Unique code (e.g. `AMZ-US-1`).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Platform.
    pub platform: Platform,
    /// Marketplace (e.g. `US`, `DE`, `GLOBAL`).
    pub marketplace: String,
    /// Currency the store settles in.
    pub currency: Currency,
    /// IANA time zone the store's business day is counted in.
    pub timezone: String,
    /// Owning units over time (non-overlapping).
    pub owners: Vec<Ownership>,
    /// Third-party operator (external person) running the store, if any.
    pub operator: Option<String>,
    /// Which source books the store's sales in the ledger, when the
    /// organisation file says; `None` takes the platform's default
    /// ([`Store::sales_source`]).
    #[serde(default)]
    pub books_sales_from: Option<SalesSource>,
}

/// Where a store's sales are booked from, so that an order that also
/// appears in a marketplace settlement is counted once: the settlement
/// (Amazon, TikTok Shop pay out per order and their settlements carry every
/// sale) or the orders file (Alibaba.com trade-assurance and offline B2B
/// orders, own sites: no settlement describes them). Orders of a
/// settlement-booked store carry their lifecycle and credit only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalesSource {
    /// Sales, refunds and fees come from the marketplace's settlement (or
    /// facts files); orders book nothing.
    Settlement,
    /// Orders book their sales at shipment and their refunds.
    Orders,
}

impl SalesSource {
    /// Both sources, in the order files list them.
    pub const ALL: [SalesSource; 2] = [SalesSource::Settlement, SalesSource::Orders];

    /// Text code used in files and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            SalesSource::Settlement => "settlement",
            SalesSource::Orders => "orders",
        }
    }

    /// The default of a platform: Amazon and TikTok Shop settle every
    /// order in a settlement report, so their sales come from it; Wish
    /// pays out without a per-order settlement file Amoeba reads, and
    /// Alibaba.com, Shopify and anything else have none: their sales come
    /// from the orders file (docs/formats.md, "orders").
    pub fn default_for(platform: Platform) -> SalesSource {
        match platform {
            Platform::Amazon | Platform::TiktokShop => SalesSource::Settlement,
            Platform::AlibabaCom | Platform::Wish | Platform::Shopify | Platform::Other => SalesSource::Orders,
        }
    }
}

impl FromStr for SalesSource {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        SalesSource::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| format!("unknown sales source '{s}' (expected settlement or orders)"))
    }
}

impl fmt::Display for SalesSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Store {
    /// Where the store's sales are booked from: what the organisation file
    /// says, else the platform's default.
    pub fn sales_source(&self) -> SalesSource {
        self.books_sales_from.unwrap_or_else(|| SalesSource::default_for(self.platform))
    }
}

/// Landed unit cost of a SKU from a date on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkuCost {
    /// First day the cost applies.
    pub from: NaiveDate,
    /// Purchase price per unit in the base currency.
    pub purchase: Decimal,
    /// Head-haul freight per unit in the base currency.
    pub freight: Decimal,
}

impl SkuCost {
    /// Landed cost = purchase price + head-haul freight; `None` when the
    /// sum does not fit in a decimal (absurd data, never a silent zero).
    pub fn landed(&self) -> Option<Decimal> {
        self.purchase.checked_add(self.freight)
    }
}

/// A stock-keeping unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sku {
    /// Unique code (seller SKU).
    pub code: String,
    /// Product name.
    pub name: String,
    /// Owning units over time (non-overlapping).
    pub owners: Vec<Ownership>,
    /// Day the product was launched (new-product metrics count from here).
    pub launch_date: Option<NaiveDate>,
    /// Landed cost history, each from a date on.
    pub costs: Vec<SkuCost>,
}

/// The whole organisation of one company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Org {
    /// The company.
    pub company: Company,
    /// Units (any order; the tree is given by `parent`).
    pub units: Vec<Unit>,
    /// People.
    pub people: Vec<Person>,
    /// Custom roles.
    pub roles: Vec<CustomRole>,
    /// Role assignments.
    pub assignments: Vec<Assignment>,
    /// Cross-unit project groups.
    pub project_groups: Vec<ProjectGroup>,
    /// Stores.
    pub stores: Vec<Store>,
    /// SKUs.
    pub skus: Vec<Sku>,
    /// Who is credited for which sales (responsibilities, customer owners,
    /// key accounts): part of the organisation, validated with it.
    #[serde(default)]
    pub credit: CreditRules,
}

impl Org {
    /// An organisation with nothing but the company.
    pub fn empty(company: Company) -> Self {
        Self {
            company,
            units: Vec::new(),
            people: Vec::new(),
            roles: Vec::new(),
            assignments: Vec::new(),
            project_groups: Vec::new(),
            stores: Vec::new(),
            skus: Vec::new(),
            credit: CreditRules::default(),
        }
    }

    /// Adds or replaces everything `incoming` names, keeping what it does not
    /// mention. Entities are matched by code; assignments by person, unit,
    /// role and start date; responsibilities by person, role, scope and
    /// start date; customer owners and key accounts by customer and start
    /// date. The company settings are taken from `incoming`.
    pub fn merge(&mut self, incoming: Org) {
        self.company = incoming.company;
        upsert_by(&mut self.units, incoming.units, |u| u.code.clone());
        upsert_by(&mut self.people, incoming.people, |p| p.code.clone());
        upsert_by(&mut self.roles, incoming.roles, |r| r.code.clone());
        upsert_by(&mut self.assignments, incoming.assignments, |a| (a.person.clone(), a.unit.clone(), a.role.clone(), a.range.from));
        upsert_by(&mut self.project_groups, incoming.project_groups, |g| g.code.clone());
        upsert_by(&mut self.stores, incoming.stores, |s| s.code.clone());
        upsert_by(&mut self.skus, incoming.skus, |s| s.code.clone());
        let (mine, theirs) = (&mut self.credit, incoming.credit);
        upsert_by(&mut mine.responsibilities, theirs.responsibilities, |r| r.key());
        upsert_by(&mut mine.customer_owners, theirs.customer_owners, |o| (o.customer.clone(), o.range.from));
        upsert_by(&mut mine.key_accounts, theirs.key_accounts, |k| (k.customer.clone(), k.range.from));
    }
}

/// Replaces the first item of `existing` with the same key as each incoming
/// item, or appends it. Keys are looked up in a hash map (first index per
/// key, as a front-to-back search would find): a linear search per item made
/// merging an organisation of 50 000 SKUs quadratic (seconds, not
/// milliseconds).
fn upsert_by<T, K: Eq + Hash>(existing: &mut Vec<T>, incoming: Vec<T>, key: impl Fn(&T) -> K) {
    if incoming.is_empty() {
        return;
    }
    let mut at: HashMap<K, usize> = HashMap::with_capacity(existing.len() + incoming.len());
    for (i, e) in existing.iter().enumerate() {
        at.entry(key(e)).or_insert(i);
    }
    for item in incoming {
        match at.entry(key(&item)) {
            Entry::Occupied(slot) => existing[*slot.get()] = item,
            Entry::Vacant(slot) => {
                slot.insert(existing.len());
                existing.push(item);
            }
        }
    }
}

/// The time zone a marketplace counts its business day in, used when a store
/// does not state one (Amazon US reports in Pacific time, EU stores in their
/// capital's zone). `None` for global / unknown marketplaces.
pub fn marketplace_timezone(marketplace: &str) -> Option<&'static str> {
    Some(match marketplace.trim().to_ascii_uppercase().as_str() {
        "US" | "CA" => "America/Los_Angeles",
        "MX" => "America/Mexico_City",
        "BR" => "America/Sao_Paulo",
        "UK" | "GB" => "Europe/London",
        "DE" => "Europe/Berlin",
        "FR" => "Europe/Paris",
        "IT" => "Europe/Rome",
        "ES" => "Europe/Madrid",
        "NL" => "Europe/Amsterdam",
        "SE" => "Europe/Stockholm",
        "PL" => "Europe/Warsaw",
        "JP" => "Asia/Tokyo",
        "AU" => "Australia/Sydney",
        "SG" => "Asia/Singapore",
        "AE" => "Asia/Dubai",
        "SA" => "Asia/Riyadh",
        "IN" => "Asia/Kolkata",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The linear search `upsert_by` used before its hash map.
    fn upsert_linear(existing: &mut Vec<(u8, u32)>, incoming: Vec<(u8, u32)>) {
        for item in incoming {
            match existing.iter_mut().find(|e| e.0 == item.0) {
                Some(slot) => *slot = item,
                None => existing.push(item),
            }
        }
    }

    proptest! {
        #[test]
        fn upsert_matches_a_front_to_back_search(
            existing in proptest::collection::vec((0..8u8, any::<u32>()), 0..12),
            incoming in proptest::collection::vec((0..8u8, any::<u32>()), 0..12),
        ) {
            let mut fast = existing.clone();
            upsert_by(&mut fast, incoming.clone(), |e| e.0);
            let mut slow = existing;
            upsert_linear(&mut slow, incoming);
            prop_assert_eq!(fast, slow);
        }
    }
}
