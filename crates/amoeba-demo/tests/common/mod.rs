//! Reading generated files back with the real importers, shared by the
//! integration tests.

#![allow(dead_code)]

use amoeba_core::ledger::FactRecord;
use amoeba_core::org::Org;
use amoeba_demo::DemoFile;
use amoeba_import::{amazon_ads, amazon_settlement, formats, org_file, Encoding, ImportContext, NumberStyle};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The organisation file applied to an empty company.
pub fn apply_org(files: &[DemoFile]) -> Org {
    let f = &files[0];
    assert_eq!(f.kind, "org");
    let text = std::str::from_utf8(&f.content).unwrap();
    org_file::parse(text).unwrap_or_else(|e| panic!("{e}")).apply_to(None).unwrap_or_else(|e| panic!("{e}"))
}

/// Every fact of every file, parsed by the real importers.
pub struct Parsed {
    pub facts: Vec<FactRecord>,
    pub fx: BTreeMap<(String, NaiveDate), Decimal>,
    pub encodings: Vec<(String, Encoding)>,
    pub comma_files: usize,
    pub settlements: usize,
    pub hours: usize,
    pub plans: usize,
    pub inventory: usize,
    pub orders: usize,
    /// Traffic rows.
    pub traffic: usize,
    /// Operator contracts.
    pub contracts: Vec<amoeba_core::oversight::contract::OperatorContract>,
}

