//! A request refused for a reason the user can act on, as data rather than
//! text: the page, the API and the CLI render the same [`Refusal`] in their
//! reader's language (Chinese first), and programs read its stable
//! [`Refusal::code`]. File rows have their own reasons (the importer's);
//! this is for everything around them: which store, which period, which
//! login.

use crate::org::OrgProblem;
use crate::Lang;
use std::fmt;

/// Why a request was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An operator contract with problems (oversight).
    ContractRefused {
        /// The contract's code.
        code: String,
        /// Every problem.
        problems: Vec<crate::oversight::contract::ContractProblem>,
    },
    /// A contract file that does not read as a contract.
    ContractFile {
        /// The file.
        file: String,
        /// What the reader said (line and key).
        detail: String,
    },
    /// An alert rules file that does not read as rules, or whose rules
    /// contradict each other or name what the organisation lacks: every
    /// problem, each with its line or key where the reader knows it.
    AlertRulesFile {
        /// The file.
        file: String,
        /// Every problem found.
        problems: Vec<crate::oversight::alerts::rules::RuleProblem>,
    },
    /// No alert episode of this id (or not one the viewer may see).
    UnknownAlert {
        /// The id given.
        id: i64,
    },
    /// No operator contract of this code (or not one the viewer may see).
    UnknownContract {
        /// The code given.
        code: String,
    },
    /// A file kind that belongs to one store was given none.
    StoreNeeded {
        /// The file kind's code (`amazon-settlement`, `amazon-ads`…).
        kind: String,
    },
    /// The store code is not in the organisation.
    UnknownStore {
        /// The code given.
        code: String,
        /// The stores that exist.
        known: Vec<String>,
    },
    /// The kind of import is not one Amoeba reads.
    UnknownImportKind {
        /// What was asked for.
        value: String,
        /// The kinds there are.
        known: Vec<String>,
    },
    /// A settlement's facts do not add up to its own total.
    SettlementDoesNotAddUp {
        /// Sum of the facts.
        facts: String,
        /// The total-amount of the summary.
        total: String,
    },
    /// A settlement's total has more decimals than money keeps.
    TotalTooPrecise {
        /// The total as read.
        total: String,
    },
    /// A file changed on disk between its first and second reading.
    FileChanged {
        /// The file.
        file: String,
    },
    /// A file could not be read.
    CannotRead {
        /// The file.
        file: String,
        /// What the operating system said.
        detail: String,
    },
    /// An organisation file is not UTF-8 text.
    NotUtf8 {
        /// The file.
        file: String,
        /// Offset of the first byte that is not UTF-8.
        byte: usize,
    },
    /// The month is closed already.
    AlreadyClosed {
        /// The month.
        month: String,
        /// When it was closed (local time).
        on: String,
    },
    /// An earlier month with facts is still open.
    EarlierMonthsOpen {
        /// The month asked for.
        month: String,
        /// The open months before it, oldest first.
        open: Vec<String>,
    },
    /// The stored FX rates contradict each other or are out of bounds.
    FxInconsistent {
        /// Each problem, in the reader's language.
        problems: Vec<String>,
    },
    /// A new company's code or time zone is not valid.
    BadCompany {
        /// The field.
        field: &'static str,
        /// What is wrong.
        problem: OrgProblem,
    },
    /// A company with this code exists.
    CompanyExists {
        /// The code.
        code: String,
    },
    /// The login is taken.
    LoginExists {
        /// The login.
        login: String,
    },
    /// No such login.
    NoLogin {
        /// The login.
        login: String,
    },
    /// A new login was given no role.
    LoginNeedsRole,
    /// The role is not one of Amoeba's access roles.
    UnknownAccessRole {
        /// What was given.
        value: String,
    },
    /// A leader login names no unit.
    LeaderNeedsUnit,
    /// A member login names no person.
    MemberNeedsPerson,
    /// A third-party (store) login names no store.
    StoreLoginNeedsStore,
    /// A person code the organisation does not have.
    UnknownPerson {
        /// The code.
        code: String,
    },
    /// A unit code the organisation does not have.
    UnknownUnit {
        /// The code.
        code: String,
    },
    /// A login's length is out of bounds.
    LoginLength {
        /// Fewest characters.
        min: usize,
        /// Most characters.
        max: usize,
    },
    /// A login uses characters other than letters, digits and `. - _ @`.
    LoginCharacters {
        /// The login.
        login: String,
    },
    /// A password is too short.
    PasswordTooShort {
        /// Fewest characters.
        min: usize,
    },
    /// An API token needs a name of 1 to 100 characters.
    TokenName,
    /// A drill-down would list more entries than one answer holds.
    TooManyEntries {
        /// Most entries.
        max: i64,
        /// First day asked for.
        from: String,
        /// Last day asked for.
        to: String,
    },
    /// A setting of the environment is not what it must be.
    BadSetting {
        /// The variable.
        name: String,
        /// Its value.
        value: String,
        /// What it must be, in English (a setting for whoever runs the server).
        expected: String,
    },
    /// The database is held by another writer longer than Amoeba waits.
    Busy {
        /// Seconds waited.
        waited_s: u64,
    },
    /// A month was closed while a file was being imported: the import is
    /// rolled back whole rather than land beside a locked P&L.
    ClosedDuringImport {
        /// The months closed meanwhile.
        months: Vec<String>,
    },
    /// The figures kept changing (imports, organisation files) while a
    /// month was being closed, on every try.
    ChangedWhileClosing {
        /// The month.
        month: String,
        /// How many times the close computed it.
        tries: u32,
    },
    /// A daily sum of amounts would not fit the ledger's 64-bit integers.
    SumTooLarge,
    /// A settlement already imported under another store code: one payout
    /// belongs to one store, and importing it twice would double its sales.
    SettlementOfAnotherStore {
        /// The settlement id.
        settlement: String,
        /// The store it was imported for.
        store: String,
        /// When.
        imported_at: String,
    },
    /// A file in another currency than the store it is imported into.
    StoreCurrencyMismatch {
        /// The store.
        store: String,
        /// The store's currency.
        store_currency: String,
        /// The file's currency.
        file_currency: String,
    },
    /// A file of another marketplace than the store it is imported into.
    StoreMarketplaceMismatch {
        /// The store.
        store: String,
        /// The store's marketplace.
        store_marketplace: String,
        /// The file's marketplace, as the file names it.
        file_marketplace: String,
    },
    /// No store was named and more than one store fits the file.
    AmbiguousStore {
        /// What the file says it is for (platform, marketplace, currency).
        file: String,
        /// The stores that fit it.
        candidates: Vec<String>,
    },
    /// A settlement id already stored, with other lines or another total:
    /// the same payout cannot have two contents.
    SettlementContentDiffers {
        /// The settlement id.
        settlement: String,
        /// Lines stored.
        stored_lines: u64,
        /// Total stored.
        stored_total: String,
        /// Lines in this file.
        file_lines: u64,
        /// Total of this file.
        file_total: String,
    },
    /// A playbook file that does not read as templates.
    PlaybookFile {
        /// The file.
        file: String,
        /// What the reader said (line and key).
        detail: String,
    },
    /// A playbook template that cannot be stored or rendered: which
    /// template, which body, and the problem with its line and column.
    PlaybookTemplate {
        /// The template's code.
        code: String,
        /// The field (`body_zh`, `body_en`, `version`).
        field: String,
        /// The problem.
        problem: crate::oversight::playbook::TemplateError,
    },
    /// No playbook template of this code in this unit (or not one the viewer may see).
    UnknownPlaybook {
        /// The unit.
        unit: String,
        /// The template's code.
        code: String,
    },
    /// A render asked to fill variables from a product, order or customer
    /// that is not stored.
    PlaybookSource {
        /// `sku`, `order` or `customer`.
        what: String,
        /// The value given.
        value: String,
    },
}

