//! What a component pays on: the [`Measure`] (a person's credited result,
//! an order's value at a stage, or a unit's P&L figure), the [`Grain`] the
//! data gives it at, and the [`Booking`] an order's value books on.

use crate::orders::Stage;
use serde::{Deserialize, Serialize};

/// When an order's value books for stage-based and order-value pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Booking {
    /// At the contract (less what a cancel leaves unshipped).
    Contract,
    /// At each shipment.
    Shipment,
    /// At each payment (less refunds): cash actually collected.
    Payment,
}

impl Booking {
    /// Every booking, in the order of an order's life.
    pub const ALL: [Booking; 3] = [Booking::Contract, Booking::Shipment, Booking::Payment];

    /// Code used in pay plan files.
    pub fn as_str(&self) -> &'static str {
        match self {
            Booking::Contract => "contract",
            Booking::Shipment => "shipment",
            Booking::Payment => "payment",
        }
    }

    /// The booking a stage amount counts for: a cancel takes back contract
    /// value, a refund takes back payment.
    pub fn of(stage: Stage) -> Booking {
        match stage {
            Stage::Contract | Stage::Cancelled => Booking::Contract,
            Stage::Shipped => Booking::Shipment,
            Stage::Paid | Stage::Refunded => Booking::Payment,
        }
    }

    /// Name on a statement.
    pub fn label(&self) -> (&'static str, &'static str) {
        match self {
            Booking::Contract => ("签约", "contract"),
            Booking::Shipment => ("发货", "shipment"),
            Booking::Payment => ("回款", "payment"),
        }
    }
}

/// The figure a component pays on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A person's credited sales net of refunds (`CreditDay`: sales + refunds).
    Sales,
    /// A person's credited gross profit (sales + refunds + COGS).
    GrossProfit,
    /// Credited gross profit less the person's share of the unit's platform,
    /// fulfilment and ad costs (split over the role's credited sales).
    Contribution,
    /// Units sold credited to the person.
    Units,
    /// Orders credited to the person.
    Orders,
    /// Cash collected credited to the person (payments less refunds).
    CashCollected,
    /// Order value booked at one stage (contract, shipment or payment).
    OrderValue(Booking),
    /// The unit's sales net of refunds (its P&L).
    UnitSales,
    /// The unit's sales + refunds + COGS.
    UnitGrossProfit,
    /// The unit's gross profit less platform, fulfilment and ad costs.
    UnitContribution,
    /// The unit's added value (附加值).
    UnitAddedValue,
    /// The unit's profit.
    UnitProfit,
}

/// Where a measure's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// Per person, from credit (or the person's stage amounts).
    Person,
    /// Per unit, from the unit's P&L.
    Unit,
}

impl Measure {
    /// Code used in pay plan files (`order_value` takes `books_on`).
    pub fn code(&self) -> &'static str {
        match self {
            Measure::Sales => "sales",
            Measure::GrossProfit => "gross_profit",
            Measure::Contribution => "contribution",
            Measure::Units => "units",
            Measure::Orders => "orders",
            Measure::CashCollected => "cash_collected",
            Measure::OrderValue(_) => "order_value",
            Measure::UnitSales => "unit_sales",
            Measure::UnitGrossProfit => "unit_gross_profit",
            Measure::UnitContribution => "unit_contribution",
            Measure::UnitAddedValue => "unit_added_value",
            Measure::UnitProfit => "unit_profit",
        }
    }

    /// Every code a plan file may write for `base`.
    pub const CODES: [&'static str; 12] = [
        "sales",
        "gross_profit",
        "contribution",
        "units",
        "orders",
        "cash_collected",
        "order_value",
        "unit_sales",
        "unit_gross_profit",
        "unit_contribution",
        "unit_added_value",
        "unit_profit",
    ];

    /// Reads a code; `order_value` needs its booking.
    pub fn from_code(code: &str, books_on: Option<Booking>) -> Option<Measure> {
        Some(match code {
            "sales" => Measure::Sales,
            "gross_profit" => Measure::GrossProfit,
            "contribution" => Measure::Contribution,
            "units" => Measure::Units,
            "orders" => Measure::Orders,
            "cash_collected" => Measure::CashCollected,
            "order_value" => Measure::OrderValue(books_on?),
            "unit_sales" => Measure::UnitSales,
            "unit_gross_profit" => Measure::UnitGrossProfit,
            "unit_contribution" => Measure::UnitContribution,
            "unit_added_value" => Measure::UnitAddedValue,
            "unit_profit" => Measure::UnitProfit,
            _ => return None,
        })
    }

    /// Whether the figure is per person or per unit.
    pub fn grain(&self) -> Grain {
        match self {
            Measure::UnitSales | Measure::UnitGrossProfit | Measure::UnitContribution | Measure::UnitAddedValue | Measure::UnitProfit => {
                Grain::Unit
            }
            _ => Grain::Person,
        }
    }

    /// Whether the figure is a count (units, orders): its rate is money per
    /// count, not a fraction.
    pub fn is_count(&self) -> bool {
        matches!(self, Measure::Units | Measure::Orders)
    }

    /// Name on a statement.
    pub fn label(&self) -> (&'static str, &'static str) {
        match self {
            Measure::Sales => ("业绩销售额", "credited sales"),
            Measure::GrossProfit => ("毛利", "gross profit"),
            Measure::Contribution => ("贡献利润", "contribution"),
            Measure::Units => ("销量", "units"),
            Measure::Orders => ("订单数", "orders"),
            Measure::CashCollected => ("回款", "cash collected"),
            Measure::OrderValue(Booking::Contract) => ("签约额", "contract value"),
            Measure::OrderValue(Booking::Shipment) => ("发货额", "shipped value"),
            Measure::OrderValue(Booking::Payment) => ("回款额", "paid value"),
            Measure::UnitSales => ("巴销售额", "unit sales"),
            Measure::UnitGrossProfit => ("巴毛利", "unit gross profit"),
            Measure::UnitContribution => ("巴贡献利润", "unit contribution"),
            Measure::UnitAddedValue => ("巴附加值", "unit added value"),
            Measure::UnitProfit => ("巴利润", "unit profit"),
        }
    }
}
