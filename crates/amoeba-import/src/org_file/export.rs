//! Writes an organisation back out in the same TOML format it is read in,
//! so `org export` → edit → `org import` is a round trip.

use amoeba_core::accounting::{ChargeBasis, Driver, FixedSplit, Rules};
use amoeba_core::credit::{CreditRules, Scope};
use amoeba_core::dates::EffectiveRange;
use amoeba_core::org::*;
use rust_decimal::Decimal;
use std::fmt::Write;

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn range(out: &mut String, r: &EffectiveRange) {
    let _ = write!(out, "from = \"{}\"", r.from);
    if let Some(t) = r.to {
        let _ = write!(out, ", to = \"{t}\"");
    }
}

fn range_lines(out: &mut String, r: &EffectiveRange) {
    let _ = writeln!(out, "from = \"{}\"", r.from);
    if let Some(t) = r.to {
        let _ = writeln!(out, "to = \"{t}\"");
    }
}

fn owners(out: &mut String, owners: &[Ownership]) {
    out.push_str("owners = [");
    for (i, o) in owners.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{{ unit = {}, ", q(&o.unit));
        range(out, &o.range);
        out.push_str(" }");
    }
    out.push_str("]\n");
}

/// Serialises the whole organisation (its credit rules included) and its
/// charge and allocation rules as an organisation file.
pub fn to_toml(org: &Org, rules: &Rules) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("# Amoeba organisation file — format: docs/org-file.md\n\n[company]\n");
    let c = &org.company;
    let _ = writeln!(
        out,
        "code = {}\nname = {}\nbase_currency = \"{}\"\ntimezone = {}",
        q(&c.code),
        q(&c.name),
        c.base_currency,
        q(&c.timezone)
    );
    for u in &org.units {
        let _ = writeln!(out, "\n[[units]]\ncode = {}\nname = {}", q(&u.code), q(&u.name));
        if let Some(n) = &u.name_en {
            let _ = writeln!(out, "name_en = {}", q(n));
        }
        let _ = writeln!(out, "kind = \"{}\"", u.kind);
        if let Some(f) = &u.function {
            let _ = writeln!(out, "function = {}", q(f));
        }
        if let Some(p) = &u.parent {
            let _ = writeln!(out, "parent = {}", q(p));
        }
        if let Some(a) = u.area_m2 {
            let _ = writeln!(out, "area_m2 = \"{a}\"");
        }
    }
    for r in &org.roles {
        let _ = writeln!(out, "\n[[roles]]\ncode = {}\nname = {}", q(&r.code), q(&r.name));
    }
    for p in &org.people {
        let _ = writeln!(out, "\n[[people]]\ncode = {}\nname = {}", q(&p.code), q(&p.name));
        if let Some(e) = &p.email {
            let _ = writeln!(out, "email = {}", q(e));
        }
        if p.external {
            out.push_str("external = true\n");
        }
    }
    for a in &org.assignments {
        let _ = writeln!(out, "\n[[assignments]]\nperson = {}\nunit = {}\nrole = {}", q(&a.person), q(&a.unit), q(&a.role));
        range_lines(&mut out, &a.range);
        let _ = writeln!(out, "coefficient = \"{}\"", a.coefficient);
        if a.leader {
            out.push_str("leader = true\n");
        }
    }
    for g in &org.project_groups {
        let _ = writeln!(out, "\n[[project_groups]]\ncode = {}\nname = {}", q(&g.code), q(&g.name));
        range_lines(&mut out, &g.range);
        out.push_str("members = [");
        for (i, m) in g.members.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "{{ person = {}, share = \"{}\" }}", q(&m.person), m.share);
        }
        out.push_str("]\n");
    }
    for s in &org.stores {
        let _ = writeln!(
            out,
            "\n[[stores]]\ncode = {}\nname = {}\nplatform = \"{}\"\nmarketplace = {}\ncurrency = \"{}\"\ntimezone = {}",
            q(&s.code),
            q(&s.name),
            s.platform,
            q(&s.marketplace),
            s.currency,
            q(&s.timezone)
        );
        if let Some(o) = &s.operator {
            let _ = writeln!(out, "operator = {}", q(o));
        }
        if let Some(b) = s.books_sales_from {
            let _ = writeln!(out, "books_sales_from = \"{b}\"");
        }
        owners(&mut out, &s.owners);
    }
    for s in &org.skus {
        let _ = writeln!(out, "\n[[skus]]\ncode = {}\nname = {}", q(&s.code), q(&s.name));
        if let Some(d) = s.launch_date {
            let _ = writeln!(out, "launch_date = \"{d}\"");
        }
        owners(&mut out, &s.owners);
        out.push_str("costs = [");
        for (i, c) in s.costs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "{{ from = \"{}\", purchase = \"{}\", freight = \"{}\" }}", c.from, c.purchase, c.freight);
        }
        out.push_str("]\n");
    }
    credit_toml(&mut out, &org.credit);
    rules_toml(&mut out, rules);
    out
}

