//! The organisation: company, unit tree, people, roles and effective-dated
//! assignments, project groups, stores and SKUs.
//!
//! Entities refer to each other by their codes (the identifiers finance staff
//! type in files). [`Org::validate`] checks the whole picture at once and
//! returns every problem with the entity, index and field it concerns, so an
//! importer can point at the file line.

mod model;
mod problem;
mod query;
mod roles;
mod tree;
mod validate;

pub use model::*;
pub use problem::OrgProblem;
pub use roles::{standard_role, StandardRole, STANDARD_ROLES};
pub use tree::{OrgTree, PersonRef, UnitNode};
pub use validate::OrgError;
