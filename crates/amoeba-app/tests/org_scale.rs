//! A large organisation file (thousands of SKUs with owners and cost
//! histories) on a real database (SQLite, or PostgreSQL when
//! AMOEBA_TEST_DATABASE_URL is set): it round-trips through `load_org`, and
//! re-applying the same file writes nothing at all.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_app::org::apply_org_file;
use amoeba_import::org_file;
use amoeba_store::testing::fresh_db;
use amoeba_store::{Backend, Db};
use sqlx::Row;
use std::fmt::Write;

/// Every table an organisation file writes to.
const ORG_TABLES: [&str; 12] = [
    "companies",
    "units",
    "people",
    "custom_roles",
    "assignments",
    "project_groups",
    "project_members",
    "stores",
    "ownerships",
    "skus",
    "sku_costs",
    "rules",
];

const SKUS: usize = 3_000;

/// An organisation with `SKUS` SKUs: most owned by a unit, some with no
/// owner, no cost or a cost history; stores, people, assignments, a project
/// group and a charge rule around them.
fn big_org() -> String {
    let mut s = String::from("[company]\ncode = \"BIG\"\nname = \"Big\"\n\n");
    s.push_str("[[units]]\ncode = \"G\"\nname = \"Group\"\nkind = \"profit_centre\"\n\n");
    s.push_str("[[units]]\ncode = \"WH\"\nname = \"Warehouse\"\nkind = \"service_centre\"\nfunction = \"warehouse\"\nparent = \"G\"\n\n");
    for u in 0..10 {
        let _ = write!(s, "[[units]]\ncode = \"PC{u}\"\nname = \"Centre {u}\"\nkind = \"profit_centre\"\nparent = \"G\"\n\n");
    }
    for p in 0..40 {
        let _ = write!(s, "[[people]]\ncode = \"E{p}\"\nname = \"Person {p}\"\n\n");
        let _ = write!(
            s,
            "[[assignments]]\nperson = \"E{p}\"\nunit = \"PC{}\"\nrole = \"operator\"\nfrom = \"2025-01-01\"\nleader = {}\n\n",
            p % 10,
            p < 10
        );
    }
    s.push_str("[[project_groups]]\ncode = \"NEW\"\nname = \"Launch\"\nfrom = \"2025-01-01\"\nmembers = [{ person = \"E1\", share = 2 }, { person = \"E2\" }]\n\n");
    for st in 0..50 {
        let _ = write!(
            s,
            "[[stores]]\ncode = \"S{st}\"\nname = \"Store {st}\"\nplatform = \"amazon\"\nmarketplace = \"US\"\ncurrency = \"USD\"\n\
             owners = [{{ unit = \"PC{}\", from = \"2025-01-01\", to = \"2025-12-31\" }}, {{ unit = \"PC{}\", from = \"2026-01-01\" }}]\n\n",
            st % 10,
            (st + 1) % 10
        );
    }
    for k in 0..SKUS {
        let _ = write!(s, "[[skus]]\ncode = \"SKU{k:05}\"\nname = \"Product {k}\"\n");
        if k % 7 != 0 {
            let _ = writeln!(s, "owners = [{{ unit = \"PC{}\", from = \"2025-01-01\" }}]", k % 10);
        }
        match k % 5 {
            0 => s.push_str("costs = []\n"),
            1 => s.push_str(
                "costs = [{ from = \"2025-01-01\", purchase = \"10.5\", freight = \"1\" }, { from = \"2025-06-01\", purchase = \"11.25\" }]\n",
            ),
            _ => {
                let _ = writeln!(s, "costs = [{{ from = \"2025-01-01\", purchase = \"{}.{:02}\", freight = \"0.80\" }}]", k % 90, k % 100);
            }
        }
        s.push('\n');
    }
    s.push_str("[[charge_rules]]\ncode = \"WH-FEE\"\nprovider = \"WH\"\nbasis = \"per_order\"\nrate = \"1.50\"\nfrom = \"2025-01-01\"\n");
    s
}

