//! Wish goals (愿望目标, seed 004): "what do you want to buy?" turned into
//! the extra monthly sales whose commission pays its monthly instalment —
//! by the core (`goals::wish_plan`: the rate's inverse, across tiers when
//! the rate is a marginal schedule) — and tracked month by month on the
//! person's page against their credited sales ("¥x of ¥y this month").
//!
//! The rate is a flat one (`--rate 2%`) or the marginal schedule of a tiered
//! component of the person's pay plan (`amoeba_core::incentive`'s tiers).
//! The baseline — the level the extra is above — is given, or the person's
//! average credited sales over the three whole months before the wish.

use crate::engage_refusal::EngageRefusal;
use crate::{AppError, Result};
use amoeba_core::goals::{wish_plan, wish_progress, Payment, WishCap, WishInput, WishPlan, WishProgress, WishRate};
use amoeba_core::incentive::basis::Measure;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Months the default baseline averages.
pub const BASELINE_MONTHS: u32 = 3;

/// A wish as stored: what was asked and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wish {
    /// The person.
    pub person: String,
    /// Their wish number.
    pub seq: i64,
    /// First month tracked.
    pub from_month: Month,
    /// Where the baseline came from: `given`, or the months averaged.
    pub baseline_from: Vec<Month>,
    /// What the rate pays on, when a pay plan's component gives it (its
    /// measure: the baseline and progress read it); `None`: credited sales.
    #[serde(default)]
    pub measure: Option<Measure>,
    /// The input.
    pub input: WishInput,
    /// The core's plan.
    pub plan: WishPlan,
}

/// A wish and how this month goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WishMonth {
    /// The wish.
    pub wish: Wish,
    /// The month.
    pub month: Month,
    /// The person's credited sales this month so far.
    pub month_sales: Decimal,
    /// The last day counted.
    pub as_of: Option<NaiveDate>,
    /// "¥x of ¥y this month".
    pub progress: WishProgress,
}

fn months_between(from: Month, to: Month) -> u32 {
    let (a, b) = (from.year() * 12 + from.month() as i32, to.year() * 12 + to.month() as i32);
    (b - a).max(0) as u32
}

/// The marginal schedule of a tiered individual component of a pay plan
/// file (its tiers in marginal mode), as the wish's rate.
pub async fn rate_from_plan(db: &Db, company: &CompanyRow, plan_file: &str, component: &str) -> Result<ComponentRate> {
    let org = db.load_org(company.id).await?;
    let plan = amoeba_import::pay_plan::check(plan_file, &org, &[])
        .map_err(|e| EngageRefusal::BadValue { what: "pay plan file".into(), value: e.render(amoeba_core::Lang::En) })?;
    rate_of(&plan, component)
}

/// The same from the company's stored pay plan `code`, the version in force in `month`.
pub async fn rate_from_stored_plan(db: &Db, company: &CompanyRow, code: &str, component: &str, month: Month) -> Result<ComponentRate> {
    let plans = crate::pay::plans::stored_plans(db, company).await?;
    let plan = plans
        .iter()
        .map(|p| &p.plan)
        .find(|p| p.code == code && p.in_force(month))
        .ok_or_else(|| EngageRefusal::BadValue { what: format!("pay plan in force in {month}"), value: code.to_string() })?;
    rate_of(plan, component)
}

fn rate_of(plan: &amoeba_core::incentive::PayPlan, component: &str) -> Result<ComponentRate> {
    use amoeba_core::incentive::{Method, Pay};
    let bad = |why: &str| EngageRefusal::BadValue { what: format!("component {component} ({why})"), value: plan.code.clone() };
    let c = plan.components.iter().find(|c| c.code == component).ok_or_else(|| bad("not in the plan"))?;
    match &c.method {
        Method::Individual(i) if i.measure.person_value(&Default::default()).is_none() => {
            Err(bad("not paid on a person's credited figures").into())
        }
        Method::Individual(i) => match &i.pay {
            Pay::Tiers(t) => t
                .marginal_bands()
                .map(|b| ComponentRate {
                    rate: WishRate::Tiered(b),
                    measure: i.measure,
                    cap: c.cap.map(|amount| WishCap { component: c.code.clone(), amount }),
                })
                .map_err(|_| bad("tiers not marginal").into()),
            Pay::ByClass(_) => Err(bad("paid by customer class").into()),
        },
        _ => Err(bad("not an individual tiered component").into()),
    }
}