/// A share as the file writes it: `50%`, `33.33%`.
fn percent(share: Decimal) -> String {
    format!("{}%", (share * Decimal::ONE_HUNDRED).normalize())
}

/// Appends the `[[responsibilities]]`, `[[customer_owners]]` and
/// `[[key_accounts]]` sections.
fn credit_toml(out: &mut String, credit: &CreditRules) {
    for r in &credit.responsibilities {
        let _ = writeln!(out, "\n[[responsibilities]]\nperson = {}\nrole = {}", q(&r.person), q(&r.role));
        match &r.scope {
            Scope::Store { store } => {
                let _ = writeln!(out, "store = {}", q(store));
            }
            Scope::Sku { sku } => {
                let _ = writeln!(out, "sku = {}", q(sku));
            }
            Scope::StoreSkus { store, skus } => {
                let _ = writeln!(out, "store = {}\nskus = {}", q(store), list(skus));
            }
        }
        let _ = writeln!(out, "share = \"{}\"", percent(r.share));
        range_lines(out, &r.range);
    }
    for o in &credit.customer_owners {
        let _ = writeln!(out, "\n[[customer_owners]]\ncustomer = {}\nperson = {}", q(&o.customer), q(&o.person));
        range_lines(out, &o.range);
    }
    for k in &credit.key_accounts {
        let _ = writeln!(out, "\n[[key_accounts]]\ncustomer = {}", q(&k.customer));
        range_lines(out, &k.range);
    }
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

/// Appends the `[[charge_rules]]` and `[[allocation_rules]]` sections.
fn rules_toml(out: &mut String, rules: &Rules) {
    for r in &rules.charges {
        let _ = writeln!(out, "\n[[charge_rules]]\ncode = {}\nprovider = {}", q(&r.code), q(&r.provider));
        if !r.users.is_empty() {
            let _ = writeln!(out, "users = {}", list(&r.users));
        }
        match &r.basis {
            ChargeBasis::PerUnitShipped { rate } => {
                let _ = writeln!(out, "basis = \"per_unit_shipped\"\nrate = \"{rate}\"");
            }
            ChargeBasis::PerOrder { rate } => {
                let _ = writeln!(out, "basis = \"per_order\"\nrate = \"{rate}\"");
            }
            ChargeBasis::PerListing { rate } => {
                let _ = writeln!(out, "basis = \"per_listing\"\nrate = \"{rate}\"");
            }
            ChargeBasis::PercentOfSales { percent } => {
                let _ = writeln!(out, "basis = \"percent_of_sales\"\npercent = \"{percent}\"");
            }
            ChargeBasis::FixedPerMonth { amount, split } => {
                let split = match split {
                    FixedSplit::Equal => "equal",
                    FixedSplit::BySales => "by_sales",
                };
                let _ = writeln!(out, "basis = \"fixed_per_month\"\namount = \"{amount}\"\nsplit = \"{split}\"");
            }
        }
        range_lines(out, &r.range);
    }
    for r in &rules.allocations {
        let _ = writeln!(out, "\n[[allocation_rules]]\ncode = {}\nsource = {}", q(&r.code), q(&r.source));
        if !r.kinds.is_empty() {
            let kinds: Vec<String> = r.kinds.iter().map(|k| k.as_str().to_string()).collect();
            let _ = writeln!(out, "kinds = {}", list(&kinds));
        }
        if !r.targets.is_empty() {
            let _ = writeln!(out, "targets = {}", list(&r.targets));
        }
        let _ = writeln!(out, "driver = \"{}\"", r.driver.name());
        if let Driver::FixedShares(shares) = &r.driver {
            let parts: Vec<String> = shares.iter().map(|(u, s)| format!("{{ unit = {}, share = \"{s}\" }}", q(u))).collect();
            let _ = writeln!(out, "shares = [{}]", parts.join(", "));
        }
        range_lines(out, &r.range);
    }
}
