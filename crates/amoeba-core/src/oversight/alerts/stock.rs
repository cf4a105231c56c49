//! Days of cover against two limits: above `max_days_of_cover` the stock is
//! overstock and its storage fee is shown from the marketplace's fee table;
//! below lead time + safety days the store will run out before a new
//! shipment can arrive. Days of cover = stock ÷ (units sold in the last 30
//! days ÷ 30), stock = on hand (+ inbound when the rule says so), the
//! definition of [`crate::accounting::metrics::days_of_cover`].

use super::{AlertDetail, Evaluation, Subject};
use crate::accounting::metrics::{COVER_WINDOW_DAYS, DAYS_DP};
use crate::money::{Currency, MONEY_DP};
use crate::oversight::exact::{count, rational, round_half_away};
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An extra monthly fee for units older than an age (Amazon's aged-inventory surcharge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedSurcharge {
    /// Units at least this many days old pay it.
    pub min_age_days: u32,
    /// Per volume unit per month.
    pub per_volume: Decimal,
}

/// A marketplace's storage fees, entered as data (they change every year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageFeeTable {
    /// Which marketplace (`amazon-us`, `amazon-de`…).
    pub marketplace: String,
    /// Currency of the fees.
    pub currency: Currency,
    /// What a volume unit is (`cubic foot`, `cubic metre`), for the page.
    pub volume_unit: String,
    /// Monthly fee per volume unit outside peak months.
    pub standard: Decimal,
    /// Monthly fee per volume unit in peak months.
    pub peak: Decimal,
    /// Peak months, 1..=12 (Amazon: October to December).
    #[serde(default)]
    pub peak_months: Vec<u32>,
    /// Aged-inventory surcharges; the highest band a unit's age reaches applies.
    #[serde(default)]
    pub aged_surcharges: Vec<AgedSurcharge>,
}

impl StorageFeeTable {
    /// The monthly fee per volume unit of a unit `age_days` old in `month` (1..=12).
    pub fn rate(&self, month: u32, age_days: u32) -> Decimal {
        let base = if self.peak_months.contains(&month) { self.peak } else { self.standard };
        let surcharge = self
            .aged_surcharges
            .iter()
            .filter(|s| age_days >= s.min_age_days)
            .max_by_key(|s| s.min_age_days)
            .map_or(Decimal::ZERO, |s| s.per_volume);
        base + surcharge
    }
}

/// Units of one age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockLot {
    /// Units.
    pub units: i64,
    /// Days since they arrived.
    pub age_days: u32,
}

/// One SKU's stock in one store, today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockInput {
    /// Store.
    pub store: String,
    /// SKU.
    pub sku: String,
    /// Units on hand, by age.
    pub on_hand: Vec<StockLot>,
    /// Units inbound (age 0 when they arrive).
    pub inbound: i64,
    /// Units sold in the last 30 days.
    pub sold_last_30_days: i64,
    /// Volume of one unit, in the fee table's volume unit.
    pub unit_volume: Decimal,
    /// Days from ordering to units sellable.
    pub lead_time_days: u32,
}

impl StockInput {
    fn on_hand_units(&self) -> i64 {
        self.on_hand.iter().map(|l| l.units).sum()
    }

    fn stock(&self, include_inbound: bool) -> i64 {
        self.on_hand_units() + if include_inbound { self.inbound } else { 0 }
    }

    /// Exact days of cover; `None` without sales in the window.
    fn cover(&self, include_inbound: bool) -> Option<BigRational> {
        (self.sold_last_30_days > 0).then(|| {
            BigRational::from_integer(BigInt::from(self.stock(include_inbound))) * count(COVER_WINDOW_DAYS as u64)
                / BigRational::from_integer(BigInt::from(self.sold_last_30_days))
        })
    }

    fn daily_sales(&self) -> Decimal {
        round_half_away(&(BigRational::from_integer(BigInt::from(self.sold_last_30_days)) / count(COVER_WINDOW_DAYS as u64)), DAYS_DP)
            .unwrap_or_default()
    }
}

