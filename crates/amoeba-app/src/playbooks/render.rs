//! Rendering a template: its body in the asked language with the variables
//! filled from a stored product (`--sku`), order (`--order STORE/ID`) and
//! customer (`--customer`), plus `name=value` pairs given by hand. What the
//! values are is the core's (`playbook_vars`); a variable with no value is
//! refused with the template, body, line and column.

use super::library::versions;
use super::Access;
use crate::Result;
use amoeba_core::oversight::playbook::{render as fill, Template};
use amoeba_core::oversight::playbook_vars::{add_manual, customer_values, order_values, sku_values, Values};
use amoeba_core::{Lang, Refusal};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;

/// What to render and what to fill it from.
#[derive(Debug, Clone, Default)]
pub struct RenderRequest {
    /// The unit whose library it is in.
    pub unit: String,
    /// The template's code.
    pub code: String,
    /// A version; the latest when `None`.
    pub version: Option<u32>,
    /// A SKU code.
    pub sku: Option<String>,
    /// An order as `STORE/ID`.
    pub order: Option<String>,
    /// A customer id.
    pub customer: Option<String>,
    /// `name=value` pairs given by hand.
    pub manual: Vec<String>,
}

/// A rendered template.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The version rendered.
    pub template: Template,
    /// The language of the text.
    pub lang: Lang,
    /// The text.
    pub text: String,
    /// Every value that was available (used or not).
    pub values: Values,
}

fn source(what: &str, value: &str) -> crate::AppError {
    Refusal::PlaybookSource { what: what.to_string(), value: value.to_string() }.into()
}

/// The values `req` asks for, from storage, as the asker may see them.
async fn values(db: &Db, company: &CompanyRow, req: &RenderRequest, today: NaiveDate, access: Access<'_>) -> Result<Values> {
    let mut v = Values::new();
    if let Some(code) = req.sku.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let org = db.load_org(company.id).await?;
        let sku = org.skus.iter().find(|s| s.code == code).ok_or_else(|| source("sku", code))?;
        v.extend(sku_values(sku, today));
    }
    if let Some(given) = req.order.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let (store, id) = given.split_once('/').ok_or_else(|| source("order", given))?;
        let order = match access.sees_store(store) {
            true => db.order(company.id, store, id).await?,
            false => None,
        };
        let order = order.ok_or_else(|| source("order", given))?;
        v.extend(order_values(&order.header, &order.events, req.sku.as_deref()));
    }
    if let Some(id) = req.customer.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let orders: Vec<_> = db.orders_of_customer(company.id, id).await?.into_iter().filter(|(s, _)| access.sees_store(s)).collect();
        if orders.is_empty() {
            return Err(source("customer", id));
        }
        v.extend(customer_values(id, orders.len(), orders.iter().map(|(_, d)| *d).min()));
    }
    add_manual(&mut v, &req.manual).map_err(|pair| source("name=value", &pair))?;
    Ok(v)
}

/// Renders the template `req` names in `lang`, on `today` (which unit owns
/// a SKU is of that day).
pub async fn render(
    db: &Db,
    company: &CompanyRow,
    req: &RenderRequest,
    lang: Lang,
    today: NaiveDate,
    access: Access<'_>,
) -> Result<Rendered> {
    let all = versions(db, company, &req.unit, &req.code, access).await?;
    let template = match req.version {
        None => all.last(),
        Some(n) => all.iter().find(|s| s.template.version == n),
    }
    .map(|s| s.template.clone())
    .ok_or_else(|| Refusal::UnknownPlaybook { unit: req.unit.clone(), code: format!("{} v{}", req.code, req.version.unwrap_or(0)) })?;
    let values = values(db, company, req, today, access).await?;
    let field = lang.pick("body_zh", "body_en");
    let text = fill(template.body(lang), &values).map_err(|problem| Refusal::PlaybookTemplate {
        code: template.code.clone(),
        field: field.to_string(),
        problem,
    })?;
    Ok(Rendered { template, lang, text, values })
}
