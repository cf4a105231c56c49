//! Companies and their organisation: load the whole [`Org`], save it back.
//!
//! Units, people, stores and SKUs keep stable ids (upsert by code) because
//! facts point at them; the relations hanging off them (assignments,
//! ownerships, costs, project members) are rewritten whole on each save.

use crate::batch::{insert_many, Val};
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
        let rows = sqlx::query("SELECT id, code, name, base_currency, timezone FROM companies ORDER BY id").fetch_all(&self.pool).await?;
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
        Ok(CompanyRow { id, company: company.clone() })
    }

    /// Loads the whole organisation of a company.
    pub async fn load_org(&self, company_id: i64) -> Result<Org> {
        let mut conn = self.pool.acquire().await?;
        load_org(&mut conn, company_id).await
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

/// Loads an organisation on an open connection (also used inside transactions).
pub async fn load_org(conn: &mut AnyConnection, company_id: i64) -> Result<Org> {
    let c = sqlx::query("SELECT code, name, base_currency, timezone FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&mut *conn)
        .await?;
    let cur: String = c.get(2);
    let company =
        Company { code: c.get(0), name: c.get(1), base_currency: cur.parse().map_err(|_| corrupt("currency", &cur))?, timezone: c.get(3) };
    let mut org = Org::empty(company);

    for r in
        sqlx::query("SELECT code, name, name_en, kind, function, parent_code, area_m2 FROM units WHERE company_id = $1 ORDER BY position")
            .bind(company_id)
            .fetch_all(&mut *conn)
            .await?
    {
        let kind: String = r.get(3);
        let area: Option<String> = r.get(6);
        org.units.push(Unit {
            code: r.get(0),
            name: r.get(1),
            name_en: r.get(2),
            kind: kind.parse().map_err(|_| corrupt("unit kind", &kind))?,
            function: r.get(4),
            parent: r.get(5),
            area_m2: area.as_deref().map(dec).transpose()?,
        });
    }
    for r in sqlx::query("SELECT code, name, email, external FROM people WHERE company_id = $1 ORDER BY position")
        .bind(company_id)
        .fetch_all(&mut *conn)
        .await?
    {
        let external: i64 = r.get(3);
        org.people.push(Person { code: r.get(0), name: r.get(1), email: r.get(2), external: external != 0 });
    }
    for r in sqlx::query("SELECT code, name FROM custom_roles WHERE company_id = $1 ORDER BY position")
        .bind(company_id)
        .fetch_all(&mut *conn)
        .await?
    {
        org.roles.push(CustomRole { code: r.get(0), name: r.get(1) });
    }
    for r in sqlx::query(
        "SELECT person_code, unit_code, role, from_date, to_date, coefficient, leader FROM assignments WHERE company_id = $1 ORDER BY position",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let from: String = r.get(3);
        let coefficient: String = r.get(5);
        let leader: i64 = r.get(6);
        org.assignments.push(Assignment {
            person: r.get(0),
            unit: r.get(1),
            role: r.get(2),
            range: range(&from, r.get(4))?,
            coefficient: dec(&coefficient)?,
            leader: leader != 0,
        });
    }
    // Members and owners are grouped by their parent's code in one pass (in
    // stored order): filtering the whole list once per group, store and SKU
    // was quadratic — 50 000 SKUs × every ownership row.
    let mut members_of: HashMap<String, Vec<ProjectMember>> = HashMap::new();
    for m in sqlx::query("SELECT group_code, person_code, share FROM project_members WHERE company_id = $1 ORDER BY position")
        .bind(company_id)
        .fetch_all(&mut *conn)
        .await?
    {
        let share: String = m.get(2);
        members_of.entry(m.get(0)).or_default().push(ProjectMember { person: m.get(1), share: dec(&share)? });
    }
    for r in sqlx::query("SELECT code, name, from_date, to_date FROM project_groups WHERE company_id = $1 ORDER BY position")
        .bind(company_id)
        .fetch_all(&mut *conn)
        .await?
    {
        let code: String = r.get(0);
        let from: String = r.get(2);
        let members = members_of.remove(&code).unwrap_or_default();
        org.project_groups.push(ProjectGroup { code, name: r.get(1), range: range(&from, r.get(3))?, members });
    }
    let mut store_owners: HashMap<String, Vec<Ownership>> = HashMap::new();
    let mut sku_owners: HashMap<String, Vec<Ownership>> = HashMap::new();
    for o in
        sqlx::query("SELECT subject, subject_code, unit_code, from_date, to_date FROM ownerships WHERE company_id = $1 ORDER BY position")
            .bind(company_id)
            .fetch_all(&mut *conn)
            .await?
    {
        let subject: String = o.get(0);
        let owners = match subject.as_str() {
            "store" => &mut store_owners,
            "sku" => &mut sku_owners,
            _ => continue,
        };
        let from: String = o.get(3);
        owners.entry(o.get(1)).or_default().push(Ownership { unit: o.get(2), range: range(&from, o.get(4))? });
    }
    for r in sqlx::query(
        "SELECT code, name, platform, marketplace, currency, timezone, operator_code FROM stores WHERE company_id = $1 ORDER BY position",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let code: String = r.get(0);
        let platform: String = r.get(2);
        let currency: String = r.get(4);
        org.stores.push(Store {
            owners: store_owners.remove(&code).unwrap_or_default(),
            code,
            name: r.get(1),
            platform: platform.parse().map_err(|_| corrupt("platform", &platform))?,
            marketplace: r.get(3),
            currency: currency.parse().map_err(|_| corrupt("currency", &currency))?,
            timezone: r.get(5),
            operator: r.get(6),
            books_sales_from: None,
        });
    }
    // SKUs with their costs in one query (a SKU's rows are consecutive, its
    // costs by date): one row per cost instead of one per SKU plus one per
    // cost. Row hand-over dominates reading a big organisation on SQLite.
    // Costs of a SKU that is not stored are not read, as before.
    for r in sqlx::query(
        "SELECT s.code, s.name, s.launch_date, c.from_date, c.purchase, c.freight FROM skus s \
         LEFT JOIN sku_costs c ON c.company_id = s.company_id AND c.sku_code = s.code \
         WHERE s.company_id = $1 ORDER BY s.position, s.id, c.from_date",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let code: String = r.get(0);
        let from: Option<String> = r.get(3);
        let cost = match from {
            Some(from) => {
                let purchase: String = r.get(4);
                let freight: String = r.get(5);
                Some(SkuCost { from: date(&from)?, purchase: dec(&purchase)?, freight: dec(&freight)? })
            }
            None => None,
        };
        match org.skus.last_mut() {
            Some(last) if last.code == code => last.costs.extend(cost),
            _ => org.skus.push(Sku {
                owners: sku_owners.remove(&code).unwrap_or_default(),
                costs: cost.into_iter().collect(),
                code,
                name: r.get(1),
                launch_date: opt_date(r.get(2))?,
            }),
        }
    }
    Ok(org)
}

fn d(x: NaiveDate) -> String {
    x.to_string()
}

fn od(x: Option<NaiveDate>) -> Option<String> {
    x.map(d)
}

/// Writes an organisation on an open transaction.
pub async fn save_org(conn: &mut AnyConnection, backend: crate::Backend, company_id: i64, org: &Org) -> Result<()> {
    let c = &org.company;
    sqlx::query("UPDATE companies SET name = $1, base_currency = $2, timezone = $3 WHERE id = $4")
        .bind(c.name.clone())
        .bind(c.base_currency.to_string())
        .bind(c.timezone.clone())
        .bind(company_id)
        .execute(&mut *conn)
        .await?;
    for table in ["custom_roles", "assignments", "project_groups", "project_members", "ownerships", "sku_costs"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE company_id = $1")).bind(company_id).execute(&mut *conn).await?;
    }
    let cid = company_id;
    let pos = |i: usize| Val::I(i as i64);

    let rows = org
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                Val::I(cid),
                u.code.as_str().into(),
                u.name.as_str().into(),
                u.name_en.clone().into(),
                u.kind.as_str().into(),
                u.function.clone().into(),
                u.parent.clone().into(),
                u.area_m2.map(|a| a.to_string()).into(),
                pos(i),
            ]
        })
        .collect();
    insert_many(
        conn,
        backend,
        "units",
        &["company_id", "code", "name", "name_en", "kind", "function", "parent_code", "area_m2", "position"],
        rows,
        "ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, kind = excluded.kind, \
         function = excluded.function, parent_code = excluded.parent_code, area_m2 = excluded.area_m2, position = excluded.position",
    )
    .await?;

    let rows = org
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![Val::I(cid), p.code.as_str().into(), p.name.as_str().into(), p.email.clone().into(), Val::I(p.external as i64), pos(i)]
        })
        .collect();
    insert_many(
        conn,
        backend,
        "people",
        &["company_id", "code", "name", "email", "external", "position"],
        rows,
        "ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, email = excluded.email, external = excluded.external, position = excluded.position",
    )
    .await?;

    let rows =
        org.roles.iter().enumerate().map(|(i, r)| vec![Val::I(cid), r.code.as_str().into(), r.name.as_str().into(), pos(i)]).collect();
    insert_many(conn, backend, "custom_roles", &["company_id", "code", "name", "position"], rows, "").await?;

    let rows = org
        .assignments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                Val::I(cid),
                a.person.as_str().into(),
                a.unit.as_str().into(),
                a.role.as_str().into(),
                d(a.range.from).into(),
                od(a.range.to).into(),
                a.coefficient.to_string().into(),
                Val::I(a.leader as i64),
                pos(i),
            ]
        })
        .collect();
    insert_many(
        conn,
        backend,
        "assignments",
        &["company_id", "person_code", "unit_code", "role", "from_date", "to_date", "coefficient", "leader", "position"],
        rows,
        "",
    )
    .await?;

    let rows = org
        .project_groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            vec![Val::I(cid), g.code.as_str().into(), g.name.as_str().into(), d(g.range.from).into(), od(g.range.to).into(), pos(i)]
        })
        .collect();
    insert_many(conn, backend, "project_groups", &["company_id", "code", "name", "from_date", "to_date", "position"], rows, "").await?;
    let rows = org
        .project_groups
        .iter()
        .flat_map(|g| g.members.iter().map(move |m| (g, m)))
        .enumerate()
        .map(|(i, (g, m))| vec![Val::I(cid), g.code.as_str().into(), m.person.as_str().into(), m.share.to_string().into(), pos(i)])
        .collect();
    insert_many(conn, backend, "project_members", &["company_id", "group_code", "person_code", "share", "position"], rows, "").await?;

    let rows = org
        .stores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Val::I(cid),
                s.code.as_str().into(),
                s.name.as_str().into(),
                s.platform.as_str().into(),
                s.marketplace.as_str().into(),
                s.currency.to_string().into(),
                s.timezone.as_str().into(),
                s.operator.clone().into(),
                pos(i),
            ]
        })
        .collect();
    insert_many(
        conn,
        backend,
        "stores",
        &["company_id", "code", "name", "platform", "marketplace", "currency", "timezone", "operator_code", "position"],
        rows,
        "ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, platform = excluded.platform, marketplace = excluded.marketplace, \
         currency = excluded.currency, timezone = excluded.timezone, operator_code = excluded.operator_code, position = excluded.position",
    )
    .await?;

    let rows = org
        .skus
        .iter()
        .enumerate()
        .map(|(i, s)| vec![Val::I(cid), s.code.as_str().into(), s.name.as_str().into(), od(s.launch_date).into(), pos(i)])
        .collect();
    insert_many(
        conn,
        backend,
        "skus",
        &["company_id", "code", "name", "launch_date", "position"],
        rows,
        "ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, launch_date = excluded.launch_date, position = excluded.position",
    )
    .await?;

    let store_owners = org.stores.iter().flat_map(|s| s.owners.iter().map(move |o| ("store", s.code.as_str(), o)));
    let sku_owners = org.skus.iter().flat_map(|s| s.owners.iter().map(move |o| ("sku", s.code.as_str(), o)));
    let rows = store_owners
        .chain(sku_owners)
        .enumerate()
        .map(|(i, (subject, code, o))| {
            vec![Val::I(cid), subject.into(), code.into(), o.unit.as_str().into(), d(o.range.from).into(), od(o.range.to).into(), pos(i)]
        })
        .collect();
    insert_many(
        conn,
        backend,
        "ownerships",
        &["company_id", "subject", "subject_code", "unit_code", "from_date", "to_date", "position"],
        rows,
        "",
    )
    .await?;

    let rows = org
        .skus
        .iter()
        .flat_map(|s| s.costs.iter().map(move |c| (s, c)))
        .map(|(s, c)| {
            vec![Val::I(cid), s.code.as_str().into(), d(c.from).into(), c.purchase.to_string().into(), c.freight.to_string().into()]
        })
        .collect();
    insert_many(conn, backend, "sku_costs", &["company_id", "sku_code", "from_date", "purchase", "freight"], rows, "").await?;
    Ok(())
}
