//! Response bodies of the API (their schemas appear in the OpenAPI document).

use amoeba_core::org::{Assignment, Org, Store};
use serde::Serialize;
use utoipa::ToSchema;

/// Every error: one sentence saying what is wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: String,
}

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    /// Company code.
    pub company: String,
    /// Login name.
    pub login: String,
    /// `owner`, `leader`, `member` or `third_party`.
    pub role: String,
    /// Person code, if the login is a person.
    pub person: Option<String>,
    /// Person name.
    pub person_name: Option<String>,
    /// Leaders: their unit.
    pub unit: Option<String>,
    /// Third-party operators: their store.
    pub store: Option<String>,
    /// Units whose figures the caller may see.
    pub visible_units: Vec<String>,
}

/// A unit on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiUnit {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// `profit_centre` or `service_centre`.
    pub kind: String,
    /// Function or platform focus.
    pub function: Option<String>,
    /// Parent code (none for the root).
    pub parent: Option<String>,
    /// Depth in the tree (root 0).
    pub depth: usize,
    /// Leader's person code.
    pub leader: Option<String>,
    /// Leader's name.
    pub leader_name: Option<String>,
    /// People assigned directly.
    pub headcount: usize,
    /// People in the subtree.
    pub headcount_total: usize,
    /// Stores owned.
    pub stores: Vec<String>,
}

/// The organisation on a day, units in tree order (depth-first).
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgResponse {
    /// Company code.
    pub company: String,
    /// Company name.
    pub name: String,
    /// Base currency.
    pub base_currency: String,
    /// Day described (YYYY-MM-DD).
    pub as_of: String,
    /// Units.
    pub units: Vec<ApiUnit>,
}

impl OrgResponse {
    /// Flattens the organisation tree of `day`.
    pub fn of(org: &Org, day: chrono::NaiveDate) -> Self {
        let tree = org.tree(day);
        OrgResponse {
            company: tree.company.clone(),
            name: tree.name.clone(),
            base_currency: tree.base_currency.clone(),
            as_of: day.to_string(),
            units: tree
                .flatten()
                .into_iter()
                .map(|n| ApiUnit {
                    code: n.code.clone(),
                    name: n.name.clone(),
                    name_en: n.name_en.clone(),
                    kind: n.kind.as_str().into(),
                    function: n.function.clone(),
                    parent: n.parent.clone(),
                    depth: n.depth,
                    leader: n.leader.as_ref().map(|l| l.code.clone()),
                    leader_name: n.leader.as_ref().map(|l| l.name.clone()),
                    headcount: n.headcount,
                    headcount_total: n.headcount_total,
                    stores: n.stores.clone(),
                })
                .collect(),
        }
    }
}

/// A role held in a unit over a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAssignment {
    /// Person code.
    pub person: String,
    /// Unit code.
    pub unit: String,
    /// Role code.
    pub role: String,
    /// First day.
    pub from: String,
    /// Last day, if ended.
    pub to: Option<String>,
    /// Role coefficient (decimal text).
    pub coefficient: String,
    /// Leads the unit.
    pub leader: bool,
}

impl From<&Assignment> for ApiAssignment {
    fn from(a: &Assignment) -> Self {
        ApiAssignment {
            person: a.person.clone(),
            unit: a.unit.clone(),
            role: a.role.clone(),
            from: a.range.from.to_string(),
            to: a.range.to.map(|d| d.to_string()),
            coefficient: a.coefficient.to_string(),
            leader: a.leader,
        }
    }
}

/// A unit with its people and stores.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitResponse {
    /// The unit today.
    pub unit: ApiUnit,
    /// Roles held in the unit today.
    pub assignments: Vec<ApiAssignment>,
    /// Child unit codes.
    pub children: Vec<String>,
}

/// A person with their roles and stores.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonResponse {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Third-party (not an employee).
    pub external: bool,
    /// Every role held, past and present.
    pub assignments: Vec<ApiAssignment>,
}

/// An ownership period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOwnership {
    /// Owning unit.
    pub unit: String,
    /// First day.
    pub from: String,
    /// Last day, if ended.
    pub to: Option<String>,
}

/// A store.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoreResponse {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Platform code.
    pub platform: String,
    /// Marketplace.
    pub marketplace: String,
    /// Settlement currency.
    pub currency: String,
    /// Business-day time zone.
    pub timezone: String,
    /// Third-party operator's person code.
    pub operator: Option<String>,
    /// Owners over time.
    pub owners: Vec<ApiOwnership>,
}

impl From<&Store> for StoreResponse {
    fn from(s: &Store) -> Self {
        StoreResponse {
            code: s.code.clone(),
            name: s.name.clone(),
            platform: s.platform.as_str().into(),
            marketplace: s.marketplace.clone(),
            currency: s.currency.to_string(),
            timezone: s.timezone.clone(),
            operator: s.operator.clone(),
            owners: s
                .owners
                .iter()
                .map(|o| ApiOwnership { unit: o.unit.clone(), from: o.range.from.to_string(), to: o.range.to.map(|d| d.to_string()) })
                .collect(),
        }
    }
}

/// The board, or `has_data: false` while the accounting engine has nothing to show.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardResponse {
    /// Whether there are figures.
    pub has_data: bool,
    /// The board.
    pub board: Option<crate::views::BoardView>,
}

/// A unit's P&L for a month, or `has_data: false`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PnlResponse {
    /// Unit code.
    pub unit: String,
    /// Month (YYYY-MM).
    pub month: String,
    /// Whether there are figures.
    pub has_data: bool,
    /// The P&L.
    pub pnl: Option<crate::views::PnlView>,
}

/// One accepted file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportRecord {
    /// Import id.
    pub id: i64,
    /// Kind of file (`facts`, `amazon-settlement`…).
    pub kind: String,
    /// File name as uploaded.
    pub file_name: String,
    /// Store the file belongs to, if any.
    pub store: Option<String>,
    /// Encoding it was read in.
    pub encoding: String,
    /// Rows in the file.
    pub rows_read: i64,
    /// Rows stored (the rest were already there).
    pub rows_added: i64,
    /// When (RFC 3339, UTC).
    pub imported_at: String,
}

impl From<amoeba_store::import_history::ImportRow> for ImportRecord {
    fn from(r: amoeba_store::import_history::ImportRow) -> Self {
        ImportRecord {
            id: r.id,
            kind: r.kind,
            file_name: r.file_name,
            store: r.store,
            encoding: r.encoding,
            rows_read: r.rows_read,
            rows_added: r.rows_added,
            imported_at: r.imported_at,
        }
    }
}

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// `facts`, `amazon-settlement`, `amazon-ads`, `fx`, `fx-correction`, `hours`, `plans`, `inventory`, `orders`, `traffic` or `amazon-business-report`.
    pub kind: String,
    /// Store code (required for Amazon settlement, ads and business reports).
    pub store: Option<String>,
    /// First day an Amazon business report covers (YYYY-MM-DD).
    pub from: Option<String>,
    /// Last day an Amazon business report covers (YYYY-MM-DD).
    pub to: Option<String>,
    /// A traffic file's data cut: `alibaba` or an IANA time zone (default the store's or company's).
    pub cut: Option<String>,
    /// With a session cookie: the session's CSRF token (or send `X-CSRF-Token`).
    pub csrf: Option<String>,
    /// The file.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}
