//! [`LotteryError`] (rules, entries or a draw refused) and [`VerifyError`]
//! (a published draw record that does not check out), as data with stable
//! codes, rendered in Chinese or English like every refusal in Amoeba.

use crate::Lang;
use std::fmt;

/// Why lottery rules, a day's entries or a draw were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LotteryError {
    /// The rules name no version.
    NoVersion,
    /// The company's zone is not an IANA time zone.
    UnknownZone {
        /// What was given.
        zone: String,
    },
    /// No role may enter.
    NoRoles,
    /// No prize tier.
    NoTiers,
    /// A tier listed twice.
    DuplicateTier {
        /// The tier's code.
        tier: String,
    },
    /// A tier with no prize slips, or more than the rules allow.
    TierCount {
        /// The tier's code.
        tier: String,
        /// Most slips a tier may have.
        max: u32,
    },
    /// A prize with neither an amount nor a description.
    PrizeMissing {
        /// The tier's code.
        tier: String,
    },
    /// A prize amount below 0 or with fractions of a fen.
    PrizeAmount {
        /// The tier's code.
        tier: String,
        /// The amount.
        amount: String,
    },
    /// The calendar has no working day within a year.
    NoWorkingDay,
    /// A draw for a day that is not a working day.
    NotWorkingDay {
        /// The day.
        date: String,
    },
    /// A date too far out for the calendar arithmetic.
    DateOutOfRange,
    /// A person code or order id that is empty.
    EmptyText {
        /// What is empty.
        what: String,
    },
    /// An order in the list that counts for another day.
    OrderOfAnotherDay {
        /// The person.
        person: String,
        /// The order.
        order_id: String,
        /// The day it counts for.
        counts_for: String,
    },
    /// A role that may not enter.
    IneligibleRole {
        /// The person.
        person: String,
        /// The role.
        role: String,
    },
    /// An entrant with no order as evidence.
    NoEvidence {
        /// The person.
        person: String,
    },
    /// The list is not in canonical order (people sorted, each once; orders sorted, each once).
    ListNotCanonical,
    /// The list's cut-off is not the rules' cut-off for its day.
    CutoffMismatch {
        /// The rules' cut-off.
        expected: String,
        /// The list's.
        got: String,
    },
    /// The randomness is not of the kind the rules name.
    ModeMismatch,
    /// A drand round other than the one the rules name for the day.
    RoundNotNamed {
        /// The round the rules name.
        expected: u64,
        /// The round given.
        got: u64,
    },
    /// A drand beacon whose signature does not verify.
    BadSignature {
        /// The round.
        round: u64,
    },
    /// A hex field that is not hex, or of the wrong length.
    BadHex {
        /// The field.
        field: String,
    },
    /// A chained drand beacon without its previous signature.
    PreviousSignatureMissing,
    /// A drand chain period of 0 seconds.
    ChainPeriodZero,
    /// A chain hash of a known chain with other parameters than that chain's.
    KnownChainMismatch {
        /// The chain hash.
        chain_hash: String,
    },
    /// No lottery numbers, or a source without numbers.
    EmptySource,
    /// More entrants than RFC 3797's 2-byte counter allows.
    PoolTooLarge {
        /// Entrants.
        pool: usize,
    },
}

