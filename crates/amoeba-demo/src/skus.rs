//! The product catalogue: ~300 SKUs over the selling units, with launch
//! dates (a fifth launched during the year, some of them hits), landed
//! costs in CNY (a few change mid-year), size tiers for fulfilment and
//! storage fees, and a popularity curve per SKU.

use crate::calendar::Span;
use crate::money::{div_round, Cur};
use crate::rng::Rng;
use crate::stores::{index, Owners, Platform, StoreDef, Story};
use chrono::{Duration, NaiveDate};

/// Fulfilment size tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Size {
    Small,
    Standard,
    Large,
    Oversize,
}

impl Size {
    /// Cubic feet per unit, in thousandths (storage fees).
    pub(crate) fn cuft_milli(self) -> i64 {
        match self {
            Size::Small => 40,
            Size::Standard => 180,
            Size::Large => 650,
            Size::Oversize => 2200,
        }
    }

    /// FBA fee per unit in the store currency's minor unit.
    pub(crate) fn fba_fee(self, cur: Cur, variant: i64) -> i64 {
        let (small, std, large, over) = match cur {
            Cur::Eur => (270, 390, 640, 1250),
            Cur::Jpy => (318, 434, 589, 1200),
            _ => (322, 475, 895, 1850),
        };
        match self {
            Size::Small => small,
            Size::Standard => std + variant * std / 8,
            Size::Large => large + variant * large / 10,
            Size::Oversize => over,
        }
    }

    /// Head-haul freight per unit in fen (sea freight, standard).
    fn freight_range(self) -> (i64, i64) {
        match self {
            Size::Small => (150, 400),
            Size::Standard => (500, 1200),
            Size::Large => (1800, 3800),
            Size::Oversize => (6000, 9000),
        }
    }
}

/// A product type: Chinese and foreign name, reference price range (USD
/// cents), size, TikTok commission per mille.
struct Noun(&'static str, &'static str, i64, i64, Size, i64);

/// A line of products owned by one unit.
struct Range {
    unit: &'static str,
    prefix: &'static str,
    count: usize,
    stores: &'static [&'static str],
    nouns: &'static [Noun],
    variants: &'static [(&'static str, &'static str)],
    /// Purchase price ÷ reference price in CNY, per mille of 7.2 × price.
    cost_pm: (i64, i64),
    /// Freight carried in the landed cost (false: shipped from China by post or FOB).
    sea_freight: bool,
}

use Size::*;

const COLOURS: &[(&str, &str)] = &[
    ("白色", "White"),
    ("黑色", "Black"),
    ("灰色", "Grey"),
    ("原木色", "Natural"),
    ("大号", "Large"),
    ("小号", "Small"),
    ("两件装", "2-Pack"),
    ("四件装", "4-Pack"),
    ("升级款", "Pro"),
];
const OUTDOOR_VARIANTS: &[(&str, &str)] =
    &[("军绿", "Olive"), ("沙色", "Tan"), ("深蓝", "Navy"), ("橙色", "Orange"), ("单人", "Single"), ("双人", "Double"), ("加大", "XL")];
const SMALL_VARIANTS: &[(&str, &str)] = &[("粉色", "Pink"), ("黑色", "Black"), ("白色", "White"), ("蓝色", "Blue"), ("三件装", "3-Pack")];

