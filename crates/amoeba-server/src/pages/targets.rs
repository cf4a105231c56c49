//! Targets (目标): every unit's target of a month and of its year with the
//! sales so far, attainment and the pace still needed (glass-transparent,
//! like the board), the viewer's own targets, and a unit's derivation — the
//! arithmetic from its operating cost, the months, the people — for those
//! who may see the unit. Figures are `amoeba_app::goals`' (the core's rules).

use super::common::{person_name, unit_name};
use super::engage::{label, pct, subnav, Card, Fact, Field, Picker, Section};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::params::month_or_default;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use amoeba_app::goals::{CostBasis, Progress};
use amoeba_core::goals::{Combine, EfficiencySource};
use amoeba_core::Month;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Deserialize;

/// `?month=YYYY-MM`.
#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

fn opt_money(v: Option<Decimal>) -> Cell {
    v.map(Cell::money).unwrap_or_else(|| Value::Empty.into())
}

fn status(who: &Authed, p: &Progress) -> String {
    let key = match p.pace.status {
        amoeba_core::goals::PaceStatus::Met => "target.met",
        amoeba_core::goals::PaceStatus::Missed => "target.missed",
        amoeba_core::goals::PaceStatus::InProgress => "target.in_progress",
    };
    tr(&who.ctx, key)
}

fn cols(who: &Authed, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(&who.ctx, k)).collect()
}

fn table(id: &'static str, who: &Authed, title: &str, keys: &[&str], empty: &str) -> Table {
    let c = cols(who, keys);
    Table::new(id, tr(&who.ctx, title), &c.iter().map(String::as_str).collect::<Vec<_>>(), tr(&who.ctx, empty))
}

