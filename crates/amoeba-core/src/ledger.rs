//! The facts ledger: every sale, refund, fee, cost and FX movement is an
//! immutable fact that carries its source. These are the records importers
//! produce and the accounting engines consume.
//!
//! Sign convention (the one Amazon settlement reports use): money that comes
//! into the unit is positive, money that goes out is negative. A sale of
//! 20.00 is `+20.00`; its referral fee is `-3.00`; a refund is negative.
//! Metric kinds (such as ad-attributed sales) carry a positive figure and
//! never enter profit.

use crate::money::Currency;
use crate::period::Month;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a fact is. The text form (`as_str`) is what files and the database use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// Product revenue (principal, shipping and gift-wrap charged to the buyer).
    Sale,
    /// Money returned to buyers (negative).
    Refund,
    /// Promotions and discounts given to buyers (negative).
    Promotion,
    /// Marketplace referral fee / commission.
    PlatformFee,
    /// Fulfilment fees (FBA pick & pack, weight handling, shipping labels).
    FulfilmentFee,
    /// Warehouse storage fees including long-term storage.
    StorageFee,
    /// Advertising spend.
    AdSpend,
    /// Sales attributed to ads — a metric, not money.
    AdSales,
    /// Marketplace reimbursements (lost or damaged inventory).
    Reimbursement,
    /// Cost of goods sold at landed cost (purchase + head-haul).
    Cogs,
    /// Head-haul (first-mile) freight not already inside landed cost.
    Freight,
    /// Any other income.
    OtherIncome,
    /// Any other expense (rent, utilities, software, …).
    OtherExpense,
    /// A charge between a service centre and a profit centre (internal).
    InternalCharge,
    /// A share of a shared cost allocated by a driver.
    Allocation,
    /// A correction booked in an open period pointing at what it corrects.
    Adjustment,
    /// Sales tax / VAT collected and remitted (pass-through, not profit).
    Tax,
    /// Transfers and reserves that move cash but are not income or expense.
    Transfer,
}

impl FactKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [FactKind; 18] = [
        FactKind::Sale,
        FactKind::Refund,
        FactKind::Promotion,
        FactKind::PlatformFee,
        FactKind::FulfilmentFee,
        FactKind::StorageFee,
        FactKind::AdSpend,
        FactKind::AdSales,
        FactKind::Reimbursement,
        FactKind::Cogs,
        FactKind::Freight,
        FactKind::OtherIncome,
        FactKind::OtherExpense,
        FactKind::InternalCharge,
        FactKind::Allocation,
        FactKind::Adjustment,
        FactKind::Tax,
        FactKind::Transfer,
    ];

    /// Stable text code used in files and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            FactKind::Sale => "sale",
            FactKind::Refund => "refund",
            FactKind::Promotion => "promotion",
            FactKind::PlatformFee => "platform_fee",
            FactKind::FulfilmentFee => "fulfilment_fee",
            FactKind::StorageFee => "storage_fee",
            FactKind::AdSpend => "ad_spend",
            FactKind::AdSales => "ad_sales",
            FactKind::Reimbursement => "reimbursement",
            FactKind::Cogs => "cogs",
            FactKind::Freight => "freight",
            FactKind::OtherIncome => "other_income",
            FactKind::OtherExpense => "other_expense",
            FactKind::InternalCharge => "internal_charge",
            FactKind::Allocation => "allocation",
            FactKind::Adjustment => "adjustment",
            FactKind::Tax => "tax",
            FactKind::Transfer => "transfer",
        }
    }

    /// The kind's name in a language (pages show names, files keep codes).
    pub fn label(&self, lang: crate::Lang) -> &'static str {
        let (zh, en) = match self {
            FactKind::Sale => ("销售", "Sale"),
            FactKind::Refund => ("退款", "Refund"),
            FactKind::Promotion => ("促销折扣", "Promotion"),
            FactKind::PlatformFee => ("平台佣金", "Platform fee"),
            FactKind::FulfilmentFee => ("配送费", "Fulfilment fee"),
            FactKind::StorageFee => ("仓储费", "Storage fee"),
            FactKind::AdSpend => ("广告费", "Ad spend"),
            FactKind::AdSales => ("广告销售额", "Ad sales"),
            FactKind::Reimbursement => ("平台赔偿", "Reimbursement"),
            FactKind::Cogs => ("销售成本", "COGS"),
            FactKind::Freight => ("头程运费", "Freight"),
            FactKind::OtherIncome => ("其他收入", "Other income"),
            FactKind::OtherExpense => ("其他费用", "Other expense"),
            FactKind::InternalCharge => ("内部结算", "Internal charge"),
            FactKind::Allocation => ("费用分摊", "Allocation"),
            FactKind::Adjustment => ("调整", "Adjustment"),
            FactKind::Tax => ("税费", "Tax"),
            FactKind::Transfer => ("资金划转", "Transfer"),
        };
        lang.pick(zh, en)
    }

    /// Whether the figure is money (false for metric kinds like ad sales).
    pub fn is_money(&self) -> bool {
        !matches!(self, FactKind::AdSales)
    }

    /// Whether the amount enters the unit's profit and loss. Tax and
    /// transfers move cash but are neither income nor expense.
    pub fn affects_profit(&self) -> bool {
        self.is_money() && !matches!(self, FactKind::Tax | FactKind::Transfer)
    }
}

