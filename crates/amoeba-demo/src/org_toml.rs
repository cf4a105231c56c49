//! The organisation file (`docs/org-file.md`): the TOML a finance person
//! would keep — company, unit tree, roles' people, stores, SKUs — written
//! with section comments so it reads as an example as well as demo data.

use crate::money::decimal;
use crate::org::{Kind, UNITS};
use crate::world::World;
use chrono::NaiveDate;
use std::fmt::Write;

/// TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn owners(list: &[(&str, NaiveDate, Option<NaiveDate>)]) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|(u, f, t)| match t {
            Some(t) => format!("{{ unit = {}, from = \"{f}\", to = \"{t}\" }}", q(u)),
            None => format!("{{ unit = {}, from = \"{f}\" }}", q(u)),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// Coefficient in tenths as a decimal string.
fn tenths(v: i64) -> String {
    decimal(v, 1).to_string()
}

/// The organisation file text.
pub(crate) fn render(w: &World, sales: &[crate::orders::StoreSales]) -> String {
    let mut o = String::with_capacity(160 * 1024);
    let _ = writeln!(
        o,
        "# 宁波天启电商 — Amoeba demo organisation (generated, seed {}).\n\
         # Format: docs/org-file.md. Import with `amoeba org import FILE`.\n\n\
         [company]\ncode = \"NBTQ\"\nname = \"宁波天启电商有限公司\"\nbase_currency = \"CNY\"\ntimezone = \"Asia/Shanghai\"",
        w.seed
    );
    o.push_str("\n# ── Units: the group (template company) with six profit amoebas, one per platform, and five service centres.\n");
    for u in &UNITS {
        let _ = writeln!(o, "\n[[units]]\ncode = {}\nname = {}\nname_en = {}", q(u.code), q(u.name), q(u.name_en));
        let kind = if u.kind == Kind::Profit { "profit_centre" } else { "service_centre" };
        let _ = writeln!(o, "kind = \"{kind}\"\nfunction = {}", q(u.function));
        if let Some(p) = u.parent {
            let _ = writeln!(o, "parent = {}", q(p));
        }
        let _ = writeln!(o, "area_m2 = {}", u.area_m2);
    }
    o.push_str("\n# ── People. X001 is the third-party operator (代运营) running ALI-2 under contract.\n");
    for p in &w.staff.people {
        let _ = writeln!(o, "\n[[people]]\ncode = {}\nname = {}\nemail = {}", q(&p.code), q(&p.name), q(&p.email));
        if p.external {
            o.push_str("external = true\n");
        }
    }
    o.push_str("\n# ── Assignments: role, unit, dates and role coefficient; `leader` marks the amoeba leader.\n");
    o.push_str("# Role switches end one assignment and start the next the following day.\n");
    let mut list: Vec<&crate::org::AssignmentDef> = w.staff.assignments.iter().collect();
    list.sort_by_key(|a| (a.person, a.from));
    for a in list {
        let _ = writeln!(
            o,
            "\n[[assignments]]\nperson = {}\nunit = {}\nrole = {}\nfrom = \"{}\"",
            q(&w.staff.people[a.person].code),
            q(a.unit),
            q(a.role),
            a.from
        );
        if let Some(t) = a.to {
            let _ = writeln!(o, "to = \"{t}\"");
        }
        let _ = writeln!(o, "coefficient = {}", tenths(a.coef));
        if a.leader {
            o.push_str("leader = true\n");
        }
    }
    o.push_str("\n# ── Cross-unit project groups.\n");
    for g in &w.staff.groups {
        let members: Vec<String> =
            g.members.iter().map(|(p, s)| format!("{{ person = {}, share = {s} }}", q(&w.staff.people[*p].code))).collect();
        let _ = writeln!(
            o,
            "\n[[project_groups]]\ncode = {}\nname = {}\nfrom = \"{}\"\nto = \"{}\"\nmembers = [{}]",
            q(g.code),
            q(g.name),
            g.from,
            g.to,
            members.join(", ")
        );
    }
    o.push_str("\n# ── Stores: platform × marketplace × currency, owned by units over time.\n");
    for s in &w.stores {
        let _ = writeln!(
            o,
            "\n[[stores]]\ncode = {}\nname = {}\nplatform = \"{}\"\nmarketplace = {}\ncurrency = \"{}\"\ntimezone = {}",
            q(s.code),
            q(s.name),
            s.platform.code(),
            q(s.marketplace),
            s.cur.code(),
            q(s.tz.name())
        );
        if let Some(op) = s.operator {
            let _ = writeln!(o, "operator = {}", q(op));
        }
        // Shopify and Wish sales arrive in facts files (books from the
        // "settlement" side); Alibaba.com books from its orders (the default).
        if matches!(s.platform, crate::stores::Platform::Shopify | crate::stores::Platform::Wish) {
            o.push_str("books_sales_from = \"settlement\"\n");
        }
        let _ = writeln!(o, "owners = {}", owners(&s.owners));
    }
    o.push_str("\n# ── SKUs: owner, launch date and landed cost (purchase + head-haul freight per unit, CNY) over time.\n");
    for s in &w.skus {
        let _ = writeln!(o, "\n[[skus]]\ncode = {}\nname = {}\nlaunch_date = \"{}\"", q(&s.code), q(&s.name), s.launch);
        let _ = writeln!(o, "owners = {}", owners(&s.owners));
        let costs: Vec<String> = s
            .costs
            .iter()
            .map(|(f, p, fr)| format!("{{ from = \"{f}\", purchase = \"{}\", freight = \"{}\" }}", decimal(*p, 2), decimal(*fr, 2)))
            .collect();
        let _ = writeln!(o, "costs = [{}]", costs.join(", "));
    }
    rules(&mut o, w);
    crate::credit_rules::render(&mut o, w, sales);
    o
}

