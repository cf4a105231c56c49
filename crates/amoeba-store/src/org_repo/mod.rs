//! Companies and their organisation: load the whole [`Org`] ([`read`]),
//! save it back ([`write`]).
//!
//! Units, people, stores and SKUs keep stable ids (upsert by code) because
//! facts point at them; the relations hanging off them (assignments,
//! ownerships, costs, project members) are rewritten whole on each save.

use crate::{Db, Result, StoreError};
use amoeba_core::accounting::Rules;
use amoeba_core::dates::EffectiveRange;
use amoeba_core::org::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::str::FromStr;

/// A company row: its id plus its settings.
#[derive(Debug, Clone)]
pub struct CompanyRow {
    /// Database id (the shard key).
    pub id: i64,
    /// Settings.
    pub company: Company,
    /// The company's data version when the row was read (`Db::data_version`):
    /// a request reads it with the company, in the same query, and shows
    /// everything as of it.
    pub data_version: i64,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} '{value}'"))
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt("date", s))
}

fn opt_date(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref().map(date).transpose()
}

fn dec(s: &str) -> Result<Decimal> {
    Decimal::from_str(s).map_err(|_| corrupt("decimal", s))
}

fn range(from: &str, to: Option<String>) -> Result<EffectiveRange> {
    EffectiveRange::new(date(from)?, opt_date(to)?).map_err(StoreError::Corrupt)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Db {
    /// All companies, in creation order.
    pub async fn companies(&self) -> Result<Vec<CompanyRow>> {
        let rows = sqlx::query("SELECT id, code, name, base_currency, timezone, data_version FROM companies ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let cur: String = r.get(3);
                Ok(CompanyRow {
                    id: r.get(0),
                    company: Company {
                        code: r.get(1),
                        name: r.get(2),
                        base_currency: cur.parse().map_err(|_| corrupt("currency", &cur))?,
                        timezone: r.get(4),
                    },
                    data_version: r.get(5),
                })
            })
            .collect()
    }

    /// The company to work on: the named one, or the only one there is.
    pub async fn company(&self, code: Option<&str>) -> Result<CompanyRow> {
        let all = self.companies().await?;
        match code {
            Some(c) => all.into_iter().find(|r| r.company.code == c).ok_or_else(|| StoreError::UnknownCompany(c.into())),
            None => match all.len() {
                0 => Err(StoreError::NoCompany),
                1 => Ok(all.into_iter().next().expect("one company")),
                _ => Err(StoreError::WhichCompany(all.iter().map(|r| r.company.code.clone()).collect::<Vec<_>>().join(", "))),
            },
        }
    }

    /// Creates a company; refuses a code that exists.
    pub async fn create_company(&self, company: &Company) -> Result<CompanyRow> {
        if self.companies().await?.iter().any(|r| r.company.code == company.code) {
            return Err(StoreError::Refused(amoeba_core::Refusal::CompanyExists { code: company.code.clone() }));
        }
        let org = Org::empty(company.clone());
        let problems = org.validate();
        if let Some(p) = problems.first() {
            return Err(StoreError::Refused(amoeba_core::Refusal::BadCompany { field: p.field, problem: p.problem.clone() }));
        }
        let id: i64 =
            sqlx::query("INSERT INTO companies (code, name, base_currency, timezone, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(company.code.clone())
                .bind(company.name.clone())
                .bind(company.base_currency.to_string())
                .bind(company.timezone.clone())
                .bind(now())
                .fetch_one(&self.pool)
                .await?
                .get(0);
        Ok(CompanyRow { id, company: company.clone(), data_version: 0 })
    }

    /// Loads the whole organisation of a company.
    pub async fn load_org(&self, company_id: i64) -> Result<Org> {
        let mut conn = self.pool.acquire().await?;
        load_org(&mut conn, company_id).await
    }

    /// The company's stores without the rest of the organisation (no
    /// owners): what an import needs to tell which store a file fits,
    /// without loading 50 000 SKUs per file of a folder of settlements.
    pub async fn stores(&self, company_id: i64) -> Result<Vec<amoeba_core::org::Store>> {
        let mut conn = self.pool.acquire().await?;
        read::read_stores(&mut conn, company_id, &mut Default::default()).await
    }

    /// Stores `org` (already validated) in one transaction: creates the
    /// company first when `company_id` is `None`. Entities are upserted by
    /// code so their ids survive. Returns the company id.
    pub async fn save_org(&self, company_id: Option<i64>, org: &Org) -> Result<i64> {
        self.save_org_with(company_id, org, None).await
    }

    /// Stores `org` and replaces the company's charge and allocation rules
    /// with `rules`, in ONE transaction, so rules never point at units that
    /// were not saved with them. Both must already be validated together
    /// (`OrgFile::apply`). Returns the company id.
    pub async fn save_org_and_rules(&self, company_id: Option<i64>, org: &Org, rules: &Rules) -> Result<i64> {
        self.save_org_with(company_id, org, Some(rules)).await
    }

    async fn save_org_with(&self, company_id: Option<i64>, org: &Org, rules: Option<&Rules>) -> Result<i64> {
        let problems = org.validate();
        assert!(problems.is_empty(), "save_org needs a validated organisation: {problems:?}");
        let mut tx = self.begin_write().await?;
        let id = match company_id {
            Some(id) => id,
            None => {
                let c = &org.company;
                sqlx::query(
                    "INSERT INTO companies (code, name, base_currency, timezone, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(c.code.clone())
                .bind(c.name.clone())
                .bind(c.base_currency.to_string())
                .bind(c.timezone.clone())
                .bind(now())
                .fetch_one(&mut *tx)
                .await?
                .get(0)
            }
        };
        save_org(&mut tx, self.backend, id, org).await?;
        if let Some(rules) = rules {
            crate::rules_repo::save_rules(&mut tx, self.backend, id, rules).await?;
        }
        // Units, stores and rules are what the figures are computed from.
        crate::version::bump(&mut tx, id).await?;
        tx.commit().await?;
        Ok(id)
    }
}

mod read;
mod write;

pub use read::load_org;
pub use write::save_org;

fn d(x: NaiveDate) -> String {
    x.to_string()
}

fn od(x: Option<NaiveDate>) -> Option<String> {
    x.map(d)
}