impl LotteryError {
    /// Stable code for programs and the API.
    pub fn code(&self) -> &'static str {
        use LotteryError::*;
        match self {
            NoVersion => "lottery_no_version",
            UnknownZone { .. } => "lottery_unknown_zone",
            NoRoles => "lottery_no_roles",
            NoTiers => "lottery_no_tiers",
            DuplicateTier { .. } => "lottery_duplicate_tier",
            TierCount { .. } => "lottery_tier_count",
            PrizeMissing { .. } => "lottery_prize_missing",
            PrizeAmount { .. } => "lottery_prize_amount",
            NoWorkingDay => "lottery_no_working_day",
            NotWorkingDay { .. } => "lottery_not_working_day",
            DateOutOfRange => "lottery_date_out_of_range",
            EmptyText { .. } => "lottery_empty_text",
            OrderOfAnotherDay { .. } => "lottery_order_of_another_day",
            IneligibleRole { .. } => "lottery_ineligible_role",
            NoEvidence { .. } => "lottery_no_evidence",
            ListNotCanonical => "lottery_list_not_canonical",
            CutoffMismatch { .. } => "lottery_cutoff_mismatch",
            ModeMismatch => "lottery_mode_mismatch",
            RoundNotNamed { .. } => "lottery_round_not_named",
            BadSignature { .. } => "lottery_bad_signature",
            BadHex { .. } => "lottery_bad_hex",
            PreviousSignatureMissing => "lottery_previous_signature_missing",
            ChainPeriodZero => "lottery_chain_period_zero",
            KnownChainMismatch { .. } => "lottery_known_chain_mismatch",
            EmptySource => "lottery_empty_source",
            PoolTooLarge { .. } => "lottery_pool_too_large",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use LotteryError::*;
        match self {
            NoVersion => "the lottery rules need a version".into(),
            UnknownZone { zone } => format!("'{zone}' is not an IANA time zone (such as Asia/Shanghai)"),
            NoRoles => "the lottery rules let no role enter".into(),
            NoTiers => "the lottery rules have no prize tier".into(),
            DuplicateTier { tier } => format!("prize tier {tier} is listed twice"),
            TierCount { tier, max } => format!("prize tier {tier} must have from 1 to {max} prizes"),
            PrizeMissing { tier } => format!("prize tier {tier} needs an amount or a description"),
            PrizeAmount { tier, amount } => format!("prize tier {tier}: {amount} is not an amount in yuan and fen of 0 or more"),
            NoWorkingDay => "the lottery calendar has no working day".into(),
            NotWorkingDay { date } => format!("{date} is not a working day: there is no draw that day"),
            DateOutOfRange => "the date is out of the calendar's range".into(),
            EmptyText { what } => format!("{what} is empty"),
            OrderOfAnotherDay { person, order_id, counts_for } => {
                format!("{person}'s order {order_id} counts for the draw of {counts_for}, not this one")
            }
            IneligibleRole { person, role } => format!("{person} entered as '{role}', a role the rules do not let enter"),
            NoEvidence { person } => format!("{person} is in the list without an order"),
            ListNotCanonical => {
                "the entry list is not in canonical order (people sorted and once each, orders sorted and once each)".into()
            }
            CutoffMismatch { expected, got } => format!("the list was frozen at {got} but the rules' cut-off that day is {expected}"),
            ModeMismatch => "the randomness is not the kind the rules name (drand beacon or RFC 3797 lottery numbers)".into(),
            RoundNotNamed { expected, got } => {
                format!("drand round {got} was used but the rules name round {expected} for this day (the first after the cut-off)")
            }
            BadSignature { round } => format!("the signature of drand round {round} does not verify against the chain's public key"),
            BadHex { field } => format!("{field} is not hex of the expected length"),
            PreviousSignatureMissing => "a chained drand beacon needs its previous signature".into(),
            ChainPeriodZero => "a drand chain's period must be at least 1 second".into(),
            KnownChainMismatch { chain_hash } => {
                format!("chain {chain_hash} is a known drand chain but its key, genesis, period or scheme differ from it")
            }
            EmptySource => "RFC 3797 mode needs at least one source with at least one number".into(),
            PoolTooLarge { pool } => format!("{pool} entrants is more than RFC 3797 selects from (65 535)"),
        }
    }

