//! Drill-down: the entries behind one figure of a unit's P&L — stored facts
//! with the file and line they came from, and derived entries (internal
//! charges, allocations, COGS) with the rule that made them.
//!
//! The page shows [`PAGE_ROWS`] rows at a time and says how many there are
//! and which it shows; the CSV export streams every row (no cap), the XLSX
//! export holds at most [`XLSX_MAX_ROWS`] and otherwise says to take CSV.

use super::common::unit_name;
use super::pnl::line_label;
use crate::ctx::{Authed, Ctx};
use crate::error::Fail;
use crate::i18n::Lang;
use crate::render::{tr, Page};
use crate::shared::params::{facts_params, FactsParams};
use crate::state::S;
use crate::table::{csv_text, export_of, Cell, Export, Table, Value};
use crate::views::{facts_window, kind_label, FactRow, FactsQuery, FactsView};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;

/// Rows on one page of a drill-down.
pub const PAGE_ROWS: u64 = 500;

/// Most rows an XLSX export holds (Excel's own limit is 1 048 576; a
/// workbook is built in memory). CSV has no limit.
pub const XLSX_MAX_ROWS: u64 = 200_000;

fn columns(lang: Lang) -> Vec<String> {
    ["col.day", "col.store", "col.sku", "col.order", "col.kind", "col.amount", "col.currency", "col.base_amount", "col.source", "col.memo"]
        .map(|k| crate::i18n::t(lang, k).to_string())
        .to_vec()
}

/// One row as table cells, in the reader's language (page and exports).
fn cells(f: &FactRow, lang: Lang) -> Vec<Cell> {
    cells_linked(f, lang, &std::collections::HashSet::new())
}

/// [`cells`], the order linked to its page when it is a stored order.
fn cells_linked(f: &FactRow, lang: Lang, orders: &std::collections::HashSet<(String, String)>) -> Vec<Cell> {
    let order = match (&f.store, &f.order_id) {
        (Some(s), Some(o)) if orders.contains(&(s.clone(), o.clone())) => Cell::text(o).link(format!("/orders/{s}/{o}")),
        _ => Cell::opt(f.order_id.clone()),
    };
    vec![
        Cell::text(f.day.to_string()),
        Cell::opt(f.store.clone()),
        Cell::opt(f.sku.clone()),
        order,
        Cell::text(kind_label(&f.kind, lang)),
        Value::Dec(f.amount, 2).into(),
        Cell::text(&f.currency),
        Cell::money(f.base_amount),
        Cell::text(f.source.render(lang)),
        Cell::opt(f.memo.as_ref().map(|m| m.text(lang).to_string())),
    ]
}

/// The entries table of a page's rows; orders that are stored link to their page.
pub fn facts_table(who: &Authed, rows: &[FactRow], orders: &std::collections::HashSet<(String, String)>) -> Table {
    let ctx = &who.ctx;
    let cols = columns(ctx.lang);
    let mut table =
        Table::new("facts", tr(ctx, "facts.title"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "facts.none"));
    for f in rows {
        table.push(cells_linked(f, ctx.lang, orders));
    }
    table
}

/// `?page=N` (1-based), defaulting to the first.
fn page_number(ctx: &Ctx, raw: Option<&str>) -> Result<u64, Fail> {
    match raw.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(1),
        Some(p) => p.parse::<u64>().ok().filter(|n| *n >= 1).ok_or_else(|| ctx.bad_value("err.bad_page", p)),
    }
}