impl FromStr for FactKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        let alias = match t.as_str() {
            "fulfillment_fee" => "fulfilment_fee",
            "ads" | "advertising" => "ad_spend",
            "cost_of_goods" => "cogs",
            other => other,
        };
        FactKind::ALL.iter().copied().find(|k| k.as_str() == alias).ok_or_else(|| {
            let all: Vec<&str> = FactKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown fact kind '{s}' (expected one of: {})", all.join(", "))
        })
    }
}

impl fmt::Display for FactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a record came from: the import and the 1-based line in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Line number in the source file (1-based, header is line 1).
    pub line: u64,
}

/// One fact as an importer hands it over, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactRecord {
    /// Business day of the fact in the store's (or company's) time zone.
    pub date: NaiveDate,
    /// Exact instant, when the source gives one.
    pub occurred_at: Option<DateTime<FixedOffset>>,
    /// Store code the fact belongs to (marketplace facts).
    pub store: Option<crate::accounting::Code>,
    /// Unit code the fact belongs to (facts without a store: rent, freight…).
    pub unit: Option<String>,
    /// SKU code, if any.
    pub sku: Option<crate::accounting::Code>,
    /// Marketplace order id, if any.
    pub order_id: Option<crate::accounting::Code>,
    /// Buyer id (hashed or as the marketplace gives it), for repurchase/LTV.
    pub customer_id: Option<String>,
    /// Units of product involved (shipped for sales, returned for refunds).
    pub quantity: i64,
    /// What the fact is.
    pub kind: FactKind,
    /// Signed amount in `currency` (see module docs for the sign convention).
    pub amount: Decimal,
    /// Currency of `amount`.
    pub currency: Currency,
    /// The source's own description (e.g. settlement amount-description).
    pub memo: Option<crate::accounting::Code>,
    /// For adjustments: the fingerprint or reference of the fact corrected.
    pub corrects: Option<String>,
    /// Line in the source file.
    pub line: u64,
}

/// One fact borrowed from where it was read (a settlement line, a decoded
/// block), its amount in ten-thousandths of its currency: the shape an
/// importer hands over and the store encodes, so neither knows the other's
/// insides and no line is copied into owned strings on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactRef<'a> {
    /// Line in the source file.
    pub line: u64,
    /// Business day.
    pub day: NaiveDate,
    /// Exact instant, when the source gave one.
    pub occurred_at: Option<DateTime<FixedOffset>>,
    /// Kind.
    pub kind: FactKind,
    /// Amount in 1/10000 of `currency` (`money::SOURCE_SCALE`).
    pub amount: i64,
    /// Units.
    pub quantity: i64,
    /// Source currency.
    pub currency: Currency,
    /// SKU.
    pub sku: Option<&'a str>,
    /// Order id.
    pub order_id: Option<&'a str>,
    /// The source's description.
    pub memo: Option<&'a str>,
}

impl FactRecord {
    /// The fact as the store takes it, given its amount already in
    /// ten-thousandths of its currency (`money::to_source_units`).
    pub fn as_fact_ref(&self, amount: i64) -> FactRef<'_> {
        FactRef {
            line: self.line,
            day: self.date,
            occurred_at: self.occurred_at,
            kind: self.kind,
            amount,
            quantity: self.quantity,
            currency: self.currency,
            sku: self.sku.as_deref(),
            order_id: self.order_id.as_deref(),
            memo: self.memo.as_deref(),
        }
    }
}

/// An exchange rate: how many units of the base currency one unit of
/// `currency` buys on `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FxRate {
    /// Day the rate applies from.
    pub date: NaiveDate,
    /// Foreign currency.
    pub currency: Currency,
    /// Base-currency units per one unit of `currency`.
    pub rate: Decimal,
    /// Line in the source file.
    pub line: u64,
}

/// When hours were worked: a single day or a whole month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoursPeriod {
    /// Hours of one day.
    Day(NaiveDate),
    /// Hours of a whole month.
    Month(Month),
}

/// Working hours and labour cost of a person in a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoursRecord {
    /// Person code.
    pub person: String,
    /// Unit code the hours were worked for.
    pub unit: String,
    /// Day or month.
    pub period: HoursPeriod,
    /// Regular hours.
    pub hours: Decimal,
    /// Overtime hours.
    pub overtime_hours: Decimal,
    /// Labour cost in the base currency for the period (salary, social
    /// insurance, overtime pay). Zero when payroll is loaded elsewhere.
    pub labour_cost: Decimal,
    /// Line in the source file.
    pub line: u64,
}

/// One line of a unit's monthly plan (budget).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRecord {
    /// Unit code.
    pub unit: String,
    /// Month planned.
    pub month: Month,
    /// P&L line code (e.g. `sales`, `profit`, `added_value`, `hours`).
    pub line: String,
    /// Planned amount in the base currency (or hours for `hours`).
    pub amount: Decimal,
    /// Line in the source file.
    pub line_no: u64,
}

