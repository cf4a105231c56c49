//! The parts of a pay plan file shared by several sections: `who`, tiers,
//! rates per customer class, stage parts, gates, guardrails, accelerator
//! steps, the split; and the `[[draws]]` and `[[partners]]` sections.

use super::reader::{Reader, Table};
use amoeba_core::accounting::PnlLine;
use amoeba_core::goals::Band;
use amoeba_core::incentive::*;
use amoeba_core::orders::CustomerClass;
use rust_decimal::Decimal;

/// Keys of `who`.
const WHO: [&str; 5] = ["roles", "units", "subtree", "project_group", "people"];

/// Reads `who` (absent: nobody named, every unit).
pub(super) fn who(r: &mut Reader, t: &Table) -> Who {
    let Some(w) = r.table(t, "who", false) else { return Who::default() };
    r.keys(&w, &WHO);
    Who {
        roles: r.texts(&w, "roles"),
        units: r.texts(&w, "units"),
        subtree: r.flag(&w, "subtree").unwrap_or(true),
        project_group: r.text(&w, "project_group", false),
        people: r.texts(&w, "people"),
    }
}

/// Reads `tiers` and `tier_mode`, or a flat `rate`; `None` (reported) when neither.
pub(super) fn tiers(r: &mut Reader, t: &Table) -> Option<Tiers> {
    let mode = r
        .choice(t, "tier_mode", "tier_mode", &["marginal", "retroactive"], false, |v| match v {
            "marginal" => Some(TierMode::Marginal),
            "retroactive" => Some(TierMode::Retroactive),
            _ => None,
        })
        .unwrap_or(TierMode::Marginal);
    match (Reader::has(t, "tiers"), Reader::has(t, "rate")) {
        (true, true) => {
            r.err(format!("{}.rate", t.path), t.line, super::PayPlanReason::BothKeys { a: "rate".into(), b: "tiers".into() });
            None
        }
        (false, true) => r.rate(t, "rate", true).map(Tiers::flat),
        (true, false) => {
            let mut bands = Vec::new();
            for b in r.tables(t, "tiers") {
                r.keys(&b, &["from", "to", "rate"]);
                let (from, to, rate) = (r.decimal(&b, "from", true), r.decimal(&b, "to", false), r.rate(&b, "rate", true));
                if let (Some(from), Some(rate)) = (from, rate) {
                    bands.push(Band { from, to, rate });
                }
            }
            Some(Tiers { mode, bands })
        }
        (false, false) => {
            r.err(t.path.clone(), t.line, super::PayPlanReason::EitherKey { a: "rate".into(), b: "tiers".into() });
            None
        }
    }
}

/// Customer class codes.
const CLASSES: [&str; 4] = ["new", "returning", "key_account", "unknown"];

fn class(code: &str) -> Option<CustomerClass> {
    Some(match code {
        "new" => CustomerClass::New,
        "returning" => CustomerClass::Returning,
        "key_account" => CustomerClass::KeyAccount,
        "unknown" => CustomerClass::Unknown,
        _ => return None,
    })
}

/// Reads `rates_by_class = { new = "3%", … }`.
pub(super) fn class_rates(r: &mut Reader, t: &Table) -> Option<ClassRates> {
    let c = r.table(t, "rates_by_class", true)?;
    r.keys(&c, &CLASSES);
    let mut out = ClassRates::new();
    for code in CLASSES {
        if let (Some(rate), Some(k)) = (r.rate(&c, code, false), class(code)) {
            out.insert(k, rate);
        }
    }
    Some(out)
}

/// Reads `stages = { contract = "30%", shipment = "30%", payment = "40%" }`.
pub(super) fn stages(r: &mut Reader, t: &Table) -> std::collections::BTreeMap<Booking, Decimal> {
    let mut out = std::collections::BTreeMap::new();
    let Some(s) = r.table(t, "stages", true) else { return out };
    r.keys(&s, &["contract", "shipment", "payment"]);
    for b in Booking::ALL {
        if let Some(v) = r.rate(&s, b.as_str(), false) {
            out.insert(b, v);
        }
    }
    out
}

