//! One error type for every use case, with messages that name the file and
//! render in the reader's language.

use amoeba_core::accounting::PnlError;
use amoeba_core::{Lang, Refusal};
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
    /// A pay plan file was refused: every problem with its line and key path.
    #[error("{file}: {errors}")]
    PayPlanFile {
        /// File name as given.
        file: String,
        /// Every problem found.
        errors: amoeba_import::pay_plan::PayPlanErrors,
    },
    /// A pay request was refused (a month not closed, a locked run…).
    #[error("{0}")]
    Pay(crate::pay::PayRefusal),
    /// A month cannot be closed until its problems are fixed.
    #[error("period {month} cannot be closed ({} problem(s); nothing was stored):{}", .problems.len(), .problems.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    NotClosable {
        /// The month.
        month: amoeba_core::Month,
        /// Every problem, worded for the person fixing it.
        problems: Vec<PnlError>,
    },
    /// A request refused for a reason the user can act on.
    #[error("{0}")]
    Refused(Refusal),
    /// A goal or engagement request refused (a core rule or the state of a
    /// draw, a contest…), worded for the reader.
    #[error("{0}")]
    Engage(crate::engage_refusal::EngageRefusal),
    /// Something that should never happen (a worker thread stopped, a
    /// snapshot did not serialise); the words are for whoever reads the log.
    #[error("internal error: {0}")]
    Internal(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        AppError::Refused(r)
    }
}

impl From<crate::pay::PayRefusal> for AppError {
    fn from(r: crate::pay::PayRefusal) -> Self {
        AppError::Pay(r)
    }
}

impl AppError {
    /// The error as the reader should see it, in `lang`: refusals and
    /// refused files in their words; database faults as the driver said.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            AppError::File { file, errors } => format!("{file}: {}", errors.render(lang)),
            AppError::OrgFile { file, errors } => format!("{file}: {}", errors.render(lang)),
            AppError::PayPlanFile { file, errors } => format!("{file}: {}", errors.render(lang)),
            AppError::Pay(r) => r.render(lang),
            AppError::NotClosable { month, problems } => {
                let mut out = match lang {
                    Lang::En => format!("period {month} cannot be closed ({} problem(s); nothing was stored):", problems.len()),
                    Lang::Zh => format!("{month} 期间不能结账（{} 个问题；未保存任何内容）：", problems.len()),
                };
                for p in problems {
                    out.push_str("\n  ");
                    out.push_str(&p.render(lang));
                }
                out
            }
            AppError::Refused(r) | AppError::Store(StoreError::Refused(r)) => r.render(lang),
            AppError::Engage(r) => r.render(lang),
            AppError::Store(StoreError::RowsRefused(rows)) => {
                let mut out = match lang {
                    Lang::En => format!("{} row(s) refused; nothing was stored:", rows.len()),
                    Lang::Zh => format!("{} 行被拒收；未保存任何内容：", rows.len()),
                };
                for r in rows.iter().take(amoeba_store::MAX_ROW_PROBLEMS) {
                    out.push_str("\n  ");
                    out.push_str(&r.render(lang));
                }
                out
            }
            other => other.to_string(),
        }
    }

    /// The refusal inside, if this is one the user can act on.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            AppError::Refused(r) | AppError::Store(StoreError::Refused(r)) => Some(r),
            _ => None,
        }
    }
}
