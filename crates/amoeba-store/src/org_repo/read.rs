//! Reading an organisation back, one reader per entity, each in the order
//! the organisation file had it.

use super::*;
use amoeba_core::credit::{CreditRules, CustomerOwner, KeyAccount, Responsibility};

/// Loads an organisation on an open connection (also used inside transactions).
pub async fn load_org(conn: &mut AnyConnection, company_id: i64) -> Result<Org> {
    let mut org = Org::empty(read_company(conn, company_id).await?);
    org.units = read_units(conn, company_id).await?;
    org.people = read_people(conn, company_id).await?;
    org.roles = read_roles(conn, company_id).await?;
    org.assignments = read_assignments(conn, company_id).await?;
    org.project_groups = read_project_groups(conn, company_id).await?;
    let (mut store_owners, mut sku_owners) = read_ownerships(conn, company_id).await?;
    org.stores = read_stores(conn, company_id, &mut store_owners).await?;
    org.skus = read_skus(conn, company_id, &mut sku_owners).await?;
    org.credit = read_credit(conn, company_id).await?;
    Ok(org)
}

/// Owners by the code of what they own (stores, SKUs).
type OwnersOf = HashMap<String, Vec<Ownership>>;

async fn read_company(conn: &mut AnyConnection, company_id: i64) -> Result<Company> {
    let c = sqlx::query("SELECT code, name, base_currency, timezone FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&mut *conn)
        .await?;
    let cur: String = c.get(2);
    let company =
        Company { code: c.get(0), name: c.get(1), base_currency: cur.parse().map_err(|_| corrupt("currency", &cur))?, timezone: c.get(3) };
    Ok(company)
}

async fn read_units(conn: &mut AnyConnection, company_id: i64) -> Result<Vec<Unit>> {
    let mut out = Vec::new();
    for r in
        sqlx::query("SELECT code, name, name_en, kind, function, parent_code, area_m2 FROM units WHERE company_id = $1 ORDER BY position")
            .bind(company_id)
            .fetch_all(&mut *conn)
            .await?
    {
        let kind: String = r.get(3);
        let area: Option<String> = r.get(6);
        out.push(Unit {
            code: r.get(0),
            name: r.get(1),
            name_en: r.get(2),
            kind: kind.parse().map_err(|_| corrupt("unit kind", &kind))?,
            function: r.get(4),
            parent: r.get(5),
            area_m2: area.as_deref().map(dec).transpose()?,
        });
    }
    Ok(out)
}

async fn read_people(conn: &mut AnyConnection, company_id: i64) -> Result<Vec<Person>> {
    let mut out = Vec::new();
    for r in sqlx::query("SELECT code, name, email, external FROM people WHERE company_id = $1 ORDER BY position")
        .bind(company_id)
        .fetch_all(&mut *conn)
        .await?
    {
        let external: i64 = r.get(3);
        out.push(Person { code: r.get(0), name: r.get(1), email: r.get(2), external: external != 0 });
    }
    Ok(out)
}

async fn read_roles(conn: &mut AnyConnection, company_id: i64) -> Result<Vec<CustomRole>> {
    let mut out = Vec::new();
    for r in sqlx::query("SELECT code, name FROM custom_roles WHERE company_id = $1 ORDER BY position")
        .bind(company_id)
        .fetch_all(&mut *conn)
        .await?
    {
        out.push(CustomRole { code: r.get(0), name: r.get(1) });
    }
    Ok(out)
}

async fn read_assignments(conn: &mut AnyConnection, company_id: i64) -> Result<Vec<Assignment>> {
    let mut out = Vec::new();
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
        out.push(Assignment {
            person: r.get(0),
            unit: r.get(1),
            role: r.get(2),
            range: range(&from, r.get(4))?,
            coefficient: dec(&coefficient)?,
            leader: leader != 0,
        });
    }
    Ok(out)
}

