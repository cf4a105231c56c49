//! The generic CSV formats Amoeba documents in `docs/formats.md`: one module
//! per file kind, each a column list, a row rule and a fingerprint rule.

mod facts;
mod fx;
mod hours;
mod inventory;
mod orders;
mod plans;
mod traffic;

pub use facts::{parse_facts, read_facts};
pub use fx::{parse_fx, read_fx};
pub use hours::{parse_hours, read_hours};
pub use inventory::{parse_inventory, read_inventory};
pub use orders::{orders_of, parse_orders, read_orders, FileOrder, OrderRow};
pub use plans::{parse_plans, read_plans, PLAN_LINES};
pub use traffic::{parse_amazon_business_report, parse_traffic, TrafficFile};

pub(crate) use facts::fact_fields;

#[cfg(test)]
pub(crate) mod test_util {
    use crate::{ImportErrors, Parsed};

    /// The errors as "line:column:message" strings, for compact assertions.
    pub fn describe(e: &ImportErrors) -> Vec<String> {
        e.errors.iter().map(|e| format!("{}:{}:{}", e.line, e.column.clone().unwrap_or_default(), e.reason)).collect()
    }

    /// The single error of a refusal that must have exactly one.
    pub fn only<T: std::fmt::Debug>(r: Result<Parsed<T>, ImportErrors>) -> String {
        let e = r.unwrap_err();
        let d = describe(&e);
        assert_eq!(d.len(), 1, "{d:#?}");
        d[0].clone()
    }
}
