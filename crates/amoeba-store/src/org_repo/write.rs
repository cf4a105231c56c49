//! Writing an organisation: the company's settings, then one writer per
//! entity. Units, people, stores and SKUs keep their ids (upsert by code,
//! facts point at them); the relations hanging off them are rewritten whole.

use super::{d, od};
use crate::batch::{insert_many, Val};
use crate::{Backend, Result};
use amoeba_core::org::Org;
use sqlx::AnyConnection;

/// Writes an organisation on an open transaction.
pub async fn save_org(conn: &mut AnyConnection, backend: Backend, company_id: i64, org: &Org) -> Result<()> {
    let c = &org.company;
    sqlx::query("UPDATE companies SET name = $1, base_currency = $2, timezone = $3 WHERE id = $4")
        .bind(c.name.clone())
        .bind(c.base_currency.to_string())
        .bind(c.timezone.clone())
        .bind(company_id)
        .execute(&mut *conn)
        .await?;
    for table in [
        "custom_roles",
        "assignments",
        "project_groups",
        "project_members",
        "ownerships",
        "sku_costs",
        "responsibilities",
        "customer_owners",
        "key_accounts",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE company_id = $1")).bind(company_id).execute(&mut *conn).await?;
    }
    write_units(conn, backend, company_id, org).await?;
    write_people(conn, backend, company_id, org).await?;
    write_custom_roles(conn, backend, company_id, org).await?;
    write_assignments(conn, backend, company_id, org).await?;
    write_project_groups(conn, backend, company_id, org).await?;
    write_stores(conn, backend, company_id, org).await?;
    write_skus(conn, backend, company_id, org).await?;
    write_ownerships(conn, backend, company_id, org).await?;
    write_sku_costs(conn, backend, company_id, org).await?;
    write_credit(conn, backend, company_id, org).await?;
    Ok(())
}

/// A row's place in the file, so the organisation reads back in its order.
fn pos(i: usize) -> Val {
    Val::I(i as i64)
}

/// Writes the company's `units` rows.
async fn write_units(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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
    Ok(())
}

/// Writes the company's `people` rows.
async fn write_people(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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
    Ok(())
}

/// Writes the company's `custom_roles` rows.
async fn write_custom_roles(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
    let rows =
        org.roles.iter().enumerate().map(|(i, r)| vec![Val::I(cid), r.code.as_str().into(), r.name.as_str().into(), pos(i)]).collect();
    insert_many(conn, backend, "custom_roles", &["company_id", "code", "name", "position"], rows, "").await?;
    Ok(())
}

/// Writes the company's `assignments` rows.
async fn write_assignments(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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
    Ok(())
}

/// Writes the company's `project_groups` rows.
async fn write_project_groups(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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
    Ok(())
}

/// Writes the company's `stores` rows.
async fn write_stores(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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
                s.books_sales_from.map(|b| b.as_str().to_string()).into(),
                pos(i),
            ]
        })
        .collect();
    insert_many(
        conn,
        backend,
        "stores",
        &["company_id", "code", "name", "platform", "marketplace", "currency", "timezone", "operator_code", "books_sales_from", "position"],
        rows,
        "ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, platform = excluded.platform, marketplace = excluded.marketplace, \
         currency = excluded.currency, timezone = excluded.timezone, operator_code = excluded.operator_code, \
         books_sales_from = excluded.books_sales_from, position = excluded.position",
    )
    .await?;
    Ok(())
}

/// Writes the company's `skus` rows.
async fn write_skus(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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
    Ok(())
}

/// Writes the company's `ownerships` rows.
async fn write_ownerships(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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
    Ok(())
}

/// Writes the company's `sku_costs` rows.
async fn write_sku_costs(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
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

/// Writes the credit rules: responsibilities (the scope as the core's
/// JSON), customer owners and key accounts.
async fn write_credit(conn: &mut AnyConnection, backend: Backend, cid: i64, org: &Org) -> Result<()> {
    let c = &org.credit;
    let mut rows = Vec::with_capacity(c.responsibilities.len());
    for (i, r) in c.responsibilities.iter().enumerate() {
        let scope =
            serde_json::to_string(&r.scope).map_err(|e| crate::StoreError::Internal(format!("a credit scope does not serialise: {e}")))?;
        rows.push(vec![
            Val::I(cid),
            pos(i),
            r.person.as_str().into(),
            r.role.as_str().into(),
            scope.into(),
            r.share.to_string().into(),
            d(r.range.from).into(),
            od(r.range.to).into(),
        ]);
    }
    let cols = ["company_id", "position", "person_code", "role", "scope", "share", "from_date", "to_date"];
    insert_many(conn, backend, "responsibilities", &cols, rows, "").await?;
    let rows = c
        .customer_owners
        .iter()
        .enumerate()
        .map(|(i, o)| {
            vec![Val::I(cid), pos(i), o.customer.as_str().into(), o.person.as_str().into(), d(o.range.from).into(), od(o.range.to).into()]
        })
        .collect();
    let cols = ["company_id", "position", "customer", "person_code", "from_date", "to_date"];
    insert_many(conn, backend, "customer_owners", &cols, rows, "").await?;
    let rows = c
        .key_accounts
        .iter()
        .enumerate()
        .map(|(i, k)| vec![Val::I(cid), pos(i), k.customer.as_str().into(), d(k.range.from).into(), od(k.range.to).into()])
        .collect();
    insert_many(conn, backend, "key_accounts", &["company_id", "position", "customer", "from_date", "to_date"], rows, "").await?;
    Ok(())
}
