//! Every generated file is read by the real importers of `amoeba-import`
//! and accepted whole; the figures it yields look like the company the demo
//! claims to be.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

mod common;

use amoeba_core::ledger::{FactKind, FactRecord};
use amoeba_core::org::{Org, STANDARD_ROLES};
use amoeba_demo::{generate_with_stats, DemoFile, DemoOptions, DemoStats};
use amoeba_import::{formats, Encoding, ImportContext};
use chrono::{Datelike, NaiveDate};
use common::{apply_org, parse_all, Parsed};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const END: (i32, u32, u32) = (2026, 3, 14);

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(END.0, END.1, END.2).unwrap()
}

fn demo() -> &'static (Vec<DemoFile>, DemoStats) {
    static DEMO: OnceLock<(Vec<DemoFile>, DemoStats)> = OnceLock::new();
    DEMO.get_or_init(|| generate_with_stats(&DemoOptions::new(end())))
}

fn org() -> &'static Org {
    static ORG: OnceLock<Org> = OnceLock::new();
    ORG.get_or_init(|| apply_org(&demo().0))
}

fn parsed() -> &'static Parsed {
    static P: OnceLock<Parsed> = OnceLock::new();
    P.get_or_init(|| parse_all(&demo().0, org()))
}

/// CNY of a fact at the latest rate on or before its day.
fn cny(p: &Parsed, f: &FactRecord) -> Decimal {
    let c = f.currency.as_str();
    if c == "CNY" {
        return f.amount;
    }
    let rate = p.fx.range((c.to_string(), NaiveDate::MIN)..=(c.to_string(), f.date)).next_back().map(|x| *x.1);
    f.amount * rate.unwrap_or_else(|| panic!("no {c} rate on or before {}", f.date))
}

#[test]
fn the_organisation_file_applies_cleanly_and_is_the_company_described() {
    let org = org();
    assert_eq!(org.company.code, "NBTQ");
    assert_eq!(org.company.base_currency.as_str(), "CNY");
    assert_eq!(org.units.len(), 14);
    let depth = |code: &str| {
        let mut d = 1;
        let mut cur = org.units.iter().find(|u| u.code == code).unwrap();
        while let Some(p) = &cur.parent {
            d += 1;
            cur = org.units.iter().find(|u| &u.code == p).unwrap();
        }
        d
    };
    assert_eq!(depth("AMZ-US-HOME"), 3);
    assert!(org.units.iter().all(|u| u.area_m2.is_some() && u.function.is_some()));
    let employees = org.people.iter().filter(|p| !p.external).count();
    assert!((75..=85).contains(&employees), "{employees} employees");
    let external: Vec<_> = org.people.iter().filter(|p| p.external).collect();
    assert_eq!(external.len(), 1);
    assert!(org.stores.iter().any(|s| s.operator.as_deref() == Some(external[0].code.as_str())));
    for r in STANDARD_ROLES {
        assert!(org.assignments.iter().any(|a| a.role == r.code), "no {}", r.code);
    }
    for u in &org.units {
        assert!(org.assignments.iter().any(|a| a.unit == u.code && a.leader), "{} has no leader", u.code);
    }
    // Role switches: an assignment ends and the same person starts another the next day.
    let switches = org
        .assignments
        .iter()
        .filter(|a| a.range.to.is_some_and(|t| org.assignments.iter().any(|b| b.person == a.person && Some(b.range.from) == t.succ_opt())))
        .count();
    assert!(switches >= 3, "{switches} switches");
    assert_eq!(org.project_groups.len(), 1);
    let units: BTreeSet<_> = org.project_groups[0]
        .members
        .iter()
        .filter_map(|m| org.assignments.iter().find(|a| a.person == m.person).map(|a| a.unit.clone()))
        .collect();
    assert!(units.len() >= 3, "{units:?}");
    assert!((290..=310).contains(&org.skus.len()), "{}", org.skus.len());
    let currencies: BTreeSet<_> = org.stores.iter().map(|s| s.currency.as_str().to_string()).collect();
    for c in ["USD", "EUR", "GBP", "JPY"] {
        assert!(currencies.contains(c), "{c}");
    }
    assert!(org.skus.iter().any(|s| s.costs.len() > 1), "some landed cost changes mid-year");
    assert!(org.stores.iter().any(|s| s.owners.len() > 1), "one store changes hands");
}