/// Units on hand and inbound for one SKU in one store on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryRecord {
    /// Snapshot day.
    pub date: NaiveDate,
    /// Store code.
    pub store: String,
    /// SKU code.
    pub sku: String,
    /// Sellable units on hand.
    pub on_hand: i64,
    /// Units inbound (shipped to the warehouse, not yet received).
    pub inbound: i64,
    /// Line in the source file.
    pub line: u64,
}

/// Traffic and sales of one store (and SKU) over one day or a report's
/// days: what an operator report explains changes with. A figure the
/// source does not report is `None`, never 0 (Amazon's business report has
/// no impressions or inquiries; an Alibaba.com export no page views).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrafficRecord {
    /// First day covered (the day, for daily data).
    pub first_day: NaiveDate,
    /// Last day covered: a business report downloaded for a week covers
    /// seven days that cannot be told apart.
    pub last_day: NaiveDate,
    /// Store code.
    pub store: String,
    /// SKU, when the row is a product's.
    pub sku: Option<String>,
    /// Amazon child ASIN.
    pub asin: Option<String>,
    /// Amazon parent ASIN.
    pub parent_asin: Option<String>,
    /// Product title as the source writes it.
    pub title: Option<String>,
    /// Search impressions (曝光).
    pub impressions: Option<i64>,
    /// Clicks (点击).
    pub clicks: Option<i64>,
    /// Sessions (Amazon) or visitors (访客).
    pub sessions: Option<i64>,
    /// Page views.
    pub page_views: Option<i64>,
    /// Inquiries (询盘 / 反馈).
    pub inquiries: Option<i64>,
    /// Orders (Amazon: order items, the count the report gives).
    pub orders: Option<i64>,
    /// Units ordered.
    pub units: Option<i64>,
    /// Ordered sales in `currency`.
    pub sales: Option<Decimal>,
    /// Currency of `sales`.
    pub currency: Option<Currency>,
    /// Share of page views with the Buy Box (featured offer), 0..=1.
    pub buy_box_share: Option<Decimal>,
    /// Line in the source file.
    pub line: u64,
}

/// When a traffic file's days begin and end, per kind of figure: a day of
/// Alibaba.com traffic is a US Pacific day while its inquiries are counted
/// on China time, so "Monday" means two different 24 hours in one file.
/// Carried with the file's records so a report can say which day it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataCut {
    /// Zone of impressions, clicks, sessions and page views.
    pub traffic_zone: chrono_tz::Tz,
    /// Zone of orders, units and sales.
    pub orders_zone: chrono_tz::Tz,
    /// Zone of inquiries.
    pub inquiries_zone: chrono_tz::Tz,
}

impl DataCut {
    /// Every figure cut in one zone (Amazon: the marketplace's).
    pub fn uniform(zone: chrono_tz::Tz) -> Self {
        DataCut { traffic_zone: zone, orders_zone: zone, inquiries_zone: zone }
    }

    /// Alibaba.com's data manager: traffic on US Pacific time, orders and
    /// inquiries on China time.
    pub fn alibaba() -> Self {
        DataCut {
            traffic_zone: chrono_tz::America::Los_Angeles,
            orders_zone: chrono_tz::Asia::Shanghai,
            inquiries_zone: chrono_tz::Asia::Shanghai,
        }
    }

    /// The statement a report prints under its figures.
    pub fn render(&self, lang: crate::Lang) -> String {
        let (t, o, i) = (self.traffic_zone.name(), self.orders_zone.name(), self.inquiries_zone.name());
        if t == o && o == i {
            return match lang {
                crate::Lang::Zh => format!("所有数据按 {t} 时区的自然日统计"),
                crate::Lang::En => format!("every figure is counted by the day in {t}"),
            };
        }
        match lang {
            crate::Lang::Zh => format!("流量按 {t} 时区的自然日统计，订单按 {o}，询盘按 {i}"),
            crate::Lang::En => format!("traffic is counted by the day in {t}, orders in {o}, inquiries in {i}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_accept_aliases() {
        for k in FactKind::ALL {
            assert_eq!(k.as_str().parse::<FactKind>().unwrap(), k);
        }
        assert_eq!("Fulfillment Fee".parse::<FactKind>().unwrap(), FactKind::FulfilmentFee);
        let err = "salez".parse::<FactKind>().unwrap_err();
        assert!(err.contains("expected one of"), "{err}");
    }

    #[test]
    fn a_data_cut_states_its_zones() {
        assert_eq!(
            DataCut::alibaba().render(crate::Lang::En),
            "traffic is counted by the day in America/Los_Angeles, orders in Asia/Shanghai, inquiries in Asia/Shanghai"
        );
        assert!(DataCut::uniform(chrono_tz::Europe::Berlin).render(crate::Lang::Zh).contains("Europe/Berlin 时区"));
    }

    #[test]
    fn only_money_kinds_affect_profit() {
        assert!(!FactKind::AdSales.affects_profit());
        assert!(!FactKind::Tax.affects_profit());
        assert!(FactKind::Cogs.affects_profit());
    }
}
