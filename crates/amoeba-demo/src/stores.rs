//! The ten stores and how each one sells: platform, marketplace, currency,
//! owner, daily volume, seasonality, returns, stock model and ad efficiency.
//!
//! Volumes are chosen so the year comes to several tens of millions of CNY
//! while the files stay at a few hundred thousand rows.

use crate::calendar::{Season, Week};
use crate::money::Cur;
use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

/// The platform a store sells on (file code in [`Platform::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platform {
    Amazon,
    TikTok,
    Wish,
    Alibaba,
    Shopify,
}

impl Platform {
    /// The platform code of the organisation file.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Platform::Amazon => "amazon",
            Platform::TikTok => "tiktok_shop",
            Platform::Wish => "wish",
            Platform::Alibaba => "alibaba_com",
            Platform::Shopify => "shopify",
        }
    }
}

/// Where a store's stock sits and who charges for holding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stock {
    /// Amazon's warehouses: storage fees in the settlement.
    Fba,
    /// An overseas third-party warehouse: monthly storage bill.
    ThreePl,
    /// Our own Ningbo warehouse (ships by post from China).
    OwnWarehouse,
    /// Made to order (B2B): no finished stock.
    None,
}

/// Who owns a store or SKU from when to when.
pub(crate) type Owners = Vec<(&'static str, NaiveDate, Option<NaiveDate>)>;

/// One store and its selling model.
pub(crate) struct StoreDef {
    pub code: &'static str,
    pub name: &'static str,
    pub platform: Platform,
    pub marketplace: &'static str,
    pub cur: Cur,
    pub tz: Tz,
    pub owners: Owners,
    pub operator: Option<&'static str>,
    /// First day it sells.
    pub opened: NaiveDate,
    /// Orders a day on an ordinary day at the start of the span.
    pub base_orders: f64,
    pub season: Season,
    pub week: Week,
    /// Volume multiplier at the start and the end of the span.
    pub growth: (f64, f64),
    /// Share of orders from returning customers, per mille.
    pub repeat_pm: u32,
    /// Orders refunded, per mille.
    pub refund_pm: u32,
    pub stock: Stock,
    /// Days from Ningbo to sellable stock.
    pub lead_days: i64,
    /// Days of demand a replenishment covers.
    pub cover_days: i64,
    /// Target ad cost of ad-attributed sales, per mille (0: no ads data).
    pub acos_pm: i64,
    /// Price of a SKU here = reference USD price × this ÷ 1000.
    pub price_factor: i64,
}

impl StoreDef {
    /// The owning unit on `d`.
    pub(crate) fn owner_on(&self, d: NaiveDate) -> &'static str {
        owner_on(&self.owners, d)
    }
}

/// The owner of an effective-dated ownership list on `d` (the first owner
/// before it starts).
pub(crate) fn owner_on(owners: &Owners, d: NaiveDate) -> &'static str {
    owners.iter().find(|(_, f, t)| *f <= d && t.is_none_or(|t| d <= t)).unwrap_or(&owners[0]).0
}

/// Key dates of the demo's story, relative to the span.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Story {
    /// Organisation founded (everything is owned from here).
    pub since: NaiveDate,
    /// First day of data.
    pub start: NaiveDate,
    /// The JP store moves from the Home team to Amazon US itself.
    pub jp_transfer: NaiveDate,
    /// The UK Shopify site opens.
    pub uk_open: NaiveDate,
}

impl Story {
    /// The dates for a span starting on `start`.
    pub(crate) fn new(start: NaiveDate) -> Self {
        use chrono::Datelike;
        Self {
            since: NaiveDate::from_ymd_opt(start.year() - 3, 1, 1).expect("date"),
            start,
            jp_transfer: start + Duration::days(182),
            uk_open: start + Duration::days(150),
        }
    }
}

/// Index of the store `code` in [`stores`].
pub(crate) fn index(stores: &[StoreDef], code: &str) -> usize {
    stores.iter().position(|s| s.code == code).expect("known store")
}