/// Thresholds of the overstock alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverstockRule {
    /// Most days of cover before stock is overstock.
    pub max_days_of_cover: Decimal,
    /// Whether inbound units count as stock.
    #[serde(default)]
    pub include_inbound: bool,
}

/// Thresholds of the stock-out alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockOutRule {
    /// Days kept in hand beyond the lead time.
    pub safety_days: u32,
    /// Whether inbound units count as stock.
    #[serde(default = "yes")]
    pub include_inbound: bool,
}

fn yes() -> bool {
    true
}

/// The figures of an overstock alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overstock {
    /// Units counted as stock.
    pub stock: i64,
    /// Average units sold a day over the last 30 days, to 2 places.
    pub daily_sales: Decimal,
    /// Days of cover, to 2 places; `None`: nothing sold in 30 days.
    pub days_of_cover: Option<Decimal>,
    /// The rule's limit.
    pub max_days_of_cover: Decimal,
    /// Units beyond the limit: stock − ⌊limit × daily sales⌋.
    pub excess_units: i64,
    /// A month's storage fee of the excess units (oldest first, aged
    /// surcharges included), to the cent, in `currency`.
    pub excess_monthly_fee: Decimal,
    /// Of which aged-inventory surcharges.
    pub aged_surcharge: Decimal,
    /// The fee table's currency.
    pub currency: Currency,
}

impl Overstock {
    /// Why it fired, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let cover = |zh: bool| match (self.days_of_cover, zh) {
            (Some(d), true) => format!("可售 {d} 天"),
            (Some(d), false) => format!("{d} days of cover"),
            (None, true) => "近 30 天无销售".to_string(),
            (None, false) => "no sales in 30 days".to_string(),
        };
        match lang {
            Lang::Zh => format!(
                "库存 {} 件，日均销量 {}，{}，超过上限 {} 天；多出 {} 件，每月仓储费 {} {}（其中库龄附加费 {}）",
                self.stock,
                self.daily_sales,
                cover(true),
                self.max_days_of_cover,
                self.excess_units,
                self.excess_monthly_fee,
                self.currency,
                self.aged_surcharge
            ),
            Lang::En => format!(
                "{} units at {} a day: {}, above the limit of {} days; the {} excess units cost {} {} a month in storage ({} of it aged-inventory surcharge)",
                self.stock,
                self.daily_sales,
                cover(false),
                self.max_days_of_cover,
                self.excess_units,
                self.excess_monthly_fee,
                self.currency,
                self.aged_surcharge
            ),
        }
    }
}

/// The figures of a stock-out alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockOutRisk {
    /// Units counted as stock.
    pub stock: i64,
    /// Average units sold a day.
    pub daily_sales: Decimal,
    /// Days of cover, to 2 places.
    pub days_of_cover: Decimal,
    /// Lead time.
    pub lead_time_days: u32,
    /// The rule's safety days.
    pub safety_days: u32,
}

impl StockOutRisk {
    /// Why it fired, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let need = self.lead_time_days + self.safety_days;
        match lang {
            Lang::Zh => format!(
                "库存 {} 件，日均销量 {}，只够卖 {} 天，少于补货周期 {} 天 + 安全天数 {} 天 = {} 天：补货来不及会断货",
                self.stock, self.daily_sales, self.days_of_cover, self.lead_time_days, self.safety_days, need
            ),
            Lang::En => format!(
                "{} units at {} a day last {} days, less than lead time {} + {} safety days = {} days: it will run out before new stock arrives",
                self.stock, self.daily_sales, self.days_of_cover, self.lead_time_days, self.safety_days, need
            ),
        }
    }
}