    fn chinese(&self) -> String {
        use LotteryError::*;
        match self {
            NoVersion => "抽奖规则需要版本号".into(),
            UnknownZone { zone } => format!("'{zone}' 不是 IANA 时区（如 Asia/Shanghai）"),
            NoRoles => "抽奖规则没有允许任何岗位参加".into(),
            NoTiers => "抽奖规则没有奖项".into(),
            DuplicateTier { tier } => format!("奖项 {tier} 重复出现"),
            TierCount { tier, max } => format!("奖项 {tier} 的名额必须在 1 到 {max} 之间"),
            PrizeMissing { tier } => format!("奖项 {tier} 需要奖金金额或奖品说明"),
            PrizeAmount { tier, amount } => format!("奖项 {tier}：{amount} 不是不小于 0 且精确到分的金额"),
            NoWorkingDay => "抽奖日历中没有工作日".into(),
            NotWorkingDay { date } => format!("{date} 不是工作日，当天不开奖"),
            DateOutOfRange => "日期超出日历范围".into(),
            EmptyText { what } => format!("{what} 为空"),
            OrderOfAnotherDay { person, order_id, counts_for } => {
                format!("{person} 的订单 {order_id} 应计入 {counts_for} 的抽奖，而不是这一期")
            }
            IneligibleRole { person, role } => format!("{person} 以岗位 '{role}' 参加，但规则不允许该岗位参加"),
            NoEvidence { person } => format!("{person} 在名单中却没有订单作为凭证"),
            ListNotCanonical => "参与名单不是规范顺序（人员须排序且各出现一次，订单须排序且各出现一次）".into(),
            CutoffMismatch { expected, got } => format!("名单冻结于 {got}，但规则规定当天截止时间为 {expected}"),
            ModeMismatch => "随机数来源与规则不符（drand 信标或 RFC 3797 彩票号码）".into(),
            RoundNotNamed { expected, got } => {
                format!("使用了 drand 第 {got} 轮，但规则为这一天指定的是第 {expected} 轮（截止后的第一轮）")
            }
            BadSignature { round } => format!("drand 第 {round} 轮的签名无法用该链的公钥验证"),
            BadHex { field } => format!("{field} 不是长度正确的十六进制"),
            PreviousSignatureMissing => "链式 drand 信标需要上一轮签名".into(),
            ChainPeriodZero => "drand 链的周期至少为 1 秒".into(),
            KnownChainMismatch { chain_hash } => format!("链 {chain_hash} 是已知的 drand 链，但公钥、起始时间、周期或方案与其不符"),
            EmptySource => "RFC 3797 模式至少需要一个来源，且每个来源至少有一个号码".into(),
            PoolTooLarge { pool } => format!("{pool} 名参与者超过 RFC 3797 的上限（65 535）"),
        }
    }
}

impl fmt::Display for LotteryError {
    /// English, for logs; pages use [`LotteryError::render`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for LotteryError {}

/// Why a published draw record does not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// A record format this version of Amoeba does not know.
    UnknownFormat {
        /// The format number.
        format: u32,
    },
    /// The recorded rules hash is not the hash of the recorded rules.
    RulesHashMismatch {
        /// As recorded.
        recorded: String,
        /// As computed.
        computed: String,
    },
    /// The recorded list hash is not the hash of the recorded list.
    ListHashMismatch {
        /// As recorded.
        recorded: String,
        /// As computed.
        computed: String,
    },
    /// The list hash published at the cut-off differs from the record's.
    PublishedHashDiffers {
        /// Published at the cut-off.
        published: String,
        /// In the record.
        recorded: String,
    },
    /// Drawing again from the record's inputs refuses them.
    Draw(LotteryError),
    /// Drawing again gives other winners than the record shows.
    WinnersDiffer,
}

