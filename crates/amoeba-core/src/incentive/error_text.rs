//! The sentences of [`PayError`] in English and Chinese.

use super::error::PayError;
use crate::period::Month;
use rust_decimal::Decimal;

fn list(months: &[Month]) -> String {
    months.iter().map(Month::to_string).collect::<Vec<_>>().join(", ")
}

impl PayError {
    pub(super) fn english(&self) -> String {
        use PayError::*;
        match self {
            Blank => "must not be blank".into(),
            NotWholeMonths { from, to } => format!(
                "a version is in force for whole months: from the 1st of a month to a month's last day (got {from} to {})",
                to.as_deref().unwrap_or("open")
            ),
            VersionZero => "versions are numbered from 1".into(),
            VersionsOverlap { code, version, other } => {
                format!("version {version} of pay plan '{code}' overlaps version {other}: versions of one plan never share a day")
            }
            NoComponents => "a pay plan needs at least one component".into(),
            TooMany { what, limit, found } => format!("{found} {what} given; at most {limit}"),
            Duplicate { code } => format!("'{code}' is listed twice"),
            NoBands => "a tiered rate needs at least one band".into(),
            FirstBandNotZero { from } => format!("the first band starts at {from}; it must start at 0"),
            BandReversed { from, to } => format!("the band from {from} to {to} ends where it starts or before"),
            BandGap { end, next } => format!("a band ends at {end} but the next starts at {next}: a gap"),
            BandOverlap { end, next } => format!("a band ends at {end} but the next starts at {next}: an overlap"),
            TopBandBounded { to } => format!("the top band ends at {to}; the top band has no `to` (a cap is `cap`)"),
            OpenBandBelowTop { from } => format!("the band from {from} has no `to` but is not the top band"),
            NegativeRate { rate } => format!("the rate {rate} is negative"),
            RateAbove100 { rate } => format!("a rate of {rate} is above 100%; write rates as \"2%\" or 0.02"),
            SharesNot100 { sum } => format!("the parts add up to {}%; they must add up to 100%", (sum * Decimal::ONE_HUNDRED).normalize()),
            PctOutOfRange { value } => format!("{}% is outside 0–100%", (value * Decimal::ONE_HUNDRED).normalize()),
            TooLarge { value } => format!("{value} is larger than a plan may state (at most 1 000 000 000 000)"),
            Negative { value } => format!("{value} is negative"),
            UnknownRole { code } => format!("unknown role '{code}'"),
            UnknownUnit { code } => format!("unknown unit '{code}'"),
            UnknownPerson { code } => format!("unknown person '{code}'"),
            UnknownProjectGroup { code } => format!("unknown project group '{code}'"),
            MeasureNotAvailable { measure, method } => {
                format!("the data cannot provide '{measure}' for method '{method}' (a person's result is credited; a unit's is its P&L)")
            }
            NeedsRoles { measure } => format!("'{measure}' is read from credit: name the credit role(s) in `who.roles`"),
            NeedsTeam { method } => format!("method '{method}' needs `who.units` (or a project group for a project pool)"),
            SplitNeedsCredit => "`split = \"result_share\"` needs a credited result (a person-level base)".into(),
            SplitNeedsProject => "`split = \"project_shares\"` needs `who.project_group`".into(),
            GateNotForMethod { method } => format!("this gate cannot be used by method '{method}'"),
            StepsOutOfOrder => "accelerators start at 100% or above and decelerators below 100%, each in ascending order of `pct`".into(),
            MonthOutOfRange { month } => format!("month {month} is not between 1 and 12"),
            PeakInOffSeason { month } => format!("month {month} is both the peak and an off-season month"),
            NoGrant => "an equity trigger needs `grant_cash` or `grant_equity`".into(),
            FloorAboveCap { floor, cap } => format!("the floor {floor} is above the cap {cap}"),
            CliffAboveVesting { cliff, vesting } => format!("a cliff of {cliff} months is longer than vesting over {vesting} months"),
            MonthsOutOfRange { months } => format!("{months} months is outside 1–120"),
            NoPlanInForce { period } => format!("no pay plan version is in force in {period}"),
            InPlan { plan, version, path, problem } => format!("pay plan '{plan}' v{version}, {path}: {}", problem.english()),
            PoolTooLarge { team, found } => format!("the pool of {team} has {found} members, more than one pool splits"),
            NotAParty { person, agreement } => format!("{person} is not a party to agreement '{agreement}'"),
            ExitBeforeJoining { joined, date } => format!("an exit on {date} is before joining on {joined}"),
            MissingMonths { unit, months } => format!("the P&L of {unit} is missing for {}", list(months)),
            NotMarginal => "a retroactive schedule is not a marginal one and cannot be inverted as one".into(),
        }
    }

