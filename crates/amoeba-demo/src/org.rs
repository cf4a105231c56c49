//! The organisation of 宁波天启电商: the unit tree, ~80 people with their
//! effective-dated roles, coefficients and pay, a few role switches, a
//! cross-unit project group and one third-party operator.

use crate::calendar::Span;
use crate::names::chinese_names;
use crate::rng::Rng;
use crate::stores::Story;
use chrono::{Duration, NaiveDate};

/// Profit or service centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Profit,
    Service,
}

/// A unit of the tree.
pub(crate) struct UnitDef {
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    pub kind: Kind,
    pub function: &'static str,
    pub parent: Option<&'static str>,
    pub area_m2: &'static str,
}

const fn unit(
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
    kind: Kind,
    function: &'static str,
    parent: Option<&'static str>,
    area_m2: &'static str,
) -> UnitDef {
    UnitDef { code, name, name_en, kind, function, parent, area_m2 }
}

/// Every unit; the root first, parents before children.
pub(crate) const UNITS: [UnitDef; 14] = [
    unit("GROUP", "宁波天启电商集团", "Ningbo Tianqi E-commerce Group", Kind::Profit, "management", None, "620"),
    unit("AMZ-US", "亚马逊美国事业部", "Amazon US", Kind::Profit, "amazon", Some("GROUP"), "40"),
    unit("AMZ-US-HOME", "亚马逊美国·家居组", "Amazon US · Home team", Kind::Profit, "amazon", Some("AMZ-US"), "85"),
    unit("AMZ-US-OUTDOOR", "亚马逊美国·户外组", "Amazon US · Outdoor team", Kind::Profit, "amazon", Some("AMZ-US"), "70"),
    unit("AMZ-DE", "亚马逊德国事业部", "Amazon DE", Kind::Profit, "amazon", Some("GROUP"), "60"),
    unit("TTS-US", "TikTok Shop 美国事业部", "TikTok Shop US", Kind::Profit, "tiktok_shop", Some("GROUP"), "110"),
    unit("WISH", "Wish事业部", "Wish", Kind::Profit, "wish", Some("GROUP"), "30"),
    unit("ALI", "阿里国际站事业部", "Alibaba.com", Kind::Profit, "alibaba_com", Some("GROUP"), "75"),
    unit("SHOP", "独立站事业部", "Shopify sites", Kind::Profit, "shopify", Some("GROUP"), "45"),
    unit("WH", "仓储中心", "Warehouse", Kind::Service, "warehouse", Some("GROUP"), "1800"),
    unit("PUR", "采购中心", "Purchasing", Kind::Service, "purchasing", Some("GROUP"), "50"),
    unit("IT", "信息技术中心", "IT", Kind::Service, "it", Some("GROUP"), "40"),
    unit("DES", "设计中心", "Design", Kind::Service, "design", Some("GROUP"), "65"),
    unit("LOG", "物流中心", "Logistics", Kind::Service, "logistics", Some("GROUP"), "45"),
];

/// Index of a unit code in [`UNITS`].
pub(crate) fn unit_index(code: &str) -> usize {
    UNITS.iter().position(|u| u.code == code).unwrap_or_else(|| panic!("unknown unit {code}"))
}

/// Role coefficient (tenths) and monthly labour cost range (CNY, incl.
/// social insurance) of each standard role.
pub(crate) const ROLES: [(&str, i64, i64, i64); 14] = [
    ("operator", 12, 8_000, 14_000),
    ("product_selection", 11, 9_000, 13_000),
    ("purchasing", 10, 6_500, 9_500),
    ("customer_service", 8, 5_000, 7_000),
    ("logistics", 9, 5_500, 7_500),
    ("marketing", 11, 8_000, 12_000),
    ("data_analyst", 10, 9_000, 13_000),
    ("finance", 10, 7_000, 11_000),
    ("designer", 10, 7_000, 11_000),
    ("tech", 11, 11_000, 17_000),
    ("manager", 15, 12_000, 18_000),
    ("order_follower", 8, 5_500, 7_500),
    ("livestream_host", 12, 8_000, 13_000),
    ("sales", 11, 7_000, 12_000),
];

fn role(code: &str) -> (i64, i64, i64) {
    let r = ROLES.iter().find(|r| r.0 == code).unwrap_or_else(|| panic!("unknown role {code}"));
    (r.1, r.2, r.3)
}

/// A person.
pub(crate) struct PersonDef {
    pub code: String,
    pub name: String,
    pub email: String,
    pub external: bool,
}

/// A person holding a role in a unit over a period.
#[derive(Debug, Clone)]
pub(crate) struct AssignmentDef {
    pub person: usize,
    pub unit: &'static str,
    pub role: &'static str,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    /// Coefficient in tenths (12 = 1.2).
    pub coef: i64,
    pub leader: bool,
    /// Monthly labour cost in CNY.
    pub salary: i64,
}