/// The monthly fee of `units` taken oldest first from `lots` (inbound last,
/// at age 0): (total, of which surcharge), exact.
fn oldest_first_fee(input: &StockInput, units: i64, table: &StorageFeeTable, month: u32) -> (BigRational, BigRational) {
    let mut lots: Vec<StockLot> = input.on_hand.clone();
    lots.sort_by_key(|l| std::cmp::Reverse(l.age_days));
    lots.push(StockLot { units: input.inbound, age_days: 0 });
    let (mut left, mut total, mut surcharge) = (units, BigRational::zero(), BigRational::zero());
    for lot in lots {
        if left <= 0 {
            break;
        }
        let take = lot.units.min(left).max(0);
        left -= take;
        let volume = rational(input.unit_volume) * BigRational::from_integer(BigInt::from(take));
        total += &volume * rational(table.rate(month, lot.age_days));
        surcharge += &volume * (rational(table.rate(month, lot.age_days)) - rational(table.rate(month, 0)));
    }
    (total, surcharge)
}

/// Evaluates overstock for one SKU on `day`, pricing the excess with `table`.
pub fn evaluate_overstock(rule: &OverstockRule, table: &StorageFeeTable, input: &StockInput, day: NaiveDate) -> Evaluation {
    let subject = Subject::store(&input.store, Some(&input.sku));
    let stock = input.stock(rule.include_inbound);
    let cover = input.cover(rule.include_inbound);
    let limit = rational(rule.max_days_of_cover);
    let fires = stock > 0 && cover.as_ref().is_none_or(|c| *c > limit);
    let detail = fires.then(|| {
        let allowed = (limit * BigRational::from_integer(BigInt::from(input.sold_last_30_days)) / count(COVER_WINDOW_DAYS as u64)).floor();
        let excess = stock - allowed.to_integer().to_i64().unwrap_or(0).min(stock);
        let (fee, surcharge) = oldest_first_fee(input, excess, table, day.month());
        AlertDetail::Overstock(Overstock {
            stock,
            daily_sales: input.daily_sales(),
            days_of_cover: cover.as_ref().and_then(|c| round_half_away(c, DAYS_DP)),
            max_days_of_cover: rule.max_days_of_cover,
            excess_units: excess,
            excess_monthly_fee: round_half_away(&fee, MONEY_DP).unwrap_or_default(),
            aged_surcharge: round_half_away(&surcharge, MONEY_DP).unwrap_or_default(),
            currency: table.currency,
        })
    });
    Evaluation::of("overstock", subject, day, detail)
}

