//! Every word the web app shows, in Chinese (the default) and English.
//! Templates hold no language of their own: they call `t("key")`. A test
//! checks that every key the templates and handlers use is in the table and
//! that no template contains Chinese text.

use axum::http::request::Parts;
use axum::http::HeaderMap;

pub use amoeba_core::Lang;

/// `?lang=` first, then the language cookie, then Chinese.
pub fn detect(headers: &HeaderMap, query: Option<&str>) -> Lang {
    query
        .and_then(Lang::from_query)
        .or_else(|| crate::cookies::get(headers, crate::cookies::LANG).map(|c| Lang::from_code(&c)))
        .unwrap_or_default()
}

/// The language of a request.
pub fn of_request(parts: &Parts) -> Lang {
    detect(&parts.headers, parts.uri.query())
}

/// The text for `key` (the key itself when missing, so a gap is visible, never a crash).
pub fn t(lang: Lang, key: &str) -> &str {
    match TEXTS.binary_search_by(|(k, _, _)| (*k).cmp(key)) {
        Ok(i) => match lang {
            Lang::Zh => TEXTS[i].1,
            Lang::En => TEXTS[i].2,
        },
        Err(_) => key,
    }
}

/// `(key, 中文, English)`, sorted by key (checked by a test).
pub static TEXTS: &[(&str, &str, &str)] = &[
    ("account.change", "修改密码", "Change password"),
    ("account.changed", "密码已修改。其他设备上的登录已退出，API 令牌已全部作废。", "Password changed. Sessions on other devices were logged out and every API token was revoked."),
    ("account.current", "当前密码", "Current password"),
    ("account.mismatch", "两次输入的新密码不一致。", "The two new passwords differ."),
    ("account.new", "新密码（至少 10 个字符）", "New password (at least 10 characters)"),
    ("account.no_tokens", "还没有 API 令牌。", "No API tokens yet."),
    ("account.password", "密码", "Password"),
    ("account.repeat", "再次输入新密码", "Repeat the new password"),
    ("account.revoke", "吊销", "Revoke"),
    ("account.revoke_confirm", "吊销后使用该令牌的程序将无法访问。确定吗？", "Programs using this token will lose access. Revoke it?"),
    ("account.revoked", "令牌已吊销。", "Token revoked."),
    ("account.title", "我的账户", "My account"),
    ("account.token_create", "生成令牌", "Create token"),
    ("account.token_name", "用途，如：BI 报表", "What it is for, e.g. BI reports"),
    ("account.token_once", "请立即复制此令牌，它只显示这一次：", "Copy this token now; it is shown only once:"),
    ("account.tokens", "API 令牌", "API tokens"),
    (
        "account.tokens_intro",
        "程序通过 Authorization: Bearer 令牌调用 /api/v1，权限与您的账户相同。文档见 /api/docs。",
        "Programs call /api/v1 with Authorization: Bearer TOKEN and see what you see. Documentation: /api/docs.",
    ),
    ("account.wrong_current", "当前密码不正确。", "The current password is wrong."),
    ("admin.accounting", "核算", "Accounting"),
    ("admin.assignments", "岗位分配", "Assignments"),
    ("admin.empty", "暂无记录。", "Nothing yet."),
    ("admin.org", "组织架构", "Organisation"),
    ("admin.org_applied", "组织文件已导入：{units} 个单位、{people} 人、{stores} 个店铺、{skus} 个 SKU。", "Organisation file applied: {units} units, {people} people, {stores} stores, {skus} SKUs."),
    ("admin.org_apply", "导入组织文件", "Apply organisation file"),
    (
        "admin.org_intro",
        "上传组织文件（TOML，格式见 docs/org-file.md）。文件按代码新增或更新；有任何问题则整份拒收，逐条列出行号与字段。",
        "Upload an organisation file (TOML, see docs/org-file.md). It adds or updates by code; any problem refuses the whole file, listed with line and field.",
    ),
    ("admin.org_upload", "上传组织文件", "Upload an organisation file"),
    ("admin.people", "人员", "People"),
    ("admin.skus", "SKU", "SKUs"),
    ("admin.stores", "店铺", "Stores"),
    ("admin.title", "管理", "Admin"),
    ("admin.units", "阿米巴单位", "Units"),
    ("admin.users", "登录账户", "Logins"),
    ("amounts_in", "金额单位", "amounts in"),
    ("api.auth_hint", "在「我的账户」生成 API 令牌，然后点 Authorize 填入。", "Make an API token on your account page, then press Authorize."),
    ("api.title", "API 文档", "API documentation"),
    ("app.name", "阿米巴", "Amoeba"),
    ("app.tagline", "阿米巴经营 · 全员参与 · 玻璃般透明", "Amoeba management · everyone takes part · glass-transparent"),
    ("board.attainment", "计划达成", "Plan attained"),
    ("board.chart_profit", "本月累计利润", "Profit, month to date"),
    ("board.chart_trend", "全公司每日走势", "Company, day by day"),
    ("board.day", "日期", "Day"),
    ("board.efficiency", "单位时间附加值", "Hourly efficiency"),
    ("board.mtd_profit", "本月利润", "Profit MTD"),
    ("board.mtd_sales", "本月销售", "Sales MTD"),
    (
        "board.notes",
        "单位时间附加值 =（销售额 − 人工以外的全部费用）÷ 总工时；排名、同级平均与最高值按单位时间附加值比较。",
        "Hourly efficiency = (sales − all expenses except labour) ÷ hours; rank, peer average and peak compare hourly efficiency.",
    ),
    ("board.peer_avg", "同级平均", "Peer average"),
    ("board.peer_group", "对比组", "Peer group"),
    ("board.peer_level", "{kind} · 第 {depth} 层", "{kind} · level {depth}"),
    ("board.peer_peak", "同级最高", "Peer peak"),
    ("board.showing", "数据日期", "Figures of"),
    ("board.table", "各阿米巴业绩", "Every unit"),
    ("board.title", "晨会看板", "Morning board"),
    ("board.y_profit", "昨日利润", "Profit yesterday"),
    ("board.y_sales", "昨日销售", "Sales yesterday"),
    ("col.amount", "金额", "Amount"),
    ("col.base_amount", "本位币金额", "Base amount"),
    ("col.code", "代码", "Code"),
    ("col.coefficient", "岗位系数", "Coefficient"),
    ("col.column", "列", "Column"),
    ("col.created", "创建时间", "Created"),
    ("col.currency", "币种", "Currency"),
    ("col.day", "日期", "Day"),
    ("col.email", "邮箱", "E-mail"),
    ("col.encoding", "编码", "Encoding"),
    ("col.external", "外部", "External"),
    ("col.field", "项目", "Field"),
    ("col.file", "文件", "File"),
    ("col.from", "起始", "From"),
    ("col.function", "职能", "Function"),
    ("col.headcount", "人数", "Head-count"),
    ("col.headcount_total", "含下级人数", "Incl. sub-units"),
    ("col.id", "编号", "Id"),
    ("col.imported_at", "导入时间", "Imported at"),
    ("col.kind", "类型", "Kind"),
    ("col.landed_cost", "到岸成本", "Landed cost"),
    ("col.last_used", "最近使用", "Last used"),
    ("col.launch", "上架日期", "Launched"),
    ("col.leader", "负责人", "Leader"),
    ("col.line", "行号", "Line"),
    ("col.marketplace", "站点", "Marketplace"),
    ("col.memo", "备注", "Memo"),
    ("col.name", "名称", "Name"),
    ("col.order", "订单号", "Order"),
    ("col.person", "人员", "Person"),
    ("col.platform", "平台", "Platform"),
    ("col.problem", "问题", "Problem"),
    ("col.rank", "排名", "Rank"),
    ("col.role", "岗位", "Role"),
    ("col.rows_added", "新增行", "Rows added"),
    ("col.rows_read", "读取行", "Rows read"),
    ("col.share", "份额", "Share"),
    ("col.sku", "SKU", "SKU"),
    ("col.source", "来源", "Source"),
    ("col.status", "状态", "Status"),
    ("col.store", "店铺", "Store"),
    ("col.stores", "店铺", "Stores"),
    ("col.timezone", "时区", "Time zone"),
    ("col.to", "截止", "To"),
    ("col.unit", "阿米巴", "Unit"),
    ("col.value", "内容", "Value"),
    ("credit.cash", "回款", "Cash collected"),
    ("credit.gross_profit", "毛利", "Gross profit"),
    ("credit.note", "归属规则来自组织文件：谁在何时对哪个店铺、SKU 或客户负责。一张订单的业绩按规则分给负责人，各人份额之和等于订单本身（见 docs/credit.md）。", "Credit rules come from the organisation file: who answered for which store, SKU or customer, and when. An order's results are split among those responsible, and the shares add up to the order itself (see docs/credit.md)."),
    ("credit.orders", "订单数", "Orders"),
    ("credit.refunds", "退款", "Refunds"),
    ("credit.rules", "依据", "Rules"),
    ("credit.units", "件数", "Units"),
    ("err.bad_day", "「{v}」不是日期（应为 YYYY-MM-DD，例如 2026-03-15）。", "‘{v}’ is not a date (expected YYYY-MM-DD, e.g. 2026-03-15)."),
    ("err.bad_line", "「{v}」不是损益项目（例如 sales、ads、labour）。", "‘{v}’ is not a P&L line (e.g. sales, ads, labour)."),
    ("err.bad_month", "「{v}」不是月份（应为 YYYY-MM，例如 2026-03）。", "‘{v}’ is not a month (expected YYYY-MM, e.g. 2026-03)."),
    ("err.bad_page", "「{v}」不是页码（应为从 1 开始的整数）。", "‘{v}’ is not a page number (a whole number from 1)."),
    ("err.bad_request", "请求有误", "The request is not valid"),
    ("err.busy", "数据库正忙，请稍后再试", "The database is busy; try again in a moment"),
    ("err.conflict", "与当前状态冲突", "This conflicts with the current state"),
    ("err.csrf", "表单已过期，请刷新页面后重试", "This form has expired; reload the page and try again"),
    ("err.day_not_in_month", "日期与月份不符（{v}）：日期须在所选月份之内。", "The day is not in the month ({v}): pick a day of the month shown."),
    ("err.forbidden", "您的角色无权访问此页面", "Your role does not give access to this page"),
    ("err.internal", "服务器出错了", "Something went wrong on the server"),
    ("err.login_required", "请先登录", "Please log in"),
    ("err.no_company", "数据库中还没有公司", "There is no company in this database yet"),
    ("err.not_found", "找不到该页面", "Page not found"),
    ("err.not_upload", "这不是文件上传", "This is not a file upload"),
    ("err.refused", "文件被拒收，未保存任何内容", "The file was refused; nothing was stored"),
    ("err.too_large", "文件过大", "File too large"),
    ("err.upload_interrupted", "上传中断", "The upload was interrupted"),
    ("err.upload_limit", "上限 {limit}", "the limit is {limit}"),
    ("export", "导出", "Export"),
    ("facts.as_of", "计至", "Counted to"),
    ("facts.count", "条目数", "Entries"),
    ("facts.none", "没有条目。", "No entries."),
    ("facts.shown", "第 {first}–{last} 条，共 {count} 条（导出 CSV 含全部条目）", "Rows {first}–{last} of {count} (the CSV export has every row)"),
    ("facts.title", "明细", "Entries"),
    ("facts.total", "合计", "Total"),
    ("facts.xlsx_too_many", "共 {count} 条，超过 XLSX 导出上限 {max} 条：请导出 CSV（没有上限），或按日查看。", "{count} rows is more than an XLSX export holds ({max}): export CSV (no limit), or look at one day."),
    ("go", "查看", "Show"),
    ("imports.already", "该文件已于 {at} 导入（#{id}），本次未做任何更改。", "This file was imported on {at} (#{id}); nothing changed."),
    ("imports.done", "导入成功", "Imported"),
    ("imports.file", "文件", "File"),
    ("imports.history", "导入记录", "Imports"),
    (
        "imports.intro",
        "支持通用 CSV、亚马逊结算报告 (V2)、广告报告、汇率、工时、计划、库存；UTF-8 或 GBK 均可。文件有任何错误行则整份拒收，数据不变；重复导入不会重复记账。",
        "Generic CSV, Amazon settlement (V2), ads report, FX, hours, plans, inventory; UTF-8 or GBK. A file with any bad row is refused whole and nothing changes; importing again adds nothing.",
    ),
    ("imports.kind", "文件类型", "Kind of file"),
    ("imports.more", "另有 {n} 个错误未列出。", "… and {n} more errors not listed."),
    ("imports.no_file", "请选择要上传的文件。", "Choose a file to upload."),
    ("imports.no_store", "（不属于某个店铺）", "(not one store's file)"),
    ("imports.none", "还没有导入任何文件。", "Nothing imported yet."),
    ("imports.refused", "文件被拒收，未导入任何数据", "File refused; nothing was imported"),
    ("imports.refused_summary", "共 {n} 个问题，请修改后重新上传：", "{n} problem(s); fix them and upload again:"),
    ("imports.store", "店铺", "Store"),
    ("imports.submit", "上传并导入", "Upload and import"),
    ("imports.summary", "已导入为 #{id}：读取 {read} 行，新增 {added} 行。", "Imported as #{id}: {read} rows read, {added} new."),
    ("imports.tally", "共 {n} 个文件：导入 {imported} 个，已导入过 {already} 个，被拒绝 {refused} 个（每个文件单独导入，互不影响）。", "{n} files: {imported} imported, {already} already imported, {refused} refused (each file is its own import)."),
    ("imports.title", "数据导入", "Imports"),
    ("imports.upload", "上传文件", "Upload a file"),
    ("kind.amazon-ads", "亚马逊广告报告", "Amazon ads report"),
    ("kind.amazon-business-report", "亚马逊业务报告（按子商品）", "Amazon business report (by child item)"),
    ("kind.amazon-settlement", "亚马逊结算报告", "Amazon settlement"),
    ("kind.facts", "通用明细 CSV", "Generic facts CSV"),
    ("kind.fx", "汇率", "FX rates"),
    ("kind.fx-correction", "汇率更正（替换已存汇率）", "FX correction (replaces stored rates)"),
    ("kind.hours", "工时与人工成本", "Hours and labour cost"),
    ("kind.inventory", "库存快照", "Inventory"),
    ("kind.orders", "订单与履约事件", "Orders and their events"),
    ("kind.plans", "月度计划", "Monthly plans"),
    ("kind.shopify-orders", "Shopify 订单导出", "Shopify orders export"),
    ("kind.tiktok-orders", "TikTok Shop 订单导出", "TikTok Shop orders export"),
    ("kind.tiktok-statement", "TikTok Shop 结算账单", "TikTok Shop statement"),
    ("kind.traffic", "流量数据（通用 / 阿里巴巴数据管家）", "Traffic (generic / Alibaba.com data manager)"),
    ("lang.switch", "English", "中文"),
    ("line.added_value", "附加值", "Added value"),
    ("line.profit", "利润", "Profit"),
    ("line.sales", "销售额", "Sales"),
    ("login.expired", "登录表单已过期，请重新输入。", "The login form expired; please enter your details again."),
    ("login.intro", "请使用管理员为您创建的账户登录。", "Log in with the account your administrator made for you."),
    ("login.login", "账户", "Login"),
    ("login.password", "密码", "Password"),
    ("login.refused", "账户或密码不正确。", "Wrong login or password."),
    ("login.submit", "登录", "Log in"),
    ("login.throttled", "该账户登录失败次数过多，请 {minutes} 分钟后再试。", "Too many failed attempts for this login; try again in {minutes} minute(s)."),
    ("login.throttled_short", "失败次数过多，请稍后再试。", "Too many failed attempts; try again later."),
    ("login.title", "登录", "Log in"),
    ("metric.acos", "ACoS（广告花费占广告销售额）", "ACoS (ad spend ÷ ad sales)"),
    ("metric.refund_rate", "退款率", "Refund rate"),
    ("metric.roas", "ROAS（广告销售额 ÷ 广告花费）", "ROAS (ad sales ÷ ad spend)"),
    ("metric.tacos", "TACoS（广告花费占总销售额）", "TACoS (ad spend ÷ total sales)"),
    ("msg.home", "返回首页", "Back to the start page"),
    ("nav.account", "我的账户", "My account"),
    ("nav.admin", "管理", "Admin"),
    ("nav.board", "晨会看板", "Board"),
    ("nav.imports", "导入", "Imports"),
    ("nav.logout", "退出", "Log out"),
    ("nav.me", "我的", "My page"),
    ("nav.menu", "菜单", "Menu"),
    ("nav.operator", "代运营", "Operators"),
    ("nav.store", "我的店铺", "My store"),
    ("nav.units", "阿米巴损益", "Unit P&L"),
    ("next", "后一个", "Next"),
    ("nodata.board", "核算引擎尚未产出看板数据。导入数据并完成核算后，这里会显示各阿米巴昨日与本月的业绩。", "The accounting engine has no board figures yet. Once data is imported and accounted, every unit's yesterday and month to date appear here."),
    ("nodata.credit", "本月暂无归属的业绩。", "No results credited this month yet."),
    ("nodata.facts", "暂无该项目的明细。", "No entries for this figure yet."),
    ("nodata.pnl", "该阿米巴本月暂无损益数据。", "No P&L figures for this unit and month yet."),
    ("nodata.share", "暂无数据：核算完成后，这里显示您在所属阿米巴成果中的份额。", "No data yet: once accounted, your share of your units' results shows here."),
    ("nodata.title", "暂无数据", "No data yet"),
    ("order.at", "时间", "At"),
    ("order.booked", "入账", "Booked"),
    ("order.books", "该店铺的销售按订单入账：发货当日确认收入，退款当日冲减。", "This store books its sales from orders: a shipment is revenue on its day, a refund reverses on its day."),
    ("order.books_not", "该店铺的销售按结算单入账，订单只用于业绩归属与过程跟踪。", "This store books its sales from settlements; orders only credit people and track progress."),
    ("order.cancelled", "订单已于 {at} 取消。", "The order was cancelled at {at}."),
    ("order.customer", "客户", "Customer"),
    ("order.event", "事件", "Event"),
    ("order.follower", "跟单", "Order follower"),
    ("order.lines", "订单明细", "Order lines"),
    ("order.ordered", "订单金额", "Ordered"),
    ("order.outstanding", "未收", "Outstanding"),
    ("order.paid", "已收", "Paid"),
    ("order.qty", "数量", "Quantity"),
    ("order.qty_ordered", "订购数量", "Quantity ordered"),
    ("order.qty_shipped", "已发数量", "Quantity shipped"),
    ("order.refunded", "已退", "Refunded"),
    ("order.salesperson", "业务员", "Salesperson"),
    ("order.source_line", "文件行号", "File line"),
    ("order.timeline", "订单时间线", "Timeline"),
    ("order.title", "订单", "Order"),
    ("oversight.actual_profit", "实际利润", "Actual profit"),
    ("oversight.actual_sales", "实际销售额", "Actual sales"),
    ("oversight.add_note", "添加", "Add"),
    ("oversight.against", "对比", "against"),
    ("oversight.bad_cut", "日切时区「{v}」无效：请写 alibaba 或时区名（如 Asia/Shanghai）。", "Data cut '{v}' is not valid: write alibaba or a time zone (such as Asia/Shanghai)."),
    ("oversight.bad_from", "开始日期「{v}」无效：请写 YYYY-MM-DD。", "First day '{v}' is not valid: write YYYY-MM-DD."),
    ("oversight.bad_period", "期间「{v}」无效：请写周（2026-W10）或月（2026-03）。", "Period '{v}' is not valid: write a week (2026-W10) or a month (2026-03)."),
    ("oversight.bad_to", "结束日期「{v}」无效：请写 YYYY-MM-DD。", "Last day '{v}' is not valid: write YYYY-MM-DD."),
    ("oversight.contract", "合同", "Contract"),
    ("oversight.contract_hint", "粘贴合同的 TOML 文本（格式见 docs/oversight.md）；同代码的合同会被替换。", "Paste the contract's TOML text (format in docs/oversight.md); a contract of the same code is replaced."),
    ("oversight.contract_toml", "合同（TOML）", "Contract (TOML)"),
    ("oversight.contracts", "代运营合同", "Operator contracts"),
    ("oversight.cut_alibaba", "阿里巴巴：流量按美国太平洋时间，订单与询盘按北京时间", "Alibaba.com: traffic on US Pacific time, orders and inquiries on China time"),
    ("oversight.cut_default", "店铺（或公司）所在时区", "The store's (or company's) time zone"),
    ("oversight.failed", "未通过", "not passed"),
    ("oversight.fee", "代运营费", "Fee"),
    ("oversight.import_cut", "流量数据的日切时区", "Traffic data cut"),
    ("oversight.import_from", "业务报告开始日期", "Business report: first day"),
    ("oversight.import_hint", "亚马逊业务报告须填写其下载时所选的日期范围；流量数据须说明按哪个时区切日。", "An Amazon business report needs the days it was downloaded for; a traffic file needs the time zone its days are cut in."),
    ("oversight.import_to", "业务报告结束日期", "Business report: last day"),
    ("oversight.intro", "第三方代运营的合同、试用期判定和周报月报；每项变化都有精确的原因。", "Third-party operators' contracts, trial verdicts and weekly and monthly reports, with the exact cause of every change."),
    ("oversight.met", "达标", "met"),
    ("oversight.met_col", "是否达标", "Met"),
    ("oversight.months", "逐月目标与实际", "Target against actual, month by month"),
    ("oversight.no_contracts", "还没有代运营合同。", "No operator contracts yet."),
    ("oversight.no_lines", "无。", "None."),
    ("oversight.no_months", "合同期内还没有月份。", "No month of the term yet."),
    ("oversight.no_notes", "还没有说明或批注。", "No notes or comments yet."),
    ("oversight.not_met", "未达标", "not met"),
    ("oversight.note_leader", "负责人批注", "Leader's comment"),
    ("oversight.note_operator", "代运营方说明", "Operator's note"),
    ("oversight.notes", "说明与批注", "Notes and comments"),
    ("oversight.operator", "代运营方", "Operator"),
    ("oversight.passed", "通过", "passed"),
    ("oversight.period", "期间", "Period"),
    ("oversight.print", "打印 / 存为 PDF", "Print / save as PDF"),
    ("oversight.report", "代运营报告", "Operator report"),
    ("oversight.reports", "周报与月报", "Weekly and monthly reports"),
    ("oversight.sales_change", "销售额环比 %", "Sales change %"),
    ("oversight.save", "保存", "Save"),
    ("oversight.save_contract", "保存合同", "Save a contract"),
    ("oversight.saved", "保存人与时间", "Saved by, at"),
    ("oversight.target_profit", "目标利润", "Target profit"),
    ("oversight.target_sales", "目标销售额", "Target sales"),
    ("oversight.title", "代运营", "Operators"),
    ("oversight.trial_end", "试用期至", "Trial until"),
    ("oversight.undecided", "尚未判定（试用期未结束或缺少实际数据）", "not decided yet (the trial is not over or lacks actuals)"),
    ("oversight.verdict", "试用期判定", "Trial verdict"),
    ("oversight.verdict_summary", "试用期 {judged} 个已评估月份中 {met} 个达标；试用期代运营费合计 {fees}；销售趋势：{trend}。", "{met} of {judged} judged trial months met their targets; fees over the trial {fees}; sales trend: {trend}."),
    ("oversight.write_note", "写说明或批注", "Write a note or comment"),
    ("periods.close", "结账", "Close"),
    ("periods.close_confirm", "结账后该月不再改变，之后的更正须在未结账月份记调整。确定结账？", "A closed month never changes; later corrections are adjustments in an open month. Close it?"),
    ("periods.closed", "已结账（{at}）", "Closed ({at})"),
    ("periods.closed_done", "{month} 已结账：内部收费、分摊与商品成本已入账，损益已锁定。", "{month} is closed: internal charges, allocations and COGS are booked and the P&L is locked."),
    ("periods.facts", "事实条数", "Facts"),
    ("periods.intro", "按月结账：先结早的月份。结账时计算内部收费、分摊和商品成本并锁定该月损益；之后导入该月的数据会被拒收。", "Close months in order, oldest first. Closing books internal charges, allocations and COGS and locks the month's P&L; later imports into it are refused."),
    ("periods.month", "月份", "Month"),
    ("periods.open", "未结账", "Open"),
    ("periods.title", "会计期间", "Periods"),
    ("person.credit", "业绩归属", "Credited results"),
    ("person.current", "现任岗位", "Current roles"),
    ("person.external", "外部", "External"),
    ("person.history", "岗位历史", "Role history"),
    ("person.no_projects", "未参加项目组。", "In no project group."),
    ("person.no_roles", "没有岗位记录。", "No roles."),
    ("person.no_stores", "没有店铺。", "No stores."),
    ("person.projects", "项目组", "Project groups"),
    ("person.share", "我在阿米巴成果中的份额", "My share of the units' results"),
    ("person.stores", "店铺", "Stores"),
    ("plans.amount", "计划金额", "Planned amount"),
    ("plans.intro", "月度计划在「导入」页以 plans 文件上传（格式见 docs/formats.md）。", "Monthly plans are uploaded on the Imports page as a plans file (see docs/formats.md)."),
    ("plans.line", "损益项目", "P&L line"),
    ("plans.none", "该月没有计划。", "No plan for this month."),
    ("plans.title", "月度计划", "Monthly plans"),
    ("plans.unit", "单位", "Unit"),
    ("platform.alibaba_com", "阿里巴巴国际站", "Alibaba.com"),
    ("platform.amazon", "亚马逊", "Amazon"),
    ("platform.other", "其他", "Other"),
    ("platform.shopify", "Shopify 独立站", "Shopify"),
    ("platform.tiktok_shop", "TikTok Shop", "TikTok Shop"),
    ("platform.wish", "Wish", "Wish"),
    ("pnl.actual", "实际", "Actual"),
    ("pnl.attainment", "达成率", "Attained"),
    ("pnl.chart", "每日销售额与利润", "Sales and profit by day"),
    ("pnl.closed", "已结账", "Closed"),
    ("pnl.costs", "本月费用构成", "Where the money went this month"),
    ("pnl.days", "每日明细", "By day"),
    ("pnl.drill_hint", "点击金额可查看其背后的每一条明细及来源文件与行号。", "Click an amount to see every entry behind it, with its source file and line."),
    ("pnl.fx_gain_loss", "汇兑损益（不计入利润）", "FX gain/loss (outside profit)"),
    ("pnl.line", "项目", "Line"),
    ("pnl.lines", "损益表", "P&L lines"),
    ("pnl.month", "月份", "Month"),
    ("pnl.open", "未结账", "Open"),
    ("pnl.plan", "计划", "Plan"),
    ("pnl.title", "阿米巴损益", "Unit P&L"),
    ("pnl.to_date", "本月进行中：数据计至 {as_of}。人工成本等按月计的费用按已过天数计入，与看板一致。", "Month in progress: figures to {as_of}. Costs booked for the whole month (labour…) count for the days elapsed, as on the board."),
    ("pnl.variance", "差异", "Variance"),
    ("prev", "前一个", "Previous"),
    ("problems.more", "另有 {n} 条未列出", "… and {n} more"),
    ("problems.title", "以下问题未计入数据，请补齐后重新核算", "Left out of these figures until fixed"),
    ("role.leader", "阿米巴长", "Leader"),
    ("role.member", "成员", "Member"),
    ("role.owner", "经营者/财务", "Owner / finance"),
    ("role.third_party", "代运营", "Third-party operator"),
    ("rules.all", "全部利润中心", "all profit centres"),
    ("rules.allocations", "费用分摊规则", "Allocation rules"),
    ("rules.basis", "计费方式", "Basis"),
    ("rules.charges", "内部服务收费规则", "Internal charge rules"),
    ("rules.code", "代码", "Code"),
    ("rules.driver", "分摊依据", "Driver"),
    ("rules.from", "生效日", "From"),
    ("rules.intro", "规则写在组织文件的 [[charge_rules]] 与 [[allocation_rules]] 中（见 docs/org-file.md），在「组织架构」页上传。", "Rules live in the organisation file's [[charge_rules]] and [[allocation_rules]] (see docs/org-file.md); upload it on the Organisation page."),
    ("rules.kinds", "费用类型", "Cost kinds"),
    ("rules.none", "没有规则。", "No rules."),
    ("rules.provider", "服务方", "Provider"),
    ("rules.source", "费用来源", "Source"),
    ("rules.targets", "分摊对象", "Targets"),
    ("rules.to", "截止日", "Until"),
    ("rules.users", "收费对象", "Charged units"),
    ("share.amount", "我的份额", "My share"),
    ("share.basis_month", "份额 = 本人角色系数 × 本月在岗天数 ÷ 单元（含下级）全员同口径之和；按最大余额法分到分，全员份额之和等于单元利润。仅供参考，实际奖金以提成方案为准。", "Share = your role coefficient × days in the unit this month ÷ the same for everyone in the unit and its sub-units, split to the fen by largest remainder so everyone’s shares sum to the unit’s profit. A preview; pay plans decide pay."),
    ("share.basis_to_date", "本月进行中，计至 {as_of}：份额 = 本人角色系数 × 已过在岗天数 ÷ 单元（含下级）全员同口径之和；按最大余额法分到分，全员份额之和等于单元利润。仅供参考，实际奖金以提成方案为准。", "Month in progress, to {as_of}: share = your role coefficient × days in the unit so far ÷ the same for everyone in the unit and its sub-units, split to the fen by largest remainder so everyone’s shares sum to the unit’s profit. A preview; pay plans decide pay."),
    ("share.unit_profit", "阿米巴利润", "Unit profit"),
    ("status.active", "有效", "Active"),
    ("status.disabled", "已停用", "Disabled"),
    ("status.revoked", "已吊销", "Revoked"),
    ("store.chart", "每日销售额与店铺贡献", "Sales and store contribution by day"),
    ("store.contribution", "店铺贡献", "Store contribution"),
    ("store.contribution_note", "店铺贡献 = 销售 − 退款、成本、平台与配送费、仓储、广告、头程等本店费用；内部结算、费用分摊与人工记在所属阿米巴，不在此列。", "Store contribution = sales − the store’s own refunds, COGS, platform and fulfilment fees, storage, ads and freight; internal charges, allocations and labour belong to the owning unit and are not shown here."),
    ("store.details", "店铺信息", "Store"),
    ("store.lines", "本店损益", "Store P&L"),
    ("store.no_figures", "这个月份还没有本店的数据。导入结算报告或明细后，这里显示本店的损益、指标与每日走势。", "No figures for this store in this month yet. Once its settlements or facts are imported, its P&L, metrics and daily trend show here."),
    ("store.no_owners", "没有归属记录。", "No owners."),
    ("store.operator", "代运营", "Operated by"),
    ("store.owner", "所属阿米巴", "Owning unit"),
    ("store.owners", "归属历史", "Owners over time"),
    ("unit.profit_centre", "利润中心", "Profit centre"),
    ("unit.service_centre", "服务中心", "Service centre"),
    ("units.intro", "您有权查看损益的阿米巴。", "The units whose P&L you may open."),
    ("units.none", "您没有可查看的阿米巴。", "No units to show."),
    ("units.title", "阿米巴损益", "Unit P&L"),
    ("users.add", "新建账户", "Add a login"),
    ("users.create", "创建", "Create"),
    ("users.created", "已创建账户 {login}。请把下面的密码交给本人（只显示这一次）：", "Login {login} created. Hand this password over (it is shown only once):"),
    ("users.disable", "停用", "Disable"),
    ("users.disable_confirm", "停用后该账户立即退出且无法登录。确定吗？", "The login is logged out at once and cannot log in. Disable it?"),
    ("users.disabled_done", "账户 {login} 已停用。", "Login {login} disabled."),
    ("users.enable", "启用", "Enable"),
    ("users.enabled_done", "账户 {login} 已启用。", "Login {login} enabled."),
    ("users.login", "账户", "Login"),
    ("users.none", "还没有账户。", "No logins yet."),
    ("users.not_self", "不能停用自己的账户。", "You cannot disable your own login."),
    ("users.password", "密码", "Password"),
    ("users.password_hint", "留空则自动生成", "Leave empty to generate one"),
    ("users.person", "人员", "Person"),
    ("users.reset", "重置密码", "Reset password"),
    ("users.reset_confirm", "将生成新密码，让该账户退出所有设备并作废其 API 令牌。确定吗？", "A new password is generated, the login is logged out everywhere and its API tokens are revoked. Reset?"),
    ("users.reset_done", "账户 {login} 的新密码（只显示这一次）：", "New password of {login} (shown only once):"),
    ("users.role", "角色", "Role"),
    ("users.scope", "范围", "Scope"),
    (
        "users.scope_hint",
        "阿米巴长需选择所负责的阿米巴；成员需选择人员；代运营需选择店铺。",
        "A leader needs the unit they lead; a member needs a person; a third-party operator needs a store.",
    ),
    ("users.store", "店铺", "Store"),
    ("users.unit", "阿米巴", "Unit"),
    ("yes", "是", "Yes"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::TEMPLATES;

    #[test]
    fn the_table_is_sorted_without_duplicates() {
        for w in TEXTS.windows(2) {
            assert!(w[0].0 < w[1].0, "{} must come before {}", w[1].0, w[0].0);
        }
    }

    #[test]
    fn every_entry_has_both_languages() {
        for (k, zh, en) in TEXTS {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
            assert_eq!(zh.matches('{').count(), en.matches('{').count(), "placeholders of {k}");
        }
    }

    /// Keys written as `t("…")` / `t('…')` in templates and `tr(…, "…")`,
    /// `key: "…"` or `("…"` in the Rust sources of the pages.
    fn used_keys() -> Vec<String> {
        let mut keys = Vec::new();
        let mut scan = |text: &str, opener: &str, close: char| {
            let mut rest = text;
            while let Some(i) = rest.find(opener) {
                rest = &rest[i + opener.len()..];
                if let Some(end) = rest.find(close) {
                    let k = &rest[..end];
                    if k.contains('.') && k.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_' || c == '-') {
                        keys.push(k.to_string());
                    }
                }
            }
        };
        for (_, src) in TEMPLATES {
            scan(src, "t(\"", '"');
            scan(src, "t('", '\'');
        }
        for src in crate::pages::SOURCES {
            scan(src, "\"", '"');
        }
        keys
    }

    #[test]
    fn every_key_used_is_translated() {
        let known: std::collections::BTreeSet<&str> = TEXTS.iter().map(|(k, _, _)| *k).collect();
        let prefixes = [
            "account.",
            "admin.",
            "board.",
            "problems.",
            "col.",
            "err.",
            "facts.",
            "imports.",
            "line.",
            "metric.",
            "login.",
            "nav.",
            "nodata.",
            "order.",
            "oversight.",
            "credit.",
            "person.",
            "pnl.",
            "share.",
            "status.",
            "store.",
            "unit.",
            "units.",
            "users.",
        ];
        let missing: Vec<String> = used_keys()
            .into_iter()
            .filter(|k| prefixes.iter().any(|p| k.starts_with(p)) && !known.contains(k.as_str()) && !k.ends_with(".html"))
            .collect();
        assert!(missing.is_empty(), "keys without translation: {missing:?}");
        for dynamic in [
            "role.owner",
            "role.leader",
            "role.member",
            "role.third_party",
            "kind.facts",
            "kind.amazon-settlement",
            "platform.amazon",
            "platform.alibaba_com",
        ] {
            assert!(known.contains(dynamic), "{dynamic}");
        }
    }

    #[test]
    fn templates_hold_no_chinese_text() {
        for (name, src) in TEMPLATES {
            let cjk: String =
                src.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) || ('\u{3000}'..='\u{303f}').contains(c)).collect();
            assert!(cjk.is_empty(), "{name} hard-codes '{cjk}'; put it in i18n::TEXTS");
        }
    }

    #[test]
    fn languages_are_detected_query_first() {
        assert_eq!(Lang::from_query("a=1&lang=en"), Some(Lang::En));
        assert_eq!(Lang::from_query("lang=fr"), None);
        assert_eq!(t(Lang::En, "nav.board"), "Board");
        assert_eq!(t(Lang::Zh, "nav.board"), "晨会看板");
        assert_eq!(t(Lang::Zh, "no.such.key"), "no.such.key");
    }
}