async fn read_project_groups(conn: &mut AnyConnection, company_id: i64) -> Result<Vec<ProjectGroup>> {
    let mut out = Vec::new();
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
        out.push(ProjectGroup { code, name: r.get(1), range: range(&from, r.get(3))?, members });
    }
    Ok(out)
}

async fn read_ownerships(conn: &mut AnyConnection, company_id: i64) -> Result<(OwnersOf, OwnersOf)> {
    let mut store_owners: OwnersOf = HashMap::new();
    let mut sku_owners: OwnersOf = HashMap::new();
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
    Ok((store_owners, sku_owners))
}

pub(super) async fn read_stores(conn: &mut AnyConnection, company_id: i64, store_owners: &mut OwnersOf) -> Result<Vec<Store>> {
    let mut out = Vec::new();
    for r in sqlx::query(
        "SELECT code, name, platform, marketplace, currency, timezone, operator_code, books_sales_from FROM stores WHERE company_id = $1 \
         ORDER BY position",
    )
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?
    {
        let code: String = r.get(0);
        let platform: String = r.get(2);
        let currency: String = r.get(4);
        out.push(Store {
            owners: store_owners.remove(&code).unwrap_or_default(),
            code,
            name: r.get(1),
            platform: platform.parse().map_err(|_| corrupt("platform", &platform))?,
            marketplace: r.get(3),
            currency: currency.parse().map_err(|_| corrupt("currency", &currency))?,
            timezone: r.get(5),
            operator: r.get(6),
            books_sales_from: match r.get::<Option<String>, _>(7) {
                Some(b) => Some(b.parse().map_err(|_| corrupt("sales source", &b))?),
                None => None,
            },
        });
    }
    Ok(out)
}

async fn read_skus(conn: &mut AnyConnection, company_id: i64, sku_owners: &mut OwnersOf) -> Result<Vec<Sku>> {
    let mut out: Vec<Sku> = Vec::new();
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
        match out.last_mut() {
            Some(last) if last.code == code => last.costs.extend(cost),
            _ => out.push(Sku {
                owners: sku_owners.remove(&code).unwrap_or_default(),
                costs: cost.into_iter().collect(),
                code,
                name: r.get(1),
                launch_date: opt_date(r.get(2))?,
            }),
        }
    }
    Ok(out)
}

/// Reads the credit rules in the order the organisation file had them.
async fn read_credit(conn: &mut AnyConnection, company_id: i64) -> Result<CreditRules> {
    let mut out = CreditRules::default();
    let sql = "SELECT person_code, role, scope, share, from_date, to_date FROM responsibilities WHERE company_id = $1 ORDER BY position";
    for r in sqlx::query(sql).bind(company_id).fetch_all(&mut *conn).await? {
        let scope: String = r.get(2);
        let share: String = r.get(3);
        let from: String = r.get(4);
        out.responsibilities.push(Responsibility {
            person: r.get(0),
            role: r.get(1),
            scope: serde_json::from_str(&scope).map_err(|_| corrupt("credit scope", &scope))?,
            share: dec(&share)?,
            range: range(&from, r.get(5))?,
        });
    }
    let sql = "SELECT customer, person_code, from_date, to_date FROM customer_owners WHERE company_id = $1 ORDER BY position";
    for r in sqlx::query(sql).bind(company_id).fetch_all(&mut *conn).await? {
        let from: String = r.get(2);
        out.customer_owners.push(CustomerOwner { customer: r.get(0), person: r.get(1), range: range(&from, r.get(3))? });
    }
    let sql = "SELECT customer, from_date, to_date FROM key_accounts WHERE company_id = $1 ORDER BY position";
    for r in sqlx::query(sql).bind(company_id).fetch_all(&mut *conn).await? {
        let from: String = r.get(1);
        out.key_accounts.push(KeyAccount { customer: r.get(0), range: range(&from, r.get(2))? });
    }
    Ok(out)
}
