//! Goals and engagement through the API: targets (derive, progress, a unit's
//! derivation, a person's targets), the lottery (rules, days, the
//! publishable record; freeze and draw for owners), PK contests (define,
//! standings, decide) and leaderboards — the same use cases and the same
//! access policy as the pages. Writes are owners' and take JSON.

use super::types::ErrorBody;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::shared::params::month_or_default;
use crate::state::S;
use amoeba_app::goals::{PersonProgress, TargetRequest, UnitProgress, VersionedTarget};
use amoeba_app::leaderboard::Scope;
use amoeba_app::lottery::{DrawInput, LotteryDay};
use amoeba_app::pk::{ContestView, NewContest, Stake};
use amoeba_core::engagement::lottery::{Announcement, DrandBeacon, DrawRecord, LotteryNumbers, LotteryRules, Winner};
use amoeba_core::engagement::{near_me, Leaderboard, NearMe};
use amoeba_core::goals::{Combine, MonthHold};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

fn json_body<T: for<'de> Deserialize<'de>>(who: &Authed, body: &Bytes) -> Result<T, Fail> {
    serde_json::from_slice(body).map_err(|e| who.ctx.bad_request(format!("JSON body: {e}")))
}

fn parse_day(who: &Authed, raw: &str) -> Result<NaiveDate, Fail> {
    raw.parse().map_err(|_| who.ctx.bad_value("err.bad_day", raw))
}

#[derive(Deserialize, IntoParams)]
pub struct MonthParam {
    /// Month, YYYY-MM (default: the month of the default day).
    month: Option<String>,
}

/// Targets of a month.
#[derive(Serialize)]
pub struct TargetsResponse {
    /// The month.
    month: String,
    /// Every unit target's progress this month and this year.
    units: Vec<UnitProgress>,
    /// The caller's own targets this month.
    mine: Vec<PersonProgress>,
}