/// A cross-unit project group.
pub(crate) struct GroupDef {
    pub code: &'static str,
    pub name: &'static str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Person index and share.
    pub members: Vec<(usize, i64)>,
}

/// People, their assignments and the project group.
pub(crate) struct Staff {
    pub people: Vec<PersonDef>,
    pub assignments: Vec<AssignmentDef>,
    pub groups: Vec<GroupDef>,
}

/// Who works where at the start: unit, role, head-count; the first line of
/// each unit is its leader.
const ROSTER: &[(&str, &str, usize)] = &[
    ("GROUP", "manager", 1),
    ("GROUP", "finance", 3),
    ("GROUP", "data_analyst", 2),
    ("GROUP", "manager", 1),
    ("GROUP", "product_selection", 1),
    ("GROUP", "marketing", 1),
    ("AMZ-US", "manager", 1),
    ("AMZ-US-HOME", "operator", 1),
    ("AMZ-US-HOME", "operator", 4),
    ("AMZ-US-HOME", "product_selection", 1),
    ("AMZ-US-HOME", "customer_service", 2),
    ("AMZ-US-HOME", "order_follower", 1),
    ("AMZ-US-OUTDOOR", "operator", 1),
    ("AMZ-US-OUTDOOR", "operator", 2),
    ("AMZ-US-OUTDOOR", "product_selection", 1),
    ("AMZ-US-OUTDOOR", "customer_service", 1),
    ("AMZ-US-OUTDOOR", "order_follower", 1),
    ("AMZ-DE", "manager", 1),
    ("AMZ-DE", "operator", 2),
    ("AMZ-DE", "customer_service", 1),
    ("AMZ-DE", "order_follower", 1),
    ("TTS-US", "manager", 1),
    ("TTS-US", "operator", 2),
    ("TTS-US", "livestream_host", 3),
    ("TTS-US", "marketing", 1),
    ("TTS-US", "customer_service", 1),
    ("WISH", "operator", 1),
    ("WISH", "operator", 1),
    ("WISH", "customer_service", 1),
    ("ALI", "manager", 1),
    ("ALI", "operator", 1),
    ("ALI", "sales", 2),
    ("ALI", "order_follower", 2),
    ("SHOP", "manager", 1),
    ("SHOP", "operator", 1),
    ("SHOP", "marketing", 1),
    ("SHOP", "customer_service", 1),
    ("WH", "manager", 1),
    ("WH", "logistics", 6),
    ("PUR", "manager", 1),
    ("PUR", "purchasing", 3),
    ("PUR", "order_follower", 1),
    ("IT", "tech", 1),
    ("IT", "tech", 3),
    ("DES", "designer", 1),
    ("DES", "designer", 4),
    ("LOG", "manager", 1),
    ("LOG", "logistics", 3),
];

/// Hires during the span: unit, role, days after the start.
const HIRES: &[(&str, &str, i64)] = &[
    ("AMZ-DE", "operator", 45),
    ("TTS-US", "livestream_host", 75),
    ("SHOP", "operator", 150),
    ("WH", "logistics", 200),
    ("AMZ-US-OUTDOOR", "customer_service", 225),
];

fn round100(v: i64) -> i64 {
    (v + 50) / 100 * 100
}

