//! The one layout of an operator report — its lines in order, each with
//! the figures shown — so the page, its XLSX export, the API and the CLI's
//! table, CSV and XLSX never disagree. Figures are the core's, already
//! rounded there; this only orders and names them.

use super::report::ReportView;
use amoeba_core::money::MONEY_DP;
use amoeba_core::oversight::report::Contribution;
use amoeba_core::Lang;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;

/// The part of a report a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// A figure with its change (sessions, conversion, ACoS…).
    Metrics,
    /// The sales change and its causes (traffic, conversion, order value).
    Causes,
    /// Each store's part of the sales change.
    Stores,
    /// Each SKU's part of the sales change.
    Skus,
}

impl Section {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Section::Metrics => "metrics",
            Section::Causes => "causes",
            Section::Stores => "stores",
            Section::Skus => "skus",
        }
    }

    /// Heading in the reader's language.
    pub fn label(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Section::Metrics => ("指标与环比", "Figures and change"),
            Section::Causes => ("销售额变化的原因（Shapley 精确分解）", "Causes of the sales change (exact Shapley split)"),
            Section::Stores => ("按店铺", "By store"),
            Section::Skus => ("按商品", "By product"),
        };
        lang.pick(zh, en)
    }
}

/// One line of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// Its section.
    pub section: Section,
    /// Stable id: a metric or factor code, a store, or `store/sku`.
    pub code: String,
    /// What it is, in the reader's language.
    pub name: String,
    /// The period before (metrics, stores and SKUs).
    pub previous: Option<Decimal>,
    /// The period.
    pub current: Option<Decimal>,
    /// Its amount of the sales change, to the fen (causes, stores, SKUs).
    pub change: Option<Decimal>,
    /// Change in % of the period before, to 0.1.
    pub change_pct: Option<Decimal>,
    /// A ratio's change in points, or a part's share of the sales change (%), to 0.1.
    pub extra: Option<Decimal>,
    /// Decimal places its figures are shown with.
    #[serde(skip)]
    pub dp: u32,
}

/// Column headings, in the reader's language.
pub fn header(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Zh => ["部分", "项目", "上期", "本期", "变化额", "变化 %", "百分点 / 占变化 %"],
        Lang::En => ["Section", "Item", "Previous", "Current", "Change", "Change %", "Points / share of change %"],
    }
}

fn part(section: Section, c: &Contribution) -> Line {
    let code = match &c.sku {
        Some(sku) => format!("{}/{sku}", c.store),
        None => c.store.clone(),
    };
    let name = match &c.sku {
        Some(sku) => format!("{} · {sku}", c.store),
        None => c.store.clone(),
    };
    Line {
        section,
        code,
        name,
        previous: Some(c.previous),
        current: Some(c.current),
        change: Some(c.change),
        change_pct: c.decomposition.change_pct,
        extra: c.share_of_change,
        dp: MONEY_DP,
    }
}

/// Every line of the report, in order: metrics, the sales change and its
/// causes, stores, products (parts that neither sold nor changed left out).
pub fn lines(v: &ReportView, lang: Lang) -> Vec<Line> {
    let r = &v.report;
    let mut out: Vec<Line> = r
        .lines
        .iter()
        .map(|l| Line {
            section: Section::Metrics,
            code: l.metric.code().to_string(),
            name: l.metric.label(lang).to_string(),
            previous: l.previous,
            current: l.current,
            change: None,
            change_pct: l.change_pct,
            extra: l.change_points,
            dp: l.metric.dp(),
        })
        .collect();
    let d = &r.decomposition;
    out.push(Line {
        section: Section::Causes,
        code: "sales_change".into(),
        name: lang.pick("销售额变化", "Sales change").to_string(),
        previous: None,
        current: None,
        change: Some(d.change),
        change_pct: d.change_pct,
        extra: (!d.change.is_zero()).then_some(Decimal::ONE_HUNDRED.round_dp(1)),
        dp: MONEY_DP,
    });
    out.extend(d.effects.iter().map(|e| Line {
        section: Section::Causes,
        code: e.factor.code().to_string(),
        name: e.factor.label(lang).to_string(),
        previous: None,
        current: None,
        change: Some(e.amount),
        change_pct: e.pct_of_before,
        extra: e.share_of_change,
        dp: MONEY_DP,
    }));
    let moved = |c: &&Contribution| !(c.previous.is_zero() && c.current.is_zero());
    out.extend(r.by_store.iter().filter(moved).map(|c| part(Section::Stores, c)));
    out.extend(r.by_sku.iter().filter(moved).map(|c| part(Section::Skus, c)));
    out
}

/// The footnotes: the decomposition's rule, what was filled in, the data cuts.
pub fn footnotes(v: &ReportView, lang: Lang) -> Vec<String> {
    let d = &v.report.decomposition;
    let mut out = vec![d.rule.render(lang).to_string()];
    for (factor, side) in &d.filled {
        let side = match side {
            amoeba_core::oversight::decompose::Side::Before => lang.pick("上期", "the period before"),
            amoeba_core::oversight::decompose::Side::After => lang.pick("本期", "the period"),
        };
        out.push(match lang {
            Lang::Zh => format!("{side}没有「{}」（分母为零），按另一期的值计算", factor.label(lang)),
            Lang::En => format!("{} is undefined in {side} (a zero denominator) and takes the other period's value", factor.label(lang)),
        });
    }
    for cut in &v.cuts {
        out.push(cut.render(lang));
    }
    if v.cuts.is_empty() {
        out.push(lang.pick("本期与上期都没有流量数据", "no traffic data in either period").to_string());
    }
    out
}

/// The report as JSON (the API and `--format json`): its lines, footnotes and notes.
pub fn report_document(v: &ReportView, lang: Lang) -> serde_json::Value {
    let notes: Vec<_> = v
        .notes
        .iter()
        .map(|n| json!({"id": n.id, "kind": n.kind, "author": n.author, "body": n.body, "written_at": n.written_at}))
        .collect();
    json!({
        "contract": v.contract,
        "stores": v.stores,
        "period": v.report.period.to_string(),
        "previous_period": v.report.previous_period.to_string(),
        "lines": lines(v, lang),
        "footnotes": footnotes(v, lang),
        "notes": notes,
        "problems": v.problems,
    })
}

/// The contract, its months and trial verdict as JSON (the API and `--format json`).
pub fn contract_document(v: &super::contracts::ContractView) -> serde_json::Value {
    json!({
        "contract": v.stored.contract,
        "saved_by": v.stored.saved_by,
        "saved_at": v.stored.saved_at,
        "months": v.months.iter().map(|m| json!({
            "month": m.month.to_string(),
            "target": m.target,
            "actual": m.actual,
            "met": m.met,
            "fee": m.fee,
            "sales_change_pct": m.sales_change_pct,
        })).collect::<Vec<_>>(),
        "verdict": v.verdict,
        "problems": v.problems,
    })
}
