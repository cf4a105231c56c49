//! The demo company's pay plan (提成方案, `docs/pay-plans.md`), a file a
//! finance person could have written, using most of what a plan can say:
//! Amazon operators on marginal tiers of their credited gross profit with
//! a cap and an inventory-turnover guardrail; designers on the sales of
//! their product lines; Alibaba.com salespeople by customer class, × 1.2
//! at or above their derived sales target and × 0.8 below half of it, and
//! order followers on stage-based commission (30 % at contract, 30 % at
//! shipment, 40 % at payment — its refunds claw back); livestream hosts on
//! their credited sales; the TikTok team's pool on the unit's gross profit,
//! split by role coefficient, if the team reaches 80 % of its sales plan;
//! the service centres on a share of their added value (their internal
//! prices do not cover their payroll, so a share of profit would never
//! pay), losses carried, split by coefficient with the scorecard the demo's
//! stored reviews feed; the new-product squad's project pool; a
//! new-product hit that fires; the Shopify team's equity trigger; a
//! recoverable draw for the Amazon DE operator hired early in the year and
//! a guarantee for the new host; and the TikTok partners' agreement (a
//! share of added value, quarterly) with its exit valuation.

use crate::orders::StoreSales;
use crate::org::AssignmentDef;
use crate::world::World;
use amoeba_core::Month;
use chrono::Duration;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Units whose new products can earn the hit bonus.
const HIT_UNITS: [&str; 4] = ["AMZ-US", "AMZ-DE", "TTS-US", "SHOP"];

/// Days from launch within which a product must take off.
const HIT_DAYS: i64 = 60;

/// The hit bonus's sales threshold, in yuan: 70 % of the best month that a
/// new product which took off had inside its window and before the month
/// to date — so the bonus fires in a closed month of the demo, whatever its
/// dates and volume (80 000 when no product qualifies).
fn hit_threshold(w: &World, sales: &[StoreSales]) -> i64 {
    let mut by_month: BTreeMap<(usize, Month), i64> = BTreeMap::new();
    for s in sales {
        let cur = w.stores[s.store].cur;
        for o in &s.orders {
            let sku = &w.skus[o.sku];
            if !sku.hit || !sku.owners.iter().any(|x| HIT_UNITS.iter().any(|u| x.0.starts_with(u))) {
                continue;
            }
            *by_month.entry((o.sku, Month::of(o.day))).or_default() += w.fx.to_fen(o.qty * o.price - o.promo, cur, o.day);
        }
    }
    let best = by_month
        .iter()
        .filter(|((sku, m), _)| {
            let launch = w.skus[*sku].launch;
            m.first_day() < launch + Duration::days(HIT_DAYS) && m.last_day() >= launch && m.last_day() <= w.span.end
        })
        .map(|(_, fen)| *fen)
        .max();
    match best.map(|fen| fen / 100) {
        Some(yuan) if yuan >= 10_000 => yuan * 7 / 10 / 1000 * 1000,
        _ => 80_000,
    }
}

/// The first open assignment of `role` in `unit` from `nth` in roster order.
fn holder<'w>(w: &'w World, unit: &str, role: &str, nth: usize) -> Option<&'w AssignmentDef> {
    w.staff.assignments.iter().filter(|a| a.unit == unit && a.role == role).nth(nth)
}

fn code(w: &World, a: &AssignmentDef) -> String {
    w.staff.people[a.person].code.clone()
}