impl Refusal {
    /// A stable snake_case id, for programs (the API's `code`); never translated.
    pub fn code(&self) -> &'static str {
        use Refusal::*;
        match self {
            StoreNeeded { .. } => "store_needed",
            ContractRefused { .. } => "contract_refused",
            ContractFile { .. } => "contract_file",
            AlertRulesFile { .. } => "alert_rules_file",
            UnknownAlert { .. } => "unknown_alert",
            UnknownContract { .. } => "unknown_contract",
            UnknownStore { .. } => "unknown_store",
            UnknownImportKind { .. } => "unknown_import_kind",
            SettlementDoesNotAddUp { .. } => "settlement_does_not_add_up",
            TotalTooPrecise { .. } => "total_too_precise",
            FileChanged { .. } => "file_changed",
            CannotRead { .. } => "cannot_read",
            NotUtf8 { .. } => "not_utf8",
            AlreadyClosed { .. } => "already_closed",
            EarlierMonthsOpen { .. } => "earlier_months_open",
            FxInconsistent { .. } => "fx_inconsistent",
            BadCompany { .. } => "bad_company",
            CompanyExists { .. } => "company_exists",
            LoginExists { .. } => "login_exists",
            NoLogin { .. } => "no_login",
            LoginNeedsRole => "login_needs_role",
            UnknownAccessRole { .. } => "unknown_access_role",
            LeaderNeedsUnit => "leader_needs_unit",
            MemberNeedsPerson => "member_needs_person",
            StoreLoginNeedsStore => "store_login_needs_store",
            UnknownPerson { .. } => "unknown_person",
            UnknownUnit { .. } => "unknown_unit",
            LoginLength { .. } => "login_length",
            LoginCharacters { .. } => "login_characters",
            PasswordTooShort { .. } => "password_too_short",
            TokenName => "token_name",
            TooManyEntries { .. } => "too_many_entries",
            BadSetting { .. } => "bad_setting",
            Busy { .. } => "busy",
            ClosedDuringImport { .. } => "closed_during_import",
            ChangedWhileClosing { .. } => "changed_while_closing",
            SettlementOfAnotherStore { .. } => "settlement_of_another_store",
            SumTooLarge => "sum_too_large",
            StoreCurrencyMismatch { .. } => "store_currency_mismatch",
            StoreMarketplaceMismatch { .. } => "store_marketplace_mismatch",
            AmbiguousStore { .. } => "ambiguous_store",
            SettlementContentDiffers { .. } => "settlement_content_differs",
            PlaybookFile { .. } => "playbook_file",
            PlaybookTemplate { .. } => "playbook_template",
            UnknownPlaybook { .. } => "unknown_playbook",
            PlaybookSource { .. } => "playbook_source",
        }
    }

    /// The refusal as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use Refusal::*;
        match self {
            StoreNeeded { kind } => format!("a {kind} file belongs to one store: choose the store (--store CODE on the command line)"),
            ContractRefused { code, problems } => {
                format!("contract {code} was not saved: {}", problems.iter().map(|p| p.render(Lang::En)).collect::<Vec<_>>().join("; "))
            }
            ContractFile { file, detail } => format!("{file} is not a contract file: {detail}"),
            AlertRulesFile { file, problems } => format!("{file}: alert rules not saved (nothing changed): {}", problems.iter().map(|p| p.render(Lang::En)).collect::<Vec<_>>().join("; ")),
            UnknownAlert { id } => format!("no alert #{id}"),
            UnknownContract { code } => format!("no operator contract '{code}'"),
            UnknownStore { code, known } => format!("unknown store '{code}' (known stores: {})", known.join(", ")),
            UnknownImportKind { value, known } => format!("unknown import kind '{value}' (expected one of: {})", known.join(", ")),
            SettlementDoesNotAddUp { facts, total } => {
                format!("the settlement's facts sum to {facts} but its total-amount is {total}; nothing was stored")
            }
            TotalTooPrecise { total } => format!("total-amount {total} has more than 4 decimal places"),
            FileChanged { file } => format!("{file} changed while it was read; import it again once it is complete"),
            CannotRead { file, detail } => format!("cannot read {file}: {detail}"),
            NotUtf8 { file, byte } => format!("{file} is not UTF-8 text (byte {byte}); save it again as UTF-8"),
            AlreadyClosed { month, on } => format!(
                "period {month} is already closed (on {on}); a closed period never changes — book corrections as adjustments in an open period"
            ),
            EarlierMonthsOpen { month, open } => format!(
                "period {month} cannot be closed before earlier months with facts: {} still open; close {} first",
                open.join(", "),
                open.first().map(String::as_str).unwrap_or("")
            ),
            FxInconsistent { problems } => format!("stored FX rates are inconsistent: {}", problems.join("; ")),
            BadCompany { field, problem } => format!("company {field}: {}", problem.render(Lang::En)),
            CompanyExists { code } => format!("company '{code}' already exists"),
            LoginExists { login } => format!("login '{login}' already exists (reset its password instead)"),
            NoLogin { login } => format!("no login '{login}'"),
            LoginNeedsRole => "a login needs a role".into(),
            UnknownAccessRole { value } => {
                format!("unknown access role '{value}' (expected owner, leader, member or third_party)")
            }
            LeaderNeedsUnit => "a leader login needs the unit they lead (--unit CODE)".into(),
            MemberNeedsPerson => "a member login needs the person whose page they see (--person CODE)".into(),
            StoreLoginNeedsStore => "a third-party operator login needs the store they run (--store CODE)".into(),
            UnknownPerson { code } => format!("unknown person '{code}'"),
            UnknownUnit { code } => format!("unknown unit '{code}'"),
            LoginLength { min, max } => format!("a login is {min} to {max} characters long"),
            LoginCharacters { login } => format!("login '{login}' may only use letters, digits and . - _ @"),
            PasswordTooShort { min } => format!("a password needs at least {min} characters"),
            TokenName => "name the token (1 to 100 characters), e.g. what will use it".into(),
            TooManyEntries { max, from, to } => {
                format!("more than {max} entries between {from} and {to}: narrow the drill-down to one store or one day")
            }
            BadSetting { name, value, expected } => format!("{name}='{value}' is not valid: {expected}"),
            Busy { waited_s } => format!(
                "the database is busy with another import or close; waited {waited_s} s — try again when it has finished"
            ),
            SumTooLarge => "the amounts of one day, store, SKU, kind and currency add up to more than the ledger holds (about 900 000 000 000 000); nothing was stored — check the file's amounts".into(),
            ClosedDuringImport { months } => format!(
                "{} was closed while this file was being imported; nothing was stored — import it again (rows in a closed month are refused: book a correction in an open one)",
                months.join(", ")
            ),
            ChangedWhileClosing { month, tries } => format!(
                "the figures of {month} kept changing while it was being closed (imports or organisation files; computed {tries} times); nothing was stored — close it when the imports have finished"
            ),
            SettlementOfAnotherStore { settlement, store, imported_at } => format!(
                "settlement {settlement} was imported for store {store} on {imported_at}; a settlement belongs to one store, and importing it again would count its sales twice"
            ),
            StoreCurrencyMismatch { store, store_currency, file_currency } => format!(
                "the file is in {file_currency} but store {store} settles in {store_currency}: it belongs to another store (or the store's currency is wrong in the organisation file); nothing was stored"
            ),
            StoreMarketplaceMismatch { store, store_marketplace, file_marketplace } => format!(
                "the file is for marketplace {file_marketplace} but store {store} sells on {store_marketplace}: it belongs to another store; nothing was stored"
            ),
            AmbiguousStore { file, candidates } => format!(
                "the file ({file}) fits more than one store: {}; choose one (--store CODE)",
                candidates.join(", ")
            ),
            SettlementContentDiffers { settlement, stored_lines, stored_total, file_lines, file_total } => format!(
                "settlement {settlement} is already stored with {stored_lines} lines totalling {stored_total}, but this file has {file_lines} lines totalling {file_total}: one payout cannot have two contents; nothing was stored — ask the marketplace which file is right"
            ),
            PlaybookFile { file, detail } => format!("{file} is not a playbook file (nothing stored): {detail}"),
            PlaybookTemplate { code, field, problem } => format!("template {code}, {field}: {}", problem.render(Lang::En)),
            UnknownPlaybook { unit, code } => format!("no playbook template '{code}' in unit '{unit}'"),
            PlaybookSource { what, value } => format!("no {what} '{value}' to fill the template's variables from"),
        }
    }

    fn chinese(&self) -> String {
        use Refusal::*;
        match self {
            StoreNeeded { kind } => format!("{kind} 文件属于一个店铺：请选择店铺（命令行用 --store 店铺代码）"),
            ContractRefused { code, problems } => {
                format!("合同 {code} 未保存：{}", problems.iter().map(|p| p.render(Lang::Zh)).collect::<Vec<_>>().join("；"))
            }
            ContractFile { file, detail } => format!("{file} 不是有效的合同文件：{detail}"),
            AlertRulesFile { file, problems } => format!("{file}：预警规则未保存（未作任何改动）：{}", problems.iter().map(|p| p.render(Lang::Zh)).collect::<Vec<_>>().join("；")),
            UnknownAlert { id } => format!("没有编号为 #{id} 的预警"),
            UnknownContract { code } => format!("没有代运营合同「{code}」"),
            UnknownStore { code, known } => format!("未知店铺 '{code}'（已有店铺：{}）", known.join("、")),
            UnknownImportKind { value, known } => format!("未知的导入类型 '{value}'（可用类型：{}）", known.join("、")),
            SettlementDoesNotAddUp { facts, total } => {
                format!("结算明细合计 {facts}，但结算总额（total-amount）为 {total}；未保存任何数据")
            }
            TotalTooPrecise { total } => format!("结算总额 {total} 的小数超过 4 位"),
            FileChanged { file } => format!("{file} 在读取过程中被改动；请在文件完整后重新导入"),
            CannotRead { file, detail } => format!("无法读取 {file}：{detail}"),
            NotUtf8 { file, byte } => format!("{file} 不是 UTF-8 文本（第 {byte} 字节）；请另存为 UTF-8"),
            AlreadyClosed { month, on } => {
                format!("{month} 期间已于 {on} 结账；已结账的期间不再改动——更正请在未结账的期间录入调整")
            }
            EarlierMonthsOpen { month, open } => format!(
                "更早的有数据的月份尚未结账（{}），{month} 不能先结账；请先结账 {}",
                open.join("、"),
                open.first().map(String::as_str).unwrap_or("")
            ),
            FxInconsistent { problems } => format!("已存的汇率互相矛盾或超出范围：{}", problems.join("；")),
            BadCompany { field, problem } => format!("公司的 {field}：{}", problem.render(Lang::Zh)),
            CompanyExists { code } => format!("公司 '{code}' 已存在"),
            LoginExists { login } => format!("登录名 '{login}' 已存在（如需新密码，请重置其密码）"),
            NoLogin { login } => format!("没有登录名 '{login}'"),
            LoginNeedsRole => "登录账号必须有角色".into(),
            UnknownAccessRole { value } => {
                format!("未知的访问角色 '{value}'（可选：owner 经营者/财务、leader 阿米巴长、member 成员、third_party 代运营）")
            }
            LeaderNeedsUnit => "巴长账号需要指定所带领的巴（--unit 代码）".into(),
            MemberNeedsPerson => "成员账号需要指定对应的人员（--person 代码）".into(),
            StoreLoginNeedsStore => "代运营账号需要指定所运营的店铺（--store 代码）".into(),
            UnknownPerson { code } => format!("未知人员 '{code}'"),
            UnknownUnit { code } => format!("未知的巴 '{code}'"),
            LoginLength { min, max } => format!("登录名长度须为 {min} 到 {max} 个字符"),
            LoginCharacters { login } => format!("登录名 '{login}' 只能使用字母、数字和 . - _ @"),
            PasswordTooShort { min } => format!("密码至少需要 {min} 个字符"),
            TokenName => "请为令牌命名（1 到 100 个字符），例如它的用途".into(),
            TooManyEntries { max, from, to } => {
                format!("{from} 至 {to} 之间超过 {max} 条明细：请缩小到一个店铺或一天")
            }
            BadSetting { name, value, expected } => format!("设置 {name}='{value}' 无效：{expected}"),
            Busy { waited_s } => format!("数据库正忙于另一项导入或结账；已等待 {waited_s} 秒——请在其完成后重试"),
            SumTooLarge => "同一天、同一店铺、SKU、类型和币种的金额合计超过账本可容纳的上限（约 900 000 000 000 000）；未保存任何数据——请检查文件中的金额".into(),
            ClosedDuringImport { months } => {
                format!("导入期间 {} 已结账；未保存任何数据——请重新导入（已结账月份的行会被拒收，请在未结账月份记更正）", months.join("、"))
            }
            ChangedWhileClosing { month, tries } => {
                format!("结账 {month} 时数据一直在变化（导入或组织文件；已计算 {tries} 次）；未保存任何内容——请待导入完成后再结账")
            }
            SettlementOfAnotherStore { settlement, store, imported_at } => {
                format!("结算单 {settlement} 已于 {imported_at} 作为店铺 {store} 导入；一份结算只属于一个店铺，再次导入会重复计算销售额")
            }
            StoreCurrencyMismatch { store, store_currency, file_currency } => format!(
                "文件币种为 {file_currency}，但店铺 {store} 的结算币种是 {store_currency}：文件属于其他店铺（或组织文件中该店铺的币种有误）；未保存任何数据"
            ),
            StoreMarketplaceMismatch { store, store_marketplace, file_marketplace } => format!(
                "文件属于站点 {file_marketplace}，但店铺 {store} 在 {store_marketplace} 站点销售：文件属于其他店铺；未保存任何数据"
            ),
            AmbiguousStore { file, candidates } => {
                format!("文件（{file}）与多个店铺相符：{}；请指定店铺（--store 店铺代码）", candidates.join("、"))
            }
            SettlementContentDiffers { settlement, stored_lines, stored_total, file_lines, file_total } => format!(
                "结算单 {settlement} 已保存，共 {stored_lines} 行、合计 {stored_total}；但本文件有 {file_lines} 行、合计 {file_total}：同一笔结算不能有两种内容；未保存任何数据——请向平台确认哪个文件正确"
            ),
            PlaybookFile { file, detail } => format!("{file} 不是有效的话术模板文件（未保存任何内容）：{detail}"),
            PlaybookTemplate { code, field, problem } => format!("模板 {code} 的 {field}：{}", problem.render(Lang::Zh)),
            UnknownPlaybook { unit, code } => format!("巴「{unit}」没有话术模板「{code}」"),
            PlaybookSource { what, value } => format!("没有 {what}「{value}」，无法填充模板变量"),
        }
    }
}

