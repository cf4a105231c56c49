//! The REST API under `/api/v1`: the same access policy as the pages,
//! authenticated by the session cookie (with `X-CSRF-Token` on POST) or an
//! `Authorization: Bearer` API token, documented by an OpenAPI document
//! generated from these handlers.

pub mod alerts;
pub mod credit;
pub mod docs;
pub mod engage;
pub mod figures;
pub mod imports;
pub mod me;
mod openapi;
pub mod operator;
pub mod org;
pub mod pay;
pub mod playbooks;
pub mod types;

pub use openapi::openapi_json;