/// `GET /units/{code}/facts?line=…&month=…&day=…&page=…`.
pub async fn page(State(s): State<S>, who: Authed, Path(code): Path<String>, Query(q): Query<FactsParams>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let unit = viewer.unit(&code).map_err(|e| ctx.unseen(e))?;
    let (line, month, day) = facts_params(&who, &q)?;
    let query = amoeba_app::screens::drilldown::query(unit, line, month, day, viewer.pay_grain());
    if let Some((format, _)) = export_of(&ctx.uri) {
        return export(s.clone(), &who, query, format).await;
    }
    let page_no = page_number(ctx, q.page.as_deref())?;
    let offset = (page_no - 1) * PAGE_ROWS;
    let view = facts_window(s.views.as_ref(), who.view_ctx(&s.db), &query, offset, PAGE_ROWS).await.map_err(|e| ctx.app_error(e))?;
    let label = line_label(line, ctx.lang);
    let period = day.map(|d| d.to_string()).unwrap_or_else(|| month.to_string());
    let mut page = Page::new("facts.html", format!("{label} · {period}"));
    let mut extra = context! {
        unit => code.clone(),
        unit_name => unit_name(&who.current.org, &code, ctx.lang),
        month => month.to_string(),
        line_label => label,
        period => period,
        has_data => view.is_some(),
    };
    if let Some(view) = view {
        extra = context! { ..paging(ctx, &view, page_no), ..extra };
        let keys: Vec<(String, String)> = view
            .rows
            .iter()
            .filter_map(|r| Some((r.store.clone()?, r.order_id.clone()?)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let orders = s.db.stored_orders_among(ctx.company.id, &keys).await.map_err(|e| ctx.app_error(e.into()))?;
        page = page.table(facts_table(&who, &view.rows, &orders));
    }
    page.with(extra).respond(ctx, Some(&who.user))
}

/// The page's totals and where it is in the rows.
fn paging(ctx: &Ctx, view: &FactsView, page_no: u64) -> minijinja::Value {
    let pages = view.count.div_ceil(PAGE_ROWS).max(1);
    let first = if view.rows.is_empty() { 0 } else { view.offset + 1 };
    let last = view.offset + view.rows.len() as u64;
    let href = |n: u64| {
        let (path, query) = ctx.uri.split_once('?').unwrap_or((&ctx.uri, ""));
        let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("page=")).collect();
        let page = format!("page={n}");
        params.push(&page);
        format!("{path}?{}", params.join("&"))
    };
    let shown = crate::i18n::t(ctx.lang, "facts.shown")
        .replace("{first}", &first.to_string())
        .replace("{last}", &last.to_string())
        .replace("{count}", &view.count.to_string());
    context! {
        total => Value::Dec(view.total, 2).text(),
        total_neg => view.total.is_sign_negative() && !view.total.is_zero(),
        count => view.count,
        shown => shown,
        as_of => view.as_of.map(|d| d.to_string()),
        prev_href => (page_no > 1).then(|| href(page_no - 1)),
        next_href => (page_no < pages).then(|| href(page_no + 1)),
    }
}

/// Every row of the drill-down as CSV (streamed) or XLSX (bounded).
async fn export(s: S, who: &Authed, query: FactsQuery, format: Export) -> Result<Response, Fail> {
    let ctx = who.ctx.clone();
    let name =
        format!("facts-{}-{}-{}", query.unit, query.line.as_str(), query.day.map(|d| d.to_string()).unwrap_or(query.month.to_string()));
    if format == Export::Xlsx {
        let view = facts_window(s.views.as_ref(), who.view_ctx(&s.db), &query, 0, XLSX_MAX_ROWS + 1).await.map_err(|e| ctx.app_error(e))?;
        let Some(view) = view else { return Err(ctx.not_found()) };
        if view.count > XLSX_MAX_ROWS {
            let msg = crate::i18n::t(ctx.lang, "facts.xlsx_too_many")
                .replace("{max}", &XLSX_MAX_ROWS.to_string())
                .replace("{count}", &view.count.to_string());
            return Err(ctx.fail(StatusCode::PAYLOAD_TOO_LARGE, "err.bad_request").detail(msg));
        }
        let bytes = facts_table(who, &view.rows, &Default::default()).to_xlsx().map_err(|e| ctx.internal(e))?;
        return Ok(attachment(
            Body::from(bytes),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}.xlsx"),
        ));
    }
    let (tx, mut rows) = tokio::sync::mpsc::channel::<Vec<FactRow>>(4);
    let (bytes_tx, bytes_rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let lang = ctx.lang;
    let who = who.clone();
    tokio::spawn(async move {
        let produce = s.views.facts(who.view_ctx(&s.db), &query, tx);
        let write = async {
            let header = csv_line(columns(lang).iter().map(String::as_str));
            let mut head = vec![0xEF, 0xBB, 0xBF];
            head.extend_from_slice(&header);
            if bytes_tx.send(Ok(Bytes::from(head))).await.is_err() {
                return;
            }
            while let Some(batch) = rows.recv().await {
                let mut buf = Vec::new();
                for f in &batch {
                    let texts: Vec<String> = cells(f, lang).iter().map(|c| csv_text(&c.value)).collect();
                    buf.extend_from_slice(&csv_line(texts.iter().map(String::as_str)));
                }
                if bytes_tx.send(Ok(Bytes::from(buf))).await.is_err() {
                    return;
                }
            }
        };
        let (done, ()) = tokio::join!(produce, write);
        if let Err(e) = done {
            tracing::error!("drill-down export stopped: {e}");
            let _ = bytes_tx.send(Err(std::io::Error::other(e))).await;
        }
    });
    Ok(attachment(Body::from_stream(ReceiverStream(bytes_rx)), "text/csv; charset=utf-8", &format!("{name}.csv")))
}

fn csv_line<'a>(fields: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(fields);
    w.into_inner().unwrap_or_default()
}

fn attachment(body: Body, mime: &'static str, file: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// A channel of body chunks as a stream (the export's producer runs apart
/// and waits while the client reads: bounded memory for any size).
struct ReceiverStream(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for ReceiverStream {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}