impl fmt::Display for Refusal {
    /// The English rendering (logs, the CLI's default).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        v.to_string()
    }

    /// One of every variant.
    pub(crate) fn every_refusal() -> Vec<Refusal> {
        use Refusal::*;
        vec![
            StoreNeeded { kind: s("amazon-settlement") },
            ContractRefused { code: s("ALI-2-OP"), problems: vec![crate::oversight::contract::ContractProblem::NoStores] },
            ContractFile { file: s("c.toml"), detail: s("line 3") },
            AlertRulesFile {
                file: s("alerts.toml"),
                problems: vec![crate::oversight::alerts::rules::RuleProblem::UnknownUnit { code: s("X") }],
            },
            UnknownAlert { id: 7 },
            UnknownContract { code: s("X") },
            UnknownStore { code: s("X"), known: vec![s("A"), s("B")] },
            UnknownImportKind { value: s("x"), known: vec![s("facts")] },
            SettlementDoesNotAddUp { facts: s("1.00"), total: s("2.00") },
            TotalTooPrecise { total: s("1.00001") },
            FileChanged { file: s("a.txt") },
            CannotRead { file: s("a.txt"), detail: s("gone") },
            NotUtf8 { file: s("org.toml"), byte: 7 },
            AlreadyClosed { month: s("2026-10"), on: s("2026-11-02 09:00") },
            EarlierMonthsOpen { month: s("2026-10"), open: vec![s("2026-09")] },
            FxInconsistent { problems: vec![s("x")] },
            BadCompany { field: "timezone", problem: OrgProblem::NotTimeZone { value: s("Mars"), example: "Asia/Shanghai" } },
            CompanyExists { code: s("C") },
            LoginExists { login: s("boss") },
            NoLogin { login: s("boss") },
            LoginNeedsRole,
            UnknownAccessRole { value: s("king") },
            LeaderNeedsUnit,
            MemberNeedsPerson,
            StoreLoginNeedsStore,
            UnknownPerson { code: s("P1") },
            UnknownUnit { code: s("U1") },
            LoginLength { min: 2, max: 64 },
            LoginCharacters { login: s("a b") },
            PasswordTooShort { min: 10 },
            TokenName,
            TooManyEntries { max: 1, from: s("2026-10-01"), to: s("2026-10-31") },
            BadSetting { name: s("AMOEBA_TODAY"), value: s("x"), expected: s("a day") },
            Busy { waited_s: 30 },
            ClosedDuringImport { months: vec![s("2026-10")] },
            SumTooLarge,
            ChangedWhileClosing { month: s("2026-10"), tries: 5 },
            SettlementOfAnotherStore { settlement: s("123"), store: s("AMZ-US"), imported_at: s("2026-11-02 09:00") },
            StoreCurrencyMismatch { store: s("AMZ-DE"), store_currency: s("EUR"), file_currency: s("GBP") },
            StoreMarketplaceMismatch { store: s("AMZ-DE"), store_marketplace: s("DE"), file_marketplace: s("Amazon.fr") },
            AmbiguousStore { file: s("amazon DE EUR"), candidates: vec![s("AMZ-DE-1"), s("AMZ-DE-2")] },
            SettlementContentDiffers {
                settlement: s("7293436482"),
                stored_lines: 5,
                stored_total: s("53.44 EUR"),
                file_lines: 6,
                file_total: s("60.00 EUR"),
            },
            PlaybookFile { file: s("p.toml"), detail: s("line 3") },
            PlaybookTemplate {
                code: s("late"),
                field: s("body_en"),
                problem: crate::oversight::playbook::TemplateError::Unknown { name: s("order.id"), line: 2, column: 5 },
            },
            UnknownPlaybook { unit: s("ALI"), code: s("late") },
            PlaybookSource { what: s("sku"), value: s("X") },
        ]
    }

    fn has_chinese(t: &str) -> bool {
        t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_refusal_renders_in_both_languages_with_a_distinct_code() {
        let all = every_refusal();
        let mut codes: Vec<&str> = all.iter().map(Refusal::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "every variant has its own code");
        for r in all {
            let (zh, en) = (r.render(Lang::Zh), r.render(Lang::En));
            assert!(has_chinese(&zh), "the Chinese of {r:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "the English of {r:?} has Chinese: {en}");
            assert_eq!(r.to_string(), en);
        }
    }
}
