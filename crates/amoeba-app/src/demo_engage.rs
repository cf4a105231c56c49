//! The demo company's goals and engagement, made through the real use cases
//! after its files are imported: the lottery rules saved, every draw day of
//! the history frozen at its cut-off and drawn from that day's numbers (as
//! the days would have happened: each step at its own simulated instant),
//! the profit units' targets for the current year as derived at its start,
//! a PK contest of last month decided and one of this month running.

use crate::engage_refusal::EngageRefusal;
use crate::goals::TargetRequest;
use crate::pk::{NewContest, Stake};
use crate::{AppError, Result};
use amoeba_core::engagement::PkMetric;
use amoeba_core::org::UnitKind;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use rust_decimal::Decimal;

/// The instant of `day` at `h:m` in the company's zone.
fn local(company: &CompanyRow, day: NaiveDate, h: u32, m: u32) -> chrono::DateTime<chrono::Utc> {
    let tz: chrono_tz::Tz = company.company.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let t = day.and_hms_opt(h, m, 0).unwrap_or_default();
    tz.from_local_datetime(&t).earliest().map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc))
}

/// Saves the rules and draws every day of `numbers` (`day,numbers` lines).
pub(crate) async fn lottery(db: &Db, company: &CompanyRow, rules: &str, numbers: &str, log: &mut (dyn FnMut(&str) + Send)) -> Result<()> {
    let started = std::time::Instant::now();
    let file = amoeba_import::lottery_rules::parse(rules, &company.company.timezone)
        .map_err(|e| EngageRefusal::BadValue { what: "demo lottery rules".into(), value: e.to_string() })?;
    let first = file.effective_from;
    let saved = crate::lottery::save_rules(db, company, file.rules, first, local(company, first - Duration::days(1), 12, 0)).await?;
    let days: Vec<(NaiveDate, &str)> =
        numbers.lines().skip(1).filter_map(|l| l.split_once(',')).filter_map(|(d, n)| d.parse().ok().map(|d| (d, n))).collect();
    let (Some(from), Some(to)) = (days.first().map(|d| d.0), days.last().map(|d| d.0)) else { return Ok(()) };
    // Every shipment of the span once: each day's freeze keeps its own.
    let shipments = crate::lottery::shipments_between(db, company, from - Duration::days(7), to).await?;
    let (mut drawn, mut entrants) = (0usize, 0usize);
    for (day, text) in &days {
        let cutoff = saved.rules.cutoff_instant(*day)?;
        let list = crate::lottery::freeze_from(db, company, &saved, *day, &shipments, cutoff + Duration::minutes(1)).await?;
        entrants += list.list.entries.len();
        let input = crate::lottery::DrawInput::Rfc3797(crate::lottery::parse_numbers(text)?);
        crate::lottery::draw(db, company, *day, input, cutoff + Duration::hours(4) + Duration::minutes(15)).await?;
        drawn += 1;
    }
    log(&format!(
        "  lottery: rules {} (hash {}), {drawn} days frozen and drawn, {entrants} entries in {:.1}s",
        saved.rules.version,
        &saved.rules_hash[..12],
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// Derives this year's targets of the profit units below the root, as at
/// the year's start (or a month into the data, if it starts later); a demo
/// too short for that ("last year" without data) gets next year's, as today.
pub(crate) async fn targets(
    db: &Db,
    company: &CompanyRow,
    start: NaiveDate,
    end: NaiveDate,
    log: &mut (dyn FnMut(&str) + Send),
) -> Result<()> {
    let started = std::time::Instant::now();
    let year = end.year();
    let jan = NaiveDate::from_ymd_opt(year, 1, 5).unwrap_or(end);
    let as_of = jan.max(Month::of(start).next().first_day()).min(end);
    let org = db.load_org(company.id).await?;
    let units: Vec<String> =
        org.units.iter().filter(|u| u.parent.is_some() && u.kind == UnitKind::ProfitCentre).map(|u| u.code.clone()).collect();
    for (year, as_of) in [(year, as_of), (year + 1, end.succ_opt().unwrap_or(end))] {
        // Units the ledger has no cost for (no data in the window) get no target.
        let mut reqs = Vec::new();
        for unit in &units {
            let req = TargetRequest::new(year, unit);
            match crate::goals::preview(db, company, &req, as_of).await {
                Ok(_) => reqs.push(req),
                Err(AppError::Engage(EngageRefusal::NoCost { .. })) => {}
                Err(e) => return Err(e),
            }
        }
        if reqs.is_empty() {
            continue;
        }
        let done = crate::goals::derive_all(db, company, &reqs, as_of).await?.len();
        log(&format!("  targets: {done} units' {year} targets derived as on {as_of} in {:.1}s", started.elapsed().as_secs_f64()));
        break;
    }
    Ok(())
}

/// One PK decided (last month) and one running (this month): the Amazon US
/// home and outdoor teams, each against its month target.
pub(crate) async fn contests(db: &Db, company: &CompanyRow, end: NaiveDate, log: &mut (dyn FnMut(&str) + Send)) -> Result<()> {
    let started = std::time::Instant::now();
    let teams = ["AMZ-US-HOME", "AMZ-US-OUTDOOR"];
    let org = db.load_org(company.id).await?;
    if teams.iter().any(|t| org.unit(t).is_none()) {
        return Ok(());
    }
    let this = Month::of(end);
    for (month, code, name) in
        [(this.prev(), "PK-HOME-OUTDOOR-1", "家居组 vs 户外组 · 上月"), (this, "PK-HOME-OUTDOOR-2", "家居组 vs 户外组 · 本月")]
    {
        let targets = crate::goals::targets_of_year(db, company, month.year()).await?;
        let base = |unit: &str| targets.iter().find(|t| t.derivation.unit == unit).and_then(|t| t.derivation.month_target(month));
        let (Some(a), Some(b)) = (base(teams[0]), base(teams[1])) else { continue };
        // The base is 90 % of the month's target: a stretch each team can reach.
        let base90 = |x: Decimal| (x * Decimal::new(9, 1)).round_dp(0);
        let new = NewContest {
            code: code.into(),
            name: name.into(),
            start: month.first_day(),
            end: month.last_day(),
            metric: PkMetric::Sales,
            per_capita: false,
            teams: vec![(teams[0].into(), base90(a)), (teams[1].into(), base90(b))],
            stake: Some(Stake { amount: Some(Decimal::from(3000)), description: Some("冠军团队聚餐".into()) }),
        };
        crate::pk::create(db, company, new, month.first_day() - Duration::days(3), false).await?;
        if month < this {
            crate::pk::decide(db, company, code, end).await?;
        }
    }
    log(&format!("  PK: last month's contest decided, this month's running ({:.1}s)", started.elapsed().as_secs_f64()));
    Ok(())
}

/// A few wish goals of the salespeople (seed 004's car among them), at 2 %.
pub(crate) async fn wishes(db: &Db, company: &CompanyRow, end: NaiveDate, log: &mut (dyn FnMut(&str) + Send)) -> Result<()> {
    use amoeba_core::goals::{Payment, WishRate};
    let org = db.load_org(company.id).await?;
    let mut sellers: Vec<String> = org
        .assignments
        .iter()
        .filter(|a| (a.role == "sales" || a.role == "order_follower") && a.range.contains(end))
        .map(|a| a.person.clone())
        .collect();
    sellers.sort();
    sellers.dedup();
    let wishes = [
        ("汽车", Payment::Monthly { monthly: Decimal::from(5000), price: Some(Decimal::from(150_000)) }),
        ("新手机", Payment::Term { price: Decimal::from(9000), months: 6 }),
        ("带父母旅游", Payment::Term { price: Decimal::from(24_000), months: 12 }),
    ];
    let rate = WishRate::Flat(Decimal::new(2, 2));
    let mut n = 0;
    for (person, (item, payment)) in sellers.iter().zip(wishes) {
        let req = crate::wish::WishRequest {
            person: person.clone(),
            item: item.into(),
            payment,
            rate: rate.clone(),
            baseline: None,
            measure: None,
            cap: None,
        };
        crate::wish::create(db, company, req, end, false).await?;
        n += 1;
    }
    log(&format!("  wishes: {n} wish goals at 2 %"));
    Ok(())
}

/// Service centres whose profit share the demo's pay plan splits with the
/// scorecard (`amoeba_demo::pay_plan`, component `svc_share`).
const SCORECARD_CENTRES: [&str; 5] = ["WH", "PUR", "IT", "DES", "LOG"];

/// Reviews the demo stores: last month's review of the Amazon US home team
/// (results, attitude, skill, teamwork, every member scored by the leader,
/// half of them by themselves too), and each service centre's review of
/// every month from `start`'s to last month, which its profit share's
/// scorecard weighs the split by in the stored runs.
pub(crate) async fn reviews(
    db: &Db,
    company: &CompanyRow,
    start: NaiveDate,
    end: NaiveDate,
    log: &mut (dyn FnMut(&str) + Send),
) -> Result<()> {
    let org = db.load_org(company.id).await?;
    let last = Month::of(end).prev();
    review_unit(db, company, &org, "AMZ-US-HOME", last, true, log).await?;
    let mut month = Month::of(start);
    let mut centres = 0;
    while month <= last {
        for unit in SCORECARD_CENTRES {
            centres += usize::from(review_unit(db, company, &org, unit, month, false, log).await?);
        }
        month = month.next();
    }
    log(&format!("  review: {centres} service-centre reviews for the scorecard"));
    Ok(())
}

/// Scores `unit`'s members of `month` (scores from the person code: the
/// same demo every time); `self_reviews`: half of them review themselves
/// too. False when the unit does not exist or has nobody that month.
async fn review_unit(
    db: &Db,
    company: &CompanyRow,
    org: &amoeba_core::org::Org,
    unit: &str,
    month: Month,
    self_reviews: bool,
    log: &mut (dyn FnMut(&str) + Send),
) -> Result<bool> {
    use amoeba_core::goals::{Cycle, Normalise, SelfReview};
    if org.unit(unit).is_none() {
        return Ok(false);
    }
    let mut people: Vec<String> =
        org.assignments.iter().filter(|a| a.unit == unit && a.range.contains(month.last_day())).map(|a| a.person.clone()).collect();
    people.sort();
    people.dedup();
    if people.is_empty() {
        return Ok(false);
    }
    let salt = if self_reviews { 0 } else { month.month() * 16 };
    let score = |p: &str, k: u32| {
        let h = p.bytes().fold((k + salt).wrapping_mul(0x9E37_79B1), |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        60 + ((h ^ (h >> 15)) % 40)
    };
    let mut file = String::from("person,by,results@50,attitude@20,skill@15,teamwork@15\n");
    for (i, p) in people.iter().enumerate() {
        file.push_str(&format!("{p},leader,{},{},{},{}\n", score(p, 1), score(p, 2), score(p, 3), score(p, 4)));
        if self_reviews && i % 2 == 0 {
            file.push_str(&format!("{p},self,{},{},{},{}\n", score(p, 5).max(80), score(p, 6).max(80), score(p, 7), score(p, 8)));
        }
    }
    let r = crate::review::set(db, company, Cycle::Monthly(month), unit, &file, SelfReview::ShownBeside, Normalise::TeamAverage).await?;
    if self_reviews {
        log(&format!("  review: {} people of {unit} scored for {month}, team average {:?}", r.outcome.lines.len(), r.outcome.team_average));
    }
    Ok(true)
}