/// Evaluates stock-out risk for one SKU on `day` (nothing sold: no risk).
pub fn evaluate_stock_out(rule: &StockOutRule, input: &StockInput, day: NaiveDate) -> Evaluation {
    let subject = Subject::store(&input.store, Some(&input.sku));
    let need = count(u64::from(input.lead_time_days) + u64::from(rule.safety_days));
    let detail = input.cover(rule.include_inbound).filter(|c| *c < need).map(|c| {
        AlertDetail::StockOutRisk(StockOutRisk {
            stock: input.stock(rule.include_inbound),
            daily_sales: input.daily_sales(),
            days_of_cover: round_half_away(&c, DAYS_DP).unwrap_or_default(),
            lead_time_days: input.lead_time_days,
            safety_days: rule.safety_days,
        })
    });
    Evaluation::of("stock_out_risk", subject, day, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// An illustrative US table (per cubic foot per month); real figures are
    /// the marketplace's, entered by the company each year.
    pub(crate) fn table() -> StorageFeeTable {
        StorageFeeTable {
            marketplace: "amazon-us".into(),
            currency: Currency::USD,
            volume_unit: "cubic foot".into(),
            standard: dec!(0.78),
            peak: dec!(2.40),
            peak_months: vec![10, 11, 12],
            aged_surcharges: vec![
                AgedSurcharge { min_age_days: 181, per_volume: dec!(0.50) },
                AgedSurcharge { min_age_days: 271, per_volume: dec!(3.80) },
            ],
        }
    }

    fn mugs() -> StockInput {
        StockInput {
            store: "AMZ-US".into(),
            sku: "MUG-01".into(),
            on_hand: vec![
                StockLot { units: 900, age_days: 40 },
                StockLot { units: 300, age_days: 200 },
                StockLot { units: 100, age_days: 300 },
            ],
            inbound: 400,
            sold_last_30_days: 300,
            unit_volume: dec!(0.25),
            lead_time_days: 45,
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn fee_table_picks_season_and_the_highest_age_band() {
        let t = table();
        assert_eq!(t.rate(3, 10), dec!(0.78));
        assert_eq!(t.rate(11, 10), dec!(2.40));
        assert_eq!(t.rate(3, 200), dec!(1.28));
        assert_eq!(t.rate(3, 365), dec!(4.58));
    }

    /// docs/oversight.md, "Overstock", worked example.
    #[test]
    fn worked_example_overstock() {
        let rule = OverstockRule { max_days_of_cover: dec!(90), include_inbound: true };
        let e = evaluate_overstock(&rule, &table(), &mugs(), d("2026-03-10"));
        let Some(AlertDetail::Overstock(x)) = e.alert.map(|a| a.detail) else { panic!("should fire") };
        // 1 700 units at 10 a day = 170 days > 90; 900 allowed, 800 excess:
        // 100 @300 d (0.78 + 3.80), 300 @200 d (0.78 + 0.50), 400 @40 d (0.78), × 0.25 ft³.
        assert_eq!((x.stock, x.daily_sales, x.days_of_cover, x.excess_units), (1700, dec!(10.00), Some(dec!(170.00)), 800));
        assert_eq!((x.excess_monthly_fee, x.aged_surcharge), (dec!(288.50), dec!(132.50)));
        assert!(x.render(Lang::En).contains("800 excess units cost 288.50 USD"), "{}", x.render(Lang::En));
        assert!(super::super::has_chinese(&x.render(Lang::Zh)));
        let tighter = OverstockRule { max_days_of_cover: dec!(180), include_inbound: true };
        assert!(evaluate_overstock(&tighter, &table(), &mugs(), d("2026-03-10")).alert.is_none());
    }

    #[test]
    fn dead_stock_is_overstock_whatever_the_limit() {
        let rule = OverstockRule { max_days_of_cover: dec!(1000), include_inbound: false };
        let dead = StockInput { sold_last_30_days: 0, ..mugs() };
        let Some(AlertDetail::Overstock(x)) = evaluate_overstock(&rule, &table(), &dead, d("2026-11-02")).alert.map(|a| a.detail) else {
            panic!("no sales and stock on hand is overstock")
        };
        assert_eq!((x.days_of_cover, x.excess_units), (None, 1300));
        // November: peak 2.40 on every unit, + surcharges of the 300 and 100 aged units.
        assert_eq!(x.excess_monthly_fee, dec!(1300) * dec!(0.25) * dec!(2.40) + dec!(75) * dec!(0.50) + dec!(25) * dec!(3.80));
    }

    /// docs/oversight.md, "Stock-out risk", worked example.
    #[test]
    fn worked_example_stock_out() {
        let rule = StockOutRule { safety_days: 14, include_inbound: true };
        let low = StockInput { on_hand: vec![StockLot { units: 250, age_days: 20 }], inbound: 200, ..mugs() };
        let e = evaluate_stock_out(&rule, &low, d("2026-03-10"));
        let Some(AlertDetail::StockOutRisk(x)) = e.alert.map(|a| a.detail) else { panic!("45 days < 45 + 14") };
        assert_eq!((x.stock, x.days_of_cover), (450, dec!(45.00)));
        assert!(x.render(Lang::En).contains("45 + 14 safety days = 59 days"), "{}", x.render(Lang::En));
        assert!(super::super::has_chinese(&x.render(Lang::Zh)));
        assert!(evaluate_stock_out(&rule, &mugs(), d("2026-03-10")).alert.is_none(), "170 days is plenty");
        assert!(evaluate_stock_out(&rule, &StockInput { sold_last_30_days: 0, ..low }, d("2026-03-10")).alert.is_none());
    }
}
