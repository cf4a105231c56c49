//! One error type for every use case, with messages that name the file.

use amoeba_import::org_file::OrgFileErrors;
use amoeba_import::ImportErrors;
use amoeba_store::StoreError;

/// Why a use case failed. Every variant means nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A data file was refused: its own errors and those of its rows
    /// against what is stored (unknown store, closed period…), together.
    #[error("{file}: {errors}")]
    File {
        /// File name as given.
        file: String,
        /// Every problem found.
        errors: ImportErrors,
    },
    /// An organisation file was refused.
    #[error("{file}: {errors}")]
    OrgFile {
        /// File name as given.
        file: String,
        /// Every problem found.
        errors: OrgFileErrors,
    },
    /// A month cannot be closed until its problems are fixed.
    #[error("period {month} cannot be closed ({} problem(s); nothing was stored):{}", .problems.len(), .problems.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    NotClosable {
        /// The month.
        month: amoeba_core::Month,
        /// Every problem, worded for the person fixing it.
        problems: Vec<String>,
    },
    /// A request that cannot be met as asked.
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