    pub(super) fn chinese(&self) -> String {
        use PayError::*;
        match self {
            Blank => "不能为空".into(),
            NotWholeMonths { from, to } => {
                format!("方案版本须按整月生效：从某月 1 日到某月最后一天（现为 {from} 至 {}）", to.as_deref().unwrap_or("不限"))
            }
            VersionZero => "版本号从 1 开始".into(),
            VersionsOverlap { code, version, other } => {
                format!("提成方案 '{code}' 的第 {version} 版与第 {other} 版生效期重叠：同一方案的各版本不能有同一天")
            }
            NoComponents => "提成方案至少需要一个组成部分".into(),
            TooMany { what, limit, found } => format!("{what} 共 {found} 个，最多 {limit} 个"),
            Duplicate { code } => format!("'{code}' 重复出现"),
            NoBands => "阶梯提成至少需要一个档位".into(),
            FirstBandNotZero { from } => format!("第一档从 {from} 开始；必须从 0 开始"),
            BandReversed { from, to } => format!("档位 {from} 至 {to} 的终点不大于起点"),
            BandGap { end, next } => format!("一档止于 {end}，下一档却始于 {next}：中间有空档"),
            BandOverlap { end, next } => format!("一档止于 {end}，下一档却始于 {next}：档位重叠"),
            TopBandBounded { to } => format!("最高档止于 {to}；最高档不写 `to`（封顶请用 `cap`）"),
            OpenBandBelowTop { from } => format!("从 {from} 开始的档位没有 `to`，但它不是最高档"),
            NegativeRate { rate } => format!("比例 {rate} 为负数"),
            RateAbove100 { rate } => format!("比例 {rate} 超过 100%；请写成 \"2%\" 或 0.02"),
            SharesNot100 { sum } => format!("各部分合计 {}%，必须正好为 100%", (sum * Decimal::ONE_HUNDRED).normalize()),
            PctOutOfRange { value } => format!("{}% 超出 0–100%", (value * Decimal::ONE_HUNDRED).normalize()),
            TooLarge { value } => format!("{value} 超出方案允许的最大值（1 000 000 000 000）"),
            Negative { value } => format!("{value} 为负数"),
            UnknownRole { code } => format!("未知的岗位 '{code}'"),
            UnknownUnit { code } => format!("未知的巴 '{code}'"),
            UnknownPerson { code } => format!("未知的人员 '{code}'"),
            UnknownProjectGroup { code } => format!("未知的项目组 '{code}'"),
            MeasureNotAvailable { measure, method } => {
                format!("数据无法为方法 '{method}' 提供 '{measure}'（个人业绩来自业绩归属，巴的数据来自巴的损益表）")
            }
            NeedsRoles { measure } => format!("'{measure}' 取自业绩归属：请在 `who.roles` 中写明归属岗位"),
            NeedsTeam { method } => format!("方法 '{method}' 需要 `who.units`（项目奖金池需要项目组）"),
            SplitNeedsCredit => "`split = \"result_share\"` 需要按人归属的业绩作为基数".into(),
            SplitNeedsProject => "`split = \"project_shares\"` 需要 `who.project_group`".into(),
            GateNotForMethod { method } => format!("方法 '{method}' 不能使用这个门槛"),
            StepsOutOfOrder => "加速档从 100% 或以上开始、减速档低于 100%，且都按 `pct` 从小到大排列".into(),
            MonthOutOfRange { month } => format!("月份 {month} 不在 1 到 12 之间"),
            PeakInOffSeason { month } => format!("{month} 月既是旺季又被列为淡季"),
            NoGrant => "股权激励触发需要 `grant_cash` 或 `grant_equity`".into(),
            FloorAboveCap { floor, cap } => format!("下限 {floor} 高于上限 {cap}"),
            CliffAboveVesting { cliff, vesting } => format!("{cliff} 个月的等待期长于 {vesting} 个月的归属期"),
            MonthsOutOfRange { months } => format!("{months} 个月超出 1–120"),
            NoPlanInForce { period } => format!("{period} 没有生效的提成方案版本"),
            InPlan { plan, version, path, problem } => format!("提成方案 '{plan}' 第 {version} 版，{path}：{}", problem.chinese()),
            PoolTooLarge { team, found } => format!("{team} 的奖金池有 {found} 人，超过单个奖金池可分配的人数"),
            NotAParty { person, agreement } => format!("{person} 不是合伙协议 '{agreement}' 的一方"),
            ExitBeforeJoining { joined, date } => format!("退出日 {date} 早于加入日 {joined}"),
            MissingMonths { unit, months } => format!("缺少 {unit} 在 {} 的损益数据", list(months)),
            NotMarginal => "全额累进不是超额累进，不能按超额累进反推".into(),
        }
    }
}