impl VerifyError {
    /// Stable code for programs and the API.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::UnknownFormat { .. } => "verify_unknown_format",
            VerifyError::RulesHashMismatch { .. } => "verify_rules_hash_mismatch",
            VerifyError::ListHashMismatch { .. } => "verify_list_hash_mismatch",
            VerifyError::PublishedHashDiffers { .. } => "verify_published_hash_differs",
            VerifyError::Draw(_) => "verify_draw_refused",
            VerifyError::WinnersDiffer => "verify_winners_differ",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use VerifyError::*;
        match (self, lang) {
            (UnknownFormat { format }, Lang::En) => format!("draw record format {format} is not one this version reads"),
            (UnknownFormat { format }, Lang::Zh) => format!("开奖记录格式 {format} 无法识别"),
            (RulesHashMismatch { recorded, computed }, Lang::En) => {
                format!("the rules were changed: their hash is {computed}, the record says {recorded}")
            }
            (RulesHashMismatch { recorded, computed }, Lang::Zh) => format!("规则被改动过：其哈希为 {computed}，记录中为 {recorded}"),
            (ListHashMismatch { recorded, computed }, Lang::En) => {
                format!("the entry list was changed: its hash is {computed}, the record says {recorded}")
            }
            (ListHashMismatch { recorded, computed }, Lang::Zh) => format!("参与名单被改动过：其哈希为 {computed}，记录中为 {recorded}"),
            (PublishedHashDiffers { published, recorded }, Lang::En) => {
                format!("the list hash published at the cut-off was {published}; this record's list hashes to {recorded}")
            }
            (PublishedHashDiffers { published, recorded }, Lang::Zh) => {
                format!("截止时公布的名单哈希为 {published}，此记录的名单哈希却为 {recorded}")
            }
            (Draw(e), Lang::En) => format!("the draw cannot be redone from this record: {}", e.render(Lang::En)),
            (Draw(e), Lang::Zh) => format!("无法根据此记录重新开奖：{}", e.render(Lang::Zh)),
            (WinnersDiffer, Lang::En) => {
                "drawing again from the record's list, rules and randomness gives other winners than it shows".into()
            }
            (WinnersDiffer, Lang::Zh) => "用记录中的名单、规则和随机数重新开奖，得到的中奖者与记录不符".into(),
        }
    }
}

impl fmt::Display for VerifyError {
    /// English, for logs; pages use [`VerifyError::render`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for VerifyError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(t: &str) -> bool {
        t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_error_renders_in_both_languages_with_a_distinct_code() {
        use LotteryError::*;
        let s = |v: &str| v.to_string();
        let all = vec![
            NoVersion,
            UnknownZone { zone: s("Mars/Base") },
            NoRoles,
            NoTiers,
            DuplicateTier { tier: s("special") },
            TierCount { tier: s("first"), max: 1000 },
            PrizeMissing { tier: s("first") },
            PrizeAmount { tier: s("first"), amount: s("-1") },
            NoWorkingDay,
            NotWorkingDay { date: s("2026-03-01") },
            DateOutOfRange,
            EmptyText { what: s("person") },
            OrderOfAnotherDay { person: s("P1"), order_id: s("SO1"), counts_for: s("2026-03-03") },
            IneligibleRole { person: s("P1"), role: s("designer") },
            NoEvidence { person: s("P1") },
            ListNotCanonical,
            CutoffMismatch { expected: s("a"), got: s("b") },
            ModeMismatch,
            RoundNotNamed { expected: 2, got: 3 },
            BadSignature { round: 2 },
            BadHex { field: s("signature") },
            PreviousSignatureMissing,
            ChainPeriodZero,
            KnownChainMismatch { chain_hash: s("89") },
            EmptySource,
            PoolTooLarge { pool: 70_000 },
        ];
        let mut codes: Vec<&str> = all.iter().map(LotteryError::code).collect();
        let verify = [
            VerifyError::UnknownFormat { format: 9 },
            VerifyError::RulesHashMismatch { recorded: s("a"), computed: s("b") },
            VerifyError::ListHashMismatch { recorded: s("a"), computed: s("b") },
            VerifyError::PublishedHashDiffers { published: s("a"), recorded: s("b") },
            VerifyError::Draw(NoTiers),
            VerifyError::WinnersDiffer,
        ];
        codes.extend(verify.iter().map(VerifyError::code));
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "every variant has its own code");
        for e in &all {
            assert!(has_chinese(&e.render(Lang::Zh)), "{e:?}");
            assert!(!has_chinese(&e.render(Lang::En)), "{e:?}");
            assert_eq!(e.to_string(), e.render(Lang::En));
        }
        for e in &verify {
            assert!(has_chinese(&e.render(Lang::Zh)), "{e:?}");
            assert!(!has_chinese(&e.render(Lang::En)), "{e:?}");
        }
    }
}
