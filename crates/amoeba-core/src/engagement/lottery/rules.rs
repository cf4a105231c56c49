//! The lottery's rules as one versioned value: cut-off, zone, who may enter,
//! prize tiers, working days and where the randomness comes from. Their
//! canonical bytes are hashed, and the hash goes into every draw, so rules
//! changed after the fact change the hash and every draw made under them.

use super::canon::{sha256, Canon};
use super::drand::DrandChain;
use super::error::LotteryError;
use crate::workdays::{WeekdayCode, WorkCalendar};
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Most slips one tier may have: a daily draw among one company's sellers
/// never needs more, and the bound keeps a typo from dealing billions.
pub const MAX_TIER_COUNT: u32 = 1_000;

/// Format line of the canonical rules.
pub const RULES_FORMAT: &str = "amoeba-lottery-rules/1";

/// A prize tier, dealt in this order: special first, then 1st … 7th
/// (特等奖, 一等奖 … 七等奖, as in the seed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 特等奖.
    Special,
    /// 一等奖.
    First,
    /// 二等奖.
    Second,
    /// 三等奖.
    Third,
    /// 四等奖.
    Fourth,
    /// 五等奖.
    Fifth,
    /// 六等奖.
    Sixth,
    /// 七等奖.
    Seventh,
}

impl Tier {
    /// Stable code, as written in canonical rules.
    pub fn code(&self) -> &'static str {
        match self {
            Tier::Special => "special",
            Tier::First => "first",
            Tier::Second => "second",
            Tier::Third => "third",
            Tier::Fourth => "fourth",
            Tier::Fifth => "fifth",
            Tier::Sixth => "sixth",
            Tier::Seventh => "seventh",
        }
    }

    /// The tier's name in Chinese, as the board shows it.
    pub fn name_zh(&self) -> &'static str {
        match self {
            Tier::Special => "特等奖",
            Tier::First => "一等奖",
            Tier::Second => "二等奖",
            Tier::Third => "三等奖",
            Tier::Fourth => "四等奖",
            Tier::Fifth => "五等奖",
            Tier::Sixth => "六等奖",
            Tier::Seventh => "七等奖",
        }
    }
}

/// What a slip of a tier wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prize {
    /// Cash in CNY, to the fen.
    pub amount_cny: Option<Decimal>,
    /// A thing or a privilege ("a day off", "一箱水果").
    pub description: Option<String>,
}

/// A tier, how many slips it has, and its prize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeTier {
    /// The tier.
    pub tier: Tier,
    /// Number of winners of this tier per draw.
    pub count: u32,
    /// What each wins.
    pub prize: Prize,
}

/// Where a day's randomness comes from, fixed in the rules before any day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RandomnessSource {
    /// A drand chain: the day's round is the first after its cut-off.
    Drand(DrandChain),
    /// RFC 3797 with the public lotteries described here (e.g. "福彩双色球,
    /// the draw on the evening of the lottery day"), drawn after the cut-off.
    Rfc3797 {
        /// Which public lotteries, and which of their draws.
        sources: String,
    },
}

/// The daily order lottery's rules (日出单抽奖规则), one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotteryRules {
    /// Version label, e.g. `2026-03`.
    pub version: String,
    /// The company's IANA time zone, e.g. `Asia/Shanghai`.
    pub zone: String,
    /// Local cut-off time: an order shipped before it counts that day.
    pub cutoff: NaiveTime,
    /// Roles that may enter (`sales`, `order_follower`…).
    pub eligible_roles: BTreeSet<String>,
    /// Prize tiers (any order; dealt special first).
    pub tiers: Vec<PrizeTier>,
    /// Working days: a late order moves to the next one.
    pub calendar: WorkCalendar,
    /// Where the randomness comes from.
    pub randomness: RandomnessSource,
}

/// The seed's cut-off: 5 pm local time.
pub fn default_cutoff() -> NaiveTime {
    NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN)
}