const RANGES: &[Range] = &[
    Range {
        unit: "AMZ-US-HOME",
        prefix: "HM",
        count: 70,
        stores: &["AMZ-US-1"],
        nouns: &[
            Noun("竹制抽屉收纳盒", "Bamboo Drawer Organizer", 2499, 4299, Standard, 60),
            Noun("硅胶厨具套装", "Silicone Kitchen Utensil Set", 2799, 4599, Standard, 60),
            Noun("不锈钢调料架", "Stainless Spice Rack", 2999, 5499, Standard, 60),
            Noun("LED床头灯", "LED Bedside Lamp", 2999, 5999, Standard, 60),
            Noun("真空保鲜盒", "Vacuum Food Containers", 3499, 5999, Standard, 60),
            Noun("亚麻桌布", "Linen Tablecloth", 2199, 3699, Small, 60),
            Noun("浴室置物架", "Bathroom Shelf", 3599, 6999, Large, 60),
            Noun("折叠洗衣篮", "Collapsible Laundry Basket", 1999, 3499, Standard, 60),
            Noun("香薰加湿器", "Aroma Diffuser", 2599, 4599, Standard, 60),
            Noun("记忆棉靠枕", "Memory Foam Cushion", 3499, 5999, Large, 60),
            Noun("磁吸刀架", "Magnetic Knife Strip", 1999, 3299, Small, 60),
            Noun("厨房计时器", "Kitchen Timer", 1299, 1999, Small, 60),
        ],
        variants: COLOURS,
        cost_pm: (150, 220),
        sea_freight: true,
    },
    Range {
        unit: "AMZ-US-OUTDOOR",
        prefix: "OD",
        count: 60,
        stores: &["AMZ-US-2"],
        nouns: &[
            Noun("折叠露营椅", "Folding Camping Chair", 3999, 7999, Large, 60),
            Noun("LED营地灯", "LED Camping Lantern", 1999, 3999, Standard, 60),
            Noun("便携吊床", "Portable Hammock", 2999, 5999, Standard, 60),
            Noun("太阳能庭院灯", "Solar Garden Lights", 2599, 4999, Standard, 60),
            Noun("园艺工具套装", "Garden Tool Set", 2999, 5499, Large, 60),
            Noun("户外野餐垫", "Outdoor Picnic Blanket", 2299, 3999, Standard, 60),
            Noun("伸缩登山杖", "Trekking Poles", 2499, 4599, Standard, 60),
            Noun("露营炊具套装", "Camping Cookware Set", 3299, 6499, Standard, 60),
            Noun("遮阳天幕", "Sun Shade Canopy", 6999, 14999, Oversize, 60),
            Noun("保温冰包", "Insulated Cooler Bag", 2999, 5999, Large, 60),
            Noun("自动充气睡垫", "Self-Inflating Sleeping Pad", 3999, 8999, Large, 60),
        ],
        variants: OUTDOOR_VARIANTS,
        cost_pm: (160, 230),
        sea_freight: true,
    },
    Range {
        unit: "AMZ-US-HOME",
        prefix: "JP",
        count: 15,
        stores: &["AMZ-JP"],
        nouns: &[
            Noun("硅藻土浴室垫", "珪藻土バスマット", 1800, 3000, Standard, 60),
            Noun("真空保温杯", "真空断熱タンブラー", 1500, 2800, Small, 60),
            Noun("便当盒", "お弁当箱", 1400, 2600, Small, 60),
            Noun("桌面收纳架", "デスク収納ラック", 2000, 3500, Standard, 60),
            Noun("香薰加湿器", "アロマディフューザー", 2200, 4000, Standard, 60),
        ],
        variants: COLOURS,
        cost_pm: (150, 220),
        sea_freight: true,
    },
    Range {
        unit: "AMZ-DE",
        prefix: "DE",
        count: 35,
        stores: &["AMZ-DE-1"],
        nouns: &[
            Noun("太阳能庭院灯", "Solarleuchten Garten", 2499, 4499, Standard, 60),
            Noun("硅胶厨具套装", "Silikon Küchenhelfer Set", 2299, 3699, Standard, 60),
            Noun("竹制浴室置物架", "Bambus Badregal", 2999, 5999, Large, 60),
            Noun("折叠露营椅", "Campingstuhl faltbar", 3999, 6999, Large, 60),
            Noun("LED台灯", "LED Schreibtischlampe", 2599, 4599, Standard, 60),
            Noun("真空保鲜盒", "Vakuum Frischhaltedosen", 2999, 4999, Standard, 60),
            Noun("园艺手套", "Gartenhandschuhe", 1299, 1999, Small, 60),
        ],
        variants: COLOURS,
        cost_pm: (150, 220),
        sea_freight: true,
    },
    Range {
        unit: "TTS-US",
        prefix: "TT",
        count: 35,
        stores: &["TTS-US-1"],
        nouns: &[
            Noun("迷你手持风扇", "Mini Handheld Fan", 1499, 2499, Small, 60),
            Noun("日落投影灯", "Sunset Projection Lamp", 1799, 2999, Small, 60),
            Noun("磁吸手机支架", "Magnetic Phone Mount", 1299, 2299, Small, 60),
            Noun("迷你筋膜枪", "Mini Massage Gun", 2999, 4999, Standard, 80),
            Noun("无线卷发棒", "Cordless Hair Curler", 2499, 4499, Standard, 80),
            Noun("星空投影仪", "Galaxy Projector", 2499, 3999, Standard, 60),
            Noun("宠物除毛滚", "Pet Hair Remover", 1199, 1999, Small, 60),
            Noun("冰感防晒袖套", "Cooling Arm Sleeves", 999, 1699, Small, 80),
            Noun("电动奶泡器", "Electric Milk Frother", 1299, 2199, Small, 60),
        ],
        variants: SMALL_VARIANTS,
        cost_pm: (150, 220),
        sea_freight: true,
    },
    Range {
        unit: "WISH",
        prefix: "WS",
        count: 30,
        stores: &["WISH-1"],
        nouns: &[
            Noun("手机壳", "Phone Case", 699, 1299, Small, 60),
            Noun("数据线", "Charging Cable", 599, 1199, Small, 60),
            Noun("发夹套装", "Hair Clip Set", 599, 999, Small, 60),
            Noun("钥匙扣", "Keychain", 499, 899, Small, 60),
            Noun("防蓝光眼镜", "Blue Light Glasses", 999, 1699, Small, 60),
            Noun("蓝牙耳机", "Wireless Earbuds", 1499, 2499, Small, 60),
            Noun("手表表带", "Watch Band", 799, 1399, Small, 60),
        ],
        variants: SMALL_VARIANTS,
        cost_pm: (130, 190),
        sea_freight: false,
    },
    Range {
        unit: "ALI",
        prefix: "AL",
        count: 14,
        stores: &["ALI-1"],
        nouns: &[
            Noun("竹制砧板", "Bamboo Cutting Board (OEM)", 280, 650, Standard, 0),
            Noun("硅胶餐垫", "Silicone Placemat (OEM)", 90, 220, Small, 0),
            Noun("不锈钢保温杯", "Stainless Tumbler (OEM)", 320, 680, Small, 0),
            Noun("收纳箱", "Storage Box (OEM)", 220, 550, Standard, 0),
        ],
        variants: COLOURS,
        cost_pm: (600, 700),
        sea_freight: false,
    },
    Range {
        unit: "ALI",
        prefix: "AO",
        count: 11,
        stores: &["ALI-2"],
        nouns: &[
            Noun("户外折叠椅", "Folding Chair (OEM)", 750, 1400, Large, 0),
            Noun("太阳能草坪灯", "Solar Lawn Light (OEM)", 160, 420, Small, 0),
            Noun("露营帐篷", "Camping Tent (OEM)", 1800, 3800, Large, 0),
        ],
        variants: OUTDOOR_VARIANTS,
        cost_pm: (600, 700),
        sea_freight: false,
    },
    Range {
        unit: "SHOP",
        prefix: "SH",
        count: 30,
        stores: &["SHOP-US", "SHOP-UK"],
        nouns: &[
            Noun("香薰蜡烛礼盒", "Scented Candle Gift Set", 3499, 5999, Standard, 60),
            Noun("亚麻床品四件套", "Linen Bedding Set", 8999, 15999, Large, 60),
            Noun("陶瓷餐具套装", "Ceramic Dinnerware Set", 5999, 11999, Large, 60),
            Noun("手工编织收纳篮", "Woven Storage Basket", 2999, 5499, Standard, 60),
            Noun("北欧装饰花瓶", "Nordic Vase", 2499, 4499, Standard, 60),
            Noun("羊毛盖毯", "Wool Throw Blanket", 4999, 8999, Standard, 60),
        ],
        variants: COLOURS,
        cost_pm: (150, 210),
        sea_freight: true,
    },
];

