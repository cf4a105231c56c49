//! One `[[components]]` entry: the keys every component has, then the keys
//! of its method — a key of another method is named as such, a key no
//! component has is unknown.

use super::reader::{Reader, Table};
use super::sections::{class_rates, gates, guardrails, measure, schedule, sharing, stages, steps, tiers, who};
use super::PayPlanReason;
use amoeba_core::incentive::*;

/// Keys every component has.
const COMMON: [&str; 8] = ["code", "name", "method", "who", "threshold", "gates", "cap", "guardrails"];

/// The keys of each method.
fn method_keys(method: &str) -> &'static [&'static str] {
    match method {
        "individual" => &["base", "books_on", "rate", "tiers", "tier_mode", "rates_by_class", "accelerators", "decelerators"],
        "stage" => &["rate", "rates_by_class", "stages"],
        "team_pool" | "project_pool" => &["base", "books_on", "rate", "tiers", "tier_mode", "amount", "split", "scorecard"],
        "profit_share" => &["base", "rate", "carry_losses", "schedule", "split", "scorecard"],
        "new_product_hit" => &["rate", "min_sales", "within_days", "split", "scorecard"],
        "off_season" => &["rate", "peak_month", "off_season_months", "turnover_max_days", "cover_min_days", "split", "scorecard"],
        "equity_trigger" => &["multiple", "trailing_months", "valuation_threshold", "grant_cash", "grant_equity", "split"],
        _ => &[],
    }
}

/// Every key some component has.
fn all_keys() -> Vec<&'static str> {
    let mut all: Vec<&str> = COMMON.to_vec();
    for m in Method::CODES {
        for k in method_keys(m) {
            if !all.contains(k) {
                all.push(k);
            }
        }
    }
    all
}

fn check_keys(r: &mut Reader, t: &Table, method: &str) {
    let all = all_keys();
    let mine = method_keys(method);
    r.keys(t, &all);
    for k in all.iter().filter(|k| !COMMON.contains(k) && !mine.contains(k)) {
        r.not_for(t, k, method);
    }
}

fn rate_or_classes(r: &mut Reader, t: &Table) -> Option<Rate> {
    match (Reader::has(t, "rate"), Reader::has(t, "rates_by_class")) {
        (true, true) => {
            r.err(format!("{}.rates_by_class", t.path), t.line, PayPlanReason::BothKeys { a: "rate".into(), b: "rates_by_class".into() });
            None
        }
        (_, true) => class_rates(r, t).map(Rate::ByClass),
        _ => r.rate(t, "rate", true).map(Rate::Flat),
    }
}

fn pool(r: &mut Reader, t: &Table, project: bool) -> Option<Pool> {
    let source = if Reader::has(t, "amount") {
        for k in ["base", "rate", "tiers"] {
            if Reader::has(t, k) {
                r.err(format!("{}.{k}", t.path), t.line, PayPlanReason::BothKeys { a: "amount".into(), b: k.into() });
            }
        }
        PoolSource::Fixed(r.decimal(t, "amount", true)?)
    } else {
        let m = measure(r, t, true);
        let tiers = tiers(r, t);
        PoolSource::Result { measure: m?, tiers: tiers? }
    };
    let default = match (&source, project) {
        (_, true) => Split::ProjectShares,
        (PoolSource::Result { measure, .. }, false) if measure.grain() == Grain::Person => Split::ResultShare,
        _ => Split::Coefficient,
    };
    Some(Pool { source, sharing: sharing(r, t, default) })
}

fn method(r: &mut Reader, t: &Table, code: &str) -> Option<Method> {
    Some(match code {
        "individual" => {
            let m = measure(r, t, true);
            let pay = if Reader::has(t, "rates_by_class") {
                for k in ["rate", "tiers"] {
                    if Reader::has(t, k) {
                        r.err(format!("{}.{k}", t.path), t.line, PayPlanReason::BothKeys { a: k.into(), b: "rates_by_class".into() });
                    }
                }
                class_rates(r, t).map(Pay::ByClass)
            } else {
                tiers(r, t).map(Pay::Tiers)
            };
            let (accelerators, decelerators) = (steps(r, t, "accelerators"), steps(r, t, "decelerators"));
            Method::Individual(Individual { measure: m?, pay: pay?, accelerators, decelerators })
        }
        "stage" => {
            let rate = rate_or_classes(r, t);
            let stages = stages(r, t);
            Method::Stage(StagePay { rate: rate?, stages })
        }
        "team_pool" => Method::TeamPool(pool(r, t, false)?),
        "project_pool" => Method::ProjectPool(pool(r, t, true)?),
        "profit_share" => {
            let m = measure(r, t, false).unwrap_or(Measure::UnitProfit);
            let rate = r.rate(t, "rate", true);
            let carry_losses = r.flag(t, "carry_losses").unwrap_or(false);
            let schedule = schedule(r, t);
            let sharing = sharing(r, t, Split::Coefficient);
            Method::ProfitShare(ProfitShare { measure: m, rate: rate?, carry_losses, schedule, sharing })
        }
        "new_product_hit" => {
            let (rate, min_sales, within_days) =
                (r.rate(t, "rate", true), r.decimal(t, "min_sales", true), r.count(t, "within_days", true));
            let sharing = sharing(r, t, Split::Coefficient);
            Method::NewProductHit(NewProductHit { rate: rate?, min_sales: min_sales?, within_days: within_days?, sharing })
        }
        "off_season" => {
            let rate = r.rate(t, "rate", true);
            let peak = r.count(t, "peak_month", true);
            let off = r.counts(t, "off_season_months", true);
            let (turnover, cover) = (r.decimal(t, "turnover_max_days", true), r.decimal(t, "cover_min_days", true));
            let sharing = sharing(r, t, Split::Coefficient);
            Method::OffSeason(OffSeason {
                rate: rate?,
                peak_month: peak?,
                off_season_months: off,
                turnover_max_days: turnover?,
                cover_min_days: cover?,
                sharing,
            })
        }
        "equity_trigger" => {
            let multiple = r.decimal(t, "multiple", true);
            let trailing = r.count(t, "trailing_months", false).unwrap_or(12);
            let threshold = r.decimal(t, "valuation_threshold", true);
            let (cash, equity) = (r.decimal(t, "grant_cash", false), r.rate(t, "grant_equity", false));
            let sharing = sharing(r, t, Split::Equal);
            Method::EquityTrigger(EquityTrigger {
                multiple: multiple?,
                trailing_months: trailing,
                threshold: threshold?,
                grant_cash: cash,
                grant_equity: equity,
                sharing,
            })
        }
        _ => return None,
    })
}

/// Reads one component; `None` when it has a problem (reported).
pub(super) fn component(r: &mut Reader, t: &Table) -> Option<Component> {
    let code = r.text(t, "code", true);
    let name = r.text(t, "name", false);
    let method_code = r.choice(t, "method", "method", &Method::CODES, true, |v| Method::CODES.contains(&v).then(|| v.to_string()));
    match &method_code {
        Some(m) => check_keys(r, t, m),
        None => r.keys(t, &all_keys()),
    }
    let who = who(r, t);
    let threshold = r.decimal(t, "threshold", false);
    let cap = r.decimal(t, "cap", false);
    let gates = gates(r, t);
    let guardrails = guardrails(r, t);
    let method = method(r, t, method_code.as_deref()?);
    let code = code?;
    Some(Component { name: name.unwrap_or_else(|| code.clone()), code, who, method: method?, threshold, gates, cap, guardrails })
}