fn fen(amount: Decimal) -> String {
    let mut a = amount;
    a.rescale(2);
    a.to_string()
}

impl LotteryRules {
    /// Checks the rules and returns the company's zone.
    pub fn validate(&self) -> Result<Tz, LotteryError> {
        if self.version.trim().is_empty() {
            return Err(LotteryError::NoVersion);
        }
        let tz: Tz = self.zone.parse().map_err(|_| LotteryError::UnknownZone { zone: self.zone.clone() })?;
        if self.eligible_roles.iter().all(|r| r.trim().is_empty()) {
            return Err(LotteryError::NoRoles);
        }
        if self.tiers.is_empty() {
            return Err(LotteryError::NoTiers);
        }
        let mut seen = BTreeSet::new();
        for t in &self.tiers {
            let code = t.tier.code().to_string();
            if !seen.insert(t.tier) {
                return Err(LotteryError::DuplicateTier { tier: code });
            }
            if t.count == 0 || t.count > MAX_TIER_COUNT {
                return Err(LotteryError::TierCount { tier: code, max: MAX_TIER_COUNT });
            }
            let described = t.prize.description.as_deref().is_some_and(|d| !d.trim().is_empty());
            match t.prize.amount_cny {
                None if !described => return Err(LotteryError::PrizeMissing { tier: code }),
                Some(a) if a < Decimal::ZERO || a.round_dp(2) != a => {
                    return Err(LotteryError::PrizeAmount { tier: code, amount: a.to_string() })
                }
                _ => {}
            }
        }
        if self.calendar.weekdays.is_empty() && self.calendar.extra_workdays.is_empty() {
            return Err(LotteryError::NoWorkingDay);
        }
        if let RandomnessSource::Drand(chain) = &self.randomness {
            chain.validate()?;
        }
        Ok(tz)
    }

    /// Tiers in dealing order: special, then first … seventh.
    pub fn tiers_in_order(&self) -> Vec<&PrizeTier> {
        let mut t: Vec<&PrizeTier> = self.tiers.iter().collect();
        t.sort_by_key(|t| t.tier);
        t
    }

    /// The prize slips of one draw, in dealing order.
    pub fn slips(&self) -> Vec<Tier> {
        self.tiers_in_order().iter().flat_map(|t| std::iter::repeat_n(t.tier, t.count as usize)).collect()
    }

    /// The rules as canonical bytes (`docs/lottery.md`, "Canonical rules").
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut c = Canon::new(RULES_FORMAT);
        c.line("version", &[&self.version]);
        c.line("zone", &[&self.zone]);
        c.line("cutoff", &[&self.cutoff.format("%H:%M:%S%.f").to_string()]);
        for r in &self.eligible_roles {
            c.line("role", &[r]);
        }
        for w in WeekdayCode::ALL.iter().filter(|w| self.calendar.weekdays.contains(w)) {
            c.line("weekday", &[w.code()]);
        }
        for h in &self.calendar.holidays {
            c.line("holiday", &[&h.to_string()]);
        }
        for w in &self.calendar.extra_workdays {
            c.line("workday", &[&w.to_string()]);
        }
        for t in self.tiers_in_order() {
            let amount = t.prize.amount_cny.map(fen).unwrap_or_default();
            let desc = t.prize.description.clone().unwrap_or_default();
            c.line("tier", &[t.tier.code(), &t.count.to_string(), &amount, &desc]);
        }
        match &self.randomness {
            RandomnessSource::Drand(ch) => c.line(
                "randomness",
                &[
                    "drand",
                    &ch.chain_hash.to_ascii_lowercase(),
                    ch.scheme.code(),
                    &ch.public_key.to_ascii_lowercase(),
                    &ch.genesis_time.to_string(),
                    &ch.period_s.to_string(),
                ],
            ),
            RandomnessSource::Rfc3797 { sources } => c.line("randomness", &["rfc3797", sources]),
        }
        c.finish()
    }

    /// SHA-256 of the canonical bytes: the rules version hash.
    pub fn hash(&self) -> [u8; 32] {
        sha256(&self.canonical_bytes())
    }

    /// The instant of `date`'s cut-off in the company's zone. A cut-off that
    /// falls twice (clocks going back) is the first; one that does not exist
    /// (clocks going forward) is the first whole minute that exists after it,
    /// which is when the clocks jump past it.
    pub fn cutoff_instant(&self, date: NaiveDate) -> Result<DateTime<Utc>, LotteryError> {
        let tz = self.validate()?;
        cutoff_in(tz, date, self.cutoff)
    }

    /// The draw day an order shipped at `shipped_at` counts for: the local day
    /// if shipped before its cut-off, else the next day; moved on to the next
    /// working day if that day is not one.
    pub fn draw_day(&self, shipped_at: DateTime<chrono::FixedOffset>) -> Result<NaiveDate, LotteryError> {
        let tz = self.validate()?;
        let local_day = shipped_at.with_timezone(&tz).date_naive();
        let cut = cutoff_in(tz, local_day, self.cutoff)?;
        let day =
            if shipped_at.with_timezone(&Utc) < cut { local_day } else { local_day.succ_opt().ok_or(LotteryError::DateOutOfRange)? };
        self.calendar.on_or_after(day).ok_or(LotteryError::NoWorkingDay)
    }
}