/// One SKU and its demand model.
#[derive(Debug, Clone)]
pub(crate) struct SkuDef {
    pub code: String,
    pub name: String,
    pub owners: Owners,
    /// Indices of the stores listing it.
    pub stores: Vec<usize>,
    pub launch: NaiveDate,
    /// Landed cost history: from, purchase fen, freight fen.
    pub costs: Vec<(NaiveDate, i64, i64)>,
    /// Reference price in US cents (B2B: unit price).
    pub ref_price: i64,
    pub size: Size,
    /// 0..=2, picks a fee step within the size tier.
    pub fee_variant: i64,
    /// Base popularity within its range.
    pub weight: f64,
    /// A new product that takes off.
    pub hit: bool,
    /// Bought far too much of (overstock and long-term storage).
    pub overstock: bool,
    /// Share of demand lost by the end of the span (ageing products).
    pub fade: f64,
    /// TikTok commission per mille.
    pub tiktok_fee_pm: i64,
}

impl SkuDef {
    /// Landed cost (purchase + freight) in fen on `d`.
    pub(crate) fn landed(&self, d: NaiveDate) -> i64 {
        let c = self.costs.iter().rev().find(|c| c.0 <= d).unwrap_or(&self.costs[0]);
        c.1 + c.2
    }

    /// Relative demand on `d` (0 before launch): ramp-up over 45 days,
    /// hits growing to 4× over two months, ageing products fading.
    pub(crate) fn demand(&self, d: NaiveDate, span: &Span) -> f64 {
        if d < self.launch {
            return 0.0;
        }
        let age = (d - self.launch).num_days() as f64;
        let mut w = self.weight;
        if age < 45.0 {
            w *= 0.15 + 0.85 * age / 45.0;
        }
        if self.hit {
            w *= 1.0 + 3.0 * age.min(60.0) / 60.0;
        }
        let p = span.progress(d).clamp(0.0, 1.0);
        w * (1.0 - self.fade * p)
    }

