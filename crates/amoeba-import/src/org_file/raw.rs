//! The organisation file as written on disk (TOML), before validation.
//! Every field a person can get wrong is `Spanned`, so errors can name the line.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub company: Option<RawCompany>,
    #[serde(default)]
    pub units: Vec<RawUnit>,
    #[serde(default)]
    pub people: Vec<RawPerson>,
    #[serde(default)]
    pub roles: Vec<RawRole>,
    #[serde(default)]
    pub assignments: Vec<RawAssignment>,
    #[serde(default)]
    pub project_groups: Vec<RawProjectGroup>,
    #[serde(default)]
    pub stores: Vec<RawStore>,
    #[serde(default)]
    pub skus: Vec<RawSku>,
    #[serde(default)]
    pub charge_rules: Vec<RawChargeRule>,
    #[serde(default)]
    pub allocation_rules: Vec<RawAllocationRule>,
    #[serde(default)]
    pub responsibilities: Vec<RawResponsibility>,
    #[serde(default)]
    pub customer_owners: Vec<RawCustomerOwner>,
    #[serde(default)]
    pub key_accounts: Vec<RawKeyAccount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompany {
    pub code: S<String>,
    pub name: S<String>,
    pub base_currency: Option<S<String>>,
    pub timezone: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub code: S<String>,
    pub name: S<String>,
    pub name_en: Option<String>,
    pub kind: S<String>,
    pub function: Option<String>,
    pub parent: Option<S<String>>,
    pub area_m2: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub code: S<String>,
    pub name: S<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub external: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub code: S<String>,
    pub name: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssignment {
    pub person: S<String>,
    pub unit: S<String>,
    pub role: S<String>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
    pub coefficient: Option<S<toml::Value>>,
    #[serde(default)]
    pub leader: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    pub person: S<String>,
    pub share: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProjectGroup {
    pub code: S<String>,
    pub name: S<String>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
    #[serde(default)]
    pub members: Vec<RawMember>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOwner {
    pub unit: S<String>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStore {
    pub code: S<String>,
    pub name: S<String>,
    pub platform: S<String>,
    pub marketplace: S<String>,
    pub currency: S<String>,
    pub timezone: Option<S<String>>,
    pub operator: Option<S<String>>,
    pub books_sales_from: Option<S<String>>,
    #[serde(default)]
    pub owners: Vec<RawOwner>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCost {
    pub from: S<toml::Value>,
    pub purchase: S<toml::Value>,
    pub freight: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSku {
    pub code: S<String>,
    pub name: S<String>,
    pub launch_date: Option<S<toml::Value>>,
    #[serde(default)]
    pub owners: Vec<RawOwner>,
    #[serde(default)]
    pub costs: Vec<RawCost>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChargeRule {
    pub code: S<String>,
    pub provider: S<String>,
    #[serde(default)]
    pub users: Vec<S<String>>,
    pub basis: S<String>,
    pub rate: Option<S<toml::Value>>,
    pub percent: Option<S<toml::Value>>,
    pub amount: Option<S<toml::Value>>,
    pub split: Option<S<String>>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShare {
    pub unit: S<String>,
    pub share: S<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAllocationRule {
    pub code: S<String>,
    pub source: S<String>,
    #[serde(default)]
    pub kinds: Vec<S<String>>,
    #[serde(default)]
    pub targets: Vec<S<String>>,
    pub driver: S<String>,
    #[serde(default)]
    pub shares: Vec<RawShare>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponsibility {
    pub person: S<String>,
    pub role: S<String>,
    pub store: Option<S<String>>,
    pub sku: Option<S<String>>,
    pub skus: Option<S<Vec<S<String>>>>,
    pub share: S<toml::Value>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomerOwner {
    pub customer: S<String>,
    pub person: S<String>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyAccount {
    pub customer: S<String>,
    pub from: S<toml::Value>,
    pub to: Option<S<toml::Value>>,
}