#[test]
fn every_file_is_accepted_by_its_importer() {
    let p = parsed();
    let stats = &demo().1;
    assert!(p.settlements > 100, "{}", p.settlements);
    assert!(p.comma_files >= 20, "Amazon DE settlements use decimal commas: {}", p.comma_files);
    assert_eq!(p.hours, stats.rows_of("hours"));
    assert_eq!(p.plans, stats.rows_of("plans"));
    assert_eq!(p.inventory, stats.rows_of("inventory"));
    assert_eq!(p.traffic, stats.rows_of("traffic"), "traffic for every store");
    assert_eq!(p.contracts.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), vec!["ALI-2-OP"], "the operator's contract");
    assert_eq!((p.contracts[0].trial_months, p.contracts[0].targets.len()), (4, 4));
    assert!(p.encodings.iter().any(|e| e.1 == Encoding::Gbk), "one GBK file");
    assert!(p.encodings.iter().any(|e| e.1 == Encoding::Utf8Bom), "BOM files");
    let mut seen = BTreeSet::new();
    for f in &p.facts {
        seen.insert(f.kind);
    }
    for k in [
        FactKind::Sale,
        FactKind::Refund,
        FactKind::Promotion,
        FactKind::PlatformFee,
        FactKind::FulfilmentFee,
        FactKind::StorageFee,
        FactKind::AdSpend,
        FactKind::AdSales,
        FactKind::Reimbursement,
        FactKind::Freight,
        FactKind::OtherIncome,
        FactKind::OtherExpense,
        FactKind::Tax,
        FactKind::Transfer,
    ] {
        assert!(seen.contains(&k), "no {k} facts");
    }
}

#[test]
fn facts_name_known_stores_units_and_skus_and_keep_the_sign_convention() {
    let p = parsed();
    let org = org();
    let stores: BTreeSet<_> = org.stores.iter().map(|s| s.code.as_str()).collect();
    let units: BTreeSet<_> = org.units.iter().map(|u| u.code.as_str()).collect();
    let skus: BTreeSet<_> = org.skus.iter().map(|s| s.code.as_str()).collect();
    // DEFAULT_MONTHS whole months before the month to date (March 2026).
    let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() - chrono::Months::new(amoeba_demo::DEFAULT_MONTHS);
    for f in &p.facts {
        assert!(f.date >= start && f.date <= end(), "{f:?}");
        match (&f.store, &f.unit) {
            (Some(s), None) => assert!(stores.contains(&**s), "{s}"),
            (None, Some(u)) => assert!(units.contains(u.as_str()), "{u}"),
            _ => panic!("{f:?}"),
        }
        if let Some(s) = &f.sku {
            assert!(skus.contains(&**s), "{s}");
        }
        match f.kind {
            FactKind::Sale | FactKind::AdSales | FactKind::Reimbursement | FactKind::OtherIncome => {
                assert!(f.amount > Decimal::ZERO, "{f:?}")
            }
            FactKind::AdSpend | FactKind::StorageFee | FactKind::Freight | FactKind::FulfilmentFee | FactKind::OtherExpense => {
                assert!(f.amount < Decimal::ZERO, "{f:?}")
            }
            FactKind::Refund => assert!(f.amount < Decimal::ZERO, "{f:?}"),
            _ => {}
        }
        if let Some(s) = &f.store {
            let st = org.stores.iter().find(|x| *x.code == **s).unwrap();
            assert!(st.owners.iter().any(|o| o.range.contains(f.date)), "{s} not owned on {}", f.date);
        }
    }
}

/// Sales per calendar month in CNY; B2B (Alibaba.com) stores apart, since
/// importers stock up before the summer, not before Christmas.
fn monthly_sales(b2b: bool) -> BTreeMap<(i32, u32), Decimal> {
    let p = parsed();
    let mut m = BTreeMap::new();
    for f in p.facts.iter().filter(|f| f.kind == FactKind::Sale) {
        if f.store.as_deref().is_some_and(|s| s.starts_with("ALI")) != b2b {
            continue;
        }
        *m.entry((f.date.year(), f.date.month())).or_insert(Decimal::ZERO) += cny(p, f);
    }
    m
}