/// The pay plan file, in force from the first month of the data.
pub(crate) fn file(w: &World, sales: &[StoreSales]) -> String {
    let from = Month::of(w.span.start).first_day();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# 宁波天启电商 提成方案 — docs/pay-plans.md\n[pay_plan]\ncode = \"NBTQ-PAY\"\nname = \"宁波天启电商提成方案\"\nversion = 1\neffective_from = {from}\n"
    );
    s.push_str(
        r#"# 运营：亚马逊各组按个人毛利超额累进，封顶；运营对库存周转天数负责（超过 75 天减半）
[[components]]
code = "op_gp"
name = "运营毛利提成"
method = "individual"
base = "gross_profit"
who = { roles = ["operator"], units = ["AMZ-US", "AMZ-DE"] }
tier_mode = "marginal"
tiers = [
  { from = 0, to = 50000, rate = "1%" },
  { from = 50000, to = 150000, rate = "1.5%" },
  { from = 150000, rate = "2%" },
]
cap = 20000
guardrails = [{ metric = "turnover_days", max = 75, roles = ["operator"], reduce = "50%" }]

# 美工：所负责产品线的销售额
[[components]]
code = "design"
name = "美工产品线提成"
method = "individual"
base = "sales"
who = { roles = ["designer"] }
rate = "0.1%"

# 业务员（阿里国际站）：新客、老客、大客户不同比例；个人销售目标（target derive 拆到人）
# 完成 100% 以上 × 1.2，不足 50% × 0.8
[[components]]
code = "b2b_class"
name = "业务员客户分类提成"
method = "individual"
base = "sales"
who = { roles = ["sales"], units = ["ALI"] }
rates_by_class = { new = "2%", returning = "1%", key_account = "0.5%" }
accelerators = [{ pct = 100, multiplier = 1.2 }]
decelerators = [{ pct = 50, multiplier = 0.8 }]

# 跟单：签约 30%、发货 30%、回款 40%，退款按原比例追回
[[components]]
code = "b2b_stage"
name = "跟单阶段提成"
method = "stage"
who = { roles = ["order_follower"], units = ["ALI"] }
rate = "0.8%"
stages = { contract = "30%", shipment = "30%", payment = "40%" }

# 主播：直播带货销售额
[[components]]
code = "host_sales"
name = "主播销售提成"
method = "individual"
base = "sales"
who = { roles = ["livestream_host"], units = ["TTS-US"] }
rate = "0.5%"

# TikTok 团队奖金池：事业部毛利 × 3%，按岗位系数 × 出勤天数分配；须完成销售计划的 80%
[[components]]
code = "tt_pool"
name = "TikTok 团队奖金池"
method = "team_pool"
base = "unit_gross_profit"
rate = "3%"
split = "coefficient"
who = { units = ["TTS-US"] }
gates = [{ on = "unit_plan", line = "sales", min_pct = 80 }]

# 服务中心：各中心附加价值（人工费用前）的 10%，亏损结转，按系数与考评分配
# （内部价格不覆盖人工成本，按利润分成永远为 0，故按附加价值）
[[components]]
code = "svc_share"
name = "服务中心附加价值分成"
method = "profit_share"
base = "unit_added_value"
rate = "10%"
carry_losses = true
split = "coefficient"
scorecard = true
who = { units = ["WH", "PUR", "IT", "DES", "LOG"], subtree = false }

# 新品开发项目组：每月固定奖金，按约定份额分配
[[components]]
code = "npd_pool"
name = "新品项目奖金"
method = "project_pool"
amount = 6000
who = { project_group = "NPD-01" }

"#,
    );
    let _ = writeln!(
        s,
        "# 新品打爆奖：上市 {HIT_DAYS} 天内某月销售额达到门槛，奖励当月利润的 15%，按系数分给所属团队\n[[components]]\ncode = \"hit\"\nname = \"新品打爆奖\"\nmethod = \"new_product_hit\"\nrate = \"15%\"\nmin_sales = {}\nwithin_days = {HIT_DAYS}\nsplit = \"coefficient\"\nwho = {{ units = [\"AMZ-US\", \"AMZ-DE\", \"TTS-US\", \"SHOP\"] }}\n",
        hit_threshold(w, sales)
    );
    let tts_op = holder(w, "TTS-US", "operator", 0);
    let tts_host = holder(w, "TTS-US", "livestream_host", 0);
    if let (Some(lead), Some(op)) = (holder(w, "SHOP", "manager", 0), holder(w, "SHOP", "operator", 0)) {
        let _ = writeln!(
            s,
            "# 股权挂钩：独立站估值（近 12 个月利润 × 5）达 200 万时，核心团队获现金奖励与股权（只授予一次）\n[[components]]\ncode = \"shop_equity\"\nname = \"独立站股权激励\"\nmethod = \"equity_trigger\"\nmultiple = 5\ntrailing_months = 12\nvaluation_threshold = 2000000\ngrant_cash = 20000\ngrant_equity = \"2%\"\nwho = {{ units = [\"SHOP\"], people = [\"{}\", \"{}\"] }}\n",
            code(w, lead),
            code(w, op)
        );
    }
    // The Amazon DE operator hired early in the year: a recoverable draw while they ramp up.
    if let Some(hire) = w.staff.assignments.iter().find(|a| a.unit == "AMZ-DE" && a.role == "operator" && a.from > w.span.start) {
        let _ = writeln!(
            s,
            "# 新人预支：不足 1 500 元补足，以后从正余额中收回\n[[draws]]\ncode = \"newcomer\"\nkind = \"recoverable\"\namount = 1500\nwho = {{ people = [\"{}\"] }}\n",
            code(w, hire)
        );
    }
    // The host who joined TikTok: a guaranteed minimum.
    if let Some(host) = w.staff.assignments.iter().find(|a| a.unit == "TTS-US" && a.role == "livestream_host" && a.from > w.span.start) {
        let _ = writeln!(
            s,
            "# 新主播保底：每月至少 1 500 元，不收回\n[[draws]]\ncode = \"host_floor\"\nkind = \"guarantee\"\namount = 1500\nwho = {{ people = [\"{}\"] }}\n",
            code(w, host)
        );
    }
    if let (Some(op), Some(host)) = (tts_op, tts_host) {
        let _ = writeln!(
            s,
            "# TikTok 爆品合伙：流量运营 60%、主播 40%，事业部附加价值的 10% 按季分红，亏损结转；退出按近 12 个月附加价值 × 3，上限 500 万，等待期 12 个月、36 个月归属\n[[partners]]\ncode = \"TT-PARTNERS\"\nname = \"TikTok 爆品合伙\"\nunit = \"TTS-US\"\nbase = \"unit_added_value\"\nprofit_pct = \"10%\"\nschedule = \"quarterly\"\ncarry_losses = true\nsplit = [\n  {{ person = \"{}\", role = \"operator\", share = \"60%\", joined = {} }},\n  {{ person = \"{}\", role = \"livestream_host\", share = \"40%\", joined = {} }},\n]\nexit = {{ multiple = 3, trailing_months = 12, floor = 0, cap = 5000000, vesting_months = 36, cliff_months = 12 }}",
            code(w, op),
            op.from,
            code(w, host),
            host.from
        );
    }
    s
}
