//! The standard roles of a cross-border selling team.

/// A role every company has without declaring it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandardRole {
    /// Code used in files.
    pub code: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
}

/// The standard role set (custom roles are declared in the organisation file).
pub const STANDARD_ROLES: [StandardRole; 14] = [
    StandardRole { code: "operator", name_zh: "运营", name_en: "Operator" },
    StandardRole { code: "product_selection", name_zh: "选品", name_en: "Product selection" },
    StandardRole { code: "purchasing", name_zh: "采购", name_en: "Purchasing" },
    StandardRole { code: "customer_service", name_zh: "客服", name_en: "Customer service" },
    StandardRole { code: "logistics", name_zh: "物流", name_en: "Logistics" },
    StandardRole { code: "marketing", name_zh: "市场", name_en: "Marketing" },
    StandardRole { code: "data_analyst", name_zh: "数据分析", name_en: "Data analyst" },
    StandardRole { code: "finance", name_zh: "财务", name_en: "Finance" },
    StandardRole { code: "designer", name_zh: "美工", name_en: "Designer" },
    StandardRole { code: "tech", name_zh: "技术", name_en: "Tech" },
    StandardRole { code: "manager", name_zh: "管理", name_en: "Manager" },
    StandardRole { code: "order_follower", name_zh: "跟单", name_en: "Order follower" },
    StandardRole { code: "livestream_host", name_zh: "主播", name_en: "Livestream host" },
    StandardRole { code: "sales", name_zh: "业务员", name_en: "Salesperson" },
];

/// Looks a standard role up by code.
pub fn standard_role(code: &str) -> Option<&'static StandardRole> {
    STANDARD_ROLES.iter().find(|r| r.code == code)
}