/// Builds the staff for a span.
pub(crate) fn staff(seed: u64, story: &Story, span: &Span) -> Staff {
    let mut rng = Rng::new(seed, "staff");
    let total = ROSTER.iter().map(|r| r.2).sum::<usize>() + HIRES.len();
    let names = chinese_names(&mut rng, total);
    let mut people = Vec::new();
    let mut assignments: Vec<AssignmentDef> = Vec::new();
    let hired_window = (story.start - story.since).num_days() - 30;
    let mut seen_units: Vec<&str> = Vec::new();
    let add_person = |people: &mut Vec<PersonDef>| {
        let i = people.len();
        let code = format!("P{:03}", i + 1);
        people.push(PersonDef { email: format!("{}@nbtq.example", code.to_lowercase()), code, name: names[i].clone(), external: false });
        i
    };
    for &(unit, role_code, count) in ROSTER {
        let leader = !seen_units.contains(&unit);
        if leader {
            seen_units.push(unit);
        }
        for _ in 0..count {
            let p = add_person(&mut people);
            let (coef, lo, hi) = role(role_code);
            let salary = if leader && unit == "GROUP" {
                38_000
            } else if leader {
                round100(rng.range(15_000, 25_000))
            } else {
                round100(rng.range(lo, hi))
            };
            let from = if leader {
                story.since + Duration::days(rng.range(0, 200))
            } else {
                story.since + Duration::days(rng.range(0, hired_window))
            };
            assignments.push(AssignmentDef { person: p, unit, role: role_code, from, to: None, coef, leader, salary });
        }
    }
    for &(unit, role_code, after) in HIRES {
        let p = add_person(&mut people);
        let (coef, lo, hi) = role(role_code);
        let salary = round100(rng.range(lo, hi));
        assignments.push(AssignmentDef {
            person: p,
            unit,
            role: role_code,
            from: story.start + Duration::days(after),
            to: None,
            coef,
            leader: false,
            salary,
        });
    }
    let mut s = Staff { people, assignments, groups: Vec::new() };

    // Leavers: a warehouse worker in the slow season, an Outdoor customer
    // service agent (replaced by the hire above).
    let wh = s.find("WH", "logistics", 5);
    s.end(wh, story.start + Duration::days(95));
    let cs = s.find("AMZ-US-OUTDOOR", "customer_service", 0);
    s.end(cs, story.start + Duration::days(210));

    // Role switches.
    let promoted = s.find("AMZ-US-HOME", "customer_service", 0);
    s.switch(promoted, story.start + Duration::days(120), "AMZ-US-HOME", "operator", false, 1_800);
    let wish_lead = s.find("WISH", "operator", 0);
    let successor = s.find("WISH", "operator", 1);
    let day = story.start + Duration::days(150);
    s.switch(wish_lead, day, "TTS-US", "operator", false, 0);
    s.switch(successor, day, "WISH", "operator", true, 4_000);
    let jp = s.find("AMZ-US-HOME", "operator", 4);
    s.switch(jp, story.jp_transfer, "AMZ-US", "operator", false, 1_000);
    let host = s.find("DES", "designer", 2);
    s.switch(host, story.start + Duration::days(200), "TTS-US", "livestream_host", false, 1_500);

    // The new-product squad, across five units.
    let members = vec![
        (s.find("AMZ-US-HOME", "product_selection", 0), 3),
        (s.find("AMZ-US-OUTDOOR", "product_selection", 0), 3),
        (s.find("DES", "designer", 0), 2),
        (s.find("PUR", "purchasing", 0), 1),
        (s.find("TTS-US", "operator", 0), 1),
        (s.find("GROUP", "data_analyst", 0), 1),
    ];
    let from = story.start + Duration::days(60);
    let to = (story.start + Duration::days(270)).max(from).min(span.end.max(from));
    s.groups.push(GroupDef { code: "NPD-01", name: "新品开发项目组", from, to, members });

    s.people.push(PersonDef {
        code: "X001".into(),
        name: "周航（杭州启航代运营）".into(),
        email: "zhou.hang@qihang-ops.example".into(),
        external: true,
    });
    s
}

impl Staff {
    /// The `nth` person first holding `role` in `unit`, counted in roster
    /// order (the leader is counted first).
    pub(crate) fn find(&self, unit: &str, role: &str, nth: usize) -> usize {
        self.assignments.iter().filter(|a| a.unit == unit && a.role == role).nth(nth).map(|a| a.person).expect("roster person")
    }

    /// Ends a person's open assignment the day before `day`.
    fn end(&mut self, person: usize, day: NaiveDate) {
        if let Some(a) = self.assignments.iter_mut().find(|a| a.person == person && a.to.is_none()) {
            a.to = Some((day - Duration::days(1)).max(a.from));
        }
    }

    /// Ends the open assignment the day before `day` and starts a new one.
    fn switch(&mut self, person: usize, day: NaiveDate, unit: &'static str, role_code: &'static str, leader: bool, raise: i64) {
        let Some(old) = self.assignments.iter().find(|a| a.person == person && a.to.is_none()).cloned() else { return };
        self.end(person, day);
        let (coef, lo, _) = role(role_code);
        let salary = round100((old.salary + raise).max(lo));
        self.assignments.push(AssignmentDef { person, unit, role: role_code, from: day, to: None, coef, leader, salary });
    }

    /// Number of employees (not third parties).
    #[cfg(test)]
    pub(crate) fn employees(&self) -> usize {
        self.people.iter().filter(|p| !p.external).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_eighty_people_every_unit_led() {
        let span = Span::ending("2026-03-14".parse().unwrap(), 12);
        let story = Story::new(span.start);
        let s = staff(42, &story, &span);
        assert!((78..=84).contains(&s.employees()), "{}", s.employees());
        for u in &UNITS {
            let leaders = s.assignments.iter().filter(|a| a.unit == u.code && a.leader).count();
            assert!(leaders >= 1, "{} has no leader", u.code);
        }
        for (code, ..) in ROLES {
            assert!(s.assignments.iter().any(|a| a.role == code), "{code}");
        }
    }
}
