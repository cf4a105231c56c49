//! Pay plan files (提成方案): checked whole against the organisation and
//! the stored versions (`amoeba_import::pay_plan::check`), stored as a new
//! version with the file's text and the plan it reads as; every version
//! stays readable.

use super::PayRefusal;
use crate::{AppError, Result};
use amoeba_core::incentive::PayPlan;
use amoeba_core::Refusal;
use amoeba_import::pay_plan;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::pay_repo::{NewPlan, PlanRow, PlanSaved};
use amoeba_store::{Db, StoreError};
use sha2::{Digest, Sha256};

/// A stored version with the plan it reads as.
#[derive(Debug, Clone)]
pub struct StoredPlan {
    /// The row (file, who, when).
    pub row: PlanRow,
    /// The plan.
    pub plan: PayPlan,
}

/// Every stored version, by code and version.
pub async fn stored_plans(db: &Db, company: &CompanyRow) -> Result<Vec<StoredPlan>> {
    db.pay_plans(company.id)
        .await?
        .into_iter()
        .map(|row| {
            let plan = serde_json::from_str(&row.plan).map_err(|e| {
                AppError::Store(StoreError::Corrupt(format!("pay plan {} v{} does not read back: {e}", row.code, row.version)))
            })?;
            Ok(StoredPlan { row, plan })
        })
        .collect()
}

/// The file's bytes as text (UTF-8, a byte-order mark dropped).
pub fn text_of<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str> {
    let text = std::str::from_utf8(bytes).map_err(|e| Refusal::NotUtf8 { file: file.to_string(), byte: e.valid_up_to() })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Checks a pay plan file whole (nothing is stored): the plan, or every
/// problem with its line and key path.
pub async fn check_plan_file(db: &Db, company: &CompanyRow, file: &str, text: &str) -> Result<PayPlan> {
    let org = db.load_org(company.id).await?;
    let stored: Vec<PayPlan> = stored_plans(db, company).await?.into_iter().map(|s| s.plan).collect();
    pay_plan::check(text, &org, &stored).map_err(|errors| AppError::PayPlanFile { file: file.to_string(), errors })
}

/// What importing a pay plan file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanImported {
    /// Plan code.
    pub code: String,
    /// Version.
    pub version: u32,
    /// Display name.
    pub name: String,
    /// Added, replaced (a draft's version) or unchanged.
    pub outcome: PlanSaved,
}

/// Checks a pay plan file and stores it as a version (all or nothing): a
/// new number adds a version; the same file again changes nothing; a
/// changed file with a stored number replaces that version unless a run
/// that is not a draft paid by it (then refused: import a new version).
pub async fn import_plan_file(db: &Db, company: &CompanyRow, file: &str, text: &str, by: &str) -> Result<PlanImported> {
    let plan = check_plan_file(db, company, file, text).await?;
    let json = serde_json::to_string(&plan).map_err(|e| AppError::Internal(format!("a pay plan does not serialise: {e}")))?;
    let sha = hex::encode(Sha256::digest(text.as_bytes()));
    let new = NewPlan {
        code: &plan.code,
        version: plan.version,
        name: &plan.name,
        effective_from: plan.effective.from.to_string(),
        effective_to: plan.effective.to.map(|d| d.to_string()),
        file_name: file,
        file_text: text,
        file_sha256: &sha,
        plan: &json,
        by,
    };
    let outcome = db.save_pay_plan(company.id, &new).await?;
    if let PlanSaved::Paid { month, status } = outcome {
        return Err(PayRefusal::PlanPaid { code: plan.code, version: plan.version, month, status }.into());
    }
    Ok(PlanImported { code: plan.code.clone(), version: plan.version, name: plan.name.clone(), outcome })
}
