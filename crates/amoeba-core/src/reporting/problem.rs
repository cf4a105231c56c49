//! The problems a month's figures leave out (a missing FX rate, a SKU
//! without landed cost…), in both languages, each with the units it
//! concerns, so a viewer is shown only their own (`identity::Viewer::problems`).

use crate::accounting::MonthPnl;
use crate::org::Org;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// A problem the figures leave out, in both languages, with the units it
/// concerns: none means the company as a whole (owners and finance only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
    /// Unit codes it concerns.
    pub units: Vec<String>,
}

impl Problem {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// The month's problems, each with the units it concerns (a store's problem
/// is its owners').
pub fn month_problems(pnl: &MonthPnl, org: &Org) -> Vec<Problem> {
    pnl.errors
        .iter()
        .map(|e| {
            let mut units: Vec<String> = e.units().into_iter().map(str::to_string).collect();
            if let Some(store) = e.store() {
                let owners = org.stores.iter().filter(|s| s.code == store).flat_map(|s| s.owners.iter().map(|o| o.unit.clone()));
                units.extend(owners);
            }
            Problem { zh: e.render(Lang::Zh), en: e.render(Lang::En), units }
        })
        .collect()
}

/// Most problems listed above a page (the rest are counted).
pub const MAX_PROBLEMS_SHOWN: usize = 20;
