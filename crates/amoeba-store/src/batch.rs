//! Multi-row INSERTs: one round trip per batch instead of one per row, with
//! the batch sized to stay under each backend's bound-parameter limit.

use crate::{Backend, Result};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

/// A value to bind.
#[derive(Debug, Clone)]
pub enum Val {
    /// An integer.
    I(i64),
    /// Text.
    T(String),
    /// Nullable text.
    N(Option<String>),
    /// Nullable integer.
    NI(Option<i64>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::I(v)
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::T(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::T(v.to_string())
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        Val::N(v)
    }
}

/// Binds one value onto a query.
pub fn bind<'q>(q: Query<'q, Any, AnyArguments<'q>>, v: Val) -> Query<'q, Any, AnyArguments<'q>> {
    match v {
        Val::I(i) => q.bind(i),
        Val::T(s) => q.bind(s),
        Val::N(s) => q.bind(s),
        Val::NI(i) => q.bind(i),
    }
}

/// Largest number of parameters one statement may carry on a backend.
fn max_params(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 32_000,
        Backend::Postgres => 65_000,
    }
}

/// Rows per statement: a power of two, so a file's last, shorter batch is
/// split into at most a handful of statement shapes that every later import
/// finds already prepared in the connection's statement cache.
fn rows_per_statement(backend: Backend, columns: usize) -> usize {
    let most = (max_params(backend) / columns).clamp(1, 1024);
    1 << most.ilog2()
}

/// Inserts `rows` into `table` in as few statements as the backend allows.
/// `suffix` is appended to every statement (e.g. `ON CONFLICT DO NOTHING`).
/// Returns the number of rows the database reports as inserted.
///
/// Placeholders are `$1, $2, …` on PostgreSQL and anonymous `?` on SQLite:
/// SQLite treats `$N` as a *named* parameter, and both preparing a statement
/// and binding its values look every name up in a list, which costs time
/// quadratic in the parameters of a statement (it was nine tenths of an
/// import's time with 17 000 parameters a statement).
pub async fn insert_many(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
    suffix: &str,
) -> Result<u64> {
    assert!(!columns.is_empty(), "insert_many needs columns");
    let per_batch = rows_per_statement(backend, columns.len());
    let mut inserted = 0u64;
    let mut left = rows.len();
    let mut rows = rows.into_iter();
    while left > 0 {
        let n = if left >= per_batch { per_batch } else { 1 << left.ilog2() };
        left -= n;
        let sql = insert_sql(backend, table, columns, n, suffix);
        let mut q = sqlx::query(&sql);
        for row in rows.by_ref().take(n) {
            assert_eq!(row.len(), columns.len(), "row width must match columns of {table}");
            for v in row {
                q = bind(q, v);
            }
        }
        inserted += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}

fn insert_sql(backend: Backend, table: &str, columns: &[&str], rows: usize, suffix: &str) -> String {
    let mut sql = String::with_capacity(64 + rows * columns.len() * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&columns.join(", "));
    sql.push_str(") VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
            }
        }
        sql.push(')');
    }
    sql.push(' ');
    sql.push_str(suffix);
    sql
}

#[cfg(test)]
mod tests {
    use crate::Backend;

    #[test]
    fn builds_numbered_placeholders_in_order() {
        assert_eq!(
            super::insert_sql(Backend::Postgres, "t", &["a", "b"], 2, "ON CONFLICT DO NOTHING"),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            super::insert_sql(Backend::Sqlite, "t", &["a", "b"], 2, "ON CONFLICT DO NOTHING"),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING"
        );
    }

    #[test]
    fn statements_come_in_few_sizes() {
        assert_eq!(super::rows_per_statement(Backend::Sqlite, 17), 1024);
        assert_eq!(super::rows_per_statement(Backend::Sqlite, 40), 512);
        assert_eq!(super::rows_per_statement(Backend::Postgres, 17), 1024);
    }
}