/// The ten stores, in a fixed order (SKU listings refer to these indices).
pub(crate) fn stores(story: &Story) -> Vec<StoreDef> {
    use chrono_tz::{America, Asia, Europe};
    let since = story.since;
    let s = |code, name, platform, marketplace, cur, tz, owner| StoreDef {
        code,
        name,
        platform,
        marketplace,
        cur,
        tz,
        owners: vec![(owner, since, None)],
        operator: None,
        opened: story.start,
        base_orders: 1.0,
        season: Season::Amazon,
        week: Week::Marketplace,
        growth: (1.0, 1.1),
        repeat_pm: 0,
        refund_pm: 50,
        stock: Stock::Fba,
        lead_days: 38,
        cover_days: 75,
        acos_pm: 0,
        price_factor: 1000,
    };
    vec![
        StoreDef {
            base_orders: 44.0,
            growth: (1.0, 1.12),
            refund_pm: 50,
            acos_pm: 220,
            ..s("AMZ-US-1", "Amazon US · TQ Home", Platform::Amazon, "US", Cur::Usd, America::Los_Angeles, "AMZ-US-HOME")
        },
        StoreDef {
            base_orders: 23.0,
            growth: (1.0, 1.2),
            refund_pm: 55,
            acos_pm: 260,
            ..s("AMZ-US-2", "Amazon US · TQ Outdoor", Platform::Amazon, "US", Cur::Usd, America::Los_Angeles, "AMZ-US-OUTDOOR")
        },
        StoreDef {
            owners: vec![("AMZ-US-HOME", since, Some(story.jp_transfer - Duration::days(1))), ("AMZ-US", story.jp_transfer, None)],
            base_orders: 8.0,
            growth: (0.8, 1.5),
            refund_pm: 30,
            lead_days: 30,
            acos_pm: 170,
            price_factor: 1500,
            ..s("AMZ-JP", "Amazon JP · TQ Home", Platform::Amazon, "JP", Cur::Jpy, Asia::Tokyo, "AMZ-US-HOME")
        },
        StoreDef {
            base_orders: 16.0,
            growth: (1.0, 1.05),
            refund_pm: 78,
            lead_days: 45,
            acos_pm: 260,
            ..s("AMZ-DE-1", "Amazon DE · TQ Home & Garden", Platform::Amazon, "DE", Cur::Eur, Europe::Berlin, "AMZ-DE")
        },
        StoreDef {
            base_orders: 26.0,
            season: Season::Consumer,
            week: Week::Social,
            growth: (0.7, 2.0),
            repeat_pm: 150,
            refund_pm: 70,
            stock: Stock::ThreePl,
            lead_days: 35,
            acos_pm: 250,
            ..s("TTS-US-1", "TikTok Shop US · TQ Lifestyle", Platform::TikTok, "US", Cur::Usd, America::Los_Angeles, "TTS-US")
        },
        StoreDef {
            base_orders: 16.0,
            season: Season::Consumer,
            growth: (1.1, 0.7),
            repeat_pm: 130,
            refund_pm: 85,
            stock: Stock::OwnWarehouse,
            lead_days: 4,
            cover_days: 30,
            ..s("WISH-1", "Wish · TQ Gadgets", Platform::Wish, "GLOBAL", Cur::Usd, Asia::Shanghai, "WISH")
        },
        StoreDef {
            base_orders: 1.1,
            season: Season::B2b,
            week: Week::Business,
            growth: (1.0, 1.15),
            repeat_pm: 330,
            refund_pm: 15,
            stock: Stock::None,
            ..s("ALI-1", "Alibaba.com · 宁波天启家居", Platform::Alibaba, "GLOBAL", Cur::Usd, Asia::Shanghai, "ALI")
        },
        StoreDef {
            operator: Some("X001"),
            base_orders: 0.75,
            season: Season::B2b,
            week: Week::Business,
            growth: (0.8, 1.25),
            repeat_pm: 280,
            refund_pm: 20,
            stock: Stock::None,
            ..s("ALI-2", "Alibaba.com · 天启户外（代运营）", Platform::Alibaba, "GLOBAL", Cur::Usd, Asia::Shanghai, "ALI")
        },
        StoreDef {
            base_orders: 9.0,
            season: Season::Consumer,
            week: Week::Social,
            growth: (1.0, 1.3),
            repeat_pm: 260,
            refund_pm: 40,
            stock: Stock::ThreePl,
            lead_days: 35,
            acos_pm: 300,
            ..s("SHOP-US", "tianqihome.com (Shopify US)", Platform::Shopify, "US", Cur::Usd, America::Los_Angeles, "SHOP")
        },
        StoreDef {
            owners: vec![("SHOP", story.uk_open, None)],
            opened: story.uk_open,
            base_orders: 5.0,
            season: Season::Consumer,
            week: Week::Social,
            growth: (0.5, 1.4),
            repeat_pm: 220,
            refund_pm: 45,
            stock: Stock::ThreePl,
            lead_days: 40,
            acos_pm: 320,
            price_factor: 850,
            ..s("SHOP-UK", "tianqihome.co.uk (Shopify UK)", Platform::Shopify, "UK", Cur::Gbp, Europe::London, "SHOP")
        },
    ]
}