/// `GET /targets`.
pub async fn index(State(s): State<S>, who: Authed, Query(q): Query<MonthQuery>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let viewer = who.viewer();
    let month = month_or_default(&who, q.month.as_deref())?;
    let units = amoeba_app::goals::unit_progress_with_year(&s.db, &ctx.company, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let mut t = table(
        "targets",
        &who,
        "target.units",
        &[
            "col.unit",
            "target.version",
            "target.month_target",
            "target.sales",
            "target.attainment",
            "target.remaining",
            "target.pace_day",
            "target.year_target",
            "target.ytd",
            "target.attainment",
            "target.pace_day",
            "target.status",
        ],
        "target.none",
    );
    for u in &units {
        let name = unit_name(org, &u.unit, ctx.lang);
        let cell =
            if viewer.sees_unit(&u.unit) { Cell::text(name).link(format!("/targets/{}?month={month}", u.unit)) } else { Cell::text(name) };
        let m = &u.month_progress;
        let y = u.year_progress.as_ref().expect("progress asked with the year has it");
        t.push(vec![
            cell,
            Value::Int(u.version).into(),
            Cell::money(m.target),
            Cell::money(m.actual),
            Cell::text(pct(m.pace.attainment_pct)),
            Cell::money(m.pace.remaining),
            opt_money(m.pace.per_day),
            Cell::money(y.target),
            Cell::money(y.actual),
            Cell::text(pct(y.pace.attainment_pct)),
            opt_money(y.pace.per_day),
            Cell::text(status(&who, m)),
        ]);
    }
    let mut page = Page::new("engage.html", tr(ctx, "target.title")).table(t);
    let mut sections = vec![Section::table("targets")];
    if let Some(me) = &who.user.person {
        let mine = amoeba_app::goals::person_progress(&s.db, &ctx.company, me, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
        page = page.table(people_table("mine", "target.mine", &who, &mine));
        sections.push(Section::table("mine"));
    }
    let as_of = units.first().and_then(|u| u.month_progress.as_of).map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let intro = vec![
        tr(ctx, "target.intro"),
        tr(ctx, "target.as_of").replace("{as_of}", &as_of).replace("{currency}", &ctx.company.company.base_currency.to_string()),
    ];
    let picker =
        Picker { action: "/targets".into(), fields: vec![Field::input("month", "month", month.to_string(), label(ctx, "pnl.month"))] };
    page.with(context! { subnav => subnav(ctx), picker => picker, intro => intro, sections => sections }).respond(ctx, Some(&who.user))
}

/// People's lines: their target, weight, credited sales, attainment and pace.
pub fn people_table(id: &'static str, title: &str, who: &Authed, people: &[amoeba_app::goals::PersonProgress]) -> Table {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let viewer = who.viewer();
    let mut t = table(
        id,
        who,
        title,
        &[
            "col.person",
            "col.unit",
            "target.weight",
            "target.month_target",
            "target.credited",
            "target.attainment",
            "target.remaining",
            "target.pace_day",
        ],
        "target.no_people",
    );
    for p in people.iter().filter(|p| viewer.sees_person(&p.person)) {
        let weight = match (p.efficiency, p.source) {
            (_, EfficiencySource::Even) => tr(ctx, "target.even"),
            (Some(e), EfficiencySource::Own) => format!("{e}/h"),
            (Some(e), _) => format!("{e}/h · {}", tr(ctx, "target.unit_average")),
            (None, _) => "—".into(),
        };
        t.push(vec![
            Cell::text(person_name(org, &p.person)).link(format!("/people/{}", p.person)),
            Cell::text(unit_name(org, &p.unit, ctx.lang)),
            Cell::text(weight),
            Cell::money(p.progress.target),
            Cell::money(p.progress.actual),
            Cell::text(pct(p.progress.pace.attainment_pct)),
            Cell::money(p.progress.pace.remaining),
            opt_money(p.progress.pace.per_day),
        ]);
    }
    t
}

/// `GET /targets/{unit}`: the target in force, how it was derived, its
/// months and, for `?month=`, its people (those the viewer may see).
pub async fn unit(State(s): State<S>, who: Authed, Path(code): Path<String>, Query(q): Query<MonthQuery>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let viewer = who.viewer();
    let unit = viewer.unit(&code).map_err(|e| ctx.unseen(e))?;
    let month = month_or_default(&who, q.month.as_deref())?;
    let versions = amoeba_app::goals::target_versions(&s.db, &ctx.company, month.year(), &unit.code).await.map_err(|e| ctx.app_error(e))?;
    let title = format!("{} · {} {}", tr(ctx, "target.title"), unit_name(org, &unit.code, ctx.lang), month.year());
    let picker = Picker {
        action: format!("/targets/{}", unit.code),
        fields: vec![Field::input("month", "month", month.to_string(), label(ctx, "pnl.month"))],
    };
    let Some(current) = versions.last() else {
        let intro = vec![tr(ctx, "target.none_unit").replace("{year}", &month.year().to_string()).replace("{unit}", &unit.code)];
        return Page::new("engage.html", title)
            .with(context! { subnav => subnav(ctx), picker => picker, intro => intro, sections => Vec::<Section>::new() })
            .respond(ctx, Some(&who.user));
    };
    let d = &current.derivation;
    let mut card = Card { id: "arithmetic", title: tr(ctx, "target.arithmetic"), ..Card::default() };
    let combine = match d.annual.combine {
        Combine::Compounding => tr(ctx, "target.compounding"),
        Combine::Additive => tr(ctx, "target.additive"),
    };
    card.facts.push(Fact::text(tr(ctx, "target.version"), format!("v{} · {}", current.version, current.derived_at)));
    card.facts.push(Fact::text(tr(ctx, "target.combine"), combine));
    let cost = match &d.cost {
        CostBasis::Given => tr(ctx, "target.cost_given"),
        CostBasis::Ledger(b) => {
            let from = b.window.first().map(|m| m.month.to_string()).unwrap_or_default();
            let to = b.window.last().map(|m| m.month.to_string()).unwrap_or_default();
            let mut s =
                tr(ctx, "target.cost_ledger").replace("{from}", &from).replace("{to}", &to).replace("{n}", &b.months_with_data.to_string());
            if b.annualised {
                s.push_str(&tr(ctx, "target.annualised").replace("{n}", &b.months_with_data.to_string()));
            }
            s
        }
    };
    card.facts.push(Fact::text(tr(ctx, "target.cost_basis"), cost));
    for step in &d.annual.steps {
        card.facts.push(Fact::code(step.kind.label(ctx.lang).to_string(), step.arithmetic.clone()));
    }
    let basis = serde_json::to_value(d.months.basis).ok().and_then(|v| v.as_str().map(|s| format!("target.basis.{s}"))).unwrap_or_default();
    card.lines.push(tr(ctx, &basis));
    if !d.closed_held.is_empty() {
        card.lines.push(tr(ctx, "target.closed_held").replace("{months}", &format!("{:?}", d.closed_held)));
    }
    let months = amoeba_app::goals::unit_months(&s.db, &ctx.company, current, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let mut mt = table(
        "months",
        &who,
        "target.months",
        &["pnl.month", "target.month_target", "target.held", "target.sales", "target.attainment", "target.remaining", "target.status"],
        "target.none",
    );
    for (m, p) in &months {
        let held = if d.months.held.contains(&m.month()) { tr(ctx, "yes") } else { String::new() };
        let started = *m <= Month::of(ctx.today);
        mt.push(vec![
            Cell::text(m.to_string()).link(format!("/targets/{}?month={m}", unit.code)),
            Cell::money(p.target),
            Cell::text(held),
            if started {
                Cell::money(p.actual).link(format!("/units/{}/facts?line=sales&month={m}", unit.code))
            } else {
                Value::Empty.into()
            },
            Cell::text(if started { pct(p.pace.attainment_pct) } else { String::new() }),
            if started { Cell::money(p.pace.remaining) } else { Value::Empty.into() },
            Cell::text(if started { status(&who, p) } else { String::new() }),
        ]);
    }
    let people =
        amoeba_app::goals::people_progress(&s.db, &ctx.company, &unit.code, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let mut vt = table(
        "versions",
        &who,
        "target.versions",
        &["target.version", "target.derived_at", "target.year_target", "target.cost", "target.uplift", "target.stretch", "target.combine"],
        "target.none",
    );
    for v in versions.iter().rev() {
        let i = &v.derivation.annual.input;
        vt.push(vec![
            Value::Int(v.version).into(),
            Cell::text(v.derived_at.clone()),
            Cell::money(v.derivation.annual.target),
            Cell::money(i.operating_cost),
            Cell::text(pct(Some(i.uplift * Decimal::ONE_HUNDRED))),
            Cell::text(pct(Some(i.stretch * Decimal::ONE_HUNDRED))),
            Cell::text(match i.combine {
                Combine::Compounding => tr(ctx, "target.compounding"),
                Combine::Additive => tr(ctx, "target.additive"),
            }),
        ]);
    }
    let people_title = format!("{} · {month}", tr(ctx, "target.people"));
    let mut pt = people_table("people", "target.people", &who, &people);
    pt.title = people_title;
    let lookback = d.lookback.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ");
    let intro = vec![
        tr(ctx, "target.unit_intro")
            .replace("{target}", &crate::table::Value::Dec(d.annual.target, 2).text())
            .replace("{currency}", &ctx.company.company.base_currency.to_string()),
        tr(ctx, "target.people_basis").replace("{months}", &lookback),
    ];
    let sections = vec![Section::card(card), Section::table("months"), Section::table("people"), Section::table("versions")];
    Page::new("engage.html", title)
        .table(mt)
        .table(pt)
        .table(vt)
        .with(context! { subnav => subnav(ctx), picker => picker, intro => intro, sections => sections })
        .respond(ctx, Some(&who.user))
}
