//! Costs booked on units rather than stores: rent, property and utilities,
//! software, studio and samples, trade fairs, the export VAT rebate, and the
//! head-haul freight bills of every shipment (customs, port charges, peak
//! surcharges and air-freight premiums — the part not already inside the
//! SKUs' landed cost). Written as one facts file in GBK with Chinese memos,
//! as a Ningbo finance clerk's Excel would save it.

use crate::facts_csv::Rows;
use crate::inventory::Shipment;
use crate::org::unit_index;
use crate::rng::Rng;
use crate::stores::Stock;
use crate::world::{Book, Line, World};
use amoeba_core::Month;
use chrono::{Datelike, Duration, NaiveDate};

/// Monthly cost lines: unit, kind, memo, low and high amount in yuan, day
/// of month (0: last day).
const MONTHLY: &[(&str, &str, &str, i64, i64, u32)] = &[
    ("GROUP", "other_expense", "办公室房租（宁波国际电商园 3 楼）", 72_000, 72_000, 1),
    ("GROUP", "other_expense", "物业费及水电", 9_000, 14_000, 0),
    ("GROUP", "other_expense", "办公用品及杂费", 2_000, 5_000, 0),
    ("GROUP", "other_expense", "业务招待费", 3_000, 9_000, 0),
    ("WH", "other_expense", "仓库租金（北仑仓 1800 平）", 54_000, 54_000, 1),
    ("WH", "other_expense", "包装材料（纸箱、气泡袋、胶带）", 8_000, 14_000, 0),
    ("WH", "other_expense", "仓库水电及叉车维护", 3_000, 6_000, 0),
    ("IT", "other_expense", "ERP 系统订阅（店小秘）", 4_800, 4_800, 1),
    ("IT", "other_expense", "云服务器及带宽", 1_800, 2_600, 0),
    ("DES", "other_expense", "产品拍摄及样品道具", 4_000, 9_000, 0),
    ("DES", "other_expense", "设计软件订阅（Adobe）", 1_360, 1_360, 1),
    ("PUR", "other_expense", "样品采购", 2_000, 6_000, 0),
    ("PUR", "other_expense", "验厂差旅费", 1_000, 4_000, 0),
    ("LOG", "other_expense", "报关代理服务费", 2_000, 3_500, 0),
    ("TTS-US", "other_expense", "直播间场地及设备", 8_000, 8_000, 1),
    ("SHOP", "other_expense", "独立站域名及邮件营销工具", 1_200, 2_000, 0),
];

fn on_day(m: Month, day: u32) -> NaiveDate {
    if day == 0 {
        m.last_day()
    } else {
        NaiveDate::from_ymd_opt(m.year(), m.month(), day).expect("day")
    }
}

/// The unit-level cost rows (booked as they are added).
pub(crate) fn rows(w: &World, shipments: &[(usize, &Shipment)], book: &mut Book) -> Rows {
    let mut rng = Rng::new(w.seed, "unit-costs");
    let mut rows = Rows::default();
    let mut add = |rows: &mut Rows, d: NaiveDate, unit: &str, kind: &str, fen: i64, memo: &str| {
        rows.unit(d, unit, kind, fen, memo);
        let line = if kind == "freight" { Line::Freight } else { Line::Other };
        book.raw(unit_index(unit), Month::of(d), line, fen);
    };
    let span = w.span;
    for m in span.months() {
        for &(unit, kind, memo, lo, hi, day) in MONTHLY {
            let d = on_day(m, day);
            if !span.contains(d) {
                continue;
            }
            let mut yuan = rng.range(lo, hi);
            if unit == "WH" && memo.starts_with("包装") && m.month() >= 10 {
                yuan = yuan * 18 / 10;
            }
            add(&mut rows, d, unit, kind, -yuan * 100, memo);
        }
        let last = m.last_day();
        if span.contains(last) {
            if m.month() % 3 == 0 {
                add(&mut rows, last, "GROUP", "other_expense", -1_500_000, "季度财税代理及审计费");
                let rebate = rng.range(300_000, 450_000) * 100;
                add(&mut rows, last, "GROUP", "other_income", rebate, "出口退税到账");
            }
            if m.month() == 1 {
                add(&mut rows, on_day(m, 20), "GROUP", "other_expense", -6_000_000, "年会及年终团建");
            }
            if m.month() == 4 || m.month() == 10 {
                add(&mut rows, on_day(m, 12), "ALI", "other_expense", -4_500_000, "广交会展位费");
            }
        }
    }
    for &(s, sh) in shipments {
        let st = &w.stores[s];
        let d = sh.shipped + Duration::days(3);
        if !span.contains(sh.shipped) || !span.contains(d) {
            continue;
        }
        let unit = st.owner_on(sh.shipped);
        let units: i64 = sh.lines.iter().map(|l| l.1).sum();
        let cuft: i64 = sh.lines.iter().map(|&(g, q)| q * w.skus[g].size.cuft_milli()).sum::<i64>() / 1000;
        if st.stock == Stock::OwnWarehouse {
            let fen = rng.range(150, 400) * 100;
            add(&mut rows, d, unit, "freight", -fen, &format!("工厂提货运费 {} → 北仑仓", sh.id));
            continue;
        }
        if sh.air {
            let fen = cuft * rng.range(2_200, 2_800) + 80_000;
            add(&mut rows, d, unit, "freight", -fen, &format!("头程空运加急差价 {} → {}", sh.id, st.code));
            continue;
        }
        let fen = rng.range(800, 1_500) * 100 + units * rng.range(30, 80);
        add(&mut rows, d, unit, "freight", -fen, &format!("头程清关及港杂费 {} → {}", sh.id, st.code));
        if (9..=11).contains(&sh.shipped.month()) {
            let fen = cuft * rng.range(60, 120);
            if fen > 0 {
                add(&mut rows, d, unit, "freight", -fen, &format!("旺季附加费 {}", sh.id));
            }
        }
    }
    rows
}