/// The internal price list and the shared-cost keys: what each service
/// centre charges the profit amoebas, and how the group's office costs are
/// spread. Effective from the first day of the demo.
fn rules(o: &mut String, w: &World) {
    let from = w.span.start;
    let _ = write!(
        o,
        "\n# ── Internal charges (docs/org-file.md): service centres bill the profit amoebas at close.\n\
         # `users` left out = every leaf profit centre. Rates are CNY.\n\
         \n[[charge_rules]]\ncode = \"WH-SHIP\"\nprovider = \"WH\"\nbasis = \"per_unit_shipped\"\nrate = \"3.50\"\nfrom = \"{from}\"\n\
         \n[[charge_rules]]\ncode = \"PUR-PCT\"\nprovider = \"PUR\"\nbasis = \"percent_of_sales\"\npercent = \"1.5\"\nfrom = \"{from}\"\n\
         \n[[charge_rules]]\ncode = \"IT-FIX\"\nprovider = \"IT\"\nbasis = \"fixed_per_month\"\namount = \"12000\"\nsplit = \"equal\"\nfrom = \"{from}\"\n\
         \n[[charge_rules]]\ncode = \"DES-LIST\"\nprovider = \"DES\"\nbasis = \"per_listing\"\nrate = \"15\"\nfrom = \"{from}\"\n\
         \n[[charge_rules]]\ncode = \"LOG-ORDER\"\nprovider = \"LOG\"\nbasis = \"per_order\"\nrate = \"1.20\"\nfrom = \"{from}\"\n\
         \n# ── Allocations: the group office's rent, property, utilities and sundries go to the\n\
         # profit amoebas by floor area (`targets` left out = every leaf profit centre).\n\
         \n[[allocation_rules]]\ncode = \"RENT\"\nsource = \"GROUP\"\nkinds = [\"other_expense\"]\ndriver = \"area\"\nfrom = \"{from}\"\n"
    );
}
