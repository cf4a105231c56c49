//! Who earns each sale in the demo (`docs/credit.md`): every listing of the
//! Amazon and TikTok stores has a responsible operator (a store × SKU set
//! each), every product line a designer (SKU scope), the TikTok store its
//! livestream hosts (store scope, shares changing when a fourth host joins),
//! each Alibaba.com buyer a salesperson who owns them, and the three biggest
//! buyers are key accounts. Written into the organisation file.

use crate::orders::StoreSales;
use crate::org::AssignmentDef;
use crate::stores::Platform;
use crate::world::World;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Open assignments of `role` in `unit`, in roster order.
fn holders<'w>(w: &'w World, unit: &str, role: &str) -> Vec<&'w AssignmentDef> {
    w.staff.assignments.iter().filter(|a| a.unit == unit && a.role == role && a.to.is_none()).collect()
}

fn code(w: &World, person: usize) -> &str {
    &w.staff.people[person].code
}

/// The salespeople (业务员) of an Alibaba.com store: the third-party
/// operator for the store they run, the ALI unit's salespeople otherwise.
pub(crate) fn salespeople(w: &World, store: usize) -> Vec<String> {
    match w.stores[store].operator {
        Some(x) => vec![x.to_string()],
        None => holders(w, "ALI", "sales").iter().map(|a| code(w, a.person).to_string()).collect(),
    }
}

/// The order followers (跟单) of the Alibaba.com unit.
pub(crate) fn followers(w: &World) -> Vec<String> {
    holders(w, "ALI", "order_follower").iter().map(|a| code(w, a.person).to_string()).collect()
}

/// The salesperson who owns a buyer: one of the store's salespeople, the
/// same for every order of the buyer.
pub(crate) fn owner_of(w: &World, store: usize, buyer: &str) -> String {
    let people = salespeople(w, store);
    let h = buyer.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    people[(h % people.len() as u64) as usize].clone()
}

/// Each Alibaba.com buyer's store and first order day, and order counts.
fn buyers(w: &World, sales: &[StoreSales]) -> BTreeMap<String, (usize, NaiveDate, usize)> {
    let mut out: BTreeMap<String, (usize, NaiveDate, usize)> = BTreeMap::new();
    for s in sales.iter().filter(|s| w.stores[s.store].platform == Platform::Alibaba) {
        for o in &s.orders {
            let Some(b) = &o.customer else { continue };
            let e = out.entry(b.clone()).or_insert((s.store, o.day, 0));
            e.1 = e.1.min(o.day);
            e.2 += 1;
        }
    }
    out
}

/// Appends the credit sections to the organisation file.
pub(crate) fn render(o: &mut String, w: &World, sales: &[StoreSales]) {
    let start = w.span.start;
    o.push_str("\n# ── Credit (docs/credit.md): who earns each sale. Every listing has a responsible operator,\n");
    o.push_str("# every product line a designer, the TikTok store its livestream hosts.\n");
    for s in sales.iter().filter(|s| matches!(w.stores[s.store].platform, Platform::Amazon | Platform::TikTok)) {
        let st = &w.stores[s.store];
        let owner = st.owners.last().map_or("GROUP", |x| x.0);
        let mut ops = holders(w, owner, "operator");
        if ops.is_empty() {
            ops = holders(w, st.owners[0].0, "operator");
        }
        if ops.is_empty() {
            continue;
        }
        let mut sets: Vec<Vec<&str>> = vec![Vec::new(); ops.len()];
        for (i, &k) in s.listed.iter().enumerate() {
            sets[i % ops.len()].push(&w.skus[k].code);
        }
        for (a, skus) in ops.iter().zip(sets).filter(|(_, s)| !s.is_empty()) {
            let list: Vec<String> = skus.iter().map(|k| format!("\"{k}\"")).collect();
            // From when the person was first an operator anywhere (a transfer
            // keeps the listings); a later hire's listings wait for them.
            let since =
                w.staff.assignments.iter().filter(|x| x.person == a.person && x.role == "operator").map(|x| x.from).min().unwrap_or(a.from);
            let _ = write!(
                o,
                "\n[[responsibilities]]\nperson = \"{}\"\nrole = \"operator\"\nstore = \"{}\"\nskus = [{}]\nshare = \"100%\"\nfrom = \"{}\"\n",
                code(w, a.person),
                st.code,
                list.join(", "),
                since.max(start)
            );
        }
    }
    let designers = holders(w, "DES", "designer");
    let mut lines: Vec<&str> = sales
        .iter()
        .filter(|s| matches!(w.stores[s.store].platform, Platform::Amazon | Platform::TikTok))
        .flat_map(|s| s.listed.iter().map(|&k| w.skus[k].code.as_str()))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    if !designers.is_empty() {
        for (i, sku) in lines.iter().enumerate() {
            let a = designers[i % designers.len()];
            let _ = write!(
                o,
                "\n[[responsibilities]]\nperson = \"{}\"\nrole = \"designer\"\nsku = \"{sku}\"\nshare = 1\nfrom = \"{}\"\n",
                code(w, a.person),
                a.from.max(start)
            );
        }
    }
    hosts(o, w);
    owners(o, w, sales);
}

/// The TikTok store's livestream hosts: the roster's three share it until
/// the fourth joins, then four share it equally.
fn hosts(o: &mut String, w: &World) {
    let all: Vec<&AssignmentDef> = w.staff.assignments.iter().filter(|a| a.unit == "TTS-US" && a.role == "livestream_host").collect();
    let (first, joined): (Vec<&AssignmentDef>, Vec<&AssignmentDef>) = all.iter().partition(|a| a.from <= w.span.start);
    if first.len() != 3 {
        return;
    }
    let join_day = joined.iter().map(|a| a.from).min().filter(|d| *d <= w.span.end);
    let to = join_day.map(|d| format!("to = \"{}\"\n", d.pred_opt().unwrap_or(d))).unwrap_or_default();
    for (a, share) in first.iter().zip(["34%", "33%", "33%"]) {
        let _ = write!(
            o,
            "\n[[responsibilities]]\nperson = \"{}\"\nrole = \"livestream_host\"\nstore = \"TTS-US-1\"\nshare = \"{share}\"\nfrom = \"{}\"\n{to}",
            code(w, a.person),
            w.span.start
        );
    }
    if let Some(day) = join_day {
        for a in first.iter().chain(joined.iter()).take(4) {
            let _ = write!(
                o,
                "\n[[responsibilities]]\nperson = \"{}\"\nrole = \"livestream_host\"\nstore = \"TTS-US-1\"\nshare = \"25%\"\nfrom = \"{day}\"\n",
                code(w, a.person)
            );
        }
    }
}

/// Alibaba.com buyers: owned by their salesperson from their first order;
/// the three who order most are key accounts.
fn owners(o: &mut String, w: &World, sales: &[StoreSales]) {
    let buyers = buyers(w, sales);
    o.push_str("\n# ── Alibaba.com buyers: each owned by a salesperson (业务员); the three biggest are key accounts (大客户).\n");
    for (b, (store, first, _)) in &buyers {
        let _ = write!(o, "\n[[customer_owners]]\ncustomer = \"{b}\"\nperson = \"{}\"\nfrom = \"{first}\"\n", owner_of(w, *store, b));
    }
    let mut by_orders: Vec<(&String, usize)> = buyers.iter().map(|(b, (_, _, n))| (b, *n)).collect();
    by_orders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (b, _) in by_orders.into_iter().take(3) {
        let _ = write!(o, "\n[[key_accounts]]\ncustomer = \"{b}\"\nfrom = \"{}\"\n", w.span.start);
    }
}