/// Parses every file with its importer, panicking on the first refusal.
pub fn parse_all(files: &[DemoFile], org: &Org) -> Parsed {
    {
        let mut p = Parsed {
            facts: Vec::new(),
            fx: BTreeMap::new(),
            encodings: Vec::new(),
            comma_files: 0,
            settlements: 0,
            hours: 0,
            plans: 0,
            inventory: 0,
            orders: 0,
            traffic: 0,
            contracts: Vec::new(),
        };
        let company = ImportContext::new(chrono_tz::Asia::Shanghai);
        for f in files {
            let fail = |e: &dyn std::fmt::Display| -> ! { panic!("{} refused:\n{e}", f.name) };
            let store_ctx = || {
                let code = f.store.as_deref().unwrap_or_else(|| panic!("{} has no store", f.name));
                let s = org.stores.iter().find(|s| s.code == code).unwrap_or_else(|| panic!("unknown store {code}"));
                ImportContext::new(s.timezone.parse().unwrap()).with_store(code).with_currency(s.currency)
            };
            match f.kind {
                "org" => {}
                "fx" => {
                    let r = formats::parse_fx(&f.content, &company).unwrap_or_else(|e| fail(&e));
                    for (x, _) in r.records {
                        p.fx.insert((x.currency.as_str().to_string(), x.date), x.rate);
                    }
                }
                "facts" => {
                    assert!(f.store.is_none());
                    let r = formats::parse_facts(&f.content, &company).unwrap_or_else(|e| fail(&e));
                    p.encodings.push((f.name.clone(), r.encoding));
                    p.facts.extend(r.records.into_iter().map(|x| x.0));
                }
                "amazon-settlement" => {
                    let s = amazon_settlement::parse_settlement(&f.content, &store_ctx()).unwrap_or_else(|e| fail(&e));
                    assert!(s.unmapped.is_empty(), "{}: unmapped lines {:?}", f.name, s.unmapped);
                    let sum: Decimal = s.facts.records.iter().map(|r| r.0.amount).sum();
                    assert_eq!(sum, s.summary.total_amount, "{}", f.name);
                    if s.facts.number_style == NumberStyle::Comma {
                        p.comma_files += 1;
                    }
                    p.settlements += 1;
                    p.facts.extend(s.facts.records.into_iter().map(|x| x.0));
                }
                "amazon-ads" => {
                    let r = amazon_ads::parse_ads(&f.content, &store_ctx()).unwrap_or_else(|e| fail(&e));
                    p.facts.extend(r.records.into_iter().map(|x| x.0));
                }
                "orders" => {
                    // Each order's events are in its contract month's file: replay
                    // them and keep what they book, as the import does.
                    let zones = org.stores.iter().map(|s| (s.code.clone(), s.timezone.parse().unwrap())).collect();
                    let ctx = company.clone().with_store_zones(zones);
                    let r = formats::parse_orders(&f.content, &ctx).unwrap_or_else(|e| fail(&e));
                    let rows: Vec<_> = r.records.into_iter().map(|x| x.0).collect();
                    let (orders, errors) = formats::orders_of(&rows);
                    assert!(errors.is_empty(), "{}: {errors:?}", f.name);
                    for o in orders {
                        let replay = amoeba_core::orders::check(&o.header, &[], &o.events)
                            .unwrap_or_else(|e| panic!("{}: order {} refused: {e:?}", f.name, o.header.id));
                        p.orders += 1;
                        p.facts.extend(amoeba_core::orders::order_facts(&replay));
                    }
                }
                "hours" => p.hours += formats::parse_hours(&f.content, &company).unwrap_or_else(|e| fail(&e)).records.len(),
                "plans" => p.plans += formats::parse_plans(&f.content, &company).unwrap_or_else(|e| fail(&e)).records.len(),
                "inventory" => {
                    let r = formats::parse_inventory(&f.content, &company).unwrap_or_else(|e| fail(&e));
                    for (x, _) in &r.records {
                        assert!(org.stores.iter().any(|s| s.code == x.store), "{}", x.store);
                        assert!(org.skus.iter().any(|s| s.code == x.sku), "{}", x.sku);
                    }
                    p.inventory += r.records.len();
                }
                "traffic" => {
                    let cut = if f.name.contains("traffic_alibaba_") {
                        amoeba_core::ledger::DataCut::alibaba()
                    } else {
                        amoeba_core::ledger::DataCut::uniform(chrono_tz::Asia::Shanghai)
                    };
                    let r = formats::parse_traffic(&f.content, &company, cut).unwrap_or_else(|e| fail(&e));
                    p.traffic += r.parsed.records.len();
                }
                "operator-contract" => {
                    let text = std::str::from_utf8(&f.content).unwrap();
                    let c: amoeba_core::oversight::contract::OperatorContract = toml::from_str(text).unwrap_or_else(|e| fail(&e));
                    assert!(c.problems().is_empty(), "{}: {:?}", f.name, c.problems());
                    p.contracts.push(c);
                }
                "pay-plan" => {
                    let text = std::str::from_utf8(&f.content).expect("the pay plan is UTF-8");
                    amoeba_import::pay_plan::check(text, org, &[]).unwrap_or_else(|e| fail(&e));
                }
                "lottery-rules" => {
                    let text = std::str::from_utf8(&f.content).unwrap();
                    let r = amoeba_import::lottery_rules::parse(text, "Asia/Shanghai").unwrap_or_else(|e| fail(&e));
                    r.rules.validate().unwrap_or_else(|e| fail(&e));
                }
                "lottery-draws" => {
                    let text = std::str::from_utf8(&f.content).unwrap();
                    assert!(text.starts_with("day,numbers\n"), "{}", f.name);
                    assert!(text.lines().count() > 1, "{}: draw days", f.name);
                }
                "alert-rules" => {
                    let text = std::str::from_utf8(&f.content).expect("the alert rules are UTF-8");
                    let r: amoeba_core::oversight::alerts::rules::RuleSet = toml::from_str(text).unwrap_or_else(|e| fail(&e));
                    assert!(r.problems().is_empty(), "{:?}", r.problems());
                }
                "playbooks" => {
                    let text = std::str::from_utf8(&f.content).expect("the playbooks are UTF-8");
                    let v: toml::Value = toml::from_str(text).unwrap_or_else(|e| fail(&e));
                    let templates = v.get("templates").and_then(toml::Value::as_array).expect("[[templates]]");
                    for t in templates {
                        for body in ["body_zh", "body_en"] {
                            let text = t.get(body).and_then(toml::Value::as_str).expect("a body");
                            amoeba_core::oversight::playbook::variables(text).unwrap_or_else(|e| fail(&e.render(amoeba_core::Lang::En)));
                        }
                    }
                }
                other => panic!("unexpected kind {other}"),
            }
        }
        p
    }
}