    /// Selling price in `store`'s currency (minor units): .99 endings, yen
    /// in round tens ending in 80, B2B prices to the cent.
    pub(crate) fn price(&self, store: &StoreDef) -> i64 {
        let raw = div_round(self.ref_price * store.price_factor, 1000);
        if store.platform == Platform::Alibaba {
            return raw;
        }
        match store.cur {
            Cur::Jpy => (div_round(raw, 100) * 100 - 20).max(480),
            _ => (div_round(raw, 100) * 100 - 1).max(99),
        }
    }
}

/// Generates the catalogue.
pub(crate) fn catalogue(seed: u64, story: &Story, span: &Span, stores: &[StoreDef]) -> Vec<SkuDef> {
    let mut rng = Rng::new(seed, "skus");
    let mut out = Vec::new();
    let old_window = (story.start - story.since).num_days() - 60;
    let new_window = (span.len() as i64 - 45).clamp(1, 300);
    for r in RANGES {
        let n = r.count;
        // Popularity ranks, shuffled.
        let mut ranks: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            ranks.swap(i, j);
        }
        let store_idx: Vec<usize> = r.stores.iter().map(|c| index(stores, c)).collect();
        let owner_list: Owners = match r.prefix {
            "JP" => stores[index(stores, "AMZ-JP")].owners.clone(),
            _ => vec![(r.unit, story.since, None)],
        };
        for (i, &rank) in ranks.iter().enumerate() {
            let noun = &r.nouns[i % r.nouns.len()];
            let variant = r.variants[(i / r.nouns.len() + i) % r.variants.len()];
            let is_new = rng.chance(200);
            let launch = if is_new {
                story.start + Duration::days(20 + rng.range(0, new_window))
            } else {
                story.since + Duration::days(rng.range(0, old_window))
            };
            let ref_price = noun.2 + (noun.3 - noun.2) * rng.range(0, 100) / 100;
            let purchase = div_round(ref_price * 72 * rng.range(r.cost_pm.0, r.cost_pm.1), 10_000) / 10 * 10;
            let freight = if r.sea_freight {
                let (lo, hi) = noun.4.freight_range();
                rng.range(lo, hi) / 10 * 10
            } else {
                0
            };
            let mut costs = vec![(launch, purchase, freight)];
            if rng.chance(150) {
                let change = story.start + Duration::days(rng.range(90, 300));
                if change > launch + Duration::days(30) && span.contains(change) {
                    if rng.chance(600) {
                        let up = div_round(purchase * rng.range(1030, 1090), 1000) / 10 * 10;
                        costs.push((change, up, freight));
                    } else {
                        costs.push((change, purchase, div_round(freight * 85, 100) / 10 * 10));
                    }
                }
            }
            let code = format!("TQ-{}-{:03}", r.prefix, i + 1);
            let sku_stores = if r.prefix == "SH" && i % 3 == 2 { vec![store_idx[0]] } else { store_idx.clone() };
            let hit = is_new && rng.chance(300);
            let overstock = !is_new && !r.stores[0].starts_with("ALI") && rng.chance(45);
            let fade = if !is_new && rng.chance(250) { rng.between(0.3, 0.6) } else { 0.0 };
            out.push(SkuDef {
                code,
                name: format!("{}·{} {} - {}", noun.0, variant.0, noun.1, variant.1),
                owners: owner_list.clone(),
                stores: sku_stores,
                launch,
                costs,
                ref_price,
                size: noun.4,
                fee_variant: rng.range(0, 2),
                weight: 10.0 / (rank as f64 + 3.0),
                hit,
                overstock,
                fade,
                tiktok_fee_pm: noun.5,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stores::stores;

    #[test]
    fn about_three_hundred_skus_with_new_products() {
        let span = Span::ending("2026-03-14".parse().unwrap(), 12);
        let story = Story::new(span.start);
        let st = stores(&story);
        let skus = catalogue(42, &story, &span, &st);
        assert_eq!(skus.len(), 300);
        let new = skus.iter().filter(|s| s.launch >= span.start).count();
        assert!((35..=90).contains(&new), "{new}");
        assert!(skus.iter().any(|s| s.costs.len() > 1));
        let jp = skus.iter().find(|s| s.code.starts_with("TQ-JP")).unwrap();
        let p = jp.price(&st[index(&st, "AMZ-JP")]);
        assert_eq!(p % 100, 80, "{p}");
        let us = skus.iter().find(|s| s.code.starts_with("TQ-HM")).unwrap();
        assert_eq!(us.price(&st[0]) % 100, 99);
    }
}