/// The person's credited figure of `month` (every unit and role): `measure`'s, else sales.
async fn credited(
    db: &Db,
    company: &CompanyRow,
    person: &str,
    measure: Option<Measure>,
    month: Month,
    today: NaiveDate,
) -> Result<(Decimal, Option<NaiveDate>)> {
    let credit = crate::credit::month_credit(db, company, month, today).await?;
    let mine = credit.days.iter().filter(|d| d.person.as_deref() == Some(person));
    let total = match measure {
        Some(m) => mine.filter_map(|d| m.person_value(&d.figures)).sum(),
        None => mine.map(|d| d.figures.sales).sum(),
    };
    Ok((total, credit.as_of))
}

/// What a person wishes for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WishRequest {
    /// The person.
    pub person: String,
    /// What they want.
    pub item: String,
    /// How it is paid.
    pub payment: Payment,
    /// The commission that pays for it.
    pub rate: WishRate,
    /// Their current monthly sales; `None`: their last three months' average.
    pub baseline: Option<Decimal>,
    /// What the rate pays on (a pay plan component's measure); `None`: credited sales.
    pub measure: Option<Measure>,
    /// The component's monthly cap, when the rate comes from a capped component.
    pub cap: Option<WishCap>,
}

/// A pay plan component read as a wish's rate: its marginal schedule, what
/// it pays on and its monthly cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentRate {
    /// The marginal schedule.
    pub rate: WishRate,
    /// What it pays on.
    pub measure: Measure,
    /// Its cap per person per month, if any.
    pub cap: Option<WishCap>,
}

/// A new wish goal, tracked from `today`'s month: stored unless `dry_run`.
pub async fn create(db: &Db, company: &CompanyRow, req: WishRequest, today: NaiveDate, dry_run: bool) -> Result<Wish> {
    let WishRequest { person, item, payment, rate, baseline, measure, cap } = req;
    let (person, item) = (person.as_str(), item.as_str());
    let org = db.load_org(company.id).await?;
    if !org.people.iter().any(|p| p.code == person) {
        return Err(EngageRefusal::UnknownPerson { code: person.to_string() }.into());
    }
    let from_month = Month::of(today);
    let (baseline, baseline_from) = match baseline {
        Some(b) => (b, Vec::new()),
        None => {
            let mut months = Vec::new();
            let mut m = from_month;
            for _ in 0..BASELINE_MONTHS {
                m = m.prev();
                months.push(m);
            }
            months.reverse();
            let mut sum = Decimal::ZERO;
            for m in &months {
                sum += credited(db, company, person, measure, *m, today).await?.0;
            }
            (amoeba_core::money::round_money(sum / Decimal::from(BASELINE_MONTHS)).max(Decimal::ZERO), months)
        }
    };
    let input = WishInput { item: item.to_string(), payment, rate, baseline, cap };
    let plan = wish_plan(&input)?;
    let mut wish = Wish { person: person.to_string(), seq: 0, from_month, baseline_from, measure, input, plan };
    if !dry_run {
        let json = serde_json::to_string(&wish).map_err(|e| AppError::Internal(format!("a wish does not serialise: {e}")))?;
        wish.seq = db.save_wish(company.id, person, item, from_month, &json).await?;
    }
    Ok(wish)
}

/// `person`'s wishes tracked in `month`, each with this month's progress.
pub async fn month(db: &Db, company: &CompanyRow, person: &str, month: Month, today: NaiveDate) -> Result<Vec<WishMonth>> {
    let stored = db.wishes(company.id, person).await?;
    let stored: Vec<_> = stored.into_iter().filter(|w| w.from_month <= month).collect();
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    let credit_as_of = crate::credit::month_credit(db, company, month, today).await?.as_of;
    let mut out = Vec::new();
    let wishes: Vec<Wish> = stored
        .iter()
        .map(|s| {
            let mut wish: Wish = serde_json::from_str(&s.goal)
                .map_err(|e| AppError::Store(amoeba_store::StoreError::Corrupt(format!("wish {} of {person}: {e}", s.seq))))?;
            wish.seq = s.seq;
            Ok(wish)
        })
        .collect::<Result<Vec<Wish>>>()?
        .into_iter()
        // Tracked for as many months as there are payments (open-ended without a price).
        .filter(|w| w.plan.months.is_none_or(|n| months_between(w.from_month, month) < n))
        .collect();
    for wish in wishes {
        let (level, _) = credited(db, company, person, wish.measure, month, today).await?;
        let progress = wish_progress(&wish.plan, &wish.input.rate, level);
        out.push(WishMonth { wish, month, month_sales: level, as_of: credit_as_of, progress });
    }
    Ok(out)
}