#[utoipa::path(get, path = "/api/v1/targets", tag = "goals", params(MonthParam),
    responses((status = 200, description = "Every unit's target of the month and its year: target, sales so far, attainment, pace; the caller's own targets", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn targets(State(s): State<S>, who: Authed, Query(q): Query<MonthParam>) -> Result<Json<TargetsResponse>, Fail> {
    let ctx = &who.ctx;
    let month = month_or_default(&who, q.month.as_deref())?;
    let units = amoeba_app::goals::unit_progress_with_year(&s.db, &ctx.company, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let mine = match &who.user.person {
        Some(p) => amoeba_app::goals::person_progress(&s.db, &ctx.company, p, month, ctx.today).await.map_err(|e| ctx.app_error(e))?,
        None => Vec::new(),
    };
    Ok(Json(TargetsResponse { month: month.to_string(), units, mine }))
}

/// A derivation request.
#[derive(Deserialize)]
pub struct DeriveBody {
    year: i32,
    unit: String,
    cost: Option<Decimal>,
    uplift: Option<Decimal>,
    stretch: Option<Decimal>,
    combine: Option<Combine>,
    stretch_reason: Option<String>,
    #[serde(default)]
    holds: Vec<MonthHold>,
    lookback_months: Option<u32>,
    #[serde(default)]
    dry_run: bool,
}

#[utoipa::path(post, path = "/api/v1/targets", tag = "goals",
    request_body(content = Object, description = "{year, unit, cost?, uplift? (0.30), stretch? (0.08), combine? (compounding|additive), stretch_reason?, holds? [{month, amount}], lookback_months?, dry_run?}"),
    responses((status = 200, description = "The derivation and its version (null on a dry run)", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn derive(State(s): State<S>, who: Authed, body: Bytes) -> Result<Json<serde_json::Value>, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let b: DeriveBody = json_body(&who, &body)?;
    let d = TargetRequest::new(b.year, &b.unit);
    let req = TargetRequest {
        cost: b.cost,
        uplift: b.uplift.unwrap_or(d.uplift),
        stretch: b.stretch.unwrap_or(d.stretch),
        combine: b.combine.unwrap_or(d.combine),
        stretch_reason: b.stretch_reason,
        holds: b.holds,
        lookback_months: b.lookback_months.unwrap_or(d.lookback_months),
        ..d
    };
    let out = if b.dry_run {
        let d = amoeba_app::goals::preview(&s.db, &ctx.company, &req, ctx.today).await.map_err(|e| ctx.app_error(e))?;
        serde_json::json!({ "version": null, "derivation": d })
    } else {
        let v = amoeba_app::goals::derive(&s.db, &ctx.company, &req, ctx.today).await.map_err(|e| ctx.app_error(e))?;
        serde_json::json!({ "version": v.version, "derived_at": v.derived_at, "derivation": v.derivation })
    };
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/targets/{unit}", tag = "goals",
    params(("unit" = String, Path, description = "Unit code"), MonthParam),
    responses((status = 200, description = "Every version of the unit's target for the month's year (the last is in force); people lines only of people the caller may see", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn unit_target(
    State(s): State<S>,
    who: Authed,
    Path(unit): Path<String>,
    Query(q): Query<MonthParam>,
) -> Result<Json<Vec<VersionedTarget>>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let unit = viewer.unit(&unit).map_err(|e| ctx.unseen(e))?;
    let month = month_or_default(&who, q.month.as_deref())?;
    let mut versions =
        amoeba_app::goals::target_versions(&s.db, &ctx.company, month.year(), &unit.code).await.map_err(|e| ctx.app_error(e))?;
    for v in &mut versions {
        for m in &mut v.derivation.people {
            if let Some(split) = &mut m.split {
                split.people.retain(|p| viewer.sees_person(&p.person));
            }
        }
    }
    Ok(Json(versions))
}

#[utoipa::path(get, path = "/api/v1/people/{code}/targets", tag = "goals",
    params(("code" = String, Path, description = "Person code"), MonthParam),
    responses((status = 200, description = "The person's targets of the month: one per unit target that splits to them, with credited sales, attainment and pace", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn person_targets(
    State(s): State<S>,
    who: Authed,
    Path(code): Path<String>,
    Query(q): Query<MonthParam>,
) -> Result<Json<Vec<PersonProgress>>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let person = viewer.person(&code).map_err(|e| ctx.unseen(e))?;
    let month = month_or_default(&who, q.month.as_deref())?;
    let out =
        amoeba_app::goals::person_progress(&s.db, &ctx.company, &person.code, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/people/{code}/wishes", tag = "goals",
    params(("code" = String, Path, description = "Person code"), MonthParam),
    responses((status = 200, description = "The person's wish goals tracked in the month, each with \"x of y this month\"", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn person_wishes(
    State(s): State<S>,
    who: Authed,
    Path(code): Path<String>,
    Query(q): Query<MonthParam>,
) -> Result<Json<Vec<amoeba_app::wish::WishMonth>>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let person = viewer.person(&code).map_err(|e| ctx.unseen(e))?;
    let month = month_or_default(&who, q.month.as_deref())?;
    Ok(Json(amoeba_app::wish::month(&s.db, &ctx.company, &person.code, month, ctx.today).await.map_err(|e| ctx.app_error(e))?))
}

#[utoipa::path(get, path = "/api/v1/people/{code}/reviews", tag = "goals",
    params(("code" = String, Path, description = "Person code")),
    responses((status = 200, description = "The person's review results, newest cycle first: [cycle, unit, {leader_score, self_score, score, multiplier}]", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn person_reviews(
    State(s): State<S>,
    who: Authed,
    Path(code): Path<String>,
) -> Result<Json<Vec<(String, String, amoeba_core::goals::ReviewLine)>>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let person = viewer.person(&code).map_err(|e| ctx.unseen(e))?;
    Ok(Json(amoeba_app::review::person_lines(&s.db, &ctx.company, &person.code).await.map_err(|e| ctx.app_error(e))?))
}

/// A rules version.
#[derive(Serialize)]
pub struct RulesVersion {
    /// First day in force.
    effective_from: NaiveDate,
    /// SHA-256 of the canonical bytes.
    rules_hash: String,
    /// The rules.
    rules: LotteryRules,
}

/// The lottery.
#[derive(Serialize)]
pub struct LotteryResponse {
    /// Rules versions, by first day.
    rules: Vec<RulesVersion>,
    /// The month's days, newest first.
    days: Vec<LotteryDay>,
}

#[utoipa::path(get, path = "/api/v1/lottery", tag = "engagement", params(MonthParam),
    responses((status = 200, description = "Rules versions (with hashes) and the month's days: list hash, entrants, drawn", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn lottery(State(s): State<S>, who: Authed, Query(q): Query<MonthParam>) -> Result<Json<LotteryResponse>, Fail> {
    let ctx = &who.ctx;
    let month = match q.month.as_deref() {
        Some(_) => month_or_default(&who, q.month.as_deref())?,
        None => amoeba_core::Month::of(ctx.today),
    };
    let rules = amoeba_app::lottery::rules_versions(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    let days =
        amoeba_app::lottery::history(&s.db, &ctx.company, month.first_day(), month.last_day()).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(LotteryResponse {
        rules: rules
            .into_iter()
            .map(|r| RulesVersion { effective_from: r.effective_from, rules_hash: r.rules_hash, rules: r.rules })
            .collect(),
        days,
    }))
}

/// One lottery day.
#[derive(Serialize)]
pub struct LotteryDayResponse {
    /// The day.
    day: NaiveDate,
    /// What was published before it opened.
    announcement: Option<Announcement>,
    /// The list hash published at the cut-off.
    list_hash: Option<String>,
    /// When the list was frozen.
    frozen_at: Option<String>,
    /// Entrants.
    entrants: Option<usize>,
    /// When it was drawn.
    drawn_at: Option<String>,
    /// The winners with their proofs.
    winners: Vec<Winner>,
}

#[utoipa::path(get, path = "/api/v1/lottery/{day}", tag = "engagement",
    params(("day" = String, Path, description = "Draw day, YYYY-MM-DD")),
    responses((status = 200, description = "The day: announcement, list hash, winners", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn lottery_day(State(s): State<S>, who: Authed, Path(day): Path<String>) -> Result<Json<LotteryDayResponse>, Fail> {
    let ctx = &who.ctx;
    let day = parse_day(&who, &day)?;
    let v = amoeba_app::lottery::day_view(&s.db, &ctx.company, day).await.map_err(|e| ctx.app_error(e))?;
    if v.rules.is_none() && v.list.is_none() {
        return Err(ctx.not_found());
    }
    Ok(Json(LotteryDayResponse {
        day,
        announcement: v.announcement,
        list_hash: v.list.as_ref().map(|l| l.list_hash.clone()),
        frozen_at: v.list.as_ref().map(|l| l.frozen_at.clone()),
        entrants: v.list.as_ref().map(|l| l.list.entries.len()),
        drawn_at: v.draw.as_ref().map(|d| d.drawn_at.clone()),
        winners: v.draw.map(|d| d.record.winners).unwrap_or_default(),
    }))
}

#[utoipa::path(get, path = "/api/v1/lottery/{day}/record", tag = "engagement",
    params(("day" = String, Path, description = "Draw day, YYYY-MM-DD")),
    responses((status = 200, description = "The draw record: everything needed to verify it offline (`amoeba lottery verify --record FILE`)", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn lottery_record(State(s): State<S>, who: Authed, Path(day): Path<String>) -> Result<Json<DrawRecord>, Fail> {
    let ctx = &who.ctx;
    let day = parse_day(&who, &day)?;
    let drawn = s.db.lottery_draw(ctx.company.id, day).await.map_err(|e| ctx.internal(e))?;
    drawn.map(|d| Json(d.record)).ok_or_else(|| ctx.not_found())
}

#[utoipa::path(post, path = "/api/v1/lottery/{day}/freeze", tag = "engagement",
    params(("day" = String, Path, description = "Draw day, YYYY-MM-DD")),
    responses((status = 200, description = "The frozen list and the hash to publish", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn freeze(State(s): State<S>, who: Authed, Path(day): Path<String>) -> Result<Json<serde_json::Value>, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let day = parse_day(&who, &day)?;
    let now = s.clock.now(&ctx.company);
    let l = amoeba_app::lottery::freeze(&s.db, &ctx.company, day, now).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(
        serde_json::json!({ "day": day, "list_hash": l.list_hash, "frozen_at": l.frozen_at, "rules_version": l.rules_version, "list": l.list }),
    ))
}

/// The randomness of a draw.
#[derive(Deserialize)]
pub struct DrawBody {
    /// RFC 3797: each public lottery's numbers.
    numbers: Option<Vec<Vec<u64>>>,
    /// drand: the named round with its signature.
    beacon: Option<DrandBeacon>,
}

#[utoipa::path(post, path = "/api/v1/lottery/{day}/draw", tag = "engagement",
    params(("day" = String, Path, description = "Draw day, YYYY-MM-DD")),
    request_body(content = Object, description = "{numbers: [[…], …]} (RFC 3797) or {beacon: {round, signature, previous_signature?}} (drand)"),
    responses((status = 200, description = "The draw record", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn draw(State(s): State<S>, who: Authed, Path(day): Path<String>, body: Bytes) -> Result<Json<DrawRecord>, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let day = parse_day(&who, &day)?;
    let b: DrawBody = json_body(&who, &body)?;
    let input = match (b.numbers, b.beacon) {
        (Some(sources), None) => DrawInput::Rfc3797(LotteryNumbers { sources }),
        (None, Some(beacon)) => DrawInput::Drand(beacon),
        _ => return Err(ctx.bad_request("give either numbers (RFC 3797) or beacon (drand)")),
    };
    let now = s.clock.now(&ctx.company);
    let d = amoeba_app::lottery::draw(&s.db, &ctx.company, day, input, now).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(d.record))
}

#[utoipa::path(get, path = "/api/v1/pk", tag = "engagement",
    responses((status = 200, description = "Every contest with its standings now (or its decided result)", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn contests(State(s): State<S>, who: Authed) -> Result<Json<Vec<ContestView>>, Fail> {
    let ctx = &who.ctx;
    Ok(Json(amoeba_app::pk::contests(&s.db, &ctx.company, ctx.today).await.map_err(|e| ctx.app_error(e))?))
}

#[utoipa::path(get, path = "/api/v1/pk/{code}", tag = "engagement",
    params(("code" = String, Path, description = "Contest code")),
    responses((status = 200, description = "The contest: rules, each team's figure, standings and outcome", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn contest(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Json<ContestView>, Fail> {
    let ctx = &who.ctx;
    Ok(Json(amoeba_app::pk::standings(&s.db, &ctx.company, &code, ctx.today).await.map_err(|e| ctx.app_error(e))?))
}

/// A team of a new contest.
#[derive(Deserialize)]
pub struct TeamBody {
    code: String,
    base: Decimal,
}

/// A new contest.
#[derive(Deserialize)]
pub struct ContestBody {
    code: String,
    name: String,
    start: NaiveDate,
    end: NaiveDate,
    metric: Option<String>,
    #[serde(default)]
    per_capita: bool,
    teams: Vec<TeamBody>,
    stake: Option<Stake>,
    #[serde(default)]
    replace: bool,
}

#[utoipa::path(post, path = "/api/v1/pk", tag = "engagement",
    request_body(content = Object, description = "{code, name, start, end, metric? (sales), per_capita?, teams: [{code, base}], stake? {amount?, description?}, replace?}"),
    responses((status = 200, description = "The contest as defined", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_contest(State(s): State<S>, who: Authed, body: Bytes) -> Result<Json<ContestView>, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let b: ContestBody = json_body(&who, &body)?;
    let metric = amoeba_app::pk::parse_metric(b.metric.as_deref().unwrap_or("sales")).map_err(|e| ctx.app_error(e))?;
    let new = NewContest {
        code: b.code.clone(),
        name: b.name,
        start: b.start,
        end: b.end,
        metric,
        per_capita: b.per_capita,
        teams: b.teams.into_iter().map(|t| (t.code, t.base)).collect(),
        stake: b.stake,
    };
    amoeba_app::pk::create(&s.db, &ctx.company, new, ctx.today, b.replace).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(amoeba_app::pk::standings(&s.db, &ctx.company, &b.code, ctx.today).await.map_err(|e| ctx.app_error(e))?))
}

#[utoipa::path(post, path = "/api/v1/pk/{code}/result", tag = "engagement",
    params(("code" = String, Path, description = "Contest code")),
    responses((status = 200, description = "The decided result (stored once; the stake becomes an award)", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn decide(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Json<ContestView>, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    Ok(Json(amoeba_app::pk::decide(&s.db, &ctx.company, &code, ctx.today).await.map_err(|e| ctx.app_error(e))?))
}

#[derive(Deserialize, IntoParams)]
pub struct BoardParams {
    /// `units` or `people` (default people).
    scope: Option<String>,
    /// Units: a unit metric (sales, profit, hourly_efficiency, acos…) or attainment; people: sales or attainment.
    metric: Option<String>,
    /// Month, YYYY-MM.
    month: Option<String>,
    /// Units: the peer group, kind/depth (default profit_centre/1).
    group: Option<String>,
}

/// A leaderboard.
#[derive(Serialize)]
pub struct BoardResponse {
    /// The month.
    month: String,
    /// The board.
    board: Leaderboard,
    /// The caller's neighbourhood on a people board.
    near_me: Option<NearMe>,
}

#[utoipa::path(get, path = "/api/v1/leaderboard", tag = "engagement", params(BoardParams),
    responses((status = 200, description = "Ranks, average, peak, distance to the peak; near me for the caller", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn leaderboard(State(s): State<S>, who: Authed, Query(q): Query<BoardParams>) -> Result<Json<BoardResponse>, Fail> {
    let ctx = &who.ctx;
    let month = month_or_default(&who, q.month.as_deref())?;
    let scope = match q.scope.as_deref().unwrap_or("people") {
        "people" => Scope::People,
        "units" => Scope::Units { group: q.group.clone().unwrap_or_else(|| amoeba_app::leaderboard::DEFAULT_GROUP.into()) },
        other => return Err(ctx.bad_value("err.bad_scope", other)),
    };
    let metric = amoeba_app::leaderboard::parse_metric(&scope, q.metric.as_deref().unwrap_or("sales")).map_err(|e| ctx.app_error(e))?;
    let board =
        amoeba_app::leaderboard::board(&s.db, &ctx.company, &scope, metric, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let near = match (&scope, &who.user.person) {
        (Scope::People, Some(p)) => near_me(&board, p, 2).ok(),
        _ => None,
    };
    Ok(Json(BoardResponse { month: month.to_string(), board, near_me: near }))
}