/// Reads `gates = [{ on = "unit_plan", line = "sales", min_pct = 100 }, { on = "person_target", min_pct = 90 }]`.
pub(super) fn gates(r: &mut Reader, t: &Table) -> Vec<Gate> {
    let mut out = Vec::new();
    for g in r.tables(t, "gates") {
        r.keys(&g, &["on", "line", "min_pct"]);
        let on = r.choice(&g, "on", "gate", &["unit_plan", "person_target"], true, |v| {
            Some(v.to_string()).filter(|v| v == "unit_plan" || v == "person_target")
        });
        let min_pct = r.decimal(&g, "min_pct", true);
        match (on.as_deref(), min_pct) {
            (Some("unit_plan"), Some(min_pct)) => {
                let lines: Vec<&str> = PnlLine::ALL.iter().map(|l| l.as_str()).collect();
                if let Some(line) = r.choice(&g, "line", "P&L line", &lines, true, |v| v.parse::<PnlLine>().ok()) {
                    out.push(Gate::UnitPlan { line, min_pct });
                }
            }
            (Some(_), Some(min_pct)) => {
                r.not_for(&g, "line", "person_target");
                out.push(Gate::PersonTarget { min_pct });
            }
            _ => {}
        }
    }
    out
}

/// Reads `guardrails = [{ metric, max, min, roles, reduce = "50%" | void = true }]`.
pub(super) fn guardrails(r: &mut Reader, t: &Table) -> Vec<Guardrail> {
    let mut out = Vec::new();
    for g in r.tables(t, "guardrails") {
        r.keys(&g, &["metric", "max", "min", "roles", "reduce", "void"]);
        let metric = r.text(&g, "metric", true);
        let (max, min) = (r.decimal(&g, "max", false), r.decimal(&g, "min", false));
        if max.is_none() && min.is_none() {
            r.err(g.path.clone(), g.line, super::PayPlanReason::EitherKey { a: "max".into(), b: "min".into() });
        }
        let roles = r.texts(&g, "roles");
        let effect = match (Reader::has(&g, "reduce"), r.flag(&g, "void")) {
            (true, Some(true)) => {
                r.err(format!("{}.void", g.path), g.line, super::PayPlanReason::BothKeys { a: "reduce".into(), b: "void".into() });
                None
            }
            (true, _) => r.rate(&g, "reduce", true).map(Effect::Reduce),
            (false, Some(true)) => Some(Effect::Void),
            (false, _) => {
                r.err(g.path.clone(), g.line, super::PayPlanReason::EitherKey { a: "reduce".into(), b: "void".into() });
                None
            }
        };
        if let (Some(metric), Some(effect)) = (metric, effect) {
            out.push(Guardrail { metric, max, min, roles, effect });
        }
    }
    out
}

/// Reads accelerator or decelerator steps `[{ pct = 120, multiplier = 1.5 }]`.
pub(super) fn steps(r: &mut Reader, t: &Table, key: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for s in r.tables(t, key) {
        r.keys(&s, &["pct", "multiplier"]);
        if let (Some(pct), Some(multiplier)) = (r.decimal(&s, "pct", true), r.decimal(&s, "multiplier", true)) {
            out.push(Step { pct, multiplier });
        }
    }
    out
}

/// Reads `split` and `scorecard`, with the method's default split.
pub(super) fn sharing(r: &mut Reader, t: &Table, default: Split) -> Sharing {
    let codes: Vec<&str> = Split::ALL.iter().map(|s| s.as_str()).collect();
    let split = r.choice(t, "split", "split", &codes, false, |v| Split::ALL.iter().copied().find(|s| s.as_str() == v)).unwrap_or(default);
    Sharing { split, scorecard: r.flag(t, "scorecard").unwrap_or(false) }
}

