//! The lines of a unit P&L and how fact kinds land on them.

use crate::ledger::FactKind;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A line of the amoeba P&L. Codes (`as_str`) are shared by reports, plans
/// (`plans` import) and the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PnlLine {
    /// External sales to customers (incl. shipping charged), net of promotions.
    Sales,
    /// Internal sales: what a service centre charges other units.
    InternalSales,
    /// Refunds to customers.
    Refunds,
    /// Cost of goods sold at landed cost.
    Cogs,
    /// Marketplace referral fees / commissions and subscriptions.
    PlatformFees,
    /// Fulfilment fees.
    Fulfilment,
    /// Storage fees.
    Storage,
    /// Advertising spend.
    Ads,
    /// Head-haul freight.
    Freight,
    /// Reimbursements, other income and other expenses, adjustments.
    Other,
    /// Internal purchases: what the unit is charged by service centres.
    InternalPurchases,
    /// Shared costs allocated to (negative) or away from (positive) the unit.
    Allocated,
    /// Subtotal: everything above (sales + internal sales − non-labour expenses).
    AddedValue,
    /// Labour cost.
    Labour,
    /// Added value − labour.
    Profit,
    /// Hours worked (not money; used for hourly efficiency and plans).
    Hours,
}

impl PnlLine {
    /// Every line in report order.
    pub const ALL: [PnlLine; 16] = [
        PnlLine::Sales,
        PnlLine::InternalSales,
        PnlLine::Refunds,
        PnlLine::Cogs,
        PnlLine::PlatformFees,
        PnlLine::Fulfilment,
        PnlLine::Storage,
        PnlLine::Ads,
        PnlLine::Freight,
        PnlLine::Other,
        PnlLine::InternalPurchases,
        PnlLine::Allocated,
        PnlLine::AddedValue,
        PnlLine::Labour,
        PnlLine::Profit,
        PnlLine::Hours,
    ];

    /// Lines that are booked directly from facts (the rest are subtotals or hours).
    pub const BOOKED: [PnlLine; 12] = [
        PnlLine::Sales,
        PnlLine::InternalSales,
        PnlLine::Refunds,
        PnlLine::Cogs,
        PnlLine::PlatformFees,
        PnlLine::Fulfilment,
        PnlLine::Storage,
        PnlLine::Ads,
        PnlLine::Freight,
        PnlLine::Other,
        PnlLine::InternalPurchases,
        PnlLine::Allocated,
    ];

    /// Stable code.
    pub fn as_str(&self) -> &'static str {
        match self {
            PnlLine::Sales => "sales",
            PnlLine::InternalSales => "internal_sales",
            PnlLine::Refunds => "refunds",
            PnlLine::Cogs => "cogs",
            PnlLine::PlatformFees => "platform_fees",
            PnlLine::Fulfilment => "fulfilment",
            PnlLine::Storage => "storage",
            PnlLine::Ads => "ads",
            PnlLine::Freight => "freight",
            PnlLine::Other => "other",
            PnlLine::InternalPurchases => "internal_purchases",
            PnlLine::Allocated => "allocated",
            PnlLine::AddedValue => "added_value",
            PnlLine::Labour => "labour",
            PnlLine::Profit => "profit",
            PnlLine::Hours => "hours",
        }
    }

    /// Chinese label for pages and exports.
    pub fn label_zh(&self) -> &'static str {
        match self {
            PnlLine::Sales => "销售额",
            PnlLine::InternalSales => "内部销售",
            PnlLine::Refunds => "退款",
            PnlLine::Cogs => "商品成本",
            PnlLine::PlatformFees => "平台佣金",
            PnlLine::Fulfilment => "配送费",
            PnlLine::Storage => "仓储费",
            PnlLine::Ads => "广告费",
            PnlLine::Freight => "头程运费",
            PnlLine::Other => "其他收支",
            PnlLine::InternalPurchases => "内部采购",
            PnlLine::Allocated => "分摊费用",
            PnlLine::AddedValue => "附加值",
            PnlLine::Labour => "人工成本",
            PnlLine::Profit => "利润",
            PnlLine::Hours => "总工时",
        }
    }

    /// English label for pages and exports.
    pub fn label_en(&self) -> &'static str {
        match self {
            PnlLine::Sales => "Sales",
            PnlLine::InternalSales => "Internal sales",
            PnlLine::Refunds => "Refunds",
            PnlLine::Cogs => "COGS",
            PnlLine::PlatformFees => "Platform fees",
            PnlLine::Fulfilment => "Fulfilment",
            PnlLine::Storage => "Storage",
            PnlLine::Ads => "Advertising",
            PnlLine::Freight => "Freight",
            PnlLine::Other => "Other income/expense",
            PnlLine::InternalPurchases => "Internal purchases",
            PnlLine::Allocated => "Allocated cost",
            PnlLine::AddedValue => "Added value",
            PnlLine::Labour => "Labour",
            PnlLine::Profit => "Profit",
            PnlLine::Hours => "Hours",
        }
    }

    /// The line a money fact lands on; `None` for facts outside the P&L
    /// (metrics, tax, transfers). Internal charges land on internal sales
    /// for the provider (positive) and internal purchases for the user.
    pub fn for_fact(kind: FactKind, amount: Decimal) -> Option<PnlLine> {
        Some(match kind {
            FactKind::Sale | FactKind::Promotion => PnlLine::Sales,
            FactKind::Refund => PnlLine::Refunds,
            FactKind::PlatformFee => PnlLine::PlatformFees,
            FactKind::FulfilmentFee => PnlLine::Fulfilment,
            FactKind::StorageFee => PnlLine::Storage,
            FactKind::AdSpend => PnlLine::Ads,
            FactKind::Cogs => PnlLine::Cogs,
            FactKind::Freight => PnlLine::Freight,
            FactKind::Reimbursement | FactKind::OtherIncome | FactKind::OtherExpense | FactKind::Adjustment => PnlLine::Other,
            FactKind::InternalCharge if amount.is_sign_negative() => PnlLine::InternalPurchases,
            FactKind::InternalCharge => PnlLine::InternalSales,
            FactKind::Allocation => PnlLine::Allocated,
            FactKind::AdSales | FactKind::Tax | FactKind::Transfer => return None,
        })
    }
}

impl FromStr for PnlLine {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        PnlLine::ALL.iter().copied().find(|l| l.as_str() == t).ok_or_else(|| {
            let all: Vec<&str> = PnlLine::ALL.iter().map(|l| l.as_str()).collect();
            format!("unknown P&L line '{s}' (expected one of: {})", all.join(", "))
        })
    }
}

impl fmt::Display for PnlLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_money_kind_but_pass_through_lands_on_a_booked_line() {
        for k in FactKind::ALL {
            match PnlLine::for_fact(k, Decimal::ONE) {
                Some(l) => assert!(PnlLine::BOOKED.contains(&l), "{k} -> {l}"),
                None => assert!(!k.affects_profit(), "{k} affects profit but has no line"),
            }
        }
    }

    #[test]
    fn codes_round_trip() {
        for l in PnlLine::ALL {
            assert_eq!(l.as_str().parse::<PnlLine>().unwrap(), l);
        }
    }
}