/// Makes the database note every write to the organisation's tables in a
/// `org_writes` table (statement triggers on PostgreSQL, row triggers on
/// SQLite), so a test can tell "rewrote the same rows" from "wrote nothing".
async fn watch_writes(db: &Db) {
    sqlx::query("CREATE TABLE org_writes (tbl TEXT NOT NULL)").execute(amoeba_store::testing::pool(db)).await.unwrap();
    if db.backend == Backend::Postgres {
        sqlx::query(
            "CREATE FUNCTION note_org_write() RETURNS trigger AS $$ BEGIN INSERT INTO org_writes VALUES (TG_TABLE_NAME); RETURN NULL; END $$ \
             LANGUAGE plpgsql",
        )
        .execute(amoeba_store::testing::pool(db))
        .await
        .unwrap();
    }
    for t in ORG_TABLES {
        match db.backend {
            Backend::Postgres => {
                let sql = format!(
                    "CREATE TRIGGER watch_{t} AFTER INSERT OR UPDATE OR DELETE ON {t} FOR EACH STATEMENT EXECUTE FUNCTION note_org_write()"
                );
                sqlx::query(&sql).execute(amoeba_store::testing::pool(db)).await.unwrap();
            }
            Backend::Sqlite => {
                for op in ["INSERT", "UPDATE", "DELETE"] {
                    let sql = format!("CREATE TRIGGER watch_{t}_{op} AFTER {op} ON {t} BEGIN INSERT INTO org_writes VALUES ('{t}'); END");
                    sqlx::query(&sql).execute(amoeba_store::testing::pool(db)).await.unwrap();
                }
            }
        }
    }
}

async fn writes(db: &Db) -> Vec<String> {
    sqlx::query("SELECT DISTINCT tbl FROM org_writes ORDER BY tbl")
        .fetch_all(amoeba_store::testing::pool(db))
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

/// Ids of units, stores and SKUs: facts point at them, so they must survive.
async fn ids(db: &Db) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for t in ["units", "stores", "skus"] {
        for r in sqlx::query(&format!("SELECT code, id FROM {t} ORDER BY id")).fetch_all(amoeba_store::testing::pool(db)).await.unwrap() {
            out.push((format!("{t}:{}", r.get::<String, _>(0)), r.get::<i64, _>(1)));
        }
    }
    out
}

#[tokio::test]
async fn a_large_org_round_trips_and_re_applying_it_writes_nothing() {
    let db = fresh_db().await;
    let text = big_org();
    let done = apply_org_file(&db, None, "big.toml", &text).await.unwrap();
    assert!(done.created);
    assert_eq!(done.skus, SKUS);
    let row = db.company(Some("BIG")).await.unwrap();
    let stored = db.load_org(row.id).await.unwrap();
    let expected = org_file::parse(&text).map_err(|e| e.to_string()).unwrap().apply_to(None).unwrap();
    assert_eq!(stored, expected, "load_org returns what was applied");
    assert_eq!(stored.skus[1].costs.len(), 2);
    assert!(stored.skus[0].owners.is_empty() && stored.skus[0].costs.is_empty());
    assert_eq!(stored.stores[3].owners.len(), 2);
    let ids_before = ids(&db).await;

    watch_writes(&db).await;
    let again = apply_org_file(&db, None, "big.toml", &text).await.unwrap();
    assert!(!again.created);
    assert_eq!(writes(&db).await, Vec::<String>::new(), "re-applying the same file writes nothing");
    let exported = org_file::to_toml(&stored, &db.load_rules(row.id).await.unwrap());
    apply_org_file(&db, None, "export.toml", &exported).await.unwrap();
    assert_eq!(writes(&db).await, Vec::<String>::new(), "re-applying the exported file writes nothing");
    assert_eq!(db.load_org(row.id).await.unwrap(), stored);
    assert_eq!(ids(&db).await, ids_before);

    // A change, even one only of how a cost is written, is stored.
    let rewritten = text.replacen("purchase = \"10.5\"", "purchase = \"10.50\"", 1);
    apply_org_file(&db, None, "big.toml", &rewritten).await.unwrap();
    assert!(writes(&db).await.contains(&"sku_costs".to_string()));
    let after = db.load_org(row.id).await.unwrap();
    assert_eq!(after.skus[1].costs[0].purchase.to_string(), "10.50");
    assert_eq!(ids(&db).await, ids_before);
}