#[test]
fn the_year_has_a_q4_peak_and_a_summer_slump_and_a_mid_size_turnover() {
    let retail = monthly_sales(false);
    let get = |y, mo| retail.get(&(y, mo)).copied().unwrap_or_default();
    let q4 = get(2025, 11) + get(2025, 12);
    let summer = get(2025, 7) + get(2025, 8);
    assert!(q4 > summer * Decimal::from(2), "Q4 {q4} vs summer {summer}");
    let spring = get(2025, 4) + get(2025, 5);
    assert!(spring > summer, "summer slump: spring {spring} vs summer {summer}");
    let b2b = monthly_sales(true);
    let year: Decimal = retail.iter().chain(b2b.iter()).filter(|(k, _)| *k != &(2026, 3)).map(|x| *x.1).sum();
    assert!(year > Decimal::from(30_000_000) && year < Decimal::from(100_000_000), "sales {year} CNY");
}

#[test]
fn customers_come_back_and_some_orders_are_refunded() {
    let p = parsed();
    let mut orders: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for f in p.facts.iter().filter(|f| f.kind == FactKind::Sale) {
        if let (Some(s), Some(c), Some(o)) = (&f.store, &f.customer_id, &f.order_id) {
            orders.entry((&**s, c.as_str())).or_default().insert(&**o);
        }
    }
    let mut per_store: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((s, _), o) in &orders {
        let e = per_store.entry(s).or_default();
        e.0 += 1;
        e.1 += usize::from(o.len() >= 2);
    }
    for (s, (all, again)) in &per_store {
        let rate = *again as f64 / *all as f64;
        assert!((0.10..=0.50).contains(&rate), "{s}: repurchase rate {rate:.2}");
    }
    let sales = p.facts.iter().filter(|f| f.kind == FactKind::Sale).count() as f64;
    let refunds = p.facts.iter().filter(|f| f.kind == FactKind::Refund).count() as f64;
    let rate = refunds / sales;
    assert!((0.02..=0.09).contains(&rate), "refund rate {rate:.3}");
}

#[test]
fn acos_differs_by_store_within_the_expected_band() {
    let p = parsed();
    let mut by: BTreeMap<&str, (Decimal, Decimal)> = BTreeMap::new();
    for f in &p.facts {
        let Some(s) = f.store.as_deref() else { continue };
        let e = by.entry(s).or_default();
        match f.kind {
            FactKind::AdSpend if f.currency.as_str() != "CNY" => e.0 -= f.amount,
            FactKind::AdSales => e.1 += f.amount,
            _ => {}
        }
    }
    let mut acos = Vec::new();
    for (s, (spend, sales)) in &by {
        if sales.is_zero() {
            continue;
        }
        let a = spend / sales;
        assert!(a > Decimal::new(12, 2) && a < Decimal::new(40, 2), "{s}: ACoS {a}");
        acos.push(a);
    }
    assert!(acos.len() >= 7, "{acos:?}");
    let min = acos.iter().min().unwrap();
    let max = acos.iter().max().unwrap();
    assert!(max - min > Decimal::new(8, 2), "ACoS spread {min}..{max}");
}

#[test]
fn row_counts_stay_moderate() {
    let s = &demo().1;
    let facts_like = s.rows_of("facts") + s.rows_of("amazon-settlement") + s.rows_of("amazon-ads");
    // About 23 000 a month: 13 months stay well under a million rows.
    assert!((150_000..=330_000).contains(&facts_like), "{facts_like} rows: {s:?}");
    let facts = parsed().facts.len();
    assert!((150_000..=330_000).contains(&facts), "{facts} facts");
}

#[test]
fn files_are_in_import_order() {
    let files = &demo().0;
    assert_eq!(files[0].kind, "org");
    assert_eq!(files[1].kind, "fx");
    let names: Vec<_> = files.iter().map(|f| f.name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "a folder listing sorts in import order");
    for f in files {
        assert_eq!(f.store.is_some(), matches!(f.kind, "amazon-settlement" | "amazon-ads" | "traffic"), "{}", f.name);
    }
}