/// Reads `schedule` (default monthly).
pub(super) fn schedule(r: &mut Reader, t: &Table) -> Schedule {
    let all = [Schedule::Monthly, Schedule::Quarterly, Schedule::Annually];
    r.choice(t, "schedule", "schedule", &["monthly", "quarterly", "annually"], false, |v| all.iter().copied().find(|s| s.as_str() == v))
        .unwrap_or(Schedule::Monthly)
}

/// Reads a measure from `base` (and `books_on` for `order_value`).
pub(super) fn measure(r: &mut Reader, t: &Table, required: bool) -> Option<Measure> {
    let books_on = r.choice(t, "books_on", "books_on", &["contract", "shipment", "payment"], false, |v| {
        Booking::ALL.iter().copied().find(|b| b.as_str() == v)
    });
    let code = r.choice(t, "base", "base", &Measure::CODES, required, |v| Measure::CODES.contains(&v).then(|| v.to_string()))?;
    let m = Measure::from_code(&code, books_on);
    if m.is_none() {
        r.err(format!("{}.books_on", t.path), t.line, super::PayPlanReason::MissingKey { key: "books_on".into() });
    }
    if books_on.is_some() && code != "order_value" {
        r.not_for(t, "books_on", &code);
    }
    m
}

/// Reads one `[[draws]]` entry.
pub(super) fn draw(r: &mut Reader, t: &Table) -> Option<Draw> {
    r.keys(t, &["code", "kind", "amount", "who"]);
    let code = r.text(t, "code", true);
    let kind = r.choice(t, "kind", "kind", &["recoverable", "guarantee"], true, |v| match v {
        "recoverable" => Some(DrawKind::Recoverable),
        "guarantee" => Some(DrawKind::Guarantee),
        _ => None,
    });
    let amount = r.decimal(t, "amount", true);
    let who = who(r, t);
    Some(Draw { code: code?, who, kind: kind?, amount: amount? })
}

/// Reads one `[[partners]]` entry.
pub(super) fn partner(r: &mut Reader, t: &Table) -> Option<PartnerAgreement> {
    r.keys(t, &["code", "name", "unit", "subtree", "base", "profit_pct", "schedule", "carry_losses", "split", "exit"]);
    let code = r.text(t, "code", true);
    let name = r.text(t, "name", false);
    let unit = r.text(t, "unit", true);
    let measure = measure(r, t, false).unwrap_or(Measure::UnitProfit);
    let profit_pct = r.rate(t, "profit_pct", true);
    let mut parties = Vec::new();
    for p in r.tables(t, "split") {
        r.keys(&p, &["person", "role", "share", "joined"]);
        let (person, role, share, joined) =
            (r.text(&p, "person", true), r.text(&p, "role", true), r.rate(&p, "share", true), r.date(&p, "joined", true));
        if let (Some(person), Some(role), Some(share), Some(joined)) = (person, role, share, joined) {
            parties.push(Party { person, role, share, joined });
        }
    }
    let exit = r.table(t, "exit", true).and_then(|x| {
        r.keys(&x, &["multiple", "trailing_months", "floor", "cap", "vesting_months", "cliff_months"]);
        Some(ExitFormula {
            multiple: r.decimal(&x, "multiple", true)?,
            trailing_months: r.count(&x, "trailing_months", false).unwrap_or(12),
            floor: r.decimal(&x, "floor", false).unwrap_or_default(),
            cap: r.decimal(&x, "cap", false),
            vesting_months: r.count(&x, "vesting_months", false).unwrap_or(0),
            cliff_months: r.count(&x, "cliff_months", false).unwrap_or(0),
        })
    });
    let code = code?;
    Some(PartnerAgreement {
        name: name.unwrap_or_else(|| code.clone()),
        code,
        unit: unit?,
        subtree: r.flag(t, "subtree").unwrap_or(true),
        measure,
        profit_pct: profit_pct?,
        schedule: schedule(r, t),
        carry_losses: r.flag(t, "carry_losses").unwrap_or(false),
        parties,
        exit: exit?,
    })
}
