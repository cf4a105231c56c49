//! The daily order lottery (日出单抽奖): the rules in force and their hash,
//! the next draw's announcement, the month's draws, and each day's record —
//! the entrants and their orders, the list hash published at the cut-off,
//! the randomness, the winners with their proofs — with the steps anyone
//! can follow to verify it. Everything shown is `amoeba_app::lottery`'s.

use super::common::person_name;
use super::engage::{label, subnav, Card, Fact, Field, Link, Picker, Section, Step};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::params::month_or_default;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use amoeba_core::engagement::lottery::{DrawRecord, LotteryRules, Randomness, RandomnessSource, Tier};
use amoeba_core::Lang;
use amoeba_store::engage::StoredRules;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use minijinja::context;
use serde::Deserialize;

/// `?month=YYYY-MM`.
#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

/// A tier's name in the reader's language.
pub fn tier_name(tier: Tier, lang: Lang) -> String {
    match lang {
        Lang::Zh => tier.name_zh().to_string(),
        Lang::En => match tier {
            Tier::Special => "Special prize".into(),
            t => format!("{} prize", capitalise(t.code())),
        },
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn prize_text(rules: &LotteryRules, tier: Tier) -> String {
    rules
        .tiers
        .iter()
        .find(|t| t.tier == tier)
        .map(|t| {
            let amount = t.prize.amount_cny.map(|a| format!("¥{}", Value::Dec(a, 2).text()));
            [amount, t.prize.description.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")
        })
        .unwrap_or_default()
}

fn randomness_text(who: &Authed, rules: &LotteryRules) -> String {
    match &rules.randomness {
        RandomnessSource::Drand(c) => {
            tr(&who.ctx, "lottery.by_drand").replace("{chain}", &c.chain_hash).replace("{period}", &c.period_s.to_string())
        }
        RandomnessSource::Rfc3797 { sources } => tr(&who.ctx, "lottery.by_rfc3797").replace("{sources}", sources),
    }
}

fn rules_card(who: &Authed, r: &StoredRules) -> Card {
    let ctx = &who.ctx;
    let rules = &r.rules;
    let days: Vec<&str> =
        amoeba_core::workdays::WeekdayCode::ALL.iter().filter(|w| rules.calendar.weekdays.contains(w)).map(|w| w.code()).collect();
    let mut card = Card { id: "rules", title: tr(ctx, "lottery.rules"), ..Card::default() };
    card.facts = vec![
        Fact::text(tr(ctx, "lottery.version"), format!("{} · {} {}", rules.version, tr(ctx, "lottery.from"), r.effective_from)),
        Fact::code(tr(ctx, "lottery.rules_hash"), r.rules_hash.clone()),
        Fact::text(tr(ctx, "lottery.cutoff"), format!("{} ({})", rules.cutoff.format("%H:%M:%S"), rules.zone)),
        Fact::text(
            tr(ctx, "lottery.roles"),
            rules.eligible_roles.iter().map(|r| super::common::role_name(&who.current.org, r, ctx.lang)).collect::<Vec<_>>().join("、"),
        ),
        Fact::text(tr(ctx, "lottery.workdays"), days.join(" ")),
        Fact::text(tr(ctx, "lottery.randomness"), randomness_text(who, rules)),
    ];
    if !rules.calendar.holidays.is_empty() {
        card.facts.push(Fact::text(
            tr(ctx, "lottery.holidays"),
            rules.calendar.holidays.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", "),
        ));
    }
    card.lines.push(tr(ctx, "lottery.rule_text"));
    card
}

fn tiers_table(who: &Authed, rules: &LotteryRules) -> Table {
    let ctx = &who.ctx;
    let cols = ["lottery.tier", "lottery.count", "lottery.prize"].map(|k| tr(ctx, k));
    let mut t =
        Table::new("tiers", tr(ctx, "lottery.tiers"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "lottery.no_rules"));
    for tier in rules.tiers_in_order() {
        t.push(vec![
            Cell::text(tier_name(tier.tier, ctx.lang)),
            Value::Int(i64::from(tier.count)).into(),
            Cell::text(prize_text(rules, tier.tier)),
        ]);
    }
    t
}

fn winners_text(who: &Authed, record: &DrawRecord) -> String {
    record
        .winners
        .iter()
        .map(|w| format!("{} {}", tier_name(w.tier, who.ctx.lang), person_name(&who.current.org, &w.person)))
        .collect::<Vec<_>>()
        .join("，")
}

/// `GET /lottery`.
pub async fn index(State(s): State<S>, who: Authed, Query(q): Query<MonthQuery>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let month = match q.month.as_deref() {
        Some(_) => month_or_default(&who, q.month.as_deref())?,
        None => amoeba_core::Month::of(ctx.today),
    };
    let today = ctx.today;
    let rules = amoeba_app::lottery::rules_versions(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    let in_force = rules.iter().rev().find(|r| r.effective_from <= today).or_else(|| rules.first());
    let mut page = Page::new("engage.html", tr(ctx, "lottery.title"));
    let mut sections = Vec::new();
    let mut intro = vec![tr(ctx, "lottery.intro")];
    match in_force {
        Some(r) => {
            sections.push(Section::card(rules_card(&who, r)));
            page = page.table(tiers_table(&who, &r.rules));
            sections.push(Section::table("tiers"));
            // The next draw: today's if its cut-off is ahead, else the next working day's.
            let now = s.clock.now(&ctx.company);
            let mut day = today;
            for _ in 0..amoeba_core::workdays::MAX_SEARCH_DAYS {
                let open = r.rules.calendar.is_working(day) && r.rules.cutoff_instant(day).is_ok_and(|c| c > now);
                if open {
                    break;
                }
                day = day.succ_opt().unwrap_or(day);
            }
            if let Ok(a) = amoeba_app::lottery::announce(&s.db, &ctx.company, day).await {
                let mut card = Card { id: "next", title: format!("{} · {}", tr(ctx, "lottery.next"), a.date), ..Card::default() };
                card.facts.push(Fact::text(tr(ctx, "lottery.cutoff"), a.cutoff.to_rfc3339()));
                card.facts.push(Fact::code(tr(ctx, "lottery.rules_hash"), a.rules_hash.clone()));
                match &a.drand_round {
                    Some(r) => {
                        card.facts.push(Fact::text(tr(ctx, "lottery.round"), format!("{} · {}", r.round, r.produced_at.to_rfc3339())));
                        card.lines.push(tr(ctx, "lottery.next_drand"));
                    }
                    None => card.lines.push(tr(ctx, "lottery.next_rfc3797")),
                }
                sections.push(Section::card(card));
            }
        }
        None => intro.push(tr(ctx, "lottery.no_rules")),
    }
    let days =
        amoeba_app::lottery::history(&s.db, &ctx.company, month.first_day(), month.last_day()).await.map_err(|e| ctx.app_error(e))?;
    let cols = ["lottery.day", "lottery.entrants", "lottery.list_hash", "lottery.state", "lottery.winners"].map(|k| tr(ctx, k));
    let mut t = Table::new(
        "draws",
        format!("{} · {month}", tr(ctx, "lottery.draws")),
        &cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "lottery.no_draws"),
    );
    for d in &days {
        let winners = if d.drawn {
            match s.db.lottery_draw(ctx.company.id, d.day).await.map_err(|e| ctx.internal(e))? {
                Some(drawn) => winners_text(&who, &drawn.record),
                None => String::new(),
            }
        } else {
            String::new()
        };
        t.push(vec![
            Cell::text(d.day.to_string()).link(format!("/lottery/{}", d.day)),
            Value::Int(d.entrants).into(),
            Cell::text(format!("{}…", &d.list_hash[..d.list_hash.len().min(16)])),
            Cell::text(tr(ctx, if d.drawn { "lottery.drawn" } else { "lottery.frozen" })),
            Cell::text(winners),
        ]);
    }
    page = page.table(t);
    sections.push(Section::table("draws"));
    let picker =
        Picker { action: "/lottery".into(), fields: vec![Field::input("month", "month", month.to_string(), label(ctx, "pnl.month"))] };
    page.with(context! { subnav => subnav(ctx), picker => picker, intro => intro, sections => sections }).respond(ctx, Some(&who.user))
}

/// How to check a record by hand (drand: HMAC with openssl; RFC 3797: the RFC's program).
fn verify_steps(who: &Authed, record: &DrawRecord, published: &str) -> Vec<Step> {
    let ctx = &who.ctx;
    let day = record.list.date;
    let mut steps = vec![
        Step {
            text: tr(ctx, "lottery.verify_1").replace("{day}", &day.to_string()),
            code: Some(format!("curl -H 'Authorization: Bearer …' /api/v1/lottery/{day}/record > record-{day}.json")),
        },
        Step {
            text: tr(ctx, "lottery.verify_2"),
            code: Some(format!("amoeba lottery verify --record record-{day}.json --list-hash {published}")),
        },
    ];
    match &record.randomness {
        Randomness::Drand(b) => {
            let first = record.list.entries.first().map(|e| e.person.clone()).unwrap_or_else(|| "P01".into());
            steps.push(Step {
                text: tr(ctx, "lottery.verify_drand"),
                code: Some(format!(
                    "printf '%s' {sig} | xxd -r -p | sha256sum        # = {r}\n\
                     {{ printf '%s' {day}; printf '%s' {l} | xxd -r -p; printf '%s' {h} | xxd -r -p; printf '%s' {first}; }} \\\n  \
                     | openssl dgst -sha256 -mac HMAC -macopt hexkey:{r}",
                    sig = b.signature,
                    r = record.randomness_hex,
                    l = record.list_hash,
                    h = record.rules_hash,
                )),
            });
        }
        Randomness::Rfc3797(_) => {
            let key = hex::decode(&record.randomness_hex).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
            steps.push(Step {
                text: tr(ctx, "lottery.verify_rfc").replace("{n}", &record.list.entries.len().to_string()),
                code: Some(format!("key string: {key}")),
            });
        }
    }
    steps
}

/// `GET /lottery/{day}`.
pub async fn day(State(s): State<S>, who: Authed, Path(raw): Path<String>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let day: NaiveDate = raw.parse().map_err(|_| ctx.not_found())?;
    let view = amoeba_app::lottery::day_view(&s.db, &ctx.company, day).await.map_err(|e| ctx.app_error(e))?;
    if view.rules.is_none() && view.list.is_none() {
        return Err(ctx.not_found());
    }
    let title = format!("{} · {day}", tr(ctx, "lottery.title"));
    let mut page = Page::new("engage.html", title);
    let mut sections = Vec::new();
    let mut facts = Card { id: "record", title: tr(ctx, "lottery.record"), ..Card::default() };
    if let Some(a) = &view.announcement {
        facts.facts.push(Fact::text(tr(ctx, "lottery.cutoff"), a.cutoff.to_rfc3339()));
        facts.facts.push(Fact::text(tr(ctx, "lottery.version"), a.rules_version.clone()));
        facts.facts.push(Fact::code(tr(ctx, "lottery.rules_hash"), a.rules_hash.clone()));
        if let Some(r) = &a.drand_round {
            facts.facts.push(Fact::text(tr(ctx, "lottery.round"), format!("{} · {}", r.round, r.produced_at.to_rfc3339())));
        }
    }
    match &view.list {
        Some(l) => {
            facts.facts.push(Fact::code(tr(ctx, "lottery.list_hash"), l.list_hash.clone()));
            facts.facts.push(Fact::text(tr(ctx, "lottery.frozen_at"), l.frozen_at.clone()));
            facts.facts.push(Fact::text(tr(ctx, "lottery.entrants"), l.list.entries.len().to_string()));
        }
        None => facts.lines.push(tr(ctx, "lottery.not_frozen")),
    }
    if let Some(d) = &view.draw {
        let r = &d.record;
        match &r.randomness {
            Randomness::Drand(b) => {
                facts.facts.push(Fact::text(tr(ctx, "lottery.round"), b.round.to_string()));
                facts.facts.push(Fact::code(tr(ctx, "lottery.signature"), b.signature.clone()));
            }
            Randomness::Rfc3797(n) => {
                let nums =
                    n.sources.iter().map(|s| s.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(" / ");
                facts.facts.push(Fact::text(tr(ctx, "lottery.numbers"), nums));
            }
        }
        facts.facts.push(Fact::code(tr(ctx, "lottery.seed"), r.randomness_hex.clone()));
        facts.facts.push(Fact::text(tr(ctx, "lottery.drawn_at"), d.drawn_at.clone()));
        facts.link = Some(Link { href: format!("/api/v1/lottery/{day}/record"), label: tr(ctx, "lottery.download") });
    } else if view.list.is_some() {
        facts.lines.push(tr(ctx, "lottery.not_drawn"));
    }
    sections.push(Section::card(facts));
    if let Some(d) = &view.draw {
        let r = &d.record;
        let cols = ["lottery.place", "lottery.tier", "col.person", "lottery.prize", "lottery.proof"].map(|k| tr(ctx, k));
        let mut t = Table::new(
            "winners",
            tr(ctx, "lottery.winners"),
            &cols.iter().map(String::as_str).collect::<Vec<_>>(),
            tr(ctx, "lottery.no_winners"),
        );
        for w in &r.winners {
            t.push(vec![
                Value::Int(i64::from(w.place)).into(),
                Cell::text(tier_name(w.tier, ctx.lang)),
                Cell::text(format!("{} {}", person_name(org, &w.person), w.person)),
                Cell::text(prize_text(&r.rules, w.tier)),
                Cell::text(w.proof.clone()),
            ]);
        }
        page = page.table(t);
        sections.push(Section::table("winners"));
    }
    if let Some(l) = &view.list {
        let cols = ["col.person", "lottery.order", "col.role", "lottery.shipped_at"].map(|k| tr(ctx, k));
        let mut t = Table::new(
            "entrants",
            tr(ctx, "lottery.entry_list"),
            &cols.iter().map(String::as_str).collect::<Vec<_>>(),
            tr(ctx, "lottery.no_entrants"),
        );
        for e in &l.list.entries {
            for (i, v) in e.evidence.iter().enumerate() {
                let who_cell =
                    if i == 0 { Cell::text(format!("{} {}", person_name(org, &e.person), e.person)) } else { Value::Empty.into() };
                t.push(vec![
                    who_cell,
                    Cell::text(v.order_id.clone()),
                    Cell::text(super::common::role_name(org, &v.role, ctx.lang)),
                    Cell::text(v.shipped_at_text()),
                ]);
            }
        }
        page = page.table(t);
        sections.push(Section::table("entrants"));
    }
    if let (Some(d), Some(l)) = (&view.draw, &view.list) {
        let mut card = Card { id: "verify", title: tr(ctx, "lottery.how_to_verify"), ..Card::default() };
        card.lines.push(tr(ctx, "lottery.verify_intro"));
        card.steps = verify_steps(&who, &d.record, &l.list_hash);
        sections.push(Section::card(card));
    }
    let intro = vec![tr(ctx, "lottery.day_intro")];
    page.with(context! { subnav => subnav(ctx), intro => intro, sections => sections }).respond(ctx, Some(&who.user))
}