#[test]
fn plans_are_within_reach_but_not_given() {
    let p = parsed();
    let org = org();
    // Sales per (unit, month) in CNY, rolled up the tree.
    let mut actual: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for f in p.facts.iter().filter(|f| matches!(f.kind, FactKind::Sale | FactKind::Promotion)) {
        let mut unit = match (&f.store, &f.unit) {
            (Some(s), _) => {
                let st = org.stores.iter().find(|x| *x.code == **s).unwrap();
                Some(st.owners.iter().find(|o| o.range.contains(f.date)).unwrap().unit.clone())
            }
            (_, Some(u)) => Some(u.clone()),
            _ => None,
        };
        let month = format!("{}-{:02}", f.date.year(), f.date.month());
        while let Some(u) = unit {
            *actual.entry((u.clone(), month.clone())).or_default() += cny(p, f);
            unit = org.units.iter().find(|x| x.code == u).and_then(|x| x.parent.clone());
        }
    }
    let plans = demo().0.iter().find(|f| f.kind == "plans").unwrap();
    let records = formats::parse_plans(&plans.content, &ImportContext::default()).unwrap().records;
    let mut ratios = Vec::new();
    for (r, _) in records.iter().filter(|r| r.0.line == "sales" && r.0.month.to_string() != "2026-03") {
        let a = actual.get(&(r.unit.clone(), r.month.to_string())).copied().unwrap_or_default();
        let ratio = a / r.amount;
        assert!(ratio > Decimal::new(75, 2) && ratio < Decimal::new(125, 2), "{} {}: {a} of {}", r.unit, r.month, r.amount);
        ratios.push(ratio);
    }
    assert!(ratios.len() >= 9 * 12, "{}", ratios.len());
    assert!(ratios.iter().filter(|r| **r < Decimal::ONE).count() > ratios.len() / 4, "some months miss the plan");
    assert!(ratios.iter().filter(|r| **r > Decimal::ONE).count() > ratios.len() / 4, "some months beat it");
}

/// Prints a summary of the year (`cargo test -p amoeba-demo --test import_formats -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_summary() {
    let p = parsed();
    let org = org();
    let unit_of = |f: &FactRecord| match (&f.store, &f.unit) {
        (Some(s), _) => {
            let st = org.stores.iter().find(|x| *x.code == **s).unwrap();
            st.owners.iter().find(|o| o.range.contains(f.date)).unwrap().unit.clone()
        }
        (_, Some(u)) => u.clone(),
        _ => unreachable!(),
    };
    let mut by: BTreeMap<String, BTreeMap<&str, Decimal>> = BTreeMap::new();
    let mut acos: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for f in &p.facts {
        let u = unit_of(f);
        let v = cny(p, f);
        let e = by.entry(u).or_default();
        match f.kind {
            FactKind::Sale => *e.entry("sales").or_default() += v,
            FactKind::AdSales => *e.entry("ad_sales").or_default() += v,
            k if k.affects_profit() => *e.entry("other money").or_default() += v,
            _ => {}
        }
        if let Some(sku) = &f.sku {
            if matches!(f.kind, FactKind::Sale) && f.quantity > 0 {
                let s = org.skus.iter().find(|x| *x.code == **sku).unwrap();
                let c = s.costs.iter().rev().find(|c| c.from <= f.date).unwrap_or(&s.costs[0]);
                *e.entry("cogs").or_default() -= c.landed().expect("landed cost") * Decimal::from(f.quantity);
            }
        }
        if let Some(s) = &f.store {
            let a = acos.entry(s.to_string()).or_default();
            match f.kind {
                FactKind::AdSpend if f.currency.as_str() != "CNY" => a.0 -= f.amount,
                FactKind::AdSales => a.1 += f.amount,
                _ => {}
            }
        }
    }
    for f in demo().0.iter().filter(|f| f.kind == "hours") {
        for (h, _) in formats::parse_hours(&f.content, &ImportContext::default()).unwrap().records {
            *by.entry(h.unit).or_default().entry("labour").or_default() -= h.labour_cost;
        }
    }
    let mut total = BTreeMap::<&str, Decimal>::new();
    for (u, e) in &by {
        let profit: Decimal = e.iter().filter(|x| *x.0 != "ad_sales").map(|x| *x.1).sum();
        let cells: Vec<String> = e.iter().map(|(k, v)| format!("{k} {:.0}", v)).collect();
        println!("{u:<15} profit {:>12.0} | {}", profit, cells.join(" | "));
        for (k, v) in e {
            *total.entry(k).or_default() += v;
        }
    }
    let profit: Decimal = total.iter().filter(|x| *x.0 != "ad_sales").map(|x| *x.1).sum();
    println!("TOTAL profit {profit:.0} {total:?}");
    for (s, (spend, sales)) in &acos {
        if !sales.is_zero() {
            println!("ACoS {s}: {:.3}", spend / sales);
        }
    }
    for ((k, v), (_, b)) in monthly_sales(false).iter().zip(monthly_sales(true).iter()) {
        println!("{}-{:02} retail {:>12.0} b2b {:>12.0}", k.0, k.1, v, b);
    }
    println!("{} facts; {:?}", p.facts.len(), demo().1);
}