fn cutoff_in(tz: Tz, date: NaiveDate, cutoff: NaiveTime) -> Result<DateTime<Utc>, LotteryError> {
    let local = date.and_time(cutoff);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => {
            let mut m = local.with_second(0).and_then(|t| t.with_nanosecond(0)).ok_or(LotteryError::DateOutOfRange)?;
            for _ in 0..24 * 60 {
                m += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&m).earliest() {
                    return Ok(t.with_timezone(&Utc));
                }
            }
            Err(LotteryError::DateOutOfRange)
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use rust_decimal_macros::dec;

    /// Rules like the seed's: 17:00 Shanghai, sales and order followers,
    /// special + 1st … 7th, Monday to Friday, randomness from `source`.
    pub fn seed_rules(source: RandomnessSource) -> LotteryRules {
        let tier = |tier, count, amount: Option<Decimal>, description: Option<&str>| PrizeTier {
            tier,
            count,
            prize: Prize { amount_cny: amount, description: description.map(String::from) },
        };
        LotteryRules {
            version: "2026-03".into(),
            zone: "Asia/Shanghai".into(),
            cutoff: default_cutoff(),
            eligible_roles: ["sales", "order_follower"].iter().map(|s| s.to_string()).collect(),
            tiers: vec![
                tier(Tier::Seventh, 2, Some(dec!(10)), None),
                tier(Tier::Special, 1, Some(dec!(888)), Some("特等奖 + 半天假")),
                tier(Tier::First, 1, Some(dec!(500)), None),
                tier(Tier::Second, 1, Some(dec!(300)), None),
                tier(Tier::Third, 1, Some(dec!(200)), None),
                tier(Tier::Fourth, 1, None, Some("电影票两张")),
                tier(Tier::Fifth, 1, Some(dec!(50)), None),
                tier(Tier::Sixth, 1, Some(dec!(20)), None),
            ],
            calendar: WorkCalendar::default(),
            randomness: source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::seed_rules;
    use super::*;
    use chrono::FixedOffset;

    fn drand_rules() -> LotteryRules {
        seed_rules(RandomnessSource::Drand(DrandChain::league_of_entropy_quicknet()))
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// docs/lottery.md, "Cut-off" worked example.
    #[test]
    fn one_second_before_five_counts_today_five_sharp_counts_next_working_day() {
        let r = drand_rules();
        assert_eq!(r.draw_day(at("2026-03-02T16:59:59+08:00")).unwrap(), d("2026-03-02"));
        assert_eq!(r.draw_day(at("2026-03-02T17:00:00+08:00")).unwrap(), d("2026-03-03"));
        // Friday after five → Monday
        assert_eq!(r.draw_day(at("2026-03-06T17:00:00+08:00")).unwrap(), d("2026-03-09"));
        // a Saturday-morning order counts for Monday: there is no draw on Saturday
        assert_eq!(r.draw_day(at("2026-03-07T10:00:00+08:00")).unwrap(), d("2026-03-09"));
    }

    #[test]
    fn a_shipment_stamped_in_los_angeles_counts_by_shanghai_time() {
        let r = drand_rules();
        // 9 March 2026: Los Angeles is on PDT (−07:00) since the 8th.
        assert_eq!(r.draw_day(at("2026-03-09T01:59:59-07:00")).unwrap(), d("2026-03-09"), "16:59:59 in Shanghai");
        assert_eq!(r.draw_day(at("2026-03-09T02:00:00-07:00")).unwrap(), d("2026-03-10"), "17:00:00 in Shanghai");
        // 6 March: still PST (−08:00); 01:00 PST = 17:00 Shanghai on Friday → Monday
        assert_eq!(r.draw_day(at("2026-03-06T01:00:00-08:00")).unwrap(), d("2026-03-09"));
        assert_eq!(r.draw_day(at("2026-03-06T00:59:59-08:00")).unwrap(), d("2026-03-06"));
    }

    #[test]
    fn berlin_cutoff_follows_summer_time_across_the_last_sundays_of_march_and_october() {
        let mut r = drand_rules();
        r.zone = "Europe/Berlin".into();
        // Friday 27 March 2026, CET (+01:00): 17:00 local = 16:00Z
        assert_eq!(r.cutoff_instant(d("2026-03-27")).unwrap(), at("2026-03-27T16:00:00Z"));
        // Monday 30 March, after the change on Sunday 29th: CEST (+02:00): 17:00 local = 15:00Z
        assert_eq!(r.cutoff_instant(d("2026-03-30")).unwrap(), at("2026-03-30T15:00:00Z"));
        assert_eq!(r.draw_day(at("2026-03-27T15:59:59Z")).unwrap(), d("2026-03-27"));
        assert_eq!(r.draw_day(at("2026-03-27T16:00:00Z")).unwrap(), d("2026-03-30"));
        assert_eq!(r.draw_day(at("2026-03-30T14:59:59Z")).unwrap(), d("2026-03-30"));
        assert_eq!(r.draw_day(at("2026-03-30T15:00:00Z")).unwrap(), d("2026-03-31"));
        // Sunday 25 October 2026 back to CET: Monday 26th 17:00 = 16:00Z
        assert_eq!(r.cutoff_instant(d("2026-10-23")).unwrap(), at("2026-10-23T15:00:00Z"));
        assert_eq!(r.cutoff_instant(d("2026-10-26")).unwrap(), at("2026-10-26T16:00:00Z"));
        assert_eq!(r.draw_day(at("2026-10-26T15:59:59Z")).unwrap(), d("2026-10-26"));
        assert_eq!(r.draw_day(at("2026-10-26T16:00:00Z")).unwrap(), d("2026-10-27"));
    }

    #[test]
    fn a_cutoff_in_the_missing_or_repeated_hour() {
        let mut r = drand_rules();
        r.zone = "Europe/Berlin".into();
        r.calendar = WorkCalendar::every_day();
        r.cutoff = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST at 01:00Z; 02:30 never happens.
        assert_eq!(r.cutoff_instant(d("2026-03-29")).unwrap(), at("2026-03-29T01:00:00Z"));
        // 25 October: 02:30 happens twice (00:30Z CEST, 01:30Z CET); the first counts.
        assert_eq!(r.cutoff_instant(d("2026-10-25")).unwrap(), at("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn the_rules_hash_changes_with_every_rule() {
        let base = drand_rules();
        let h = base.hash();
        assert_eq!(h, drand_rules().hash(), "deterministic");
        let mut shuffled = drand_rules();
        shuffled.tiers.reverse();
        assert_eq!(shuffled.hash(), h, "tier order in the input does not matter: they are written in dealing order");
        type Change = Box<dyn Fn(&mut LotteryRules)>;
        let changes: Vec<Change> = vec![
            Box::new(|r| r.version = "2026-04".into()),
            Box::new(|r| r.zone = "Asia/Hong_Kong".into()),
            Box::new(|r| r.cutoff = NaiveTime::from_hms_opt(17, 0, 1).unwrap()),
            Box::new(|r| {
                r.eligible_roles.insert("designer".into());
            }),
            Box::new(|r| r.tiers[0].count = 3),
            Box::new(|r| r.tiers[1].prize.description = Some("特等奖".into())),
            Box::new(|r| {
                r.calendar.holidays.insert(d("2026-05-01"));
            }),
            Box::new(|r| r.randomness = RandomnessSource::Drand(DrandChain::league_of_entropy_default())),
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut r = drand_rules();
            change(&mut r);
            assert_ne!(r.hash(), h, "change #{i} must change the hash");
        }
    }

    #[test]
    fn canonical_rules_bytes_start_as_documented() {
        let text = String::from_utf8(drand_rules().canonical_bytes()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            &lines[..6],
            &[
                "amoeba-lottery-rules/1",
                "version\t2026-03",
                "zone\tAsia/Shanghai",
                "cutoff\t17:00:00",
                "role\torder_follower",
                "role\tsales"
            ]
        );
        assert!(lines.contains(&"tier\tspecial\t1\t888.00\t特等奖 + 半天假"));
        assert!(lines.contains(&"tier\tfourth\t1\t\t电影票两张"));
        assert_eq!(lines.last(), Some(&"end"));
        assert!(text.ends_with("end\n"));
    }

    #[test]
    fn refuses_bad_rules() {
        let mut r = drand_rules();
        r.zone = "Mars/Olympus".into();
        assert!(matches!(r.validate(), Err(LotteryError::UnknownZone { .. })));
        let mut r = drand_rules();
        r.tiers.push(r.tiers[0].clone());
        assert!(matches!(r.validate(), Err(LotteryError::DuplicateTier { .. })));
        let mut r = drand_rules();
        r.tiers[0].prize = Prize { amount_cny: None, description: Some(" ".into()) };
        assert!(matches!(r.validate(), Err(LotteryError::PrizeMissing { .. })));
        let mut r = drand_rules();
        r.tiers[0].prize.amount_cny = Some(Decimal::new(1001, 3));
        assert!(matches!(r.validate(), Err(LotteryError::PrizeAmount { .. })));
        let mut r = drand_rules();
        r.tiers[0].count = 0;
        assert!(matches!(r.validate(), Err(LotteryError::TierCount { .. })));
        let mut r = drand_rules();
        r.tiers[0].count = MAX_TIER_COUNT + 1;
        assert!(matches!(r.validate(), Err(LotteryError::TierCount { .. })));
        let mut r = drand_rules();
        r.eligible_roles.clear();
        assert_eq!(r.validate(), Err(LotteryError::NoRoles));
        let mut r = drand_rules();
        r.calendar = WorkCalendar::weekdays(&[]);
        assert_eq!(r.validate(), Err(LotteryError::NoWorkingDay));
        let mut r = drand_rules();
        r.version = " ".into();
        assert_eq!(r.validate(), Err(LotteryError::NoVersion));
    }

    #[test]
    fn slips_are_dealt_special_first() {
        let slips = drand_rules().slips();
        assert_eq!(slips.len(), 9);
        assert_eq!(slips[0], Tier::Special);
        assert_eq!(slips[1], Tier::First);
        assert_eq!(&slips[7..], &[Tier::Seventh, Tier::Seventh]);
    }
}
